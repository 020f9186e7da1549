//! Presentational components. Each takes plain props and callbacks (not
//! state handles), so they stay easy to test and reuse.

mod editor;
mod summary_panel;

pub use editor::{ManifestEditor, ManifestEditorProps};
pub use summary_panel::{SummaryPanel, SummaryPanelProps};
