//! The profile's rules: presets as cited, flags as the components read
//! them, evidence in the manifests, ServiceCIDR objects as the
//! MetaAllocator takes them.

use super::*;

fn objects(text: &str) -> Vec<Arc<Object>> {
    let (docs, _) = crate::yaml::parse(text, 0);
    let mut objects = Vec::new();
    let mut diags = Vec::new();
    crate::decode::decode_cached_documents(0, "t.yaml", docs, &mut objects, &mut diags, None);
    objects
}

fn flags() -> ProfileFlags {
    ProfileFlags::default()
}

fn messages(diags: &[Diagnostic]) -> Vec<String> {
    diags.iter().map(|d| d.message.clone()).collect()
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

#[test]
fn default_profile_is_todays_kubeadm_cluster() {
    let p = Profile::default();
    assert_eq!(
        p.service_ranges.value,
        vec![Cidr::parse("10.96.0.0/12").unwrap()]
    );
    assert_eq!(
        p.pod_ranges.value,
        vec![Cidr::parse("10.244.0.0/16").unwrap()]
    );
    assert_eq!(p.kubernetes_service_ip(), Some(ip("10.96.0.1")));
    assert_eq!(p.dns_ip.value, ip("10.96.0.10"));
    assert_eq!(p.node_ports.value.to_string(), "30000-32767");
    assert_eq!(p.version.value.to_string(), "1.37");
    assert_eq!(p.dns_config().0, DnsConfig::default());
    let net = crate::controllers::Network::of(&p);
    assert_eq!(net.service_cidr_v4, ("10.96.0.0".parse().unwrap(), 12));
    assert_eq!(net.pod_cidr_v4, ("10.244.0.0".parse().unwrap(), 16));
    assert_eq!(net.nodes, ["node-1", "node-2", "node-3"]);
    assert_eq!(net.kubernetes_ip, ip("10.96.0.1"));
    assert_eq!(net.api_server, ip("172.18.0.2"));
    assert!(net.ipv4 && net.service_cidr_v6.is_none());
    assert!(!p.dual_stack());
}

#[test]
fn presets_match_their_sources() {
    let check = |preset: Preset, svc: &str, pods: &str, dns: &str, ttl: u32| {
        let p = Profile::from_preset(preset);
        assert_eq!(p.service_ranges.value[0].to_string(), svc, "{preset:?}");
        assert_eq!(p.pod_ranges.value[0].to_string(), pods, "{preset:?}");
        assert_eq!(p.dns_ip.value, ip(dns), "{preset:?}");
        let config = p.dns_config().0;
        assert_eq!(config.ttl, ttl, "{preset:?}");
        assert_eq!(config.zone, "cluster.local");
        assert_eq!(p.node_ports.value, PortRange::DEFAULT_NODE_PORTS);
        assert_eq!(Preset::from_name(preset.name()), Some(preset));
        // Every preset's ranges are disjoint.
        let (_, diags) = resolve(
            &ProfileFlags {
                profile: Some(preset.name().into()),
                ..flags()
            },
            &[],
            &[],
        );
        assert!(diags.is_empty(), "{preset:?}: {:?}", messages(&diags));
    };
    check(
        Preset::Kubeadm,
        "10.96.0.0/12",
        "10.244.0.0/16",
        "10.96.0.10",
        30,
    );
    check(
        Preset::Kind,
        "10.96.0.0/16",
        "10.244.0.0/16",
        "10.96.0.10",
        30,
    );
    check(
        Preset::Minikube,
        "10.96.0.0/12",
        "10.244.0.0/16",
        "10.96.0.10",
        30,
    );
    check(Preset::K3s, "10.43.0.0/16", "10.42.0.0/16", "10.43.0.10", 5);
    check(
        Preset::Eks,
        "10.100.0.0/16",
        "192.168.0.0/16",
        "10.100.0.10",
        5,
    );
    check(
        Preset::Gke,
        "34.118.224.0/20",
        "10.4.0.0/14",
        "34.118.224.10",
        30,
    );
    check(Preset::Aks, "10.0.0.0/16", "10.244.0.0/16", "10.0.0.10", 30);
    assert_eq!(Preset::from_name("K3S"), Some(Preset::K3s));
    assert_eq!(Preset::from_name("openshift"), None);
}

#[test]
fn flags_win_and_remember_their_source() {
    let f = ProfileFlags {
        profile: Some("k3s".into()),
        service_cluster_ip_range: Some("10.50.0.0/16,fd00:50::/112".into()),
        cluster_cidr: Some("10.60.0.0/16,fd00:60::/56".into()),
        service_node_port_range: Some("20000-22767".into()),
        cluster_domain: Some("Example.Internal.".into()),
        kubernetes_version: Some("v1.34.1".into()),
    };
    let (p, diags) = resolve(&f, &[], &[]);
    assert!(diags.is_empty(), "{:?}", messages(&diags));
    assert_eq!(p.preset.value, Preset::K3s);
    assert!(p.dual_stack());
    assert_eq!(
        p.service_ranges.source,
        Source::Flag("--service-cluster-ip-range")
    );
    assert_eq!(
        p.service_range(IpFamily::IPv6).unwrap().to_string(),
        "fd00:50::/112"
    );
    assert_eq!(p.dns_ip.value, ip("10.50.0.10"));
    assert_eq!(
        p.pod_range(IpFamily::IPv6).unwrap().to_string(),
        "fd00:60::/56"
    );
    assert_eq!(p.node_ports.value.to_string(), "20000-22767");
    assert_eq!(p.cluster_domain.value, "example.internal");
    assert_eq!(p.dns_config().0.zone, "example.internal");
    assert_eq!(p.version.value.minor, 34);
    // k3s's Corefile stays: TTL 5.
    assert_eq!(p.dns_config().0.ttl, 5);
    let net = crate::controllers::Network::of(&p);
    assert_eq!(net.service_cidr_v6.map(|(_, l)| l), Some(112));
    assert!(net.ipv4);
}

#[test]
fn bad_flags_are_diagnostics_in_the_components_words() {
    let cases: &[(ProfileFlags, &str)] = &[
        (
            ProfileFlags { service_cluster_ip_range: Some("10.0.0.0/16,10.1.0.0/16".into()), ..flags() },
            "--service-cluster-ip-range: --service-cluster-ip-range[0] and --service-cluster-ip-range[1] must be of different IP family; ignored",
        ),
        (
            ProfileFlags { service_cluster_ip_range: Some("10.0.0.0/16,fd00::/112,10.2.0.0/16".into()), ..flags() },
            "--service-cluster-ip-range: --service-cluster-ip-range must not contain more than two entries; ignored",
        ),
        (
            ProfileFlags { service_cluster_ip_range: Some("nope".into()), ..flags() },
            "--service-cluster-ip-range: service-cluster-ip-range[0] is not a valid cidr; ignored",
        ),
        (
            ProfileFlags { service_cluster_ip_range: Some("10.0.0.0/30".into()), ..flags() },
            "--service-cluster-ip-range: error determining service IP ranges for primary service cidr: the service cluster IP range must be at least 8 IP addresses; ignored",
        ),
        (
            ProfileFlags { service_cluster_ip_range: Some("fd00::/48".into()), ..flags() },
            "--service-cluster-ip-range: shortest allowed prefix length for service CIDR is 64, got 48; ignored",
        ),
        (
            ProfileFlags { cluster_cidr: Some("10.0.0.0/8,10.1.0.0/16".into()), ..flags() },
            "--cluster-cidr: len of ClusterCIDRs==2 and they are not configured as dual stack (at least one from each IPFamily; ignored",
        ),
        (
            ProfileFlags { cluster_cidr: Some("10.244.0.0/25".into()), ..flags() },
            "--cluster-cidr: Controller: Invalid --cluster-cidr, mask size of cluster CIDR must be less than or equal to --node-cidr-mask-size configured for CIDR family; ignored",
        ),
        (
            ProfileFlags { cluster_cidr: Some("x".into()), ..flags() },
            "--cluster-cidr: invalid CIDR[0]: <nil> (invalid CIDR address: x); ignored",
        ),
        (
            ProfileFlags { service_node_port_range: Some("32767-30000".into()), ..flags() },
            "--service-node-port-range: end port cannot be less than start port: 32767-30000; ignored",
        ),
        (
            ProfileFlags { profile: Some("openshift".into()), ..flags() },
            "--profile: unknown profile \"openshift\" (one of kubeadm, kind, minikube, k3s, eks, gke, aks); ignored",
        ),
        (
            ProfileFlags { kubernetes_version: Some("1.29".into()), ..flags() },
            "--kubernetes-version: svcdns knows the rules of Kubernetes 1.33 to 1.37, not 1.29; ignored",
        ),
    ];
    for (f, want) in cases {
        let (p, diags) = resolve(f, &[], &[]);
        assert_eq!(messages(&diags), vec![want.to_string()]);
        assert_eq!(diags[0].severity, Severity::Error);
        // The next source is taken.
        assert_eq!(p, Profile::default(), "{want}");
    }
    let (_, diags) = resolve(
        &ProfileFlags {
            cluster_domain: Some("-bad-".into()),
            ..flags()
        },
        &[],
        &[],
    );
    assert!(
        diags[0].message.starts_with(
            "--cluster-domain: Invalid value: \"-bad-\": a lowercase RFC 1123 subdomain"
        ),
        "{:?}",
        messages(&diags)
    );
}

#[test]
fn service_range_size_limit_follows_the_version() {
    // 1.33: the bitmap allocator is still written (DisableAllocatorDualWrite
    // off), so a /10 is refused; 1.34+ takes it.
    let f = |v: &str| ProfileFlags {
        service_cluster_ip_range: Some("100.64.0.0/10".into()),
        kubernetes_version: Some(v.into()),
        ..flags()
    };
    let (p, diags) = resolve(&f("1.33"), &[], &[]);
    assert_eq!(
        messages(&diags),
        vec!["--service-cluster-ip-range: specified --service-cluster-ip-range is too large; for 32-bit addresses, the mask must be >= 12; ignored"]
    );
    assert_eq!(p.service_ranges.value[0].to_string(), "10.96.0.0/12");
    let (p, diags) = resolve(&f("1.37"), &[], &[]);
    assert!(diags.is_empty());
    assert_eq!(p.service_ranges.value[0].to_string(), "100.64.0.0/10");
}

const K3S_EVIDENCE: &str = "apiVersion: v1
kind: Service
metadata:
  name: kubernetes
  namespace: default
spec:
  clusterIP: 10.43.0.1
  ports:
  - port: 443
---
apiVersion: v1
kind: Service
metadata:
  name: kube-dns
  namespace: kube-system
spec:
  clusterIP: 10.43.0.10
  ports:
  - port: 53
---
apiVersion: v1
kind: Node
metadata:
  name: k3s-1
spec:
  podCIDR: 10.42.0.0/24
  podCIDRs:
  - 10.42.0.0/24
status:
  addresses:
  - type: InternalIP
    address: 192.168.5.15
  - type: Hostname
    address: k3s-1
  nodeInfo:
    kubeletVersion: v1.35.4+k3s1
";

#[test]
fn evidence_in_the_manifests_is_followed_and_said() {
    let objs = objects(K3S_EVIDENCE);
    let (p, diags) = resolve(&flags(), &objs, &[]);
    assert_eq!(
        p.service_ranges.value,
        vec![Cidr::parse("10.43.0.0/16").unwrap()]
    );
    assert_eq!(
        p.pod_ranges.value,
        vec![Cidr::parse("10.42.0.0/16").unwrap()]
    );
    assert_eq!(p.dns_ip.value, ip("10.43.0.10"));
    assert_eq!(p.nodes.value.len(), 1);
    assert_eq!(p.nodes.value[0].addresses, vec![ip("192.168.5.15")]);
    assert_eq!(
        p.node_pod_ranges(0),
        vec![Cidr::parse("10.42.0.0/24").unwrap()]
    );
    assert_eq!(p.version.value.minor, 35);
    let msgs = messages(&diags);
    assert!(
        msgs.contains(&"service range taken as 10.43.0.0/16 from Service default/kubernetes (spec.clusterIP) 10.43.0.1".to_string()),
        "{msgs:?}"
    );
    assert!(
        msgs.iter()
            .any(|m| m.starts_with("pod range taken as 10.42.0.0/16 from Node k3s-1")),
        "{msgs:?}"
    );
    assert!(
        diags.iter().all(|d| d.severity == Severity::Info),
        "{msgs:?}"
    );
    // The info diagnostic points at the field.
    let d = diags
        .iter()
        .find(|d| d.message.starts_with("service range"))
        .unwrap();
    assert_eq!((d.location.line, d.location.column), (7, 14));
    // Flags still win over the evidence.
    let (p, _) = resolve(
        &ProfileFlags {
            service_cluster_ip_range: Some("10.96.0.0/12".into()),
            ..flags()
        },
        &objs,
        &[],
    );
    assert_eq!(p.service_ranges.value[0].to_string(), "10.96.0.0/12");
    // Evidence inside the preset's range changes nothing and says nothing.
    let (p, diags) = resolve(
        &ProfileFlags {
            profile: Some("k3s".into()),
            ..flags()
        },
        &objects(&K3S_EVIDENCE.replace("kubeletVersion: v1.35.4+k3s1", "kubeletVersion: v1.37.0")),
        &[],
    );
    assert_eq!(p.service_ranges.source, Source::Preset(Preset::K3s));
    assert_eq!(
        messages(&diags),
        vec!["nodes taken as the 1 Node objects in the manifests"]
    );
}

#[test]
fn eks_172_20_range_is_known() {
    let objs = objects("apiVersion: v1\nkind: Service\nmetadata:\n  name: kubernetes\n  namespace: default\nspec:\n  clusterIP: 172.20.0.1\n  ports:\n  - port: 443\n");
    let (p, _) = resolve(
        &ProfileFlags {
            profile: Some("eks".into()),
            ..flags()
        },
        &objs,
        &[],
    );
    assert_eq!(p.service_ranges.value[0].to_string(), "172.20.0.0/16");
    assert_eq!(p.dns_ip.value, ip("172.20.0.10"));
    // An unknown range: the /16 its first address opens.
    let objs = objects("apiVersion: v1\nkind: Service\nmetadata:\n  name: kubernetes\n  namespace: default\nspec:\n  clusterIP: 10.77.0.1\n  ports:\n  - port: 443\n");
    let (p, _) = resolve(&flags(), &objs, &[]);
    assert_eq!(p.service_ranges.value[0].to_string(), "10.77.0.0/16");
}

#[test]
fn service_cidr_objects_add_ranges_as_the_meta_allocator_does() {
    let text = "apiVersion: networking.k8s.io/v1
kind: ServiceCIDR
metadata:
  name: extra
spec:
  cidrs:
  - 10.200.0.0/16
---
apiVersion: networking.k8s.io/v1
kind: ServiceCIDR
metadata:
  name: draining
  deletionTimestamp: \"2026-01-01T00:00:00Z\"
spec:
  cidrs:
  - 10.201.0.0/16
---
apiVersion: networking.k8s.io/v1
kind: ServiceCIDR
metadata:
  name: not-ready
spec:
  cidrs:
  - 10.202.0.0/16
status:
  conditions:
  - type: Ready
    status: \"False\"
---
apiVersion: networking.k8s.io/v1
kind: ServiceCIDR
metadata:
  name: v6-in-a-v4-cluster
spec:
  cidrs:
  - fd00:1::/112
---
apiVersion: networking.k8s.io/v1
kind: ServiceCIDR
metadata:
  name: bad
spec:
  cidrs:
  - 10.203.0.1/16
  - 10.204.0.0/16
";
    let (p, diags) = resolve(&flags(), &objects(text), &[]);
    assert_eq!(p.service_cidrs.len(), 4);
    assert_eq!(
        p.service_range_holding(ip("10.200.3.4")),
        Cidr::parse("10.200.0.0/16")
    );
    assert_eq!(p.service_range_holding(ip("10.201.0.5")), None);
    assert_eq!(p.service_range_holding(ip("10.202.0.5")), None);
    assert_eq!(p.service_range_holding(ip("fd00:1::5")), None);
    assert_eq!(
        p.service_range_holding(ip("10.96.0.5")),
        Cidr::parse("10.96.0.0/12")
    );
    assert_eq!(
        messages(&diags),
        vec!["The ServiceCIDR \"bad\" is invalid: [spec.cidrs[0]: Invalid value: \"10.203.0.1/16\": must not have bits set beyond the prefix length, spec.cidrs: Invalid value: [\"10.203.0.1/16\",\"10.204.0.0/16\"]: may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and 2001:db8::/64]"]
    );
    // The default ServiceCIDR ("kubernetes") is the service range itself.
    let (p, _) = resolve(
        &flags(),
        &objects("apiVersion: networking.k8s.io/v1\nkind: ServiceCIDR\nmetadata:\n  name: kubernetes\nspec:\n  cidrs:\n  - 10.43.0.0/16\n  - fd00:43::/112\n"), &[]);
    assert!(p.dual_stack());
    assert_eq!(p.dns_ip.value, ip("10.43.0.10"));
}

#[test]
fn validate_service_cidr_spec_as_upstream() {
    assert_eq!(
        validate_service_cidr_spec(&[]),
        vec!["spec.cidrs: Required value: at least one CIDR required"]
    );
    assert_eq!(
        validate_service_cidr_spec(&["10.0.0.0/8", "fd00::/64", "10.1.0.0/16"]),
        vec!["spec.cidrs: Invalid value: \"10.0.0.0/8,fd00::/64,10.1.0.0/16\": may only hold up to 2 values"]
    );
    assert_eq!(
        validate_service_cidr_spec(&["010.0.0.0/8"]),
        vec!["spec.cidrs[0]: Invalid value: \"010.0.0.0/8\": must not have leading 0s in IP or prefix length"]
    );
    assert_eq!(
        validate_service_cidr_spec(&["FD00::/64"]),
        vec!["spec.cidrs[0]: Invalid value: \"FD00::/64\": must be in canonical form (\"fd00::/64\")"]
    );
    assert_eq!(
        validate_service_cidr_spec(&["x"]),
        vec!["spec.cidrs[0]: Invalid value: \"x\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"]
    );
    assert!(validate_service_cidr_spec(&["10.0.0.0/8", "fd00::/64"]).is_empty());
}

#[test]
fn overlapping_ranges_are_a_diagnostic() {
    let (p, diags) = resolve(
        &ProfileFlags {
            profile: Some("aks".into()),
            cluster_cidr: Some("10.0.0.0/8".into()),
            ..flags()
        },
        &[],
        &[],
    );
    assert_eq!(p.pod_ranges.value[0].to_string(), "10.0.0.0/8");
    assert_eq!(
        messages(&diags),
        vec!["the service range 10.0.0.0/16 (the aks preset) overlaps the pod range 10.0.0.0/8 (flag --cluster-cidr): a pod's address can equal a Service's cluster IP"]
    );
    assert_eq!(diags[0].severity, Severity::Warning);
}

#[test]
fn corefile_configmap_sets_the_corefile_and_domain() {
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: coredns\n  namespace: kube-system\ndata:\n  Corefile: |\n    .:53 {\n        kubernetes corp.example in-addr.arpa {\n          pods verified\n        }\n    }\n";
    let (p, diags) = resolve(&flags(), &objects(text), &[]);
    assert_eq!(p.cluster_domain.value, "corp.example");
    assert_eq!(p.dns_config().0.ttl, 5);
    assert_eq!(messages(&diags), vec!["cluster domain taken as corp.example from ConfigMap kube-system/coredns (data.Corefile)"]);
    let (p, _) = resolve(
        &ProfileFlags {
            cluster_domain: Some("flag.example".into()),
            ..flags()
        },
        &objects(text),
        &[],
    );
    assert_eq!(p.dns_config().0.zone, "flag.example");
    assert_eq!(p.dns_config().0.pods, crate::cluster::PodsMode::Verified);
}

#[test]
fn rows_name_every_value_and_its_source() {
    let (p, _) = resolve(&flags(), &objects(K3S_EVIDENCE), &[]);
    let rows = p.rows();
    let row = |label: &str| {
        rows.iter()
            .find(|r| r.label == label)
            .map(|r| (r.value.clone(), r.source.describe()))
            .unwrap()
    };
    assert_eq!(
        row("service ranges"),
        (
            "10.43.0.0/16".into(),
            "Service default/kubernetes (spec.clusterIP)".into()
        )
    );
    assert_eq!(
        row("preset"),
        ("kubeadm".into(), "the kubeadm preset".into())
    );
    assert_eq!(
        row("NodePort range"),
        ("30000-32767".into(), "the kubeadm preset".into())
    );
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any flag text: a profile and diagnostics, never a panic; the
        /// profile's ranges are always usable (one per family, primary
        /// first, kube-dns inside them unless a diagnostic says otherwise).
        #[test]
        fn any_flags_give_a_usable_profile(
            svc in "[0-9a-f:./,x ]{0,40}",
            pods in "[0-9a-f:./,x ]{0,40}",
            ports in "[0-9+\\- ]{0,12}",
            domain in "[a-zA-Z0-9.\\-]{0,20}",
            version in "v?1\\.[0-9]{1,3}",
        ) {
            let f = ProfileFlags {
                profile: None,
                service_cluster_ip_range: Some(svc),
                cluster_cidr: Some(pods),
                service_node_port_range: Some(ports),
                cluster_domain: Some(domain),
                kubernetes_version: Some(version),
            };
            let (p, diags) = resolve(&f, &[], &[]);
            let r = &p.service_ranges.value;
            prop_assert!(!r.is_empty() && r.len() <= 2);
            prop_assert!(r.len() < 2 || r[0].family() != r[1].family());
            prop_assert!(p.pod_ranges.value.len() <= 2);
            prop_assert!(p.node_ports.value.size > 0);
            let dns_outside = p.service_range_holding(p.dns_ip.value).is_none();
            prop_assert!(!dns_outside || diags.iter().any(|d| d.code == "profile-conflict"));
            let _ = p.rows();
            let _ = crate::controllers::Network::of(&p);
        }

        /// A range is found by any address inside it, and by no address
        /// outside it.
        #[test]
        fn contains_agrees_with_arithmetic(a in any::<u32>(), b in any::<u32>(), prefix in 0u8..=32) {
            let c = Cidr::new(IpAddr::V4(a.into()), prefix);
            let inside = prefix == 0 || (a ^ b) >> (32 - u32::from(prefix)) == 0;
            prop_assert_eq!(c.contains(IpAddr::V4(b.into())), inside);
            prop_assert!(c.contains(c.addr()));
            if let Some(last) = c.nth(c.size() - 1) {
                prop_assert!(c.contains(last));
            }
        }
    }
}

/// The Cluster control's rule: a row's value given to the flag the row
/// names is taken as it is, and the row then says it comes from that flag
/// (for every preset, the values from the manifests' evidence too).
#[test]
fn a_rows_value_given_to_its_flag_comes_back_from_the_flag() {
    for preset in Preset::ALL {
        let mut f = ProfileFlags {
            profile: Some(preset.name().into()),
            ..ProfileFlags::default()
        };
        let (p, _) = resolve(&f, &objects(K3S_EVIDENCE), &[]);
        let before: Vec<(&str, String)> = p
            .rows()
            .iter()
            .map(|r| (r.label, r.value.clone()))
            .collect();
        for r in p.rows() {
            if let Some(i) = r.flag {
                *f.slots()[i] = Some(r.value.clone());
                assert_eq!(f.values()[i].as_deref(), Some(r.value.as_str()));
            }
        }
        let (q, diags) = resolve(&f, &objects(K3S_EVIDENCE), &[]);
        assert!(diags.iter().all(|d| d.code != "profile-flag"), "{diags:?}");
        let after: Vec<(&str, String)> = q
            .rows()
            .iter()
            .map(|r| (r.label, r.value.clone()))
            .collect();
        assert_eq!(before, after, "{preset:?}");
        for r in q.rows() {
            if let Some(i) = r.flag {
                assert_eq!(
                    r.source,
                    &Source::Flag(ProfileFlags::NAMES[i]),
                    "{}",
                    r.label
                );
            }
        }
    }
}
