//! What every workload controller shares: how many pods it wants (replicas
//! capped at [`MAX_REPLICAS`](super::MAX_REPLICAS)), the pods the
//! manifests already hold of it, and making a pod from its template
//! (pkg/controller/controller_utils.go `GetPodFromTemplate`: the template's
//! labels plus the controller's, the controller as owner), placed on a
//! node by the scheduler's stand-in and started by the kubelet.
//!
//! Controllers plan their pods first and the pods are made after: no more
//! than [`MAX_PODS`](super::MAX_PODS) in all; the first workload that loses
//! pods to the cap gets the diagnostic.

use super::existing::Existing;
use super::ipam::{seed_hash, Allocator};
use super::{kubelet, obj_location, Network, Simulation, State, MAX_PODS, MAX_REPLICAS};
use crate::api::{self, Object};
use crate::cluster::*;
use crate::diag::{Code, Diagnostic, DiagnosticSource, Severity};
use crate::support::stable::stable_hash;

/// A pod template instantiated by a controller.
pub(super) struct PodPlan<'a> {
    pub(super) namespace: &'a str,
    pub(super) name: String,
    pub(super) template: &'a api::PodTemplateSpec,
    pub(super) extra_labels: Vec<(String, String)>,
    pub(super) hostname: Option<String>,
    pub(super) subdomain: Option<String>,
    pub(super) owner: ObjectRef,
    pub(super) controller: &'static str,
    pub(super) object: &'a Object,
    pub(super) node: Option<String>,
}

/// The workload controllers' shared view: the simulation they report to,
/// the playground's state, what exists, and the pods planned so far.
pub(super) struct PodControl<'o, 'c> {
    pub(super) sim: &'c mut Simulation,
    pub(super) state: &'c State,
    pub(super) existing: &'c Existing<'o>,
    pub(super) network: &'c Network,
    /// Pods made before the workload controllers run (CoreDNS's, the
    /// written ones): the cap counts them.
    made: usize,
    plans: Vec<PodPlan<'o>>,
    past_cap: Option<&'o Object>,
    /// Each workload's pods (`Kind/namespace/name`, names in creation
    /// order), in the order the controllers ran: made the simulation's
    /// [`Simulation::workload_pods`] at once in [`PodControl::create`].
    pub(super) workload_pods: Vec<(String, Vec<String>)>,
}

impl<'o, 'c> PodControl<'o, 'c> {
    pub(super) fn new(
        sim: &'c mut Simulation,
        state: &'c State,
        existing: &'c Existing<'o>,
        network: &'c Network,
        made: usize,
    ) -> Self {
        PodControl {
            sim,
            state,
            existing,
            network,
            made,
            plans: Vec::new(),
            past_cap: None,
            workload_pods: Vec::new(),
        }
    }

    /// The replicas a workload's controller makes: the interactive
    /// override for `key`, else `spec.replicas`, else 1 (the API default),
    /// capped at [`MAX_REPLICAS`] with a diagnostic.
    pub(super) fn replicas(&mut self, o: &Object, key: &str, written: Option<i32>) -> i32 {
        let replicas = self
            .state
            .replicas
            .get(key)
            .copied()
            .or(written)
            .unwrap_or(1);
        if replicas > MAX_REPLICAS {
            self.sim.diagnostics.push(
                Diagnostic::plain(
                    Severity::Warning,
                    DiagnosticSource::Simulation,
                    Code::ReplicasCapped,
                    format!("replicas: {replicas} is more than svcdns simulates; only the first {MAX_REPLICAS} pods are simulated"),
                    obj_location(o, "spec.replicas"),
                )
                .with_object(o.id())
                .with_field("spec.replicas"),
            );
            MAX_REPLICAS
        } else {
            replicas.max(0)
        }
    }

    /// An info diagnostic: the controller found some of its pods in the
    /// manifests and creates only the missing ones (or would delete
    /// extras).
    pub(super) fn note_existing(&mut self, o: &Object, controller: &str, have: usize, want: i32) {
        let want = want.max(0) as usize;
        let message = if have == 0 {
            // Nothing read from a cluster: the controller makes every pod,
            // as for any manifest.
            return;
        } else if have < want {
            format!(
                "{} {} has {have} of its {want} pods in the manifests; the {controller} creates the {} missing",
                o.kind,
                o.name,
                want - have
            )
        } else if have > want {
            format!(
                "{} {} has {have} pods in the manifests but wants {want}; the {controller} would delete {} (svcdns keeps them, as the dump says)",
                o.kind,
                o.name,
                have - want
            )
        } else {
            return;
        };
        self.sim.diagnostics.push(
            Diagnostic::plain(
                Severity::Info,
                DiagnosticSource::Simulation,
                Code::ExistingPods,
                message,
                obj_location(o, "spec.replicas"),
            )
            .with_object(o.id()),
        );
    }

    /// Whether the pod cap is reached: the next pod of `o` is named but
    /// not made, so it is not planned.
    pub(super) fn at_cap(&mut self, o: &'o Object) -> bool {
        if self.made + self.plans.len() >= MAX_PODS {
            self.past_cap.get_or_insert(o);
            return true;
        }
        false
    }

    /// Plan a pod.
    pub(super) fn plan(&mut self, plan: PodPlan<'o>) {
        self.plans.push(plan);
    }

    /// Make the planned pods (`GetPodFromTemplate`), each on its node with
    /// the status its kubelet gives it, after `pods`.
    pub(super) fn create(self, ips: &mut Allocator, pods: &mut Vec<Pod>) {
        let PodControl {
            sim,
            state,
            network,
            plans,
            past_cap,
            workload_pods,
            ..
        } = self;
        sim.workload_pods = workload_pods.into_iter().collect();
        // `namespace/name`, written again for each pod in one buffer.
        let mut key = String::new();
        for plan in plans {
            key.clear();
            key.push_str(plan.namespace);
            key.push('/');
            key.push_str(&plan.name);
            let restarts = state.restarts.get(&key).copied().unwrap_or(0);
            let t = &plan.template;
            // The scheduler's stand-in: the controller's node (a DaemonSet's),
            // the template's `nodeName`, else a node picked by a hash of the
            // pod's name.
            let node = plan
                .node
                .clone()
                .or_else(|| t.spec.node_name.clone())
                .or_else(|| {
                    let n = network.nodes.len();
                    (n > 0).then(|| network.nodes[(stable_hash(&key) % n as u64) as usize].clone())
                });
            let pod_ips = kubelet::pod_ips(
                network,
                ips,
                t.spec.host_network == Some(true),
                seed_hash(&key, restarts),
                node.as_deref(),
            );
            if pod_ips.is_empty() {
                sim.diagnostics.push(Diagnostic::plain(
                    Severity::Warning,
                    DiagnosticSource::Simulation,
                    Code::PodCidrFull,
                    format!("the pod CIDR has no free address for pod {key}; it stays Pending without an IP"),
                    obj_location(plan.object, "spec.replicas"),
                ));
            }
            let mut labels = t.metadata.labels.clone();
            for (k, v) in plan.extra_labels {
                labels.insert(k, v);
            }
            let location = obj_location(plan.object, "");
            pods.push(Pod {
                namespace: plan.namespace.to_string(),
                name: plan.name,
                labels,
                phase: if pod_ips.is_empty() {
                    PodPhase::Pending
                } else {
                    PodPhase::Running
                },
                ready: !pod_ips.is_empty() && !state.not_ready.contains(&key),
                ips: pod_ips,
                terminating: false,
                hostname: plan.hostname.or_else(|| t.spec.hostname.clone()),
                subdomain: plan.subdomain.or_else(|| t.spec.subdomain.clone()),
                node_name: node,
                container_ports: kubelet::container_ports(&t.spec),
                origin: Origin::Controller {
                    controller: plan.controller,
                    owner: [
                        plan.object.kind.as_str(),
                        "/",
                        &plan.object.namespace,
                        "/",
                        &plan.object.name,
                    ]
                    .concat(),
                    location,
                },
                owner: Some(plan.owner),
            });
        }
        if let Some(o) = past_cap {
            sim.diagnostics.push(Diagnostic::plain(
                Severity::Warning,
                DiagnosticSource::Simulation,
                Code::TooManyPods,
                format!(
                    "svcdns simulates at most {MAX_PODS} pods; later workloads get no more pods"
                ),
                obj_location(o, "spec.replicas"),
            ));
        }
    }
}
