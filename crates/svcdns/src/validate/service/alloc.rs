//! The Service allocators on create (pkg/registry/core/service/storage
//! `beginCreate`, alloc.go `initIPFamilyFields` and `allocClusterIPs`,
//! the ipallocator and portallocator), whose failures are reported alone.

use std::net::IpAddr;

use super::defaults::DefaultedService;
use super::validation::cluster_ips_related_fields;
use crate::api::format;
use crate::profile::{Cidr, IpFamily, PortRange, Profile};
use crate::support::keymap::FastSet;
use crate::validate::field::{json_list, FieldError, RenderedValue};
use crate::validate::meta::NameRule;

/// The Service allocators' state: the cluster's configuration (from the
/// profile) and what earlier creates took.
///
/// (No B-tree here: a `FastSet<IpAddr>` is a hash table the core already
/// has, and a sorted `Vec` of the few node ports in use is a fraction of a
/// `BTreeSet<i32>`'s code in the bundle.)
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allocations {
    /// Cluster IPs in use.
    pub(crate) cluster_ips: FastSet<IpAddr>,
    /// Node ports in use (node ports and health-check node ports), sorted,
    /// each once.
    pub node_ports: Vec<i32>,
    /// The families with a service range, primary first
    /// (`serviceIPAllocatorsByFamily`; the first is
    /// `defaultServiceIPFamily`).
    pub families: Vec<&'static str>,
    /// The ranges whose allocators take an address: the service ranges and
    /// the ranges of ready ServiceCIDRs (the MetaAllocator's).
    pub service_ranges: Vec<Cidr>,
    /// `--service-node-port-range`.
    pub node_port_range: PortRange,
    /// The rule a new Service's name follows: RFC 1123 label with
    /// `RelaxedServiceNameValidation` on (the profile's Kubernetes 1.36 and
    /// later), else RFC 1035 (`ValidateServiceCreate`).
    pub service_names: NameRule,
}

impl Allocations {
    /// The allocators of a cluster configured by `profile`, with the
    /// `kubernetes` and `kube-dns` Services' addresses taken.
    pub fn for_profile(profile: &Profile) -> Allocations {
        Allocations::for_profile_with(profile, &[])
    }

    /// As [`Allocations::for_profile`], but the built-in Services whose
    /// `namespace/name` is in `written` (`default/kubernetes`,
    /// `kube-system/kube-dns`) hold no address: the manifests' own copy of
    /// the Service (a dump of a cluster) takes the built-in one's place.
    /// (Not inserted then removed: `BTreeSet::remove` is the bundle's only
    /// B-tree removal, about 3 KB of wasm.)
    pub fn for_profile_with(profile: &Profile, written: &[(&str, &str)]) -> Allocations {
        let builtin = |key: (&str, &str)| !written.contains(&key);
        let mut cluster_ips = FastSet::default();
        if let Some(ip) = profile.kubernetes_service_ip() {
            if builtin(("default", "kubernetes")) {
                cluster_ips.insert(ip);
            }
        }
        if builtin(("kube-system", "kube-dns")) {
            cluster_ips.insert(profile.dns_ip.value);
        }
        let mut service_ranges = profile.service_ranges.value.clone();
        for s in profile.service_cidrs.iter().filter(|s| s.ready) {
            service_ranges.extend(s.cidrs.iter().copied());
        }
        Allocations {
            cluster_ips,
            node_ports: Vec::new(),
            families: profile
                .service_ranges
                .value
                .iter()
                .map(|c| c.family().as_str())
                .collect(),
            service_ranges,
            node_port_range: profile.node_ports.value,
            service_names: if profile.version.value.relaxed_service_names() {
                NameRule::Dns1123Label
            } else {
                NameRule::Dns1035Label
            },
        }
    }
}

impl Default for Allocations {
    /// The default profile's (kubeadm): 10.96.0.0/12, 30000-32767.
    fn default() -> Self {
        Allocations::for_profile(&Profile::default())
    }
}

pub(super) fn policy_value(d: &DefaultedService) -> RenderedValue {
    match &d.ip_family_policy {
        Some(p) => RenderedValue::named(p),
        None => RenderedValue::Json("null".into()),
    }
}

/// `initIPFamilyFields` on create (`pkg/registry/core/service/storage/
/// alloc.go`), against the cluster's families (primary first).
pub(super) fn init_ip_family_fields(
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
pub(super) fn cluster_ip_refusal(ip: IpAddr, ranges: &[Cidr]) -> Option<String> {
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

pub(super) fn alloc_cluster_ips(
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

pub(super) enum Alloc {
    Invalid(Vec<FieldError>),
    Internal(String, String),
}

pub(super) fn port_alloc_error(np: i32, alloc: &Allocations, local: &[i32]) -> Option<String> {
    let range = alloc.node_port_range;
    let (lo, hi) = (range.base, range.last());
    if !range.contains(np) {
        Some(format!(
            "provided port is not in the valid range. The range of valid ports is {lo}-{hi}"
        ))
    } else if alloc.node_ports.binary_search(&np).is_ok() || local.contains(&np) {
        Some("provided port is already allocated".to_string())
    } else {
        None
    }
}

/// `initNodePorts` and `allocHealthCheckNodePort` (explicit requests only;
/// auto-allocation is random and not simulated).
pub(super) fn alloc_node_ports(
    d: &mut DefaultedService,
    alloc: &Allocations,
    local: &mut Vec<i32>,
) -> Result<(), Alloc> {
    if d.service_type == "NodePort" || d.service_type == "LoadBalancer" {
        let allocate_new =
            d.service_type == "NodePort" || d.allocate_load_balancer_node_ports.unwrap_or(true);
        // Port to the node port it got (0: AllocateNext). A list: finding
        // `requested` below is linear in the ports already.
        let mut by_port: Vec<(i32, i32)> = Vec::new();
        for i in 0..d.ports.len() {
            let (port, node_port) = (d.ports[i].port, d.ports[i].node_port);
            if node_port == 0 && !allocate_new {
                continue;
            }
            match by_port.iter().find(|(p, _)| *p == port).map(|(_, n)| *n) {
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
                        local.push(requested);
                        d.ports[i].node_port = requested;
                        by_port.push((port, requested));
                    } else {
                        // AllocateNext: a random free port; 0 stands for it.
                        by_port.push((port, 0));
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
                        local.push(node_port);
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
        local.push(hc);
    }
    Ok(())
}
