//! Wiring checks: objects the API server accepts but that DNS will not
//! treat the way their author probably expects.
//!
//! Every finding is decided on the simulated [`Cluster`] (which pods exist,
//! which Services select them, what the EndpointSlices hold, readiness), not
//! on guesses from the text alone. Each says what is wrong, what it does to
//! DNS, and how to fix it; where practice is divided (a StatefulSet whose
//! pods nobody addresses by name), it explains rather than condemns.
//!
//! Codes: [`crate::diag::LintCode`] (`SVCDNS001`..., stable, never reused;
//! each documented there).

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::api::{Object, PodSpec, Resource};
use crate::cluster::{Cluster, Pod, PodPhase, Service, ServiceType, TargetPort};
use crate::controllers::{selector_matches, PodLabelIndex};
use crate::coredns::ClusterIndex;
use crate::diag::{Code, Diagnostic, DiagnosticSource, LintCode, Location, Severity};
use crate::support::keymap::{self, Key, Table};
use crate::support::sorted::SortedMap;

mod endpoints;
mod pod;
mod service;
mod statefulset;

/// Longest DNS label (RFC 1035), and so longest pod hostname.
const MAX_LABEL: usize = 63;
/// Longest name in text form, without the trailing dot.
const MAX_NAME: usize = 253;
/// Longest FQDN the kubelet accepts as a hostname with `setHostnameAsFQDN`.
const MAX_HOSTNAME_FQDN: usize = 64;
/// Longest hash the StatefulSet controller appends to a ControllerRevision
/// name: `SafeEncodeString` of a 32-bit hash in decimal, at most 10 digits.
const MAX_REVISION_HASH: usize = 10;

/// Words that suggest a workload whose peers or clients address members by
/// name (databases, brokers, consensus stores).
const STATEFUL_WORDS: &[&str] = &[
    "mysql",
    "mariadb",
    "galera",
    "postgres",
    "postgresql",
    "pg",
    "mongo",
    "mongodb",
    "redis",
    "kafka",
    "zookeeper",
    "zk",
    "cassandra",
    "elasticsearch",
    "opensearch",
    "etcd",
    "rabbitmq",
    "nats",
    "consul",
    "cockroach",
    "cockroachdb",
    "db",
    "database",
    "solr",
    "clickhouse",
    "minio",
];

/// Run every wiring check over the accepted objects.
///
/// `accepted[i]` says whether the API server would accept `objects[i]`;
/// rejected objects get no lints (their errors say enough), and they do not
/// exist in `cluster`; `index` is CoreDNS's index of it. `workload_pods` maps `Kind/namespace/name` to the
/// pods the workload's controller made.
pub fn lint(
    objects: &[Arc<Object>],
    accepted: &[bool],
    cluster: &Cluster,
    index: &ClusterIndex,
    workload_pods: &SortedMap<Vec<String>>,
) -> Vec<Diagnostic> {
    let cx = Cx {
        objects,
        accepted,
        cluster,
        workload_pods,
        zone: cluster.config.zone.trim_end_matches('.'),
        pod_labels: std::cell::OnceCell::new(),
        headless_by_selector: {
            let mut m = Table::default();
            for (i, svc) in cluster.services.iter().enumerate() {
                let first = svc.selector.as_ref().and_then(|s| s.iter().next());
                if let (true, Some((k, v))) = (svc.headless, first) {
                    let key = Key::new(&[svc.namespace.as_bytes(), k.as_bytes(), v.as_bytes()]);
                    keymap::add(&mut m, key, i);
                }
            }
            m
        },
        index,
    };
    let mut out = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        if !cx.live(i) {
            continue;
        }
        match &o.resource {
            Resource::StatefulSet(_) => cx.statefulset(o, &mut out),
            Resource::Service(_) => cx.service(o, &mut out),
            Resource::Pod(p) => {
                cx.pod_spec(o, "spec", &p.spec, std::slice::from_ref(&o.name), &mut out)
            }
            Resource::Deployment(w)
            | Resource::ReplicaSet(w)
            | Resource::ReplicationController(w)
            | Resource::DaemonSet(w) => {
                let pods = cx.pods_of(o);
                cx.pod_spec(
                    o,
                    "spec.template.spec",
                    &w.spec.template.spec,
                    pods,
                    &mut out,
                );
                if !matches!(o.resource, Resource::DaemonSet(_)) {
                    cx.workload_behind_headless(o, &w.spec.template.spec, pods, &mut out);
                }
            }
            Resource::Endpoints(_) => cx.endpoints(o, &mut out),
            Resource::EndpointSlice(s) => cx.endpoint_slice(o, &s.metadata.labels, &mut out),
            _ => {}
        }
    }
    out
}

/// Positions of Services by (namespace, first selector key, value), on
/// the index's [`Table`] (one hash-table copy in the bundle).
type ServicesBySelector = Table;

struct Cx<'a> {
    objects: &'a [Arc<Object>],
    accepted: &'a [bool],
    cluster: &'a Cluster,
    workload_pods: &'a SortedMap<Vec<String>>,
    zone: &'a str,
    /// Pods by label, for selectors.
    /// Built on first use (only Service lints select pods).
    pod_labels: std::cell::OnceCell<PodLabelIndex<'a>>,
    /// Headless Services by (namespace, first selector pair).
    headless_by_selector: ServicesBySelector,
    /// Services and EndpointSlices by name.
    index: &'a ClusterIndex,
}

/// The pieces of one lint.
struct Lint<'s> {
    severity: Severity,
    code: LintCode,
    field: &'s str,
    message: String,
    consequence: String,
    fix: String,
}

fn emit(o: &Object, l: Lint<'_>, out: &mut Vec<Diagnostic>) {
    let pos = o.locate(l.field);
    out.push(Diagnostic {
        severity: l.severity,
        source: DiagnosticSource::Lint,
        code: Code::Lint(l.code),
        object: Some(o.id()),
        field: Some(l.field.to_string()),
        error_type: None,
        detail: l.message.clone(),
        message: l.message,
        consequence: Some(l.consequence),
        fix: Some(l.fix),
        location: Location {
            file: o.file,
            document: o.document,
            line: pos.line,
            column: pos.column,
        },
    });
}

/// `a=b,c=d`, as `kubectl get -l` takes it.
fn selector_text(sel: &BTreeMap<String, String>) -> String {
    sel.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// Whether a Service's selector selects pods with these labels (as the
/// EndpointSlice controller decides: no selector, an empty selector or an
/// ExternalName Service selects nothing).
fn selects(svc: &Service, labels: &BTreeMap<String, String>) -> bool {
    svc.service_type != ServiceType::ExternalName
        && svc
            .selector
            .as_ref()
            .is_some_and(|s| !s.is_empty() && selector_matches(s, labels))
}

/// Pods the EndpointSlice controller considers (not finished).
fn live_pod(p: &Pod) -> bool {
    !matches!(p.phase, PodPhase::Succeeded | PodPhase::Failed)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

impl<'a> Cx<'a> {
    /// Headless Services in `ns` whose selector selects these labels, in
    /// cluster order. A selector can only select labels that include its
    /// first pair, so Services are indexed by it (as pods are by label).
    fn headless_selecting_labels(
        &self,
        ns: &str,
        labels: &BTreeMap<String, String>,
    ) -> Vec<&'a Service> {
        let services = &self.cluster.services;
        let by_pair = &self.headless_by_selector;
        let mut found: Vec<usize> = labels
            .iter()
            .flat_map(|(k, v)| keymap::find(by_pair, &[ns.as_bytes(), k.as_bytes(), v.as_bytes()]))
            .copied()
            .collect();
        crate::support::sort::sort_by(&mut found, Ord::cmp);
        found
            .into_iter()
            .filter_map(|i| services.get(i))
            .filter(|svc| selects(svc, labels))
            .collect()
    }

    fn pod_labels(&self) -> &PodLabelIndex<'a> {
        self.pod_labels
            .get_or_init(|| PodLabelIndex::new(&self.cluster.pods, &self.cluster.services))
    }

    fn live(&self, i: usize) -> bool {
        self.accepted.get(i).copied().unwrap_or(false)
            && self.objects.get(i).is_some_and(|o| !o.decode_failed)
    }

    fn svc_fqdn(&self, ns: &str, name: &str) -> String {
        format!("{name}.{ns}.svc.{}", self.zone)
    }

    /// Pods a workload's controller made (names), in order.
    fn pods_of(&self, o: &Object) -> &'a [String] {
        let kind = match &o.resource {
            Resource::StatefulSet(_) => "StatefulSet",
            Resource::Deployment(_) => "Deployment",
            Resource::ReplicaSet(_) => "ReplicaSet",
            Resource::DaemonSet(_) => "DaemonSet",
            Resource::ReplicationController(_) => "ReplicationController",
            _ => return &[],
        };
        self.workload_pods
            .get(&[kind, "/", &o.namespace, "/", &o.name].concat())
            .map_or(&[], Vec::as_slice)
    }

    fn cluster_pods(&self, ns: &str, names: &[String]) -> Vec<&'a Pod> {
        names
            .iter()
            .filter_map(|n| self.index.pod(self.cluster, ns, n))
            .collect()
    }

    /// Whether a Service object of this name in this namespace is in the
    /// manifests but rejected.
    fn rejected_service(&self, ns: &str, name: &str) -> bool {
        self.objects.iter().enumerate().any(|(i, o)| {
            matches!(o.resource, Resource::Service(_) | Resource::Other)
                && o.kind == "Service"
                && o.namespace == ns
                && o.name == name
                && !self.live(i)
        })
    }

    /// A headless Service in `ns` selecting pods with these labels, to
    /// suggest as a `serviceName`.
    fn headless_selecting(&self, ns: &str, labels: &BTreeMap<String, String>) -> Option<&'a str> {
        self.cluster
            .services
            .iter()
            .find(|s| s.namespace == ns && s.headless && selects(s, labels))
            .map(|s| s.name.as_str())
    }
}
