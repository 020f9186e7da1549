//! Quick timing of the pipeline stages on generated manifests (no criterion),
//! with the number of heap allocations each stage makes:
//! `cargo run --profile bench -p svcdns --example timing [OBJECTS]`.
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;
use svcdns::{analyze, dns, generate, Input, Options};

/// The system allocator, counting allocations.
struct Counting;
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
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
    let sizes: Vec<usize> = match std::env::args().nth(1).and_then(|s| s.parse().ok()) {
        Some(n) => vec![n],
        None => vec![10, 100, 1_000, 10_000],
    };
    for n in sizes {
        let text = generate::manifest(n);
        let (a, t_analyze, al_analyze) = stage(|| {
            analyze(
                &[Input {
                    name: "g.yaml",
                    text: &text,
                }],
                &Options::default(),
            )
        });
        let k = dns::Kubernetes::new(&a.cluster);
        let (zone, t_zone, al_zone) = stage(|| k.zone());
        let (explained, t_explained, al_explained) = stage(|| {
            zone.iter()
                .map(|r| k.answer(&r.owner, r.record_type()).answer.len())
                .sum::<usize>()
        });
        let (bare, t_bare, al_bare) = stage(|| {
            zone.iter()
                .map(|r| k.answer_unexplained(&r.owner, r.record_type()).answer.len())
                .sum::<usize>()
        });
        assert_eq!(explained, bare);
        println!(
            "{n:>6} objects ({} bytes, {} records): analyze {t_analyze:.2?} ({al_analyze} allocs), \
             zone {t_zone:.2?} ({al_zone}), answer all explained {t_explained:.2?} ({al_explained}), \
             unexplained {t_bare:.2?} ({al_bare})",
            text.len(),
            zone.len(),
        );
    }
}
