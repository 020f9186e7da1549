//! StatefulSet identities: what the StatefulSet controller names each
//! replica, and the DNS name CoreDNS then serves for it.
//!
//! The controller (`initIdentity` in kubernetes
//! `pkg/controller/statefulset/stateful_set_utils.go`) names pod *i*
//! `<statefulset>-<ordinal>`, sets `spec.hostname` to that name and
//! `spec.subdomain` to `spec.serviceName`, labels it
//! `statefulset.kubernetes.io/pod-name` and `apps.kubernetes.io/pod-index`,
//! and claims `<claim>-<statefulset>-<ordinal>` for every
//! `volumeClaimTemplates` entry. None of that makes a DNS name by itself:
//! the EndpointSlice controller copies the hostname into a Service's slice
//! only when the pod's subdomain is that Service's name (same namespace) and
//! the Service selects the pod; CoreDNS then serves
//! `<hostname>.<service>.<namespace>.svc.<zone>.` for it, headless or not.
//!
//! The FQDN here is therefore read from the simulated EndpointSlices, so it
//! is exactly the name the DNS engine answers for.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::api::{Object, Resource};
use crate::cluster::{Cluster, Endpoint};
use crate::coredns::ClusterIndex;

/// One StatefulSet and the identities of its pods.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatefulSetIdentity {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// `spec.serviceName` (the governing Service), `None` when unset.
    pub service: Option<String>,
    /// Whether a Service of that name exists in the namespace.
    pub service_found: bool,
    /// Whether that Service is headless (`false` when it does not exist).
    pub headless: bool,
    /// `spec.podManagementPolicy`, defaulted to `OrderedReady`.
    pub pod_management_policy: String,
    /// Whether the policy is `Parallel`: pods start and stop all at once,
    /// so [`Self::start_order`] and [`Self::scale_down_order`] are the
    /// order of creation requests, not a sequence the controller waits on.
    pub parallel: bool,
    /// Replicas simulated (`spec.replicas`, defaulted to 1, or the
    /// playground's override).
    pub replicas: i32,
    /// `spec.ordinals.start`, defaulted to 0.
    pub ordinals_start: i32,
    /// The pods, in ordinal order.
    pub pods: Vec<PodIdentity>,
    /// Pod names in the order the controller creates them: ordinal
    /// ascending, each waiting for the previous to be Running and Ready
    /// under `OrderedReady`; all at once under `Parallel`.
    pub start_order: Vec<String>,
    /// Pod names in the order the controller deletes them on scale-down:
    /// highest ordinal first, one at a time under `OrderedReady`; all at
    /// once under `Parallel`.
    pub scale_down_order: Vec<String>,
}

/// One StatefulSet pod's identity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodIdentity {
    /// The ordinal.
    pub ordinal: i32,
    /// Pod name, `<statefulset>-<ordinal>`.
    pub name: String,
    /// `spec.hostname` (the pod name).
    pub hostname: String,
    /// `spec.subdomain` (`spec.serviceName`), `None` when unset.
    pub subdomain: Option<String>,
    /// The name CoreDNS serves for the pod,
    /// `<hostname>.<service>.<namespace>.svc.<zone>.`, when the Service
    /// named by `serviceName` selects it; `None` otherwise.
    pub fqdn: Option<String>,
    /// Whether [`Self::fqdn`] answers now: CoreDNS leaves out endpoints
    /// that are not ready (NXDOMAIN for the pod's name until it is).
    pub resolves: bool,
    /// PersistentVolumeClaims, `<claim>-<statefulset>-<ordinal>`, one per
    /// `volumeClaimTemplates` entry.
    pub pvcs: Vec<String>,
    /// Labels the controller adds to the pod.
    pub labels: BTreeMap<String, String>,
    /// The pod's simulated IPs.
    pub ips: Vec<String>,
    /// Whether the pod is Ready.
    pub ready: bool,
}

/// The identities of every accepted StatefulSet, in manifest order.
///
/// `index` is CoreDNS's index of `cluster`; `workload_pods` is the simulation's pods per workload
/// (`StatefulSet/<namespace>/<name>` → pod names in ordinal order).
pub fn statefulset_identities(
    objects: &[Arc<Object>],
    accepted: &[bool],
    cluster: &Cluster,
    index: &ClusterIndex,
    workload_pods: &crate::support::sorted::SortedMap<Vec<String>>,
) -> Vec<StatefulSetIdentity> {
    let mut out = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        let Resource::StatefulSet(s) = &o.resource else {
            continue;
        };
        if !accepted.get(i).copied().unwrap_or(false) || o.decode_failed {
            continue;
        }
        let key = format!("StatefulSet/{}/{}", o.namespace, o.name);
        let names: &[String] = workload_pods.get(&key).map(|v| v.as_slice()).unwrap_or(&[]);
        let service = s.spec.service_name.clone().filter(|n| !n.is_empty());
        let svc = service
            .as_deref()
            .and_then(|n| index.service(cluster, &o.namespace, n));
        let policy = s
            .spec
            .pod_management_policy
            .clone()
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| "OrderedReady".to_string());
        let start = s.spec.ordinals_start.flatten().unwrap_or(0).max(0);
        let zone = cluster.config.zone.trim_end_matches('.');
        // The governing Service's endpoints by pod name, sorted (stably:
        // the first endpoint of a name wins), so that a StatefulSet of many
        // replicas stays n log n. A sorted `Vec` rather than a `BTreeMap`:
        // each map type is its own copy of the B-tree in the bundle.
        let mut endpoints: Vec<(&str, &Endpoint)> = Vec::new();
        if let Some(svc_name) = service.as_deref() {
            for e in index
                .slices_of(cluster, &o.namespace, svc_name)
                .flat_map(|sl| sl.endpoints.iter())
            {
                if e.addresses.is_empty() {
                    continue;
                }
                if let Some(r) = &e.target_ref {
                    if r.kind == "Pod" && r.namespace == o.namespace {
                        endpoints.push((r.name.as_str(), e));
                    }
                }
            }
        }
        crate::support::sort::sort_by(&mut endpoints, |a, b| a.0.cmp(b.0));
        let pods: Vec<PodIdentity> = names
            .iter()
            .enumerate()
            .map(|(idx, pod_name)| {
                let ordinal = start.saturating_add(idx as i32);
                // The pod of that name (the index ignores case; the name
                // must match exactly).
                let pod = index
                    .pod(cluster, &o.namespace, pod_name)
                    .filter(|p| p.name == *pod_name);
                // The endpoint for this pod in the governing Service's slices.
                let at = endpoints.partition_point(|(n, _)| *n < pod_name.as_str());
                let endpoint = endpoints
                    .get(at)
                    .filter(|(n, _)| *n == pod_name)
                    .map(|(_, e)| *e);
                let fqdn = endpoint.and_then(|e| {
                    let host = e.hostname.as_deref().filter(|h| !h.is_empty())?;
                    Some(format!(
                        "{host}.{}.{}.svc.{zone}.",
                        service.as_deref().unwrap_or_default(),
                        o.namespace
                    ))
                });
                let resolves = fqdn.is_some() && endpoint.is_some_and(|e| e.ready != Some(false));
                let mut labels = BTreeMap::new();
                for k in [
                    "apps.kubernetes.io/pod-index",
                    "controller-revision-hash",
                    "statefulset.kubernetes.io/pod-name",
                ] {
                    if let Some(v) = pod.and_then(|p| p.labels.get(k)) {
                        labels.insert(k.to_string(), v.clone());
                    }
                }
                labels
                    .entry("apps.kubernetes.io/pod-index".into())
                    .or_insert_with(|| ordinal.to_string());
                labels
                    .entry("statefulset.kubernetes.io/pod-name".into())
                    .or_insert_with(|| pod_name.clone());
                PodIdentity {
                    ordinal,
                    name: pod_name.clone(),
                    hostname: pod
                        .and_then(|p| p.hostname.clone())
                        .unwrap_or_else(|| pod_name.clone()),
                    subdomain: service.clone(),
                    fqdn,
                    resolves,
                    pvcs: s
                        .spec
                        .volume_claim_templates
                        .iter()
                        .flatten()
                        .filter(|c| !c.is_empty())
                        .map(|c| format!("{c}-{}-{ordinal}", o.name))
                        .collect(),
                    labels,
                    ips: pod
                        .map(|p| p.ips.iter().map(|ip| ip.to_string()).collect())
                        .unwrap_or_default(),
                    ready: pod.is_some_and(|p| p.ready && !p.terminating),
                }
            })
            .collect();
        let start_order: Vec<String> = pods.iter().map(|p| p.name.clone()).collect();
        let scale_down_order: Vec<String> = start_order.iter().rev().cloned().collect();
        out.push(StatefulSetIdentity {
            namespace: o.namespace.clone(),
            name: o.name.clone(),
            service,
            service_found: svc.is_some(),
            headless: svc.is_some_and(|s| s.headless),
            parallel: policy == "Parallel",
            pod_management_policy: policy,
            replicas: pods.len() as i32,
            ordinals_start: start,
            pods,
            start_order,
            scale_down_order,
        });
    }
    out
}
