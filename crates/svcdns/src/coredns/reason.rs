//! Why an answer is what it is, as data: the objects read and the rule
//! followed (the upstream function or specification section). The words
//! are written in one place, `explain::reason` (its `Display` impls);
//! tests assert on these values, not on the sentences.

use std::net::IpAddr;

use crate::cluster::{ObjectRef, Origin, PodPhase, ServiceType};
use crate::dns::RecordType;

/// A Service as an explanation names it: "headless Service ns/name (from
/// line 3 of the manifests)".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceRef {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// `clusterIP: None`.
    pub headless: bool,
    /// `spec.type`.
    pub service_type: ServiceType,
    /// Where it came from.
    pub origin: Origin,
}

/// An endpoint as an explanation names it: its addresses, the object its
/// `targetRef` points at, and that pod's owner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointRef {
    /// The endpoint's addresses.
    pub addresses: Vec<IpAddr>,
    /// `targetRef`.
    pub target: Option<ObjectRef>,
    /// The owner of the pod `targetRef` names, if that pod exists.
    pub pod_owner: Option<ObjectRef>,
}

/// What an endpoint's targetRef points at, and that pod's owner: "pod
/// default/web-0, from StatefulSet/default/web".
pub struct EndpointTarget<'a>(pub &'a EndpointRef);

/// An EndpointSlice as an explanation names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SliceRef {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// Where it came from.
    pub origin: Origin,
}

/// A port as an explanation lists it: "http/TCP 80", "(unnamed)/TCP 8080".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortRef {
    /// The port's name (empty when unnamed).
    pub name: String,
    /// Its protocol.
    pub protocol: String,
    /// Its number (-1: the sentinel).
    pub port: i32,
}

/// One reason behind a response, in the order the plugin met it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// RFC 1035 §2.3.4: the name cannot be sent at all.
    InvalidName {
        /// The name asked.
        name: String,
        /// Why it cannot be encoded.
        error: crate::dns::name::NameError,
    },
    /// `handler.go` `ServeDNS`: the name is in none of the plugin's zones;
    /// the next plugin (`forward`) answers.
    OutsideZones {
        /// The name asked.
        name: String,
        /// The plugin's zones.
        zones: Vec<String>,
    },
    /// `handler.go` `ServeDNS`: AXFR/IXFR are REFUSED without `transfer`.
    TransferRefused,
    /// MX gives NODATA or NXDOMAIN: no MX records exist.
    NoMx,
    /// `backend_lookup.go` `SOA` at a zone apex.
    SoaAtApex {
        /// The zone, as asked.
        zone: String,
    },
    /// `handler.go` `ServeDNS`: SOA below the apex is NODATA.
    SoaBelowApex,
    /// `handler.go` `ServeDNS`: the apex NS test compares the lower-cased
    /// name with the zone in the question's case.
    NsApexCaseQuirk,
    /// NS below the apex: a fake A lookup.
    NsBelowApex,
    /// `handler.go` `ServeDNS` default branch for ANY.
    AnyFakeLookup,
    /// `handler.go` `ServeDNS` default branch for other types.
    FakeLookup {
        /// The type asked.
        qtype: RecordType,
    },
    /// More reasons than an answer shows were left out.
    Omitted {
        /// How many.
        count: usize,
    },
    /// `fall.F.Through`: the name error goes to the next plugin.
    FallsThrough {
        /// The `fallthrough` line that sends it.
        line: String,
    },
    /// `backend_lookup.go` `BackendError`: NXDOMAIN with the zone's SOA.
    NxDomain {
        /// The zone, as asked.
        zone: String,
    },
    /// `BackendError` with NOERROR: NODATA with the zone's SOA.
    NoData {
        /// The type asked.
        qtype: RecordType,
        /// The zone, as asked.
        zone: String,
    },
    /// Several records: their order is not guaranteed.
    AnswerOrder,
    /// An ExternalName's out-of-zone target: its records come from upstream.
    UpstreamRecords {
        /// The CNAME target.
        target: String,
    },
    /// `backend_lookup.go` `A`: a CNAME to a name at or below the question.
    CnameLoopBelow {
        /// The CNAME target.
        target: String,
        /// The name asked.
        qname: String,
    },
    /// The CNAME chain is longer than 10.
    CnameChainTooLong,
    /// The CNAME chain loops.
    CnameChainLoops,
    /// An in-zone CNAME target resolved by the plugin itself.
    CnameInZone {
        /// The CNAME target.
        target: String,
    },
    /// An in-zone CNAME target without records of the type: NODATA.
    CnameInZoneEmpty {
        /// The CNAME target.
        target: String,
        /// The type asked.
        qtype: RecordType,
    },
    /// `plugin/pkg/upstream` `Lookup`: an out-of-zone CNAME target.
    CnameUpstream {
        /// The CNAME target.
        target: String,
    },
    /// `backend_lookup.go` `SRV`: weight `floor(100/N)`.
    SrvWeight {
        /// N, the lookup entries.
        entries: usize,
        /// The weight every record gets.
        weight: u16,
    },
    /// Port -1 entries give no SRV record.
    SrvPortless,
    /// `ns.go` `nsAddrs` fallback: no CoreDNS pod in the cluster.
    NsNoCorednsPod,
    /// `ns.go` `nsAddrs`: the apex NS names the CoreDNS Service.
    NsNamesService,
    /// `ns.go` `nsAddrs`: the answering replica, a pod.
    CorednsPod {
        /// Its name in kube-system.
        pod: String,
        /// Its IPs.
        ips: Vec<IpAddr>,
    },
    /// `ns.go` `nsAddrs`: the answering replica, an endpoint of kube-dns.
    CorednsEndpoint {
        /// The endpoint.
        endpoint: EndpointRef,
    },
    /// `reverse.go` `serviceRecordForIP`: a cluster IP gets one PTR.
    PtrClusterIp {
        /// The address.
        ip: IpAddr,
        /// The Service that has it.
        service: ServiceRef,
    },
    /// A not-ready endpoint gets no PTR.
    PtrNotReady {
        /// The endpoint.
        endpoint: EndpointRef,
        /// Its slice.
        slice: SliceRef,
    },
    /// A slice without the service-name label names no Service.
    PtrSliceWithoutService {
        /// Namespace.
        namespace: String,
        /// Name.
        name: String,
    },
    /// `reverse.go` `serviceRecordForIP`: a ready endpoint's PTR.
    PtrEndpoint {
        /// The address.
        ip: IpAddr,
        /// The endpoint.
        endpoint: EndpointRef,
        /// Its slice.
        slice: SliceRef,
        /// The Service it belongs to.
        service: String,
        /// The name it points to.
        target: String,
    },
    /// `reverse.go` `Reverse`: PTR on a forward name.
    PtrForwardName,
    /// `reverse.go` `Reverse`: a partial reverse name.
    PtrPartialReverse,
    /// `reverse.go`: the address has no PTR.
    PtrNone {
        /// The address.
        ip: IpAddr,
    },
    /// `parse.go` `parseRequest`: the zone, `svc.<zone>` and `pod.<zone>`
    /// are names without records.
    EmptyName {
        /// The name asked.
        name: String,
    },
    /// `kubernetes.go` `Records`: errNoItems for a svc/pod name in a
    /// reverse zone.
    ReverseZoneServiceName,
    /// `findPods` under `pods disabled`.
    PodsDisabled,
    /// `<ns>.pod.<zone>` exists without records.
    PodNamespaceEmpty {
        /// The namespace.
        namespace: String,
    },
    /// Labels left of the pod label are ignored.
    PodExtraLabelsIgnored,
    /// `findPods`: the pod label is not a dashed IP.
    PodLabelNotIp {
        /// The label.
        label: String,
        /// What CoreDNS made of it.
        text: String,
    },
    /// `findPods` under `pods insecure`.
    PodsInsecure {
        /// The label.
        label: String,
        /// The address it reads as.
        ip: IpAddr,
        /// The pod in that namespace that has it (namespace, name), if any.
        pod: Option<(String, String)>,
    },
    /// `pods verified` skips a pod in phase Succeeded, Failed or Unknown.
    PodPhaseIgnored {
        /// Namespace.
        namespace: String,
        /// Name.
        name: String,
        /// Its phase.
        phase: PodPhase,
    },
    /// `object/pod.go` `ToPod`: a pod being deleted is kept.
    PodTerminatingKept {
        /// Namespace.
        namespace: String,
        /// Name.
        name: String,
    },
    /// `pods verified`: a live pod has the address.
    PodVerified {
        /// The pod's namespace.
        namespace: String,
        /// The pod's name.
        name: String,
        /// The address.
        ip: IpAddr,
        /// The namespace asked.
        in_namespace: String,
    },
    /// `pods verified`: no live pod has the address.
    PodVerifiedNone {
        /// The namespace asked.
        namespace: String,
        /// The address as CoreDNS wrote it from the label.
        ip: String,
    },
    /// `<ns>.svc.<zone>` exists without records.
    ServiceNamespaceEmpty {
        /// The namespace.
        namespace: String,
    },
    /// `ignore empty_service`: a Service without ready endpoints is absent.
    IgnoredEmptyService {
        /// The Service.
        service: ServiceRef,
    },
    /// `findServices` skips an ExternalName when an endpoint, port or
    /// protocol is asked.
    ExternalNameNoSubnames {
        /// The Service.
        service: ServiceRef,
    },
    /// An ExternalName whose target is an IP address or empty.
    ExternalNameNotAName {
        /// The Service.
        service: ServiceRef,
        /// Its `externalName`.
        target: String,
    },
    /// kubernetes/dns specification §2.5: an ExternalName gives a CNAME.
    ExternalNameAlias {
        /// The Service.
        service: ServiceRef,
        /// Its `externalName`.
        target: String,
    },
    /// Specification §2.4.1: a headless Service without ready endpoints
    /// is NXDOMAIN.
    HeadlessNoReadyEndpoints {
        /// The Service.
        service: ServiceRef,
        /// How many EndpointSlices it has.
        slices: usize,
    },
    /// No ready endpoint, so no endpoint name.
    NoReadyEndpointNames {
        /// The Service.
        service: ServiceRef,
    },
    /// `endpointHostname`: no ready endpoint has the name asked.
    EndpointNameMissing {
        /// The Service.
        service: ServiceRef,
        /// The endpoint label asked.
        label: String,
        /// `endpoint_pod_names` is on.
        endpoint_pod_names: bool,
    },
    /// `findServices`: the endpoint addresses with the name asked.
    EndpointNameFound {
        /// The Service.
        service: ServiceRef,
        /// The endpoint label asked.
        label: String,
        /// Ready addresses with that name.
        addresses: usize,
        /// Distinct IPs among them.
        distinct: usize,
        /// The slices they are in.
        slices: Vec<String>,
    },
    /// Specification §2.4.1: a headless name answers with its endpoints.
    HeadlessEndpoints {
        /// The Service.
        service: ServiceRef,
        /// Ready addresses.
        addresses: usize,
        /// Distinct IPs among them.
        distinct: usize,
        /// The slices they are in.
        slices: Vec<String>,
    },
    /// Specification §2.3.1: a Service name answers with its cluster IPs.
    ClusterIps {
        /// The Service.
        service: ServiceRef,
        /// Its cluster IPs.
        ips: Vec<IpAddr>,
    },
    /// `object/service.go` `ToService`: the sentinel port of a Service
    /// without ports.
    SentinelPort {
        /// The Service.
        service: ServiceRef,
    },
    /// NodePort and LoadBalancer answer as ClusterIP.
    LikeClusterIp {
        /// The Service's type.
        service_type: ServiceType,
    },
    /// `findServices` starts from errNoItems: no such Service.
    NoService {
        /// Namespace asked.
        namespace: String,
        /// Name asked.
        name: String,
    },
    /// Specification §2.1: `dns-version.<zone>`.
    DnsVersion,
    /// `Services`, TXT branch: a name with records has no TXT.
    TxtNodata,
    /// `Services`, TXT branch: an empty name gives NXDOMAIN for TXT.
    TxtEmptyNameQuirk,
    /// `ns.go` `isDefaultNS`: `ns.dns.<zone>`.
    DefaultNs,
    /// `Services`: CNAME entries are dropped for SRV.
    SrvExternalName,
    /// `parse.go` `parseRequest`: the class label is not svc or pod.
    NotSvcOrPod {
        /// The label found there.
        label: String,
    },
    /// `parse.go` `parseRequest`: three or more labels left of the service.
    TooLong {
        /// The name asked.
        name: String,
        /// How many labels are left of the service name.
        labels: usize,
    },
    /// `namespace.go` `namespaceExposed`: not in the `namespaces` option.
    NamespaceNotListed {
        /// The namespace asked.
        namespace: String,
    },
    /// `namespace.go` `namespaceExposed`: no such Namespace.
    NoNamespace {
        /// The namespace asked.
        namespace: String,
    },
    /// `endpointsliceReady`: an endpoint with ready=false is left out.
    EndpointNotReady {
        /// The endpoint.
        endpoint: EndpointRef,
        /// Its slice's namespace.
        slice_namespace: String,
        /// Its slice's name.
        slice_name: String,
        /// `conditions.terminating` is true.
        terminating: bool,
    },
    /// A headless Service's SRV port is the EndpointSlice's, not the
    /// Service's.
    HeadlessSrvPort {
        /// The Service's port.
        service_port: i32,
        /// The EndpointSlice's port (the target port).
        slice_port: i32,
    },
    /// `_port._proto` matches none of the ports.
    PortMiss {
        /// The port asked.
        port: String,
        /// The protocol asked.
        protocol: String,
        /// Headless: the EndpointSlice ports were compared.
        headless: bool,
        /// The Service's namespace.
        namespace: String,
        /// The Service's name.
        name: String,
        /// The ports compared.
        ports: Vec<PortRef>,
    },
}
