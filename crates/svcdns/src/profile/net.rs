//! The values a cluster profile is made of, parsed as the components that
//! take them parse them: CIDRs (`netutils.ParseCIDRSloppy`), port ranges
//! (`k8s.io/apimachinery/pkg/util/net` `PortRange.Set`) and Kubernetes
//! minor versions.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// An IP family, spelled as `spec.ipFamilies` spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IpFamily {
    /// `IPv4`.
    IPv4,
    /// `IPv6`.
    IPv6,
}

impl IpFamily {
    /// `IPv4` or `IPv6`.
    pub fn as_str(self) -> &'static str {
        match self {
            IpFamily::IPv4 => "IPv4",
            IpFamily::IPv6 => "IPv6",
        }
    }

    /// The family of an address.
    pub fn of(ip: IpAddr) -> IpFamily {
        match ip {
            IpAddr::V4(_) => IpFamily::IPv4,
            IpAddr::V6(_) => IpFamily::IPv6,
        }
    }
}

/// A network: its (masked) address and prefix length, as Go's `net.IPNet`
/// after `ParseCIDR` (an IPv4-mapped IPv6 address is IPv4, as `To4()` sees it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cidr {
    addr: IpAddr,
    prefix: u8,
}

impl Cidr {
    /// The network of `ip/prefix` (host bits cleared; prefix clamped to the
    /// address length).
    pub fn new(ip: IpAddr, prefix: u8) -> Cidr {
        let prefix = prefix.min(bits_of(ip));
        let addr = match ip {
            IpAddr::V4(v4) => IpAddr::V4(Ipv4Addr::from(u32::from(v4) & mask32(prefix))),
            IpAddr::V6(v6) => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & mask128(prefix))),
        };
        Cidr { addr, prefix }
    }

    /// `netutils.ParseCIDRSloppy`: IPv4 octets may carry leading zeros;
    /// the host bits are dropped, as `ParseCIDR`'s `IPNet` drops them.
    pub fn parse(text: &str) -> Option<Cidr> {
        let (ip, prefix) = crate::api::format::parse_cidr_sloppy(text)?;
        let ip = match ip {
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) if prefix >= 96 => return Some(Cidr::new(IpAddr::V4(v4), prefix - 96)),
                _ => IpAddr::V6(v6),
            },
            v4 => v4,
        };
        Some(Cidr::new(ip, prefix))
    }

    /// The network address.
    pub fn addr(&self) -> IpAddr {
        self.addr
    }

    /// The prefix length.
    pub fn prefix(&self) -> u8 {
        self.prefix
    }

    /// 32 or 128.
    pub fn bits(&self) -> u8 {
        bits_of(self.addr)
    }

    /// The address family.
    pub fn family(&self) -> IpFamily {
        IpFamily::of(self.addr)
    }

    /// Whether the address lies in this network.
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => u32::from(a) & mask32(self.prefix) == u32::from(n),
            (IpAddr::V6(n), IpAddr::V6(a)) => u128::from(a) & mask128(self.prefix) == u128::from(n),
            _ => false,
        }
    }

    /// Whether the two networks share an address (one holds the other).
    pub fn overlaps(&self, other: &Cidr) -> bool {
        self.contains(other.addr) || other.contains(self.addr)
    }

    /// How many addresses the network spans, saturating at `u128::MAX`.
    pub fn size(&self) -> u128 {
        let host = u32::from(self.bits() - self.prefix);
        if host >= 128 {
            u128::MAX
        } else {
            1u128 << host
        }
    }

    /// `netutils.GetIndexedIP`: the address `index` places after the network
    /// address, if it is inside the network.
    pub fn nth(&self, index: u128) -> Option<IpAddr> {
        if index >= self.size() {
            return None;
        }
        Some(match self.addr {
            IpAddr::V4(v4) => IpAddr::V4(Ipv4Addr::from(u32::from(v4) + index as u32)),
            IpAddr::V6(v6) => IpAddr::V6(Ipv6Addr::from(u128::from(v6) + index)),
        })
    }

    /// The `index`-th subnet of length `prefix` (`cidrset` hands node
    /// ranges out in this order), if there is one.
    pub fn subnet(&self, prefix: u8, index: u128) -> Option<Cidr> {
        if prefix < self.prefix || prefix > self.bits() {
            return None;
        }
        let count_bits = u32::from(prefix - self.prefix);
        if count_bits < 128 && index >= (1u128 << count_bits) {
            return None;
        }
        let step_bits = u32::from(self.bits() - prefix);
        let offset = if step_bits >= 128 {
            0
        } else {
            index << step_bits
        };
        let addr = match self.addr {
            IpAddr::V4(v4) => IpAddr::V4(Ipv4Addr::from(u32::from(v4) + offset as u32)),
            IpAddr::V6(v6) => IpAddr::V6(Ipv6Addr::from(u128::from(v6) + offset)),
        };
        Some(Cidr { addr, prefix })
    }
}

impl fmt::Display for Cidr {
    /// `IPNet.String()`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

fn bits_of(ip: IpAddr) -> u8 {
    match ip {
        IpAddr::V4(_) => 32,
        IpAddr::V6(_) => 128,
    }
}

fn mask32(prefix: u8) -> u32 {
    if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(prefix.min(32)))
    }
}

fn mask128(prefix: u8) -> u128 {
    if prefix == 0 {
        0
    } else {
        u128::MAX << (128 - u32::from(prefix.min(128)))
    }
}

/// A range of ports, inclusive at both ends (`utilnet.PortRange`: base
/// and size; size 0 is the empty range).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PortRange {
    /// The first port.
    pub base: i32,
    /// How many ports.
    pub size: i32,
}

impl PortRange {
    /// kube-apiserver's default `--service-node-port-range`
    /// (`pkg/kubeapiserver/options/options.go` `DefaultServiceNodePortRange`:
    /// `PortRange{Base: 30000, Size: 2768}`).
    pub const DEFAULT_NODE_PORTS: PortRange = PortRange {
        base: 30000,
        size: 2768,
    };

    /// `PortRange.Contains`.
    pub fn contains(&self, port: i32) -> bool {
        port >= self.base && port - self.base < self.size
    }

    /// The last port (base when empty).
    pub fn last(&self) -> i32 {
        self.base + (self.size - 1).max(0)
    }

    /// `PortRange.Set`: `"min-max"`, `"min+offset"` or a single port,
    /// inclusive at both ends; the empty string is the empty range. The
    /// error is the function's own (`strconv.Atoi` errors included).
    pub fn parse(value: &str) -> Result<PortRange, String> {
        let value = value.trim();
        if value.is_empty() {
            return Ok(PortRange { base: 0, size: 0 });
        }
        let hyphen = value.find('-');
        let plus = value.find('+');
        let (low, high) = match (hyphen, plus) {
            (None, None) => {
                let p = atoi(value)?;
                (p, p)
            }
            (Some(h), None) => (atoi(&value[..h])?, atoi(&value[h + 1..])?),
            (None, Some(p)) => {
                let low = atoi(&value[..p])?;
                let offset = atoi(&value[p + 1..])?;
                (low, low.saturating_add(offset))
            }
            (Some(_), Some(_)) => return Err(format!("unable to parse port range: {value}")),
        };
        if low > 65535 || high > 65535 {
            return Err(format!(
                "the port range cannot be greater than 65535: {value}"
            ));
        }
        if high < low {
            return Err(format!("end port cannot be less than start port: {value}"));
        }
        Ok(PortRange {
            base: low as i32,
            size: (1 + high - low) as i32,
        })
    }
}

impl fmt::Display for PortRange {
    /// `PortRange.String()`: `base-last`, empty for the empty range.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.size == 0 {
            return Ok(());
        }
        write!(f, "{}-{}", self.base, self.base + self.size - 1)
    }
}

/// Go's `strconv.Atoi` with its error text.
fn atoi(s: &str) -> Result<i64, String> {
    let q_s = crate::support::text::go_quote(s);
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("strconv.Atoi: parsing {q_s}: invalid syntax"));
    }
    // Digit by digit in i64, as Go's int (no `str::parse` copy for i64).
    let sign = if s.starts_with('-') { -1 } else { 1 };
    digits
        .bytes()
        .try_fold(0i64, |n, b| {
            n.checked_mul(10)?.checked_add(sign * i64::from(b - b'0'))
        })
        .ok_or_else(|| format!("strconv.Atoi: parsing {q_s}: value out of range"))
}

/// A Kubernetes minor release (`1.NN`): which release's rules apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KubernetesVersion {
    /// The minor version (`37` for 1.37).
    pub minor: u32,
}

impl KubernetesVersion {
    /// The release the conformance rig runs (k8s.io/kubernetes v1.37.2),
    /// whose rules svcdns follows by default.
    pub const DEFAULT: KubernetesVersion = KubernetesVersion { minor: 37 };
    /// The oldest release whose rules svcdns knows: the first with
    /// `MultiCIDRServiceAllocator` GA (ServiceCIDR objects on by default).
    pub const OLDEST: KubernetesVersion = KubernetesVersion { minor: 33 };

    /// Whether the feature gate `RelaxedServiceNameValidation` (KEP-5311)
    /// is on: a Service name is then an RFC 1123 label (`NameIsDNSLabel`,
    /// `1abc` is allowed) instead of an RFC 1035 one. Alpha (off) in 1.34,
    /// beta and on by default in 1.36, GA and locked on in 1.37
    /// (pkg/features/kube_features.go; pkg/apis/core/validation
    /// `ValidateServiceCreate`).
    pub fn relaxed_service_names(self) -> bool {
        self.minor >= 36
    }

    /// Reads `1.NN`, `v1.NN` or `v1.NN.P` (a patch release has its minor's
    /// rules). Errors say what was expected.
    pub fn parse(text: &str) -> Result<KubernetesVersion, String> {
        let t = text.trim();
        let t = t.strip_prefix('v').unwrap_or(t);
        // Build metadata and pre-releases (`v1.35.4+k3s1`, `v1.36.0-rc.1`)
        // have their minor's rules.
        let t = t.split(['+', '-']).next().unwrap_or(t);
        let mut parts = t.split('.');
        let major = parts.next().unwrap_or("");
        let minor = parts.next().unwrap_or("");
        let patch = parts.next();
        let number =
            |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
        let q_text = crate::support::text::go_quote(text);
        if major != "1"
            || !number(minor)
            || patch.is_some_and(|p| !number(p))
            || parts.next().is_some()
        {
            return Err(format!(
                "{q_text} is not a Kubernetes version: expected 1.NN (for example 1.{})",
                Self::DEFAULT.minor
            ));
        }
        let minor: u32 = minor.parse().unwrap_or(0);
        let v = KubernetesVersion { minor };
        if v < Self::OLDEST || v > Self::DEFAULT {
            return Err(format!(
                "svcdns knows the rules of Kubernetes 1.{} to 1.{}, not {v}",
                Self::OLDEST.minor,
                Self::DEFAULT.minor
            ));
        }
        Ok(v)
    }
}

impl fmt::Display for KubernetesVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "1.{}", self.minor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidr_parse_masks_like_go() {
        let c = Cidr::parse("10.96.0.1/12").unwrap();
        assert_eq!(c.to_string(), "10.96.0.0/12");
        assert_eq!(
            Cidr::parse("010.043.0.0/16").unwrap().to_string(),
            "10.43.0.0/16"
        );
        assert_eq!(
            Cidr::parse("fd00:10:96::/112").unwrap().to_string(),
            "fd00:10:96::/112"
        );
        assert_eq!(
            Cidr::parse("::ffff:10.0.0.0/104").unwrap().to_string(),
            "10.0.0.0/8"
        );
        assert!(Cidr::parse("10.96.0.0").is_none());
        assert!(Cidr::parse("10.96.0.0/33").is_none());
        assert!(Cidr::parse("bogus/8").is_none());
    }

    #[test]
    fn cidr_arithmetic() {
        let c = Cidr::parse("10.43.0.0/16").unwrap();
        assert_eq!(c.nth(10), Some("10.43.0.10".parse().unwrap()));
        assert_eq!(c.nth(65536), None);
        assert_eq!(c.size(), 65536);
        assert!(c.contains("10.43.255.255".parse().unwrap()));
        assert!(!c.contains("10.44.0.0".parse().unwrap()));
        assert!(!c.contains("::1".parse().unwrap()));
        assert_eq!(c.subnet(24, 3).unwrap().to_string(), "10.43.3.0/24");
        assert_eq!(c.subnet(24, 256), None);
        assert_eq!(c.subnet(8, 0), None);
        let big = Cidr::parse("10.96.0.0/12").unwrap();
        assert!(big.overlaps(&Cidr::parse("10.100.0.0/16").unwrap()));
        assert!(!big.overlaps(&Cidr::parse("10.244.0.0/16").unwrap()));
        let v6 = Cidr::parse("::/0").unwrap();
        assert_eq!(v6.size(), u128::MAX);
        assert_eq!(v6.subnet(64, 1).unwrap().to_string(), "0:0:0:1::/64");
    }

    proptest::proptest! {
        /// Go's `strconv.Atoi` on 64 bits, as Rust's `i64` parse reads a
        /// sign and digits: the same number, or out of range.
        #[test]
        fn atoi_reads_as_i64_parse(s in "[+-]?[0-9]{1,22}", n in proptest::prelude::any::<i64>()) {
            proptest::prop_assert_eq!(atoi(&s).ok(), s.parse::<i64>().ok());
            proptest::prop_assert_eq!(atoi(&n.to_string()), Ok(n));
        }
    }

    #[test]
    fn port_range_parse_as_utilnet() {
        assert_eq!(
            PortRange::parse("30000-32767"),
            Ok(PortRange::DEFAULT_NODE_PORTS)
        );
        assert_eq!(
            PortRange::parse("30000+2767"),
            Ok(PortRange::DEFAULT_NODE_PORTS)
        );
        assert_eq!(
            PortRange::parse(" 80 "),
            Ok(PortRange { base: 80, size: 1 })
        );
        assert_eq!(PortRange::parse(""), Ok(PortRange { base: 0, size: 0 }));
        assert_eq!(
            PortRange::parse("32767-30000").unwrap_err(),
            "end port cannot be less than start port: 32767-30000"
        );
        assert_eq!(
            PortRange::parse("1-70000").unwrap_err(),
            "the port range cannot be greater than 65535: 1-70000"
        );
        assert_eq!(
            PortRange::parse("a-b").unwrap_err(),
            "strconv.Atoi: parsing \"a\": invalid syntax"
        );
        assert_eq!(
            PortRange::parse("1-2+3").unwrap_err(),
            "unable to parse port range: 1-2+3"
        );
        assert_eq!(PortRange::DEFAULT_NODE_PORTS.to_string(), "30000-32767");
        assert!(PortRange::DEFAULT_NODE_PORTS.contains(32767));
        assert!(!PortRange::DEFAULT_NODE_PORTS.contains(32768));
    }

    #[test]
    fn version_parse() {
        assert_eq!(
            KubernetesVersion::parse("1.37"),
            Ok(KubernetesVersion::DEFAULT)
        );
        assert_eq!(KubernetesVersion::parse("v1.33.4").unwrap().minor, 33);
        assert_eq!(KubernetesVersion::parse("v1.35.4+k3s1").unwrap().minor, 35);
        assert_eq!(
            KubernetesVersion::parse("v1.34.2-eks-113cf36")
                .unwrap()
                .minor,
            34
        );
        assert!(KubernetesVersion::parse("1.32").is_err());
        assert!(KubernetesVersion::parse("1.38").is_err());
        assert!(KubernetesVersion::parse("2.1").is_err());
        assert!(KubernetesVersion::parse("1.x").is_err());
    }
}
