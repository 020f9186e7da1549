//! Released installers of popular projects (issue 14): svcdns must accept
//! them without a false error. Each `tests/fixtures/installers/*.yaml` is
//! a project's published install manifest, unchanged below a header that
//! names its source and commit; its `.diagnostics` golden file lists every
//! diagnostic svcdns gives it (line, column, severity, code, message), so
//! a new finding on a real installer is reviewed like any golden change:
//! `UPDATE_GOLDEN=1 cargo test -p svcdns --test installers`.
//!
//! Checked by hand the same way (too large to keep): argo-cd
//! manifests/install.yaml (1.9 MB; one true warning: the
//! argocd-application-controller StatefulSet's serviceName names no
//! Service), strimzi install/cluster-operator, kube-prometheus setup/ and
//! manifests/ in one paste (5.6 MB; its custom resources get kubectl's
//! "ensure CRDs are installed first", as a one-shot apply does, with the
//! reason and the fix).

use std::path::{Path, PathBuf};

use svcdns::diag::Severity;
use svcdns::{analyze, Input, Options};

mod support;
use support::check_golden;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/installers")
}

#[test]
fn installers_are_accepted_without_a_false_error() {
    let files = support::yaml_files(&fixtures());
    assert!(files.len() >= 2, "{files:?}");
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let a = analyze(
            &[Input {
                name: &name,
                text: &text,
            }],
            &Options::default(),
        );
        let errors: Vec<_> = a
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| &d.message)
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        assert!(a.objects.len() > 10, "{name}: {} objects", a.objects.len());
        let mut got = String::new();
        for d in &a.diagnostics {
            got.push_str(&format!(
                "{}:{} {:?} {}: {}\n",
                d.location.line, d.location.column, d.severity, d.code, d.message
            ));
        }
        let golden = path.with_extension("diagnostics");
        if let Some(difference) = check_golden(&golden, &got) {
            panic!("{name}: {difference}");
        }
    }
}
