//! Field errors as apimachinery's `field.Error` renders them, and kubectl's
//! rendering of an object's error list (`checkErr` / `MultilineError`).
//!
//! Values are rendered as a 1.34+ API server does: Go `string` values with
//! `%q`, integers and booleans bare, everything else (maps, slices, structs,
//! named string types, pointers) as Go `encoding/json` output.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::support::text::go_quote;

pub use crate::diag::ErrorType;

/// A bad value, already in the shape `ErrorBody` prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RenderedValue {
    /// A Go `string`: printed with `%q`.
    Str(String),
    /// An `int32`/`int64` (or Go `int`, which JSON prints the same way).
    Int(i64),
    /// A `bool`.
    Bool(bool),
    /// Anything else, as Go's `json.Marshal` prints it.
    Json(String),
}

impl RenderedValue {
    /// A named string type (`ServiceType`, `Protocol`, ...) or a `*string`:
    /// `json.Marshal` of a string.
    pub fn named(s: &str) -> Self {
        RenderedValue::Json(json_string(s))
    }

    /// How `ErrorBody` prints it.
    pub fn render(&self) -> String {
        match self {
            RenderedValue::Str(s) => go_quote(s),
            RenderedValue::Int(i) => i.to_string(),
            RenderedValue::Bool(b) => b.to_string(),
            RenderedValue::Json(j) => j.clone(),
        }
    }
}

/// One field error (`field.Error`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The field path (`spec.ports[0].nodePort`).
    pub field: String,
    /// The error type.
    pub error_type: ErrorType,
    /// The bad value (ignored for Required, Forbidden, Too long, Internal).
    pub bad_value: Option<RenderedValue>,
    /// The detail.
    pub detail: String,
}

impl FieldError {
    fn new(
        field: &str,
        error_type: ErrorType,
        bad_value: Option<RenderedValue>,
        detail: &str,
    ) -> Self {
        FieldError {
            field: field.to_string(),
            error_type,
            bad_value,
            detail: detail.to_string(),
        }
    }

    /// `field.Invalid`.
    pub fn invalid(field: &str, value: RenderedValue, detail: &str) -> Self {
        Self::new(field, ErrorType::Invalid, Some(value), detail)
    }

    /// `field.Required`.
    pub fn required(field: &str, detail: &str) -> Self {
        Self::new(field, ErrorType::Required, None, detail)
    }

    /// `field.Forbidden`.
    pub fn forbidden(field: &str, detail: &str) -> Self {
        Self::new(field, ErrorType::Forbidden, None, detail)
    }

    /// `field.Duplicate`.
    pub fn duplicate(field: &str, value: RenderedValue) -> Self {
        Self::new(field, ErrorType::Duplicate, Some(value), "")
    }

    /// `field.NotSupported`: detail `supported values: "A", "B"`.
    pub fn not_supported(field: &str, value: RenderedValue, supported: &[&str]) -> Self {
        let detail = if supported.is_empty() {
            String::new()
        } else {
            let quoted: Vec<String> = supported.iter().map(|s| go_quote(s)).collect();
            format!("supported values: {}", quoted.join(", "))
        };
        Self::new(field, ErrorType::NotSupported, Some(value), &detail)
    }

    /// `field.TooLong`: `may not be more than N bytes`.
    pub fn too_long(field: &str, max: usize) -> Self {
        let unit = if max == 1 { "byte" } else { "bytes" };
        Self::new(
            field,
            ErrorType::TooLong,
            None,
            &format!("may not be more than {max} {unit}"),
        )
    }

    /// `field.InternalError`.
    pub fn internal(field: &str, detail: &str) -> Self {
        Self::new(field, ErrorType::Internal, None, detail)
    }

    /// `ErrorBody()`.
    pub fn body(&self) -> String {
        let mut s = match self.error_type {
            ErrorType::Required
            | ErrorType::Forbidden
            | ErrorType::TooLong
            | ErrorType::Internal => self.error_type.as_str().to_string(),
            _ => match &self.bad_value {
                Some(v) => format!("{}: {}", self.error_type.as_str(), v.render()),
                None => format!("{}: null", self.error_type.as_str()),
            },
        };
        if !self.detail.is_empty() {
            s.push_str(": ");
            s.push_str(&self.detail);
        }
        s
    }
}

impl std::fmt::Display for FieldError {
    /// `Error()`: `<field>: <body>`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.body())
    }
}

/// kubectl's rendering of a 422 Invalid answer for one object:
/// `The Service "web" is invalid: <one error>` or, with several distinct
/// errors, `The Service "web" is invalid: ` followed by `* <error>` lines.
pub fn kubectl_invalid(kind: &str, name: &str, errors: &[FieldError]) -> String {
    let msgs = distinct_messages(errors);
    let prefix = format!("The {kind} {} is invalid: ", go_quote(name));
    match msgs.len() {
        0 => prefix.trim_end().to_string(),
        1 => format!("{prefix}{}", msgs[0]),
        _ => {
            let mut s = prefix;
            for m in msgs {
                s.push_str("\n* ");
                s.push_str(&m);
            }
            s
        }
    }
}

/// One line of `kubectl apply`'s aggregate error, when two or more objects
/// are rejected: `AddSourceToErr` puts the file before the server's
/// message, whose kind is qualified by its group (`StatefulSet.apps`) and
/// whose errors are one, or several as `[a, b]` (`NewInvalid`, an
/// aggregate without repeats).
pub fn kubectl_apply_invalid(
    file_name: &str,
    kind: &str,
    group: &str,
    name: &str,
    errors: &[FieldError],
) -> String {
    let mut msgs = distinct_messages(errors);
    let joined = if msgs.len() == 1 {
        msgs.remove(0)
    } else {
        ["[", &msgs.join(", "), "]"].concat()
    };
    let qualified = if group.is_empty() {
        kind.to_string()
    } else {
        [kind, ".", group].concat()
    };
    format!(
        "Error from server (Invalid): error when creating {}: {qualified} {} is invalid: {joined}",
        go_quote(file_name),
        go_quote(name)
    )
}

/// The errors' texts, each once, in order (kubectl drops repeats; so does
/// an aggregate error).
fn distinct_messages(errors: &[FieldError]) -> Vec<String> {
    let mut msgs: Vec<String> = Vec::new();
    for e in errors {
        let m = e.to_string();
        if !msgs.contains(&m) {
            msgs.push(m);
        }
    }
    msgs
}

/// kubectl's rendering of an HTTP 500 InternalError on create.
pub fn kubectl_internal(file_name: &str, detail: &str) -> String {
    format!(
        "Error from server (InternalError): error when creating {}: Internal error occurred: {detail}",
        go_quote(file_name)
    )
}

/// Go's `json.Marshal` of a string (HTML-safe escaping).
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `json.Marshal` of a `map[string]string` (keys sorted); `nil` when
/// `absent`.
pub fn json_map(m: &BTreeMap<String, String>) -> String {
    let items: Vec<String> = m
        .iter()
        .map(|(k, v)| format!("{}:{}", json_string(k), json_string(v)))
        .collect();
    format!("{{{}}}", items.join(","))
}

/// Go's `json.Marshal` of a `[]string`.
pub fn json_list(l: &[String]) -> String {
    let items: Vec<String> = l.iter().map(|s| json_string(s)).collect();
    format!("[{}]", items.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies() {
        let e = FieldError::invalid(
            "spec.clusterIPs[0]",
            RenderedValue::Str("None".into()),
            "may not be set to 'None' for NodePort services",
        );
        assert_eq!(
            e.to_string(),
            "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services"
        );
        assert_eq!(
            FieldError::required("spec.ports", "").to_string(),
            "spec.ports: Required value"
        );
        assert_eq!(
            FieldError::not_supported("spec.type", RenderedValue::named("Foo"), &["A", "B"])
                .to_string(),
            "spec.type: Unsupported value: \"Foo\": supported values: \"A\", \"B\""
        );
        assert_eq!(
            FieldError::too_long("metadata.annotations", 262144).body(),
            "Too long: may not be more than 262144 bytes"
        );
        assert_eq!(
            FieldError::duplicate("x", RenderedValue::Int(80)).body(),
            "Duplicate value: 80"
        );
    }

    #[test]
    fn quoting() {
        assert_eq!(
            json_string("a<b>&\u{1}"),
            "\"a\\u003cb\\u003e\\u0026\\u0001\""
        );
    }

    #[test]
    fn kubectl_forms() {
        let a = FieldError::required("spec.selector", "");
        let b = FieldError::invalid("x", RenderedValue::Int(1), "d");
        assert_eq!(
            kubectl_invalid("StatefulSet", "web", &[a.clone(), b.clone(), a.clone()]),
            "The StatefulSet \"web\" is invalid: \n* spec.selector: Required value\n* x: Invalid value: 1: d"
        );
        assert_eq!(
            kubectl_invalid("StatefulSet", "web", &[a]),
            "The StatefulSet \"web\" is invalid: spec.selector: Required value"
        );
    }
}
