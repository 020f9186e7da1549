//! Embeds every `examples/*.yaml` at build time (the examples gallery), and
//! the Lessons menu (the id and title of every `lessons/*.yaml`; the
//! compiled lessons, `web/lessons/*.txt`, ship next to the page and are
//! fetched when one opens).

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

/// `LESSONS_MENU`: the Lessons menu's HTML (its summary and list, styled
/// as the Examples gallery), a button per `lessons/*.yaml` sorted by id,
/// `data-lesson` its id. The title is the file's top-level `title:` line
/// (plain or double-quoted); the core's loader, which the tests run on every
/// file, reads the rest, and compiles what the panel fetches
/// (`web/lessons/ID.txt`).
fn lessons(dir: &Path) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut menu = String::from(
        "<summary>Lessons</summary><ul class=\"gallery\"><li><p>Guided challenges: each step is checked against your manifest as you type. <kbd>Alt+L</kbd> goes to the open lesson.</p></li>",
    );
    for f in &yaml_files(dir) {
        println!("cargo:rerun-if-changed={}", f.display());
        let id = f.file_stem().unwrap().to_string_lossy();
        // The id is a URL path segment and an attribute value as it is.
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{}: a lesson's file name is lower-case letters, digits and dashes",
            f.display()
        );
        let text = std::fs::read_to_string(f).unwrap();
        let title = text
            .lines()
            .find_map(|l| l.strip_prefix("title:"))
            .map(|t| t.trim().trim_matches('"').to_string())
            .unwrap_or_else(|| panic!("{}: no top-level `title:` line", f.display()));
        let title = title
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('"', "&quot;");
        write!(
            menu,
            "<li><button class=\"lesson-pick\" data-lesson=\"{id}\">{title}</button></li>"
        )
        .unwrap();
    }
    menu.push_str("</ul>");
    let out = format!(
        "/// The Lessons menu's HTML (web/build.rs).\npub const LESSONS_MENU: &str = {menu:?};\n"
    );
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
