//! Quick timing of the pipeline stages on generated manifests (no criterion):
//! `cargo run --release -p svcdns --example timing`.
use std::time::Instant;
use svcdns::{analyze, dns, generate, Input, Options};

fn main() {
    let sizes: Vec<usize> = match std::env::args().nth(1).and_then(|s| s.parse().ok()) {
        Some(n) => vec![n],
        None => vec![10, 100, 1_000, 10_000],
    };
    for n in sizes {
        let text = generate::manifest(n);
        let t0 = Instant::now();
        let a = analyze(
            &[Input {
                name: "g.yaml",
                text: &text,
            }],
            &Options::default(),
        );
        let t1 = Instant::now();
        let k = dns::Kubernetes::new(&a.cluster);
        let zone = k.zone();
        let t2 = Instant::now();
        let mut n_ans = 0;
        for r in &zone {
            n_ans += k.answer(&r.owner, r.record_type()).answer.len();
        }
        let t3 = Instant::now();
        println!(
            "{n:>6} objects ({} bytes): analyze {:?}, zone {:?} ({} records), answer all {:?} ({n_ans} answers)",
            text.len(),
            t1 - t0,
            t2 - t1,
            zone.len(),
            t3 - t2
        );
    }
}
