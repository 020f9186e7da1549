//! Arbitrary text → analyze → the whole zone → every zone name asked back.
//!
//! Checks: no panic, no hang (libFuzzer's -timeout), and every record the
//! zone lists is part of what `answer` gives for its owner and type (the
//! zone listing is defined as a subset of the answers).
#![no_main]

use libfuzzer_sys::fuzz_target;
use svcdns::coredns;
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
    let zone = coredns::zone(&analysis.cluster);
    // Each (owner, type) is asked once: a headless name with a thousand A
    // records is one question, not a thousand.
    let mut answers = std::collections::HashMap::new();
    for record in &zone {
        let key = (record.owner.clone(), record.record_type());
        let first = !answers.contains_key(&key);
        let r = answers.entry(key).or_insert_with(|| {
            coredns::answer(&analysis.cluster, &record.owner, record.record_type())
        });
        assert!(
            r.answer.contains(record),
            "zone lists {record:?} but answer({}, {:?}) gives {:?}",
            record.owner,
            record.record_type(),
            r.answer
        );
        if first {
            let _ = coredns::answer(&analysis.cluster, &record.owner, RecordType::Any);
        }
    }
});
