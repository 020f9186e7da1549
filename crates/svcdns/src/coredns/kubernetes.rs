//! `kubernetes.go`: the plugin's lookups. [`Engine::services`] is
//! `Services`, [`Engine::records`] is `Records`, and `find_services` /
//! `find_pods` are `findServices` / `findPods`; the entries they return
//! are turned into records by [`super::backend`].

use std::borrow::Cow;
use std::net::IpAddr;

use super::controller::ClusterIndex;
use super::ns::is_default_ns;
use super::object;
use super::parse::{parse_request, RecordRequest};
use super::reason::Reason;
use crate::cluster::{Cluster, Endpoint, EndpointSlice, PodsMode, Service, ServiceType};
use crate::dns::name;
use crate::dns::RecordType;
use crate::support::keymap::FastSet;

/// Name errors of the plugin (`kubernetes.go` `IsNameError`): each becomes
/// NXDOMAIN, or goes to the next plugin under `fallthrough`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum LookupError {
    /// `errNoItems`: nothing matches.
    NoItems,
    /// `errNsNotExposed`: the namespace does not exist or is not served.
    NsNotExposed,
    /// `errInvalidRequest`: the name does not fit the grammar.
    InvalidRequest,
}

/// What a lookup entry points at (`msg.Service.Host` and its `HostType`).
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Host {
    Ip(IpAddr),
    /// A name: ExternalName targets (CNAME).
    Name(String),
    /// The text of the `dns-version` TXT record.
    Text(String),
}

/// One `msg.Service` entry: a host, a port, a TTL and the name it lives
/// under (CoreDNS's `Key`, here already as a domain name).
#[derive(Clone, Debug)]
pub(super) struct Entry<'a> {
    pub(super) host: Host,
    /// -1 when the slice has no ports (the plugin's sentinel).
    pub(super) port: i32,
    pub(super) ttl: u32,
    /// The owner name this entry stands for (SRV target, NS name).
    pub(super) key: Key<'a>,
}

/// The name an [`Entry`] stands for, built only when an answer shows it
/// (SRV targets, NS names): an A lookup over thousands of endpoints never
/// formats their names.
#[derive(Clone, Debug)]
pub(super) enum Key<'a> {
    /// A name already built.
    Name(String),
    /// `<service>.<ns>.svc.<zone>`.
    Service(&'a Service),
    /// `<endpoint hostname>.<service>.<ns>.svc.<zone>`.
    Endpoint(&'a Service, &'a Endpoint, IpAddr),
}

/// The question as the plugin sees it (`request.Request` with its `Zone`).
/// Borrowed from the question where it can be (most questions are asked in
/// lower case already).
#[derive(Clone, Debug)]
pub(super) struct State<'q> {
    /// The question name, absolute, original case (`QName`).
    pub(super) qname: Cow<'q, str>,
    /// The same, lower case (`Name`).
    pub(super) name: Cow<'q, str>,
    /// The matched zone in the question's case (`Zone`).
    pub(super) zone: Cow<'q, str>,
    pub(super) qtype: RecordType,
}

impl State<'_> {
    /// `NewWithQuestion`: same zone, another name or type.
    pub(super) fn with_question(&self, qname: &str, qtype: RecordType) -> State<'static> {
        let qname = name::fqdn(qname);
        State {
            name: Cow::Owned(qname.to_ascii_lowercase()),
            qname: Cow::Owned(qname),
            zone: Cow::Owned(self.zone.to_string()),
            qtype,
        }
    }
}

/// CoreDNS's `kubernetes.go` `match`: equal ignoring case.
pub(super) fn matches(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// `matchPortAndProtocol`: an empty request part matches anything.
pub(super) fn match_port_and_protocol(
    a_port: &str,
    b_port: &str,
    a_proto: &str,
    b_proto: &str,
) -> bool {
    (a_port.is_empty() || matches(a_port, b_port))
        && (a_proto.is_empty() || matches(a_proto, b_proto))
}

/// `[<endpoint>.]<service>.<ns>.svc.<zone>` (`dnsutil.Join` of the labels and
/// the zone), built without `format!`: SRV answers build thousands.
pub(super) fn service_name(endpoint: Option<&str>, svc: &Service, zone: &str) -> String {
    named_service_name(endpoint, &svc.name, &svc.namespace, zone)
}

/// [`service_name`] from the Service's name and namespace.
pub(super) fn named_service_name(
    endpoint: Option<&str>,
    svc: &str,
    namespace: &str,
    zone: &str,
) -> String {
    let mut out = String::with_capacity(
        endpoint.map_or(0, |e| e.len() + 1) + svc.len() + namespace.len() + zone.len() + 6,
    );
    if let Some(e) = endpoint {
        out.push_str(e);
        out.push('.');
    }
    out.push_str(svc);
    out.push('.');
    out.push_str(namespace);
    out.push_str(".svc.");
    if zone != "." && !zone.is_empty() {
        out.push_str(zone);
    }
    out
}

/// `kubernetes.go` `endpointHostname`: the slice's hostname; with
/// `endpoint_pod_names` the targetRef name if it is at most 63 characters;
/// else the dashed IP.
pub(crate) fn endpoint_hostname<'e>(
    ep: &'e Endpoint,
    ip: &IpAddr,
    endpoint_pod_names: bool,
) -> Cow<'e, str> {
    if let Some(h) = ep.hostname.as_deref().filter(|h| !h.is_empty()) {
        return Cow::Borrowed(h);
    }
    if endpoint_pod_names {
        if let Some(r) = ep
            .target_ref
            .as_ref()
            .filter(|r| !r.name.is_empty() && r.name.len() < 64)
        {
            return Cow::Borrowed(&r.name);
        }
    }
    Cow::Owned(name::dashed_ip(ip))
}

/// Most explanation sentences one answer carries; a Service with thousands
/// of endpoints would otherwise explain each one.
const MAX_NOTES: usize = 40;

/// The plugin's state for one question.
pub(crate) struct Engine<'a> {
    pub(crate) cluster: &'a Cluster,
    pub(crate) index: &'a ClusterIndex,
    pub(super) ttl: u32,
    pub(super) primary: &'a str,
    pub(crate) reasons: Vec<Reason>,
    /// Notes left out past [`MAX_NOTES`].
    pub(super) reasons_omitted: usize,
    /// Whether to write explanations at all.
    pub(crate) explain: bool,
    /// Whether to build the additional section (SRV target addresses).
    pub(super) additional: bool,
    /// Set when an ExternalName chain leaves the cluster zone.
    pub(super) upstream_target: Option<String>,
}

impl<'a> Engine<'a> {
    pub(crate) fn new(cluster: &'a Cluster, index: &'a ClusterIndex) -> Engine<'a> {
        Engine {
            cluster,
            index,
            ttl: cluster.config.ttl,
            primary: &index.primary_zone,
            reasons: Vec::new(),
            reasons_omitted: 0,
            explain: true,
            additional: true,
            upstream_target: None,
        }
    }

    /// Record why, building the reason only when explanations are wanted.
    pub(super) fn because(&mut self, reason: impl FnOnce(&Self) -> Reason) {
        if self.explain {
            let r = reason(self);
            self.push_reason(r);
        }
    }

    fn push_reason(&mut self, r: Reason) {
        // At most MAX_NOTES reasons are kept, so a scan is cheaper than a set.
        if self.reasons.contains(&r) {
            return;
        }
        if self.reasons.len() >= MAX_NOTES {
            self.reasons_omitted += 1;
            return;
        }
        self.reasons.push(r);
    }

    /// `namespace.go` `namespaceExposed`: allowed by `namespaces` and the
    /// Namespace object exists.
    pub(crate) fn namespace_exposed(&self, ns: &str) -> bool {
        let cfg = &self.cluster.config.namespaces;
        (cfg.is_empty() || cfg.iter().any(|n| n == ns)) && self.index.namespace_exists(ns)
    }

    /// `endpointHostname`: the slice's hostname; with `endpoint_pod_names`
    /// the targetRef name if it is at most 63 characters; else the dashed IP.
    pub(crate) fn endpoint_hostname<'e>(&self, ep: &'e Endpoint, ip: &IpAddr) -> Cow<'e, str> {
        endpoint_hostname(ep, ip, self.cluster.config.endpoint_pod_names)
    }

    /// The name an entry stands for, under `zone` (the zone as asked).
    pub(super) fn key_name(&self, key: &Key<'_>, zone: &str) -> String {
        match key {
            Key::Name(n) => n.clone(),
            Key::Service(svc) => service_name(None, svc, zone),
            Key::Endpoint(svc, ep, ip) => {
                service_name(Some(&self.endpoint_hostname(ep, ip)), svc, zone)
            }
        }
    }

    /// `kubernetes.go` `Records`.
    pub(super) fn records(&mut self, st: &State) -> Result<Vec<Entry<'a>>, LookupError> {
        let r = match parse_request(&st.name, &st.zone) {
            Ok(r) => r,
            Err(e) => {
                self.explain_invalid(st);
                return Err(e);
            }
        };
        if r.pod_or_svc.is_empty() {
            self.because(|_| Reason::EmptyName {
                name: st.qname.to_string(),
            });
            return Ok(Vec::new());
        }
        if name::is_reverse(&st.name) {
            self.because(|_| Reason::ReverseZoneServiceName);
            return Err(LookupError::NoItems);
        }
        if !self.namespace_exposed(r.namespace) {
            self.explain_namespace(r.namespace);
            return Err(LookupError::NsNotExposed);
        }
        if r.pod_or_svc == "pod" {
            self.find_pods(&r, &st.zone, st.qtype)
        } else {
            self.find_services(&r)
        }
    }

    /// `kubernetes.go` `findPods`: `<a-b-c-d>.<ns>.pod.<zone>`.
    fn find_pods(
        &mut self,
        r: &RecordRequest<'_>,
        zone: &str,
        qtype: RecordType,
    ) -> Result<Vec<Entry<'a>>, LookupError> {
        let mode = self.cluster.config.pods;
        if mode == PodsMode::Disabled {
            self.because(|_| Reason::PodsDisabled);
            return Err(LookupError::NoItems);
        }
        if r.service.is_empty() {
            self.because(|_| Reason::PodNamespaceEmpty {
                namespace: r.namespace.to_string(),
            });
            return Ok(Vec::new());
        }
        if !r.endpoint.is_empty() || !r.port.is_empty() {
            self.because(|_| Reason::PodExtraLabelsIgnored);
        }
        let podname = r.service;
        // The name is shown only in SRV answers (their target).
        let key = if qtype == RecordType::Srv {
            name::join_labels(&[podname, r.namespace, "pod"], zone)
        } else {
            String::new()
        };
        let (ip_text, ip) = name::undash_pod_label(podname);
        let Some(ip) = ip else {
            self.because(|_| Reason::PodLabelNotIp {
                label: podname.to_string(),
                text: ip_text.clone(),
            });
            return Err(LookupError::NoItems);
        };
        let ip = name::normalize_mapped(ip);
        // The pod that has the IP, named only in explanations.
        let owner = if self.explain {
            self.index
                .pods_with_ip(self.cluster, r.namespace, ip)
                .next()
        } else {
            None
        };
        if mode == PodsMode::Insecure {
            self.because(|_| Reason::PodsInsecure {
                label: podname.to_string(),
                ip,
                pod: owner.map(|p| (p.namespace.clone(), p.name.clone())),
            });
            return Ok(vec![Entry {
                host: Host::Ip(ip),
                port: 0,
                ttl: self.ttl,
                key: Key::Name(key),
            }]);
        }
        // `pods verified`: the pod's status.podIP (its first IP) must equal
        // the text CoreDNS built from the label, in that namespace, among
        // live pods (controller.go podListFunc excludes Succeeded, Failed
        // and Unknown; a pod being deleted stays, see below).
        let mut out = Vec::new();
        for p in self.index.pods_with_ip(self.cluster, r.namespace, ip) {
            let Some(first) = p.ips.first() else { continue };
            if first.to_string() != ip_text {
                continue;
            }
            if !object::pod_listed(p) {
                self.because(|_| Reason::PodPhaseIgnored {
                    namespace: p.namespace.clone(),
                    name: p.name.clone(),
                    phase: p.phase,
                });
                continue;
            }
            if p.terminating {
                // object/pod.go ToPod refuses a pod with a deletionTimestamp
                // (errPodTerminating), and object/informer.go
                // DefaultProcessor drops that update: the pod CoreDNS
                // already holds stays until the Deleted event.
                self.because(|_| Reason::PodTerminatingKept {
                    namespace: p.namespace.clone(),
                    name: p.name.clone(),
                });
            }
            self.because(|_| Reason::PodVerified {
                namespace: p.namespace.clone(),
                name: p.name.clone(),
                ip,
                in_namespace: r.namespace.to_string(),
            });
            out.push(Entry {
                host: Host::Ip(ip),
                port: 0,
                ttl: self.ttl,
                key: Key::Name(key.clone()),
            });
        }
        if out.is_empty() {
            if owner.is_none() {
                self.because(|_| Reason::PodVerifiedNone {
                    namespace: r.namespace.to_string(),
                    ip: ip_text.clone(),
                });
            }
            return Err(LookupError::NoItems);
        }
        Ok(out)
    }

    /// Ready addresses of a Service's slices, with the endpoint they belong
    /// to, in lookup order.
    pub(super) fn ready_addresses(
        &self,
        svc: &'a Service,
    ) -> Vec<(&'a EndpointSlice, &'a Endpoint, IpAddr)> {
        let mut out = Vec::new();
        for s in self
            .index
            .slices_of(self.cluster, &svc.namespace, &svc.name)
        {
            for ep in s.endpoints.iter().filter(|e| object::endpoint_ready(e)) {
                for a in &ep.addresses {
                    out.push((s, ep, *a));
                }
            }
        }
        out
    }

    /// Whether the Service has any ready endpoint address.
    pub(super) fn has_ready_address(&self, svc: &Service) -> bool {
        self.index
            .slices_of(self.cluster, &svc.namespace, &svc.name)
            .any(|s| {
                s.endpoints
                    .iter()
                    .any(|e| object::endpoint_ready(e) && !e.addresses.is_empty())
            })
    }

    /// `kubernetes.go` `findServices`.
    fn find_services(&mut self, r: &RecordRequest<'_>) -> Result<Vec<Entry<'a>>, LookupError> {
        if r.service.is_empty() {
            self.because(|_| Reason::ServiceNamespaceEmpty {
                namespace: r.namespace.to_string(),
            });
            return Ok(Vec::new());
        }
        let cluster = self.cluster;
        let mut err = Some(LookupError::NoItems);
        let mut out = Vec::new();
        let mut found_any = false;
        for svc in self.index.services(cluster, r.namespace, r.service) {
            found_any = true;
            if cluster.config.ignore_empty_service
                && svc.service_type != ServiceType::ExternalName
                && !svc.headless
                && !self.has_ready_address(svc)
            {
                self.because(|e| Reason::IgnoredEmptyService {
                    service: e.service_ref(svc),
                });
                continue;
            }
            if svc.service_type == ServiceType::ExternalName {
                if !r.endpoint.is_empty() || !r.port.is_empty() || !r.protocol.is_empty() {
                    self.because(|e| Reason::ExternalNameNoSubnames {
                        service: e.service_ref(svc),
                    });
                    continue;
                }
                let target = svc.external_name.clone().unwrap_or_default();
                if name::host_ip(&target).is_some() || target.is_empty() {
                    self.because(|e| Reason::ExternalNameNotAName {
                        service: e.service_ref(svc),
                        target: target.clone(),
                    });
                    continue;
                }
                self.because(|e| Reason::ExternalNameAlias {
                    service: e.service_ref(svc),
                    target: target.clone(),
                });
                out.push(Entry {
                    host: Host::Name(target),
                    port: 0,
                    ttl: self.ttl,
                    key: Key::Service(svc),
                });
                err = None;
                continue;
            }
            if svc.headless || !r.endpoint.is_empty() {
                self.explain_unready(svc);
                // An endpoint name is looked up by its name (the index keys
                // every address by `endpointHostname`, compared ignoring
                // case as `match` does), not by walking every endpoint.
                let addrs = if r.endpoint.is_empty() {
                    self.ready_addresses(svc)
                } else {
                    self.index
                        .endpoints_named(cluster, &svc.namespace, &svc.name, r.endpoint)
                        .filter(|(_, ep, _)| object::endpoint_ready(ep))
                        .collect()
                };
                // Without an endpoint label, the ready addresses are empty
                // exactly when the Service has no ready address.
                if addrs.is_empty() && (r.endpoint.is_empty() || !self.has_ready_address(svc)) {
                    let slices = self
                        .index
                        .slices_of(cluster, &svc.namespace, &svc.name)
                        .count();
                    if svc.headless {
                        self.because(|e| Reason::HeadlessNoReadyEndpoints {
                            service: e.service_ref(svc),
                            slices,
                        });
                    } else {
                        self.because(|e| Reason::NoReadyEndpointNames {
                            service: e.service_ref(svc),
                        });
                    }
                    continue;
                }
                let mut matched_ep = 0usize;
                let mut distinct: FastSet<IpAddr> = FastSet::default();
                let mut port_miss = false;
                let mut seen_slices: Vec<&str> = Vec::new();
                for (slice, ep, ip) in addrs {
                    matched_ep += 1;
                    // Only explanations count distinct IPs and slices.
                    if self.explain {
                        distinct.insert(ip);
                        if !seen_slices.contains(&slice.name.as_str()) {
                            seen_slices.push(&slice.name);
                        }
                    }
                    let ports = object::endpoint_ports(slice);
                    let mut any_port = false;
                    for p in ports {
                        let pname = p.name.as_deref().unwrap_or("");
                        if !match_port_and_protocol(r.port, pname, r.protocol, &p.protocol) {
                            continue;
                        }
                        any_port = true;
                        out.push(Entry {
                            host: Host::Ip(ip),
                            port: p.port.unwrap_or(-1),
                            ttl: self.ttl,
                            key: Key::Endpoint(svc, ep, ip),
                        });
                        err = None;
                    }
                    if !any_port {
                        port_miss = true;
                    }
                }
                let slice_list: Vec<String> = if self.explain {
                    seen_slices.iter().map(|s| s.to_string()).collect()
                } else {
                    Vec::new()
                };
                if !r.endpoint.is_empty() {
                    if matched_ep == 0 {
                        self.because(|e| Reason::EndpointNameMissing {
                            service: e.service_ref(svc),
                            label: r.endpoint.to_string(),
                            endpoint_pod_names: cluster.config.endpoint_pod_names,
                        });
                    } else {
                        self.because(|e| Reason::EndpointNameFound {
                            service: e.service_ref(svc),
                            label: r.endpoint.to_string(),
                            addresses: matched_ep,
                            distinct: distinct.len(),
                            slices: slice_list,
                        });
                    }
                } else {
                    self.because(|e| Reason::HeadlessEndpoints {
                        service: e.service_ref(svc),
                        addresses: matched_ep,
                        distinct: distinct.len(),
                        slices: slice_list,
                    });
                }
                if self.explain {
                    self.explain_headless_srv_port(svc);
                }
                if port_miss && (!r.port.is_empty() || !r.protocol.is_empty()) {
                    self.explain_port_miss(r, svc, true);
                }
                continue;
            }
            // ClusterIP, NodePort, LoadBalancer; a Service without ports
            // has the sentinel port -1 (its name answers, SRV skips it).
            let ports = object::service_ports(svc);
            let mut any = false;
            for p in ports {
                if !match_port_and_protocol(r.port, &p.name, r.protocol, &p.protocol) {
                    continue;
                }
                any = true;
                err = None;
                for ip in &svc.cluster_ips {
                    out.push(Entry {
                        host: Host::Ip(*ip),
                        port: p.port,
                        ttl: self.ttl,
                        key: Key::Service(svc),
                    });
                }
            }
            if any {
                self.because(|e| Reason::ClusterIps {
                    service: e.service_ref(svc),
                    ips: svc.cluster_ips.clone(),
                });
                if svc.ports.is_empty() {
                    self.because(|e| Reason::SentinelPort {
                        service: e.service_ref(svc),
                    });
                }
                if svc.service_type != ServiceType::ClusterIp {
                    self.because(|_| Reason::LikeClusterIp {
                        service_type: svc.service_type,
                    });
                }
            } else {
                self.explain_port_miss(r, svc, false);
            }
        }
        if !found_any {
            self.because(|_| Reason::NoService {
                namespace: r.namespace.to_string(),
                name: r.service.to_string(),
            });
        }
        match err {
            Some(e) => Err(e),
            None => Ok(out),
        }
    }

    /// `kubernetes.go` `Services`: per-type special cases, then `Records`.
    pub(super) fn services(&mut self, st: &State) -> Result<Vec<Entry<'a>>, LookupError> {
        match st.qtype {
            RecordType::Txt => {
                let t = name::trim_zone(&st.name, &st.zone);
                if t == "dns-version" {
                    self.because(|_| Reason::DnsVersion);
                    return Ok(vec![Entry {
                        host: Host::Text("1.1.0".into()),
                        port: 0,
                        ttl: 28800,
                        key: Key::Name(st.qname.to_string()),
                    }]);
                }
                let found = self.records(st);
                if matches!(&found, Ok(v) if !v.is_empty()) {
                    self.because(|_| Reason::TxtNodata);
                    return Ok(Vec::new());
                }
                if found.is_ok() {
                    self.because(|_| Reason::TxtEmptyNameQuirk);
                }
                return Err(LookupError::NoItems);
            }
            RecordType::Ns => {
                let addrs = self.ns_addrs(&st.zone);
                return Ok(addrs
                    .into_iter()
                    .map(|(n, ip)| Entry {
                        host: Host::Ip(ip),
                        port: 0,
                        ttl: self.ttl,
                        key: Key::Name(n),
                    })
                    .collect());
            }
            _ => {}
        }
        if is_default_ns(&st.name, &st.zone) {
            let addrs = self.ns_addrs(&st.zone);
            let mut out = Vec::new();
            for (_, ip) in addrs {
                let fits = match ip {
                    IpAddr::V4(_) => st.qtype == RecordType::A,
                    IpAddr::V6(_) => st.qtype == RecordType::Aaaa,
                };
                if fits {
                    out.push(Entry {
                        host: Host::Ip(ip),
                        port: 0,
                        ttl: self.ttl,
                        key: Key::Name(st.qname.to_string()),
                    });
                }
            }
            self.because(|_| Reason::DefaultNs);
            return Ok(out);
        }
        let s = self.records(st)?;
        if st.qtype != RecordType::Srv {
            return Ok(s);
        }
        let before = s.len();
        let internal: Vec<Entry<'a>> = s
            .into_iter()
            .filter(|e| !matches!(e.host, Host::Name(_)))
            .collect();
        if internal.len() < before {
            self.because(|_| Reason::SrvExternalName);
        }
        Ok(internal)
    }
}
