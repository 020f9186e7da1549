//! The Problems view: API-server errors in kubectl's words and the wiring
//! warnings with what they do to DNS and how to fix them. Each entry jumps
//! to its line in the editor.

use svcdns::diag::{Diagnostic, DiagnosticSource};
use svcdns::Analysis;
use yew::prelude::*;

use super::editor::{jump_to, severity_mark};
use crate::model::Shared;

fn source(s: DiagnosticSource) -> &'static str {
    match s {
        DiagnosticSource::Yaml => "YAML",
        DiagnosticSource::Decode => "kubectl",
        DiagnosticSource::ApiServer => "API server",
        DiagnosticSource::Lint => "DNS wiring",
        DiagnosticSource::Simulation => "simulation",
    }
}

/// One diagnostic as a list entry with a jump button.
pub fn entry(d: &Diagnostic, full: bool) -> Html {
    let (icon, word) = severity_mark(d.severity);
    let line = d.location.line;
    let onclick = Callback::from(move |_| jump_to(line));
    html! {
        <li class={classes!("diag", word)}>
            <button class="jump" {onclick} aria-label={format!("{word} on line {line}: {}. Go to line {line}", d.message)}>
                <span class="icon" aria-hidden="true">{ icon }</span>
                <span class="where" aria-hidden="true">{ format!("{}:{}", line, d.location.column) }</span>
            </button>
            <div class="text">
                <span class="sev">{ word }</span>{ " " }
                if full { <span class="src">{ format!("{} · {}", source(d.source), d.code) }</span>{ " " } }
                <span class="msg">{ &d.message }</span>
                if full {
                    if let Some(c) = &d.consequence { <p class="consequence"><strong>{ "Consequence: " }</strong>{ c }</p> }
                    if let Some(f) = &d.fix { <p class="fix"><strong>{ "Fix: " }</strong>{ f }</p> }
                }
            </div>
        </li>
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
    let errors: Vec<&Diagnostic> = ds
        .iter()
        .filter(|d| {
            d.source != DiagnosticSource::Lint && d.severity == svcdns::diag::Severity::Error
        })
        .collect();
    let rest: Vec<&Diagnostic> = ds
        .iter()
        .filter(|d| {
            !(d.source != DiagnosticSource::Lint && d.severity == svcdns::diag::Severity::Error)
        })
        .collect();
    html! {
        <section class="problems">
            if !errors.is_empty() {
                <h2>{ "Rejected: what kubectl apply would print" }</h2>
                <ul class="diags">{ for errors.iter().take(500).map(|d| entry(d, true)) }</ul>
            }
            if !rest.is_empty() {
                <h2>{ "Accepted, but…" }</h2>
                <ul class="diags">{ for rest.iter().take(500).map(|d| entry(d, true)) }</ul>
            }
        </section>
    }
}
