//! The apps group (`apps/v1`): StatefulSet, and Deployment, ReplicaSet and
//! DaemonSet (one workload shape).

use super::decoder::{Decoder, Obj, Path};
use super::schema::PVC_UNREAD;
use crate::api::*;

pub(super) fn decode_statefulset(d: &mut Decoder, top: Obj) -> StatefulSet {
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

pub(super) fn decode_workload(d: &mut Decoder, top: Obj, kind: &str) -> Workload {
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
