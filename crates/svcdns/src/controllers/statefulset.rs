//! The StatefulSet controller (pkg/controller/statefulset): one pod per
//! ordinal from `spec.ordinals.start`, named `<set>-<ordinal>`
//! (stateful_set_utils.go `getPodName`, `getStartOrdinal`), each with its
//! identity (`initIdentity`, `updateIdentity`): hostname = the pod's name,
//! subdomain = `spec.serviceName`, labels
//! `statefulset.kubernetes.io/pod-name` and `apps.kubernetes.io/pod-index`;
//! and its revision's `controller-revision-hash` (`setPodRevision`).
//! Pods the manifests already hold are not created again.

use std::fmt::Write as _;

use super::pods::{PodControl, PodPlan};
use crate::api::{self, Object};
use crate::cluster::ObjectRef;
use crate::support::stable::safe_suffix;

/// Plan the pods of a StatefulSet.
pub(super) fn sync<'o>(o: &'o Object, s: &'o api::StatefulSet, cx: &mut PodControl<'o, '_>) {
    let key = ["StatefulSet/", o.namespace.as_str(), "/", &o.name].concat();
    let replicas = cx.replicas(o, &key, s.spec.replicas);
    let start = s.spec.ordinals_start.flatten().unwrap_or(0).max(0);
    let revision = [o.name.as_str(), "-", &safe_suffix(&key, 10)].concat();
    let have = cx.existing.pods_of(&o.namespace, "StatefulSet", &o.name);
    cx.note_existing(o, "statefulset controller", have, replicas);
    let mut names = Vec::new();
    for i in 0..replicas {
        let ordinal = start.saturating_add(i);
        let mut name = String::with_capacity(o.name.len() + 4);
        name.push_str(&o.name);
        let _ = write!(name, "-{ordinal}");
        names.push(name.clone());
        if cx.existing.has_pod(&o.namespace, &name) {
            // The pod exists (the manifests hold it): the controller does
            // not create it again.
            continue;
        }
        if cx.at_cap(o) {
            continue;
        }
        cx.plan(PodPlan {
            namespace: &o.namespace,
            name: name.clone(),
            template: &s.spec.template,
            extra_labels: vec![
                ("apps.kubernetes.io/pod-index".into(), ordinal.to_string()),
                ("controller-revision-hash".into(), revision.clone()),
                ("statefulset.kubernetes.io/pod-name".into(), name.clone()),
            ],
            hostname: Some(name.clone()),
            subdomain: s.spec.service_name.clone().filter(|s| !s.is_empty()),
            owner: ObjectRef {
                kind: "StatefulSet".into(),
                namespace: o.namespace.clone(),
                name: o.name.clone(),
            },
            controller: "statefulset-controller",
            object: o,
            node: None,
        });
    }
    cx.workload_pods.push((key, names));
}
