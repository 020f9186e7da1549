//! What the manifests already hold of the controllers' work, when they are
//! cluster state (issue 14: a `kubectl get -o yaml` dump): an object
//! carrying the fields only the API server sets (`uid`, `resourceVersion`,
//! `creationTimestamp`, `managedFields`, `status`) is what the cluster
//! already has, not a request to create. The controllers list these
//! before they create anything (their informers' listers), and read them
//! from the object's tree, as the controllers read the objects they list.

use crate::api::{self, Object, Resource};

/// The object's controller: its `metadata.ownerReferences` entry with
/// `controller: true` (`metav1.GetControllerOf`), as `(kind, name)`.
pub fn controller_of(o: &Object) -> Option<(&str, &str)> {
    let refs = o.node.lookup("metadata.ownerReferences")?.as_seq()?;
    refs.iter().find_map(|r| {
        let controller = r.get("controller").and_then(|c| c.as_scalar());
        if !controller.is_some_and(|c| c.kind == crate::yaml::ScalarKind::Bool(true)) {
            return None;
        }
        Some((r.get("kind")?.as_str()?, r.get("name")?.as_str()?))
    })
}

/// `endpointslice.kubernetes.io/managed-by` of an EndpointSlice: the
/// controller whose output it is (`discovery.LabelManagedBy`), when it is
/// the EndpointSlice controller's (`endpointslice-controller.k8s.io`,
/// pkg/controller/endpointslice `ControllerName`) or the mirroring
/// controller's (`endpointslicemirroring-controller.k8s.io`,
/// pkg/controller/endpointslicemirroring `ControllerName`).
pub(super) fn managed_by(s: &api::EndpointSlice) -> Option<&'static str> {
    match s
        .metadata
        .labels
        .get("endpointslice.kubernetes.io/managed-by")?
        .as_str()
    {
        "endpointslice-controller.k8s.io" => Some("endpointslice-controller"),
        "endpointslicemirroring-controller.k8s.io" => Some("endpointslicemirroring-controller"),
        _ => None,
    }
}

/// What the manifests already hold of the controllers' work. Sorted lists
/// of one key type searched by bisection (a hash table per key type would
/// be its own copy in the browser bundle).
#[derive(Default)]
pub(super) struct Existing<'a> {
    /// Pods: `[namespace, name, ""]`.
    pods: Vec<[&'a str; 3]>,
    /// One entry per pod with a controller: `[namespace, kind, name]` of
    /// the controller.
    owned: Vec<[&'a str; 3]>,
    /// Services whose slices a controller already made:
    /// `[namespace, service, controller]`.
    managed_slices: Vec<[&'a str; 3]>,
    /// Deployments whose ReplicaSet is written: `[namespace, deployment, ""]`.
    deployment_replica_sets: Vec<[&'a str; 3]>,
}

impl<'a> Existing<'a> {
    pub(super) fn new(live: &[&'a Object]) -> Self {
        let mut e = Existing::default();
        for o in live {
            match &o.resource {
                Resource::Pod(_) => {
                    e.pods.push([&o.namespace, &o.name, ""]);
                    if let Some((kind, name)) = controller_of(o) {
                        e.owned.push([&o.namespace, kind, name]);
                    }
                }
                Resource::EndpointSlice(s) => {
                    if let (Some(c), Some(svc)) = (
                        managed_by(s),
                        s.metadata.labels.get("kubernetes.io/service-name"),
                    ) {
                        e.managed_slices.push([&o.namespace, svc, c]);
                    }
                }
                Resource::ReplicaSet(_) => {
                    if let Some(("Deployment", name)) = controller_of(o) {
                        e.deployment_replica_sets.push([&o.namespace, name, ""]);
                    }
                }
                _ => {}
            }
        }
        for list in [
            &mut e.pods,
            &mut e.owned,
            &mut e.managed_slices,
            &mut e.deployment_replica_sets,
        ] {
            crate::support::sort::sort_by(list, |a, b| a.cmp(b));
        }
        e
    }

    fn has(list: &[[&str; 3]], key: [&str; 3]) -> bool {
        list.binary_search(&key).is_ok()
    }

    pub(super) fn has_pod(&self, namespace: &str, name: &str) -> bool {
        Self::has(&self.pods, [namespace, name, ""])
    }

    pub(super) fn has_slices(&self, namespace: &str, service: &str, controller: &str) -> bool {
        Self::has(&self.managed_slices, [namespace, service, controller])
    }

    pub(super) fn has_replica_set(&self, namespace: &str, deployment: &str) -> bool {
        Self::has(&self.deployment_replica_sets, [namespace, deployment, ""])
    }

    /// How many pods a controller (`kind`/`name` in `namespace`) has.
    pub(super) fn pods_of(&self, namespace: &str, kind: &str, name: &str) -> usize {
        let key = [namespace, kind, name];
        let start = self.owned.partition_point(|k| *k < key);
        self.owned[start..]
            .iter()
            .take_while(|k| **k == key)
            .count()
    }

    /// A Deployment's pods when its ReplicaSet is not in the manifests (a
    /// dump of pods without their ReplicaSet): those whose controller is a
    /// ReplicaSet `<deployment>-<pod-template-hash>` (`deploymentutil`
    /// names ReplicaSets so).
    pub(super) fn pods_of_deployment(&self, namespace: &str, deployment: &str) -> usize {
        let start = self
            .owned
            .partition_point(|k| *k < [namespace, "ReplicaSet", deployment]);
        self.owned[start..]
            .iter()
            .take_while(|[ns, kind, rs]| {
                *ns == namespace && *kind == "ReplicaSet" && rs.starts_with(deployment)
            })
            .filter(|[_, _, rs]| {
                rs[deployment.len()..]
                    .strip_prefix('-')
                    .is_some_and(|hash| !hash.is_empty() && !hash.contains('-'))
            })
            .count()
    }
}
