//! One question, one answer: what CoreDNS's `kubernetes` plugin replies.
//!
//! The structure follows the plugin so that each rule can be traced to its
//! source: [`answer`] is `handler.go` `ServeDNS`; `Engine::services` is
//! `kubernetes.go` `Services`; `Engine::records` is `Records` with
//! `parse.go` `parseRequest`; `find_services`/`find_pods` are the functions
//! of the same name; `a_lookup`, `srv`, `ptr`, ... are
//! `plugin/backend_lookup.go` `A`, `SRV`, `PTR`, ...; `ns_addrs` is `ns.go`
//! `nsAddrs`; `service_record_for_ip` is `reverse.go`.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::net::IpAddr;

use super::name;
use super::record::{RData, Rcode, Record, RecordType};
use crate::cluster::{
    Cluster, ClusterIndex, Endpoint, EndpointSlice, Origin, PodPhase, PodsMode, Service,
    ServicePort, ServiceType, TargetPort,
};
use crate::support::keymap::{FastSet, KeyMap};
use crate::support::text::go_quote;

/// The question section: the name as asked (made absolute) and the type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    /// The name as asked, with a trailing dot added if it had none.
    pub name: String,
    /// The question type.
    pub qtype: RecordType,
}

/// A DNS response, plus why it is what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// The question.
    pub question: Question,
    /// The response code. NOERROR with an empty answer is NODATA.
    pub rcode: Rcode,
    /// The AA bit: set on every answer the kubernetes plugin writes.
    pub authoritative: bool,
    /// The answer section, in the order CoreDNS builds it.
    pub answer: Vec<Record>,
    /// The authority section: the zone's SOA on negative answers.
    pub authority: Vec<Record>,
    /// The additional section (SRV target addresses, NS glue).
    pub additional: Vec<Record>,
    /// Short sentences naming the objects and rules behind the answer.
    pub explanation: Vec<String>,
    /// The kubernetes plugin hands this question to the next plugin
    /// (`forward`): the name is outside its zones, or it is a reverse-zone
    /// name error under `fallthrough`. What upstream says is not simulated.
    pub upstream: bool,
}

impl Response {
    /// NOERROR with an empty answer section (RFC 2308 §2.2 "NODATA").
    pub fn is_nodata(&self) -> bool {
        self.rcode == Rcode::NoError && self.answer.is_empty() && !self.upstream
    }

    /// NOERROR with at least one answer record.
    pub fn has_answers(&self) -> bool {
        self.rcode == Rcode::NoError && !self.answer.is_empty()
    }

    /// A dig-like summary: `NOERROR`, `NODATA`, `NXDOMAIN`, `UPSTREAM`...
    pub fn status(&self) -> &'static str {
        if self.upstream {
            "UPSTREAM"
        } else if self.is_nodata() {
            "NODATA"
        } else {
            self.rcode.as_str()
        }
    }
}

/// Name errors of the plugin (`kubernetes.go` `IsNameError`): each becomes
/// NXDOMAIN, or goes to the next plugin under `fallthrough`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LookupError {
    /// `errNoItems`: nothing matches.
    NoItems,
    /// `errNsNotExposed`: the namespace does not exist or is not served.
    NsNotExposed,
    /// `errInvalidRequest`: the name does not fit the grammar.
    InvalidRequest,
}

/// What a lookup entry points at (`msg.Service.Host` and its `HostType`).
#[derive(Clone, Debug, PartialEq)]
enum Host {
    Ip(IpAddr),
    /// A name: ExternalName targets (CNAME).
    Name(String),
    /// The text of the `dns-version` TXT record.
    Text(String),
}

/// One `msg.Service` entry: a host, a port, a TTL and the name it lives
/// under (CoreDNS's `Key`, here already as a domain name).
#[derive(Clone, Debug)]
struct Entry<'a> {
    host: Host,
    /// -1 when the slice has no ports (the plugin's sentinel).
    port: i32,
    ttl: u32,
    /// The owner name this entry stands for (SRV target, NS name).
    key: Key<'a>,
}

/// The name an [`Entry`] stands for, built only when an answer shows it
/// (SRV targets, NS names): an A lookup over thousands of endpoints never
/// formats their names.
#[derive(Clone, Debug)]
enum Key<'a> {
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
struct State<'q> {
    /// The question name, absolute, original case (`QName`).
    qname: Cow<'q, str>,
    /// The same, lower case (`Name`).
    name: Cow<'q, str>,
    /// The matched zone in the question's case (`Zone`).
    zone: Cow<'q, str>,
    qtype: RecordType,
}

impl State<'_> {
    /// `NewWithQuestion`: same zone, another name or type.
    fn with_question(&self, qname: &str, qtype: RecordType) -> State<'static> {
        let qname = name::fqdn(qname);
        State {
            name: Cow::Owned(qname.to_ascii_lowercase()),
            qname: Cow::Owned(qname),
            zone: Cow::Owned(self.zone.to_string()),
            qtype,
        }
    }
}

/// `parse.go` `recordRequest`, borrowing the (lower-case) question name.
#[derive(Clone, Debug, Default)]
struct RecordRequest<'n> {
    port: &'n str,
    protocol: &'n str,
    endpoint: &'n str,
    service: &'n str,
    namespace: &'n str,
    pod_or_svc: &'n str,
}

/// CoreDNS's `kubernetes.go` `match`: equal ignoring case.
fn matches(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// `matchPortAndProtocol`: an empty request part matches anything.
fn match_port_and_protocol(a_port: &str, b_port: &str, a_proto: &str, b_proto: &str) -> bool {
    (a_port.is_empty() || matches(a_port, b_port))
        && (a_proto.is_empty() || matches(a_proto, b_proto))
}

fn strip_underscore(s: &str) -> &str {
    s.strip_prefix('_').unwrap_or(s)
}

/// `dnsutil.Join`: `label.zone.`, minding the root zone.
fn join(prefix: &str, zone: &str) -> String {
    join_labels(&[prefix], zone)
}

/// [`join`] of labels: `a.b.c.zone.`.
fn join_labels(labels: &[&str], zone: &str) -> String {
    let mut out =
        String::with_capacity(labels.iter().map(|l| l.len() + 1).sum::<usize>() + zone.len());
    for l in labels {
        out.push_str(l);
        out.push('.');
    }
    if zone != "." {
        out.push_str(zone);
    }
    out
}

/// `[<endpoint>.]<service>.<ns>.svc.<zone>` (`dnsutil.Join` of the labels and
/// the zone), built without `format!`: SRV answers build thousands.
fn service_name(endpoint: Option<&str>, svc: &Service, zone: &str) -> String {
    named_service_name(endpoint, &svc.name, &svc.namespace, zone)
}

/// [`service_name`] from the Service's name and namespace.
fn named_service_name(endpoint: Option<&str>, svc: &str, namespace: &str, zone: &str) -> String {
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

/// The labels of a name from the right, as `rsplit('.')` gives them, by a
/// byte scan (every question is parsed).
struct RightToLeft<'n>(Option<&'n str>);

impl<'n> Iterator for RightToLeft<'n> {
    type Item = &'n str;
    fn next(&mut self) -> Option<&'n str> {
        let s = self.0?;
        match s.bytes().rposition(|b| b == b'.') {
            Some(dot) => {
                self.0 = s.get(..dot);
                s.get(dot + 1..)
            }
            None => self.0.take(),
        }
    }
}

/// `parse.go` `parseRequest`. `name` is lower case.
///
/// "1. `_port._protocol.service.namespace.pod|svc.zone` 2. (endpoint):
/// `endpoint.service.namespace.pod|svc.zone` 3. (service):
/// `service.namespace.pod|svc.zone`". Three or more labels left of the
/// service are "too long" (the opt-in `zonal` grammar is not simulated).
fn parse_request<'n>(name: &'n str, zone: &str) -> Result<RecordRequest<'n>, LookupError> {
    let mut r = RecordRequest::default();
    let base = name::trim_zone(name, zone);
    if base.is_empty() || base == "svc" || base == "pod" {
        return Ok(r);
    }
    // Labels right to left: pod|svc, namespace, service, then at most two.
    let mut labels = RightToLeft(Some(base));
    let last = labels.next().unwrap_or("");
    if last != "svc" && last != "pod" {
        return Err(LookupError::InvalidRequest);
    }
    r.pod_or_svc = last;
    let Some(ns) = labels.next() else {
        return Ok(r);
    };
    r.namespace = ns;
    let Some(svc) = labels.next() else {
        return Ok(r);
    };
    r.service = svc;
    match (labels.next(), labels.next(), labels.next()) {
        (None, _, _) => {}
        (Some(endpoint), None, _) => r.endpoint = endpoint,
        (Some(protocol), Some(port), None) => {
            r.protocol = strip_underscore(protocol);
            r.port = strip_underscore(port);
        }
        _ => return Err(LookupError::InvalidRequest),
    }
    Ok(r)
}

/// The plugin's zones: the cluster zone, then the stanza's other zones
/// (kubeadm: the two reverse zones), lower case and absolute.
pub(crate) fn zones(cluster: &Cluster) -> Vec<String> {
    let mut zones = vec![primary_zone(cluster)];
    for z in &cluster.config.other_zones {
        zones.push(name::fqdn(&z.trim().to_ascii_lowercase()));
    }
    zones
}

/// `fall.F.Through`: whether a name error for `qname` goes on to the next
/// plugin, and the `fallthrough` line that sends it.
fn falls_through(cluster: &Cluster, qname: &str) -> Option<String> {
    let zones = cluster.config.fallthrough.as_ref()?;
    let through = zones.is_empty()
        || zones
            .iter()
            .any(|z| name::is_subdomain(&name::fqdn(z), qname));
    through.then(|| {
        ["fallthrough", &zones.join(" ")]
            .join(" ")
            .trim_end()
            .to_string()
    })
}

/// The cluster zone from the config, lower case and absolute.
pub(crate) fn primary_zone(cluster: &Cluster) -> String {
    let z = cluster
        .config
        .zone
        .trim()
        .trim_end_matches('.')
        .to_ascii_lowercase();
    if z.is_empty() {
        ".".to_string()
    } else {
        format!("{z}.")
    }
}

/// `plugin.Zones.Matches`: the longest zone the name is in (the first of
/// two as long). A zone not longer than one already matched is not
/// compared (the cluster zone comes first, and most names are in it).
fn match_zone<'z>(zones: &'z [String], qname: &str) -> Option<&'z str> {
    let mut best: Option<&'z str> = None;
    for z in zones {
        if best.is_none_or(|b| z.len() > b.len()) && name::is_subdomain(z, qname) {
            best = Some(z);
        }
    }
    best
}

/// A short description of where an object came from.
pub(crate) fn describe_origin(origin: &Origin) -> String {
    match origin {
        Origin::Manifest(loc) => format!("from line {} of the manifests", loc.line),
        Origin::Controller {
            controller, owner, ..
        } => format!("made by the {controller} from {owner}"),
        Origin::Builtin => "built into every kubeadm cluster".to_string(),
    }
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

fn is_ready(ep: &Endpoint) -> bool {
    // object/endpoint.go endpointsliceReady: "ready is true or unset".
    ep.ready.unwrap_or(true)
}

/// Record an explanation, formatting it only when explanations are wanted
/// (the zone listing asks thousands of questions and shows no reasons).
macro_rules! note {
    ($eng:expr, $($arg:tt)*) => {
        if $eng.explain {
            let text = format!($($arg)*);
            $eng.note(text);
        }
    };
}

/// Most explanation sentences one answer carries; a Service with thousands
/// of endpoints would otherwise explain each one.
const MAX_NOTES: usize = 40;

/// The plugin's state for one question.
pub(crate) struct Engine<'a> {
    pub(crate) cluster: &'a Cluster,
    pub(crate) index: &'a ClusterIndex,
    ttl: u32,
    primary: &'a str,
    pub(crate) notes: Vec<String>,
    /// Notes left out past [`MAX_NOTES`].
    notes_omitted: usize,
    /// Whether to write explanations at all.
    pub(crate) explain: bool,
    /// Whether to build the additional section (SRV target addresses).
    additional: bool,
    /// Set when an ExternalName chain leaves the cluster zone.
    upstream_target: Option<String>,
}

impl<'a> Engine<'a> {
    pub(crate) fn new(cluster: &'a Cluster, index: &'a ClusterIndex) -> Engine<'a> {
        Engine {
            cluster,
            index,
            ttl: cluster.config.ttl,
            primary: &index.primary_zone,
            notes: Vec::new(),
            notes_omitted: 0,
            explain: true,
            additional: true,
            upstream_target: None,
        }
    }

    fn note(&mut self, s: impl Into<String>) {
        if !self.explain {
            return;
        }
        let s = s.into();
        // At most MAX_NOTES notes are kept, so a scan is cheaper than a set.
        if self.notes.contains(&s) {
            return;
        }
        if self.notes.len() >= MAX_NOTES {
            self.notes_omitted += 1;
            return;
        }
        self.notes.push(s);
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

    /// "pod default/web-0, from StatefulSet/default/web": what an endpoint's
    /// targetRef points at, and that pod's owner.
    pub(crate) fn endpoint_target(&self, ep: &Endpoint) -> String {
        match &ep.target_ref {
            Some(r) if r.kind == "Pod" => {
                let owner = self
                    .index
                    .pod(self.cluster, &r.namespace, &r.name)
                    .and_then(|p| p.owner.as_ref())
                    .map(|o| format!(", from {o}"))
                    .unwrap_or_default();
                format!("pod {}/{}{owner}", r.namespace, r.name)
            }
            Some(r) => r.to_string(),
            None => "no targetRef".to_string(),
        }
    }

    /// The name an entry stands for, under `zone` (the zone as asked).
    fn key_name(&self, key: &Key<'_>, zone: &str) -> String {
        match key {
            Key::Name(n) => n.clone(),
            Key::Service(svc) => service_name(None, svc, zone),
            Key::Endpoint(svc, ep, ip) => {
                service_name(Some(&self.endpoint_hostname(ep, ip)), svc, zone)
            }
        }
    }

    /// "10.244.1.5 (pod default/web-0, from StatefulSet/default/web)".
    pub(crate) fn describe_endpoint(&self, ep: &Endpoint) -> String {
        let addrs: Vec<String> = ep.addresses.iter().map(|a| a.to_string()).collect();
        let addrs = addrs.join(", ");
        if ep.target_ref.is_some() {
            format!("{addrs} ({})", self.endpoint_target(ep))
        } else {
            addrs
        }
    }

    pub(crate) fn describe_slice(&self, s: &EndpointSlice) -> String {
        format!(
            "EndpointSlice {}/{}, {}",
            s.namespace,
            s.name,
            describe_origin(&s.origin)
        )
    }

    fn describe_service(&self, s: &Service) -> String {
        let kind = if s.headless {
            "headless Service".to_string()
        } else {
            format!("{} Service", s.service_type.as_str())
        };
        format!(
            "{kind} {}/{} ({})",
            s.namespace,
            s.name,
            describe_origin(&s.origin)
        )
    }

    /// `kubernetes.go` `Records`.
    fn records(&mut self, st: &State) -> Result<Vec<Entry<'a>>, LookupError> {
        let r = match parse_request(&st.name, &st.zone) {
            Ok(r) => r,
            Err(e) => {
                self.explain_invalid(st);
                return Err(e);
            }
        };
        if r.pod_or_svc.is_empty() {
            note!(
                self,
                "{} exists but holds no records of its own (parse.go parseRequest: \
                 the zone, svc.<zone> and pod.<zone> are empty names)",
                st.qname
            );
            return Ok(Vec::new());
        }
        if name::is_reverse(&st.name) {
            self.note(
                "a svc/pod-shaped name inside a reverse zone has no records \
                 (kubernetes.go Records: errNoItems for reverse names)",
            );
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

    fn explain_invalid(&mut self, st: &State) {
        let base = name::trim_zone(&st.name, &st.zone);
        let segs: Vec<&str> = base.split('.').collect();
        let class = segs.last().copied().unwrap_or("");
        if class != "svc" && class != "pod" {
            note!(
                self,
                "below the zone, the last label must be svc or pod, and it is {} \
                 (CoreDNS plugin/kubernetes parse.go parseRequest)",
                go_quote(class)
            );
        } else {
            note!(
                self,
                "{} has {} labels left of the service name; 1 is an endpoint, 2 are \
                 _port._protocol, more is \"too long\" (parse.go parseRequest)",
                st.qname,
                segs.len().saturating_sub(3)
            );
        }
    }

    fn explain_namespace(&mut self, ns: &str) {
        let cfg = &self.cluster.config.namespaces;
        if !cfg.is_empty() && !cfg.iter().any(|n| n == ns) {
            note!(
                self,
                "namespace {} is not in the plugin's `namespaces` list, so it is not \
                 served (namespace.go namespaceExposed)",
                go_quote(ns)
            );
        } else {
            note!(
                self,
                "there is no Namespace {}; CoreDNS answers only for namespaces that \
                 exist (namespace.go namespaceExposed)",
                go_quote(ns)
            );
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
            self.note(
                "the plugin runs with `pods disabled` (the plugin default; kubeadm sets \
                 `pods insecure`), so nothing under pod.<zone> exists (kubernetes.go findPods)",
            );
            return Err(LookupError::NoItems);
        }
        if r.service.is_empty() {
            note!(
                self,
                "namespace {} exists; {}.pod.<zone> itself has no records",
                r.namespace,
                r.namespace
            );
            return Ok(Vec::new());
        }
        if !r.endpoint.is_empty() || !r.port.is_empty() {
            self.note(
                "labels left of the pod label are ignored (parse.go reads them as an \
                 endpoint or port/protocol, which findPods never looks at)",
            );
        }
        let podname = r.service;
        // The name is shown only in SRV answers (their target).
        let key = if qtype == RecordType::Srv {
            join_labels(&[podname, r.namespace, "pod"], zone)
        } else {
            String::new()
        };
        let (ip_text, ip) = name::undash_pod_label(podname);
        let Some(ip) = ip else {
            note!(
                self,
                "pod label {} does not read as an IP address ({}); pod names \
                 are never resolvable under pod.<zone>, only a-b-c-d dashed IPs (findPods)",
                go_quote(podname),
                go_quote(&ip_text)
            );
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
            if self.explain {
                let who = match owner {
                    Some(p) => format!(" (it is the IP of pod {}/{})", p.namespace, p.name),
                    None => " (no pod in that namespace has it, which `insecure` does not check)"
                        .to_string(),
                };
                note!(
                    self,
                    "`pods insecure`: {podname} reads as {ip}, and any IP-shaped label in an \
                     existing namespace answers{who} (kubernetes.go findPods)"
                );
            }
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
            if matches!(
                p.phase,
                PodPhase::Succeeded | PodPhase::Failed | PodPhase::Unknown
            ) {
                note!(
                    self,
                    "pod {}/{} has that IP but is in phase {:?}; `pods verified` ignores it",
                    p.namespace,
                    p.name,
                    p.phase
                );
                continue;
            }
            if p.terminating {
                // object/pod.go ToPod refuses a pod with a deletionTimestamp
                // (errPodTerminating), and object/informer.go
                // DefaultProcessor drops that update: the pod CoreDNS
                // already holds stays until the Deleted event.
                note!(
                    self,
                    "pod {}/{} is being deleted, but CoreDNS keeps the pod it knew from before: \
                     it drops the update that sets deletionTimestamp (object/pod.go ToPod, \
                     object/informer.go DefaultProcessor) and forgets the pod only when it is \
                     deleted (a CoreDNS started during the deletion would not know it)",
                    p.namespace,
                    p.name
                );
            }
            note!(
                self,
                "`pods verified`: pod {}/{} has status.podIP {ip} in namespace {} (findPods)",
                p.namespace,
                p.name,
                r.namespace
            );
            out.push(Entry {
                host: Host::Ip(ip),
                port: 0,
                ttl: self.ttl,
                key: Key::Name(key.clone()),
            });
        }
        if out.is_empty() {
            if owner.is_none() {
                note!(
                    self,
                    "`pods verified`: no live pod in namespace {} has status.podIP {ip_text} \
                     (findPods)",
                    r.namespace
                );
            }
            return Err(LookupError::NoItems);
        }
        Ok(out)
    }

    /// Ready addresses of a Service's slices, with the endpoint they belong
    /// to, in lookup order.
    fn ready_addresses(&self, svc: &'a Service) -> Vec<(&'a EndpointSlice, &'a Endpoint, IpAddr)> {
        let mut out = Vec::new();
        for s in self
            .index
            .slices_of(self.cluster, &svc.namespace, &svc.name)
        {
            for ep in s.endpoints.iter().filter(|e| is_ready(e)) {
                for a in &ep.addresses {
                    out.push((s, ep, *a));
                }
            }
        }
        out
    }

    /// Whether the Service has any ready endpoint address.
    fn has_ready_address(&self, svc: &Service) -> bool {
        self.index
            .slices_of(self.cluster, &svc.namespace, &svc.name)
            .any(|s| {
                s.endpoints
                    .iter()
                    .any(|e| is_ready(e) && !e.addresses.is_empty())
            })
    }

    fn explain_unready(&mut self, svc: &Service) {
        if !self.explain {
            return;
        }
        let cluster = self.cluster;
        for s in self.index.slices_of(cluster, &svc.namespace, &svc.name) {
            for ep in s.endpoints.iter().filter(|e| !is_ready(e)) {
                let extra = if ep.terminating == Some(true) {
                    " (terminating; serving/terminating are ignored)"
                } else {
                    ""
                };
                let msg = format!(
                    "endpoint {} in EndpointSlice {}/{} has ready=false{extra}, so it is left out \
                     (CoreDNS keeps an endpoint only when conditions.ready is true or unset)",
                    self.describe_endpoint(ep),
                    s.namespace,
                    s.name
                );
                self.note(msg);
            }
        }
    }

    /// `kubernetes.go` `findServices`.
    fn find_services(&mut self, r: &RecordRequest<'_>) -> Result<Vec<Entry<'a>>, LookupError> {
        if r.service.is_empty() {
            note!(
                self,
                "namespace {} exists, so {}.svc.<zone> is an empty name: NODATA, not NXDOMAIN",
                r.namespace,
                r.namespace
            );
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
                note!(
                    self,
                    "{} has no ready endpoints and the plugin runs with `ignore empty_service`, \
                     so it is treated as absent (kubernetes.go findServices; \
                     handler_ignore_emptyservice_test.go)",
                    self.describe_service(svc)
                );
                continue;
            }
            if svc.service_type == ServiceType::ExternalName {
                if !r.endpoint.is_empty() || !r.port.is_empty() || !r.protocol.is_empty() {
                    note!(
                        self,
                        "{} has no endpoints and no ports: any label below its name is NXDOMAIN \
                         (findServices skips ExternalName when endpoint, port or protocol is set)",
                        self.describe_service(svc)
                    );
                    continue;
                }
                let target = svc.external_name.clone().unwrap_or_default();
                if name::host_ip(&target).is_some() || target.is_empty() {
                    note!(
                        self,
                        "{} has externalName {}, which is an IP address (or empty), not a \
                         name; CoreDNS serves only name targets, so the Service gives NXDOMAIN \
                         (findServices: HostType must be CNAME)",
                        self.describe_service(svc),
                        go_quote(&target)
                    );
                    continue;
                }
                note!(
                    self,
                    "{} is an alias for {target} (kubernetes/dns specification 1.1.0 §2.5: \
                     ExternalName gives a CNAME)",
                    self.describe_service(svc)
                );
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
                        .filter(|(_, ep, _)| is_ready(ep))
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
                        note!(self,
                            "{} has no ready endpoints ({slices} EndpointSlice(s)), so its name does \
                             not exist: NXDOMAIN (kubernetes/dns specification 1.1.0 §2.4.1: \
                             \"If there are no ready endpoints for the Service, the lookup \
                             results in a 'NXDOMAIN' response\")",
                            self.describe_service(svc)
                        );
                    } else {
                        note!(
                            self,
                            "{} has no ready endpoints, so no endpoint name exists under it",
                            self.describe_service(svc)
                        );
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
                    let sentinel = [crate::cluster::EndpointPort {
                        name: None,
                        protocol: String::new(),
                        port: Some(-1),
                    }];
                    let ports: &[crate::cluster::EndpointPort] = if slice.ports.is_empty() {
                        &sentinel
                    } else {
                        &slice.ports
                    };
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
                let slice_list = if self.explain {
                    seen_slices.join(", ")
                } else {
                    String::new()
                };
                if !r.endpoint.is_empty() {
                    if matched_ep == 0 {
                        note!(
                            self,
                            "no ready endpoint of {} is named {}; endpoint names are the slice's \
                             hostname, {}else the dashed IP, and an endpoint with a hostname is \
                             not reachable by its dashed IP (kubernetes.go endpointHostname)",
                            self.describe_service(svc),
                            go_quote(r.endpoint),
                            if cluster.config.endpoint_pod_names {
                                "then the pod name (endpoint_pod_names), "
                            } else {
                                ""
                            }
                        );
                    } else {
                        note!(self,
                            "{} has {matched_ep} ready endpoint address(es) named {} ({} distinct IP(s); EndpointSlice \
                             {slice_list}); endpoint names exist for headless and ClusterIP \
                             Services alike (kubernetes.go findServices)",
                            self.describe_service(svc),
                            go_quote(r.endpoint),
                            distinct.len()
                        );
                    }
                } else {
                    note!(self,
                        "{} has {matched_ep} ready endpoint address(es), {} distinct IP(s) (EndpointSlice {slice_list}); \
                         a headless name answers with the endpoints, not a cluster IP \
                         (kubernetes/dns specification 1.1.0 §2.4.1)",
                        self.describe_service(svc),
                        distinct.len()
                    );
                }
                if self.explain {
                    self.explain_headless_srv_port(svc);
                }
                if port_miss && (!r.port.is_empty() || !r.protocol.is_empty()) {
                    self.explain_port_miss(r, svc, true);
                }
                continue;
            }
            // ClusterIP, NodePort, LoadBalancer. `object/service.go`
            // `ToService`: "Add sentinel if there are no ports": a Service
            // without ports gets one unnamed port -1, so its name still
            // answers with its cluster IP (and SRV skips the entry).
            let sentinel;
            let ports: &[ServicePort] = if svc.ports.is_empty() {
                sentinel = [ServicePort {
                    name: String::new(),
                    protocol: String::new(),
                    port: -1,
                    target_port: TargetPort::Number(0),
                }];
                &sentinel
            } else {
                &svc.ports
            };
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
                note!(
                    self,
                    "{} has cluster IP(s) {}; its name answers with them whatever its endpoints \
                     (kubernetes/dns specification 1.1.0 §2.3.1; CoreDNS findServices)",
                    self.describe_service(svc),
                    svc.cluster_ips
                        .iter()
                        .map(|i| i.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                if svc.ports.is_empty() {
                    note!(
                        self,
                        "{} has no ports: CoreDNS gives such a Service one sentinel port (-1), so \
                         its name answers with the cluster IP while SRV gives no record for it \
                         (object/service.go ToService; the API server refuses a ClusterIP Service \
                         without ports, so only a what-if reaches this)",
                        self.describe_service(svc)
                    );
                }
                if svc.service_type != ServiceType::ClusterIp {
                    note!(
                        self,
                        "a {} Service answers exactly like a ClusterIP one; externalIPs and \
                         load-balancer ingress IPs are never served here (that is the k8s_external \
                         plugin)",
                        svc.service_type.as_str()
                    );
                }
            } else {
                self.explain_port_miss(r, svc, false);
            }
        }
        if !found_any {
            note!(
                self,
                "there is no Service {}/{} (kubernetes.go findServices starts from errNoItems)",
                r.namespace,
                r.service
            );
        }
        match err {
            Some(e) => Err(e),
            None => Ok(out),
        }
    }

    /// Blog posts show headless SRV answers with the Service's port; CoreDNS
    /// answers the EndpointSlice's port (the pod's target port). Say so
    /// whenever the two differ.
    fn explain_headless_srv_port(&mut self, svc: &Service) {
        let mut differ: Vec<(i32, i32)> = Vec::new();
        for s in self
            .index
            .slices_of(self.cluster, &svc.namespace, &svc.name)
        {
            for ep in &s.ports {
                let Some(port) = ep.port else { continue };
                let name = ep.name.as_deref().unwrap_or("");
                if let Some(sp) = svc
                    .ports
                    .iter()
                    .find(|p| p.name == name && p.protocol == ep.protocol)
                {
                    if sp.port != port && !differ.contains(&(sp.port, port)) {
                        differ.push((sp.port, port));
                    }
                }
            }
        }
        for (service_port, slice_port) in differ {
            note!(
                self,
                "its SRV records carry port {slice_port}, the EndpointSlice port (the pods' \
                 targetPort), not the Service port {service_port}: for a headless Service CoreDNS \
                 never reads the Service's ports (kubernetes.go findServices; the DNS \
                 specification says \"port in the Service\", CoreDNS differs)"
            );
        }
    }

    fn explain_port_miss(&mut self, r: &RecordRequest<'_>, svc: &Service, headless: bool) {
        let ports: Vec<String> = if headless {
            let mut v = Vec::new();
            for s in self
                .index
                .slices_of(self.cluster, &svc.namespace, &svc.name)
            {
                for p in &s.ports {
                    let n = p.name.as_deref().unwrap_or("");
                    let d = format!(
                        "{}/{} {}",
                        if n.is_empty() { "(unnamed)" } else { n },
                        p.protocol,
                        p.port.unwrap_or(-1)
                    );
                    if !v.contains(&d) {
                        v.push(d);
                    }
                }
            }
            v
        } else {
            svc.ports
                .iter()
                .map(|p| {
                    format!(
                        "{}/{} {}",
                        if p.name.is_empty() {
                            "(unnamed)"
                        } else {
                            &p.name
                        },
                        p.protocol,
                        p.port
                    )
                })
                .collect()
        };
        let which = if headless {
            "EndpointSlice ports"
        } else {
            "Service ports"
        };
        note!(
            self,
            "_{}._{} matches none of the {which} of {}/{} [{}] (names and protocols compare \
             case-insensitively; unnamed ports have no _port._proto SRV name)",
            r.port,
            r.protocol,
            svc.namespace,
            svc.name,
            ports.join(", ")
        );
    }

    /// `kubernetes.go` `Services`: per-type special cases, then `Records`.
    fn services(&mut self, st: &State) -> Result<Vec<Entry<'a>>, LookupError> {
        match st.qtype {
            RecordType::Txt => {
                let t = name::trim_zone(&st.name, &st.zone);
                if t == "dns-version" {
                    self.note(
                        "dns-version.<zone> holds the schema version, TTL 28800 whatever `ttl` \
                         says (kubernetes/dns specification 1.1.0 §2.1; kubernetes.go Services)",
                    );
                    return Ok(vec![Entry {
                        host: Host::Text("1.1.0".into()),
                        port: 0,
                        ttl: 28800,
                        key: Key::Name(st.qname.to_string()),
                    }]);
                }
                let found = self.records(st);
                if matches!(&found, Ok(v) if !v.is_empty()) {
                    self.note(
                        "the name has records of other types, so TXT is NODATA \
                         (kubernetes.go Services, TXT branch)",
                    );
                    return Ok(Vec::new());
                }
                if found.is_ok() {
                    self.note(
                        "quirk: TXT is NODATA only on names that have records; an empty but \
                         existing name gives NXDOMAIN for TXT, although A on it is NODATA \
                         (kubernetes.go Services, TXT branch)",
                    );
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
            self.note(
                "ns.dns.<zone> answers with the name server addresses (ns.go nsAddrs; \
                 kubernetes.go Services isDefaultNS)",
            );
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
            self.note(
                "SRV is not served for ExternalName Services: CoreDNS drops CNAME entries for \
                 SRV (kubernetes.go Services), so the answer is NODATA",
            );
        }
        Ok(internal)
    }

    /// The IPs of the CoreDNS pod that answers: the first pod labelled
    /// `k8s-app=kube-dns` in `kube-system`, else the first ready endpoint of
    /// `kube-system/kube-dns`.
    fn coredns_ips(&mut self) -> Vec<IpAddr> {
        let cluster = self.cluster;
        if let Some(p) = self.index.pods_in(cluster, "kube-system").find(|p| {
            p.namespace == "kube-system"
                && p.labels.get("k8s-app").map(String::as_str) == Some("kube-dns")
                && !p.ips.is_empty()
        }) {
            note!(
                self,
                "the answering CoreDNS replica is pod kube-system/{} ({}); each replica looks \
                 for the EndpointSlices that contain its own IP (ns.go nsAddrs)",
                p.name,
                p.ips
                    .iter()
                    .map(|i| i.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            return p.ips.clone();
        }
        for s in self.index.slices_of(cluster, "kube-system", "kube-dns") {
            if let Some(ep) = s.endpoints.iter().find(|e| is_ready(e)) {
                if !ep.addresses.is_empty() {
                    note!(
                        self,
                        "the answering CoreDNS replica is endpoint {} of kube-system/kube-dns; \
                         each replica looks for the EndpointSlices that contain its own IP \
                         (ns.go nsAddrs)",
                        self.describe_endpoint(ep)
                    );
                    return ep.addresses.clone();
                }
            }
        }
        Vec::new()
    }

    /// `ns.go` `nsAddrs`: names and addresses of the Services whose
    /// endpoints include the answering CoreDNS pod's IPs; with none,
    /// `ns.dns.<zone>` and the pod's own addresses.
    pub(crate) fn ns_addrs(&mut self, zone: &str) -> Vec<(String, IpAddr)> {
        let local = self.coredns_ips();
        let cluster = self.cluster;
        let mut out = Vec::new();
        let mut found = false;
        for ip in &local {
            for slice in self.index.slices_with_address(cluster, *ip) {
                let holds = slice
                    .endpoints
                    .iter()
                    .filter(|e| is_ready(e))
                    .any(|e| e.addresses.contains(ip));
                if !holds {
                    continue;
                }
                found = true;
                let Some(sname) = slice.service_name.as_deref() else {
                    continue;
                };
                for svc in self
                    .index
                    .services(cluster, &slice.namespace, sname)
                    .filter(|s| s.name == sname && s.namespace == slice.namespace)
                {
                    let svc_name = join(&format!("{}.{}.svc", svc.name, svc.namespace), zone);
                    if svc.headless {
                        for ep in slice.endpoints.iter().filter(|e| is_ready(e)) {
                            for a in &ep.addresses {
                                let h = self.endpoint_hostname(ep, a);
                                out.push((format!("{h}.{svc_name}"), *a));
                            }
                        }
                    } else {
                        for c in &svc.cluster_ips {
                            out.push((svc_name.clone(), *c));
                        }
                    }
                }
            }
        }
        if !found {
            for ip in &local {
                out.push((join("ns.dns", zone), *ip));
            }
        }
        out
    }

    /// `backend_lookup.go` `A` / `AAAA`, with CNAME chasing.
    fn a_lookup(
        &mut self,
        st: &State,
        v6: bool,
        previous: &[Record],
    ) -> Result<Vec<Record>, LookupError> {
        // checkForApex first asks for apex.dns.<zone>, which the kubernetes
        // plugin never has (parse error, a name error), and then falls back
        // to the name itself: the same as asking Services directly.
        let services = self.services(st)?;
        // Sized once: each entry gives at most one record (CNAME chains aside).
        let mut records = Vec::with_capacity(services.len());
        let mut dup: FastSet<IpAddr> = FastSet::default();
        // One entry cannot repeat an address.
        let single = services.len() == 1;
        for serv in services {
            match serv.host {
                Host::Name(target) => {
                    let target = name::fqdn(&target);
                    if name::is_subdomain(&st.name, &target) {
                        note!(
                            self,
                            "{target} is at or below {}; CoreDNS skips such a CNAME as a loop",
                            st.qname
                        );
                        continue;
                    }
                    let cname = Record {
                        owner: st.qname.to_string(),
                        ttl: serv.ttl,
                        rdata: RData::Cname(target.clone()),
                    };
                    if previous.len() > 10 {
                        self.note("the CNAME chain is longer than 10; CoreDNS stops following it");
                        continue;
                    }
                    if previous
                        .iter()
                        .any(|p| p.owner == cname.owner && p.rdata == cname.rdata)
                    {
                        self.note("the CNAME chain loops; CoreDNS stops following it");
                        continue;
                    }
                    if name::is_subdomain(&st.zone, &target) {
                        let st1 = st.with_question(&target, st.qtype);
                        let mut chain = previous.to_vec();
                        chain.push(cname.clone());
                        match self.a_lookup(&st1, v6, &chain) {
                            Ok(next) if !next.is_empty() => {
                                note!(
                                    self,
                                    "{target} is in the cluster zone, so CoreDNS resolves it \
                                     itself and adds its records after the CNAME \
                                     (backend_lookup.go A)"
                                );
                                records.push(cname);
                                records.extend(next);
                            }
                            _ => {
                                note!(
                                    self,
                                    "{target} is in the cluster zone but has no {} records, so \
                                     CoreDNS leaves the CNAME out as well and the answer is \
                                     NODATA (backend_lookup.go A)",
                                    st.qtype
                                );
                            }
                        }
                    } else {
                        note!(
                            self,
                            "{target} is outside the cluster zone: CoreDNS looks it up through \
                             its own plugin chain (forward to the upstream resolvers) and appends \
                             what comes back after the CNAME; that upstream answer is not \
                             simulated (plugin/pkg/upstream Lookup)"
                        );
                        if self.upstream_target.is_none() {
                            self.upstream_target = Some(target);
                        }
                        records.push(cname);
                    }
                }
                Host::Ip(ip) => match ip {
                    IpAddr::V4(a) if !v6 && (single || dup.insert(ip)) => {
                        records.push(Record {
                            owner: st.qname.to_string(),
                            ttl: serv.ttl,
                            rdata: RData::A(a),
                        });
                    }
                    IpAddr::V6(a) if v6 && (single || dup.insert(ip)) => {
                        records.push(Record {
                            owner: st.qname.to_string(),
                            ttl: serv.ttl,
                            rdata: RData::Aaaa(a),
                        });
                    }
                    _ => {}
                },
                Host::Text(_) => {}
            }
        }
        Ok(records)
    }

    /// `backend_lookup.go` `SRV`: weight `floor(100/N)` (at least 1) where
    /// N counts every entry the lookup returned; (target, port) duplicates
    /// and port -1 entries are skipped but still counted.
    fn srv(&mut self, st: &State) -> Result<(Vec<Record>, Vec<Record>), LookupError> {
        let services = self.services(st)?;
        let n = services.len().max(1);
        let weight = ((100 / n) as u16).max(1);
        let mut records = Vec::with_capacity(services.len());
        let mut extra = Vec::new();
        // (target, port) and (target, address) pairs seen, targets compared
        // ignoring case.
        let mut dup_srv = KeyMap::default();
        let mut dup_addr = KeyMap::default();
        // One entry cannot repeat a pair.
        let single = services.len() == 1;
        let mut portless = 0;
        for serv in &services {
            if serv.port == -1 {
                portless += 1;
                continue;
            }
            let Host::Ip(ip) = serv.host else { continue };
            let port = serv.port as u16;
            let target = self.key_name(&serv.key, &st.zone);
            let folded = crate::support::text::lower(&target);
            // The pairs seen are those of the records so far: a few are
            // compared directly, without hashing.
            let new_srv = single
                || if services.len() <= 16 {
                    !records.iter().any(|r: &Record| {
                        matches!(&r.rdata, RData::Srv { port: p, target: t, .. }
                            if *p == port && t.eq_ignore_ascii_case(&target))
                    })
                } else {
                    dup_srv.insert(&[folded.as_bytes(), &port.to_le_bytes()])
                };
            let (v4, v6);
            let octets: &[u8] = match ip {
                IpAddr::V4(a) => {
                    v4 = a.octets();
                    &v4
                }
                IpAddr::V6(a) => {
                    v6 = a.octets();
                    &v6
                }
            };
            if self.additional && (single || dup_addr.insert(&[folded.as_bytes(), octets])) {
                extra.push(address_record(&target, serv.ttl, ip));
            }
            if new_srv {
                records.push(Record {
                    owner: st.qname.to_string(),
                    ttl: serv.ttl,
                    rdata: RData::Srv {
                        priority: 0,
                        weight,
                        port,
                        target,
                    },
                });
            }
        }
        if !services.is_empty() {
            note!(
                self,
                "SRV weight is floor(100/N) with N = {} lookup entries (every port × address, \
                 both families, port-less entries included), so {weight}; priority is 0; \
                 duplicate (target, port) pairs are dropped (backend_lookup.go SRV)",
                services.len()
            );
        }
        if portless > 0 {
            self.note(
                "entries without a port (an EndpointSlice with no ports, or a Service's \
                 sentinel port) carry port -1 and give no SRV record (they still count in N)",
            );
        }
        Ok((records, extra))
    }

    /// `backend_lookup.go` `CNAME`: the first entry, if it is a name.
    fn cname(&mut self, st: &State) -> Result<Vec<Record>, LookupError> {
        let services = self.services(st)?;
        let mut out = Vec::new();
        if let Some(first) = services.first() {
            if let Host::Name(t) = &first.host {
                out.push(Record {
                    owner: st.qname.to_string(),
                    ttl: first.ttl,
                    rdata: RData::Cname(name::fqdn(t)),
                });
            }
        }
        Ok(out)
    }

    /// `backend_lookup.go` `TXT`.
    fn txt(&mut self, st: &State) -> Result<Vec<Record>, LookupError> {
        let services = self.services(st)?;
        let mut out: Vec<Record> = Vec::new();
        for s in services {
            if let Host::Text(t) = s.host {
                let r = Record {
                    owner: st.qname.to_string(),
                    ttl: s.ttl,
                    rdata: RData::Txt(vec![t]),
                };
                if !out.contains(&r) {
                    out.push(r);
                }
            }
        }
        Ok(out)
    }

    /// `reverse.go` `serviceRecordForIP`: a cluster IP gives exactly one
    /// name (the first Service that has it); otherwise every ready endpoint
    /// address equal to the IP gives `<ep>.<svc>.<ns>.svc.<zone>`.
    pub(crate) fn service_record_for_ip(&mut self, ip: IpAddr) -> Vec<String> {
        let cluster = self.cluster;
        let restricted = !cluster.config.namespaces.is_empty();
        for svc in self.index.services_with_cluster_ip(cluster, ip) {
            if restricted && !self.namespace_exposed(&svc.namespace) {
                continue;
            }
            note!(
                self,
                "{ip} is a cluster IP of {}; a cluster IP gets exactly one PTR, to the Service \
                 name (kubernetes/dns specification 1.1.0 §2.3.4; reverse.go serviceRecordForIP)",
                self.describe_service(svc)
            );
            return vec![service_name(None, svc, self.primary)];
        }
        let mut out = Vec::new();
        for slice in self.index.slices_with_address(cluster, ip) {
            if restricted && !self.namespace_exposed(&slice.namespace) {
                continue;
            }
            for ep in slice.endpoints.iter() {
                for a in ep.addresses.iter().filter(|a| **a == ip) {
                    if !is_ready(ep) {
                        if self.explain {
                            let msg = format!(
                                "endpoint {} in {} is not ready, so it gets no PTR",
                                self.describe_endpoint(ep),
                                self.describe_slice(slice)
                            );
                            self.note(msg);
                        }
                        continue;
                    }
                    let Some(sname) = slice.service_name.as_deref() else {
                        note!(
                            self,
                            "EndpointSlice {}/{} has no kubernetes.io/service-name label, so it \
                             names no Service and gives no usable PTR",
                            slice.namespace,
                            slice.name
                        );
                        continue;
                    };
                    let h = self.endpoint_hostname(ep, a);
                    let target =
                        named_service_name(Some(&h), sname, &slice.namespace, self.primary);
                    if self.explain {
                        let msg = format!(
                            "{ip} is a ready endpoint ({}) in {} of Service {}/{sname}, so it \
                             points to {target} (reverse.go serviceRecordForIP)",
                            self.endpoint_target(ep),
                            self.describe_slice(slice),
                            slice.namespace
                        );
                        self.note(msg);
                    }
                    out.push(target);
                }
            }
        }
        out
    }

    /// `backend_lookup.go` `PTR` with `reverse.go` `Reverse`.
    fn ptr(&mut self, st: &State) -> Result<Vec<Record>, LookupError> {
        let Some(ip) = name::address_from_reverse(&st.name) else {
            // Not a complete reverse name: Records decides between name
            // error and NODATA, and its records are dropped.
            if !name::is_reverse(&st.name) {
                self.note(
                    "PTR is answered only for complete reverse names; a forward name that \
                     exists gives NODATA (reverse.go Reverse)",
                );
            } else {
                self.note(
                    "the name is not a complete address under the reverse zone (for example \
                     0.10.in-addr.arpa.), so nothing points from it (reverse.go Reverse)",
                );
            }
            self.records(st)?;
            return Ok(Vec::new());
        };
        let ip = name::normalize_mapped(ip);
        let targets = self.service_record_for_ip(ip);
        if targets.is_empty() {
            note!(
                self,
                "{ip} is neither a cluster IP nor a ready endpoint address; pod IPs that are not \
                 endpoints, externalIPs and load-balancer IPs have no PTR (reverse.go)"
            );
            return Err(LookupError::NoItems);
        }
        let mut out: Vec<Record> = Vec::new();
        for t in targets {
            let r = Record {
                owner: st.qname.to_string(),
                ttl: self.ttl,
                rdata: RData::Ptr(t),
            };
            if !out.contains(&r) {
                out.push(r);
            }
        }
        Ok(out)
    }

    /// `backend_lookup.go` `NS`: one NS per distinct name, glue for each
    /// address.
    fn ns(&mut self, st: &State) -> Result<(Vec<Record>, Vec<Record>), LookupError> {
        let st_ns = st.with_question(&join("ns.dns", &st.zone), RecordType::Ns);
        let services = self.services(&st_ns)?;
        let mut records = Vec::new();
        let mut extra = Vec::new();
        if services.is_empty() {
            self.note(
                "no CoreDNS pod is in the cluster, so its own address is unknown; CoreDNS would \
                 name ns.dns.<zone> with the IPs it is bound to (ns.go nsAddrs fallback)",
            );
            records.push(Record {
                owner: st.qname.to_string(),
                ttl: self.ttl,
                rdata: RData::Ns(join("ns.dns", &st.zone)),
            });
            return Ok((records, extra));
        }
        let mut seen = BTreeSet::new();
        for s in services {
            let Host::Ip(ip) = s.host else { continue };
            let key = self.key_name(&s.key, &st.zone);
            extra.push(address_record(&key, s.ttl, ip));
            if seen.insert(key.clone()) {
                records.push(Record {
                    owner: st.qname.to_string(),
                    ttl: s.ttl,
                    rdata: RData::Ns(key),
                });
            }
        }
        self.note(
            "the apex NS names the Service whose endpoints include the CoreDNS pod, with its \
             cluster IP as glue (ns.go nsAddrs)",
        );
        Ok((records, extra))
    }

    /// `backend_lookup.go` `SOA`: TTL `min(ttl, 300)`, minimum `ttl`.
    pub(crate) fn soa(&self, zone: &str) -> Record {
        let ttl = self.ttl;
        Record {
            owner: zone.to_string(),
            ttl: ttl.min(300),
            rdata: RData::Soa {
                mname: join("ns.dns", zone),
                rname: join("hostmaster", zone),
                serial: self.cluster.config.soa_serial,
                refresh: 7200,
                retry: 1800,
                expire: 86400,
                minimum: ttl,
            },
        }
    }
}

/// `ns.go` `isDefaultNS`, including its quirk: the lower-cased name is
/// searched for the zone in the question's case, so `ns.dns.CLUSTER.local.`
/// does not match.
fn is_default_ns(name: &str, zone: &str) -> bool {
    name.starts_with("ns.dns.") && name.find(zone) == Some("ns.dns.".len())
}

fn address_record(owner: &str, ttl: u32, ip: IpAddr) -> Record {
    Record {
        owner: owner.to_string(),
        ttl,
        rdata: match ip {
            IpAddr::V4(a) => RData::A(a),
            IpAddr::V6(a) => RData::Aaaa(a),
        },
    }
}

/// What CoreDNS's kubernetes plugin (with the cluster's [`crate::cluster::DnsConfig`])
/// answers to one question. Never panics; any string is accepted.
///
/// The flow is `handler.go` `ServeDNS`: names outside the plugin's zones go
/// to the next plugin; AXFR/IXFR are REFUSED; SOA is answered only at the
/// apex ("below the apex, SOA on any name is NODATA"); NS only at the apex;
/// other types (ANY, HINFO, ...) "do a fake A lookup, so we can distinguish
/// between NODATA and NXDOMAIN". A name error becomes NXDOMAIN (or goes on
/// under `fallthrough` for the reverse zones); an empty result is NODATA;
/// both carry the zone's SOA in the authority section.
///
/// The cluster's lookup tables are built on the first question and reused
/// (see [`Cluster::index`]).
pub fn answer(cluster: &Cluster, qname: &str, qtype: RecordType) -> Response {
    Kubernetes::new(cluster).answer(qname, qtype)
}

/// The kubernetes plugin serving one cluster: the cluster plus its lookup
/// tables (CoreDNS's informer caches), built once for many questions.
pub struct Kubernetes<'a> {
    cluster: &'a Cluster,
    index: std::sync::Arc<ClusterIndex>,
}

impl<'a> Kubernetes<'a> {
    /// Index the cluster.
    pub fn new(cluster: &'a Cluster) -> Kubernetes<'a> {
        Kubernetes {
            cluster,
            index: cluster.index(),
        }
    }

    /// The cluster served.
    pub fn cluster(&self) -> &'a Cluster {
        self.cluster
    }

    /// The lookup tables.
    pub(crate) fn index(&self) -> &ClusterIndex {
        &self.index
    }

    /// Answer one question, exactly as [`answer`] does.
    pub fn answer(&self, qname: &str, qtype: RecordType) -> Response {
        answer_indexed(self.cluster, &self.index, qname, qtype, Detail::Explained)
    }

    /// The same answer without explanations (for listings that show none).
    pub fn answer_unexplained(&self, qname: &str, qtype: RecordType) -> Response {
        answer_indexed(self.cluster, &self.index, qname, qtype, Detail::Unexplained)
    }

    /// Only the answer section of the same answer: no explanations, no
    /// additional or authority records (the zone listing).
    pub(crate) fn answer_section(&self, qname: &str, qtype: RecordType) -> Vec<Record> {
        answer_indexed(self.cluster, &self.index, qname, qtype, Detail::AnswerOnly).answer
    }

    /// Every record served, exactly as [`super::zone`] lists them.
    pub fn zone(&self) -> Vec<Record> {
        super::zone::zone_of(self)
    }

    /// Resolve like a client pod, exactly as [`super::resolve`] does.
    pub fn resolve(
        &self,
        name: &str,
        qtype: RecordType,
        client_namespace: &str,
    ) -> super::Resolution {
        super::resolve::resolve_with(self, name, qtype, client_namespace)
    }
}

/// How much of a response to build.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Detail {
    /// Everything, with explanations.
    Explained,
    /// Everything but explanations.
    Unexplained,
    /// The answer section only.
    AnswerOnly,
}

fn answer_indexed(
    cluster: &Cluster,
    index: &ClusterIndex,
    qname: &str,
    qtype: RecordType,
    detail: Detail,
) -> Response {
    let qname = qname.trim();
    // Most questions (all of the zone listing's) are absolute already.
    let asked = if qname.ends_with('.') {
        Cow::Borrowed(qname)
    } else {
        Cow::Owned(name::fqdn(qname))
    };
    let mut resp = respond(cluster, index, &asked, qtype, detail);
    // The answer section alone needs no question.
    if detail != Detail::AnswerOnly {
        resp.question.name = asked.into_owned();
    }
    resp
}

/// The response to the absolute name `asked`, with the question's name
/// left empty.
fn respond(
    cluster: &Cluster,
    index: &ClusterIndex,
    asked: &str,
    qtype: RecordType,
    detail: Detail,
) -> Response {
    let explain = detail == Detail::Explained;
    let mut resp = Response {
        question: Question {
            name: String::new(),
            qtype,
        },
        rcode: Rcode::NoError,
        authoritative: false,
        answer: Vec::new(),
        authority: Vec::new(),
        additional: Vec::new(),
        explanation: Vec::new(),
        upstream: false,
    };
    if let Err(e) = name::check(asked) {
        resp.rcode = Rcode::FormErr;
        resp.explanation.push(format!(
            "{} is not a valid domain name: {e}; a stub resolver or dig refuses to send \
             it, so CoreDNS never sees it (RFC 1035 §2.3.4)",
            go_quote(asked)
        ));
        return resp;
    }
    let Some(zone) = match_zone(&index.zones, asked) else {
        resp.upstream = true;
        resp.explanation.push(format!(
            "{asked} is outside the kubernetes plugin's zones ({}), so CoreDNS passes it to the \
             next plugin (forward, to the node's upstream resolvers); that answer is not simulated",
            zones(cluster).join(", ")
        ));
        return resp;
    };
    // handler.go: "maintain case of original query".
    let zone_q: &str = asked
        .get(asked.len().saturating_sub(zone.len())..)
        .unwrap_or(zone);
    let st = State {
        name: crate::support::text::lower(asked),
        qname: Cow::Borrowed(asked),
        zone: Cow::Borrowed(zone_q),
        qtype,
    };
    let mut eng = Engine::new(cluster, index);
    eng.explain = explain;
    eng.additional = detail != Detail::AnswerOnly;
    let mut extra = Vec::new();
    let result: Result<Vec<Record>, LookupError> = match qtype {
        RecordType::A => eng.a_lookup(&st, false, &[]),
        RecordType::Aaaa => eng.a_lookup(&st, true, &[]),
        RecordType::Txt => eng.txt(&st),
        RecordType::Cname => eng.cname(&st),
        RecordType::Ptr => eng.ptr(&st),
        RecordType::Mx => {
            eng.note("no MX records exist in the cluster zone; MX gives NODATA or NXDOMAIN");
            eng.services(&st).map(|_| Vec::new())
        }
        RecordType::Srv => eng.srv(&st).map(|(r, x)| {
            extra = x;
            r
        }),
        RecordType::Soa => {
            if asked.len() == zone_q.len() {
                note!(
                    eng,
                    "{zone_q} is the apex of a zone the plugin serves; its SOA has TTL \
                     min(ttl, 300) and the `ttl` option as minimum (backend_lookup.go SOA)"
                );
                Ok(vec![eng.soa(zone_q)])
            } else {
                eng.note(
                    "SOA exists only at the zone apex; below it SOA is NODATA for every name, \
                     existing or not (handler.go ServeDNS)",
                );
                Ok(Vec::new())
            }
        }
        RecordType::Axfr | RecordType::Ixfr => {
            resp.rcode = Rcode::Refused;
            resp.explanation.push(
                "zone transfers are REFUSED by the kubernetes plugin itself; only the `transfer` \
                 plugin (not in kubeadm's Corefile) serves them (handler.go ServeDNS)"
                    .into(),
            );
            return resp;
        }
        RecordType::Ns if st.name == st.zone => eng.ns(&st).map(|(r, x)| {
            extra = x;
            r
        }),
        other => {
            if other == RecordType::Ns {
                if name::eq(&st.name, &st.zone) {
                    eng.note(
                        "quirk: the apex test for NS compares the lower-cased name with the zone \
                         in the question's case, so an apex NS asked with capitals is treated \
                         like any other name (handler.go ServeDNS)",
                    );
                } else {
                    eng.note(
                        "NS exists only at the apex; below it the plugin does a fake A lookup",
                    );
                }
            } else if other == RecordType::Any {
                eng.note(
                    "ANY never returns records from this plugin: it does a fake A lookup only to \
                     choose between NODATA and NXDOMAIN (handler.go ServeDNS default branch)",
                );
            } else {
                note!(
                    eng,
                    "the plugin has no {other} records; it does a fake A lookup only to choose \
                     between NODATA and NXDOMAIN (handler.go ServeDNS default branch)"
                );
            }
            let fake = State {
                qtype: RecordType::A,
                ..st.clone()
            };
            eng.a_lookup(&fake, false, &[]).map(|_| Vec::new())
        }
    };
    let mut explanation = std::mem::take(&mut eng.notes);
    if eng.notes_omitted > 0 {
        explanation.push(format!(
            "... and {} more note(s) like these, left out",
            eng.notes_omitted
        ));
    }
    let upstream_target = eng.upstream_target.take();
    match result {
        Err(_) => {
            if let Some(line) = falls_through(cluster, asked) {
                resp.rcode = Rcode::NxDomain;
                resp.upstream = true;
                explanation.push(format!(
                    "the kubernetes plugin has no such name, and `{line}` hands it to the next \
                     plugin (forward) instead of answering NXDOMAIN (handler.go ServeDNS); the \
                     upstream answer (usually NXDOMAIN for private ranges) is not simulated"
                ));
            } else {
                resp.rcode = Rcode::NxDomain;
                resp.authoritative = true;
                if detail != Detail::AnswerOnly {
                    resp.authority.push(eng.soa(zone_q));
                }
                if explain {
                    explanation.push(format!(
                        "NXDOMAIN: the name does not exist; the authority section carries the SOA \
                         of {zone_q} with TTL min(ttl, 300) (backend_lookup.go BackendError)"
                    ));
                }
            }
        }
        Ok(records) if records.is_empty() => {
            resp.rcode = Rcode::NoError;
            resp.authoritative = true;
            if detail != Detail::AnswerOnly {
                resp.authority.push(eng.soa(zone_q));
            }
            if explain {
                explanation.push(format!(
                    "NODATA: the name exists but has no {qtype} records; the authority section \
                     carries the SOA of {zone_q} (backend_lookup.go BackendError with NOERROR)"
                ));
            }
        }
        Ok(records) => {
            resp.rcode = Rcode::NoError;
            resp.authoritative = true;
            let addr_count = records
                .iter()
                .filter(|r| matches!(r.rdata, RData::A(_) | RData::Aaaa(_)))
                .count();
            if explain
                && (addr_count > 1
                    || records
                        .iter()
                        .filter(|r| r.record_type() == RecordType::Srv)
                        .count()
                        > 1)
            {
                explanation.push(
                    "order: CoreDNS keeps the order of the endpoints within an EndpointSlice, \
                     but takes the slices from client-go's index (a Go map), so their order \
                     varies; kubeadm's Corefile also has `loadbalance`, which shuffles the \
                     answer every time. Clients must not rely on the order shown here"
                        .into(),
                );
            }
            if let Some(t) = upstream_target {
                explanation.push(format!(
                    "the records of {t} would follow the CNAME, from upstream; not simulated"
                ));
            }
            resp.answer = records;
            resp.additional = extra;
        }
    }
    resp.explanation = explanation;
    resp
}
