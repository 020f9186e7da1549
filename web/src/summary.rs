//! The status line: what the page reports about the pasted text, from the
//! core's analysis. Plain Rust with no web types.

use svcdns::diag::Severity;
use svcdns::Analysis;

/// What the page currently reports about the pasted text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// API objects read.
    pub objects: usize,
    /// Diagnostics of severity error.
    pub errors: usize,
    /// Diagnostics of severity warning.
    pub warnings: usize,
}

impl Summary {
    /// Summarise an analysis.
    pub fn of(analysis: &Analysis) -> Summary {
        let count = |s: Severity| {
            analysis
                .diagnostics
                .iter()
                .filter(|d| d.severity == s)
                .count()
        };
        Summary {
            objects: analysis.objects.len(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
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

    /// The warnings count, e.g. `1 warning`.
    pub fn warnings_line(&self) -> String {
        format!(
            "{} {}",
            self.warnings,
            plural(self.warnings, "warning", "warnings")
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

    fn of(text: &str) -> Summary {
        Summary::of(&crate::model::run(
            text,
            &Default::default(),
            #[cfg(feature = "cluster")]
            &Default::default(),
        ))
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn summarises_the_sample() {
        let s = of(crate::SAMPLE_MANIFEST);
        assert_eq!((s.objects, s.errors), (3, 0), "{s:?}");
        assert_eq!(s.headline(), "3 objects, 0 errors");
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn empty_text_has_no_objects() {
        let s = of("");
        assert_eq!(s.headline(), "0 objects, 0 errors");
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn reports_a_syntax_error() {
        let s = of("a: [1, 2\n");
        assert_eq!(s.errors, 1, "{s:?}");
    }
}
