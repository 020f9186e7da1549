//! `reverse.go`: PTR answers for cluster IPs and endpoint addresses.

use std::net::IpAddr;

use super::kubernetes::{named_service_name, service_name, Engine, LookupError, State};
use super::object;
use super::reason::Reason;
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
            self.because(|e| Reason::PtrClusterIp {
                ip,
                service: e.service_ref(svc),
            });
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
                        self.because(|e| Reason::PtrNotReady {
                            endpoint: e.endpoint_ref(ep),
                            slice: e.slice_ref(slice),
                        });
                        continue;
                    }
                    let Some(sname) = slice.service_name.as_deref() else {
                        self.because(|_| Reason::PtrSliceWithoutService {
                            namespace: slice.namespace.clone(),
                            name: slice.name.clone(),
                        });
                        continue;
                    };
                    let h = self.endpoint_hostname(ep, a);
                    let target =
                        named_service_name(Some(&h), sname, &slice.namespace, self.primary);
                    self.because(|e| Reason::PtrEndpoint {
                        ip,
                        endpoint: e.endpoint_ref(ep),
                        slice: e.slice_ref(slice),
                        service: sname.to_string(),
                        target: target.clone(),
                    });
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
                self.because(|_| Reason::PtrForwardName);
            } else {
                self.because(|_| Reason::PtrPartialReverse);
            }
            self.records(st)?;
            return Ok(Vec::new());
        };
        let ip = name::normalize_mapped(ip);
        let targets = self.service_record_for_ip(ip);
        if targets.is_empty() {
            self.because(|_| Reason::PtrNone { ip });
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
