//! Deployment, ReplicaSet and DaemonSet create (apps/validation
//! `ValidateDeploymentSpec`, `ValidateReplicaSetSpec`,
//! `ValidateDaemonSetSpec`), for the fields svcdns decodes: replicas, the
//! selector and the pod template (with its pod spec, unlike a
//! StatefulSet's). Errors come in upstream's order.

use super::field::{json_map, FieldError, RenderedValue};
use super::meta::{self, NameRule};
use super::pod;
use crate::api::{LabelSelector, PodTemplateSpec, Workload};

/// The workload kinds validated here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `apps/v1` Deployment.
    Deployment,
    /// `apps/v1` ReplicaSet.
    ReplicaSet,
    /// `apps/v1` DaemonSet.
    DaemonSet,
}

/// `ValidateDeployment`, `ValidateReplicaSet` or `ValidateDaemonSet` on
/// the defaulted object. `template_labels_written`: whether
/// `spec.template.metadata.labels` is in the manifest (an absent map is
/// printed `null`).
pub fn validate(kind: Kind, w: &Workload, template_labels_written: bool) -> Vec<FieldError> {
    let s = &w.spec;
    let mut errs = meta::object_meta(&w.metadata, true, NameRule::Dns1123Subdomain);
    let template = &s.template;
    let converts = match &s.selector {
        Some(sel) => meta::selector_converts(sel),
        None => true,
    };
    if kind == Kind::DaemonSet {
        if let Some(sel) = &s.selector {
            errs.extend(meta::label_selector(sel, "spec.selector"));
        }
        if converts {
            errs.extend(template_labels_mismatch(
                &s.selector,
                template,
                template_labels_written,
            ));
        }
        if let Some(sel) = s.selector.as_ref().filter(|sel| is_empty(sel)) {
            errs.push(FieldError::invalid(
                "spec.selector",
                RenderedValue::Json(meta::json_selector(sel)),
                "empty selector is invalid for daemonset",
            ));
        }
        errs.extend(controller_template(template, true, "DaemonSet"));
        return errs;
    }
    // SetDefaults_Deployment / SetDefaults_ReplicaSet: replicas 1.
    let replicas = s.replicas.unwrap_or(1);
    if replicas < 0 {
        errs.push(FieldError::invalid(
            "spec.replicas",
            RenderedValue::Int(replicas.into()),
            "must be greater than or equal to 0",
        ));
    }
    // Upstream says "deployment" for ReplicaSets too.
    errs.extend(required_selector(&s.selector, "deployment"));
    if !converts {
        let sel = s.selector.clone().unwrap_or_default();
        errs.push(FieldError::invalid(
            "spec.selector",
            RenderedValue::Json(meta::json_selector(&sel)),
            "invalid label selector",
        ));
        return errs;
    }
    errs.extend(template_labels_mismatch(
        &s.selector,
        template,
        template_labels_written,
    ));
    errs.extend(controller_template(template, true, "ReplicaSet"));
    errs
}

/// `ValidateReplicationController` on the defaulted object
/// (`SetDefaults_ReplicationController`: an empty selector becomes the
/// template's labels; replicas default to 1): `ValidateObjectMeta`, then
/// `ValidateReplicationControllerSpec` (`ValidateNonEmptySelector`,
/// replicas, `ValidatePodTemplateSpecForRC`), in upstream's order.
/// `template_written`: whether `spec.template` is in the manifest (the Go
/// field is a pointer, required).
pub fn validate_replication_controller(w: &Workload, template_written: bool) -> Vec<FieldError> {
    let s = &w.spec;
    let mut errs = meta::object_meta(&w.metadata, true, NameRule::Dns1123Subdomain);
    let template_labels = &s.template.metadata.labels;
    let selector = match s.selector.as_ref().map(|sel| &sel.match_labels) {
        Some(m) if !m.is_empty() => m,
        _ => template_labels,
    };
    if selector.is_empty() {
        errs.push(FieldError::required("spec.selector", ""));
    }
    let replicas = s.replicas.unwrap_or(1);
    if replicas < 0 {
        errs.push(FieldError::invalid(
            "spec.replicas",
            RenderedValue::Int(replicas.into()),
            "must be greater than or equal to 0",
        ));
    }
    if !template_written {
        errs.push(FieldError::required("spec.template", ""));
        return errs;
    }
    if !selector.is_empty()
        && !selector
            .iter()
            .all(|(k, v)| template_labels.get(k) == Some(v))
    {
        errs.push(FieldError::invalid(
            "spec.template.metadata.labels",
            RenderedValue::Json(json_map(template_labels)),
            "`selector` does not match template `labels`",
        ));
    }
    errs.extend(controller_template(
        &s.template,
        true,
        "ReplicationController",
    ));
    errs
}

fn is_empty(sel: &LabelSelector) -> bool {
    sel.match_labels.is_empty() && sel.match_expressions.is_empty()
}

/// `spec.selector` as Deployments, ReplicaSets and StatefulSets check it:
/// required, valid, and not empty (`empty selector is invalid for
/// <word>`).
pub(super) fn required_selector(sel: &Option<LabelSelector>, word: &str) -> Vec<FieldError> {
    let Some(sel) = sel else {
        return vec![FieldError::required("spec.selector", "")];
    };
    let mut errs = meta::label_selector(sel, "spec.selector");
    if is_empty(sel) {
        errs.push(FieldError::invalid(
            "spec.selector",
            RenderedValue::Json(meta::json_selector(sel)),
            &format!("empty selector is invalid for {word}"),
        ));
    }
    errs
}

/// ``selector` does not match template `labels`` when the selector does
/// not select the template's labels (`ValidatePodTemplateSpecForReplicaSet`,
/// `...ForStatefulSet`, `ValidateDaemonSetSpec`): `nil` selects nothing
/// (`LabelSelectorAsSelector(nil)` is `labels.Nothing()`), an empty one
/// everything. `written`: whether the labels map is in the manifest (an
/// absent one is printed `null`).
pub(super) fn template_labels_mismatch(
    sel: &Option<LabelSelector>,
    template: &PodTemplateSpec,
    written: bool,
) -> Option<FieldError> {
    let labels = &template.metadata.labels;
    if sel
        .as_ref()
        .is_some_and(|sel| meta::selector_matches(sel, labels))
    {
        return None;
    }
    let shown = if labels.is_empty() && !written {
        "null".to_string()
    } else {
        json_map(labels)
    };
    Some(FieldError::invalid(
        "spec.template.metadata.labels",
        RenderedValue::Json(shown),
        "`selector` does not match template `labels`",
    ))
}

/// `ValidatePodTemplateSpec` (hostname and subdomain only with
/// `identity`), then a controller's own template rules: restartPolicy
/// Always (after the pod spec's own check of it) and no
/// activeDeadlineSeconds (`... in ReplicaSet is not Supported`, also for
/// Deployments). Shared with StatefulSets.
pub(super) fn controller_template(
    t: &PodTemplateSpec,
    identity: bool,
    controller: &str,
) -> Vec<FieldError> {
    let mut errs = pod::pod_template(t, "spec.template", identity);
    let restart = t
        .spec
        .restart_policy
        .as_deref()
        .filter(|r| !r.is_empty())
        .unwrap_or("Always");
    if restart != "Always" {
        errs.push(FieldError::not_supported(
            "spec.template.spec.restartPolicy",
            RenderedValue::named(restart),
            &["Always"],
        ));
    }
    if t.spec.active_deadline_seconds.is_some() {
        errs.push(FieldError::forbidden(
            "spec.template.spec.activeDeadlineSeconds",
            &format!("activeDeadlineSeconds in {controller} is not Supported"),
        ));
    }
    errs
}
