//! Decoding an arbitrary share-link fragment (`svcdns-state`), as the page
//! does with whatever `location.hash` holds.
//!
//! Byte 0 picks the mode: even, the rest is the fragment as text; odd, the
//! rest is a payload framed as the encoder frames it (`v1.` + base64url of
//! checksum + DEFLATE), so the fuzzer reaches the payload parser past the
//! checksum. Checks: no panic; whatever decodes re-encodes to a fragment
//! that decodes to the same state.
#![no_main]

use libfuzzer_sys::fuzz_target;
use svcdns_state::{decode, payload, seal};

/// `payload` framed as the encoder frames it.
fn framed(payload: &[u8]) -> String {
    seal(payload, &miniz_oxide::deflate::compress_to_vec(payload, 6))
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let fragment = if mode % 2 == 0 {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        framed(rest)
    };
    if let Ok(state) = decode(&fragment) {
        let again = framed(&payload(&state));
        assert_eq!(
            decode(&again).as_ref(),
            Ok(&state),
            "re-encoded state differs"
        );
    }
});
