//! The simulated cluster: what CoreDNS's kubernetes plugin watches, after
//! the controllers have run.
//!
//! CoreDNS reads Namespaces, Services, `discovery.k8s.io/v1` EndpointSlices
//! and (for `pods verified`) Pods. This module holds exactly those, already
//! defaulted and allocated (cluster IPs, pod IPs), plus where each came from
//! ([`Origin`]) so that answers can be explained.

use std::collections::BTreeMap;
use std::net::IpAddr;

use crate::diag::Location;

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
    /// `fallthrough in-addr.arpa ip6.arpa` (kubeadm): reverse-zone NXDOMAINs
    /// go on to the next plugin (`forward`), so they are not final answers.
    pub fallthrough_reverse: bool,
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
            fallthrough_reverse: true,
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
    /// Lookup tables, built on the first query (see [`Cluster::index`]).
    #[doc(hidden)]
    pub index_cache: IndexCache,
}

/// The cached [`ClusterIndex`] of a [`Cluster`]. A clone starts empty, and
/// it takes no part in comparisons.
#[derive(Default)]
pub struct IndexCache(std::sync::Mutex<Option<(IndexKey, std::sync::Arc<ClusterIndex>)>>);

/// What the cached index was built from: the number of each kind of object.
type IndexKey = (usize, usize, usize, usize);

impl Clone for IndexCache {
    fn clone(&self) -> Self {
        IndexCache::default()
    }
}

impl PartialEq for IndexCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for IndexCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IndexCache")
    }
}

impl Cluster {
    /// The cluster's lookup tables, built on first use and kept until the
    /// number of namespaces, Services, EndpointSlices or Pods changes.
    /// A cluster is built, then queried; after changing the names or
    /// addresses of objects already in it, call [`Cluster::invalidate_index`].
    pub fn index(&self) -> std::sync::Arc<ClusterIndex> {
        let key = (
            self.namespaces.len(),
            self.services.len(),
            self.endpoint_slices.len(),
            self.pods.len(),
        );
        // A Mutex (not a RefCell) keeps `Cluster` Send and Sync; the core
        // never contends for it.
        let mut cache = self
            .index_cache
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((k, ix)) = cache.as_ref() {
            if *k == key {
                return ix.clone();
            }
        }
        let ix = std::sync::Arc::new(ClusterIndex::new(self));
        *cache = Some((key, ix.clone()));
        ix
    }

    /// Drop the cached lookup tables.
    pub fn invalidate_index(&self) {
        *self
            .index_cache
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
    }

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

/// Lookup tables over a [`Cluster`], so that answering is not a scan of
/// every object (CoreDNS's informers keep the same kind of indexes).
/// Names are keyed in lower case: CoreDNS matches names case-insensitively.
/// Build it after the cluster is complete; it holds positions, not copies.
/// Lookups borrow the names asked (a map per namespace, then per name), so
/// a question allocates nothing to find its objects.
#[derive(Clone, Debug, Default)]
pub struct ClusterIndex {
    /// The cluster zone, lower case and absolute (`cluster.local.`).
    pub(crate) primary_zone: String,
    namespaces: FastSet<String>,
    /// Lower-case namespace, then lower-case name.
    services: FastMap<String, FastMap<String, Vec<usize>>>,
    /// Exact namespace, then exact Service name.
    slices: FastMap<String, FastMap<String, ServiceSlices>>,
    /// Exact namespace, then exact name.
    pods: FastMap<String, FastMap<String, usize>>,
    pods_by_namespace: FastMap<String, Vec<usize>>,
    pods_by_ip: FastMap<IpAddr, Vec<usize>>,
    services_by_cluster_ip: FastMap<IpAddr, Vec<usize>>,
    services_by_namespace: FastMap<String, Vec<usize>>,
    slices_by_address: FastMap<IpAddr, Vec<usize>>,
}

/// The EndpointSlices of one Service, and its endpoint addresses by name.
#[derive(Clone, Debug, Default)]
struct ServiceSlices {
    /// Positions in `Cluster::endpoint_slices`, in order.
    slices: Vec<usize>,
    /// Every endpoint address (ready or not) under the lower-case name
    /// CoreDNS gives it (`endpointHostname`), in slice, endpoint and
    /// address order: (slice, endpoint, address) positions.
    by_endpoint_name: FastMap<String, Vec<(usize, usize, usize)>>,
}

/// Hash maps keyed by names and addresses the core builds itself: a fast
/// hash with a fixed seed (no randomness in the core; nothing here is
/// keyed by an attacker-chosen set large enough to matter beside the
/// object caps).
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;
/// The set counterpart of [`FastMap`].
pub(crate) type FastSet<K> = std::collections::HashSet<K, rustc_hash::FxBuildHasher>;

/// `s` in lower case, borrowed when it already is.
pub(crate) fn lower(s: &str) -> std::borrow::Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(s.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

impl ClusterIndex {
    /// Index a complete cluster.
    pub fn new(cluster: &Cluster) -> ClusterIndex {
        let mut ix = ClusterIndex {
            primary_zone: crate::dns::primary_zone(cluster),
            ..ClusterIndex::default()
        };
        for n in &cluster.namespaces {
            ix.namespaces.insert(n.clone());
        }
        for (i, s) in cluster.services.iter().enumerate() {
            ix.services
                .entry(s.namespace.to_ascii_lowercase())
                .or_default()
                .entry(s.name.to_ascii_lowercase())
                .or_default()
                .push(i);
            ix.services_by_namespace
                .entry(s.namespace.clone())
                .or_default()
                .push(i);
            for ip in &s.cluster_ips {
                ix.services_by_cluster_ip
                    .entry(canonical(*ip))
                    .or_default()
                    .push(i);
            }
        }
        for (i, s) in cluster.endpoint_slices.iter().enumerate() {
            if let Some(svc) = &s.service_name {
                let of_service = ix
                    .slices
                    .entry(s.namespace.clone())
                    .or_default()
                    .entry(svc.clone())
                    .or_default();
                of_service.slices.push(i);
                for (e, ep) in s.endpoints.iter().enumerate() {
                    for (a, ip) in ep.addresses.iter().enumerate() {
                        let name = crate::dns::endpoint_hostname(
                            ep,
                            ip,
                            cluster.config.endpoint_pod_names,
                        );
                        of_service
                            .by_endpoint_name
                            .entry(name.to_ascii_lowercase())
                            .or_default()
                            .push((i, e, a));
                    }
                }
            }
            for ep in &s.endpoints {
                for a in &ep.addresses {
                    let v = ix.slices_by_address.entry(canonical(*a)).or_default();
                    if v.last() != Some(&i) {
                        v.push(i);
                    }
                }
            }
        }
        for (i, p) in cluster.pods.iter().enumerate() {
            ix.pods
                .entry(p.namespace.clone())
                .or_default()
                .entry(p.name.clone())
                .or_insert(i);
            ix.pods_by_namespace
                .entry(p.namespace.to_ascii_lowercase())
                .or_default()
                .push(i);
            for ip in &p.ips {
                ix.pods_by_ip.entry(canonical(*ip)).or_default().push(i);
            }
        }
        ix
    }

    /// Whether a Namespace object with this exact name exists.
    pub fn namespace_exists(&self, name: &str) -> bool {
        self.namespaces.contains(name)
    }

    /// Services whose namespace and name match, ignoring case, in order.
    pub fn services<'a>(
        &'a self,
        cluster: &'a Cluster,
        namespace: &str,
        name: &str,
    ) -> impl Iterator<Item = &'a Service> + 'a {
        self.services
            .get(lower(namespace).as_ref())
            .and_then(|by_name| by_name.get(lower(name).as_ref()))
            .into_iter()
            .flatten()
            .filter_map(|&i| cluster.services.get(i))
    }

    /// The Service with exactly this namespace and name (as
    /// [`Cluster::service`], without the scan).
    pub fn service<'a>(
        &self,
        cluster: &'a Cluster,
        namespace: &str,
        name: &str,
    ) -> Option<&'a Service> {
        self.services
            .get(lower(namespace).as_ref())?
            .get(lower(name).as_ref())?
            .iter()
            .filter_map(|&i| cluster.services.get(i))
            .find(|s| s.namespace == namespace && s.name == name)
    }

    /// Services in exactly this namespace, in order.
    pub fn services_in<'a>(
        &'a self,
        cluster: &'a Cluster,
        namespace: &str,
    ) -> impl Iterator<Item = &'a Service> + 'a {
        self.services_by_namespace
            .get(namespace)
            .into_iter()
            .flatten()
            .filter_map(|&i| cluster.services.get(i))
    }

    /// The EndpointSlices of a Service (exact namespace and name), in order.
    pub fn slices_of<'a>(
        &'a self,
        cluster: &'a Cluster,
        namespace: &str,
        service: &str,
    ) -> impl Iterator<Item = &'a EndpointSlice> + 'a {
        self.slices
            .get(namespace)
            .and_then(|by_name| by_name.get(service))
            .into_iter()
            .flat_map(|of| &of.slices)
            .filter_map(|&i| cluster.endpoint_slices.get(i))
    }

    /// The endpoint addresses of a Service (exact namespace and name) whose
    /// CoreDNS name (`endpointHostname`) is `label`, ignoring case, ready or
    /// not, in slice order: what a scan of [`Self::slices_of`] would find.
    pub fn endpoints_named<'a>(
        &'a self,
        cluster: &'a Cluster,
        namespace: &str,
        service: &str,
        label: &str,
    ) -> impl Iterator<Item = (&'a EndpointSlice, &'a Endpoint, IpAddr)> + 'a {
        self.slices
            .get(namespace)
            .and_then(|by_name| by_name.get(service))
            .and_then(|of| of.by_endpoint_name.get(lower(label).as_ref()))
            .into_iter()
            .flatten()
            .filter_map(|&(s, e, a)| {
                let slice = cluster.endpoint_slices.get(s)?;
                let ep = slice.endpoints.get(e)?;
                Some((slice, ep, *ep.addresses.get(a)?))
            })
    }

    /// The Pod with this exact namespace and name.
    pub fn pod<'a>(&self, cluster: &'a Cluster, namespace: &str, name: &str) -> Option<&'a Pod> {
        self.pods
            .get(namespace)
            .and_then(|by_name| by_name.get(name))
            .and_then(|&i| cluster.pods.get(i))
    }

    /// Pods whose namespace matches, ignoring case, in order.
    pub fn pods_in<'a>(
        &'a self,
        cluster: &'a Cluster,
        namespace: &str,
    ) -> impl Iterator<Item = &'a Pod> + 'a {
        self.pods_by_namespace
            .get(lower(namespace).as_ref())
            .into_iter()
            .flatten()
            .filter_map(|&i| cluster.pods.get(i))
    }

    /// Pods in a namespace (ignoring case) that have this IP (any of their
    /// IPs; IPv4-mapped IPv6 folded to IPv4), in order.
    pub fn pods_with_ip<'a>(
        &'a self,
        cluster: &'a Cluster,
        namespace: &'a str,
        ip: IpAddr,
    ) -> impl Iterator<Item = &'a Pod> + 'a {
        self.pods_by_ip
            .get(&canonical(ip))
            .into_iter()
            .flatten()
            .filter_map(|&i| cluster.pods.get(i))
            .filter(move |p| p.namespace.eq_ignore_ascii_case(namespace))
    }

    /// Services with this cluster IP (IPv4-mapped IPv6 folded to IPv4), in order.
    pub fn services_with_cluster_ip<'a>(
        &'a self,
        cluster: &'a Cluster,
        ip: IpAddr,
    ) -> impl Iterator<Item = &'a Service> + 'a {
        self.services_by_cluster_ip
            .get(&canonical(ip))
            .into_iter()
            .flatten()
            .filter_map(|&i| cluster.services.get(i))
    }

    /// EndpointSlices with an endpoint address equal to this IP, in order.
    pub fn slices_with_address<'a>(
        &'a self,
        cluster: &'a Cluster,
        ip: IpAddr,
    ) -> impl Iterator<Item = &'a EndpointSlice> + 'a {
        self.slices_by_address
            .get(&canonical(ip))
            .into_iter()
            .flatten()
            .filter_map(|&i| cluster.endpoint_slices.get(i))
    }
}
