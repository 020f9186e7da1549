//! Quick timing of the pipeline stages on generated manifests (no criterion),
//! with the number of heap allocations each stage makes:
//! `cargo run --profile bench -p svcdns --example timing [OBJECTS | FILE]`.
use std::alloc::{GlobalAlloc, Layout};

use mimalloc::MiMalloc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;
use svcdns::{analyze, dns, generate, Input, Options};

/// The allocator the CLI ships (mimalloc), counting allocations.
struct Counting;
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { MiMalloc.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { MiMalloc.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { MiMalloc.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f`, returning its result, the time it took and its allocations.
fn stage<T>(f: impl FnOnce() -> T) -> (T, std::time::Duration, usize) {
    let a0 = ALLOCATIONS.load(Ordering::Relaxed);
    let t0 = Instant::now();
    let out = f();
    let elapsed = t0.elapsed();
    (out, elapsed, ALLOCATIONS.load(Ordering::Relaxed) - a0)
}

fn main() {
    let arg = std::env::args().nth(1);
    let inputs: Vec<(String, String)> = match arg.as_deref().map(|a| (a, a.parse::<usize>())) {
        Some((_, Ok(n))) => vec![(n.to_string(), generate::manifest(n))],
        Some((path, Err(_))) => vec![(
            path.to_string(),
            std::fs::read_to_string(path).expect("readable manifest"),
        )],
        None => [10, 100, 1_000, 10_000]
            .map(|n| (n.to_string(), generate::manifest(n)))
            .into(),
    };
    for (n, text) in inputs {
        let (a, t_analyze, al_analyze) = stage(|| {
            analyze(
                &[Input {
                    name: "g.yaml",
                    text: &text,
                }],
                &Options::default(),
            )
        });
        let k = a.kubernetes();
        let (zone, t_zone, al_zone) = stage(|| k.zone());
        // Every name asked once per type (a headless name with thousands of
        // A records is one question).
        let mut questions: Vec<(&str, dns::RecordType)> = zone
            .iter()
            .map(|r| (r.owner.as_str(), r.record_type()))
            .collect();
        questions.dedup();
        let (explained, t_explained, al_explained) = stage(|| {
            questions
                .iter()
                .map(|(name, t)| k.answer(name, *t).answer.len())
                .sum::<usize>()
        });
        let (bare, t_bare, al_bare) = stage(|| {
            questions
                .iter()
                .map(|(name, t)| k.answer_unexplained(name, *t).answer.len())
                .sum::<usize>()
        });
        assert_eq!(explained, bare);
        // The benchmark's whole job, drops included.
        let (_, t_job, al_job) = stage(|| generate::answer_every_name(&text));
        println!(
            "{n:>6} objects ({} bytes, {} records, {} questions): analyze {t_analyze:.2?} ({al_analyze} allocs), \
             zone {t_zone:.2?} ({al_zone}), answer all explained {t_explained:.2?} ({al_explained}), \
             unexplained {t_bare:.2?} ({al_bare}); benchmark job {t_job:.2?} ({al_job})",
            text.len(),
            zone.len(),
            questions.len(),
        );
    }
}
