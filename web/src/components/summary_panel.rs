//! The status panel under the editor.

use crate::summary::Summary;
use yew::prelude::*;

/// Props of [`SummaryPanel`].
#[derive(Properties, PartialEq)]
pub struct SummaryPanelProps {
    /// What to show.
    pub summary: Summary,
}

/// Object and error counts, the zone size, and the first error when there is one.
#[component]
pub fn SummaryPanel(props: &SummaryPanelProps) -> Html {
    let s = &props.summary;
    html! {
        <section class="summary" aria-live="polite">
            <p id="summary">{ s.headline() }</p>
            <p id="records">{ s.records_line() }</p>
            if let Some(err) = &s.first_error {
                <p id="first-error" class="error">{ err.clone() }</p>
            }
        </section>
    }
}
