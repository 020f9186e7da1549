//! The DaemonSet controller (pkg/controller/daemon daemon_controller.go
//! `syncNodes`): one pod on every node, named `<daemonset>-<5 characters>`
//! (a stable hash of the DaemonSet and the node), with the revision's
//! `controller-revision-hash` label. A DaemonSet whose pods the manifests
//! hold makes none.

use super::pods::{PodControl, PodPlan};
use crate::api::{self, Object};
use crate::cluster::ObjectRef;
use crate::support::stable::{safe_suffix, safe_suffix_of};

/// Plan the pods of a DaemonSet.
pub(super) fn sync<'o>(o: &'o Object, w: &'o api::Workload, cx: &mut PodControl<'o, '_>) {
    let key = ["DaemonSet/", o.namespace.as_str(), "/", &o.name].concat();
    if cx.existing.pods_of(&o.namespace, "DaemonSet", &o.name) > 0 {
        // Its pods are in the manifests.
        return;
    }
    let revision = safe_suffix(&key, 10);
    let mut names = Vec::new();
    let network = cx.network;
    for node in &network.nodes {
        let suffix = safe_suffix_of(&[&key, "/", node], 5);
        let name = [o.name.as_str(), "-", &suffix].concat();
        names.push(name.clone());
        if cx.at_cap(o) {
            continue;
        }
        cx.plan(PodPlan {
            namespace: &o.namespace,
            name,
            template: &w.spec.template,
            extra_labels: vec![("controller-revision-hash".into(), revision.clone())],
            hostname: None,
            subdomain: None,
            owner: ObjectRef {
                kind: "DaemonSet".into(),
                namespace: o.namespace.clone(),
                name: o.name.clone(),
            },
            controller: "daemonset-controller",
            object: o,
            node: Some(node.clone()),
        });
    }
    cx.workload_pods.push((key, names));
}
