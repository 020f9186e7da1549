//! The ReplicaSet controller (pkg/controller/replicaset replica_set.go
//! `manageReplicas`): the missing pods of `spec.replicas`, each named
//! `<replicaset>-<5 characters>` (the API server's `generateName`, stable
//! here: a hash of the ReplicaSet and the pod's number). The Deployment and
//! ReplicationController controllers run this code too (`deployment`,
//! `replication`).

use std::fmt::Write as _;

use super::pods::{PodControl, PodPlan};
use crate::api::{self, Object};
use crate::cluster::ObjectRef;
use crate::support::stable::safe_suffix_of;

/// Which controller runs [`manage_replicas`], over what.
pub(super) struct Manager {
    /// The workload's kind: `Deployment`, `ReplicaSet`,
    /// `ReplicationController`.
    pub(super) kind: &'static str,
    /// The controller's name, as pods' origins give it.
    pub(super) controller: &'static str,
    /// The controller, as diagnostics name it.
    pub(super) described: &'static str,
    /// The kind of the pods' owner: `ReplicaSet` (a Deployment's pods are
    /// its ReplicaSet's) or `ReplicationController`.
    pub(super) owner_kind: &'static str,
}

const REPLICA_SET: Manager = Manager {
    kind: "ReplicaSet",
    controller: "replicaset-controller",
    described: "replicaset controller",
    owner_kind: "ReplicaSet",
};

/// Plan the pods of a ReplicaSet.
pub(super) fn sync<'o>(o: &'o Object, w: &'o api::Workload, cx: &mut PodControl<'o, '_>) {
    let have = cx.existing.pods_of(&o.namespace, "ReplicaSet", &o.name);
    manage_replicas(o, w, &REPLICA_SET, o.name.clone(), None, have, cx);
}

/// Plan the pods `rs_name` lacks of the workload's replicas, numbered from
/// the `have` it has; `hash` is the `pod-template-hash` label a
/// Deployment's ReplicaSet puts on them.
pub(super) fn manage_replicas<'o>(
    o: &'o Object,
    w: &'o api::Workload,
    m: &Manager,
    rs_name: String,
    hash: Option<String>,
    have: usize,
    cx: &mut PodControl<'o, '_>,
) {
    let key = [m.kind, "/", &o.namespace, "/", &o.name].concat();
    let replicas = cx.replicas(o, &key, w.spec.replicas);
    cx.note_existing(o, m.described, have, replicas);
    let mut names = Vec::new();
    let mut ordinal = String::new();
    for i in (have as i32).min(replicas)..replicas {
        ordinal.clear();
        let _ = write!(ordinal, "{i}");
        let suffix = safe_suffix_of(&[&o.namespace, "/", &rs_name, "/", &ordinal], 5);
        let name = [rs_name.as_str(), "-", &suffix].concat();
        names.push(name.clone());
        if cx.at_cap(o) {
            continue;
        }
        cx.plan(PodPlan {
            namespace: &o.namespace,
            name,
            template: &w.spec.template,
            extra_labels: hash
                .iter()
                .map(|h| ("pod-template-hash".to_string(), h.clone()))
                .collect(),
            hostname: None,
            subdomain: None,
            owner: ObjectRef {
                kind: m.owner_kind.into(),
                namespace: o.namespace.clone(),
                name: rs_name.clone(),
            },
            controller: m.controller,
            object: o,
            node: None,
        });
    }
    cx.workload_pods.push((key, names));
}
