//! Kubernetes API objects as written in the manifests, after strict
//! decoding and before defaulting.
//!
//! Field names follow the API (`clusterIPs`, `publishNotReadyAddresses`),
//! in snake case. Values are kept as written (`type: "Foo"` stays a string)
//! so that validation can say exactly what the API server would say. `None`
//! means the field was absent (or null), which matters for defaulting.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::yaml::{Node, Pos};

/// `IntOrString` (`targetPort`, `maxUnavailable`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IntOrString {
    /// An integer.
    Int(i32),
    /// A string.
    Str(String),
}

/// `metav1.ObjectMeta` (the fields svcdns reads).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ObjectMeta {
    /// `name`.
    pub name: Option<String>,
    /// `generateName`.
    pub generate_name: Option<String>,
    /// `namespace`.
    pub namespace: Option<String>,
    /// `labels`.
    pub labels: BTreeMap<String, String>,
    /// `annotations`.
    pub annotations: BTreeMap<String, String>,
    /// `deletionTimestamp` is set.
    pub deletion_timestamp: Option<String>,
}

/// `metav1.LabelSelectorRequirement`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LabelSelectorRequirement {
    /// `key`.
    pub key: String,
    /// `operator`: In, NotIn, Exists, DoesNotExist.
    pub operator: String,
    /// `values`.
    pub values: Vec<String>,
}

/// `metav1.LabelSelector`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LabelSelector {
    /// `matchLabels`.
    pub match_labels: BTreeMap<String, String>,
    /// `matchExpressions`.
    pub match_expressions: Vec<LabelSelectorRequirement>,
}

/// `v1.ServicePort`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServicePort {
    /// `name`.
    pub name: Option<String>,
    /// `protocol`.
    pub protocol: Option<String>,
    /// `appProtocol`.
    pub app_protocol: Option<String>,
    /// `port` (required; absent decodes as 0, as in Go).
    pub port: i32,
    /// `targetPort`.
    pub target_port: Option<IntOrString>,
    /// `nodePort`.
    pub node_port: Option<i32>,
}

/// `v1.ClientIPConfig` inside `sessionAffinityConfig`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SessionAffinityConfig {
    /// `clientIP` is present.
    pub client_ip: Option<ClientIpConfig>,
}

/// `v1.ClientIPConfig`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClientIpConfig {
    /// `timeoutSeconds`.
    pub timeout_seconds: Option<i32>,
}

/// `v1.ServiceSpec`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceSpec {
    /// `type`.
    pub service_type: Option<String>,
    /// `clusterIP`.
    pub cluster_ip: Option<String>,
    /// `clusterIPs`.
    pub cluster_ips: Vec<String>,
    /// `ipFamilies`.
    pub ip_families: Vec<String>,
    /// `ipFamilyPolicy`.
    pub ip_family_policy: Option<String>,
    /// `selector`; `None` when absent.
    pub selector: Option<BTreeMap<String, String>>,
    /// `ports`.
    pub ports: Vec<ServicePort>,
    /// `externalName`.
    pub external_name: Option<String>,
    /// `externalIPs`.
    pub external_ips: Vec<String>,
    /// `sessionAffinity`.
    pub session_affinity: Option<String>,
    /// `sessionAffinityConfig`.
    pub session_affinity_config: Option<SessionAffinityConfig>,
    /// `publishNotReadyAddresses`.
    pub publish_not_ready_addresses: Option<bool>,
    /// `loadBalancerIP`.
    pub load_balancer_ip: Option<String>,
    /// `loadBalancerSourceRanges`.
    pub load_balancer_source_ranges: Vec<String>,
    /// `loadBalancerClass`.
    pub load_balancer_class: Option<String>,
    /// `allocateLoadBalancerNodePorts`.
    pub allocate_load_balancer_node_ports: Option<bool>,
    /// `externalTrafficPolicy`.
    pub external_traffic_policy: Option<String>,
    /// `internalTrafficPolicy`.
    pub internal_traffic_policy: Option<String>,
    /// `healthCheckNodePort`.
    pub health_check_node_port: Option<i32>,
    /// `trafficDistribution`.
    pub traffic_distribution: Option<String>,
}

/// `v1.Service`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Service {
    /// `metadata`.
    pub metadata: ObjectMeta,
    /// `spec`.
    pub spec: ServiceSpec,
}

/// `v1.ContainerPort`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContainerPort {
    /// `name`.
    pub name: Option<String>,
    /// `containerPort`.
    pub container_port: i32,
    /// `protocol`.
    pub protocol: Option<String>,
}

/// `v1.Container` (the fields svcdns reads).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Container {
    /// `name`.
    pub name: Option<String>,
    /// `image`.
    pub image: Option<String>,
    /// `ports`.
    pub ports: Vec<ContainerPort>,
    /// A `readinessProbe` is present.
    pub has_readiness_probe: bool,
}

/// `v1.PodSpec` (the fields svcdns reads).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodSpec {
    /// `hostname`.
    pub hostname: Option<String>,
    /// `subdomain`.
    pub subdomain: Option<String>,
    /// `setHostnameAsFQDN`.
    pub set_hostname_as_fqdn: Option<bool>,
    /// `nodeName`.
    pub node_name: Option<String>,
    /// `containers`.
    pub containers: Vec<Container>,
    /// `initContainers` (names and ports only).
    pub init_containers: Vec<Container>,
    /// `restartPolicy`.
    pub restart_policy: Option<String>,
    /// `dnsPolicy`.
    pub dns_policy: Option<String>,
    /// `activeDeadlineSeconds`.
    pub active_deadline_seconds: Option<i64>,
    /// `hostNetwork`.
    pub host_network: Option<bool>,
}

/// `v1.PodCondition` (type and status).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodCondition {
    /// `type`, for example `Ready`.
    pub condition_type: String,
    /// `status`: `True`, `False`, `Unknown`.
    pub status: String,
}

/// `v1.PodStatus` (the fields svcdns reads).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodStatus {
    /// `phase`.
    pub phase: Option<String>,
    /// `podIP`.
    pub pod_ip: Option<String>,
    /// `podIPs[].ip`.
    pub pod_ips: Vec<String>,
    /// `conditions`.
    pub conditions: Vec<PodCondition>,
}

/// `v1.Pod`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pod {
    /// `metadata`.
    pub metadata: ObjectMeta,
    /// `spec`.
    pub spec: PodSpec,
    /// `status`: absent for pods the user writes; set to simulate state.
    pub status: Option<PodStatus>,
}

/// `v1.PodTemplateSpec`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodTemplateSpec {
    /// `metadata`.
    pub metadata: ObjectMeta,
    /// `spec`.
    pub spec: PodSpec,
}

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

/// `v1.ObjectReference` (`targetRef`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ObjectReference {
    /// `kind`.
    pub kind: Option<String>,
    /// `namespace`.
    pub namespace: Option<String>,
    /// `name`.
    pub name: Option<String>,
}

/// `discovery/v1.EndpointConditions`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EndpointConditions {
    /// `ready`.
    pub ready: Option<bool>,
    /// `serving`.
    pub serving: Option<bool>,
    /// `terminating`.
    pub terminating: Option<bool>,
}

/// `discovery/v1.Endpoint`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SliceEndpoint {
    /// `addresses`.
    pub addresses: Vec<String>,
    /// `conditions`.
    pub conditions: EndpointConditions,
    /// `hostname`.
    pub hostname: Option<String>,
    /// `targetRef`.
    pub target_ref: Option<ObjectReference>,
    /// `nodeName`.
    pub node_name: Option<String>,
    /// `zone`.
    pub zone: Option<String>,
}

/// `discovery/v1.EndpointPort` and `v1.EndpointPort`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EndpointPort {
    /// `name`.
    pub name: Option<String>,
    /// `protocol`.
    pub protocol: Option<String>,
    /// `port`.
    pub port: Option<i32>,
    /// `appProtocol`.
    pub app_protocol: Option<String>,
}

/// `discovery.k8s.io/v1.EndpointSlice`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EndpointSlice {
    /// `metadata`.
    pub metadata: ObjectMeta,
    /// `addressType`.
    pub address_type: Option<String>,
    /// `endpoints`.
    pub endpoints: Vec<SliceEndpoint>,
    /// `ports`.
    pub ports: Vec<EndpointPort>,
}

/// `v1.EndpointAddress`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EndpointAddress {
    /// `ip`.
    pub ip: String,
    /// `hostname`.
    pub hostname: Option<String>,
    /// `nodeName`.
    pub node_name: Option<String>,
    /// `targetRef`.
    pub target_ref: Option<ObjectReference>,
}

/// `v1.EndpointSubset`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EndpointSubset {
    /// `addresses`.
    pub addresses: Vec<EndpointAddress>,
    /// `notReadyAddresses`.
    pub not_ready_addresses: Vec<EndpointAddress>,
    /// `ports`.
    pub ports: Vec<EndpointPort>,
}

/// `v1.Endpoints`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Endpoints {
    /// `metadata`.
    pub metadata: ObjectMeta,
    /// `subsets`.
    pub subsets: Vec<EndpointSubset>,
}

/// `v1.ConfigMap` (data only).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConfigMap {
    /// `metadata`.
    pub metadata: ObjectMeta,
    /// `data`.
    pub data: BTreeMap<String, String>,
}

/// `v1.Namespace`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Namespace {
    /// `metadata`.
    pub metadata: ObjectMeta,
}

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
}
