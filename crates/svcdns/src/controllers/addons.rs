//! kubeadm's CoreDNS addon (cmd/kubeadm/app/phases/addons/dns
//! manifests.go): the `kube-system/kube-dns` Service on the tenth address
//! of the service range and the `coredns` Deployment's two replicas,
//! labelled `k8s-app: kube-dns`. A dump's own `kube-dns` Service and CoreDNS
//! pods take their place.

use std::collections::BTreeMap;

use super::ipam::{alloc_pod_ips, Allocator};
use super::Network;
use crate::api::{Object, Resource};
use crate::cluster::*;
use crate::support::stable::{safe_suffix, stable_hash};

/// `k8s-app: kube-dns`, the label of kubeadm's CoreDNS pods and the
/// selector of its `kube-dns` Service. Built by `insert`: collecting into a
/// `BTreeMap` sorts, and each sort is its own copy in the bundle.
fn kube_dns_labels() -> BTreeMap<String, String> {
    let mut labels = BTreeMap::new();
    labels.insert("k8s-app".to_string(), "kube-dns".to_string());
    labels
}

/// The `kube-system/kube-dns` Service.
pub(super) fn kube_dns_service(network: &Network) -> Service {
    Service {
        namespace: "kube-system".into(),
        name: "kube-dns".into(),
        service_type: ServiceType::ClusterIp,
        cluster_ips: vec![network.dns_ip],
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
    }
}

/// Whether the manifests hold CoreDNS's pods (a dump): they back kube-dns
/// instead of the addon's.
pub(super) fn coredns_pods_written(live: &[&Object]) -> bool {
    live.iter().any(|o| {
        matches!(&o.resource, Resource::Pod(p)
            if o.namespace == "kube-system"
                && p.metadata.labels.get("k8s-app").map(String::as_str) == Some("kube-dns"))
    })
}

/// CoreDNS's two replicas, running and ready, spread over the nodes.
pub(super) fn coredns_pods(network: &Network, ips: &mut Allocator) -> Vec<Pod> {
    let mut pods = Vec::new();
    let coredns_rs = format!("coredns-{}", safe_suffix("kube-system/coredns", 10));
    for i in 0..2 {
        let name = format!(
            "{coredns_rs}-{}",
            safe_suffix(&format!("{coredns_rs}/{i}"), 5)
        );
        let node = network.nodes.get(i % network.nodes.len().max(1)).cloned();
        let ip = alloc_pod_ips(
            ips,
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
    pods
}
