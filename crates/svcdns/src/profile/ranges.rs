//! The values the flags give, read as the components that take them read
//! them, and the ranges the API server and the presets know.

use super::presets::{
    KNOWN_IPV6_POD_RANGES, KNOWN_IPV6_SERVICE_RANGES, OTHER_KNOWN_SERVICE_RANGES,
};
use super::*;
use crate::support::text::go_quote;

/// `--service-cluster-ip-range` as kube-apiserver reads and validates
/// it (`cmd/kube-apiserver/app/options/completion.go`
/// `getServiceIPAndRanges`, `validation.go` `validateClusterIPFlags`,
/// `pkg/controlplane/apiserver/options` `ServiceIPRange`, the
/// allocator's `NewIPAllocator`).
pub(super) fn parse_service_ranges(
    text: &str,
    version: KubernetesVersion,
) -> Result<Vec<Cidr>, Vec<String>> {
    let mut errs = Vec::new();
    if text.is_empty() {
        // No range given: kube-apiserver's deprecated default.
        return Ok(vec![Cidr::parse("10.0.0.0/24").unwrap_or(Cidr::new(
            IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 0)),
            24,
        ))]);
    }
    let list: Vec<&str> = text.split(',').collect();
    if list.len() > 2 {
        errs.push("--service-cluster-ip-range must not contain more than two entries".to_string());
    }
    let Some(primary) = Cidr::parse(list[0]) else {
        return Err(vec![
            "service-cluster-ip-range[0] is not a valid cidr".to_string()
        ]);
    };
    let secondary = match list.get(1) {
        Some(t) => match Cidr::parse(t) {
            Some(c) => Some(c),
            None => {
                return Err(vec![
                    "service-cluster-ip-range[1] is not an ip net".to_string()
                ])
            }
        },
        None => None,
    };
    if primary.size() < 8 {
        return Err(vec![
            "error determining service IP ranges for primary service cidr: the service cluster IP range must be at least 8 IP addresses".to_string(),
        ]);
    }
    // The size limit holds while the old bitmap allocator is written
    // too: DisableAllocatorDualWrite is on by default from 1.34.
    let max_bits = 20;
    let too_large = |c: &Cidr| u32::from(c.bits() - c.prefix()) > max_bits;
    if version.minor < 34 && too_large(&primary) {
        errs.push(format!(
            "specified --service-cluster-ip-range is too large; for {} addresses, the mask must be >= {}",
            format_args!("{}-bit", primary.bits()),
            primary.bits() as u32 - max_bits
        ));
    }
    let mut ranges = vec![primary];
    if let Some(s) = secondary {
        if s.family() == primary.family() {
            errs.push(
                "--service-cluster-ip-range[0] and --service-cluster-ip-range[1] must be of different IP family"
                    .to_string(),
            );
        }
        if version.minor < 34 && too_large(&s) {
            errs.push(format!(
                "specified --service-cluster-ip-range[1] is too large; for {}-bit addresses, the mask must be >= {}",
                s.bits(),
                s.bits() as u32 - max_bits
            ));
        }
        ranges.push(s);
    }
    for c in &ranges {
        if c.family() == IpFamily::IPv6 && c.prefix() < 64 {
            errs.push(format!(
                "shortest allowed prefix length for service CIDR is 64, got {}",
                c.prefix()
            ));
        }
    }
    if errs.is_empty() {
        Ok(ranges)
    } else {
        Err(errs)
    }
}

/// `--cluster-cidr` as kube-controller-manager reads it
/// (`cmd/kube-controller-manager/app/core.go` `processCIDRs`,
/// `validateCIDRs`; `node_ipam_controller.go` `NewNodeIpamController`).
pub(super) fn parse_cluster_cidr(text: &str, node_mask: (u8, u8)) -> Result<Vec<Cidr>, String> {
    let mut cidrs = Vec::new();
    for (i, t) in text.trim().split(',').enumerate() {
        match Cidr::parse(t) {
            Some(c) => cidrs.push(c),
            None => {
                return Err(format!(
                    "invalid CIDR[{i}]: <nil> (invalid CIDR address: {t})"
                ))
            }
        }
    }
    let dual = cidrs.len() == 2 && cidrs[0].family() != cidrs[1].family();
    if cidrs.len() > 1 && !dual && cidrs.len() <= 2 {
        return Err(format!(
            "len of ClusterCIDRs=={} and they are not configured as dual stack (at least one from each IPFamily",
            cidrs.len()
        ));
    }
    if cidrs.len() > 2 {
        return Err(format!(
            "length of clusterCIDRs is:{} more than max allowed of 2",
            cidrs.len()
        ));
    }
    for c in &cidrs {
        let mask = match c.family() {
            IpFamily::IPv4 => node_mask.0,
            IpFamily::IPv6 => node_mask.1,
        };
        if c.prefix() > mask {
            return Err("Controller: Invalid --cluster-cidr, mask size of cluster CIDR must be less than or equal to --node-cidr-mask-size configured for CIDR family".to_string());
        }
        if c.family() == IpFamily::IPv6 && mask - c.prefix() > 16 {
            return Err("New CIDR set failed; the node CIDR size is too big".to_string());
        }
    }
    Ok(cidrs)
}

/// `validateServiceCIDRSpec` (`pkg/apis/networking/validation`): one or
/// two CIDRs, each `IsValidCIDR` (strict), one per family.
pub fn validate_service_cidr_spec(cidrs: &[&str]) -> Vec<String> {
    let path = "spec.cidrs";
    if cidrs.is_empty() {
        return vec![format!(
            "{path}: Required value: at least one CIDR required"
        )];
    }
    if cidrs.len() > 2 {
        return vec![format!(
            "{path}: Invalid value: \"{}\": may only hold up to 2 values",
            cidrs.join(",")
        )];
    }
    let mut errs = Vec::new();
    for (i, c) in cidrs.iter().enumerate() {
        let field = format!("{path}[{i}]");
        let q_c = go_quote(c);
        let Some(parsed) = Cidr::parse(c) else {
            errs.push(format!(
                "{field}: Invalid value: {q_c}: {}",
                crate::api::format::CIDR_MSG
            ));
            continue;
        };
        let (addr, mask) = c.split_once('/').unwrap_or((c, ""));
        let strict_ok =
            addr.parse::<IpAddr>().is_ok() && !(mask.len() > 1 && mask.starts_with('0'));
        if !strict_ok {
            errs.push(format!(
                "{field}: Invalid value: {q_c}: must not have leading 0s in IP or prefix length"
            ));
        } else if addr
            .parse::<std::net::Ipv6Addr>()
            .is_ok_and(|a| a.to_ipv4_mapped().is_some())
        {
            errs.push(format!(
                "{field}: Invalid value: {q_c}: must not have an IPv4-mapped IPv6 address"
            ));
        } else if addr.parse::<IpAddr>().ok() != Some(parsed.addr()) {
            errs.push(format!(
                "{field}: Invalid value: {q_c}: must not have bits set beyond the prefix length"
            ));
        } else if *c != parsed.to_string() {
            errs.push(format!(
                "{field}: Invalid value: {q_c}: must be in canonical form (\"{parsed}\")"
            ));
        }
    }
    if cidrs.len() == 2 {
        let fam = |c: &str| Cidr::parse(c).map(|c| c.family());
        if fam(cidrs[0]).is_some() && fam(cidrs[0]) == fam(cidrs[1]) {
            errs.push(format!(
                "{path}: Invalid value: [\"{}\",\"{}\"]: may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and 2001:db8::/64",
                cidrs[0], cidrs[1]
            ));
        }
    }
    errs
}

/// The CIDRs written in `lists`, in order (those that parse).
pub(super) fn cidrs(lists: &[&[&str]]) -> Vec<Cidr> {
    let mut out = Vec::new();
    for list in lists {
        out.extend(list.iter().filter_map(|c| Cidr::parse(c)));
    }
    out
}

/// The ranges of a family the presets and their platforms use for
/// Services (`pods`: false) or pods, the most specific first (the
/// likeliest to hold an address).
pub(super) fn known_ranges(pods: bool, family: IpFamily) -> Vec<Cidr> {
    let mut lists: Vec<&[&str]> = Preset::ALL
        .iter()
        .map(|p| {
            let d = p.defaults();
            if pods {
                d.pod_ranges
            } else {
                d.service_ranges
            }
        })
        .collect();
    lists.extend(if pods {
        [KNOWN_IPV6_POD_RANGES, &[]]
    } else {
        [OTHER_KNOWN_SERVICE_RANGES, KNOWN_IPV6_SERVICE_RANGES]
    });
    let mut out = cidrs(&lists);
    out.retain(|c| c.family() == family);
    crate::support::sort::sort_by_key(&mut out, |c| std::cmp::Reverse(c.prefix()));
    out
}

/// The range an address at `index` of an unknown range most likely belongs
/// to: its network is the address less `index`, as long as that is aligned
/// to a /16 (IPv4) or /112 (IPv6); else the /24 (/120) holding it.
pub(super) fn aligned_range(ip: IpAddr, index: u128, family: IpFamily) -> Cidr {
    let (wide, narrow) = match family {
        IpFamily::IPv4 => (16, 24),
        IpFamily::IPv6 => (112, 120),
    };
    let network = match ip {
        IpAddr::V4(v4) => u32::from(v4)
            .checked_sub(index as u32)
            .map(|n| IpAddr::V4(std::net::Ipv4Addr::from(n))),
        IpAddr::V6(v6) => u128::from(v6)
            .checked_sub(index)
            .map(|n| IpAddr::V6(std::net::Ipv6Addr::from(n))),
    };
    match network {
        Some(n) if Cidr::new(n, wide).addr() == n => Cidr::new(n, wide),
        _ => Cidr::new(ip, narrow),
    }
}
