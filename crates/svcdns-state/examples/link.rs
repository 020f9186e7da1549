//! Print the share-link fragment for a manifest file and its length:
//! `cargo run -p svcdns-state --example link -- examples/mysql-statefulset.yaml [view] [query]`.
use svcdns_state::{payload, seal, PlaygroundState, View};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("a manifest file");
    let manifest = std::fs::read_to_string(&path).expect("readable file");
    let mut state = PlaygroundState {
        manifest,
        ..PlaygroundState::default()
    };
    if let Some(view) = args.next() {
        state.view = View::parse(&view).expect("a view name");
    }
    if let Some(query) = args.next() {
        state.query.name = query;
    }
    // Compressed as the browser's CompressionStream does (zlib level 6).
    let payload = payload(&state);
    let fragment = seal(
        &payload,
        &miniz_oxide::deflate::compress_to_vec(&payload, 6),
    );
    eprintln!(
        "{path}: {} bytes of YAML -> {} characters of fragment",
        state.manifest.len(),
        fragment.len()
    );
    println!("{fragment}");
}
