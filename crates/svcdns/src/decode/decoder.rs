//! The strict decoder: reading a YAML tree as Go's `encoding/json` (with
//! sigs.k8s.io/json's strict checks) reads the JSON kubectl sends, keeping
//! every problem with its position; and the `metav1` types every group
//! shares (`ObjectMeta`, `LabelSelector`).

use std::collections::BTreeMap;

use super::quantity::{parse_quantity, QUANTITY_FORMAT_WRONG};
use super::schema::{Field, Schema};
use crate::api::*;
use crate::yaml::{Node, Pos, ScalarKind, Value};

/// One strict-decoding finding.
#[derive(Debug)]
pub(super) enum Problem {
    Type(String),
    Unknown(String),
    /// A key written again later in its mapping (the field's path and the
    /// later key's line): no error, kubectl's YAML-to-JSON conversion
    /// keeps the last value.
    Duplicate(String, u32),
}

pub(super) struct Decoder {
    pub(super) problems: Vec<(Problem, Pos)>,
    pub(super) saw_type_error: bool,
}

/// The JSON type name Go's decoder reports for a YAML node.
pub(super) fn json_type(node: &Node, numeric_target: bool) -> String {
    match &node.value {
        Value::Seq(_) => "array".into(),
        Value::Map(_) => "object".into(),
        Value::Scalar(s) => match s.kind {
            ScalarKind::Null => "null".into(),
            ScalarKind::Bool(_) => "bool".into(),
            // encoding/json `literalStore` names the number only when the
            // target is numeric and the number does not fit it
            // (`number 2147483648`); into a string or struct it is `number`.
            ScalarKind::Int(i) if numeric_target => format!("number {i}"),
            // Go writes the float kubectl's YAML-to-JSON conversion made
            // (`1.5`); svcdns writes it as the YAML spelled it, which is
            // the same for plain decimals (formatting floats would add
            // about 8 KB of brotli to the playground).
            ScalarKind::Float(_) if numeric_target => format!("number {}", s.text),
            ScalarKind::Int(_) | ScalarKind::Float(_) => "number".into(),
            ScalarKind::Str => "string".into(),
        },
    }
}

/// A mapping being decoded into a Go struct.
#[derive(Clone, Copy)]
pub(super) struct Obj<'n> {
    pub(super) node: &'n Node,
    /// The Go struct type, for messages (`ServicePort`).
    pub(super) go: &'static str,
}

/// Path bookkeeping, built only when a diagnostic needs it: `api` is the
/// API path with indexes (`spec.ports[0]`), `go` the Go json path without
/// indexes (`spec.ports`). A path is a chain of borrowed segments, so
/// descending into a field costs nothing.
#[derive(Clone, Copy)]
pub(super) struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment<'a>,
}

#[derive(Clone, Copy)]
pub(super) enum Segment<'a> {
    Root,
    Field(&'a str),
    Index(usize),
}

impl<'a> Path<'a> {
    pub(super) fn root() -> Path<'static> {
        Path {
            parent: None,
            segment: Segment::Root,
        }
    }
    pub(super) fn field<'b>(&'b self, key: &'b str) -> Path<'b> {
        Path {
            parent: Some(self),
            segment: Segment::Field(key),
        }
    }
    pub(super) fn index(&self, i: usize) -> Path<'_> {
        Path {
            parent: Some(self),
            segment: Segment::Index(i),
        }
    }
    /// Appends the path from the root down.
    pub(super) fn render(&self, with_indexes: bool, out: &mut String) {
        if let Some(parent) = self.parent {
            parent.render(with_indexes, out);
        }
        match self.segment {
            Segment::Root => {}
            Segment::Field(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Index(i) if with_indexes => {
                use std::fmt::Write as _;
                let _ = write!(out, "[{i}]");
            }
            Segment::Index(_) => {}
        }
    }
    pub(super) fn api(&self) -> String {
        let mut out = String::new();
        self.render(true, &mut out);
        out
    }
    pub(super) fn go(&self) -> String {
        let mut out = String::new();
        self.render(false, &mut out);
        out
    }
}

impl Decoder {
    /// A `resource.Quantity` value: JSON strings and numbers go through
    /// `ParseQuantity` (its `UnmarshalJSON` strips the quotes of a string
    /// and parses any other JSON text as is); its error is the whole
    /// decode error, like a type error.
    pub(super) fn quantity(&mut self, node: &Node) {
        if node.is_null() || self.saw_type_error {
            return;
        }
        let result = match &node.value {
            Value::Scalar(s) if s.kind == ScalarKind::Str => parse_quantity(s.text.trim()),
            Value::Scalar(s) if matches!(s.kind, ScalarKind::Int(_) | ScalarKind::Float(_)) => {
                Ok(())
            }
            // true, false, [..], {..}: not a quantity.
            _ => Err(QUANTITY_FORMAT_WRONG),
        };
        if let Err(msg) = result {
            self.saw_type_error = true;
            self.problems
                .push((Problem::Type(msg.to_string()), node.pos));
        }
    }

    pub(super) fn type_error(&mut self, node: &Node, parent_go: &str, path: &Path, go_type: &str) {
        if self.saw_type_error {
            return;
        }
        self.saw_type_error = true;
        let msg = format!(
            "json: cannot unmarshal {} into Go struct field {}.{} of type {}",
            json_type(node, matches!(go_type, "int32" | "int64")),
            parent_go,
            path.go(),
            go_type
        );
        self.problems.push((Problem::Type(msg), node.pos));
    }

    /// Open a mapping as a Go struct with the given known fields. Reports
    /// unknown and duplicate fields. Returns `None` for null, or a wrong type.
    pub(super) fn open<'n>(
        &mut self,
        node: &'n Node,
        parent_go: &str,
        go: &'static str,
        go_type: &str,
        path: &Path,
        known: &[&str],
    ) -> Option<Obj<'n>> {
        if node.is_null() {
            return None;
        }
        let Some(entries) = node.as_map() else {
            self.type_error(node, parent_go, path, go_type);
            return None;
        };
        for (i, (k, _)) in entries.iter().enumerate() {
            let key = k.key_text();
            if let Some((later, _)) = entries[i + 1..].iter().find(|(l, _)| l.key_text() == key) {
                self.problems.push((
                    Problem::Duplicate(path.field(key).api(), later.pos.line),
                    k.pos,
                ));
                continue;
            }
            if !known.contains(&key) {
                let p = path.field(key);
                self.problems.push((
                    Problem::Unknown(format!("unknown field \"{}\"", p.api())),
                    k.pos,
                ));
            }
        }
        Some(Obj { node, go })
    }

    pub(super) fn string(&mut self, o: Obj, path: &Path, key: &str) -> Option<String> {
        let v = o.node.get(key)?;
        self.string_value_with(v, o.go, || path.field(key))
    }

    pub(super) fn string_value(
        &mut self,
        v: &Node,
        parent_go: &str,
        path: &Path,
    ) -> Option<String> {
        self.string_value_with(v, parent_go, || *path)
    }

    /// A string field; the path is built only when there is an error to
    /// report (decoding is on the keystroke path of the playground).
    pub(super) fn string_value_with<'p>(
        &mut self,
        v: &Node,
        parent_go: &str,
        path: impl FnOnce() -> Path<'p>,
    ) -> Option<String> {
        match &v.value {
            Value::Scalar(s) if s.kind == ScalarKind::Str => Some(s.text.as_str().into()),
            Value::Scalar(s) if s.kind == ScalarKind::Null => None,
            _ => {
                self.type_error(v, parent_go, &path(), "string");
                None
            }
        }
    }

    pub(super) fn int(&mut self, o: Obj, path: &Path, key: &str, bits: u32) -> Option<i64> {
        let v = o.node.get(key)?;
        let go_type = if bits == 32 { "int32" } else { "int64" };
        let (lo, hi) = if bits == 32 {
            (i32::MIN as i64, i32::MAX as i64)
        } else {
            (i64::MIN, i64::MAX)
        };
        let value = match &v.value {
            Value::Scalar(s) => match s.kind {
                ScalarKind::Null => return None,
                ScalarKind::Int(i) => Some(i),
                ScalarKind::Float(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => Some(f as i64),
                _ => None,
            },
            _ => None,
        };
        match value {
            Some(i) if i >= lo && i <= hi => Some(i),
            _ => {
                self.type_error(v, o.go, &path.field(key), go_type);
                None
            }
        }
    }

    pub(super) fn i32(&mut self, o: Obj, path: &Path, key: &str) -> Option<i32> {
        self.int(o, path, key, 32).map(|i| i as i32)
    }

    pub(super) fn bool(&mut self, o: Obj, path: &Path, key: &str) -> Option<bool> {
        let v = o.node.get(key)?;
        match &v.value {
            Value::Scalar(s) => match s.kind {
                ScalarKind::Bool(b) => Some(b),
                ScalarKind::Null => None,
                _ => {
                    self.type_error(v, o.go, &path.field(key), "bool");
                    None
                }
            },
            _ => {
                self.type_error(v, o.go, &path.field(key), "bool");
                None
            }
        }
    }

    pub(super) fn int_or_string(&mut self, o: Obj, path: &Path, key: &str) -> Option<IntOrString> {
        let v = o.node.get(key)?;
        match &v.value {
            Value::Scalar(s) => match s.kind {
                ScalarKind::Str => Some(IntOrString::Str(s.text.as_str().into())),
                ScalarKind::Int(i) if i32::try_from(i).is_ok() => Some(IntOrString::Int(i as i32)),
                ScalarKind::Null => None,
                _ => {
                    self.type_error(v, o.go, &path.field(key), "intstr.IntOrString");
                    None
                }
            },
            _ => {
                self.type_error(v, o.go, &path.field(key), "intstr.IntOrString");
                None
            }
        }
    }

    pub(super) fn string_map(
        &mut self,
        o: Obj,
        path: &Path,
        key: &str,
    ) -> Option<BTreeMap<String, String>> {
        let v = o.node.get(key)?;
        if v.is_null() {
            return None;
        }
        let p = path.field(key);
        let Some(entries) = v.as_map() else {
            self.type_error(v, o.go, &p, "map[string]string");
            return None;
        };
        let mut out = BTreeMap::new();
        for (k, val) in entries {
            if let Some(s) = self.string_value_with(val, o.go, || p.field(k.key_text())) {
                out.insert(k.key_text().to_string(), s);
            }
        }
        Some(out)
    }

    pub(super) fn seq<'n>(
        &mut self,
        o: Obj<'n>,
        path: &Path,
        key: &str,
        go_type: &str,
    ) -> &'n [Node] {
        let Some(v) = o.node.get(key) else {
            return &[];
        };
        if v.is_null() {
            return &[];
        }
        match v.as_seq() {
            Some(items) => items,
            None => {
                self.type_error(v, o.go, &path.field(key), go_type);
                &[]
            }
        }
    }

    pub(super) fn string_list(&mut self, o: Obj, path: &Path, key: &str) -> Vec<String> {
        let p = path.field(key);
        let items = self.seq(o, path, key, "[]string");
        items
            .iter()
            .enumerate()
            .filter_map(|(i, n)| self.string_value_with(n, o.go, || p.index(i)))
            .collect()
    }

    pub(super) fn metadata(&mut self, o: Obj, path: &Path) -> ObjectMeta {
        let p = path.field("metadata");
        let Some(node) = o.node.get("metadata") else {
            return ObjectMeta::default();
        };
        let Some(m) = self.open(
            node,
            o.go,
            "ObjectMeta",
            "v1.ObjectMeta",
            &p,
            &[
                "name",
                "generateName",
                "namespace",
                "labels",
                "annotations",
                "uid",
                "resourceVersion",
                "generation",
                "creationTimestamp",
                "deletionTimestamp",
                "deletionGracePeriodSeconds",
                "ownerReferences",
                "finalizers",
                "managedFields",
                "selfLink",
            ],
        ) else {
            return ObjectMeta::default();
        };
        ObjectMeta {
            name: self.string(m, &p, "name"),
            generate_name: self.string(m, &p, "generateName"),
            namespace: self.string(m, &p, "namespace"),
            labels: self.string_map(m, &p, "labels").unwrap_or_default(),
            annotations: self.string_map(m, &p, "annotations").unwrap_or_default(),
            deletion_timestamp: self.string(m, &p, "deletionTimestamp"),
        }
    }

    pub(super) fn label_selector(
        &mut self,
        o: Obj,
        path: &Path,
        key: &str,
    ) -> Option<LabelSelector> {
        let p = path.field(key);
        let node = o.node.get(key)?;
        let s = self.open(
            node,
            o.go,
            "LabelSelector",
            "v1.LabelSelector",
            &p,
            &["matchLabels", "matchExpressions"],
        )?;
        let match_labels = self.string_map(s, &p, "matchLabels").unwrap_or_default();
        let ep = p.field("matchExpressions");
        let exprs = self.seq(s, &p, "matchExpressions", "[]v1.LabelSelectorRequirement");
        let mut match_expressions = Vec::new();
        for (i, n) in exprs.iter().enumerate() {
            let ip = ep.index(i);
            if let Some(e) = self.open(
                n,
                "LabelSelector",
                "LabelSelectorRequirement",
                "v1.LabelSelectorRequirement",
                &ip,
                &["key", "operator", "values"],
            ) {
                match_expressions.push(LabelSelectorRequirement {
                    key: self.string(e, &ip, "key").unwrap_or_default(),
                    operator: self.string(e, &ip, "operator").unwrap_or_default(),
                    values: self.string_list(e, &ip, "values"),
                });
            }
        }
        Some(LabelSelector {
            match_labels,
            match_expressions,
        })
    }

    /// Type-checks a value svcdns does not read against its Go type's
    /// [`Schema`]: wrong JSON types, unknown and duplicate fields, as the
    /// API server's decoder reports them.
    pub(super) fn check_fields(&mut self, o: Obj, path: &Path, fields: &[(&str, Field)]) {
        for &(key, field) in fields {
            let Some(v) = o.node.get(key) else { continue };
            let p = path.field(key);
            match field {
                Field::Str => {
                    self.string_value(v, o.go, &p);
                }
                Field::Bool => {
                    self.bool(o, path, key);
                }
                Field::StrList => {
                    self.string_list(o, path, key);
                }
                Field::Quantity => self.quantity(v),
                Field::QuantityMap(go_type) => {
                    if v.is_null() {
                        continue;
                    }
                    match v.as_map() {
                        Some(entries) => entries.iter().for_each(|(_, q)| self.quantity(q)),
                        None => self.type_error(v, o.go, &p, go_type),
                    }
                }
                Field::Object(schema) => self.check_object(v, o.go, &p, schema),
                Field::List(schema, go_type) => {
                    for (i, item) in self.seq(o, path, key, go_type).iter().enumerate() {
                        self.check_object(item, o.go, &p.index(i), schema);
                    }
                }
                Field::LabelSelector => {
                    self.label_selector(o, path, key);
                }
                Field::Any => {}
            }
        }
    }

    pub(super) fn check_object(
        &mut self,
        node: &Node,
        parent_go: &str,
        path: &Path,
        schema: &Schema,
    ) {
        let known: Vec<&str> = schema.fields.iter().map(|(k, _)| *k).collect();
        if let Some(o) = self.open(node, parent_go, schema.go, schema.go_type, path, &known) {
            self.check_fields(o, path, schema.fields);
        }
    }
}
