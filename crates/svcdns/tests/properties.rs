//! Property tests on generated manifests (issue 2): Services (regular,
//! headless, NodePort, ExternalName; selectors or none; ports named or
//! not), StatefulSets, Deployments, Pods with readiness, Endpoints, written
//! as YAML text and run through the whole pipeline.
//!
//! Each property is stated from the rules (the Kubernetes DNS spec,
//! CoreDNS's kubernetes plugin, the EndpointSlice controller), with an
//! oracle computed from the generated model, not from the implementation:
//! - the zone listing and `answer` agree, both ways;
//! - nothing panics: `analyze`, `dns::zone`, `dns::answer` on every zone
//!   name, `dns::resolve`, also on mutated (hostile) text;
//! - a headless Service's A answer has one record per distinct ready
//!   endpoint IPv4 address (in the simulated EndpointSlices, and as counted
//!   from the generated pods and Endpoints);
//! - every SRV target inside the cluster zone resolves (A or AAAA);
//! - answers do not depend on document order;
//! - generated valid objects get no API-server (or any error) diagnostic;
//! - every diagnostic is located inside the text.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use svcdns::diag::{DiagnosticSource, Severity};
use svcdns::dns::{RData, RecordType};
use svcdns::{analyze, Analysis, Input, Options};
use svcdns::{coredns, resolver};

const NAMESPACES: &[&str] = &["default", "team-a"];
const APPS: &[&str] = &["a", "b", "c"];
// Not `y`/`n`: YAML 1.1 (kubectl) reads those as booleans.
const TIERS: &[&str] = &["front", "back"];
/// Written pod IPs come from a small pool so that pods share addresses.
const POD_IP_POOL: &[&str] = &["10.244.250.1", "10.244.250.2", "10.244.250.3"];
const EP_IP_POOL: &[&str] = &["10.1.0.1", "10.1.0.2", "10.1.0.3", "10.1.0.4"];

#[derive(Clone, Debug, PartialEq, Eq)]
struct Labels {
    app: usize,
    tier: Option<usize>,
}

impl Labels {
    fn map(&self) -> BTreeMap<&'static str, &'static str> {
        let mut m = BTreeMap::new();
        m.insert("app", APPS[self.app]);
        if let Some(t) = self.tier {
            m.insert("tier", TIERS[t]);
        }
        m
    }
    fn yaml(&self, indent: usize) -> String {
        let pad = " ".repeat(indent);
        self.map()
            .iter()
            .map(|(k, v)| format!("{pad}{k}: {v}\n"))
            .collect()
    }
    /// Whether these labels, used as an equality selector, select `labels`.
    fn selects(&self, labels: &Labels) -> bool {
        let have = labels.map();
        self.map().iter().all(|(k, v)| have.get(k) == Some(v))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SvcType {
    ClusterIp,
    Headless,
    NodePort,
    ExternalName,
}

#[derive(Clone, Debug)]
struct Port {
    port: u16,
    named: bool,
    /// None: default (= port); Some(Ok(n)) number; Some(Err(name)) named.
    target: Option<Result<u16, &'static str>>,
}

#[derive(Clone, Debug)]
struct Svc {
    ns: usize,
    ty: SvcType,
    selector: Option<Labels>,
    ports: Vec<Port>,
    publish_not_ready: bool,
    /// Endpoints written for this Service: (ready IPs, not-ready IPs).
    endpoints: Option<(Vec<usize>, Vec<usize>)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Readiness {
    NoStatus,
    Ready,
    NotReady,
    Pending,
    Succeeded,
}

#[derive(Clone, Debug)]
enum Workload {
    StatefulSet {
        ns: usize,
        replicas: u8,
        service: usize,
        labels: Labels,
    },
    Deployment {
        ns: usize,
        replicas: u8,
        labels: Labels,
    },
    Pod {
        ns: usize,
        labels: Labels,
        readiness: Readiness,
        ip: Option<usize>,
        subdomain: Option<usize>,
    },
}

#[derive(Clone, Debug)]
struct Model {
    services: Vec<Svc>,
    workloads: Vec<Workload>,
    /// StatefulSet pods (`ns/name`) marked not ready through `State`.
    not_ready: Vec<(usize, u8)>,
}

fn labels() -> impl Strategy<Value = Labels> {
    (0..APPS.len(), proptest::option::of(0..TIERS.len()))
        .prop_map(|(app, tier)| Labels { app, tier })
}

fn port() -> impl Strategy<Value = Port> {
    (
        any::<bool>(),
        prop_oneof![
            Just(None),
            Just(Some(Ok(8080))),
            Just(Some(Ok(5432))),
            Just(Some(Err("http"))),
            Just(Some(Err("db"))),
        ],
    )
        .prop_map(|(named, target)| Port {
            port: 0,
            named,
            target,
        })
}

fn service() -> impl Strategy<Value = Svc> {
    (
        0..NAMESPACES.len(),
        prop_oneof![
            Just(SvcType::ClusterIp),
            Just(SvcType::Headless),
            Just(SvcType::Headless),
            Just(SvcType::NodePort),
            Just(SvcType::ExternalName),
        ],
        proptest::option::weighted(0.8, labels()),
        proptest::collection::vec(port(), 1..4),
        any::<bool>(),
        proptest::option::weighted(
            0.4,
            (
                proptest::collection::vec(0..EP_IP_POOL.len(), 1..4),
                proptest::collection::vec(0..EP_IP_POOL.len(), 0..3),
            ),
        ),
    )
        .prop_map(|(ns, ty, selector, mut ports, pnr, endpoints)| {
            const NUMBERS: &[u16] = &[80, 443, 5432, 8080, 9000];
            for (i, p) in ports.iter_mut().enumerate() {
                p.port = NUMBERS[i % NUMBERS.len()];
            }
            // The API server requires names when there is more than one port.
            if ports.len() > 1 {
                for p in &mut ports {
                    p.named = true;
                }
            }
            Svc {
                ns,
                ty,
                selector: if ty == SvcType::ExternalName {
                    None
                } else {
                    selector
                },
                ports,
                publish_not_ready: pnr && ty == SvcType::Headless,
                endpoints,
            }
        })
}

fn workload(services: usize) -> impl Strategy<Value = Workload> {
    prop_oneof![
        (0..NAMESPACES.len(), 0u8..4, 0..services.max(1), labels()).prop_map(
            |(ns, replicas, service, labels)| Workload::StatefulSet {
                ns,
                replicas,
                service,
                labels
            }
        ),
        (0..NAMESPACES.len(), 0u8..4, labels()).prop_map(|(ns, replicas, labels)| {
            Workload::Deployment {
                ns,
                replicas,
                labels,
            }
        }),
        (
            0..NAMESPACES.len(),
            labels(),
            prop_oneof![
                Just(Readiness::NoStatus),
                Just(Readiness::Ready),
                Just(Readiness::NotReady),
                Just(Readiness::Pending),
                Just(Readiness::Succeeded),
            ],
            proptest::option::of(0..POD_IP_POOL.len()),
            proptest::option::of(0..services.max(1)),
        )
            .prop_map(|(ns, labels, readiness, ip, subdomain)| Workload::Pod {
                ns,
                labels,
                readiness,
                ip,
                subdomain,
            }),
    ]
}

fn model() -> impl Strategy<Value = Model> {
    proptest::collection::vec(service(), 1..7).prop_flat_map(|services| {
        let n = services.len();
        (
            Just(services),
            proptest::collection::vec(workload(n), 0..10),
            proptest::collection::vec((0usize..10, 0u8..4), 0..4),
        )
            .prop_map(|(services, workloads, not_ready)| Model {
                services,
                workloads,
                not_ready,
            })
    })
}

const CONTAINER: &str = "      containers:\n      - name: main\n        image: busybox\n        ports:\n        - name: http\n          containerPort: 8080\n        - name: db\n          containerPort: 5432\n";

impl Model {
    /// One YAML document per object.
    fn documents(&self) -> Vec<String> {
        let mut docs = Vec::new();
        for (i, s) in self.services.iter().enumerate() {
            let ns = NAMESPACES[s.ns];
            let mut d = format!(
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: s{i}\n  namespace: {ns}\nspec:\n"
            );
            match s.ty {
                SvcType::ClusterIp => {}
                SvcType::Headless => d.push_str("  clusterIP: None\n"),
                SvcType::NodePort => d.push_str("  type: NodePort\n"),
                SvcType::ExternalName => d.push_str(&format!(
                    "  type: ExternalName\n  externalName: db{i}.example.com\n"
                )),
            }
            if s.publish_not_ready {
                d.push_str("  publishNotReadyAddresses: true\n");
            }
            if let Some(sel) = &s.selector {
                d.push_str("  selector:\n");
                d.push_str(&sel.yaml(4));
            }
            d.push_str("  ports:\n");
            for (j, p) in s.ports.iter().enumerate() {
                d.push_str(&format!("  - port: {}\n", p.port));
                if p.named {
                    d.push_str(&format!("    name: p{j}\n"));
                }
                match p.target {
                    None => {}
                    Some(Ok(n)) => d.push_str(&format!("    targetPort: {n}\n")),
                    Some(Err(name)) => d.push_str(&format!("    targetPort: {name}\n")),
                }
            }
            docs.push(d);
            if let Some((ready, not_ready)) = &s.endpoints {
                let mut d = format!(
                    "apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: s{i}\n  namespace: {ns}\nsubsets:\n- ports:\n  - port: 5432\n"
                );
                if !ready.is_empty() {
                    d.push_str("  addresses:\n");
                    for ip in ready {
                        d.push_str(&format!("  - ip: {}\n", EP_IP_POOL[*ip]));
                    }
                }
                if !not_ready.is_empty() {
                    d.push_str("  notReadyAddresses:\n");
                    for ip in not_ready {
                        d.push_str(&format!("  - ip: {}\n", EP_IP_POOL[*ip]));
                    }
                }
                docs.push(d);
            }
        }
        for (i, w) in self.workloads.iter().enumerate() {
            docs.push(match w {
                Workload::StatefulSet {
                    ns,
                    replicas,
                    service,
                    labels,
                } => format!(
                    "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db{i}\n  namespace: {}\nspec:\n  serviceName: s{service}\n  replicas: {replicas}\n  selector:\n    matchLabels:\n{}  template:\n    metadata:\n      labels:\n{}    spec:\n{CONTAINER}",
                    NAMESPACES[*ns],
                    labels.yaml(6),
                    labels.yaml(8)
                ),
                Workload::Deployment {
                    ns,
                    replicas,
                    labels,
                } => format!(
                    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web{i}\n  namespace: {}\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n{}  template:\n    metadata:\n      labels:\n{}    spec:\n{CONTAINER}",
                    NAMESPACES[*ns],
                    labels.yaml(6),
                    labels.yaml(8)
                ),
                Workload::Pod {
                    ns,
                    labels,
                    readiness,
                    ip,
                    subdomain,
                } => {
                    let mut d = format!(
                        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p{i}\n  namespace: {}\n  labels:\n{}spec:\n",
                        NAMESPACES[*ns],
                        labels.yaml(4)
                    );
                    if let Some(s) = subdomain {
                        d.push_str(&format!("  hostname: h{i}\n  subdomain: s{s}\n"));
                    }
                    // The pod template's container, four columns to the left.
                    for l in CONTAINER.lines() {
                        d.push_str(&l[4..]);
                        d.push('\n');
                    }
                    let (phase, cond) = match readiness {
                        Readiness::NoStatus => (None, None),
                        Readiness::Ready => (Some("Running"), Some("True")),
                        Readiness::NotReady => (Some("Running"), Some("False")),
                        Readiness::Pending => (Some("Pending"), None),
                        Readiness::Succeeded => (Some("Succeeded"), None),
                    };
                    if phase.is_some() || ip.is_some() {
                        d.push_str("status:\n");
                        if let Some(p) = phase {
                            d.push_str(&format!("  phase: {p}\n"));
                        }
                        if let Some(ip) = ip {
                            d.push_str(&format!("  podIP: {}\n", POD_IP_POOL[*ip]));
                        }
                        if let Some(c) = cond {
                            d.push_str(&format!(
                                "  conditions:\n  - type: Ready\n    status: \"{c}\"\n"
                            ));
                        }
                    }
                    d
                }
            });
        }
        docs
    }

    fn options(&self) -> Options {
        let mut o = Options::default();
        for &(w, ord) in &self.not_ready {
            if let Some(Workload::StatefulSet { ns, .. }) = self.workloads.get(w) {
                o.state
                    .not_ready
                    .insert(format!("{}/db{w}-{ord}", NAMESPACES[*ns]));
            }
        }
        o
    }

    /// How many A records CoreDNS gives for headless Service `i`, counted
    /// from the model: the EndpointSlice controller publishes the pods the
    /// selector matches in the Service's namespace (not Succeeded/Failed),
    /// ready ones only unless `publishNotReadyAddresses`; CoreDNS answers
    /// one A per distinct ready address. A selectorless Service gets the
    /// mirrored Endpoints' `addresses` (ready) instead.
    fn expected_headless_a(&self, i: usize) -> usize {
        let s = &self.services[i];
        let Some(sel) = &s.selector else {
            let ips: BTreeSet<usize> = s
                .endpoints
                .iter()
                .flat_map(|(ready, _)| ready.iter().copied())
                .collect();
            return ips.len();
        };
        let not_ready: BTreeSet<(usize, u8)> = self.not_ready.iter().copied().collect();
        let mut allocated = 0usize; // allocated IPs are unique
        let mut written: BTreeSet<usize> = BTreeSet::new();
        for (w, wl) in self.workloads.iter().enumerate() {
            match wl {
                Workload::StatefulSet {
                    ns,
                    replicas,
                    labels,
                    ..
                } if *ns == s.ns && sel.selects(labels) => {
                    allocated += (0..*replicas)
                        .filter(|o| s.publish_not_ready || !not_ready.contains(&(w, *o)))
                        .count();
                }
                Workload::Deployment {
                    ns,
                    replicas,
                    labels,
                } if *ns == s.ns && sel.selects(labels) => allocated += *replicas as usize,
                Workload::Pod {
                    ns,
                    labels,
                    readiness,
                    ip,
                    ..
                } if *ns == s.ns && sel.selects(labels) => {
                    let ready = matches!(readiness, Readiness::NoStatus | Readiness::Ready);
                    let listed = match readiness {
                        Readiness::Succeeded => false,
                        _ => ready || s.publish_not_ready,
                    };
                    if listed {
                        match ip {
                            Some(ip) => {
                                written.insert(*ip);
                            }
                            // A Pending pod without status.podIP has no
                            // address yet: the EndpointSlice controller
                            // skips it (ShouldPodBeInEndpoints).
                            None if *readiness == Readiness::Pending => {}
                            None => allocated += 1,
                        }
                    }
                }
                _ => {}
            }
        }
        allocated + written.len()
    }
}

fn run(docs: &[String], options: &Options) -> Analysis {
    let text: String = docs.iter().map(|d| format!("---\n{d}")).collect();
    analyze(
        &[Input {
            name: "gen.yaml",
            text: &text,
        }],
        options,
    )
}

const ASKED: &[RecordType] = &[
    RecordType::A,
    RecordType::Aaaa,
    RecordType::Srv,
    RecordType::Cname,
    RecordType::Ptr,
    RecordType::Txt,
    RecordType::Any,
];

/// Every owner name in the zone, asked every type; plus each Service's
/// names. Returns every response.
fn ask_everything(a: &Analysis) -> Vec<coredns::Response> {
    let zone = a.kubernetes().zone();
    let mut names: BTreeSet<String> = zone.iter().map(|r| r.owner.to_ascii_lowercase()).collect();
    for s in &a.cluster.services {
        names.insert(format!("{}.{}.svc.cluster.local.", s.name, s.namespace));
        for p in &s.ports {
            names.insert(format!(
                "_{}._{}.{}.{}.svc.cluster.local.",
                p.name,
                p.protocol.to_ascii_lowercase(),
                s.name,
                s.namespace
            ));
        }
    }
    let mut out = Vec::new();
    for n in &names {
        for t in ASKED {
            out.push(a.kubernetes().answer(n, *t));
        }
    }
    out
}

fn zone_lines(a: &Analysis) -> BTreeSet<String> {
    a.kubernetes()
        .zone()
        .iter()
        .map(|r| r.to_lowercase_line())
        .collect()
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 96,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// `svcdns dump` is cluster state (issue 14): manifests simulated,
    /// dumped (as JSON, which is YAML) and read back answer every question
    /// exactly as before: every name of the zone and each Service's names,
    /// every type, with the same status and records. The dump is accepted
    /// whole, and the controllers make nothing of it again.
    #[test]
    fn dump_read_back_answers_every_question_as_before(m in model()) {
        let a = run(&m.documents(), &m.options());
        let list = svcdns::dump::dump(&a.objects, &a.accepted, &a.cluster);
        let json = serde_json::to_string(&list).expect("a dump serializes");
        let back = analyze(&[Input { name: "dump.json", text: &json }], &Options::default());
        let refused: Vec<_> = back
            .diagnostics
            .iter()
            .filter(|d| d.severity == svcdns::diag::Severity::Error)
            .map(|d| d.message.clone())
            .collect();
        prop_assert!(refused.is_empty(), "the dump is refused: {:?}", refused);
        prop_assert_eq!(back.cluster.pods.len(), a.cluster.pods.len(), "pods made again");
        prop_assert_eq!(zone_lines(&back), zone_lines(&a));
        let before = ask_everything(&a);
        let after = ask_everything(&back);
        prop_assert_eq!(before.len(), after.len());
        for (x, y) in before.iter().zip(&after) {
            prop_assert_eq!(x.status(), y.status());
            prop_assert_eq!(&x.answer, &y.answer);
        }
    }

    /// A headless Service answers one A record per distinct ready endpoint
    /// IPv4 address: in the simulated EndpointSlices (CoreDNS's input), and
    /// as the EndpointSlice controller would publish them from the model.
    #[test]
    fn headless_a_count_equals_distinct_ready_endpoint_ips(m in model()) {
        let a = run(&m.documents(), &m.options());
        for (i, s) in m.services.iter().enumerate() {
            if s.ty != SvcType::Headless {
                continue;
            }
            let ns = NAMESPACES[s.ns];
            let name = format!("s{i}");
            let r = a.kubernetes().answer(&format!("{name}.{ns}.svc.cluster.local."), RecordType::A);
            let got: Vec<_> = r.answer.iter().filter(|r| r.record_type() == RecordType::A).collect();
            let in_slices: BTreeSet<_> = a
                .cluster
                .slices_of(ns, &name)
                .flat_map(|sl| sl.endpoints.iter())
                .filter(|e| e.ready != Some(false))
                .flat_map(|e| e.addresses.iter())
                .filter(|ip| ip.is_ipv4())
                .collect();
            prop_assert_eq!(got.len(), in_slices.len(), "slices: {:?}\nanswer: {:?}", in_slices, r.answer);
            prop_assert_eq!(got.len(), m.expected_headless_a(i), "service s{} in {}: {:?}", i, ns, r.answer);
        }
    }

    /// Regular (ClusterIP, NodePort) Services answer exactly their one
    /// cluster IP, whatever their endpoints.
    #[test]
    fn regular_service_answers_its_cluster_ip(m in model()) {
        let a = run(&m.documents(), &m.options());
        for (i, s) in m.services.iter().enumerate() {
            if !matches!(s.ty, SvcType::ClusterIp | SvcType::NodePort) {
                continue;
            }
            let ns = NAMESPACES[s.ns];
            let svc = a.cluster.service(ns, &format!("s{i}")).expect("accepted service exists");
            prop_assert_eq!(svc.cluster_ips.len(), 1);
            let r = a.kubernetes().answer(&format!("s{i}.{ns}.svc.cluster.local."), RecordType::A);
            prop_assert_eq!(r.answer.len(), 1);
            prop_assert_eq!(&r.answer[0].rdata, &match svc.cluster_ips[0] {
                std::net::IpAddr::V4(v4) => RData::A(v4),
                std::net::IpAddr::V6(v6) => RData::Aaaa(v6),
            });
            // A pod in the same namespace finds it by its short name, on
            // the first search domain (`<ns>.svc.cluster.local`).
            let res = resolver::resolve_with(&a.kubernetes(), &format!("s{i}"), RecordType::A, ns);
            prop_assert_eq!(res.answered, Some(0));
            prop_assert_eq!(&res.tried[0].0, &format!("s{i}.{ns}.svc.cluster.local."));
        }
    }

    /// Every SRV target inside the cluster zone, in any answer, resolves to
    /// at least one A or AAAA record.
    #[test]
    fn every_srv_target_resolves(m in model()) {
        let a = run(&m.documents(), &m.options());
        let mut targets = BTreeSet::new();
        for r in ask_everything(&a) {
            for rec in r.answer.iter().chain(r.additional.iter()) {
                if let RData::Srv { target, .. } = &rec.rdata {
                    targets.insert(target.to_ascii_lowercase());
                }
            }
        }
        for t in &targets {
            if !t.ends_with(".cluster.local.") {
                continue; // ExternalName targets go upstream.
            }
            let a4 = a.kubernetes().answer(t, RecordType::A);
            let a6 = a.kubernetes().answer(t, RecordType::Aaaa);
            prop_assert!(
                a4.answer.iter().chain(a6.answer.iter()).any(|r| matches!(r.rdata, RData::A(_) | RData::Aaaa(_))),
                "SRV target {} does not resolve: A {} {:?}, AAAA {} {:?}",
                t, a4.status(), a4.reasons, a6.status(), a6.reasons
            );
        }
    }

    /// The zone listing is what `answer` gives: every listed record (each
    /// once) is in the answer to its own name and type, and every record an answer
    /// gives for a listed name, owned by that name, is listed (A/AAAA on
    /// `_port._proto` names and SRV on pod names aside: the listing leaves
    /// those out).
    #[test]
    fn zone_listing_agrees_with_answers(m in model()) {
        let a = run(&m.documents(), &m.options());
        let k = coredns::Kubernetes::new(&a.cluster);
        let zone = k.zone();
        let mut seen = BTreeSet::new();
        for r in &zone {
            prop_assert!(seen.insert(r.to_string()), "{r} is listed twice");
            let answer = k.answer(&r.owner, r.record_type());
            prop_assert!(answer.answer.contains(r), "{r} listed, answer gives {:?}", answer.answer);
        }
        let names: BTreeSet<&str> = zone.iter().map(|r| r.owner.as_str()).collect();
        for name in names {
            for t in [RecordType::A, RecordType::Aaaa, RecordType::Cname, RecordType::Srv, RecordType::Txt, RecordType::Ptr] {
                let pod_name = name.contains(".pod.");
                if (name.starts_with('_') && matches!(t, RecordType::A | RecordType::Aaaa))
                    || (pod_name && t == RecordType::Srv)
                {
                    continue;
                }
                for r in k.answer(name, t).answer.iter().filter(|r| r.owner == name) {
                    prop_assert!(zone.contains(r), "answer({name}, {t:?}) gives {r}, which the zone does not list");
                }
            }
        }
    }

    /// Shuffling the documents changes nothing CoreDNS serves.
    #[test]
    fn answers_do_not_depend_on_document_order(
        (m, shuffled) in model().prop_flat_map(|m| {
            let docs = m.documents();
            (Just(m), Just(docs).prop_shuffle())
        })
    ) {
        let options = m.options();
        let a = run(&m.documents(), &options);
        let b = run(&shuffled, &options);
        let (za, zb) = (zone_lines(&a), zone_lines(&b));
        let only_a: Vec<_> = za.difference(&zb).collect();
        let only_b: Vec<_> = zb.difference(&za).collect();
        prop_assert!(only_a.is_empty() && only_b.is_empty(), "in order only: {:?}\nshuffled only: {:?}", only_a, only_b);
    }

    /// The generator writes only valid objects: the API server accepts all
    /// of them (no error of any stage), and every Service is served.
    #[test]
    fn generated_valid_objects_get_no_error(m in model()) {
        let a = run(&m.documents(), &m.options());
        let errors: Vec<_> = a
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error || d.source == DiagnosticSource::ApiServer)
            .map(|d| (&d.object, &d.message))
            .collect();
        prop_assert!(errors.is_empty(), "{:?}", errors);
        prop_assert!(a.accepted.iter().all(|ok| *ok));
        for (i, s) in m.services.iter().enumerate() {
            let name = format!("s{i}");
            prop_assert!(a.cluster.service(NAMESPACES[s.ns], &name).is_some(), "s{} not served", i);
        }
    }

    /// Mutated text (lines dropped, duplicated, values replaced by hostile
    /// scalars, bytes inserted) never panics anywhere, and every diagnostic
    /// points inside the text.
    #[test]
    fn mutated_manifests_never_panic_and_diagnostics_are_located(
        m in model(),
        edits in proptest::collection::vec((any::<u16>(), 0u8..5, 0..HOSTILE.len()), 1..8),
        ns in 0..NAMESPACES.len(),
    ) {
        let mut lines: Vec<String> = m
            .documents()
            .iter()
            .flat_map(|d| std::iter::once("---".to_string()).chain(d.lines().map(String::from)))
            .collect();
        for (at, op, h) in edits {
            if lines.is_empty() {
                break;
            }
            let i = at as usize % lines.len();
            match op {
                0 => {
                    lines.remove(i);
                }
                1 => {
                    let l = lines[i].clone();
                    lines.insert(i, l);
                }
                2 => {
                    if let Some(c) = lines[i].find(": ") {
                        lines[i] = format!("{}: {}", &lines[i][..c], HOSTILE[h]);
                    }
                }
                3 => {
                    let l = &mut lines[i];
                    let at = (at as usize / 7) % (l.len() + 1);
                    if l.is_char_boundary(at) {
                        l.insert_str(at, HOSTILE[h]);
                    }
                }
                _ => lines[i] = format!("  {}", lines[i]),
            }
        }
        let text = lines.join("\n");
        let a = analyze(&[Input { name: "mutated.yaml", text: &text }], &m.options());
        let last_line = text.lines().count() as u32 + 1;
        for d in &a.diagnostics {
            prop_assert!(d.location.line >= 1 && d.location.line <= last_line, "{:?}", d);
            prop_assert!(d.location.column >= 1, "{:?}", d);
        }
        let _ = a.statefulsets();
        let _ = ask_everything(&a);
        for s in &a.cluster.services {
            let _ = resolver::resolve_with(&a.kubernetes(), &s.name, RecordType::Srv, NAMESPACES[ns]);
            let _ = resolver::resolve_with(&a.kubernetes(), &format!("{}.{}", s.name, s.namespace), RecordType::A, NAMESPACES[ns]);
        }
    }
}

const HOSTILE: &[&str] = &[
    "",
    "~",
    "[",
    "{a: [}",
    "\t",
    "&a",
    "*a",
    "!!binary x",
    "\"\\u0000\"",
    "'",
    "-1",
    "2147483648",
    "1e400",
    "0x7fffffffffffffff",
    ".nan",
    "yes",
    "None",
    "[a, b]",
    "{}",
    "\u{202e}rtl",
    "\u{0007}",
    "- x",
    "? k",
    "|",
    ">-",
    "%YAML 1.2",
    "---",
    "...",
    "a: b: c",
    "Ünïcödé.例え",
];
