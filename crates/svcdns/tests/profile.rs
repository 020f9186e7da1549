//! The cluster profile read by the whole pipeline: a preset, a flag or the
//! manifests' evidence changes what the simulated cluster answers, and a
//! bad value is a diagnostic, never a failure.

use svcdns::coredns::answer;
use svcdns::dns::RecordType;
use svcdns::profile::{Preset, ProfileFlags, Source};
use svcdns::{analyze, Analysis, Input, Options};

const WEB: &str = "apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
---
apiVersion: v1
kind: Pod
metadata:
  name: web-1
  labels:
    app: web
spec:
  containers:
  - name: c
    image: nginx
";

fn run(text: &str, profile: ProfileFlags) -> Analysis {
    analyze(
        &[Input {
            name: "t.yaml",
            text,
        }],
        &Options {
            profile,
            ..Options::default()
        },
    )
}

fn lines(a: &Analysis, name: &str, qtype: RecordType) -> Vec<String> {
    answer(&a.cluster, name, qtype)
        .answer
        .iter()
        .map(|r| r.to_lowercase_line())
        .collect()
}

#[test]
fn k3s_preset_answers_from_k3s_ranges_with_its_corefile_ttl() {
    let a = run(
        WEB,
        ProfileFlags {
            profile: Some("k3s".into()),
            ..ProfileFlags::default()
        },
    );
    assert_eq!(
        lines(&a, "kube-dns.kube-system.svc.cluster.local.", RecordType::A),
        ["kube-dns.kube-system.svc.cluster.local. 5 IN A 10.43.0.10"]
    );
    assert_eq!(
        lines(&a, "kubernetes.default.svc.cluster.local.", RecordType::A),
        ["kubernetes.default.svc.cluster.local. 5 IN A 10.43.0.1"]
    );
    let web = lines(&a, "web.default.svc.cluster.local.", RecordType::A);
    assert!(
        web[0].starts_with("web.default.svc.cluster.local. 5 IN A 10.43."),
        "{web:?}"
    );
    let pod = a.cluster.pod("default", "web-1").unwrap();
    assert!(
        pod.ips
            .iter()
            .all(|ip| ip.to_string().starts_with("10.42.")),
        "{:?}",
        pod.ips
    );
    assert_eq!(a.profile.service_ranges.source, Source::Preset(Preset::K3s));
    assert_eq!(a.profile.preset.source, Source::Flag("--profile"));
}

#[test]
fn cluster_domain_flag_sets_the_zone() {
    let a = run(
        WEB,
        ProfileFlags {
            cluster_domain: Some("corp.example".into()),
            ..ProfileFlags::default()
        },
    );
    assert_eq!(
        lines(&a, "web.default.svc.corp.example.", RecordType::A).len(),
        1
    );
    assert!(lines(&a, "web.default.svc.cluster.local.", RecordType::A).is_empty());
}

#[test]
fn dual_stack_service_range_flag_makes_the_cluster_dual_stack() {
    let a = run(
        WEB,
        ProfileFlags {
            service_cluster_ip_range: Some("10.96.0.0/16,fd00:10:96::/112".into()),
            cluster_cidr: Some("10.244.0.0/16,fd00:10:244::/56".into()),
            ..ProfileFlags::default()
        },
    );
    assert!(a.profile.dual_stack());
    let pod = a.cluster.pod("default", "web-1").unwrap();
    assert_eq!(pod.ips.len(), 2, "{:?}", pod.ips);
}

#[test]
fn bad_profile_flags_are_diagnostics_and_the_analysis_goes_on() {
    let a = run(
        WEB,
        ProfileFlags {
            profile: Some("openshift".into()),
            service_node_port_range: Some("9-1".into()),
            ..ProfileFlags::default()
        },
    );
    let flags: Vec<&str> = a
        .diagnostics
        .iter()
        .filter(|d| d.code == "profile-flag")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(flags.len(), 2, "{flags:?}");
    assert_eq!(
        lines(&a, "kube-dns.kube-system.svc.cluster.local.", RecordType::A),
        ["kube-dns.kube-system.svc.cluster.local. 30 IN A 10.96.0.10"]
    );
}
