//! A located YAML tree: every node keeps the line and column it came from.
//!
//! `kubectl` reads manifests with go-yaml v2 (YAML 1.1) and turns them into
//! JSON before the API server decodes them. This module reproduces the parts
//! of that which change what the API server sees:
//! - plain scalars resolve as YAML 1.1 does: `yes`/`no`/`on`/`off`/`y`/`n`
//!   are booleans, `0644` is octal (420), `~` and `null` are null;
//! - `<<` merge keys are applied;
//! - aliases are expanded (with a budget, so an alias bomb cannot hang us).
//!
//! Input is split into documents at `---` lines first, so a syntax error in
//! one document does not hide the others. Each document is first tried by
//! a fast path (`fast.rs`, the `fast-yaml` feature, on by default and left
//! out of the browser bundle for size): a line-based reader of the plain block YAML
//! manifests nearly always are (block maps and sequences, one-line plain
//! and quoted scalars, `{}`, `[]`, literal `|` block scalars, comments). It
//! gives the very tree saphyr would (nodes, text, kinds, positions) or
//! gives up; saphyr-parser's event stream then builds the tree,
//! iteratively, so that deep nesting cannot overflow the stack. The
//! equality is tested in `tests/yaml_fast.rs` (every example, property
//! tests) and by the `yaml_fast` fuzz target.

use crate::diag::{Diagnostic, DiagnosticSource, Location, Severity};
use saphyr_parser::{Event, Parser, ScalarStyle};
use std::collections::HashMap;
use std::sync::Arc;

#[cfg(feature = "fast-yaml")]
mod fast;
mod text;

pub use text::Text;

/// Deepest nesting kept. Deeper content is dropped with a diagnostic.
pub const MAX_DEPTH: usize = 128;
/// Most nodes that alias expansion may add to one document.
pub const MAX_ALIAS_NODES: usize = 100_000;
/// Largest input read, in bytes. Larger inputs are refused with a diagnostic.
pub const MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

/// What a scalar resolved to under YAML 1.1 (go-yaml v2) rules.
#[derive(Clone, Debug, PartialEq)]
pub enum ScalarKind {
    /// `~`, `null`, or nothing.
    Null,
    /// `true`, `yes`, `on`, `y`, ... and their negatives.
    Bool(bool),
    /// An integer (decimal, `0x` hex, leading-zero octal, `0b` binary).
    Int(i64),
    /// A floating point number (including integers too big for i64).
    Float(f64),
    /// A string: quoted, block, or a plain scalar that is nothing else.
    Str,
}

/// A scalar: its text and what it resolved to.
#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    /// The scalar's text, after YAML unescaping.
    pub text: Text,
    /// Its resolved type.
    pub kind: ScalarKind,
}

/// A node's content.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A scalar.
    Scalar(Scalar),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order. Duplicate keys are kept (decoding reports them).
    Map(Vec<(Node, Node)>),
}

/// A located node.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Where the node starts.
    pub pos: Pos,
    /// What it holds.
    pub value: Value,
}

/// One YAML document of a file.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// 0-based index of the document in its file.
    pub index: u32,
    /// The root node; `None` for an empty document. Shared: an unchanged
    /// document read again (see [`ParseCache`]) and the objects decoded from
    /// it hold the same tree.
    pub root: Option<Arc<Node>>,
    /// Where the document starts.
    pub pos: Pos,
}

impl Node {
    /// The scalar, if this is one.
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The string, if this is a string scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(Scalar {
                text,
                kind: ScalarKind::Str,
            }) => Some(text),
            _ => None,
        }
    }

    /// The entries, if this is a mapping.
    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The items, if this is a sequence.
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// Whether this is a null scalar.
    pub fn is_null(&self) -> bool {
        matches!(
            &self.value,
            Value::Scalar(Scalar {
                kind: ScalarKind::Null,
                ..
            })
        )
    }

    /// The value under `key` in a mapping (the last one, if repeated, as
    /// JSON decoding keeps).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?
            .iter()
            .rev()
            .find(|(k, _)| k.key_text() == key)
            .map(|(_, v)| v)
    }

    /// The entry (key node and value node) under `key`.
    pub fn entry(&self, key: &str) -> Option<(&Node, &Node)> {
        self.as_map()?
            .iter()
            .rev()
            .find(|(k, _)| k.key_text() == key)
            .map(|(k, v)| (k, v))
    }

    /// The text a mapping key turns into when kubectl converts YAML to JSON.
    pub fn key_text(&self) -> &str {
        match &self.value {
            Value::Scalar(s) => match s.kind {
                ScalarKind::Null => "null",
                _ => &s.text,
            },
            _ => "",
        }
    }

    /// Where the node at an API field path (`spec.ports[1].name`, map keys
    /// in brackets as the API server prints them) is written, or where its
    /// deepest written ancestor is.
    pub fn locate(&self, path: &str) -> Pos {
        let mut node = self;
        for seg in split_path(path) {
            let next = match seg {
                PathSeg::Key(k) => node.get(k),
                PathSeg::Index(i) => node.as_seq().and_then(|s| s.get(i)),
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        node.pos
    }
}

impl Node {
    /// The node at exactly this API field path, if it is written.
    pub fn lookup(&self, path: &str) -> Option<&Node> {
        let mut node = self;
        for seg in split_path(path) {
            node = match seg {
                PathSeg::Key(k) => node.get(k)?,
                PathSeg::Index(i) => node.as_seq()?.get(i)?,
            };
        }
        Some(node)
    }
}

enum PathSeg<'a> {
    Key(&'a str),
    Index(usize),
}

/// Split `spec.ports[0].name` and `metadata.annotations[a.b/c]` into segments.
fn split_path(path: &str) -> Vec<PathSeg<'_>> {
    let mut out = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            let end = after.find(']').unwrap_or(after.len());
            let inner = &after[..end];
            match inner.parse::<usize>() {
                Ok(i) => out.push(PathSeg::Index(i)),
                Err(_) => out.push(PathSeg::Key(inner)),
            }
            rest = after.get(end + 1..).unwrap_or("");
        } else if let Some(after) = rest.strip_prefix('.') {
            rest = after;
        } else {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            out.push(PathSeg::Key(&rest[..end]));
            rest = &rest[end..];
        }
    }
    out
}

/// Resolve a plain scalar as go-yaml v2 (YAML 1.1) does.
pub fn resolve_plain(text: &str) -> ScalarKind {
    // Most text starts with none of the characters of the words below or
    // of a number.
    if !matches!(
        text.as_bytes().first(),
        None | Some(
            b'0'..=b'9'
                | b'-'
                | b'+'
                | b'.'
                | b'~'
                | b'n'
                | b'N'
                | b'y'
                | b'Y'
                | b'o'
                | b'O'
                | b't'
                | b'T'
                | b'f'
                | b'F'
        )
    ) {
        return ScalarKind::Str;
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return ScalarKind::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
            return ScalarKind::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            return ScalarKind::Bool(false)
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return ScalarKind::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return ScalarKind::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return ScalarKind::Float(f64::NAN),
        _ => {}
    }
    let first = text.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return ScalarKind::Str;
    }
    let plain: String = text.chars().filter(|&c| c != '_').collect();
    if let Some(i) = parse_go_int(&plain) {
        return ScalarKind::Int(i);
    }
    // go-yaml v2 tries float only for text that looks like a float.
    let looks_float = plain
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'))
        && plain.bytes().any(|b| b.is_ascii_digit());
    if looks_float {
        if let Some(f) = parse_decimal(&plain) {
            return ScalarKind::Float(f);
        }
    }
    ScalarKind::Str
}

/// A decimal float, `[+-]digits[.digits][(e|E)[+-]digits]`. Only whether a
/// value is integral, and which integer it is, matter to decoding, so this
/// small parser stands in for `str::parse::<f64>`, whose tables cost the
/// browser bundle about 15 KB. Integral values up to 2^53 and the usual
/// short decimals come out exact (10^k is exact for k <= 22, and one
/// division is correctly rounded).
fn parse_decimal(s: &str) -> Option<f64> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let (mantissa_text, exp_text) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int_part, frac_part) = match mantissa_text.find('.') {
        Some(i) => (&mantissa_text[..i], &mantissa_text[i + 1..]),
        None => (mantissa_text, ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut exp: i64 = 0;
    for (i, b) in int_part.bytes().chain(frac_part.bytes()).enumerate() {
        if !b.is_ascii_digit() {
            return None;
        }
        let in_frac = i >= int_part.len();
        if mantissa < 1_000_000_000_000_000_000 {
            mantissa = mantissa * 10 + (b - b'0') as u64;
            if in_frac {
                exp -= 1;
            }
        } else if !in_frac {
            // Digits past u64 precision only scale the value.
            exp += 1;
        }
    }
    if let Some(e) = exp_text {
        let (eneg, digits) = match e.as_bytes().first()? {
            b'-' => (true, &e[1..]),
            b'+' => (false, &e[1..]),
            _ => (false, e),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let v: i64 = digits.parse::<i64>().unwrap_or(i64::MAX / 4).min(100_000);
        exp = exp.saturating_add(if eneg { -v } else { v });
    }
    let mut value = mantissa as f64;
    if exp > 0 {
        for _ in 0..exp.min(400) {
            value *= 10.0;
        }
    } else if exp < 0 {
        let k = (-exp).min(400);
        if k <= 22 {
            value /= 10f64.powi(k as i32);
        } else {
            for _ in 0..k {
                value /= 10.0;
            }
        }
    }
    Some(if neg { -value } else { value })
}

/// `strconv.ParseInt(s, 0, 64)`: optional sign, `0x`, `0o`, `0b` or a
/// leading `0` for octal.
fn parse_go_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() {
        return None;
    }
    let (radix, digits) = if let Some(d) = body.strip_prefix("0x").or(body.strip_prefix("0X")) {
        (16, d)
    } else if let Some(d) = body.strip_prefix("0b").or(body.strip_prefix("0B")) {
        (2, d)
    } else if let Some(d) = body.strip_prefix("0o").or(body.strip_prefix("0O")) {
        (8, d)
    } else if body.len() > 1 && body.starts_with('0') {
        (8, &body[1..])
    } else {
        (10, body)
    };
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return None;
    }
    let magnitude = u64::from_str_radix(digits, radix).ok()?;
    if neg {
        if magnitude <= i64::MAX as u64 + 1 {
            Some((magnitude as i128).wrapping_neg() as i64)
        } else {
            None
        }
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// The index of the first `\n` at or after `i` in `b` (or `b.len()`),
/// eight bytes at a time.
fn line_end(b: &[u8], mut i: usize) -> usize {
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

/// Split a file into document chunks at lines that start with `---`.
/// Returns (first line number of the chunk, chunk text, starts with ---).
fn split_documents(text: &str) -> Vec<(u32, &str)> {
    let b = text.as_bytes();
    let mut chunks = Vec::new();
    let mut start = 0usize;
    let mut start_line = 1u32;
    let mut offset = 0usize;
    let mut line_no = 1u32;
    while offset < b.len() {
        let is_marker = b[offset..].starts_with(b"---")
            && matches!(b.get(offset + 3), None | Some(b' ' | b'\t' | b'\n' | b'\r'));
        if is_marker && offset > start {
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

enum Frame {
    Seq {
        pos: Pos,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        pos: Pos,
        anchor: usize,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
    },
}

struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    roots: Vec<Option<Node>>,
    alias_budget: usize,
    /// Depth of nested collections being skipped past MAX_DEPTH.
    skipping: usize,
    too_deep_at: Option<Pos>,
    bomb_at: Option<Pos>,
}

/// How many nodes `n` holds, counting no further than `limit + 1`.
fn node_count_upto(n: &Node, limit: usize) -> usize {
    let mut count = 0usize;
    let mut todo = vec![n];
    while let Some(n) = todo.pop() {
        count += 1;
        if count > limit {
            return count;
        }
        match &n.value {
            Value::Scalar(_) => {}
            Value::Seq(items) => todo.extend(items.iter()),
            Value::Map(entries) => {
                for (k, v) in entries {
                    todo.push(k);
                    todo.push(v);
                }
            }
        }
    }
    count
}

impl Builder {
    fn push_node(&mut self, node: Node, anchor: usize) {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.roots.push(Some(node)),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
    }
}

/// Apply `<<` merge keys: entries of the merged maps are added where the
/// mapping does not already have the key (go-yaml v2 semantics).
fn apply_merge(entries: Vec<(Node, Node)>) -> Vec<(Node, Node)> {
    let is_merge = |k: &Node| matches!(&k.value, Value::Scalar(Scalar { text, kind: ScalarKind::Str }) if text == "<<");
    if !entries.iter().any(|(k, _)| is_merge(k)) {
        return entries;
    }
    let mut own = Vec::new();
    let mut merged = Vec::new();
    for (k, v) in entries {
        if is_merge(&k) {
            match v.value {
                Value::Map(m) => merged.extend(m),
                Value::Seq(items) => {
                    for item in items {
                        if let Value::Map(m) = item.value {
                            merged.extend(m);
                        }
                    }
                }
                _ => own.push((k, v)),
            }
        } else {
            own.push((k, v));
        }
    }
    for (k, v) in merged {
        if !own.iter().any(|(ok, _)| ok.key_text() == k.key_text()) {
            own.push((k, v));
        }
    }
    own
}

fn pos_of(span: &saphyr_parser::Span, line_offset: u32) -> Pos {
    Pos {
        line: (span.start.line() as u32).saturating_add(line_offset),
        column: span.start.col() as u32 + 1,
    }
}

/// Parse one file into documents. Never fails: syntax problems become
/// diagnostics located in `file`, and the documents that could be read are
/// returned.
pub fn parse(text: &str, file: u32) -> (Vec<Document>, Vec<Diagnostic>) {
    parse_cached(text, file, None)
}

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

struct CachedChunk {
    text: String,
    /// The chunk's first line (1-based) when it was read.
    line: u32,
    docs: Vec<Document>,
    /// Used by the current read.
    used: bool,
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
    fn get(&mut self, text: &str) -> Option<&mut CachedChunk> {
        let i = self.by_text.get(&[text.as_bytes()])?;
        self.chunks.get_mut(i).filter(|c| c.text == text)
    }

    fn insert(&mut self, text: &str, line: u32, docs: Vec<Document>) {
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
fn shift_lines(node: &mut Node, delta: i64) {
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

/// [`parse`], reusing and refilling `cache` when one is given (call
/// [`ParseCache::sweep`] after the last file of a read).
pub fn parse_cached(
    text: &str,
    file: u32,
    mut cache: Option<&mut ParseCache>,
) -> (Vec<Document>, Vec<Diagnostic>) {
    let mut docs = Vec::new();
    let mut diags = Vec::new();
    if text.len() > MAX_INPUT_BYTES {
        diags.push(Diagnostic::plain(
            Severity::Error,
            DiagnosticSource::Yaml,
            "input-too-large",
            format!(
                "input is {} bytes; svcdns reads at most {} bytes ({} MiB), so nothing in this file was read",
                text.len(),
                MAX_INPUT_BYTES,
                MAX_INPUT_BYTES / (1024 * 1024)
            ),
            Location {
                file,
                document: 0,
                line: 1,
                column: 1,
            },
        ));
        return (docs, diags);
    }
    #[cfg(feature = "fast-yaml")]
    let mut scratch = fast::Scratch::default();
    for (chunk_line, chunk) in split_documents(text) {
        if let Some(hit) = cache.as_deref_mut().and_then(|c| c.get(chunk)) {
            hit.used = true;
            // The chunk moved: its trees move with it, in the cache too, so
            // that the next read at this line shares them again. A tree the
            // last analysis still holds is copied first (`make_mut`).
            let delta = i64::from(chunk_line) - i64::from(hit.line);
            if delta != 0 {
                hit.line = chunk_line;
                for d in &mut hit.docs {
                    d.pos.line = (i64::from(d.pos.line) + delta).max(1) as u32;
                    if let Some(root) = d.root.as_mut() {
                        shift_lines(Arc::make_mut(root), delta);
                    }
                }
            }
            for d in &hit.docs {
                docs.push(Document {
                    index: docs.len() as u32,
                    ..d.clone()
                });
            }
            continue;
        }
        let (docs_before, diags_before) = (docs.len(), diags.len());
        read_chunk(
            chunk,
            chunk_line,
            file,
            &mut docs,
            &mut diags,
            #[cfg(feature = "fast-yaml")]
            &mut scratch,
        );
        if let Some(cache) = cache.as_deref_mut().filter(|_| diags.len() == diags_before) {
            cache.insert(chunk, chunk_line, docs[docs_before..].to_vec());
        }
    }
    (docs, diags)
}

/// Read one chunk (starting at 1-based `chunk_line`): the fast path, else
/// saphyr.
fn read_chunk(
    chunk: &str,
    chunk_line: u32,
    file: u32,
    docs: &mut Vec<Document>,
    diags: &mut Vec<Diagnostic>,
    #[cfg(feature = "fast-yaml")] scratch: &mut fast::Scratch,
) {
    #[cfg(feature = "fast-yaml")]
    if let Some(doc) = fast::parse(chunk, chunk_line - 1, scratch) {
        docs.extend(doc.map(|d| Document {
            index: docs.len() as u32,
            ..d
        }));
        return;
    }
    parse_chunk_slow(chunk, chunk_line - 1, file, docs, diags);
}

/// Testing hook (the fast path's equality with saphyr): for each chunk of
/// `text`, what the fast path reads (`None`: it gave up), what the saphyr
/// path reads, and how many diagnostics that gave.
#[doc(hidden)]
#[cfg(feature = "fast-yaml")]
pub fn fast_and_slow(text: &str) -> Vec<(Option<Vec<Document>>, Vec<Document>, usize)> {
    split_documents(text)
        .into_iter()
        .map(|(line, chunk)| {
            let fast = fast::parse(chunk, line - 1, &mut Default::default())
                .map(|d| d.into_iter().collect());
            let (mut docs, mut diags) = (Vec::new(), Vec::new());
            parse_chunk_slow(chunk, line - 1, 0, &mut docs, &mut diags);
            (fast, docs, diags.len())
        })
        .collect()
}

/// Most tabs after a colon re-read per document (each costs a re-read).
const MAX_TAB_FIXES: usize = 16;

/// saphyr-parser's message for a mapping colon followed by a tab.
const COLON_TAB: &str = "':' must be followed by a valid YAML whitespace";

/// Read one chunk with saphyr-parser. go-yaml v2 (like libyaml) takes tabs
/// after a mapping's `:` as separation ("s-separate-in-line"), so kubectl
/// reads `name:<tab>web` as `name: web`; saphyr-parser 0.3 rejects it.
/// When that is the error, the tabs after that colon become spaces (the
/// same columns) and the chunk is read again.
fn parse_chunk_slow(
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

fn parse_chunk_saphyr(
    chunk: &str,
    line_offset: u32,
    file: u32,
    docs: &mut Vec<Document>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut b = Builder {
        stack: Vec::new(),
        anchors: HashMap::new(),
        roots: Vec::new(),
        alias_budget: MAX_ALIAS_NODES,
        skipping: 0,
        too_deep_at: None,
        bomb_at: None,
    };
    let mut doc_pos = Pos {
        line: line_offset + 1,
        column: 1,
    };
    let mut in_doc = false;
    let first_index = docs.len() as u32;
    let mut doc_starts: Vec<Pos> = Vec::new();
    let mut parser = Parser::new_from_str(chunk);
    loop {
        let (event, span) = match parser.next_event() {
            None => break,
            Some(Ok(ev)) => ev,
            Some(Err(e)) => {
                let m = e.marker();
                diags.push(Diagnostic::plain(
                    Severity::Error,
                    DiagnosticSource::Yaml,
                    "yaml-syntax",
                    format!("yaml: line {}: {}", m.line() as u32 + line_offset, e.info()),
                    Location {
                        file,
                        document: first_index + doc_starts.len().saturating_sub(1) as u32,
                        line: m.line() as u32 + line_offset,
                        column: m.col() as u32 + 1,
                    },
                ));
                // Whatever was half built in this document is dropped.
                if in_doc {
                    b.stack.clear();
                }
                break;
            }
        };
        let pos = pos_of(&span, line_offset);
        match event {
            Event::DocumentStart(_) => {
                in_doc = true;
                doc_pos = pos;
                doc_starts.push(pos);
                b.roots.push(None);
                b.roots.pop();
            }
            Event::DocumentEnd => {
                in_doc = false;
                // An empty document (`---` alone) is read as a null root.
                let root = b.roots.pop().flatten().filter(|n| !n.is_null());
                b.roots.clear();
                b.anchors.clear();
                b.alias_budget = MAX_ALIAS_NODES;
                if let Some(at) = b.too_deep_at.take() {
                    diags.push(Diagnostic::plain(
                        Severity::Error,
                        DiagnosticSource::Yaml,
                        "yaml-too-deep",
                        format!("nesting deeper than {MAX_DEPTH} levels; the deeper content of this document was not read"),
                        Location { file, document: docs.len() as u32, line: at.line, column: at.column },
                    ));
                }
                if let Some(at) = b.bomb_at.take() {
                    diags.push(Diagnostic::plain(
                        Severity::Error,
                        DiagnosticSource::Yaml,
                        "yaml-alias-limit",
                        format!("aliases expand to more than {MAX_ALIAS_NODES} nodes; the rest of this document was not expanded"),
                        Location { file, document: docs.len() as u32, line: at.line, column: at.column },
                    ));
                }
                docs.push(Document {
                    index: docs.len() as u32,
                    root: root.map(Arc::new),
                    pos: doc_pos,
                });
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if b.skipping > 0 || b.stack.len() >= MAX_DEPTH {
                    if b.skipping == 0 {
                        b.too_deep_at = Some(pos);
                    }
                    b.skipping += 1;
                    continue;
                }
                let frame = if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq {
                        pos,
                        anchor,
                        items: Vec::new(),
                    }
                } else {
                    Frame::Map {
                        pos,
                        anchor,
                        entries: Vec::new(),
                        key: None,
                    }
                };
                b.stack.push(frame);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if b.skipping > 0 {
                    b.skipping -= 1;
                    if b.skipping == 0 {
                        // Stand in a null for the dropped collection.
                        b.push_node(
                            Node {
                                pos: b.too_deep_at.unwrap_or(pos),
                                value: Value::Scalar(Scalar {
                                    text: Text::default(),
                                    kind: ScalarKind::Null,
                                }),
                            },
                            0,
                        );
                    }
                    continue;
                }
                let Some(frame) = b.stack.pop() else { continue };
                let (node, anchor) = match frame {
                    Frame::Seq { pos, anchor, items } => (
                        Node {
                            pos,
                            value: Value::Seq(items),
                        },
                        anchor,
                    ),
                    Frame::Map {
                        pos,
                        anchor,
                        entries,
                        ..
                    } => (
                        Node {
                            pos,
                            value: Value::Map(apply_merge(entries)),
                        },
                        anchor,
                    ),
                };
                b.push_node(node, anchor);
            }
            Event::Scalar(text, style, anchor, tag) => {
                if b.skipping > 0 {
                    continue;
                }
                let kind = match (style, &tag) {
                    (_, Some(t)) if t.suffix == "str" => ScalarKind::Str,
                    (ScalarStyle::Plain, Some(t)) if t.suffix == "null" => ScalarKind::Null,
                    (ScalarStyle::Plain, _) => resolve_plain(&text),
                    _ => ScalarKind::Str,
                };
                b.push_node(
                    Node {
                        pos,
                        value: Value::Scalar(Scalar {
                            text: Text::from(text.as_ref()),
                            kind,
                        }),
                    },
                    anchor,
                );
            }
            Event::Alias(id) => {
                if b.skipping > 0 {
                    continue;
                }
                // Count (up to the budget) before cloning: once the budget
                // is spent, an alias costs nothing more to refuse.
                let node = match b.anchors.get(&id) {
                    Some(target) => {
                        let cost = node_count_upto(target, b.alias_budget);
                        if cost > b.alias_budget {
                            b.bomb_at.get_or_insert(pos);
                            b.alias_budget = 0;
                            Node {
                                pos,
                                value: Value::Scalar(Scalar {
                                    text: Text::default(),
                                    kind: ScalarKind::Null,
                                }),
                            }
                        } else {
                            b.alias_budget -= cost;
                            let mut n = target.clone();
                            n.pos = pos;
                            n
                        }
                    }
                    None => Node {
                        pos,
                        value: Value::Scalar(Scalar {
                            text: Text::default(),
                            kind: ScalarKind::Null,
                        }),
                    },
                };
                b.push_node(node, 0);
            }
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
    }
    // A document cut short by a syntax error is not kept, but it still
    // counts, so later documents keep their index.
    if in_doc {
        docs.push(Document {
            index: docs.len() as u32,
            root: None,
            pos: doc_pos,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        let (docs, diags) = parse(text, 0);
        assert!(diags.is_empty(), "{diags:?}");
        Arc::unwrap_or_clone(docs.into_iter().next().unwrap().root.unwrap())
    }

    #[test]
    fn yaml_1_1_scalars_resolve_as_kubectl_reads_them() {
        assert_eq!(resolve_plain("yes"), ScalarKind::Bool(true));
        assert_eq!(resolve_plain("off"), ScalarKind::Bool(false));
        assert_eq!(resolve_plain("0644"), ScalarKind::Int(420));
        assert_eq!(resolve_plain("0x1F"), ScalarKind::Int(31));
        assert_eq!(resolve_plain("8080"), ScalarKind::Int(8080));
        assert_eq!(resolve_plain("-1"), ScalarKind::Int(-1));
        assert_eq!(resolve_plain("1.5"), ScalarKind::Float(1.5));
        assert_eq!(resolve_plain("3.0"), ScalarKind::Float(3.0));
        assert_eq!(resolve_plain("1e3"), ScalarKind::Float(1000.0));
        assert_eq!(resolve_plain("-2.5E-1"), ScalarKind::Float(-0.25));
        assert_eq!(
            resolve_plain("99999999999999999999"),
            ScalarKind::Float(1e20)
        );
        assert_eq!(resolve_plain("1e"), ScalarKind::Str);
        assert_eq!(resolve_plain("1.2.3"), ScalarKind::Str);
        assert_eq!(resolve_plain("~"), ScalarKind::Null);
        assert_eq!(resolve_plain("None"), ScalarKind::Str);
        assert_eq!(resolve_plain("10.96.0.10"), ScalarKind::Str);
        assert_eq!(resolve_plain("1-2-3"), ScalarKind::Str);
    }

    #[test]
    fn positions_are_one_based_line_and_column() {
        let n = one("a: 1\nspec:\n  clusterIP: None\n");
        let p = n.locate("spec.clusterIP");
        assert_eq!(
            p,
            Pos {
                line: 3,
                column: 14
            }
        );
    }

    #[test]
    fn locate_falls_back_to_the_deepest_existing_ancestor() {
        let n = one("spec:\n  ports:\n  - port: 80\n");
        assert_eq!(n.locate("spec.ports[0].name"), Pos { line: 3, column: 5 });
        assert_eq!(n.locate("spec.ports[3]").line, 3);
    }

    #[test]
    fn documents_split_and_keep_their_lines() {
        let (docs, diags) = parse("a: 1\n---\nb: 2\n---\n\n---\nc: [\n---\nd: 4\n", 0);
        assert_eq!(docs.len(), 5);
        assert_eq!(docs[1].root.as_ref().unwrap().pos.line, 3);
        assert!(docs[2].root.is_none());
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(docs[4].root.as_ref().unwrap().get("d").unwrap().pos.line, 9);
    }

    #[test]
    fn merge_keys_apply_and_own_keys_win() {
        let n = one("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n");
        let m = n.get("m").unwrap();
        assert_eq!(
            m.get("x").unwrap().as_scalar().unwrap().kind,
            ScalarKind::Int(1)
        );
        assert_eq!(
            m.get("y").unwrap().as_scalar().unwrap().kind,
            ScalarKind::Int(3)
        );
    }

    #[test]
    fn alias_bomb_is_cut_with_a_diagnostic() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let prev = (b'a' + i - 1) as char;
            let cur = (b'a' + i) as char;
            text.push_str(&format!(
                "{cur}: &{cur} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let (_, diags) = parse(&text, 0);
        assert!(
            diags.iter().any(|d| d.code == "yaml-alias-limit"),
            "{diags:?}"
        );
    }

    #[test]
    fn deep_nesting_is_cut_with_a_diagnostic() {
        let text = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
        let (_, diags) = parse(&text, 0);
        assert!(!diags.is_empty());
        let block: String = (0..10_000)
            .map(|i| format!("{}- \n", "  ".repeat(i)))
            .collect();
        let (_, diags) = parse(&block, 0);
        assert!(!diags.is_empty());
    }
}
