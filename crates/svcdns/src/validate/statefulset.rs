//! StatefulSet create: `SetDefaults_StatefulSet` and `ValidateStatefulSet`
//! (apps/validation). Since Kubernetes 1.33 `serviceName` must be a DNS
//! label when set (kubernetes#130233), and since 1.34 the template's pod
//! spec is validated on create (kubernetes#131790), without its hostname
//! and subdomain, which the controller overwrites (`initIdentity`).

use super::field::{json_string, FieldError, RenderedValue};
use super::meta::{self, NameRule};
use super::workload;
use crate::api::format;
use crate::api::{IntOrString, StatefulSet};

fn json_int_or_string(v: &Option<IntOrString>) -> String {
    match v {
        None => "null".into(),
        Some(IntOrString::Int(i)) => i.to_string(),
        Some(IntOrString::Str(s)) => json_string(s),
    }
}

/// `ValidateStatefulSet` on the defaulted object (MaxUnavailableStatefulSet
/// gate off: `maxUnavailable` is dropped by the strategy).
pub fn validate(sts: &StatefulSet, template_labels_written: bool) -> Vec<FieldError> {
    let s = &sts.spec;
    let mut errs = meta::object_meta(&sts.metadata, true, NameRule::Dns1123Label);
    // defaults
    let pmp = s
        .pod_management_policy
        .clone()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "OrderedReady".into());
    let strategy_type = s
        .update_strategy
        .as_ref()
        .and_then(|u| u.strategy_type.clone())
        .filter(|t| !t.is_empty());
    let mut rolling = s
        .update_strategy
        .as_ref()
        .and_then(|u| u.rolling_update.clone());
    let strategy_type = match strategy_type {
        Some(t) => t,
        None => {
            if rolling.is_none() {
                rolling = Some(Default::default());
            }
            "RollingUpdate".into()
        }
    };
    if strategy_type == "RollingUpdate" {
        let r = rolling.get_or_insert_with(Default::default);
        if r.partition.is_none() {
            r.partition = Some(0);
        }
    }
    if let Some(r) = rolling.as_mut() {
        r.max_unavailable = None;
    }
    match pmp.as_str() {
        "OrderedReady" | "Parallel" => {}
        other => errs.push(FieldError::invalid(
            "spec.podManagementPolicy",
            RenderedValue::named(other),
            "must be 'OrderedReady' or 'Parallel'",
        )),
    }
    let rolling_json = |r: &Option<crate::api::RollingUpdateStatefulSetStrategy>| match r {
        None => "null".to_string(),
        Some(r) => format!(
            "{{\"Partition\":{},\"MaxUnavailable\":{}}}",
            r.partition.unwrap_or(0),
            json_int_or_string(&r.max_unavailable)
        ),
    };
    match strategy_type.as_str() {
        "OnDelete" => {
            if rolling.is_some() {
                errs.push(FieldError::invalid(
                    "spec.updateStrategy.rollingUpdate",
                    RenderedValue::Json(rolling_json(&rolling)),
                    "only allowed for updateStrategy 'RollingUpdate'",
                ));
            }
        }
        "RollingUpdate" => {
            if let Some(p) = rolling.as_ref().and_then(|r| r.partition) {
                if p < 0 {
                    errs.push(FieldError::invalid(
                        "spec.updateStrategy.rollingUpdate.partition",
                        RenderedValue::Int(p.into()),
                        "must be greater than or equal to 0",
                    ));
                }
            }
        }
        other => errs.push(FieldError::invalid(
            "spec.updateStrategy",
            RenderedValue::Json(format!(
                "{{\"Type\":{},\"RollingUpdate\":{}}}",
                json_string(other),
                rolling_json(&rolling)
            )),
            "must be 'RollingUpdate' or 'OnDelete'",
        )),
    }
    if let Some(p) = &s.pvc_retention_policy {
        for (field, v) in [
            ("whenDeleted", &p.when_deleted),
            ("whenScaled", &p.when_scaled),
        ] {
            let v = v
                .clone()
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| "Retain".into());
            if v != "Retain" && v != "Delete" {
                errs.push(FieldError::not_supported(
                    &format!("spec.persistentVolumeClaimRetentionPolicy.{field}"),
                    RenderedValue::named(&v),
                    &["Retain", "Delete"],
                ));
            }
        }
    }
    let nonneg = |errs: &mut Vec<FieldError>, path: &str, v: i32| {
        if v < 0 {
            errs.push(FieldError::invalid(
                path,
                RenderedValue::Int(v.into()),
                "must be greater than or equal to 0",
            ));
        }
    };
    nonneg(&mut errs, "spec.replicas", s.replicas.unwrap_or(1));
    nonneg(
        &mut errs,
        "spec.minReadySeconds",
        s.min_ready_seconds.unwrap_or(0),
    );
    if let Some(start) = s.ordinals_start {
        nonneg(&mut errs, "spec.ordinals.start", start.unwrap_or(0));
    }
    if let Some(name) = s.service_name.as_deref().filter(|n| !n.is_empty()) {
        for m in format::dns1123_label(name) {
            errs.push(FieldError::invalid(
                "spec.serviceName",
                RenderedValue::Str(name.to_string()),
                &m,
            ));
        }
    }
    errs.extend(workload::required_selector(&s.selector, "statefulset"));
    let converts = s.selector.as_ref().is_none_or(meta::selector_converts);
    if !converts {
        let sel = s.selector.clone().unwrap_or_default();
        errs.push(FieldError::invalid(
            "spec.selector",
            RenderedValue::Json(meta::json_selector(&sel)),
            "",
        ));
        return errs;
    }
    let t = &s.template;
    errs.extend(workload::template_labels_mismatch(
        &s.selector,
        t,
        template_labels_written,
    ));
    // `ValidatePodTemplateSpec` on the template as the controller uses it:
    // hostname and subdomain are replaced by the pod name and serviceName.
    errs.extend(workload::controller_template(t, false, "StatefulSet"));
    errs
}
