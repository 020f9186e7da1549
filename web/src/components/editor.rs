//! The manifest editor: a plain `<textarea>` (accessible, IME-safe) over a
//! highlighted copy of the text, with a line-number gutter and the core's
//! diagnostics marked at their lines by an icon and text, not by colour
//! alone. Only the lines in view (plus a margin) are drawn, so a
//! 1,000-object paste stays cheap to re-render. Drawn lines are keyed by
//! their number and each is a component redrawn only when its text or mark
//! changed: yew pairs unkeyed children from the end, so a line added at the
//! end (typing a new manifest) would otherwise redraw every line in view.

use std::rc::Rc;

use svcdns::diag::Severity;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::highlight;
use crate::model::Shared;

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

/// Props of [`CodeLine`].
#[derive(Properties, PartialEq)]
struct CodeLineProps {
    text: AttrValue,
    sev: Option<&'static str>,
}

/// One highlighted line. A line whose text and mark did not change is not
/// drawn again: a keystroke re-highlights one line, not the whole window.
#[component]
fn CodeLine(props: &CodeLineProps) -> Html {
    html! {
        <div class={classes!("l", props.sev)}>
            { for highlight::line(&props.text).into_iter().map(|(t, s)| match t.class() {
                Some(c) => html! { <span class={c}>{ s }</span> },
                None => html! { { s } },
            }) }
        </div>
    }
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
    let typed = use_mut_ref(String::new);
    {
        let (sync, typed, value, area_ref) = (
            sync.clone(),
            typed.clone(),
            props.value.clone(),
            area_ref.clone(),
        );
        // After every render: the text if it changed, then re-align (the
        // drawn window may have moved).
        use_effect(move || {
            if *typed.borrow() != value.as_str() {
                if let Some(ta) = area_ref.cast::<HtmlTextAreaElement>() {
                    ta.set_value(&value);
                }
                *typed.borrow_mut() = value.to_string();
            }
            sync()
        });
    }
    let onscroll = {
        let sync = sync.clone();
        Callback::from(move |_: Event| sync())
    };
    let oninput = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            let text = area.value();
            typed.borrow_mut().clone_from(&text);
            on_change.emit(text);
        })
    };

    // Enter keeps the line's indentation, one level deeper after a
    // `key:` that opens a block, and under a list item's first key
    // (issue 18, item 6). Inserted as typing is (execCommand insertText),
    // so the browser's undo takes it back in one step and `input` fires.
    let onkeydown = Callback::from(|e: KeyboardEvent| {
        if e.key() != "Enter"
            || e.is_composing()
            || e.ctrl_key()
            || e.alt_key()
            || e.meta_key()
            || e.shift_key()
        {
            return;
        }
        let ta: HtmlTextAreaElement = e.target_unchecked_into();
        let (Ok(Some(at)), Ok(Some(end))) = (ta.selection_start(), ta.selection_end()) else {
            return;
        };
        if at != end {
            return;
        }
        let value = ta.value();
        let before = utf16_prefix(&value, at as usize);
        let line = before.rsplit('\n').next().unwrap_or("");
        let insert = format!("\n{}", " ".repeat(next_indent(line)));
        let doc = gloo::utils::document();
        let exec = js_sys::Reflect::get(&doc, &"execCommand".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let Some(exec) = exec {
            if exec
                .call3(
                    &doc,
                    &"insertText".into(),
                    &false.into(),
                    &insert.as_str().into(),
                )
                .is_ok_and(|ok| ok.is_truthy())
            {
                e.prevent_default();
            }
        }
    });

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
        gutter.push(html! {
            <div key={n} class={classes!("ln", sev)}>
                if let Some(m) = m {
                    <span class="mark" role="img" title={m.message.clone()}
                        aria-label={format!("{} on line {n}: {}", severity_mark(m.severity).1, m.message)}>
                        { severity_mark(m.severity).0 }
                    </span>
                }
                <span aria-hidden="true">{ n }</span>
            </div>
        });
        lines.push(html! { <CodeLine key={n} text={AttrValue::from(l.to_string())} {sev} /> });
    }
    // The spacer is keyed too: `html!` puts `{ for lines }` in the same
    // child list, and yew diffs a list by key only when every child has one.
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
                    aria-describedby="editor-problems"
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
