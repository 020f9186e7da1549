//! Load + simulate + answer every name, on generated clusters of 10, 100,
//! 1,000 and 10,000 objects. Budget (issue 2): 100 objects < 2 ms, 10,000
//! objects < 200 ms, growth linear.
//!
//! `cargo bench -p svcdns --bench pipeline`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use svcdns::generate;

/// The whole job: read, decode, validate, simulate, list the zone and ask
/// CoreDNS every name in it.
fn pipeline(text: &str) -> usize {
    generate::answer_every_zone_record(text).1
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("load+simulate+answer-all");
    group.sample_size(10);
    for n in [10usize, 100, 1_000, 10_000] {
        let text = generate::manifest(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, t| {
            b.iter(|| pipeline(t))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
