//! Resolving the profile: flags, then evidence in the manifests, then the
//! preset; each value validated as the component that takes it validates
//! it, each inference said out loud.

use super::ranges::{self, aligned_range, known_ranges, validate_service_cidr_spec};
use super::*;
use crate::diag::Code;
use crate::support::text::go_quote;

const CODE_FLAG: Code = Code::ProfileFlag;
const CODE_INFERRED: Code = Code::ProfileInferred;
const CODE_CONFLICT: Code = Code::ProfileConflict;
const CODE_SERVICE_CIDR: Code = Code::ProfileServiceCidr;

/// The profile the flags and the manifests make, with a diagnostic for
/// every value refused and every value inferred. Never fails: a value that
/// cannot be used is reported and the next source is taken.
///
/// `accepted[i]` says whether the API server took `objects[i]` (missing
/// entries: yes). Objects that configure the cluster (the coredns
/// ConfigMap, ServiceCIDRs) count only when accepted; evidence of what the
/// cluster did (a Service's cluster IP, a Node, a pod's IP) counts
/// whenever it decoded.
pub fn resolve(
    flags: &ProfileFlags,
    objects: &[Arc<Object>],
    accepted: &[bool],
) -> (Profile, Vec<Diagnostic>) {
    // One pass picks the few objects that can say anything about the
    // profile; the rules below read only those (a keystroke's analysis
    // pays one cheap look at each object).
    let mut relevant = Vec::new();
    let mut relevant_accepted = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        let keep = !o.decode_failed
            && match &o.resource {
                Resource::Service(_) => o.name == "kubernetes" || o.name == "kube-dns",
                Resource::ConfigMap(_) => o.name == "coredns",
                Resource::Pod(p) => p
                    .status
                    .as_ref()
                    .is_some_and(|s| s.pod_ip.is_some() || !s.pod_ips.is_empty()),
                Resource::Other => o.kind == "Node" || o.kind == "ServiceCIDR",
                _ => false,
            };
        if keep {
            relevant.push(o.clone());
            relevant_accepted.push(accepted.get(i).copied().unwrap_or(true));
        }
    }
    let mut r = Resolver {
        diags: Vec::new(),
        objects: &relevant,
        accepted: &relevant_accepted,
    };
    let profile = r.run(flags);
    (profile, r.diags)
}

struct Resolver<'a> {
    diags: Vec<Diagnostic>,
    objects: &'a [Arc<Object>],
    accepted: &'a [bool],
}

/// A piece of evidence: an address or range read from an object.
struct Evidence {
    value: String,
    source: Source,
}

fn obj_name(o: &Object) -> String {
    let mut out = format!("{} ", o.kind);
    if !matches!(o.kind.as_str(), "Node" | "ServiceCIDR" | "Namespace") {
        out.push_str(&o.namespace);
        out.push('/');
    }
    out.push_str(&o.name);
    out
}

fn location(o: &Object, field: &str) -> Location {
    let p = o.locate(field);
    Location {
        file: o.file,
        document: o.document,
        line: p.line,
        column: p.column,
    }
}

fn manifest(o: &Object, field: &str) -> Source {
    Source::Manifest {
        object: obj_name(o),
        field: field.to_string(),
        location: location(o, field),
    }
}

fn str_at<'n>(node: &'n Node, path: &str) -> Option<&'n str> {
    node.lookup(path)?.as_scalar().map(|s| s.text.as_str())
}

fn strs_at<'n>(node: &'n Node, path: &str) -> Vec<&'n str> {
    node.lookup(path)
        .and_then(Node::as_seq)
        .map(|s| {
            s.iter()
                .filter_map(|n| n.as_scalar().map(|s| s.text.as_str()))
                .collect()
        })
        .unwrap_or_default()
}

/// A flag's text. The browser bundle (built without the `profile-flags`
/// feature) has no flags to read, so their parsing and checks are left out
/// of it; [`Resolver::run`] says so if one is given there anyway.
fn flag(value: &Option<String>) -> Option<&str> {
    if cfg!(feature = "profile-flags") {
        value.as_deref()
    } else {
        None
    }
}

impl<'a> Resolver<'a> {
    fn flag_error(&mut self, flag: &str, message: String) {
        self.diags.push(Diagnostic::plain(
            Severity::Error,
            DiagnosticSource::Simulation,
            CODE_FLAG,
            format!("{flag}: {message}; ignored"),
            Location::default(),
        ));
    }

    fn said(&mut self, severity: Severity, code: Code, message: String, source: &Source) {
        let (location, object) = match source {
            Source::Manifest {
                location, object, ..
            } => (*location, Some(object.clone())),
            _ => (Location::default(), None),
        };
        let mut d = Diagnostic::plain(
            severity,
            DiagnosticSource::Simulation,
            code,
            message,
            location,
        );
        d.object = object;
        self.diags.push(d);
    }

    // `objects` holds only objects that decoded (see [`resolve`]).

    /// The last object of this kind, namespace and name.
    fn find(&self, kind: &str, namespace: Option<&str>, name: &str) -> Option<&'a Arc<Object>> {
        self.objects.iter().rev().find(|o| {
            o.kind == kind && o.name == name && namespace.is_none_or(|ns| o.namespace == ns)
        })
    }

    /// The objects of a kind.
    fn of_kind(&self, kind: &'a str) -> impl Iterator<Item = &'a Arc<Object>> {
        self.objects.iter().filter(move |o| o.kind == kind)
    }

    /// The accepted objects of a kind.
    fn accepted_of(&self, kind: &'a str) -> impl Iterator<Item = &'a Arc<Object>> {
        let accepted = self.accepted;
        self.objects
            .iter()
            .enumerate()
            .filter(move |(i, o)| o.kind == kind && accepted.get(*i).copied().unwrap_or(true))
            .map(|(_, o)| o)
    }

    fn run(&mut self, flags: &ProfileFlags) -> Profile {
        let mut preset = Preset::Kubeadm;
        let mut preset_source = Source::Preset(Preset::Kubeadm);
        if let Some(name) = flag(&flags.profile) {
            match Preset::from_name(name) {
                Some(p) => {
                    preset = p;
                    preset_source = Source::Flag("--profile");
                }
                None => {
                    let names: Vec<&str> = Preset::ALL.iter().map(|p| p.name()).collect();
                    self.flag_error(
                        "--profile",
                        format!(
                            "unknown profile {} (one of {})",
                            go_quote(name),
                            names.join(", ")
                        ),
                    );
                }
            }
        }
        if !cfg!(feature = "profile-flags") && *flags != ProfileFlags::default() {
            self.flag_error(
                "flags",
                "this build of svcdns reads no profile flags (built without the profile-flags feature)"
                    .to_string(),
            );
        }
        let mut p = Profile::from_preset(preset);
        p.preset.source = preset_source;
        self.version(flags, &mut p);
        self.service_ranges(flags, &mut p);
        self.service_cidr_objects(&mut p);
        self.nodes(&mut p);
        self.pod_ranges(flags, &mut p);
        self.node_ports(flags, &mut p);
        self.dns(flags, &mut p);
        self.conflicts(&p);
        p
    }

    fn version(&mut self, flags: &ProfileFlags, p: &mut Profile) {
        if let Some(text) = flag(&flags.kubernetes_version) {
            match KubernetesVersion::parse(text) {
                Ok(v) => {
                    p.version = Sourced {
                        value: v,
                        source: Source::Flag("--kubernetes-version"),
                    };
                    return;
                }
                Err(e) => self.flag_error("--kubernetes-version", e),
            }
        }
        // A Node's kubelet version (status.nodeInfo.kubeletVersion) is
        // the cluster's release, give or take the kubelet skew.
        for o in self.of_kind("Node") {
            let field = "status.nodeInfo.kubeletVersion";
            let Some(text) = str_at(&o.node, field) else {
                continue;
            };
            let source = manifest(o, field);
            match KubernetesVersion::parse(text) {
                Ok(v) => {
                    if v != p.version.value {
                        self.said(
                            Severity::Info,
                            CODE_INFERRED,
                            format!("Kubernetes version taken as {v} from {}", source.describe()),
                            &source,
                        );
                        p.version = Sourced { value: v, source };
                    }
                }
                Err(e) => self.said(
                    Severity::Warning,
                    CODE_INFERRED,
                    format!(
                        "{}: {e}; svcdns applies {}'s rules",
                        source.describe(),
                        p.version.value
                    ),
                    &source,
                ),
            }
            return;
        }
    }

    fn service_ranges(&mut self, flags: &ProfileFlags, p: &mut Profile) {
        if let Some(text) = flag(&flags.service_cluster_ip_range) {
            match ranges::parse_service_ranges(text, p.version.value) {
                Ok(r) => {
                    p.service_ranges = Sourced {
                        value: r,
                        source: Source::Flag("--service-cluster-ip-range"),
                    };
                    return;
                }
                Err(errs) => {
                    for e in errs {
                        self.flag_error("--service-cluster-ip-range", e);
                    }
                }
            }
        }
        // The default ServiceCIDR is the flags' ranges (pkg/controlplane/
        // controller/defaultservicecidr: named "kubernetes").
        if let Some(o) = self
            .accepted_of("ServiceCIDR")
            .filter(|o| o.name == "kubernetes")
            .last()
        {
            let cidrs = strs_at(&o.node, "spec.cidrs");
            if validate_service_cidr_spec(&cidrs).is_empty() {
                let ranges: Vec<Cidr> = cidrs.iter().filter_map(|c| Cidr::parse(c)).collect();
                let source = manifest(o, "spec.cidrs");
                if ranges != p.service_ranges.value {
                    let text = ranges
                        .iter()
                        .map(Cidr::to_string)
                        .collect::<Vec<_>>()
                        .join(",");
                    self.said(
                        Severity::Info,
                        CODE_INFERRED,
                        format!("service range taken as {text} from {}", source.describe()),
                        &source,
                    );
                }
                p.service_ranges = Sourced {
                    value: ranges,
                    source,
                };
                return;
            }
        }
        // The kubernetes Service holds the primary range's first address;
        // kube-dns usually its tenth, in every family it has.
        let mut evidence: Vec<(Evidence, u128)> = Vec::new();
        for (namespace, name, index) in [
            ("default", "kubernetes", 1),
            ("kube-system", "kube-dns", 10),
        ] {
            if let Some(o) = self.find("Service", Some(namespace), name) {
                evidence.extend(service_ips(o).into_iter().map(|e| (e, index)));
            }
        }
        let mut ranges = p.service_ranges.value.clone();
        let mut source = None;
        for (e, index) in evidence {
            let Some(ip) = crate::api::format::parse_ip_sloppy(&e.value) else {
                continue;
            };
            let family = IpFamily::of(ip);
            let slot = ranges.iter().position(|c| c.family() == family);
            if slot.is_some_and(|i| ranges[i].contains(ip)) {
                continue;
            }
            // A Service's family the preset does not have, or an address
            // outside the preset's range: the range that holds it.
            if slot.is_none() && source.is_none() && index == 1 {
                // The kubernetes Service is single-stack in the primary
                // family: this family is the primary one.
                ranges.clear();
            }
            let known = known_ranges(false, family);
            let range = known
                .into_iter()
                .find(|c| c.contains(ip))
                .unwrap_or_else(|| aligned_range(ip, index, family));
            self.adopt_range("service", &mut ranges, range, e, &mut source);
        }
        if let Some(source) = source {
            p.service_ranges = Sourced {
                value: ranges,
                source,
            };
        }
    }

    /// `ServiceCIDR` objects other than the default one: each valid CIDR
    /// gets an allocator (`MetaAllocator.syncAllocators`), ready unless the
    /// object's `Ready` condition says otherwise or it is being deleted.
    /// Puts `range`, inferred from `e`, in its family's place in `ranges`
    /// (a second family joins while there are fewer than two; a third is
    /// dropped), says so, and keeps the first evidence as the ranges'
    /// source. The service and pod ranges are inferred alike.
    fn adopt_range(
        &mut self,
        what: &str,
        ranges: &mut Vec<Cidr>,
        range: Cidr,
        e: Evidence,
        source: &mut Option<Source>,
    ) {
        match ranges.iter().position(|c| c.family() == range.family()) {
            Some(i) => ranges[i] = range,
            None if ranges.len() < 2 => ranges.push(range),
            None => return,
        }
        self.said(
            Severity::Info,
            CODE_INFERRED,
            format!(
                "{what} range taken as {range} from {} {}",
                e.source.describe(),
                e.value
            ),
            &e.source,
        );
        source.get_or_insert(e.source);
    }

    fn service_cidr_objects(&mut self, p: &mut Profile) {
        for o in self.accepted_of("ServiceCIDR") {
            if o.name == "kubernetes" {
                continue;
            }
            let cidrs = strs_at(&o.node, "spec.cidrs");
            let errs = validate_service_cidr_spec(&cidrs);
            if !errs.is_empty() {
                let source = manifest(o, "spec.cidrs");
                // One error as it is, more as a list (`[a, b]`).
                let (open, close) = if errs.len() == 1 {
                    ("", "")
                } else {
                    ("[", "]")
                };
                let message = format!(
                    "The ServiceCIDR {} is invalid: {open}{}{close}",
                    go_quote(&o.name),
                    errs.join(", ")
                );
                self.said(Severity::Error, CODE_SERVICE_CIDR, message, &source);
                continue;
            }
            let ready_condition = o
                .node
                .lookup("status.conditions")
                .and_then(Node::as_seq)
                .and_then(|cs| cs.iter().find(|c| str_at(c, "type") == Some("Ready")))
                .map(|c| str_at(c, "status") == Some("True"));
            let deleting = o
                .node
                .lookup("metadata.deletionTimestamp")
                .is_some_and(|n| !n.is_null());
            let ready = ready_condition.unwrap_or(true) && !deleting;
            let cidrs: Vec<Cidr> = cidrs.iter().filter_map(|c| Cidr::parse(c)).collect();
            // Families the cluster does not serve get no allocator
            // (one MetaAllocator per configured family).
            let served: Vec<Cidr> = cidrs
                .into_iter()
                .filter(|c| p.has_family(c.family()))
                .collect();
            p.service_cidrs.push(ServiceCidrRange {
                name: o.name.clone(),
                cidrs: served,
                ready,
                source: manifest(o, "spec.cidrs"),
            });
        }
    }

    fn nodes(&mut self, p: &mut Profile) {
        let mut nodes = Vec::new();
        let mut first = None;
        for o in self.of_kind("Node") {
            let addresses = o
                .node
                .lookup("status.addresses")
                .and_then(Node::as_seq)
                .map(|a| {
                    a.iter()
                        .filter(|n| str_at(n, "type") == Some("InternalIP"))
                        .filter_map(|n| str_at(n, "address"))
                        .filter_map(crate::api::format::parse_ip_sloppy)
                        .collect()
                })
                .unwrap_or_default();
            let mut pod_cidrs: Vec<Cidr> = strs_at(&o.node, "spec.podCIDRs")
                .into_iter()
                .filter_map(Cidr::parse)
                .collect();
            if pod_cidrs.is_empty() {
                pod_cidrs.extend(str_at(&o.node, "spec.podCIDR").and_then(Cidr::parse));
            }
            if nodes.iter().any(|n: &NodeProfile| n.name == o.name) {
                continue;
            }
            first.get_or_insert_with(|| manifest(o, "metadata.name"));
            nodes.push(NodeProfile {
                name: o.name.clone(),
                addresses,
                pod_cidrs,
            });
        }
        if let Some(source) = first {
            self.said(
                Severity::Info,
                CODE_INFERRED,
                format!(
                    "nodes taken as the {} Node objects in the manifests",
                    nodes.len()
                ),
                &source,
            );
            p.nodes = Sourced {
                value: nodes,
                source,
            };
        }
    }

    fn pod_ranges(&mut self, flags: &ProfileFlags, p: &mut Profile) {
        if let Some(text) = flag(&flags.cluster_cidr) {
            match ranges::parse_cluster_cidr(text, p.node_mask) {
                Ok(r) => {
                    p.pod_ranges = Sourced {
                        value: r,
                        source: Source::Flag("--cluster-cidr"),
                    };
                    return;
                }
                Err(e) => self.flag_error("--cluster-cidr", e),
            }
        }
        // Evidence: the nodes' podCIDRs, then pod IPs (not hostNetwork
        // pods: they carry their node's address).
        let mut evidence: Vec<Evidence> = Vec::new();
        for o in self.of_kind("Node") {
            for (i, c) in strs_at(&o.node, "spec.podCIDRs").into_iter().enumerate() {
                let field = format!("spec.podCIDRs[{i}]");
                evidence.push(Evidence {
                    value: c.to_string(),
                    source: manifest(o, &field),
                });
            }
        }
        for o in self.objects {
            let Resource::Pod(pod) = &o.resource else {
                continue;
            };
            if pod.spec.host_network == Some(true) {
                continue;
            }
            let Some(status) = &pod.status else { continue };
            let ips = if status.pod_ips.is_empty() {
                status.pod_ip.as_slice()
            } else {
                &status.pod_ips
            };
            for ip in ips {
                evidence.push(Evidence {
                    value: ip.clone(),
                    source: manifest(o, "status.podIP"),
                });
            }
        }
        let mut ranges = p.pod_ranges.value.clone();
        let mut source = None;
        for e in evidence {
            let (addr, prefix) = match Cidr::parse(&e.value) {
                Some(c) => (c.addr(), c.prefix()),
                None => match crate::api::format::parse_ip_sloppy(&e.value) {
                    Some(ip) => (ip, if ip.is_ipv4() { 32 } else { 128 }),
                    None => continue,
                },
            };
            let family = IpFamily::of(addr);
            let slot = ranges.iter().position(|c| c.family() == family);
            if slot.is_some_and(|i| ranges[i].contains(addr) && ranges[i].prefix() <= prefix) {
                continue;
            }
            if slot.is_some() && source.is_some() {
                // An address outside a range already taken from evidence:
                // keep the first word and say so.
                self.said(
                    Severity::Warning,
                    CODE_CONFLICT,
                    format!(
                        "{} {} is outside the pod range {}",
                        e.source.describe(),
                        e.value,
                        ranges[slot.unwrap_or(0)]
                    ),
                    &e.source,
                );
                continue;
            }
            let range = known_ranges(true, family)
                .into_iter()
                .find(|c| c.contains(addr) && c.prefix() <= prefix)
                .unwrap_or_else(|| {
                    let default_prefix = if family == IpFamily::IPv4 { 16 } else { 48 };
                    Cidr::new(addr, default_prefix.min(prefix))
                });
            self.adopt_range("pod", &mut ranges, range, e, &mut source);
        }
        if let Some(source) = source {
            p.pod_ranges = Sourced {
                value: ranges,
                source,
            };
        }
    }

    fn node_ports(&mut self, flags: &ProfileFlags, p: &mut Profile) {
        let Some(text) = flag(&flags.service_node_port_range) else {
            return;
        };
        match PortRange::parse(text) {
            Ok(r) if r.size == 0 => self.flag_error(
                "--service-node-port-range",
                "the range is empty: no NodePort could be allocated".to_string(),
            ),
            Ok(r) => {
                p.node_ports = Sourced {
                    value: r,
                    source: Source::Flag("--service-node-port-range"),
                }
            }
            Err(e) => self.flag_error("--service-node-port-range", e),
        }
    }

    fn dns(&mut self, flags: &ProfileFlags, p: &mut Profile) {
        let coredns = self.find("ConfigMap", Some("kube-system"), "coredns");
        let mut corefile_zone = None;
        if let Some(o) = coredns {
            if let Resource::ConfigMap(cm) = &o.resource {
                if let Some(text) = cm.data.get("Corefile") {
                    p.corefile = Sourced {
                        value: text.clone(),
                        source: manifest(o, "data.Corefile"),
                    };
                    corefile_zone = crate::cluster::corefile::parse_corefile(text)
                        .0
                        .map(|c| c.zone);
                }
            }
        }
        let mut domain_set = false;
        if let Some(text) = flag(&flags.cluster_domain) {
            let domain = text.trim_end_matches('.').to_ascii_lowercase();
            let errs = crate::api::format::dns1123_subdomain(&domain);
            if errs.is_empty() {
                p.cluster_domain = Sourced {
                    value: domain,
                    source: Source::Flag("--cluster-domain"),
                };
                domain_set = true;
            } else {
                self.flag_error(
                    "--cluster-domain",
                    format!("Invalid value: {}: {}", go_quote(text), errs.join(", ")),
                );
            }
        }
        if !domain_set {
            if let Some(zone) = corefile_zone {
                if let Some(o) = coredns {
                    let source = manifest(o, "data.Corefile");
                    if zone != p.cluster_domain.value {
                        self.said(
                            Severity::Info,
                            CODE_INFERRED,
                            format!("cluster domain taken as {zone} from {}", source.describe()),
                            &source,
                        );
                    }
                    p.cluster_domain = Sourced {
                        value: zone,
                        source,
                    };
                }
            }
        }
        // kube-dns's address: the Service's, else the tenth of the primary
        // service range (kubeadm's GetDNSIP, k3s's cluster-dns default).
        if let Some(o) = self.find("Service", Some("kube-system"), "kube-dns") {
            if let Some(e) = service_ips(o).into_iter().next() {
                if let Some(ip) = crate::api::format::parse_ip_sloppy(&e.value) {
                    p.dns_ip = Sourced {
                        value: ip,
                        source: e.source,
                    };
                    return;
                }
            }
        }
        if let Some(ip) = p
            .service_ranges
            .value
            .first()
            .and_then(|c| c.nth(DNS_INDEX))
        {
            p.dns_ip = Sourced {
                value: ip,
                source: p.service_ranges.source.clone(),
            };
        }
    }

    /// Ranges that cannot work together.
    fn conflicts(&mut self, p: &Profile) {
        for s in &p.service_ranges.value {
            for pod in &p.pod_ranges.value {
                if s.overlaps(pod) {
                    let source = p.pod_ranges.source.clone();
                    self.said(
                        Severity::Warning,
                        CODE_CONFLICT,
                        format!(
                            "the service range {s} ({}) overlaps the pod range {pod} ({}): a pod's address can equal a Service's cluster IP",
                            p.service_ranges.source.describe(),
                            source.describe()
                        ),
                        &source,
                    );
                }
            }
        }
        if p.service_range_holding(p.dns_ip.value).is_none() {
            let source = p.dns_ip.source.clone();
            self.said(
                Severity::Warning,
                CODE_CONFLICT,
                format!(
                    "kube-dns's address {} ({}) is outside every service range",
                    p.dns_ip.value,
                    source.describe()
                ),
                &source,
            );
        }
    }
}

/// A Service's written cluster IPs, each with its field (`spec.clusterIPs`,
/// else `spec.clusterIP`), `None` and empty left out.
fn service_ips(o: &Object) -> Vec<Evidence> {
    let mut out = Vec::new();
    let Resource::Service(s) = &o.resource else {
        return out;
    };
    let mut add = |field: &str, ip: &String| {
        if !ip.is_empty() && ip != "None" {
            out.push(Evidence {
                value: ip.clone(),
                source: manifest(o, field),
            });
        }
    };
    if s.spec.cluster_ips.is_empty() {
        if let Some(ip) = &s.spec.cluster_ip {
            add("spec.clusterIP", ip);
        }
    } else {
        for (i, ip) in s.spec.cluster_ips.iter().enumerate() {
            add(&format!("spec.clusterIPs[{i}]"), ip);
        }
    }
    out
}
