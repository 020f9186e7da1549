//! Encode/decode time for a manifest file (natively; the page compresses
//! with the browser's CompressionStream, miniz_oxide stands in here):
//! `cargo run --release -p svcdns-state --example timing -- FILE`.
use std::time::Instant;
use svcdns_state::{decode, payload, seal, PlaygroundState};

fn main() {
    let path = std::env::args().nth(1).expect("a manifest file");
    let state = PlaygroundState {
        manifest: std::fs::read_to_string(&path).expect("readable file"),
        ..PlaygroundState::default()
    };
    let t = Instant::now();
    let bytes = payload(&state);
    let link = seal(&bytes, &miniz_oxide::deflate::compress_to_vec(&bytes, 6));
    let enc = t.elapsed();
    let t = Instant::now();
    assert_eq!(decode(&link).as_ref(), Ok(&state));
    let dec = t.elapsed();
    println!(
        "{path}: {} B -> {} chars; encode {:.2} ms, decode {:.2} ms",
        state.manifest.len(),
        link.len(),
        enc.as_secs_f64() * 1e3,
        dec.as_secs_f64() * 1e3
    );
}
