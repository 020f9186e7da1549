//! Arbitrary text → the YAML fast path and the saphyr path, chunk by chunk.
//!
//! Checks: whenever the fast path reads a chunk (does not give up), saphyr
//! reads it without a diagnostic and to the same documents: same nodes,
//! text, scalar kinds and positions.
#![no_main]

use libfuzzer_sys::fuzz_target;
use svcdns::yaml::fast_and_slow;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for (fast, slow, diags) in fast_and_slow(&text) {
        let Some(fast) = fast else { continue };
        assert_eq!(diags, 0, "the fast path read what saphyr refuses");
        // Debug text, so that NaN equals NaN.
        if fast != slow {
            assert_eq!(format!("{fast:?}"), format!("{slow:?}"));
        }
    }
});
