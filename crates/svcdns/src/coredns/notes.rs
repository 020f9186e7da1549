//! The objects and rules the lookups record as [`Reason`]s: how an
//! explanation names a Service, an endpoint, a slice, and the reasons of
//! the name grammar, namespaces, readiness and ports.

use super::kubernetes::{Engine, State};
use super::object;
use super::parse::RecordRequest;
use super::reason::{EndpointRef, PortRef, Reason, ServiceRef, SliceRef};
use crate::cluster::{Endpoint, EndpointSlice, Service};
use crate::dns::name;

impl Engine<'_> {
    /// A Service as a reason names it.
    pub(super) fn service_ref(&self, s: &Service) -> ServiceRef {
        ServiceRef {
            namespace: s.namespace.clone(),
            name: s.name.clone(),
            headless: s.headless,
            service_type: s.service_type,
            origin: s.origin.clone(),
        }
    }

    /// An endpoint as a reason names it, with the owner of its pod.
    pub(super) fn endpoint_ref(&self, ep: &Endpoint) -> EndpointRef {
        let pod_owner = ep
            .target_ref
            .as_ref()
            .filter(|r| r.kind == "Pod")
            .and_then(|r| self.index.pod(self.cluster, &r.namespace, &r.name))
            .and_then(|p| p.owner.clone());
        EndpointRef {
            addresses: ep.addresses.clone(),
            target: ep.target_ref.clone(),
            pod_owner,
        }
    }

    /// An EndpointSlice as a reason names it.
    pub(super) fn slice_ref(&self, s: &EndpointSlice) -> SliceRef {
        SliceRef {
            namespace: s.namespace.clone(),
            name: s.name.clone(),
            origin: s.origin.clone(),
        }
    }

    pub(super) fn explain_invalid(&mut self, st: &State) {
        let base = name::trim_zone(&st.name, &st.zone);
        let segs: Vec<&str> = base.split('.').collect();
        let class = segs.last().copied().unwrap_or("");
        if class != "svc" && class != "pod" {
            self.because(|_| Reason::NotSvcOrPod {
                label: class.to_string(),
            });
        } else {
            self.because(|_| Reason::TooLong {
                name: st.qname.to_string(),
                labels: segs.len().saturating_sub(3),
            });
        }
    }

    pub(super) fn explain_namespace(&mut self, ns: &str) {
        let cfg = &self.cluster.config.namespaces;
        if !cfg.is_empty() && !cfg.iter().any(|n| n == ns) {
            self.because(|_| Reason::NamespaceNotListed {
                namespace: ns.to_string(),
            });
        } else {
            self.because(|_| Reason::NoNamespace {
                namespace: ns.to_string(),
            });
        }
    }

    pub(super) fn explain_unready(&mut self, svc: &Service) {
        if !self.explain {
            return;
        }
        let cluster = self.cluster;
        for s in self.index.slices_of(cluster, &svc.namespace, &svc.name) {
            for ep in s.endpoints.iter().filter(|e| !object::endpoint_ready(e)) {
                self.because(|e| Reason::EndpointNotReady {
                    endpoint: e.endpoint_ref(ep),
                    slice_namespace: s.namespace.clone(),
                    slice_name: s.name.clone(),
                    terminating: ep.terminating == Some(true),
                });
            }
        }
    }

    /// Blog posts show headless SRV answers with the Service's port; CoreDNS
    /// answers the EndpointSlice's port (the pod's target port). Say so
    /// whenever the two differ.
    pub(super) fn explain_headless_srv_port(&mut self, svc: &Service) {
        let mut differ: Vec<(i32, i32)> = Vec::new();
        for s in self
            .index
            .slices_of(self.cluster, &svc.namespace, &svc.name)
        {
            for ep in &s.ports {
                let Some(port) = ep.port else { continue };
                let name = ep.name.as_deref().unwrap_or("");
                if let Some(sp) = svc
                    .ports
                    .iter()
                    .find(|p| p.name == name && p.protocol == ep.protocol)
                {
                    if sp.port != port && !differ.contains(&(sp.port, port)) {
                        differ.push((sp.port, port));
                    }
                }
            }
        }
        for (service_port, slice_port) in differ {
            self.because(|_| Reason::HeadlessSrvPort {
                service_port,
                slice_port,
            });
        }
    }

    pub(super) fn explain_port_miss(
        &mut self,
        r: &RecordRequest<'_>,
        svc: &Service,
        headless: bool,
    ) {
        if !self.explain {
            return;
        }
        let ports: Vec<PortRef> = if headless {
            let mut v = Vec::new();
            for s in self
                .index
                .slices_of(self.cluster, &svc.namespace, &svc.name)
            {
                for p in &s.ports {
                    let d = PortRef {
                        name: p.name.clone().unwrap_or_default(),
                        protocol: p.protocol.clone(),
                        port: p.port.unwrap_or(-1),
                    };
                    if !v.contains(&d) {
                        v.push(d);
                    }
                }
            }
            v
        } else {
            svc.ports
                .iter()
                .map(|p| PortRef {
                    name: p.name.clone(),
                    protocol: p.protocol.clone(),
                    port: p.port,
                })
                .collect()
        };
        self.because(|_| Reason::PortMiss {
            port: r.port.to_string(),
            protocol: r.protocol.to_string(),
            headless,
            namespace: svc.namespace.clone(),
            name: svc.name.clone(),
            ports,
        });
    }
}
