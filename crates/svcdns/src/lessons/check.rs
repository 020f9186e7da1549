//! A step's checks against an analysis: pure, and each failure says which
//! part and why, in the answers' own reasons.

use super::{AnswerCheck, Check, IdentityCheck, ObjectCheck};
use crate::coredns::Response;
use crate::diag::Severity;
use crate::dns::RData;
use crate::resolver::resolve_with;
use crate::Analysis;

/// One check's verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckResult {
    /// Whether it holds.
    pub passed: bool,
    /// What it is about (`mysql-0.mysql from default (A)`).
    pub part: String,
    /// What was found, and why (empty when it passed).
    pub reason: String,
}

/// Every check of a step (`step.checks`), in order, against the learner's
/// analysis.
pub fn check_step(checks: &[Check], analysis: &Analysis) -> Vec<CheckResult> {
    checks.iter().map(|c| check(c, analysis)).collect()
}

/// Why a response is what it is, in sentences: the one place lessons read
/// an answer's reasons from.
pub fn reasons(response: &Response) -> Vec<String> {
    crate::explain::reason::sentences(&response.reasons)
}

fn check(c: &Check, analysis: &Analysis) -> CheckResult {
    let failure = match c {
        Check::Answer(a) => answer(a, analysis),
        Check::Object(o) => object(o, analysis),
        Check::Identity(i) => identity(i, analysis),
    };
    CheckResult {
        passed: failure.is_none(),
        part: c.part(),
        reason: failure.unwrap_or_default(),
    }
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

fn because(found: String, response: &Response) -> String {
    let why = reasons(response);
    if why.is_empty() {
        found
    } else {
        format!("{found} because {}", why.join("; "))
    }
}

fn answer(a: &AnswerCheck, analysis: &Analysis) -> Option<String> {
    let k = analysis.kubernetes();
    let resolution = resolve_with(&k, &a.name, a.qtype, &a.from);
    let r = &resolution.final_response;
    // In plain words: a name the kubernetes plugin forwards gets no answer
    // from the cluster (what upstream says is not simulated).
    let status = if r.upstream {
        "no answer from the cluster (forwarded upstream)"
    } else {
        r.status()
    };
    let because = |found: String, r: &Response| match why_not(&resolution) {
        Some((name, other)) => {
            let found = format!("{found}; {name} is {}", other.status());
            because(found, other)
        }
        None => because(found, r),
    };
    if let Some(want) = &a.rcode {
        let matches = if want == "NOERROR" {
            r.rcode == crate::dns::Rcode::NoError && !r.upstream
        } else {
            status == want
        };
        if !matches {
            return Some(because(format!("{status}, wanted {want}"), r));
        }
    }
    if let Some(n) = a.records {
        if r.answer.len() != n {
            return Some(because(
                format!(
                    "{status} with {}, wanted {}",
                    plural(r.answer.len(), "record"),
                    plural(n, "record")
                ),
                r,
            ));
        }
    }
    if let Some(n) = a.srv_targets {
        let targets = set(r.answer.iter().filter_map(|rec| match &rec.rdata {
            RData::Srv { target, .. } => Some(target.to_string()),
            _ => None,
        }));
        if targets.len() != n {
            return Some(because(
                format!(
                    "{status} with {}, wanted {}",
                    plural(targets.len(), "SRV target"),
                    plural(n, "SRV target")
                ),
                r,
            ));
        }
    }
    if let Some(want) = &a.addresses {
        let got = set(r.answer.iter().filter_map(|rec| match &rec.rdata {
            RData::A(ip) => Some(ip.to_string()),
            RData::Aaaa(ip) => Some(ip.to_string()),
            _ => None,
        }));
        let want = set(want.iter().cloned());
        if got != want {
            let list = |s: &Vec<String>| {
                if s.is_empty() {
                    "no address".to_string()
                } else {
                    s.join(", ")
                }
            };
            return Some(because(
                format!("{status} with {}, wanted {}", list(&got), list(&want)),
                r,
            ));
        }
    }
    if let Some(n) = a.queries {
        let asked = resolution.tried.len();
        if asked != n {
            let names: Vec<String> = resolution
                .tried
                .iter()
                .map(|(q, resp)| format!("{q} {}", resp.status()))
                .collect();
            return Some(format!(
                "the resolver asked {} ({}), wanted {n}; {}",
                plural(asked, "name"),
                names.join(", "),
                crate::explain::reason::resolution_sentences(&resolution).join("; ")
            ));
        }
    }
    None
}

/// Distinct texts, sorted (a sorted `Vec` rather than a `BTreeSet`: each
/// B-tree type is its own copy in the browser bundle).
fn set(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = items.collect();
    crate::support::sort::sort_by(&mut v, |a, b| a.cmp(b));
    v.dedup();
    v
}

/// When the walk got no records, the search candidate in the cluster zone
/// that says most: the first one CoreDNS answered itself (the name in the
/// asker's namespace), since the last one asked is often forwarded
/// upstream, where nothing is simulated.
fn why_not(resolution: &crate::resolver::Resolution) -> Option<(&str, &Response)> {
    if resolution.answered.is_some() || !resolution.final_response.upstream {
        return None;
    }
    resolution
        .tried
        .iter()
        .find(|(_, r)| !r.upstream)
        .map(|(q, r)| (q.as_str(), r))
}

fn object(o: &ObjectCheck, analysis: &Analysis) -> Option<String> {
    // `Kind/namespace/name` compared field by field (no id written per
    // object on every keystroke).
    let mut id = o.object.splitn(3, '/');
    let (kind, ns, name) = (id.next(), id.next(), id.next());
    let index = analysis.objects.iter().position(|x| {
        Some(x.kind.as_str()) == kind
            && Some(x.namespace.as_str()) == ns
            && Some(x.name.as_str()) == name
    });
    let Some(index) = index else {
        return Some(format!("there is no {} in the manifest", o.object));
    };
    let diags: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.object.as_deref() == Some(o.object.as_str()))
        .collect();
    if o.no_warnings {
        let bad: Vec<String> = diags
            .iter()
            .filter(|d| matches!(d.severity, Severity::Error | Severity::Warning))
            .map(|d| d.message.clone())
            .collect();
        if !analysis.accepted[index] || !bad.is_empty() {
            return Some(if bad.is_empty() {
                "the API server rejects it".to_string()
            } else {
                bad.join("; ")
            });
        }
    }
    if let Some(field) = &o.rejected {
        if analysis.accepted[index] {
            return Some("the API server accepts it".to_string());
        }
        let named = diags.iter().any(|d| {
            d.severity == Severity::Error && d.field.as_deref().is_some_and(|f| f == field)
        });
        if !named {
            let errors: Vec<String> = diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| d.message.clone())
                .collect();
            return Some(format!(
                "rejected, but not for {field}: {}",
                errors.join("; ")
            ));
        }
    }
    None
}

fn identity(i: &IdentityCheck, analysis: &Analysis) -> Option<String> {
    let (ns, name) = i.statefulset.split_once('/').unwrap_or(("", ""));
    // That StatefulSet's identities alone (checked on every keystroke:
    // not every set's, as `Analysis::statefulsets` gives them).
    let a = analysis;
    let at =
        a.objects.iter().zip(&a.accepted).position(|(o, &ok)| {
            ok && o.kind == "StatefulSet" && o.namespace == ns && o.name == name
        });
    let sets = match at {
        Some(at) => crate::names::statefulset_identities(
            &a.objects[at..=at],
            &a.accepted[at..=at],
            &a.cluster,
            &a.index,
            &a.workload_pods,
        ),
        None => Vec::new(),
    };
    let Some(set) = sets.first() else {
        return Some(format!(
            "there is no StatefulSet {} in the cluster",
            i.statefulset
        ));
    };
    let Some(pod) = set.pods.iter().find(|p| p.name == i.pod) else {
        return Some(format!(
            "StatefulSet {name} has {}, and no {}",
            plural(set.pods.len(), "pod"),
            i.pod
        ));
    };
    let want = crate::dns::name::fqdn(&i.fqdn);
    match &pod.fqdn {
        Some(f) if crate::dns::name::fqdn(f).eq_ignore_ascii_case(&want) && pod.resolves => None,
        Some(f) if crate::dns::name::fqdn(f).eq_ignore_ascii_case(&want) => {
            let r = analysis
                .kubernetes()
                .answer(&want, crate::dns::RecordType::A);
            Some(because(format!("{want} is {}", r.status()), &r))
        }
        Some(f) => Some(format!("{} is named {f}, wanted {want}", i.pod)),
        None => {
            let r = analysis
                .kubernetes()
                .answer(&want, crate::dns::RecordType::A);
            Some(because(
                format!("{} has no DNS name; {want} is {}", i.pod, r.status()),
                &r,
            ))
        }
    }
}
