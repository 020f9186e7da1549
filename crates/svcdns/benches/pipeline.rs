//! Load + simulate + answer every name, on generated clusters of 10, 100,
//! 1,000 and 10,000 objects. Budget (issue 2): 100 objects < 2 ms, 10,000
//! objects < 200 ms, growth linear. A second group asks every zone record
//! again with explanations (as the Lookup view does, one at a time): more
//! than the budget asks, reported beside it.
//!
//! `cargo bench -p svcdns --bench pipeline`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use svcdns::generate;

/// Timed under the allocator the native shell (the `svcdns` CLI) ships.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn bench(c: &mut Criterion) {
    for (name, job) in [
        (
            "load+simulate+answer-every-name",
            generate::answer_every_name as fn(&str) -> usize,
        ),
        ("...+explain-every-record", |t: &str| {
            generate::explain_every_zone_record(t).1
        }),
    ] {
        let mut group = c.benchmark_group(name);
        group.sample_size(10);
        for n in [10usize, 100, 1_000, 10_000] {
            let text = generate::manifest(n);
            group.throughput(Throughput::Elements(n as u64));
            group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, t| {
                b.iter(|| job(t))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
