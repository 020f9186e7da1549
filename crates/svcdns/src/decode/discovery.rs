//! The discovery group (`discovery.k8s.io/v1`): EndpointSlice.

use super::decoder::{Decoder, Obj, Path};
use crate::api::*;

pub(super) fn decode_endpoint_slice(d: &mut Decoder, top: Obj) -> EndpointSlice {
    let root = Path::root();
    let metadata = d.metadata(top, &root);
    let ep = root.field("endpoints");
    let mut endpoints = Vec::new();
    for (i, n) in d
        .seq(top, &root, "endpoints", "[]v1.Endpoint")
        .iter()
        .enumerate()
    {
        let ip = ep.index(i);
        let Some(e) = d.open(
            n,
            "EndpointSlice",
            "Endpoint",
            "v1.Endpoint",
            &ip,
            &[
                "addresses",
                "conditions",
                "hostname",
                "targetRef",
                "deprecatedTopology",
                "nodeName",
                "zone",
                "hints",
            ],
        ) else {
            continue;
        };
        let cp = ip.field("conditions");
        let conditions = e
            .node
            .get("conditions")
            .and_then(|n| {
                let c = d.open(
                    n,
                    "Endpoint",
                    "EndpointConditions",
                    "v1.EndpointConditions",
                    &cp,
                    &["ready", "serving", "terminating"],
                )?;
                Some(EndpointConditions {
                    ready: d.bool(c, &cp, "ready"),
                    serving: d.bool(c, &cp, "serving"),
                    terminating: d.bool(c, &cp, "terminating"),
                })
            })
            .unwrap_or_default();
        endpoints.push(SliceEndpoint {
            addresses: d.string_list(e, &ip, "addresses"),
            conditions,
            hostname: d.string(e, &ip, "hostname"),
            target_ref: d.object_reference(e, &ip, "targetRef"),
            node_name: d.string(e, &ip, "nodeName"),
            zone: d.string(e, &ip, "zone"),
        });
    }
    EndpointSlice {
        metadata,
        address_type: d.string(top, &root, "addressType"),
        endpoints,
        ports: d.endpoint_ports(top, &root, "ports", "EndpointPort"),
    }
}
