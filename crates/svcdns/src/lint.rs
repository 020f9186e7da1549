//! Wiring checks: objects the API server accepts but that DNS will not
//! treat the way their author probably expects.
//!
//! Every finding is decided on the simulated [`Cluster`] (which pods exist,
//! which Services select them, what the EndpointSlices hold, readiness), not
//! on guesses from the text alone. Each says what is wrong, what it does to
//! DNS, and how to fix it; where practice is divided (a StatefulSet whose
//! pods nobody addresses by name), it explains rather than condemns.
//!
//! Codes (stable; never reused):
//! - `SVCDNS001` (info) StatefulSet without `serviceName`: its pods get no
//!   per-pod DNS names.
//! - `SVCDNS002` StatefulSet `serviceName` names a Service that does not
//!   exist (or that the API server rejects).
//! - `SVCDNS003` StatefulSet `serviceName` names a Service that exists only
//!   in another namespace.
//! - `SVCDNS004` StatefulSet `serviceName` names a Service that does not
//!   select (all of) the StatefulSet's pods.
//! - `SVCDNS005` The Service that gives pods their names (`serviceName`, or
//!   a pod's `subdomain`) is not headless: CoreDNS still serves the per-pod
//!   names, but the Service name answers its virtual IP, and only headless
//!   Services are promised per-pod names by the DNS specification.
//! - `SVCDNS006` (retired) StatefulSet `serviceName` not a DNS label: since
//!   Kubernetes 1.33 the API server refuses it (see `validate`).
//! - `SVCDNS007` A Service selector matches no pod.
//! - `SVCDNS008` A headless Service has no ready endpoints: NXDOMAIN.
//! - `SVCDNS009` (info) An unnamed Service port: no `_port._proto` SRV name.
//! - `SVCDNS010` A pod `subdomain` that no Service of that name (in the
//!   pod's namespace) selects.
//! - `SVCDNS011` A pod with `subdomain` but no `hostname`: no per-pod name.
//! - `SVCDNS012` StatefulSet pod names longer than 63 characters: the
//!   hostname label is rejected, no pod is created.
//! - `SVCDNS013` StatefulSet name longer than 52 characters: the
//!   `controller-revision-hash` label value exceeds 63, no pod is created.
//! - `SVCDNS014` A pod FQDN longer than 253 characters.
//! - `SVCDNS015` `setHostnameAsFQDN` with an FQDN longer than 64
//!   characters: the kubelet cannot start the pod.
//! - `SVCDNS016` `sessionAffinity: ClientIP` on a headless Service
//!   (meaningless: there is no virtual IP to pin).
//! - `SVCDNS017` A Deployment or ReplicaSet behind a headless Service: its
//!   pods have dashed-IP names that change when they are replaced (warning
//!   when the manifests suggest stable names are expected, info otherwise).
//! - `SVCDNS018` (info) `publishNotReadyAddresses: true`: not-ready pods are
//!   answered in DNS.
//! - `SVCDNS019` Endpoints for a Service that has a selector: ignored.
//! - `SVCDNS020` Endpoints with no Service of that name: never mirrored.
//! - `SVCDNS021` EndpointSlice without the `kubernetes.io/service-name`
//!   label: CoreDNS ignores it.
//! - `SVCDNS022` EndpointSlice whose `kubernetes.io/service-name` names no
//!   Service.
//! - `SVCDNS023` `targetPort` names a container port that selected pods do
//!   not have: the port is left out of their endpoints.
//! - `SVCDNS024` (info) StatefulSet pod template sets `hostname` or
//!   `subdomain`: the controller overwrites both.
//! - `SVCDNS025` A Deployment, ReplicaSet or DaemonSet template sets
//!   `hostname` and `subdomain`: every replica shares one name, which
//!   answers with all their IPs.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::api::{Object, PodSpec, Resource};
use crate::cluster::{Cluster, Pod, PodPhase, Service, ServiceType, TargetPort};
use crate::controllers::{selector_matches, PodLabelIndex};
use crate::coredns::ClusterIndex;
use crate::diag::{Diagnostic, DiagnosticSource, Location, Severity};
use crate::support::keymap::{self, Key, Table};

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
    workload_pods: &BTreeMap<String, Vec<String>>,
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
    workload_pods: &'a BTreeMap<String, Vec<String>>,
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
    code: &'static str,
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
        code: l.code.to_string(),
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

    // ---- StatefulSets -------------------------------------------------

    fn statefulset(&self, o: &Object, out: &mut Vec<Diagnostic>) {
        let Resource::StatefulSet(s) = &o.resource else {
            return;
        };
        let ns = o.namespace.as_str();
        let names = self.pods_of(o);
        let pods = self.cluster_pods(ns, names);
        let template_labels = &s.spec.template.metadata.labels;
        // Labels to match Services against: the pods' own when there are
        // any (they carry the controller's labels too), else the template's.
        let label_sets: Vec<&BTreeMap<String, String>> = if pods.is_empty() {
            vec![template_labels]
        } else {
            pods.iter().map(|p| &p.labels).collect()
        };
        let first = names
            .first()
            .cloned()
            .unwrap_or_else(|| format!("{}-0", o.name));

        self.statefulset_lengths(o, names, out);

        for (field, what) in [
            ("spec.template.spec.hostname", "hostname"),
            ("spec.template.spec.subdomain", "subdomain"),
        ] {
            let set = match what {
                "hostname" => s.spec.template.spec.hostname.as_deref(),
                _ => s.spec.template.spec.subdomain.as_deref(),
            };
            if set.is_some_and(|v| !v.is_empty()) {
                emit(o, Lint {
                    severity: Severity::Info,
                    code: "SVCDNS024",
                    field,
                    message: format!("The pod template of StatefulSet \"{}\" sets {what}, which the StatefulSet controller overwrites.", o.name),
                    consequence: format!("Each pod's hostname is its own name ({first}) and its subdomain is spec.serviceName, whatever the template says, so DNS names follow those."),
                    fix: format!("Remove {what} from the template; set spec.serviceName to choose the subdomain."),
                }, out);
            }
        }

        let service_name = s.spec.service_name.as_deref().unwrap_or("");
        if service_name.is_empty() {
            let suggestion = label_sets
                .first()
                .and_then(|l| self.headless_selecting(ns, l));
            let fix = match suggestion {
                Some(h) => format!("If anything addresses the pods one by one (replication peers, advertised listeners), add serviceName: {h} (a headless Service that already selects them). If nothing does, this is fine: the API server accepts a StatefulSet without serviceName."),
                None => "If anything addresses the pods one by one (replication peers, advertised listeners), add serviceName naming a headless Service (clusterIP: None) that selects the pods. If nothing does, this is fine: the API server accepts a StatefulSet without serviceName.".to_string(),
            };
            emit(o, Lint {
                severity: Severity::Info,
                code: "SVCDNS001",
                field: "spec.serviceName",
                message: format!("StatefulSet \"{}\" has no spec.serviceName, so its pods get no subdomain.", o.name),
                consequence: format!("No pod gets a per-pod DNS name such as {first}.<service>.{ns}.svc.{}; the pods keep stable names and storage, but in DNS they are reachable only through Services that select them.", self.zone),
                fix,
            }, out);
            return;
        }

        let Some(svc) = self.index.service(self.cluster, ns, service_name) else {
            let elsewhere: Vec<&str> = self
                .cluster
                .services
                .iter()
                .filter(|x| x.name == service_name && x.namespace != ns)
                .map(|x| x.namespace.as_str())
                .collect();
            let selector = selector_text(template_labels);
            if !elsewhere.is_empty() && !self.rejected_service(ns, service_name) {
                emit(o, Lint {
                    severity: Severity::Warning,
                    code: "SVCDNS003",
                    field: "spec.serviceName",
                    message: format!("spec.serviceName \"{service_name}\" names a Service that exists only in namespace {}, not in {ns}.", elsewhere.join(", ")),
                    consequence: format!("Pod names come from a Service in the pod's own namespace, so {first}.{service_name}.{ns}.svc.{} gives NXDOMAIN; the Service in {} cannot select pods of {ns} either.", self.zone, elsewhere[0]),
                    fix: format!("Create the headless Service \"{service_name}\" in namespace {ns} (selector {selector}), or move the StatefulSet to namespace {}.", elsewhere[0]),
                }, out);
            } else {
                let why = if self.rejected_service(ns, service_name) {
                    format!("names Service \"{service_name}\", which the API server rejects (see its error), so it does not exist")
                } else {
                    format!(
                        "names a Service \"{service_name}\" that does not exist in namespace {ns}"
                    )
                };
                let similar = label_sets
                    .first()
                    .and_then(|l| self.headless_selecting(ns, l));
                let fix = match similar {
                    Some(h) => format!("Set serviceName: {h} (a headless Service that selects these pods), or create Service \"{service_name}\" with clusterIP: None and selector {selector}."),
                    None => format!("Create Service \"{service_name}\" in namespace {ns} with clusterIP: None and selector {selector}."),
                };
                emit(o, Lint {
                    severity: Severity::Warning,
                    code: "SVCDNS002",
                    field: "spec.serviceName",
                    message: format!("spec.serviceName {why}."),
                    consequence: format!("The pods still get subdomain {service_name}, but with no Service of that name nothing publishes their hostnames, so {first}.{service_name}.{ns}.svc.{} gives NXDOMAIN.", self.zone),
                    fix,
                }, out);
            }
            return;
        };

        let total = label_sets.len();
        let selected = label_sets.iter().filter(|l| selects(svc, l)).count();
        if selected < total {
            let why = if svc.service_type == ServiceType::ExternalName {
                "is an ExternalName Service, which has no endpoints".to_string()
            } else if svc.selector.as_ref().is_none_or(|s| s.is_empty()) {
                "has no selector, so the EndpointSlice controller writes no endpoints (and no hostnames) for it".to_string()
            } else if selected == 0 {
                format!(
                    "has selector {}, and the pod labels ({}) do not match it",
                    selector_text(svc.selector.as_ref().unwrap_or(&BTreeMap::new())),
                    selector_text(template_labels)
                )
            } else {
                format!(
                    "selects only {selected} of the StatefulSet's {}",
                    plural(total, "pod", "pods")
                )
            };
            let consequence = if selected == 0 {
                format!("The pods' hostnames reach DNS only through an EndpointSlice of a Service that selects them, so {first}.{service_name}.{ns}.svc.{} gives NXDOMAIN and no pod has a per-pod name.", self.zone)
            } else {
                "Only the selected pods get per-pod names; the others give NXDOMAIN under this Service.".to_string()
            };
            emit(o, Lint {
                severity: Severity::Warning,
                code: "SVCDNS004",
                field: "spec.serviceName",
                message: format!("spec.serviceName names Service \"{service_name}\", which {why}."),
                consequence,
                fix: format!("Give Service \"{service_name}\" clusterIP: None and a selector matching the pod template labels ({}).", selector_text(template_labels)),
            }, out);
            return;
        }

        if !svc.headless {
            self.not_headless(o, "spec.serviceName", svc, &first, out);
        }
    }

    /// `SVCDNS005`: a Service that publishes pod hostnames but is not
    /// headless.
    fn not_headless(
        &self,
        o: &Object,
        field: &str,
        svc: &Service,
        host: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        let name = &svc.name;
        let ns = &svc.namespace;
        let via = if field == "spec.serviceName" {
            "spec.serviceName"
        } else {
            "the pod's subdomain"
        };
        emit(o, Lint {
            severity: Severity::Warning,
            code: "SVCDNS005",
            field,
            message: format!("{via} names Service \"{name}\", which is a {} Service, not a headless one.", svc.service_type.as_str()),
            consequence: format!(
                "CoreDNS still serves {host}.{name}.{ns}.svc.{zone} (the EndpointSlice controller copies the hostname because the pod's subdomain is {name}, and CoreDNS serves endpoint names for ClusterIP Services too), but {name}.{ns}.svc.{zone} answers the virtual IP instead of the pod IPs, and the Kubernetes DNS specification (and older kube-dns) only promise per-pod names for headless Services.",
                zone = self.zone
            ),
            fix: format!("Set clusterIP: None on Service \"{name}\" (clusterIP cannot change on an existing Service: delete and recreate it), or keep it for load-balanced clients and add a separate headless Service for the per-pod names."),
        }, out);
    }

    fn statefulset_lengths(&self, o: &Object, names: &[String], out: &mut Vec<Diagnostic>) {
        let Resource::StatefulSet(s) = &o.resource else {
            return;
        };
        let len = o.name.chars().count();
        if len > MAX_LABEL - 1 - MAX_REVISION_HASH {
            emit(o, Lint {
                severity: Severity::Warning,
                code: "SVCDNS013",
                field: "metadata.name",
                message: format!("StatefulSet name \"{}\" is {len} characters; the controller-revision-hash label it puts on every pod, <name>-<hash> with a hash of up to {MAX_REVISION_HASH} characters, can exceed the 63 allowed for a label value.", o.name),
                consequence: "The API server rejects pods whose label value is too long, so the controller creates no pods and none of their names resolve (the StatefulSet itself is accepted).".to_string(),
                fix: format!("Use a StatefulSet name of at most {} characters.", MAX_LABEL - 1 - MAX_REVISION_HASH),
            }, out);
        }
        if let Some(longest) = names.iter().max_by_key(|n| n.chars().count()) {
            let n = longest.chars().count();
            if n > MAX_LABEL {
                emit(o, Lint {
                    severity: Severity::Warning,
                    code: "SVCDNS012",
                    field: "metadata.name",
                    message: format!("Pod name \"{longest}\" is {n} characters, more than the 63 a hostname label may have."),
                    consequence: "The StatefulSet controller sets each pod's hostname to its name, and the API server rejects a hostname over 63 characters, so those pods are never created and have no DNS name.".to_string(),
                    fix: format!("Shorten the StatefulSet name so that <name>-<highest ordinal> fits in 63 characters (at most {} here).", MAX_LABEL.saturating_sub(n.saturating_sub(o.name.chars().count()))),
                }, out);
            }
        }
        // FQDN limits (the service part only matters with a serviceName).
        let svc = s.spec.service_name.as_deref().unwrap_or("");
        if svc.is_empty() {
            return;
        }
        if let Some(longest) = names.iter().max_by_key(|n| n.len()) {
            let fqdn = format!("{longest}.{svc}.{}.svc.{}", o.namespace, self.zone);
            self.fqdn_lengths(
                o,
                "metadata.name",
                &fqdn,
                s.spec.template.spec.set_hostname_as_fqdn == Some(true),
                out,
            );
        }
    }

    fn fqdn_lengths(
        &self,
        o: &Object,
        field: &str,
        fqdn: &str,
        as_hostname: bool,
        out: &mut Vec<Diagnostic>,
    ) {
        if fqdn.len() > MAX_NAME {
            emit(o, Lint {
                severity: Severity::Warning,
                code: "SVCDNS014",
                field,
                message: format!("The pod FQDN {fqdn} is {} characters, more than the 253 a DNS name may have.", fqdn.len()),
                consequence: "No DNS query can carry this name, so the pod is unreachable by it even though CoreDNS holds the endpoint.".to_string(),
                fix: "Shorten the pod, Service or namespace name.".to_string(),
            }, out);
        } else if as_hostname && fqdn.len() > MAX_HOSTNAME_FQDN {
            emit(o, Lint {
                severity: Severity::Warning,
                code: "SVCDNS015",
                field,
                message: format!("setHostnameAsFQDN is true and the pod FQDN {fqdn} is {} characters, more than the 64 the kubelet allows for a hostname.", fqdn.len()),
                consequence: "The kubelet refuses to create the pod sandbox, so the pod never runs and never becomes an endpoint: its name and the Service's answers leave it out.".to_string(),
                fix: "Shorten the names or drop setHostnameAsFQDN.".to_string(),
            }, out);
        }
    }

    // ---- Services -----------------------------------------------------

    fn service(&self, o: &Object, out: &mut Vec<Diagnostic>) {
        let Some(svc) = self.index.service(self.cluster, &o.namespace, &o.name) else {
            return;
        };
        if svc.service_type == ServiceType::ExternalName {
            return;
        }
        let Resource::Service(spec_svc) = &o.resource else {
            return;
        };
        let ns = &svc.namespace;
        let name = &svc.name;
        let fqdn = self.svc_fqdn(ns, name);
        let selector = svc.selector.as_ref().filter(|s| !s.is_empty());
        let selected: Vec<&Pod> = match selector {
            Some(sel) => self
                .pod_labels()
                .select(&self.cluster.pods, Some(ns), sel)
                .collect(),
            None => Vec::new(),
        };

        // SVCDNS007: the selector matches nothing.
        if let Some(sel) = selector {
            if selected.is_empty() {
                let elsewhere: Vec<&str> = self
                    .pod_labels()
                    .select(&self.cluster.pods, None, sel)
                    .filter(|p| &p.namespace != ns)
                    .map(|p| p.namespace.as_str())
                    .collect();
                let consequence = if svc.headless {
                    format!("{fqdn} gives NXDOMAIN: a headless Service answers only with ready endpoints, and it has none.")
                } else {
                    format!("{fqdn} still resolves to the virtual IP, but connections to it fail: there are no endpoints behind it.")
                };
                let fix = if let Some(other) = elsewhere.first() {
                    format!("Pods with these labels exist in namespace {other}; a Service selects only pods in its own namespace, so move one or the other.")
                } else {
                    let known = self.label_hints(ns);
                    if known.is_empty() {
                        "Make the selector equal to the labels of the pod template meant to back this Service.".to_string()
                    } else {
                        format!("Make the selector equal to the labels of the pod template meant to back this Service (pods in {ns} carry {known}).")
                    }
                };
                emit(o, Lint {
                    severity: Severity::Warning,
                    code: "SVCDNS007",
                    field: "spec.selector",
                    message: format!("The selector of Service \"{name}\" ({}) matches no pod in namespace {ns}.", selector_text(sel)),
                    consequence,
                    fix,
                }, out);
            }
        }

        // SVCDNS008: headless with no ready endpoints (but something to show).
        if svc.headless && !(selector.is_some() && selected.is_empty()) {
            let mut total = 0usize;
            let mut ready = 0usize;
            for sl in self.index.slices_of(self.cluster, ns, name) {
                for e in &sl.endpoints {
                    if e.addresses.is_empty() {
                        continue;
                    }
                    total += 1;
                    if e.ready != Some(false) {
                        ready += 1;
                    }
                }
            }
            if ready == 0 {
                let (why, fix) = if selector.is_none() {
                    if total == 0 {
                        (format!("Service \"{name}\" has no selector and no Endpoints or EndpointSlice supplies addresses for it."),
                         format!("Add a selector, or write an Endpoints object named \"{name}\" (or an EndpointSlice labelled kubernetes.io/service-name: {name}) listing the addresses."))
                    } else {
                        (format!("Every address written for Service \"{name}\" is marked not ready."),
                         "List the addresses under addresses (not notReadyAddresses), or set conditions.ready: true.".to_string())
                    }
                } else {
                    let live: Vec<&&Pod> = selected.iter().filter(|p| live_pod(p)).collect();
                    (format!("None of the {} Service \"{name}\" selects is ready.", plural(live.len().max(selected.len()), "pod", "pods")),
                     "CoreDNS answers only with ready endpoints; once a pod passes its readiness probe it appears. If peers must find each other before they are ready (cluster bootstrapping), set publishNotReadyAddresses: true.".to_string())
                };
                emit(o, Lint {
                    severity: Severity::Warning,
                    code: "SVCDNS008",
                    field: if selector.is_some() { "spec.selector" } else { "spec.clusterIP" },
                    message: why,
                    consequence: format!("{fqdn} gives NXDOMAIN for every query type, as the DNS specification requires for a headless Service with no ready endpoints."),
                    fix,
                }, out);
            }
        }

        // SVCDNS009: unnamed ports.
        for (i, p) in svc.ports.iter().enumerate() {
            if !p.name.is_empty() {
                continue;
            }
            let proto = p.protocol.to_ascii_lowercase();
            let suggested = self.port_name_hint(svc, &selected, i);
            emit(o, Lint {
                severity: Severity::Info,
                code: "SVCDNS009",
                field: &format!("spec.ports[{i}]"),
                message: format!("Port {} of Service \"{name}\" has no name.", p.port),
                consequence: format!("There is no _<name>._{proto}.{fqdn} SRV name for it; CoreDNS still lists it in a bare SRV query for {fqdn}, although the DNS specification says unnamed ports get no SRV record."),
                fix: format!("Name the port (name: {suggested}) if clients look it up by SRV; otherwise nothing needs to change."),
            }, out);
        }

        // SVCDNS016: session affinity on a headless Service.
        if svc.headless && spec_svc.spec.session_affinity.as_deref() == Some("ClientIP") {
            emit(o, Lint {
                severity: Severity::Warning,
                code: "SVCDNS016",
                field: "spec.sessionAffinity",
                message: format!("Service \"{name}\" is headless, so sessionAffinity: ClientIP has nothing to act on."),
                consequence: format!("{fqdn} answers the pod IPs themselves; there is no virtual IP for kube-proxy to pin a client to, so each client connects to whichever pod IP it picks."),
                fix: "Remove sessionAffinity, or drop clusterIP: None if clients need sticky load balancing through a virtual IP.".to_string(),
            }, out);
        }

        // SVCDNS018: publishNotReadyAddresses.
        if svc.publish_not_ready_addresses
            && spec_svc.spec.publish_not_ready_addresses == Some(true)
        {
            let consequence = if svc.headless {
                format!("The EndpointSlice controller marks every selected pod ready, so {fqdn} and the per-pod names answer with pods that are still starting or failing their readiness probe.")
            } else {
                format!("The EndpointSlice controller marks every selected pod ready, so the virtual IP of {fqdn} also sends traffic to pods that are not ready.")
            };
            emit(o, Lint {
                severity: Severity::Info,
                code: "SVCDNS018",
                field: "spec.publishNotReadyAddresses",
                message: format!("Service \"{name}\" publishes addresses of pods that are not ready."),
                consequence,
                fix: "Keep it when peers must find each other before they are ready (StatefulSet-based clusters bootstrapping); otherwise remove it so that only ready pods are answered.".to_string(),
            }, out);
        }

        // SVCDNS023: named targetPort missing on selected pods.
        let live: Vec<&Pod> = selected.iter().copied().filter(|p| live_pod(p)).collect();
        if !live.is_empty() {
            for (i, p) in svc.ports.iter().enumerate() {
                let TargetPort::Name(port_name) = &p.target_port else {
                    continue;
                };
                let missing: Vec<&&Pod> = live
                    .iter()
                    .filter(|pod| {
                        !pod.container_ports
                            .iter()
                            .any(|c| &c.name == port_name && c.protocol == p.protocol)
                    })
                    .collect();
                if missing.is_empty() {
                    continue;
                }
                let other_proto = live.iter().any(|pod| {
                    pod.container_ports
                        .iter()
                        .any(|c| &c.name == port_name && c.protocol != p.protocol)
                });
                let who = if live.len() == 1 {
                    format!("the only pod it selects ({}) does not have", live[0].name)
                } else if missing.len() == live.len() {
                    format!("none of the {} pods it selects has", live.len())
                } else {
                    format!(
                        "{} of the {} pods it selects (for example {}) do not have",
                        missing.len(),
                        live.len(),
                        missing[0].name
                    )
                };
                let note = if other_proto {
                    format!(
                        " (a port named {port_name} exists, but not with protocol {})",
                        p.protocol
                    )
                } else {
                    String::new()
                };
                let consequence = if svc.headless {
                    format!("The EndpointSlice controller leaves this port out for those pods, so SRV answers for {fqdn} do not list them on it.")
                } else {
                    format!("The EndpointSlice controller leaves this port out for those pods, so port {} of the virtual IP does not reach them.", p.port)
                };
                emit(o, Lint {
                    severity: Severity::Warning,
                    code: "SVCDNS023",
                    field: &format!("spec.ports[{i}].targetPort"),
                    message: format!("targetPort \"{port_name}\" of Service \"{name}\" names a container port that {who}{note}."),
                    consequence,
                    fix: format!("Name the container port {port_name} (protocol {}) in the pod template, or set targetPort to the port number.", p.protocol),
                }, out);
            }
        }
    }

    /// A few label sets of workloads' pod templates in `ns`, as hints.
    fn label_hints(&self, ns: &str) -> String {
        let mut seen: Vec<String> = Vec::new();
        for (i, o) in self.objects.iter().enumerate() {
            if !self.live(i) || o.namespace != ns {
                continue;
            }
            let labels = match &o.resource {
                Resource::StatefulSet(s) => &s.spec.template.metadata.labels,
                Resource::Deployment(w)
                | Resource::ReplicaSet(w)
                | Resource::ReplicationController(w)
                | Resource::DaemonSet(w) => &w.spec.template.metadata.labels,
                Resource::Pod(p) => &p.metadata.labels,
                _ => continue,
            };
            if labels.is_empty() {
                continue;
            }
            let text = selector_text(labels);
            if !seen.contains(&text) {
                seen.push(text);
            }
        }
        seen.truncate(3);
        seen.join("; ")
    }

    /// A name to suggest for port `i`: the container port's own name when
    /// a selected pod names the target port, else a protocol-port name.
    fn port_name_hint(&self, svc: &Service, selected: &[&Pod], i: usize) -> String {
        let Some(p) = svc.ports.get(i) else {
            return "tcp".into();
        };
        if let TargetPort::Number(n) = p.target_port {
            for pod in selected {
                if let Some(c) = pod
                    .container_ports
                    .iter()
                    .find(|c| c.container_port == n && !c.name.is_empty())
                {
                    return c.name.clone();
                }
            }
        }
        format!("{}-{}", p.protocol.to_ascii_lowercase(), p.port)
    }

    // ---- Pods and pod templates -----------------------------------------

    /// `subdomain`/`hostname` checks for a Pod or a non-StatefulSet pod
    /// template; `pods` are the pod names made from it.
    fn pod_spec(
        &self,
        o: &Object,
        base: &str,
        spec: &PodSpec,
        pods: &[String],
        out: &mut Vec<Diagnostic>,
    ) {
        let Some(sub) = spec.subdomain.as_deref().filter(|s| !s.is_empty()) else {
            return;
        };
        let ns = &o.namespace;
        let field = format!("{base}.subdomain");
        let cluster_pods = self.cluster_pods(ns, pods);
        let template = base != "spec";
        let labels: Vec<&BTreeMap<String, String>> = if cluster_pods.is_empty() {
            match &o.resource {
                Resource::Deployment(w)
                | Resource::ReplicaSet(w)
                | Resource::ReplicationController(w)
                | Resource::DaemonSet(w) => {
                    vec![&w.spec.template.metadata.labels]
                }
                Resource::Pod(p) => vec![&p.metadata.labels],
                _ => Vec::new(),
            }
        } else {
            cluster_pods.iter().map(|p| &p.labels).collect()
        };
        let what = if template {
            format!("the pods of {} \"{}\"", o.kind, o.name)
        } else {
            format!("pod \"{}\"", o.name)
        };
        let hostname = spec.hostname.as_deref().filter(|h| !h.is_empty());
        let host_shown = hostname.unwrap_or("<hostname>");
        match self.index.service(self.cluster, ns, sub) {
            Some(svc) if !labels.is_empty() && labels.iter().all(|l| selects(svc, l)) => {
                if hostname.is_none() {
                    emit(o, Lint {
                        severity: Severity::Warning,
                        code: "SVCDNS011",
                        field: &field,
                        message: if template {
                            format!("The pod template of {} \"{}\" sets subdomain: {sub} but no hostname, so its pods get no per-pod name under Service \"{sub}\".", o.kind, o.name)
                        } else {
                            format!("Pod \"{}\" sets subdomain: {sub} but no hostname, so it gets no per-pod name under Service \"{sub}\".", o.name)
                        },
                        consequence: format!("The EndpointSlice controller copies spec.hostname into the endpoint only when it is set; without it the pod is reachable only as its dashed IP (for example 10-244-1-5.{sub}.{ns}.svc.{}), which changes when the pod is replaced.", self.zone),
                        fix: if template {
                            "Use a StatefulSet with serviceName for one stable name per pod (a hostname in a Deployment template would be shared by every replica).".to_string()
                        } else {
                            format!("Set spec.hostname (for example hostname: {}).", o.name)
                        },
                    }, out);
                } else if !svc.headless {
                    self.not_headless(o, &field, svc, host_shown, out);
                }
                if let Some(h) = hostname {
                    let fqdn = format!("{h}.{sub}.{ns}.svc.{}", self.zone);
                    if template && cluster_pods.len() > 1 {
                        emit(o, Lint {
                            severity: Severity::Warning,
                            code: "SVCDNS025",
                            field: &format!("{base}.hostname"),
                            message: format!("The pod template of {} \"{}\" sets hostname: {h}, so all {} of its pods share that hostname.", o.kind, o.name, cluster_pods.len()),
                            consequence: format!("CoreDNS serves endpoints that share a hostname under one name, so {fqdn} answers with the IPs of every replica and names no single pod."),
                            fix: format!("Use a StatefulSet with serviceName: {sub} for one name per pod ({}-0.{sub}.{ns}.svc.{} and so on).", o.name, self.zone),
                        }, out);
                    }
                    self.fqdn_lengths(
                        o,
                        &field,
                        &fqdn,
                        spec.set_hostname_as_fqdn == Some(true),
                        out,
                    );
                }
            }
            found => {
                let why = match found {
                    None if self.rejected_service(ns, sub) => {
                        format!("Service \"{sub}\" is rejected by the API server (see its error)")
                    }
                    None => format!("there is no Service \"{sub}\" in namespace {ns}"),
                    Some(s) if s.service_type == ServiceType::ExternalName => format!(
                        "Service \"{sub}\" is an ExternalName Service, which has no endpoints"
                    ),
                    Some(s) if s.selector.as_ref().is_none_or(|x| x.is_empty()) => {
                        format!("Service \"{sub}\" has no selector")
                    }
                    Some(_) => format!("Service \"{sub}\" does not select {what}"),
                };
                let label_text = labels.first().map(|l| selector_text(l)).unwrap_or_default();
                emit(o, Lint {
                    severity: Severity::Warning,
                    code: "SVCDNS010",
                    field: &field,
                    message: format!("The subdomain of {what} is {sub}, but {why}."),
                    consequence: format!("A pod's {host_shown}.{sub} name exists only when a Service named like its subdomain, in its namespace, selects it, so {host_shown}.{sub}.{ns}.svc.{} gives NXDOMAIN.", self.zone),
                    fix: format!("Create a headless Service \"{sub}\" in namespace {ns} whose selector matches the pod labels ({label_text}), or remove subdomain."),
                }, out);
            }
        }
    }

    /// `SVCDNS017`: a Deployment or ReplicaSet selected by a headless
    /// Service.
    fn workload_behind_headless(
        &self,
        o: &Object,
        spec: &PodSpec,
        pods: &[String],
        out: &mut Vec<Diagnostic>,
    ) {
        let ns = &o.namespace;
        let cluster_pods = self.cluster_pods(ns, pods);
        let Some(first) = cluster_pods.first() else {
            return;
        };
        for svc in self.headless_selecting_labels(ns, &first.labels) {
            let mut reasons: Vec<String> = Vec::new();
            if let Some(sub) = spec.subdomain.as_deref().filter(|s| !s.is_empty()) {
                reasons.push(format!("its pod template sets subdomain: {sub}"));
            }
            let governing = self.objects.iter().enumerate().find(|(i, x)| {
                self.live(*i)
                    && &x.namespace == ns
                    && matches!(&x.resource, Resource::StatefulSet(s) if s.spec.service_name.as_deref() == Some(svc.name.as_str()))
            });
            if let Some((_, sts)) = governing {
                reasons.push(format!(
                    "Service \"{}\" is the serviceName of StatefulSet \"{}\"",
                    svc.name, sts.name
                ));
            }
            let stateful = |n: &str| {
                n.split(['-', '.', '_'])
                    .any(|w| STATEFUL_WORDS.contains(&w))
            };
            if stateful(&o.name) {
                reasons.push(format!("\"{}\" is named like a database or broker whose members usually address each other by name", o.name));
            }
            let fqdn = self.svc_fqdn(ns, &svc.name);
            let dashed = first
                .ips
                .first()
                .map(crate::dns::name::dashed_ip)
                .unwrap_or_else(|| "10-244-1-5".into());
            let consequence = format!("{fqdn} returns every ready pod IP (fine for client-side load balancing), but each pod is reachable only by its dashed IP (such as {dashed}.{}.{ns}.svc.{}), which changes whenever the pod is replaced; Deployment pods have no stable per-pod names.", svc.name, self.zone);
            let (severity, message, fix) = if reasons.is_empty() {
                (
                    Severity::Info,
                    format!("{} \"{}\" is behind headless Service \"{}\": its pods have no stable DNS names.", o.kind, o.name, svc.name),
                    format!("Nothing to change if clients only need the current list of pod IPs; use a StatefulSet with serviceName: {} if they need one stable name per pod.", svc.name),
                )
            } else {
                (
                    Severity::Warning,
                    format!("{} \"{}\" is behind headless Service \"{}\" and seems to expect stable per-pod names ({}), which Deployment pods never get.", o.kind, o.name, svc.name, reasons.join("; ")),
                    format!("Use a StatefulSet with serviceName: {} so that pods are named {}-0.{}.{ns}.svc.{} and so on.", svc.name, o.name, svc.name, self.zone),
                )
            };
            let field = if spec.subdomain.as_deref().is_some_and(|s| !s.is_empty()) {
                "spec.template.spec.subdomain"
            } else {
                "metadata.name"
            };
            emit(
                o,
                Lint {
                    severity,
                    code: "SVCDNS017",
                    field,
                    message,
                    consequence,
                    fix,
                },
                out,
            );
        }
    }

    // ---- Endpoints and EndpointSlices -----------------------------------

    fn endpoints(&self, o: &Object, out: &mut Vec<Diagnostic>) {
        let ns = &o.namespace;
        let name = &o.name;
        match self.index.service(self.cluster, ns, name) {
            None => emit(o, Lint {
                severity: Severity::Warning,
                code: "SVCDNS020",
                field: "metadata.name",
                message: format!("Endpoints \"{name}\" has no Service of the same name in namespace {ns}."),
                consequence: format!("The EndpointSliceMirroring controller mirrors Endpoints only for an existing Service of the same name, and CoreDNS reads only EndpointSlices, so these addresses never reach DNS ({} gives NXDOMAIN).", self.svc_fqdn(ns, name)),
                fix: format!("Create a Service \"{name}\" without a selector (clusterIP: None to answer these addresses directly), with the same ports."),
            }, out),
            // Read from a cluster, these are the endpoints controller's
            // own output for the Service, not addresses written over it.
            Some(svc) if svc.selector.as_ref().is_some_and(|s| !s.is_empty())
                && !o.is_cluster_state() => emit(o, Lint {
                severity: Severity::Warning,
                code: "SVCDNS019",
                field: "metadata.name",
                message: format!("Endpoints \"{name}\" is written for Service \"{name}\", which has a selector."),
                consequence: "For a Service with a selector the endpoints controller owns the Endpoints (it overwrites these) and the mirroring controller skips them, so DNS answers come from the selected pods, not from these addresses.".to_string(),
                fix: format!("Remove the selector from Service \"{name}\" to use these addresses, or delete this Endpoints object."),
            }, out),
            Some(_) => {}
        }
    }

    fn endpoint_slice(
        &self,
        o: &Object,
        labels: &BTreeMap<String, String>,
        out: &mut Vec<Diagnostic>,
    ) {
        let ns = &o.namespace;
        match labels.get("kubernetes.io/service-name").filter(|s| !s.is_empty()) {
            None => emit(o, Lint {
                severity: Severity::Warning,
                code: "SVCDNS021",
                field: "metadata.labels",
                message: format!("EndpointSlice \"{}\" has no kubernetes.io/service-name label.", o.name),
                consequence: "CoreDNS attaches an EndpointSlice to the Service named by that label, so these endpoints belong to no Service and appear in no answer.".to_string(),
                fix: "Add the label kubernetes.io/service-name: <service> naming a Service in the same namespace.".to_string(),
            }, out),
            Some(svc) if self.index.service(self.cluster, ns, svc).is_none() => emit(o, Lint {
                severity: Severity::Warning,
                code: "SVCDNS022",
                field: "metadata.labels[kubernetes.io/service-name]",
                message: format!("EndpointSlice \"{}\" belongs to Service \"{svc}\", which does not exist in namespace {ns}.", o.name),
                consequence: format!("CoreDNS serves endpoints only under an existing Service, so {} gives NXDOMAIN and these addresses appear in no answer.", self.svc_fqdn(ns, svc)),
                fix: format!("Create Service \"{svc}\" without a selector in namespace {ns}, or fix the label."),
            }, out),
            Some(_) => {}
        }
    }
}
