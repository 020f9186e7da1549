//! The words of [`Reason`]s: every sentence an answer's explanation holds
//! is written here, once, from the data the plugin recorded.

use std::fmt::{self, Display, Formatter};

use crate::cluster::Origin;
use crate::coredns::reason::{EndpointRef, EndpointTarget, PortRef, Reason, ServiceRef, SliceRef};
use crate::resolver::{Resolution, SearchStep, NDOTS};
use crate::support::text::go_quote;

/// The sentences of a response's reasons, in order.
pub fn sentences(reasons: &[Reason]) -> Vec<String> {
    reasons.iter().map(ToString::to_string).collect()
}

/// Why a resolution came out as it did: the search's steps, then the
/// reasons of the response the application saw.
pub fn resolution_sentences(res: &Resolution) -> Vec<String> {
    let steps = res.steps.iter().map(ToString::to_string);
    steps
        .chain(sentences(&res.final_response.reasons))
        .collect()
}

impl Display for SearchStep {
    /// glibc's search walk (`res_search`), step by step.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            SearchStep::Absolute { name } => write!(
                f,
                "{name} ends with a dot, so it is absolute: glibc asks it as is, once, and uses \
                 whatever comes back"
            ),
            SearchStep::AsIsFirst { name, dots } => write!(
                f,
                "{name} has {dots} dots, at least ndots:{NDOTS}, so glibc asks it as is first, \
                 then the search list"
            ),
            SearchStep::SearchListFirst { name, dots, search } => write!(
                f,
                "{name} has {dots} dot(s), fewer than ndots:{NDOTS}, so glibc tries the search \
                 list ({}) before the name as is",
                search.join(" ")
            ),
            SearchStep::Answered { asked } => {
                write!(f, "{asked} answered, so the search stops there")
            }
            SearchStep::Fatal { asked } => write!(
                f,
                "{asked} could not be asked or was refused, which ends the search list \
                 (glibc: \"anything else implies that we're done\")"
            ),
            SearchStep::AsIsAnswered { asked } => {
                write!(f, "no search domain answered; the name as is ({asked}) did")
            }
            SearchStep::FirstErrorReported => f.write_str(
                "nothing answered; glibc reports the error of the first query, the name as is",
            ),
            SearchStep::NoDataReported { asked } => write!(
                f,
                "nothing answered; since {asked} gave NODATA, glibc reports NO_DATA rather than \
                 NXDOMAIN"
            ),
            SearchStep::ServFailReported => {
                f.write_str("nothing answered; a SERVFAIL is reported (TRY_AGAIN)")
            }
            SearchStep::NxDomainReported => {
                f.write_str("nothing answered: NXDOMAIN (HOST_NOT_FOUND)")
            }
            SearchStep::UpstreamNotSimulated => f.write_str(
                "a name outside the cluster zone is forwarded by CoreDNS to the upstream \
                 resolvers; its answer is not simulated, and the search is shown as if \
                 upstream had said NXDOMAIN (if upstream answers, glibc stops there)",
            ),
        }
    }
}

impl Display for Origin {
    /// Where an object came from: "from line 3 of the manifests".
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Manifest(loc) => write!(f, "from line {} of the manifests", loc.line),
            Origin::Controller {
                controller, owner, ..
            } => write!(f, "made by the {controller} from {owner}"),
            Origin::Builtin => f.write_str("built into every kubeadm cluster"),
        }
    }
}

impl Display for ServiceRef {
    /// "headless Service default/web (from line 3 of the manifests)".
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.headless {
            f.write_str("headless Service")?;
        } else {
            write!(f, "{} Service", self.service_type.as_str())?;
        }
        write!(f, " {}/{} ({})", self.namespace, self.name, self.origin)
    }
}

impl Display for EndpointTarget<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.0.target {
            Some(r) if r.kind == "Pod" => {
                write!(f, "pod {}/{}", r.namespace, r.name)?;
                if let Some(o) = &self.0.pod_owner {
                    write!(f, ", from {o}")?;
                }
                Ok(())
            }
            Some(r) => write!(f, "{r}"),
            None => f.write_str("no targetRef"),
        }
    }
}

impl Display for EndpointRef {
    /// "10.244.1.5 (pod default/web-0, from StatefulSet/default/web)".
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for (i, a) in self.addresses.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{a}")?;
        }
        if self.target.is_some() {
            write!(f, " ({})", EndpointTarget(self))?;
        }
        Ok(())
    }
}

impl Display for SliceRef {
    /// "EndpointSlice default/web-abc12, made by the endpointslice-controller
    /// from Service/default/web".
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "EndpointSlice {}/{}, {}",
            self.namespace, self.name, self.origin
        )
    }
}

impl Display for PortRef {
    /// "http/TCP 80", "(unnamed)/TCP 8080".
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let name = if self.name.is_empty() {
            "(unnamed)"
        } else {
            &self.name
        };
        write!(f, "{name}/{} {}", self.protocol, self.port)
    }
}

fn ips(list: &[std::net::IpAddr]) -> String {
    list.iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

impl Display for Reason {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Reason::InvalidName { name, error } => write!(
                f,
                "{} is not a valid domain name: {error}; a stub resolver or dig refuses to send \
                 it, so CoreDNS never sees it (RFC 1035 §2.3.4)",
                go_quote(name)
            ),
            Reason::OutsideZones { name, zones } => write!(
                f,
                "{name} is outside the kubernetes plugin's zones ({}), so CoreDNS passes it to \
                 the next plugin (forward, to the node's upstream resolvers); that answer is not \
                 simulated",
                zones.join(", ")
            ),
            Reason::TransferRefused => f.write_str(
                "zone transfers are REFUSED by the kubernetes plugin itself; only the `transfer` \
                 plugin (not in kubeadm's Corefile) serves them (handler.go ServeDNS)",
            ),
            Reason::NoMx => {
                f.write_str("no MX records exist in the cluster zone; MX gives NODATA or NXDOMAIN")
            }
            Reason::SoaAtApex { zone } => write!(
                f,
                "{zone} is the apex of a zone the plugin serves; its SOA has TTL min(ttl, 300) \
                 and the `ttl` option as minimum (backend_lookup.go SOA)"
            ),
            Reason::SoaBelowApex => f.write_str(
                "SOA exists only at the zone apex; below it SOA is NODATA for every name, \
                 existing or not (handler.go ServeDNS)",
            ),
            Reason::NsApexCaseQuirk => f.write_str(
                "quirk: the apex test for NS compares the lower-cased name with the zone in the \
                 question's case, so an apex NS asked with capitals is treated like any other \
                 name (handler.go ServeDNS)",
            ),
            Reason::NsBelowApex => {
                f.write_str("NS exists only at the apex; below it the plugin does a fake A lookup")
            }
            Reason::AnyFakeLookup => f.write_str(
                "ANY never returns records from this plugin: it does a fake A lookup only to \
                 choose between NODATA and NXDOMAIN (handler.go ServeDNS default branch)",
            ),
            Reason::FakeLookup { qtype } => write!(
                f,
                "the plugin has no {qtype} records; it does a fake A lookup only to choose \
                 between NODATA and NXDOMAIN (handler.go ServeDNS default branch)"
            ),
            Reason::Omitted { count } => {
                write!(f, "... and {count} more note(s) like these, left out")
            }
            Reason::FallsThrough { line } => write!(
                f,
                "the kubernetes plugin has no such name, and `{line}` hands it to the next \
                 plugin (forward) instead of answering NXDOMAIN (handler.go ServeDNS); the \
                 upstream answer (usually NXDOMAIN for private ranges) is not simulated"
            ),
            Reason::NxDomain { zone } => write!(
                f,
                "NXDOMAIN: the name does not exist; the authority section carries the SOA of \
                 {zone} with TTL min(ttl, 300) (backend_lookup.go BackendError)"
            ),
            Reason::NoData { qtype, zone } => write!(
                f,
                "NODATA: the name exists but has no {qtype} records; the authority section \
                 carries the SOA of {zone} (backend_lookup.go BackendError with NOERROR)"
            ),
            Reason::AnswerOrder => f.write_str(
                "order: CoreDNS keeps the order of the endpoints within an EndpointSlice, but \
                 takes the slices from client-go's index (a Go map), so their order varies; \
                 kubeadm's Corefile also has `loadbalance`, which shuffles the answer every \
                 time. Clients must not rely on the order shown here",
            ),
            Reason::UpstreamRecords { target } => write!(
                f,
                "the records of {target} would follow the CNAME, from upstream; not simulated"
            ),
            Reason::CnameLoopBelow { target, qname } => write!(
                f,
                "{target} is at or below {qname}; CoreDNS skips such a CNAME as a loop"
            ),
            Reason::CnameChainTooLong => {
                f.write_str("the CNAME chain is longer than 10; CoreDNS stops following it")
            }
            Reason::CnameChainLoops => {
                f.write_str("the CNAME chain loops; CoreDNS stops following it")
            }
            Reason::CnameInZone { target } => write!(
                f,
                "{target} is in the cluster zone, so CoreDNS resolves it itself and adds its \
                 records after the CNAME (backend_lookup.go A)"
            ),
            Reason::CnameInZoneEmpty { target, qtype } => write!(
                f,
                "{target} is in the cluster zone but has no {qtype} records, so CoreDNS leaves \
                 the CNAME out as well and the answer is NODATA (backend_lookup.go A)"
            ),
            Reason::CnameUpstream { target } => write!(
                f,
                "{target} is outside the cluster zone: CoreDNS looks it up through its own \
                 plugin chain (forward to the upstream resolvers) and appends what comes back \
                 after the CNAME; that upstream answer is not simulated (plugin/pkg/upstream \
                 Lookup)"
            ),
            Reason::SrvWeight { entries, weight } => write!(
                f,
                "SRV weight is floor(100/N) with N = {entries} lookup entries (every port × \
                 address, both families, port-less entries included), so {weight}; priority is \
                 0; duplicate (target, port) pairs are dropped (backend_lookup.go SRV)"
            ),
            Reason::SrvPortless => f.write_str(
                "entries without a port (an EndpointSlice with no ports, or a Service's sentinel \
                 port) carry port -1 and give no SRV record (they still count in N)",
            ),
            Reason::NsNoCorednsPod => f.write_str(
                "no CoreDNS pod is in the cluster, so its own address is unknown; CoreDNS would \
                 name ns.dns.<zone> with the IPs it is bound to (ns.go nsAddrs fallback)",
            ),
            Reason::NsNamesService => f.write_str(
                "the apex NS names the Service whose endpoints include the CoreDNS pod, with its \
                 cluster IP as glue (ns.go nsAddrs)",
            ),
            Reason::CorednsPod { pod, ips: addrs } => write!(
                f,
                "the answering CoreDNS replica is pod kube-system/{pod} ({}); each replica looks \
                 for the EndpointSlices that contain its own IP (ns.go nsAddrs)",
                ips(addrs)
            ),
            Reason::CorednsEndpoint { endpoint } => write!(
                f,
                "the answering CoreDNS replica is endpoint {endpoint} of kube-system/kube-dns; \
                 each replica looks for the EndpointSlices that contain its own IP (ns.go \
                 nsAddrs)"
            ),
            Reason::PtrClusterIp { ip, service } => write!(
                f,
                "{ip} is a cluster IP of {service}; a cluster IP gets exactly one PTR, to the \
                 Service name (kubernetes/dns specification 1.1.0 §2.3.4; reverse.go \
                 serviceRecordForIP)"
            ),
            Reason::PtrNotReady { endpoint, slice } => write!(
                f,
                "endpoint {endpoint} in {slice} is not ready, so it gets no PTR"
            ),
            Reason::PtrSliceWithoutService { namespace, name } => write!(
                f,
                "EndpointSlice {namespace}/{name} has no kubernetes.io/service-name label, so it \
                 names no Service and gives no usable PTR"
            ),
            Reason::PtrEndpoint {
                ip,
                endpoint,
                slice,
                service,
                target,
            } => write!(
                f,
                "{ip} is a ready endpoint ({}) in {slice} of Service {}/{service}, so it points \
                 to {target} (reverse.go serviceRecordForIP)",
                EndpointTarget(endpoint),
                slice.namespace
            ),
            Reason::PtrForwardName => f.write_str(
                "PTR is answered only for complete reverse names; a forward name that exists \
                 gives NODATA (reverse.go Reverse)",
            ),
            Reason::PtrPartialReverse => f.write_str(
                "the name is not a complete address under the reverse zone (for example \
                 0.10.in-addr.arpa.), so nothing points from it (reverse.go Reverse)",
            ),
            Reason::PtrNone { ip } => write!(
                f,
                "{ip} is neither a cluster IP nor a ready endpoint address; pod IPs that are not \
                 endpoints, externalIPs and load-balancer IPs have no PTR (reverse.go)"
            ),
            Reason::EmptyName { name } => write!(
                f,
                "{name} exists but holds no records of its own (parse.go parseRequest: the \
                 zone, svc.<zone> and pod.<zone> are empty names)"
            ),
            Reason::ReverseZoneServiceName => f.write_str(
                "a svc/pod-shaped name inside a reverse zone has no records (kubernetes.go \
                 Records: errNoItems for reverse names)",
            ),
            Reason::PodsDisabled => f.write_str(
                "the plugin runs with `pods disabled` (the plugin default; kubeadm sets `pods \
                 insecure`), so nothing under pod.<zone> exists (kubernetes.go findPods)",
            ),
            Reason::PodNamespaceEmpty { namespace } => write!(
                f,
                "namespace {namespace} exists; {namespace}.pod.<zone> itself has no records"
            ),
            Reason::PodExtraLabelsIgnored => f.write_str(
                "labels left of the pod label are ignored (parse.go reads them as an endpoint or \
                 port/protocol, which findPods never looks at)",
            ),
            Reason::PodLabelNotIp { label, text } => write!(
                f,
                "pod label {} does not read as an IP address ({}); pod names are never \
                 resolvable under pod.<zone>, only a-b-c-d dashed IPs (findPods)",
                go_quote(label),
                go_quote(text)
            ),
            Reason::PodsInsecure { label, ip, pod } => {
                write!(
                    f,
                    "`pods insecure`: {label} reads as {ip}, and any IP-shaped label in an \
                     existing namespace answers"
                )?;
                match pod {
                    Some((ns, name)) => write!(f, " (it is the IP of pod {ns}/{name})")?,
                    None => f.write_str(
                        " (no pod in that namespace has it, which `insecure` does not check)",
                    )?,
                }
                f.write_str(" (kubernetes.go findPods)")
            }
            Reason::PodPhaseIgnored {
                namespace,
                name,
                phase,
            } => write!(
                f,
                "pod {namespace}/{name} has that IP but is in phase {phase:?}; `pods verified` \
                 ignores it"
            ),
            Reason::PodTerminatingKept { namespace, name } => write!(
                f,
                "pod {namespace}/{name} is being deleted, but CoreDNS keeps the pod it knew from \
                 before: it drops the update that sets deletionTimestamp (object/pod.go ToPod, \
                 object/informer.go DefaultProcessor) and forgets the pod only when it is \
                 deleted (a CoreDNS started during the deletion would not know it)"
            ),
            Reason::PodVerified {
                namespace,
                name,
                ip,
                in_namespace,
            } => write!(
                f,
                "`pods verified`: pod {namespace}/{name} has status.podIP {ip} in namespace \
                 {in_namespace} (findPods)"
            ),
            Reason::PodVerifiedNone { namespace, ip } => write!(
                f,
                "`pods verified`: no live pod in namespace {namespace} has status.podIP {ip} \
                 (findPods)"
            ),
            Reason::ServiceNamespaceEmpty { namespace } => write!(
                f,
                "namespace {namespace} exists, so {namespace}.svc.<zone> is an empty name: \
                 NODATA, not NXDOMAIN"
            ),
            Reason::IgnoredEmptyService { service } => write!(
                f,
                "{service} has no ready endpoints and the plugin runs with `ignore \
                 empty_service`, so it is treated as absent (kubernetes.go findServices; \
                 handler_ignore_emptyservice_test.go)"
            ),
            Reason::ExternalNameNoSubnames { service } => write!(
                f,
                "{service} has no endpoints and no ports: any label below its name is NXDOMAIN \
                 (findServices skips ExternalName when endpoint, port or protocol is set)"
            ),
            Reason::ExternalNameNotAName { service, target } => write!(
                f,
                "{service} has externalName {}, which is an IP address (or empty), not a name; \
                 CoreDNS serves only name targets, so the Service gives NXDOMAIN (findServices: \
                 HostType must be CNAME)",
                go_quote(target)
            ),
            Reason::ExternalNameAlias { service, target } => write!(
                f,
                "{service} is an alias for {target} (kubernetes/dns specification 1.1.0 §2.5: \
                 ExternalName gives a CNAME)"
            ),
            Reason::HeadlessNoReadyEndpoints { service, slices } => write!(
                f,
                "{service} has no ready endpoints ({slices} EndpointSlice(s)), so its name does \
                 not exist: NXDOMAIN (kubernetes/dns specification 1.1.0 §2.4.1: \"If there are \
                 no ready endpoints for the Service, the lookup results in a 'NXDOMAIN' \
                 response\")"
            ),
            Reason::NoReadyEndpointNames { service } => write!(
                f,
                "{service} has no ready endpoints, so no endpoint name exists under it"
            ),
            Reason::EndpointNameMissing {
                service,
                label,
                endpoint_pod_names,
            } => write!(
                f,
                "no ready endpoint of {service} is named {}; endpoint names are the slice's \
                 hostname, {}else the dashed IP, and an endpoint with a hostname is not \
                 reachable by its dashed IP (kubernetes.go endpointHostname)",
                go_quote(label),
                if *endpoint_pod_names {
                    "then the pod name (endpoint_pod_names), "
                } else {
                    ""
                }
            ),
            Reason::EndpointNameFound {
                service,
                label,
                addresses,
                distinct,
                slices,
            } => write!(
                f,
                "{service} has {addresses} ready endpoint address(es) named {} ({distinct} \
                 distinct IP(s); EndpointSlice {}); endpoint names exist for headless and \
                 ClusterIP Services alike (kubernetes.go findServices)",
                go_quote(label),
                slices.join(", ")
            ),
            Reason::HeadlessEndpoints {
                service,
                addresses,
                distinct,
                slices,
            } => write!(
                f,
                "{service} has {addresses} ready endpoint address(es), {distinct} distinct IP(s) \
                 (EndpointSlice {}); a headless name answers with the endpoints, not a cluster \
                 IP (kubernetes/dns specification 1.1.0 §2.4.1)",
                slices.join(", ")
            ),
            Reason::ClusterIps {
                service,
                ips: addrs,
            } => write!(
                f,
                "{service} has cluster IP(s) {}; its name answers with them whatever its \
                 endpoints (kubernetes/dns specification 1.1.0 §2.3.1; CoreDNS findServices)",
                ips(addrs)
            ),
            Reason::SentinelPort { service } => write!(
                f,
                "{service} has no ports: CoreDNS gives such a Service one sentinel port (-1), so \
                 its name answers with the cluster IP while SRV gives no record for it \
                 (object/service.go ToService; the API server refuses a ClusterIP Service \
                 without ports, so only a what-if reaches this)"
            ),
            Reason::LikeClusterIp { service_type } => write!(
                f,
                "a {} Service answers exactly like a ClusterIP one; externalIPs and \
                 load-balancer ingress IPs are never served here (that is the k8s_external \
                 plugin)",
                service_type.as_str()
            ),
            Reason::NoService { namespace, name } => write!(
                f,
                "there is no Service {namespace}/{name} (kubernetes.go findServices starts from \
                 errNoItems)"
            ),
            Reason::DnsVersion => f.write_str(
                "dns-version.<zone> holds the schema version, TTL 28800 whatever `ttl` says \
                 (kubernetes/dns specification 1.1.0 §2.1; kubernetes.go Services)",
            ),
            Reason::TxtNodata => f.write_str(
                "the name has records of other types, so TXT is NODATA (kubernetes.go Services, \
                 TXT branch)",
            ),
            Reason::TxtEmptyNameQuirk => f.write_str(
                "quirk: TXT is NODATA only on names that have records; an empty but existing \
                 name gives NXDOMAIN for TXT, although A on it is NODATA (kubernetes.go \
                 Services, TXT branch)",
            ),
            Reason::DefaultNs => f.write_str(
                "ns.dns.<zone> answers with the name server addresses (ns.go nsAddrs; \
                 kubernetes.go Services isDefaultNS)",
            ),
            Reason::SrvExternalName => f.write_str(
                "SRV is not served for ExternalName Services: CoreDNS drops CNAME entries for SRV \
                 (kubernetes.go Services), so the answer is NODATA",
            ),
            Reason::NotSvcOrPod { label } => write!(
                f,
                "below the zone, the last label must be svc or pod, and it is {} (CoreDNS \
                 plugin/kubernetes parse.go parseRequest)",
                go_quote(label)
            ),
            Reason::TooLong { name, labels } => write!(
                f,
                "{name} has {labels} labels left of the service name; 1 is an endpoint, 2 are \
                 _port._protocol, more is \"too long\" (parse.go parseRequest)"
            ),
            Reason::NamespaceNotListed { namespace } => write!(
                f,
                "namespace {} is not in the plugin's `namespaces` list, so it is not served \
                 (namespace.go namespaceExposed)",
                go_quote(namespace)
            ),
            Reason::NoNamespace { namespace } => write!(
                f,
                "there is no Namespace {}; CoreDNS answers only for namespaces that exist \
                 (namespace.go namespaceExposed)",
                go_quote(namespace)
            ),
            Reason::EndpointNotReady {
                endpoint,
                slice_namespace,
                slice_name,
                terminating,
            } => write!(
                f,
                "endpoint {endpoint} in EndpointSlice {slice_namespace}/{slice_name} has \
                 ready=false{}, so it is left out (CoreDNS keeps an endpoint only when \
                 conditions.ready is true or unset)",
                if *terminating {
                    " (terminating; serving/terminating are ignored)"
                } else {
                    ""
                }
            ),
            Reason::HeadlessSrvPort {
                service_port,
                slice_port,
            } => write!(
                f,
                "its SRV records carry port {slice_port}, the EndpointSlice port (the pods' \
                 targetPort), not the Service port {service_port}: for a headless Service \
                 CoreDNS never reads the Service's ports (kubernetes.go findServices; the DNS \
                 specification says \"port in the Service\", CoreDNS differs)"
            ),
            Reason::PortMiss {
                port,
                protocol,
                headless,
                namespace,
                name,
                ports,
            } => write!(
                f,
                "_{port}._{protocol} matches none of the {} of {namespace}/{name} [{}] (names \
                 and protocols compare case-insensitively; unnamed ports have no _port._proto \
                 SRV name)",
                if *headless {
                    "EndpointSlice ports"
                } else {
                    "Service ports"
                },
                ports
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}
