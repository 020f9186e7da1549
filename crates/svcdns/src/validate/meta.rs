//! `ValidateObjectMeta`, labels, annotations and label selectors
//! (apimachinery `api/validation/objectmeta.go` and
//! `apis/meta/v1/validation`).

use std::collections::BTreeMap;

use super::field::{json_map, json_string, FieldError, RenderedValue};
use crate::api::format;
use crate::api::{LabelSelector, ObjectMeta};

/// Which name rule a kind uses (`ValidateNameFunc`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameRule {
    /// `NameIsDNS1035Label` (Service, before 1.36).
    Dns1035Label,
    /// `NameIsDNSLabel` (StatefulSet, Namespace; Service from 1.36).
    Dns1123Label,
    /// `NameIsDNSSubdomain` (Pod, Endpoints, EndpointSlice, ConfigMap, ...).
    Dns1123Subdomain,
}

impl NameRule {
    fn check(self, name: &str) -> Vec<String> {
        match self {
            NameRule::Dns1035Label => format::dns1035_label(name),
            NameRule::Dns1123Label => format::dns1123_label(name),
            NameRule::Dns1123Subdomain => format::dns1123_subdomain(name),
        }
    }
}

/// A stand-in for the 5 random characters `generateName` gets.
pub const GENERATED_SUFFIX: &str = "x7k2p";

/// `ValidateObjectMeta` on create. `namespaced` objects get their namespace
/// checked when it is written (absent means the kubectl context's).
pub fn object_meta(meta: &ObjectMeta, namespaced: bool, rule: NameRule) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let generate_name = meta.generate_name.as_deref().unwrap_or("");
    if !generate_name.is_empty() {
        // prefix mode: a trailing dash is masked.
        let masked = match generate_name.strip_suffix('-') {
            Some(p) => format!("{p}a"),
            None => generate_name.to_string(),
        };
        for m in rule.check(&masked) {
            errs.push(FieldError::invalid(
                "metadata.generateName",
                RenderedValue::Str(generate_name.to_string()),
                &m,
            ));
        }
    }
    let name = effective_name(meta);
    if name.is_empty() {
        errs.push(FieldError::required(
            "metadata.name",
            "name or generateName is required",
        ));
    } else {
        for m in rule.check(&name) {
            errs.push(FieldError::invalid(
                "metadata.name",
                RenderedValue::Str(name.to_string()),
                &m,
            ));
        }
    }
    if namespaced {
        if let Some(ns) = meta.namespace.as_deref().filter(|n| !n.is_empty()) {
            for m in format::dns1123_label(ns) {
                errs.push(FieldError::invalid(
                    "metadata.namespace",
                    RenderedValue::Str(ns.to_string()),
                    &m,
                ));
            }
        }
    }
    errs.extend(labels(&meta.labels, "metadata.labels"));
    errs.extend(annotations(&meta.annotations, "metadata.annotations"));
    errs
}

/// The name the API server validates: `metadata.name`, or `generateName`
/// plus generated characters.
pub fn effective_name(meta: &ObjectMeta) -> std::borrow::Cow<'_, str> {
    match meta.name.as_deref() {
        Some(n) if !n.is_empty() => n.into(),
        _ => match meta.generate_name.as_deref() {
            Some(g) if !g.is_empty() => format!("{g}{GENERATED_SUFFIX}").into(),
            _ => "".into(),
        },
    }
}

/// `ValidateLabels`: errors on the map path; keys then values, in key order.
pub fn labels(labels: &BTreeMap<String, String>, path: &str) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (k, v) in labels {
        errs.extend(label_name(k, path));
        for m in format::label_value(v) {
            errs.push(FieldError::invalid(path, RenderedValue::Str(v.clone()), &m));
        }
    }
    errs
}

/// `ValidateLabelName`.
pub fn label_name(key: &str, path: &str) -> Vec<FieldError> {
    format::qualified_name(key)
        .into_iter()
        .map(|m| FieldError::invalid(path, RenderedValue::Str(key.to_string()), &m))
        .collect()
}

/// `ValidateAnnotations`: keys are checked lower-cased, the total size is
/// capped at 256 KiB.
pub fn annotations(annotations: &BTreeMap<String, String>, path: &str) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut total = 0usize;
    for (k, v) in annotations {
        for m in format::qualified_name(&k.to_lowercase()) {
            errs.push(FieldError::invalid(path, RenderedValue::Str(k.clone()), &m));
        }
        total += k.len() + v.len();
    }
    if total > 256 * 1024 {
        errs.push(FieldError::too_long(path, 256 * 1024));
    }
    errs
}

/// `ValidateLabelSelector` (strict label values).
pub fn label_selector(sel: &LabelSelector, path: &str) -> Vec<FieldError> {
    let mut errs = labels(&sel.match_labels, &format!("{path}.matchLabels"));
    for (i, r) in sel.match_expressions.iter().enumerate() {
        let rp = format!("{path}.matchExpressions[{i}]");
        match r.operator.as_str() {
            "In" | "NotIn" => {
                if r.values.is_empty() {
                    errs.push(FieldError::required(
                        &format!("{rp}.values"),
                        "must be specified when `operator` is 'In' or 'NotIn'",
                    ));
                }
            }
            "Exists" | "DoesNotExist" => {
                if !r.values.is_empty() {
                    errs.push(FieldError::forbidden(
                        &format!("{rp}.values"),
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    ));
                }
            }
            op => errs.push(FieldError::invalid(
                &format!("{rp}.operator"),
                RenderedValue::named(op),
                "not a valid selector operator",
            )),
        }
        errs.extend(label_name(&r.key, &format!("{rp}.key")));
        for (j, v) in r.values.iter().enumerate() {
            for m in format::label_value(v) {
                errs.push(FieldError::invalid(
                    &format!("{rp}.values[{j}]"),
                    RenderedValue::Str(v.clone()),
                    &m,
                ));
            }
        }
    }
    errs
}

/// `metav1.LabelSelectorAsSelector` succeeds (every requirement is well
/// formed).
pub fn selector_converts(sel: &LabelSelector) -> bool {
    let key_ok = |k: &str| format::qualified_name(k).is_empty();
    let val_ok = |v: &str| format::label_value(v).is_empty();
    sel.match_labels.iter().all(|(k, v)| key_ok(k) && val_ok(v))
        && sel.match_expressions.iter().all(|r| {
            key_ok(&r.key)
                && r.values.iter().all(|v| val_ok(v))
                && match r.operator.as_str() {
                    "In" | "NotIn" => !r.values.is_empty(),
                    "Exists" | "DoesNotExist" => r.values.is_empty(),
                    _ => false,
                }
        })
}

/// Whether a (convertible) selector matches a label set.
pub fn selector_matches(sel: &LabelSelector, set: &BTreeMap<String, String>) -> bool {
    sel.match_labels.iter().all(|(k, v)| set.get(k) == Some(v))
        && sel.match_expressions.iter().all(|r| {
            let have = set.get(&r.key);
            match r.operator.as_str() {
                "In" => have.is_some_and(|v| r.values.contains(v)),
                "NotIn" => have.is_none_or(|v| !r.values.contains(v)),
                "Exists" => have.is_some(),
                "DoesNotExist" => have.is_none(),
                _ => false,
            }
        })
}

/// `json.Marshal` of a `*metav1.LabelSelector`.
pub fn json_selector(sel: &LabelSelector) -> String {
    let mut parts = Vec::new();
    if !sel.match_labels.is_empty() {
        parts.push(format!("\"matchLabels\":{}", json_map(&sel.match_labels)));
    }
    if !sel.match_expressions.is_empty() {
        let exprs: Vec<String> = sel
            .match_expressions
            .iter()
            .map(|r| {
                let mut s = format!(
                    "{{\"key\":{},\"operator\":{}",
                    json_string(&r.key),
                    json_string(&r.operator)
                );
                if !r.values.is_empty() {
                    s.push_str(",\"values\":");
                    s.push_str(&super::field::json_list(&r.values));
                }
                s.push('}');
                s
            })
            .collect();
        parts.push(format!("\"matchExpressions\":[{}]", exprs.join(",")));
    }
    format!("{{{}}}", parts.join(","))
}
