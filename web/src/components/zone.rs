//! The Zone view: every record the simulated cluster serves, filterable.

use svcdns::Analysis;
use yew::prelude::*;

use crate::model::{Action, SameInput, Shared};

/// Most records drawn at once (the filter narrows the rest).
pub const MAX_SHOWN: usize = 1_500;

/// Props of [`ZoneView`].
#[derive(Properties, PartialEq)]
pub struct ZoneProps {
    /// The analysis.
    pub analysis: Shared<Analysis>,
    /// The toggles it was made under.
    pub toggles: Shared<svcdns::controllers::State>,
    /// The filter text.
    pub filter: AttrValue,
    /// Dispatch.
    pub dispatch: Callback<Action>,
}

/// The Zone view.
#[component]
pub fn ZoneView(p: &ZoneProps) -> Html {
    // Listed again only when the objects or toggles changed (the whole zone is every
    // name the cluster serves, answered).
    let lines = {
        use_memo(SameInput(p.analysis.clone(), p.toggles.clone()), move |a| {
            a.0.kubernetes()
                .zone()
                .iter()
                .map(svcdns::explain::dig::record)
                .collect::<Vec<_>>()
        })
    };
    let oninput = {
        let d = p.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let i: web_sys::HtmlInputElement = e.target_unchecked_into();
            d.emit(Action::SetZoneFilter(i.value()));
        })
    };
    let words: Vec<String> = p
        .filter
        .split_whitespace()
        .map(|w| w.to_ascii_lowercase())
        .collect();
    let matching: Vec<&String> = lines
        .iter()
        .filter(|l| {
            words.is_empty() || {
                let low = l.to_ascii_lowercase();
                words.iter().all(|w| low.contains(w.as_str()))
            }
        })
        .collect();
    let shown = matching.len().min(MAX_SHOWN);
    let mut body = String::new();
    for l in &matching[..shown] {
        body.push_str(l);
        body.push('\n');
    }
    html! {
        <section class="zone">
            <div class="field">
                <label for="zone-filter">{ "Filter records" }</label>
                <input id="zone-filter" type="search" value={p.filter.clone()} {oninput}
                    placeholder="e.g. mysql SRV" spellcheck="false" autocomplete="off" />
            </div>
            <p id="zone-count" class="muted" aria-live="polite">
                { format!("{} of {} records", matching.len(), lines.len()) }
                if shown < matching.len() { { format!(" (first {shown} shown: filter to narrow)") } }
            </p>
            <pre class="out zonelist">{ body }</pre>
        </section>
    }
}
