//! The command line, declared with clap's derive: every subcommand, flag
//! and help text. Parsing only: values become the core's types here
//! (`RecordType`, `IpAddr`, `PodsMode`, `DnsOptions`); nothing else.
//!
//! Flags every manifest-reading subcommand shares live in [`ClusterArgs`],
//! flattened into each: the manifests, the cluster profile's flags (named
//! as the component that takes each names it; the core parses their
//! values, so a bad one is a diagnostic, never a failure) and CoreDNS's
//! options.

use std::net::IpAddr;

use clap::{Args, Parser, Subcommand, ValueEnum};
use svcdns::cluster::PodsMode;
use svcdns::dns::RecordType;
use svcdns::profile::ProfileFlags;
use svcdns::DnsOptions;

/// What a real cluster's DNS would answer, from Kubernetes manifests:
/// CoreDNS's kubernetes plugin, the controllers that make pods and
/// EndpointSlices, and the API server's validation, simulated offline.
#[derive(Parser, Debug)]
#[command(name = "svcdns", version, propagate_version = true)]
#[command(
    after_help = "FILE '-' reads standard input. Exit status: 0 when an answer was \
computed (NXDOMAIN included); 1 from `check` when an object has an error; 2 when the \
manifests cannot be read at all or the arguments are wrong."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Ask the cluster's DNS a question, as `dig` from a pod would
    ///
    /// A NAME ending in '.' is asked as is; otherwise it goes through the
    /// search list of a pod in --namespace (ndots:5), as glibc's resolver
    /// walks it.
    Dig(DigArgs),
    /// List every record the cluster's DNS serves (the zone)
    Records(ReadArgs),
    /// Validate the manifests as the API server would, and check their wiring
    ///
    /// Exit status 1 when any object has an error.
    Check(ReadArgs),
    /// Show StatefulSet pod identities: names, DNS names, PVCs, order
    Names(ReadArgs),
    /// Print the simulated cluster as `kubectl get svc,endpointslices,pods,statefulsets,deployments -A -o yaml` would
    ///
    /// What the controllers made (pods, EndpointSlices) next to what was
    /// written, as a v1 List. Read back with -f, it is cluster state: the
    /// controllers make none of it again and every name answers the same.
    Dump(ReadArgs),
    /// Serve the cluster's DNS on UDP and TCP, answering as its CoreDNS would
    ///
    /// Each query gets exactly what `svcdns dig NAME.` computes, encoded as
    /// CoreDNS 1.14.7 writes it (AA, RD echoed, no RA, EDNS0 echoed, TC when
    /// the reply does not fit the client's buffer). Names the kubernetes
    /// plugin passes on (outside its zones) get SERVFAIL: this CoreDNS has no
    /// upstream to forward them to. The files are read again when they
    /// change. One log line per query, with its explanation, on stdout.
    Serve(ServeArgs),
    /// Guided challenges, checked against your own manifests
    #[command(subcommand)]
    Lesson(LessonCommand),
    /// Print a shell completion script (e.g. `svcdns completions bash > /etc/bash_completion.d/svcdns`)
    Completions(CompletionsArgs),
}

/// The flags every subcommand that reads manifests takes.
#[derive(Args, Debug)]
pub struct ClusterArgs {
    /// A manifest file ('-' for standard input); repeat for more
    #[arg(short = 'f', long = "filename", value_name = "FILE", required = true)]
    pub files: Vec<String>,
    /// The cluster profile: flags over the manifests over the preset.
    #[command(
        flatten,
        next_help_heading = "Cluster profile (over the manifests' evidence)"
    )]
    pub profile: ProfileArgs,
    /// CoreDNS's options, over the Corefile found in the manifests.
    #[command(
        flatten,
        next_help_heading = "CoreDNS (overrides the Corefile in the manifests)"
    )]
    pub coredns: CorednsArgs,
}

impl ClusterArgs {
    /// The core's options from these flags (what every subcommand that
    /// reads manifests analyses them with).
    pub fn options(&self) -> svcdns::Options {
        svcdns::Options {
            dns: self.dns_options(),
            profile: self.profile_flags(),
            ..svcdns::Options::default()
        }
    }

    /// The core's profile flags from these flags.
    pub fn profile_flags(&self) -> ProfileFlags {
        let p = &self.profile;
        ProfileFlags {
            profile: p.profile.clone(),
            service_cluster_ip_range: p.service_cluster_ip_range.clone(),
            cluster_cidr: p.cluster_cidr.clone(),
            service_node_port_range: p.service_node_port_range.clone(),
            cluster_domain: p.cluster_domain.clone(),
            kubernetes_version: p.kubernetes_version.clone(),
        }
    }

    /// The core's DNS options from these flags.
    pub fn dns_options(&self) -> DnsOptions {
        let c = &self.coredns;
        DnsOptions {
            ttl: c.ttl,
            pods: c.pods.map(PodsMode::from),
            endpoint_pod_names: c.endpoint_pod_names.then_some(true),
            ignore_empty_service: c.ignore_empty_service.then_some(true),
        }
    }
}

/// The cluster profile's flags.
#[derive(Args, Debug)]
pub struct ProfileArgs {
    /// The cluster's defaults: kubeadm (default), kind, minikube, k3s, eks, gke, aks
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// Service ranges, one per family (kube-apiserver's flag)
    #[arg(long, value_name = "CIDR[,CIDR]")]
    pub service_cluster_ip_range: Option<String>,
    /// Pod ranges, one per family (kube-controller-manager's flag)
    #[arg(long, value_name = "CIDR[,CIDR]")]
    pub cluster_cidr: Option<String>,
    /// NodePort range (kube-apiserver's flag; default 30000-32767)
    #[arg(long, value_name = "A-B")]
    pub service_node_port_range: Option<String>,
    /// The cluster's DNS zone (kubelet's flag; default cluster.local)
    #[arg(long, value_name = "DOMAIN")]
    pub cluster_domain: Option<String>,
    /// The Kubernetes release whose rules apply (1.33 to 1.37; default 1.37)
    #[arg(long, value_name = "1.NN")]
    pub kubernetes_version: Option<String>,
}

/// The kubernetes plugin's options.
#[derive(Args, Debug)]
pub struct CorednsArgs {
    /// TTL of the answers, 0 to 3600 (the plugin's `ttl`; default 30)
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u32).range(0..=3600))]
    pub ttl: Option<u32>,
    /// The plugin's `pods` mode (default: the Corefile's, else insecure)
    #[arg(long, value_name = "MODE")]
    pub pods: Option<Pods>,
    /// `endpoint_pod_names`: name headless endpoints after their pods
    #[arg(long)]
    pub endpoint_pod_names: bool,
    /// `ignore empty_service`: NXDOMAIN for Services without ready endpoints
    #[arg(long)]
    pub ignore_empty_service: bool,
}

/// `--pods`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Pods {
    /// Any IP-shaped label in an existing namespace answers
    Insecure,
    /// Only the IPs of live pods in that namespace answer
    Verified,
    /// No pod records
    Disabled,
}

impl From<Pods> for PodsMode {
    fn from(p: Pods) -> PodsMode {
        match p {
            Pods::Insecure => PodsMode::Insecure,
            Pods::Verified => PodsMode::Verified,
            Pods::Disabled => PodsMode::Disabled,
        }
    }
}

/// `svcdns records`, `check` and `names`.
#[derive(Args, Debug)]
pub struct ReadArgs {
    /// Print JSON (the contract other tooling reads)
    #[arg(long)]
    pub json: bool,
    // Last: its CoreDNS heading holds for the flags after it.
    #[command(flatten)]
    pub cluster: ClusterArgs,
}

/// `svcdns lesson`.
#[derive(Subcommand, Debug)]
pub enum LessonCommand {
    /// List the lessons: name, title, steps
    List,
    /// Check manifests against a lesson's steps (exit 1 until every step passes)
    Check(Box<LessonCheckArgs>),
}

/// `svcdns lesson check`.
#[derive(Args, Debug)]
pub struct LessonCheckArgs {
    /// The lesson's name, as `svcdns lesson list` prints it
    pub lesson: String,
    // Last: its CoreDNS heading holds for the flags after it.
    #[command(flatten)]
    pub cluster: ClusterArgs,
}

/// `svcdns dig`.
#[derive(Args, Debug)]
pub struct DigArgs {
    /// The namespace of the pod asking (its search list)
    #[arg(short = 'n', long, value_name = "NS", default_value = "default")]
    pub namespace: String,
    /// Print JSON (the contract other tooling reads)
    #[arg(long)]
    pub json: bool,
    /// Reverse lookup: the PTR record of this address
    #[arg(short = 'x', value_name = "IP", conflicts_with_all = ["name", "qtype"])]
    pub reverse: Option<IpAddr>,
    /// The name asked
    #[arg(required_unless_present = "reverse")]
    pub name: Option<String>,
    /// The record type: A (default), AAAA, SRV, PTR, CNAME, NS, SOA, TXT, ANY, TYPEn
    #[arg(value_name = "TYPE", value_parser = record_type)]
    pub qtype: Option<RecordType>,
    // Last: its CoreDNS heading holds for the flags after it.
    #[command(flatten)]
    pub cluster: ClusterArgs,
}

/// `svcdns serve`.
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The address to listen on (loopback by default; the server answers
    /// anyone who can reach it)
    #[arg(long, value_name = "IP", default_value = "127.0.0.1")]
    pub address: IpAddr,
    /// The UDP and TCP port (0: any free port, printed at start)
    #[arg(long, value_name = "PORT", default_value_t = 5353)]
    pub port: u16,
    /// Do not log queries (load tests)
    #[arg(long)]
    pub quiet: bool,
    // Last: its CoreDNS heading holds for the flags after it.
    #[command(flatten)]
    pub cluster: ClusterArgs,
}

fn record_type(text: &str) -> Result<RecordType, String> {
    RecordType::parse(text).ok_or_else(|| format!("unknown record type '{text}'"))
}

/// `svcdns completions`.
#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell
    pub shell: clap_complete::Shell,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
