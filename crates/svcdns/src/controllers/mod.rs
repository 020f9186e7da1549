//! The controllers: what a cluster makes of the accepted objects, one file
//! per upstream component, named after it. [`simulate`] runs them in the
//! order the cluster converges:
//!
//! 1. `apiserver`: kube-apiserver's own objects (the system namespaces, the
//!    `kubernetes` Service and the slice its endpoint reconciler writes).
//! 2. `addons`: kubeadm's CoreDNS addon (the `kube-dns` Service, CoreDNS's
//!    two pods).
//! 3. `kubelet`: the written Pods' status (IPs, `hostNetwork` pods on their
//!    node's IPs, phase, readiness).
//! 4. The workload controllers plan their pods: `statefulset`,
//!    `deployment` (through `replicaset`), `replicaset`, `replication`,
//!    `daemonset`; `pods` (what they share: replicas, the cap,
//!    `GetPodFromTemplate`, the scheduler's node) makes them, each started
//!    by its kubelet.
//! 5. `apiserver`'s Service registry: the written Services with their
//!    cluster IPs. (After the pods here only because pod and cluster IPs
//!    come from one set of taken addresses, and this order keeps every
//!    address where it was.)
//! 6. `endpointslice`, then `endpointslicemirroring`; the EndpointSlices
//!    written are stored as given; what the EndpointSlice controller would
//!    change of a dump's slices is said.
//!
//! Beside them: `existing` (what the manifests already hold of the
//! controllers' work, when they are a dump), `ipam` (pod IP allocation,
//! the node IPAM's stand-in), `selector` (label selectors, the pods' label
//! index).
//!
//! Deterministic stand-ins replace everything a real cluster randomises:
//! ReplicaSet hashes, pod name suffixes, EndpointSlice name suffixes, and IP
//! allocation all derive from a hash of the object's namespace and name, so
//! an IP does not move when an unrelated object is added above it.
//!
//! Per-pod state the playground toggles (not ready, restarted, scaled,
//! flipped to headless) comes in as [`State`].

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::Arc;

use crate::api::{Object, Resource};
use crate::cluster::*;
use crate::diag::{Diagnostic, Location};
use crate::profile::{Cidr, IpFamily, Profile};
pub use crate::support::sorted::{SortedMap, SortedSet};

mod addons;
mod apiserver;
mod daemonset;
mod deployment;
mod endpointslice;
mod endpointslicemirroring;
mod existing;
mod ipam;
mod kubelet;
mod pods;
mod replicaset;
mod replication;
mod selector;
mod statefulset;

pub use endpointslice::MAX_ENDPOINTS_PER_SLICE;
pub use existing::controller_of;
pub use selector::{label_selector_matches, selector_matches, PodLabelIndex};

/// Most replicas simulated for one workload.
pub const MAX_REPLICAS: i32 = 1_000;
/// Most pods simulated in total: above the 10,000 or so a 10,000-object
/// manifest makes (the benchmark's largest), and low enough that the worst
/// case (every workload capped) is analysed and its zone listed within the
/// 100 ms the adversarial corpus allows.
pub const MAX_PODS: usize = 12_000;

/// Interactive state layered on the manifests: what the playground's
/// buttons change without editing text. Keys are `namespace/name`.
/// (Sorted `Vec`s, not `BTreeMap`s: one B-tree copy per value type was
/// about 10 KB of the bundle's code for these few entries.)
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct State {
    /// Replicas of StatefulSets, Deployments and ReplicaSets, overriding
    /// `spec.replicas`. Key: `Kind/namespace/name`.
    pub replicas: SortedMap<i32>,
    /// Pods whose readiness probe fails.
    pub not_ready: SortedSet,
    /// How many times each pod was restarted (deleted and recreated): its
    /// name stays, its IP changes.
    pub restarts: SortedMap<u32>,
    /// Services flipped between regular (false) and headless (true).
    pub headless: SortedMap<bool>,
    /// `publishNotReadyAddresses` overrides.
    pub publish_not_ready: SortedMap<bool>,
}

/// The cluster's networks, as the controllers use them: the cluster
/// profile's ([`Network::of`]), the default profile's by default.
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
        Network::of(&Profile::default())
    }
}

impl Network {
    /// The profile's networks: the first range of each family.
    pub fn of(profile: &Profile) -> Network {
        let v4 = |r: &[Cidr]| {
            r.iter().find_map(|c| match c.addr() {
                IpAddr::V4(a) => Some((a, c.prefix())),
                IpAddr::V6(_) => None,
            })
        };
        let v6 = |r: &[Cidr]| {
            r.iter().find_map(|c| match c.addr() {
                IpAddr::V6(a) => Some((a, c.prefix())),
                IpAddr::V4(_) => None,
            })
        };
        let none = (std::net::Ipv4Addr::UNSPECIFIED, 0);
        Network {
            service_cidr_v4: v4(&profile.service_ranges.value).unwrap_or(none),
            pod_cidr_v4: v4(&profile.pod_ranges.value).unwrap_or(none),
            service_cidr_v6: v6(&profile.service_ranges.value),
            pod_cidr_v6: v6(&profile.pod_ranges.value),
            ipv4: profile.has_family(IpFamily::IPv4),
            nodes: profile.nodes.value.iter().map(|n| n.name.clone()).collect(),
            kubernetes_ip: profile
                .kubernetes_service_ip()
                .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED)),
            dns_ip: profile.dns_ip.value,
            api_server: profile.api_server.value,
            node_ips: profile
                .nodes
                .value
                .iter()
                .map(|n| (n.name.clone(), n.addresses.clone()))
                .collect(),
        }
    }

    /// The cluster's primary address family.
    fn primary_address_type(&self) -> AddressType {
        if self.ipv4 {
            AddressType::IPv4
        } else {
            AddressType::IPv6
        }
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
    pub workload_pods: SortedMap<Vec<String>>,
}

pub(super) fn obj_location(o: &Object, path: &str) -> Location {
    let p = o.locate(path);
    Location {
        file: o.file,
        document: o.document,
        line: p.line,
        column: p.column,
    }
}

pub(super) fn parse_ip(s: &str) -> Option<IpAddr> {
    s.trim().parse().ok()
}

/// A written `targetRef` as the cluster holds it: a missing namespace is
/// the referring object's own.
pub(super) fn target_ref(r: &crate::api::ObjectReference, namespace: &str) -> ObjectRef {
    ObjectRef {
        kind: r.kind.clone().unwrap_or_default(),
        namespace: r.namespace.clone().unwrap_or_else(|| namespace.to_string()),
        name: r.name.clone().unwrap_or_default(),
    }
}

/// Run the controllers over the accepted objects, in the cluster the
/// profile describes, whose CoreDNS reads `config` (the profile's
/// Corefile, [`Profile::dns_config`]). `accepted[i]` says whether
/// `objects[i]` was accepted by the API server (decode and validation).
pub fn simulate(
    objects: &[Arc<Object>],
    accepted: &[bool],
    state: &State,
    profile: &Profile,
    config: DnsConfig,
) -> Simulation {
    let mut sim = Simulation::default();
    let network = &Network::of(profile);
    let mut live: Vec<&Object> = objects
        .iter()
        .zip(accepted.iter().copied().chain(std::iter::repeat(true)))
        .filter(|(o, ok)| *ok && !o.decode_failed)
        .map(|(o, _)| &**o)
        .collect();
    // Controllers see objects in a canonical order, not the manifest's:
    // allocation probes forward on a hash collision, and which object gets
    // the hashed address must not depend on document order.
    crate::support::sort::sort_by(&mut live, |a, b| {
        (&a.namespace, &a.name, &a.kind).cmp(&(&b.namespace, &b.name, &b.kind))
    });
    let existing = existing::Existing::new(&live);
    let written = |kind: &str, namespace: &str, name: &str| {
        live.iter()
            .any(|o| o.kind == kind && o.namespace == namespace && o.name == name)
    };

    // kube-apiserver and kubeadm's addon: the dump's `kubernetes` and
    // `kube-dns` Services, the kubernetes Service's slice and CoreDNS's
    // pods are the cluster's own: they take the built-in ones' place.
    let namespaces = apiserver::namespaces(&live);
    let mut ips = ipam::Allocator::new(network, &live);
    let mut services = Vec::new();
    if !written("Service", "default", "kubernetes") {
        services.push(apiserver::kubernetes_service(network));
    }
    if !written("Service", "kube-system", "kube-dns") {
        services.push(addons::kube_dns_service(network));
    }
    let mut slices = Vec::new();
    if !apiserver::kubernetes_slice_written(&live) {
        slices.push(apiserver::kubernetes_slice(network));
    }
    let mut pods = if addons::coredns_pods_written(&live) {
        Vec::new()
    } else {
        addons::coredns_pods(network, &mut ips)
    };

    // The written Pods, as their kubelets run them.
    for o in &live {
        if let Resource::Pod(p) = &o.resource {
            pods.push(kubelet::written_pod(o, p, state, network, &mut ips));
        }
    }

    // The workload controllers.
    let mut control = pods::PodControl::new(&mut sim, state, &existing, network, pods.len());
    for o in &live {
        match &o.resource {
            Resource::StatefulSet(s) => statefulset::sync(o, s, &mut control),
            Resource::Deployment(w) => deployment::sync(o, w, &mut control),
            Resource::ReplicaSet(w) => replicaset::sync(o, w, &mut control),
            Resource::ReplicationController(w) => replication::sync(o, w, &mut control),
            Resource::DaemonSet(w) => daemonset::sync(o, w, &mut control),
            _ => {}
        }
    }
    control.create(&mut ips, &mut pods);

    let headless_families =
        apiserver::store_services(&live, state, network, &mut ips, &mut services);
    endpointslice::sync(
        &services,
        &headless_families,
        &pods,
        &existing,
        network,
        &mut slices,
    );
    endpointslicemirroring::sync(&live, &services, &existing, &mut slices);
    apiserver::store_slices(&live, &mut slices);
    endpointslice::contradictions(&mut sim, &live, &pods);

    sim.cluster = Cluster {
        config,
        namespaces,
        services,
        endpoint_slices: slices,
        pods,
    };
    sim
}
