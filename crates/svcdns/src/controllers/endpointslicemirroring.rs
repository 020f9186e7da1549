//! The EndpointSliceMirroring controller (pkg/controller/
//! endpointslicemirroring): the Endpoints of a Service without a selector
//! become slices labelled with the Service's name, one per subset and
//! address family, named `<endpoints>-<5 characters>` (stable here). Each
//! address becomes an endpoint as utils.go `addressToEndpoint` writes it:
//! `conditions: {ready}` only (ready for `addresses`, not for
//! `notReadyAddresses`), the address's hostname, node and target.
//!
//! Not mirrored (endpointslicemirroring_controller.go `shouldMirror`,
//! utils.go `skipMirror`): Endpoints labelled
//! `endpointslice.kubernetes.io/skip-mirror: "true"` (the API server's own
//! `kubernetes` Endpoints), and Endpoints whose mirrored slices the
//! manifests already hold.

use super::existing::Existing;
use super::{obj_location, parse_ip, target_ref};
use crate::api::{Object, Resource};
use crate::cluster::*;
use crate::support::stable::safe_suffix;

/// The mirrored slices, appended to `slices`.
pub(super) fn sync(
    live: &[&Object],
    services: &[Service],
    existing: &Existing,
    slices: &mut Vec<EndpointSlice>,
) {
    for o in live {
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
            // IPv4 then IPv6 (an array: a map of them was its own B-tree
            // copy in the bundle).
            let mut by_family: [(AddressType, Vec<Endpoint>); 2] = [
                (AddressType::IPv4, Vec::new()),
                (AddressType::IPv6, Vec::new()),
            ];
            for (ready, list) in [
                (true, &subset.addresses),
                (false, &subset.not_ready_addresses),
            ] {
                for a in list {
                    let Some(ip) = parse_ip(&a.ip) else { continue };
                    // `addressToEndpoint`: `ready` only.
                    by_family[usize::from(ip.is_ipv6())].1.push(Endpoint {
                        addresses: vec![ip],
                        ready: Some(ready),
                        serving: None,
                        terminating: None,
                        hostname: a.hostname.clone(),
                        target_ref: a.target_ref.as_ref().map(|r| target_ref(r, &o.namespace)),
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
                if endpoints.is_empty() {
                    continue;
                }
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
}
