//! The playground's whole state: one value from which the screen is drawn.
//!
//! Its shape is the one the state codec (`crates/svcdns-state`, built in
//! parallel) encodes into share links, so that a link restores exactly the
//! same screen: manifest text, view, query, interactive toggles, the Service
//! compared, the zone filter, the theme. Until that crate lands this module
//! holds its own copy of the struct; switching is a `pub use`.
//!
//! Share glue contract (`web/src/share.rs`, owned by the codec's author):
//! `pub fn load() -> Option<PlaygroundState>` (the state in the page's URL
//! fragment, if any) and `pub fn save(&PlaygroundState)` (write it back,
//! without a navigation). `web/build.rs` turns the `svcdns_share` cfg on when
//! that file exists, and [`crate::App`] then calls both.

pub use svcdns::simulate::State as Toggles;

/// The result views.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum View {
    /// Regular and headless Service side by side.
    #[default]
    Compare,
    /// One question, answered like dig or nslookup.
    Lookup,
    /// Every record served.
    Zone,
    /// StatefulSet identities.
    StatefulSets,
    /// API errors and wiring warnings.
    Problems,
}

impl View {
    /// Every view, in tab order.
    pub const ALL: [View; 5] = [
        View::Compare,
        View::Lookup,
        View::Zone,
        View::StatefulSets,
        View::Problems,
    ];

    /// Tab label.
    pub fn label(self) -> &'static str {
        match self {
            View::Compare => "Compare",
            View::Lookup => "Lookup",
            View::Zone => "Zone",
            View::StatefulSets => "StatefulSets",
            View::Problems => "Problems",
        }
    }

    /// Stable id fragment (`tab-compare`, `panel-compare`).
    pub fn slug(self) -> &'static str {
        match self {
            View::Compare => "compare",
            View::Lookup => "lookup",
            View::Zone => "zone",
            View::StatefulSets => "statefulsets",
            View::Problems => "problems",
        }
    }
}

/// How the Lookup view prints a response.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Style {
    /// `dig +search`.
    #[default]
    Dig,
    /// `nslookup`.
    Nslookup,
}

/// The Lookup view's question.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct QueryState {
    /// The name as typed (relative names go through the search list).
    pub name: String,
    /// Record type mnemonic (`A`, `SRV`...).
    pub record_type: String,
    /// The client pod's namespace.
    pub namespace: String,
    /// dig or nslookup.
    pub style: Style,
}

impl Default for QueryState {
    fn default() -> Self {
        QueryState {
            name: String::new(),
            record_type: "A".into(),
            namespace: "default".into(),
            style: Style::Dig,
        }
    }
}

/// Embedding options (issue 5; defined by the codec crate, placeholder here).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct EmbedOptions {
    /// Hide the editor.
    pub hide_editor: bool,
    /// Read-only editor.
    pub read_only: bool,
}

/// Everything a share link carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlaygroundState {
    /// The editor's text.
    pub manifest: String,
    /// The view shown.
    pub view: View,
    /// The Lookup view's question.
    pub query: QueryState,
    /// Interactive overrides of the simulated cluster.
    pub toggles: Toggles,
    /// The Service compared (`namespace/name`); `None`: the first one.
    pub compare: Option<String>,
    /// The Zone view's filter.
    pub zone_filter: String,
    /// `Some("dark")`/`Some("light")`, or `None` to follow the system.
    pub theme: Option<String>,
    /// Embed mode, if the page is embedded.
    pub embed: Option<EmbedOptions>,
}

impl Default for PlaygroundState {
    fn default() -> Self {
        PlaygroundState {
            manifest: crate::SAMPLE_MANIFEST.to_string(),
            view: View::Compare,
            query: QueryState {
                name: "web".into(),
                namespace: "shop".into(),
                ..QueryState::default()
            },
            toggles: Toggles::default(),
            compare: None,
            zone_filter: String::new(),
            theme: None,
            embed: None,
        }
    }
}
