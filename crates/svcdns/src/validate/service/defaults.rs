//! `SetDefaults_Service` (pkg/apis/core/v1/defaults.go) and the defaulted
//! Service the allocators and `ValidateService` read.

use std::collections::BTreeMap;

use crate::api::{IntOrString, Service, SessionAffinityConfig};

/// One defaulted `ServicePort`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefaultedPort {
    /// `name` ("" when absent).
    pub name: String,
    /// `protocol`, defaulted to `TCP`.
    pub protocol: String,
    /// `appProtocol`.
    pub app_protocol: Option<String>,
    /// `port` (0 when absent).
    pub port: i32,
    /// `targetPort`, defaulted to `port`.
    pub target_port: IntOrString,
    /// `nodePort` (0 when absent and not allocated).
    pub node_port: i32,
}

/// A Service spec as the API server sees it after defaulting, cluster-IP
/// normalisation and IP-family initialisation (allocated IPs and ports are
/// not invented: an auto-allocated cluster IP stays `""`).
#[derive(Clone, Debug, PartialEq)]
pub struct DefaultedService {
    /// `type`.
    pub service_type: String,
    /// `clusterIP`.
    pub cluster_ip: String,
    /// `clusterIPs`.
    pub cluster_ips: Vec<String>,
    /// `ipFamilies`.
    pub ip_families: Vec<String>,
    /// `ipFamilyPolicy`.
    pub ip_family_policy: Option<String>,
    /// `selector`.
    pub selector: Option<BTreeMap<String, String>>,
    /// `ports`.
    pub ports: Vec<DefaultedPort>,
    /// `externalName`.
    pub external_name: String,
    /// `externalIPs`.
    pub external_ips: Vec<String>,
    /// `sessionAffinity`.
    pub session_affinity: String,
    /// `sessionAffinityConfig`.
    pub session_affinity_config: Option<SessionAffinityConfig>,
    /// `publishNotReadyAddresses`.
    pub publish_not_ready_addresses: bool,
    /// `loadBalancerIP`.
    pub load_balancer_ip: String,
    /// `loadBalancerSourceRanges`.
    pub load_balancer_source_ranges: Vec<String>,
    /// `loadBalancerClass`.
    pub load_balancer_class: Option<String>,
    /// `allocateLoadBalancerNodePorts`.
    pub allocate_load_balancer_node_ports: Option<bool>,
    /// `externalTrafficPolicy`.
    pub external_traffic_policy: String,
    /// `internalTrafficPolicy`.
    pub internal_traffic_policy: Option<String>,
    /// `healthCheckNodePort`.
    pub health_check_node_port: i32,
    /// `trafficDistribution`.
    pub traffic_distribution: Option<String>,
}

impl DefaultedService {
    /// `isHeadlessService`: `clusterIPs == ["None"]`.
    pub fn is_headless(&self) -> bool {
        self.cluster_ips.len() == 1 && self.cluster_ips[0] == "None"
    }

    /// `ExternallyAccessible`.
    pub fn externally_accessible(&self) -> bool {
        self.service_type == "LoadBalancer"
            || self.service_type == "NodePort"
            || (self.service_type == "ClusterIP" && !self.external_ips.is_empty())
    }

    /// `NeedsHealthCheck`.
    pub fn needs_health_check(&self) -> bool {
        self.service_type == "LoadBalancer" && self.external_traffic_policy == "Local"
    }
}

/// `SetDefaults_Service` then `normalizeClusterIPs` (create).
pub fn set_defaults(svc: &Service) -> DefaultedService {
    let s = &svc.spec;
    let session_affinity = s
        .session_affinity
        .clone()
        .filter(|a| !a.is_empty())
        .unwrap_or_else(|| "None".to_string());
    let mut session_affinity_config = s.session_affinity_config.clone();
    if session_affinity == "None" {
        session_affinity_config = None;
    }
    if session_affinity == "ClientIP"
        && session_affinity_config
            .as_ref()
            .and_then(|c| c.client_ip.as_ref())
            .and_then(|c| c.timeout_seconds)
            .is_none()
    {
        session_affinity_config = Some(SessionAffinityConfig {
            client_ip: Some(crate::api::ClientIpConfig {
                timeout_seconds: Some(10800),
            }),
        });
    }
    let service_type = s
        .service_type
        .clone()
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "ClusterIP".to_string());
    let ports = s
        .ports
        .iter()
        .map(|p| {
            let target_port = match &p.target_port {
                None | Some(IntOrString::Int(0)) => IntOrString::Int(p.port),
                Some(IntOrString::Str(t)) if t.is_empty() => IntOrString::Int(p.port),
                Some(t) => t.clone(),
            };
            DefaultedPort {
                name: p.name.clone().unwrap_or_default(),
                protocol: p
                    .protocol
                    .clone()
                    .filter(|x| !x.is_empty())
                    .unwrap_or_else(|| "TCP".to_string()),
                app_protocol: p.app_protocol.clone(),
                port: p.port,
                target_port,
                node_port: p.node_port.unwrap_or(0),
            }
        })
        .collect();
    let mut d = DefaultedService {
        service_type,
        cluster_ip: s.cluster_ip.clone().unwrap_or_default(),
        cluster_ips: s.cluster_ips.clone(),
        ip_families: s.ip_families.clone(),
        ip_family_policy: s.ip_family_policy.clone(),
        selector: s.selector.clone(),
        ports,
        external_name: s.external_name.clone().unwrap_or_default(),
        external_ips: s.external_ips.clone(),
        session_affinity,
        session_affinity_config,
        publish_not_ready_addresses: s.publish_not_ready_addresses.unwrap_or(false),
        load_balancer_ip: s.load_balancer_ip.clone().unwrap_or_default(),
        load_balancer_source_ranges: s.load_balancer_source_ranges.clone(),
        load_balancer_class: s.load_balancer_class.clone(),
        allocate_load_balancer_node_ports: s.allocate_load_balancer_node_ports,
        external_traffic_policy: s.external_traffic_policy.clone().unwrap_or_default(),
        internal_traffic_policy: s.internal_traffic_policy.clone(),
        health_check_node_port: s.health_check_node_port.unwrap_or(0),
        traffic_distribution: s.traffic_distribution.clone(),
    };
    if d.externally_accessible() && d.external_traffic_policy.is_empty() {
        d.external_traffic_policy = "Cluster".to_string();
    }
    if d.internal_traffic_policy.is_none()
        && matches!(
            d.service_type.as_str(),
            "NodePort" | "LoadBalancer" | "ClusterIP"
        )
    {
        d.internal_traffic_policy = Some("Cluster".to_string());
    }
    if d.service_type == "LoadBalancer" && d.allocate_load_balancer_node_ports.is_none() {
        d.allocate_load_balancer_node_ports = Some(true);
    }
    // normalizeClusterIPs (create): plural from singular, never the reverse.
    if !d.cluster_ip.is_empty() && d.cluster_ips.is_empty() {
        d.cluster_ips = vec![d.cluster_ip.clone()];
    }
    d
}
