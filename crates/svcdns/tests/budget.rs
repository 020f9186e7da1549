//! Native budget smoke (issue 6): the whole pipeline (read, decode,
//! validate, simulate, list the zone, ask every zone name) must grow about
//! linearly with the manifest. A timing test on a shared, noisy machine
//! compares two sizes measured in the same process instead of fixing a
//! number: 10x the objects may take at most 30x the time (linear, with 3x
//! slack for noise and cache effects).
//!
//! - `cargo test -p svcdns --test budget -- --nocapture`: 100 → 1,000.
//! - `cargo test --release -p svcdns --test budget -- --nocapture`: also
//!   1,000 → 10,000 (ignored in debug builds, where it takes minutes).

use std::time::{Duration, Instant};

use svcdns::{analyze, dns, generate, Input, Options};

/// Most the time may grow when the objects grow 10x.
const MAX_RATIO_FOR_10X: f64 = 30.0;

fn pipeline(text: &str) -> usize {
    let a = analyze(
        &[Input {
            name: "budget.yaml",
            text,
        }],
        &Options::default(),
    );
    let zone = dns::zone(&a.cluster);
    let mut answered = 0;
    for r in &zone {
        answered += dns::answer(&a.cluster, &r.owner, r.record_type())
            .answer
            .len();
    }
    assert!(answered >= zone.len(), "every zone record is answered");
    answered
}

/// Best of `runs` (the least disturbed by other work on the machine).
fn time(objects: usize, runs: usize) -> Duration {
    let text = generate::manifest(objects);
    (0..runs)
        .map(|_| {
            let t0 = Instant::now();
            std::hint::black_box(pipeline(&text));
            t0.elapsed()
        })
        .min()
        .unwrap()
}

fn check_growth(small: usize, large: usize, runs_small: usize, runs_large: usize) {
    let a = time(small, runs_small);
    let b = time(large, runs_large);
    let ratio = b.as_secs_f64() / a.as_secs_f64().max(1e-9);
    eprintln!(
        "budget ({} build): {small} objects {a:.2?}, {large} objects {b:.2?}, ratio {ratio:.1} (max {MAX_RATIO_FOR_10X})",
        if cfg!(debug_assertions) { "debug" } else { "optimised" }
    );
    assert!(
        ratio <= MAX_RATIO_FOR_10X,
        "{large} objects took {ratio:.1}x the time of {small} ({b:?} vs {a:?}): superlinear"
    );
}

#[test]
fn pipeline_grows_linearly_from_100_to_1000_objects() {
    check_growth(100, 1_000, 5, 3);
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "minutes in a debug build: cargo test --release -p svcdns --test budget"
)]
fn pipeline_grows_linearly_from_1000_to_10000_objects() {
    check_growth(1_000, 10_000, 3, 1);
}
