//! The located tree: [`Node`]s that keep the line and column they came
//! from, [`Document`]s, and lookups by API field path.

use std::sync::Arc;

use super::Text;

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
