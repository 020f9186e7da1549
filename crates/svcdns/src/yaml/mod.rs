//! A located YAML tree: every node keeps the line and column it came from.
//!
//! `kubectl` reads manifests with go-yaml v2 (YAML 1.1) and turns them into
//! JSON before the API server decodes them. This module reproduces the parts
//! of that which change what the API server sees:
//! - plain scalars resolve as YAML 1.1 does: `yes`/`no`/`on`/`off`/`y`/`n`
//!   are booleans, `0644` is octal (420), `~` and `null` are null;
//! - `<<` merge keys are applied;
//! - aliases are expanded (with a budget, so an alias bomb cannot hang us).
//!
//! Input is split into documents at `---` lines first, so a syntax error in
//! one document does not hide the others. Each document is first tried by
//! a fast path (`fast.rs`, the `fast-yaml` feature, on by default and left
//! out of the browser bundle for size): a line-based reader of the plain block YAML
//! manifests nearly always are (block maps and sequences, one-line plain
//! and quoted scalars, `{}`, `[]`, literal `|` block scalars, comments). It
//! gives the very tree saphyr would (nodes, text, kinds, positions) or
//! gives up; saphyr-parser's event stream then builds the tree,
//! iteratively, so that deep nesting cannot overflow the stack. The
//! equality is tested in `tests/yaml_fast.rs` (every example, property
//! tests) and by the `yaml_fast` fuzz target.
//!
//! Files: `tree.rs` (the located tree), `scalar.rs` (YAML 1.1 scalars),
//! `split.rs` (the `---` documents), `fast.rs` (the fast path),
//! `saphyr.rs` (the tree from saphyr-parser's events), `tab.rs` (tabs
//! after a colon, as go-yaml reads them), `cache.rs` (the keystroke cache),
//! `text.rs` (inline scalar text); this file reads a file with them.

use std::sync::Arc;

use crate::diag::{Code, Diagnostic, DiagnosticSource, Location, Severity};

mod cache;
#[cfg(feature = "fast-yaml")]
mod fast;
mod saphyr;
mod scalar;
mod split;
mod tab;
mod text;
mod tree;

pub use cache::ParseCache;
pub use scalar::resolve_plain;
pub use text::Text;
pub use tree::{Document, Node, Pos, Scalar, ScalarKind, Value};

use cache::shift_lines;
#[cfg(feature = "fast-yaml")]
use split::line_end;
use split::{invalid_separator, split_documents};
use tab::parse_chunk_slow;

/// Deepest nesting kept. Deeper content is dropped with a diagnostic.
pub const MAX_DEPTH: usize = 128;
/// Most nodes that alias expansion may add to one document.
pub const MAX_ALIAS_NODES: usize = 100_000;
/// Largest input read, in bytes. Larger inputs are refused with a diagnostic.
///
/// Sized for cluster dumps (issue 14): `kubectl get ... -A -o yaml` prints
/// about 370 bytes per object without managedFields (a simulated cluster
/// of 20,010 Services, pods, slices and controllers dumps to 7.4 MB), and
/// installers are big too (kube-prometheus's manifests/ is 5.6 MB, mostly
/// CRDs). 32 MiB holds a dump of about 80,000 objects. The pipeline is
/// linear in the input: about 25 ms per MiB natively (tests/adversarial.rs
/// holds it to that).
pub const MAX_INPUT_BYTES: usize = 32 * 1024 * 1024;

/// Parse one file into documents. Never fails: syntax problems become
/// diagnostics located in `file`, and the documents that could be read are
/// returned.
pub fn parse(text: &str, file: u32) -> (Vec<Document>, Vec<Diagnostic>) {
    parse_cached(text, file, None)
}

/// [`parse`], reusing and refilling `cache` when one is given (call
/// [`ParseCache::sweep`] after the last file of a read).
pub fn parse_cached(
    text: &str,
    file: u32,
    mut cache: Option<&mut ParseCache>,
) -> (Vec<Document>, Vec<Diagnostic>) {
    let mut docs = Vec::new();
    let mut diags = Vec::new();
    if text.len() > MAX_INPUT_BYTES {
        diags.push(Diagnostic::plain(
            Severity::Error,
            DiagnosticSource::Yaml,
            Code::InputTooLarge,
            format!(
                "input is {} bytes; svcdns reads at most {} bytes ({} MiB), so nothing in this file was read",
                text.len(),
                MAX_INPUT_BYTES,
                MAX_INPUT_BYTES / (1024 * 1024)
            ),
            Location {
                file,
                document: 0,
                line: 1,
                column: 1,
            },
        ));
        return (docs, diags);
    }
    #[cfg(feature = "fast-yaml")]
    let mut scratch = fast::Scratch::default();
    for (chunk_line, chunk) in split_documents(text) {
        if let Some(rest) = invalid_separator(chunk) {
            // kubectl's reader fails here, before it returns the document
            // it was reading (the one above): that one and the rest of the
            // file are not applied.
            let buffered = docs.last().is_some_and(|d: &Document| d.root.is_some());
            if buffered {
                docs.pop();
            }
            diags.push(
                Diagnostic::plain(
                    Severity::Error,
                    DiagnosticSource::Yaml,
                    Code::YamlSyntax,
                    format!("invalid Yaml document separator: {rest}"),
                    Location {
                        file,
                        document: docs.len() as u32,
                        line: chunk_line,
                        column: 1,
                    },
                )
                .stopping_the_file(),
            );
            break;
        }
        if let Some(hit) = cache.as_deref_mut().and_then(|c| c.get(chunk)) {
            hit.used = true;
            // The chunk moved: its trees move with it, in the cache too, so
            // that the next read at this line shares them again. A tree the
            // last analysis still holds is copied first (`make_mut`).
            let delta = i64::from(chunk_line) - i64::from(hit.line);
            if delta != 0 {
                hit.line = chunk_line;
                for d in &mut hit.docs {
                    d.pos.line = (i64::from(d.pos.line) + delta).max(1) as u32;
                    if let Some(root) = d.root.as_mut() {
                        shift_lines(Arc::make_mut(root), delta);
                    }
                }
            }
            for d in &hit.docs {
                docs.push(Document {
                    index: docs.len() as u32,
                    ..d.clone()
                });
            }
            continue;
        }
        let (docs_before, diags_before) = (docs.len(), diags.len());
        read_chunk(
            chunk,
            chunk_line,
            file,
            &mut docs,
            &mut diags,
            #[cfg(feature = "fast-yaml")]
            &mut scratch,
        );
        if let Some(cache) = cache.as_deref_mut().filter(|_| diags.len() == diags_before) {
            cache.insert(chunk, chunk_line, docs[docs_before..].to_vec());
        }
        // kubectl stops at a syntax error: nothing after it is read.
        if let Some(error) = diags[diags_before..]
            .iter_mut()
            .find(|d| d.severity == Severity::Error)
        {
            error.stops_the_file();
            break;
        }
    }
    (docs, diags)
}

/// Read one chunk (starting at 1-based `chunk_line`): the fast path, else
/// saphyr.
fn read_chunk(
    chunk: &str,
    chunk_line: u32,
    file: u32,
    docs: &mut Vec<Document>,
    diags: &mut Vec<Diagnostic>,
    #[cfg(feature = "fast-yaml")] scratch: &mut fast::Scratch,
) {
    #[cfg(feature = "fast-yaml")]
    if let Some(doc) = fast::parse(chunk, chunk_line - 1, scratch) {
        docs.extend(doc.map(|d| Document {
            index: docs.len() as u32,
            ..d
        }));
        return;
    }
    parse_chunk_slow(chunk, chunk_line - 1, file, docs, diags);
}

/// Testing hook (the fast path's equality with saphyr): for each chunk of
/// `text`, what the fast path reads (`None`: it gave up), what the saphyr
/// path reads, and how many diagnostics that gave.
#[doc(hidden)]
#[cfg(feature = "fast-yaml")]
pub fn fast_and_slow(text: &str) -> Vec<(Option<Vec<Document>>, Vec<Document>, usize)> {
    split_documents(text)
        .into_iter()
        .map(|(line, chunk)| {
            let fast = fast::parse(chunk, line - 1, &mut Default::default())
                .map(|d| d.into_iter().collect());
            let (mut docs, mut diags) = (Vec::new(), Vec::new());
            parse_chunk_slow(chunk, line - 1, 0, &mut docs, &mut diags);
            (fast, docs, diags.len())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        let (docs, diags) = parse(text, 0);
        assert!(diags.is_empty(), "{diags:?}");
        Arc::unwrap_or_clone(docs.into_iter().next().unwrap().root.unwrap())
    }

    #[test]
    fn yaml_1_1_scalars_resolve_as_kubectl_reads_them() {
        assert_eq!(resolve_plain("yes"), ScalarKind::Bool(true));
        assert_eq!(resolve_plain("off"), ScalarKind::Bool(false));
        assert_eq!(resolve_plain("0644"), ScalarKind::Int(420));
        assert_eq!(resolve_plain("0x1F"), ScalarKind::Int(31));
        assert_eq!(resolve_plain("8080"), ScalarKind::Int(8080));
        assert_eq!(resolve_plain("-1"), ScalarKind::Int(-1));
        assert_eq!(resolve_plain("1.5"), ScalarKind::Float(1.5));
        assert_eq!(resolve_plain("3.0"), ScalarKind::Float(3.0));
        assert_eq!(resolve_plain("1e3"), ScalarKind::Float(1000.0));
        assert_eq!(resolve_plain("-2.5E-1"), ScalarKind::Float(-0.25));
        assert_eq!(
            resolve_plain("99999999999999999999"),
            ScalarKind::Float(1e20)
        );
        assert_eq!(resolve_plain("1e"), ScalarKind::Str);
        assert_eq!(resolve_plain("1.2.3"), ScalarKind::Str);
        assert_eq!(resolve_plain("~"), ScalarKind::Null);
        assert_eq!(resolve_plain("None"), ScalarKind::Str);
        assert_eq!(resolve_plain("10.96.0.10"), ScalarKind::Str);
        assert_eq!(resolve_plain("1-2-3"), ScalarKind::Str);
    }

    #[test]
    fn positions_are_one_based_line_and_column() {
        let n = one("a: 1\nspec:\n  clusterIP: None\n");
        let p = n.locate("spec.clusterIP");
        assert_eq!(
            p,
            Pos {
                line: 3,
                column: 14
            }
        );
    }

    #[test]
    fn locate_falls_back_to_the_deepest_existing_ancestor() {
        let n = one("spec:\n  ports:\n  - port: 80\n");
        assert_eq!(n.locate("spec.ports[0].name"), Pos { line: 3, column: 5 });
        assert_eq!(n.locate("spec.ports[3]").line, 3);
    }

    #[test]
    fn documents_split_and_keep_their_lines() {
        let (docs, diags) = parse("a: 1\n---\nb: 2\n---\n\n---\nc: [\n---\nd: 4\n", 0);
        // kubectl stops at the syntax error in `c: [`: `d` is never read.
        assert_eq!(docs.len(), 4);
        assert_eq!(docs[1].root.as_ref().unwrap().pos.line, 3);
        assert!(docs[2].root.is_none());
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].consequence.is_some());
        let (docs, diags) = parse("a: 1\n---\nb: 2\n---\n\n---\nd: 4\n", 0);
        assert_eq!((docs.len(), diags.len()), (4, 0));
        assert_eq!(docs[3].root.as_ref().unwrap().get("d").unwrap().pos.line, 7);
    }

    /// D3 (conformance): only spaces or a comment may follow `---`; kubectl
    /// refuses anything else (`invalid Yaml document separator: ...`) before
    /// returning the document it was reading, and reads no further.
    #[test]
    fn d3_document_separator_with_content() {
        for (text, kept, rest) in [
            ("--- {a: 1}\nb: 2\n", 0, "{a: 1}"),
            ("a: 1\n---\nb: 2\n----\nc: 3\n", 1, "-"),
            ("a: 1\n---x\n", 0, "x"),
        ] {
            let (docs, diags) = parse(text, 0);
            assert_eq!(
                docs.iter().filter(|d| d.root.is_some()).count(),
                kept,
                "{text:?}"
            );
            assert_eq!(diags.len(), 1, "{text:?}");
            assert_eq!(
                diags[0].message,
                format!("invalid Yaml document separator: {rest}")
            );
            assert!(diags[0].consequence.is_some());
        }
        let (docs, diags) = parse("---   # a comment\na: 1\n--- \t\nb: 2\n", 0);
        assert_eq!((docs.len(), diags.len()), (2, 0));
    }

    #[test]
    fn merge_keys_apply_and_own_keys_win() {
        let n = one("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n");
        let m = n.get("m").unwrap();
        assert_eq!(
            m.get("x").unwrap().as_scalar().unwrap().kind,
            ScalarKind::Int(1)
        );
        assert_eq!(
            m.get("y").unwrap().as_scalar().unwrap().kind,
            ScalarKind::Int(3)
        );
    }

    #[test]
    fn alias_bomb_is_cut_with_a_diagnostic() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let prev = (b'a' + i - 1) as char;
            let cur = (b'a' + i) as char;
            text.push_str(&format!(
                "{cur}: &{cur} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let (_, diags) = parse(&text, 0);
        assert!(
            diags.iter().any(|d| d.code == "yaml-alias-limit"),
            "{diags:?}"
        );
    }

    #[test]
    fn deep_nesting_is_cut_with_a_diagnostic() {
        let text = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
        let (_, diags) = parse(&text, 0);
        assert!(!diags.is_empty());
        let block: String = (0..10_000)
            .map(|i| format!("{}- \n", "  ".repeat(i)))
            .collect();
        let (_, diags) = parse(&block, 0);
        assert!(!diags.is_empty());
    }
}
