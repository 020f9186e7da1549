//! The ReplicationController controller (pkg/controller/replication
//! replication_controller.go): the ReplicaSet controller's code run over
//! ReplicationControllers; their pods are owned by the
//! ReplicationController itself.

use super::pods::PodControl;
use super::replicaset::{manage_replicas, Manager};
use crate::api::{self, Object};

const REPLICATION_CONTROLLER: Manager = Manager {
    kind: "ReplicationController",
    controller: "replication-controller",
    described: "replication controller",
    owner_kind: "ReplicationController",
};

/// Plan the pods of a ReplicationController.
pub(super) fn sync<'o>(o: &'o Object, w: &'o api::Workload, cx: &mut PodControl<'o, '_>) {
    let have = cx
        .existing
        .pods_of(&o.namespace, "ReplicationController", &o.name);
    manage_replicas(
        o,
        w,
        &REPLICATION_CONTROLLER,
        o.name.clone(),
        None,
        have,
        cx,
    );
}
