//! The Corefile CoreDNS was started with: its `kubernetes` stanza (the
//! `kube-system/coredns` ConfigMap's, or a preset's), read into a
//! [`DnsConfig`] as CoreDNS's `plugin/kubernetes/setup.go` `ParseStanza`
//! does: the zones after `kubernetes`, `pods`, `ttl` (0..=3600),
//! `endpoint_pod_names`, `ignore empty_service`, `namespaces`,
//! `fallthrough`. Other options are accepted and ignored, with a
//! diagnostic.
//!
//! It sits with the cluster state, below the profile, because the profile
//! (the one source of the cluster's configuration) reads it: the Corefile
//! says the cluster domain. `coredns::setup` serves the zones it read.

use super::{DnsConfig, PodsMode};

/// A problem in the Corefile: 1-based line within the Corefile text, message.
pub type CorefileProblem = (u32, String);

/// Read the kubernetes stanza of a Corefile. Returns `None` when there is no
/// `kubernetes` plugin block; problems are returned with their line.
pub fn parse_corefile(text: &str) -> (Option<DnsConfig>, Vec<CorefileProblem>) {
    let mut problems = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = strip_comment(lines[i]).trim();
        let mut words = line.split_whitespace();
        if words.next() != Some("kubernetes") {
            i += 1;
            continue;
        }
        // Plugin defaults (not kubeadm's): ttl 5, pods disabled, no fallthrough.
        let mut config = DnsConfig {
            ttl: 5,
            pods: PodsMode::Disabled,
            fallthrough: None,
            ..DnsConfig::default()
        };
        let zones = normalize_zones(words.filter(|w| *w != "{"), i as u32 + 1, &mut problems);
        // `primaryZoneIndex`: the first zone that is not a reverse one.
        // Without zones the plugin takes the server block's (not read
        // here): the default profile's zones stay.
        if let Some(primary) = zones.iter().position(|z| !is_reverse(z)) {
            config.other_zones.clear();
            for (i, z) in zones.into_iter().enumerate() {
                if i == primary {
                    config.zone = z;
                } else {
                    config.other_zones.push(z);
                }
            }
        } else if !zones.is_empty() {
            problems.push((
                i as u32 + 1,
                "non-reverse zone name must be used (the kubernetes plugin refuses to start)"
                    .to_string(),
            ));
        }
        if line.ends_with('{') {
            i += 1;
            while i < lines.len() {
                let l = strip_comment(lines[i]).trim();
                let lineno = i as u32 + 1;
                if l.starts_with('}') {
                    break;
                }
                let parts: Vec<&str> = l.split_whitespace().collect();
                match parts.as_slice() {
                    [] => {}
                    ["pods", mode] => match *mode {
                        "disabled" => config.pods = PodsMode::Disabled,
                        "insecure" => config.pods = PodsMode::Insecure,
                        "verified" => config.pods = PodsMode::Verified,
                        other => problems.push((
                            lineno,
                            format!("invalid pods mode '{other}' (disabled, insecure or verified)"),
                        )),
                    },
                    ["ttl", n] => match n.parse::<u32>() {
                        Ok(t) if t <= 3600 => config.ttl = t,
                        _ => {
                            problems.push((lineno, format!("ttl must be in range [0, 3600]: {n}")))
                        }
                    },
                    ["endpoint_pod_names"] => config.endpoint_pod_names = true,
                    ["ignore", "empty_service"] => config.ignore_empty_service = true,
                    ["namespaces", rest @ ..] => {
                        config.namespaces = rest.iter().map(|s| s.to_string()).collect()
                    }
                    ["fallthrough", rest @ ..] => {
                        config.fallthrough =
                            Some(normalize_zones(rest.iter().copied(), lineno, &mut problems))
                    }
                    [other, ..] => problems.push((
                        lineno,
                        format!("kubernetes option '{other}' is accepted but not simulated"),
                    )),
                }
                i += 1;
            }
        }
        return (Some(config), problems);
    }
    (None, problems)
}

/// `plugin.Host(z).NormalizeExact()`: a zone lower case without its
/// trailing dot. A CIDR (`10.0.0.0/8`, which CoreDNS turns into reverse
/// zones) is reported and left out.
fn normalize_zones<'a>(
    words: impl Iterator<Item = &'a str>,
    line: u32,
    problems: &mut Vec<CorefileProblem>,
) -> Vec<String> {
    let mut out = Vec::new();
    for w in words {
        if w.contains('/') {
            problems.push((
                line,
                format!("zone {w}: CIDR zones are not simulated; write the reverse zone (10.in-addr.arpa)"),
            ));
        } else {
            out.push(w.trim_end_matches('.').to_ascii_lowercase());
        }
    }
    out
}

/// `dnsutil.IsReverse`: a zone under `in-addr.arpa` or `ip6.arpa`.
fn is_reverse(zone: &str) -> bool {
    zone == "in-addr.arpa"
        || zone == "ip6.arpa"
        || zone.ends_with(".in-addr.arpa")
        || zone.ends_with(".ip6.arpa")
}

fn strip_comment(line: &str) -> &str {
    line.split('#').next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kubeadm_corefile_reads_as_the_default_profile() {
        let text = ".:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n       ttl 30\n    }\n    forward . /etc/resolv.conf\n}\n";
        let (config, problems) = parse_corefile(text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.unwrap(), DnsConfig::default());
    }

    #[test]
    fn plugin_defaults_apply_when_options_are_absent() {
        let (config, _) = parse_corefile("kubernetes example.org\n");
        let config = config.unwrap();
        assert_eq!(config.zone, "example.org");
        assert_eq!(config.ttl, 5);
        assert_eq!(config.pods, PodsMode::Disabled);
    }

    #[test]
    fn zones_and_fallthrough_are_read_as_written() {
        let (config, problems) = parse_corefile(
            "kubernetes Cluster.Local. example.org 10.in-addr.arpa {\n  fallthrough ip6.arpa\n}\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let config = config.unwrap();
        assert_eq!(config.zone, "cluster.local");
        assert_eq!(config.other_zones, ["example.org", "10.in-addr.arpa"]);
        assert_eq!(config.fallthrough, Some(vec!["ip6.arpa".to_string()]));
        let (config, _) = parse_corefile("kubernetes cluster.local {\n  fallthrough\n}\n");
        let config = config.unwrap();
        assert!(config.other_zones.is_empty(), "no reverse zone was listed");
        assert_eq!(config.fallthrough, Some(Vec::new()));
        let (config, problems) = parse_corefile("kubernetes in-addr.arpa 10.0.0.0/12\n");
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(config.unwrap().zone, "cluster.local");
    }

    #[test]
    fn out_of_range_ttl_is_reported_with_its_line() {
        let (_, problems) = parse_corefile("kubernetes cluster.local {\n  ttl 4000\n}\n");
        assert_eq!(problems[0].0, 2);
    }
}
