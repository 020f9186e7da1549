//! The keystroke cache of decoded objects, by the identity of their tree.

use std::sync::Arc;

use crate::api::Object;
use crate::diag::Diagnostic;
use crate::yaml::Node;

/// What decoding gave for trees read before, so that a text read again
/// after an edit decodes only the documents whose tree is new.
///
/// Decoding is a function of the tree, the file and the document's index:
/// an entry is found by the tree's identity (the same `Arc`, which the
/// entry holds, so its address cannot be reused) and must match the file,
/// its name and the index. A tree the parse cache moved to another line is
/// a new tree (it was copied before it moved), so it is decoded again.
/// Entries the reads stopped using are dropped ([`DecodeCache::sweep`]).
#[derive(Default)]
pub struct DecodeCache {
    /// Tree address to its position in `entries` (the cluster index's
    /// table type: no other hash table in the bundle). The first entry
    /// of an address is found; a later one for the same tree (another file
    /// with the same text) is only kept, not found.
    pub(super) by_tree: crate::support::keymap::KeyMap,
    pub(super) entries: Vec<Decoded>,
}

impl std::fmt::Debug for DecodeCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DecodeCache({} trees)", self.entries.len())
    }
}

pub(super) struct Decoded {
    pub(super) root: Arc<Node>,
    pub(super) file: u32,
    pub(super) file_name: String,
    pub(super) document: u32,
    pub(super) objects: Vec<Arc<Object>>,
    pub(super) diags: Vec<Diagnostic>,
    pub(super) used: bool,
}

impl DecodeCache {
    /// After a read: drop the entries it did not use, once they are half of
    /// the cache ([`crate::support::cache::sweep_unused`]).
    pub fn sweep(&mut self) {
        if crate::support::cache::sweep_unused(&mut self.entries, |e| &mut e.used) {
            self.by_tree = Default::default();
            for (i, e) in self.entries.iter().enumerate() {
                self.by_tree.get_or_insert(&[&tree_address(&e.root)], i);
            }
        }
    }

    pub(super) fn get(
        &mut self,
        root: &Arc<Node>,
        file: u32,
        file_name: &str,
        document: u32,
    ) -> Option<&mut Decoded> {
        let i = self.by_tree.get(&[&tree_address(root)])?;
        self.entries.get_mut(i).filter(|e| {
            Arc::ptr_eq(&e.root, root)
                && e.file == file
                && e.document == document
                && e.file_name == file_name
        })
    }
}

/// The key of a tree in [`DecodeCache`]: its address.
pub(super) fn tree_address(root: &Arc<Node>) -> [u8; 8] {
    (Arc::as_ptr(root) as usize as u64).to_le_bytes()
}
