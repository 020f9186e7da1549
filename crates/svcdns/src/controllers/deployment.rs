//! The Deployment controller (pkg/controller/deployment sync.go
//! `getNewReplicaSet`): a ReplicaSet `<deployment>-<pod-template-hash>`
//! (`controller.ComputeHash` of the template, a stable hash here) whose
//! pods carry the `pod-template-hash` label; the ReplicaSet controller
//! makes them. A Deployment whose ReplicaSet the manifests hold leaves its
//! pods to that ReplicaSet.

use super::pods::PodControl;
use super::replicaset::{manage_replicas, Manager};
use crate::api::{self, Object};
use crate::support::stable::safe_suffix_of;

const DEPLOYMENT: Manager = Manager {
    kind: "Deployment",
    controller: "deployment-controller",
    described: "deployment controller",
    owner_kind: "ReplicaSet",
};

/// Plan the pods of a Deployment's new ReplicaSet.
pub(super) fn sync<'o>(o: &'o Object, w: &'o api::Workload, cx: &mut PodControl<'o, '_>) {
    if cx.existing.has_replica_set(&o.namespace, &o.name) {
        // Its ReplicaSet is in the manifests: that ReplicaSet makes the
        // pods.
        return;
    }
    let hash = safe_suffix_of(
        &["Deployment/", &o.namespace, "/", &o.name, "/template"],
        10,
    );
    let rs_name = [o.name.as_str(), "-", &hash].concat();
    let have = cx.existing.pods_of_deployment(&o.namespace, &o.name);
    manage_replicas(o, w, &DEPLOYMENT, rs_name, Some(hash), have, cx);
}
