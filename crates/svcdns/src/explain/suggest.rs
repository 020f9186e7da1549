//! The nearest thing the learner meant: for a question that got no records
//! (NXDOMAIN, NODATA, or a short name that went upstream), what in the
//! cluster and the manifests comes closest, each with the question to ask
//! instead where there is one:
//! - the same Service in another namespace ("Service db is in namespace
//!   data; from shop, ask db.data");
//! - a pod whose name is asked but that is not ready (CoreDNS publishes only
//!   ready endpoints, `endpointHostname` of a ready address);
//! - an SRV port name the Service does not have (the ones it has, listed);
//! - an object of that name the API server rejected (its line and the
//!   API server's message): a rejected object does not exist;
//! - a pod asked by its own name, which has a DNS name only under the
//!   Service its `subdomain` names;
//! - a near-miss spelling of a Service, namespace or pod hostname;
//! - the record type the name does have (NODATA).
//!
//! Reasons are data ([`Reason`]); [`Suggestion::text`] is their one
//! rendering to words. Cost: index look-ups for the names the question can
//! mean (glibc's search list with the client's namespace), plus one pass
//! over the Services and manifests' objects for other namespaces, rejected
//! objects and spellings; nothing when the question was answered.

use std::sync::Arc;

use crate::api::Object;
use crate::cluster::Cluster;
use crate::coredns::Kubernetes;
use crate::diag::{Diagnostic, Severity};
use crate::dns::RecordType;
use crate::resolver::Resolution;

/// What the finder reads: the manifests' objects (with the API server's
/// verdict and the diagnostics, for rejected ones) and the cluster as
/// CoreDNS indexes it.
#[derive(Clone, Copy)]
pub struct Facts<'a> {
    /// Every object read, in manifest order.
    pub objects: &'a [Arc<Object>],
    /// Whether the API server accepts each object (same index).
    pub accepted: &'a [bool],
    /// Every diagnostic.
    pub diagnostics: &'a [Diagnostic],
    /// The simulated cluster and its index (`Analysis::kubernetes`).
    pub kubernetes: &'a Kubernetes<'a>,
}

/// A question a client pod asks: the name as typed, the type, and the
/// pod's namespace (its search list).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    /// The name, as typed (relative names go through the search list).
    pub name: String,
    /// The record type.
    pub record_type: RecordType,
    /// The client pod's namespace.
    pub namespace: String,
}

/// Why a name got no records, and what exists instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// No Service `service` in `asked_in`, but there is one in `namespace`.
    OtherNamespace {
        /// The Service's name.
        service: String,
        /// Where it is.
        namespace: String,
        /// Where the question looked for it.
        asked_in: String,
    },
    /// The pod behind the asked name exists but is not ready.
    NotReady {
        /// The pod (or, without a pod reference, the endpoint's hostname).
        pod: String,
        /// The Service whose EndpointSlice lists it.
        service: String,
    },
    /// The Service has no port of the asked SRV name and protocol.
    NoSuchPort {
        /// The asked `_port._proto`.
        asked: String,
        /// The Service.
        service: String,
        /// Its named ports as `_name._proto` (empty: none is named).
        ports: Vec<String>,
    },
    /// An object of the asked name that the API server rejected.
    Rejected {
        /// Kind.
        kind: String,
        /// Name.
        name: String,
        /// The line of the API server's (or the decoder's) first error.
        line: u32,
        /// That error, in its words.
        message: String,
    },
    /// A pod asked by its own name: its DNS name is under its Service.
    PodName {
        /// The pod.
        pod: String,
        /// `spec.hostname` (the first label of its DNS name).
        hostname: String,
        /// `spec.subdomain`: the Service it is named under.
        subdomain: String,
    },
    /// A near miss: nothing named `asked`, but `meant` exists.
    Spelling {
        /// What it is: `Service`, `namespace` or `pod hostname`.
        what: &'static str,
        /// What was asked.
        asked: String,
        /// What exists.
        meant: String,
    },
    /// NODATA: the name exists with records of another type.
    OtherType {
        /// The name's Service.
        service: String,
        /// The type asked.
        asked: RecordType,
        /// A type it has.
        has: RecordType,
    },
}

/// One reason, with the question to ask instead (if there is one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// Why.
    pub reason: Reason,
    /// "Ask that instead".
    pub ask: Option<Question>,
}

impl Suggestion {
    /// The reason in one plain sentence (the shells' one rendering).
    pub fn text(&self) -> String {
        let ask = self.ask.as_ref();
        let then = |s: String| match ask {
            Some(q) if q.record_type == RecordType::A => format!("{s} Ask {}.", q.name),
            Some(q) => format!("{s} Ask {} ({}).", q.name, q.record_type),
            None => s,
        };
        match &self.reason {
            Reason::OtherNamespace {
                service,
                namespace,
                asked_in,
            } => then(format!(
                "Service {service} is in namespace {namespace}, not {asked_in}: a short name only finds Services in the client's own namespace."
            )),
            Reason::NotReady { pod, service } => then(format!(
                "Pod {pod} is not ready: the EndpointSlice of Service {service} lists it with ready: false, and CoreDNS answers only for ready endpoints (unless the Service sets publishNotReadyAddresses: true)."
            )),
            Reason::NoSuchPort {
                asked,
                service,
                ports,
            } if ports.is_empty() => then(format!(
                "Service {service} has no port named {asked}: none of its ports has a name, and SRV names exist only for named ports."
            )),
            Reason::NoSuchPort {
                asked,
                service,
                ports,
            } => then(format!(
                "Service {service} has no port named {asked}; its ports are {}.",
                ports.join(", ")
            )),
            Reason::Rejected {
                kind,
                name,
                line,
                message,
            } => then(format!(
                "The API server rejected {kind} {name} (line {line}), so it does not exist and has no DNS name: {message}"
            )),
            Reason::PodName {
                pod,
                hostname,
                subdomain,
            } => then(format!(
                "Pod {pod} has no DNS name of its own: it is named {hostname}.{subdomain}, under the Service its subdomain names."
            )),
            Reason::Spelling { what, asked, meant } => {
                then(format!("There is no {what} {asked}; there is {meant}."))
            }
            Reason::OtherType {
                service,
                asked,
                has,
            } => then(format!(
                "{service} has no {asked} records; it has {has} records."
            )),
        }
    }
}

/// Suggestions as dig comments (`svcdns dig`), after its EXPLANATION;
/// nothing when there are none.
pub fn comments(suggestions: &[Suggestion]) -> String {
    let mut o = String::new();
    if !suggestions.is_empty() {
        o.push_str("\n;; WHAT YOU PROBABLY MEANT:\n");
        for s in suggestions {
            o.push_str(";   ");
            o.push_str(&s.text());
            o.push('\n');
        }
    }
    o
}

/// At most this many suggestions for one question.
pub const MAX: usize = 4;

/// What the learner probably meant by `q`, which `r` resolved. Empty when
/// the question was answered.
pub fn suggest(f: &Facts<'_>, q: &Question, r: &Resolution) -> Vec<Suggestion> {
    if r.answered.is_some() {
        return Vec::new();
    }
    let mut out: Vec<Suggestion> = Vec::new();
    for meaning in meanings(f.kubernetes.cluster(), q) {
        about(f, q, &meaning, &mut out);
    }
    out.truncate(MAX);
    out
}

/// One way to read the asked name inside the cluster zone.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Meaning {
    /// `_port._proto`, for SRV names.
    port: Option<(String, String)>,
    /// An endpoint's (pod's) hostname.
    host: Option<String>,
    service: String,
    namespace: String,
    /// The namespace label was typed (not the client's, from the search list).
    typed_namespace: bool,
}

impl Meaning {
    /// The name to ask for this meaning with another Service, namespace or
    /// host, shortest form that the client's search list completes.
    fn name(&self, client: &str) -> String {
        let mut s = String::new();
        if let Some((p, t)) = &self.port {
            s.push_str(&format!("_{p}._{t}."));
        }
        if let Some(h) = &self.host {
            s.push_str(h);
            s.push('.');
        }
        s.push_str(&self.service);
        if self.namespace != client || self.typed_namespace {
            s.push('.');
            s.push_str(&self.namespace);
        }
        s
    }
}

/// The readings of `q.name` the client's search list can reach:
/// `…svc.ns.svc.<zone>` as typed, else `name.<client>.svc.<zone>` and
/// `name.svc.<zone>`.
fn meanings(cluster: &Cluster, q: &Question) -> Vec<Meaning> {
    let name = crate::support::text::lower(q.name.trim().trim_end_matches('.'));
    let zone = crate::support::text::lower(cluster.config.zone.trim().trim_matches('.'));
    let mut bases: Vec<(Vec<&str>, bool)> = Vec::new();
    let labels: Vec<&str> = name.split('.').filter(|l| !l.is_empty()).collect();
    if labels.is_empty() {
        return Vec::new();
    }
    let svc_zone = format!("svc.{zone}");
    if let Some(rest) = name.strip_suffix(&format!(".{svc_zone}")) {
        bases.push((rest.split('.').collect(), true));
    } else if let Some(rest) = name.strip_suffix(".svc") {
        bases.push((rest.split('.').collect(), true));
    } else {
        let mut with_client = labels.clone();
        with_client.push(q.namespace.as_str());
        bases.push((with_client, false));
        bases.push((labels.clone(), true));
    }
    let mut out = Vec::new();
    for (mut l, typed) in bases {
        let mut port = None;
        if l.len() >= 2 && l[0].starts_with('_') && l[1].starts_with('_') {
            port = Some((l[0][1..].to_string(), l[1][1..].to_string()));
            l.drain(..2);
        }
        let (host, service, namespace) = match l.as_slice() {
            [s, n] => (None, *s, *n),
            [h, s, n] if port.is_none() => (Some(h.to_string()), *s, *n),
            _ => continue,
        };
        if service.starts_with('_') {
            continue;
        }
        out.push(Meaning {
            port,
            host,
            service: service.to_string(),
            namespace: namespace.to_string(),
            typed_namespace: typed,
        });
    }
    out
}

fn push(out: &mut Vec<Suggestion>, reason: Reason, ask: Option<Question>) {
    let same = |s: &Suggestion| s.reason == reason || (ask.is_some() && s.ask == ask);
    if !out.iter().any(same) {
        out.push(Suggestion { reason, ask });
    }
}

/// Suggestions for one reading of the name.
fn about(f: &Facts<'_>, q: &Question, m: &Meaning, out: &mut Vec<Suggestion>) {
    let c = f.kubernetes.cluster();
    let ix = f.kubernetes.index();
    let ask = |m: Meaning, t: RecordType| {
        Some(Question {
            name: m.name(&q.namespace),
            record_type: t,
            namespace: q.namespace.clone(),
        })
    };
    let Some(svc) = ix.service(c, &m.namespace, &m.service) else {
        // The Service is not there: rejected, elsewhere, or misspelled.
        rejected(f, "Service", &m.service, &m.namespace, out);
        for s in c
            .services
            .iter()
            .filter(|s| s.name == m.service && s.namespace != m.namespace)
        {
            let other = Meaning {
                namespace: s.namespace.clone(),
                typed_namespace: true,
                ..m.clone()
            };
            push(
                out,
                Reason::OtherNamespace {
                    service: s.name.clone(),
                    namespace: s.namespace.clone(),
                    asked_in: m.namespace.clone(),
                },
                ask(other, q.record_type),
            );
        }
        if m.host.is_none() && m.port.is_none() {
            // A pod asked by its own name.
            if let Some(p) = ix.pod(c, &m.namespace, &m.service) {
                if let (Some(h), Some(sd)) = (&p.hostname, &p.subdomain) {
                    let named = Meaning {
                        host: Some(h.clone()),
                        service: sd.clone(),
                        ..m.clone()
                    };
                    push(
                        out,
                        Reason::PodName {
                            pod: p.name.clone(),
                            hostname: h.clone(),
                            subdomain: sd.clone(),
                        },
                        ask(named, q.record_type),
                    );
                }
            }
        }
        if m.typed_namespace && !ix.namespace_exists(&m.namespace) {
            if let Some(n) = nearest(c.namespaces.iter().map(String::as_str), &m.namespace) {
                let fixed = Meaning {
                    namespace: n.to_string(),
                    ..m.clone()
                };
                push(
                    out,
                    Reason::Spelling {
                        what: "namespace",
                        asked: m.namespace.clone(),
                        meant: n.to_string(),
                    },
                    ask(fixed, q.record_type),
                );
            }
        } else if let Some(s) = nearest(
            ix.services_in(c, &m.namespace).map(|s| s.name.as_str()),
            &m.service,
        ) {
            let fixed = Meaning {
                service: s.to_string(),
                ..m.clone()
            };
            push(
                out,
                Reason::Spelling {
                    what: "Service",
                    asked: m.service.clone(),
                    meant: s.to_string(),
                },
                ask(fixed, q.record_type),
            );
        }
        return;
    };
    if let Some((p, t)) = &m.port {
        let ports: Vec<String> = svc
            .ports
            .iter()
            .filter(|sp| !sp.name.is_empty())
            .map(|sp| {
                format!(
                    "_{}._{}",
                    sp.name,
                    crate::support::text::lower(&sp.protocol)
                )
            })
            .collect();
        let asked = format!("_{p}._{t}");
        if !ports.iter().any(|x| x.eq_ignore_ascii_case(&asked)) {
            let first = ports.first().and_then(|x| {
                let (n, pr) = x[1..].split_once("._")?;
                Some((n.to_string(), pr.to_string()))
            });
            let instead = match first {
                Some(port) => ask(
                    Meaning {
                        port: Some(port),
                        ..m.clone()
                    },
                    RecordType::Srv,
                ),
                None => ask(
                    Meaning {
                        port: None,
                        ..m.clone()
                    },
                    RecordType::Srv,
                ),
            };
            push(
                out,
                Reason::NoSuchPort {
                    asked,
                    service: svc.name.clone(),
                    ports,
                },
                instead,
            );
        }
    }
    if let Some(h) = &m.host {
        let found: Vec<_> = ix.endpoints_named(c, &m.namespace, &m.service, h).collect();
        if !found.is_empty() && found.iter().all(|(_, e, _)| e.ready == Some(false)) {
            let pod = found[0]
                .1
                .target_ref
                .as_ref()
                .map_or_else(|| h.clone(), |r| r.name.clone());
            push(
                out,
                Reason::NotReady {
                    pod,
                    service: svc.name.clone(),
                },
                None,
            );
        } else if found.is_empty() {
            // The pod exists under another Service, or was misspelled.
            match ix.pod(c, &m.namespace, h) {
                Some(p) if p.subdomain.as_deref().is_some_and(|sd| sd != m.service) => {
                    let sd = p.subdomain.clone().unwrap_or_default();
                    let host = p.hostname.clone().unwrap_or_else(|| h.clone());
                    let named = Meaning {
                        host: Some(host.clone()),
                        service: sd.clone(),
                        ..m.clone()
                    };
                    push(
                        out,
                        Reason::PodName {
                            pod: p.name.clone(),
                            hostname: host,
                            subdomain: sd,
                        },
                        ask(named, q.record_type),
                    );
                }
                _ => {
                    let hosts: Vec<&str> = ix
                        .slices_of(c, &m.namespace, &m.service)
                        .flat_map(|s| s.endpoints.iter())
                        .filter_map(|e| e.hostname.as_deref())
                        .collect();
                    if let Some(n) = nearest(hosts.into_iter(), h) {
                        let fixed = Meaning {
                            host: Some(n.to_string()),
                            ..m.clone()
                        };
                        push(
                            out,
                            Reason::Spelling {
                                what: "pod hostname",
                                asked: h.clone(),
                                meant: n.to_string(),
                            },
                            ask(fixed, q.record_type),
                        );
                    }
                    rejected(f, "StatefulSet", &stateful_set_of(h), &m.namespace, out);
                    rejected(f, "Pod", h, &m.namespace, out);
                }
            }
        }
        return;
    }
    if m.port.is_some() {
        return;
    }
    // The Service exists and the name asked is its own.
    let slices: Vec<_> = ix.slices_of(c, &m.namespace, &m.service).collect();
    let endpoints = slices.iter().flat_map(|s| s.endpoints.iter());
    let not_ready: Vec<String> = endpoints
        .clone()
        .filter(|e| e.ready == Some(false))
        .map(|e| {
            e.target_ref.as_ref().map_or_else(
                || e.hostname.clone().unwrap_or_default(),
                |r| r.name.clone(),
            )
        })
        .collect();
    if svc.headless && endpoints.clone().all(|e| e.ready == Some(false)) {
        for pod in not_ready.into_iter().take(2) {
            push(
                out,
                Reason::NotReady {
                    pod,
                    service: svc.name.clone(),
                },
                None,
            );
        }
    }
    let has = match q.record_type {
        RecordType::Aaaa if has_family(svc, endpoints.clone(), false) => Some(RecordType::A),
        RecordType::A if has_family(svc, endpoints, true) => Some(RecordType::Aaaa),
        RecordType::A | RecordType::Aaaa | RecordType::Srv => None,
        _ if !svc.headless || !slices.is_empty() => Some(RecordType::A),
        _ => None,
    };
    if let Some(t) = has {
        push(
            out,
            Reason::OtherType {
                service: svc.name.clone(),
                asked: q.record_type,
                has: t,
            },
            ask(m.clone(), t),
        );
    }
}

/// Whether the Service (its cluster IPs, or a headless one's endpoints)
/// has addresses of the family (`v6`).
fn has_family<'a>(
    svc: &crate::cluster::Service,
    mut endpoints: impl Iterator<Item = &'a crate::cluster::Endpoint>,
    v6: bool,
) -> bool {
    if svc.headless {
        endpoints.any(|e| e.addresses.iter().any(|a| a.is_ipv6() == v6))
    } else {
        svc.cluster_ips.iter().any(|a| a.is_ipv6() == v6)
    }
}

/// `web` from `web-2` (a StatefulSet pod's name), else the name itself.
fn stateful_set_of(pod: &str) -> String {
    match pod.rsplit_once('-') {
        Some((set, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => set.to_string(),
        _ => pod.to_string(),
    }
}

/// A rejected object of this kind, name and namespace, with the line and
/// words of its first error.
fn rejected(f: &Facts<'_>, kind: &str, name: &str, namespace: &str, out: &mut Vec<Suggestion>) {
    let found = f.objects.iter().enumerate().find(|(i, o)| {
        o.kind == kind
            && o.name.eq_ignore_ascii_case(name)
            && (o.namespace.eq_ignore_ascii_case(namespace) || o.namespace.is_empty())
            && !f.accepted.get(*i).copied().unwrap_or(true)
    });
    let Some((_, o)) = found else {
        return;
    };
    let error = f.diagnostics.iter().find(|d| {
        d.severity == Severity::Error
            && d.location.file == o.file
            && d.location.document == o.document
    });
    let (line, message) =
        error.map_or((0, String::new()), |d| (d.location.line, d.message.clone()));
    push(
        out,
        Reason::Rejected {
            kind: kind.to_string(),
            name: o.name.clone(),
            line,
            message,
        },
        None,
    );
}

/// The candidate nearest to `asked` by edit distance, if near enough to be
/// a slip (at most 2 edits, and fewer than a third of the name), ties to
/// the first.
fn nearest<'a>(candidates: impl Iterator<Item = &'a str>, asked: &str) -> Option<&'a str> {
    let limit = (asked.len() / 3).clamp(1, 2);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c.eq_ignore_ascii_case(asked) || c.len().abs_diff(asked.len()) > limit {
            continue;
        }
        let d = distance(asked.as_bytes(), c.to_ascii_lowercase().as_bytes());
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Levenshtein distance, with a swap of two neighbours as one edit
/// (optimal string alignment): `msyql` is one slip from `mysql`.
fn distance(a: &[u8], b: &[u8]) -> usize {
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for (j, x) in d.iter_mut().enumerate().take(w) {
        *x = j;
    }
    for i in 1..=a.len() {
        d[i * w] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

#[cfg(test)]
mod tests {
    use super::distance;

    #[test]
    fn distance_counts_slips() {
        assert_eq!(distance(b"mysql", b"mysql"), 0);
        assert_eq!(distance(b"msyql", b"mysql"), 1);
        assert_eq!(distance(b"mysq", b"mysql"), 1);
        assert_eq!(distance(b"web", b"db"), 2);
    }
}
