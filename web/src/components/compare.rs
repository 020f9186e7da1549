//! The Compare view: the same pods through a regular and a headless
//! Service, side by side. When the manifests have only one kind, the other
//! column is the same Service flipped (the core run again with
//! `State.headless` overridden), labelled as a what-if. What each column
//! holds is the core's (`svcdns::explain::compare`); this file draws it.

use std::fmt::Write;
use std::rc::Rc;

use svcdns::explain::compare::{self, Backend, Column, Comparison, Spread};
use svcdns::Analysis;
use yew::prelude::*;

use crate::model::{Action, SameInput, Shared};
use crate::raw::{esc, raw};
use crate::state::{QueryState, Style};

/// Props of [`CompareView`].
#[derive(Properties, PartialEq)]
pub struct CompareProps {
    /// The analysis shown.
    pub analysis: Shared<Analysis>,
    /// The manifest text (the what-if re-runs the core on it).
    pub text: AttrValue,
    /// Current toggles.
    pub toggles: Shared<svcdns::controllers::State>,
    /// The Service chosen.
    pub compare: Option<String>,
    /// The Cluster control's values (the what-if runs with them; feature
    /// `cluster`).
    #[cfg(feature = "cluster")]
    pub cluster: svcdns::profile::ProfileFlags,
    /// Dispatch.
    pub dispatch: Callback<Action>,
}

/// The Compare view.
#[component]
pub fn CompareView(p: &CompareProps) -> Html {
    let a = &*p.analysis;
    let chosen = compare::selected(&a.kubernetes(), p.compare.as_deref());
    // The what-if: the core run again with this one Service flipped, when
    // it has no counterpart; again only when the objects or the toggles
    // changed (a run is a whole analysis: at 1,000 objects it was most of
    // a keystroke's render; issue 18, item 11).
    let what_if = {
        let text = p.text.clone();
        #[cfg(feature = "cluster")]
        let cluster = p.cluster.clone();
        use_memo(
            (
                SameInput(p.analysis.clone(), p.toggles.clone()),
                chosen.clone(),
            ),
            move |(input, chosen)| match chosen {
                Some(c) if c.counterpart.is_none() => {
                    let mut t = (*input.1 .0).clone();
                    t.headless.insert(c.key.clone(), !c.headless);
                    Some(Rc::new(crate::model::run(
                        &text,
                        &t,
                        #[cfg(feature = "cluster")]
                        &cluster,
                    )))
                }
                _ => None,
            },
        )
    };
    let Some(choice) = chosen else {
        // A Service was pasted but the API server refused it: say so, not
        // "paste a Service" (issue 18, item 7).
        let rejected = a
            .objects
            .iter()
            .zip(&a.accepted)
            .find(|(o, ok)| o.kind == "Service" && !**ok)
            .map(|(o, _)| {
                let line = a
                    .diagnostics
                    .iter()
                    .find(|d| d.location.file == o.file && d.location.document == o.document && d.severity == svcdns::diag::Severity::Error)
                    .map_or(0, |d| d.location.line);
                (format!("The API server rejected Service {}", o.name), line)
            })
            // A YAML slip dropped what was there.
            .or_else(|| {
                a.diagnostics.iter().find(|d| d.source == svcdns::diag::DiagnosticSource::Yaml).map(|d| ("YAML stopped reading the manifest".into(), d.location.line))
            })
            .map(|(what, line)| format!("{what} (line {line}), so there is nothing to compare. What it means and the fix are under Problems."));
        return html! {
            <section class="empty">
                if let Some(r) = rejected {
                    <p id="compare-rejected">{ r }</p>
                } else {
                    <p>{ "No Service to compare yet. Paste a Service (and the pods or workload it selects), or load an example." }</p>
                }
            </section>
        };
    };
    let Some(Comparison {
        regular,
        headless,
        workloads,
    }) = compare::compare(
        &a.kubernetes(),
        &a.workload_pods,
        &choice,
        (*what_if).as_ref().map(|w| w.kubernetes()).as_ref(),
    )
    else {
        return html! { <p>{ "Nothing to compare." }</p> };
    };
    let d = p.dispatch.clone();
    let options = compare::services(&a.cluster)
        .into_iter()
        .map(|s| {
            let k = compare::key(s);
            let sel = k == choice.key;
            html! { <option value={k.clone()} selected={sel}>{ format!("{k} ({})", if s.headless { "headless" } else { "regular" }) }</option> }
        })
        .collect::<Html>();
    let onselect = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            d.emit(Action::SetCompare(Some(sel.value())));
        })
    };
    html! {
        <section class="compare">
            <div class="row">
                <label for="compare-service">{ "Service" }</label>
                <select id="compare-service" onchange={onselect}>{ options }</select>
            </div>
            <div class="columns">
                { column_html(&regular, a, &d) }
                { column_html(&headless, a, &d) }
            </div>
            { pods_panel(&PodsProps { backends: regular.backends.clone(), workloads, dispatch: d.clone() }) }
            <Connect regular={Rc::new(regular)} headless={Rc::new(headless)} analysis={p.analysis.clone()} />
        </section>
    }
}

fn column_html(c: &Column, a: &Analysis, d: &Callback<Action>) -> Html {
    let kind = if c.headless { "headless" } else { "regular" };
    let flip = {
        let d = d.clone();
        let (k, h) = (c.key.clone(), c.headless);
        Callback::from(move |_| d.emit(Action::SetHeadless(k.clone(), !h)))
    };
    let pnr = {
        let d = d.clone();
        let (k, v) = (c.key.clone(), c.publish_not_ready);
        Callback::from(move |_| d.emit(Action::SetPublishNotReady(k.clone(), !v)))
    };
    let lookup = {
        let d = d.clone();
        let q = QueryState {
            name: c.name.clone(),
            record_type: "A".into(),
            namespace: c.namespace.clone(),
            style: Style::Nslookup,
        };
        Callback::from(move |_| d.emit(Action::LookUp(q.clone())))
    };
    let id = format!("col-{kind}");
    html! {
        <article class={classes!("col", kind)} id={id.clone()} aria-labelledby={format!("{id}-h")}>
            <h2 id={format!("{id}-h")}>
                <span class="badge">{ kind }</span>
                { format!(" {}", c.name) }
                if c.what_if { <span class="whatif" title="Not in your manifests: the same Service with clusterIP flipped">{ " what-if" }</span> }
            </h2>
            <p class="meta">{ format!("namespace {} · clusterIP: {}", c.namespace, c.cluster_ip) }</p>
            if !c.what_if {
                <div class="toggles">
                    <label><input type="checkbox" checked={c.headless} onchange={flip} />{ " headless (clusterIP: None)" }</label>
                    <label><input type="checkbox" checked={c.publish_not_ready} onchange={pnr} />{ " publishNotReadyAddresses" }</label>
                </div>
            }
            { diagram(c, a) }
            <h3>{ format!("nslookup {}", c.name) }</h3>
            <pre class="out nslookup">{ &c.nslookup }</pre>
            <button class="link" onclick={lookup}>{ "Open in Lookup" }</button>
            <h3>{ "SRV" }</h3>
            if c.srv.is_empty() { <p class="muted">{ "no SRV records" }</p> } else {
                <pre class="out srv">{ c.srv.join("\n") }</pre>
            }
            <h3>{ "Per-pod names" }</h3>
            if c.pod_names.is_empty() {
                <p class="muted">{ if c.headless { "none: no endpoints" } else { "none: clients only ever see the virtual IP" } }</p>
            } else {
                <ul class="podnames">
                    { for c.pod_names.iter().map(|(n, ip)| html! { <li><code>{ n }</code>{ " → " }<code>{ ip }</code></li> }) }
                </ul>
            }
            <details class="why">
                <summary>{ "Why this answer" }</summary>
                <ul>{ for c.explanation.iter().map(|e| html! { <li>{ e }</li> }) }</ul>
            </details>
        </article>
    }
}

/// A box of the diagram: `label` over `sub`.
fn node(s: &mut String, (x, y, w): (i32, i32, i32), label: &str, sub: &str, class: &str) {
    // Long pod names: keep the distinctive end (the box is ~16 characters).
    let n = label.chars().count();
    let label = if n > 16 {
        format!("…{}", label.chars().skip(n - 15).collect::<String>())
    } else {
        label.to_string()
    };
    let mid = x + w / 2;
    let _ = write!(
        s,
        r#"<g class="{class}"><rect x="{x}" y="{y}" width="{w}" height="34" rx="5"/><text x="{mid}" y="{}" text-anchor="middle">"#,
        y + 14
    );
    esc(&label, s);
    let _ = write!(
        s,
        r#"</text><text class="sub" x="{mid}" y="{}" text-anchor="middle">"#,
        y + 27
    );
    esc(sub, s);
    s.push_str("</text></g>");
}

/// An arrow of the diagram; `hot` where connections go.
fn arrow(s: &mut String, (x1, y1): (i32, i32), (x2, y2): (i32, i32), hot: bool) {
    let class = if hot { "hot" } else { "cold" };
    let _ = write!(
        s,
        r#"<line class="{class}" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" marker-end="url(#arrow)"/>"#
    );
}

/// A note under the arrows.
fn note(s: &mut String, (x, y): (i32, i32), text: &str) {
    let _ = write!(
        s,
        r#"<text class="note" x="{x}" y="{y}" text-anchor="middle">"#
    );
    esc(text, s);
    s.push_str("</text>");
}

/// The path of a connection, drawn: client → DNS → (virtual IP → kube-proxy
/// →) pod. Written as SVG text (crate::raw).
fn diagram(c: &Column, a: &Analysis) -> Html {
    let pods: Vec<&Backend> = c.backends.iter().take(4).collect();
    let n = pods.len().max(1) as i32;
    let height = 60 + n * 42;
    let server = svcdns::resolver::nameserver(&a.cluster);
    let answer = if c.addresses.is_empty() {
        "no address".to_string()
    } else if c.addresses.len() == 1 {
        c.addresses[0].to_string()
    } else {
        format!("{} addresses", c.addresses.len())
    };
    let label = if c.headless {
        format!("Path through headless {}: the client asks DNS, gets {answer} (the pod IPs) and connects to one pod directly", c.name)
    } else {
        format!("Path through regular {}: the client asks DNS, gets the virtual IP {answer}; kube-proxy forwards each connection to one pod", c.name)
    };
    let mut s = format!(
        r#"<svg class="diagram" viewBox="0 0 340 {}" role="img" aria-label=""#,
        height.max(150)
    );
    esc(&label, &mut s);
    s.push_str(r#""><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>"#);
    // Where the arrows to the pods start: the client (headless) or kube-proxy.
    let from = if c.headless {
        node(&mut s, (4, 40, 80), "client pod", "asks once", "n client");
        node(&mut s, (104, 4, 96), "CoreDNS", &server, "n dns");
        arrow(&mut s, (60, 40), (110, 30), true);
        note(&mut s, (150, 54), &format!("→ {answer}"));
        note(&mut s, (150, height - 6), "the client picks");
        (84, 57)
    } else {
        node(&mut s, (4, 40, 80), "client pod", "", "n client");
        node(&mut s, (92, 4, 96), "CoreDNS", &server, "n dns");
        arrow(&mut s, (60, 40), (100, 30), true);
        node(&mut s, (96, 62, 92), "virtual IP", &answer, "n vip");
        arrow(&mut s, (84, 62), (94, 76), true);
        node(&mut s, (108, 112, 72), "kube-proxy", "random", "n proxy");
        arrow(&mut s, (142, 96), (142, 110), true);
        (180, 129)
    };
    for (i, b) in pods.iter().enumerate() {
        let y = 30 + i as i32 * 42;
        let class = if b.ready { "n pod" } else { "n pod off" };
        node(&mut s, (232, y, 104), &b.pod, &b.ip.to_string(), class);
        arrow(&mut s, from, (230, y + 17), b.ready);
    }
    s.push_str("</svg>");
    raw(s)
}

/// Props of [`PodsPanel`].
#[derive(Properties, PartialEq)]
pub struct PodsProps {
    backends: Vec<Backend>,
    workloads: Vec<(String, i32)>,
    dispatch: Callback<Action>,
}

/// The pods behind the Services, with their toggles, and the workloads to
/// scale.
fn pods_panel(p: &PodsProps) -> Html {
    let d = &p.dispatch;
    html! {
        <section class="pods" aria-labelledby="pods-h">
            <h3 id="pods-h">{ "Pods behind it" }</h3>
            { for p.workloads.iter().map(|(k, n)| {
                let (k, n) = (k.clone(), *n);
                let minus = { let d = d.clone(); let k = k.clone(); Callback::from(move |_| d.emit(Action::SetReplicas(k.clone(), n - 1))) };
                let plus = { let d = d.clone(); let k = k.clone(); Callback::from(move |_| d.emit(Action::SetReplicas(k.clone(), n + 1))) };
                html! {
                    <div class="scale">
                        <span>{ format!("{k}: {n} replicas") }</span>
                        <button aria-label={format!("Scale {k} down")} onclick={minus} disabled={n <= 0}>{ "−" }</button>
                        <button aria-label={format!("Scale {k} up")} onclick={plus}>{ "+" }</button>
                    </div>
                }
            }) }
            if p.backends.is_empty() {
                <p class="muted">{ "No endpoints: no pod matches the selector (or it has no selector and no EndpointSlice)." }</p>
            } else {
                <table class="podtable">
                    <thead><tr><th>{ "Pod" }</th><th>{ "IP" }</th><th>{ "Ready" }</th><th>{ "" }</th></tr></thead>
                    <tbody>
                    { for p.backends.iter().map(|b| {
                        let key = b.pod_key.clone();
                        let ready = b.ready;
                        let toggle = { let d = d.clone(); let key = key.clone(); Callback::from(move |_| if let Some(k) = &key { d.emit(Action::SetNotReady(k.clone(), ready)) }) };
                        let restart = { let d = d.clone(); let key = key.clone(); Callback::from(move |_| if let Some(k) = &key { d.emit(Action::Restart(k.clone())) }) };
                        html! {
                            <tr key={b.pod.clone()}>
                                <td><code>{ &b.pod }</code></td>
                                <td><code>{ b.ip.to_string() }</code></td>
                                <td><label><input type="checkbox" checked={ready} disabled={key.is_none()} onchange={toggle} aria-label={format!("{} ready", b.pod)} />{ if ready { " ready" } else { " not ready" } }</label></td>
                                <td><button disabled={key.is_none()} onclick={restart} aria-label={format!("Restart {}", b.pod)}>{ "Restart" }</button></td>
                            </tr>
                        }
                    }) }
                    </tbody>
                </table>
            }
        </section>
    }
}

/// Props of [`Connect`].
#[derive(Properties, PartialEq)]
pub struct ConnectProps {
    regular: Rc<Column>,
    headless: Rc<Column>,
    analysis: Shared<Analysis>,
}

/// "Connect 20 times": where connections land behind each Service.
#[component]
fn Connect(p: &ConnectProps) -> Html {
    let runs = use_state(|| 0u64);
    let onclick = {
        let runs = runs.clone();
        Callback::from(move |_| runs.set(*runs + 1))
    };
    let result = (*runs > 0).then(|| {
        (
            compare::spread_regular(&p.regular.backends, 20, *runs),
            compare::spread_headless(
                &p.analysis.kubernetes(),
                &p.headless.namespace,
                &p.headless.addresses,
                20,
            ),
        )
    });
    let bars = |title: String, s: &Spread, class: &'static str| {
        let max = s.counts.iter().map(|c| c.1).max().unwrap_or(1).max(1);
        html! {
            <div class={classes!("spread", class)}>
                <h4>{ title }</h4>
                <p class="muted">{ &s.how }</p>
                <ul class="bars">
                    { for s.counts.iter().map(|(pod, n)| html! {
                        <li>
                            <code>{ pod }</code>
                            <span class="bar" style={format!("width:{}%", 100 * n / max)}></span>
                            <span class="count">{ n.to_string() }</span>
                        </li>
                    }) }
                </ul>
                <p class="seq" aria-label="connection order">{ s.picks.iter().map(|p| p.rsplit('-').next().unwrap_or(p)).collect::<Vec<_>>().join(" ") }</p>
            </div>
        }
    };
    html! {
        <section class="connect" aria-labelledby="connect-h">
            <h3 id="connect-h">{ "Connect 20 times" }</h3>
            <button id="connect-20" {onclick}>{ if *runs == 0 { "Connect 20 times" } else { "Again" } }</button>
            if let Some((r, h)) = result {
                <div class="columns" aria-live="polite">
                    { bars(format!("via {} (regular)", p.regular.name), &r, "regular") }
                    { bars(format!("via {} (headless)", p.headless.name), &h, "headless") }
                </div>
            }
        </section>
    }
}
