//! Golden files for `svcdns check` on every example: what the API server
//! says and what the wiring checks say, in the CLI's text form.
//!
//! Regenerate deliberately with
//! `UPDATE_GOLDEN=1 cargo test -p svcdns-cli --test golden_check`, then
//! review the diff: a change here is a change in what svcdns teaches.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn every_example_check_output_matches_its_golden_file() {
    let mut examples: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    examples.sort();
    let mut failures = Vec::new();
    for ex in examples {
        let name = ex.file_name().unwrap().to_string_lossy().to_string();
        // Run from the repository root with a relative path, so the file
        // names printed are stable.
        let out = Command::new(env!("CARGO_BIN_EXE_svcdns"))
            .current_dir(root())
            .args(["check", "-f", &format!("examples/{name}")])
            .output()
            .unwrap();
        let text = format!(
            "exit {}\n{}",
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout)
        );
        let golden = root()
            .join("tests/golden")
            .join(name.replace(".yaml", ".check"));
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&golden, &text).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&golden).unwrap_or_default();
        if expected != text {
            failures.push(format!(
                "{} differs:\n--- expected\n{expected}\n--- actual\n{text}",
                golden.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
