//! Presentational components. Each takes plain props and callbacks (not
//! state handles), so they stay easy to test and reuse.

pub mod compare;
pub mod editor;
pub mod lookup;
pub mod problems;
pub mod statefulsets;
mod summary_panel;
pub mod zone;

pub use compare::CompareView;
pub use editor::{ManifestEditor, ManifestEditorProps, Marker};
pub use lookup::{lookup_view, LookupProps};
pub use problems::{problems_view, ProblemsProps};
pub use statefulsets::{statefulsets_view, StatefulSetsProps};
pub use summary_panel::{summary_panel, SummaryPanelProps};
pub use zone::ZoneView;
