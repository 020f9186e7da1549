//! Stable sorting through one copy of the standard library's sort.
//!
//! Every `slice::sort_by` call with its own element type and closure
//! compiles its own copy of the sort: eight copies were 33 KB of the
//! browser bundle's code. [`sort_by`] sorts positions with the comparison
//! behind `dyn`, so every caller shares one copy, then moves the elements
//! into place. Like `slice::sort_by`, it is stable: equal elements keep
//! their order. Enforced by `disallowed-methods` in
//! `crates/svcdns/clippy.toml` (this file's one call is the allowed one).

use std::cmp::Ordering;

/// Sort `v` with `cmp`, stably (`slice::sort_by`'s contract).
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..v.len()).collect();
    sort_positions(&mut order, &mut |a, b| cmp(&v[a], &v[b]));
    // `order[i]` is where the element that belongs at `i` is now: follow
    // each cycle of the permutation, swapping along it.
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != start {
            let from = order[at];
            v.swap(at, from);
            order[at] = at;
            at = from;
        }
        order[at] = at;
    }
}

/// Sort `v` by a key, stably (`slice::sort_by_key`'s contract).
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// The one instantiation of the standard library's stable sort.
#[inline(never)]
#[allow(clippy::disallowed_methods)] // The one sanctioned stable sort.
fn sort_positions(order: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

#[cfg(test)]
mod tests {
    #![allow(clippy::disallowed_methods)] // std's sort is the reference.
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The same order as the standard library's stable sort, ties
        /// included (elements compared by their first field only).
        #[test]
        fn sorts_like_slice_sort_by(v in proptest::collection::vec((0u8..6, any::<u16>()), 0..200)) {
            let mut ours = v.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut by_key = v.clone();
            sort_by_key(&mut by_key, |a| a.0);
            let mut std_sorted = v;
            std_sorted.sort_by_key(|a| a.0);
            prop_assert_eq!(&ours, &std_sorted);
            prop_assert_eq!(by_key, std_sorted);
        }
    }
}
