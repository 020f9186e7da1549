//! Kubernetes API objects as written in the manifests, after strict
//! decoding and before defaulting.
//!
//! Field names follow the API (`clusterIPs`, `publishNotReadyAddresses`),
//! in snake case. Values are kept as written (`type: "Foo"` stays a string)
//! so that validation can say exactly what the API server would say. `None`
//! means the field was absent (or null), which matters for defaulting.

//!
//! One file per API group, as `k8s.io/api` is laid out: `meta.rs`
//! (apimachinery's `metav1` and `intstr`), `core.rs` (`v1`), `apps.rs`
//! (`apps/v1`), `discovery.rs` (`discovery.k8s.io/v1`); this file holds
//! the decoded [`Object`] and its [`Resource`]. `format.rs` holds
//! apimachinery's format checks of names and the IP helpers of
//! `k8s.io/utils/net`, which validation and the profile's flags share.

use std::sync::Arc;

use crate::yaml::{Node, Pos};

mod apps;
mod core;
mod discovery;
pub mod format;
mod meta;

pub use self::core::*;
pub use apps::*;
pub use discovery::*;
pub use meta::*;

/// A decoded object of a kind svcdns simulates.
#[derive(Clone, Debug, PartialEq)]
pub enum Resource {
    /// `v1/Namespace`.
    Namespace(Namespace),
    /// `v1/Service`.
    Service(Service),
    /// `v1/Pod`.
    Pod(Pod),
    /// `apps/v1/StatefulSet`.
    StatefulSet(StatefulSet),
    /// `apps/v1/Deployment`.
    Deployment(Workload),
    /// `apps/v1/ReplicaSet`.
    ReplicaSet(Workload),
    /// `apps/v1/DaemonSet`.
    DaemonSet(Workload),
    /// `v1/ReplicationController`: its `spec.selector` (a map) read as
    /// `matchLabels`.
    ReplicationController(Workload),
    /// `discovery.k8s.io/v1/EndpointSlice`.
    EndpointSlice(EndpointSlice),
    /// `v1/Endpoints`.
    Endpoints(Endpoints),
    /// `v1/ConfigMap`.
    ConfigMap(ConfigMap),
    /// Any other kind: kept and listed, not simulated.
    Other,
}

/// One object from the manifests, with where it is written.
#[derive(Clone, Debug, PartialEq)]
pub struct Object {
    /// `apiVersion`.
    pub api_version: String,
    /// `kind`.
    pub kind: String,
    /// `metadata.name` (empty when missing).
    pub name: String,
    /// `metadata.namespace`, or `default`.
    pub namespace: String,
    /// Index of the input file.
    pub file: u32,
    /// Index of the YAML document in the file.
    pub document: u32,
    /// The object's source tree, for locating fields (shared with the
    /// parse cache).
    pub node: Arc<Node>,
    /// The decoded object.
    pub resource: Resource,
    /// Whether strict decoding failed (the API server would refuse it
    /// before validation); such objects are not simulated.
    pub decode_failed: bool,
}

impl Object {
    /// `Kind/namespace/name`, as diagnostics name objects.
    pub fn id(&self) -> String {
        format!("{}/{}/{}", self.kind, self.namespace, self.name)
    }

    /// Where the field at an API path (`spec.ports[0].nodePort`) is written,
    /// or its nearest written ancestor.
    pub fn locate(&self, path: &str) -> Pos {
        self.node.locate(path)
    }

    /// Whether the object carries a field only the API server sets: it was
    /// read from a cluster (`kubectl get -o yaml`), not written to be applied.
    pub fn is_cluster_state(&self) -> bool {
        let Some(meta) = self.node.get("metadata") else {
            return false;
        };
        [
            "uid",
            "resourceVersion",
            "creationTimestamp",
            "managedFields",
        ]
        .iter()
        .any(|f| meta.get(f).is_some_and(|n| !n.is_null()))
    }
}
