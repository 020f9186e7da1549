//! What the playground computes on a keystroke: `analyze_cached` of a text
//! read once before, after one character typed at its end (a comment) or
//! one line inserted in its middle (every later document moves down).
//! `cargo run --profile bench -p svcdns --example keystroke [OBJECTS]`;
//! under `valgrind --tool=callgrind --toggle-collect=keystroke::edit` it
//! counts the instructions of the timed calls only.
use std::time::Instant;
use svcdns::{analyze_cached, generate, Analysis, Cache, Input, Options};

#[inline(never)]
fn edit(text: &str, cache: &mut Cache) -> Analysis {
    analyze_cached(
        &[Input {
            name: "manifest.yaml",
            text,
        }],
        &Options::default(),
        cache,
    )
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000);
    let mut text = generate::manifest(n);
    let mut cache = Cache::default();
    let mut previous = edit(&text, &mut cache);
    for (what, at_end) in [
        ("typed at the end", true),
        ("line inserted in the middle", false),
    ] {
        let mut best = f64::MAX;
        for i in 0..5 {
            if at_end {
                text.push(if i % 2 == 0 { '#' } else { '\n' });
            } else {
                let mid = text.len() / 2;
                let line = text[..mid].rfind('\n').map_or(0, |p| p + 1);
                text.insert_str(line, "# edited\n");
            }
            let t0 = Instant::now();
            let next = edit(&text, &mut cache);
            best = best.min(t0.elapsed().as_secs_f64() * 1e3);
            // The page frees the analysis it replaced after drawing.
            drop(std::mem::replace(&mut previous, next));
        }
        println!("{n} objects, {what}: analyze_cached best of 5 {best:.2} ms");
    }
}
