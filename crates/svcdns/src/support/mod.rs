//! The crate's helpers, below every stage of the pipeline: they import
//! nothing else of the crate.
//!
//! - [`keymap`]: the one hash-table type (`FastMap`, `FastSet`, `KeyMap`),
//!   FxHash with a finalizer.
//! - [`sort`]: the one stable sort.
//! - [`sorted`]: string-keyed maps and sets as sorted `Vec`s.
//! - [`cache`]: the keystroke caches' sweep.
//! - [`text`]: ASCII lower case, Go's `%q`.
//! - [`stable`]: the stable hashes and generated-name suffixes.

pub(crate) mod cache;
pub(crate) mod keymap;
pub mod sort;
pub mod sorted;
pub(crate) mod stable;
pub mod text;
