//! The YAML fast path reads exactly what the saphyr path reads, whenever
//! it does not give up: on every file of examples/ and tests/, on generated
//! manifests, and on YAML-ish text from a small grammar (proptest). The
//! `yaml_fast` fuzz target checks the same property.

use std::path::Path;

use proptest::prelude::*;
use svcdns::yaml::fast_and_slow;

/// Checks every chunk of `text`; returns (chunks the fast path read, chunks).
fn check(text: &str) -> (usize, usize) {
    let results = fast_and_slow(text);
    let mut accepted = 0;
    for (i, (fast, slow, diags)) in results.iter().enumerate() {
        let Some(fast) = fast else { continue };
        accepted += 1;
        assert_eq!(
            diags, &0,
            "chunk {i}: fast read what saphyr refuses\n{text}"
        );
        // Debug text, so that NaN equals NaN.
        if fast != slow {
            assert_eq!(
                format!("{fast:#?}"),
                format!("{slow:#?}"),
                "chunk {i} of\n{text}"
            );
        }
    }
    (accepted, results.len())
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn fast_path_equals_saphyr_on_every_example_and_test_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut paths = Vec::new();
    for dir in ["examples", "tests/adversarial", "tests/golden"] {
        files(&root.join(dir), &mut paths);
    }
    paths.sort();
    let (mut accepted, mut chunks) = (0, 0);
    let (mut ex_accepted, mut ex_chunks) = (0, 0);
    for path in &paths {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let (a, c) = check(&text);
        println!("{a:>3}/{c:<3} {}", path.display());
        accepted += a;
        chunks += c;
        if path.starts_with(root.join("examples")) {
            ex_accepted += a;
            ex_chunks += c;
        }
    }
    println!(
        "fast path read {accepted} of {chunks} chunks ({ex_accepted} of {ex_chunks} in examples/)"
    );
    assert!(
        ex_accepted * 10 >= ex_chunks * 9,
        "{ex_accepted} of {ex_chunks}"
    );
}

#[test]
fn fast_path_reads_every_generated_manifest() {
    let text = svcdns::generate::manifest(200);
    assert_eq!(check(&text), (200, 200));
}

/// Small cases where a wrong position or text would be easy to get.
#[test]
fn fast_path_equals_saphyr_on_hand_written_cases() {
    let cases = [
        "a: 1\n",
        "\n# c\n\na: 1\n",
        "---\n",
        "---\n# x\n",
        "--- # x\na: 1\n",
        "a:\nb: 2\n",
        "a:  \n\n  \nb: x\n",
        "# only\n\n",
        "",
        "key:\n- a\n- b\nc: d\n",
        "key:\n  - a\n  -  b\n",
        "- a: 1\n  b: 2\n-\n  c: 3\n- - x\n  - y\n-\n- z\n",
        "k:\n- a: 1\n  b: 2\n-   c: x\n",
        "k:\n-\n- b\nm:\n",
        "- # c\n- x\n",
        "a  : 1\n",
        "  a: 1\n  b: 2\n",
        "a: \"x\\\"y\\\\z\\n\\t\\/\" # c\nb: 'it''s'\n\"q k\": {}\nr: []\nc#d: e:f\n",
        "a: |\n\n  x\n   y\n\n\nb: |-\n  z\nc: |+\n  w\n\n",
        "a: |\n\nb: 1\n",
        "a: |\n",
        "a: |+\n\n",
        "- |\n  x\n- |-\n   y\n  \n- z\n",
        "a:\n  b: |\n    line\n      more\n  \n    # not a comment\n  c: d\n",
        "ключ: значение # c\nx: 日本: no\n",
        "é: [] # x\nü:\n  - 'ö'\n",
        "a: yes\nb: 0644\nc: ~\nd: .nan\ne: -1.5e3\nf: null\n",
        "a: 1\nb: 2",
        "- a\n- b",
        "a: -x\nb: ?y\nc: :z\nd: x:y\n",
    ];
    for text in cases {
        check(text);
    }
    for text in [
        "a: 1\n",
        "key:\n- a\n",
        "- a: 1\n  b: 2\n-\n  c: 3\n- - x\n  - y\n-\n- z\n",
        "a: |\n\n  x\n   y\n\n\nb: |-\n  z\nc: |+\n  w\n\n",
    ] {
        assert_eq!(check(text), (1, 1), "{text}");
    }
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z]{1,6}",
        1 => Just("yes".to_string()),
        1 => Just("0x1F".to_string()),
        1 => Just("~".to_string()),
        1 => Just("é日".to_string()),
        1 => Just("-x".to_string()),
        1 => "[0-9]{1,4}",
        2 => prop::sample::select(vec![
            ":", "::", ": ", " :", "#", " #", "# ", "-", "- ", "?", "? ", "'", "\"", "''",
            "\\", "\\\"", "\\n", "\\x", "{", "}", "[", "]", ",", "&a", "*a", "!", "!!str", "|",
            ">", "%", "@", "`", " ", "  ", "\t", "<<", "---", "...", "\u{feff}", "\r", "\u{85}",
            "\u{2028}",
        ])
        .prop_map(str::to_string),
    ]
}

fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::collection::vec(word(), 1..4).prop_map(|w| w.concat()),
        2 => prop::collection::vec(word(), 0..3).prop_map(|w| format!("\"{}\"", w.concat())),
        2 => prop::collection::vec(word(), 0..3).prop_map(|w| format!("'{}'", w.concat())),
        1 => prop::sample::select(vec!["{}", "[]", "[a, b]", "{a: 1}", "|", "|-", "|+", ">", "|2", "&x y", "*x", "!!str 1"])
            .prop_map(str::to_string),
        1 => Just(String::new()),
    ]
}

fn line() -> impl Strategy<Value = String> {
    let indent = prop_oneof![
        4 => (0usize..5).prop_map(|n| " ".repeat(2 * n)),
        1 => (0usize..9).prop_map(|n| " ".repeat(n)),
        1 => Just("\t".to_string()),
    ];
    let body = prop_oneof![
        6 => (scalar(), scalar()).prop_map(|(k, v)| format!("{k}: {v}")),
        2 => scalar().prop_map(|k| format!("{k}:")),
        3 => scalar().prop_map(|v| format!("- {v}")),
        3 => (scalar(), scalar()).prop_map(|(k, v)| format!("- {k}: {v}")),
        1 => Just("-".to_string()),
        1 => scalar().prop_map(|v| format!("- - {v}")),
        1 => scalar().prop_map(|v| format!("{v} # c")),
        2 => scalar(),
        1 => Just("# comment".to_string()),
        2 => Just(String::new()),
        1 => prop::sample::select(vec!["---", "--- ", "...", "--- |", "%YAML 1.2", "  "]).prop_map(str::to_string),
        1 => "[ -~é\t]{0,12}",
    ];
    (
        indent,
        body,
        prop::sample::select(vec!["", "", "", " ", "  # t"]),
    )
        .prop_map(|(i, b, t)| format!("{i}{b}{t}"))
}

fn yamlish() -> impl Strategy<Value = String> {
    (prop::collection::vec(line(), 0..16), any::<bool>()).prop_map(|(lines, nl)| {
        let mut s = lines.join("\n");
        if nl {
            s.push('\n');
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    /// Whatever the fast path reads, saphyr reads the same.
    #[test]
    fn fast_path_equals_saphyr_on_yamlish_text(text in yamlish()) {
        check(&text);
    }
}
