//! The `kubernetes` stanza of a Corefile (the `kube-system/coredns`
//! ConfigMap), read into a [`DnsConfig`].
//!
//! Options read, as CoreDNS's `plugin/kubernetes/setup.go` `ParseStanza`
//! does: the zones after `kubernetes`, `pods`, `ttl` (0..=3600),
//! `endpoint_pod_names`, `ignore empty_service`, `namespaces`, `fallthrough`.
//! Other options are accepted and ignored, with a diagnostic.

use crate::cluster::{DnsConfig, PodsMode};

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
            fallthrough_reverse: false,
            ..DnsConfig::default()
        };
        let zones: Vec<String> = words
            .filter(|w| *w != "{")
            .map(|w| w.trim_end_matches('.').to_ascii_lowercase())
            .collect();
        if let Some(zone) = zones
            .iter()
            .find(|z| !z.ends_with("in-addr.arpa") && !z.ends_with("ip6.arpa"))
        {
            config.zone = zone.clone();
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
                        config.fallthrough_reverse = rest.is_empty()
                            || rest.iter().any(|z| {
                                let z = z.trim_end_matches('.');
                                z.ends_with("in-addr.arpa") || z.ends_with("ip6.arpa")
                            })
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
    fn out_of_range_ttl_is_reported_with_its_line() {
        let (_, problems) = parse_corefile("kubernetes cluster.local {\n  ttl 4000\n}\n");
        assert_eq!(problems[0].0, 2);
    }
}
