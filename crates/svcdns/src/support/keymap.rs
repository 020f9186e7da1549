//! The core's one hash-table type: [`FastMap`]/[`FastSet`] hashed with
//! [`FxHasher`], and [`KeyMap`] on the byte-string [`Table`] the DNS index
//! uses (keys made of length-prefixed parts, [`Key`]).
//!
//! Why one type: every `HashMap<K, V, S>` instantiation compiles its own
//! copy of hashbrown's code into the browser bundle, and std's default
//! SipHash cost answering a question more than the rest of the lookup.
//! Name-keyed tables the core builds use [`KeyMap`] (or [`Table`]), so the
//! bundle holds one hash-table copy for all of them. Other tables use
//! [`FastMap`]/[`FastSet`]: no randomness in the core. Enforced by
//! `disallowed-types` in `crates/svcdns/clippy.toml`.

use std::net::IpAddr;

/// Hash maps keyed by names and addresses the core builds itself, hashed
/// with [`FxHasher`]: no randomness in the core, and nothing here is keyed
/// by an attacker-chosen set large enough to matter beside the object caps.
#[allow(clippy::disallowed_types)] // The one sanctioned hash-table type (see the top of this file).
pub(crate) type FastMap<K, V> =
    std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// A set hashed like [`FastMap`].
#[allow(clippy::disallowed_types)] // As FastMap.
pub(crate) type FastSet<T> = std::collections::HashSet<T, std::hash::BuildHasherDefault<FxHasher>>;

/// FxHash (the hash rustc uses for its own tables: one rotate, xor and
/// multiply per 8 bytes) with a finalizer. SipHash, std's default, cost
/// answering a question more than the rest of the lookup.
#[derive(Clone, Copy, Default)]
pub(crate) struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut b = [0u8; 8];
            b.copy_from_slice(w);
            self.add(u64::from_le_bytes(b));
        }
        let rest = words.remainder();
        let mut b = [0u8; 8];
        b[..rest.len()].copy_from_slice(rest);
        // The length keeps "a\0" and "a" apart.
        self.add(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 56));
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        // MurmurHash3's fmix64: without it, keys that differ only in their
        // high bytes (an address after its length prefix) crowd into a few
        // buckets, and 20,000 pod IPs made every lookup a long probe.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// One lookup table of `coredns`'s index (`ClusterIndex`): encoded key to positions, in order.
pub(crate) type Table = FastMap<Box<[u8]>, Vec<usize>>;

/// A table key: its parts, each with its length in front, so that no
/// choice of bytes in a name can make two keys collide. Built on the stack
/// when it fits (every lookup builds one).
pub(crate) struct Key {
    len: usize,
    inline: [u8; Key::INLINE],
    heap: Vec<u8>,
}

impl Key {
    const INLINE: usize = 192;

    pub(crate) fn new(parts: &[&[u8]]) -> Key {
        let mut k = Key::empty();
        k.fill(parts);
        k
    }
    pub(crate) fn empty() -> Key {
        Key {
            len: 0,
            inline: [0; Key::INLINE],
            heap: Vec::new(),
        }
    }
    /// Writes the key made of `parts` (inlined into [`find`], so that a
    /// lookup builds its key in place rather than copying it out).
    #[inline(always)]
    pub(crate) fn fill(&mut self, parts: &[&[u8]]) {
        let len: usize = parts.iter().map(|p| p.len() + 4).sum();
        self.len = len;
        let mut at = 0;
        let buf: &mut [u8] = if len <= Key::INLINE {
            &mut self.inline
        } else {
            self.heap.resize(len, 0);
            &mut self.heap
        };
        for part in parts {
            buf[at..at + 4].copy_from_slice(&(part.len() as u32).to_le_bytes());
            buf[at + 4..at + 4 + part.len()].copy_from_slice(part);
            at += 4 + part.len();
        }
    }
    pub(crate) fn bytes(&self) -> &[u8] {
        if self.len <= Key::INLINE {
            &self.inline[..self.len]
        } else {
            &self.heap
        }
    }
}

/// The octets of an address as IPv6 and where its key starts in them:
/// the last 4 for IPv4 and IPv4-mapped IPv6 (folded to IPv4), else all 16.
pub(crate) fn ip_octets(ip: IpAddr) -> ([u8; 16], usize) {
    let v6 = match ip {
        IpAddr::V4(v4) => v4.to_ipv6_mapped(),
        IpAddr::V6(v6) => v6,
    };
    let start = if v6.to_ipv4_mapped().is_some() { 12 } else { 0 };
    (v6.octets(), start)
}

/// The key of an address, IPv4-mapped IPv6 folded to IPv4.
pub(crate) fn ip_key(ip: IpAddr) -> Key {
    let (octets, start) = ip_octets(ip);
    Key::new(&[&octets[start..]])
}

pub(crate) fn add(table: &mut Table, key: Key, position: usize) {
    // The key is copied to the heap only when it is new.
    match table.get_mut(key.bytes()) {
        Some(positions) => positions.push(position),
        None => {
            table.insert(key.bytes().into(), vec![position]);
        }
    }
}

pub(crate) fn get<'t>(table: &'t Table, key: &Key) -> &'t [usize] {
    table.get(key.bytes()).map_or(&[], |v| v.as_slice())
}

/// The positions under the key made of `parts` (every question's lookups).
pub(crate) fn find<'t>(table: &'t Table, parts: &[&[u8]]) -> &'t [usize] {
    let mut key = Key::empty();
    key.fill(parts);
    get(table, &key)
}

/// The positions under an address's key.
pub(crate) fn find_ip(table: &Table, ip: IpAddr) -> &[usize] {
    let (octets, start) = ip_octets(ip);
    find(table, &[&octets[start..]])
}

/// A map from keys made of byte strings to a position, on the index's own
/// table type (one hash-table instantiation in the bundle serves both).
#[derive(Default)]
pub(crate) struct KeyMap(Table);

impl KeyMap {
    /// The position stored under the key made of `parts`, storing
    /// `position` there first if the key is new.
    pub(crate) fn get_or_insert(&mut self, parts: &[&[u8]], position: usize) -> usize {
        let key = Key::new(parts);
        if let Some(&p) = self.0.get(key.bytes()).and_then(|v| v.first()) {
            return p;
        }
        self.0.insert(key.bytes().into(), vec![position]);
        position
    }

    /// The position stored under the key made of `parts`.
    pub(crate) fn get(&self, parts: &[&[u8]]) -> Option<usize> {
        self.0.get(Key::new(parts).bytes())?.first().copied()
    }

    /// Whether no key is stored.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether the key made of `parts` is new (it is added).
    pub(crate) fn insert(&mut self, parts: &[&[u8]]) -> bool {
        let n = self.0.len();
        self.get_or_insert(parts, n) == n
    }
}
