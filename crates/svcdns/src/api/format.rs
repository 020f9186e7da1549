//! Format checks of apimachinery's `pkg/util/validation` and
//! `pkg/api/validate/content`, with their exact messages, and the IP
//! helpers of `k8s.io/utils/net` (sloppy parsing, as the API server's
//! legacy fields use with the `StrictIPCIDRValidation` gate off).
//!
//! They sit with the API types, below every stage that checks a name or
//! reads an address: validation, and the profile, whose flags
//! (`--service-cluster-ip-range`, `--cluster-domain`) the components check
//! with these same helpers.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// `validation.MaxLenError` (DNS names): `must be no more than N characters`.
pub fn max_len_error(n: usize) -> String {
    format!("must be no more than {n} characters")
}

/// `content.MaxLenError` (label keys and values, 1.35): `... N bytes`.
fn content_max_len_error(n: usize) -> String {
    format!("must be no more than {n} bytes")
}

/// `RegexError`.
pub fn regex_error(msg: &str, re: &str, examples: &[&str]) -> String {
    if examples.is_empty() {
        return format!("{msg} (regex used for validation is '{re}')");
    }
    let mut s = format!("{msg} (e.g. ");
    for (i, e) in examples.iter().enumerate() {
        if i > 0 {
            s.push_str(" or ");
        }
        s.push('\'');
        s.push_str(e);
        s.push_str("', ");
    }
    s.push_str("regex used for validation is '");
    s.push_str(re);
    s.push_str("')");
    s
}

const DNS1123_LABEL_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_SUBDOMAIN_FMT: &str =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const DNS1035_LABEL_FMT: &str = "[a-z]([-a-z0-9]*[a-z0-9])?";
const LABEL_KEY_FMT: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";

/// Matches `[a-z0-9]([-a-z0-9]*[a-z0-9])?`.
fn is_label_re(s: &str) -> bool {
    let b = s.as_bytes();
    let alnum = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    !b.is_empty()
        && alnum(b[0])
        && alnum(b[b.len() - 1])
        && b.iter().all(|&c| alnum(c) || c == b'-')
}

/// Matches the DNS-1123 subdomain regex.
fn is_subdomain_re(s: &str) -> bool {
    s.split('.').all(is_label_re)
}

/// `IsDNS1123Label`.
pub fn dns1123_label(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 63 {
        errs.push(max_len_error(63));
    }
    if !is_label_re(value) {
        if is_subdomain_re(value) {
            errs.push("must not contain dots".to_string());
        } else {
            errs.push(regex_error(
                "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
                DNS1123_LABEL_FMT,
                &["my-name", "123-abc"],
            ));
        }
    }
    errs
}

/// `IsDNS1123Subdomain`.
pub fn dns1123_subdomain(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 253 {
        errs.push(max_len_error(253));
    }
    if !is_subdomain_re(value) {
        errs.push(regex_error(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
            DNS1123_SUBDOMAIN_FMT,
            &["example.com"],
        ));
    }
    errs
}

/// `IsDNS1035Label`.
pub fn dns1035_label(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 63 {
        errs.push(max_len_error(63));
    }
    let ok = is_label_re(value) && value.as_bytes()[0].is_ascii_lowercase();
    if !ok {
        errs.push(regex_error(
            "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
            DNS1035_LABEL_FMT,
            &["my-name", "abc-123"],
        ));
    }
    errs
}

/// `IsValidPortNum`.
pub fn port_num(port: i64) -> Vec<String> {
    if (1..=65535).contains(&port) {
        Vec::new()
    } else {
        vec!["must be between 1 and 65535, inclusive".to_string()]
    }
}

/// `IsValidPortName` (IANA service name): each failed check is its own
/// message.
pub fn port_name(port: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if port.len() > 15 {
        errs.push(max_len_error(15));
    }
    if port.is_empty()
        || !port
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
    {
        errs.push(
            "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_string(),
        );
    }
    if !port.bytes().any(|c| c.is_ascii_lowercase()) {
        errs.push("must contain at least one letter (a-z)".to_string());
    }
    if port.contains("--") {
        errs.push("must not contain consecutive hyphens".to_string());
    }
    if port.starts_with('-') || port.ends_with('-') {
        errs.push("must not begin or end with a hyphen".to_string());
    }
    errs
}

/// Matches `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`.
fn is_label_key_name_re(s: &str) -> bool {
    let b = s.as_bytes();
    let alnum = |c: u8| c.is_ascii_alphanumeric();
    !b.is_empty()
        && alnum(b[0])
        && alnum(b[b.len() - 1])
        && b.iter()
            .all(|&c| alnum(c) || c == b'-' || c == b'_' || c == b'.')
}

/// `IsQualifiedName` / `content.IsLabelKey` (1.35 wording).
pub fn qualified_name(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let name_msg = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    let name = match value.split_once('/') {
        None => value,
        Some((prefix, name)) if !name.contains('/') => {
            if prefix.is_empty() {
                errs.push("prefix part must be non-empty".to_string());
            } else {
                for m in dns1123_subdomain(prefix) {
                    errs.push(format!("prefix part {m}"));
                }
            }
            name
        }
        _ => {
            errs.push(format!(
                "a valid label key {} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
                regex_error(name_msg, LABEL_KEY_FMT, &["MyName", "my.name", "123-abc"])
            ));
            return errs;
        }
    };
    if name.is_empty() {
        errs.push("name part must be non-empty".to_string());
    } else if name.len() > 63 {
        errs.push(format!("name part {}", content_max_len_error(63)));
    }
    if !is_label_key_name_re(name) {
        errs.push(format!(
            "name part {}",
            regex_error(name_msg, LABEL_KEY_FMT, &["MyName", "my.name", "123-abc"])
        ));
    }
    errs
}

/// `IsValidLabelValue`.
pub fn label_value(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 63 {
        errs.push(content_max_len_error(63));
    }
    if !value.is_empty() && !is_label_key_name_re(value) {
        errs.push(regex_error(
            "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
            &format!("({LABEL_KEY_FMT})?"),
            &["MyValue", "my_value", "12345"],
        ));
    }
    errs
}

/// `IsConfigMapKey`.
pub fn config_map_key(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 253 {
        errs.push(max_len_error(253));
    }
    if value.is_empty()
        || !value
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'.')
    {
        errs.push(regex_error(
            "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
            "[-._a-zA-Z0-9]+",
            &["key.name", "KEY_NAME", "key-name"],
        ));
    }
    match value {
        "." => errs.push("must not be '.'".to_string()),
        ".." => errs.push("must not be '..'".to_string()),
        v if v.starts_with("..") => errs.push("must not start with '..'".to_string()),
        _ => {}
    }
    errs
}

/// The message of an invalid IP (`IsValidIPForLegacyField`).
pub const IP_MSG: &str = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
/// The message of an invalid CIDR (`IsValidCIDRForLegacyField`).
pub const CIDR_MSG: &str = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

/// Go's pre-1.17 `net.ParseIP` (`netutils.ParseIPSloppy`): IPv4 octets may
/// have leading zeros (read as decimal). IPv4-mapped IPv6 addresses are
/// returned as IPv4, as Go's `To4()` sees them.
pub fn parse_ip_sloppy(s: &str) -> Option<IpAddr> {
    if s.contains(':') {
        let v6: Ipv6Addr = s.parse().ok()?;
        return Some(match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(v6),
        });
    }
    parse_ipv4_sloppy(s).map(IpAddr::V4)
}

fn parse_ipv4_sloppy(s: &str) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut n = 0;
    for part in s.split('.') {
        if n == 4 || part.is_empty() || !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let mut v: u32 = 0;
        for c in part.bytes() {
            v = v * 10 + u32::from(c - b'0');
            if v > 0xFF_FFFF {
                return None;
            }
        }
        if v > 255 {
            return None;
        }
        octets[n] = v as u8;
        n += 1;
    }
    (n == 4).then(|| Ipv4Addr::from(octets))
}

/// Whether the text is an IPv6 address in Go's sense (`To4() == nil`).
pub fn is_ipv6(s: &str) -> bool {
    matches!(parse_ip_sloppy(s), Some(IpAddr::V6(_)))
}

/// `IPFamily` of an address text (`IPv4`/`IPv6`), if it parses.
pub fn family_of(s: &str) -> Option<&'static str> {
    match parse_ip_sloppy(s)? {
        IpAddr::V4(_) => Some("IPv4"),
        IpAddr::V6(_) => Some("IPv6"),
    }
}

/// Go's `net.IP.String()` of a sloppily parsed address.
pub fn canonical_ip(ip: IpAddr) -> String {
    ip.to_string()
}

/// A sloppily parsed CIDR: (address as written, prefix length, is IPv4).
pub fn parse_cidr_sloppy(s: &str) -> Option<(IpAddr, u8)> {
    let (addr, mask) = s.split_once('/')?;
    let (ip, bits) = match parse_ipv4_sloppy(addr) {
        Some(v4) => (IpAddr::V4(v4), 32u32),
        None => {
            if !addr.contains(':') {
                return None;
            }
            (IpAddr::V6(addr.parse::<Ipv6Addr>().ok()?), 128)
        }
    };
    if mask.is_empty() || !mask.bytes().all(|c| c.is_ascii_digit()) || mask.len() > 8 {
        return None;
    }
    let n: u32 = mask.parse().ok()?;
    if n > bits {
        return None;
    }
    Some((ip, n as u8))
}

/// `IPNet.String()`: the masked address and prefix length.
pub fn masked_cidr(ip: IpAddr, prefix: u8) -> String {
    match ip {
        IpAddr::V4(v4) => {
            let m = if prefix == 0 {
                0
            } else {
                u32::MAX << (32 - u32::from(prefix))
            };
            format!("{}/{}", Ipv4Addr::from(u32::from(v4) & m), prefix)
        }
        IpAddr::V6(v6) => {
            let m = if prefix == 0 {
                0
            } else {
                u128::MAX << (128 - u32::from(prefix))
            };
            let masked = Ipv6Addr::from(u128::from(v6) & m);
            match masked.to_ipv4_mapped() {
                Some(v4) if prefix >= 96 => format!("{}/{}", v4, prefix - 96),
                _ => format!("{masked}/{prefix}"),
            }
        }
    }
}

/// `ValidateNonSpecialIP`'s messages for a parsed address.
pub fn non_special_ip(value: &str) -> Vec<String> {
    let Some(ip) = parse_ip_sloppy(value) else {
        return vec!["must be a valid IP address".to_string()];
    };
    let mut errs = Vec::new();
    let (unspecified, loopback, link_local, ll_multicast) = match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            (
                v4.is_unspecified(),
                o[0] == 127,
                o[0] == 169 && o[1] == 254,
                o[0] == 224 && o[1] == 0 && o[2] == 0,
            )
        }
        IpAddr::V6(v6) => {
            let o = v6.octets();
            (
                v6.is_unspecified(),
                v6.is_loopback(),
                o[0] == 0xfe && (o[1] & 0xc0) == 0x80,
                o[0] == 0xff && (o[1] & 0x0f) == 0x02,
            )
        }
    };
    if unspecified {
        errs.push(format!("may not be unspecified ({value})"));
    }
    if loopback {
        errs.push("may not be in the loopback range (127.0.0.0/8, ::1/128)".to_string());
    }
    if link_local {
        errs.push("may not be in the link-local range (169.254.0.0/16, fe80::/10)".to_string());
    }
    if ll_multicast {
        errs.push(
            "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)".to_string(),
        );
    }
    errs
}

/// `GetWarningsForIP` for a value that parses sloppily.
pub fn ip_warnings(field: &str, value: &str) -> Vec<String> {
    let Some(ip) = parse_ip_sloppy(value) else {
        return Vec::new();
    };
    let strict: Option<IpAddr> = value.parse().ok();
    let is_4in6 = matches!(strict, Some(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_some());
    match strict {
        None => vec![non_standard_ip(field, value, ip)],
        Some(_) if is_4in6 => vec![non_standard_ip(field, value, ip)],
        Some(IpAddr::V6(v6)) if v6.to_string() != value => vec![format!(
            "{field}: IPv6 address {} should be in RFC 5952 canonical format ({})",
            crate::support::text::go_quote(value),
            crate::support::text::go_quote(&v6.to_string())
        )],
        _ => Vec::new(),
    }
}

fn non_standard_ip(field: &str, value: &str, ip: IpAddr) -> String {
    format!(
        "{field}: non-standard IP address {} will be considered invalid in a future Kubernetes release: use {}",
        crate::support::text::go_quote(value),
        crate::support::text::go_quote(&canonical_ip(ip))
    )
}

/// `GetWarningsForCIDR` for a value that parses sloppily.
pub fn cidr_warnings(field: &str, value: &str) -> Vec<String> {
    let q = crate::support::text::go_quote;
    let Some((ip, prefix)) = parse_cidr_sloppy(value) else {
        return Vec::new();
    };
    let mut warnings = Vec::new();
    let net = masked_cidr(ip, prefix);
    let ip_text = canonical_ip(match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    });
    let host_bits_set = net.split('/').next() != Some(ip_text.as_str());
    if host_bits_set {
        let addrlen = if ip.is_ipv4() { 32 } else { 128 };
        warnings.push(format!(
            "{field}: CIDR value {} is ambiguous in this context (should be {} or {}?)",
            q(value),
            q(&net),
            q(&format!("{ip_text}/{addrlen}"))
        ));
    }
    let strict_ok = value.split_once('/').is_some_and(|(a, m)| {
        a.parse::<IpAddr>()
            .is_ok_and(|ip| !matches!(ip, IpAddr::V6(v6) if v6.to_ipv4_mapped().is_some()))
            && !(m.len() > 1 && m.starts_with('0'))
    });
    if !strict_ok {
        warnings.push(format!(
            "{field}: non-standard CIDR value {} will be considered invalid in a future Kubernetes release: use {}",
            q(value),
            q(&net)
        ));
    }
    if warnings.is_empty() {
        if let IpAddr::V6(v6) = ip {
            let canon = format!("{v6}/{prefix}");
            if canon != value {
                warnings.push(format!(
                    "{field}: IPv6 CIDR value {} should be in RFC 5952 canonical format ({})",
                    q(value),
                    q(&canon)
                ));
            }
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_subdomains() {
        assert!(dns1123_label("abc-123").is_empty());
        assert!(dns1123_label("123").is_empty());
        assert_eq!(dns1123_label("svc.ns.svc"), vec!["must not contain dots"]);
        assert_eq!(dns1123_label(&"a".repeat(64)), vec![max_len_error(63)]);
        assert!(dns1123_label("Abc")[0].starts_with("a lowercase RFC 1123 label"));
        assert!(dns1123_subdomain("a.b-c.d").is_empty());
        assert_eq!(dns1123_subdomain("a..b").len(), 1);
        assert!(dns1035_label("1abc")[0].starts_with("a DNS-1035 label"));
        assert!(dns1035_label("abc").is_empty());
        assert_eq!(
            dns1035_label("my.svc")[0],
            "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
        );
    }

    #[test]
    fn port_names() {
        assert!(port_name("http").is_empty());
        assert_eq!(
            port_name("8080"),
            vec!["must contain at least one letter (a-z)"]
        );
        assert_eq!(port_name("-a--b-").len(), 2);
        assert_eq!(port_name("abcdefghijklmnop"), vec![max_len_error(15)]);
    }

    #[test]
    fn label_keys() {
        assert!(qualified_name("app.kubernetes.io/name").is_empty());
        assert_eq!(qualified_name("/a"), vec!["prefix part must be non-empty"]);
        assert!(qualified_name("a/b/c")[0].starts_with("a valid label key must consist"));
        assert!(label_value("").is_empty());
        assert_eq!(label_value("-x").len(), 1);
    }

    #[test]
    fn ips() {
        assert_eq!(
            parse_ip_sloppy("010.0.0.1"),
            Some(IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1)))
        );
        assert!(parse_ip_sloppy("10.0.0").is_none());
        assert!(parse_ip_sloppy("None").is_none());
        assert_eq!(family_of("::ffff:1.2.3.4"), Some("IPv4"));
        assert_eq!(non_special_ip("127.0.0.1").len(), 1);
        assert_eq!(
            non_special_ip("0.0.0.0"),
            vec!["may not be unspecified (0.0.0.0)"]
        );
        assert_eq!(non_special_ip("fe80::1").len(), 1);
        assert_eq!(
            masked_cidr(parse_cidr_sloppy("10.1.2.3/8").unwrap().0, 8),
            "10.0.0.0/8"
        );
        assert!(parse_cidr_sloppy("10.0.0.0/33").is_none());
        assert_eq!(ip_warnings("f", "010.0.0.1").len(), 1);
        assert_eq!(cidr_warnings("f", "10.1.2.3/8").len(), 1);
        assert!(cidr_warnings("f", "10.0.0.0/8").is_empty());
    }
}
