//! IP address management, as stable stand-ins for the cluster's allocators:
//! pod IPs from each node's range of the pod CIDR (kube-controller-manager's
//! node IPAM, `pkg/controller/nodeipam`, hands each node a /24; the node's
//! CNI picks an address in it), the first choice a hash of the pod's
//! namespace and name, collisions probing forward.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::{parse_ip, Network};
use crate::api::{Object, Resource};
use crate::cluster::AddressType;
use crate::support::keymap::{FastSet, KeyMap};
use crate::support::stable::stable_hash_parts;

/// Allocates addresses from a CIDR, stably: the first choice derives from a
/// hash of the key, collisions probe forward.
pub(super) struct Allocator {
    used: FastSet<IpAddr>,
    /// CIDRs found full (with the low addresses skipped), so later
    /// allocations skip them at once: keys made by [`full_key`], on the
    /// core's one hash table.
    full: KeyMap,
}

/// The key of a CIDR found full with `skip_low` low addresses skipped.
fn full_key(net: Ipv4Addr, prefix: u8, skip_low: u32) -> [u8; 9] {
    let mut k = [0; 9];
    k[..4].copy_from_slice(&net.octets());
    k[4] = prefix;
    k[5..].copy_from_slice(&skip_low.to_le_bytes());
    k
}

impl Allocator {
    /// Whether the CIDR was found full (no key is built while none was:
    /// the usual case, asked on every probe).
    fn is_full(&self, net: Ipv4Addr, prefix: u8, skip_low: u32) -> bool {
        !self.full.is_empty() && self.full.get(&[&full_key(net, prefix, skip_low)]).is_some()
    }

    /// An allocator with the addresses already taken: the kubernetes and
    /// kube-dns service IPs, and the cluster IPs and pod IPs written, so
    /// allocation never hands them out again.
    pub(super) fn new(network: &Network, live: &[&Object]) -> Self {
        let mut ips = Allocator {
            // About an address or two per object.
            used: FastSet::with_capacity_and_hasher(2 * live.len(), Default::default()),
            full: KeyMap::default(),
        };
        ips.used.insert(network.kubernetes_ip);
        ips.used.insert(network.dns_ip);
        for o in live {
            match &o.resource {
                Resource::Service(s) => {
                    for ip in s.spec.cluster_ips.iter().chain(s.spec.cluster_ip.iter()) {
                        if let Some(ip) = parse_ip(ip) {
                            ips.used.insert(ip);
                        }
                    }
                }
                Resource::Pod(p) => {
                    if let Some(st) = &p.status {
                        for ip in st.pod_ips.iter().chain(st.pod_ip.iter()) {
                            if let Some(ip) = parse_ip(ip) {
                                ips.used.insert(ip);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        ips
    }

    /// `hash` is the [`stable_hash`] of the key the address is for.
    pub(super) fn v4(
        &mut self,
        cidr: (Ipv4Addr, u8),
        hash: u64,
        skip_low: u32,
    ) -> Option<Ipv4Addr> {
        let size: u64 = 1u64 << (32 - cidr.1.min(32) as u64);
        if size <= 2 + skip_low as u64 {
            return None;
        }
        if self.is_full(cidr.0, cidr.1, skip_low) {
            return None;
        }
        let usable = size - 2 - skip_low as u64;
        let base = u32::from(cidr.0) as u64;
        let start = hash % usable;
        let mut probe = 0;
        while probe < usable.min(1 << 20) {
            let offset = 1 + skip_low as u64 + (start + probe) % usable;
            let ip = Ipv4Addr::from((base + offset) as u32);
            if self.used.insert(IpAddr::V4(ip)) {
                return Some(ip);
            }
            // Inside a full /24 (a node's range), the addresses up to its
            // .254 are all taken: the probe moves on past them at once
            // (unless the range ends, and the probe wraps, before).
            let [a, b, c, last] = ip.octets();
            let taken = 254u64.saturating_sub(last.into());
            if cidr.1 < 24
                && offset + taken <= size - 2
                && self.is_full(Ipv4Addr::new(a, b, c, 0), 24, 0)
            {
                probe += taken;
            }
            probe += 1;
        }
        self.full.insert(&[&full_key(cidr.0, cidr.1, skip_low)]);
        None
    }

    pub(super) fn v6(&mut self, cidr: (Ipv6Addr, u8), hash: u64) -> Option<Ipv6Addr> {
        let host_bits = 128 - cidr.1.min(128) as u32;
        let span: u128 = if host_bits >= 64 {
            1 << 32
        } else {
            (1u128 << host_bits).saturating_sub(2)
        };
        if span == 0 {
            return None;
        }
        let base = u128::from(cidr.0);
        let start = hash as u128 % span;
        for probe in 0..span.min(1 << 20) {
            let ip = Ipv6Addr::from(base + 1 + (start + probe) % span);
            if self.used.insert(IpAddr::V6(ip)) {
                return Some(ip);
            }
        }
        None
    }
}

/// The [`stable_hash`] of a pod's address seed, `<namespace>/<name>#<restarts>`,
/// without building it.
pub(super) fn seed_hash(key: &str, restarts: u32) -> u64 {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    let mut n = restarts;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let digits = std::str::from_utf8(&digits[at..]).unwrap_or("0");
    stable_hash_parts(&[key, "#", digits])
}

/// An address family as the slice name seeds spell it (`{:?}`).
pub(super) fn family_seed(family: AddressType) -> &'static str {
    match family {
        AddressType::IPv4 => "IPv4",
        AddressType::IPv6 => "IPv6",
        AddressType::Fqdn => "Fqdn",
    }
}

/// Allocate a pod's IPs: IPv4 from the node's /24 of the pod CIDR when
/// possible (as kubeadm's node IPAM hands each node a /24), and IPv6 when
/// the cluster has a v6 pod CIDR. `seed` is the [`stable_hash`] of the
/// pod's address seed ([`seed_hash`]).
pub(super) fn alloc_pod_ips(
    ips: &mut Allocator,
    network: &Network,
    seed: u64,
    node: Option<&str>,
) -> Vec<IpAddr> {
    let mut out = Vec::new();
    if network.ipv4 {
        let node_index = node
            .and_then(|n| network.nodes.iter().position(|x| x == n))
            .map(|i| i as u32 + 1)
            .unwrap_or(0);
        let base = u32::from(network.pod_cidr_v4.0);
        let node_cidr = (Ipv4Addr::from(base + (node_index << 8)), 24u8);
        let ip = if network.pod_cidr_v4.1 <= 16 {
            ips.v4(node_cidr, seed, 0)
        } else {
            None
        };
        if let Some(ip) = ip.or_else(|| ips.v4(network.pod_cidr_v4, seed, 0)) {
            out.push(IpAddr::V4(ip));
        }
    }
    if let Some(c) = network.pod_cidr_v6 {
        if let Some(ip) = ips.v6(c, seed) {
            out.push(IpAddr::V6(ip));
        }
    }
    out
}

/// A node's InternalIPs, the addresses of its `hostNetwork` pods (the
/// kubelet reports them as the pod's IPs: `status.podIPs` = `hostIPs`).
pub(super) fn node_ips(network: &Network, node: Option<&str>) -> Vec<IpAddr> {
    node.and_then(|n| network.node_ips.iter().find(|(name, _)| name == n))
        .map(|(_, ips)| ips.clone())
        .unwrap_or_default()
}
