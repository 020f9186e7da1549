//! The view model: what the page shows, computed from the core's output.
//!
//! Plain Rust with no web types.

use svcdns::diag::Severity;

/// What the page currently reports about the pasted text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// YAML documents read (empty ones included).
    pub documents: usize,
    /// Documents with content.
    pub non_empty: usize,
    /// Diagnostics of severity error.
    pub errors: usize,
    /// Diagnostics of other severities.
    pub notes: usize,
    /// The first error's message (it names its line), if there is one.
    pub first_error: Option<String>,
}

impl Summary {
    /// Summarise one pasted file.
    // TODO: switch to `svcdns::analyze` once the core's top-level API lands.
    pub fn of(text: &str) -> Summary {
        let (docs, diags) = svcdns::yaml::parse(text, 0);
        let errors: Vec<_> = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        Summary {
            documents: docs.len(),
            non_empty: docs.iter().filter(|d| d.root.is_some()).count(),
            errors: errors.len(),
            notes: diags.len() - errors.len(),
            first_error: errors.first().map(|d| d.message.clone()),
        }
    }

    /// One line for the status bar, e.g. `2 YAML documents, 0 errors`.
    pub fn headline(&self) -> String {
        format!(
            "{} YAML {}, {} {}",
            self.non_empty,
            plural(self.non_empty, "document", "documents"),
            self.errors,
            plural(self.errors, "error", "errors"),
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
    fn counts_documents() {
        let s = Summary::of(crate::SAMPLE_MANIFEST);
        assert_eq!(s.non_empty, 2);
        assert_eq!(s.errors, 0);
        assert_eq!(s.headline(), "2 YAML documents, 0 errors");
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn empty_text_has_no_documents() {
        let s = Summary::of("");
        assert_eq!(s.non_empty, 0);
        assert_eq!(s.headline(), "0 YAML documents, 0 errors");
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn reports_a_syntax_error() {
        let s = Summary::of("a: [1, 2\n");
        assert_eq!(s.errors, 1, "{s:?}");
        assert!(s.first_error.is_some());
        assert_eq!(s.headline(), "0 YAML documents, 1 error");
    }
}
