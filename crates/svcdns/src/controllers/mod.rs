//! The controllers: what a cluster makes of the accepted objects.
//!
//! Deterministic stand-ins replace everything a real cluster randomises:
//! ReplicaSet hashes, pod name suffixes, EndpointSlice name suffixes, and IP
//! allocation all derive from a hash of the object's namespace and name, so
//! an IP does not move when an unrelated object is added above it.
//!
//! Per-pod state the playground toggles (not ready, restarted, scaled,
//! flipped to headless) comes in as [`State`].
//!
//! Files: `ipam.rs` (pod IP allocation, the node IPAM's stand-in),
//! `selector.rs` (label selectors and the pods' label index); this file
//! runs the controllers.
//!
//! Why this file is long: [`simulate`] still runs the StatefulSet,
//! ReplicaSet/Deployment, DaemonSet, EndpointSlice and EndpointSliceMirroring
//! controllers in one function; the next step (issue 17) gives each its own
//! file named after its upstream package.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::Arc;

use crate::api::{self, IntOrString, Object, Resource};
use crate::cluster::*;
use crate::coredns::setup::parse_corefile;
use crate::diag::{Diagnostic, DiagnosticSource, Location, Severity};
use crate::support::keymap::FastSet;
use crate::support::stable::{safe_suffix, safe_suffix_of, stable_hash};

mod ipam;
mod selector;

pub use selector::{label_selector_matches, selector_matches, PodLabelIndex};

use ipam::{alloc_pod_ips, family_seed, node_ips, seed_hash, Allocator};

/// Most replicas simulated for one workload.
pub const MAX_REPLICAS: i32 = 1_000;
/// Most pods simulated in total: above the 10,000 or so a 10,000-object
/// manifest makes (the benchmark's largest), and low enough that the worst
/// case (every workload capped) is analysed and its zone listed within the
/// 100 ms the adversarial corpus allows.
pub const MAX_PODS: usize = 12_000;
/// Most endpoints the EndpointSlice controller puts in one slice
/// (`--max-endpoints-per-slice` default).
pub const MAX_ENDPOINTS_PER_SLICE: usize = 100;

/// Interactive state layered on the manifests: what the playground's
/// buttons change without editing text. Keys are `namespace/name`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct State {
    /// Replicas of StatefulSets, Deployments and ReplicaSets, overriding
    /// `spec.replicas`. Key: `Kind/namespace/name`.
    pub replicas: BTreeMap<String, i32>,
    /// Pods whose readiness probe fails.
    pub not_ready: BTreeSet<String>,
    /// How many times each pod was restarted (deleted and recreated): its
    /// name stays, its IP changes.
    pub restarts: BTreeMap<String, u32>,
    /// Services flipped between regular (false) and headless (true).
    pub headless: BTreeMap<String, bool>,
    /// `publishNotReadyAddresses` overrides.
    pub publish_not_ready: BTreeMap<String, bool>,
}

/// The cluster's networks, as the controllers use them: the cluster
/// profile's ([`crate::profile::Profile::network`]), the default profile's
/// by default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Network {
    /// Service CIDR (IPv4; unused when `ipv4` is false).
    pub service_cidr_v4: (Ipv4Addr, u8),
    /// Pod CIDR (IPv4; unused when `ipv4` is false).
    pub pod_cidr_v4: (Ipv4Addr, u8),
    /// IPv6 service CIDR for dual-stack or IPv6 clusters.
    pub service_cidr_v6: Option<(Ipv6Addr, u8)>,
    /// IPv6 pod CIDR.
    pub pod_cidr_v6: Option<(Ipv6Addr, u8)>,
    /// Whether IPv4 is served at all (false for IPv6-only clusters).
    pub ipv4: bool,
    /// Worker nodes (DaemonSets run one pod on each).
    pub nodes: Vec<String>,
    /// The `default/kubernetes` Service's cluster IP.
    pub kubernetes_ip: IpAddr,
    /// The `kube-system/kube-dns` Service's cluster IP.
    pub dns_ip: IpAddr,
    /// kube-apiserver's address (`--advertise-address`): the `kubernetes`
    /// Service's endpoint.
    pub api_server: IpAddr,
    /// Each node's InternalIPs (`hostNetwork` pods take them).
    /// (A list, not a map: nodes are few, and a `BTreeMap` of this type
    /// would be its own copy of the tree code in the bundle.)
    pub node_ips: Vec<(String, Vec<IpAddr>)>,
}

impl Default for Network {
    fn default() -> Self {
        crate::profile::Profile::default().network()
    }
}

/// What the simulation made, besides the cluster.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Simulation {
    /// The cluster CoreDNS watches.
    pub cluster: Cluster,
    /// Diagnostics about limits and inputs the simulation could not use.
    pub diagnostics: Vec<Diagnostic>,
    /// Pods each workload made, in creation (ordinal) order. Key:
    /// `Kind/namespace/name`.
    pub workload_pods: BTreeMap<String, Vec<String>>,
}

fn obj_location(o: &Object, path: &str) -> Location {
    let p = o.locate(path);
    Location {
        file: o.file,
        document: o.document,
        line: p.line,
        column: p.column,
    }
}

fn parse_ip(s: &str) -> Option<IpAddr> {
    s.trim().parse().ok()
}

/// A pod template instantiated by a controller.
struct PodPlan<'a> {
    namespace: &'a str,
    name: String,
    template: &'a api::PodTemplateSpec,
    extra_labels: Vec<(String, String)>,
    hostname: Option<String>,
    subdomain: Option<String>,
    owner: ObjectRef,
    controller: &'static str,
    object: &'a Object,
    node: Option<String>,
}

/// The cluster's primary address family.
fn primary_address_type(network: &Network) -> AddressType {
    if network.ipv4 {
        AddressType::IPv4
    } else {
        AddressType::IPv6
    }
}

/// The EndpointSlice address types of a headless Service
/// (`getAddressTypesForService`: one slice family per entry of
/// `spec.ipFamilies`), with `ipFamilies` defaulted as the API server does
/// (`initIPFamilyFields`): the families written that the cluster has, else
/// the primary family; a `PreferDualStack` or `RequireDualStack` Service in
/// a dual-stack cluster gets the other family too.
fn headless_address_types(
    spec: &api::ServiceSpec,
    network: &Network,
    dual: bool,
) -> Vec<AddressType> {
    let configured = |t: AddressType| match t {
        AddressType::IPv4 => network.ipv4,
        AddressType::IPv6 => !network.ipv4 || dual,
        AddressType::Fqdn => false,
    };
    let mut types: Vec<AddressType> = Vec::new();
    for family in &spec.ip_families {
        let t = match family.as_str() {
            "IPv4" => AddressType::IPv4,
            "IPv6" => AddressType::IPv6,
            _ => continue,
        };
        if configured(t) && !types.contains(&t) {
            types.push(t);
        }
    }
    if types.is_empty() {
        types.push(primary_address_type(network));
    }
    let wants_dual = matches!(
        spec.ip_family_policy.as_deref(),
        Some("PreferDualStack" | "RequireDualStack")
    );
    if wants_dual && dual && types.len() < 2 {
        let other = if types[0] == AddressType::IPv4 {
            AddressType::IPv6
        } else {
            AddressType::IPv4
        };
        types.push(other);
    }
    types
}

/// Run the controllers over the accepted objects. `accepted[i]` says whether
/// `objects[i]` was accepted by the API server (decode and validation).
pub fn simulate(
    objects: &[Arc<Object>],
    accepted: &[bool],
    state: &State,
    network: &Network,
    dns_override: Option<&dyn Fn(&mut DnsConfig)>,
) -> Simulation {
    let mut sim = Simulation::default();
    let live: Vec<&Object> = objects
        .iter()
        .zip(accepted.iter().copied().chain(std::iter::repeat(true)))
        .filter(|(o, ok)| *ok && !o.decode_failed)
        .map(|(o, _)| &**o)
        .collect();
    // Controllers see objects in a canonical order, not the manifest's:
    // allocation probes forward on a hash collision, and which object gets
    // the hashed address must not depend on document order.
    let mut live = live;
    crate::support::sort::sort_by(&mut live, |a, b| {
        (&a.namespace, &a.name, &a.kind).cmp(&(&b.namespace, &b.name, &b.kind))
    });
    let existing = Existing::new(&live);
    let written = |kind: &str, namespace: &str, name: &str| {
        live.iter()
            .any(|o| o.kind == kind && o.namespace == namespace && o.name == name)
    };
    // The dump's `kubernetes` and `kube-dns` Services, the kubernetes
    // Service's slice and CoreDNS's pods are the cluster's own: they take
    // the built-in ones' place.
    let written_kubernetes = written("Service", "default", "kubernetes");
    let written_kube_dns = written("Service", "kube-system", "kube-dns");
    let written_kubernetes_slice = live.iter().any(|o| {
        matches!(&o.resource, Resource::EndpointSlice(s)
            if o.namespace == "default"
                && s.metadata.labels.get("kubernetes.io/service-name").map(String::as_str) == Some("kubernetes"))
    });
    let written_coredns_pods = live.iter().any(|o| {
        matches!(&o.resource, Resource::Pod(p)
            if o.namespace == "kube-system"
                && p.metadata.labels.get("k8s-app").map(String::as_str) == Some("kube-dns"))
    });

    // Corefile.
    let mut config = DnsConfig::default();
    for o in &live {
        if let Resource::ConfigMap(cm) = &o.resource {
            if o.namespace == "kube-system" && o.name == "coredns" {
                if let Some(text) = cm.data.get("Corefile") {
                    let (parsed, problems) = parse_corefile(text);
                    let base = obj_location(o, "data.Corefile");
                    for (line, msg) in problems {
                        sim.diagnostics.push(
                            Diagnostic::plain(
                                Severity::Warning,
                                DiagnosticSource::Simulation,
                                "corefile",
                                format!("Corefile line {line}: {msg}"),
                                Location {
                                    line: base.line + line,
                                    column: 1,
                                    ..base
                                },
                            )
                            .with_object(o.id()),
                        );
                    }
                    if let Some(c) = parsed {
                        config = c;
                    } else {
                        sim.diagnostics.push(Diagnostic::plain(
                            Severity::Warning,
                            DiagnosticSource::Simulation,
                            "corefile-no-kubernetes",
                            "the Corefile has no kubernetes plugin: no cluster names would resolve; svcdns keeps the kubeadm profile",
                            base,
                        ).with_object(o.id()));
                    }
                }
            }
        }
    }
    if let Some(f) = dns_override {
        f(&mut config);
    }

    // Namespaces: the kubeadm ones, those written, and those objects use.
    // (Inserted, not collected: collecting into a `BTreeSet` sorts, a copy
    // of the sort per element type in the bundle.)
    let mut namespaces: BTreeSet<String> = BTreeSet::new();
    for n in ["default", "kube-system", "kube-public", "kube-node-lease"] {
        namespaces.insert(n.to_string());
    }
    for o in &live {
        let name = if let Resource::Namespace(_) = o.resource {
            &o.name
        } else {
            &o.namespace
        };
        if !namespaces.contains(name) {
            namespaces.insert(name.clone());
        }
    }

    let mut ips = Allocator {
        // About an address or two per object.
        used: FastSet::with_capacity_and_hasher(2 * live.len(), Default::default()),
        full: BTreeSet::new(),
    };
    // Reserved: the kubernetes and kube-dns service IPs.
    let kubernetes_ip = network.kubernetes_ip;
    let kube_dns_ip = network.dns_ip;
    ips.used.insert(kubernetes_ip);
    ips.used.insert(kube_dns_ip);

    // Written cluster IPs and pod IPs are taken first, so allocation never
    // hands them out again.
    for o in &live {
        match &o.resource {
            Resource::Service(s) => {
                for ip in s.spec.cluster_ips.iter().chain(s.spec.cluster_ip.iter()) {
                    if let Some(ip) = parse_ip(ip) {
                        ips.used.insert(ip);
                    }
                }
            }
            Resource::Pod(p) => {
                if let Some(st) = &p.status {
                    for ip in st.pod_ips.iter().chain(st.pod_ip.iter()) {
                        if let Some(ip) = parse_ip(ip) {
                            ips.used.insert(ip);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    // Built-in Services, as in a kubeadm cluster.
    let mut services = vec![
        Service {
            namespace: "default".into(),
            name: "kubernetes".into(),
            service_type: ServiceType::ClusterIp,
            cluster_ips: vec![kubernetes_ip],
            headless: false,
            external_name: None,
            ports: vec![ServicePort {
                name: "https".into(),
                protocol: "TCP".into(),
                port: 443,
                target_port: TargetPort::Number(6443),
            }],
            selector: None,
            publish_not_ready_addresses: false,
            origin: Origin::Builtin,
        },
        Service {
            namespace: "kube-system".into(),
            name: "kube-dns".into(),
            service_type: ServiceType::ClusterIp,
            cluster_ips: vec![kube_dns_ip],
            headless: false,
            external_name: None,
            ports: vec![
                ServicePort {
                    name: "dns".into(),
                    protocol: "UDP".into(),
                    port: 53,
                    target_port: TargetPort::Number(53),
                },
                ServicePort {
                    name: "dns-tcp".into(),
                    protocol: "TCP".into(),
                    port: 53,
                    target_port: TargetPort::Number(53),
                },
                ServicePort {
                    name: "metrics".into(),
                    protocol: "TCP".into(),
                    port: 9153,
                    target_port: TargetPort::Number(9153),
                },
            ],
            selector: Some(kube_dns_labels()),
            publish_not_ready_addresses: false,
            origin: Origin::Builtin,
        },
    ];
    if written_kube_dns {
        services.pop();
    }
    if written_kubernetes {
        services.remove(0);
    }
    let mut slices: Vec<EndpointSlice> = vec![EndpointSlice {
        namespace: "default".into(),
        name: "kubernetes".into(),
        service_name: Some("kubernetes".into()),
        address_type: if network.api_server.is_ipv4() {
            AddressType::IPv4
        } else {
            AddressType::IPv6
        },
        // The API server's endpoint reconciler writes the slice through
        // `EndpointsAdapter` (pkg/controlplane/reconcilers
        // endpointsadapter.go `endpointSliceFromEndpoints`): `ready` only.
        endpoints: vec![Endpoint {
            addresses: vec![network.api_server],
            ready: Some(true),
            serving: None,
            terminating: None,
            hostname: None,
            target_ref: None,
            node_name: None,
        }],
        ports: vec![EndpointPort {
            name: Some("https".into()),
            protocol: "TCP".into(),
            port: Some(6443),
        }],
        origin: Origin::Builtin,
    }];
    if written_kubernetes_slice {
        slices.clear();
    }

    // Pods: CoreDNS's own two replicas first (they back kube-dns).
    let mut pods: Vec<Pod> = Vec::new();
    let coredns_rs = format!("coredns-{}", safe_suffix("kube-system/coredns", 10));
    let builtin_coredns = if written_coredns_pods { 0 } else { 2 };
    for i in 0..builtin_coredns {
        let name = format!(
            "{coredns_rs}-{}",
            safe_suffix(&format!("{coredns_rs}/{i}"), 5)
        );
        let node = network.nodes.get(i % network.nodes.len().max(1)).cloned();
        let ip = alloc_pod_ips(
            &mut ips,
            network,
            stable_hash(&format!("kube-system/{name}#0")),
            node.as_deref(),
        );
        pods.push(Pod {
            namespace: "kube-system".into(),
            name,
            labels: kube_dns_labels(),
            ips: ip,
            phase: PodPhase::Running,
            ready: true,
            terminating: false,
            hostname: None,
            subdomain: None,
            node_name: node,
            container_ports: vec![
                ContainerPort {
                    name: "dns".into(),
                    container_port: 53,
                    protocol: "UDP".into(),
                },
                ContainerPort {
                    name: "dns-tcp".into(),
                    container_port: 53,
                    protocol: "TCP".into(),
                },
                ContainerPort {
                    name: "metrics".into(),
                    container_port: 9153,
                    protocol: "TCP".into(),
                },
            ],
            owner: Some(ObjectRef {
                kind: "ReplicaSet".into(),
                namespace: "kube-system".into(),
                name: coredns_rs.clone(),
            }),
            origin: Origin::Builtin,
        });
    }

    // Written Pods.
    for o in &live {
        if let Resource::Pod(p) = &o.resource {
            let key = [o.namespace.as_str(), "/", &o.name].concat();
            let status = p.status.as_ref();
            let mut pod_ips: Vec<IpAddr> = status
                .map(|s| {
                    let mut v: Vec<IpAddr> = s.pod_ips.iter().filter_map(|i| parse_ip(i)).collect();
                    if v.is_empty() {
                        v.extend(s.pod_ip.as_deref().and_then(parse_ip));
                    }
                    v
                })
                .unwrap_or_default();
            let restarts = state.restarts.get(&key).copied().unwrap_or(0);
            let phase = match status.and_then(|s| s.phase.as_deref()) {
                Some("Pending") => PodPhase::Pending,
                Some("Succeeded") => PodPhase::Succeeded,
                Some("Failed") => PodPhase::Failed,
                Some("Unknown") => PodPhase::Unknown,
                _ => PodPhase::Running,
            };
            // A pod read from a cluster, or written Pending, without
            // `status.podIP` has no address yet (the kubelet sets it once
            // the sandbox runs): none is invented, and the EndpointSlice
            // controller skips it (`ShouldPodBeInEndpoints`).
            let has_no_ip_yet = is_cluster_state(o) || phase == PodPhase::Pending;
            if (pod_ips.is_empty() && !has_no_ip_yet) || restarts > 0 {
                pod_ips = if p.spec.host_network == Some(true) {
                    node_ips(network, p.spec.node_name.as_deref())
                } else {
                    alloc_pod_ips(
                        &mut ips,
                        network,
                        seed_hash(&key, restarts),
                        p.spec.node_name.as_deref(),
                    )
                };
            }
            let ready_condition = status
                .and_then(|s| s.conditions.iter().find(|c| c.condition_type == "Ready"))
                .map(|c| c.status == "True");
            let ready = phase == PodPhase::Running
                && ready_condition.unwrap_or(true)
                && !state.not_ready.contains(&key);
            pods.push(Pod {
                namespace: o.namespace.clone(),
                name: o.name.clone(),
                labels: p.metadata.labels.clone(),
                ips: pod_ips,
                phase,
                ready,
                terminating: p.metadata.deletion_timestamp.is_some(),
                hostname: p.spec.hostname.clone(),
                subdomain: p.spec.subdomain.clone(),
                node_name: p.spec.node_name.clone(),
                container_ports: container_ports(&p.spec),
                owner: controller_of(o).map(|(kind, name)| ObjectRef {
                    kind: kind.into(),
                    namespace: o.namespace.clone(),
                    name: name.into(),
                }),
                origin: Origin::Manifest(obj_location(o, "")),
            });
        }
    }

    // Workload controllers. Pods past MAX_PODS are named (the workload's
    // ordinals) but not planned; the first workload that loses pods to the
    // cap gets the diagnostic.
    let mut plans: Vec<PodPlan> = Vec::new();
    let mut past_cap: Option<&Object> = None;
    for o in &live {
        let owner = |kind: &str| ObjectRef {
            kind: kind.into(),
            namespace: o.namespace.clone(),
            name: o.name.clone(),
        };
        match &o.resource {
            Resource::StatefulSet(s) => {
                let key = ["StatefulSet/", o.namespace.as_str(), "/", &o.name].concat();
                let replicas = capped_replicas(&mut sim, o, state, &key, s.spec.replicas);
                let start = s.spec.ordinals_start.flatten().unwrap_or(0).max(0);
                let revision = [o.name.as_str(), "-", &safe_suffix(&key, 10)].concat();
                let have = existing.pods_of(&o.namespace, "StatefulSet", &o.name);
                existing_pods_note(&mut sim, o, "statefulset controller", have, replicas);
                let mut names = Vec::new();
                for i in 0..replicas {
                    let ordinal = start.saturating_add(i);
                    let mut name = String::with_capacity(o.name.len() + 4);
                    name.push_str(&o.name);
                    let _ = write!(name, "-{ordinal}");
                    names.push(name.clone());
                    if existing.has_pod(&o.namespace, &name) {
                        // The pod exists (the manifests hold it): the
                        // controller does not create it again.
                        continue;
                    }
                    if pods.len() + plans.len() >= MAX_PODS {
                        // Past the cap: the pod is not made, so it is not planned.
                        past_cap.get_or_insert(o);
                        continue;
                    }
                    plans.push(PodPlan {
                        namespace: &o.namespace,
                        name: name.clone(),
                        template: &s.spec.template,
                        extra_labels: vec![
                            ("apps.kubernetes.io/pod-index".into(), ordinal.to_string()),
                            ("controller-revision-hash".into(), revision.clone()),
                            ("statefulset.kubernetes.io/pod-name".into(), name.clone()),
                        ],
                        // The StatefulSet controller sets hostname = pod name
                        // and subdomain = serviceName (`initIdentity`).
                        hostname: Some(name.clone()),
                        subdomain: s.spec.service_name.clone().filter(|s| !s.is_empty()),
                        owner: owner("StatefulSet"),
                        controller: "statefulset-controller",
                        object: o,
                        node: None,
                    });
                }
                sim.workload_pods.insert(key, names);
            }
            Resource::Deployment(w)
            | Resource::ReplicaSet(w)
            | Resource::ReplicationController(w) => {
                let is_deploy = matches!(o.resource, Resource::Deployment(_));
                // pkg/controller/replication runs the ReplicaSet
                // controller's code over ReplicationControllers.
                let is_rc = matches!(o.resource, Resource::ReplicationController(_));
                let kind = if is_deploy {
                    "Deployment"
                } else if is_rc {
                    "ReplicationController"
                } else {
                    "ReplicaSet"
                };
                let key = [kind, "/", &o.namespace, "/", &o.name].concat();
                if is_deploy && existing.has_replica_set(&o.namespace, &o.name) {
                    // Its ReplicaSet is in the manifests: that ReplicaSet
                    // makes the pods.
                    continue;
                }
                let replicas = capped_replicas(&mut sim, o, state, &key, w.spec.replicas);
                let have = if is_deploy {
                    existing.pods_of_deployment(&o.namespace, &o.name)
                } else {
                    existing.pods_of(&o.namespace, kind, &o.name)
                };
                existing_pods_note(
                    &mut sim,
                    o,
                    if is_deploy {
                        "deployment controller"
                    } else if is_rc {
                        "replication controller"
                    } else {
                        "replicaset controller"
                    },
                    have,
                    replicas,
                );
                // Deployment → ReplicaSet `<name>-<pod-template-hash>`.
                let (rs_name, hash) = if is_deploy {
                    let hash = safe_suffix_of(&[&key, "/template"], 10);
                    ([o.name.as_str(), "-", &hash].concat(), Some(hash))
                } else {
                    (o.name.clone(), None)
                };
                let mut names = Vec::new();
                let mut ordinal = String::new();
                for i in (have as i32).min(replicas)..replicas {
                    ordinal.clear();
                    let _ = write!(ordinal, "{i}");
                    let suffix = safe_suffix_of(&[&o.namespace, "/", &rs_name, "/", &ordinal], 5);
                    let name = [rs_name.as_str(), "-", &suffix].concat();
                    names.push(name.clone());
                    if pods.len() + plans.len() >= MAX_PODS {
                        // Past the cap: the pod is not made, so it is not planned.
                        past_cap.get_or_insert(o);
                        continue;
                    }
                    plans.push(PodPlan {
                        namespace: &o.namespace,
                        name,
                        template: &w.spec.template,
                        extra_labels: hash
                            .iter()
                            .map(|h| ("pod-template-hash".to_string(), h.clone()))
                            .collect(),
                        hostname: None,
                        subdomain: None,
                        owner: ObjectRef {
                            kind: if is_rc {
                                "ReplicationController"
                            } else {
                                "ReplicaSet"
                            }
                            .into(),
                            namespace: o.namespace.clone(),
                            name: rs_name.clone(),
                        },
                        controller: if is_deploy {
                            "deployment-controller"
                        } else if is_rc {
                            "replication-controller"
                        } else {
                            "replicaset-controller"
                        },
                        object: o,
                        node: None,
                    });
                }
                sim.workload_pods.insert(key, names);
            }
            Resource::DaemonSet(w) => {
                let key = ["DaemonSet/", o.namespace.as_str(), "/", &o.name].concat();
                if existing.pods_of(&o.namespace, "DaemonSet", &o.name) > 0 {
                    // Its pods are in the manifests.
                    continue;
                }
                let revision = safe_suffix(&key, 10);
                let mut names = Vec::new();
                for node in &network.nodes {
                    let suffix = safe_suffix_of(&[&key, "/", node], 5);
                    let name = [o.name.as_str(), "-", &suffix].concat();
                    names.push(name.clone());
                    if pods.len() + plans.len() >= MAX_PODS {
                        // Past the cap: the pod is not made, so it is not planned.
                        past_cap.get_or_insert(o);
                        continue;
                    }
                    plans.push(PodPlan {
                        namespace: &o.namespace,
                        name,
                        template: &w.spec.template,
                        extra_labels: vec![("controller-revision-hash".into(), revision.clone())],
                        hostname: None,
                        subdomain: None,
                        owner: owner("DaemonSet"),
                        controller: "daemonset-controller",
                        object: o,
                        node: Some(node.clone()),
                    });
                }
                sim.workload_pods.insert(key, names);
            }
            _ => {}
        }
    }
    // `namespace/name`, written again for each pod in one buffer.
    let mut key = String::new();
    for plan in plans {
        key.clear();
        key.push_str(plan.namespace);
        key.push('/');
        key.push_str(&plan.name);
        let restarts = state.restarts.get(&key).copied().unwrap_or(0);
        let t = &plan.template;
        let node = plan
            .node
            .clone()
            .or_else(|| t.spec.node_name.clone())
            .or_else(|| {
                let n = network.nodes.len();
                (n > 0).then(|| network.nodes[(stable_hash(&key) % n as u64) as usize].clone())
            });
        let seed = seed_hash(&key, restarts);
        let pod_ips = if t.spec.host_network == Some(true) {
            node_ips(network, node.as_deref())
        } else {
            alloc_pod_ips(&mut ips, network, seed, node.as_deref())
        };
        if pod_ips.is_empty() {
            sim.diagnostics.push(Diagnostic::plain(
                Severity::Warning,
                DiagnosticSource::Simulation,
                "pod-cidr-full",
                format!("the pod CIDR has no free address for pod {key}; it stays Pending without an IP"),
                obj_location(plan.object, "spec.replicas"),
            ));
        }
        let mut labels = t.metadata.labels.clone();
        for (k, v) in plan.extra_labels {
            labels.insert(k, v);
        }
        let location = obj_location(plan.object, "");
        pods.push(Pod {
            namespace: plan.namespace.to_string(),
            name: plan.name,
            labels,
            phase: if pod_ips.is_empty() {
                PodPhase::Pending
            } else {
                PodPhase::Running
            },
            ready: !pod_ips.is_empty() && !state.not_ready.contains(&key),
            ips: pod_ips,
            terminating: false,
            hostname: plan.hostname.or_else(|| t.spec.hostname.clone()),
            subdomain: plan.subdomain.or_else(|| t.spec.subdomain.clone()),
            node_name: node,
            container_ports: container_ports(&t.spec),
            origin: Origin::Controller {
                controller: plan.controller,
                owner: [
                    plan.object.kind.as_str(),
                    "/",
                    &plan.object.namespace,
                    "/",
                    &plan.object.name,
                ]
                .concat(),
                location,
            },
            owner: Some(plan.owner),
        });
    }

    if let Some(o) = past_cap {
        sim.diagnostics.push(Diagnostic::plain(
            Severity::Warning,
            DiagnosticSource::Simulation,
            "too-many-pods",
            format!("svcdns simulates at most {MAX_PODS} pods; later workloads get no more pods"),
            obj_location(o, "spec.replicas"),
        ));
    }

    // Services from the manifests.
    let dual = network.service_cidr_v6.is_some() && network.ipv4;
    // The address types of each headless Service's slices, from its
    // ipFamilies as the API server defaults them: one entry per Service,
    // in `services` order (empty for the built-in ones and the others).
    let mut headless_families: Vec<Vec<AddressType>> = vec![Vec::new(); services.len()];
    for o in &live {
        let Resource::Service(s) = &o.resource else {
            continue;
        };
        let key = [o.namespace.as_str(), "/", &o.name].concat();
        let spec = &s.spec;
        let service_type = match spec.service_type.as_deref() {
            Some("NodePort") => ServiceType::NodePort,
            Some("LoadBalancer") => ServiceType::LoadBalancer,
            Some("ExternalName") => ServiceType::ExternalName,
            _ => ServiceType::ClusterIp,
        };
        let written: Vec<&str> = if spec.cluster_ips.is_empty() {
            spec.cluster_ip.iter().map(|s| s.as_str()).collect()
        } else {
            spec.cluster_ips.iter().map(|s| s.as_str()).collect()
        };
        let mut headless = written.first().is_some_and(|ip| *ip == "None");
        if let Some(h) = state.headless.get(&key) {
            headless = *h;
        }
        headless_families.push(if headless {
            headless_address_types(spec, network, dual)
        } else {
            Vec::new()
        });
        let mut cluster_ips = Vec::new();
        if service_type != ServiceType::ExternalName && !headless {
            cluster_ips = written.iter().filter_map(|ip| parse_ip(ip)).collect();
            if cluster_ips.is_empty() {
                let wants_v6_first = spec
                    .ip_families
                    .first()
                    .map(|f| f == "IPv6")
                    .unwrap_or(!network.ipv4);
                let wants_dual = matches!(
                    spec.ip_family_policy.as_deref(),
                    Some("PreferDualStack" | "RequireDualStack")
                ) && dual;
                let key_hash = stable_hash(&key);
                let v4 = |ips: &mut Allocator| {
                    ips.v4(network.service_cidr_v4, key_hash, 10)
                        .map(IpAddr::V4)
                };
                let v6 = |ips: &mut Allocator| {
                    network
                        .service_cidr_v6
                        .and_then(|c| ips.v6(c, key_hash))
                        .map(IpAddr::V6)
                };
                let (first, second) = if wants_v6_first {
                    (v6(&mut ips), v4(&mut ips))
                } else {
                    (v4(&mut ips), None)
                };
                cluster_ips.extend(first);
                if wants_dual {
                    if wants_v6_first {
                        cluster_ips.extend(second);
                    } else {
                        cluster_ips.extend(v6(&mut ips));
                    }
                }
            }
        }
        let ports = spec
            .ports
            .iter()
            .map(|p| ServicePort {
                name: p.name.clone().unwrap_or_default(),
                protocol: p.protocol.clone().unwrap_or_else(|| "TCP".into()),
                port: p.port,
                target_port: match &p.target_port {
                    Some(IntOrString::Int(i)) if *i != 0 => TargetPort::Number(*i),
                    Some(IntOrString::Str(s)) if !s.is_empty() => TargetPort::Name(s.clone()),
                    _ => TargetPort::Number(p.port),
                },
            })
            .collect();
        services.push(Service {
            namespace: o.namespace.clone(),
            name: o.name.clone(),
            service_type,
            cluster_ips,
            headless: headless && service_type != ServiceType::ExternalName,
            external_name: spec
                .external_name
                .as_ref()
                .map(|n| n.trim_end_matches('.').to_string()),
            ports,
            selector: spec.selector.clone(),
            publish_not_ready_addresses: state
                .publish_not_ready
                .get(&key)
                .copied()
                .unwrap_or(spec.publish_not_ready_addresses.unwrap_or(false)),
            origin: Origin::Manifest(obj_location(o, "")),
        });
    }

    // The EndpointSlice controller, for every Service with a selector.
    let pod_index = PodLabelIndex::new(&pods, &services);
    for (position, svc) in services.iter().enumerate() {
        if svc.service_type == ServiceType::ExternalName {
            continue;
        }
        let Some(selector) = &svc.selector else {
            continue;
        };
        if selector.is_empty() {
            // An empty selector selects nothing for Services (no slices are
            // managed; `spec.selector: {}` behaves like no selector).
            continue;
        }
        if existing.has_slices(&svc.namespace, &svc.name, "endpointslice-controller") {
            // The manifests hold the controller's slices for this Service
            // (a dump): they are its output, not made a second time.
            continue;
        }
        let families: Vec<AddressType> = if svc.cluster_ips.is_empty() {
            headless_families
                .get(position)
                .filter(|families| !families.is_empty())
                .cloned()
                .unwrap_or_else(|| vec![primary_address_type(network)])
        } else {
            svc.cluster_ips
                .iter()
                .map(|ip| {
                    if ip.is_ipv4() {
                        AddressType::IPv4
                    } else {
                        AddressType::IPv6
                    }
                })
                .collect()
        };
        let owner_loc = svc.origin.location().unwrap_or_default();
        for family in families {
            // Group endpoints by their resolved port list, as the controller does.
            let mut groups: Vec<(Vec<EndpointPort>, Vec<Endpoint>)> = Vec::new();
            for pod in pod_index.select(&pods, Some(&svc.namespace), selector) {
                if matches!(pod.phase, PodPhase::Succeeded | PodPhase::Failed) {
                    continue;
                }
                let addresses: Vec<IpAddr> = pod
                    .ips
                    .iter()
                    .filter(|ip| (family == AddressType::IPv4) == ip.is_ipv4())
                    .copied()
                    .take(1)
                    .collect();
                if addresses.is_empty() {
                    continue;
                }
                // The pod's ports, compared with each group's before any
                // is copied.
                let resolved = || {
                    svc.ports.iter().filter_map(|sp| {
                        let port = match &sp.target_port {
                            TargetPort::Number(n) => Some(*n),
                            TargetPort::Name(name) => pod
                                .container_ports
                                .iter()
                                .find(|cp| &cp.name == name && cp.protocol == sp.protocol)
                                .map(|cp| cp.container_port),
                        }?;
                        Some((sp, port))
                    })
                };
                let same_ports = |ports: &[EndpointPort]| {
                    ports.len() == resolved().count()
                        && ports.iter().zip(resolved()).all(|(ep, (sp, port))| {
                            ep.name.as_deref() == Some(sp.name.as_str())
                                && ep.protocol == sp.protocol
                                && ep.port == Some(port)
                        })
                };
                let pod_ready = pod.ready && !pod.terminating;
                // `podToEndpoint`: hostname only when the pod's subdomain
                // names this Service (`ShouldSetHostname`).
                let hostname = pod.hostname.clone().filter(|h| {
                    !h.is_empty() && pod.subdomain.as_deref() == Some(svc.name.as_str())
                });
                let endpoint = Endpoint {
                    addresses,
                    ready: Some(svc.publish_not_ready_addresses || pod_ready),
                    serving: Some(pod.ready),
                    terminating: Some(pod.terminating),
                    hostname,
                    target_ref: Some(ObjectRef {
                        kind: "Pod".into(),
                        namespace: pod.namespace.clone(),
                        name: pod.name.clone(),
                    }),
                    node_name: pod.node_name.clone(),
                };
                match groups.iter_mut().find(|(p, _)| same_ports(p)) {
                    Some((_, eps)) => eps.push(endpoint),
                    None => {
                        let ports = resolved()
                            .map(|(sp, port)| EndpointPort {
                                name: Some(sp.name.clone()),
                                protocol: sp.protocol.clone(),
                                port: Some(port),
                            })
                            .collect();
                        groups.push((ports, vec![endpoint]));
                    }
                }
            }
            if groups.is_empty() {
                // A placeholder slice with no endpoints.
                let ports = Vec::new();
                groups.push((ports, Vec::new()));
            }
            let mut n = 0;
            let mut counter = String::new();
            for (mut ports, mut endpoints) in groups {
                // Slices of at most MAX_ENDPOINTS_PER_SLICE endpoints
                // (one, empty, for no endpoints), moved, not copied.
                let mut chunks: Vec<Vec<Endpoint>> = Vec::new();
                loop {
                    let rest = endpoints.split_off(endpoints.len().min(MAX_ENDPOINTS_PER_SLICE));
                    chunks.push(endpoints);
                    if rest.is_empty() {
                        break;
                    }
                    endpoints = rest;
                }
                let last = chunks.len() - 1;
                for (c, chunk) in chunks.into_iter().enumerate() {
                    counter.clear();
                    let _ = write!(counter, "{n}");
                    let suffix = safe_suffix_of(
                        &[
                            &svc.namespace,
                            "/",
                            &svc.name,
                            "/",
                            family_seed(family),
                            "/",
                            &counter,
                        ],
                        5,
                    );
                    n += 1;
                    slices.push(EndpointSlice {
                        namespace: svc.namespace.clone(),
                        name: [svc.name.as_str(), "-", &suffix].concat(),
                        service_name: Some(svc.name.clone()),
                        address_type: family,
                        endpoints: chunk,
                        ports: if c == last {
                            std::mem::take(&mut ports)
                        } else {
                            ports.clone()
                        },
                        origin: Origin::Controller {
                            controller: "endpointslice-controller",
                            owner: ["Service/", svc.namespace.as_str(), "/", &svc.name].concat(),
                            location: owner_loc,
                        },
                    });
                }
            }
        }
    }

    // The EndpointSliceMirroring controller: Endpoints of selectorless
    // Services become slices labelled with the Service name.
    for o in &live {
        let Resource::Endpoints(e) = &o.resource else {
            continue;
        };
        let Some(svc) = services
            .iter()
            .find(|s| s.namespace == o.namespace && s.name == o.name)
        else {
            continue;
        };
        if svc.selector.as_ref().is_some_and(|s| !s.is_empty()) {
            continue;
        }
        // `endpointslice.kubernetes.io/skip-mirror: "true"` (the API
        // server's own `kubernetes` Endpoints): not mirrored
        // (endpointslicemirroring utils.go `shouldMirror`); and Endpoints
        // whose mirrored slices the manifests already hold are not mirrored
        // a second time.
        if e.metadata
            .labels
            .get("endpointslice.kubernetes.io/skip-mirror")
            .map(String::as_str)
            == Some("true")
            || existing.has_slices(&o.namespace, &o.name, "endpointslicemirroring-controller")
        {
            continue;
        }
        for (si, subset) in e.subsets.iter().enumerate() {
            let mut by_family: BTreeMap<AddressType, Vec<Endpoint>> = BTreeMap::new();
            for (ready, list) in [
                (true, &subset.addresses),
                (false, &subset.not_ready_addresses),
            ] {
                for a in list {
                    let Some(ip) = parse_ip(&a.ip) else { continue };
                    let family = if ip.is_ipv4() {
                        AddressType::IPv4
                    } else {
                        AddressType::IPv6
                    };
                    // `addressToEndpoint` sets `ready` only (no
                    // serving, no terminating).
                    by_family.entry(family).or_default().push(Endpoint {
                        addresses: vec![ip],
                        ready: Some(ready),
                        serving: None,
                        terminating: None,
                        hostname: a.hostname.clone(),
                        target_ref: a.target_ref.as_ref().map(|r| ObjectRef {
                            kind: r.kind.clone().unwrap_or_default(),
                            namespace: r.namespace.clone().unwrap_or_else(|| o.namespace.clone()),
                            name: r.name.clone().unwrap_or_default(),
                        }),
                        node_name: a.node_name.clone(),
                    });
                }
            }
            let ports: Vec<EndpointPort> = subset
                .ports
                .iter()
                .map(|p| EndpointPort {
                    name: p.name.clone(),
                    protocol: p.protocol.clone().unwrap_or_else(|| "TCP".into()),
                    port: p.port,
                })
                .collect();
            for (family, endpoints) in by_family {
                slices.push(EndpointSlice {
                    namespace: o.namespace.clone(),
                    name: format!(
                        "{}-{}",
                        o.name,
                        safe_suffix(&format!("{}/{}/{si}/{family:?}", o.namespace, o.name), 5)
                    ),
                    service_name: Some(o.name.clone()),
                    address_type: family,
                    endpoints,
                    ports: ports.clone(),
                    origin: Origin::Controller {
                        controller: "endpointslicemirroring-controller",
                        owner: format!("Endpoints/{}/{}", o.namespace, o.name),
                        location: obj_location(o, ""),
                    },
                });
            }
        }
    }

    // EndpointSlices written in the manifests are taken as given.
    for o in &live {
        let Resource::EndpointSlice(s) = &o.resource else {
            continue;
        };
        let address_type = match s.address_type.as_deref() {
            Some("IPv6") => AddressType::IPv6,
            Some("FQDN") => AddressType::Fqdn,
            _ => AddressType::IPv4,
        };
        slices.push(EndpointSlice {
            namespace: o.namespace.clone(),
            name: o.name.clone(),
            service_name: s.metadata.labels.get("kubernetes.io/service-name").cloned(),
            address_type,
            endpoints: s
                .endpoints
                .iter()
                .map(|e| Endpoint {
                    addresses: e.addresses.iter().filter_map(|a| parse_ip(a)).collect(),
                    ready: e.conditions.ready,
                    serving: e.conditions.serving,
                    terminating: e.conditions.terminating,
                    hostname: e.hostname.clone(),
                    target_ref: e.target_ref.as_ref().map(|r| ObjectRef {
                        kind: r.kind.clone().unwrap_or_default(),
                        namespace: r.namespace.clone().unwrap_or_else(|| o.namespace.clone()),
                        name: r.name.clone().unwrap_or_default(),
                    }),
                    node_name: e.node_name.clone(),
                })
                .collect(),
            ports: s
                .ports
                .iter()
                .map(|p| EndpointPort {
                    name: p.name.clone(),
                    protocol: p.protocol.clone().unwrap_or_else(|| "TCP".into()),
                    port: p.port,
                })
                .collect(),
            origin: Origin::Manifest(obj_location(o, "")),
        });
    }

    slice_contradictions(&mut sim, &live, &pods);

    sim.cluster = Cluster {
        config,
        namespaces: namespaces.into_iter().collect(),
        services,
        endpoint_slices: slices,
        pods,
    };
    sim
}

fn container_ports(spec: &api::PodSpec) -> Vec<ContainerPort> {
    spec.containers
        .iter()
        .flat_map(|c| c.ports.iter())
        .map(|p| ContainerPort {
            name: p.name.clone().unwrap_or_default(),
            container_port: p.container_port,
            protocol: p.protocol.clone().unwrap_or_else(|| "TCP".into()),
        })
        .collect()
}

/// The replicas a workload's controller makes: the interactive override
/// for `key`, else `spec.replicas`, else 1 (the API default), capped at
/// [`MAX_REPLICAS`] with a diagnostic.
fn capped_replicas(
    sim: &mut Simulation,
    o: &Object,
    state: &State,
    key: &str,
    written: Option<i32>,
) -> i32 {
    let replicas = state.replicas.get(key).copied().or(written).unwrap_or(1);
    if replicas > MAX_REPLICAS {
        sim.diagnostics.push(
            Diagnostic::plain(
                Severity::Warning,
                DiagnosticSource::Simulation,
                "replicas-capped",
                format!("replicas: {replicas} is more than svcdns simulates; only the first {MAX_REPLICAS} pods are simulated"),
                obj_location(o, "spec.replicas"),
            )
            .with_object(o.id())
            .with_field("spec.replicas"),
        );
        MAX_REPLICAS
    } else {
        replicas.max(0)
    }
}

/// `k8s-app: kube-dns`, the label of kubeadm's CoreDNS pods and the
/// selector of its `kube-dns` Service. Built by `insert`: collecting into a
/// `BTreeMap` sorts, and each sort is its own copy in the bundle.
fn kube_dns_labels() -> BTreeMap<String, String> {
    let mut labels = BTreeMap::new();
    labels.insert("k8s-app".to_string(), "kube-dns".to_string());
    labels
}

// Cluster state read as state (issue 14): an object carrying the fields
// only the API server sets (`uid`, `resourceVersion`, `creationTimestamp`,
// `managedFields`, `status`) is what the cluster already has, not a request
// to create. These read the object's tree, as the controllers read the
// objects they list.

/// The object's controller: its `metadata.ownerReferences` entry with
/// `controller: true` (`metav1.GetControllerOf`), as `(kind, name)`.
pub fn controller_of(o: &Object) -> Option<(&str, &str)> {
    let refs = o.node.lookup("metadata.ownerReferences")?.as_seq()?;
    refs.iter().find_map(|r| {
        let controller = r.get("controller").and_then(|c| c.as_scalar());
        if !controller.is_some_and(|c| c.kind == crate::yaml::ScalarKind::Bool(true)) {
            return None;
        }
        Some((r.get("kind")?.as_str()?, r.get("name")?.as_str()?))
    })
}

/// Whether the object carries a field only the API server sets: it was
/// read from a cluster (`kubectl get -o yaml`), not written to be applied.
pub fn is_cluster_state(o: &Object) -> bool {
    let Some(meta) = o.node.get("metadata") else {
        return false;
    };
    [
        "uid",
        "resourceVersion",
        "creationTimestamp",
        "managedFields",
    ]
    .iter()
    .any(|f| meta.get(f).is_some_and(|n| !n.is_null()))
}

/// `endpointslice.kubernetes.io/managed-by` of an EndpointSlice: the
/// controller whose output it is (`discovery.LabelManagedBy`), when it is
/// the EndpointSlice controller's (`endpointslice-controller.k8s.io`,
/// pkg/controller/endpointslice `ControllerName`) or the mirroring
/// controller's (`endpointslicemirroring-controller.k8s.io`,
/// pkg/controller/endpointslicemirroring `ControllerName`).
fn managed_by(s: &api::EndpointSlice) -> Option<&'static str> {
    match s
        .metadata
        .labels
        .get("endpointslice.kubernetes.io/managed-by")?
        .as_str()
    {
        "endpointslice-controller.k8s.io" => Some("endpointslice-controller"),
        "endpointslicemirroring-controller.k8s.io" => Some("endpointslicemirroring-controller"),
        _ => None,
    }
}

/// What the manifests already hold of the controllers' work: the
/// controllers list these before they create anything. Sorted lists of
/// one key type searched by bisection (a hash table per key type would be
/// its own copy in the browser bundle).
#[derive(Default)]
struct Existing<'a> {
    /// Pods: `[namespace, name, ""]`.
    pods: Vec<[&'a str; 3]>,
    /// One entry per pod with a controller: `[namespace, kind, name]` of
    /// the controller.
    owned: Vec<[&'a str; 3]>,
    /// Services whose slices a controller already made:
    /// `[namespace, service, controller]`.
    managed_slices: Vec<[&'a str; 3]>,
    /// Deployments whose ReplicaSet is written: `[namespace, deployment, ""]`.
    deployment_replica_sets: Vec<[&'a str; 3]>,
}

impl<'a> Existing<'a> {
    fn new(live: &[&'a Object]) -> Self {
        let mut e = Existing::default();
        for o in live {
            match &o.resource {
                Resource::Pod(_) => {
                    e.pods.push([&o.namespace, &o.name, ""]);
                    if let Some((kind, name)) = controller_of(o) {
                        e.owned.push([&o.namespace, kind, name]);
                    }
                }
                Resource::EndpointSlice(s) => {
                    if let (Some(c), Some(svc)) = (
                        managed_by(s),
                        s.metadata.labels.get("kubernetes.io/service-name"),
                    ) {
                        e.managed_slices.push([&o.namespace, svc, c]);
                    }
                }
                Resource::ReplicaSet(_) => {
                    if let Some(("Deployment", name)) = controller_of(o) {
                        e.deployment_replica_sets.push([&o.namespace, name, ""]);
                    }
                }
                _ => {}
            }
        }
        for list in [
            &mut e.pods,
            &mut e.owned,
            &mut e.managed_slices,
            &mut e.deployment_replica_sets,
        ] {
            crate::support::sort::sort_by(list, |a, b| a.cmp(b));
        }
        e
    }

    fn has(list: &[[&str; 3]], key: [&str; 3]) -> bool {
        list.binary_search(&key).is_ok()
    }

    fn has_pod(&self, namespace: &str, name: &str) -> bool {
        Self::has(&self.pods, [namespace, name, ""])
    }

    fn has_slices(&self, namespace: &str, service: &str, controller: &str) -> bool {
        Self::has(&self.managed_slices, [namespace, service, controller])
    }

    fn has_replica_set(&self, namespace: &str, deployment: &str) -> bool {
        Self::has(&self.deployment_replica_sets, [namespace, deployment, ""])
    }

    /// How many pods a controller (`kind`/`name` in `namespace`) has.
    fn pods_of(&self, namespace: &str, kind: &str, name: &str) -> usize {
        let key = [namespace, kind, name];
        let start = self.owned.partition_point(|k| *k < key);
        self.owned[start..]
            .iter()
            .take_while(|k| **k == key)
            .count()
    }

    /// A Deployment's pods when its ReplicaSet is not in the manifests (a
    /// dump of pods without their ReplicaSet): those whose controller is a
    /// ReplicaSet `<deployment>-<pod-template-hash>` (`deploymentutil`
    /// names ReplicaSets so).
    fn pods_of_deployment(&self, namespace: &str, deployment: &str) -> usize {
        let start = self
            .owned
            .partition_point(|k| *k < [namespace, "ReplicaSet", deployment]);
        self.owned[start..]
            .iter()
            .take_while(|[ns, kind, rs]| {
                *ns == namespace && *kind == "ReplicaSet" && rs.starts_with(deployment)
            })
            .filter(|[_, _, rs]| {
                rs[deployment.len()..]
                    .strip_prefix('-')
                    .is_some_and(|hash| !hash.is_empty() && !hash.contains('-'))
            })
            .count()
    }
}

/// An info diagnostic: the controller found some of its pods in the
/// manifests and creates only the missing ones (or would delete extras).
fn existing_pods_note(sim: &mut Simulation, o: &Object, controller: &str, have: usize, want: i32) {
    let want = want.max(0) as usize;
    let message = if have == 0 {
        // Nothing read from a cluster: the controller makes every pod, as
        // for any manifest.
        return;
    } else if have < want {
        format!(
            "{} {} has {have} of its {want} pods in the manifests; the {controller} creates the {} missing",
            o.kind,
            o.name,
            want - have
        )
    } else if have > want {
        format!(
            "{} {} has {have} pods in the manifests but wants {want}; the {controller} would delete {} (svcdns keeps them, as the dump says)",
            o.kind,
            o.name,
            have - want
        )
    } else {
        return;
    };
    sim.diagnostics.push(
        Diagnostic::plain(
            Severity::Info,
            DiagnosticSource::Simulation,
            "existing-pods",
            message,
            obj_location(o, "spec.replicas"),
        )
        .with_object(o.id()),
    );
}

/// Where a dump contradicts itself, the dump's word is kept (CoreDNS
/// answers what the slices say) and a diagnostic says what the
/// EndpointSlice controller would change: an endpoint naming a pod the
/// manifests do not hold (it would be removed), or one whose address is not
/// its pod's (it would be the pod's `status.podIPs`, `podToEndpoint`).
/// Only for manifests that hold pods at all: a dump of Services and slices
/// alone contradicts nothing.
fn slice_contradictions(sim: &mut Simulation, live: &[&Object], pods: &[Pod]) {
    if !live.iter().any(|o| matches!(o.resource, Resource::Pod(_))) {
        return;
    }
    for o in live {
        let Resource::EndpointSlice(s) = &o.resource else {
            continue;
        };
        if managed_by(s) != Some("endpointslice-controller") {
            continue;
        }
        for (i, e) in s.endpoints.iter().enumerate() {
            let Some(r) = &e.target_ref else { continue };
            if r.kind.as_deref() != Some("Pod") {
                continue;
            }
            let namespace = r.namespace.as_deref().unwrap_or(&o.namespace);
            let name = r.name.as_deref().unwrap_or_default();
            let pod = pods
                .iter()
                .find(|p| p.namespace == namespace && p.name == name);
            let change = match pod {
                None => format!(
                    "names pod {namespace}/{name}, which the manifests do not hold; the EndpointSlice controller would remove this endpoint"
                ),
                Some(p) if !e.addresses.iter().all(|a| parse_ip(a).is_some_and(|ip| p.ips.contains(&ip))) => format!(
                    "gives pod {namespace}/{name} the address {}, which is not its status.podIPs ({}); the EndpointSlice controller would publish the pod's",
                    e.addresses.join(", "),
                    p.ips.iter().map(|ip| ip.to_string()).collect::<Vec<_>>().join(", ")
                ),
                Some(_) => continue,
            };
            let field = format!("endpoints[{i}].targetRef");
            sim.diagnostics.push(
                Diagnostic::plain(
                    Severity::Info,
                    DiagnosticSource::Simulation,
                    "dump-contradiction",
                    format!(
                        "EndpointSlice {} {change}; svcdns keeps the slice as the dump has it",
                        o.name
                    ),
                    obj_location(o, &field),
                )
                .with_object(o.id())
                .with_field(field),
            );
        }
    }
}
