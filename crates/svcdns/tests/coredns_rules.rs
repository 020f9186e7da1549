//! CoreDNS's kubernetes plugin, rule by rule, as data: each
//! `tests/fixtures/coredns/<rule>.yaml` (repository root) is a cluster's
//! manifests with, in its `#` header, the CoreDNS file and function the
//! rule comes from and the questions to ask; the whole responses are in the
//! golden file beside it (`<rule>.answers`), reviewed like every golden
//! file. Regenerate deliberately with
//! `UPDATE_GOLDEN=1 cargo test -p svcdns --test coredns_rules`.
//!
//! Header lines (before the first document):
//!
//! - `# include: _base.yaml ...`: fixtures of this folder read first, as
//!   further files of the same apply (shared clusters start with `_` and
//!   are not run on their own);
//! - `# ask: NAME TYPE => STATUS`: one question to CoreDNS; STATUS
//!   (NOERROR, NODATA, NXDOMAIN, UPSTREAM, REFUSED, FORMERR) is checked
//!   here, the response in full (flags, answer, authority, additional and
//!   the `Reason`s, as data) against the golden file;
//! - `# resolve: NAME TYPE from NAMESPACE => STATUS`: what a pod of that
//!   namespace's stub resolver (glibc, ClusterFirst, `ndots:5`) asks, in
//!   order, and which answer it takes;
//! - `# zone`: the whole zone listing (`svcdns records`) goes in the
//!   golden file too.
//!
//! Every response is also checked against what holds for all of them: it
//! carries a reason; a negative authoritative answer (NXDOMAIN, NODATA)
//! has the AA bit and exactly its zone's SOA in the authority section; a
//! question handed to the next plugin carries no record.

use std::path::{Path, PathBuf};

use svcdns::coredns::{self, Response};
use svcdns::diag::Severity;
use svcdns::dns::RecordType;
use svcdns::{analyze, Analysis, Input, Options};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/coredns")
}

/// A header line's directive: `# ask: ...` is `("ask", "...")`.
fn directives(text: &str) -> Vec<(&str, &str)> {
    text.lines()
        .take_while(|l| !l.starts_with("---") && (l.starts_with('#') || l.trim().is_empty()))
        .filter_map(|l| l.strip_prefix("# "))
        .filter_map(|l| {
            if l.trim() == "zone" {
                return Some(("zone", ""));
            }
            let (key, rest) = l.split_once(':')?;
            matches!(key, "include" | "ask" | "resolve").then(|| (key, rest.trim()))
        })
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

/// One response as the golden file holds it.
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

fn analysis(path: &Path, text: &str, includes: &[&str]) -> Analysis {
    let mut files: Vec<(String, String)> = includes
        .iter()
        .map(|f| {
            let p = path.with_file_name(f);
            let text = std::fs::read_to_string(&p)
                .unwrap_or_else(|e| panic!("{}: include {f}: {e}", path.display()));
            (f.to_string(), text)
        })
        .collect();
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    files.push((name, text.to_string()));
    let inputs: Vec<Input> = files
        .iter()
        .map(|(name, text)| Input { name, text })
        .collect();
    analyze(&inputs, &Options::default())
}

/// What is wrong with one fixture.
fn check(path: &Path) -> Vec<String> {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let text = std::fs::read_to_string(path).expect("fixture readable");
    let ds = directives(&text);
    let includes: Vec<&str> = ds
        .iter()
        .filter(|(k, _)| *k == "include")
        .flat_map(|(_, v)| v.split_whitespace())
        .collect();
    let a = analysis(path, &text, &includes);
    let mut failures: Vec<String> = a
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            format!(
                "{name}: the manifests are refused: {}: {}",
                d.code, d.message
            )
        })
        .collect();
    let k = a.kubernetes();
    let mut actual = String::new();
    let mut asked = 0;
    for (key, value) in &ds {
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
                actual.push_str(&shown);
            }
            "zone" => {
                let zone: Vec<String> = coredns::zone(&a.cluster)
                    .iter()
                    .map(|r| r.to_string())
                    .collect();
                let again: Vec<String> = coredns::zone(&a.cluster)
                    .iter()
                    .map(|r| r.to_string())
                    .collect();
                if zone != again {
                    failures.push(format!("{name}: the zone listing is not stable"));
                }
                actual.push_str("zone:\n");
                for l in zone {
                    actual.push_str(&format!("  {l}\n"));
                }
            }
            _ => {}
        }
    }
    if asked == 0 && !ds.iter().any(|(k, _)| *k == "zone") {
        failures.push(format!("{name}: asks no question"));
    }
    let golden = path.with_extension("answers");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &actual).expect("golden writable");
    } else {
        let expected = std::fs::read_to_string(&golden).unwrap_or_default();
        if expected != actual {
            let diff: Vec<String> = expected
                .lines()
                .zip(actual.lines())
                .enumerate()
                .filter(|(_, (e, a))| e != a)
                .take(5)
                .map(|(i, (e, a))| {
                    format!("  line {}:\n    expected: {e}\n    actual:   {a}", i + 1)
                })
                .collect();
            failures.push(format!(
                "{name}: answers differ from {} ({} vs {} lines)\n{}",
                golden.display(),
                expected.lines().count(),
                actual.lines().count(),
                diff.join("\n")
            ));
        }
    }
    failures
}

#[test]
fn every_rule_answers_as_its_golden_file() {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .expect("tests/fixtures/coredns")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('_'))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no fixture in tests/fixtures/coredns");
    let mut failures = Vec::new();
    for p in &paths {
        failures.extend(check(p));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
