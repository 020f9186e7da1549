//! Pods and pod templates: hostname and subdomain (SVCDNS010, 011, 017, 025).

use super::*;
use crate::diag::LintCode;

impl Cx<'_> {
    /// `subdomain`/`hostname` checks for a Pod or a non-StatefulSet pod
    /// template; `pods` are the pod names made from it.
    pub(super) fn pod_spec(
        &self,
        o: &Object,
        base: &str,
        spec: &PodSpec,
        pods: &[String],
        out: &mut Vec<Diagnostic>,
    ) {
        let Some(sub) = spec.subdomain.as_deref().filter(|s| !s.is_empty()) else {
            return;
        };
        let ns = &o.namespace;
        let field = format!("{base}.subdomain");
        let cluster_pods = self.cluster_pods(ns, pods);
        let template = base != "spec";
        let labels: Vec<&BTreeMap<String, String>> = if cluster_pods.is_empty() {
            match &o.resource {
                Resource::Deployment(w)
                | Resource::ReplicaSet(w)
                | Resource::ReplicationController(w)
                | Resource::DaemonSet(w) => {
                    vec![&w.spec.template.metadata.labels]
                }
                Resource::Pod(p) => vec![&p.metadata.labels],
                _ => Vec::new(),
            }
        } else {
            cluster_pods.iter().map(|p| &p.labels).collect()
        };
        let what = if template {
            format!("the pods of {} \"{}\"", o.kind, o.name)
        } else {
            format!("pod \"{}\"", o.name)
        };
        let hostname = spec.hostname.as_deref().filter(|h| !h.is_empty());
        let host_shown = hostname.unwrap_or("<hostname>");
        match self.index.service(self.cluster, ns, sub) {
            Some(svc) if !labels.is_empty() && labels.iter().all(|l| selects(svc, l)) => {
                if hostname.is_none() {
                    emit(o, Lint {
                        severity: Severity::Warning,
                        code: LintCode::SubdomainWithoutHostname,
                        field: &field,
                        message: if template {
                            format!("The pod template of {} \"{}\" sets subdomain: {sub} but no hostname, so its pods get no per-pod name under Service \"{sub}\".", o.kind, o.name)
                        } else {
                            format!("Pod \"{}\" sets subdomain: {sub} but no hostname, so it gets no per-pod name under Service \"{sub}\".", o.name)
                        },
                        consequence: format!("The EndpointSlice controller copies spec.hostname into the endpoint only when it is set; without it the pod is reachable only as its dashed IP (for example 10-244-1-5.{sub}.{ns}.svc.{}), which changes when the pod is replaced.", self.zone),
                        fix: if template {
                            "Use a StatefulSet with serviceName for one stable name per pod (a hostname in a Deployment template would be shared by every replica).".to_string()
                        } else {
                            format!("Set spec.hostname (for example hostname: {}).", o.name)
                        },
                    }, out);
                } else if !svc.headless {
                    self.not_headless(o, &field, svc, host_shown, out);
                }
                if let Some(h) = hostname {
                    let fqdn = format!("{h}.{sub}.{ns}.svc.{}", self.zone);
                    if template && cluster_pods.len() > 1 {
                        emit(o, Lint {
                            severity: Severity::Warning,
                            code: LintCode::TemplateHostnameShared,
                            field: &format!("{base}.hostname"),
                            message: format!("The pod template of {} \"{}\" sets hostname: {h}, so all {} of its pods share that hostname.", o.kind, o.name, cluster_pods.len()),
                            consequence: format!("CoreDNS serves endpoints that share a hostname under one name, so {fqdn} answers with the IPs of every replica and names no single pod."),
                            fix: format!("Use a StatefulSet with serviceName: {sub} for one name per pod ({}-0.{sub}.{ns}.svc.{} and so on).", o.name, self.zone),
                        }, out);
                    }
                    self.fqdn_lengths(
                        o,
                        &field,
                        &fqdn,
                        spec.set_hostname_as_fqdn == Some(true),
                        out,
                    );
                }
            }
            found => {
                let why = match found {
                    None if self.rejected_service(ns, sub) => {
                        format!("Service \"{sub}\" is rejected by the API server (see its error)")
                    }
                    None => format!("there is no Service \"{sub}\" in namespace {ns}"),
                    Some(s) if s.service_type == ServiceType::ExternalName => format!(
                        "Service \"{sub}\" is an ExternalName Service, which has no endpoints"
                    ),
                    Some(s) if s.selector.as_ref().is_none_or(|x| x.is_empty()) => {
                        format!("Service \"{sub}\" has no selector")
                    }
                    Some(_) => format!("Service \"{sub}\" does not select {what}"),
                };
                let label_text = labels.first().map(|l| selector_text(l)).unwrap_or_default();
                emit(o, Lint {
                    severity: Severity::Warning,
                    code: LintCode::SubdomainWithoutService,
                    field: &field,
                    message: format!("The subdomain of {what} is {sub}, but {why}."),
                    consequence: format!("A pod's {host_shown}.{sub} name exists only when a Service named like its subdomain, in its namespace, selects it, so {host_shown}.{sub}.{ns}.svc.{} gives NXDOMAIN.", self.zone),
                    fix: format!("Create a headless Service \"{sub}\" in namespace {ns} whose selector matches the pod labels ({label_text}), or remove subdomain."),
                }, out);
            }
        }
    }

    /// `SVCDNS017`: a Deployment or ReplicaSet selected by a headless
    /// Service.
    pub(super) fn workload_behind_headless(
        &self,
        o: &Object,
        spec: &PodSpec,
        pods: &[String],
        out: &mut Vec<Diagnostic>,
    ) {
        let ns = &o.namespace;
        let cluster_pods = self.cluster_pods(ns, pods);
        let Some(first) = cluster_pods.first() else {
            return;
        };
        for svc in self.headless_selecting_labels(ns, &first.labels) {
            let mut reasons: Vec<String> = Vec::new();
            if let Some(sub) = spec.subdomain.as_deref().filter(|s| !s.is_empty()) {
                reasons.push(format!("its pod template sets subdomain: {sub}"));
            }
            let governing = self.objects.iter().enumerate().find(|(i, x)| {
                self.live(*i)
                    && &x.namespace == ns
                    && matches!(&x.resource, Resource::StatefulSet(s) if s.spec.service_name.as_deref() == Some(svc.name.as_str()))
            });
            if let Some((_, sts)) = governing {
                reasons.push(format!(
                    "Service \"{}\" is the serviceName of StatefulSet \"{}\"",
                    svc.name, sts.name
                ));
            }
            let stateful = |n: &str| {
                n.split(['-', '.', '_'])
                    .any(|w| STATEFUL_WORDS.contains(&w))
            };
            if stateful(&o.name) {
                reasons.push(format!("\"{}\" is named like a database or broker whose members usually address each other by name", o.name));
            }
            let fqdn = self.svc_fqdn(ns, &svc.name);
            let dashed = first
                .ips
                .first()
                .map(crate::dns::name::dashed_ip)
                .unwrap_or_else(|| "10-244-1-5".into());
            let consequence = format!("{fqdn} returns every ready pod IP (fine for client-side load balancing), but each pod is reachable only by its dashed IP (such as {dashed}.{}.{ns}.svc.{}), which changes whenever the pod is replaced; Deployment pods have no stable per-pod names.", svc.name, self.zone);
            let (severity, message, fix) = if reasons.is_empty() {
                (
                    Severity::Info,
                    format!("{} \"{}\" is behind headless Service \"{}\": its pods have no stable DNS names.", o.kind, o.name, svc.name),
                    format!("Nothing to change if clients only need the current list of pod IPs; use a StatefulSet with serviceName: {} if they need one stable name per pod.", svc.name),
                )
            } else {
                (
                    Severity::Warning,
                    format!("{} \"{}\" is behind headless Service \"{}\" and seems to expect stable per-pod names ({}), which Deployment pods never get.", o.kind, o.name, svc.name, reasons.join("; ")),
                    format!("Use a StatefulSet with serviceName: {} so that pods are named {}-0.{}.{ns}.svc.{} and so on.", svc.name, o.name, svc.name, self.zone),
                )
            };
            let field = if spec.subdomain.as_deref().is_some_and(|s| !s.is_empty()) {
                "spec.template.spec.subdomain"
            } else {
                "metadata.name"
            };
            emit(
                o,
                Lint {
                    severity,
                    code: LintCode::ReplicasBehindHeadless,
                    field,
                    message,
                    consequence,
                    fix,
                },
                out,
            );
        }
    }
}
