//! Services: selectors, ports and endpoints as DNS will see them (SVCDNS007-009, 016, 018, 023).

use super::*;
use crate::diag::LintCode;

impl Cx<'_> {
    pub(super) fn service(&self, o: &Object, out: &mut Vec<Diagnostic>) {
        let Some(svc) = self.index.service(self.cluster, &o.namespace, &o.name) else {
            return;
        };
        if svc.service_type == ServiceType::ExternalName {
            return;
        }
        let Resource::Service(spec_svc) = &o.resource else {
            return;
        };
        let ns = &svc.namespace;
        let name = &svc.name;
        let fqdn = self.svc_fqdn(ns, name);
        let selector = svc.selector.as_ref().filter(|s| !s.is_empty());
        let selected: Vec<&Pod> = match selector {
            Some(sel) => self
                .pod_labels()
                .select(&self.cluster.pods, Some(ns), sel)
                .collect(),
            None => Vec::new(),
        };

        // SVCDNS007: the selector matches nothing.
        if let Some(sel) = selector {
            if selected.is_empty() {
                let elsewhere: Vec<&str> = self
                    .pod_labels()
                    .select(&self.cluster.pods, None, sel)
                    .filter(|p| &p.namespace != ns)
                    .map(|p| p.namespace.as_str())
                    .collect();
                let consequence = if svc.headless {
                    format!("{fqdn} gives NXDOMAIN: a headless Service answers only with ready endpoints, and it has none.")
                } else {
                    format!("{fqdn} still resolves to the virtual IP, but connections to it fail: there are no endpoints behind it.")
                };
                let fix = if let Some(other) = elsewhere.first() {
                    format!("Pods with these labels exist in namespace {other}; a Service selects only pods in its own namespace, so move one or the other.")
                } else {
                    let known = self.label_hints(ns);
                    if known.is_empty() {
                        "Make the selector equal to the labels of the pod template meant to back this Service.".to_string()
                    } else {
                        format!("Make the selector equal to the labels of the pod template meant to back this Service (pods in {ns} carry {known}).")
                    }
                };
                emit(o, Lint {
                    severity: Severity::Warning,
                    code: LintCode::SelectorMatchesNoPod,
                    field: "spec.selector",
                    message: format!("The selector of Service \"{name}\" ({}) matches no pod in namespace {ns}.", selector_text(sel)),
                    consequence,
                    fix,
                }, out);
            }
        }

        // SVCDNS008: headless with no ready endpoints (but something to show).
        if svc.headless && !(selector.is_some() && selected.is_empty()) {
            let mut total = 0usize;
            let mut ready = 0usize;
            for sl in self.index.slices_of(self.cluster, ns, name) {
                for e in &sl.endpoints {
                    if e.addresses.is_empty() {
                        continue;
                    }
                    total += 1;
                    if e.ready != Some(false) {
                        ready += 1;
                    }
                }
            }
            if ready == 0 {
                let (why, fix) = if selector.is_none() {
                    if total == 0 {
                        (format!("Service \"{name}\" has no selector and no Endpoints or EndpointSlice supplies addresses for it."),
                         format!("Add a selector, or write an Endpoints object named \"{name}\" (or an EndpointSlice labelled kubernetes.io/service-name: {name}) listing the addresses."))
                    } else {
                        (format!("Every address written for Service \"{name}\" is marked not ready."),
                         "List the addresses under addresses (not notReadyAddresses), or set conditions.ready: true.".to_string())
                    }
                } else {
                    let live: Vec<&&Pod> = selected.iter().filter(|p| live_pod(p)).collect();
                    (format!("None of the {} Service \"{name}\" selects is ready.", plural(live.len().max(selected.len()), "pod", "pods")),
                     "CoreDNS answers only with ready endpoints; once a pod passes its readiness probe it appears. If peers must find each other before they are ready (cluster bootstrapping), set publishNotReadyAddresses: true.".to_string())
                };
                emit(o, Lint {
                    severity: Severity::Warning,
                    code: LintCode::HeadlessWithoutReadyEndpoints,
                    field: if selector.is_some() { "spec.selector" } else { "spec.clusterIP" },
                    message: why,
                    consequence: format!("{fqdn} gives NXDOMAIN for every query type, as the DNS specification requires for a headless Service with no ready endpoints."),
                    fix,
                }, out);
            }
        }

        // SVCDNS009: unnamed ports.
        for (i, p) in svc.ports.iter().enumerate() {
            if !p.name.is_empty() {
                continue;
            }
            let proto = p.protocol.to_ascii_lowercase();
            let suggested = self.port_name_hint(svc, &selected, i);
            emit(o, Lint {
                severity: Severity::Info,
                code: LintCode::UnnamedPort,
                field: &format!("spec.ports[{i}]"),
                message: format!("Port {} of Service \"{name}\" has no name.", p.port),
                consequence: format!("There is no _<name>._{proto}.{fqdn} SRV name for it; CoreDNS still lists it in a bare SRV query for {fqdn}, although the DNS specification says unnamed ports get no SRV record."),
                fix: format!("Name the port (name: {suggested}) if clients look it up by SRV; otherwise nothing needs to change."),
            }, out);
        }

        // SVCDNS016: session affinity on a headless Service.
        if svc.headless && spec_svc.spec.session_affinity.as_deref() == Some("ClientIP") {
            emit(o, Lint {
                severity: Severity::Warning,
                code: LintCode::ClientIpAffinityOnHeadless,
                field: "spec.sessionAffinity",
                message: format!("Service \"{name}\" is headless, so sessionAffinity: ClientIP has nothing to act on."),
                consequence: format!("{fqdn} answers the pod IPs themselves; there is no virtual IP for kube-proxy to pin a client to, so each client connects to whichever pod IP it picks."),
                fix: "Remove sessionAffinity, or drop clusterIP: None if clients need sticky load balancing through a virtual IP.".to_string(),
            }, out);
        }

        // SVCDNS018: publishNotReadyAddresses.
        if svc.publish_not_ready_addresses
            && spec_svc.spec.publish_not_ready_addresses == Some(true)
        {
            let consequence = if svc.headless {
                format!("The EndpointSlice controller marks every selected pod ready, so {fqdn} and the per-pod names answer with pods that are still starting or failing their readiness probe.")
            } else {
                format!("The EndpointSlice controller marks every selected pod ready, so the virtual IP of {fqdn} also sends traffic to pods that are not ready.")
            };
            emit(o, Lint {
                severity: Severity::Info,
                code: LintCode::PublishNotReadyAddresses,
                field: "spec.publishNotReadyAddresses",
                message: format!("Service \"{name}\" publishes addresses of pods that are not ready."),
                consequence,
                fix: "Keep it when peers must find each other before they are ready (StatefulSet-based clusters bootstrapping); otherwise remove it so that only ready pods are answered.".to_string(),
            }, out);
        }

        // SVCDNS023: named targetPort missing on selected pods.
        let live: Vec<&Pod> = selected.iter().copied().filter(|p| live_pod(p)).collect();
        if !live.is_empty() {
            for (i, p) in svc.ports.iter().enumerate() {
                let TargetPort::Name(port_name) = &p.target_port else {
                    continue;
                };
                let missing: Vec<&&Pod> = live
                    .iter()
                    .filter(|pod| {
                        !pod.container_ports
                            .iter()
                            .any(|c| &c.name == port_name && c.protocol == p.protocol)
                    })
                    .collect();
                if missing.is_empty() {
                    continue;
                }
                let other_proto = live.iter().any(|pod| {
                    pod.container_ports
                        .iter()
                        .any(|c| &c.name == port_name && c.protocol != p.protocol)
                });
                let who = if live.len() == 1 {
                    format!("the only pod it selects ({}) does not have", live[0].name)
                } else if missing.len() == live.len() {
                    format!("none of the {} pods it selects has", live.len())
                } else {
                    format!(
                        "{} of the {} pods it selects (for example {}) do not have",
                        missing.len(),
                        live.len(),
                        missing[0].name
                    )
                };
                let note = if other_proto {
                    format!(
                        " (a port named {port_name} exists, but not with protocol {})",
                        p.protocol
                    )
                } else {
                    String::new()
                };
                let consequence = if svc.headless {
                    format!("The EndpointSlice controller leaves this port out for those pods, so SRV answers for {fqdn} do not list them on it.")
                } else {
                    format!("The EndpointSlice controller leaves this port out for those pods, so port {} of the virtual IP does not reach them.", p.port)
                };
                emit(o, Lint {
                    severity: Severity::Warning,
                    code: LintCode::TargetPortNotInPods,
                    field: &format!("spec.ports[{i}].targetPort"),
                    message: format!("targetPort \"{port_name}\" of Service \"{name}\" names a container port that {who}{note}."),
                    consequence,
                    fix: format!("Name the container port {port_name} (protocol {}) in the pod template, or set targetPort to the port number.", p.protocol),
                }, out);
            }
        }
    }

    /// A few label sets of workloads' pod templates in `ns`, as hints.
    pub(super) fn label_hints(&self, ns: &str) -> String {
        let mut seen: Vec<String> = Vec::new();
        for (i, o) in self.objects.iter().enumerate() {
            if !self.live(i) || o.namespace != ns {
                continue;
            }
            let labels = match &o.resource {
                Resource::StatefulSet(s) => &s.spec.template.metadata.labels,
                Resource::Deployment(w)
                | Resource::ReplicaSet(w)
                | Resource::ReplicationController(w)
                | Resource::DaemonSet(w) => &w.spec.template.metadata.labels,
                Resource::Pod(p) => &p.metadata.labels,
                _ => continue,
            };
            if labels.is_empty() {
                continue;
            }
            let text = selector_text(labels);
            if !seen.contains(&text) {
                seen.push(text);
            }
        }
        seen.truncate(3);
        seen.join("; ")
    }

    /// A name to suggest for port `i`: the container port's own name when
    /// a selected pod names the target port, else a protocol-port name.
    pub(super) fn port_name_hint(&self, svc: &Service, selected: &[&Pod], i: usize) -> String {
        let Some(p) = svc.ports.get(i) else {
            return "tcp".into();
        };
        if let TargetPort::Number(n) = p.target_port {
            for pod in selected {
                if let Some(c) = pod
                    .container_ports
                    .iter()
                    .find(|c| c.container_port == n && !c.name.is_empty())
                {
                    return c.name.clone();
                }
            }
        }
        format!("{}-{}", p.protocol.to_ascii_lowercase(), p.port)
    }
}
