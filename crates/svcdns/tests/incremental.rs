//! Reading an edited text again with a parse cache (`analyze_cached`, what
//! the playground does on every keystroke) gives exactly what reading it
//! from scratch (`analyze`) gives: after any sequence of edits, whatever
//! lines moved, whatever documents appeared, broke or vanished.

use proptest::prelude::*;
use svcdns::{analyze, analyze_cached, generate, Cache, Input, Options};

fn input(text: &str) -> [Input<'_>; 1] {
    [Input {
        name: "manifest.yaml",
        text,
    }]
}

/// An edit at a place given as a fraction of the text.
#[derive(Clone, Debug)]
enum Edit {
    Insert(f64, &'static str),
    DeleteLine(f64),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (
            0.0..1.0f64,
            prop::sample::select(vec![
                "\n",
                "# a comment\n",
                "x",
                "---\n",
                "  bad: [\n",
                ":",
                "\t",
                "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: extra\n---\n",
                "  labels:\n    tier: web\n",
                "\"",
                // A field strict decoding refuses: its diagnostic is kept
                // with the decoded tree and must move with the document.
                "  bogusField: 1\n",
                "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: listed\n---\n",
            ])
        )
            .prop_map(|(at, s)| Edit::Insert(at, s)),
        (0.0..1.0f64).prop_map(Edit::DeleteLine),
    ]
}

/// The char boundary nearest below `at` × the length.
fn place(text: &str, at: f64) -> usize {
    let mut i = ((text.len() as f64) * at) as usize;
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &mut String, e: &Edit) {
    match e {
        Edit::Insert(at, s) => {
            let i = place(text, *at);
            text.insert_str(i, s);
        }
        Edit::DeleteLine(at) => {
            let i = place(text, *at);
            let start = text[..i].rfind('\n').map_or(0, |p| p + 1);
            let end = text[i..].find('\n').map_or(text.len(), |p| i + p + 1);
            text.replace_range(start..end, "");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn cached_reads_equal_fresh_reads_after_any_edits(
        objects in 3usize..25,
        edits in prop::collection::vec(edit(), 1..8),
    ) {
        let mut text = generate::manifest(objects);
        let options = Options::default();
        let mut cache = Cache::default();
        prop_assert_eq!(
            analyze_cached(&input(&text), &options, &mut cache),
            analyze(&input(&text), &options)
        );
        // Every analysis is kept alive: the cache shares its trees with
        // them, and moving a document later must not move it in an
        // analysis already made.
        let mut made = Vec::new();
        for e in &edits {
            apply(&mut text, e);
            let cached = analyze_cached(&input(&text), &options, &mut cache);
            let fresh = analyze(&input(&text), &options);
            prop_assert!(cached == fresh, "after {:?}:\n{}", e, text);
            made.push((text.clone(), cached));
        }
        for (text, earlier) in &made {
            prop_assert!(*earlier == analyze(&input(text), &options), "changed later:\n{}", text);
        }
    }
}

/// The examples, each edited once in its middle, read through one cache.
#[test]
fn every_example_reads_the_same_through_the_cache() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut cache = Cache::default();
    let options = Options::default();
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for path in names
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
    {
        let mut text = std::fs::read_to_string(path).unwrap();
        for _ in 0..2 {
            let cached = analyze_cached(&input(&text), &options, &mut cache);
            assert!(
                cached == analyze(&input(&text), &options),
                "{}",
                path.display()
            );
            let mid = place(&text, 0.5);
            let line = text[..mid].rfind('\n').map_or(0, |p| p + 1);
            text.insert_str(line, "# edited\n");
        }
    }
}

/// Two files holding the same text share their trees in the parse cache;
/// what each decodes to still names its own file.
#[test]
fn two_files_with_the_same_text_decode_as_their_own_files() {
    let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  bogusField: 1\n  selector:\n    app: web\n  ports:\n  - port: 80\n";
    fn inputs(text: &str) -> [Input<'_>; 2] {
        [
            Input {
                name: "a.yaml",
                text,
            },
            Input {
                name: "b.yaml",
                text,
            },
        ]
    }
    let mut cache = Cache::default();
    let options = Options::default();
    for t in [text, text, &format!("# moved\n{text}")] {
        let cached = analyze_cached(&inputs(t), &options, &mut cache);
        assert_eq!(cached, analyze(&inputs(t), &options));
        let files: Vec<u32> = cached.diagnostics.iter().map(|d| d.location.file).collect();
        assert!(files.contains(&0) && files.contains(&1), "{files:?}");
    }
}

/// A keystroke decodes only the document it touched: every other object of
/// the new analysis is the one the last analysis decoded (the same `Arc`),
/// not a copy decoded again.
#[test]
fn an_edit_inside_one_document_decodes_only_that_document() {
    let mut text = generate::manifest(20);
    let options = Options::default();
    let mut cache = Cache::default();
    let before = analyze_cached(&input(&text), &options, &mut cache);
    // Type a comment at the end of a line in the middle: no line moves.
    let mid = place(&text, 0.5);
    let eol = mid + text[mid..].find('\n').unwrap();
    text.insert_str(eol, " # typed");
    let after = analyze_cached(&input(&text), &options, &mut cache);
    assert_eq!(after, analyze(&input(&text), &options));
    assert_eq!(after.objects.len(), before.objects.len());
    let decoded_again = before
        .objects
        .iter()
        .zip(&after.objects)
        .filter(|(b, a)| !std::sync::Arc::ptr_eq(b, a))
        .count();
    assert_eq!(
        decoded_again, 1,
        "only the edited document is decoded again"
    );
}

/// The caches keep what a read stopped using for a while: undoing an edit
/// gives back the objects decoded before it (the same `Arc`s), and every
/// read still equals a fresh one, however many edits come and go.
#[test]
fn undoing_an_edit_finds_the_documents_decoded_before_it() {
    let original = generate::manifest(20);
    let options = Options::default();
    let mut cache = Cache::default();
    let before = analyze_cached(&input(&original), &options, &mut cache);
    let mid = place(&original, 0.5);
    let eol = mid + original[mid..].find('\n').unwrap();
    let mut edited = original.clone();
    edited.insert_str(eol, " # typed");
    let after_edit = analyze_cached(&input(&edited), &options, &mut cache);
    assert_eq!(after_edit, analyze(&input(&edited), &options));
    let undone = analyze_cached(&input(&original), &options, &mut cache);
    assert_eq!(undone, analyze(&input(&original), &options));
    assert!(
        before
            .objects
            .iter()
            .zip(&undone.objects)
            .all(|(b, u)| std::sync::Arc::ptr_eq(b, u)),
        "after the undo every object is the one decoded before the edit"
    );
    // Many more edits than documents: the caches drop what is unused
    // (at most about twice the text's trees) and stay exact.
    let mut text = original.clone();
    for i in 0..60 {
        let at = place(&text, (i % 7) as f64 / 7.0);
        let eol = at + text[at..].find('\n').unwrap();
        text.insert_str(eol, " #");
        assert_eq!(
            analyze_cached(&input(&text), &options, &mut cache),
            analyze(&input(&text), &options)
        );
    }
}

/// Validation of objects other than Services is taken from the cache for
/// documents an edit did not touch: an invalid Pod keeps its API-server
/// error (same text, same place) while other documents are edited, and
/// loses it when it is fixed.
#[test]
fn an_invalid_pod_keeps_its_error_while_other_documents_are_edited() {
    let bad_pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: Bad_Name\nspec:\n  containers:\n  - name: c\n    image: busybox\n";
    let mut text = format!("{}---\n{bad_pod}", generate::manifest(10));
    let options = Options::default();
    let mut cache = Cache::default();
    let errors = |a: &svcdns::Analysis| {
        a.diagnostics
            .iter()
            .filter(|d| d.source == svcdns::diag::DiagnosticSource::ApiServer)
            .map(|d| (d.message.clone(), d.location))
            .collect::<Vec<_>>()
    };
    let first = analyze_cached(&input(&text), &options, &mut cache);
    assert_eq!(first, analyze(&input(&text), &options));
    let pod_errors = errors(&first);
    assert!(
        pod_errors.iter().any(|(m, _)| m.contains("Bad_Name")),
        "{pod_errors:?}"
    );
    for i in 0..5 {
        // Comments typed into the first document: nothing moves.
        let eol = text.find('\n').unwrap();
        text.insert_str(eol, if i % 2 == 0 { " #" } else { "x" });
        let a = analyze_cached(&input(&text), &options, &mut cache);
        assert_eq!(a, analyze(&input(&text), &options));
        assert_eq!(errors(&a), pod_errors);
    }
    let fixed = text.replace("Bad_Name", "good-name");
    let a = analyze_cached(&input(&fixed), &options, &mut cache);
    assert_eq!(a, analyze(&input(&fixed), &options));
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
}
