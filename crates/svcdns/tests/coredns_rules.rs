//! CoreDNS's kubernetes plugin, rule by rule, as data: each
//! `tests/fixtures/coredns/<rule>.yaml` (repository root) is a cluster's
//! manifests with, in its `#` header, the CoreDNS file and function the
//! rule comes from, the unit tests it replaced, and the questions to ask;
//! the whole responses are in the golden file beside it
//! (`<rule>.answers`). The format (`# ask:`, `# resolve:`, `# zone`) and
//! the checks every response passes are `support/mod.rs`'s, shared with
//! the cluster dumps (`dumps.rs`). Here `# include: FILE ...` reads
//! fixtures of the same folder first, as further files of the same apply
//! (shared clusters start with `_` and are not run on their own).
//! Regenerate deliberately with
//! `UPDATE_GOLDEN=1 cargo test -p svcdns --test coredns_rules`.

mod support;

use std::path::{Path, PathBuf};

use svcdns::diag::Severity;
use svcdns::{analyze, Analysis, Input, Options};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/coredns")
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
    let ds = support::directives(&text);
    let a = analysis(path, &text, &support::values(&ds, "include"));
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
    let (actual, wrong) = support::ask_all(&name, &a, &ds);
    failures.extend(wrong);
    failures.extend(support::check_golden(
        &path.with_extension("answers"),
        &actual,
    ));
    failures
}

#[test]
fn every_rule_answers_as_its_golden_file() {
    let mut paths = support::yaml_files(&fixtures());
    paths.retain(|p| !p.file_name().unwrap().to_string_lossy().starts_with('_'));
    assert!(!paths.is_empty(), "no fixture in tests/fixtures/coredns");
    let mut failures = Vec::new();
    for p in &paths {
        failures.extend(check(p));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
