//! `ValidateService` (pkg/apis/core/validation/validation.go; rules S1-S40
//! of the reference, in emission order) with
//! `ValidateServiceClusterIPsRelatedFields` and `ValidatePortNumOrName`.

use super::defaults::DefaultedService;
use crate::api::format;
use crate::api::{IntOrString, Service};
use crate::validate::field::{json_list, json_string, FieldError, RenderedValue};
use crate::validate::meta::{self, NameRule};

/// `ValidateServiceClusterIPsRelatedFields` (S17-S26).
pub fn cluster_ips_related_fields(d: &DefaultedService) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if d.service_type == "ExternalName" {
        return errs;
    }
    let ips_value = || RenderedValue::Json(json_list(&d.cluster_ips));
    if !d.cluster_ip.is_empty() {
        if d.cluster_ips.is_empty() {
            errs.push(FieldError::required("spec.clusterIPs", ""));
        } else if d.cluster_ips[0] != d.cluster_ip {
            errs.push(FieldError::invalid(
                "spec.clusterIPs",
                ips_value(),
                "first value must match `clusterIP`",
            ));
        }
    } else if !d.cluster_ips.is_empty() {
        errs.push(FieldError::invalid(
            "spec.clusterIPs",
            ips_value(),
            "must be empty when `clusterIP` is not specified",
        ));
    }
    for (i, f) in d.ip_families.iter().enumerate() {
        let path = || format!("spec.ipFamilies[{i}]");
        if f != "IPv4" && f != "IPv6" {
            errs.push(FieldError::not_supported(
                &path(),
                RenderedValue::named(f),
                &["IPv4", "IPv6"],
            ));
        }
        if d.ip_families[..i].contains(f) {
            errs.push(FieldError::duplicate(&path(), RenderedValue::named(f)));
        }
    }
    if let Some(p) = &d.ip_family_policy {
        if !matches!(
            p.as_str(),
            "SingleStack" | "PreferDualStack" | "RequireDualStack"
        ) {
            errs.push(FieldError::not_supported(
                "spec.ipFamilyPolicy",
                RenderedValue::named(p),
                &["PreferDualStack", "RequireDualStack", "SingleStack"],
            ));
        }
    }
    let mut has_invalid = false;
    for (i, ip) in d.cluster_ips.iter().enumerate() {
        if i == 0 && ip == "None" {
            if d.cluster_ips.len() > 1 {
                has_invalid = true;
                errs.push(FieldError::invalid(
                    "spec.clusterIPs",
                    ips_value(),
                    "'None' must be the first and only value",
                ));
            }
            continue;
        }
        if format::parse_ip_sloppy(ip).is_none() {
            has_invalid = true;
            errs.push(FieldError::invalid(
                &format!("spec.clusterIPs[{i}]"),
                RenderedValue::Str(ip.clone()),
                format::IP_MSG,
            ));
        }
    }
    if d.cluster_ips.len() > 2 {
        errs.push(FieldError::invalid(
            "spec.clusterIPs",
            ips_value(),
            "may only hold up to 2 values",
        ));
    }
    if has_invalid {
        return errs;
    }
    if d.cluster_ips.len() > 1 {
        let v6 = d
            .cluster_ips
            .iter()
            .filter(|ip| format::is_ipv6(ip))
            .count();
        let dual = d.cluster_ips.len() == 2 && v6 == 1;
        if !dual {
            errs.push(FieldError::invalid(
                "spec.clusterIPs",
                ips_value(),
                "may specify no more than one IP for each IP family",
            ));
        }
    }
    if !d.is_headless() && !d.cluster_ips.is_empty() && !d.ip_families.is_empty() {
        for (i, ip) in d.cluster_ips.iter().enumerate() {
            let Some(f) = d.ip_families.get(i) else { break };
            if f == "IPv4" && format::is_ipv6(ip) {
                errs.push(FieldError::invalid(
                    &format!("spec.clusterIPs[{i}]"),
                    RenderedValue::Str(ip.clone()),
                    &format!("expected an IPv4 value as indicated by `ipFamilies[{i}]`"),
                ));
            }
            if f == "IPv6" && !format::is_ipv6(ip) {
                errs.push(FieldError::invalid(
                    &format!("spec.clusterIPs[{i}]"),
                    RenderedValue::Str(ip.clone()),
                    &format!("expected an IPv6 value as indicated by `ipFamilies[{i}]`"),
                ));
            }
        }
    }
    errs
}

pub(super) const TOPOLOGY_HINTS: &str = "service.kubernetes.io/topology-aware-hints";
pub(super) const TOPOLOGY_MODE: &str = "service.kubernetes.io/topology-mode";
const LB_SOURCE_RANGES: &str = "service.beta.kubernetes.io/load-balancer-source-ranges";

/// `json.Marshal` of an internal `core.ServicePort{Protocol, Port}` key.
fn port_key_json(protocol: &str, port: i32) -> String {
    format!(
        "{{\"Name\":\"\",\"Protocol\":{},\"AppProtocol\":null,\"Port\":{port},\"TargetPort\":0,\"NodePort\":0}}",
        json_string(protocol)
    )
}

/// `ValidateServiceCreate` on a defaulted, allocated Service: the name by
/// `names` (the version's rule, [`super::Allocations::service_names`]),
/// then `ValidateService`.
pub fn validate_service(svc: &Service, d: &DefaultedService, names: NameRule) -> Vec<FieldError> {
    let mut errs = meta::object_meta(&svc.metadata, true, names);
    let ann = &svc.metadata.annotations;
    if let (Some(hints), Some(mode)) = (ann.get(TOPOLOGY_HINTS), ann.get(TOPOLOGY_MODE)) {
        if hints != mode {
            errs.push(FieldError::invalid(
                &format!("metadata.annotations[{TOPOLOGY_MODE}]"),
                RenderedValue::Str(mode.clone()),
                &format!("must match annotations[{TOPOLOGY_HINTS}] when both are specified"),
            ));
        }
    }
    if d.ports.is_empty() && !d.is_headless() && d.service_type != "ExternalName" {
        errs.push(FieldError::required("spec.ports", ""));
    }
    match d.service_type.as_str() {
        "LoadBalancer" | "NodePort" if d.is_headless() => {
            errs.push(FieldError::invalid(
                "spec.clusterIPs[0]",
                RenderedValue::Str(d.cluster_ips[0].clone()),
                &format!("may not be set to 'None' for {} services", d.service_type),
            ));
        }
        "ExternalName" => {
            if !d.cluster_ips.is_empty() {
                errs.push(FieldError::forbidden(
                    "spec.clusterIPs",
                    "may not be set for ExternalName services",
                ));
            }
            if !d.ip_families.is_empty() {
                errs.push(FieldError::forbidden(
                    "spec.ipFamilies",
                    "may not be set for ExternalName services",
                ));
            }
            if d.ip_family_policy.is_some() {
                errs.push(FieldError::forbidden(
                    "spec.ipFamilyPolicy",
                    "may not be set for ExternalName services",
                ));
            }
            let cname = d
                .external_name
                .strip_suffix('.')
                .unwrap_or(&d.external_name);
            if cname.is_empty() {
                errs.push(FieldError::required("spec.externalName", ""));
            } else {
                for m in format::dns1123_subdomain(cname) {
                    errs.push(FieldError::invalid(
                        "spec.externalName",
                        RenderedValue::Str(cname.to_string()),
                        &m,
                    ));
                }
            }
        }
        _ => {}
    }
    let require_name = d.ports.len() > 1;
    for (i, p) in d.ports.iter().enumerate() {
        // Paths are written only for errors.
        let pp = |field: &str| format!("spec.ports[{i}].{field}");
        if require_name && p.name.is_empty() {
            errs.push(FieldError::required(&pp("name"), ""));
        } else if !p.name.is_empty() {
            for m in format::dns1123_label(&p.name) {
                errs.push(FieldError::invalid(
                    &pp("name"),
                    RenderedValue::Str(p.name.clone()),
                    &m,
                ));
            }
            if d.ports[..i].iter().any(|q| q.name == p.name) {
                errs.push(FieldError::duplicate(
                    &pp("name"),
                    RenderedValue::Str(p.name.clone()),
                ));
            }
        }
        for m in format::port_num(p.port.into()) {
            errs.push(FieldError::invalid(
                &pp("port"),
                RenderedValue::Int(p.port.into()),
                &m,
            ));
        }
        if !matches!(p.protocol.as_str(), "TCP" | "UDP" | "SCTP") {
            errs.push(FieldError::not_supported(
                &pp("protocol"),
                RenderedValue::named(&p.protocol),
                &["SCTP", "TCP", "UDP"],
            ));
        }
        errs.extend(
            port_num_or_name(&p.target_port, "")
                .into_iter()
                .map(|e| FieldError {
                    field: pp("targetPort"),
                    ..e
                }),
        );
        if let Some(ap) = &p.app_protocol {
            for m in format::qualified_name(ap) {
                errs.push(FieldError::invalid(
                    &pp("appProtocol"),
                    RenderedValue::Str(ap.clone()),
                    &m,
                ));
            }
        }
    }
    if let Some(sel) = &d.selector {
        errs.extend(meta::labels(sel, "spec.selector"));
    }
    if !matches!(d.session_affinity.as_str(), "ClientIP" | "None") {
        errs.push(FieldError::not_supported(
            "spec.sessionAffinity",
            RenderedValue::named(&d.session_affinity),
            &["ClientIP", "None"],
        ));
    }
    if d.session_affinity == "ClientIP" {
        let timeout = d
            .session_affinity_config
            .as_ref()
            .and_then(|c| c.client_ip.as_ref())
            .and_then(|c| c.timeout_seconds);
        if let Some(t) = timeout {
            if t <= 0 || t > 86400 {
                errs.push(FieldError::invalid(
                    "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
                    RenderedValue::Int(t.into()),
                    "must be greater than 0 and less than 86400",
                ));
            }
        }
    }
    errs.extend(cluster_ips_related_fields(d));
    for (i, ip) in d.external_ips.iter().enumerate() {
        let path = format!("spec.externalIPs[{i}]");
        if format::parse_ip_sloppy(ip).is_none() {
            errs.push(FieldError::invalid(
                &path,
                RenderedValue::Str(ip.clone()),
                format::IP_MSG,
            ));
        } else {
            for m in format::non_special_ip(ip) {
                errs.push(FieldError::invalid(
                    &path,
                    RenderedValue::Str(ip.clone()),
                    &m,
                ));
            }
        }
    }
    if !matches!(
        d.service_type.as_str(),
        "ClusterIP" | "ExternalName" | "LoadBalancer" | "NodePort"
    ) {
        errs.push(FieldError::not_supported(
            "spec.type",
            RenderedValue::named(&d.service_type),
            &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"],
        ));
    }
    if d.service_type == "ClusterIP" {
        for (i, p) in d.ports.iter().enumerate() {
            if p.node_port != 0 {
                errs.push(FieldError::forbidden(
                    &format!("spec.ports[{i}].nodePort"),
                    "may not be used when `type` is 'ClusterIP'",
                ));
            }
        }
    }
    // Duplicates are found among the earlier ports (no set is built).
    for (i, p) in d.ports.iter().enumerate() {
        if p.node_port == 0 {
            continue;
        }
        let earlier = &d.ports[..i];
        if earlier
            .iter()
            .any(|q| q.node_port == p.node_port && q.protocol == p.protocol)
        {
            errs.push(FieldError::duplicate(
                &format!("spec.ports[{i}].nodePort"),
                RenderedValue::Int(p.node_port.into()),
            ));
        }
    }
    for (i, p) in d.ports.iter().enumerate() {
        let earlier = &d.ports[..i];
        if earlier
            .iter()
            .any(|q| q.port == p.port && q.protocol == p.protocol)
        {
            errs.push(FieldError::duplicate(
                &format!("spec.ports[{i}]"),
                RenderedValue::Json(port_key_json(&p.protocol, p.port)),
            ));
        }
    }
    let is_lb = d.service_type == "LoadBalancer";
    if !d.load_balancer_source_ranges.is_empty() {
        let fp = "spec.LoadBalancerSourceRanges";
        if !is_lb {
            errs.push(FieldError::forbidden(
                fp,
                "may only be used when `type` is 'LoadBalancer'",
            ));
        }
        for (i, v) in d.load_balancer_source_ranges.iter().enumerate() {
            let v = v.trim();
            if format::parse_cidr_sloppy(v).is_none() {
                errs.push(FieldError::invalid(
                    &format!("{fp}[{i}]"),
                    RenderedValue::Str(v.to_string()),
                    format::CIDR_MSG,
                ));
            }
        }
    } else if let Some(val) = ann.get(LB_SOURCE_RANGES) {
        let fp = format!("metadata.annotations[{LB_SOURCE_RANGES}]");
        if !is_lb {
            errs.push(FieldError::forbidden(
                &fp,
                "may only be used when `type` is 'LoadBalancer'",
            ));
        }
        let val = val.trim();
        if !val.is_empty() {
            for v in val.split(',') {
                let v = v.trim();
                if format::parse_cidr_sloppy(v).is_none() {
                    errs.push(FieldError::invalid(
                        &fp,
                        RenderedValue::Str(v.to_string()),
                        format::CIDR_MSG,
                    ));
                }
            }
        }
    }
    if d.allocate_load_balancer_node_ports.is_some() && !is_lb {
        errs.push(FieldError::forbidden(
            "spec.allocateLoadBalancerNodePorts",
            "may only be used when `type` is 'LoadBalancer'",
        ));
    }
    if let Some(class) = &d.load_balancer_class {
        if is_lb {
            for m in format::qualified_name(class) {
                errs.push(FieldError::invalid(
                    "spec.loadBalancerClass",
                    RenderedValue::Str(class.clone()),
                    &m,
                ));
            }
        } else {
            errs.push(FieldError::forbidden(
                "spec.loadBalancerClass",
                "may only be used when `type` is 'LoadBalancer'",
            ));
        }
    }
    if !d.externally_accessible() {
        if !d.external_traffic_policy.is_empty() {
            errs.push(FieldError::invalid(
                "spec.externalTrafficPolicy",
                RenderedValue::named(&d.external_traffic_policy),
                "may only be set for externally-accessible services",
            ));
        }
    } else if !matches!(d.external_traffic_policy.as_str(), "Cluster" | "Local") {
        errs.push(FieldError::not_supported(
            "spec.externalTrafficPolicy",
            RenderedValue::named(&d.external_traffic_policy),
            &["Cluster", "Local"],
        ));
    }
    if !d.needs_health_check() {
        if d.health_check_node_port != 0 {
            errs.push(FieldError::invalid(
                "spec.healthCheckNodePort",
                RenderedValue::Int(d.health_check_node_port.into()),
                "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
            ));
        }
    } else if d.health_check_node_port != 0 {
        for m in format::port_num(d.health_check_node_port.into()) {
            errs.push(FieldError::invalid(
                "spec.healthCheckNodePort",
                RenderedValue::Int(d.health_check_node_port.into()),
                &m,
            ));
        }
    }
    if let Some(itp) = &d.internal_traffic_policy {
        if itp != "Cluster" && itp != "Local" {
            errs.push(FieldError::not_supported(
                "spec.internalTrafficPolicy",
                RenderedValue::named(itp),
                &["Cluster", "Local"],
            ));
        }
    }
    if let Some(td) = &d.traffic_distribution {
        const SUPPORTED: &[&str] = &["PreferClose", "PreferSameZone", "PreferSameNode"];
        if !SUPPORTED.contains(&td.as_str()) {
            errs.push(FieldError::not_supported(
                "spec.trafficDistribution",
                RenderedValue::Str(td.clone()),
                SUPPORTED,
            ));
        }
    }
    errs
}

/// `ValidatePortNumOrName`.
pub fn port_num_or_name(port: &IntOrString, path: &str) -> Vec<FieldError> {
    match port {
        IntOrString::Int(n) => format::port_num((*n).into())
            .into_iter()
            .map(|m| FieldError::invalid(path, RenderedValue::Int((*n).into()), &m))
            .collect(),
        IntOrString::Str(s) => format::port_name(s)
            .into_iter()
            .map(|m| FieldError::invalid(path, RenderedValue::Str(s.clone()), &m))
            .collect(),
    }
}
