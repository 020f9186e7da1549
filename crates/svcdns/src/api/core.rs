//! `k8s.io/api/core/v1`: Service, Pod, Endpoints, ConfigMap, Namespace and
//! the types other groups embed.

use std::collections::BTreeMap;

use super::{IntOrString, ObjectMeta};

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
