//! The status line under the editor.

use crate::summary::Summary;
use yew::prelude::*;

/// Props of [`SummaryPanel`].
#[derive(Properties, PartialEq)]
pub struct SummaryPanelProps {
    /// What to show.
    pub summary: Summary,
}

/// Object, error and warning counts (the errors themselves are listed
/// above, under the editor). `#timing` is filled after each render by the App (not by yew).
pub fn summary_panel(props: &SummaryPanelProps) -> Html {
    let s = &props.summary;
    html! {
        <div class="summary">
            <p aria-live="polite"><span id="summary">{ s.headline() }</span>{ ", " }<span id="warnings">{ s.warnings_line() }</span></p>
            <p id="timing" class="muted"></p>
        </div>
    }
}
