//! `k8s.io/api/apps/v1`: StatefulSet, and Deployment, ReplicaSet and
//! DaemonSet (one workload shape: what svcdns reads of them is the same).

use super::{IntOrString, LabelSelector, ObjectMeta, PodTemplateSpec};

/// `apps/v1.RollingUpdateStatefulSetStrategy`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RollingUpdateStatefulSetStrategy {
    /// `partition`.
    pub partition: Option<i32>,
    /// `maxUnavailable`.
    pub max_unavailable: Option<IntOrString>,
}

/// `apps/v1.StatefulSetUpdateStrategy`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatefulSetUpdateStrategy {
    /// `type`.
    pub strategy_type: Option<String>,
    /// `rollingUpdate`.
    pub rolling_update: Option<RollingUpdateStatefulSetStrategy>,
}

/// `apps/v1.StatefulSetPersistentVolumeClaimRetentionPolicy`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PvcRetentionPolicy {
    /// `whenDeleted`.
    pub when_deleted: Option<String>,
    /// `whenScaled`.
    pub when_scaled: Option<String>,
}

/// `apps/v1.StatefulSetSpec`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatefulSetSpec {
    /// `replicas`.
    pub replicas: Option<i32>,
    /// `selector`.
    pub selector: Option<LabelSelector>,
    /// `template`.
    pub template: PodTemplateSpec,
    /// `serviceName`.
    pub service_name: Option<String>,
    /// `podManagementPolicy`.
    pub pod_management_policy: Option<String>,
    /// `updateStrategy`.
    pub update_strategy: Option<StatefulSetUpdateStrategy>,
    /// `revisionHistoryLimit`.
    pub revision_history_limit: Option<i32>,
    /// `minReadySeconds`.
    pub min_ready_seconds: Option<i32>,
    /// `ordinals.start` (`ordinals` present gives `Some`).
    pub ordinals_start: Option<Option<i32>>,
    /// `volumeClaimTemplates[].metadata.name`.
    pub volume_claim_templates: Vec<Option<String>>,
    /// `persistentVolumeClaimRetentionPolicy`.
    pub pvc_retention_policy: Option<PvcRetentionPolicy>,
}

/// `apps/v1.StatefulSet`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatefulSet {
    /// `metadata`.
    pub metadata: ObjectMeta,
    /// `spec`.
    pub spec: StatefulSetSpec,
}

/// The spec shared by Deployment, ReplicaSet and DaemonSet, as far as
/// svcdns reads it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorkloadSpec {
    /// `replicas` (not for DaemonSet).
    pub replicas: Option<i32>,
    /// `selector`.
    pub selector: Option<LabelSelector>,
    /// `template`.
    pub template: PodTemplateSpec,
}

/// `apps/v1.Deployment`, `ReplicaSet` or `DaemonSet`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Workload {
    /// `metadata`.
    pub metadata: ObjectMeta,
    /// `spec`.
    pub spec: WorkloadSpec,
}
