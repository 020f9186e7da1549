//! The view model: what the page shows, computed from the core's output.
//!
//! Plain Rust with no web types.

use svcdns::diag::Severity;
use svcdns::{analyze, Input, Options};

/// What the page currently reports about the pasted text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// API objects read.
    pub objects: usize,
    /// Objects the API server would accept.
    pub accepted: usize,
    /// Diagnostics of severity error.
    pub errors: usize,
    /// Diagnostics of severity warning.
    pub warnings: usize,
    /// Records in the simulated cluster's DNS zone.
    pub records: usize,
    /// The first error's message (it names its line), if there is one.
    pub first_error: Option<String>,
}

impl Summary {
    /// Analyse one pasted file with the core and summarise the result.
    pub fn of(text: &str) -> Summary {
        let analysis = analyze(
            &[Input {
                name: "manifest.yaml",
                text,
            }],
            &Options::default(),
        );
        let count = |s: Severity| {
            analysis
                .diagnostics
                .iter()
                .filter(|d| d.severity == s)
                .count()
        };
        Summary {
            objects: analysis.objects.len(),
            accepted: analysis.accepted.iter().filter(|a| **a).count(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            records: svcdns::dns::zone(&analysis.cluster).len(),
            first_error: analysis
                .diagnostics
                .iter()
                .find(|d| d.severity == Severity::Error)
                .map(|d| d.message.clone()),
        }
    }

    /// One line for the status bar, e.g. `2 objects, 0 errors`.
    pub fn headline(&self) -> String {
        format!(
            "{} {}, {} {}",
            self.objects,
            plural(self.objects, "object", "objects"),
            self.errors,
            plural(self.errors, "error", "errors"),
        )
    }

    /// The size of the simulated DNS zone, e.g. `25 DNS records`.
    pub fn records_line(&self) -> String {
        format!(
            "{} DNS {}",
            self.records,
            plural(self.records, "record", "records")
        )
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

// Plain logic: run natively (`cargo test -p svcdns-web --lib`) and as wasm in
// Node (`cargo test -p svcdns-web --target wasm32-unknown-unknown`; plain
// `#[test]` does not run under wasm-bindgen-test-runner).
#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn summarises_the_sample() {
        let s = Summary::of(crate::SAMPLE_MANIFEST);
        assert_eq!((s.objects, s.accepted, s.errors), (2, 2, 0), "{s:?}");
        assert_eq!(s.headline(), "2 objects, 0 errors");
        assert!(s.records > 0, "{s:?}");
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn empty_text_has_no_objects() {
        let s = Summary::of("");
        assert_eq!(s.headline(), "0 objects, 0 errors");
        assert_eq!(s.first_error, None);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn reports_a_syntax_error() {
        let s = Summary::of("a: [1, 2\n");
        assert_eq!(s.errors, 1, "{s:?}");
        assert!(
            s.first_error.as_deref().unwrap_or("").contains("line "),
            "{s:?}"
        );
    }
}
