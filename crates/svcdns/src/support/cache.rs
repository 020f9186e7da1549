//! What the keystroke caches (`yaml::ParseCache`, `decode::DecodeCache`,
//! `validate::ValidationCache`) share: when to drop the entries a read
//! stopped using.

/// The sweep of the keystroke caches (`yaml::ParseCache`,
/// `decode::DecodeCache`, `validate::ValidationCache`), after a read that
/// marked the entries it used. Entries it did not use stay until they are
/// half of the cache: they are still right (each holds what its key was
/// made from, so the key cannot come to mean anything else) and a later
/// read may use them again (an undo). Then they are dropped and this
/// returns true: the caller rebuilds its table, whose positions moved.
/// Dropping them on every read rebuilt the tables on every keystroke (at
/// 1,000 objects 3.3 M of a keystroke's 39.5 M instructions); now a
/// keystroke that replaces one document rebuilds them about once per
/// document count of keystrokes, and a cache holds at most about twice
/// what the text needs. Every entry leaves unmarked.
pub(crate) fn sweep_unused<T>(entries: &mut Vec<T>, used: fn(&mut T) -> &mut bool) -> bool {
    let mut unused = 0;
    for e in entries.iter_mut() {
        unused += usize::from(!*used(e));
    }
    let compact = unused * 2 > entries.len();
    if compact {
        entries.retain_mut(|e| *used(e));
    }
    for e in entries.iter_mut() {
        *used(e) = false;
    }
    compact
}
