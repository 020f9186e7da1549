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
use wasm_bindgen_futures::JsFuture;

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
    /// What [`load`] found, until the App takes it.
    loaded: Option<Result<codec::PlaygroundState, StateError>>,
    /// Bumped by every fragment write started (the last one wins).
    generation: u64,
}

/// The state in the page's fragment: `None` without a fragment (or one
/// that is not a svcdns state at all, such as `#manifest` anchors), else
/// the decoded state or why it did not decode.
pub async fn read_fragment() -> Option<Result<codec::PlaygroundState, StateError>> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let fragment = hash.strip_prefix('#').unwrap_or(&hash);
    if !looks_like_state(fragment) {
        return None;
    }
    Some(decode(fragment).await)
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

// --- the codec, with the browser's DEFLATE ----------------------------------
//
// `svcdns_state` without its inflater: the browser's
// (De)CompressionStream("deflate-raw") does the DEFLATE, which keeps an
// inflater and a compressor out of the wasm. The link format is the same
// (v1 reads any raw DEFLATE), so every link decodes as before.

#[wasm_bindgen]
extern "C" {
    type CompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;

    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
}

/// What [`pipe`] gives: the bytes, or `Err(None)` past the limit,
/// `Err(Some(e))` when the stream fails.
type Piped<'a> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<Vec<u8>, Option<JsValue>>> + 'a>>;

/// `input` through a transform stream; `Err(None)` past `limit` bytes out
/// (the stream is cancelled), `Err(Some(e))` when the stream fails. Boxed:
/// one copy of the loop in the wasm, not one inlined per caller.
fn pipe<'a>(input: &'a [u8], transform: &'a JsValue, limit: usize) -> Piped<'a> {
    Box::pin(pipe_inner(input, transform, limit))
}

async fn pipe_inner(
    input: &[u8],
    transform: &JsValue,
    limit: usize,
) -> Result<Vec<u8>, Option<JsValue>> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(input));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).map_err(Some)?;
    let reader: web_sys::ReadableStreamDefaultReader = blob
        .stream()
        .pipe_through(transform.unchecked_ref())
        .get_reader()
        .unchecked_into();
    let mut out = Vec::new();
    loop {
        let step = JsFuture::from(reader.read()).await.map_err(Some)?;
        if js_sys::Reflect::get(&step, &"done".into())
            .map_err(Some)?
            .is_truthy()
        {
            return Ok(out);
        }
        let chunk: js_sys::Uint8Array = js_sys::Reflect::get(&step, &"value".into())
            .map_err(Some)?
            .unchecked_into();
        let at = out.len();
        let n = chunk.length() as usize;
        if at + n > limit {
            let _ = reader.cancel();
            return Err(None);
        }
        out.resize(at + n, 0);
        chunk.copy_to(&mut out[at..]);
    }
}

/// The fragment (without `#`) for `state`.
pub async fn encode(state: &codec::PlaygroundState) -> String {
    let payload = codec::payload(state);
    let deflated = match CompressionStream::new("deflate-raw") {
        Ok(cs) => pipe(&payload, &cs, usize::MAX).await.ok(),
        Err(_) => None,
    };
    let deflated = deflated.unwrap_or_else(|| stored(&payload));
    codec::seal(&payload, &deflated)
}

/// Raw DEFLATE without compression (stored blocks), for a browser without
/// `CompressionStream`.
fn stored(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + payload.len() / 65535 * 5 + 5);
    let mut blocks = payload.chunks(65535).peekable();
    if blocks.peek().is_none() {
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(block) = blocks.next() {
        let len = block.len() as u16;
        out.push(blocks.peek().is_none() as u8);
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    out
}

/// The state in `fragment` (with or without a leading `#`).
pub async fn decode(fragment: &str) -> Result<codec::PlaygroundState, StateError> {
    let frame = codec::open(fragment)?;
    let ds = DecompressionStream::new("deflate-raw").map_err(|_| StateError::Corrupt)?;
    let payload = match pipe(&frame.deflated, &ds, codec::MAX_PAYLOAD_BYTES).await {
        Ok(payload) => payload,
        Err(None) => return Err(StateError::TooLarge),
        // The stream ends before the last block: cut when copied.
        Err(Some(e)) if error_text(&e).contains("truncated") => return Err(StateError::Truncated),
        Err(Some(_)) => return Err(StateError::Corrupt),
    };
    codec::unpack(&frame, &payload)
}

fn error_text(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// Write `state` into the fragment without navigating (`replaceState`).
/// `Err(TooLarge)`: the link would be too long to open again; the fragment
/// is left as it was.
fn write_fragment(fragment: String) -> Result<(), StateError> {
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

/// The page's startup, before the App mounts: decode the state in the
/// fragment, if any, for [`take_loaded`].
pub async fn load() {
    if let Some(result) = read_fragment().await {
        SHARE.with(|s| s.borrow_mut().loaded = Some(result));
    }
}

/// The App's first render: the state [`load`] found, if any. A broken link
/// shows [`error_message`] and gives an empty playground (so `Some`). An
/// embed also gets its "Open in playground" bar and height reporting.
/// (Here, not in [`load`]: yew empties `<body>` when it mounts.)
pub fn take_loaded() -> Option<app::PlaygroundState> {
    let state = match SHARE.with(|s| s.borrow_mut().loaded.take())? {
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
    let write = gloo::timers::callback::Timeout::new(SAVE_DELAY_MS, move || {
        let generation = SHARE.with(|s| {
            let mut s = s.borrow_mut();
            s.generation += 1;
            s.generation
        });
        wasm_bindgen_futures::spawn_local(save_now(state, generation));
    });
    SHARE.with(|s| s.borrow_mut().pending = Some(write));
}

async fn save_now(state: codec::PlaygroundState, generation: u64) {
    let fragment = encode(&state).await;
    let href = match SHARE.with(|s| s.borrow().open_link.is_some()) {
        true => Some(playground_href(&state).await),
        false => None,
    };
    // A later save started meanwhile: it writes, not this one.
    if SHARE.with(|s| s.borrow().generation) != generation {
        return;
    }
    let _ = write_fragment(fragment);
    let link = SHARE.with(|s| s.borrow().open_link.clone());
    if let (Some(link), Some(href)) = (link, href) {
        let _ = link.set_attribute("href", &href);
    }
}

/// The full playground (the `index.html` next to this page) showing
/// `state`, embed options dropped.
pub async fn playground_href(state: &codec::PlaygroundState) -> String {
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
    format!("{base}#{}", encode(&full).await)
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
        let _ = link.set_attribute("target", "_blank");
        let _ = link.set_attribute("rel", "noopener");
        let _ = bar.append_child(&link);
        let _ = body.insert_before(&bar, body.first_child().as_ref());
        SHARE.with(|s| s.borrow_mut().open_link = Some(link.clone()));
        let state = state.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let href = playground_href(&state).await;
            // Unless a save (with a newer state) got there first.
            if SHARE.with(|s| s.borrow().generation) == 0 {
                let _ = link.set_attribute("href", &href);
            }
        });
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

// --- the Share button -------------------------------------------------------

/// What the Share button made: the link to this very screen, whether it
/// went to the clipboard, and a snippet that embeds the same manifest and
/// view in another page (the embed script's `<pre>` block).
pub struct Shared {
    /// The playground link (`…/#v1.…`).
    pub link: String,
    /// The clipboard took it (else the reader copies it from the box).
    pub copied: bool,
    /// `<script …svcdns-embed.js>` plus the `<pre class="svcdns">` block.
    pub embed: String,
}

/// The Share button: the link for `state` now (no waiting for the
/// fragment's quiet time), written to the fragment and to the clipboard.
pub async fn share(state: &app::PlaygroundState) -> Shared {
    let state = for_link(state);
    let link = playground_href(&state).await;
    if let Some((_, fragment)) = link.split_once('#') {
        let _ = write_fragment(fragment.to_string());
    }
    let copied = copy(&link).await;
    let base = link.split_once('#').map_or(link.as_str(), |(b, _)| b);
    let embed = embed_snippet(base, &state);
    Shared {
        link,
        copied,
        embed,
    }
}

/// `navigator.clipboard.writeText(text)`, read reflectively (no web-sys
/// bindings for the Clipboard API): false where there is none (an
/// insecure origin) or the browser refused.
async fn copy(text: &str) -> bool {
    let get = |o: &JsValue, k: &str| js_sys::Reflect::get(o, &k.into()).ok();
    let Some(clipboard) = get(&js_sys::global(), "navigator")
        .and_then(|n| get(&n, "clipboard"))
        .filter(|c| c.is_object())
    else {
        return false;
    };
    let Some(write) =
        get(&clipboard, "writeText").and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return false;
    };
    match write.call1(&clipboard, &text.into()) {
        Ok(p) => JsFuture::from(js_sys::Promise::from(p)).await.is_ok(),
        Err(_) => false,
    }
}

/// The embed script's block for `state`: the manifest (HTML-escaped) in a
/// `<pre class="svcdns">` with the view and, for Lookup, the question.
/// (What-if toggles have no attribute: the widget starts from the text.)
pub fn embed_snippet(base: &str, state: &codec::PlaygroundState) -> String {
    let esc = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let mut attrs = format!(" data-view=\"{}\"", state.view.slug());
    let mut attr = |k: &str, v: &str| attrs.push_str(&format!(" data-{k}=\"{}\"", esc(v)));
    match state.view {
        app::View::Lookup => {
            let q = &state.query;
            attr("query", &q.name);
            attr("type", &q.record_type);
            attr("namespace", &q.namespace);
            if q.style == app::Style::Nslookup {
                attr("style", "nslookup");
            }
        }
        app::View::Compare => {
            if let Some(c) = &state.compare {
                attr("compare", c);
            }
        }
        app::View::Zone if !state.zone_filter.is_empty() => attr("filter", &state.zone_filter),
        _ => {}
    }
    format!(
        "<script src=\"{base}svcdns-embed.js\" defer></script>\n<pre class=\"svcdns\"{attrs}>\n{}</pre>\n",
        esc(&state.manifest)
    )
}
