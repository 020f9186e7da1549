//! The zones the `kubernetes` stanza serves (`setup.go`: `k8s.Zones`,
//! `primaryZoneIndex`) and its `fallthrough` (`fall.F.Through`), from the
//! [`DnsConfig`](crate::cluster::DnsConfig) the Corefile was read into
//! (`cluster::corefile`, `ParseStanza`).

use crate::cluster::Cluster;
use crate::dns::name;

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
pub(super) fn falls_through(cluster: &Cluster, qname: &str) -> Option<String> {
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
