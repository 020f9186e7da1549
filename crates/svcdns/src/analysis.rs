//! The pipeline's entry point: manifests → objects → accepted objects →
//! simulated cluster, with every diagnostic on the way.

use crate::api::Object;
use crate::cluster::{Cluster, DnsConfig, PodsMode};
use crate::controllers::{simulate, State};
use crate::coredns::{ClusterIndex, Kubernetes};
use crate::decode::{decode_cached_documents, DecodeCache};
use crate::diag::{Diagnostic, DiagnosticSource, Severity};
use crate::profile::{Profile, ProfileFlags};
use crate::yaml;
use std::sync::Arc;

/// One input file: a name for diagnostics and its text.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// File name as the user knows it (`mysql.yaml`, `-` for stdin).
    pub name: &'a str,
    /// The file's text.
    pub text: &'a str,
}

/// Overrides of the Corefile found in the manifests (the CLI's flags).
/// The cluster zone is the profile's ([`ProfileFlags::cluster_domain`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DnsOptions {
    /// `ttl` (`--ttl`).
    pub ttl: Option<u32>,
    /// `pods` (`--pods`).
    pub pods: Option<PodsMode>,
    /// `endpoint_pod_names` (`--endpoint-pod-names`).
    pub endpoint_pod_names: Option<bool>,
    /// `ignore empty_service` (`--ignore-empty-service`).
    pub ignore_empty_service: Option<bool>,
}

impl DnsOptions {
    fn apply(&self, config: &mut DnsConfig) {
        if let Some(t) = self.ttl {
            config.ttl = t.min(3600);
        }
        if let Some(p) = self.pods {
            config.pods = p;
        }
        if let Some(b) = self.endpoint_pod_names {
            config.endpoint_pod_names = b;
        }
        if let Some(b) = self.ignore_empty_service {
            config.ignore_empty_service = b;
        }
    }
}

/// Everything that shapes an analysis besides the manifests.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Corefile overrides.
    pub dns: DnsOptions,
    /// Interactive per-object state.
    pub state: State,
    /// The cluster profile's flags (`--profile`, the ranges, the cluster
    /// domain, the Kubernetes version): over the manifests' evidence,
    /// which is over the preset.
    pub profile: ProfileFlags,
}

/// The result of analysing manifests: the model plus diagnostics.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Analysis {
    /// Input file names, indexed by `Location::file`.
    pub files: Vec<String>,
    /// Every object read, in manifest order.
    pub objects: Vec<Arc<Object>>,
    /// Whether the API server would accept each object and it stands in
    /// the cluster as written (same index).
    pub accepted: Vec<bool>,
    /// Whether the API server accepted the object and a later document with
    /// the same kind, namespace and name replaced it (kubectl apply:
    /// `created`, then `configured`); such an object is not `accepted`.
    pub replaced: Vec<bool>,
    /// How the cluster is configured, and where each value comes from.
    pub profile: Profile,
    /// The simulated cluster.
    pub cluster: Cluster,
    /// CoreDNS's indexes over `cluster`, built once (the lints read them,
    /// and every question asked through [`Analysis::kubernetes`]).
    pub index: Arc<ClusterIndex>,
    /// Pods each workload made, in ordinal order (`Kind/namespace/name`).
    pub workload_pods: crate::support::sorted::SortedMap<Vec<String>>,
    /// Every diagnostic, sorted by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether any input could be read at all.
    pub readable: bool,
}

impl Analysis {
    /// Every accepted StatefulSet's pod identities: names, hostnames, the
    /// FQDN CoreDNS serves for each pod, PVCs, start and scale-down order.
    pub fn statefulsets(&self) -> Vec<crate::names::StatefulSetIdentity> {
        crate::names::statefulset_identities(
            &self.objects,
            &self.accepted,
            &self.cluster,
            &self.index,
            &self.workload_pods,
        )
    }

    /// CoreDNS's kubernetes plugin serving this analysis's cluster, with
    /// the index built once for it.
    pub fn kubernetes(&self) -> Kubernetes<'_> {
        Kubernetes::with_index(&self.cluster, self.index.clone())
    }
}

/// Read, decode, validate and simulate. Never fails and never panics on
/// any input.
pub fn analyze(inputs: &[Input<'_>], options: &Options) -> Analysis {
    analyze_with(inputs, options, None)
}

/// What [`analyze_cached`] keeps from one read of a text to the next: the
/// trees of its `---` documents ([`yaml::ParseCache`]), what decoding
/// made of each tree ([`DecodeCache`]) and what validation said of each
/// object that depends on nothing else
/// ([`crate::validate::ValidationCache`]).
#[derive(Debug, Default)]
pub struct Cache {
    parsed: yaml::ParseCache,
    decoded: DecodeCache,
    validated: crate::validate::ValidationCache,
}

/// [`analyze`] for a text read again after an edit: documents whose text
/// did not change come from `cache` instead of being read and decoded
/// again (the result is the same as [`analyze`]'s).
pub fn analyze_cached(inputs: &[Input<'_>], options: &Options, cache: &mut Cache) -> Analysis {
    let analysis = analyze_with(inputs, options, Some(&mut *cache));
    cache.parsed.sweep();
    cache.decoded.sweep();
    cache.validated.sweep();
    analysis
}

fn analyze_with(
    inputs: &[Input<'_>],
    options: &Options,
    mut cache: Option<&mut Cache>,
) -> Analysis {
    let mut diagnostics = Vec::new();
    let mut objects = Vec::new();
    let mut readable = false;
    for (i, input) in inputs.iter().enumerate() {
        let (docs, diags) = yaml::parse_cached(
            input.text,
            i as u32,
            cache.as_deref_mut().map(|c| &mut c.parsed),
        );
        if !docs.is_empty() || diags.is_empty() {
            readable = true;
        }
        diagnostics.extend(diags);
        decode_cached_documents(
            i as u32,
            input.name,
            docs,
            &mut objects,
            &mut diagnostics,
            cache.as_deref_mut().map(|c| &mut c.decoded),
        );
    }
    crate::decode::explain_crds_in_the_same_apply(&objects, &mut diagnostics);
    let files: Vec<String> = inputs.iter().map(|i| i.name.to_string()).collect();
    // kubectl's own errors before any request (YAML, documents that are no
    // object): they count in its aggregate of the apply's errors.
    let client_errors = diagnostics
        .iter()
        .filter(|d| {
            d.severity == Severity::Error
                && (d.source == DiagnosticSource::Yaml
                    || d.source == DiagnosticSource::Decode && d.object.is_none())
        })
        .count();
    // The profile first: validation allocates from its ranges. It reads
    // the decoded objects (evidence): a dump's kubernetes Service says
    // where the cluster's range is even when svcdns's own copy of it
    // collides; a ServiceCIDR counts when its spec is valid.
    let (profile, profile_diagnostics) = crate::profile::resolve(&options.profile, &objects, &[]);
    diagnostics.extend(profile_diagnostics);
    // Rejected objects do not exist in the cluster: only accepted ones are
    // simulated.
    let (api_diagnostics, accepted, replaced) = crate::validate::validate_and_accept_cached(
        &objects,
        &files,
        &profile,
        client_errors,
        cache.map(|c| &mut c.validated),
    );
    diagnostics.extend(api_diagnostics);
    // The profile's Corefile (the coredns ConfigMap's, else the preset's)
    // in the profile's cluster domain, then the overrides.
    let (mut dns_config, corefile_diagnostics) = profile.dns_config();
    diagnostics.extend(corefile_diagnostics);
    options.dns.apply(&mut dns_config);
    let sim = simulate(&objects, &accepted, &options.state, &profile, dns_config);
    diagnostics.extend(sim.diagnostics);
    let index = Arc::new(ClusterIndex::new(&sim.cluster));
    diagnostics.extend(crate::lint::lint(
        &objects,
        &accepted,
        &sim.cluster,
        &index,
        &sim.workload_pods,
    ));
    crate::support::sort::sort_by_key(&mut diagnostics, |d| d.location);
    Analysis {
        files,
        objects,
        accepted,
        replaced,
        profile,
        cluster: sim.cluster,
        index,
        workload_pods: sim.workload_pods,
        diagnostics,
        readable,
    }
}
