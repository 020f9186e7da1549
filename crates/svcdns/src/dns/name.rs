//! Domain names as the kubernetes plugin handles them.
//!
//! Names are kept as text, absolute (with the trailing dot). Comparison
//! ignores ASCII case (RFC 4343; CoreDNS `kubernetes.go` `match` uses
//! `strings.EqualFold`). CoreDNS lower-cases the question for matching
//! (`request.Request.Name`) but echoes the question's own spelling in owner
//! names and in the zone part of the names it builds
//! (`handler.go`: "maintain case of original query").

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// RFC 1035 §2.3.4: "labels 63 octets or less".
pub const MAX_LABEL_LEN: usize = 63;

/// RFC 1035 §2.3.4: "names 255 octets or less" (wire form, length bytes
/// and the root label included).
pub const MAX_NAME_LEN: usize = 255;

/// Why a string cannot be sent as a DNS question.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NameError {
    /// Two dots in a row, or a leading dot (`a..b`, `.a`).
    EmptyLabel,
    /// A label longer than 63 octets.
    LabelTooLong {
        /// The label's length in octets.
        len: usize,
    },
    /// The whole name is longer than 255 octets in wire form.
    NameTooLong {
        /// The wire length in octets.
        len: usize,
    },
}

impl std::fmt::Display for NameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NameError::EmptyLabel => write!(f, "the name has an empty label (two dots in a row)"),
            NameError::LabelTooLong { len } => write!(
                f,
                "a label is {len} octets long; RFC 1035 allows at most {MAX_LABEL_LEN}"
            ),
            NameError::NameTooLong { len } => write!(
                f,
                "the name is {len} octets long in wire form; RFC 1035 allows at most {MAX_NAME_LEN}"
            ),
        }
    }
}

/// Makes `name` absolute: adds the trailing dot; `""` becomes the root `.`.
pub fn fqdn(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 1);
    out.push_str(name);
    if !name.ends_with('.') {
        out.push('.');
    }
    out
}

/// The labels of an absolute or relative name, left to right, without the
/// root. `"."` and `""` have none.
pub fn labels(name: &str) -> Vec<&str> {
    let trimmed = name.strip_suffix('.').unwrap_or(name);
    if trimmed.is_empty() {
        Vec::new()
    } else {
        trimmed.split('.').collect()
    }
}

/// Checks that an absolute name could be put on the wire (RFC 1035 §2.3.4).
pub fn check(name: &str) -> Result<(), NameError> {
    if name == "." {
        return Ok(());
    }
    let trimmed = name.strip_suffix('.').unwrap_or(name);
    // Labels by byte scan (every question is checked): the length of the
    // current label, checked at each dot and at the end.
    let mut label = 0;
    for &b in trimmed.as_bytes() {
        if b == b'.' {
            check_label(label)?;
            label = 0;
        } else {
            label += 1;
        }
    }
    check_label(label)?;
    // Each label's length byte, and the root label's.
    let wire = trimmed.len() + 2;
    if wire > MAX_NAME_LEN {
        return Err(NameError::NameTooLong { len: wire });
    }
    Ok(())
}

/// A label of `len` octets: not empty, at most [`MAX_LABEL_LEN`].
fn check_label(len: usize) -> Result<(), NameError> {
    match len {
        0 => Err(NameError::EmptyLabel),
        len if len > MAX_LABEL_LEN => Err(NameError::LabelTooLong { len }),
        _ => Ok(()),
    }
}

/// Whether two names are equal, ignoring ASCII case and a trailing dot.
pub fn eq(a: &str, b: &str) -> bool {
    a.strip_suffix('.')
        .unwrap_or(a)
        .eq_ignore_ascii_case(b.strip_suffix('.').unwrap_or(b))
}

/// Equal ignoring ASCII case; names are mostly asked in lower case, so
/// equal bytes are tried first (a memory compare is cheaper).
fn same_ignoring_case(a: &[u8], b: &[u8]) -> bool {
    a == b || a.eq_ignore_ascii_case(b)
}

/// Whether `child` is `parent` or below it, ignoring case (miekg/dns
/// `IsSubDomain`). The root `.` is the parent of every name.
pub fn is_subdomain(parent: &str, child: &str) -> bool {
    let p = parent.strip_suffix('.').unwrap_or(parent);
    let c = child.strip_suffix('.').unwrap_or(child);
    if p.is_empty() {
        return true;
    }
    if c.len() < p.len() {
        return false;
    }
    let tail = &c.as_bytes()[c.len() - p.len()..];
    if !same_ignoring_case(tail, p.as_bytes()) {
        return false;
    }
    c.len() == p.len() || c.as_bytes()[c.len() - p.len() - 1] == b'.'
}

/// The label count of a name (miekg/dns `CountLabel`).
pub fn count_labels(name: &str) -> usize {
    let trimmed = name.strip_suffix('.').unwrap_or(name);
    if trimmed.is_empty() {
        0
    } else {
        trimmed.bytes().filter(|&b| b == b'.').count() + 1
    }
}

/// `name` with the labels of `zone` removed from the right, without a
/// trailing dot (CoreDNS `dnsutil.TrimZone`, which counts labels and so
/// ignores case). The zone itself, or a shorter name, gives `""`.
pub fn trim_zone<'a>(name: &'a str, zone: &str) -> &'a str {
    // The usual case, the name ends in `.<zone>`: what is left of it.
    if zone.ends_with('.') && zone != "." && name.ends_with('.') && name.len() > zone.len() {
        let (base, tail) = name.as_bytes().split_at(name.len() - zone.len());
        if same_ignoring_case(tail, zone.as_bytes()) && base.ends_with(b".") {
            return name.get(..base.len() - 1).unwrap_or("");
        }
    }
    let keep = count_labels(name).saturating_sub(count_labels(zone));
    if keep == 0 {
        return "";
    }
    // The first `keep` labels: up to the keep-th dot (or the whole name).
    let trimmed = name.strip_suffix('.').unwrap_or(name);
    let dot = trimmed
        .bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'.')
        .nth(keep - 1);
    match dot {
        Some((end, _)) => &trimmed[..end],
        None => trimmed,
    }
}

/// The dashed form CoreDNS gives an endpoint address with no hostname
/// (`kubernetes.go` `endpointHostname`): IPv4 `10.0.0.1` becomes
/// `10-0-0-1`; in IPv6 text every `:` becomes `-`, and "if the result ends
/// in `-`, a `0` is appended" (`2001:db8::` becomes `2001-db8--0`).
pub fn dashed_ip(ip: &IpAddr) -> String {
    let mut dashed = String::with_capacity(16);
    push_dashed_ip(&mut dashed, ip);
    dashed
}

/// [`dashed_ip`] appended to `out`.
pub(crate) fn push_dashed_ip(out: &mut String, ip: &IpAddr) {
    match ip {
        IpAddr::V4(v4) => {
            for (i, octet) in v4.octets().into_iter().enumerate() {
                if i > 0 {
                    out.push('-');
                }
                push_decimal(out, octet);
            }
        }
        IpAddr::V6(v6) => out.push_str(&dashed_v6(v6)),
    }
}

fn dashed_v6(v6: &Ipv6Addr) -> String {
    use std::fmt::Write as _;
    let mut dashed = String::with_capacity(40);
    let _ = write!(dashed, "{v6}");
    // An IPv4-mapped address prints dots: then only they change.
    if dashed.contains('.') {
        return dashed.replace('.', "-");
    }
    dashed = dashed.replace(':', "-");
    if dashed.ends_with('-') {
        dashed.push('0');
    }
    dashed
}

/// Reads a pod label `a-b-c-d` the way `findPods` does: "exactly 3 dashes
/// and no `--`" is IPv4 (dashes become dots); anything else has every `-`
/// turned into `:` and is read as IPv6. Returns the IP text CoreDNS builds
/// (before parsing) and the parsed address, if it parses.
pub fn undash_pod_label(label: &str) -> (String, Option<IpAddr>) {
    // One byte scan (every pod question reads its label).
    let bytes = label.as_bytes();
    let v4 =
        bytes.iter().filter(|&&b| b == b'-').count() == 3 && !bytes.windows(2).any(|w| w == b"--");
    let dot = if v4 { '.' } else { ':' };
    let mut text = String::with_capacity(label.len());
    for c in label.chars() {
        text.push(if c == '-' { dot } else { c });
    }
    let ip = text.parse::<IpAddr>().ok();
    (text, ip)
}

/// The reverse name of an address: `4.3.2.1.in-addr.arpa.` for `1.2.3.4`,
/// 32 nibbles under `ip6.arpa.` for IPv6 (RFC 3596 §2.5).
pub fn reverse_name(ip: &IpAddr) -> String {
    let mut out = String::with_capacity(if ip.is_ipv4() { 29 } else { 72 });
    push_reverse_name(&mut out, ip);
    out
}

/// [`reverse_name`] appended to `out`.
pub(crate) fn push_reverse_name(out: &mut String, ip: &IpAddr) {
    match ip {
        IpAddr::V4(v4) => {
            for octet in v4.octets().into_iter().rev() {
                push_decimal(out, octet);
                out.push('.');
            }
            out.push_str("in-addr.arpa.");
        }
        IpAddr::V6(v6) => {
            for byte in v6.octets().iter().rev() {
                out.push(nibble(byte & 0x0f));
                out.push('.');
                out.push(nibble(byte >> 4));
                out.push('.');
            }
            out.push_str("ip6.arpa.");
        }
    }
}

/// An octet in decimal, without the formatting machinery (the zone
/// listing writes one name per pod and endpoint).
fn push_decimal(out: &mut String, n: u8) {
    if n >= 100 {
        out.push(char::from(b'0' + n / 100));
    }
    if n >= 10 {
        out.push(char::from(b'0' + n / 10 % 10));
    }
    out.push(char::from(b'0' + n % 10));
}

fn nibble(n: u8) -> char {
    char::from_digit(u32::from(n), 16).unwrap_or('0')
}

/// The address in a reverse name, as CoreDNS reads it
/// (`dnsutil.ExtractAddressFromReverse`): the labels before
/// `.in-addr.arpa.` are reversed and must make an IPv4 address; those before
/// `.ip6.arpa.` are reversed, grouped by four (a remainder is dropped),
/// joined with `:` and must make an IPv6 address. Partial names such as
/// `0.10.in-addr.arpa.` give `None`. `name` must be lower case.
pub fn address_from_reverse(name: &str) -> Option<IpAddr> {
    let name = name.strip_suffix('.').unwrap_or(name);
    if let Some(rest) = name.strip_suffix(".in-addr.arpa") {
        // The labels reversed, on the stack: no IPv4 address is longer
        // than 15 characters, and the reversed text is as long as `rest`.
        let mut text = [0u8; 15];
        let len = rest.len();
        if len > text.len() {
            return None;
        }
        // Labels from the right, by byte scan (every PTR question).
        let bytes = rest.as_bytes();
        let (mut at, mut end) = (0, len);
        loop {
            let start = bytes[..end]
                .iter()
                .rposition(|&b| b == b'.')
                .map_or(0, |dot| dot + 1);
            text[at..at + end - start].copy_from_slice(&bytes[start..end]);
            at += end - start;
            if start == 0 {
                break;
            }
            text[at] = b'.';
            at += 1;
            end = start - 1;
        }
        let text = std::str::from_utf8(&text[..len]).ok()?;
        return text.parse::<Ipv4Addr>().ok().map(IpAddr::V4);
    }
    if let Some(rest) = name.strip_suffix(".ip6.arpa") {
        let mut parts: Vec<&str> = rest.split('.').collect();
        parts.reverse();
        let groups: Vec<String> = parts.chunks_exact(4).map(|c| c.concat()).collect();
        return groups.join(":").parse::<Ipv6Addr>().ok().map(IpAddr::V6);
    }
    None
}

/// Whether a (lower-case) name is in a reverse zone (`dnsutil.IsReverse`).
pub fn is_reverse(name: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    name.ends_with(".in-addr.arpa") || name.ends_with(".ip6.arpa")
}

/// CoreDNS's notion of which DNS record type an address or host string is
/// (`msg.Service.HostType`): an IPv4 (or IPv4-mapped IPv6) address is A,
/// another IP is AAAA, anything else is a name (CNAME).
pub fn host_ip(host: &str) -> Option<IpAddr> {
    let ip = host.parse::<IpAddr>().ok()?;
    Some(normalize_mapped(ip))
}

/// An IPv4-mapped IPv6 address as its IPv4 form (Go's `To4`).
pub fn normalize_mapped(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(v6),
        },
        v4 => v4,
    }
}

/// `dnsutil.Join`: `label.zone.`, minding the root zone.
pub fn join(prefix: &str, zone: &str) -> String {
    join_labels(&[prefix], zone)
}

/// [`join`] of labels: `a.b.c.zone.`.
pub fn join_labels(labels: &[&str], zone: &str) -> String {
    let mut out =
        String::with_capacity(labels.iter().map(|l| l.len() + 1).sum::<usize>() + zone.len());
    for l in labels {
        out.push_str(l);
        out.push('.');
    }
    if zone != "." {
        out.push_str(zone);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dashed_forms() {
        assert_eq!(dashed_ip(&"10.0.0.1".parse().unwrap()), "10-0-0-1");
        assert_eq!(dashed_ip(&"2001:db8::".parse().unwrap()), "2001-db8--0");
        assert_eq!(dashed_ip(&"2001:db8::1".parse().unwrap()), "2001-db8--1");
        // Go prints an IPv4-mapped address with dots; only the dots change.
        assert_eq!(
            dashed_ip(&"::ffff:10.0.0.1".parse().unwrap()),
            "::ffff:10-0-0-1"
        );
        assert_eq!(
            undash_pod_label("1234-abcd--1").1,
            Some("1234:abcd::1".parse().unwrap())
        );
        assert_eq!(undash_pod_label("10-0-0-1").0, "10.0.0.1");
        assert_eq!(undash_pod_label("web").1, None);
    }

    #[test]
    fn reverse_round_trip() {
        for ip in ["10.96.0.10", "fd00:10:96::a", "2001:db8::567:89ab"] {
            let ip: IpAddr = ip.parse().unwrap();
            assert_eq!(address_from_reverse(&reverse_name(&ip)), Some(ip));
        }
        assert_eq!(address_from_reverse("0.10.in-addr.arpa."), None);
        assert_eq!(address_from_reverse("in-addr.arpa."), None);
        assert_eq!(address_from_reverse(".in-addr.arpa."), None);
        assert_eq!(
            address_from_reverse("10.0.96.10.in-addr.arpa"),
            Some("10.96.0.10".parse().unwrap())
        );
        assert_eq!(address_from_reverse("5.4.3.2.1.in-addr.arpa."), None);
        assert_eq!(address_from_reverse("010.0.96.10.in-addr.arpa."), None);
        assert_eq!(address_from_reverse("255.255.255.2555.in-addr.arpa."), None);
        assert_eq!(address_from_reverse("é.0.96.10.in-addr.arpa."), None);
    }

    #[test]
    fn name_checks() {
        assert!(check("a.b.").is_ok());
        assert_eq!(check("a..b."), Err(NameError::EmptyLabel));
        assert!(check(&format!("{}.", "a".repeat(64))).is_err());
        assert!(check(&"a.".repeat(300)).is_err());
        assert_eq!(trim_zone("A.b.Cluster.Local.", "cluster.local."), "A.b");
        assert_eq!(trim_zone("cluster.local.", "cluster.local."), "");
        assert_eq!(trim_zone("a.b.cluster.local", "cluster.local."), "a.b");
        assert_eq!(trim_zone("local.", "cluster.local."), "");
        assert_eq!(trim_zone("a..b.c.", "c."), "a..b");
        assert!(is_subdomain("cluster.local.", "x.CLUSTER.local."));
        assert!(!is_subdomain("cluster.local.", "xcluster.local."));
        assert!(is_subdomain(".", "x."));
    }
}
