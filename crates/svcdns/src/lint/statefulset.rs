//! StatefulSets: serviceName and the per-pod names it gives (SVCDNS001-005, 012-015, 024).

use super::*;
use crate::diag::LintCode;

impl Cx<'_> {
    pub(super) fn statefulset(&self, o: &Object, out: &mut Vec<Diagnostic>) {
        let Resource::StatefulSet(s) = &o.resource else {
            return;
        };
        let ns = o.namespace.as_str();
        let names = self.pods_of(o);
        let pods = self.cluster_pods(ns, names);
        let template_labels = &s.spec.template.metadata.labels;
        // Labels to match Services against: the pods' own when there are
        // any (they carry the controller's labels too), else the template's.
        let label_sets: Vec<&BTreeMap<String, String>> = if pods.is_empty() {
            vec![template_labels]
        } else {
            pods.iter().map(|p| &p.labels).collect()
        };
        let first = names
            .first()
            .cloned()
            .unwrap_or_else(|| format!("{}-0", o.name));

        self.statefulset_lengths(o, names, out);

        for (field, what) in [
            ("spec.template.spec.hostname", "hostname"),
            ("spec.template.spec.subdomain", "subdomain"),
        ] {
            let set = match what {
                "hostname" => s.spec.template.spec.hostname.as_deref(),
                _ => s.spec.template.spec.subdomain.as_deref(),
            };
            if set.is_some_and(|v| !v.is_empty()) {
                emit(o, Lint {
                    severity: Severity::Info,
                    code: LintCode::TemplateHostnameOverwritten,
                    field,
                    message: format!("The pod template of StatefulSet \"{}\" sets {what}, which the StatefulSet controller overwrites.", o.name),
                    consequence: format!("Each pod's hostname is its own name ({first}) and its subdomain is spec.serviceName, whatever the template says, so DNS names follow those."),
                    fix: format!("Remove {what} from the template; set spec.serviceName to choose the subdomain."),
                }, out);
            }
        }

        let service_name = s.spec.service_name.as_deref().unwrap_or("");
        if service_name.is_empty() {
            let suggestion = label_sets
                .first()
                .and_then(|l| self.headless_selecting(ns, l));
            let fix = match suggestion {
                Some(h) => format!("If anything addresses the pods one by one (replication peers, advertised listeners), add serviceName: {h} (a headless Service that already selects them). If nothing does, this is fine: the API server accepts a StatefulSet without serviceName."),
                None => "If anything addresses the pods one by one (replication peers, advertised listeners), add serviceName naming a headless Service (clusterIP: None) that selects the pods. If nothing does, this is fine: the API server accepts a StatefulSet without serviceName.".to_string(),
            };
            emit(o, Lint {
                severity: Severity::Info,
                code: LintCode::StatefulSetWithoutServiceName,
                field: "spec.serviceName",
                message: format!("StatefulSet \"{}\" has no spec.serviceName, so its pods get no subdomain.", o.name),
                consequence: format!("No pod gets a per-pod DNS name such as {first}.<service>.{ns}.svc.{}; the pods keep stable names and storage, but in DNS they are reachable only through Services that select them.", self.zone),
                fix,
            }, out);
            return;
        }

        let Some(svc) = self.index.service(self.cluster, ns, service_name) else {
            let elsewhere: Vec<&str> = self
                .cluster
                .services
                .iter()
                .filter(|x| x.name == service_name && x.namespace != ns)
                .map(|x| x.namespace.as_str())
                .collect();
            let selector = selector_text(template_labels);
            if !elsewhere.is_empty() && !self.rejected_service(ns, service_name) {
                emit(o, Lint {
                    severity: Severity::Warning,
                    code: LintCode::ServiceNameInOtherNamespace,
                    field: "spec.serviceName",
                    message: format!("spec.serviceName \"{service_name}\" names a Service that exists only in namespace {}, not in {ns}.", elsewhere.join(", ")),
                    consequence: format!("Pod names come from a Service in the pod's own namespace, so {first}.{service_name}.{ns}.svc.{} gives NXDOMAIN; the Service in {} cannot select pods of {ns} either.", self.zone, elsewhere[0]),
                    fix: format!("Create the headless Service \"{service_name}\" in namespace {ns} (selector {selector}), or move the StatefulSet to namespace {}.", elsewhere[0]),
                }, out);
            } else {
                let why = if self.rejected_service(ns, service_name) {
                    format!("names Service \"{service_name}\", which the API server rejects (see its error), so it does not exist")
                } else {
                    format!(
                        "names a Service \"{service_name}\" that does not exist in namespace {ns}"
                    )
                };
                let similar = label_sets
                    .first()
                    .and_then(|l| self.headless_selecting(ns, l));
                let fix = match similar {
                    Some(h) => format!("Set serviceName: {h} (a headless Service that selects these pods), or create Service \"{service_name}\" with clusterIP: None and selector {selector}."),
                    None => format!("Create Service \"{service_name}\" in namespace {ns} with clusterIP: None and selector {selector}."),
                };
                emit(o, Lint {
                    severity: Severity::Warning,
                    code: LintCode::ServiceNameMissing,
                    field: "spec.serviceName",
                    message: format!("spec.serviceName {why}."),
                    consequence: format!("The pods still get subdomain {service_name}, but with no Service of that name nothing publishes their hostnames, so {first}.{service_name}.{ns}.svc.{} gives NXDOMAIN.", self.zone),
                    fix,
                }, out);
            }
            return;
        };

        let total = label_sets.len();
        let selected = label_sets.iter().filter(|l| selects(svc, l)).count();
        if selected < total {
            let why = if svc.service_type == ServiceType::ExternalName {
                "is an ExternalName Service, which has no endpoints".to_string()
            } else if svc.selector.as_ref().is_none_or(|s| s.is_empty()) {
                "has no selector, so the EndpointSlice controller writes no endpoints (and no hostnames) for it".to_string()
            } else if selected == 0 {
                format!(
                    "has selector {}, and the pod labels ({}) do not match it",
                    selector_text(svc.selector.as_ref().unwrap_or(&BTreeMap::new())),
                    selector_text(template_labels)
                )
            } else {
                format!(
                    "selects only {selected} of the StatefulSet's {}",
                    plural(total, "pod", "pods")
                )
            };
            let consequence = if selected == 0 {
                format!("The pods' hostnames reach DNS only through an EndpointSlice of a Service that selects them, so {first}.{service_name}.{ns}.svc.{} gives NXDOMAIN and no pod has a per-pod name.", self.zone)
            } else {
                "Only the selected pods get per-pod names; the others give NXDOMAIN under this Service.".to_string()
            };
            emit(o, Lint {
                severity: Severity::Warning,
                code: LintCode::ServiceNameSelectsOtherPods,
                field: "spec.serviceName",
                message: format!("spec.serviceName names Service \"{service_name}\", which {why}."),
                consequence,
                fix: format!("Give Service \"{service_name}\" clusterIP: None and a selector matching the pod template labels ({}).", selector_text(template_labels)),
            }, out);
            return;
        }

        if !svc.headless {
            self.not_headless(o, "spec.serviceName", svc, &first, out);
        }
    }

    /// `SVCDNS005`: a Service that publishes pod hostnames but is not
    /// headless.
    pub(super) fn not_headless(
        &self,
        o: &Object,
        field: &str,
        svc: &Service,
        host: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        let name = &svc.name;
        let ns = &svc.namespace;
        let via = if field == "spec.serviceName" {
            "spec.serviceName"
        } else {
            "the pod's subdomain"
        };
        emit(o, Lint {
            severity: Severity::Warning,
            code: LintCode::NamingServiceNotHeadless,
            field,
            message: format!("{via} names Service \"{name}\", which is a {} Service, not a headless one.", svc.service_type.as_str()),
            consequence: format!(
                "CoreDNS still serves {host}.{name}.{ns}.svc.{zone} (the EndpointSlice controller copies the hostname because the pod's subdomain is {name}, and CoreDNS serves endpoint names for ClusterIP Services too), but {name}.{ns}.svc.{zone} answers the virtual IP instead of the pod IPs, and the Kubernetes DNS specification (and older kube-dns) only promise per-pod names for headless Services.",
                zone = self.zone
            ),
            fix: format!("Set clusterIP: None on Service \"{name}\" (clusterIP cannot change on an existing Service: delete and recreate it), or keep it for load-balanced clients and add a separate headless Service for the per-pod names."),
        }, out);
    }

    pub(super) fn statefulset_lengths(
        &self,
        o: &Object,
        names: &[String],
        out: &mut Vec<Diagnostic>,
    ) {
        let Resource::StatefulSet(s) = &o.resource else {
            return;
        };
        let len = o.name.chars().count();
        if len > MAX_LABEL - 1 - MAX_REVISION_HASH {
            emit(o, Lint {
                severity: Severity::Warning,
                code: LintCode::StatefulSetNameTooLong,
                field: "metadata.name",
                message: format!("StatefulSet name \"{}\" is {len} characters; the controller-revision-hash label it puts on every pod, <name>-<hash> with a hash of up to {MAX_REVISION_HASH} characters, can exceed the 63 allowed for a label value.", o.name),
                consequence: "The API server rejects pods whose label value is too long, so the controller creates no pods and none of their names resolve (the StatefulSet itself is accepted).".to_string(),
                fix: format!("Use a StatefulSet name of at most {} characters.", MAX_LABEL - 1 - MAX_REVISION_HASH),
            }, out);
        }
        if let Some(longest) = names.iter().max_by_key(|n| n.chars().count()) {
            let n = longest.chars().count();
            if n > MAX_LABEL {
                emit(o, Lint {
                    severity: Severity::Warning,
                    code: LintCode::PodNameTooLong,
                    field: "metadata.name",
                    message: format!("Pod name \"{longest}\" is {n} characters, more than the 63 a hostname label may have."),
                    consequence: "The StatefulSet controller sets each pod's hostname to its name, and the API server rejects a hostname over 63 characters, so those pods are never created and have no DNS name.".to_string(),
                    fix: format!("Shorten the StatefulSet name so that <name>-<highest ordinal> fits in 63 characters (at most {} here).", MAX_LABEL.saturating_sub(n.saturating_sub(o.name.chars().count()))),
                }, out);
            }
        }
        // FQDN limits (the service part only matters with a serviceName).
        let svc = s.spec.service_name.as_deref().unwrap_or("");
        if svc.is_empty() {
            return;
        }
        if let Some(longest) = names.iter().max_by_key(|n| n.len()) {
            let fqdn = format!("{longest}.{svc}.{}.svc.{}", o.namespace, self.zone);
            self.fqdn_lengths(
                o,
                "metadata.name",
                &fqdn,
                s.spec.template.spec.set_hostname_as_fqdn == Some(true),
                out,
            );
        }
    }

    pub(super) fn fqdn_lengths(
        &self,
        o: &Object,
        field: &str,
        fqdn: &str,
        as_hostname: bool,
        out: &mut Vec<Diagnostic>,
    ) {
        if fqdn.len() > MAX_NAME {
            emit(o, Lint {
                severity: Severity::Warning,
                code: LintCode::PodFqdnTooLong,
                field,
                message: format!("The pod FQDN {fqdn} is {} characters, more than the 253 a DNS name may have.", fqdn.len()),
                consequence: "No DNS query can carry this name, so the pod is unreachable by it even though CoreDNS holds the endpoint.".to_string(),
                fix: "Shorten the pod, Service or namespace name.".to_string(),
            }, out);
        } else if as_hostname && fqdn.len() > MAX_HOSTNAME_FQDN {
            emit(o, Lint {
                severity: Severity::Warning,
                code: LintCode::HostnameAsFqdnTooLong,
                field,
                message: format!("setHostnameAsFQDN is true and the pod FQDN {fqdn} is {} characters, more than the 64 the kubelet allows for a hostname.", fqdn.len()),
                consequence: "The kubelet refuses to create the pod sandbox, so the pod never runs and never becomes an endpoint: its name and the Service's answers leave it out.".to_string(),
                fix: "Shorten the names or drop setHostnameAsFQDN.".to_string(),
            }, out);
        }
    }
}
