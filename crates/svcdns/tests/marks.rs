//! What a diagnostic marks on its line (`diag::mark_end`): from its column
//! to the end of the line, without a trailing comment or spaces, at least
//! one character.

mod support;

use svcdns::{analyze, Analysis, Input, Options};

fn analysis(text: &str) -> Analysis {
    analyze(
        &[Input {
            name: "m.yaml",
            text,
        }],
        &Options::default(),
    )
}

/// The text a diagnostic marks, by its line, column and end column.
fn marked<'t>(text: &'t str, d: &svcdns::diag::Diagnostic) -> &'t str {
    let line = text.lines().nth(d.location.line as usize - 1).unwrap_or("");
    let end_column = svcdns::diag::mark_end(line, d.location.column);
    let start = line
        .char_indices()
        .nth(d.location.column as usize - 1)
        .map_or(line.len(), |(i, _)| i);
    let end = line
        .char_indices()
        .nth(end_column as usize - 1)
        .map_or(line.len(), |(i, _)| i);
    &line[start..end]
}

#[test]
fn a_value_is_marked_without_its_comment() {
    let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  clusterIP: None   # headless, I hope\n  ports:\n  - port: 80\n";
    let a = analysis(text);
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code == "invalid-value")
        .expect("the NodePort error");
    assert_eq!(marked(text, d), "None");
}

#[test]
fn a_hash_inside_a_value_does_not_end_the_mark() {
    let text =
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web#1\nspec:\n  ports:\n  - port: 80\n";
    let a = analysis(text);
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.field.as_deref() == Some("metadata.name"))
        .expect("the name error");
    assert_eq!(marked(text, d), "web#1");
}

#[test]
fn a_mark_at_the_end_of_a_line_covers_one_character() {
    // A syntax error can point past the last character of its line.
    let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: [web\n";
    let a = analysis(text);
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code == "yaml-syntax")
        .expect("a syntax error");
    let line = text.lines().nth(d.location.line as usize - 1).unwrap_or("");
    assert!(
        svcdns::diag::mark_end(line, d.location.column) > d.location.column,
        "{d:?}"
    );
}

/// The rule on every example and fixture: each mark starts where the
/// diagnostic points, is at least one character, never ends in a space and
/// holds no comment.
#[test]
fn every_mark_in_the_examples_and_fixtures_is_the_rest_of_its_line() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut n = 0;
    for dir in [
        "examples",
        "tests/fixtures/installers",
        "tests/fixtures/dumps",
        "tests/fixtures/coredns",
    ] {
        for path in support::yaml_files(&root.join(dir)) {
            let text = std::fs::read_to_string(&path).unwrap();
            for d in &analysis(&text).diagnostics {
                let m = marked(&text, d);
                assert!(
                    !m.is_empty()
                        || text
                            .lines()
                            .nth(d.location.line as usize - 1)
                            .is_none_or(|l| l.chars().count() < d.location.column as usize),
                    "{path:?}: {d:?}"
                );
                assert!(
                    !m.ends_with(' ') && !m.contains(" #"),
                    "{path:?}: {m:?} for {d:?}"
                );
                n += 1;
            }
        }
    }
    assert!(n >= 20, "only {n} diagnostics");
}
