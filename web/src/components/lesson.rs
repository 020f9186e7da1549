//! Lessons in the playground: the Lessons menu and the lesson panel.
//!
//! A lesson is fetched from the page's own origin when it opens
//! (`lessons/ID.txt`: `lessons/ID.yaml` loaded, checked and compiled by the
//! core, its texts already HTML; see `svcdns::lessons::compile`), and read
//! with `svcdns::lessons::read`: the lessons, the YAML lesson loader and a
//! Markdown renderer are not in the first load. The menu is HTML written
//! at build time (`web/build.rs`). Nothing the learner types is sent: the
//! request names the lesson file, nothing else.
//!
//! The panel checks the current step against every analysis
//! (`svcdns::lessons::check_step`) and shows each failing check's part and
//! reason as the core words them, in a live region. It is HTML text in a
//! few raw nodes, each redrawn only when its text changes (an open hint
//! stays open while the learner types), with one click handler for its
//! buttons (`data-go`): much smaller in the wasm than elements built one by
//! one.

use std::cell::RefCell;
use std::rc::Rc;

use svcdns::lessons::{check_step, Compiled};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::model::{Action, Model};
use crate::raw::{esc, raw};

include!(concat!(env!("OUT_DIR"), "/lessons.rs"));

/// A lesson asked for.
#[derive(Clone)]
enum Got {
    Pending,
    Failed,
    Ready(Rc<Compiled>),
}

thread_local! {
    /// The last lesson asked for (a lesson opened again later is fetched
    /// again: one request per opening at most).
    static FETCHED: RefCell<Option<(String, Got)>> = const { RefCell::new(None) };
}

fn got(id: &str) -> Option<Got> {
    FETCHED.with(|f| match &*f.borrow() {
        Some((i, g)) if i == id => Some(g.clone()),
        _ => None,
    })
}

fn set(id: &str, g: Got) {
    FETCHED.with(|f| *f.borrow_mut() = Some((id.to_string(), g)));
}

/// The text at `path`, from the page's origin.
async fn text(path: &str) -> Option<String> {
    let r: web_sys::Response = JsFuture::from(gloo::utils::window().fetch_with_str(path))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    if !r.ok() {
        return None;
    }
    JsFuture::from(r.text().ok()?).await.ok()?.as_string()
}

/// Fetch lesson `id`, then follow it at `step`; `fill`: load the step's
/// starting manifest; `opened` (from the menu): focus the panel. Only a
/// lesson file of the page's own origin is asked for (a link cannot make
/// the page fetch anything else).
fn fetch(id: String, step: u32, fill: bool, opened: bool, dispatch: Callback<Action>) {
    set(&id, Got::Pending);
    stylesheet();
    wasm_bindgen_futures::spawn_local(async move {
        // A link's id names a file in lessons/ and nothing else.
        let file = !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        let lesson = match file {
            true => text(&format!("lessons/{id}.txt")).await,
            false => None,
        }
        .and_then(|t| svcdns::lessons::read(&t))
        .map(Rc::new);
        let start = lesson.as_ref().filter(|_| fill).map(|l| {
            l.steps[(step as usize).min(l.steps.len() - 1)]
                .start
                .clone()
        });
        set(&id, lesson.map_or(Got::Failed, Got::Ready));
        dispatch.emit(Action::SetLesson(Some(id), step, start));
        if opened {
            focus_later("lesson-h");
        }
    });
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

/// The element clicked, or its nearest ancestor, matching `selector`.
fn clicked(e: &MouseEvent, selector: &str) -> Option<web_sys::Element> {
    e.target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest(selector)
        .ok()?
}

/// The Lessons menu (in the toolbar, beside Examples): a lesson opens at
/// its first step, with its starting manifest.
pub fn lessons_menu(dispatch: &Callback<Action>) -> Html {
    let dispatch = dispatch.clone();
    let onclick = Callback::from(move |e: MouseEvent| {
        let Some(b) = clicked(&e, "[data-lesson]") else {
            return;
        };
        if let Some(d) = b.closest("details").ok().flatten() {
            let _ = d.remove_attribute("open");
        }
        let id = b.get_attribute("data-lesson").unwrap_or_default();
        match got(&id) {
            Some(Got::Ready(l)) => {
                dispatch.emit(Action::SetLesson(
                    Some(id),
                    0,
                    Some(l.steps[0].start.clone()),
                ));
                focus_later("lesson-h");
            }
            Some(Got::Pending) => {}
            _ => fetch(id, 0, true, true, dispatch.clone()),
        }
    });
    // As the Examples menu (style.css's `.menu > ul`, `.gallery`): no
    // lesson.css needed before a lesson opens.
    html! {
        <details class="menu lessons" {onclick}>{ Html::from_html_unchecked(AttrValue::Static(LESSONS_MENU)) }</details>
    }
}

/// The panel for the state's lesson, if one is open: its prose, the steps,
/// the current goal and whether the learner's manifest reaches it (and why
/// not), hints, reset, and the explanation once reached. A lesson named by
/// a link or an embed is fetched here, the first time it is drawn (with an
/// empty manifest, the step's start is loaded when it arrives).
pub fn lesson_panel(m: &Model, dispatch: &Callback<Action>) -> Html {
    let Some(id) = m.s.lesson.clone() else {
        return Html::default();
    };
    let got = got(&id);
    if got.is_none() {
        fetch(
            id.clone(),
            m.s.step,
            m.s.manifest.is_empty(),
            false,
            dispatch.clone(),
        );
    }
    let lesson = match &got {
        Some(Got::Ready(l)) => Some(l.clone()),
        _ => None,
    };
    let step = lesson
        .as_ref()
        .map_or(0, |l| (m.s.step as usize).min(l.steps.len() - 1));
    let onclick = {
        let (dispatch, lesson, id) = (dispatch.clone(), lesson.clone(), id.clone());
        Callback::from(move |e: MouseEvent| {
            let Some(go) = clicked(&e, "[data-go]").and_then(|b| b.get_attribute("data-go")) else {
                return;
            };
            let to = match go.as_str() {
                "next" => step + 1,
                "prev" => step.saturating_sub(1),
                _ => step,
            };
            let text = match (go.as_str(), &lesson) {
                ("reset", Some(l)) => Some(l.steps[step].start.clone()),
                _ => None,
            };
            let follow = (go != "close").then(|| id.clone());
            dispatch.emit(Action::SetLesson(follow, to as u32, text));
            if to != step {
                focus_later("lesson-goal");
            }
        })
    };
    let mut head =
        String::from("<div class=\"lesson-head\"><h2 id=\"lesson-h\" tabindex=\"-1\">Lesson");
    if let Some(l) = &lesson {
        head = format!("{head}: {}", l.title);
    }
    head.push_str("</h2><button class=\"small\" data-go=\"close\" aria-label=\"Close the lesson\">✕ Close</button></div>");
    let Some(lesson) = lesson else {
        let message = match got {
            Some(Got::Failed) => {
                format!("This lesson did not open: lessons/{id}.txt could not be loaded.")
            }
            _ => "Loading the lesson…".into(),
        };
        return html! {
            <aside class="lesson" aria-labelledby="lesson-h" {onclick}>
                { raw(format!("{head}<p role=\"status\">{message}</p>")) }
            </aside>
        };
    };
    let n = lesson.steps.len();
    let current = &lesson.steps[step];
    // Every render has a new analysis or a new step: checked each time, a
    // few questions to the core.
    let results = check_step(&current.checks, &m.analysis);
    let passed = results.iter().all(|r| r.passed);
    if !lesson.prose.is_empty() {
        let open = if step == 0 { " open" } else { "" };
        head = format!(
            "{head}<details class=\"lesson-prose\"{open}><summary>About this lesson</summary>{}</details>",
            lesson.prose
        );
    }
    let mut progress = String::from("<ol class=\"lesson-progress\" aria-label=\"Progress\">");
    for i in 0..n {
        let (class, mark, label) = match i.cmp(&step) {
            std::cmp::Ordering::Less => ("done", "✔", "done"),
            std::cmp::Ordering::Equal if passed => ("done\" aria-current=\"step", "✔", "reached"),
            std::cmp::Ordering::Equal => ("now\" aria-current=\"step", "●", "current"),
            std::cmp::Ordering::Greater => ("todo", "○", "to do"),
        };
        progress.push_str(&format!(
            "<li class=\"{class}\"><span aria-hidden=\"true\">{mark}</span> Step {} ({label})</li>",
            i + 1
        ));
    }
    progress.push_str(&format!(
        "</ol><h3 id=\"lesson-goal\" tabindex=\"-1\">Step {} of {n}: {}</h3>",
        step + 1,
        current.goal
    ));
    let mut check = String::from(if passed {
        "<p><strong>✔ Reached.</strong> Your manifest passes every check of this step.</p>"
    } else {
        "<p><strong>✘ Not yet.</strong> What your manifest gives:</p><ul>"
    });
    for r in results.iter().filter(|r| !r.passed) {
        check.push_str("<li><strong>");
        esc(&r.part, &mut check);
        check.push_str("</strong>: ");
        esc(&r.reason, &mut check);
        check.push_str("</li>");
    }
    if !passed {
        check.push_str("</ul>");
    }
    let mut after = String::new();
    if passed {
        after = format!(
            "<div class=\"lesson-explain\">{}</div>",
            current.explanation
        );
        after.push_str(if step + 1 < n {
            "<button id=\"lesson-next\" class=\"primary\" data-go=\"next\">Next step →</button>"
        } else {
            "<p id=\"lesson-done\"><strong>Lesson complete.</strong> Every step is reached.</p>"
        });
    }
    // Hints: one disclosure each, opened on request.
    let mut tools = String::from("<div class=\"lesson-hints\">");
    for (i, h) in current.hints.iter().enumerate() {
        tools.push_str(&format!(
            "<details><summary>Hint {} of {}</summary><p>{h}</p></details>",
            i + 1,
            current.hints.len()
        ));
    }
    tools.push_str("</div><div class=\"lesson-tools\"><button id=\"lesson-reset\" data-go=\"reset\">Reset step</button>");
    if step > 0 {
        tools.push_str("<button id=\"lesson-prev\" data-go=\"prev\">← Previous step</button>");
    }
    tools.push_str("</div>");
    html! {
        <aside class="lesson" aria-labelledby="lesson-h" {onclick}>
            { raw(head) }
            { raw(progress) }
            <div id="lesson-check" role="status" class={if passed { "ok" } else { "no" }}>{ raw(check) }</div>
            { raw(after) }
            { raw(tools) }
        </aside>
    }
}
