//! The playground's whole state: one value from which the screen is drawn.
//!
//! The types are the state codec's (`crates/svcdns-state`), which encodes
//! them into share links, so that a link restores exactly the same screen:
//! manifest text, view, query, interactive toggles, the Service compared,
//! the zone filter, the theme. One copy of each type, no conversion.
//!
//! `svcdns_state::PlaygroundState::default()` is what a v1 link means by an
//! absent field (an empty manifest); the page itself opens on
//! [`initial`] (the sample manifest) when there is no link.

pub use svcdns_state::{EmbedOptions, PlaygroundState, QueryState, Style, Toggles, View};

/// What the page shows when it opens without a share link: the
/// regular-vs-headless sample, with a lookup of its headless Service ready
/// from the namespace its objects are in.
pub fn initial() -> PlaygroundState {
    PlaygroundState {
        manifest: crate::SAMPLE_MANIFEST.to_string(),
        query: QueryState {
            name: "my-headless-svc".into(),
            namespace: "default".into(),
            ..QueryState::default()
        },
        ..PlaygroundState::default()
    }
}
