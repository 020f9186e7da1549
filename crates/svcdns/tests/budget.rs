//! Native budget smoke (issue 6): the whole pipeline (read, decode,
//! validate, simulate, list the zone: every name answered) must grow about
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

/// Timed under the allocator the native shell (the `svcdns` CLI) ships.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Most the time may grow when the objects grow 10x from 100 to 1,000.
const MAX_RATIO_FOR_10X: f64 = 30.0;
/// The same from 1,000 to 10,000, where the work still grows 10.1x in
/// instructions (callgrind) but the large run's data no longer fits the
/// caches: on the shared 2-core machine with other builds running, wall
/// clock grew 18x to 30.5x (best of 3) in the same hour. A quadratic step
/// would be 100x.
const MAX_RATIO_FOR_10X_PAST_THE_CACHES: f64 = 45.0;

fn pipeline(text: &str) -> usize {
    let records = generate::answer_every_name(text);
    assert!(records > 0, "the zone has records");
    records
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

fn check_growth(small: usize, large: usize, runs_small: usize, runs_large: usize, max: f64) {
    let a = time(small, runs_small);
    let b = time(large, runs_large);
    let ratio = b.as_secs_f64() / a.as_secs_f64().max(1e-9);
    eprintln!(
        "budget ({} build): {small} objects {a:.2?}, {large} objects {b:.2?}, ratio {ratio:.1} (max {max})",
        if cfg!(debug_assertions) { "debug" } else { "optimised" }
    );
    assert!(
        ratio <= max,
        "{large} objects took {ratio:.1}x the time of {small} ({b:?} vs {a:?}): superlinear"
    );
}

#[test]
fn pipeline_grows_linearly_from_100_to_1000_objects() {
    check_growth(100, 1_000, 5, 3, MAX_RATIO_FOR_10X);
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "minutes in a debug build: cargo test --release -p svcdns --test budget"
)]
fn pipeline_grows_linearly_from_1000_to_10000_objects() {
    // Best of 3 at both sizes: one run of the large one failed the CI dry
    // run at ratio 30.5 while five other builds shared the 2 cores (the
    // instruction counts grow 10.1x: callgrind, --toggle-collect=
    // svcdns::generate::answer_every_name on examples/timing, 80.6 M for
    // 1,000 objects, 812 M for 10,000).
    check_growth(1_000, 10_000, 3, 3, MAX_RATIO_FOR_10X_PAST_THE_CACHES);
}

/// A headless Service over `endpoints` ready addresses (one EndpointSlice
/// per 100, as the controller writes them).
fn headless_with_endpoints(endpoints: usize) -> String {
    let mut text = String::from(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: many\nspec:\n  clusterIP: None\n  ports:\n  - name: http\n    port: 80\n",
    );
    for s in 0..endpoints.div_ceil(100) {
        text.push_str(&format!(
            "---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: many-{s}\n  labels:\n    kubernetes.io/service-name: many\naddressType: IPv4\nports:\n- name: http\n  port: 8080\nendpoints:\n"
        ));
        for e in (s * 100)..((s + 1) * 100).min(endpoints) {
            text.push_str(&format!(
                "- addresses: [\"10.{}.{}.{}\"]\n",
                e / 65536,
                e / 256 % 256,
                e % 256
            ));
        }
    }
    text
}

/// Regression (issue 6, `thousands-of-pods`): asking one endpoint name
/// (`10-0-0-7.many...`) walked every endpoint of the Service, so a Service
/// with thousands of endpoints made each of its thousands of names cost
/// thousands of comparisons. Endpoint names are now looked up by name: the
/// time of one endpoint-name question must not grow with the Service (100
/// times the endpoints may cost at most 10 times the time).
#[test]
fn an_endpoint_name_question_does_not_walk_every_endpoint() {
    let per_question = |endpoints: usize| {
        let text = headless_with_endpoints(endpoints);
        let a = analyze(
            &[Input {
                name: "many.yaml",
                text: &text,
            }],
            &Options::default(),
        );
        let k = a.kubernetes();
        let name = "10-0-0-7.many.default.svc.cluster.local.";
        assert_eq!(k.answer(name, dns::RecordType::A).answer.len(), 1);
        let rounds = 200;
        (0..5)
            .map(|_| {
                let t0 = Instant::now();
                for _ in 0..rounds {
                    std::hint::black_box(k.answer_unexplained(name, dns::RecordType::A));
                }
                t0.elapsed() / rounds
            })
            .min()
            .unwrap()
    };
    let small = per_question(100);
    let large = per_question(10_000);
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-9);
    eprintln!(
        "endpoint-name question: 100 endpoints {small:.2?}, 10,000 endpoints {large:.2?}, ratio {ratio:.1} (max 10)"
    );
    assert!(
        ratio <= 10.0,
        "one endpoint-name question grew {ratio:.1}x with 100x the endpoints"
    );
}
