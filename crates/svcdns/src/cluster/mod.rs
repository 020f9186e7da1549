//! The simulated cluster: what CoreDNS's kubernetes plugin watches, after
//! the controllers have run.
//!
//! CoreDNS reads Namespaces, Services, `discovery.k8s.io/v1` EndpointSlices
//! and (for `pods verified`) Pods. This module holds exactly those, already
//! defaulted and allocated (cluster IPs, pod IPs), plus where each came from
//! ([`Origin`]) so that answers can be explained, and the configuration of
//! the plugin ([`DnsConfig`], read from the Corefile by [`corefile`]).
//!
//! These are plain types, below the profile and the controllers that fill
//! them and CoreDNS that reads them; the module imports nothing above
//! `diag`.

use std::collections::BTreeMap;
use std::net::IpAddr;

use crate::diag::Location;

pub mod corefile;

/// Where a simulated object came from.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Origin {
    /// Written in the manifests, at this location.
    Manifest(Location),
    /// Made by a controller from another object (`StatefulSet/default/web`,
    /// `Service/default/web` for a derived EndpointSlice, `Endpoints/...` for a
    /// mirrored one), whose location is given.
    Controller {
        /// The controller's name, for example `statefulset-controller`.
        controller: &'static str,
        /// `Kind/namespace/name` of the object it was made from.
        owner: String,
        /// Where that object is written.
        location: Location,
    },
    /// Present in every kubeadm cluster (`kubernetes.default`, `kube-dns`).
    #[default]
    Builtin,
}

impl Origin {
    /// The manifest location behind this object, if any.
    pub fn location(&self) -> Option<Location> {
        match self {
            Origin::Manifest(l) => Some(*l),
            Origin::Controller { location, .. } => Some(*location),
            Origin::Builtin => None,
        }
    }
}

/// A reference to an object (`EndpointSlice` `targetRef`, owner references).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectRef {
    /// `Pod`, `StatefulSet`, ...
    pub kind: String,
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
}

impl std::fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}/{}", self.kind, self.namespace, self.name)
    }
}

/// `pods` option of the kubernetes plugin.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PodsMode {
    /// `pods disabled` (the plugin default): no pod records.
    Disabled,
    /// `pods insecure` (kubeadm): any IP-shaped label in an existing namespace.
    #[default]
    Insecure,
    /// `pods verified`: only IPs of live pods in that namespace.
    Verified,
}

/// The kubernetes plugin's configuration (the Corefile stanza).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DnsConfig {
    /// The cluster zone, lower case, no trailing dot (`cluster.local`).
    pub zone: String,
    /// `ttl`: 0..=3600. kubeadm sets 30; the plugin default is 5.
    pub ttl: u32,
    /// `pods`.
    pub pods: PodsMode,
    /// `endpoint_pod_names`.
    pub endpoint_pod_names: bool,
    /// `ignore empty_service`.
    pub ignore_empty_service: bool,
    /// `namespaces`: when non-empty, only these namespaces are served.
    pub namespaces: Vec<String>,
    /// The stanza's other zones, lower case, no trailing dot: the plugin
    /// serves names in `zone` and in these (`setup.go` `ParseStanza`
    /// `k8s.Zones`; `zone` is the first zone that is not a reverse one,
    /// `primaryZoneIndex`). kubeadm: `in-addr.arpa` and `ip6.arpa`.
    pub other_zones: Vec<String>,
    /// `fallthrough [ZONES...]`: a name error (NXDOMAIN) for a name in one
    /// of these zones goes on to the next plugin (`forward`) instead of
    /// being the answer (`handler.go` `ServeDNS`, `fall.F.Through`). `None`
    /// without the option; an empty list for a bare `fallthrough`, which
    /// covers every name (`fall.SetZonesFromArgs`: the root zone). kubeadm:
    /// `fallthrough in-addr.arpa ip6.arpa`.
    pub fallthrough: Option<Vec<String>>,
    /// SOA serial. CoreDNS uses the Unix time of the last API change; the
    /// core has no clock, so it is a fixed, configurable number.
    pub soa_serial: u32,
}

impl Default for DnsConfig {
    /// kubeadm's Corefile: `cluster.local`, `pods insecure`,
    /// `fallthrough in-addr.arpa ip6.arpa`, `ttl 30`.
    fn default() -> Self {
        DnsConfig {
            zone: "cluster.local".to_string(),
            ttl: 30,
            pods: PodsMode::Insecure,
            endpoint_pod_names: false,
            ignore_empty_service: false,
            namespaces: Vec::new(),
            other_zones: vec!["in-addr.arpa".to_string(), "ip6.arpa".to_string()],
            fallthrough: Some(vec!["in-addr.arpa".to_string(), "ip6.arpa".to_string()]),
            soa_serial: 1_700_000_000,
        }
    }
}

/// `spec.type` of a Service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ServiceType {
    /// `ClusterIP` (the default).
    ClusterIp,
    /// `NodePort`.
    NodePort,
    /// `LoadBalancer`.
    LoadBalancer,
    /// `ExternalName`.
    ExternalName,
}

impl ServiceType {
    /// The API spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceType::ClusterIp => "ClusterIP",
            ServiceType::NodePort => "NodePort",
            ServiceType::LoadBalancer => "LoadBalancer",
            ServiceType::ExternalName => "ExternalName",
        }
    }
}

/// A Service port, after defaulting (protocol `TCP`, targetPort = port).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServicePort {
    /// `name`, empty when unnamed.
    pub name: String,
    /// `protocol`: `TCP`, `UDP` or `SCTP`.
    pub protocol: String,
    /// `port`.
    pub port: i32,
    /// `targetPort`: a number or a container port name.
    pub target_port: TargetPort,
}

/// `targetPort`: IntOrString.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TargetPort {
    /// A port number.
    Number(i32),
    /// A container port name.
    Name(String),
}

/// A Service as CoreDNS sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// `spec.type`.
    pub service_type: ServiceType,
    /// `spec.clusterIPs` as allocated; empty for headless and ExternalName.
    pub cluster_ips: Vec<IpAddr>,
    /// `clusterIPs[0] == "None"`.
    pub headless: bool,
    /// `spec.externalName` for ExternalName Services (no trailing dot).
    pub external_name: Option<String>,
    /// `spec.ports`.
    pub ports: Vec<ServicePort>,
    /// `spec.selector`; `None` when absent (a selectorless Service).
    pub selector: Option<BTreeMap<String, String>>,
    /// `spec.publishNotReadyAddresses`.
    pub publish_not_ready_addresses: bool,
    /// Where it came from.
    pub origin: Origin,
}

/// `EndpointSlice.addressType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AddressType {
    /// `IPv4`.
    IPv4,
    /// `IPv6`.
    IPv6,
    /// `FQDN` (deprecated; CoreDNS ignores addressType anyway).
    Fqdn,
}

/// One endpoint of an EndpointSlice.
#[derive(Clone, Debug, PartialEq)]
pub struct Endpoint {
    /// `addresses`.
    pub addresses: Vec<IpAddr>,
    /// `conditions.ready`: `None` when unset (CoreDNS treats unset as ready).
    pub ready: Option<bool>,
    /// `conditions.serving`.
    pub serving: Option<bool>,
    /// `conditions.terminating`.
    pub terminating: Option<bool>,
    /// `hostname`.
    pub hostname: Option<String>,
    /// `targetRef`.
    pub target_ref: Option<ObjectRef>,
    /// `nodeName`.
    pub node_name: Option<String>,
}

/// One port of an EndpointSlice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointPort {
    /// `name`; `None` and `""` both mean unnamed.
    pub name: Option<String>,
    /// `protocol`.
    pub protocol: String,
    /// `port`; `None` when unset (CoreDNS then uses -1).
    pub port: Option<i32>,
}

/// A `discovery.k8s.io/v1` EndpointSlice.
#[derive(Clone, Debug, PartialEq)]
pub struct EndpointSlice {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// The `kubernetes.io/service-name` label: the Service it belongs to.
    pub service_name: Option<String>,
    /// `addressType`.
    pub address_type: AddressType,
    /// `endpoints`.
    pub endpoints: Vec<Endpoint>,
    /// `ports`.
    pub ports: Vec<EndpointPort>,
    /// Where it came from (the EndpointSlice controller for a Service, the
    /// mirroring controller for an Endpoints object, or the manifest).
    pub origin: Origin,
}

/// `status.phase` of a Pod.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PodPhase {
    /// `Pending`.
    Pending,
    /// `Running`.
    #[default]
    Running,
    /// `Succeeded`.
    Succeeded,
    /// `Failed`.
    Failed,
    /// `Unknown`.
    Unknown,
}

/// A named container port (for resolving named `targetPort`s).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerPort {
    /// `name`, empty when unnamed.
    pub name: String,
    /// `containerPort`.
    pub container_port: i32,
    /// `protocol`.
    pub protocol: String,
}

/// A Pod, as written or as a controller would create it.
#[derive(Clone, Debug, PartialEq)]
pub struct Pod {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// `metadata.labels`.
    pub labels: BTreeMap<String, String>,
    /// `status.podIPs` (or the simulated allocation).
    pub ips: Vec<IpAddr>,
    /// `status.phase`.
    pub phase: PodPhase,
    /// The Ready condition.
    pub ready: bool,
    /// `metadata.deletionTimestamp` is set.
    pub terminating: bool,
    /// `spec.hostname`.
    pub hostname: Option<String>,
    /// `spec.subdomain`.
    pub subdomain: Option<String>,
    /// `spec.nodeName`.
    pub node_name: Option<String>,
    /// Container ports of all containers.
    pub container_ports: Vec<ContainerPort>,
    /// The controller that owns it (`StatefulSet/default/web`), if any.
    pub owner: Option<ObjectRef>,
    /// Where it came from.
    pub origin: Origin,
}

/// The whole simulated cluster.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Cluster {
    /// The kubernetes plugin's configuration.
    pub config: DnsConfig,
    /// Names of existing Namespaces (always `default`, `kube-system`,
    /// `kube-public`, `kube-node-lease`, plus those in the manifests and those
    /// objects are in).
    pub namespaces: Vec<String>,
    /// Services, including the built-in `kubernetes` and `kube-dns`.
    pub services: Vec<Service>,
    /// EndpointSlices: written, derived by the EndpointSlice controller, or
    /// mirrored from Endpoints.
    pub endpoint_slices: Vec<EndpointSlice>,
    /// Pods: written, or created by workload controllers.
    pub pods: Vec<Pod>,
}

impl Cluster {
    /// Whether a Namespace object with this name exists.
    pub fn namespace_exists(&self, name: &str) -> bool {
        self.namespaces.iter().any(|n| n == name)
    }

    /// The Service with this namespace and name.
    pub fn service(&self, namespace: &str, name: &str) -> Option<&Service> {
        self.services
            .iter()
            .find(|s| s.namespace == namespace && s.name == name)
    }

    /// The EndpointSlices that belong to a Service (by the
    /// `kubernetes.io/service-name` label), in order.
    pub fn slices_of<'a>(
        &'a self,
        namespace: &'a str,
        service: &'a str,
    ) -> impl Iterator<Item = &'a EndpointSlice> + 'a {
        self.endpoint_slices
            .iter()
            .filter(move |s| s.namespace == namespace && s.service_name.as_deref() == Some(service))
    }

    /// The Pod with this namespace and name.
    pub fn pod(&self, namespace: &str, name: &str) -> Option<&Pod> {
        self.pods
            .iter()
            .find(|p| p.namespace == namespace && p.name == name)
    }
}
