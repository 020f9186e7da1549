//! The sentences `kubernetes.go`'s lookups still write about the objects
//! they read ([`super::reason::Reason::Note`]), until they are data too.

use super::kubernetes::{Engine, State};
use super::object;
use super::parse::RecordRequest;
use super::reason::{EndpointRef, ServiceRef, SliceRef};
use crate::cluster::{Endpoint, EndpointSlice, Service};
use crate::dns::name;
use crate::support::text::go_quote;

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

    /// "10.244.1.5 (pod default/web-0, from StatefulSet/default/web)".
    pub(crate) fn describe_endpoint(&self, ep: &Endpoint) -> String {
        self.endpoint_ref(ep).to_string()
    }

    pub(super) fn explain_invalid(&mut self, st: &State) {
        let base = name::trim_zone(&st.name, &st.zone);
        let segs: Vec<&str> = base.split('.').collect();
        let class = segs.last().copied().unwrap_or("");
        if class != "svc" && class != "pod" {
            note!(
                self,
                "below the zone, the last label must be svc or pod, and it is {} \
                 (CoreDNS plugin/kubernetes parse.go parseRequest)",
                go_quote(class)
            );
        } else {
            note!(
                self,
                "{} has {} labels left of the service name; 1 is an endpoint, 2 are \
                 _port._protocol, more is \"too long\" (parse.go parseRequest)",
                st.qname,
                segs.len().saturating_sub(3)
            );
        }
    }

    pub(super) fn explain_namespace(&mut self, ns: &str) {
        let cfg = &self.cluster.config.namespaces;
        if !cfg.is_empty() && !cfg.iter().any(|n| n == ns) {
            note!(
                self,
                "namespace {} is not in the plugin's `namespaces` list, so it is not \
                 served (namespace.go namespaceExposed)",
                go_quote(ns)
            );
        } else {
            note!(
                self,
                "there is no Namespace {}; CoreDNS answers only for namespaces that \
                 exist (namespace.go namespaceExposed)",
                go_quote(ns)
            );
        }
    }

    pub(super) fn explain_unready(&mut self, svc: &Service) {
        if !self.explain {
            return;
        }
        let cluster = self.cluster;
        for s in self.index.slices_of(cluster, &svc.namespace, &svc.name) {
            for ep in s.endpoints.iter().filter(|e| !object::endpoint_ready(e)) {
                let extra = if ep.terminating == Some(true) {
                    " (terminating; serving/terminating are ignored)"
                } else {
                    ""
                };
                let msg = format!(
                    "endpoint {} in EndpointSlice {}/{} has ready=false{extra}, so it is left out \
                     (CoreDNS keeps an endpoint only when conditions.ready is true or unset)",
                    self.describe_endpoint(ep),
                    s.namespace,
                    s.name
                );
                self.note(msg);
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
            note!(
                self,
                "its SRV records carry port {slice_port}, the EndpointSlice port (the pods' \
                 targetPort), not the Service port {service_port}: for a headless Service CoreDNS \
                 never reads the Service's ports (kubernetes.go findServices; the DNS \
                 specification says \"port in the Service\", CoreDNS differs)"
            );
        }
    }

    pub(super) fn explain_port_miss(
        &mut self,
        r: &RecordRequest<'_>,
        svc: &Service,
        headless: bool,
    ) {
        let ports: Vec<String> = if headless {
            let mut v = Vec::new();
            for s in self
                .index
                .slices_of(self.cluster, &svc.namespace, &svc.name)
            {
                for p in &s.ports {
                    let n = p.name.as_deref().unwrap_or("");
                    let d = format!(
                        "{}/{} {}",
                        if n.is_empty() { "(unnamed)" } else { n },
                        p.protocol,
                        p.port.unwrap_or(-1)
                    );
                    if !v.contains(&d) {
                        v.push(d);
                    }
                }
            }
            v
        } else {
            svc.ports
                .iter()
                .map(|p| {
                    format!(
                        "{}/{} {}",
                        if p.name.is_empty() {
                            "(unnamed)"
                        } else {
                            &p.name
                        },
                        p.protocol,
                        p.port
                    )
                })
                .collect()
        };
        let which = if headless {
            "EndpointSlice ports"
        } else {
            "Service ports"
        };
        note!(
            self,
            "_{}._{} matches none of the {which} of {}/{} [{}] (names and protocols compare \
             case-insensitively; unnamed ports have no _port._proto SRV name)",
            r.port,
            r.protocol,
            svc.namespace,
            svc.name,
            ports.join(", ")
        );
    }
}
