//! Golden files: every example manifest's whole zone (what `svcdns records`
//! prints), checked line for line.
//!
//! A change to a golden file is a change in what svcdns teaches: review it.
//! Regenerate deliberately with `UPDATE_GOLDEN=1 cargo test -p svcdns --test golden`.

use std::path::{Path, PathBuf};

use svcdns::{analyze, coredns, Input, Options};

mod support;
use support::check_golden;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn examples() -> Vec<PathBuf> {
    support::yaml_files(&root().join("examples"))
}

#[test]
fn every_example_zone_matches_its_golden_file() {
    let mut failures = Vec::new();
    for ex in examples() {
        let text = std::fs::read_to_string(&ex).unwrap();
        let name = ex.file_name().unwrap().to_string_lossy().to_string();
        let analysis = analyze(
            &[Input {
                name: &name,
                text: &text,
            }],
            &Options::default(),
        );
        let mut out = String::new();
        for r in coredns::zone(&analysis.cluster) {
            out.push_str(&r.to_string());
            out.push('\n');
        }
        let golden = root()
            .join("tests/golden")
            .join(name.replace(".yaml", ".zone"));
        failures.extend(check_golden(&golden, &out));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
