//! The Compare view: the same pods through a regular and a headless
//! Service, side by side. When the manifests have only one kind, the other
//! column is the same Service flipped (the core run again with
//! `State.headless` overridden), labelled as a what-if.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::rc::Rc;

use svcdns::cluster::{Cluster, Origin, Service, ServiceType};
use svcdns::coredns::Kubernetes;
use svcdns::dns::{RData, RecordType};
use svcdns::Analysis;
use yew::prelude::*;

use crate::model::{Action, Shared};
use crate::state::{QueryState, Style};

/// Services the person wrote (not the cluster's built-in ones), that DNS
/// can compare (ExternalName has no pods).
pub fn services(cluster: &Cluster) -> Vec<&Service> {
    cluster
        .services
        .iter()
        .filter(|s| {
            !matches!(s.origin, Origin::Builtin) && s.service_type != ServiceType::ExternalName
        })
        .collect()
}

/// `namespace/name`.
pub fn key(s: &Service) -> String {
    format!("{}/{}", s.namespace, s.name)
}

/// A Service of the other kind selecting the same pods (same namespace,
/// same non-empty selector), if the manifests have one.
pub fn counterpart<'a>(cluster: &'a Cluster, s: &Service) -> Option<&'a Service> {
    let sel = s.selector.as_ref().filter(|m| !m.is_empty())?;
    services(cluster).into_iter().find(|o| {
        o.namespace == s.namespace && o.headless != s.headless && o.selector.as_ref() == Some(sel)
    })
}

/// The Service compared: the chosen one, else the first that has a
/// counterpart, else the first.
pub fn selected<'a>(cluster: &'a Cluster, chosen: Option<&str>) -> Option<&'a Service> {
    let all = services(cluster);
    if let Some(c) = chosen {
        if let Some(s) = all.iter().find(|s| key(s) == c) {
            return Some(s);
        }
    }
    // (Only the first few: each check walks the Services again.)
    all.iter()
        .take(50)
        .find(|s| counterpart(cluster, s).is_some())
        .or_else(|| all.first())
        .copied()
}

/// One pod behind a Service, as its EndpointSlices list it.
#[derive(Clone, Debug, PartialEq)]
pub struct Backend {
    /// Pod name (or the address for endpoints without a pod).
    pub pod: String,
    /// `namespace/name` of the pod, for the toggles.
    pub pod_key: Option<String>,
    /// First address.
    pub ip: IpAddr,
    /// The endpoint's `ready` condition.
    pub ready: bool,
}

/// The endpoints of a Service, one per pod, in slice order.
pub fn backends(cluster: &Cluster, s: &Service) -> Vec<Backend> {
    let mut out: Vec<Backend> = Vec::new();
    for e in cluster
        .slices_of(&s.namespace, &s.name)
        .flat_map(|sl| sl.endpoints.iter())
    {
        let Some(ip) = e.addresses.first() else {
            continue;
        };
        let pod_ref = e.target_ref.as_ref().filter(|r| r.kind == "Pod");
        let pod = pod_ref
            .map(|r| r.name.clone())
            .unwrap_or_else(|| ip.to_string());
        if out.iter().any(|b| b.pod == pod) {
            continue;
        }
        out.push(Backend {
            pod_key: pod_ref.map(|r| format!("{}/{}", r.namespace, r.name)),
            pod,
            ip: *ip,
            ready: e.ready != Some(false),
        });
    }
    out
}

/// A tiny seeded PRNG (xorshift64*), so "connect 20 times" is random yet
/// reproducible in tests. Randomness lives here, never in the core.
pub struct Rng(u64);

impl Rng {
    /// Seeded generator (seed 0 is mapped to 1).
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// Next value below `n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
    }
}

/// Where each of `n` connections lands.
#[derive(Clone, Debug, PartialEq)]
pub struct Spread {
    /// Destination (pod name or address) per connection, in order.
    pub picks: Vec<String>,
    /// How many connections each destination got, in backend order.
    pub counts: Vec<(String, usize)>,
    /// One sentence on how they were chosen.
    pub how: String,
}

fn tally(picks: Vec<String>, order: &[String], how: String) -> Spread {
    let mut counts: Vec<(String, usize)> = order.iter().map(|p| (p.clone(), 0)).collect();
    for p in &picks {
        match counts.iter_mut().find(|(n, _)| n == p) {
            Some(c) => c.1 += 1,
            None => counts.push((p.clone(), 1)),
        }
    }
    Spread { picks, counts, how }
}

/// A regular Service: every connection goes to the virtual IP and
/// kube-proxy picks a ready endpoint at random for each one.
pub fn spread_regular(backends: &[Backend], n: usize, seed: u64) -> Spread {
    let ready: Vec<&Backend> = backends.iter().filter(|b| b.ready).collect();
    let order: Vec<String> = ready.iter().map(|b| b.pod.clone()).collect();
    if ready.is_empty() {
        return tally(
            Vec::new(),
            &[],
            "no ready endpoint: kube-proxy rejects every connection to the virtual IP".into(),
        );
    }
    let mut rng = Rng::new(seed);
    let picks = (0..n)
        .map(|_| ready[rng.below(ready.len())].pod.clone())
        .collect();
    tally(
        picks,
        &order,
        format!(
            "each connection to the virtual IP: kube-proxy picks one of {} ready endpoints at random",
            ready.len()
        ),
    )
}

/// A headless Service: the client got every address from DNS and walks the
/// list round robin (as seed 000's Python client does).
pub fn spread_headless(addresses: &[IpAddr], cluster: &Cluster, n: usize) -> Spread {
    let names: Vec<String> = addresses
        .iter()
        .map(|ip| {
            cluster
                .pods
                .iter()
                .find(|p| p.ips.contains(ip))
                .map(|p| p.name.clone())
                .unwrap_or_else(|| ip.to_string())
        })
        .collect();
    if names.is_empty() {
        return tally(
            Vec::new(),
            &[],
            "DNS returned no address: nothing to connect to".into(),
        );
    }
    let picks = (0..n).map(|i| names[i % names.len()].clone()).collect();
    tally(
        picks,
        &names,
        format!(
            "the client resolved {} addresses once and connects to them in turn (round robin)",
            names.len()
        ),
    )
}

/// What one column shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// `namespace/name`.
    pub key: String,
    /// Service name.
    pub name: String,
    /// Namespace.
    pub namespace: String,
    /// Headless?
    pub headless: bool,
    /// A flipped copy, not in the manifests.
    pub what_if: bool,
    /// `spec.clusterIP` as allocated, or `None`.
    pub cluster_ip: String,
    /// nslookup from a pod in the Service's namespace.
    pub nslookup: String,
    /// Addresses the name resolved to.
    pub addresses: Vec<IpAddr>,
    /// SRV answer lines.
    pub srv: Vec<String>,
    /// Per-pod names with their addresses.
    pub pod_names: Vec<(String, String)>,
    /// The explanation of the A answer.
    pub explanation: Vec<String>,
    /// Pods behind it.
    pub backends: Vec<Backend>,
    /// `publishNotReadyAddresses`.
    pub publish_not_ready: bool,
}

/// Compute one column from an analysis.
pub fn column(a: &Analysis, s: &Service, what_if: bool) -> Column {
    column_with(&Kubernetes::new(&a.cluster), a, s, what_if)
}

/// [`column`] with the cluster already indexed.
pub fn column_with(k: &Kubernetes<'_>, a: &Analysis, s: &Service, what_if: bool) -> Column {
    let server = svcdns::resolver::nameserver(&a.cluster);
    let res = svcdns::resolver::resolve_with(k, &s.name, RecordType::A, &s.namespace);
    let r = &res.final_response;
    let addresses = r
        .answer
        .iter()
        .filter_map(|rec| match rec.rdata {
            RData::A(ip) => Some(IpAddr::V4(ip)),
            RData::Aaaa(ip) => Some(IpAddr::V6(ip)),
            _ => None,
        })
        .collect();
    let fqdn = format!("{}.{}.svc.{}.", s.name, s.namespace, a.cluster.config.zone);
    let srv = k.answer(&fqdn, RecordType::Srv);
    let mut pod_names = Vec::new();
    if s.headless {
        // The SRV targets are the per-pod names CoreDNS serves; the
        // additional section has their addresses.
        for rec in &srv.answer {
            if let RData::Srv { target, .. } = &rec.rdata {
                let ip = srv
                    .additional
                    .iter()
                    .filter(|x| x.owner.eq_ignore_ascii_case(target))
                    .map(|x| x.rdata.to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
                if !pod_names.iter().any(|(n, _)| n == target) {
                    pod_names.push((target.clone(), ip));
                }
            }
        }
    } else if a.objects.iter().any(|o| {
        o.namespace == s.namespace
            && matches!(&o.resource, svcdns::model::Resource::StatefulSet(st)
                if st.spec.service_name.as_deref() == Some(s.name.as_str()))
    }) {
        // StatefulSet pods governed by this Service have names under it,
        // headless or not.
        for set in a.statefulsets() {
            if set.namespace == s.namespace && set.service.as_deref() == Some(s.name.as_str()) {
                for p in set.pods {
                    if let Some(f) = p.fqdn {
                        let ans = k.answer(&f, RecordType::A);
                        let ip = ans
                            .answer
                            .iter()
                            .map(|x| x.rdata.to_string())
                            .collect::<Vec<_>>()
                            .join(", ");
                        pod_names.push((
                            f,
                            if ip.is_empty() {
                                ans.status().into()
                            } else {
                                ip
                            },
                        ));
                    }
                }
            }
        }
    }
    Column {
        key: key(s),
        name: s.name.clone(),
        namespace: s.namespace.clone(),
        headless: s.headless,
        what_if,
        cluster_ip: if s.headless {
            "None".into()
        } else {
            s.cluster_ips
                .iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        },
        nslookup: svcdns::explain::nslookup::response(&s.name, r, &server),
        addresses,
        srv: srv
            .answer
            .iter()
            .map(svcdns::explain::dig::record)
            .collect(),
        pod_names,
        explanation: r.explanation.clone(),
        backends: backends(&a.cluster, s),
        publish_not_ready: s.publish_not_ready_addresses,
    }
}

/// Props of [`CompareView`].
#[derive(Properties, PartialEq)]
pub struct CompareProps {
    /// The analysis shown.
    pub analysis: Shared<Analysis>,
    /// Its revision (for memoising the what-if).
    pub rev: u64,
    /// The manifest text (the what-if re-runs the core on it).
    pub text: AttrValue,
    /// Current toggles.
    pub toggles: Shared<svcdns::simulate::State>,
    /// The Service chosen.
    pub compare: Option<String>,
    /// Dispatch.
    pub dispatch: Callback<Action>,
}

/// The Compare view.
#[component]
pub fn CompareView(p: &CompareProps) -> Html {
    let a = &*p.analysis;
    let chosen = selected(&a.cluster, p.compare.as_deref());
    let pair = chosen.map(|s| (key(s), counterpart(&a.cluster, s).map(key)));
    // The what-if: the core run again with this one Service flipped.
    let what_if = {
        let text = p.text.clone();
        let toggles = p.toggles.clone();
        let pair = pair.clone();
        use_memo((p.rev, pair), move |(_, pair)| match pair {
            Some((k, None)) => {
                let s = selected(&p.analysis.cluster, Some(k))?;
                let mut t = (*toggles.0).clone();
                t.headless.insert(k.clone(), !s.headless);
                Some(Rc::new(crate::model::run(&text, &t)))
            }
            _ => None,
        })
    };
    let Some(s) = chosen else {
        return html! {
            <section class="empty">
                <p>{ "No Service to compare yet. Paste a Service (and the pods or workload it selects), or load an example." }</p>
            </section>
        };
    };
    let k = Kubernetes::new(&a.cluster);
    let mine = column_with(&k, a, s, false);
    let other = match (counterpart(&a.cluster, s), what_if.as_ref()) {
        (Some(o), _) => Some(column_with(&k, a, o, false)),
        (None, Some(w)) => selected(&w.cluster, Some(&mine.key)).map(|ws| column(w, ws, true)),
        _ => None,
    };
    let (regular, headless) = match other {
        Some(o) if mine.headless => (o, mine),
        Some(o) => (mine, o),
        None => return html! { <p>{ "Nothing to compare." }</p> },
    };
    let d = p.dispatch.clone();
    let options = services(&a.cluster)
        .into_iter()
        .map(|s| {
            let k = key(s);
            let sel = k == regular.key || k == headless.key;
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
    let workloads = workloads_of(a, &regular.backends);
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

/// Workloads owning these pods: (`Kind/namespace/name`, replicas now).
fn workloads_of(a: &Analysis, backends: &[Backend]) -> Vec<(String, i32)> {
    let mut out: BTreeMap<String, i32> = BTreeMap::new();
    for (k, pods) in &a.workload_pods {
        let ns = k.split('/').nth(1).unwrap_or_default();
        if backends.iter().any(|b| {
            b.pod_key
                .as_deref()
                .is_some_and(|pk| pk.split_once('/') == Some((ns, b.pod.as_str())))
                && pods.contains(&b.pod)
        }) {
            out.insert(k.clone(), pods.len() as i32);
        }
    }
    out.into_iter().collect()
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

fn node(x: i32, y: i32, w: i32, label: &str, sub: &str, class: &'static str) -> Html {
    // Long pod names: keep the distinctive end (the box is ~16 characters).
    let n = label.chars().count();
    let label = if n > 16 {
        format!("…{}", label.chars().skip(n - 15).collect::<String>())
    } else {
        label.to_string()
    };
    html! {
        <g class={class}>
            <rect x={x.to_string()} y={y.to_string()} width={w.to_string()} height="34" rx="5" />
            <text x={(x + w / 2).to_string()} y={(y + 14).to_string()} text-anchor="middle">{ label }</text>
            <text class="sub" x={(x + w / 2).to_string()} y={(y + 27).to_string()} text-anchor="middle">{ sub.to_string() }</text>
        </g>
    }
}

fn arrow(x1: i32, y1: i32, x2: i32, y2: i32, hot: bool) -> Html {
    html! {
        <line class={if hot { "hot" } else { "cold" }} x1={x1.to_string()} y1={y1.to_string()} x2={x2.to_string()} y2={y2.to_string()} marker-end="url(#arrow)" />
    }
}

/// The path of a connection, drawn: client → DNS → (virtual IP → kube-proxy
/// →) pod.
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
    let pod_y = |i: i32| 30 + i * 42;
    let body = if c.headless {
        html! {
            <>
                { node(4, 40, 80, "client pod", "asks once", "n client") }
                { node(104, 4, 96, "CoreDNS", &server, "n dns") }
                { arrow(60, 40, 110, 30, true) }
                <text class="note" x="150" y="54" text-anchor="middle">{ format!("→ {answer}") }</text>
                { for pods.iter().enumerate().map(|(i, b)| html! {
                    <>
                        { node(232, pod_y(i as i32), 104, &b.pod, &b.ip.to_string(), if b.ready { "n pod" } else { "n pod off" }) }
                        { arrow(84, 57, 230, pod_y(i as i32) + 17, b.ready) }
                    </>
                }) }
                <text class="note" x="150" y={(height - 6).to_string()} text-anchor="middle">{ "the client picks" }</text>
            </>
        }
    } else {
        html! {
            <>
                { node(4, 40, 80, "client pod", "", "n client") }
                { node(92, 4, 96, "CoreDNS", &server, "n dns") }
                { arrow(60, 40, 100, 30, true) }
                { node(96, 62, 92, "virtual IP", &answer, "n vip") }
                { arrow(84, 62, 94, 76, true) }
                { node(108, 112, 72, "kube-proxy", "random", "n proxy") }
                { arrow(142, 96, 142, 110, true) }
                { for pods.iter().enumerate().map(|(i, b)| html! {
                    <>
                        { node(232, pod_y(i as i32), 104, &b.pod, &b.ip.to_string(), if b.ready { "n pod" } else { "n pod off" }) }
                        { arrow(180, 129, 230, pod_y(i as i32) + 17, b.ready) }
                    </>
                }) }
            </>
        }
    };
    html! {
        <svg class="diagram" viewBox={format!("0 0 340 {}", height.max(150))} role="img" aria-label={label}>
            <defs>
                <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                    <path d="M0,0 L10,5 L0,10 z" />
                </marker>
            </defs>
            { body }
        </svg>
    }
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
            spread_regular(&p.regular.backends, 20, *runs),
            spread_headless(&p.headless.addresses, &p.analysis.cluster, 20),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn pairs_the_sample_services() {
        let a = crate::model::run(crate::SAMPLE_MANIFEST, &Default::default());
        let s = selected(&a.cluster, None).unwrap();
        let o = counterpart(&a.cluster, s).unwrap();
        assert_ne!(s.headless, o.headless);
        let h = if s.headless { s } else { o };
        let c = column(&a, h, false);
        assert_eq!(c.addresses.len(), 3, "{c:?}");
        assert_eq!(c.backends.len(), 3);
        assert_eq!(c.pod_names.len(), 3, "{c:?}");
        let r = column(&a, if s.headless { o } else { s }, false);
        assert_eq!(r.addresses.len(), 1);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn spreads() {
        let a = crate::model::run(crate::SAMPLE_MANIFEST, &Default::default());
        let s = selected(&a.cluster, None).unwrap();
        let b = backends(&a.cluster, s);
        let r = spread_regular(&b, 20, 1);
        assert_eq!(r.picks.len(), 20);
        assert_eq!(r, spread_regular(&b, 20, 1), "seeded");
        let h = column(
            &a,
            counterpart(&a.cluster, s)
                .filter(|o| o.headless)
                .unwrap_or(s),
            false,
        );
        let hs = spread_headless(&h.addresses, &a.cluster, 20);
        assert_eq!(
            hs.counts.iter().map(|c| c.1).collect::<Vec<_>>(),
            vec![7, 7, 6]
        );
    }
}
