//! A panic must not leave a dead page. Release builds abort on panic, so the
//! hook is all that runs: it writes an error over the page with the
//! editor's last text in a copyable textarea and a reload button, using
//! plain DOM calls (yew is not to be trusted any more at that point).

use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;

/// Install the hook (once, before the app starts). Through yew's setter:
/// yew's renderer otherwise installs its own console-only hook over it.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let msg = info.to_string();
        web_sys::console::error_1(&format!("svcdns panicked: {msg}").into());
        let _ = show(&msg);
    }));
}

fn show(msg: &str) -> Option<()> {
    let doc = web_sys::window()?.document()?;
    if doc.get_element_by_id("panic").is_some() {
        return Some(());
    }
    let text = doc
        .get_element_by_id("manifest")
        .and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok())
        .map(|t| t.value())
        .unwrap_or_default();
    let el = |tag: &str, text: &str| -> Option<web_sys::Element> {
        let e = doc.create_element(tag).ok()?;
        e.set_text_content(Some(text));
        Some(e)
    };
    let root = doc.create_element("div").ok()?;
    root.set_id("panic");
    root.set_attribute("role", "alertdialog").ok()?;
    root.set_attribute("aria-labelledby", "panic-h").ok()?;
    let h = el("h2", "svcdns hit a bug and stopped")?;
    h.set_id("panic-h");
    root.append_child(&h).ok()?;
    root.append_child(
        &el(
            "p",
            "Your manifest is below: copy it, then reload the page. Nothing was sent anywhere.",
        )?
        .into(),
    )
    .ok()?;
    let label = el("label", "Your manifest")?;
    label.set_attribute("for", "panic-text").ok()?;
    root.append_child(&label).ok()?;
    let area: HtmlTextAreaElement = doc.create_element("textarea").ok()?.dyn_into().ok()?;
    area.set_id("panic-text");
    area.set_read_only(true);
    area.set_value(&text);
    root.append_child(&area).ok()?;
    let button = el("button", "Reload")?;
    button.set_id("panic-reload");
    button.set_attribute("onclick", "location.reload()").ok()?;
    root.append_child(&button).ok()?;
    let details = el("details", "")?;
    details
        .append_child(&el("summary", "Technical details")?.into())
        .ok()?;
    details.append_child(&el("pre", msg)?.into()).ok()?;
    root.append_child(&details).ok()?;
    doc.body()?.append_child(&root).ok()?;
    area.focus().ok()?;
    area.select();
    Some(())
}
