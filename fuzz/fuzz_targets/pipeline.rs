//! Arbitrary text → analyze → the whole zone → every zone name asked back.
//!
//! Checks: no panic, no hang (libFuzzer's -timeout), and every record the
//! zone lists is part of what `answer` gives for its owner and type (the
//! zone listing is defined as a subset of the answers).
#![no_main]

use libfuzzer_sys::fuzz_target;
use svcdns::dns::RecordType;
use svcdns::{analyze, Input, Options};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let analysis = analyze(
        &[Input {
            name: "fuzz.yaml",
            text: &text,
        }],
        &Options::default(),
    );
    let _ = analysis.statefulsets();
    // One plugin (one index) for every question, as the shells ask: the
    // free function coredns::answer indexes the cluster on every call, which
    // made this target quadratic (a 1,000-pod StatefulSet timed out).
    let kubernetes = analysis.kubernetes();
    let zone = kubernetes.zone();
    // Each (owner, type) is asked once: a headless name with a thousand A
    // records is one question, not a thousand.
    let mut answers = std::collections::HashMap::new();
    for record in &zone {
        let key = (record.owner.clone(), record.record_type());
        let first = !answers.contains_key(&key);
        let r = answers
            .entry(key)
            .or_insert_with(|| kubernetes.answer(&record.owner, record.record_type()));
        assert!(
            r.answer.contains(record),
            "zone lists {record:?} but answer({}, {:?}) gives {:?}",
            record.owner,
            record.record_type(),
            r.answer
        );
        if first {
            let _ = kubernetes.answer(&record.owner, RecordType::Any);
        }
    }
});
