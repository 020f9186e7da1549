//! Pod create (`ValidatePodCreate`), for the fields svcdns decodes: name
//! (DNS-1123 subdomain), containers (name, image, ports), restartPolicy,
//! dnsPolicy, nodeName, activeDeadlineSeconds, hostname and subdomain.

use super::field::{FieldError, RenderedValue};
use super::meta::{self, NameRule};
use crate::api::format;
use crate::api::{Container, Pod, PodSpec, PodTemplateSpec};

fn containers(
    list: &[Container],
    path: &str,
    required: bool,
    earlier: &[Container],
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if required && list.is_empty() {
        errs.push(FieldError::required(path, ""));
    }
    for (i, c) in list.iter().enumerate() {
        // Paths are written only for errors.
        let cp = || format!("{path}[{i}]");
        let name = c.name.as_deref().unwrap_or("");
        if name.is_empty() {
            errs.push(FieldError::required(&format!("{}.name", cp()), ""));
        } else {
            for m in format::dns1123_label(name) {
                errs.push(FieldError::invalid(
                    &format!("{}.name", cp()),
                    RenderedValue::Str(name.to_string()),
                    &m,
                ));
            }
            // A name used by an earlier container (of `earlier` or this list).
            if earlier
                .iter()
                .chain(&list[..i])
                .any(|e| e.name.as_deref() == Some(name))
            {
                errs.push(FieldError::duplicate(
                    &format!("{}.name", cp()),
                    RenderedValue::Str(name.to_string()),
                ));
            }
        }
        if c.image.as_deref().unwrap_or("").is_empty() {
            errs.push(FieldError::required(&format!("{}.image", cp()), ""));
        }
        for (j, p) in c.ports.iter().enumerate() {
            let pp = || format!("{}.ports[{j}]", cp());
            if let Some(n) = p.name.as_deref().filter(|n| !n.is_empty()) {
                let msgs = format::port_name(n);
                if !msgs.is_empty() {
                    for m in msgs {
                        errs.push(FieldError::invalid(
                            &format!("{}.name", pp()),
                            RenderedValue::Str(n.to_string()),
                            &m,
                        ));
                    }
                } else if c.ports[..j].iter().any(|q| q.name.as_deref() == Some(n)) {
                    // A valid name that an earlier port of this container has.
                    errs.push(FieldError::duplicate(
                        &format!("{}.name", pp()),
                        RenderedValue::Str(n.to_string()),
                    ));
                }
            }
            if p.container_port == 0 {
                errs.push(FieldError::required(&format!("{}.containerPort", pp()), ""));
            } else {
                for m in format::port_num(p.container_port.into()) {
                    errs.push(FieldError::invalid(
                        &format!("{}.containerPort", pp()),
                        RenderedValue::Int(p.container_port.into()),
                        &m,
                    ));
                }
            }
            let proto = p
                .protocol
                .as_deref()
                .filter(|x| !x.is_empty())
                .unwrap_or("TCP");
            if !matches!(proto, "TCP" | "UDP" | "SCTP") {
                errs.push(FieldError::not_supported(
                    &format!("{}.protocol", pp()),
                    RenderedValue::named(proto),
                    &["SCTP", "TCP", "UDP"],
                ));
            }
        }
    }
    errs
}

/// `ValidatePodCreate` (partial: the decoded fields).
pub fn validate(pod: &Pod) -> Vec<FieldError> {
    let mut errs = meta::object_meta(&pod.metadata, true, NameRule::Dns1123Subdomain);
    errs.extend(pod_spec(&pod.spec, "spec", true));
    errs
}

/// `ValidatePodTemplateSpec` at `path` (`spec.template`): the template's
/// labels and annotations, then its pod spec (its hostname and subdomain
/// only with `identity`: a StatefulSet's controller replaces them).
pub fn pod_template(t: &PodTemplateSpec, path: &str, identity: bool) -> Vec<FieldError> {
    let mut errs = meta::labels(&t.metadata.labels, &format!("{path}.labels"));
    errs.extend(meta::annotations(
        &t.metadata.annotations,
        &format!("{path}.annotations"),
    ));
    errs.extend(pod_spec(&t.spec, &format!("{path}.spec"), identity));
    errs
}

/// `ValidatePodSpec` (partial: the decoded fields) at `path` (`spec`, or
/// `spec.template.spec` in a workload); hostname and subdomain only with
/// `identity`.
pub fn pod_spec(s: &PodSpec, path: &str, identity: bool) -> Vec<FieldError> {
    let mut errs = containers(&s.containers, &format!("{path}.containers"), true, &[]);
    errs.extend(containers(
        &s.init_containers,
        &format!("{path}.initContainers"),
        false,
        &s.containers,
    ));
    let restart = s
        .restart_policy
        .as_deref()
        .filter(|r| !r.is_empty())
        .unwrap_or("Always");
    if !matches!(restart, "Always" | "OnFailure" | "Never") {
        errs.push(FieldError::not_supported(
            &format!("{path}.restartPolicy"),
            RenderedValue::named(restart),
            &["Always", "OnFailure", "Never"],
        ));
    }
    let dns = s
        .dns_policy
        .as_deref()
        .filter(|r| !r.is_empty())
        .unwrap_or("ClusterFirst");
    if !matches!(
        dns,
        "ClusterFirstWithHostNet" | "ClusterFirst" | "Default" | "None"
    ) {
        errs.push(FieldError::not_supported(
            &format!("{path}.dnsPolicy"),
            RenderedValue::named(dns),
            &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
        ));
    }
    if let Some(n) = s.node_name.as_deref().filter(|n| !n.is_empty()) {
        for m in format::dns1123_subdomain(n) {
            errs.push(FieldError::invalid(
                &format!("{path}.nodeName"),
                RenderedValue::Str(n.to_string()),
                &m,
            ));
        }
    }
    if let Some(a) = s.active_deadline_seconds {
        if a < 1 || a > i64::from(i32::MAX) {
            errs.push(FieldError::invalid(
                &format!("{path}.activeDeadlineSeconds"),
                RenderedValue::Int(a),
                "must be between 1 and 2147483647, inclusive",
            ));
        }
    }
    let checked = if identity { 2 } else { 0 };
    for (field, v) in [("hostname", &s.hostname), ("subdomain", &s.subdomain)]
        .into_iter()
        .take(checked)
    {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            for m in format::dns1123_label(v) {
                errs.push(FieldError::invalid(
                    &format!("{path}.{field}"),
                    RenderedValue::Str(v.to_string()),
                    &m,
                ));
            }
        }
    }
    errs
}
