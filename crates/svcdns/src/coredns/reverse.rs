//! `reverse.go`: PTR answers for cluster IPs and endpoint addresses.

use std::net::IpAddr;

use super::kubernetes::{named_service_name, service_name, Engine, LookupError, State};
use super::object;
use crate::dns::name;
use crate::dns::{RData, Record};

impl Engine<'_> {
    /// `reverse.go` `serviceRecordForIP`: a cluster IP gives exactly one
    /// name (the first Service that has it); otherwise every ready endpoint
    /// address equal to the IP gives `<ep>.<svc>.<ns>.svc.<zone>`.
    pub(crate) fn service_record_for_ip(&mut self, ip: IpAddr) -> Vec<String> {
        let cluster = self.cluster;
        let restricted = !cluster.config.namespaces.is_empty();
        for svc in self.index.services_with_cluster_ip(cluster, ip) {
            if restricted && !self.namespace_exposed(&svc.namespace) {
                continue;
            }
            note!(
                self,
                "{ip} is a cluster IP of {}; a cluster IP gets exactly one PTR, to the Service \
                 name (kubernetes/dns specification 1.1.0 §2.3.4; reverse.go serviceRecordForIP)",
                self.describe_service(svc)
            );
            return vec![service_name(None, svc, self.primary)];
        }
        let mut out = Vec::new();
        for slice in self.index.slices_with_address(cluster, ip) {
            if restricted && !self.namespace_exposed(&slice.namespace) {
                continue;
            }
            for ep in slice.endpoints.iter() {
                for a in ep.addresses.iter().filter(|a| **a == ip) {
                    if !object::endpoint_ready(ep) {
                        if self.explain {
                            let msg = format!(
                                "endpoint {} in {} is not ready, so it gets no PTR",
                                self.describe_endpoint(ep),
                                self.describe_slice(slice)
                            );
                            self.note(msg);
                        }
                        continue;
                    }
                    let Some(sname) = slice.service_name.as_deref() else {
                        note!(
                            self,
                            "EndpointSlice {}/{} has no kubernetes.io/service-name label, so it \
                             names no Service and gives no usable PTR",
                            slice.namespace,
                            slice.name
                        );
                        continue;
                    };
                    let h = self.endpoint_hostname(ep, a);
                    let target =
                        named_service_name(Some(&h), sname, &slice.namespace, self.primary);
                    if self.explain {
                        let msg = format!(
                            "{ip} is a ready endpoint ({}) in {} of Service {}/{sname}, so it \
                             points to {target} (reverse.go serviceRecordForIP)",
                            self.endpoint_target(ep),
                            self.describe_slice(slice),
                            slice.namespace
                        );
                        self.note(msg);
                    }
                    out.push(target);
                }
            }
        }
        out
    }

    /// `backend_lookup.go` `PTR` with `reverse.go` `Reverse`.
    pub(super) fn ptr(&mut self, st: &State) -> Result<Vec<Record>, LookupError> {
        let Some(ip) = name::address_from_reverse(&st.name) else {
            // Not a complete reverse name: Records decides between name
            // error and NODATA, and its records are dropped.
            if !name::is_reverse(&st.name) {
                self.note(
                    "PTR is answered only for complete reverse names; a forward name that \
                     exists gives NODATA (reverse.go Reverse)",
                );
            } else {
                self.note(
                    "the name is not a complete address under the reverse zone (for example \
                     0.10.in-addr.arpa.), so nothing points from it (reverse.go Reverse)",
                );
            }
            self.records(st)?;
            return Ok(Vec::new());
        };
        let ip = name::normalize_mapped(ip);
        let targets = self.service_record_for_ip(ip);
        if targets.is_empty() {
            note!(
                self,
                "{ip} is neither a cluster IP nor a ready endpoint address; pod IPs that are not \
                 endpoints, externalIPs and load-balancer IPs have no PTR (reverse.go)"
            );
            return Err(LookupError::NoItems);
        }
        let mut out: Vec<Record> = Vec::new();
        for t in targets {
            let r = Record {
                owner: st.qname.to_string(),
                ttl: self.ttl,
                rdata: RData::Ptr(t),
            };
            if !out.contains(&r) {
                out.push(r);
            }
        }
        Ok(out)
    }
}
