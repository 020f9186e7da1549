//! The Problems view: API-server errors in kubectl's words and the wiring
//! warnings with what they do to DNS and how to fix them. Each entry jumps
//! to its line in the editor.

use std::fmt::Write as _;

use svcdns::diag::{Diagnostic, DiagnosticSource};
use svcdns::Analysis;
use web_sys::Element;
use yew::prelude::*;

use super::editor::{jump_to, severity_mark};
use crate::model::Shared;
use crate::raw::{raw, Esc};

fn source(s: DiagnosticSource) -> &'static str {
    match s {
        DiagnosticSource::Yaml => "YAML",
        DiagnosticSource::Decode => "kubectl",
        DiagnosticSource::ApiServer => "API server",
        DiagnosticSource::Lint => "DNS wiring",
        DiagnosticSource::Simulation => "simulation",
    }
}

/// Diagnostics as a list, each entry with a button that jumps to its line
/// (`full`: with its source, code, consequence and fix). Written as HTML
/// text (escaped), with one click listener on the list for every button: a
/// yew element per part of an entry cost the bundle ~0.6 KB brotli.
pub fn list(ds: &mut dyn Iterator<Item = &Diagnostic>, full: bool) -> Html {
    let mut out = String::new();
    for d in ds {
        let (icon, word) = severity_mark(d.severity);
        let (line, msg) = (d.location.line, Esc(&d.message));
        let _ = write!(
            out,
            "<li class=\"diag {word}\"><button class=\"jump\" data-line=\"{line}\" \
             aria-label=\"Go to line {line}\">\
             <span class=\"icon\" aria-hidden=\"true\">{icon}</span>\
             <span class=\"where\" aria-hidden=\"true\">{line}:{}</span></button>\
             <div class=\"text\"><span class=\"sev\">{word}</span> ",
            d.location.column
        );
        if full {
            let _ = write!(
                out,
                "<span class=\"src\">{} · {}</span> ",
                source(d.source),
                d.code.as_str()
            );
        }
        let _ = write!(out, "<span class=\"msg\">{msg}</span>");
        // The words the CLI shows: the diagnostic's own consequence and
        // fix, else explain::plain's for a message that speaks only parser
        // or API server (issue 18, item 7).
        let (consequence, fix) = svcdns::explain::plain::consequence_and_fix(d);
        for (class, title, text) in [
            ("consequence", "Consequence", consequence),
            ("fix", "Fix", fix),
        ] {
            if let Some(t) = text.filter(|_| full) {
                let _ = write!(
                    out,
                    "<p class=\"{class}\"><strong>{title}: </strong>{}</p>",
                    Esc(t)
                );
            }
        }
        out.push_str("</div></li>");
    }
    let onclick = Callback::from(|e: MouseEvent| {
        let at: Element = e.target_unchecked_into();
        if let Some(line) = at
            .closest("[data-line]")
            .ok()
            .flatten()
            .and_then(|b| b.get_attribute("data-line"))
            .and_then(|l| l.parse().ok())
        {
            jump_to(line);
        }
    });
    html! {
        <ul class={classes!("diags", (!full).then_some("mini"))} {onclick}>
            { raw(out) }
        </ul>
    }
}

/// Props of [`ProblemsView`].
#[derive(Properties, PartialEq)]
pub struct ProblemsProps {
    /// The analysis.
    pub analysis: Shared<Analysis>,
}

/// The Problems view.
pub fn problems_view(p: &ProblemsProps) -> Html {
    let ds = &p.analysis.diagnostics;
    if ds.is_empty() {
        return html! { <section class="problems"><p class="ok-msg">{ "✔ No problems: the API server accepts every object and no wiring check fires." }</p></section> };
    }
    let rejected = |d: &Diagnostic| {
        d.source != DiagnosticSource::Lint && d.severity == svcdns::diag::Severity::Error
    };
    let part = |want: bool, title: &'static str| {
        let mut items = ds.iter().filter(|d| rejected(d) == want).peekable();
        if items.peek().is_none() {
            return Html::default();
        }
        html! {
            <>
                <h2>{ title }</h2>
                { list(&mut items.take(500), true) }
            </>
        }
    };
    html! {
        <section class="problems">
            { part(true, "Rejected: what kubectl apply would print") }
            { part(false, "Accepted, but…") }
        </section>
    }
}
