//! Embeds every `examples/*.yaml` at build time (the examples gallery), and
//! the id and title of every `lessons/*.yaml` (the Lessons menu; the lesson
//! files themselves ship next to the page and are fetched when opened).

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap();
    let root = Path::new(&manifest_dir).join("..");
    let examples = root.join("examples");
    println!("cargo:rerun-if-changed={}", examples.display());
    let files = yaml_files(&examples);
    let mut out = String::from("/// Every `examples/*.yaml`: (file name, text).\npub const EXAMPLES: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f.file_name().unwrap().to_string_lossy();
        let path = f.canonicalize().unwrap();
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("examples.rs");
    std::fs::write(dest, out).unwrap();
    lessons(&root.join("lessons"));
}

/// `LESSONS`: (id, title) of every `lessons/*.yaml`, sorted by id. The
/// title is the file's top-level `title:` line (plain or double-quoted;
/// the core's loader, which the tests run on every file, reads the rest).
fn lessons(dir: &Path) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let files = yaml_files(dir);
    let mut out = String::from(
        "/// Every `lessons/*.yaml`: (id, title).\npub const LESSONS: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let id = f.file_stem().unwrap().to_string_lossy();
        let text = std::fs::read_to_string(f).unwrap();
        let title = text
            .lines()
            .find_map(|l| l.strip_prefix("title:"))
            .map(|t| t.trim().trim_matches('"').to_string())
            .unwrap_or_else(|| panic!("{}: no top-level `title:` line", f.display()));
        writeln!(out, "    ({id:?}, {title:?}),").unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("lessons.rs");
    std::fs::write(dest, out).unwrap();
}

/// The `*.yaml` files of `dir`, sorted by name (none when it cannot be read).
fn yaml_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}
