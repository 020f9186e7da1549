//! The core's shape, checked: the folders are the pipeline, and a module
//! only uses the modules below it.
//!
//! Reads every source file of `crates/svcdns/src`, finds the paths it
//! names (`crate::x`, `super::x`, `use crate::{a, b}`), and checks that
//!
//! - no top-level module uses another in a circle;
//! - no module uses one in a higher layer of [`LAYERS`];
//! - no source file is longer than [`MAX_LINES`] unless its first lines
//!   say why (`Why this file is long:`).
//!
//! Test code inside the crate (`tests.rs` files and `#[cfg(test)] mod
//! tests` blocks) may build clusters from YAML through the whole pipeline
//! and is left out.
//!
//! `cargo test -p svcdns --test layers -- --nocapture` prints the module
//! graph it checked.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The pipeline, lowest layer first. A module may use modules of its own
/// layer or below, never above. Modules of one layer must not form a
/// circle either.
const LAYERS: &[&[&str]] = &[
    // Helpers with no knowledge of Kubernetes or DNS.
    &["support", "diag"],
    // Manifests: text to located trees.
    &["yaml"],
    // Objects: the k8s.io/api types and the decoder that fills them.
    &["api", "model"],
    &["decode"],
    // DNS vocabulary of the RFCs (names, records, messages).
    &["dns"],
    // The cluster as CoreDNS reads it: the objects its informers watch
    // (the controllers fill them) and the Corefile it was started with
    // (the profile reads it). Plain types, below the stages that write them.
    &["cluster"],
    // The cluster's configuration, read from flags, presets and evidence.
    &["profile"],
    // The API server's verdict.
    &["validate"],
    // The controllers: what kube-apiserver, kube-controller-manager and
    // the kubelets make of the accepted objects.
    &["controllers"],
    // CoreDNS's kubernetes plugin.
    &["coredns"],
    // A pod's stub resolver over any answer function.
    &["resolver"],
    // Listings built on the answers.
    &["names", "lint", "dump"],
    // Reasons to words, presentation shared by the shells.
    &["explain"],
    // The public face: the pipeline run end to end.
    &["analysis"],
    // Built on the whole pipeline: lessons' checks, the benchmarks' workload.
    &["lessons", "generate"],
];

/// Source files longer than this say why at their top.
const MAX_LINES: usize = 800;

/// Uses that break the layering today, each to be removed by the step
/// that fixes it (issue 17). The tests fail on any use not listed here,
/// and on a listed one that is gone (so the list only shrinks).
const NOT_YET_LAYERED: &[(&str, &str)] = &[
    // None left (session 9 cleared the profile's and the controllers').
];

/// Files over [`MAX_LINES`] that do not say why yet, to be split.
const NOT_YET_SPLIT: &[&str] = &[];

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src directory readable")
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a source file: `src/coredns/parse.rs` is
/// `["coredns", "parse"]`, `src/dns/mod.rs` is `["dns"]`.
fn module_path(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src_dir()).expect("file under src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// The text of a file without comments, string literals and in-file test
/// modules.
fn code_of(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]")
            && lines
                .peek()
                .is_some_and(|next| next.trim_start().starts_with("mod tests"))
        {
            break; // test modules sit at the end of a file
        }
        if trimmed.starts_with("//") {
            continue;
        }
        // Drop string literals (a path in a message is not a use).
        let mut in_str = false;
        let mut prev = ' ';
        for c in line.chars() {
            if c == '"' && prev != '\\' {
                in_str = !in_str;
            } else if !in_str {
                out.push(c);
            }
            prev = if prev == '\\' && c == '\\' { ' ' } else { c };
        }
        out.push('\n');
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The first segment of each path inside a `{...}` group that starts at
/// `rest` (just after the `{`).
fn group_heads(rest: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0usize;
    let mut at_item_start = true;
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => at_item_start = true,
            c if c.is_whitespace() => {}
            c if at_item_start && depth == 0 && is_ident(c) => {
                let end = rest[i..]
                    .find(|c: char| !is_ident(c))
                    .map_or(rest.len(), |e| i + e);
                heads.push(rest[i..end].to_string());
                at_item_start = false;
                while chars.peek().is_some_and(|&(j, _)| j < end) {
                    chars.next();
                }
            }
            _ => at_item_start = false,
        }
    }
    heads
}

/// The top-level modules a file uses, resolved from `crate::` and
/// `super::` paths.
fn uses(file: &Path, text: &str) -> BTreeSet<String> {
    let here = module_path(file);
    let code = code_of(text);
    let mut found = BTreeSet::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < code.len() {
        let preceded_by_ident = i > 0 && is_ident(bytes[i - 1] as char);
        let rest = &code[i..];
        let (mut base, after): (Vec<String>, &str) =
            if !preceded_by_ident && rest.starts_with("crate::") {
                (Vec::new(), &rest["crate::".len()..])
            } else if !preceded_by_ident && rest.starts_with("super::") {
                // `super` of a file's module (a `mod.rs` is its folder's module).
                let mut base = here.clone();
                let mut after = rest;
                while let Some(r) = after.strip_prefix("super::") {
                    base.pop();
                    after = r;
                }
                (base, after)
            } else {
                i += rest.chars().next().map_or(1, char::len_utf8);
                continue;
            };
        let heads = if let Some(group) = after.strip_prefix('{') {
            group_heads(group)
        } else {
            let end = after.find(|c: char| !is_ident(c)).unwrap_or(after.len());
            vec![after[..end].to_string()]
        };
        for head in heads {
            if head.is_empty() || head == "self" {
                continue;
            }
            base.push(head);
            found.insert(base[0].clone());
            base.pop();
        }
        i += 1;
    }
    if let Some(top) = here.first() {
        found.remove(top);
    }
    found
}

/// Names the crate root re-exports (`pub use analysis::{analyze, ...}`),
/// mapped to the module they come from, so `crate::analyze` counts as a
/// use of `analysis`.
fn root_reexports() -> BTreeMap<String, String> {
    let lib = std::fs::read_to_string(src_dir().join("lib.rs")).expect("lib.rs readable");
    let mut map = BTreeMap::new();
    let code = code_of(&lib);
    for stmt in code.split(';') {
        let Some(rest) = stmt.trim().strip_prefix("pub use ") else {
            continue;
        };
        let Some((module, names)) = rest.split_once("::") else {
            continue;
        };
        let names = names.trim().trim_start_matches('{').trim_end_matches('}');
        for name in names.split(',') {
            let name = name.split(" as ").last().unwrap_or("").trim();
            if !name.is_empty() {
                map.insert(name.to_string(), module.trim().to_string());
            }
        }
    }
    map
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

struct Graph {
    /// top-level module -> (used module -> the files that use it)
    edges: BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
}

fn graph() -> Graph {
    let mut files = Vec::new();
    rust_files(&src_dir(), &mut files);
    let reexports = root_reexports();
    let mut edges: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for file in &files {
        let path = module_path(file);
        let Some(top) = path.first() else { continue }; // lib.rs: the re-exports
        if path.last().is_some_and(|p| p == "tests") {
            continue;
        }
        let text = std::fs::read_to_string(file).expect("source readable");
        let entry = edges.entry(top.clone()).or_default();
        let rel = file
            .strip_prefix(src_dir())
            .expect("under src")
            .display()
            .to_string();
        for used in uses(file, &text) {
            let used = reexports.get(&used).cloned().unwrap_or(used);
            if used == *top {
                continue;
            }
            entry.entry(used).or_default().insert(rel.clone());
        }
    }
    Graph { edges }
}

#[test]
fn every_module_has_a_layer() {
    let g = graph();
    let missing: Vec<_> = g.edges.keys().filter(|m| layer_of(m).is_none()).collect();
    assert!(
        missing.is_empty(),
        "modules missing from LAYERS in tests/layers.rs (place each in the pipeline): {missing:?}"
    );
}

#[test]
fn no_module_uses_a_higher_layer() {
    let g = graph();
    let mut wrong = Vec::new();
    let mut listed_but_gone: Vec<_> = NOT_YET_LAYERED.to_vec();
    println!("module graph (module [layer] -> used modules [layer]):");
    for (module, used) in &g.edges {
        let Some(from) = layer_of(module) else {
            continue;
        };
        let list: Vec<String> = used
            .keys()
            .map(|u| {
                format!(
                    "{u} [{}]",
                    layer_of(u).map_or("?".into(), |l| l.to_string())
                )
            })
            .collect();
        println!("  {module} [{from}] -> {}", list.join(", "));
        for (u, files) in used {
            if let Some(to) = layer_of(u) {
                listed_but_gone.retain(|&(a, b)| (a, b) != (module.as_str(), u.as_str()));
                if to > from && !NOT_YET_LAYERED.contains(&(module.as_str(), u.as_str())) {
                    wrong.push(format!(
                        "{module} (layer {from}) uses {u} (layer {to}) in {files:?}"
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "lower layers using higher ones:\n{}",
        wrong.join("\n")
    );
    assert!(
        listed_but_gone.is_empty(),
        "layering fixed: remove these from NOT_YET_LAYERED in tests/layers.rs: {listed_but_gone:?}"
    );
}

#[test]
fn no_module_uses_another_in_a_circle() {
    let g = graph();
    // Depth-first search for a back edge among top-level modules.
    fn visit<'g>(
        g: &'g Graph,
        m: &'g str,
        stack: &mut Vec<&'g str>,
        done: &mut BTreeSet<&'g str>,
        cycles: &mut Vec<String>,
    ) {
        if done.contains(m) {
            return;
        }
        if let Some(pos) = stack.iter().position(|s| *s == m) {
            let mut cycle: Vec<&str> = stack[pos..].to_vec();
            cycle.push(m);
            cycles.push(cycle.join(" -> "));
            return;
        }
        stack.push(m);
        if let Some(used) = g.edges.get(m) {
            for u in used.keys() {
                if NOT_YET_LAYERED.contains(&(m, u.as_str())) {
                    continue;
                }
                visit(g, u, stack, done, cycles);
            }
        }
        stack.pop();
        done.insert(m);
    }
    let mut cycles = Vec::new();
    let mut done = BTreeSet::new();
    for m in g.edges.keys() {
        visit(&g, m, &mut Vec::new(), &mut done, &mut cycles);
    }
    assert!(
        cycles.is_empty(),
        "modules using each other in a circle:\n{}",
        cycles.join("\n")
    );
}

#[test]
fn long_files_say_why() {
    let mut files = Vec::new();
    rust_files(&src_dir(), &mut files);
    let mut long = Vec::new();
    let mut listed_but_gone: Vec<_> = NOT_YET_SPLIT.to_vec();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("source readable");
        let lines = text.lines().count();
        let says_why = text
            .lines()
            .take(30)
            .any(|l| l.contains("Why this file is long:"));
        let rel = file
            .strip_prefix(src_dir())
            .expect("under src")
            .display()
            .to_string();
        let rel = rel.replace('\\', "/");
        if lines > MAX_LINES && !says_why {
            listed_but_gone.retain(|f| *f != rel);
            if NOT_YET_SPLIT.contains(&rel.as_str()) {
                continue;
            }
            long.push(format!("{rel}: {lines} lines"));
        }
    }
    assert!(
        long.is_empty(),
        "source files over {MAX_LINES} lines without `Why this file is long:` in their first 30 lines:\n{}",
        long.join("\n")
    );
    assert!(
        listed_but_gone.is_empty(),
        "split or explained: remove these from NOT_YET_SPLIT in tests/layers.rs: {listed_but_gone:?}"
    );
}

#[test]
fn the_scanner_resolves_paths() {
    let file = src_dir().join("coredns").join("parse.rs");
    let text = "use crate::{dns::Name, support::{sort, keymap::KeyMap}};\n\
                use super::super::yaml::Node;\n\
                use super::kubernetes::Kubernetes;\n\
                // crate::lint in a comment\n\
                let s = \"crate::explain in a string\";\n\
                fn f() -> crate::diag::Diagnostic { todo!() }\n\
                #[cfg(test)]\nmod tests { use crate::analysis; }\n";
    let found: Vec<_> = uses(&file, text).into_iter().collect();
    assert_eq!(found, ["diag", "dns", "support", "yaml"]);
}
