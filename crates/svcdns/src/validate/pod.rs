//! Pod create (`ValidatePodCreate`), for the fields svcdns decodes: name
//! (DNS-1123 subdomain), containers (name, image, ports), restartPolicy,
//! dnsPolicy, nodeName, activeDeadlineSeconds, hostname and subdomain.

use super::field::{FieldError, RenderedValue};
use super::format;
use super::meta::{self, NameRule};
use crate::model::{Container, Pod};

fn containers(
    list: &[Container],
    path: &str,
    required: bool,
    names: &mut Vec<String>,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if required && list.is_empty() {
        errs.push(FieldError::required(path, ""));
    }
    for (i, c) in list.iter().enumerate() {
        let cp = format!("{path}[{i}]");
        let name = c.name.clone().unwrap_or_default();
        if name.is_empty() {
            errs.push(FieldError::required(&format!("{cp}.name"), ""));
        } else {
            for m in format::dns1123_label(&name) {
                errs.push(FieldError::invalid(
                    &format!("{cp}.name"),
                    RenderedValue::Str(name.clone()),
                    &m,
                ));
            }
            if names.contains(&name) {
                errs.push(FieldError::duplicate(
                    &format!("{cp}.name"),
                    RenderedValue::Str(name.clone()),
                ));
            } else {
                names.push(name);
            }
        }
        if c.image.as_deref().unwrap_or("").is_empty() {
            errs.push(FieldError::required(&format!("{cp}.image"), ""));
        }
        let mut port_names: Vec<&str> = Vec::new();
        for (j, p) in c.ports.iter().enumerate() {
            let pp = format!("{cp}.ports[{j}]");
            if let Some(n) = p.name.as_deref().filter(|n| !n.is_empty()) {
                let msgs = format::port_name(n);
                if !msgs.is_empty() {
                    for m in msgs {
                        errs.push(FieldError::invalid(
                            &format!("{pp}.name"),
                            RenderedValue::Str(n.to_string()),
                            &m,
                        ));
                    }
                } else if port_names.contains(&n) {
                    errs.push(FieldError::duplicate(
                        &format!("{pp}.name"),
                        RenderedValue::Str(n.to_string()),
                    ));
                } else {
                    port_names.push(n);
                }
            }
            if p.container_port == 0 {
                errs.push(FieldError::required(&format!("{pp}.containerPort"), ""));
            } else {
                for m in format::port_num(p.container_port.into()) {
                    errs.push(FieldError::invalid(
                        &format!("{pp}.containerPort"),
                        RenderedValue::Int(p.container_port.into()),
                        &m,
                    ));
                }
            }
            let proto = p
                .protocol
                .clone()
                .filter(|x| !x.is_empty())
                .unwrap_or_else(|| "TCP".into());
            if !matches!(proto.as_str(), "TCP" | "UDP" | "SCTP") {
                errs.push(FieldError::not_supported(
                    &format!("{pp}.protocol"),
                    RenderedValue::named(&proto),
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
    let s = &pod.spec;
    let mut names = Vec::new();
    errs.extend(containers(
        &s.containers,
        "spec.containers",
        true,
        &mut names,
    ));
    errs.extend(containers(
        &s.init_containers,
        "spec.initContainers",
        false,
        &mut names,
    ));
    let restart = s
        .restart_policy
        .clone()
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| "Always".into());
    if !matches!(restart.as_str(), "Always" | "OnFailure" | "Never") {
        errs.push(FieldError::not_supported(
            "spec.restartPolicy",
            RenderedValue::named(&restart),
            &["Always", "OnFailure", "Never"],
        ));
    }
    let dns = s
        .dns_policy
        .clone()
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| "ClusterFirst".into());
    if !matches!(
        dns.as_str(),
        "ClusterFirstWithHostNet" | "ClusterFirst" | "Default" | "None"
    ) {
        errs.push(FieldError::not_supported(
            "spec.dnsPolicy",
            RenderedValue::named(&dns),
            &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
        ));
    }
    if let Some(n) = s.node_name.as_deref().filter(|n| !n.is_empty()) {
        for m in format::dns1123_subdomain(n) {
            errs.push(FieldError::invalid(
                "spec.nodeName",
                RenderedValue::Str(n.to_string()),
                &m,
            ));
        }
    }
    if let Some(a) = s.active_deadline_seconds {
        if a < 1 || a > i64::from(i32::MAX) {
            errs.push(FieldError::invalid(
                "spec.activeDeadlineSeconds",
                RenderedValue::Int(a),
                "must be between 1 and 2147483647, inclusive",
            ));
        }
    }
    for (field, v) in [("hostname", &s.hostname), ("subdomain", &s.subdomain)] {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            for m in format::dns1123_label(v) {
                errs.push(FieldError::invalid(
                    &format!("spec.{field}"),
                    RenderedValue::Str(v.to_string()),
                    &m,
                ));
            }
        }
    }
    errs
}
