//! The keystroke cache of read documents, by the text of their `---` chunk.

use super::{Document, Node, Value};

/// Documents read from earlier versions of a text, by the text of their
/// `---` chunk, so that reading an edited text again reads only the
/// chunks the edit touched (the playground reads its whole manifest on
/// every keystroke). A chunk read from the cache gives exactly what reading
/// it would give, moved to its new line and document index. Chunks with
/// diagnostics are not kept (their messages name lines); entries the reads
/// stopped using are dropped once they are half of the cache, so it holds
/// at most about two copies of the text's trees.
#[derive(Default)]
pub struct ParseCache {
    /// Chunk text to its position in `chunks` (the cluster index's table
    /// type: no other hash table in the bundle).
    by_text: crate::support::keymap::KeyMap,
    chunks: Vec<CachedChunk>,
}

impl std::fmt::Debug for ParseCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ParseCache")
    }
}

pub(super) struct CachedChunk {
    pub(super) text: String,
    /// The chunk's first line (1-based) when it was read.
    pub(super) line: u32,
    pub(super) docs: Vec<Document>,
    /// Used by the current read.
    pub(super) used: bool,
}

impl ParseCache {
    /// After a read: drop the entries it did not use, once they are half of
    /// the cache ([`crate::support::cache::sweep_unused`]).
    pub fn sweep(&mut self) {
        if crate::support::cache::sweep_unused(&mut self.chunks, |c| &mut c.used) {
            self.by_text = Default::default();
            for (i, c) in self.chunks.iter().enumerate() {
                self.by_text.get_or_insert(&[c.text.as_bytes()], i);
            }
        }
    }

    /// The entry read from exactly this text, if any.
    pub(super) fn get(&mut self, text: &str) -> Option<&mut CachedChunk> {
        let i = self.by_text.get(&[text.as_bytes()])?;
        self.chunks.get_mut(i).filter(|c| c.text == text)
    }

    pub(super) fn insert(&mut self, text: &str, line: u32, docs: Vec<Document>) {
        let i = self
            .by_text
            .get_or_insert(&[text.as_bytes()], self.chunks.len());
        let entry = CachedChunk {
            text: text.to_string(),
            line,
            docs,
            used: true,
        };
        match self.chunks.get_mut(i) {
            Some(old) => *old = entry,
            None => self.chunks.push(entry),
        }
    }
}

/// Move every position of `node` down by `delta` lines. The recursion is
/// bounded: trees are at most [`MAX_DEPTH`] deep as written, and aliases
/// can add only what the alias budget allows (a few hundred levels).
pub(super) fn shift_lines(node: &mut Node, delta: i64) {
    node.pos.line = (i64::from(node.pos.line) + delta).clamp(1, i64::from(u32::MAX)) as u32;
    match &mut node.value {
        Value::Scalar(_) => {}
        Value::Seq(items) => items.iter_mut().for_each(|n| shift_lines(n, delta)),
        Value::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
            shift_lines(k, delta);
            shift_lines(v, delta);
        }),
    }
}
