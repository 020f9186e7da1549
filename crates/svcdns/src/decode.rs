//! Strict decoding: YAML documents → API objects, as the API server decodes
//! what `kubectl apply` sends (`fieldValidation=Strict`, the default since
//! kubectl 1.27).
//!
//! The API server decodes JSON. Three kinds of problems stop an object
//! before validation, and each becomes one located diagnostic here:
//! - a wrong JSON type: `json: cannot unmarshal string into Go struct field
//!   ServicePort.spec.ports.port of type int32` (Go reports only the first);
//! - an unknown field: `strict decoding error: unknown field "spec.foo"`;
//! - a duplicate field: `strict decoding error: duplicate field "spec.ports[0].name"`
//!   (the full path, as sigs.k8s.io/json reports it).
//!
//! All strict errors of one object are reported together, joined with
//! `, ` (`strict decoding error: unknown field "spec.a", duplicate field
//! "metadata.name"`); each diagnostic carries that whole message.
//!
//! kubectl prints them as `Error from server (BadRequest): error when
//! creating "<file>": <Kind> in version "<version>" cannot be handled as a
//! <Kind>: <error>`.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diag::{Diagnostic, DiagnosticSource, Location, Severity};
use crate::model::*;
use crate::yaml::{Document, Node, Pos, ScalarKind, Value};

/// The kinds svcdns simulates, with the apiVersion each is served at.
pub const SIMULATED_KINDS: &[(&str, &str)] = &[
    ("Namespace", "v1"),
    ("Service", "v1"),
    ("Pod", "v1"),
    ("Endpoints", "v1"),
    ("ConfigMap", "v1"),
    ("StatefulSet", "apps/v1"),
    ("Deployment", "apps/v1"),
    ("ReplicaSet", "apps/v1"),
    ("DaemonSet", "apps/v1"),
    ("EndpointSlice", "discovery.k8s.io/v1"),
];

/// One strict-decoding finding.
#[derive(Debug)]
enum Problem {
    Type(String),
    Unknown(String),
    Duplicate(String),
}

struct Decoder {
    problems: Vec<(Problem, Pos)>,
    saw_type_error: bool,
}

/// The JSON type name Go's decoder reports for a YAML node.
fn json_type(node: &Node) -> String {
    match &node.value {
        Value::Seq(_) => "array".into(),
        Value::Map(_) => "object".into(),
        Value::Scalar(s) => match s.kind {
            ScalarKind::Null => "null".into(),
            ScalarKind::Bool(_) => "bool".into(),
            ScalarKind::Int(_) => "number".into(),
            ScalarKind::Float(f) => {
                if f.fract() == 0.0 && f.is_finite() {
                    "number".into()
                } else {
                    format!("number {}", s.text)
                }
            }
            ScalarKind::Str => "string".into(),
        },
    }
}

/// A mapping being decoded into a Go struct.
#[derive(Clone, Copy)]
struct Obj<'n> {
    node: &'n Node,
    /// The Go struct type, for messages (`ServicePort`).
    go: &'static str,
}

/// Path bookkeeping, built only when a diagnostic needs it: `api` is the
/// API path with indexes (`spec.ports[0]`), `go` the Go json path without
/// indexes (`spec.ports`). A path is a chain of borrowed segments, so
/// descending into a field costs nothing.
#[derive(Clone, Copy)]
struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment<'a>,
}

#[derive(Clone, Copy)]
enum Segment<'a> {
    Root,
    Field(&'a str),
    Index(usize),
}

impl<'a> Path<'a> {
    fn root() -> Path<'static> {
        Path {
            parent: None,
            segment: Segment::Root,
        }
    }
    fn field<'b>(&'b self, key: &'b str) -> Path<'b> {
        Path {
            parent: Some(self),
            segment: Segment::Field(key),
        }
    }
    fn index(&self, i: usize) -> Path<'_> {
        Path {
            parent: Some(self),
            segment: Segment::Index(i),
        }
    }
    /// Appends the path from the root down.
    fn render(&self, with_indexes: bool, out: &mut String) {
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
    fn api(&self) -> String {
        let mut out = String::new();
        self.render(true, &mut out);
        out
    }
    fn go(&self) -> String {
        let mut out = String::new();
        self.render(false, &mut out);
        out
    }
}

/// What a field svcdns does not read must hold, for [`Decoder::check_fields`].
#[derive(Clone, Copy)]
enum Field {
    Str,
    Bool,
    /// `[]string` (or a list of a string type).
    StrList,
    /// `resource.Quantity`.
    Quantity,
    /// `v1.ResourceList` (the Go type named): a map of quantities.
    QuantityMap(&'static str),
    Object(&'static Schema),
    /// A list of objects; the Go type of the list.
    List(&'static Schema, &'static str),
    LabelSelector,
    /// Not checked (a type svcdns does not model).
    Any,
}

/// A Go struct: its name, its type as the decoder prints it, its fields.
struct Schema {
    go: &'static str,
    go_type: &'static str,
    fields: &'static [(&'static str, Field)],
}

const KEY_SELECTOR: &[(&str, Field)] = &[
    ("name", Field::Str),
    ("key", Field::Str),
    ("optional", Field::Bool),
];
const ENV_VAR_SOURCE: Schema = Schema {
    go: "EnvVarSource",
    go_type: "*v1.EnvVarSource",
    fields: &[
        (
            "fieldRef",
            Field::Object(&Schema {
                go: "ObjectFieldSelector",
                go_type: "*v1.ObjectFieldSelector",
                fields: &[("apiVersion", Field::Str), ("fieldPath", Field::Str)],
            }),
        ),
        (
            "resourceFieldRef",
            Field::Object(&Schema {
                go: "ResourceFieldSelector",
                go_type: "*v1.ResourceFieldSelector",
                fields: &[
                    ("containerName", Field::Str),
                    ("resource", Field::Str),
                    ("divisor", Field::Quantity),
                ],
            }),
        ),
        (
            "configMapKeyRef",
            Field::Object(&Schema {
                go: "ConfigMapKeySelector",
                go_type: "*v1.ConfigMapKeySelector",
                fields: KEY_SELECTOR,
            }),
        ),
        (
            "secretKeyRef",
            Field::Object(&Schema {
                go: "SecretKeySelector",
                go_type: "*v1.SecretKeySelector",
                fields: KEY_SELECTOR,
            }),
        ),
        ("fileKeyRef", Field::Any),
    ],
};
/// The `v1.Container` fields svcdns does not read but type-checks.
const CONTAINER_UNREAD: &[(&str, Field)] = &[
    ("command", Field::StrList),
    ("args", Field::StrList),
    (
        "env",
        Field::List(
            &Schema {
                go: "EnvVar",
                go_type: "v1.EnvVar",
                fields: &[
                    ("name", Field::Str),
                    ("value", Field::Str),
                    ("valueFrom", Field::Object(&ENV_VAR_SOURCE)),
                ],
            },
            "[]v1.EnvVar",
        ),
    ),
];
/// A StatefulSet's `volumeClaimTemplates[i]`: svcdns reads only the name;
/// `spec` (`v1.PersistentVolumeClaimSpec`) is type-checked.
const PVC_UNREAD: &[(&str, Field)] = &[(
    "spec",
    Field::Object(&Schema {
        go: "PersistentVolumeClaimSpec",
        go_type: "v1.PersistentVolumeClaimSpec",
        fields: &[
            ("accessModes", Field::StrList),
            ("selector", Field::LabelSelector),
            (
                "resources",
                Field::Object(&Schema {
                    go: "VolumeResourceRequirements",
                    go_type: "v1.VolumeResourceRequirements",
                    fields: &[
                        ("limits", Field::QuantityMap("v1.ResourceList")),
                        ("requests", Field::QuantityMap("v1.ResourceList")),
                    ],
                }),
            ),
            ("volumeName", Field::Str),
            ("storageClassName", Field::Str),
            ("volumeMode", Field::Str),
            ("dataSource", Field::Any),
            ("dataSourceRef", Field::Any),
            ("volumeAttributesClassName", Field::Str),
        ],
    }),
)];

/// `resource.ErrFormatWrong`.
const QUANTITY_FORMAT_WRONG: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
/// `resource.ErrSuffix`.
const QUANTITY_SUFFIX: &str = "unable to parse quantity's suffix";
/// `resource.ErrNumeric`.
const QUANTITY_NUMERIC: &str = "unable to parse numeric part of quantity";

/// apimachinery `resource.ParseQuantity` (with `parseQuantityString` and
/// the suffixer's `interpret`), reduced to whether it accepts the text and
/// which error it gives: a sign, digits with at most one `.`, then a suffix
/// that is binary (`Ki` to `Ei`), decimal SI (`n u m k M G T P E` or none)
/// or a decimal exponent (`e3`, `E-2`).
fn parse_quantity(text: &str) -> Result<(), &'static str> {
    let b = text.as_bytes();
    if b.is_empty() {
        return Err(QUANTITY_FORMAT_WRONG);
    }
    let sign_len = usize::from(matches!(b[0], b'-' | b'+'));
    let mut pos = sign_len;
    while pos < b.len() && b[pos] == b'0' {
        pos += 1;
    }
    if pos == b.len() {
        return Ok(()); // all zeros (or a lone sign): zero
    }
    while pos < b.len() && b[pos].is_ascii_digit() {
        pos += 1;
    }
    if pos < b.len() && b[pos] == b'.' {
        pos += 1;
        while pos < b.len() && b[pos].is_ascii_digit() {
            pos += 1;
        }
    }
    // inf.Dec.SetString needs a digit somewhere in the numeric part.
    let any_digit = b[sign_len..pos].iter().any(u8::is_ascii_digit);
    let suffix_start = pos;
    while pos < b.len() && b"eEinumkKMGTP".contains(&b[pos]) {
        pos += 1;
    }
    if pos < b.len() && matches!(b[pos], b'-' | b'+') {
        pos += 1;
    }
    while pos < b.len() && b[pos].is_ascii_digit() {
        pos += 1;
    }
    if pos < b.len() {
        return Err(QUANTITY_FORMAT_WRONG);
    }
    let suffix = &text[suffix_start..];
    const SUFFIXES: [&str; 16] = [
        "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m", "k", "M", "G", "T", "P", "E",
    ];
    let known = SUFFIXES.contains(&suffix)
        || (suffix.len() > 1 && suffix.starts_with(['e', 'E']) && is_int64(&suffix[1..]));
    if !known {
        return Err(QUANTITY_SUFFIX);
    }
    if !any_digit {
        return Err(QUANTITY_NUMERIC);
    }
    Ok(())
}

/// Whether `strconv.ParseInt(s, 10, 64)` reads `s`: an optional sign and
/// decimal digits that fit in an i64.
fn is_int64(s: &str) -> bool {
    let (negative, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let digits = digits.trim_start_matches('0');
    let limit = if negative {
        "9223372036854775808"
    } else {
        "9223372036854775807"
    };
    digits.len() < limit.len() || (digits.len() == limit.len() && digits <= limit)
}

impl Decoder {
    /// A `resource.Quantity` value: JSON strings and numbers go through
    /// `ParseQuantity` (its `UnmarshalJSON` strips the quotes of a string
    /// and parses any other JSON text as is); its error is the whole
    /// decode error, like a type error.
    fn quantity(&mut self, node: &Node) {
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

    fn type_error(&mut self, node: &Node, parent_go: &str, path: &Path, go_type: &str) {
        if self.saw_type_error {
            return;
        }
        self.saw_type_error = true;
        let msg = format!(
            "json: cannot unmarshal {} into Go struct field {}.{} of type {}",
            json_type(node),
            parent_go,
            path.go(),
            go_type
        );
        self.problems.push((Problem::Type(msg), node.pos));
    }

    /// Open a mapping as a Go struct with the given known fields. Reports
    /// unknown and duplicate fields. Returns `None` for null, or a wrong type.
    fn open<'n>(
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
            if entries[..i].iter().any(|(seen, _)| seen.key_text() == key) {
                self.problems.push((
                    Problem::Duplicate(format!("duplicate field \"{}\"", path.field(key).api())),
                    k.pos,
                ));
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

    fn string(&mut self, o: Obj, path: &Path, key: &str) -> Option<String> {
        let v = o.node.get(key)?;
        self.string_value_with(v, o.go, || path.field(key))
    }

    fn string_value(&mut self, v: &Node, parent_go: &str, path: &Path) -> Option<String> {
        self.string_value_with(v, parent_go, || *path)
    }

    /// A string field; the path is built only when there is an error to
    /// report (decoding is on the keystroke path of the playground).
    fn string_value_with<'p>(
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

    fn int(&mut self, o: Obj, path: &Path, key: &str, bits: u32) -> Option<i64> {
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

    fn i32(&mut self, o: Obj, path: &Path, key: &str) -> Option<i32> {
        self.int(o, path, key, 32).map(|i| i as i32)
    }

    fn bool(&mut self, o: Obj, path: &Path, key: &str) -> Option<bool> {
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

    fn int_or_string(&mut self, o: Obj, path: &Path, key: &str) -> Option<IntOrString> {
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

    fn string_map(&mut self, o: Obj, path: &Path, key: &str) -> Option<BTreeMap<String, String>> {
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

    fn seq<'n>(&mut self, o: Obj<'n>, path: &Path, key: &str, go_type: &str) -> &'n [Node] {
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

    fn string_list(&mut self, o: Obj, path: &Path, key: &str) -> Vec<String> {
        let p = path.field(key);
        let items = self.seq(o, path, key, "[]string");
        items
            .iter()
            .enumerate()
            .filter_map(|(i, n)| self.string_value_with(n, o.go, || p.index(i)))
            .collect()
    }

    fn metadata(&mut self, o: Obj, path: &Path) -> ObjectMeta {
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

    fn label_selector(&mut self, o: Obj, path: &Path, key: &str) -> Option<LabelSelector> {
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

    fn container(&mut self, n: &Node, path: &Path) -> Option<Container> {
        let c = self.open(
            n,
            "PodSpec",
            "Container",
            "v1.Container",
            path,
            CONTAINER_FIELDS,
        )?;
        let pp = path.field("ports");
        let ports_nodes = self.seq(c, path, "ports", "[]v1.ContainerPort");
        let mut ports = Vec::new();
        for (i, pn) in ports_nodes.iter().enumerate() {
            let ip = pp.index(i);
            if let Some(po) = self.open(
                pn,
                "Container",
                "ContainerPort",
                "v1.ContainerPort",
                &ip,
                &["name", "hostPort", "containerPort", "protocol", "hostIP"],
            ) {
                ports.push(ContainerPort {
                    name: self.string(po, &ip, "name"),
                    container_port: self.i32(po, &ip, "containerPort").unwrap_or(0),
                    protocol: self.string(po, &ip, "protocol"),
                });
            }
        }
        // Read only to check their types, as the API server decodes them.
        self.check_fields(c, path, CONTAINER_UNREAD);
        Some(Container {
            name: self.string(c, path, "name"),
            image: self.string(c, path, "image"),
            ports,
            has_readiness_probe: c.node.get("readinessProbe").is_some_and(|n| !n.is_null()),
        })
    }

    /// Type-checks a value svcdns does not read against its Go type's
    /// [`Schema`]: wrong JSON types, unknown and duplicate fields, as the
    /// API server's decoder reports them.
    fn check_fields(&mut self, o: Obj, path: &Path, fields: &[(&str, Field)]) {
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

    fn check_object(&mut self, node: &Node, parent_go: &str, path: &Path, schema: &Schema) {
        let known: Vec<&str> = schema.fields.iter().map(|(k, _)| *k).collect();
        if let Some(o) = self.open(node, parent_go, schema.go, schema.go_type, path, &known) {
            self.check_fields(o, path, schema.fields);
        }
    }

    fn pod_spec(&mut self, node: Option<&Node>, parent_go: &str, path: &Path) -> PodSpec {
        let Some(node) = node else {
            return PodSpec::default();
        };
        let Some(s) = self.open(
            node,
            parent_go,
            "PodSpec",
            "v1.PodSpec",
            path,
            POD_SPEC_FIELDS,
        ) else {
            return PodSpec::default();
        };
        let mut containers = Vec::new();
        let cp = path.field("containers");
        for (i, n) in self
            .seq(s, path, "containers", "[]v1.Container")
            .iter()
            .enumerate()
        {
            if let Some(c) = self.container(n, &cp.index(i)) {
                containers.push(c);
            }
        }
        let mut init_containers = Vec::new();
        let ip = path.field("initContainers");
        for (i, n) in self
            .seq(s, path, "initContainers", "[]v1.Container")
            .iter()
            .enumerate()
        {
            if let Some(c) = self.container(n, &ip.index(i)) {
                init_containers.push(c);
            }
        }
        PodSpec {
            hostname: self.string(s, path, "hostname"),
            subdomain: self.string(s, path, "subdomain"),
            set_hostname_as_fqdn: self.bool(s, path, "setHostnameAsFQDN"),
            node_name: self.string(s, path, "nodeName"),
            containers,
            init_containers,
            restart_policy: self.string(s, path, "restartPolicy"),
            dns_policy: self.string(s, path, "dnsPolicy"),
            active_deadline_seconds: self.int(s, path, "activeDeadlineSeconds", 64),
            host_network: self.bool(s, path, "hostNetwork"),
        }
    }

    fn template(&mut self, o: Obj, path: &Path) -> PodTemplateSpec {
        let p = path.field("template");
        let Some(node) = o.node.get("template") else {
            return PodTemplateSpec::default();
        };
        let Some(t) = self.open(
            node,
            o.go,
            "PodTemplateSpec",
            "v1.PodTemplateSpec",
            &p,
            &["metadata", "spec"],
        ) else {
            return PodTemplateSpec::default();
        };
        PodTemplateSpec {
            metadata: self.metadata(t, &p),
            spec: self.pod_spec(t.node.get("spec"), "PodTemplateSpec", &p.field("spec")),
        }
    }

    fn object_reference(&mut self, o: Obj, path: &Path, key: &str) -> Option<ObjectReference> {
        let p = path.field(key);
        let node = o.node.get(key)?;
        let r = self.open(
            node,
            o.go,
            "ObjectReference",
            "v1.ObjectReference",
            &p,
            &[
                "kind",
                "namespace",
                "name",
                "uid",
                "apiVersion",
                "resourceVersion",
                "fieldPath",
            ],
        )?;
        Some(ObjectReference {
            kind: self.string(r, &p, "kind"),
            namespace: self.string(r, &p, "namespace"),
            name: self.string(r, &p, "name"),
        })
    }

    fn endpoint_ports(
        &mut self,
        o: Obj,
        path: &Path,
        key: &str,
        go: &'static str,
    ) -> Vec<EndpointPort> {
        let p = path.field(key);
        let mut out = Vec::new();
        for (i, n) in self
            .seq(o, path, key, "[]v1.EndpointPort")
            .iter()
            .enumerate()
        {
            let ip = p.index(i);
            if let Some(e) = self.open(
                n,
                o.go,
                go,
                "v1.EndpointPort",
                &ip,
                &["name", "protocol", "port", "appProtocol"],
            ) {
                out.push(EndpointPort {
                    name: self.string(e, &ip, "name"),
                    protocol: self.string(e, &ip, "protocol"),
                    port: self.i32(e, &ip, "port"),
                    app_protocol: self.string(e, &ip, "appProtocol"),
                });
            }
        }
        out
    }
}

const TOP_FIELDS: &[&str] = &["apiVersion", "kind", "metadata", "spec", "status"];

const CONTAINER_FIELDS: &[&str] = &[
    "name",
    "image",
    "command",
    "args",
    "workingDir",
    "ports",
    "envFrom",
    "env",
    "resources",
    "resizePolicy",
    "restartPolicy",
    "restartPolicyRules",
    "volumeMounts",
    "volumeDevices",
    "livenessProbe",
    "readinessProbe",
    "startupProbe",
    "lifecycle",
    "terminationMessagePath",
    "terminationMessagePolicy",
    "imagePullPolicy",
    "securityContext",
    "stdin",
    "stdinOnce",
    "tty",
];

const POD_SPEC_FIELDS: &[&str] = &[
    "volumes",
    "initContainers",
    "containers",
    "ephemeralContainers",
    "restartPolicy",
    "terminationGracePeriodSeconds",
    "activeDeadlineSeconds",
    "dnsPolicy",
    "nodeSelector",
    "serviceAccountName",
    "serviceAccount",
    "automountServiceAccountToken",
    "nodeName",
    "hostNetwork",
    "hostPID",
    "hostIPC",
    "shareProcessNamespace",
    "securityContext",
    "imagePullSecrets",
    "hostname",
    "subdomain",
    "affinity",
    "schedulerName",
    "tolerations",
    "hostAliases",
    "priorityClassName",
    "priority",
    "dnsConfig",
    "readinessGates",
    "runtimeClassName",
    "enableServiceLinks",
    "preemptionPolicy",
    "overhead",
    "topologySpreadConstraints",
    "setHostnameAsFQDN",
    "os",
    "hostUsers",
    "schedulingGates",
    "resourceClaims",
    "resources",
    "hostnameOverride",
];

fn decode_service(d: &mut Decoder, top: Obj) -> Service {
    let root = Path::root();
    let metadata = d.metadata(top, &root);
    let p = root.field("spec");
    let Some(s) = top.node.get("spec").and_then(|n| {
        d.open(
            n,
            "Service",
            "ServiceSpec",
            "v1.ServiceSpec",
            &p,
            &[
                "ports",
                "selector",
                "clusterIP",
                "clusterIPs",
                "type",
                "externalIPs",
                "sessionAffinity",
                "loadBalancerIP",
                "loadBalancerSourceRanges",
                "externalName",
                "externalTrafficPolicy",
                "healthCheckNodePort",
                "publishNotReadyAddresses",
                "sessionAffinityConfig",
                "ipFamilies",
                "ipFamilyPolicy",
                "allocateLoadBalancerNodePorts",
                "loadBalancerClass",
                "internalTrafficPolicy",
                "trafficDistribution",
            ],
        )
    }) else {
        return Service {
            metadata,
            spec: ServiceSpec::default(),
        };
    };
    let pp = p.field("ports");
    let mut ports = Vec::new();
    for (i, n) in d.seq(s, &p, "ports", "[]v1.ServicePort").iter().enumerate() {
        let ip = pp.index(i);
        if let Some(po) = d.open(
            n,
            "ServiceSpec",
            "ServicePort",
            "v1.ServicePort",
            &ip,
            &[
                "name",
                "protocol",
                "appProtocol",
                "port",
                "targetPort",
                "nodePort",
            ],
        ) {
            ports.push(ServicePort {
                name: d.string(po, &ip, "name"),
                protocol: d.string(po, &ip, "protocol"),
                app_protocol: d.string(po, &ip, "appProtocol"),
                port: d.i32(po, &ip, "port").unwrap_or(0),
                target_port: d.int_or_string(po, &ip, "targetPort"),
                node_port: d.i32(po, &ip, "nodePort"),
            });
        }
    }
    let sap = p.field("sessionAffinityConfig");
    let session_affinity_config = s.node.get("sessionAffinityConfig").and_then(|n| {
        let c = d.open(
            n,
            "ServiceSpec",
            "SessionAffinityConfig",
            "v1.SessionAffinityConfig",
            &sap,
            &["clientIP"],
        )?;
        let cp = sap.field("clientIP");
        let client_ip = c.node.get("clientIP").and_then(|n| {
            let ci = d.open(
                n,
                "SessionAffinityConfig",
                "ClientIPConfig",
                "v1.ClientIPConfig",
                &cp,
                &["timeoutSeconds"],
            )?;
            Some(ClientIpConfig {
                timeout_seconds: d.i32(ci, &cp, "timeoutSeconds"),
            })
        });
        Some(SessionAffinityConfig { client_ip })
    });
    let spec = ServiceSpec {
        service_type: d.string(s, &p, "type"),
        cluster_ip: d.string(s, &p, "clusterIP"),
        cluster_ips: d.string_list(s, &p, "clusterIPs"),
        ip_families: d.string_list(s, &p, "ipFamilies"),
        ip_family_policy: d.string(s, &p, "ipFamilyPolicy"),
        selector: d.string_map(s, &p, "selector"),
        ports,
        external_name: d.string(s, &p, "externalName"),
        external_ips: d.string_list(s, &p, "externalIPs"),
        session_affinity: d.string(s, &p, "sessionAffinity"),
        session_affinity_config,
        publish_not_ready_addresses: d.bool(s, &p, "publishNotReadyAddresses"),
        load_balancer_ip: d.string(s, &p, "loadBalancerIP"),
        load_balancer_source_ranges: d.string_list(s, &p, "loadBalancerSourceRanges"),
        load_balancer_class: d.string(s, &p, "loadBalancerClass"),
        allocate_load_balancer_node_ports: d.bool(s, &p, "allocateLoadBalancerNodePorts"),
        external_traffic_policy: d.string(s, &p, "externalTrafficPolicy"),
        internal_traffic_policy: d.string(s, &p, "internalTrafficPolicy"),
        health_check_node_port: d.i32(s, &p, "healthCheckNodePort"),
        traffic_distribution: d.string(s, &p, "trafficDistribution"),
    };
    Service { metadata, spec }
}

fn decode_pod(d: &mut Decoder, top: Obj) -> Pod {
    let root = Path::root();
    let metadata = d.metadata(top, &root);
    let spec = d.pod_spec(top.node.get("spec"), "Pod", &root.field("spec"));
    let sp = root.field("status");
    let status = top.node.get("status").and_then(|n| {
        // Status is not strictly checked field by field (kubectl create ignores
        // it); only the fields svcdns reads are decoded.
        let st = Obj {
            node: n,
            go: "PodStatus",
        };
        if n.as_map().is_none() {
            d.type_error(n, "Pod", &sp, "v1.PodStatus");
            return None;
        }
        let mut pod_ips = Vec::new();
        let pip = sp.field("podIPs");
        for (i, item) in d.seq(st, &sp, "podIPs", "[]v1.PodIP").iter().enumerate() {
            if let Some(ip) = item
                .get("ip")
                .and_then(|v| d.string_value(v, "PodIP", &pip.index(i).field("ip")))
            {
                pod_ips.push(ip);
            }
        }
        let mut conditions = Vec::new();
        for item in d.seq(st, &sp, "conditions", "[]v1.PodCondition") {
            let t = item
                .get("type")
                .and_then(|n| n.as_str())
                .unwrap_or_default();
            let s = item
                .get("status")
                .and_then(|n| n.as_str())
                .unwrap_or_default();
            conditions.push(PodCondition {
                condition_type: t.to_string(),
                status: s.to_string(),
            });
        }
        Some(PodStatus {
            phase: d.string(st, &sp, "phase"),
            pod_ip: d.string(st, &sp, "podIP"),
            pod_ips,
            conditions,
        })
    });
    Pod {
        metadata,
        spec,
        status,
    }
}

fn decode_statefulset(d: &mut Decoder, top: Obj) -> StatefulSet {
    let root = Path::root();
    let metadata = d.metadata(top, &root);
    let p = root.field("spec");
    let Some(s) = top.node.get("spec").and_then(|n| {
        d.open(
            n,
            "StatefulSet",
            "StatefulSetSpec",
            "v1.StatefulSetSpec",
            &p,
            &[
                "replicas",
                "selector",
                "template",
                "volumeClaimTemplates",
                "serviceName",
                "podManagementPolicy",
                "updateStrategy",
                "revisionHistoryLimit",
                "minReadySeconds",
                "persistentVolumeClaimRetentionPolicy",
                "ordinals",
            ],
        )
    }) else {
        return StatefulSet {
            metadata,
            spec: StatefulSetSpec::default(),
        };
    };
    let up = p.field("updateStrategy");
    let update_strategy = s.node.get("updateStrategy").and_then(|n| {
        let u = d.open(
            n,
            "StatefulSetSpec",
            "StatefulSetUpdateStrategy",
            "v1.StatefulSetUpdateStrategy",
            &up,
            &["type", "rollingUpdate"],
        )?;
        let rp = up.field("rollingUpdate");
        let rolling_update = u.node.get("rollingUpdate").and_then(|n| {
            let r = d.open(
                n,
                "StatefulSetUpdateStrategy",
                "RollingUpdateStatefulSetStrategy",
                "v1.RollingUpdateStatefulSetStrategy",
                &rp,
                &["partition", "maxUnavailable"],
            )?;
            Some(RollingUpdateStatefulSetStrategy {
                partition: d.i32(r, &rp, "partition"),
                max_unavailable: d.int_or_string(r, &rp, "maxUnavailable"),
            })
        });
        Some(StatefulSetUpdateStrategy {
            strategy_type: d.string(u, &up, "type"),
            rolling_update,
        })
    });
    let op = p.field("ordinals");
    let ordinals_start = s.node.get("ordinals").and_then(|n| {
        let o = d.open(
            n,
            "StatefulSetSpec",
            "StatefulSetOrdinals",
            "v1.StatefulSetOrdinals",
            &op,
            &["start"],
        )?;
        Some(d.i32(o, &op, "start"))
    });
    let vp = p.field("volumeClaimTemplates");
    let mut volume_claim_templates = Vec::new();
    for (i, n) in d
        .seq(s, &p, "volumeClaimTemplates", "[]v1.PersistentVolumeClaim")
        .iter()
        .enumerate()
    {
        let ip = vp.index(i);
        if let Some(v) = d.open(
            n,
            "StatefulSetSpec",
            "PersistentVolumeClaim",
            "v1.PersistentVolumeClaim",
            &ip,
            &["apiVersion", "kind", "metadata", "spec", "status"],
        ) {
            d.check_fields(v, &ip, PVC_UNREAD);
            volume_claim_templates.push(d.metadata(v, &ip).name);
        }
    }
    let rp = p.field("persistentVolumeClaimRetentionPolicy");
    let pvc_retention_policy = s
        .node
        .get("persistentVolumeClaimRetentionPolicy")
        .and_then(|n| {
            let r = d.open(
                n,
                "StatefulSetSpec",
                "StatefulSetPersistentVolumeClaimRetentionPolicy",
                "v1.StatefulSetPersistentVolumeClaimRetentionPolicy",
                &rp,
                &["whenDeleted", "whenScaled"],
            )?;
            Some(PvcRetentionPolicy {
                when_deleted: d.string(r, &rp, "whenDeleted"),
                when_scaled: d.string(r, &rp, "whenScaled"),
            })
        });
    let spec = StatefulSetSpec {
        replicas: d.i32(s, &p, "replicas"),
        selector: d.label_selector(s, &p, "selector"),
        template: d.template(s, &p),
        service_name: d.string(s, &p, "serviceName"),
        pod_management_policy: d.string(s, &p, "podManagementPolicy"),
        update_strategy,
        revision_history_limit: d.i32(s, &p, "revisionHistoryLimit"),
        min_ready_seconds: d.i32(s, &p, "minReadySeconds"),
        ordinals_start,
        volume_claim_templates,
        pvc_retention_policy,
    };
    StatefulSet { metadata, spec }
}

fn decode_workload(d: &mut Decoder, top: Obj, kind: &str) -> Workload {
    let root = Path::root();
    let metadata = d.metadata(top, &root);
    let p = root.field("spec");
    let (go, go_type, known): (&'static str, &str, &[&str]) = match kind {
        "Deployment" => (
            "DeploymentSpec",
            "v1.DeploymentSpec",
            &[
                "replicas",
                "selector",
                "template",
                "strategy",
                "minReadySeconds",
                "revisionHistoryLimit",
                "paused",
                "progressDeadlineSeconds",
            ],
        ),
        "ReplicaSet" => (
            "ReplicaSetSpec",
            "v1.ReplicaSetSpec",
            &["replicas", "minReadySeconds", "selector", "template"],
        ),
        _ => (
            "DaemonSetSpec",
            "v1.DaemonSetSpec",
            &[
                "selector",
                "template",
                "updateStrategy",
                "minReadySeconds",
                "revisionHistoryLimit",
            ],
        ),
    };
    let Some(s) = top
        .node
        .get("spec")
        .and_then(|n| d.open(n, top.go, go, go_type, &p, known))
    else {
        return Workload {
            metadata,
            spec: WorkloadSpec::default(),
        };
    };
    let spec = WorkloadSpec {
        replicas: if kind == "DaemonSet" {
            None
        } else {
            d.i32(s, &p, "replicas")
        },
        selector: d.label_selector(s, &p, "selector"),
        template: d.template(s, &p),
    };
    Workload { metadata, spec }
}

fn decode_endpoint_slice(d: &mut Decoder, top: Obj) -> EndpointSlice {
    let root = Path::root();
    let metadata = d.metadata(top, &root);
    let ep = root.field("endpoints");
    let mut endpoints = Vec::new();
    for (i, n) in d
        .seq(top, &root, "endpoints", "[]v1.Endpoint")
        .iter()
        .enumerate()
    {
        let ip = ep.index(i);
        let Some(e) = d.open(
            n,
            "EndpointSlice",
            "Endpoint",
            "v1.Endpoint",
            &ip,
            &[
                "addresses",
                "conditions",
                "hostname",
                "targetRef",
                "deprecatedTopology",
                "nodeName",
                "zone",
                "hints",
            ],
        ) else {
            continue;
        };
        let cp = ip.field("conditions");
        let conditions = e
            .node
            .get("conditions")
            .and_then(|n| {
                let c = d.open(
                    n,
                    "Endpoint",
                    "EndpointConditions",
                    "v1.EndpointConditions",
                    &cp,
                    &["ready", "serving", "terminating"],
                )?;
                Some(EndpointConditions {
                    ready: d.bool(c, &cp, "ready"),
                    serving: d.bool(c, &cp, "serving"),
                    terminating: d.bool(c, &cp, "terminating"),
                })
            })
            .unwrap_or_default();
        endpoints.push(SliceEndpoint {
            addresses: d.string_list(e, &ip, "addresses"),
            conditions,
            hostname: d.string(e, &ip, "hostname"),
            target_ref: d.object_reference(e, &ip, "targetRef"),
            node_name: d.string(e, &ip, "nodeName"),
            zone: d.string(e, &ip, "zone"),
        });
    }
    EndpointSlice {
        metadata,
        address_type: d.string(top, &root, "addressType"),
        endpoints,
        ports: d.endpoint_ports(top, &root, "ports", "EndpointPort"),
    }
}

fn decode_endpoints(d: &mut Decoder, top: Obj) -> Endpoints {
    let root = Path::root();
    let metadata = d.metadata(top, &root);
    let sp = root.field("subsets");
    let mut subsets = Vec::new();
    for (i, n) in d
        .seq(top, &root, "subsets", "[]v1.EndpointSubset")
        .iter()
        .enumerate()
    {
        let ip = sp.index(i);
        let Some(s) = d.open(
            n,
            "Endpoints",
            "EndpointSubset",
            "v1.EndpointSubset",
            &ip,
            &["addresses", "notReadyAddresses", "ports"],
        ) else {
            continue;
        };
        let mut lists: [Vec<EndpointAddress>; 2] = [Vec::new(), Vec::new()];
        for (li, key) in ["addresses", "notReadyAddresses"].into_iter().enumerate() {
            let ap = ip.field(key);
            for (j, an) in d
                .seq(s, &ip, key, "[]v1.EndpointAddress")
                .iter()
                .enumerate()
            {
                let jp = ap.index(j);
                if let Some(a) = d.open(
                    an,
                    "EndpointSubset",
                    "EndpointAddress",
                    "v1.EndpointAddress",
                    &jp,
                    &["ip", "hostname", "nodeName", "targetRef"],
                ) {
                    lists[li].push(EndpointAddress {
                        ip: d.string(a, &jp, "ip").unwrap_or_default(),
                        hostname: d.string(a, &jp, "hostname"),
                        node_name: d.string(a, &jp, "nodeName"),
                        target_ref: d.object_reference(a, &jp, "targetRef"),
                    });
                }
            }
        }
        let [addresses, not_ready_addresses] = lists;
        subsets.push(EndpointSubset {
            addresses,
            not_ready_addresses,
            ports: d.endpoint_ports(s, &ip, "ports", "EndpointPort"),
        });
    }
    Endpoints { metadata, subsets }
}

/// Known top-level fields per kind (besides apiVersion/kind/metadata).
fn top_fields(kind: &str) -> &'static [&'static str] {
    match kind {
        "EndpointSlice" => &[
            "apiVersion",
            "kind",
            "metadata",
            "addressType",
            "endpoints",
            "ports",
        ],
        "Endpoints" => &["apiVersion", "kind", "metadata", "subsets"],
        "ConfigMap" => &[
            "apiVersion",
            "kind",
            "metadata",
            "data",
            "binaryData",
            "immutable",
        ],
        _ => TOP_FIELDS,
    }
}

/// Decode every document of one file into objects. `kind: List` expands
/// into its items.
pub fn decode_documents(
    file: u32,
    file_name: &str,
    docs: &[Document],
    objects: &mut Vec<Arc<Object>>,
    diags: &mut Vec<Diagnostic>,
) {
    decode_cached_documents(file, file_name, docs.to_vec(), objects, diags, None)
}

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
    by_tree: crate::support::keymap::KeyMap,
    entries: Vec<Decoded>,
}

impl std::fmt::Debug for DecodeCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DecodeCache({} trees)", self.entries.len())
    }
}

struct Decoded {
    root: Arc<Node>,
    file: u32,
    file_name: String,
    document: u32,
    objects: Vec<Arc<Object>>,
    diags: Vec<Diagnostic>,
    used: bool,
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

    fn get(
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
fn tree_address(root: &Arc<Node>) -> [u8; 8] {
    (Arc::as_ptr(root) as usize as u64).to_le_bytes()
}

/// [`decode_documents`], taking the documents by value (each object keeps
/// its source tree without a copy) and, with a `cache`, taking what it
/// holds for a tree decoded before and keeping what is decoded now.
pub fn decode_cached_documents(
    file: u32,
    file_name: &str,
    docs: Vec<Document>,
    objects: &mut Vec<Arc<Object>>,
    diags: &mut Vec<Diagnostic>,
    mut cache: Option<&mut DecodeCache>,
) {
    for doc in docs {
        let Some(root) = doc.root else { continue };
        let Some(cache) = cache.as_deref_mut() else {
            decode_document(file, file_name, doc.index, root, objects, diags);
            continue;
        };
        if let Some(hit) = cache.get(&root, file, file_name, doc.index) {
            hit.used = true;
            objects.extend(hit.objects.iter().cloned());
            diags.extend(hit.diags.iter().cloned());
            continue;
        }
        let (objects_before, diags_before) = (objects.len(), diags.len());
        decode_document(file, file_name, doc.index, root.clone(), objects, diags);
        cache
            .by_tree
            .get_or_insert(&[&tree_address(&root)], cache.entries.len());
        cache.entries.push(Decoded {
            root,
            file,
            file_name: file_name.to_string(),
            document: doc.index,
            objects: objects[objects_before..].to_vec(),
            diags: diags[diags_before..].to_vec(),
            used: true,
        });
    }
}

/// Decode one document's tree: an object, or a `kind: List`'s items.
fn decode_document(
    file: u32,
    file_name: &str,
    index: u32,
    root: Arc<Node>,
    objects: &mut Vec<Arc<Object>>,
    diags: &mut Vec<Diagnostic>,
) {
    let loc = |pos: Pos| Location {
        file,
        document: index,
        line: pos.line,
        column: pos.column,
    };
    if root.as_map().is_none() {
        diags.push(Diagnostic::plain(
            Severity::Error,
            DiagnosticSource::Decode,
            "not-an-object",
            format!(
                "error: error parsing {file_name}: document {} is not a Kubernetes object (expected a mapping with apiVersion and kind)",
                index + 1
            ),
            loc(root.pos),
        ));
        return;
    }
    let kind = root.get("kind").and_then(|n| n.as_str()).unwrap_or("");
    if kind == "List" || kind.ends_with("List") && root.get("items").is_some() {
        let items = match Arc::unwrap_or_clone(root).value {
            Value::Map(entries) => entries
                .into_iter()
                .rev()
                .find(|(k, _)| k.key_text() == "items")
                .map(|(_, v)| v),
            _ => None,
        };
        if let Some(Node {
            value: Value::Seq(items),
            ..
        }) = items
        {
            for item in items {
                decode_one(file, file_name, index, &Arc::new(item), objects, diags);
            }
        }
        return;
    }
    decode_one(file, file_name, index, &root, objects, diags);
}

/// Decode one object; it shares its source tree (`node`).
fn decode_one(
    file: u32,
    file_name: &str,
    document: u32,
    node: &Arc<Node>,
    objects: &mut Vec<Arc<Object>>,
    diags: &mut Vec<Diagnostic>,
) {
    let loc = |pos: Pos| Location {
        file,
        document,
        line: pos.line,
        column: pos.column,
    };
    let kind = node.get("kind").and_then(|n| n.as_str()).unwrap_or("");
    let api_version = node
        .get("apiVersion")
        .and_then(|n| n.as_str())
        .unwrap_or("");
    let name = node
        .get("metadata")
        .and_then(|m| m.get("name"))
        .and_then(|n| n.as_str())
        .unwrap_or("")
        .to_string();
    let namespace = node
        .get("metadata")
        .and_then(|m| m.get("namespace"))
        .and_then(|n| n.as_str())
        .filter(|s| !s.is_empty())
        .unwrap_or("default")
        .to_string();
    if kind.is_empty() || api_version.is_empty() {
        let missing = if kind.is_empty() {
            "kind"
        } else {
            "apiVersion"
        };
        diags.push(Diagnostic::plain(
            Severity::Error,
            DiagnosticSource::Decode,
            "missing-type",
            format!(
                "error: error validating \"{file_name}\": error validating data: {missing} not set"
            ),
            loc(node.pos),
        ));
        return;
    }
    let expected = SIMULATED_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, v)| *v);
    let mut object = Object {
        api_version: api_version.to_string(),
        kind: kind.to_string(),
        name,
        namespace,
        file,
        document,
        node: node.clone(),
        resource: Resource::Other,
        decode_failed: false,
    };
    let Some(expected) = expected else {
        diags.push(
            Diagnostic::plain(
                Severity::Info,
                DiagnosticSource::Simulation,
                "not-simulated",
                format!("{kind} ({api_version}) is kept but not simulated: it does not change cluster DNS"),
                loc(node.pos),
            )
            .with_object(object.id()),
        );
        objects.push(Arc::new(object));
        return;
    };
    if expected != api_version {
        let pos = node
            .entry("apiVersion")
            .map(|(k, _)| k.pos)
            .unwrap_or(node.pos);
        let ns = if object.namespace == "default"
            && node
                .get("metadata")
                .and_then(|m| m.get("namespace"))
                .is_none()
        {
            String::new()
        } else {
            object.namespace.clone()
        };
        diags.push(
            Diagnostic::plain(
                Severity::Error,
                DiagnosticSource::Decode,
                "no-kind-match",
                format!(
                    "error: resource mapping not found for name: \"{}\" namespace: \"{}\" from \"{}\": no matches for kind \"{}\" in version \"{}\"\nensure CRDs are installed first",
                    object.name, ns, file_name, kind, api_version
                ),
                loc(pos),
            )
            .with_object(object.id())
            .with_field("apiVersion"),
        );
        object.decode_failed = true;
        objects.push(Arc::new(object));
        return;
    }
    let mut d = Decoder {
        problems: Vec::new(),
        saw_type_error: false,
    };
    let go: &'static str = match kind {
        "Namespace" => "Namespace",
        "Service" => "Service",
        "Pod" => "Pod",
        "Endpoints" => "Endpoints",
        "ConfigMap" => "ConfigMap",
        "StatefulSet" => "StatefulSet",
        "Deployment" => "Deployment",
        "ReplicaSet" => "ReplicaSet",
        "DaemonSet" => "DaemonSet",
        _ => "EndpointSlice",
    };
    let top = d
        .open(node, "", go, go, &Path::root(), top_fields(kind))
        .unwrap_or(Obj { node, go });
    object.resource = match kind {
        "Namespace" => Resource::Namespace(Namespace {
            metadata: d.metadata(top, &Path::root()),
        }),
        "Service" => Resource::Service(decode_service(&mut d, top)),
        "Pod" => Resource::Pod(decode_pod(&mut d, top)),
        "StatefulSet" => Resource::StatefulSet(decode_statefulset(&mut d, top)),
        "Deployment" => Resource::Deployment(decode_workload(&mut d, top, "Deployment")),
        "ReplicaSet" => Resource::ReplicaSet(decode_workload(&mut d, top, "ReplicaSet")),
        "DaemonSet" => Resource::DaemonSet(decode_workload(&mut d, top, "DaemonSet")),
        "EndpointSlice" => Resource::EndpointSlice(decode_endpoint_slice(&mut d, top)),
        "Endpoints" => Resource::Endpoints(decode_endpoints(&mut d, top)),
        _ => Resource::ConfigMap(ConfigMap {
            metadata: d.metadata(top, &Path::root()),
            data: d.string_map(top, &Path::root(), "data").unwrap_or_default(),
        }),
    };
    if d.problems.is_empty() {
        objects.push(Arc::new(object));
        return;
    }
    let version = api_version.rsplit('/').next().unwrap_or(api_version);
    // Go reports a type error alone; strict errors only when decoding worked.
    let has_type_error = d.saw_type_error;
    let strict: Vec<&str> = d
        .problems
        .iter()
        .filter_map(|(p, _)| match p {
            Problem::Unknown(m) | Problem::Duplicate(m) if !has_type_error => Some(m.as_str()),
            _ => None,
        })
        .collect();
    let strict_all = format!("strict decoding error: {}", strict.join(", "));
    for (problem, pos) in &d.problems {
        let (code, detail, whole) = match problem {
            Problem::Type(m) => ("decode-type", m.clone(), m.clone()),
            Problem::Unknown(m) if !has_type_error => (
                "unknown-field",
                format!("strict decoding error: {m}"),
                strict_all.clone(),
            ),
            Problem::Duplicate(m) if !has_type_error => (
                "duplicate-field",
                format!("strict decoding error: {m}"),
                strict_all.clone(),
            ),
            _ => continue,
        };
        object.decode_failed = true;
        let message = format!(
            "Error from server (BadRequest): error when creating \"{file_name}\": {kind} in version \"{version}\" cannot be handled as a {kind}: {whole}"
        );
        diags.push(Diagnostic {
            severity: Severity::Error,
            source: DiagnosticSource::Decode,
            code: code.to_string(),
            object: Some(object.id()),
            field: None,
            error_type: None,
            detail,
            message,
            consequence: None,
            fix: None,
            location: loc(*pos),
        });
    }
    objects.push(Arc::new(object));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shapes apimachinery's `ParseQuantity` accepts and the error it
    /// gives for the ones it refuses.
    #[test]
    fn quantities_parse_as_apimachinery_parses_them() {
        for ok in [
            "0",
            "10Gi",
            "1.5",
            "+1",
            "-1",
            "500m",
            "1e3",
            "1E-3",
            "100Ki",
            "1.",
            ".5",
            "0.5Mi",
            "1E",
            "-",
            "007",
            "1e-9223372036854775808",
            "1e+9223372036854775807",
        ] {
            assert_eq!(parse_quantity(ok), Ok(()), "{ok}");
        }
        for (bad, err) in [
            ("", QUANTITY_FORMAT_WRONG),
            ("10 Gi", QUANTITY_FORMAT_WRONG),
            ("abc", QUANTITY_FORMAT_WRONG),
            ("1.2.3", QUANTITY_FORMAT_WRONG),
            ("10GB", QUANTITY_FORMAT_WRONG),
            ("10Gb", QUANTITY_FORMAT_WRONG),
            ("10ki", QUANTITY_SUFFIX),
            ("1e", QUANTITY_SUFFIX),
            ("1mi", QUANTITY_SUFFIX),
            ("1e99999999999999999999", QUANTITY_SUFFIX),
            (".", QUANTITY_NUMERIC),
        ] {
            assert_eq!(parse_quantity(bad), Err(err), "{bad}");
        }
    }
}
