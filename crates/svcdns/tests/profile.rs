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

fn svc(name: &str, spec: &str) -> String {
    format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n{spec}---\n")
}

fn errors(a: &Analysis) -> Vec<&str> {
    a.diagnostics
        .iter()
        .filter(|d| d.severity == svcdns::diag::Severity::Error)
        .map(|d| d.message.as_str())
        .collect()
}

fn preset(name: &str) -> ProfileFlags {
    ProfileFlags {
        profile: Some(name.into()),
        ..ProfileFlags::default()
    }
}

/// Issue 14: a Service copied from a k3s cluster (clusterIP 10.43.x.x) was
/// rejected ("the provided network does not match the current range") and
/// its name answered NXDOMAIN: the service range was a constant in
/// validate/service.rs that no setting reached.
#[test]
fn k3s_cluster_ip_accepted_and_answered() {
    let text = format!("{}{WEB}", svc("copied", "  clusterIP: 10.43.12.34\n"));
    let a = run(&text, preset("k3s"));
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
    assert_eq!(
        lines(&a, "copied.default.svc.cluster.local.", RecordType::A),
        ["copied.default.svc.cluster.local. 5 IN A 10.43.12.34"]
    );
    // Without the flag: the default (kubeadm) cluster refuses it, as a
    // kubeadm cluster would.
    let a = run(&text, ProfileFlags::default());
    assert_eq!(
        errors(&a),
        ["The Service \"copied\" is invalid: spec.clusterIPs: Invalid value: [\"10.43.12.34\"]: failed to allocate IP 10.43.12.34: the provided network does not match the current range"]
    );
    // With the cluster's own kubernetes Service in the manifests (a dump),
    // the profile follows it and says so.
    let dump = format!(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: kubernetes\n  namespace: default\nspec:\n  clusterIP: 10.43.0.1\n  ports:\n  - port: 443\n---\n{text}"
    );
    let a = run(&dump, ProfileFlags::default());
    assert_eq!(
        lines(&a, "copied.default.svc.cluster.local.", RecordType::A),
        ["copied.default.svc.cluster.local. 30 IN A 10.43.12.34"]
    );
    assert!(a.diagnostics.iter().any(|d| d
        .message
        .starts_with("service range taken as 10.43.0.0/16 from Service default/kubernetes")));
}

/// Issue 14: the same for EKS (172.20.x.x when the VPC is in 10.0.0.0/8,
/// 10.100.x.x otherwise), GKE (34.118.x.x) and AKS (10.0.x.x).
#[test]
fn eks_gke_aks_cluster_ips_accepted_and_answered() {
    for (name, ip, extra) in [
        ("eks", "10.100.7.8", ""),
        ("eks", "172.20.7.8", "apiVersion: v1\nkind: Service\nmetadata:\n  name: kubernetes\n  namespace: default\nspec:\n  clusterIP: 172.20.0.1\n  ports:\n  - port: 443\n---\n"),
        ("gke", "34.118.230.4", ""),
        ("aks", "10.0.200.9", ""),
    ] {
        let text = format!("{extra}{}{WEB}", svc("copied", &format!("  clusterIP: {ip}\n")));
        let a = run(&text, preset(name));
        let errs: Vec<&str> = errors(&a)
            .into_iter()
            .filter(|e| !e.contains("\"kubernetes\""))
            .collect();
        assert!(errs.is_empty(), "{name} {ip}: {errs:?}");
        let got = lines(&a, "copied.default.svc.cluster.local.", RecordType::A);
        assert_eq!(got.len(), 1, "{name} {ip}");
        assert!(got[0].ends_with(&format!(" IN A {ip}")), "{got:?}");
    }
}

/// Issue 14: a dual-stack cluster still refused `RequireDualStack`
/// Services ("this cluster is not configured for dual-stack services"):
/// validation assumed IPv4 single-stack whatever the network.
#[test]
fn require_dual_stack_accepted_in_a_dual_stack_cluster() {
    let text = format!(
        "{}{WEB}",
        svc("both", "  ipFamilyPolicy: RequireDualStack\n")
    );
    let dual = ProfileFlags {
        service_cluster_ip_range: Some("10.96.0.0/16,fd00:10:96::/112".into()),
        cluster_cidr: Some("10.244.0.0/16,fd00:10:244::/56".into()),
        ..ProfileFlags::default()
    };
    let a = run(&text, dual);
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
    assert_eq!(
        lines(&a, "both.default.svc.cluster.local.", RecordType::A).len(),
        1
    );
    assert_eq!(
        lines(&a, "both.default.svc.cluster.local.", RecordType::Aaaa).len(),
        1
    );
    // A single-stack cluster refuses it, as the API server does.
    let a = run(&text, ProfileFlags::default());
    assert_eq!(
        errors(&a),
        ["The Service \"both\" is invalid: spec.ipFamilyPolicy: Invalid value: \"RequireDualStack\": this cluster is not configured for dual-stack services"]
    );
    // An IPv6-only cluster defaults a Service to IPv6.
    let v6 = ProfileFlags {
        service_cluster_ip_range: Some("fd00:10:96::/112".into()),
        cluster_cidr: Some("fd00:10:244::/56".into()),
        ..ProfileFlags::default()
    };
    let a = run(&format!("{}{WEB}", svc("six", "")), v6);
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
    assert_eq!(
        lines(&a, "six.default.svc.cluster.local.", RecordType::Aaaa).len(),
        1
    );
}

/// Issue 14: a `networking.k8s.io/v1 ServiceCIDR` was "kept but not
/// simulated": a Service taking an address from it was refused.
#[test]
fn service_cidr_object_adds_a_range() {
    let cidr = "apiVersion: networking.k8s.io/v1\nkind: ServiceCIDR\nmetadata:\n  name: extra\nspec:\n  cidrs:\n  - 10.200.0.0/16\n---\n";
    let text = format!("{cidr}{}{WEB}", svc("extra", "  clusterIP: 10.200.0.5\n"));
    let a = run(&text, ProfileFlags::default());
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
    assert_eq!(
        lines(&a, "extra.default.svc.cluster.local.", RecordType::A),
        ["extra.default.svc.cluster.local. 30 IN A 10.200.0.5"]
    );
    // Its network address is kept back, as the allocator keeps it.
    let text = format!("{cidr}{}", svc("net", "  clusterIP: 10.200.0.0\n"));
    assert_eq!(
        errors(&run(&text, ProfileFlags::default())),
        ["The Service \"net\" is invalid: spec.clusterIPs: Invalid value: [\"10.200.0.0\"]: failed to allocate IP 10.200.0.0: the provided IP (10.200.0.0) is not in the valid range. The range of valid IPs is 10.200.0.0/16"]
    );
}

#[test]
fn node_port_range_flag_is_the_allocators() {
    let text = svc("np", "  type: NodePort\n")
        .replace("  - port: 80\n", "  - port: 80\n    nodePort: 20080\n");
    let a = run(&text, ProfileFlags::default());
    assert_eq!(
        errors(&a),
        ["The Service \"np\" is invalid: spec.ports[0].nodePort: Invalid value: 20080: provided port is not in the valid range. The range of valid ports is 30000-32767"]
    );
    let a = run(
        &text,
        ProfileFlags {
            service_node_port_range: Some("20000-22767".into()),
            ..ProfileFlags::default()
        },
    );
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
}

/// The built-in Services follow the profile: an IPv6-only cluster's
/// kubernetes and kube-dns Services are IPv6 (they were IPv4 whatever the
/// network), and the kubernetes endpoint is the preset's API server.
#[test]
fn builtin_services_follow_the_profile() {
    let v6 = ProfileFlags {
        service_cluster_ip_range: Some("fd00:10:96::/112".into()),
        cluster_cidr: Some("fd00:10:244::/56".into()),
        ..ProfileFlags::default()
    };
    let a = run(WEB, v6);
    assert_eq!(
        lines(
            &a,
            "kubernetes.default.svc.cluster.local.",
            RecordType::Aaaa
        ),
        ["kubernetes.default.svc.cluster.local. 30 IN AAAA fd00:10:96::1"]
    );
    assert_eq!(
        lines(
            &a,
            "kube-dns.kube-system.svc.cluster.local.",
            RecordType::Aaaa
        ),
        ["kube-dns.kube-system.svc.cluster.local. 30 IN AAAA fd00:10:96::a"]
    );
    let a = run(WEB, preset("minikube"));
    let eps: Vec<String> = a
        .cluster
        .slices_of("default", "kubernetes")
        .flat_map(|s| {
            s.endpoints
                .iter()
                .flat_map(|e| e.addresses.iter().map(|a| a.to_string()))
        })
        .collect();
    assert_eq!(eps, ["192.168.49.2"]);
}

/// The coredns ConfigMap's Corefile is read once, by the profile: its
/// options configure the answers, and each problem in it is a warning on
/// its own line of the manifest, naming the ConfigMap. (The warnings were
/// one line below it: line 1 of a block scalar is the line after its `|`,
/// where its text is located.)
#[test]
fn corefile_problems_are_on_their_own_line_of_the_configmap() {
    let configmap = "apiVersion: v1
kind: ConfigMap
metadata:
  name: coredns
  namespace: kube-system
data:
  Corefile: |
    .:53 {
        kubernetes cluster.local {
           pods verified
           ttl 4000
           bogus option
        }
    }
";
    let a = run(&format!("{configmap}---\n{WEB}"), ProfileFlags::default());
    assert_eq!(a.cluster.config.pods, svcdns::cluster::PodsMode::Verified);
    assert_eq!(
        a.cluster.config.ttl, 5,
        "the plugin's default: 4000 is refused"
    );
    let corefile: Vec<_> = a
        .diagnostics
        .iter()
        .filter(|d| d.code == "corefile")
        .map(|d| (d.location.line, d.object.as_deref(), d.message.as_str()))
        .collect();
    let object = Some("ConfigMap/kube-system/coredns");
    assert_eq!(
        corefile,
        [
            (
                11,
                object,
                "Corefile line 4: ttl must be in range [0, 3600]: 4000"
            ),
            (
                12,
                object,
                "Corefile line 5: kubernetes option 'bogus' is accepted but not simulated"
            ),
        ]
    );
    let without = configmap.replace("kubernetes cluster.local {", "file db.example {");
    let a = run(&without, ProfileFlags::default());
    assert!(a
        .diagnostics
        .iter()
        .any(|d| d.code == "corefile-no-kubernetes" && d.location.line == 8));
    assert_eq!(a.cluster.config, svcdns::cluster::DnsConfig::default());
}
