//! Service create: `SetDefaults_Service`, `beginCreate` (normalizeClusterIPs
//! and the allocators, whose failures are reported alone), `ValidateService`
//! (rules S1-S40 of the reference, in emission order) and the warnings of
//! `pkg/api/service/warnings.go`.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use super::field::{json_list, json_string, FieldError, RenderedValue};
use super::format;
use super::meta::{self, NameRule};
use crate::api::{IntOrString, Service, SessionAffinityConfig};
use crate::profile::{Cidr, IpFamily, PortRange, Profile};

/// The Service allocators' state: the cluster's configuration (from the
/// profile) and what earlier creates took.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allocations {
    /// Cluster IPs in use.
    pub cluster_ips: BTreeSet<IpAddr>,
    /// Node ports in use (node ports and health-check node ports).
    pub node_ports: BTreeSet<i32>,
    /// The families with a service range, primary first
    /// (`serviceIPAllocatorsByFamily`; the first is
    /// `defaultServiceIPFamily`).
    pub families: Vec<&'static str>,
    /// The ranges whose allocators take an address: the service ranges and
    /// the ranges of ready ServiceCIDRs (the MetaAllocator's).
    pub service_ranges: Vec<Cidr>,
    /// `--service-node-port-range`.
    pub node_port_range: PortRange,
}

impl Allocations {
    /// The allocators of a cluster configured by `profile`, with the
    /// `kubernetes` and `kube-dns` Services' addresses taken.
    pub fn for_profile(profile: &Profile) -> Allocations {
        // Inserted, not collected: collecting into a `BTreeSet` sorts, a
        // copy of the sort per element type in the bundle.
        let mut cluster_ips = BTreeSet::new();
        if let Some(ip) = profile.kubernetes_service_ip() {
            cluster_ips.insert(ip);
        }
        cluster_ips.insert(profile.dns_ip.value);
        let mut service_ranges = profile.service_ranges.value.clone();
        for s in profile.service_cidrs.iter().filter(|s| s.ready) {
            service_ranges.extend(s.cidrs.iter().copied());
        }
        Allocations {
            cluster_ips,
            node_ports: BTreeSet::new(),
            families: profile
                .service_ranges
                .value
                .iter()
                .map(|c| c.family().as_str())
                .collect(),
            service_ranges,
            node_port_range: profile.node_ports.value,
        }
    }
}

impl Default for Allocations {
    /// The default profile's (kubeadm): 10.96.0.0/12, 30000-32767.
    fn default() -> Self {
        Allocations::for_profile(&Profile::default())
    }
}

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

/// The outcome of creating one Service.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceOutcome {
    /// Field errors (an allocator failure's errors come alone).
    pub errors: Vec<FieldError>,
    /// An allocator InternalError (HTTP 500), reported instead of errors.
    pub internal: Option<(String, String)>,
    /// Warnings, for a Service that is accepted.
    pub warnings: Vec<String>,
}

fn policy_value(d: &DefaultedService) -> RenderedValue {
    match &d.ip_family_policy {
        Some(p) => RenderedValue::named(p),
        None => RenderedValue::Json("null".into()),
    }
}

/// Create one Service against the allocations of earlier creates; on
/// success its explicit cluster IP and node ports are recorded.
pub fn create(svc: &Service, alloc: &mut Allocations) -> (DefaultedService, ServiceOutcome) {
    let mut d = set_defaults(svc);
    let mut out = ServiceOutcome::default();
    if let Err(errs) = init_ip_family_fields(&mut d, &alloc.families) {
        out.errors = errs;
        return (d, out);
    }
    let mut taken_ips = Vec::new();
    if let Err(errs) = alloc_cluster_ips(&d, alloc, &mut taken_ips) {
        out.errors = errs;
        return (d, out);
    }
    let mut taken_ports = BTreeSet::new();
    match alloc_node_ports(&mut d, alloc, &mut taken_ports) {
        Err(Alloc::Invalid(errs)) => {
            out.errors = errs;
            return (d, out);
        }
        Err(Alloc::Internal(field, detail)) => {
            out.internal = Some((field, detail));
            return (d, out);
        }
        Ok(()) => {}
    }
    out.errors = validate_service(svc, &d);
    if out.errors.is_empty() {
        out.warnings = warnings(svc, &d);
        alloc.cluster_ips.extend(taken_ips);
        alloc.node_ports.extend(taken_ports);
    }
    (d, out)
}

/// `initIPFamilyFields` on create (`pkg/registry/core/service/storage/
/// alloc.go`), against the cluster's families (primary first).
fn init_ip_family_fields(
    d: &mut DefaultedService,
    families: &[&'static str],
) -> Result<(), Vec<FieldError>> {
    if d.service_type == "ExternalName" {
        return Ok(());
    }
    let default_family = families.first().copied().unwrap_or("IPv4");
    let configured = |f: &str| families.contains(&f);
    let selectorless = d.selector.as_ref().is_none_or(|s| s.is_empty());
    if d.ip_family_policy.is_none() {
        d.ip_family_policy = Some(
            if d.cluster_ip == "None" && selectorless {
                "RequireDualStack"
            } else {
                "SingleStack"
            }
            .to_string(),
        );
    }
    let errs = cluster_ips_related_fields(d);
    if !errs.is_empty() {
        return Err(errs);
    }
    let mut el = Vec::new();
    let policy = d.ip_family_policy.clone().unwrap_or_default();
    if policy == "SingleStack" {
        if d.cluster_ips.len() == 2 {
            el.push(FieldError::invalid(
                "spec.ipFamilyPolicy",
                policy_value(d),
                "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified",
            ));
        }
        if d.ip_families.len() == 2 {
            el.push(FieldError::invalid(
                "spec.ipFamilyPolicy",
                policy_value(d),
                "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified",
            ));
        }
    }
    for i in 0..d.cluster_ips.len() {
        let ip = &d.cluster_ips[i];
        if ip == "None" {
            break;
        }
        let fam = format::family_of(ip).unwrap_or("IPv4");
        if i >= d.ip_families.len() {
            if !configured(fam) {
                el.push(FieldError::invalid(
                    &format!("spec.clusterIPs[{i}]"),
                    RenderedValue::Json(json_list(&d.cluster_ips)),
                    &format!("{fam} is not configured on this cluster"),
                ));
            } else {
                d.ip_families.push(fam.to_string());
            }
        }
    }
    if !el.is_empty() {
        return Err(el);
    }
    let alt = |f: &str| if f == "IPv4" { "IPv6" } else { "IPv4" };
    if d.cluster_ip == "None" && selectorless {
        if d.ip_families.is_empty() {
            d.ip_families.push(default_family.to_string());
        }
        if d.ip_families.len() < 2 && policy != "SingleStack" {
            let other = alt(&d.ip_families[0]);
            d.ip_families.push(other.to_string());
        }
        return Ok(());
    }
    if policy == "RequireDualStack" && families.len() < 2 {
        el.push(FieldError::invalid(
            "spec.ipFamilyPolicy",
            policy_value(d),
            "this cluster is not configured for dual-stack services",
        ));
    }
    for (i, f) in d.ip_families.iter().enumerate() {
        if !configured(f) {
            el.push(FieldError::invalid(
                &format!("spec.ipFamilies[{i}]"),
                RenderedValue::named(f),
                "not configured on this cluster",
            ));
        }
    }
    if !el.is_empty() {
        return Err(el);
    }
    if d.ip_families.is_empty() {
        d.ip_families.push(default_family.to_string());
    }
    if policy != "SingleStack" && d.ip_families.len() == 1 && families.len() == 2 {
        let other = alt(&d.ip_families[0]);
        d.ip_families.push(other.to_string());
    }
    Ok(())
}

/// Why the MetaAllocator refuses an address, if it does: no ready
/// allocator's prefix holds it (`ErrMismatchedNetwork`), or the one that
/// does keeps it back (`ErrNotInRange`: the network address, and for IPv4
/// the broadcast address).
fn cluster_ip_refusal(ip: IpAddr, ranges: &[Cidr]) -> Option<String> {
    let Some(range) = ranges.iter().find(|c| c.contains(ip)) else {
        return Some("the provided network does not match the current range".to_string());
    };
    let last = range.size().saturating_sub(1);
    let first_usable = range.nth(1);
    let last_usable = match range.family() {
        IpFamily::IPv4 => range.nth(last.saturating_sub(1)),
        IpFamily::IPv6 => range.nth(last),
    };
    let usable = match (first_usable, last_usable) {
        (Some(a), Some(b)) => ip >= a && ip <= b,
        _ => false,
    };
    (!usable).then(|| {
        format!(
            "the provided IP ({ip}) is not in the valid range. The range of valid IPs is {range}"
        )
    })
}

fn alloc_cluster_ips(
    d: &DefaultedService,
    alloc: &Allocations,
    taken: &mut Vec<IpAddr>,
) -> Result<(), Vec<FieldError>> {
    if d.service_type == "ExternalName" || d.cluster_ips.first().is_some_and(|ip| ip == "None") {
        return Ok(());
    }
    for (i, _family) in d.ip_families.iter().enumerate() {
        let Some(ip_text) = d.cluster_ips.get(i).filter(|s| !s.is_empty()) else {
            continue; // AllocateNext: nothing to simulate
        };
        let Some(ip) = format::parse_ip_sloppy(ip_text) else {
            continue;
        };
        // MultiCIDRServiceAllocator (GA, locked on): the MetaAllocator's
        // allocators are the profile's service ranges and ServiceCIDRs.
        let reason = if let Some(reason) = cluster_ip_refusal(ip, &alloc.service_ranges) {
            Some(reason)
        } else if alloc.cluster_ips.contains(&ip) || taken.contains(&ip) {
            Some("provided IP is already allocated".to_string())
        } else {
            None
        };
        if let Some(reason) = reason {
            return Err(vec![FieldError::invalid(
                "spec.clusterIPs",
                RenderedValue::Json(json_list(&d.cluster_ips)),
                &format!("failed to allocate IP {ip_text}: {reason}"),
            )]);
        }
        taken.push(ip);
    }
    Ok(())
}

enum Alloc {
    Invalid(Vec<FieldError>),
    Internal(String, String),
}

fn port_alloc_error(np: i32, alloc: &Allocations, local: &BTreeSet<i32>) -> Option<String> {
    let range = alloc.node_port_range;
    let (lo, hi) = (range.base, range.last());
    if !range.contains(np) {
        Some(format!(
            "provided port is not in the valid range. The range of valid ports is {lo}-{hi}"
        ))
    } else if alloc.node_ports.contains(&np) || local.contains(&np) {
        Some("provided port is already allocated".to_string())
    } else {
        None
    }
}

/// `initNodePorts` and `allocHealthCheckNodePort` (explicit requests only;
/// auto-allocation is random and not simulated).
fn alloc_node_ports(
    d: &mut DefaultedService,
    alloc: &Allocations,
    local: &mut BTreeSet<i32>,
) -> Result<(), Alloc> {
    if d.service_type == "NodePort" || d.service_type == "LoadBalancer" {
        let allocate_new =
            d.service_type == "NodePort" || d.allocate_load_balancer_node_ports.unwrap_or(true);
        let mut by_port: BTreeMap<i32, i32> = BTreeMap::new();
        for i in 0..d.ports.len() {
            let (port, node_port) = (d.ports[i].port, d.ports[i].node_port);
            if node_port == 0 && !allocate_new {
                continue;
            }
            match by_port.get(&port).copied() {
                None => {
                    let requested = d
                        .ports
                        .iter()
                        .find(|p| p.port == port && p.node_port != 0)
                        .map(|p| p.node_port)
                        .unwrap_or(0);
                    if requested != 0 {
                        if let Some(e) = port_alloc_error(requested, alloc, local) {
                            return Err(Alloc::Invalid(vec![FieldError::invalid(
                                &format!("spec.ports[{i}].nodePort"),
                                RenderedValue::Int(requested.into()),
                                &e,
                            )]));
                        }
                        local.insert(requested);
                        d.ports[i].node_port = requested;
                        by_port.insert(port, requested);
                    } else {
                        // AllocateNext: a random free port; 0 stands for it.
                        by_port.insert(port, 0);
                    }
                }
                Some(shared) if node_port != shared => {
                    if node_port == 0 {
                        d.ports[i].node_port = shared;
                    } else {
                        if let Some(e) = port_alloc_error(node_port, alloc, local) {
                            return Err(Alloc::Invalid(vec![FieldError::invalid(
                                &format!("spec.ports[{i}].nodePort"),
                                RenderedValue::Int(node_port.into()),
                                &e,
                            )]));
                        }
                        local.insert(node_port);
                    }
                }
                Some(_) => {}
            }
        }
    }
    if d.needs_health_check() && d.health_check_node_port != 0 {
        let hc = d.health_check_node_port;
        if let Some(e) = port_alloc_error(hc, alloc, local) {
            return Err(Alloc::Internal(
                "spec.healthCheckNodePort".to_string(),
                format!("failed to allocate requested HealthCheck NodePort {hc}: {e}"),
            ));
        }
        local.insert(hc);
    }
    Ok(())
}

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

const TOPOLOGY_HINTS: &str = "service.kubernetes.io/topology-aware-hints";
const TOPOLOGY_MODE: &str = "service.kubernetes.io/topology-mode";
const LB_SOURCE_RANGES: &str = "service.beta.kubernetes.io/load-balancer-source-ranges";

/// `json.Marshal` of an internal `core.ServicePort{Protocol, Port}` key.
fn port_key_json(protocol: &str, port: i32) -> String {
    format!(
        "{{\"Name\":\"\",\"Protocol\":{},\"AppProtocol\":null,\"Port\":{port},\"TargetPort\":0,\"NodePort\":0}}",
        json_string(protocol)
    )
}

/// `ValidateService` on a defaulted, allocated Service.
pub fn validate_service(svc: &Service, d: &DefaultedService) -> Vec<FieldError> {
    let mut errs = meta::object_meta(&svc.metadata, true, NameRule::Dns1035Label);
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
