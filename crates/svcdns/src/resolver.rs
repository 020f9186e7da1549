//! A client pod's stub resolver: glibc's search-list walk.
//!
//! A pod with `dnsPolicy: ClusterFirst` gets this `/etc/resolv.conf`
//! (kubelet `pkg/kubelet/network/dns`):
//!
//! ```text
//! nameserver <kube-dns cluster IP>
//! search <ns>.svc.<zone> svc.<zone> <zone>
//! options ndots:5
//! ```
//!
//! (plus the node's own search domains, which are not simulated).

use crate::cluster::Cluster;
use crate::coredns::{Kubernetes, Response};
use crate::dns::name;
use crate::dns::{Rcode, RecordType};

/// `options ndots:5`, as kubelet writes it.
pub const NDOTS: usize = 5;

/// How one name was resolved: every question asked, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolution {
    /// Each name asked (absolute) and CoreDNS's response to it, in order.
    pub tried: Vec<(String, Response)>,
    /// The index in `tried` of the response the application got records
    /// from, if any.
    pub answered: Option<usize>,
    /// The response the application sees: the answering one, or the one
    /// whose error glibc reports (see [`resolve`]).
    pub final_response: Response,
    /// How the search went, as data (worded by `explain::reason`).
    pub steps: Vec<SearchStep>,
}

/// One step of glibc's search walk (`res_search`), as data: what
/// `explain::reason` words as the search's part of an explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SearchStep {
    /// The name ends with a dot: asked as is, once.
    Absolute {
        /// The name as given.
        name: String,
    },
    /// At least `ndots` dots: the name as is first, then the search list.
    AsIsFirst {
        /// The name as given.
        name: String,
        /// Its dots.
        dots: usize,
    },
    /// Fewer than `ndots` dots: the search list first, then the name as is.
    SearchListFirst {
        /// The name as given.
        name: String,
        /// Its dots.
        dots: usize,
        /// The search list.
        search: Vec<String>,
    },
    /// A name of the search list answered: the search stops.
    Answered {
        /// The name asked (absolute).
        asked: String,
    },
    /// A name could not be asked or was refused: the search ends.
    Fatal {
        /// The name asked (absolute).
        asked: String,
    },
    /// No search domain answered; the name as is did.
    AsIsAnswered {
        /// The name asked (absolute).
        asked: String,
    },
    /// Nothing answered; the error of the first query (the name as is) is
    /// reported.
    FirstErrorReported,
    /// Nothing answered; a NODATA makes it NO_DATA rather than NXDOMAIN.
    NoDataReported {
        /// The name that gave NODATA (absolute).
        asked: String,
    },
    /// Nothing answered; a SERVFAIL is reported (TRY_AGAIN).
    ServFailReported,
    /// Nothing answered: NXDOMAIN (HOST_NOT_FOUND).
    NxDomainReported,
    /// A name outside the cluster zone went upstream, not simulated: the
    /// walk went on as if upstream had said NXDOMAIN.
    UpstreamNotSimulated,
}

/// The `nameserver` of a `ClusterFirst` pod's resolv.conf: kubelet's
/// `clusterDNS`, the `kube-system/kube-dns` Service's cluster IP (kubeadm's
/// 10.96.0.10 when the manifests replaced it with none).
pub fn nameserver(cluster: &Cluster) -> String {
    cluster
        .service("kube-system", "kube-dns")
        .and_then(|s| s.cluster_ips.first())
        .map(|ip| ip.to_string())
        .unwrap_or_else(|| "10.96.0.10".into())
}

/// The search list of a `ClusterFirst` pod in `namespace`:
/// `<ns>.svc.<zone> svc.<zone> <zone>`.
pub fn search_list(cluster: &Cluster, namespace: &str) -> Vec<String> {
    let zone = cluster.config.zone.trim().trim_end_matches('.').to_string();
    if zone.is_empty() {
        return vec![format!("{namespace}.svc"), "svc".to_string()];
    }
    vec![
        format!("{namespace}.svc.{zone}"),
        format!("svc.{zone}"),
        zone.clone(),
    ]
}

/// What happened to one candidate, in glibc's terms (`h_errno`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// NOERROR with records: `res_query` returns > 0.
    Answer,
    /// `NO_DATA`: NOERROR, no answer records. Keep searching.
    NoData,
    /// `HOST_NOT_FOUND`: NXDOMAIN. Keep searching.
    NotFound,
    /// `TRY_AGAIN` with rcode SERVFAIL. Keep searching.
    ServFail,
    /// `NO_RECOVERY` (REFUSED, FORMERR, a name that cannot be encoded):
    /// "anything else implies that we're done" with the search list.
    Fatal,
}

fn outcome(r: &Response) -> Outcome {
    if r.upstream && r.answer.is_empty() {
        // Unknown: we assume upstream said NXDOMAIN (see the note).
        return Outcome::NotFound;
    }
    match r.rcode {
        Rcode::NoError if !r.answer.is_empty() => Outcome::Answer,
        Rcode::NoError => Outcome::NoData,
        Rcode::NxDomain => Outcome::NotFound,
        Rcode::ServFail => Outcome::ServFail,
        Rcode::FormErr | Rcode::Refused => Outcome::Fatal,
    }
}

/// Resolves `name` the way glibc's `res_search` (`resolv/res_query.c`
/// `__res_context_search`) does for a pod in `client_namespace`, asking
/// CoreDNS ([`answer`](crate::coredns::answer)) for each candidate name.
///
/// What is implemented, from glibc:
/// - "dots" counts every `.` in the name, a trailing one included. A name
///   ending in `.` is asked as is, once, and that response is final.
/// - With `dots >= ndots` (5) the name is first asked as is; a response with
///   answers ends the search. Otherwise the search list comes next.
/// - The search list is tried in order, `name + "." + domain`. A response
///   with answer records ends everything. NXDOMAIN (`HOST_NOT_FOUND`),
///   NODATA (`NO_DATA`: "a wildcard entry of another type could keep us from
///   finding this entry higher in the domain") and SERVFAIL go on to the
///   next domain. Anything else (REFUSED, FORMERR, a name that cannot be
///   encoded: `NO_RECOVERY`) stops the search list.
/// - If the name was not asked as is yet, it is asked last.
/// - With no answer: if the as-is query came first, its error is the one
///   reported; else NODATA if any search candidate gave NODATA; else
///   SERVFAIL if any gave it; else the last error. `final_response` is the
///   response that error came from (the first such, for NODATA).
///
/// Not simulated: `getaddrinfo` sends A and AAAA together and merges them
/// (here one type is asked at a time); musl (Alpine) walks the list
/// differently; `single-request`, `/etc/hosts` and the node's own search
/// domains. A name outside the cluster zone is forwarded upstream by
/// CoreDNS; its answer is unknown, and the walk goes on as if it were
/// NXDOMAIN, with a note saying so.
pub fn resolve(
    cluster: &Cluster,
    name: &str,
    qtype: RecordType,
    client_namespace: &str,
) -> Resolution {
    resolve_with(&Kubernetes::new(cluster), name, qtype, client_namespace)
}

/// [`resolve`] for an already indexed cluster.
pub fn resolve_with(
    k: &Kubernetes<'_>,
    name: &str,
    qtype: RecordType,
    client_namespace: &str,
) -> Resolution {
    let search = search_list(k.cluster(), client_namespace);
    res_search(name, &search, |q| k.answer(q, qtype))
}

/// glibc's `__res_context_search` over any name server: `search` is the
/// search list, and `answer` gives the name server's response to one name
/// (absolute or not) for the type being resolved. The walk is described at
/// [`resolve`].
pub fn res_search(name: &str, search: &[String], answer: impl Fn(&str) -> Response) -> Resolution {
    let name = name.trim();
    let mut tried: Vec<(String, Response)> = Vec::new();
    let mut steps = Vec::new();
    let dots = name.matches('.').count();
    let trailing = name.ends_with('.');

    let ask = |tried: &mut Vec<(String, Response)>, q: String| -> Outcome {
        let r = answer(&q);
        let o = outcome(&r);
        tried.push((name::fqdn(&q), r));
        o
    };
    let finish = |tried: Vec<(String, Response)>,
                  answered: Option<usize>,
                  pick: usize,
                  mut steps: Vec<SearchStep>|
     -> Resolution {
        if tried.iter().any(|(_, r)| r.upstream) {
            steps.push(SearchStep::UpstreamNotSimulated);
        }
        let final_response = tried
            .get(pick)
            .map(|(_, r)| r.clone())
            .unwrap_or_else(|| answer(name));
        Resolution {
            tried,
            answered,
            final_response,
            steps,
        }
    };

    if trailing {
        steps.push(SearchStep::Absolute {
            name: name.to_string(),
        });
        let o = ask(&mut tried, name.to_string());
        let answered = (o == Outcome::Answer).then_some(0);
        return finish(tried, answered, 0, steps);
    }

    let mut saved: Option<usize> = None;
    let mut tried_as_is = false;
    if dots >= NDOTS {
        steps.push(SearchStep::AsIsFirst {
            name: name.to_string(),
            dots,
        });
        let o = ask(&mut tried, name.to_string());
        if o == Outcome::Answer {
            return finish(tried, Some(0), 0, steps);
        }
        saved = Some(0);
        tried_as_is = true;
    } else {
        steps.push(SearchStep::SearchListFirst {
            name: name.to_string(),
            dots,
            search: search.to_vec(),
        });
    }

    let mut first_nodata: Option<usize> = None;
    let mut first_servfail: Option<usize> = None;
    for domain in search {
        let q = format!("{name}.{domain}");
        let o = ask(&mut tried, q);
        let idx = tried.len() - 1;
        match o {
            Outcome::Answer => {
                steps.push(SearchStep::Answered {
                    asked: tried[idx].0.clone(),
                });
                return finish(tried, Some(idx), idx, steps);
            }
            Outcome::NoData => {
                first_nodata.get_or_insert(idx);
            }
            Outcome::NotFound => {}
            Outcome::ServFail => {
                first_servfail.get_or_insert(idx);
            }
            Outcome::Fatal => {
                steps.push(SearchStep::Fatal {
                    asked: tried[idx].0.clone(),
                });
                break;
            }
        }
    }

    if !tried_as_is {
        let o = ask(&mut tried, name.to_string());
        let idx = tried.len() - 1;
        if o == Outcome::Answer {
            steps.push(SearchStep::AsIsAnswered {
                asked: tried[idx].0.clone(),
            });
            return finish(tried, Some(idx), idx, steps);
        }
    }

    let last = tried.len().saturating_sub(1);
    let pick = if let Some(s) = saved {
        steps.push(SearchStep::FirstErrorReported);
        s
    } else if let Some(n) = first_nodata {
        steps.push(SearchStep::NoDataReported {
            asked: tried[n].0.clone(),
        });
        n
    } else if let Some(s) = first_servfail {
        steps.push(SearchStep::ServFailReported);
        s
    } else {
        steps.push(SearchStep::NxDomainReported);
        last
    };
    finish(tried, None, pick, steps)
}
