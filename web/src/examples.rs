//! The examples gallery: every `examples/*.yaml`, embedded at build time
//! (`web/build.rs`), with the `# title:` and `# teaches:` header lines as
//! its description.

include!(concat!(env!("OUT_DIR"), "/examples.rs"));

/// One example manifest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    /// File name (`mysql-statefulset.yaml`).
    pub file: &'static str,
    /// The `# title:` line, or the file name.
    pub title: &'static str,
    /// The `# teaches:` line, or empty.
    pub teaches: &'static str,
    /// The whole text.
    pub text: &'static str,
}

fn header(text: &'static str, key: &str) -> Option<&'static str> {
    text.lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| l.strip_prefix('#')?.trim_start().strip_prefix(key))
        .map(str::trim)
}

/// Every example, sorted by file name.
pub fn all() -> impl Iterator<Item = Example> {
    EXAMPLES.iter().map(|&(file, text)| Example {
        file,
        title: header(text, "title:").unwrap_or(file),
        teaches: header(text, "teaches:").unwrap_or(""),
        text,
    })
}

/// The example with this file name.
pub fn by_file(file: &str) -> Option<Example> {
    all().find(|e| e.file == file)
}

#[cfg(test)]
mod tests {
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn every_example_has_a_title_and_a_lesson() {
        let all: Vec<_> = super::all().collect();
        assert!(all.len() >= 10, "{}", all.len());
        for e in all {
            assert!(!e.title.ends_with(".yaml"), "{} has no # title:", e.file);
            assert!(!e.teaches.is_empty(), "{} has no # teaches:", e.file);
        }
    }
}
