//! The EndpointSlice controller (pkg/controller/endpointslice
//! endpointslice_controller.go `syncService`, over k8s.io/endpointslice
//! reconciler.go `Reconcile`/`reconcileByAddressType`/
//! `reconcileByPortMapping` and utils.go): for every Service with a
//! selector, its pods' endpoints (`podToEndpoint`), grouped by their
//! resolved ports (`getEndpointPorts`), in slices of at most
//! [`MAX_ENDPOINTS_PER_SLICE`] per address type
//! (`getAddressTypesForService`), named `<service>-<5 characters>` (the API
//! server's `generateName`, stable here).
//!
//! Also what the controller would change of a dump's slices
//! ([`contradictions`]).

use std::fmt::Write as _;
use std::net::IpAddr;

use super::existing::{managed_by, Existing};
use super::ipam::family_seed;
use super::selector::PodLabelIndex;
use super::{obj_location, parse_ip, Network, Simulation};
use crate::api::{Object, Resource};
use crate::cluster::*;
use crate::diag::{Code, Diagnostic, DiagnosticSource, Severity};
use crate::support::stable::safe_suffix_of;

/// Most endpoints the EndpointSlice controller puts in one slice
/// (`--max-endpoints-per-slice` default).
pub const MAX_ENDPOINTS_PER_SLICE: usize = 100;

/// The slices of every Service with a selector, appended to `slices`.
/// `headless_families[i]` are the address types of `services[i]` when it
/// is headless (its defaulted `ipFamilies`).
pub(super) fn sync(
    services: &[Service],
    headless_families: &[Vec<AddressType>],
    pods: &[Pod],
    existing: &Existing,
    network: &Network,
    slices: &mut Vec<EndpointSlice>,
) {
    let pod_index = PodLabelIndex::new(pods, services);
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
        // `getAddressTypesForService`.
        let families: Vec<AddressType> = if svc.cluster_ips.is_empty() {
            headless_families
                .get(position)
                .filter(|families| !families.is_empty())
                .cloned()
                .unwrap_or_else(|| vec![network.primary_address_type()])
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
            for pod in pod_index.select(pods, Some(&svc.namespace), selector) {
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
                // The pod's ports (`getEndpointPorts`), compared with each
                // group's before any is copied.
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
}

/// Where a dump contradicts itself, the dump's word is kept (CoreDNS
/// answers what the slices say) and a diagnostic says what the
/// EndpointSlice controller would change: an endpoint naming a pod the
/// manifests do not hold (it would be removed), or one whose address is not
/// its pod's (it would be the pod's `status.podIPs`, `podToEndpoint`).
/// Only for manifests that hold pods at all: a dump of Services and slices
/// alone contradicts nothing.
pub(super) fn contradictions(sim: &mut Simulation, live: &[&Object], pods: &[Pod]) {
    if !live.iter().any(|o| matches!(o.resource, Resource::Pod(_))) {
        return;
    }
    // Pods by (namespace, name), for a binary search per endpoint: a scan
    // per endpoint was quadratic (a 5,500-object dump spent 15 % of its
    // analysis here).
    let mut by_name: Vec<usize> = (0..pods.len()).collect();
    crate::support::sort::sort_by(&mut by_name, |&a, &b| {
        (&pods[a].namespace, &pods[a].name).cmp(&(&pods[b].namespace, &pods[b].name))
    });
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
            let pod = by_name
                .binary_search_by(|&i| {
                    (pods[i].namespace.as_str(), pods[i].name.as_str()).cmp(&(namespace, name))
                })
                .ok()
                .map(|k| &pods[by_name[k]]);
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
                    Code::DumpContradiction,
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
