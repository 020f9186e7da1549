//! String-keyed maps and sets kept as `Vec`s sorted by key.
//!
//! Every `BTreeMap<String, V>` value type compiles its own copy of the
//! B-tree (insert, split, merge, iteration, drop: about 3 KB of wasm each);
//! a sorted `Vec` searched by [`slice::binary_search_by`] is a fraction of
//! that. For the small tables the playground's toggles are
//! ([`crate::controllers::State`]): a lookup is a binary search and an
//! insert moves the entries after it. Built from many entries at once
//! ([`FromIterator`]), they are sorted once, so any order costs n log n.
//! Iteration is in key order (byte order), as a `BTreeMap<String, V>`'s.

use std::fmt;

/// A map from strings to values, sorted by key, each key once.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SortedMap<V>(Vec<(String, V)>);

impl<V> Default for SortedMap<V> {
    fn default() -> Self {
        SortedMap(Vec::new())
    }
}

impl<V> SortedMap<V> {
    /// Where `key` is, or where it would go.
    fn position(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        let i = self.position(key).ok()?;
        Some(&self.0[i].1)
    }

    /// Whether `key` has a value.
    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_ok()
    }

    /// Sets `key` to `value`; the value it had, if any.
    pub fn insert(&mut self, key: String, value: V) -> Option<V> {
        match self.position(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    /// The value of `key`, set to `default` first if it has none
    /// (`BTreeMap::entry(key).or_insert(default)`).
    pub fn get_or_insert(&mut self, key: String, default: V) -> &mut V {
        let i = match self.position(&key) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (key, default));
                i
            }
        };
        &mut self.0[i].1
    }

    /// Takes `key` out; the value it had, if any.
    pub fn remove(&mut self, key: &str) -> Option<V> {
        let i = self.position(key).ok()?;
        Some(self.0.remove(i).1)
    }

    /// The entries, in key order.
    pub fn iter(&self) -> Iter<'_, V> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// How many keys have a value.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no key has a value.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The iterator of [`SortedMap::iter`].
pub type Iter<'a, V> =
    std::iter::Map<std::slice::Iter<'a, (String, V)>, fn(&'a (String, V)) -> (&'a String, &'a V)>;

impl<V> std::ops::Index<&str> for SortedMap<V> {
    type Output = V;
    /// The value of `key`; panics if it has none (as a `BTreeMap`'s).
    fn index(&self, key: &str) -> &V {
        self.get(key).expect("no such key in the SortedMap")
    }
}

impl<'a, V> IntoIterator for &'a SortedMap<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = Iter<'a, V>;
    fn into_iter(self) -> Iter<'a, V> {
        self.iter()
    }
}

impl<V> FromIterator<(String, V)> for SortedMap<V> {
    /// Entries in any order; of equal keys the last wins, as when they are
    /// inserted one by one. Sorted once (stably), not inserted one by one.
    fn from_iter<I: IntoIterator<Item = (String, V)>>(entries: I) -> Self {
        let mut all: Vec<(String, V)> = entries.into_iter().collect();
        crate::support::sort::sort_by(&mut all, |a, b| a.0.cmp(&b.0));
        let mut out: Vec<(String, V)> = Vec::with_capacity(all.len());
        for e in all {
            if out.last().is_some_and(|last| last.0 == e.0) {
                out.pop();
            }
            out.push(e);
        }
        SortedMap(out)
    }
}

impl<V: fmt::Debug> fmt::Debug for SortedMap<V> {
    /// As a `BTreeMap`'s: `{"key": value, …}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// A set of strings, sorted, each once.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct SortedSet(SortedMap<()>);

impl SortedSet {
    /// Whether `key` is in the set.
    pub fn contains(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    /// Adds `key`; whether it was new.
    pub fn insert(&mut self, key: String) -> bool {
        self.0.insert(key, ()).is_none()
    }

    /// Takes `key` out; whether it was there.
    pub fn remove(&mut self, key: &str) -> bool {
        self.0.remove(key).is_some()
    }

    /// The keys, in order.
    pub fn iter(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    /// How many keys.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a SortedSet {
    type Item = &'a String;
    type IntoIter = std::iter::Map<Iter<'a, ()>, fn((&'a String, &'a ())) -> &'a String>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, _)| k)
    }
}

impl FromIterator<String> for SortedSet {
    /// Keys in any order, duplicates allowed.
    fn from_iter<I: IntoIterator<Item = String>>(keys: I) -> Self {
        SortedSet(keys.into_iter().map(|k| (k, ())).collect())
    }
}

impl fmt::Debug for SortedSet {
    /// As a `BTreeSet`'s: `{"key", …}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::{BTreeMap, BTreeSet};

    proptest! {
        /// The same contents, order and answers as a `BTreeMap`, for any
        /// sequence of inserts, removals and counter bumps.
        #[test]
        fn behaves_like_a_btreemap(ops in proptest::collection::vec((0u8..4, 0u8..12, any::<i32>()), 0..200)) {
            let mut ours: SortedMap<i32> = SortedMap::default();
            let mut reference: BTreeMap<String, i32> = BTreeMap::new();
            for (op, k, v) in ops {
                let key = format!("k{k}");
                match op {
                    0 => prop_assert_eq!(ours.insert(key.clone(), v), reference.insert(key, v)),
                    1 => prop_assert_eq!(ours.remove(&key), reference.remove(&key)),
                    2 => {
                        *ours.get_or_insert(key.clone(), 0) += 1;
                        *reference.entry(key).or_insert(0) += 1;
                    }
                    _ => prop_assert_eq!(ours.get(&key), reference.get(&key)),
                }
                let a: Vec<_> = ours.iter().collect();
                let b: Vec<_> = reference.iter().collect();
                prop_assert_eq!(a, b);
            }
        }

        /// Collected in any order, the last of equal keys wins, as a
        /// `BTreeMap` collected from the same entries; a set likewise.
        #[test]
        fn collects_like_a_btreemap(entries in proptest::collection::vec((0u8..12, any::<i32>()), 0..100)) {
            let entries: Vec<(String, i32)> = entries.into_iter().map(|(k, v)| (format!("k{k}"), v)).collect();
            let ours: SortedMap<i32> = entries.iter().cloned().collect();
            let reference: BTreeMap<String, i32> = entries.iter().cloned().collect();
            prop_assert_eq!(ours.iter().collect::<Vec<_>>(), reference.iter().collect::<Vec<_>>());
            prop_assert_eq!(format!("{ours:?}"), format!("{reference:?}"));
            let set: SortedSet = entries.iter().map(|(k, _)| k.clone()).collect();
            let set_reference: BTreeSet<String> = entries.iter().map(|(k, _)| k.clone()).collect();
            prop_assert_eq!(set.iter().collect::<Vec<_>>(), set_reference.iter().collect::<Vec<_>>());
            prop_assert_eq!(format!("{set:?}"), format!("{set_reference:?}"));
        }
    }
}
