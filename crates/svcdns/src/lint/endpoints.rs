//! Endpoints and EndpointSlices written by hand (SVCDNS019-022).

use super::*;
use crate::diag::LintCode;

impl Cx<'_> {
    pub(super) fn endpoints(&self, o: &Object, out: &mut Vec<Diagnostic>) {
        let ns = &o.namespace;
        let name = &o.name;
        match self.index.service(self.cluster, ns, name) {
            None => emit(o, Lint {
                severity: Severity::Warning,
                code: LintCode::EndpointsWithoutService,
                field: "metadata.name",
                message: format!("Endpoints \"{name}\" has no Service of the same name in namespace {ns}."),
                consequence: format!("The EndpointSliceMirroring controller mirrors Endpoints only for an existing Service of the same name, and CoreDNS reads only EndpointSlices, so these addresses never reach DNS ({} gives NXDOMAIN).", self.svc_fqdn(ns, name)),
                fix: format!("Create a Service \"{name}\" without a selector (clusterIP: None to answer these addresses directly), with the same ports."),
            }, out),
            // Read from a cluster, these are the endpoints controller's
            // own output for the Service, not addresses written over it.
            Some(svc) if svc.selector.as_ref().is_some_and(|s| !s.is_empty())
                && !o.is_cluster_state() => emit(o, Lint {
                severity: Severity::Warning,
                code: LintCode::EndpointsWithSelector,
                field: "metadata.name",
                message: format!("Endpoints \"{name}\" is written for Service \"{name}\", which has a selector."),
                consequence: "For a Service with a selector the endpoints controller owns the Endpoints (it overwrites these) and the mirroring controller skips them, so DNS answers come from the selected pods, not from these addresses.".to_string(),
                fix: format!("Remove the selector from Service \"{name}\" to use these addresses, or delete this Endpoints object."),
            }, out),
            Some(_) => {}
        }
    }

    pub(super) fn endpoint_slice(
        &self,
        o: &Object,
        labels: &BTreeMap<String, String>,
        out: &mut Vec<Diagnostic>,
    ) {
        let ns = &o.namespace;
        match labels.get("kubernetes.io/service-name").filter(|s| !s.is_empty()) {
            None => emit(o, Lint {
                severity: Severity::Warning,
                code: LintCode::SliceWithoutServiceName,
                field: "metadata.labels",
                message: format!("EndpointSlice \"{}\" has no kubernetes.io/service-name label.", o.name),
                consequence: "CoreDNS attaches an EndpointSlice to the Service named by that label, so these endpoints belong to no Service and appear in no answer.".to_string(),
                fix: "Add the label kubernetes.io/service-name: <service> naming a Service in the same namespace.".to_string(),
            }, out),
            Some(svc) if self.index.service(self.cluster, ns, svc).is_none() => emit(o, Lint {
                severity: Severity::Warning,
                code: LintCode::SliceForMissingService,
                field: "metadata.labels[kubernetes.io/service-name]",
                message: format!("EndpointSlice \"{}\" belongs to Service \"{svc}\", which does not exist in namespace {ns}.", o.name),
                consequence: format!("CoreDNS serves endpoints only under an existing Service, so {} gives NXDOMAIN and these addresses appear in no answer.", self.svc_fqdn(ns, svc)),
                fix: format!("Create Service \"{svc}\" without a selector in namespace {ns}, or fix the label."),
            }, out),
            Some(_) => {}
        }
    }
}
