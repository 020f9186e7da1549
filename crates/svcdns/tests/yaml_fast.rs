//! The YAML fast path reads exactly what the saphyr path reads, whenever
//! it does not give up: on every file of examples/ and tests/, on generated
//! manifests, and on YAML-ish text from a small grammar (proptest). The
//! `yaml_fast` fuzz target checks the same property.
#![cfg(feature = "fast-yaml")]

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

#[derive(Clone, Debug)]
enum Tree {
    Scalar(String),
    Block(&'static str, Vec<(usize, String)>),
    Map(Vec<(String, Tree)>),
    Seq(Vec<Tree>),
}

fn clean_scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "[a-z0-9][a-z0-9./:-]{0,8}( [a-z]{1,3})?",
        1 => Just(String::new()),
        1 => Just("é日 x".to_string()),
        1 => Just("\"q\\\" \\n #x\"".to_string()),
        1 => Just("'it''s # no'".to_string()),
        1 => prop::sample::select(vec!["yes", "0644", "~", "null", "1.5", "-3", "a#b", "a: b", "a #b", "x:y", "-x", "{}", "[]", "[a, b]", "- a", "http://x:80/"]).prop_map(str::to_string),
        1 => scalar(),
    ]
}

fn tree() -> impl Strategy<Value = Tree> {
    let block = (
        prop::sample::select(vec!["|", "|-", "|+", "|  # c", ">"]),
        prop::collection::vec((0usize..3, "([a-z#: ]{1,8})?"), 0..4),
    )
        .prop_map(|(h, lines)| Tree::Block(h, lines));
    let leaf = prop_oneof![6 => clean_scalar().prop_map(Tree::Scalar), 1 => block];
    leaf.prop_recursive(5, 48, 5, |inner| {
        prop_oneof![
            3 => prop::collection::vec(("[a-z]{1,5}|\"[a-z ]{0,4}\"|'k'", inner.clone()), 0..5).prop_map(Tree::Map),
            2 => prop::collection::vec(inner, 0..4).prop_map(Tree::Seq),
        ]
    })
}

fn pick(style: &mut impl Iterator<Item = u8>, k: u8) -> u8 {
    style.next().unwrap_or(0) % k
}

/// Writes `t` after a `key:` or `-` (at column `n`) already on the line.
fn write(t: &Tree, n: usize, out: &mut String, style: &mut impl Iterator<Item = u8>) {
    let step = [2, 2, 1, 4][pick(style, 4) as usize];
    match t {
        Tree::Scalar(s) if s.is_empty() => out.push('\n'),
        Tree::Scalar(s) => {
            out.push(' ');
            out.push_str(s);
            out.push_str(["\n", "\n", "  # c\n", "  \n"][pick(style, 4) as usize]);
        }
        Tree::Block(h, lines) => {
            out.push_str(&format!(" {h}\n"));
            for (extra, l) in lines {
                if l.is_empty() {
                    out.push_str(&" ".repeat(pick(style, 6) as usize));
                } else {
                    out.push_str(&" ".repeat(n + step + extra));
                    out.push_str(l);
                }
                out.push('\n');
            }
        }
        Tree::Map(m) if m.is_empty() => out.push_str(" {}\n"),
        Tree::Seq(s) if s.is_empty() => out.push_str(" []\n"),
        Tree::Map(m) => {
            out.push('\n');
            for (k, v) in m {
                if pick(style, 8) == 0 {
                    out.push_str(["\n", "# c\n", "   # c\n", "  \n"][pick(style, 4) as usize]);
                }
                out.push_str(&" ".repeat(n + step));
                out.push_str(k);
                out.push(':');
                write(v, n + step, out, style);
            }
        }
        Tree::Seq(s) => {
            out.push('\n');
            let at = if pick(style, 3) == 0 { n } else { n + step };
            for v in s {
                out.push_str(&" ".repeat(at));
                out.push('-');
                match v {
                    // Compact: `- key: value` or `- - item`.
                    Tree::Map(m) if !m.is_empty() && pick(style, 2) == 0 => {
                        let (k, first) = &m[0];
                        out.push_str(&format!(" {k}:"));
                        write(first, at + 2, out, style);
                        for (k, v) in &m[1..] {
                            out.push_str(&" ".repeat(at + 2));
                            out.push_str(&format!("{k}:"));
                            write(v, at + 2, out, style);
                        }
                    }
                    _ => write(v, at, out, style),
                }
            }
        }
    }
}

fn written() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(("[a-z]{1,6}", tree()), 1..5),
        prop::collection::vec(any::<u8>(), 64),
        any::<bool>(),
        prop::collection::vec((any::<prop::sample::Index>(), 0u8..4, word()), 0..3),
    )
        .prop_map(|(top, style, marker, damage)| {
            let mut style = style.into_iter().cycle();
            let mut out = String::from(if marker { "---\n" } else { "" });
            for (k, v) in &top {
                out.push_str(k);
                out.push(':');
                write(v, 0, &mut out, &mut style);
            }
            for (at, how, w) in damage {
                let mut i = at.index(out.len() + 1);
                while !out.is_char_boundary(i) {
                    i -= 1;
                }
                match how {
                    0 => out.insert_str(i, &w),
                    1 => out.insert(i, ' '),
                    2 => {
                        let end = out[i..].find('\n').map_or(out.len(), |e| i + e);
                        out.replace_range(i..end, "");
                    }
                    _ => out.insert(i, '\n'),
                }
            }
            out
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    /// Whatever the fast path reads, saphyr reads the same.
    #[test]
    fn fast_path_equals_saphyr_on_yamlish_text(text in yamlish()) {
        check(&text);
    }

    /// The same on manifest-like trees written in varied block styles,
    /// then maybe damaged.
    #[test]
    fn fast_path_equals_saphyr_on_written_trees(text in written()) {
        check(&text);
    }
}
