//! Tests, one per rule of the CoreDNS behaviour reference
//! (`/work/shared/reference/coredns-behaviour.md`), on small clusters built
//! directly in Rust. Expected answers follow coredns/coredns
//! `plugin/kubernetes` (handler_test.go, kubernetes_test.go, the coredns/ci
//! tables) where they state them.

use std::collections::BTreeMap;
use std::net::IpAddr;

use super::reason::Reason;
use super::*;
use crate::cluster::*;
use crate::diag::Location;
use crate::dns::name;
use crate::dns::{RData, Rcode, RecordType};
use crate::resolver::resolve;

// ---------------------------------------------------------------------
// Test builder
// ---------------------------------------------------------------------

struct B {
    c: Cluster,
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn ep(addr: &str) -> Endpoint {
    Endpoint {
        addresses: vec![ip(addr)],
        ready: Some(true),
        serving: Some(true),
        terminating: Some(false),
        hostname: None,
        target_ref: None,
        node_name: None,
    }
}

fn ep_host(addr: &str, host: &str) -> Endpoint {
    Endpoint {
        hostname: Some(host.to_string()),
        ..ep(addr)
    }
}

fn ep_ready(addr: &str, ready: Option<bool>) -> Endpoint {
    Endpoint { ready, ..ep(addr) }
}

fn ep_pod(addr: &str, ns: &str, pod: &str) -> Endpoint {
    Endpoint {
        target_ref: Some(ObjectRef {
            kind: "Pod".into(),
            namespace: ns.into(),
            name: pod.into(),
        }),
        ..ep(addr)
    }
}

/// (name, protocol, port) of an EndpointSlice port.
fn eport(name: &str, proto: &str, port: i32) -> EndpointPort {
    EndpointPort {
        name: if name.is_empty() {
            None
        } else {
            Some(name.to_string())
        },
        protocol: proto.to_string(),
        port: Some(port),
    }
}

fn sport(name: &str, proto: &str, port: i32) -> ServicePort {
    ServicePort {
        name: name.into(),
        protocol: proto.into(),
        port,
        target_port: TargetPort::Number(port),
    }
}

impl B {
    /// The plugin defaults of the reference §1 (TTL 5, `pods insecure`,
    /// no fallthrough) and the kubeadm namespaces.
    fn new() -> B {
        let config = DnsConfig {
            ttl: 5,
            fallthrough: None,
            soa_serial: 1_234,
            ..DnsConfig::default()
        };
        B {
            c: Cluster {
                config,
                namespaces: vec![
                    "default".into(),
                    "kube-system".into(),
                    "kube-public".into(),
                    "kube-node-lease".into(),
                ],
                ..Cluster::default()
            },
        }
    }

    fn config(mut self, f: impl FnOnce(&mut DnsConfig)) -> B {
        f(&mut self.c.config);
        self
    }

    fn ns(mut self, n: &str) -> B {
        self.c.namespaces.push(n.into());
        self
    }

    fn service(mut self, s: Service) -> B {
        self.c.services.push(s);
        self
    }

    fn svc(self, ns: &str, name: &str, ips: &[&str], ports: &[ServicePort]) -> B {
        self.service(Service {
            namespace: ns.into(),
            name: name.into(),
            service_type: ServiceType::ClusterIp,
            cluster_ips: ips.iter().map(|i| ip(i)).collect(),
            headless: false,
            external_name: None,
            ports: ports.to_vec(),
            selector: Some(BTreeMap::new()),
            publish_not_ready_addresses: false,
            origin: Origin::Manifest(Location {
                file: 0,
                document: 0,
                line: 1,
                column: 1,
            }),
        })
    }

    fn headless(self, ns: &str, name: &str, ports: &[ServicePort]) -> B {
        let mut b = self.svc(ns, name, &[], ports);
        b.c.services.last_mut().unwrap().headless = true;
        b
    }

    fn external(self, ns: &str, name: &str, target: &str) -> B {
        let mut b = self.svc(ns, name, &[], &[]);
        let s = b.c.services.last_mut().unwrap();
        s.service_type = ServiceType::ExternalName;
        s.external_name = Some(target.into());
        s.selector = None;
        b
    }

    fn slice(
        mut self,
        ns: &str,
        name: &str,
        svc: &str,
        ports: &[EndpointPort],
        endpoints: Vec<Endpoint>,
    ) -> B {
        self.c.endpoint_slices.push(EndpointSlice {
            namespace: ns.into(),
            name: name.into(),
            service_name: Some(svc.into()),
            address_type: AddressType::IPv4,
            endpoints,
            ports: ports.to_vec(),
            origin: Origin::Controller {
                controller: "endpointslice-controller",
                owner: format!("Service/{ns}/{svc}"),
                location: Location::default(),
            },
        });
        self
    }

    fn pod(mut self, ns: &str, name: &str, ips: &[&str]) -> B {
        self.c.pods.push(Pod {
            namespace: ns.into(),
            name: name.into(),
            labels: BTreeMap::new(),
            ips: ips.iter().map(|i| ip(i)).collect(),
            phase: PodPhase::Running,
            ready: true,
            terminating: false,
            hostname: None,
            subdomain: None,
            node_name: None,
            container_ports: Vec::new(),
            owner: None,
            origin: Origin::Builtin,
        });
        self
    }

    /// kube-dns in kube-system with one CoreDNS pod at 10.244.0.2.
    fn kube_dns(self) -> B {
        let mut b = self
            .svc(
                "kube-system",
                "kube-dns",
                &["10.96.0.10"],
                &[
                    sport("dns", "UDP", 53),
                    sport("dns-tcp", "TCP", 53),
                    sport("metrics", "TCP", 9153),
                ],
            )
            .slice(
                "kube-system",
                "kube-dns-abcde",
                "kube-dns",
                &[
                    eport("dns", "UDP", 53),
                    eport("dns-tcp", "TCP", 53),
                    eport("metrics", "TCP", 9153),
                ],
                vec![ep_pod("10.244.0.2", "kube-system", "coredns-1")],
            )
            .pod("kube-system", "coredns-1", &["10.244.0.2"]);
        b.c.pods
            .last_mut()
            .unwrap()
            .labels
            .insert("k8s-app".into(), "kube-dns".into());
        b
    }

    fn ask(&self, name: &str, t: &str) -> Response {
        answer(&self.c, name, RecordType::parse(t).unwrap())
    }
}

fn lines(r: &Response) -> Vec<String> {
    r.answer.iter().map(|r| r.to_string()).collect()
}

fn extra(r: &Response) -> Vec<String> {
    r.additional.iter().map(|r| r.to_string()).collect()
}

fn assert_nxdomain(r: &Response) {
    assert_eq!(r.rcode, Rcode::NxDomain, "{r:#?}");
    assert!(r.answer.is_empty());
    assert!(!r.upstream, "{r:#?}");
    assert_eq!(r.authority.len(), 1, "{r:#?}");
    assert!(r.authoritative);
}

fn assert_nodata(r: &Response) {
    assert!(r.is_nodata(), "{r:#?}");
    assert_eq!(r.authority.len(), 1, "{r:#?}");
    assert!(r.authoritative);
}

fn explained(r: &Response, needle: &str) -> bool {
    crate::explain::reason::sentences(&r.reasons)
        .iter()
        .any(|e| e.contains(needle))
}

/// A small cluster with a bit of everything.
fn web() -> B {
    B::new()
        .kube_dns()
        .svc(
            "default",
            "web",
            &["10.96.0.20"],
            &[sport("http", "TCP", 80), sport("", "TCP", 8080)],
        )
        .slice(
            "default",
            "web-xyz",
            "web",
            &[eport("http", "TCP", 8000), eport("", "TCP", 8080)],
            vec![ep("10.244.1.5"), ep("10.244.1.6")],
        )
}

// ---------------------------------------------------------------------
// §2 Name grammar
// ---------------------------------------------------------------------

#[test]
fn apex_svc_and_pod_are_empty_names_nodata() {
    let b = web();
    for n in ["cluster.local.", "svc.cluster.local.", "pod.cluster.local."] {
        assert_nodata(&b.ask(n, "A"));
    }
}

#[test]
fn class_label_other_than_svc_or_pod_is_nxdomain() {
    let b = web();
    assert_nxdomain(&b.ask("web.default.foo.cluster.local.", "A"));
    assert_nxdomain(&b.ask("web.cluster.local.", "A"));
}

#[test]
fn three_or_more_labels_left_of_service_is_nxdomain() {
    let b = web();
    let r = b.ask("a._http._tcp.web.default.svc.cluster.local.", "SRV");
    assert_nxdomain(&r);
    assert!(r
        .reasons
        .iter()
        .any(|x| matches!(x, Reason::TooLong { labels: 3, .. })));
}

#[test]
fn wildcard_label_is_an_ordinary_label_nxdomain() {
    let b = web();
    assert_nxdomain(&b.ask("*.default.svc.cluster.local.", "A"));
    assert_nxdomain(&b.ask("any.default.svc.cluster.local.", "A"));
}

#[test]
fn matching_ignores_case_and_reply_echoes_query_case() {
    let b = web();
    let r = b.ask("WEB.Default.SVC.Cluster.Local.", "SRV");
    assert_eq!(
        lines(&r)[0],
        "WEB.Default.SVC.Cluster.Local. 5 IN SRV 0 50 80 web.default.svc.Cluster.Local."
    );
    let a = b.ask("Web.default.svc.cluster.local", "A");
    assert_eq!(
        lines(&a),
        vec!["Web.default.svc.cluster.local. 5 IN A 10.96.0.20"]
    );
    assert_eq!(
        a.answer[0].to_lowercase_line(),
        "web.default.svc.cluster.local. 5 IN A 10.96.0.20"
    );
}

#[test]
fn port_and_protocol_underscores_are_optional() {
    let b = web();
    let r = b.ask("http.tcp.web.default.svc.cluster.local.", "SRV");
    assert_eq!(r.answer.len(), 1);
}

// ---------------------------------------------------------------------
// §3 ClusterIP / NodePort / LoadBalancer
// ---------------------------------------------------------------------

#[test]
fn clusterip_a_and_aaaa_return_every_cluster_ip_of_the_family() {
    let b = B::new().svc(
        "default",
        "ds",
        &["10.96.0.30", "fd00:10:96::30"],
        &[sport("http", "TCP", 80)],
    );
    assert_eq!(
        lines(&b.ask("ds.default.svc.cluster.local.", "A")),
        vec!["ds.default.svc.cluster.local. 5 IN A 10.96.0.30"]
    );
    assert_eq!(
        lines(&b.ask("ds.default.svc.cluster.local.", "AAAA")),
        vec!["ds.default.svc.cluster.local. 5 IN AAAA fd00:10:96::30"]
    );
}

#[test]
fn clusterip_service_with_zero_endpoints_still_answers() {
    let b = B::new().svc(
        "default",
        "svcempty",
        &["10.96.0.40"],
        &[sport("", "TCP", 80)],
    );
    assert_eq!(
        b.ask("svcempty.default.svc.cluster.local.", "A")
            .answer
            .len(),
        1
    );
}

#[test]
fn nodeport_and_loadbalancer_answer_like_clusterip() {
    let mut b = B::new()
        .svc("default", "np", &["10.96.0.41"], &[sport("", "TCP", 80)])
        .svc("default", "lb", &["10.96.0.42"], &[sport("", "TCP", 80)]);
    b.c.services[0].service_type = ServiceType::NodePort;
    b.c.services[1].service_type = ServiceType::LoadBalancer;
    assert_eq!(
        lines(&b.ask("np.default.svc.cluster.local.", "A")),
        vec!["np.default.svc.cluster.local. 5 IN A 10.96.0.41"]
    );
    assert_eq!(
        lines(&b.ask("lb.default.svc.cluster.local.", "A")),
        vec!["lb.default.svc.cluster.local. 5 IN A 10.96.0.42"]
    );
}

#[test]
fn clusterip_srv_uses_service_port_and_bare_name_matches_every_port() {
    let b = web();
    let r = b.ask("web.default.svc.cluster.local.", "SRV");
    assert_eq!(
        lines(&r),
        vec![
            "web.default.svc.cluster.local. 5 IN SRV 0 50 80 web.default.svc.cluster.local.",
            "web.default.svc.cluster.local. 5 IN SRV 0 50 8080 web.default.svc.cluster.local.",
        ]
    );
    assert_eq!(
        extra(&r),
        vec!["web.default.svc.cluster.local. 5 IN A 10.96.0.20"]
    );
    let named = b.ask("_http._tcp.web.default.svc.cluster.local.", "SRV");
    assert_eq!(
        lines(&named),
        vec!["_http._tcp.web.default.svc.cluster.local. 5 IN SRV 0 100 80 web.default.svc.cluster.local."]
    );
}

#[test]
fn port_proto_name_answers_a_with_the_cluster_ip() {
    let b = web();
    assert_eq!(
        lines(&b.ask("_http._tcp.web.default.svc.cluster.local.", "A")),
        vec!["_http._tcp.web.default.svc.cluster.local. 5 IN A 10.96.0.20"]
    );
}

#[test]
fn srv_port_or_protocol_matching_nothing_is_nxdomain() {
    let b = web();
    let r = b.ask("_https._tcp.web.default.svc.cluster.local.", "SRV");
    assert_nxdomain(&r);
    assert!(r.reasons.iter().any(|x| matches!(
        x,
        Reason::PortMiss {
            headless: false,
            ..
        }
    )));
    assert_nxdomain(&b.ask("_http._udp.web.default.svc.cluster.local.", "SRV"));
}

#[test]
fn srv_weight_counts_both_families_dual_stack_gives_one_record_of_weight_50() {
    let b = B::new().svc(
        "default",
        "ds",
        &["10.96.0.30", "fd00:10:96::30"],
        &[sport("http", "TCP", 80)],
    );
    let r = b.ask("ds.default.svc.cluster.local.", "SRV");
    assert_eq!(
        lines(&r),
        vec!["ds.default.svc.cluster.local. 5 IN SRV 0 50 80 ds.default.svc.cluster.local."]
    );
    assert_eq!(
        extra(&r),
        vec![
            "ds.default.svc.cluster.local. 5 IN A 10.96.0.30",
            "ds.default.svc.cluster.local. 5 IN AAAA fd00:10:96::30",
        ]
    );
}

#[test]
fn srv_skips_repeated_target_and_port_kube_dns_53_once() {
    let b = B::new().kube_dns();
    let r = b.ask("kube-dns.kube-system.svc.cluster.local.", "SRV");
    assert_eq!(
        lines(&r),
        vec![
            "kube-dns.kube-system.svc.cluster.local. 5 IN SRV 0 33 53 kube-dns.kube-system.svc.cluster.local.",
            "kube-dns.kube-system.svc.cluster.local. 5 IN SRV 0 33 9153 kube-dns.kube-system.svc.cluster.local.",
        ]
    );
}

#[test]
fn aaaa_on_ipv4_cluster_ip_is_nodata() {
    assert_nodata(&web().ask("web.default.svc.cluster.local.", "AAAA"));
}

/// `object/service.go` `ToService` gives a Service without ports one
/// sentinel port -1: A answers the cluster IP, SRV has no record (NODATA),
/// a named port does not match (NXDOMAIN). (Was NXDOMAIN for A too.)
#[test]
fn clusterip_service_without_ports_answers_a_through_the_sentinel_port() {
    let b = B::new().svc("default", "noports", &["10.96.0.50"], &[]);
    let a = b.ask("noports.default.svc.cluster.local.", "A");
    assert_eq!(
        lines(&a),
        vec!["noports.default.svc.cluster.local. 5 IN A 10.96.0.50"]
    );
    assert_nodata(&b.ask("noports.default.svc.cluster.local.", "SRV"));
    assert_nxdomain(&b.ask("_http._tcp.noports.default.svc.cluster.local.", "SRV"));
}

// ---------------------------------------------------------------------
// Endpoint names
// ---------------------------------------------------------------------

#[test]
fn endpoint_names_exist_for_clusterip_services_as_dashed_ips() {
    let b = web();
    assert_eq!(
        lines(&b.ask("10-244-1-5.web.default.svc.cluster.local.", "A")),
        vec!["10-244-1-5.web.default.svc.cluster.local. 5 IN A 10.244.1.5"]
    );
}

#[test]
fn endpoint_hostname_wins_and_hides_the_dashed_ip() {
    let b = B::new()
        .headless("default", "db", &[sport("sql", "TCP", 3306)])
        .slice(
            "default",
            "db-1",
            "db",
            &[eport("sql", "TCP", 3306)],
            vec![ep_host("10.244.2.1", "db-0")],
        );
    assert_eq!(
        lines(&b.ask("db-0.db.default.svc.cluster.local.", "A")),
        vec!["db-0.db.default.svc.cluster.local. 5 IN A 10.244.2.1"]
    );
    assert_nxdomain(&b.ask("10-244-2-1.db.default.svc.cluster.local.", "A"));
}

#[test]
fn endpoint_pod_names_uses_targetref_name_up_to_63_characters() {
    let long = "p".repeat(64);
    let b = B::new()
        .config(|c| c.endpoint_pod_names = true)
        .headless("default", "h", &[])
        .slice(
            "default",
            "h-1",
            "h",
            &[],
            vec![
                ep_pod("10.244.3.1", "default", "short-pod"),
                ep_pod("10.244.3.2", "default", &long),
            ],
        );
    assert_eq!(
        b.ask("short-pod.h.default.svc.cluster.local.", "A")
            .answer
            .len(),
        1
    );
    assert_eq!(
        b.ask("10-244-3-2.h.default.svc.cluster.local.", "A")
            .answer
            .len(),
        1
    );
    assert_nxdomain(&b.ask("10-244-3-1.h.default.svc.cluster.local.", "A"));
}

#[test]
fn ipv6_dashed_endpoint_name_gets_a_trailing_zero() {
    let b = B::new().headless("default", "h6", &[]).slice(
        "default",
        "h6-1",
        "h6",
        &[],
        vec![ep("2001:db8::")],
    );
    assert_eq!(
        lines(&b.ask("2001-db8--0.h6.default.svc.cluster.local.", "AAAA")),
        vec!["2001-db8--0.h6.default.svc.cluster.local. 5 IN AAAA 2001:db8::"]
    );
}

#[test]
fn shared_hostname_returns_every_ip() {
    let b = B::new().headless("default", "dup-name", &[]).slice(
        "default",
        "dup-1",
        "dup-name",
        &[],
        vec![ep_host("10.0.0.1", "same"), ep_host("10.0.0.2", "same")],
    );
    assert_eq!(
        b.ask("same.dup-name.default.svc.cluster.local.", "A")
            .answer
            .len(),
        2
    );
}

// ---------------------------------------------------------------------
// Headless
// ---------------------------------------------------------------------

fn mysql() -> B {
    B::new()
        .headless("default", "mysql", &[sport("mysql", "TCP", 3306)])
        .slice(
            "default",
            "mysql-abcde",
            "mysql",
            &[eport("mysql", "TCP", 13306)],
            vec![
                ep_host("10.244.1.10", "mysql-0"),
                ep_ready("10.244.1.11", None),
                ep_ready("10.244.1.12", Some(false)),
            ],
        )
        .slice(
            "default",
            "mysql-fghij",
            "mysql",
            &[eport("mysql", "TCP", 13306)],
            vec![ep("10.244.1.11")],
        )
}

#[test]
fn headless_a_returns_ready_endpoints_ready_unset_counts_dedup_by_ip() {
    let r = mysql().ask("mysql.default.svc.cluster.local.", "A");
    assert_eq!(
        lines(&r),
        vec![
            "mysql.default.svc.cluster.local. 5 IN A 10.244.1.10",
            "mysql.default.svc.cluster.local. 5 IN A 10.244.1.11",
        ]
    );
    assert!(r
        .reasons
        .iter()
        .any(|x| matches!(x, Reason::EndpointNotReady { .. })));
    assert!(r.reasons.contains(&Reason::AnswerOrder));
}

#[test]
fn headless_srv_uses_endpointslice_port_not_service_port() {
    let r = mysql().ask("_mysql._tcp.mysql.default.svc.cluster.local.", "SRV");
    // 3 entries (10, 11 twice), 2 records, weight floor(100/3) = 33.
    assert_eq!(
        lines(&r),
        vec![
            "_mysql._tcp.mysql.default.svc.cluster.local. 5 IN SRV 0 33 13306 mysql-0.mysql.default.svc.cluster.local.",
            "_mysql._tcp.mysql.default.svc.cluster.local. 5 IN SRV 0 33 13306 10-244-1-11.mysql.default.svc.cluster.local.",
        ]
    );
    assert_eq!(
        extra(&r),
        vec![
            "mysql-0.mysql.default.svc.cluster.local. 5 IN A 10.244.1.10",
            "10-244-1-11.mysql.default.svc.cluster.local. 5 IN A 10.244.1.11",
        ]
    );
}

#[test]
fn srv_weight_is_floor_100_over_all_entries_hdls1() {
    // Six entries, one repeated (target, port): five records of weight 16.
    let b = B::new().headless("default", "hdls1", &[]).slice(
        "default",
        "hdls1-1",
        "hdls1",
        &[eport("http", "TCP", 80)],
        vec![
            ep("172.0.0.2"),
            ep("172.0.0.3"),
            ep("172.0.0.4"),
            ep("172.0.0.5"),
            ep("5678:abcd::1"),
            ep_host("172.0.0.6", "172-0-0-5"),
        ],
    );
    let r = b.ask("hdls1.default.svc.cluster.local.", "SRV");
    assert_eq!(r.answer.len(), 5);
    assert!(r
        .answer
        .iter()
        .all(|rec| matches!(rec.rdata, RData::Srv { weight: 16, .. })));
}

#[test]
fn headless_with_zero_ready_endpoints_is_nxdomain_svc_unready() {
    let b = B::new()
        .headless("default", "svc-unready", &[])
        .slice(
            "default",
            "u-1",
            "svc-unready",
            &[],
            vec![ep_ready("10.0.0.9", Some(false))],
        )
        .headless("default", "noslices", &[]);
    let r = b.ask("svc-unready.default.svc.cluster.local.", "A");
    assert_nxdomain(&r);
    assert!(r
        .reasons
        .iter()
        .any(|x| matches!(x, Reason::HeadlessNoReadyEndpoints { .. })));
    assert_nxdomain(&b.ask("svc-unready.default.svc.cluster.local.", "SRV"));
    assert_nxdomain(&b.ask("noslices.default.svc.cluster.local.", "A"));
    // SOA below the apex stays NODATA.
    assert_nodata(&b.ask("svc-unready.default.svc.cluster.local.", "SOA"));
}

#[test]
fn headless_portless_bare_srv_is_nodata_hdlsprtls() {
    let b = B::new().headless("default", "hdlsprtls", &[]).slice(
        "default",
        "p-1",
        "hdlsprtls",
        &[],
        vec![ep("172.0.0.20")],
    );
    assert_nodata(&b.ask("hdlsprtls.default.svc.cluster.local.", "SRV"));
    assert_eq!(
        b.ask("hdlsprtls.default.svc.cluster.local.", "A")
            .answer
            .len(),
        1
    );
}

#[test]
fn v6_only_headless_a_is_nodata() {
    let b = B::new().headless("default", "h6", &[]).slice(
        "default",
        "h6-1",
        "h6",
        &[],
        vec![ep("fd00::5")],
    );
    assert_nodata(&b.ask("h6.default.svc.cluster.local.", "A"));
}

// ---------------------------------------------------------------------
// ExternalName
// ---------------------------------------------------------------------

#[test]
fn externalname_gives_a_cname() {
    let b = B::new().external("default", "ext", "example.com");
    assert_eq!(
        lines(&b.ask("ext.default.svc.cluster.local.", "CNAME")),
        vec!["ext.default.svc.cluster.local. 5 IN CNAME example.com."]
    );
}

#[test]
fn externalname_a_resolves_an_in_zone_target_recursively() {
    let b = web().external("default", "alias", "web.default.svc.cluster.local");
    assert_eq!(
        lines(&b.ask("alias.default.svc.cluster.local.", "A")),
        vec![
            "alias.default.svc.cluster.local. 5 IN CNAME web.default.svc.cluster.local.",
            "web.default.svc.cluster.local. 5 IN A 10.96.0.20",
        ]
    );
}

#[test]
fn externalname_a_leaves_cname_out_when_in_zone_target_has_nothing() {
    let b = web()
        .external("default", "alias", "web.default.svc.cluster.local")
        .external("default", "dangling", "nope.default.svc.cluster.local");
    let r = b.ask("alias.default.svc.cluster.local.", "AAAA");
    assert_nodata(&r);
    assert_nodata(&b.ask("dangling.default.svc.cluster.local.", "A"));
}

#[test]
fn externalname_out_of_zone_target_gives_cname_and_upstream_note() {
    let b = B::new().external("default", "ext", "example.com");
    let r = b.ask("ext.default.svc.cluster.local.", "A");
    assert_eq!(
        lines(&r),
        vec!["ext.default.svc.cluster.local. 5 IN CNAME example.com."]
    );
    assert!(r.reasons.contains(&Reason::CnameUpstream {
        target: "example.com.".into()
    }));
    assert!(r.reasons.contains(&Reason::UpstreamRecords {
        target: "example.com.".into()
    }));
}

#[test]
fn externalname_srv_is_nodata() {
    let b = B::new().external("default", "ext", "example.com");
    assert_nodata(&b.ask("ext.default.svc.cluster.local.", "SRV"));
}

#[test]
fn externalname_extra_labels_are_nxdomain() {
    let b = B::new().external("default", "ext", "example.com");
    assert_nxdomain(&b.ask("x.ext.default.svc.cluster.local.", "A"));
    assert_nxdomain(&b.ask("_http._tcp.ext.default.svc.cluster.local.", "SRV"));
}

#[test]
fn externalname_with_an_ip_target_is_nxdomain() {
    // Upstream: findServices keeps ExternalName entries only when the host
    // is a name (HostType CNAME).
    let b = B::new().external("default", "ipext", "1.2.3.4");
    assert_nxdomain(&b.ask("ipext.default.svc.cluster.local.", "A"));
}

// ---------------------------------------------------------------------
// Pods
// ---------------------------------------------------------------------

#[test]
fn pods_insecure_answers_any_ip_label_in_an_existing_namespace() {
    let b = web();
    assert_eq!(
        lines(&b.ask("1-2-3-4.default.pod.cluster.local.", "A")),
        vec!["1-2-3-4.default.pod.cluster.local. 5 IN A 1.2.3.4"]
    );
    assert_nxdomain(&b.ask("web.default.pod.cluster.local.", "A"));
    assert_nxdomain(&b.ask("1-2-3-4.nosuchns.pod.cluster.local.", "A"));
    assert_nodata(&b.ask("default.pod.cluster.local.", "A"));
}

#[test]
fn pods_verified_requires_a_live_pod_with_that_ip_in_that_namespace() {
    let mut b = B::new()
        .config(|c| c.pods = PodsMode::Verified)
        .pod("default", "a", &["10.244.0.7"])
        .pod("default", "done", &["10.244.0.8"])
        .pod("default", "pending", &["10.244.0.9"]);
    b.c.pods[1].phase = PodPhase::Succeeded;
    b.c.pods[2].phase = PodPhase::Pending;
    assert_eq!(
        b.ask("10-244-0-7.default.pod.cluster.local.", "A")
            .answer
            .len(),
        1
    );
    assert_nxdomain(&b.ask("10-244-0-7.kube-system.pod.cluster.local.", "A"));
    assert_nxdomain(&b.ask("10-244-0-8.default.pod.cluster.local.", "A"));
    assert_eq!(
        b.ask("10-244-0-9.default.pod.cluster.local.", "A")
            .answer
            .len(),
        1
    );
    assert_nxdomain(&b.ask("1-2-3-4.default.pod.cluster.local.", "A"));
}

#[test]
fn pods_disabled_is_always_nxdomain() {
    let b = web().config(|c| c.pods = PodsMode::Disabled);
    assert_nxdomain(&b.ask("1-2-3-4.default.pod.cluster.local.", "A"));
    assert_nxdomain(&b.ask("default.pod.cluster.local.", "A"));
}

#[test]
fn pods_ignore_one_or_two_extra_left_labels() {
    let b = web();
    assert_eq!(
        lines(&b.ask("x.10-240-0-1.default.pod.cluster.local.", "A")),
        vec!["x.10-240-0-1.default.pod.cluster.local. 5 IN A 10.240.0.1"]
    );
    assert_eq!(
        b.ask("x.y.10-240-0-1.default.pod.cluster.local.", "A")
            .answer
            .len(),
        1
    );
    assert_nxdomain(&b.ask("x.y.z.10-240-0-1.default.pod.cluster.local.", "A"));
}

#[test]
fn pods_ipv6_dashed_label_gives_aaaa() {
    let b = web();
    assert_eq!(
        lines(&b.ask("1234-abcd--1.default.pod.cluster.local.", "AAAA")),
        vec!["1234-abcd--1.default.pod.cluster.local. 5 IN AAAA 1234:abcd::1"]
    );
}

// ---------------------------------------------------------------------
// PTR
// ---------------------------------------------------------------------

#[test]
fn ptr_for_a_cluster_ip_is_exactly_one_record() {
    let b = web();
    let r = b.ask("20.0.96.10.in-addr.arpa.", "PTR");
    assert_eq!(
        lines(&r),
        vec!["20.0.96.10.in-addr.arpa. 5 IN PTR web.default.svc.cluster.local."]
    );
    let v6 = B::new().svc(
        "default",
        "ds",
        &["10.96.0.30", "fd00::30"],
        &[sport("", "TCP", 1)],
    );
    let n = name::reverse_name(&ip("fd00::30"));
    assert_eq!(
        lines(&v6.ask(&n, "PTR")),
        vec![format!("{n} 5 IN PTR ds.default.svc.cluster.local.")]
    );
}

#[test]
fn ptr_for_endpoint_addresses_dedups_and_lists_each_service() {
    let b = web()
        .slice(
            "default",
            "web-dup",
            "web",
            &[eport("http", "TCP", 8000)],
            vec![ep("10.244.1.5")],
        )
        .svc("default", "other", &["10.96.0.21"], &[sport("", "TCP", 80)])
        .slice("default", "other-1", "other", &[], vec![ep("10.244.1.5")]);
    let r = b.ask("5.1.244.10.in-addr.arpa.", "PTR");
    assert_eq!(
        lines(&r),
        vec![
            "5.1.244.10.in-addr.arpa. 5 IN PTR 10-244-1-5.web.default.svc.cluster.local.",
            "5.1.244.10.in-addr.arpa. 5 IN PTR 10-244-1-5.other.default.svc.cluster.local.",
        ]
    );
}

#[test]
fn ptr_misses_are_nxdomain_and_go_upstream_with_fallthrough() {
    let b = web().pod("default", "lonely", &["10.244.9.9"]).slice(
        "default",
        "web-nr",
        "web",
        &[],
        vec![ep_ready("10.244.9.8", Some(false))],
    );
    let r = b.ask("9.9.244.10.in-addr.arpa.", "PTR");
    assert_nxdomain(&r);
    assert_eq!(r.authority[0].owner, "in-addr.arpa.");
    assert_nxdomain(&b.ask("8.9.244.10.in-addr.arpa.", "PTR"));
    let kubeadm = b.config(|c| c.fallthrough = DnsConfig::default().fallthrough);
    let up = kubeadm.ask("9.9.244.10.in-addr.arpa.", "PTR");
    assert!(up.upstream);
    assert!(up.reasons.contains(&Reason::FallsThrough {
        line: "fallthrough in-addr.arpa ip6.arpa".into()
    }));
}

/// `handler.go` `ServeDNS`: a name in none of the stanza's zones goes to
/// the next plugin. A Corefile listing only `cluster.local` serves no
/// reverse zone, so PTRs go upstream. (svcdns served the reverse zones
/// whatever the Corefile said.)
#[test]
fn reverse_zones_are_served_only_when_the_corefile_lists_them() {
    let b = web();
    assert_eq!(b.ask("20.0.96.10.in-addr.arpa.", "PTR").answer.len(), 1);
    let forward_only = web().config(|c| c.other_zones.clear());
    let r = forward_only.ask("20.0.96.10.in-addr.arpa.", "PTR");
    assert!(r.upstream && r.answer.is_empty(), "{r:?}");
    let only_10 = web().config(|c| c.other_zones = vec!["10.in-addr.arpa".into()]);
    let r = only_10.ask("20.0.96.10.in-addr.arpa.", "PTR");
    assert_eq!(
        lines(&r),
        vec!["20.0.96.10.in-addr.arpa. 5 IN PTR web.default.svc.cluster.local."]
    );
    assert!(only_10.ask("1.0.0.192.in-addr.arpa.", "PTR").upstream);
}

/// A second forward zone in the stanza is served like the first: names
/// are read relative to the zone they are in (`parseRequest`).
#[test]
fn a_second_forward_zone_answers_like_the_cluster_zone() {
    let b = web().config(|c| c.other_zones.push("example.org".into()));
    let r = b.ask("web.default.svc.example.org.", "A");
    assert_eq!(
        lines(&r),
        vec!["web.default.svc.example.org. 5 IN A 10.96.0.20"]
    );
    assert_nxdomain(&b.ask("nope.default.svc.example.org.", "A"));
    assert!(web().ask("web.default.svc.example.org.", "A").upstream);
}

/// `fall.SetZonesFromArgs`: a bare `fallthrough` covers every zone, so a
/// forward-zone NXDOMAIN goes on to the next plugin too; `fallthrough
/// in-addr.arpa` leaves `ip6.arpa` misses authoritative. (svcdns applied
/// any `fallthrough` to both reverse zones and never to forward ones.)
#[test]
fn fallthrough_covers_the_zones_it_names() {
    let bare = web().config(|c| c.fallthrough = Some(Vec::new()));
    let r = bare.ask("nope.default.svc.cluster.local.", "A");
    assert!(r.upstream && r.authority.is_empty(), "{r:?}");
    assert!(r.reasons.contains(&Reason::FallsThrough {
        line: "fallthrough".into()
    }));
    let v4 = web().config(|c| c.fallthrough = Some(vec!["in-addr.arpa".into()]));
    assert!(v4.ask("9.9.244.10.in-addr.arpa.", "PTR").upstream);
    let v6 = v4.ask(
        "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa.",
        "PTR",
    );
    assert_nxdomain(&v6);
    assert_nxdomain(&v4.ask("nope.default.svc.cluster.local.", "A"));
}

/// `pods verified` keeps answering for a pod being deleted: CoreDNS drops
/// the update that sets its deletionTimestamp (`object/pod.go` `ToPod`
/// refuses it, `object/informer.go` `DefaultProcessor` skips it) and keeps
/// the pod it knew until the Deleted event. (svcdns answered NXDOMAIN.)
#[test]
fn verified_pod_record_stays_while_the_pod_is_being_deleted() {
    let mut b =
        web()
            .config(|c| c.pods = PodsMode::Verified)
            .pod("default", "leaving", &["10.244.7.7"]);
    let i = b.c.pods.iter().position(|p| p.name == "leaving").unwrap();
    b.c.pods[i].terminating = true;
    let r = b.ask("10-244-7-7.default.pod.cluster.local.", "A");
    assert_eq!(
        lines(&r),
        vec!["10-244-7-7.default.pod.cluster.local. 5 IN A 10.244.7.7"]
    );
    assert!(r
        .reasons
        .iter()
        .any(|x| matches!(x, Reason::PodTerminatingKept { .. })));
    let listed = zone(&b.c).iter().map(|r| r.to_string()).collect::<Vec<_>>();
    assert!(listed
        .iter()
        .any(|l| l.starts_with("10-244-7-7.default.pod")));
}

#[test]
fn ptr_on_partial_reverse_name_is_nxdomain() {
    assert_nxdomain(&web().ask("0.10.in-addr.arpa.", "PTR"));
}

#[test]
fn non_ptr_type_on_a_reverse_name_is_nxdomain() {
    assert_nxdomain(&web().ask("20.0.96.10.in-addr.arpa.", "A"));
    assert_nxdomain(&web().ask("20.0.96.10.in-addr.arpa.", "TXT"));
}

#[test]
fn ptr_on_an_existing_forward_name_is_nodata() {
    let b = web();
    assert_nodata(&b.ask("web.default.svc.cluster.local.", "PTR"));
    assert_nxdomain(&b.ask("nope.default.svc.cluster.local.", "PTR"));
}

// ---------------------------------------------------------------------
// TXT, SOA, NS, other types
// ---------------------------------------------------------------------

#[test]
fn txt_dns_version_has_fixed_ttl_28800() {
    let b = web().config(|c| c.ttl = 30);
    let r = b.ask("dns-version.cluster.local.", "TXT");
    assert_eq!(
        lines(&r),
        vec!["dns-version.cluster.local. 28800 IN TXT \"1.1.0\""]
    );
    assert_nxdomain(&b.ask("dns-version.cluster.local.", "A"));
}

#[test]
fn txt_quirk_empty_but_existing_names_are_nxdomain() {
    let b = web();
    for n in [
        "default.svc.cluster.local.",
        "svc.cluster.local.",
        "cluster.local.",
    ] {
        assert_nxdomain(&b.ask(n, "TXT"));
        assert_nodata(&b.ask(n, "A"));
    }
    assert_nodata(&b.ask("web.default.svc.cluster.local.", "TXT"));
}

#[test]
fn cname_on_a_service_is_nodata() {
    assert_nodata(&web().ask("web.default.svc.cluster.local.", "CNAME"));
}

#[test]
fn soa_only_at_apex_nodata_below_even_for_missing_names() {
    let b = web();
    let r = b.ask("cluster.local.", "SOA");
    assert_eq!(
        lines(&r),
        vec!["cluster.local. 5 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1234 7200 1800 86400 5"]
    );
    assert_nodata(&b.ask("nope.nope.svc.cluster.local.", "SOA"));
    assert_eq!(b.ask("in-addr.arpa.", "SOA").answer.len(), 1);
}

#[test]
fn apex_ns_names_kube_dns_with_its_cluster_ip_as_glue() {
    let b = web();
    let r = b.ask("cluster.local.", "NS");
    assert_eq!(
        lines(&r),
        vec!["cluster.local. 5 IN NS kube-dns.kube-system.svc.cluster.local."]
    );
    assert_eq!(
        extra(&r),
        vec!["kube-dns.kube-system.svc.cluster.local. 5 IN A 10.96.0.10"]
    );
    assert_nodata(&b.ask("web.default.svc.cluster.local.", "NS"));
}

#[test]
fn ns_dns_a_gives_the_name_server_address() {
    let b = web();
    assert_eq!(
        lines(&b.ask("ns.dns.cluster.local.", "A")),
        vec!["ns.dns.cluster.local. 5 IN A 10.96.0.10"]
    );
}

#[test]
fn apex_a_aaaa_srv_are_nodata() {
    let b = web();
    for t in ["A", "AAAA", "SRV"] {
        assert_nodata(&b.ask("cluster.local.", t));
    }
}

#[test]
fn any_mx_and_other_types_use_a_fake_a_lookup() {
    let b = web();
    for t in ["ANY", "MX", "HINFO", "TYPE65", "HTTPS"] {
        assert_nodata(&b.ask("web.default.svc.cluster.local.", t));
        assert_nxdomain(&b.ask("nope.default.svc.cluster.local.", t));
    }
}

#[test]
fn zone_transfers_are_refused() {
    let r = web().ask("cluster.local.", "AXFR");
    assert_eq!(r.rcode, Rcode::Refused);
}

// ---------------------------------------------------------------------
// §4 NXDOMAIN vs NODATA
// ---------------------------------------------------------------------

#[test]
fn unknown_namespace_is_nxdomain_existing_namespace_is_nodata() {
    let b = web().ns("empty");
    assert_nodata(&b.ask("empty.svc.cluster.local.", "A"));
    assert_nxdomain(&b.ask("nosuch.svc.cluster.local.", "A"));
    assert_nodata(&b.ask("default.svc.cluster.local.", "A"));
    assert_nxdomain(&b.ask("web.nosuch.svc.cluster.local.", "A"));
    assert_nxdomain(&b.ask("nope.default.svc.cluster.local.", "A"));
}

#[test]
fn namespaces_option_limits_what_is_served() {
    let b = web().config(|c| c.namespaces = vec!["kube-system".into()]);
    assert_nxdomain(&b.ask("web.default.svc.cluster.local.", "A"));
    assert_eq!(
        b.ask("kube-dns.kube-system.svc.cluster.local.", "A")
            .answer
            .len(),
        1
    );
    assert_nxdomain(&b.ask("20.0.96.10.in-addr.arpa.", "PTR"));
}

#[test]
fn ignore_empty_service_makes_endpointless_clusterip_nxdomain() {
    let b = B::new().config(|c| c.ignore_empty_service = true).svc(
        "default",
        "svcempty",
        &["10.96.0.40"],
        &[sport("", "TCP", 80)],
    );
    assert_nxdomain(&b.ask("svcempty.default.svc.cluster.local.", "A"));
    let b = b.config(|c| c.ignore_empty_service = false);
    assert_eq!(
        b.ask("svcempty.default.svc.cluster.local.", "A")
            .answer
            .len(),
        1
    );
}

#[test]
fn negative_answers_carry_soa_with_ttl_min_ttl_300_of_the_matched_zone() {
    let b = web().config(|c| c.ttl = 3600);
    let r = b.ask("nope.default.svc.cluster.local.", "A");
    assert_eq!(
        r.authority[0].to_string(),
        "cluster.local. 300 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1234 7200 1800 86400 3600"
    );
    let r = b.ask("web.default.svc.cluster.local.", "AAAA");
    assert_eq!(r.authority[0].ttl, 300);
    let rev = b.ask("1.0.0.127.in-addr.arpa.", "PTR");
    assert_eq!(rev.authority[0].owner, "in-addr.arpa.");
}

#[test]
fn names_outside_the_zones_go_upstream() {
    let r = web().ask("example.com", "A");
    assert!(r.upstream);
    assert!(!r.authoritative);
    assert_eq!(
        r.reasons,
        vec![Reason::OutsideZones {
            name: "example.com.".into(),
            zones: vec![
                "cluster.local.".into(),
                "in-addr.arpa.".into(),
                "ip6.arpa.".into()
            ],
        }]
    );
}

/// The index was cached in the cluster and keyed by the number of objects,
/// so a Service renamed after a first question kept being found by its old
/// name. Each question now reads an index of the cluster it is given.
#[test]
fn a_renamed_service_is_found_by_its_new_name() {
    let mut b = web();
    let before = b.ask("web.default.svc.cluster.local.", "A");
    assert!(before.has_answers());
    b.c.services
        .iter_mut()
        .filter(|s| s.name == "web")
        .for_each(|s| s.name = "www".into());
    assert_nxdomain(&b.ask("web.default.svc.cluster.local.", "A"));
    assert_eq!(
        lines(&b.ask("www.default.svc.cluster.local.", "A")),
        lines(&before)
            .iter()
            .map(|l| l.replacen("web.", "www.", 1))
            .collect::<Vec<_>>()
    );
}

/// A reason's sentence is written once, by `explain::reason`.
#[test]
fn reasons_read_as_the_sentences_they_stand_for() {
    let r = web().ask("_x._tcp.web.default.svc.cluster.local.", "SOA");
    assert_eq!(r.reasons[0], Reason::SoaBelowApex);
    assert_eq!(
        crate::explain::reason::sentences(&r.reasons[..1]),
        [
            "SOA exists only at the zone apex; below it SOA is NODATA for every name, \
          existing or not (handler.go ServeDNS)"
        ]
    );
}

#[test]
fn any_string_is_answered_without_panicking() {
    let b = mysql().kube_dns();
    let long_label = format!("{}.default.svc.cluster.local.", "a".repeat(64));
    let many = format!("{}cluster.local.", "a.".repeat(300));
    let inputs = [
        "",
        ".",
        "..",
        "a..b",
        ".cluster.local",
        long_label.as_str(),
        many.as_str(),
        "ä.default.svc.cluster.local",
        "_._.x.default.svc.cluster.local.",
        "-.default.pod.cluster.local.",
        "---.default.pod.cluster.local.",
        "1.ip6.arpa.",
        "x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.ip6.arpa.",
        "in-addr.arpa.",
        "svc.in-addr.arpa.",
        "ns.svc.in-addr.arpa.",
        "ÄÖÜ.cluster.local.",
    ];
    for n in inputs {
        for t in [
            RecordType::A,
            RecordType::Aaaa,
            RecordType::Srv,
            RecordType::Ptr,
            RecordType::Txt,
            RecordType::Ns,
            RecordType::Soa,
            RecordType::Any,
            RecordType::Cname,
            RecordType::Other(999),
        ] {
            let r = answer(&b.c, n, t);
            assert!(!r.reasons.is_empty(), "{n:?} {t}");
            let _ = resolve(&b.c, n, t, "default");
        }
    }
    assert_eq!(answer(&b.c, "a..b", RecordType::A).rcode, Rcode::FormErr);
    assert_eq!(answer(&b.c, &many, RecordType::A).rcode, Rcode::FormErr);
    assert_eq!(
        answer(&b.c, &long_label, RecordType::A).rcode,
        Rcode::FormErr
    );
}

#[test]
fn explanation_names_the_objects_behind_the_answer() {
    let mut b = mysql().pod("default", "web-2", &["10.244.1.12"]);
    b.c.endpoint_slices[0].endpoints[2].target_ref = Some(ObjectRef {
        kind: "Pod".into(),
        namespace: "default".into(),
        name: "web-2".into(),
    });
    b.c.pods[0].owner = Some(ObjectRef {
        kind: "StatefulSet".into(),
        namespace: "default".into(),
        name: "web".into(),
    });
    let r = b.ask("mysql.default.svc.cluster.local.", "A");
    assert!(explained(&r, "headless Service default/mysql"), "{r:#?}");
    assert!(explained(&r, "mysql-abcde"));
    assert!(explained(
        &r,
        "pod default/web-2, from StatefulSet/default/web"
    ));
}

// ---------------------------------------------------------------------
// resolve: glibc search list
// ---------------------------------------------------------------------

#[test]
fn resolve_short_name_tries_search_list_first() {
    let b = web();
    let r = resolve(&b.c, "web", RecordType::A, "default");
    assert_eq!(r.answered, Some(0));
    assert_eq!(r.tried[0].0, "web.default.svc.cluster.local.");
    assert_eq!(r.tried.len(), 1);
    let r = resolve(&b.c, "web.default", RecordType::A, "kube-system");
    assert_eq!(r.answered, Some(1));
    assert_eq!(r.tried[1].0, "web.default.svc.cluster.local.");
}

#[test]
fn resolve_continues_on_nodata_and_reports_nodata() {
    let b = web();
    // AAAA on an IPv4 service: NODATA first, then NXDOMAINs, then as is.
    let r = resolve(&b.c, "web", RecordType::Aaaa, "default");
    assert_eq!(r.answered, None);
    assert_eq!(r.tried.len(), 4);
    assert!(r.final_response.is_nodata());
    assert_eq!(r.tried[3].0, "web.");
    assert!(r.tried[3].1.upstream);
}

#[test]
fn resolve_with_five_dots_asks_the_name_as_is_first() {
    let b = web();
    let r = resolve(
        &b.c,
        "web.default.svc.cluster.local",
        RecordType::A,
        "default",
    );
    // 3 dots: search first; all three search names are NXDOMAIN.
    assert_eq!(r.answered, Some(3));
    let r = resolve(
        &b.c,
        "_http._tcp.web.default.svc.cluster.local",
        RecordType::Srv,
        "default",
    );
    assert_eq!(r.answered, Some(0));
    assert_eq!(r.tried.len(), 1);
}

#[test]
fn resolve_trailing_dot_is_asked_once() {
    let b = web();
    let r = resolve(
        &b.c,
        "nope.default.svc.cluster.local.",
        RecordType::A,
        "default",
    );
    assert_eq!(r.tried.len(), 1);
    assert_eq!(r.final_response.rcode, Rcode::NxDomain);
}

// ---------------------------------------------------------------------
// zone
// ---------------------------------------------------------------------

#[test]
fn zone_lists_every_record_consistently_with_answer() {
    let b = web()
        .merge(mysql())
        .external("default", "ext", "example.com");
    let z: Vec<String> = zone(&b.c).iter().map(|r| r.to_string()).collect();
    let has = |s: &str| z.iter().any(|l| l == s);
    assert_eq!(
        z[0],
        "cluster.local. 5 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1234 7200 1800 86400 5"
    );
    assert!(has(
        "cluster.local. 5 IN NS kube-dns.kube-system.svc.cluster.local."
    ));
    assert!(has("ns.dns.cluster.local. 5 IN A 10.96.0.10"));
    assert!(has("dns-version.cluster.local. 28800 IN TXT \"1.1.0\""));
    assert!(has("web.default.svc.cluster.local. 5 IN A 10.96.0.20"));
    assert!(has(
        "_http._tcp.web.default.svc.cluster.local. 5 IN SRV 0 100 80 web.default.svc.cluster.local."
    ));
    assert!(has(
        "10-244-1-5.web.default.svc.cluster.local. 5 IN A 10.244.1.5"
    ));
    assert!(has(
        "mysql-0.mysql.default.svc.cluster.local. 5 IN A 10.244.1.10"
    ));
    assert!(has(
        "ext.default.svc.cluster.local. 5 IN CNAME example.com."
    ));
    assert!(has(
        "20.0.96.10.in-addr.arpa. 5 IN PTR web.default.svc.cluster.local."
    ));
    assert!(has("2.0.244.10.in-addr.arpa. 5 IN PTR kube-dns.kube-system.svc.cluster.local.") || has("2.0.244.10.in-addr.arpa. 5 IN PTR 10-244-0-2.kube-dns.kube-system.svc.cluster.local."));
    assert!(has(
        "10-244-0-2.kube-system.pod.cluster.local. 5 IN A 10.244.0.2"
    ));
    assert!(
        !z.iter().any(|l| l.contains("10.244.1.12")),
        "not-ready left out"
    );
    // Stable.
    let again: Vec<String> = zone(&b.c).iter().map(|r| r.to_string()).collect();
    assert_eq!(z, again);
}

impl B {
    fn merge(mut self, other: B) -> B {
        self.c.services.extend(other.c.services);
        self.c.endpoint_slices.extend(other.c.endpoint_slices);
        self.c.pods.extend(other.c.pods);
        self
    }
}

// ---------------------------------------------------------------------
// Upstream behaviour the reference does not state
// ---------------------------------------------------------------------

#[test]
fn upstream_srv_on_a_pod_name_gives_port_0() {
    let r = web().ask("1-2-3-4.default.pod.cluster.local.", "SRV");
    assert_eq!(
        lines(&r),
        vec!["1-2-3-4.default.pod.cluster.local. 5 IN SRV 0 100 0 1-2-3-4.default.pod.cluster.local."]
    );
}

#[test]
fn upstream_ptr_on_the_reverse_zone_apex_is_nodata() {
    assert_nodata(&web().ask("in-addr.arpa.", "PTR"));
}

#[test]
fn upstream_apex_ns_asked_in_capitals_is_nodata() {
    let b = web();
    assert_nodata(&b.ask("Cluster.Local.", "NS"));
    assert_nxdomain(&b.ask("ns.dns.CLUSTER.local.", "A"));
}

/// CoreDNS is written in Go: names in explanations are quoted as Go's `%q`
/// quotes them (`\a`, `\x00`), not as Rust's `{:?}` would (`\u{7}`).
#[test]
fn explanations_quote_names_as_go_does() {
    let b = B::new().ns("default");
    let r = b.ask("web.default.svc\u{7}.cluster.local.", "A");
    assert!(
        explained(
            &r,
            "the last label must be svc or pod, and it is \"svc\\a\""
        ),
        "{:?}",
        r.reasons
    );
    let r = b.ask("web.nowhere.svc.cluster.local.", "A");
    assert!(
        explained(&r, "there is no Namespace \"nowhere\""),
        "{:?}",
        r.reasons
    );
}

#[test]
fn trim_zone_counts_labels_whatever_the_case() {
    use crate::dns::name::trim_zone;
    for (n, z, want) in [
        ("a.b.cluster.local.", "cluster.local.", "a.b"),
        ("A.B.Cluster.LOCAL.", "cluster.local.", "A.B"),
        ("cluster.local.", "cluster.local.", ""),
        (".cluster.local.", "cluster.local.", ""),
        ("a..cluster.local.", "cluster.local.", "a."),
        ("x.other.local.", "cluster.local.", "x"),
        ("a.b.c.", ".", "a.b.c"),
        ("a.b", "b", "a"),
        ("local.", "cluster.local.", ""),
    ] {
        assert_eq!(trim_zone(n, z), want, "{n} - {z}");
    }
}
