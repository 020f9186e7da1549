//! The tab fix: go-yaml v2 reads a tab after a mapping's `:` as
//! separation; saphyr-parser refuses it, so the chunk is read again with
//! those tabs turned into spaces.

use super::saphyr::parse_chunk_saphyr;
use super::Document;
use crate::diag::Diagnostic;

/// Most tabs after a colon re-read per document (each costs a re-read).
const MAX_TAB_FIXES: usize = 16;

/// saphyr-parser's message for a mapping colon followed by a tab.
const COLON_TAB: &str = "':' must be followed by a valid YAML whitespace";

/// Read one chunk with saphyr-parser. go-yaml v2 (like libyaml) takes tabs
/// after a mapping's `:` as separation ("s-separate-in-line"), so kubectl
/// reads `name:<tab>web` as `name: web`; saphyr-parser 0.3 rejects it.
/// When that is the error, the tabs after that colon become spaces (the
/// same columns) and the chunk is read again.
pub(super) fn parse_chunk_slow(
    chunk: &str,
    line_offset: u32,
    file: u32,
    docs: &mut Vec<Document>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut text = std::borrow::Cow::Borrowed(chunk);
    let (docs_before, diags_before) = (docs.len(), diags.len());
    for _ in 0..MAX_TAB_FIXES {
        parse_chunk_saphyr(&text, line_offset, file, docs, diags);
        let Some(fixed) = diags[diags_before..]
            .iter()
            .find(|d| d.code == "yaml-syntax" && d.message.ends_with(COLON_TAB))
            .and_then(|d| {
                tabs_after_colon_to_spaces(&text, d.location.line - line_offset, d.location.column)
            })
        else {
            return;
        };
        docs.truncate(docs_before);
        diags.truncate(diags_before);
        text = std::borrow::Cow::Owned(fixed);
    }
}

/// `text` with the tabs right after the last `:`-then-tab before 1-based
/// `column` of its 1-based `line` (where saphyr stopped) turned into
/// spaces, if there is one.
fn tabs_after_colon_to_spaces(text: &str, line: u32, column: u32) -> Option<String> {
    // Plain byte scans (no string searchers: the browser bundle is tight).
    let b = text.as_bytes();
    let mut start = 0;
    for _ in 1..line {
        start += b.get(start..)?.iter().position(|&c| c == b'\n')? + 1;
    }
    let len = b[start..]
        .iter()
        .position(|&c| c == b'\n')
        .unwrap_or(b.len() - start);
    let line_bytes = &b[start..start + len];
    // Up to `column` (characters; bytes are as many or more, so a line
    // with wide characters before the colon is left alone).
    let upto = (column as usize).min(line_bytes.len());
    let colon = (0..upto.saturating_sub(1))
        .rev()
        .find(|&i| line_bytes[i] == b':' && line_bytes[i + 1] == b'\t')?;
    let mut out = text.as_bytes().to_vec();
    for c in out[start + colon + 1..start + len]
        .iter_mut()
        .take_while(|c| **c == b'\t' || **c == b' ')
    {
        *c = b' ';
    }
    // Only ASCII tabs became ASCII spaces: still UTF-8.
    String::from_utf8(out).ok()
}
