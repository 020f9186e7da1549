//! `plugin/backend_lookup.go`: the lookup entries of [`super::kubernetes`]
//! turned into records, per question type (`A`, `AAAA`, `SRV`, `CNAME`,
//! `TXT`, `NS`, `SOA`).

use std::net::IpAddr;

use super::kubernetes::{Engine, Host, LookupError, State};
use super::reason::Reason;
use crate::dns::name;
use crate::dns::{RData, Record, RecordType};
use crate::support::keymap::{FastSet, KeyMap};

impl Engine<'_> {
    /// `backend_lookup.go` `A` / `AAAA`, with CNAME chasing.
    pub(super) fn a_lookup(
        &mut self,
        st: &State,
        v6: bool,
        previous: &[Record],
    ) -> Result<Vec<Record>, LookupError> {
        // checkForApex first asks for apex.dns.<zone>, which the kubernetes
        // plugin never has (parse error, a name error), and then falls back
        // to the name itself: the same as asking Services directly.
        let services = self.services(st)?;
        // Sized once: each entry gives at most one record (CNAME chains aside).
        let mut records = Vec::with_capacity(services.len());
        let mut dup: FastSet<IpAddr> = FastSet::default();
        // One entry cannot repeat an address.
        let single = services.len() == 1;
        for serv in services {
            match serv.host {
                Host::Name(target) => {
                    let target = name::fqdn(&target);
                    if name::is_subdomain(&st.name, &target) {
                        self.because(|_| Reason::CnameLoopBelow {
                            target: target.clone(),
                            qname: st.qname.to_string(),
                        });
                        continue;
                    }
                    let cname = Record {
                        owner: st.qname.to_string(),
                        ttl: serv.ttl,
                        rdata: RData::Cname(target.clone()),
                    };
                    if previous.len() > 10 {
                        self.because(|_| Reason::CnameChainTooLong);
                        continue;
                    }
                    if previous
                        .iter()
                        .any(|p| p.owner == cname.owner && p.rdata == cname.rdata)
                    {
                        self.because(|_| Reason::CnameChainLoops);
                        continue;
                    }
                    if name::is_subdomain(&st.zone, &target) {
                        let st1 = st.with_question(&target, st.qtype);
                        let mut chain = previous.to_vec();
                        chain.push(cname.clone());
                        match self.a_lookup(&st1, v6, &chain) {
                            Ok(next) if !next.is_empty() => {
                                self.because(|_| Reason::CnameInZone {
                                    target: target.clone(),
                                });
                                records.push(cname);
                                records.extend(next);
                            }
                            _ => {
                                self.because(|_| Reason::CnameInZoneEmpty {
                                    target: target.clone(),
                                    qtype: st.qtype,
                                });
                            }
                        }
                    } else {
                        self.because(|_| Reason::CnameUpstream {
                            target: target.clone(),
                        });
                        if self.upstream_target.is_none() {
                            self.upstream_target = Some(target);
                        }
                        records.push(cname);
                    }
                }
                Host::Ip(ip) => match ip {
                    IpAddr::V4(a) if !v6 && (single || dup.insert(ip)) => {
                        records.push(Record {
                            owner: st.qname.to_string(),
                            ttl: serv.ttl,
                            rdata: RData::A(a),
                        });
                    }
                    IpAddr::V6(a) if v6 && (single || dup.insert(ip)) => {
                        records.push(Record {
                            owner: st.qname.to_string(),
                            ttl: serv.ttl,
                            rdata: RData::Aaaa(a),
                        });
                    }
                    _ => {}
                },
                Host::Text(_) => {}
            }
        }
        Ok(records)
    }

    /// `backend_lookup.go` `SRV`: weight `floor(100/N)` (at least 1) where
    /// N counts every entry the lookup returned; (target, port) duplicates
    /// and port -1 entries are skipped but still counted.
    pub(super) fn srv(&mut self, st: &State) -> Result<(Vec<Record>, Vec<Record>), LookupError> {
        let services = self.services(st)?;
        let n = services.len().max(1);
        let weight = ((100 / n) as u16).max(1);
        let mut records = Vec::with_capacity(services.len());
        let mut extra = Vec::new();
        // (target, port) and (target, address) pairs seen, targets compared
        // ignoring case.
        let mut dup_srv = KeyMap::default();
        let mut dup_addr = KeyMap::default();
        // One entry cannot repeat a pair.
        let single = services.len() == 1;
        let mut portless = 0;
        for serv in &services {
            if serv.port == -1 {
                portless += 1;
                continue;
            }
            let Host::Ip(ip) = serv.host else { continue };
            let port = serv.port as u16;
            let target = self.key_name(&serv.key, &st.zone);
            let folded = crate::support::text::lower(&target);
            // The pairs seen are those of the records so far: a few are
            // compared directly, without hashing.
            let new_srv = single
                || if services.len() <= 16 {
                    !records.iter().any(|r: &Record| {
                        matches!(&r.rdata, RData::Srv { port: p, target: t, .. }
                            if *p == port && t.eq_ignore_ascii_case(&target))
                    })
                } else {
                    dup_srv.insert(&[folded.as_bytes(), &port.to_le_bytes()])
                };
            let (v4, v6);
            let octets: &[u8] = match ip {
                IpAddr::V4(a) => {
                    v4 = a.octets();
                    &v4
                }
                IpAddr::V6(a) => {
                    v6 = a.octets();
                    &v6
                }
            };
            if self.additional && (single || dup_addr.insert(&[folded.as_bytes(), octets])) {
                extra.push(address_record(&target, serv.ttl, ip));
            }
            if new_srv {
                records.push(Record {
                    owner: st.qname.to_string(),
                    ttl: serv.ttl,
                    rdata: RData::Srv {
                        priority: 0,
                        weight,
                        port,
                        target,
                    },
                });
            }
        }
        if !services.is_empty() {
            self.because(|_| Reason::SrvWeight {
                entries: services.len(),
                weight,
            });
        }
        if portless > 0 {
            self.because(|_| Reason::SrvPortless);
        }
        Ok((records, extra))
    }

    /// `backend_lookup.go` `CNAME`: the first entry, if it is a name.
    pub(super) fn cname(&mut self, st: &State) -> Result<Vec<Record>, LookupError> {
        let services = self.services(st)?;
        let mut out = Vec::new();
        if let Some(first) = services.first() {
            if let Host::Name(t) = &first.host {
                out.push(Record {
                    owner: st.qname.to_string(),
                    ttl: first.ttl,
                    rdata: RData::Cname(name::fqdn(t)),
                });
            }
        }
        Ok(out)
    }

    /// `backend_lookup.go` `TXT`.
    pub(super) fn txt(&mut self, st: &State) -> Result<Vec<Record>, LookupError> {
        let services = self.services(st)?;
        let mut out: Vec<Record> = Vec::new();
        for s in services {
            if let Host::Text(t) = s.host {
                let r = Record {
                    owner: st.qname.to_string(),
                    ttl: s.ttl,
                    rdata: RData::Txt(vec![t]),
                };
                if !out.contains(&r) {
                    out.push(r);
                }
            }
        }
        Ok(out)
    }

    /// `backend_lookup.go` `NS`: one NS per distinct name, glue for each
    /// address.
    pub(super) fn ns(&mut self, st: &State) -> Result<(Vec<Record>, Vec<Record>), LookupError> {
        let st_ns = st.with_question(&name::join("ns.dns", &st.zone), RecordType::Ns);
        let services = self.services(&st_ns)?;
        let mut records = Vec::new();
        let mut extra = Vec::new();
        if services.is_empty() {
            self.because(|_| Reason::NsNoCorednsPod);
            records.push(Record {
                owner: st.qname.to_string(),
                ttl: self.ttl,
                rdata: RData::Ns(name::join("ns.dns", &st.zone)),
            });
            return Ok((records, extra));
        }
        // The names listed so far (the core's one hash table).
        let mut seen = KeyMap::default();
        for s in services {
            let Host::Ip(ip) = s.host else { continue };
            let key = self.key_name(&s.key, &st.zone);
            extra.push(address_record(&key, s.ttl, ip));
            if seen.insert(&[key.as_bytes()]) {
                records.push(Record {
                    owner: st.qname.to_string(),
                    ttl: s.ttl,
                    rdata: RData::Ns(key),
                });
            }
        }
        self.because(|_| Reason::NsNamesService);
        Ok((records, extra))
    }

    /// `backend_lookup.go` `SOA`: TTL `min(ttl, 300)`, minimum `ttl`.
    pub(crate) fn soa(&self, zone: &str) -> Record {
        let ttl = self.ttl;
        Record {
            owner: zone.to_string(),
            ttl: ttl.min(300),
            rdata: RData::Soa {
                mname: name::join("ns.dns", zone),
                rname: name::join("hostmaster", zone),
                serial: self.cluster.config.soa_serial,
                refresh: 7200,
                retry: 1800,
                expire: 86400,
                minimum: ttl,
            },
        }
    }
}

fn address_record(owner: &str, ttl: u32, ip: IpAddr) -> Record {
    Record {
        owner: owner.to_string(),
        ttl,
        rdata: match ip {
            IpAddr::V4(a) => RData::A(a),
            IpAddr::V6(a) => RData::Aaaa(a),
        },
    }
}
