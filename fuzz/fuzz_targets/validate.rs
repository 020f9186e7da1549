//! Arbitrary text → YAML → strict decoding → API-server validation.
#![no_main]

use libfuzzer_sys::fuzz_target;
use svcdns::{decode, validate, yaml};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (docs, mut diags) = yaml::parse(&text, 0);
    let mut objects = Vec::new();
    decode::decode_documents(0, "fuzz.yaml", &docs, &mut objects, &mut diags);
    let files = vec!["fuzz.yaml".to_string()];
    let _ = validate::validate_all(&objects, &files);
    let (_, accepted, replaced) = validate::validate_and_accept(&objects, &files);
    assert_eq!(accepted.len(), objects.len());
    assert_eq!(replaced.len(), objects.len());
    // An object replaced by a later document is not accepted itself.
    assert!(replaced.iter().zip(&accepted).all(|(r, a)| !(*r && *a)));
});
