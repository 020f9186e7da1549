//! `ns.go`: the name servers of the zone (the CoreDNS Service) and
//! `ns.dns.<zone>`.

use std::net::IpAddr;

use super::kubernetes::Engine;
use super::object;
use super::reason::Reason;
use crate::dns::name;

impl Engine<'_> {
    /// The IPs of the CoreDNS pod that answers: the first pod labelled
    /// `k8s-app=kube-dns` in `kube-system`, else the first ready endpoint of
    /// `kube-system/kube-dns`.
    pub(super) fn coredns_ips(&mut self) -> Vec<IpAddr> {
        let cluster = self.cluster;
        if let Some(p) = self.index.pods_in(cluster, "kube-system").find(|p| {
            p.namespace == "kube-system"
                && p.labels.get("k8s-app").map(String::as_str) == Some("kube-dns")
                && !p.ips.is_empty()
        }) {
            self.because(|_| Reason::CorednsPod {
                pod: p.name.clone(),
                ips: p.ips.clone(),
            });
            return p.ips.clone();
        }
        for s in self.index.slices_of(cluster, "kube-system", "kube-dns") {
            if let Some(ep) = s.endpoints.iter().find(|e| object::endpoint_ready(e)) {
                if !ep.addresses.is_empty() {
                    self.because(|e| Reason::CorednsEndpoint {
                        endpoint: e.endpoint_ref(ep),
                    });
                    return ep.addresses.clone();
                }
            }
        }
        Vec::new()
    }

    /// `ns.go` `nsAddrs`: names and addresses of the Services whose
    /// endpoints include the answering CoreDNS pod's IPs; with none,
    /// `ns.dns.<zone>` and the pod's own addresses.
    pub(crate) fn ns_addrs(&mut self, zone: &str) -> Vec<(String, IpAddr)> {
        let local = self.coredns_ips();
        let cluster = self.cluster;
        let mut out = Vec::new();
        let mut found = false;
        for ip in &local {
            for slice in self.index.slices_with_address(cluster, *ip) {
                let holds = slice
                    .endpoints
                    .iter()
                    .filter(|e| object::endpoint_ready(e))
                    .any(|e| e.addresses.contains(ip));
                if !holds {
                    continue;
                }
                found = true;
                let Some(sname) = slice.service_name.as_deref() else {
                    continue;
                };
                for svc in self
                    .index
                    .services(cluster, &slice.namespace, sname)
                    .filter(|s| s.name == sname && s.namespace == slice.namespace)
                {
                    let svc_name = name::join(&format!("{}.{}.svc", svc.name, svc.namespace), zone);
                    if svc.headless {
                        for ep in slice.endpoints.iter().filter(|e| object::endpoint_ready(e)) {
                            for a in &ep.addresses {
                                let h = self.endpoint_hostname(ep, a);
                                out.push((format!("{h}.{svc_name}"), *a));
                            }
                        }
                    } else {
                        for c in &svc.cluster_ips {
                            out.push((svc_name.clone(), *c));
                        }
                    }
                }
            }
        }
        if !found {
            for ip in &local {
                out.push((name::join("ns.dns", zone), *ip));
            }
        }
        out
    }
}

/// `ns.go` `isDefaultNS`, including its quirk: the lower-cased name is
/// searched for the zone in the question's case, so `ns.dns.CLUSTER.local.`
/// does not match.
pub(super) fn is_default_ns(name: &str, zone: &str) -> bool {
    name.starts_with("ns.dns.") && name.find(zone) == Some("ns.dns.".len())
}
