//! Share links and embeds: the page's URL fragment ⇄ the playground state.
//!
//! The format is `svcdns_state`'s (versioned, compressed, checked). This
//! module is only the browser glue:
//! - [`load`] / [`read_fragment`] at startup: the state in `location.hash`;
//!   a broken link gives a clear message (shown above the app, outside the
//!   yew tree) and an empty, working playground;
//! - [`save`] / [`write_fragment`] after changes: `history.replaceState`, so
//!   no navigation, no history entry, no network;
//! - embeds (state with `embed` options, see `web/embed/`): a bar with an
//!   "Open in playground" link carrying the current state, and the widget's
//!   height posted to the embedding page, to its origin only. Nothing here
//!   listens for messages.
//!
//! The App's state type ([`crate::state::PlaygroundState`]) is the codec's.

use std::cell::RefCell;

use svcdns_state as codec;
pub use svcdns_state::StateError;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::state as app;

thread_local! {
    static SHARE: RefCell<Share> = RefCell::new(Share::default());
}

#[derive(Default)]
struct Share {
    /// The fragment last read or written (skip writes that change nothing).
    last: Option<String>,
    /// The state the page opened with: the fragment is left as it is until
    /// the reader changes something (after a broken link, the fallback
    /// state is not worth a link and the broken one may be worth a look).
    unchanged_since_load: Option<codec::PlaygroundState>,
    /// The next fragment write, if one is waiting (dropping it cancels it).
    pending: Option<gloo::timers::callback::Timeout>,
    /// Embed: where the "Open in playground" link is.
    open_link: Option<web_sys::Element>,
    /// Embed: the origin heights are posted to.
    parent_origin: Option<String>,
}

/// The state in the page's fragment: `None` without a fragment (or one
/// that is not a svcdns state at all, such as `#manifest` anchors), else
/// the decoded state or why it did not decode.
pub fn read_fragment() -> Option<Result<codec::PlaygroundState, StateError>> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let fragment = hash.strip_prefix('#').unwrap_or(&hash);
    if !looks_like_state(fragment) {
        return None;
    }
    Some(codec::decode(fragment))
}

/// A fragment meant as a state: `v<digits>.` (anything else, such as an
/// empty fragment, is left alone).
fn looks_like_state(fragment: &str) -> bool {
    let Some(rest) = fragment.strip_prefix('v') else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && rest.as_bytes().get(digits) == Some(&b'.')
}

/// Write `state` into the fragment without navigating (`replaceState`).
/// `Err(TooLarge)`: the link would be too long to open again; the fragment
/// is left as it was.
pub fn write_fragment(state: &codec::PlaygroundState) -> Result<(), StateError> {
    let fragment = codec::encode(state);
    if fragment.len() > codec::MAX_FRAGMENT_CHARS {
        return Err(StateError::TooLarge);
    }
    let unchanged = SHARE.with(|s| s.borrow().last.as_deref() == Some(fragment.as_str()));
    if unchanged {
        return Ok(());
    }
    if let Some(w) = web_sys::window() {
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{fragment}")));
        }
    }
    SHARE.with(|s| s.borrow_mut().last = Some(fragment));
    Ok(())
}

/// What to tell the reader when a link does not open. The playground then
/// opens empty and works.
pub fn error_message(error: &StateError) -> String {
    format!("{error} The playground opened empty instead; nothing was sent anywhere.")
}

/// The App's startup: the state in the fragment, if any. A broken link
/// shows [`error_message`] and gives an empty playground (so `Some`).
/// An embed also gets its "Open in playground" bar and height reporting.
pub fn load() -> Option<app::PlaygroundState> {
    let state = match read_fragment()? {
        Ok(state) => state,
        Err(error) => {
            show_error(&error_message(&error));
            codec::PlaygroundState::default()
        }
    };
    SHARE.with(|s| s.borrow_mut().unchanged_since_load = Some(state.clone()));
    if let Some(embed) = &state.embed {
        start_embed(embed, &state);
    }
    Some(state)
}

/// Quiet time before the fragment is written: encoding a large manifest
/// takes milliseconds, which belong to the next keystroke, not this one.
pub const SAVE_DELAY_MS: u32 = 250;

/// The App's "state changed" (call it after every render): the fragment
/// (and an embed's "Open in playground" link) follow, [`SAVE_DELAY_MS`]
/// after the last change.
pub fn save(state: &app::PlaygroundState) {
    let state = for_link(state);
    let unchanged = SHARE.with(|s| s.borrow().unchanged_since_load.as_ref() == Some(&state));
    if unchanged {
        return;
    }
    let first_change = SHARE.with(|s| s.borrow_mut().unchanged_since_load.take().is_some());
    if first_change {
        hide_error();
    }
    let write = gloo::timers::callback::Timeout::new(SAVE_DELAY_MS, move || save_now(&state));
    SHARE.with(|s| s.borrow_mut().pending = Some(write));
}

fn save_now(state: &codec::PlaygroundState) {
    let _ = write_fragment(state);
    let link = SHARE.with(|s| s.borrow().open_link.clone());
    if let Some(link) = link {
        let _ = link.set_attribute("href", &playground_href(state));
    }
}

/// The full playground (the `index.html` next to this page) showing
/// `state`, embed options dropped.
pub fn playground_href(state: &codec::PlaygroundState) -> String {
    let full = codec::PlaygroundState {
        embed: None,
        ..state.clone()
    };
    let here = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let base = web_sys::Url::new_with_base("./", &here)
        .map(|u| u.href())
        .unwrap_or_else(|_| "./".into());
    format!("{base}#{}", codec::encode(&full))
}

// --- the message above the app -------------------------------------------

fn show_error(message: &str) {
    let doc = gloo::utils::document();
    let Some(body) = doc.body() else { return };
    let Ok(el) = doc.create_element("div") else {
        return;
    };
    el.set_id("share-error");
    el.set_class_name("share-error");
    let _ = el.set_attribute("role", "alert");
    el.set_text_content(Some(message));
    style(
        &el,
        &[
            ("margin", "0.5rem auto"),
            ("max-width", "60rem"),
            ("padding", "0.6rem 0.9rem"),
            ("border", "2px solid #b3261e"),
            ("border-radius", "6px"),
            ("background", "#fdecea"),
            ("color", "#5c0b05"),
            ("font", "0.95rem/1.4 system-ui, sans-serif"),
        ],
    );
    // Before the app: yew manages only the nodes it creates.
    let _ = body.insert_before(&el, body.first_child().as_ref());
}

fn hide_error() {
    if let Some(el) = gloo::utils::document().get_element_by_id("share-error") {
        el.remove();
    }
}

/// Inline styles through the CSSOM (allowed under `style-src 'self'`,
/// unlike `style` attributes).
fn style(el: &web_sys::Element, props: &[(&str, &str)]) {
    if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
        let s = el.style();
        for (k, v) in props {
            let _ = s.set_property(k, v);
        }
    }
}

// --- embeds ----------------------------------------------------------------

fn start_embed(options: &codec::EmbedOptions, state: &codec::PlaygroundState) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let doc = gloo::utils::document();
    if let Some(root) = doc.document_element() {
        let _ = root.class_list().add_1("svcdns-embed");
    }
    // The bar: what this is, and the way out to the full playground.
    if let (Some(body), Ok(bar), Ok(link)) = (
        doc.body(),
        doc.create_element("div"),
        doc.create_element("a"),
    ) {
        bar.set_class_name("embed-bar");
        let label = doc.create_element("span").ok();
        if let Some(label) = &label {
            label.set_text_content(Some("svcdns · live, computed in your browser"));
            let _ = bar.append_child(label);
        }
        link.set_id("open-in-playground");
        link.set_text_content(Some("Open in playground ↗"));
        let _ = link.set_attribute("href", &playground_href(state));
        let _ = link.set_attribute("target", "_blank");
        let _ = link.set_attribute("rel", "noopener");
        let _ = bar.append_child(&link);
        let _ = body.insert_before(&bar, body.first_child().as_ref());
        SHARE.with(|s| s.borrow_mut().open_link = Some(link));
    }
    // Heights go to the parent, and only to its origin.
    let framed = window
        .parent()
        .ok()
        .flatten()
        .is_some_and(|p| !js_sys::Object::is(&p, &window));
    if !framed {
        return;
    }
    let Some(origin) = parent_origin(&window, options) else {
        return;
    };
    SHARE.with(|s| s.borrow_mut().parent_origin = Some(origin));
    let report = Closure::<dyn FnMut()>::new(post_height);
    if let Ok(observer) = web_sys::ResizeObserver::new(report.as_ref().unchecked_ref()) {
        if let Some(root) = doc.document_element() {
            observer.observe(&root);
        }
        if let Some(body) = doc.body() {
            observer.observe(&body);
        }
    }
    // Lives as long as the page.
    report.forget();
    post_height();
}

/// The embedding page's origin: the one the embed script put in the state
/// (`postMessage` delivers nothing if the parent is not that origin, so a
/// false claim only loses the message), else what the browser says about
/// the parent (`location.ancestorOrigins`, then `document.referrer`).
/// Never `*`.
fn parent_origin(window: &web_sys::Window, options: &codec::EmbedOptions) -> Option<String> {
    let valid = |o: &str| {
        web_sys::Url::new(o)
            .ok()
            .map(|u| u.origin())
            .filter(|u| u == o && u != "null")
    };
    if let Some(o) = options.parent_origin.as_deref().and_then(valid) {
        return Some(o);
    }
    // Not in every browser's WebIDL (Firefox lacks it): read it reflectively.
    let ancestor = js_sys::Reflect::get(&window.location(), &"ancestorOrigins".into())
        .ok()
        .filter(|l| !l.is_undefined() && !l.is_null())
        .and_then(|l| js_sys::Reflect::get(&l, &0.into()).ok())
        .and_then(|o| o.as_string());
    if let Some(o) = ancestor {
        if let Some(o) = valid(&o) {
            return Some(o);
        }
    }
    let referrer = gloo::utils::document().referrer();
    web_sys::Url::new(&referrer)
        .ok()
        .map(|u| u.origin())
        .filter(|o| o != "null")
}

fn post_height() {
    let Some(origin) = SHARE.with(|s| s.borrow().parent_origin.clone()) else {
        return;
    };
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(root) = gloo::utils::document().document_element() else {
        return;
    };
    // The content's height (html's box is as tall as its content), not
    // scrollHeight, which never goes below the iframe's current height.
    let height = root.get_bounding_client_rect().height().ceil();
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &"svcdns:height".into());
    let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
    if let Ok(Some(parent)) = window.parent() {
        let _ = parent.post_message(&message, &origin);
    }
}

// --- the App's state ------------------------------------------------------

/// The state a link would carry for `s`: an embed's parent origin is the
/// one checked at startup ([`parent_origin`]), not whatever the link said.
fn for_link(s: &app::PlaygroundState) -> codec::PlaygroundState {
    let mut s = s.clone();
    if let Some(e) = &mut s.embed {
        e.parent_origin = SHARE.with(|s| s.borrow().parent_origin.clone());
    }
    s
}
