//! Lessons in the playground: the Lessons menu and the lesson panel.
//!
//! The lesson files (`lessons/*.yaml`) are not in the wasm: trunk copies
//! them next to the page (`index.html`, `copy-dir`) and a lesson is fetched
//! from the page's own origin when it is opened, then read by the core's
//! loader (`svcdns::lessons::load`). Only the ids and titles are built in
//! (`web/build.rs`), for the menu. Nothing the learner types is sent: the
//! request names the lesson file, nothing else.
//!
//! The panel checks the current step against every analysis
//! (`svcdns::lessons::check_step`) and shows each failing check's part and
//! reason as the core words them, in a live region.

use std::cell::RefCell;
use std::rc::Rc;

use svcdns::lessons::{check_step, CheckResult, Lesson};
use svcdns::Analysis;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::model::{Action, Model, Shared};
use crate::raw::{esc, raw};

include!(concat!(env!("OUT_DIR"), "/lessons.rs"));

thread_local! {
    /// Lessons fetched so far (a lesson is fetched once per page).
    static FETCHED: RefCell<Vec<Rc<Lesson>>> = const { RefCell::new(Vec::new()) };
}

/// The lesson `id`, if it was fetched already.
fn fetched(id: &str) -> Option<Rc<Lesson>> {
    FETCHED.with(|f| f.borrow().iter().find(|l| l.id == id).cloned())
}

/// The lesson `id`: fetched from `lessons/ID.yaml` next to the page the
/// first time, then from memory. Only ids of the built-in list are asked
/// for (a link cannot make the page fetch anything else).
pub async fn fetch(id: &str) -> Result<Rc<Lesson>, String> {
    if let Some(l) = fetched(id) {
        return Ok(l);
    }
    if !LESSONS.iter().any(|(i, _)| *i == id) {
        return Err(format!("there is no lesson “{id}”"));
    }
    let path = format!("lessons/{id}.yaml");
    let text = async {
        let response: web_sys::Response =
            JsFuture::from(gloo::utils::window().fetch_with_str(&path))
                .await?
                .dyn_into()?;
        if !response.ok() {
            return Err(response.status().into());
        }
        JsFuture::from(response.text()?).await
    }
    .await
    .ok()
    .and_then(|t| t.as_string())
    .ok_or_else(|| format!("{path} could not be loaded"))?;
    let lesson = svcdns::lessons::load(id, &text).map_err(|e| {
        let e: Vec<String> = e.iter().map(|e| format!("{path}:{e}")).collect();
        e.join("; ")
    })?;
    let lesson = Rc::new(lesson);
    FETCHED.with(|f| f.borrow_mut().push(lesson.clone()));
    Ok(lesson)
}

/// The manifest step `step` starts from: the lesson's, then the previous
/// step's solution (as `crates/svcdns/tests/lessons.rs` checks them).
fn start_of(lesson: &Lesson, step: usize) -> String {
    step.checked_sub(1)
        .and_then(|p| lesson.steps.get(p))
        .and_then(|s| s.solution.clone())
        .unwrap_or_else(|| lesson.manifest.clone())
}

/// The panel's stylesheet (`lesson.css`, next to the page), linked when a
/// lesson first opens: its bytes are not in the first load either.
fn stylesheet() {
    let doc = gloo::utils::document();
    if doc.get_element_by_id("lesson-css").is_some() {
        return;
    }
    let head = doc.document_element().and_then(|h| h.first_element_child());
    if let (Some(head), Ok(link)) = (head, doc.create_element("link")) {
        link.set_id("lesson-css");
        let _ = link.set_attribute("rel", "stylesheet");
        let _ = link.set_attribute("href", "lesson.css");
        let _ = head.append_child(&link);
    }
}

fn focus_later(id: &'static str) {
    gloo::timers::callback::Timeout::new(0, move || crate::focus(id)).forget();
}

/// Open lesson `id` from its first step, with its starting manifest.
fn open(id: &'static str, dispatch: Callback<Action>) {
    wasm_bindgen_futures::spawn_local(async move {
        let text = fetch(id).await.ok().map(|l| l.manifest.clone());
        dispatch.emit(Action::SetLesson(Some(id.into()), 0, text));
        focus_later("lesson-h");
    });
}

/// The Lessons menu (in the toolbar, beside Examples).
pub fn lessons_menu(dispatch: &Callback<Action>) -> Html {
    let items = LESSONS.iter().map(|&(id, title)| {
        let dispatch = dispatch.clone();
        let onclick = Callback::from(move |e: MouseEvent| {
            if let Some(d) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|t| t.closest("details").ok().flatten())
            {
                let _ = d.remove_attribute("open");
            }
            open(id, dispatch.clone());
        });
        html! { <li><button class="lesson-pick" data-lesson={id} {onclick}>{ title }</button></li> }
    });
    html! {
        // As the Examples menu (style.css's `.menu > ul`, `.gallery`): no
        // lesson.css needed before a lesson opens.
        <details class="menu lessons">
            <summary>{ "Lessons" }</summary>
            <ul class="gallery">
                <li><p>{ "Guided challenges: each step is checked against your manifest as you type. " }<kbd>{ "Alt+L" }</kbd>{ " goes to the open lesson." }</p></li>
                { for items }
            </ul>
        </details>
    }
}

// --- Markdown, as the lesson files write it --------------------------------
//
// Written as HTML text (escaped) and drawn as one raw node: much smaller in
// the wasm than the same elements built one by one by `html!` (crate::raw).

/// Inline Markdown: `code`, **strong**, *emphasis*; the rest is text.
fn inline(text: &str, out: &mut String) {
    let mut rest = text;
    while !rest.is_empty() {
        let next = rest.find(['`', '*']).unwrap_or(rest.len());
        if next > 0 {
            esc(&rest[..next], out);
            rest = &rest[next..];
            continue;
        }
        let mark = if rest.starts_with("**") {
            "**"
        } else {
            &rest[..1]
        };
        let body = &rest[mark.len()..];
        match body.find(mark).filter(|&end| end > 0) {
            Some(end) => {
                let tag = match mark {
                    "`" => "code",
                    "**" => "strong",
                    _ => "em",
                };
                out.push_str(&format!("<{tag}>"));
                if tag == "code" {
                    esc(&body[..end], out);
                } else {
                    inline(&body[..end], out);
                }
                out.push_str(&format!("</{tag}>"));
                rest = &body[end + mark.len()..];
            }
            None => {
                out.push_str(mark);
                rest = body;
            }
        }
    }
}

/// `- item` or `1. item`: (ordered, text).
fn list_item(line: &str) -> Option<(bool, &str)> {
    if let Some(t) = line.strip_prefix("- ") {
        return Some((false, t));
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0)
        .then(|| line[digits..].strip_prefix(". "))
        .flatten()
        .map(|t| (true, t))
}

/// Block Markdown: paragraphs, ``` fences, `-` and `1.` lists.
fn markdown(text: &str) -> String {
    let mut out = String::new();
    // The open block: "p", "ul" or "ol" (a list's items are closed as
    // the next opens).
    let mut open: Option<&str> = None;
    let close = |out: &mut String, open: &mut Option<&str>| {
        if let Some(tag) = open.take() {
            out.push_str(if tag == "p" { "</p>" } else { "</li></" });
            if tag != "p" {
                out.push_str(tag);
                out.push('>');
            }
        }
    };
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let t = line.trim();
        if t.starts_with("```") {
            close(&mut out, &mut open);
            out.push_str("<pre class=\"out\"><code>");
            for l in lines.by_ref() {
                if l.trim_start().starts_with("```") {
                    break;
                }
                esc(l, &mut out);
                out.push('\n');
            }
            out.push_str("</code></pre>");
        } else if t.is_empty() {
            close(&mut out, &mut open);
        } else if let Some((ordered, item)) = list_item(t) {
            let tag = if ordered { "ol" } else { "ul" };
            if open == Some(tag) {
                out.push_str("</li><li>");
            } else {
                close(&mut out, &mut open);
                out.push_str(&format!("<{tag}><li>"));
                open = Some(tag);
            }
            inline(item, &mut out);
        } else {
            match open {
                Some(_) => out.push(' '),
                None => {
                    out.push_str("<p>");
                    open = Some("p");
                }
            }
            inline(t, &mut out);
        }
    }
    close(&mut out, &mut open);
    out
}

// --- the panel ------------------------------------------------------------

/// The panel for the state's lesson, if one is open.
pub fn lesson_panel(m: &Model, dispatch: &Callback<Action>) -> Html {
    match &m.s.lesson {
        Some(id) => html! {
            <LessonPanel id={id.clone()} step={m.s.step} analysis={m.analysis.clone()}
                empty={m.s.manifest.is_empty()} dispatch={dispatch.clone()} />
        },
        None => Html::default(),
    }
}

/// The lesson panel's inputs.
#[derive(Properties, PartialEq)]
pub struct LessonProps {
    /// The lesson's id (`state.lesson`).
    pub id: AttrValue,
    /// The current step, from 0 (`state.step`).
    pub step: u32,
    /// The learner's analysis: every new one is checked.
    pub analysis: Shared<Analysis>,
    /// The manifest is empty (a link or an embed naming only the lesson):
    /// the step's starting manifest is loaded when the lesson arrives.
    pub empty: bool,
    /// The App's actions.
    pub dispatch: Callback<Action>,
}

/// The lesson beside the results: its prose, the steps, the current goal
/// and whether the learner's manifest reaches it (and why not), hints on
/// request, reset, and the explanation once reached.
#[component]
pub fn LessonPanel(p: &LessonProps) -> Html {
    // Opened from the menu, the lesson is here already: no "Loading" first.
    let loaded = use_state(|| fetched(&p.id).map(Ok));
    {
        let loaded = loaded.clone();
        let (empty, step, dispatch) = (p.empty, p.step, p.dispatch.clone());
        use_effect_with(p.id.clone(), move |id| {
            stylesheet();
            let id = id.to_string();
            wasm_bindgen_futures::spawn_local(async move {
                let result = fetch(&id).await;
                if let (true, Ok(l)) = (empty, &result) {
                    let text = start_of(l, step as usize);
                    dispatch.emit(Action::SetLesson(Some(id), step, Some(text)));
                }
                loaded.set(Some(result));
            });
        });
    }
    let hints = use_state(|| 0usize);
    {
        let hints = hints.clone();
        use_effect_with((p.id.clone(), p.step), move |_| hints.set(0));
    }
    // Alt+L: to the lesson panel, from anywhere.
    use_effect_with((), |_| {
        let keys = gloo::events::EventListener::new(&gloo::utils::document(), "keydown", |e| {
            if let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() {
                if e.alt_key() && !e.ctrl_key() && !e.meta_key() && e.code() == "KeyL" {
                    e.prevent_default();
                    crate::focus("lesson-h");
                }
            }
        });
        move || drop(keys)
    });
    let lesson = match &*loaded {
        Some(Ok(l)) if *l.id == *p.id => Some(l.clone()),
        _ => None,
    };
    let close = p
        .dispatch
        .reform(|_: MouseEvent| Action::SetLesson(None, 0, None));
    let close = html! { <button class="small" onclick={close} aria-label="Close the lesson">{ "✕ Close" }</button> };
    let Some(lesson) = lesson else {
        let message = match &*loaded {
            Some(Err(e)) => format!("This lesson did not open: {e}."),
            _ => "Loading the lesson…".to_string(),
        };
        return html! {
            <aside class="lesson" aria-labelledby="lesson-h">
                <div class="lesson-head"><h2 id="lesson-h" tabindex="-1">{ "Lesson" }</h2>{ close }</div>
                <p role="status">{ message }</p>
            </aside>
        };
    };
    let n = lesson.steps.len();
    let step = (p.step as usize).min(n - 1);
    let current = &lesson.steps[step];
    // Every render has a new analysis or a new step (or a hint): checked
    // each time, a few questions to the core.
    let results = check_step(current, &p.analysis);
    let passed = results.iter().all(|r| r.passed);
    let id = p.id.to_string();
    let go = |to: usize, text: Option<String>| {
        let id = id.clone();
        p.dispatch.reform(move |_: MouseEvent| {
            Action::SetLesson(Some(id.clone()), to as u32, text.clone())
        })
    };
    let next = go(step + 1, None);
    let next = Callback::from(move |e: MouseEvent| {
        next.emit(e);
        focus_later("lesson-goal");
    });
    let reset = go(step, Some(start_of(&lesson, step)));
    let previous = go(step.saturating_sub(1), None);
    let max = current.hints.len();
    let shown = (*hints).min(max);
    let hint = {
        let hints = hints.clone();
        Callback::from(move |_: MouseEvent| hints.set((*hints + 1).min(max)))
    };
    let mut progress = String::new();
    for i in 0..n {
        let (mark, class, label) = match i.cmp(&step) {
            std::cmp::Ordering::Less => ("✔", "done", "done"),
            std::cmp::Ordering::Equal if passed => ("✔", "done\" aria-current=\"step", "reached"),
            std::cmp::Ordering::Equal => ("●", "now\" aria-current=\"step", "current"),
            std::cmp::Ordering::Greater => ("○", "todo", "to do"),
        };
        progress.push_str(&format!(
            "<li class=\"{class}\"><span aria-hidden=\"true\">{mark}</span> Step {} ({label})</li>",
            i + 1
        ));
    }
    let mut goal = format!("Step {} of {n}: ", step + 1);
    inline(&current.goal, &mut goal);
    let check = if passed {
        "<p><strong>✔ Reached.</strong> Your manifest passes every check of this step.</p>"
            .to_string()
    } else {
        let mut h = "<p><strong>✘ Not yet.</strong> What your manifest gives:</p><ul>".to_string();
        for r in results.iter().filter(|r: &&CheckResult| !r.passed) {
            h.push_str("<li><strong>");
            esc(&r.part, &mut h);
            h.push_str("</strong>: ");
            esc(&r.reason, &mut h);
            h.push_str("</li>");
        }
        h + "</ul>"
    };
    let mut hints_html = String::new();
    for h in &current.hints[..shown] {
        hints_html.push_str("<li>");
        inline(h, &mut hints_html);
        hints_html.push_str("</li>");
    }
    let mut title = String::from("Lesson: ");
    esc(&lesson.title, &mut title);
    html! {
        <aside class="lesson" aria-labelledby="lesson-h">
            <div class="lesson-head">
                <h2 id="lesson-h" tabindex="-1">{ raw(title) }</h2>
                { close }
            </div>
            if !lesson.prose.is_empty() {
                <details class="lesson-prose" open={step == 0}>
                    <summary>{ "About this lesson" }</summary>
                    { raw(markdown(&lesson.prose)) }
                </details>
            }
            <ol class="lesson-progress" aria-label="Progress">{ raw(progress) }</ol>
            <h3 id="lesson-goal" tabindex="-1">{ raw(goal) }</h3>
            <div id="lesson-check" role="status" class={if passed { "ok" } else { "no" }}>{ raw(check) }</div>
            if passed {
                <div class="lesson-explain">{ raw(markdown(&current.explanation)) }</div>
                if step + 1 < n {
                    <button id="lesson-next" class="primary" onclick={next}>{ "Next step →" }</button>
                } else {
                    <p id="lesson-done"><strong>{ "Lesson complete." }</strong>{ " Every step is reached." }</p>
                }
            }
            <ol class="lesson-hints" aria-label="Hints" aria-live="polite">{ raw(hints_html) }</ol>
            <div class="lesson-tools">
                if max > 0 {
                    // aria-disabled, not disabled: the button keeps the focus.
                    <button id="lesson-hint" onclick={hint} aria-disabled={(shown == max).then_some("true")}>
                        { format!("Show a hint ({shown} of {max} shown)") }
                    </button>
                }
                <button id="lesson-reset" onclick={reset}>{ "Reset step" }</button>
                if step > 0 {
                    <button id="lesson-prev" onclick={previous}>{ "← Previous step" }</button>
                }
            </div>
        </aside>
    }
}
