//! Presentational components. Each takes plain props and callbacks (not
//! state handles), so they stay easy to test and reuse.

#[cfg(feature = "cluster")]
mod cluster;
pub mod compare;
pub mod editor;
pub mod history;
#[cfg(feature = "lessons")]
pub mod lesson;
pub mod lookup;
pub mod problems;
pub mod statefulsets;
mod summary_panel;
pub mod zone;

#[cfg(feature = "cluster")]
pub use cluster::cluster_menu;
pub use compare::CompareView;
pub use editor::{ManifestEditor, ManifestEditorProps, Marker};
pub use lookup::{lookup_view, LookupProps};
pub use problems::{problems_view, ProblemsProps};
pub use statefulsets::{statefulsets_view, StatefulSetsProps};
pub use summary_panel::{summary_panel, SummaryPanelProps};
pub use zone::ZoneView;

#[cfg(feature = "lessons")]
pub use lesson::{lesson_panel, lessons_menu};

/// Built without the feature `cluster` (see web/Cargo.toml): no Cluster
/// menu; the profile comes from the manifests and the default preset.
#[cfg(not(feature = "cluster"))]
pub fn cluster_menu(_: &crate::model::Model, _: &yew::Callback<crate::model::Action>) -> yew::Html {
    yew::Html::default()
}

/// Built without the feature `lessons` (see web/Cargo.toml): no Lessons
/// menu.
#[cfg(not(feature = "lessons"))]
pub fn lessons_menu(_: &yew::Callback<crate::model::Action>) -> yew::Html {
    yew::Html::default()
}

/// Built without the feature `lessons`: no lesson panel (a link naming a
/// lesson opens its manifest alone).
#[cfg(not(feature = "lessons"))]
pub fn lesson_panel(_: &crate::model::Model, _: &yew::Callback<crate::model::Action>) -> yew::Html {
    yew::Html::default()
}
