//! The warnings of a Service create (pkg/api/service/warnings.go
//! `GetWarningsForService`).

use super::defaults::DefaultedService;
use super::validation::{TOPOLOGY_HINTS, TOPOLOGY_MODE};
use crate::api::format;
use crate::api::Service;

/// `GetWarningsForService` on create (1.35).
pub fn warnings(svc: &Service, d: &DefaultedService) -> Vec<String> {
    let mut w = Vec::new();
    if svc.metadata.annotations.contains_key(TOPOLOGY_HINTS) {
        w.push(format!(
            "annotation {TOPOLOGY_HINTS} is deprecated, please use {TOPOLOGY_MODE} instead"
        ));
    }
    let ip_set = !d.cluster_ip.is_empty() && d.cluster_ip != "None";
    if ip_set {
        for (i, ip) in d.cluster_ips.iter().enumerate() {
            w.extend(format::ip_warnings(&format!("spec.clusterIPs[{i}]"), ip));
        }
    }
    let headless = d.service_type == "ClusterIP" && d.cluster_ip == "None";
    if headless {
        if !d.load_balancer_ip.is_empty() {
            w.push("spec.loadBalancerIP is ignored for headless services".to_string());
        }
        if !d.external_ips.is_empty() {
            w.push("spec.externalIPs is ignored for headless services".to_string());
        }
        if d.session_affinity != "None" {
            w.push("spec.SessionAffinity is ignored for headless services".to_string());
        }
    }
    for (i, ip) in d.external_ips.iter().enumerate() {
        w.extend(format::ip_warnings(&format!("spec.externalIPs[{i}]"), ip));
    }
    if !d.load_balancer_ip.is_empty() {
        w.extend(format::ip_warnings(
            "spec.loadBalancerIP",
            &d.load_balancer_ip,
        ));
    }
    for (i, c) in d.load_balancer_source_ranges.iter().enumerate() {
        w.extend(format::cidr_warnings(
            &format!("spec.loadBalancerSourceRanges[{i}]"),
            c,
        ));
    }
    if d.service_type == "ExternalName" && !d.external_ips.is_empty() {
        w.push("spec.externalIPs is ignored when spec.type is \"ExternalName\"".to_string());
    }
    if d.service_type != "ExternalName" && !d.external_name.is_empty() {
        w.push("spec.externalName is ignored when spec.type is not \"ExternalName\"".to_string());
    }
    if d.traffic_distribution.as_deref() == Some("PreferClose") {
        w.push(
            "spec.trafficDistribution: \"PreferClose\" is deprecated; use \"PreferSameZone\""
                .to_string(),
        );
    }
    w
}
