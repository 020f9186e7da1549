//! The kubelet's part: a pod's status once it runs on its node.
//!
//! - `status.podIPs`: a `hostNetwork` pod has its node's InternalIPs (the
//!   kubelet reports `hostIPs` as the pod's IPs); any other an address of its
//!   node's pod range, from the CNI plugin's IPAM (`ipam`).
//! - `status.phase` and the `Ready` condition: a pod with an address runs
//!   and is ready (the playground's toggles can make it not ready); one
//!   without stays `Pending`.
//!
//! A Pod read from a cluster keeps the status it was read with.

use std::net::IpAddr;

use super::existing::controller_of;
use super::ipam::{alloc_pod_ips, node_ips, seed_hash, Allocator};
use super::{obj_location, parse_ip, Network, State};
use crate::api::{self, Object};
use crate::cluster::*;

/// A pod's IPs when it starts on `node`: the node's own for a
/// `hostNetwork` pod, else a free address of the node's pod range
/// (none when the range is full). `seed` is the pod's address seed
/// ([`seed_hash`]).
pub(super) fn pod_ips(
    network: &Network,
    ips: &mut Allocator,
    host_network: bool,
    seed: u64,
    node: Option<&str>,
) -> Vec<IpAddr> {
    if host_network {
        node_ips(network, node)
    } else {
        alloc_pod_ips(ips, network, seed, node)
    }
}

/// The container ports a pod declares (`spec.containers[*].ports`).
pub(super) fn container_ports(spec: &api::PodSpec) -> Vec<ContainerPort> {
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

/// A Pod written in the manifests, once its kubelet has run it: the
/// written status (a dump's) where there is one, else the kubelet's.
pub(super) fn written_pod(
    o: &Object,
    p: &api::Pod,
    state: &State,
    network: &Network,
    ips: &mut Allocator,
) -> Pod {
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
    // `status.podIP` has no address yet (the kubelet sets it once the
    // sandbox runs): none is invented, and the EndpointSlice controller
    // skips it (`ShouldPodBeInEndpoints`).
    let has_no_ip_yet = o.is_cluster_state() || phase == PodPhase::Pending;
    let host_network = p.spec.host_network == Some(true);
    // A bare `hostNetwork` pod runs on its node's address: the scheduler
    // gives it a node (the stand-in: the first).
    let node_name = p
        .spec
        .node_name
        .clone()
        .or_else(|| network.nodes.first().filter(|_| host_network).cloned());
    if (pod_ips.is_empty() && !has_no_ip_yet) || restarts > 0 {
        pod_ips = self::pod_ips(
            network,
            ips,
            host_network,
            seed_hash(&key, restarts),
            node_name.as_deref(),
        );
    }
    let ready_condition = status
        .and_then(|s| s.conditions.iter().find(|c| c.condition_type == "Ready"))
        .map(|c| c.status == "True");
    let ready = phase == PodPhase::Running
        && ready_condition.unwrap_or(true)
        && !state.not_ready.contains(&key);
    Pod {
        namespace: o.namespace.clone(),
        name: o.name.clone(),
        labels: p.metadata.labels.clone(),
        ips: pod_ips,
        phase,
        ready,
        terminating: p.metadata.deletion_timestamp.is_some(),
        hostname: p.spec.hostname.clone(),
        subdomain: p.spec.subdomain.clone(),
        node_name,
        container_ports: container_ports(&p.spec),
        owner: controller_of(o).map(|(kind, name)| ObjectRef {
            kind: kind.into(),
            namespace: o.namespace.clone(),
            name: name.into(),
        }),
        origin: Origin::Manifest(obj_location(o, "")),
    }
}
