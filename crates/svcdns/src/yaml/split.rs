//! Splitting a file into its `---` documents before reading them, so that
//! a syntax error in one document does not hide the others.

/// The index of the first `\n` at or after `i` in `b` (or `b.len()`),
/// eight bytes at a time.
pub(super) fn line_end(b: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    while let Some(word) = b.get(i..i + 8) {
        let x = u64::from_le_bytes(word.try_into().unwrap_or_default()) ^ (ONES * b'\n' as u64);
        // The lowest high bit set marks the first zero byte of x.
        let zero = x.wrapping_sub(ONES) & !x & (ONES << 7);
        if zero != 0 {
            return i + (zero.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && b[i] != b'\n' {
        i += 1;
    }
    i
}

/// Split a file into document chunks at lines that start with `---`, as
/// kubectl's reader does (apimachinery `YAMLReader.Read`, which refuses
/// such a line unless only spaces or a comment follow: see
/// [`invalid_separator`]). Returns (first line number of the chunk, chunk
/// text).
pub(super) fn split_documents(text: &str) -> Vec<(u32, &str)> {
    let b = text.as_bytes();
    let mut chunks = Vec::new();
    let mut start = 0usize;
    let mut start_line = 1u32;
    let mut offset = 0usize;
    let mut line_no = 1u32;
    while offset < b.len() {
        if b[offset..].starts_with(b"---") && offset > start {
            chunks.push((start_line, &text[start..offset]));
            start = offset;
            start_line = line_no;
        }
        offset = line_end(b, offset) + 1;
        line_no += 1;
    }
    chunks.push((start_line, &text[start..]));
    chunks
}

/// What follows `---` on a chunk's first line when kubectl refuses it as a
/// document separator (anything but spaces or a `#` comment):
/// `invalid Yaml document separator: ...`.
pub(super) fn invalid_separator(chunk: &str) -> Option<&str> {
    let rest = chunk.strip_prefix("---")?;
    let rest = rest[..line_end(rest.as_bytes(), 0)].trim();
    (!rest.is_empty() && !rest.starts_with('#')).then_some(rest)
}
