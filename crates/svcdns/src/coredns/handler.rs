//! `handler.go` `ServeDNS`: one question in, one response out, and the
//! plugin value that serves them ([`Kubernetes`]).

use std::borrow::Cow;

use super::controller::ClusterIndex;
use super::kubernetes::{Engine, LookupError, State};
use super::reason::Reason;
use super::setup::{falls_through, zones};
use crate::cluster::Cluster;
use crate::dns::name;
use crate::dns::{Question, RData, Rcode, Record, RecordType};

/// A DNS response, plus why it is what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// The question.
    pub question: Question,
    /// The response code. NOERROR with an empty answer is NODATA.
    pub rcode: Rcode,
    /// The AA bit: set on every answer the kubernetes plugin writes.
    pub authoritative: bool,
    /// The answer section, in the order CoreDNS builds it.
    pub answer: Vec<Record>,
    /// The authority section: the zone's SOA on negative answers.
    pub authority: Vec<Record>,
    /// The additional section (SRV target addresses, NS glue).
    pub additional: Vec<Record>,
    /// Why the answer is what it is: the objects and rules behind it
    /// (`explain::reason` writes them as sentences).
    pub reasons: Vec<Reason>,
    /// The kubernetes plugin hands this question to the next plugin
    /// (`forward`): the name is outside its zones, or it is a reverse-zone
    /// name error under `fallthrough`. What upstream says is not simulated.
    pub upstream: bool,
}

impl Response {
    /// NOERROR with an empty answer section (RFC 2308 §2.2 "NODATA").
    pub fn is_nodata(&self) -> bool {
        self.rcode == Rcode::NoError && self.answer.is_empty() && !self.upstream
    }

    /// NOERROR with at least one answer record.
    pub fn has_answers(&self) -> bool {
        self.rcode == Rcode::NoError && !self.answer.is_empty()
    }

    /// A dig-like summary: `NOERROR`, `NODATA`, `NXDOMAIN`, `UPSTREAM`...
    pub fn status(&self) -> &'static str {
        if self.upstream {
            "UPSTREAM"
        } else if self.is_nodata() {
            "NODATA"
        } else {
            self.rcode.as_str()
        }
    }
}

/// `plugin.Zones.Matches`: the longest zone the name is in (the first of
/// two as long). A zone not longer than one already matched is not
/// compared (the cluster zone comes first, and most names are in it).
fn match_zone<'z>(zones: &'z [String], qname: &str) -> Option<&'z str> {
    let mut best: Option<&'z str> = None;
    for z in zones {
        if best.is_none_or(|b| z.len() > b.len()) && name::is_subdomain(z, qname) {
            best = Some(z);
        }
    }
    best
}

/// What CoreDNS's kubernetes plugin (with the cluster's [`crate::cluster::DnsConfig`])
/// answers to one question. Never panics; any string is accepted.
///
/// The flow is `handler.go` `ServeDNS`: names outside the plugin's zones go
/// to the next plugin; AXFR/IXFR are REFUSED; SOA is answered only at the
/// apex ("below the apex, SOA on any name is NODATA"); NS only at the apex;
/// other types (ANY, HINFO, ...) "do a fake A lookup, so we can distinguish
/// between NODATA and NXDOMAIN". A name error becomes NXDOMAIN (or goes on
/// under `fallthrough` for the reverse zones); an empty result is NODATA;
/// both carry the zone's SOA in the authority section.
///
/// Each call indexes the whole cluster ([`ClusterIndex::new`]); to ask
/// many questions, ask one [`Kubernetes`] (`Analysis::kubernetes`).
pub fn answer(cluster: &Cluster, qname: &str, qtype: RecordType) -> Response {
    Kubernetes::new(cluster).answer(qname, qtype)
}

/// The kubernetes plugin serving one cluster: the cluster plus its lookup
/// tables (CoreDNS's informer caches), built once for many questions.
pub struct Kubernetes<'a> {
    cluster: &'a Cluster,
    index: std::sync::Arc<ClusterIndex>,
}

impl<'a> Kubernetes<'a> {
    /// Index the cluster (a pass over every object; an analysis has its
    /// index already: `Analysis::kubernetes`).
    pub fn new(cluster: &'a Cluster) -> Kubernetes<'a> {
        Kubernetes {
            cluster,
            index: std::sync::Arc::new(ClusterIndex::new(cluster)),
        }
    }

    /// The plugin over a cluster and the index built from it.
    pub(crate) fn with_index(
        cluster: &'a Cluster,
        index: std::sync::Arc<ClusterIndex>,
    ) -> Kubernetes<'a> {
        Kubernetes { cluster, index }
    }

    /// The cluster served.
    pub fn cluster(&self) -> &'a Cluster {
        self.cluster
    }

    /// The lookup tables.
    pub(crate) fn index(&self) -> &ClusterIndex {
        &self.index
    }

    /// Answer one question, exactly as [`answer`] does.
    pub fn answer(&self, qname: &str, qtype: RecordType) -> Response {
        answer_indexed(self.cluster, &self.index, qname, qtype, Detail::Explained)
    }

    /// The same answer without explanations (for listings that show none).
    pub fn answer_unexplained(&self, qname: &str, qtype: RecordType) -> Response {
        answer_indexed(self.cluster, &self.index, qname, qtype, Detail::Unexplained)
    }

    /// Only the answer section of the same answer: no explanations, no
    /// additional or authority records (the zone listing).
    pub(crate) fn answer_section(&self, qname: &str, qtype: RecordType) -> Vec<Record> {
        answer_indexed(self.cluster, &self.index, qname, qtype, Detail::AnswerOnly).answer
    }

    /// Every record served, exactly as [`super::zone`] lists them.
    pub fn zone(&self) -> Vec<Record> {
        super::xfr::zone_of(self)
    }
}

/// How much of a response to build.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Detail {
    /// Everything, with explanations.
    Explained,
    /// Everything but explanations.
    Unexplained,
    /// The answer section only.
    AnswerOnly,
}

fn answer_indexed(
    cluster: &Cluster,
    index: &ClusterIndex,
    qname: &str,
    qtype: RecordType,
    detail: Detail,
) -> Response {
    let qname = qname.trim();
    // Most questions (all of the zone listing's) are absolute already.
    let asked = if qname.ends_with('.') {
        Cow::Borrowed(qname)
    } else {
        Cow::Owned(name::fqdn(qname))
    };
    let mut resp = respond(cluster, index, &asked, qtype, detail);
    // The answer section alone needs no question.
    if detail != Detail::AnswerOnly {
        resp.question.name = asked.into_owned();
    }
    resp
}

/// The response to the absolute name `asked`, with the question's name
/// left empty.
fn respond(
    cluster: &Cluster,
    index: &ClusterIndex,
    asked: &str,
    qtype: RecordType,
    detail: Detail,
) -> Response {
    let explain = detail == Detail::Explained;
    let mut resp = Response {
        question: Question {
            name: String::new(),
            qtype,
        },
        rcode: Rcode::NoError,
        authoritative: false,
        answer: Vec::new(),
        authority: Vec::new(),
        additional: Vec::new(),
        reasons: Vec::new(),
        upstream: false,
    };
    if let Err(e) = name::check(asked) {
        resp.rcode = Rcode::FormErr;
        resp.reasons.push(Reason::InvalidName {
            name: asked.to_string(),
            error: e,
        });
        return resp;
    }
    let Some(zone) = match_zone(&index.zones, asked) else {
        resp.upstream = true;
        resp.reasons.push(Reason::OutsideZones {
            name: asked.to_string(),
            zones: zones(cluster),
        });
        return resp;
    };
    // handler.go: "maintain case of original query".
    let zone_q: &str = asked
        .get(asked.len().saturating_sub(zone.len())..)
        .unwrap_or(zone);
    let st = State {
        name: crate::support::text::lower(asked),
        qname: Cow::Borrowed(asked),
        zone: Cow::Borrowed(zone_q),
        qtype,
    };
    let mut eng = Engine::new(cluster, index);
    eng.explain = explain;
    eng.additional = detail != Detail::AnswerOnly;
    let mut extra = Vec::new();
    let result: Result<Vec<Record>, LookupError> = match qtype {
        RecordType::A => eng.a_lookup(&st, false, &[]),
        RecordType::Aaaa => eng.a_lookup(&st, true, &[]),
        RecordType::Txt => eng.txt(&st),
        RecordType::Cname => eng.cname(&st),
        RecordType::Ptr => eng.ptr(&st),
        RecordType::Mx => {
            eng.because(|_| Reason::NoMx);
            eng.services(&st).map(|_| Vec::new())
        }
        RecordType::Srv => eng.srv(&st).map(|(r, x)| {
            extra = x;
            r
        }),
        RecordType::Soa => {
            if asked.len() == zone_q.len() {
                eng.because(|_| Reason::SoaAtApex {
                    zone: zone_q.to_string(),
                });
                Ok(vec![eng.soa(zone_q)])
            } else {
                eng.because(|_| Reason::SoaBelowApex);
                Ok(Vec::new())
            }
        }
        RecordType::Axfr | RecordType::Ixfr => {
            resp.rcode = Rcode::Refused;
            resp.reasons.push(Reason::TransferRefused);
            return resp;
        }
        RecordType::Ns if st.name == st.zone => eng.ns(&st).map(|(r, x)| {
            extra = x;
            r
        }),
        other => {
            if other == RecordType::Ns {
                if name::eq(&st.name, &st.zone) {
                    eng.because(|_| Reason::NsApexCaseQuirk);
                } else {
                    eng.because(|_| Reason::NsBelowApex);
                }
            } else if other == RecordType::Any {
                eng.because(|_| Reason::AnyFakeLookup);
            } else {
                eng.because(|_| Reason::FakeLookup { qtype: other });
            }
            let fake = State {
                qtype: RecordType::A,
                ..st.clone()
            };
            eng.a_lookup(&fake, false, &[]).map(|_| Vec::new())
        }
    };
    let mut reasons = std::mem::take(&mut eng.reasons);
    if eng.reasons_omitted > 0 {
        reasons.push(Reason::Omitted {
            count: eng.reasons_omitted,
        });
    }
    let upstream_target = eng.upstream_target.take();
    match result {
        Err(_) => {
            if let Some(line) = falls_through(cluster, asked) {
                resp.rcode = Rcode::NxDomain;
                resp.upstream = true;
                reasons.push(Reason::FallsThrough { line });
            } else {
                resp.rcode = Rcode::NxDomain;
                resp.authoritative = true;
                if detail != Detail::AnswerOnly {
                    resp.authority.push(eng.soa(zone_q));
                }
                if explain {
                    reasons.push(Reason::NxDomain {
                        zone: zone_q.to_string(),
                    });
                }
            }
        }
        Ok(records) if records.is_empty() => {
            resp.rcode = Rcode::NoError;
            resp.authoritative = true;
            if detail != Detail::AnswerOnly {
                resp.authority.push(eng.soa(zone_q));
            }
            if explain {
                reasons.push(Reason::NoData {
                    qtype,
                    zone: zone_q.to_string(),
                });
            }
        }
        Ok(records) => {
            resp.rcode = Rcode::NoError;
            resp.authoritative = true;
            let addr_count = records
                .iter()
                .filter(|r| matches!(r.rdata, RData::A(_) | RData::Aaaa(_)))
                .count();
            if explain
                && (addr_count > 1
                    || records
                        .iter()
                        .filter(|r| r.record_type() == RecordType::Srv)
                        .count()
                        > 1)
            {
                reasons.push(Reason::AnswerOrder);
            }
            if let Some(t) = upstream_target {
                reasons.push(Reason::UpstreamRecords { target: t });
            }
            resp.answer = records;
            resp.additional = extra;
        }
    }
    resp.reasons = reasons;
    resp
}
