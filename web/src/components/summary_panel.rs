//! The status line under the editor.

use crate::summary::Summary;
use yew::prelude::*;

/// Props of [`SummaryPanel`].
#[derive(Properties, PartialEq)]
pub struct SummaryPanelProps {
    /// What to show.
    pub summary: Summary,
}

/// Object, error and warning counts, and the first error when there is one.
/// `#timing` is filled after each render by the App (not by yew).
pub fn summary_panel(props: &SummaryPanelProps) -> Html {
    let s = &props.summary;
    html! {
        <div class="summary">
            <p aria-live="polite"><span id="summary">{ s.headline() }</span>{ ", " }<span id="warnings">{ s.warnings_line() }</span></p>
            <p id="timing" class="muted"></p>
            if let Some(err) = &s.first_error {
                <p id="first-error" class="error">{ err.clone() }</p>
            }
        </div>
    }
}
