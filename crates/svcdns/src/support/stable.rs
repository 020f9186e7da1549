//! Stable stand-ins for what a cluster randomises: an FNV-1a hash of
//! names ([`stable_hash`]) and generated-name suffixes in Kubernetes'
//! alphabet ([`safe_suffix`]). No randomness, the same on every platform,
//! so an object's generated names and addresses depend only on its own
//! namespace and name.

/// FNV-1a: a small stable hash (no randomness, same on every platform).
pub fn stable_hash(text: &str) -> u64 {
    stable_hash_parts(&[text])
}

/// [`stable_hash`] of the parts written one after the other, without
/// building the string.
pub fn stable_hash_parts(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in parts.iter().flat_map(|p| p.bytes()) {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The alphabet Kubernetes uses for generated names
/// (`k8s.io/apimachinery/pkg/util/rand` `SafeEncodeString`): no vowels, no
/// 0/1/3 (avoids words and look-alikes).
const SAFE_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// A stable stand-in for a random generated suffix of `len` characters.
pub fn safe_suffix(seed: &str, len: usize) -> String {
    safe_suffix_of(&[seed], len)
}

/// [`safe_suffix`] of the parts of a seed written one after the other.
pub fn safe_suffix_of(seed: &[&str], len: usize) -> String {
    let mut h = stable_hash_parts(seed);
    let mut out = String::with_capacity(len);
    for _ in 0..len {
        out.push(SAFE_ALPHABET[(h % SAFE_ALPHABET.len() as u64) as usize] as char);
        h /= SAFE_ALPHABET.len() as u64;
        if h == 0 {
            let mut parts = seed.to_vec();
            parts.push(&out);
            h = stable_hash_parts(&parts);
        }
    }
    out
}
