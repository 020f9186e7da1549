//! The tree from saphyr-parser's event stream, built iteratively (deep
//! nesting cannot overflow the stack), with `<<` merge keys applied and
//! aliases expanded within a budget (an alias bomb cannot hang the read).

use std::sync::Arc;

use saphyr_parser::{Event, Parser, ScalarStyle};

use super::{
    resolve_plain, Document, Node, Pos, Scalar, ScalarKind, Text, Value, MAX_ALIAS_NODES, MAX_DEPTH,
};
use crate::diag::{Code, Diagnostic, DiagnosticSource, Location, Severity};

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
    /// Anchored nodes by the parser's anchor id, sorted by id (a sorted
    /// `Vec`, not a hash table: one fewer table copy in the bundle). Nodes
    /// complete children first, so an anchored collection is inserted
    /// after its anchored descendants: each insert shifts at most those.
    anchors: Vec<(usize, Node)>,
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
            let at = self.anchors.partition_point(|(id, _)| *id < anchor);
            match self.anchors.get_mut(at) {
                Some(entry) if entry.0 == anchor => entry.1 = node.clone(),
                _ => self.anchors.insert(at, (anchor, node.clone())),
            }
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

/// Read one chunk (whose first line is `line_offset + 1`) with
/// saphyr-parser into `docs`, its syntax errors into `diags`.
pub(super) fn parse_chunk_saphyr(
    chunk: &str,
    line_offset: u32,
    file: u32,
    docs: &mut Vec<Document>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut b = Builder {
        stack: Vec::new(),
        anchors: Vec::new(),
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
                    Code::YamlSyntax,
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
                        Code::YamlTooDeep,
                        format!("nesting deeper than {MAX_DEPTH} levels; the deeper content of this document was not read"),
                        Location { file, document: docs.len() as u32, line: at.line, column: at.column },
                    ));
                }
                if let Some(at) = b.bomb_at.take() {
                    diags.push(Diagnostic::plain(
                        Severity::Error,
                        DiagnosticSource::Yaml,
                        Code::YamlAliasLimit,
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
                let node = match b
                    .anchors
                    .binary_search_by_key(&id, |(i, _)| *i)
                    .ok()
                    .map(|k| &b.anchors[k].1)
                {
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
