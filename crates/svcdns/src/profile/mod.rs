//! The cluster profile: the one place that says how the simulated cluster
//! is configured. Service ranges (one per family; two make the cluster
//! dual-stack) and the ranges `ServiceCIDR` objects add, pod ranges and
//! each node's share, the nodes and their addresses, the NodePort range,
//! the cluster domain, the Kubernetes minor whose rules apply and the
//! CoreDNS Corefile.
//!
//! A value comes from one of three places, and the first that has one
//! wins: a flag ([`ProfileFlags`], named as the component that takes it
//! names it), the manifests (evidence a cluster leaves in them: the
//! `default/kubernetes` Service, kube-dns, Node objects, pod IPs, the
//! `kube-system/coredns` ConfigMap, a `ServiceCIDR` named `kubernetes`),
//! or the preset ([`Preset`]). Each value remembers where it came from
//! ([`Source`]), so the playground and the info diagnostics can say
//! "service range taken as 10.43.0.0/16 from Service default/kubernetes".
//!
//! Bad values are diagnostics, never failures: a flag that does not parse,
//! or that kube-apiserver or kube-controller-manager would refuse to start
//! with, is reported in their words and the next source is used.

mod net;
mod presets;

pub use net::{Cidr, IpFamily, KubernetesVersion, PortRange};
pub use presets::{
    Preset, PresetDefaults, CLUSTER_DOMAIN, DNS_INDEX, EKS_COREFILE, K3S_COREFILE,
    KUBEADM_COREFILE, NODE_MASK,
};

use crate::api::{Object, Resource};
use crate::cluster::corefile::parse_corefile;
use crate::cluster::DnsConfig;
use crate::diag::{Code, Diagnostic, DiagnosticSource, Location, Severity};
use crate::yaml::Node;
use std::net::IpAddr;
use std::sync::Arc;

/// Where a profile value comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The preset's default.
    Preset(Preset),
    /// A flag, by its name (`--service-cluster-ip-range`).
    Flag(&'static str),
    /// Evidence in the manifests: the object (`Service default/kubernetes`),
    /// the field read and where it is written.
    Manifest {
        /// `Kind namespace/name` (cluster-scoped: `Kind name`).
        object: String,
        /// The field read (`spec.clusterIP`).
        field: String,
        /// Where the field is written.
        location: Location,
    },
}

impl Source {
    /// How the source reads in a sentence: `the kubeadm preset`, `flag
    /// --cluster-cidr`, `Service default/kubernetes (spec.clusterIP)`.
    pub fn describe(&self) -> String {
        match self {
            Source::Preset(p) => format!("the {} preset", p.name()),
            Source::Flag(f) => format!("flag {f}"),
            Source::Manifest { object, field, .. } => format!("{object} ({field})"),
        }
    }
}

/// A profile value and where it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sourced<T> {
    /// The value.
    pub value: T,
    /// Where it comes from.
    pub source: Source,
}

impl<T> Sourced<T> {
    fn preset(value: T, preset: Preset) -> Self {
        Sourced {
            value,
            source: Source::Preset(preset),
        }
    }
}

/// A node of the profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeProfile {
    /// `metadata.name`.
    pub name: String,
    /// `status.addresses` of type `InternalIP`.
    pub addresses: Vec<IpAddr>,
    /// `spec.podCIDRs` (empty: the profile hands out the next per-node range).
    pub pod_cidrs: Vec<Cidr>,
}

/// A `networking.k8s.io/v1` `ServiceCIDR` object's contribution: the ranges
/// the MetaAllocator makes an allocator for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceCidrRange {
    /// The ServiceCIDR's name.
    pub name: String,
    /// `spec.cidrs`.
    pub cidrs: Vec<Cidr>,
    /// Whether its allocators take new addresses (`isReady` and no
    /// `deletionTimestamp`).
    pub ready: bool,
    /// The object and where it is written.
    pub source: Source,
}

/// How the cluster is configured: the single source of truth every stage
/// reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    /// The preset the defaults come from (`--profile`, else kubeadm).
    pub preset: Sourced<Preset>,
    /// The service ranges (`--service-cluster-ip-range`, the default
    /// `kubernetes` ServiceCIDR): primary first, at most one per family.
    pub service_ranges: Sourced<Vec<Cidr>>,
    /// Ranges other `ServiceCIDR` objects add.
    pub service_cidrs: Vec<ServiceCidrRange>,
    /// The pod ranges (`--cluster-cidr`), at most one per family.
    pub pod_ranges: Sourced<Vec<Cidr>>,
    /// Per-node pod range prefix lengths (IPv4, IPv6).
    pub node_mask: (u8, u8),
    /// The nodes.
    pub nodes: Sourced<Vec<NodeProfile>>,
    /// `--service-node-port-range`.
    pub node_ports: Sourced<PortRange>,
    /// The cluster domain.
    pub cluster_domain: Sourced<String>,
    /// kube-dns's cluster IP.
    pub dns_ip: Sourced<IpAddr>,
    /// kube-apiserver's address (the `kubernetes` Service's endpoint).
    pub api_server: Sourced<IpAddr>,
    /// The Kubernetes minor whose rules apply.
    pub version: Sourced<KubernetesVersion>,
    /// The CoreDNS Corefile.
    pub corefile: Sourced<String>,
}

impl Default for Profile {
    fn default() -> Self {
        Profile::from_preset(Preset::Kubeadm)
    }
}

/// The flags that set profile values, as the shells received them
/// (unparsed: the core parses them, so both shells report the same
/// diagnostics).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ProfileFlags {
    /// `--profile NAME`.
    pub profile: Option<String>,
    /// `--service-cluster-ip-range CIDR[,CIDR]` (kube-apiserver).
    pub service_cluster_ip_range: Option<String>,
    /// `--cluster-cidr CIDR[,CIDR]` (kube-controller-manager).
    pub cluster_cidr: Option<String>,
    /// `--service-node-port-range A-B` (kube-apiserver).
    pub service_node_port_range: Option<String>,
    /// `--cluster-domain` (kubelet).
    pub cluster_domain: Option<String>,
    /// `--kubernetes-version 1.NN`.
    pub kubernetes_version: Option<String>,
}

impl ProfileFlags {
    /// The flags' names as the CLI takes them, in the order of
    /// [`ProfileFlags::values`] and [`ProfileFlags::slots`] (the Cluster
    /// control and share links address the flags by this index).
    pub const NAMES: [&'static str; 6] = [
        "--profile",
        "--service-cluster-ip-range",
        "--cluster-cidr",
        "--service-node-port-range",
        "--cluster-domain",
        "--kubernetes-version",
    ];

    /// The flags' values, in [`ProfileFlags::NAMES`]'s order.
    pub fn values(&self) -> [&Option<String>; 6] {
        [
            &self.profile,
            &self.service_cluster_ip_range,
            &self.cluster_cidr,
            &self.service_node_port_range,
            &self.cluster_domain,
            &self.kubernetes_version,
        ]
    }

    /// The flags' values to set, in [`ProfileFlags::NAMES`]'s order.
    pub fn slots(&mut self) -> [&mut Option<String>; 6] {
        [
            &mut self.profile,
            &mut self.service_cluster_ip_range,
            &mut self.cluster_cidr,
            &mut self.service_node_port_range,
            &mut self.cluster_domain,
            &mut self.kubernetes_version,
        ]
    }
}

/// One value of the profile in effect, as the Cluster control shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileRow<'a> {
    /// What the value is (`service ranges`).
    pub label: &'static str,
    /// The value as text (`10.43.0.0/16`).
    pub value: String,
    /// Where it comes from.
    pub source: &'a Source,
    /// The flag that sets it (an index into [`ProfileFlags::NAMES`]), if
    /// one does.
    pub flag: Option<usize>,
}

impl Profile {
    /// A preset's profile, every value from the preset.
    pub fn from_preset(preset: Preset) -> Profile {
        let d = preset.defaults();
        let service_ranges = ranges::cidrs(&[d.service_ranges]);
        let dns_ip = service_ranges
            .first()
            .and_then(|c| c.nth(DNS_INDEX))
            .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
        let ip = |text: &str| {
            text.parse()
                .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED))
        };
        let nodes = d
            .nodes
            .iter()
            .map(|&(name, address)| NodeProfile {
                name: name.to_string(),
                addresses: vec![ip(address)],
                pod_cidrs: Vec::new(),
            })
            .collect();
        Profile {
            preset: Sourced::preset(preset, preset),
            service_ranges: Sourced::preset(service_ranges, preset),
            service_cidrs: Vec::new(),
            pod_ranges: Sourced::preset(ranges::cidrs(&[d.pod_ranges]), preset),
            node_mask: NODE_MASK,
            nodes: Sourced::preset(nodes, preset),
            node_ports: Sourced::preset(PortRange::DEFAULT_NODE_PORTS, preset),
            cluster_domain: Sourced::preset(CLUSTER_DOMAIN.to_string(), preset),
            dns_ip: Sourced::preset(dns_ip, preset),
            api_server: Sourced::preset(ip(d.api_server), preset),
            version: Sourced::preset(KubernetesVersion::DEFAULT, preset),
            corefile: Sourced::preset(d.corefile.to_string(), preset),
        }
    }

    /// The cluster's primary IP family (the first service range's).
    pub fn primary_family(&self) -> IpFamily {
        self.service_ranges
            .value
            .first()
            .map(Cidr::family)
            .unwrap_or(IpFamily::IPv4)
    }

    /// Whether the cluster is dual-stack (a service range per family).
    pub fn dual_stack(&self) -> bool {
        self.service_ranges.value.len() == 2
    }

    /// Whether the cluster serves this family at all.
    pub fn has_family(&self, family: IpFamily) -> bool {
        self.service_ranges
            .value
            .iter()
            .any(|c| c.family() == family)
    }

    /// The service range of a family (from the flags, the default
    /// `kubernetes` ServiceCIDR).
    pub fn service_range(&self, family: IpFamily) -> Option<Cidr> {
        self.service_ranges
            .value
            .iter()
            .copied()
            .find(|c| c.family() == family)
    }

    /// The range whose allocator would take this address
    /// (`MetaAllocator.getAllocator(ip, ready=true)`: any ready allocator
    /// whose prefix contains it; overlapping ServiceCIDRs are allowed),
    /// or `None` (`ErrMismatchedNetwork`).
    pub fn service_range_holding(&self, ip: IpAddr) -> Option<Cidr> {
        self.service_ranges
            .value
            .iter()
            .copied()
            .find(|c| c.contains(ip))
            .or_else(|| {
                self.service_cidrs
                    .iter()
                    .filter(|s| s.ready)
                    .flat_map(|s| s.cidrs.iter().copied())
                    .find(|c| c.contains(ip))
            })
    }

    /// The `default/kubernetes` Service's address: the first address of
    /// the primary range (`ServiceIPRange`: `GetIndexedIP(range, 1)`).
    pub fn kubernetes_service_ip(&self) -> Option<IpAddr> {
        self.service_ranges.value.first()?.nth(1)
    }

    /// The pod range of a family.
    pub fn pod_range(&self, family: IpFamily) -> Option<Cidr> {
        self.pod_ranges
            .value
            .iter()
            .copied()
            .find(|c| c.family() == family)
    }

    /// The pod ranges of the node at `index` (its `spec.podCIDRs`, else the
    /// `index`-th per-node range of each pod range, as the node IPAM
    /// controller's `cidrset` hands them out to nodes in order).
    pub fn node_pod_ranges(&self, index: usize) -> Vec<Cidr> {
        if let Some(n) = self.nodes.value.get(index) {
            if !n.pod_cidrs.is_empty() {
                return n.pod_cidrs.clone();
            }
        }
        self.pod_ranges
            .value
            .iter()
            .filter_map(|c| {
                let mask = match c.family() {
                    IpFamily::IPv4 => self.node_mask.0,
                    IpFamily::IPv6 => self.node_mask.1,
                };
                c.subnet(mask, index as u128)
            })
            .collect()
    }

    /// The kubernetes plugin's configuration: the profile's Corefile read
    /// (`ParseStanza`), in the profile's cluster domain; and, for a
    /// Corefile written in the manifests (the `kube-system/coredns`
    /// ConfigMap's), a warning for each problem in it, on its line.
    pub fn dns_config(&self) -> (DnsConfig, Vec<Diagnostic>) {
        let (parsed, problems) = parse_corefile(&self.corefile.value);
        let mut diagnostics = Vec::new();
        if let Source::Manifest { location: base, .. } = &self.corefile.source {
            // The only object a Corefile is read from.
            let object = "ConfigMap/kube-system/coredns";
            for (line, msg) in problems {
                diagnostics.push(
                    Diagnostic::plain(
                        Severity::Warning,
                        DiagnosticSource::Simulation,
                        Code::Corefile,
                        format!("Corefile line {line}: {msg}"),
                        // Line 1 of the Corefile is the field's first
                        // line (a block scalar's starts below its `|`).
                        Location {
                            line: base.line + line - 1,
                            column: 1,
                            ..*base
                        },
                    )
                    .with_object(object),
                );
            }
            if parsed.is_none() {
                diagnostics.push(Diagnostic::plain(
                    Severity::Warning,
                    DiagnosticSource::Simulation,
                    Code::CorefileNoKubernetes,
                    "the Corefile has no kubernetes plugin: no cluster names would resolve; svcdns keeps the kubeadm profile",
                    *base,
                ).with_object(object));
            }
        }
        let mut config = parsed.unwrap_or_default();
        config.zone = self.cluster_domain.value.clone();
        (config, diagnostics)
    }

    /// The profile in effect, one row per value: a label, the value as
    /// text, where it comes from and the flag that sets it (the Cluster
    /// control renders these rows).
    pub fn rows(&self) -> Vec<ProfileRow<'_>> {
        let join = |v: &[Cidr]| v.iter().map(Cidr::to_string).collect::<Vec<_>>().join(",");
        let row = |label, value, source, flag| ProfileRow {
            label,
            value,
            source,
            flag,
        };
        let mut rows = vec![
            row(
                "preset",
                self.preset.value.name().to_string(),
                &self.preset.source,
                Some(0),
            ),
            row(
                "service ranges",
                join(&self.service_ranges.value),
                &self.service_ranges.source,
                Some(1),
            ),
        ];
        for s in &self.service_cidrs {
            rows.push(row(
                "ServiceCIDR",
                format!("{} {}", s.name, join(&s.cidrs)),
                &s.source,
                None,
            ));
        }
        let nodes = self.nodes.value.iter().map(|n| n.name.as_str());
        rows.extend([
            row(
                "pod ranges",
                join(&self.pod_ranges.value),
                &self.pod_ranges.source,
                Some(2),
            ),
            row(
                "NodePort range",
                self.node_ports.value.to_string(),
                &self.node_ports.source,
                Some(3),
            ),
            row(
                "cluster domain",
                self.cluster_domain.value.clone(),
                &self.cluster_domain.source,
                Some(4),
            ),
            row(
                "Kubernetes version",
                self.version.value.to_string(),
                &self.version.source,
                Some(5),
            ),
            row(
                "nodes",
                nodes.collect::<Vec<_>>().join(","),
                &self.nodes.source,
                None,
            ),
            row(
                "kube-dns address",
                self.dns_ip.value.to_string(),
                &self.dns_ip.source,
                None,
            ),
            row(
                "Corefile",
                format!("{} lines", self.corefile.value.lines().count()),
                &self.corefile.source,
                None,
            ),
        ]);
        rows
    }
}

mod ranges;
mod resolve;
pub use ranges::validate_service_cidr_spec;
pub use resolve::resolve;

#[cfg(test)]
mod tests;
