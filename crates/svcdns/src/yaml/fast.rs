//! The fast path: a line-based reader for the block YAML that manifests
//! nearly always are, giving exactly the tree the saphyr path gives.
//!
//! It reads one chunk of [`super::split_documents`] and returns `None`
//! (the caller then runs saphyr) on anything outside its subset or that it
//! is not sure of: tabs, `\r`, control characters, a byte order mark,
//! anchors, aliases, tags, `<<`, `?` keys, directives, `...`, flow
//! collections other than `{}` and `[]`, folded or explicitly indented
//! block scalars, escapes other than `\" \\ \n \t \/`, scalars over more
//! than one line, nesting near [`MAX_DEPTH`], and every syntax error.
//! The equality with saphyr's tree (text, kind and position of every node)
//! is tested on every example, by a property test and by the `yaml_fast`
//! fuzz target (`tests/yaml_fast.rs`).

use super::{resolve_plain, Document, Node, Pos, Scalar, ScalarKind, Text, Value, MAX_DEPTH};

/// An open block collection.
struct Frame {
    map: bool,
    /// 0-based column of its keys or dashes.
    indent: usize,
    pos: Pos,
    /// Where its entries start in `Scratch::pairs` or `Scratch::items`.
    start: usize,
    /// A sequence written at its parent key's column (`key:\n- a`).
    indentless: bool,
    /// Awaiting a value (after `key:` or `-`): where an empty one would be.
    pending: Option<Pos>,
    /// The key awaiting its value.
    key: Option<Node>,
}

/// Buffers kept from chunk to chunk.
#[derive(Default)]
pub(super) struct Scratch {
    frames: Vec<Frame>,
    /// Entries of the open mappings.
    pairs: Vec<(Node, Node)>,
    /// Items of the open sequences.
    items: Vec<Node>,
}

struct Fast<'a, 's> {
    src: &'a str,
    /// Byte offset of the next unread line.
    next: usize,
    /// Byte offset of the line being read.
    at: usize,
    /// File line number of the next unread line.
    line: u32,
    ascii: bool,
    s: &'s mut Scratch,
    root: Option<Node>,
}

fn scalar(pos: Pos, text: impl Into<Text>, kind: ScalarKind) -> Node {
    let text = text.into();
    Node {
        pos,
        value: Value::Scalar(Scalar { text, kind }),
    }
}

fn spaces(b: &[u8], mut i: usize) -> usize {
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    i
}

/// Whether `i` is the end of the line or a space.
fn blank(b: &[u8], i: usize) -> bool {
    matches!(b.get(i), None | Some(b' '))
}

/// After a node ending at `e` (`j` past the spaces): the line must end, or
/// a comment start after a space.
fn rest_ok(b: &[u8], e: usize, j: usize) -> Option<()> {
    (j >= b.len() || (b[j] == b'#' && j > e)).then_some(())
}

/// The index of the first `:` or `#` at or after `i` in `b` (or
/// `b.len()`), eight bytes at a time (as [`super::line_end`]).
fn colon_or_hash(b: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    while let Some(word) = b.get(i..i + 8) {
        let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
        let (x, y) = (w ^ (ONES * u64::from(b':')), w ^ (ONES * u64::from(b'#')));
        // The lowest high bit set marks the first zero byte of x or y.
        let zero = (x.wrapping_sub(ONES) & !x | y.wrapping_sub(ONES) & !y) & (ONES << 7);
        if zero != 0 {
            return i + (zero.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && !matches!(b[i], b':' | b'#') {
        i += 1;
    }
    i
}

/// [`resolve_plain`], answering the commonest plain scalars of a manifest
/// first: a word that starts with none of the letters of YAML 1.1's null,
/// bool and float names, or is longer than all of them (five bytes), is a
/// string; a decimal number without a leading zero, of at most 18 digits,
/// is an int (as `strconv.ParseInt` reads it).
fn resolve(text: &str) -> ScalarKind {
    let b = text.as_bytes();
    match b.first() {
        Some(&c)
            if c.is_ascii_alphabetic()
                && (b.len() > 5
                    || !matches!(
                        c,
                        b'n' | b'N' | b'y' | b'Y' | b'o' | b'O' | b't' | b'T' | b'f' | b'F'
                    )) =>
        {
            ScalarKind::Str
        }
        Some(b'1'..=b'9') if b.len() <= 18 && b.iter().all(u8::is_ascii_digit) => {
            ScalarKind::Int(b.iter().fold(0, |n, &d| n * 10 + i64::from(d - b'0')))
        }
        _ => resolve_plain(text),
    }
}

/// Read `chunk` (whose first line is file line `line_offset + 1`):
/// `None` if unsure, else the chunk's document, if it has one (index 0).
pub(super) fn parse(chunk: &str, line_offset: u32, s: &mut Scratch) -> Option<Option<Document>> {
    let (mut bad, mut high) = (false, 0u8);
    for &c in chunk.as_bytes() {
        bad |= (c < b' ') & (c != b'\n') | (c == 0x7f);
        high |= c;
    }
    let ascii = high < 0x80;
    if bad || (!ascii && chunk.contains('\u{feff}')) {
        return None;
    }
    s.frames.clear();
    s.pairs.clear();
    s.items.clear();
    let mut p = Fast {
        src: chunk,
        next: 0,
        at: 0,
        line: line_offset + 1,
        ascii,
        s,
        root: None,
    };
    let mut doc_pos = None;
    if chunk.starts_with("---") {
        let (line, _) = p.peek()?;
        let rest = line.get(3..)?.as_bytes();
        rest_ok(rest, 0, spaces(rest, 0))?;
        p.advance(line);
        doc_pos = Some(Pos {
            line: line_offset + 1,
            column: 1,
        });
    }
    while let Some((line, nl)) = p.peek() {
        let b = line.as_bytes();
        let off = spaces(b, 0);
        let lno = p.line;
        p.at = p.next;
        p.advance(line);
        match b.get(off) {
            None | Some(b'#') => continue,
            _ if off == 0 && (line.starts_with("---") || line.starts_with("...")) => return None,
            _ => p.content(line, nl, lno, off)?,
        }
    }
    while !p.s.frames.is_empty() {
        p.close()?;
    }
    let root = p.root.take();
    let pos = match (doc_pos, &root) {
        (Some(pos), _) => pos,
        (None, Some(r)) => r.pos,
        (None, None) => return Some(None),
    };
    Some(Some(Document {
        index: 0,
        root: root.map(std::sync::Arc::new),
        pos,
    }))
}

impl<'a> Fast<'a, '_> {
    /// The next line (without its `\n`) and whether it has a `\n`.
    fn peek(&self) -> Option<(&'a str, bool)> {
        let rest = self.src.as_bytes().get(self.next..)?;
        if rest.is_empty() {
            return None;
        }
        let len = super::line_end(rest, 0);
        let nl = len < rest.len();
        Some((self.src.get(self.next..self.next + len)?, nl))
    }

    fn advance(&mut self, line: &str) {
        self.next += line.len() + 1;
        self.line += 1;
    }

    /// The text of bytes `start..end` of the line being read, copied
    /// from a whole window of the chunk when it has one.
    fn text(&self, start: usize, end: usize) -> Text {
        Text::window(self.src, self.at + start, self.at + end)
    }

    /// The 1-based column, in characters, of byte `off` of `line`.
    fn pos(&self, line: &str, lno: u32, off: usize) -> Pos {
        let b = line.as_bytes().get(..off).unwrap_or_default();
        let chars = if self.ascii {
            b.len()
        } else {
            b.iter().filter(|&&c| (c as i8) >= -0x40).count()
        };
        Pos {
            line: lno,
            column: chars as u32 + 1,
        }
    }

    fn open(&mut self, map: bool, indent: usize, pos: Pos, indentless: bool) -> Option<()> {
        if self.s.frames.len() + 2 >= MAX_DEPTH {
            return None;
        }
        let start = if map {
            self.s.pairs.len()
        } else {
            self.s.items.len()
        };
        self.s.frames.push(Frame {
            map,
            indent,
            pos,
            start,
            indentless,
            pending: None,
            key: None,
        });
        Some(())
    }

    /// Add `node` to the innermost collection (or make it the root).
    fn attach(&mut self, node: Node) -> Option<()> {
        let Some(top) = self.s.frames.last_mut() else {
            self.root = Some(node);
            return Some(());
        };
        top.pending = None;
        if top.map {
            self.s.pairs.push((top.key.take()?, node));
        } else {
            self.s.items.push(node);
        }
        Some(())
    }

    fn null(&mut self, pos: Pos) -> Option<()> {
        self.attach(scalar(pos, "", ScalarKind::Null))
    }

    /// Close the innermost collection into its parent (or the root).
    fn close(&mut self) -> Option<()> {
        if let Some(at) = self.s.frames.last()?.pending {
            self.null(at)?;
        }
        let f = self.s.frames.pop()?;
        let value = if f.map {
            Value::Map(self.s.pairs.split_off(f.start))
        } else {
            Value::Seq(self.s.items.split_off(f.start))
        };
        self.attach(Node { pos: f.pos, value })
    }

    /// A line whose content starts at byte (and column) `off`.
    fn content(&mut self, line: &'a str, nl: bool, lno: u32, mut off: usize) -> Option<()> {
        let b = line.as_bytes();
        let mut dash = b.get(off) == Some(&b'-') && blank(b, off + 1);
        let here = Pos {
            line: lno,
            column: off as u32 + 1,
        };
        match self.s.frames.last() {
            None if self.root.is_none() => self.open(!dash, off, here, false)?,
            None => return None,
            Some(top) => {
                if let Some(at) = top.pending {
                    if off > top.indent {
                        self.open(!dash, off, here, false)?;
                    } else if off == top.indent && dash && top.map {
                        let pos = self.entry_pos(line, lno, off);
                        self.open(false, off, pos, true)?;
                    } else {
                        self.null(at)?;
                    }
                }
            }
        }
        loop {
            let top = self.s.frames.last()?;
            if top.indent > off || (top.indentless && !dash && top.indent == off) {
                self.close()?;
            } else {
                break;
            }
        }
        let top = self.s.frames.last()?;
        if top.indent != off || top.map == dash {
            return None;
        }
        let n = top.indent;
        if !dash {
            let (key, e) = self.value(line, nl, lno, off, n, true)?;
            let j = spaces(b, e);
            if b.get(j) != Some(&b':') || !blank(b, j + 1) {
                return None;
            }
            return self.entry(line, nl, lno, key, off, j);
        }
        // A `-` at `off`, then an item (maybe a nested `-` or a compact map).
        loop {
            let item = spaces(b, off + 1);
            if matches!(b.get(item), None | Some(b'#')) {
                let at = self.pos(line, lno, b.len());
                self.s.frames.last_mut()?.pending = Some(at);
                return Some(());
            }
            let pos = Pos {
                line: lno,
                column: item as u32 + 1,
            };
            self.s.frames.last_mut()?.pending = Some(pos);
            dash = b.get(item) == Some(&b'-') && blank(b, item + 1);
            if dash {
                self.open(false, item, pos, false)?;
                off = item;
                continue;
            }
            let (node, e) = self.value(line, nl, lno, item, off, false)?;
            let j = spaces(b, e);
            if b.get(j) == Some(&b':') && blank(b, j + 1) {
                self.open(true, item, pos, false)?;
                return self.entry(line, nl, lno, node, item, j);
            }
            rest_ok(b, e, j)?;
            return self.attach(node);
        }
    }

    /// Where a `-` at `off` puts its entry: past the spaces and a comment.
    fn entry_pos(&self, line: &str, lno: u32, off: usize) -> Pos {
        let b = line.as_bytes();
        let item = spaces(b, off + 1);
        match b.get(item) {
            None | Some(b'#') => self.pos(line, lno, b.len()),
            _ => Pos {
                line: lno,
                column: item as u32 + 1,
            },
        }
    }

    /// A key (starting at byte `k`, its `:` at `colon`) and what follows it.
    fn entry(
        &mut self,
        line: &'a str,
        nl: bool,
        lno: u32,
        key: Node,
        k: usize,
        colon: usize,
    ) -> Option<()> {
        let b = line.as_bytes();
        let Value::Scalar(s) = &key.value else {
            return None;
        };
        // `<<` merges (the slow path applies them); saphyr refuses keys
        // over 1024 characters.
        if s.text == "<<"
            || colon.saturating_sub(k) > 1000
            || matches!(b.get(k), Some(b'|' | b'{' | b'['))
        {
            return None;
        }
        self.s.frames.last_mut()?.key = Some(key);
        let v = spaces(b, colon + 1);
        if matches!(b.get(v), None | Some(b'#')) {
            let at = self.pos(line, lno, colon);
            self.s.frames.last_mut()?.pending = Some(at);
            return Some(());
        }
        let n = self.s.frames.last()?.indent;
        let (node, e) = self.value(line, nl, lno, v, n, false)?;
        rest_ok(b, e, spaces(b, e))?;
        self.attach(node)
    }

    /// The node starting at byte `off` of `line`, and the byte after it.
    /// `n` is the indentation of the collection it is in.
    fn value(
        &mut self,
        line: &'a str,
        nl: bool,
        lno: u32,
        off: usize,
        n: usize,
        key: bool,
    ) -> Option<(Node, usize)> {
        let b = line.as_bytes();
        let pos = self.pos(line, lno, off);
        let c = *b.get(off)?;
        match c {
            b'"' | b'\'' => {
                let mut text = String::new();
                let mut seg = off + 1;
                let mut i = seg;
                loop {
                    let ch = *b.get(i)?;
                    if ch == c {
                        if c == b'\'' && b.get(i + 1) == Some(&b'\'') {
                            text.push_str(line.get(seg..i + 1)?);
                            i += 2;
                            seg = i;
                            continue;
                        }
                        break;
                    }
                    if ch == b'\\' && c == b'"' {
                        text.push_str(line.get(seg..i)?);
                        text.push(match b.get(i + 1)? {
                            b'"' => '"',
                            b'\\' => '\\',
                            b'/' => '/',
                            b'n' => '\n',
                            b't' => '\t',
                            _ => return None,
                        });
                        i += 2;
                        seg = i;
                        continue;
                    }
                    i += 1;
                }
                let last = line.get(seg..i)?;
                // No escape read: the text is one slice of the line.
                let node = if text.is_empty() {
                    scalar(pos, self.text(seg, i), ScalarKind::Str)
                } else {
                    text.push_str(last);
                    scalar(pos, text, ScalarKind::Str)
                };
                Some((node, i + 1))
            }
            b'{' | b'[' if !key => {
                let close = if c == b'{' { b'}' } else { b']' };
                if b.get(off + 1) != Some(&close) {
                    return None;
                }
                let value = if c == b'{' {
                    Value::Map(Vec::new())
                } else {
                    Value::Seq(Vec::new())
                };
                Some((Node { pos, value }, off + 2))
            }
            b'|' if !key && nl => self.literal(line, off, pos, n),
            b'-' | b'?' | b':' if blank(b, off + 1) => None,
            b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%'
            | b'@' | b'`' => None,
            _ => {
                // Up to `: `, ` #` or the end of the line, less trailing spaces.
                let mut i = off;
                loop {
                    i = colon_or_hash(b, i);
                    match b.get(i) {
                        None => break,
                        Some(b':') if blank(b, i + 1) => break,
                        Some(b'#') if b[i - 1] == b' ' => break,
                        _ => i += 1,
                    }
                }
                let mut end = i;
                while end > off && b[end - 1] == b' ' {
                    end -= 1;
                }
                let text = line.get(off..end)?;
                let node = Node {
                    pos,
                    value: Value::Scalar(Scalar {
                        text: self.text(off, end),
                        kind: resolve(text),
                    }),
                };
                Some((node, end))
            }
        }
    }

    /// A literal block scalar whose `|` is at byte `off` of `line`, in a
    /// collection indented `n`; reads its lines.
    fn literal(&mut self, line: &str, off: usize, at: Pos, n: usize) -> Option<(Node, usize)> {
        let b = line.as_bytes();
        let mut h = off + 1;
        let chomp = b.get(h).copied().filter(|c| matches!(c, b'-' | b'+'));
        if chomp.is_some() {
            h += 1;
        }
        rest_ok(b, h, spaces(b, h))?;
        let keep = chomp == Some(b'+');
        let newlines = |text: &mut String, k: usize| text.extend(std::iter::repeat_n('\n', k));
        let mut text = String::new();
        // Leading blank lines; the indentation is the deepest of them and
        // the first content line.
        let mut breaks = 0;
        let mut indent = n + 1;
        let (first, s) = loop {
            let Some((l, nl)) = self.peek() else {
                if keep {
                    newlines(&mut text, breaks);
                }
                return Some((scalar(at, text, ScalarKind::Str), b.len()));
            };
            if !nl {
                return None;
            }
            let s = spaces(l.as_bytes(), 0);
            indent = indent.max(s);
            if s < l.len() {
                break (l, s);
            }
            breaks += 1;
            self.advance(l);
        };
        if s < indent {
            if s > n {
                return None;
            }
            if keep {
                newlines(&mut text, breaks);
            }
            let pos = Pos {
                line: self.line,
                column: s as u32 + 1,
            };
            return Some((scalar(pos, text, ScalarKind::Str), b.len()));
        }
        let pos = Pos {
            line: self.line,
            column: indent as u32 + 1,
        };
        newlines(&mut text, breaks);
        let mut l = first;
        let mut trailing;
        'content: loop {
            text.push_str(l.get(indent..)?);
            self.advance(l);
            trailing = 0;
            loop {
                let Some((next, nl)) = self.peek() else {
                    break 'content;
                };
                if !nl {
                    return None;
                }
                let s = spaces(next.as_bytes(), 0);
                if s == next.len() && s <= indent {
                    trailing += 1;
                    self.advance(next);
                } else if s >= indent {
                    newlines(&mut text, 1 + trailing);
                    l = next;
                    continue 'content;
                } else {
                    break 'content;
                }
            }
        }
        if chomp != Some(b'-') {
            text.push('\n');
        }
        if keep {
            newlines(&mut text, trailing);
        }
        Some((scalar(pos, text, ScalarKind::Str), b.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colon_or_hash_finds_the_first_of_either_at_every_offset() {
        let line = "a-long-key.with/dots: value # comment ## x:y";
        let b = line.as_bytes();
        for i in 0..=b.len() {
            let naive = (i..b.len())
                .find(|&j| matches!(b[j], b':' | b'#'))
                .unwrap_or(b.len());
            assert_eq!(colon_or_hash(b, i), naive, "from {i}");
        }
    }

    #[test]
    fn resolve_agrees_with_resolve_plain() {
        let words = [
            "",
            "~",
            "0",
            "00",
            "07",
            "1",
            "12",
            "80",
            "8080",
            "1_000",
            "123456789012345678",
            "1234567890123456789",
            "99999999999999999999",
            "1e3",
            "1.5",
            "-1",
            "+1",
            "0x1F",
            "n",
            "N",
            "no",
            "No",
            "off",
            "OFF",
            "on",
            "y",
            "yes",
            "true",
            "TRUE",
            "false",
            "False",
            "null",
            "Null",
            "nULL",
            "name",
            "namespace",
            "targetPort",
            "template",
            "falsey",
            "yes!",
            "app-1",
            "busybox",
            "v1",
            "apps/v1",
            ".inf",
            ".nan",
            "é",
        ];
        for w in words {
            // Debug, so that NaN equals NaN.
            assert_eq!(
                format!("{:?}", resolve(w)),
                format!("{:?}", resolve_plain(w)),
                "{w:?}"
            );
        }
    }

    #[test]
    fn text_window_reads_back_its_slice() {
        let src = "key: value\nnext: é and more text to fill a window";
        for start in 0..=src.len() {
            for end in start..=src.len() {
                let t = Text::window(src, start, end);
                assert_eq!(t.as_str(), src.get(start..end).unwrap_or(""));
            }
        }
    }
}
