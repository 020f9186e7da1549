//! kube-apiserver's part of the cluster: the objects it makes itself and
//! what it stores of the objects written.
//!
//! - The system namespaces (pkg/controlplane/controller/systemnamespaces:
//!   `default`, `kube-system`, `kube-public`, `kube-node-lease`).
//! - The `default/kubernetes` Service (pkg/controlplane/controller/
//!   kubernetesservice controller.go `UpdateKubernetesService`: port `https`
//!   443 to the secure port 6443) and its endpoints, which the endpoint
//!   reconciler writes (pkg/controlplane/reconcilers lease.go, through
//!   endpointsadapter.go, whose slice endpoints carry `ready` only).
//! - The Service registry (pkg/registry/core/service/storage alloc.go):
//!   `ipFamilies` defaulted (`initIPFamilyFields`) and cluster IPs
//!   allocated (`allocClusterIPs`), a stable hash of the Service's
//!   namespace and name standing in for the allocator's random pick.
//! - EndpointSlices written in the manifests, stored as given.

use std::net::IpAddr;

use super::ipam::Allocator;
use super::{obj_location, parse_ip, target_ref, Network, State};
use crate::api::{self, IntOrString, Object, Resource};
use crate::cluster::*;
use crate::support::stable::stable_hash;

/// The namespaces: the system ones, those written, and those objects use;
/// sorted, each once. (Sorted with `support::sort` and deduplicated, not
/// gathered in a `BTreeSet<String>`: that was its own B-tree copy in the
/// bundle.)
pub(super) fn namespaces(live: &[&Object]) -> Vec<String> {
    let mut names = vec!["default", "kube-system", "kube-public", "kube-node-lease"];
    for o in live {
        let name = if let Resource::Namespace(_) = o.resource {
            &o.name
        } else {
            &o.namespace
        };
        // Objects of a namespace usually come together: most repeats stop here.
        if names.last() != Some(&name.as_str()) {
            names.push(name);
        }
    }
    crate::support::sort::sort_by(&mut names, |a, b| a.cmp(b));
    names.dedup();
    names.into_iter().map(str::to_string).collect()
}

/// The `default/kubernetes` Service.
pub(super) fn kubernetes_service(network: &Network) -> Service {
    Service {
        namespace: "default".into(),
        name: "kubernetes".into(),
        service_type: ServiceType::ClusterIp,
        cluster_ips: vec![network.kubernetes_ip],
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
    }
}

/// The `kubernetes` Service's slice, kube-apiserver's own address
/// (`--advertise-address`) on its secure port.
pub(super) fn kubernetes_slice(network: &Network) -> EndpointSlice {
    EndpointSlice {
        namespace: "default".into(),
        name: "kubernetes".into(),
        service_name: Some("kubernetes".into()),
        address_type: if network.api_server.is_ipv4() {
            AddressType::IPv4
        } else {
            AddressType::IPv6
        },
        // The endpoint reconciler writes the slice through
        // `EndpointsAdapter` (pkg/controlplane/reconcilers
        // endpointsadapter.go `endpointSliceFromEndpoints`,
        // `endpointFromAddress`): `ready` only.
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
    }
}

/// Whether the manifests hold the `kubernetes` Service's slice (a dump):
/// it takes the built-in one's place.
pub(super) fn kubernetes_slice_written(live: &[&Object]) -> bool {
    live.iter().any(|o| {
        matches!(&o.resource, Resource::EndpointSlice(s)
            if o.namespace == "default"
                && s.metadata.labels.get("kubernetes.io/service-name").map(String::as_str) == Some("kubernetes"))
    })
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
        types.push(network.primary_address_type());
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

/// The Services written, as the registry stores them, appended to
/// `services`. Returns the address types of each headless Service's
/// slices, from its ipFamilies as the API server defaults them: one entry
/// per Service of `services`, in order (empty for the built-in ones and
/// the others).
pub(super) fn store_services(
    live: &[&Object],
    state: &State,
    network: &Network,
    ips: &mut Allocator,
    services: &mut Vec<Service>,
) -> Vec<Vec<AddressType>> {
    let dual = network.service_cidr_v6.is_some() && network.ipv4;
    let mut headless_families: Vec<Vec<AddressType>> = vec![Vec::new(); services.len()];
    for o in live {
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
                    (v6(ips), v4(ips))
                } else {
                    (v4(ips), None)
                };
                cluster_ips.extend(first);
                if wants_dual {
                    if wants_v6_first {
                        cluster_ips.extend(second);
                    } else {
                        cluster_ips.extend(v6(ips));
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
    headless_families
}

/// EndpointSlices written in the manifests, taken as given.
pub(super) fn store_slices(live: &[&Object], slices: &mut Vec<EndpointSlice>) {
    for o in live {
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
                    target_ref: e.target_ref.as_ref().map(|r| target_ref(r, &o.namespace)),
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
}
