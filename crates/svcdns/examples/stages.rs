//! Per-stage timing of analyze on a generated manifest:
//! `cargo run --release -p svcdns --example stages -- 3000`.
use std::time::Instant;
use svcdns::{decode, generate, yaml};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(3000);
    let text = generate::manifest(n);
    let t0 = Instant::now();
    let (docs, _) = yaml::parse(&text, 0);
    let t1 = Instant::now();
    let mut objects = Vec::new();
    let mut diags = Vec::new();
    decode::decode_documents(0, "g", &docs, &mut objects, &mut diags);
    let t2 = Instant::now();
    let accepted = vec![true; objects.len()];
    let sim = svcdns::controllers::simulate(
        &objects,
        &accepted,
        &Default::default(),
        &svcdns::profile::Profile::default(),
        Default::default(),
    );
    let t3 = Instant::now();
    println!(
        "parse {:?} decode {:?} simulate {:?} pods {}",
        t1 - t0,
        t2 - t1,
        t3 - t2,
        sim.cluster.pods.len()
    );
}
