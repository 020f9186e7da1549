//! The Cluster control (issue 14): the cluster profile in effect, each
//! value with where it comes from (a preset, the manifests, or the
//! learner), and the learner's own values. Those are the profile flags the
//! CLI takes (`--profile`, `--cluster-domain`, …): the core reads and
//! checks them as it reads the CLI's, over the manifests' evidence and the
//! preset, and its message is shown under the value it is about.

use svcdns::profile::{Preset, ProfileFlags, Source};
use yew::prelude::*;

use crate::model::{Action, Model};

/// The toolbar's Cluster menu.
pub fn cluster_menu(m: &Model, dispatch: &Callback<Action>) -> Html {
    let p = &m.analysis.profile;
    let flags = &m.s.cluster;
    let rows = p.rows().into_iter().filter_map(|r| {
        let i = r.flag?;
        let name = ProfileFlags::NAMES[i];
        let id = format!("cluster-{}", &name[2..]);
        let given = flags.values()[i].clone();
        // The core's message about this flag, if it refused the value.
        let error = m.analysis.diagnostics.iter().find(|d| {
            d.code == "profile-flag"
                && d.message.strip_prefix(name).is_some_and(|m| m.starts_with(':'))
        });
        let onchange = {
            let (flags, effective, set) = (flags.clone(), r.value.clone(), given.is_some());
            dispatch.reform(move |e: Event| {
                // The input's or the select's `value`.
                let v = e
                    .target()
                    .and_then(|t| js_sys::Reflect::get(&t, &"value".into()).ok())
                    .and_then(|v| v.as_string())
                    .unwrap_or_default();
                // Emptied: back to the manifests and the preset; the value
                // in effect, unchanged: nothing to set.
                let mut f = flags.clone();
                *f.slots()[i] = (!v.is_empty() && (set || v != effective)).then_some(v);
                Action::SetCluster(f)
            })
        };
        let source = match r.source {
            Source::Flag(_) => format!("set here ({name})"),
            s => format!("from {}; {name}", s.describe()),
        };
        let (invalid, described) = (error.is_some().to_string(), format!("{id}-from {id}-error"));
        let control = if i == 0 {
            let options = Preset::ALL.map(|pr| {
                let n = pr.name();
                html! { <option selected={n == r.value}>{ n }</option> }
            });
            html! { <select id={id.clone()} aria-invalid={invalid} aria-describedby={described} {onchange}>{ for options }</select> }
        } else {
            html! { <input id={id.clone()} type="text" spellcheck="false" value={given.unwrap_or(r.value)}
                aria-invalid={invalid} aria-describedby={described} {onchange} /> }
        };
        Some(html! {
            <>
                <label for={id.clone()}>{ r.label }</label>
                <span>
                    { control }
                    <small id={format!("{id}-from")}>{ source }</small>
                    if let Some(d) = error {
                        <small class="err" id={format!("{id}-error")}>{ &d.message }</small>
                    }
                </span>
            </>
        })
    });
    html! {
        <details class="menu cluster">
            // Its rules ride with the control (not in style.css, which the
            // bundle without the feature `cluster` loads too).
            <style>{ include_str!("../../cluster.css") }</style>
            <summary>{ "Cluster: " }{ p.preset.value.name() }</summary>
            <div class="pop">
                <p>{ "The cluster the answers come from. A value set here wins over the manifests (Service default/kubernetes, Nodes, the coredns ConfigMap), which win over the preset." }</p>
                <div class="grid">{ for rows }</div>
                if *flags != ProfileFlags::default() {
                    <button onclick={dispatch.reform(|_: MouseEvent| Action::SetCluster(ProfileFlags::default()))}>{ "Use the manifests and the preset" }</button>
                }
            </div>
        </details>
    }
}
