//! The StatefulSets view: each StatefulSet's pod identities (ordinal, name,
//! FQDN, PVCs), start and scale-down order, with scale buttons. Rows fade
//! in when replicas grow (CSS `@keyframes` on new keyed rows). The first 20
//! StatefulSets are drawn, more on request: at 500 StatefulSets a keystroke
//! redrew every table (issue 18, item 11).

use svcdns::names::StatefulSetIdentity;
use svcdns::Analysis;
use yew::prelude::*;

use crate::model::{Action, Shared};

/// Props of [`StatefulSetsView`].
#[derive(Properties, PartialEq)]
pub struct StatefulSetsProps {
    /// The analysis.
    pub analysis: Shared<Analysis>,
    /// Dispatch.
    pub dispatch: Callback<Action>,
    /// Pages of the list shown.
    pub pages: usize,
    /// Show one more page.
    pub more: Callback<MouseEvent>,
}

/// "Show more" under a list of `total` entries of which `shown` are drawn.
fn more(total: usize, shown: usize, onclick: &Callback<MouseEvent>) -> Html {
    if total <= shown {
        return Html::default();
    }
    html! { <button class="more" onclick={onclick.clone()}>{ format!("Show more ({shown} of {total} shown)") }</button> }
}

/// The StatefulSets view: the first 20 per page shown.
pub fn statefulsets_view(p: &StatefulSetsProps) -> Html {
    let sets = p.analysis.statefulsets();
    if sets.is_empty() {
        return html! { <section class="sts"><p class="muted">{ "No StatefulSet in the manifests (or none the API server accepts)." }</p></section> };
    }
    let n = p.pages * 20;
    html! {
        <section class="sts">
            { for sets.iter().take(n).map(|s| card(s, &p.dispatch)) }
            { more(sets.len(), n, &p.more) }
        </section>
    }
}

/// One StatefulSet.
fn card(s: &StatefulSetIdentity, d: &Callback<Action>) -> Html {
    {
        let key = format!("StatefulSet/{}/{}", s.namespace, s.name);
        let n = s.replicas;
        let minus = {
            let d = d.clone();
            let k = key.clone();
            Callback::from(move |_| d.emit(Action::SetReplicas(k.clone(), n - 1)))
        };
        let plus = {
            let d = d.clone();
            let k = key.clone();
            Callback::from(move |_| d.emit(Action::SetReplicas(k.clone(), n + 1)))
        };
        let service = match (&s.service, s.service_found, s.headless) {
            (None, _, _) => "no serviceName".to_string(),
            (Some(n), false, _) => format!("serviceName {n}: no such Service"),
            (Some(n), true, true) => format!("serviceName {n} (headless)"),
            (Some(n), true, false) => format!("serviceName {n} (regular)"),
        };
        let title = format!("{}/{}", s.namespace, s.name);
        html! {
            <article class="set" key={title.clone()}>
                <h2>{ &title }</h2>
                <p class="meta">{ format!("{service} · {} · ordinals from {}", s.pod_management_policy, s.ordinals_start) }</p>
                <div class="scale">
                    <span id={format!("replicas-{}", s.name)}>{ format!("{n} replicas") }</span>
                    <button aria-label={format!("Scale {} down", s.name)} onclick={minus} disabled={n <= 0}>{ "−" }</button>
                    <button aria-label={format!("Scale {} up", s.name)} onclick={plus}>{ "+" }</button>
                </div>
                <div class="scroll">
                <table class="identity">
                    <thead><tr>
                        <th>{ "Ordinal" }</th><th>{ "Pod" }</th><th>{ "DNS name" }</th><th>{ "IP" }</th><th>{ "PVCs" }</th>
                    </tr></thead>
                    <tbody>
                    { for s.pods.iter().map(|pod| {
                        let pod_key = format!("{}/{}", s.namespace, pod.name);
                        let restart = { let d = d.clone(); let k = pod_key.clone(); Callback::from(move |_| d.emit(Action::Restart(k.clone()))) };
                        html! {
                            <tr key={pod.name.clone()} class={classes!("enter", (!pod.ready).then_some("off"))}>
                                <td data-label="Ordinal">{ pod.ordinal }</td>
                                <td data-label="Pod"><code>{ &pod.name }</code>
                                    if !pod.ready { <span class="tag">{ " not ready" }</span> }</td>
                                <td data-label="DNS name">
                                    if let Some(f) = &pod.fqdn {
                                        <code>{ f }</code>
                                        if !pod.resolves { <span class="tag warn">{ " NXDOMAIN until ready" }</span> }
                                    } else {
                                        <span class="muted">{ "none (serviceName does not select it)" }</span>
                                    }
                                </td>
                                <td data-label="IP"><code>{ pod.ips.join(", ") }</code>
                                    <button class="small" onclick={restart} aria-label={format!("Restart {}", pod.name)}>{ "Restart" }</button></td>
                                <td data-label="PVCs">{ pod.pvcs.join(", ") }</td>
                            </tr>
                        }
                    }) }
                    </tbody>
                </table>
                </div>
                <p class="order"><strong>{ if s.parallel { "Start (all at once): " } else { "Start order: " } }</strong>{ s.start_order.join(" → ") }</p>
                <p class="order"><strong>{ if s.parallel { "Scale-down (all at once): " } else { "Scale-down order: " } }</strong>{ s.scale_down_order.join(" → ") }</p>
            </article>
        }
    }
}
