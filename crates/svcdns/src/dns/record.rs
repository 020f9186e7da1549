//! Record types, record data and resource records (RFC 1035 §3.2, §4.1).

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

/// A question or record type (RFC 1035 §3.2.2 TYPE, §3.2.3 QTYPE and later
/// RFCs). Parsed by mnemonic, case-insensitively, or in the RFC 3597
/// `TYPEnnn` form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordType {
    /// 1: IPv4 host address.
    A,
    /// 2: authoritative name server.
    Ns,
    /// 5: canonical name for an alias.
    Cname,
    /// 6: start of a zone of authority.
    Soa,
    /// 12: domain name pointer.
    Ptr,
    /// 13: host information.
    Hinfo,
    /// 15: mail exchange.
    Mx,
    /// 16: text strings.
    Txt,
    /// 28: IPv6 host address (RFC 3596).
    Aaaa,
    /// 33: service location (RFC 2782).
    Srv,
    /// 35: naming authority pointer.
    Naptr,
    /// 43: delegation signer.
    Ds,
    /// 46: DNSSEC signature.
    Rrsig,
    /// 47: next secure.
    Nsec,
    /// 48: DNS key.
    Dnskey,
    /// 64: service binding.
    Svcb,
    /// 65: HTTPS service binding.
    Https,
    /// 251: incremental zone transfer.
    Ixfr,
    /// 252: zone transfer.
    Axfr,
    /// 255: any type (`*`).
    Any,
    /// 257: certification authority authorization.
    Caa,
    /// Any other type, by number (`TYPE65280`).
    Other(u16),
}

const TABLE: &[(RecordType, &str, u16)] = &[
    (RecordType::A, "A", 1),
    (RecordType::Ns, "NS", 2),
    (RecordType::Cname, "CNAME", 5),
    (RecordType::Soa, "SOA", 6),
    (RecordType::Ptr, "PTR", 12),
    (RecordType::Hinfo, "HINFO", 13),
    (RecordType::Mx, "MX", 15),
    (RecordType::Txt, "TXT", 16),
    (RecordType::Aaaa, "AAAA", 28),
    (RecordType::Srv, "SRV", 33),
    (RecordType::Naptr, "NAPTR", 35),
    (RecordType::Ds, "DS", 43),
    (RecordType::Rrsig, "RRSIG", 46),
    (RecordType::Nsec, "NSEC", 47),
    (RecordType::Dnskey, "DNSKEY", 48),
    (RecordType::Svcb, "SVCB", 64),
    (RecordType::Https, "HTTPS", 65),
    (RecordType::Ixfr, "IXFR", 251),
    (RecordType::Axfr, "AXFR", 252),
    (RecordType::Any, "ANY", 255),
    (RecordType::Caa, "CAA", 257),
];

impl RecordType {
    /// The type number.
    pub fn code(self) -> u16 {
        match self {
            RecordType::Other(n) => n,
            t => TABLE
                .iter()
                .find(|(k, _, _)| *k == t)
                .map(|(_, _, n)| *n)
                .unwrap_or(0),
        }
    }

    /// The type with this number.
    pub fn from_code(code: u16) -> RecordType {
        TABLE
            .iter()
            .find(|(_, _, n)| *n == code)
            .map(|(t, _, _)| *t)
            .unwrap_or(RecordType::Other(code))
    }

    /// The mnemonic (`AAAA`), or `TYPEnnn` for types without one.
    pub fn name(self) -> String {
        match TABLE.iter().find(|(k, _, _)| *k == self) {
            Some((_, n, _)) => (*n).to_string(),
            None => format!("TYPE{}", self.code()),
        }
    }

    /// Parses a mnemonic (any case), `*` for ANY, or `TYPEnnn`.
    pub fn parse(text: &str) -> Option<RecordType> {
        let t = text.trim();
        if t == "*" {
            return Some(RecordType::Any);
        }
        if let Some((k, _, _)) = TABLE.iter().find(|(_, n, _)| n.eq_ignore_ascii_case(t)) {
            return Some(*k);
        }
        t.get(..4).filter(|p| p.eq_ignore_ascii_case("TYPE"))?;
        let n: u16 = t.get(4..)?.parse().ok()?;
        Some(RecordType::from_code(n))
    }
}

impl fmt::Display for RecordType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

impl std::str::FromStr for RecordType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RecordType::parse(s)
            .ok_or_else(|| format!("unknown record type {}", crate::support::text::go_quote(s)))
    }
}

/// Record data, for the types the kubernetes plugin produces.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RData {
    /// A: an IPv4 address.
    A(Ipv4Addr),
    /// AAAA: an IPv6 address.
    Aaaa(Ipv6Addr),
    /// CNAME: the canonical name (absolute).
    Cname(String),
    /// NS: a name server (absolute).
    Ns(String),
    /// PTR: the name the address points to (absolute).
    Ptr(String),
    /// SRV (RFC 2782): "Priority Weight Port Target".
    Srv {
        /// "A client MUST attempt to contact the target host with the
        /// lowest-numbered priority it can reach".
        priority: u16,
        /// "A server selection mechanism. The weight field specifies a
        /// relative weight for entries with the same priority."
        weight: u16,
        /// "The port on this target host of this service."
        port: u16,
        /// "The domain name of the target host." (absolute)
        target: String,
    },
    /// TXT: character strings.
    Txt(Vec<String>),
    /// SOA (RFC 1035 §3.3.13).
    Soa {
        /// MNAME: the primary name server.
        mname: String,
        /// RNAME: the mailbox of the person responsible.
        rname: String,
        /// SERIAL.
        serial: u32,
        /// REFRESH.
        refresh: u32,
        /// RETRY.
        retry: u32,
        /// EXPIRE.
        expire: u32,
        /// MINIMUM: the negative-caching TTL (RFC 2308).
        minimum: u32,
    },
}

impl RData {
    /// The record type of this data.
    pub fn record_type(&self) -> RecordType {
        match self {
            RData::A(_) => RecordType::A,
            RData::Aaaa(_) => RecordType::Aaaa,
            RData::Cname(_) => RecordType::Cname,
            RData::Ns(_) => RecordType::Ns,
            RData::Ptr(_) => RecordType::Ptr,
            RData::Srv { .. } => RecordType::Srv,
            RData::Txt(_) => RecordType::Txt,
            RData::Soa { .. } => RecordType::Soa,
        }
    }
}

/// Quotes a TXT character-string the way dig prints it.
fn quote_txt(s: &str, out: &mut String) {
    out.push('"');
    for b in s.bytes() {
        match b {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(char::from(b));
            }
            0x20..=0x7e => out.push(char::from(b)),
            _ => out.push_str(&format!("\\{b:03}")),
        }
    }
    out.push('"');
}

impl fmt::Display for RData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RData::A(ip) => write!(f, "{ip}"),
            RData::Aaaa(ip) => write!(f, "{ip}"),
            RData::Cname(n) | RData::Ns(n) | RData::Ptr(n) => f.write_str(n),
            RData::Srv {
                priority,
                weight,
                port,
                target,
            } => write!(f, "{priority} {weight} {port} {target}"),
            RData::Txt(strings) => {
                let mut out = String::new();
                for (i, s) in strings.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    quote_txt(s, &mut out);
                }
                f.write_str(&out)
            }
            RData::Soa {
                mname,
                rname,
                serial,
                refresh,
                retry,
                expire,
                minimum,
            } => write!(
                f,
                "{mname} {rname} {serial} {refresh} {retry} {expire} {minimum}"
            ),
        }
    }
}

/// A resource record. The class is always IN.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Record {
    /// The owner name, absolute, in the case CoreDNS writes it.
    pub owner: String,
    /// Time to live in seconds.
    pub ttl: u32,
    /// The data; its variant gives the type.
    pub rdata: RData,
}

impl Record {
    /// The record's type.
    pub fn record_type(&self) -> RecordType {
        self.rdata.record_type()
    }

    /// The zone-file line with every domain name lower-cased (owner, and
    /// the names inside CNAME/NS/PTR/SRV/SOA data); `IN`, the type and
    /// TXT strings keep their case. This is the CLI's JSON form.
    pub fn to_lowercase_line(&self) -> String {
        let lower = |n: &str| n.to_ascii_lowercase();
        let rdata = match &self.rdata {
            RData::Cname(n) => RData::Cname(lower(n)),
            RData::Ns(n) => RData::Ns(lower(n)),
            RData::Ptr(n) => RData::Ptr(lower(n)),
            RData::Srv {
                priority,
                weight,
                port,
                target,
            } => RData::Srv {
                priority: *priority,
                weight: *weight,
                port: *port,
                target: lower(target),
            },
            RData::Soa {
                mname,
                rname,
                serial,
                refresh,
                retry,
                expire,
                minimum,
            } => RData::Soa {
                mname: lower(mname),
                rname: lower(rname),
                serial: *serial,
                refresh: *refresh,
                retry: *retry,
                expire: *expire,
                minimum: *minimum,
            },
            other => other.clone(),
        };
        Record {
            owner: lower(&self.owner),
            ttl: self.ttl,
            rdata,
        }
        .to_string()
    }
}

impl fmt::Display for Record {
    /// `owner TTL IN TYPE rdata`, single spaces, names absolute.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} IN {} {}",
            self.owner,
            self.ttl,
            self.record_type(),
            self.rdata
        )
    }
}

/// Response codes (RFC 1035 §4.1.1 RCODE).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rcode {
    /// 0: no error (with an empty answer this is NODATA, RFC 2308 §2.2).
    NoError,
    /// 1: format error. Used here for names that cannot be put on the wire
    /// (empty or over-long labels); a real stub resolver refuses to send
    /// them at all.
    FormErr,
    /// 2: server failure.
    ServFail,
    /// 3: name error, "the domain name referenced in the query does not
    /// exist".
    NxDomain,
    /// 5: refused.
    Refused,
}

impl Rcode {
    /// The mnemonic as dig prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            Rcode::NoError => "NOERROR",
            Rcode::FormErr => "FORMERR",
            Rcode::ServFail => "SERVFAIL",
            Rcode::NxDomain => "NXDOMAIN",
            Rcode::Refused => "REFUSED",
        }
    }
}

impl fmt::Display for Rcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_parsing() {
        assert_eq!(RecordType::parse("aaaa"), Some(RecordType::Aaaa));
        assert_eq!(RecordType::parse("Srv"), Some(RecordType::Srv));
        assert_eq!(RecordType::parse("TYPE65"), Some(RecordType::Https));
        assert_eq!(RecordType::parse("type1"), Some(RecordType::A));
        assert_eq!(
            RecordType::parse("TYPE65280"),
            Some(RecordType::Other(65280))
        );
        assert_eq!(RecordType::Other(65280).to_string(), "TYPE65280");
        assert_eq!(RecordType::parse("TYPE"), None);
        assert_eq!(RecordType::parse("TYPE99999"), None);
        assert_eq!(RecordType::parse("é"), None);
        assert_eq!(RecordType::parse("bogus"), None);
    }

    #[test]
    fn record_lines() {
        let r = Record {
            owner: "dns-version.Cluster.Local.".into(),
            ttl: 28800,
            rdata: RData::Txt(vec!["1.1.0".into(), "a\"b".into()]),
        };
        assert_eq!(
            r.to_string(),
            "dns-version.Cluster.Local. 28800 IN TXT \"1.1.0\" \"a\\\"b\""
        );
        assert_eq!(
            r.to_lowercase_line(),
            "dns-version.cluster.local. 28800 IN TXT \"1.1.0\" \"a\\\"b\""
        );
    }
}
