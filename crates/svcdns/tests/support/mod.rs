//! The one fixture format of the DNS tests, shared by `coredns_rules.rs`
//! (`tests/fixtures/coredns`) and `dumps.rs` (`tests/fixtures/dumps`): a
//! YAML file of manifests whose `#` header lines (before the first
//! document) say what to ask, and a golden file beside it
//! (`<name>.answers`) with the whole responses, reviewed when it changes
//! and regenerated deliberately with `UPDATE_GOLDEN=1`. [`check_golden`]
//! is every golden test's comparison (also `golden.rs` and
//! `installers.rs`).
//!
//! Header lines:
//!
//! - `# ask: NAME TYPE => STATUS`: one question to CoreDNS; STATUS
//!   (NOERROR, NODATA, NXDOMAIN, UPSTREAM, REFUSED, FORMERR) is checked as
//!   written, the response in full (flags, answer, authority, additional
//!   and the `Reason`s, as data) against the golden file;
//! - `# resolve: NAME TYPE from NAMESPACE => STATUS`: what the stub
//!   resolver (glibc, ClusterFirst, `ndots:5`) of a pod in that namespace
//!   asks, in order, and which answer it takes;
//! - `# zone`: the whole zone listing (`svcdns records`) goes in the
//!   golden file too;
//! - `# include: FILE ...` and `# expect: CODE`: read by the runner that
//!   uses them (`coredns_rules.rs`, `dumps.rs`).
//!
//! Every response is also checked against what holds for all of them: it
//! carries a reason; a negative authoritative answer (NXDOMAIN, NODATA)
//! has the AA bit and exactly one SOA in the authority section; a
//! question handed to the next plugin carries no record and no AA bit.

// Each test target compiles this module and uses part of it.
#![allow(dead_code)]

use std::path::Path;

use svcdns::coredns::{self, Response};
use svcdns::dns::RecordType;
use svcdns::Analysis;

/// The header's directives, in order: `# ask: ...` is `("ask", "...")`.
pub fn directives(text: &str) -> Vec<(&str, &str)> {
    text.lines()
        .take_while(|l| l.starts_with('#') || l.trim().is_empty())
        .filter_map(|l| l.strip_prefix("# "))
        .filter_map(|l| {
            if l.trim() == "zone" {
                return Some(("zone", ""));
            }
            let (key, rest) = l.split_once(':')?;
            matches!(key, "include" | "ask" | "resolve" | "expect").then(|| (key, rest.trim()))
        })
        .collect()
}

/// The values of one directive, split at white space.
pub fn values<'a>(ds: &[(&'a str, &'a str)], key: &str) -> Vec<&'a str> {
    ds.iter()
        .filter(|(k, _)| *k == key)
        .flat_map(|(_, v)| v.split_whitespace())
        .collect()
}

/// `NAME TYPE [from NS] => STATUS`.
struct Question<'a> {
    name: &'a str,
    qtype: RecordType,
    from: Option<&'a str>,
    status: &'a str,
}

fn question(line: &str) -> Result<Question<'_>, String> {
    let (q, status) = line
        .split_once("=>")
        .ok_or_else(|| format!("`{line}`: no `=> STATUS`"))?;
    let words: Vec<&str> = q.split_whitespace().collect();
    let (name, qtype, from) = match words[..] {
        [name, t] => (name, t, None),
        [name, t, "from", ns] => (name, t, Some(ns)),
        _ => return Err(format!("`{line}`: not `NAME TYPE [from NS] => STATUS`")),
    };
    let qtype = RecordType::parse(qtype).ok_or_else(|| format!("`{line}`: type {qtype}"))?;
    Ok(Question {
        name,
        qtype,
        from,
        status: status.trim(),
    })
}

/// One response as the golden files hold it.
fn show(r: &Response, indent: &str) -> String {
    let mut flags = Vec::new();
    if r.authoritative {
        flags.push("aa");
    }
    if r.upstream {
        flags.push("upstream");
    }
    let mut out = format!(
        "{} {} => {} rcode={} flags=[{}]\n",
        r.question.name,
        r.question.qtype,
        r.status(),
        r.rcode.as_str(),
        flags.join(" ")
    );
    for (section, records) in [
        ("answer", &r.answer),
        ("authority", &r.authority),
        ("additional", &r.additional),
    ] {
        for rec in records {
            out.push_str(&format!("{indent}  {section}: {rec}\n"));
        }
    }
    for reason in &r.reasons {
        out.push_str(&format!("{indent}  why: {reason:?}\n"));
    }
    out
}

/// What holds for every response, whatever the rule.
fn invariants(r: &Response) -> Vec<String> {
    let mut wrong = Vec::new();
    let q = format!("{} {}", r.question.name, r.question.qtype);
    if r.reasons.is_empty() {
        wrong.push(format!("{q}: no reason given"));
    }
    if r.upstream {
        if r.authoritative || !r.answer.is_empty() || !r.authority.is_empty() {
            wrong.push(format!("{q}: handed on, but with records or AA"));
        }
    } else if matches!(r.status(), "NXDOMAIN" | "NODATA") {
        if !r.authoritative {
            wrong.push(format!("{q}: negative answer without AA"));
        }
        if r.authority.len() != 1 || r.authority[0].record_type() != RecordType::Soa {
            wrong.push(format!("{q}: negative answer without exactly one SOA"));
        }
    }
    wrong
}

/// Asks an analysis the header's questions: the text for the golden file,
/// and what is wrong (a status other than the one written, a broken
/// invariant, a malformed line, no question at all).
pub fn ask_all(name: &str, a: &Analysis, ds: &[(&str, &str)]) -> (String, Vec<String>) {
    let k = a.kubernetes();
    let mut out = String::new();
    let mut failures = Vec::new();
    let mut asked = 0;
    for (key, value) in ds {
        match *key {
            "ask" | "resolve" => {
                asked += 1;
                let q = match question(value) {
                    Ok(q) => q,
                    Err(e) => {
                        failures.push(format!("{name}: {e}"));
                        continue;
                    }
                };
                let (r, shown) = if *key == "ask" {
                    if q.from.is_some() {
                        failures.push(format!("{name}: `ask` takes no `from`: {value}"));
                    }
                    let r = k.answer(q.name, q.qtype);
                    let shown = show(&r, "");
                    (r, shown)
                } else {
                    let Some(ns) = q.from else {
                        failures.push(format!("{name}: `resolve` needs `from NS`: {value}"));
                        continue;
                    };
                    let res = svcdns::resolver::resolve_with(&k, q.name, q.qtype, ns);
                    let mut shown = format!(
                        "resolve {} {} from {ns} => {} answered={}\n",
                        q.name,
                        q.qtype,
                        res.final_response.status(),
                        res.answered.map_or("none".to_string(), |i| i.to_string())
                    );
                    for (i, (_, r)) in res.tried.iter().enumerate() {
                        shown.push_str(&format!("  tried {i}: {}", show(r, "  ")));
                        failures.extend(invariants(r).into_iter().map(|w| format!("{name}: {w}")));
                    }
                    (res.final_response, shown)
                };
                failures.extend(invariants(&r).into_iter().map(|w| format!("{name}: {w}")));
                if r.status() != q.status {
                    failures.push(format!("{name}: {value}: got {}\n{shown}", r.status()));
                }
                out.push_str(&shown);
            }
            "zone" => {
                asked += 1;
                let zone = zone_lines(a);
                if zone != zone_lines(a) {
                    failures.push(format!("{name}: the zone listing is not stable"));
                }
                out.push_str("zone:\n");
                for l in zone {
                    out.push_str(&format!("  {l}\n"));
                }
            }
            _ => {}
        }
    }
    if asked == 0 {
        failures.push(format!("{name}: asks no question"));
    }
    (out, failures)
}

/// The zone as `svcdns records` lists it, a record a line.
pub fn zone_lines(a: &Analysis) -> Vec<String> {
    coredns::zone(&a.cluster)
        .iter()
        .map(|r| r.to_string())
        .collect()
}

/// The `*.yaml` files of `dir`, sorted by name (every golden test's list
/// of fixtures).
pub fn yaml_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

/// `actual` against the golden file (written instead under
/// `UPDATE_GOLDEN`): what differs, if anything.
pub fn check_golden(golden: &Path, actual: &str) -> Option<String> {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(golden, actual).expect("golden writable");
        return None;
    }
    let expected = std::fs::read_to_string(golden).unwrap_or_default();
    if expected == actual {
        return None;
    }
    let diff: Vec<String> = expected
        .lines()
        .zip(actual.lines())
        .enumerate()
        .filter(|(_, (e, a))| e != a)
        .take(5)
        .map(|(i, (e, a))| format!("  line {}:\n    expected: {e}\n    actual:   {a}", i + 1))
        .collect();
    Some(format!(
        "{} differs ({} vs {} lines)\n{}",
        golden.display(),
        expected.lines().count(),
        actual.lines().count(),
        diff.join("\n")
    ))
}
