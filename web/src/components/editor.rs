//! The manifest editor: a plain `<textarea>` (accessible, IME-safe) over a
//! highlighted copy of the text, with a line-number gutter and the core's
//! diagnostics marked at their lines by an icon and text, not by colour
//! alone. Only the lines in view (plus a margin) are drawn, so a
//! 1,000-object paste stays cheap to re-render.

use std::fmt::Write as _;
use std::rc::Rc;

use svcdns::diag::Severity;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::history::{self, History};
use crate::highlight;
use crate::model::Shared;
use crate::raw::{raw, Esc};

/// Line height in CSS pixels (`.code` in style.css uses the same).
pub const LINE_PX: i32 = 20;
/// Lines drawn above and below the visible ones.
const MARGIN: i32 = 40;
/// Redraw when the first visible line moves by this many lines.
const CHUNK: i32 = 20;

/// A diagnostic as the editor marks it.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// Error, warning or info.
    pub severity: Severity,
    /// The message.
    pub message: String,
}

/// Icon and word for a severity (never colour alone).
pub fn severity_mark(s: Severity) -> (&'static str, &'static str) {
    match s {
        Severity::Error => ("✖", "error"),
        Severity::Warning => ("▲", "warning"),
        Severity::Info => ("ℹ", "info"),
    }
}

/// Select line `line` of the editor, focus it and scroll it into view.
pub fn jump_to(line: u32) {
    let Some(ta) = gloo::utils::document()
        .get_element_by_id("manifest")
        .and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok())
    else {
        return;
    };
    let text = ta.value();
    let (mut start, mut end, mut off) = (0u32, 0u32, 0u32);
    for (i, l) in text.split('\n').enumerate() {
        let len = l.encode_utf16().count() as u32;
        if i as u32 + 1 == line {
            start = off;
            end = off + len;
            break;
        }
        off += len + 1;
        start = off;
        end = off;
    }
    let _ = ta.focus();
    let _ = ta.set_selection_range(start, end);
    let top = (line as i32 - 1) * LINE_PX - ta.client_height() / 3;
    ta.set_scroll_top(top.max(0));
}

/// The text before UTF-16 offset `at` (a textarea's selection offsets).
fn utf16_prefix(s: &str, at: usize) -> &str {
    let mut n = 0;
    for (i, c) in s.char_indices() {
        if n >= at {
            return &s[..i];
        }
        n += c.len_utf16();
    }
    s
}

/// The indentation of the line after `line` (YAML block style): the same,
/// two more after a `key:` that opens a block, and a list item's content
/// column after `- `.
pub fn next_indent(line: &str) -> usize {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let content = rest.trim_end();
    let mut next = indent;
    if let Some(item) = rest.strip_prefix("- ") {
        next += 2 + (item.len() - item.trim_start_matches(' ').len());
    }
    let comment = content.starts_with('#');
    if !comment && content.ends_with(':') {
        next += 2;
    }
    next
}

/// Props of [`ManifestEditor`].
#[derive(Properties, PartialEq)]
pub struct ManifestEditorProps {
    /// The text shown.
    pub value: AttrValue,
    /// Diagnostics to mark, sorted by line.
    #[prop_or_default]
    pub markers: Option<Shared<Vec<Marker>>>,
    /// Called with the whole text on every edit.
    pub on_change: Callback<String>,
    /// Read-only (embeds).
    #[prop_or_default]
    pub read_only: bool,
}

/// The editor.
#[component]
pub fn ManifestEditor(props: &ManifestEditorProps) -> Html {
    let chunk = use_state_eq(|| 0i32);
    let rows = use_state_eq(|| 40i32);
    let area_ref = use_node_ref();
    let hl_ref = use_node_ref();
    let gutter_ref = use_node_ref();

    // Keep the overlay and gutter aligned with the textarea's scroll.
    let sync = {
        let (area_ref, hl_ref, gutter_ref) = (area_ref.clone(), hl_ref.clone(), gutter_ref.clone());
        let (chunk, rows) = (chunk.clone(), rows.clone());
        Rc::new(move || {
            let Some(ta) = area_ref.cast::<HtmlTextAreaElement>() else {
                return;
            };
            let (top, left) = (ta.scroll_top(), ta.scroll_left());
            if let Some(h) = hl_ref.cast::<HtmlElement>() {
                let _ = h
                    .style()
                    .set_property("transform", &format!("translate({}px,{}px)", -left, -top));
            }
            if let Some(g) = gutter_ref.cast::<HtmlElement>() {
                let _ = g
                    .style()
                    .set_property("transform", &format!("translateY({}px)", -top));
            }
            chunk.set(top / LINE_PX / CHUNK);
            rows.set(ta.client_height() / LINE_PX + 1);
        })
    };
    // The textarea is not given its text through a `value` attribute: yew
    // would read the whole text back out of the DOM on every render to
    // compare (a 250 KB copy per keystroke at 1,000 objects). The text is
    // written only when it is not what the user last typed (an example, a
    // share link, the first render).
    let history = use_mut_ref(History::default);
    {
        let (sync, value, area_ref, history) = (
            sync.clone(),
            props.value.clone(),
            area_ref.clone(),
            history.clone(),
        );
        // After every render: the text if it changed, then re-align (the
        // drawn window may have moved).
        use_effect(move || {
            let mut h = history.borrow_mut();
            if h.text != value.as_str() {
                if let Some(ta) = area_ref.cast::<HtmlTextAreaElement>() {
                    ta.set_value(&value);
                }
                // An example or a link replaced the text: one step back.
                if h.text.is_empty() {
                    h.text = value.to_string();
                } else {
                    h.record(&value);
                }
            }
            drop(h);
            sync()
        });
    }
    let onscroll = {
        let sync = sync.clone();
        Callback::from(move |_: Event| sync())
    };
    let oninput = {
        let on_change = props.on_change.clone();
        let history = history.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            let text = area.value();
            history.borrow_mut().record(&text);
            on_change.emit(text);
        })
    };

    // Keys (issue 18, item 6): Enter keeps the line's indentation (one
    // level deeper after a `key:` that opens a block, under a list item's
    // first key), inserted as typing is (execCommand insertText); Tab and
    // Shift+Tab indent and outdent the lines by two spaces, and Escape then
    // Tab leaves the editor; Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y undo and redo
    // by word, line and paste ([`History`]).
    let onkeydown = {
        let history = history.clone();
        let on_change = props.on_change.clone();
        let read_only = props.read_only;
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            let key = key.as_str();
            if matches!(key, "Shift" | "Control" | "Alt" | "Meta") {
                return;
            }
            let mut h = history.borrow_mut();
            let escaped = std::mem::replace(&mut h.escaped, key == "Escape");
            let ta: HtmlTextAreaElement = e.target_unchecked_into();
            let (ctrl, shift) = (e.ctrl_key() || e.meta_key(), e.shift_key());
            if e.is_composing() || e.alt_key() || read_only {
                return;
            }
            // Only Tab and Enter read the text (a 1 MB copy at 1,000 objects).
            let (at, end) = match (ta.selection_start(), ta.selection_end()) {
                (Ok(Some(a)), Ok(Some(b))) => (a as usize, b as usize),
                _ => return,
            };
            let (t, s, end) = match key {
                "z" | "Z" | "y" if ctrl => {
                    e.prevent_default();
                    let Some((t, c)) = h.step(key != "y" && !shift) else {
                        return;
                    };
                    (t, c, c)
                }
                "Tab" if !ctrl && !escaped => {
                    let value = ta.value();
                    let at = utf16_prefix(&value, at).len();
                    let end = utf16_prefix(&value, end).len();
                    let (t, s, end) = history::indent(&value, at, end, shift);
                    h.record(&t);
                    e.prevent_default();
                    (t, s, end)
                }
                "Enter" if !ctrl && !shift && at == end => {
                    let value = ta.value();
                    let line = utf16_prefix(&value, at).rsplit('\n').next().unwrap_or("");
                    let insert = format!("\n{}", " ".repeat(next_indent(line)));
                    let doc = gloo::utils::document();
                    let exec = js_sys::Reflect::get(&doc, &"execCommand".into())
                        .ok()
                        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
                    // Recorded by `oninput` (after this borrow ends).
                    drop(h);
                    if exec.is_some_and(|f| {
                        f.call3(
                            &doc,
                            &"insertText".into(),
                            &false.into(),
                            &insert.as_str().into(),
                        )
                        .is_ok_and(|ok| ok.is_truthy())
                    }) {
                        e.prevent_default();
                    }
                    return;
                }
                _ => return,
            };
            ta.set_value(&t);
            let u = |b: usize| t[..b].encode_utf16().count() as u32;
            let _ = ta.set_selection_range(u(s), u(end));
            drop(h);
            on_change.emit(t);
        })
    };

    let text = props.value.as_str();
    let total = text.split('\n').count() as i32;
    let first = (*chunk * CHUNK - MARGIN).max(0);
    let last = (first + *rows + 2 * MARGIN + CHUNK).min(total);
    let markers: &[Marker] = props
        .markers
        .as_ref()
        .map(|m| m.0.as_slice())
        .unwrap_or(&[]);
    let marker_at = |line: u32| -> Option<&Marker> {
        let i = markers.partition_point(|m| m.line < line);
        markers[i..]
            .iter()
            .take_while(|m| m.line == line)
            .min_by_key(|m| m.severity)
    };

    // Each drawn line is keyed by its number and holds its content as HTML
    // text (escaped), which yew writes again only when it changed: a
    // keystroke redraws one line, not the window (yew pairs unkeyed
    // children from the end), and no component per line (~1 KB brotli).
    let mut gutter = Vec::with_capacity((last - first).max(0) as usize);
    let mut lines = Vec::with_capacity(gutter.capacity());
    for (i, l) in text
        .split('\n')
        .enumerate()
        .skip(first as usize)
        .take((last - first).max(0) as usize)
    {
        let n = i as u32 + 1;
        let m = marker_at(n);
        let sev = m.map(|m| severity_mark(m.severity).1);
        let mut g = String::new();
        if let Some(m) = m {
            let (icon, word) = severity_mark(m.severity);
            let msg = Esc(&m.message);
            let _ = write!(
                g,
                "<span class=\"mark\" role=\"img\" title=\"{msg}\" aria-label=\"{word} on line {n}: {msg}\">{icon}</span>"
            );
        }
        let _ = write!(g, "<span aria-hidden=\"true\">{n}</span>");
        gutter.push(html! { <div key={n} class={classes!("ln", sev)}>{ raw(g) }</div> });
        let mut h = String::new();
        highlight::line(&mut h, l);
        lines.push(html! { <div key={n} class={classes!("l", sev)}>{ raw(h) }</div> });
    }
    // The spacer is keyed too: yew diffs a list by key only when every
    // child has one.
    let spacer = format!("height:{}px", first * LINE_PX);
    let full = format!("height:{}px", total * LINE_PX);

    html! {
        <div class="code">
            <div class="gutter"><div class="gin" ref={gutter_ref} style={full}>
                <div key="top" style={spacer.clone()}></div>
                { for gutter }
            </div></div>
            <div class="area">
                <pre class="hl" aria-hidden="true"><code ref={hl_ref}>
                    <div key="top" style={spacer}></div>
                    { for lines }
                </code></pre>
                <textarea
                    id="manifest"
                    ref={area_ref}
                    aria-label="Manifest"
                    aria-describedby="editor-keys editor-problems"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    wrap="off"
                    readonly={props.read_only}
                    {oninput}
                    {onscroll}
                    {onkeydown}
                />
            </div>
        </div>
    }
}
