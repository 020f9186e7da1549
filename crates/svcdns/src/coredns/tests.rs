//! What cannot be data. The plugin's rules are fixtures:
//! `tests/fixtures/coredns/<rule>.yaml` with their golden `.answers`, read
//! by `crates/svcdns/tests/coredns_rules.rs` (each fixture names the
//! CoreDNS file and function of its rule and the tests it replaced). Left
//! here: a cluster no apply can make (a ClusterIP Service without ports),
//! a cluster changed between two questions, any string as a question,
//! the sentences `explain::reason` writes for a reason, and internal
//! helpers (`Record::to_lowercase_line`, `dns::name::trim_zone`).

use std::collections::BTreeMap;

use super::reason::Reason;
use super::*;
use crate::cluster::*;
use crate::dns::{Rcode, RecordType};
use crate::resolver::resolve;
use crate::{analyze, Input, Options};

/// The fixtures' plugin defaults (`ttl 5`, `pods insecure`, no
/// fallthrough) and their ClusterIP Service `web` and headless `mysql`.
fn fixtures() -> Cluster {
    let files = [
        (
            "_corefile.yaml",
            include_str!("../../../../tests/fixtures/coredns/_corefile.yaml"),
        ),
        (
            "_web.yaml",
            include_str!("../../../../tests/fixtures/coredns/_web.yaml"),
        ),
        (
            "_mysql.yaml",
            include_str!("../../../../tests/fixtures/coredns/_mysql.yaml"),
        ),
    ];
    let inputs: Vec<Input> = files
        .iter()
        .map(|(name, text)| Input { name, text })
        .collect();
    let a = analyze(&inputs, &Options::default());
    assert!(
        a.accepted.iter().all(|ok| *ok),
        "the fixtures are accepted: {:?}",
        a.diagnostics
    );
    a.cluster
}

fn ask(c: &Cluster, name: &str, t: &str) -> Response {
    answer(c, name, RecordType::parse(t).unwrap())
}

fn lines(r: &Response) -> Vec<String> {
    r.answer.iter().map(|r| r.to_string()).collect()
}

fn sentences(r: &Response) -> Vec<String> {
    crate::explain::reason::sentences(&r.reasons)
}

/// `object/service.go` `ToService` gives a Service without ports one
/// sentinel port -1: A answers the cluster IP, SRV has no record (NODATA),
/// a named port does not match (NXDOMAIN). (Was NXDOMAIN for A too.) The
/// API server refuses a ClusterIP Service without ports, so no fixture
/// can hold one: the cluster is built here.
#[test]
fn clusterip_service_without_ports_answers_a_through_the_sentinel_port() {
    let mut c = Cluster {
        config: DnsConfig {
            ttl: 5,
            fallthrough: None,
            ..DnsConfig::default()
        },
        namespaces: vec!["default".into()],
        ..Cluster::default()
    };
    c.services.push(Service {
        namespace: "default".into(),
        name: "noports".into(),
        service_type: ServiceType::ClusterIp,
        cluster_ips: vec!["10.96.0.50".parse().unwrap()],
        headless: false,
        external_name: None,
        ports: Vec::new(),
        selector: Some(BTreeMap::new()),
        publish_not_ready_addresses: false,
        origin: Origin::Builtin,
    });
    let a = ask(&c, "noports.default.svc.cluster.local.", "A");
    assert_eq!(
        lines(&a),
        vec!["noports.default.svc.cluster.local. 5 IN A 10.96.0.50"]
    );
    let srv = ask(&c, "noports.default.svc.cluster.local.", "SRV");
    assert!(srv.is_nodata() && srv.authority.len() == 1, "{srv:#?}");
    let named = ask(&c, "_http._tcp.noports.default.svc.cluster.local.", "SRV");
    assert_eq!(named.rcode, Rcode::NxDomain, "{named:#?}");
    assert_eq!(named.authority.len(), 1);
}

/// The index was cached in the cluster and keyed by the number of objects,
/// so a Service renamed after a first question kept being found by its old
/// name. Each question now reads an index of the cluster it is given.
#[test]
fn a_renamed_service_is_found_by_its_new_name() {
    let mut c = fixtures();
    let before = ask(&c, "web.default.svc.cluster.local.", "A");
    assert!(before.has_answers());
    c.services
        .iter_mut()
        .filter(|s| s.name == "web")
        .for_each(|s| s.name = "www".into());
    let gone = ask(&c, "web.default.svc.cluster.local.", "A");
    assert_eq!(gone.rcode, Rcode::NxDomain, "{gone:#?}");
    assert_eq!(
        lines(&ask(&c, "www.default.svc.cluster.local.", "A")),
        lines(&before)
            .iter()
            .map(|l| l.replacen("web.", "www.", 1))
            .collect::<Vec<_>>()
    );
}

#[test]
fn any_string_is_answered_without_panicking() {
    let c = fixtures();
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
            let r = answer(&c, n, t);
            assert!(!r.reasons.is_empty(), "{n:?} {t}");
            let _ = resolve(&c, n, t, "default");
        }
    }
    assert_eq!(answer(&c, "a..b", RecordType::A).rcode, Rcode::FormErr);
    assert_eq!(answer(&c, &many, RecordType::A).rcode, Rcode::FormErr);
    assert_eq!(answer(&c, &long_label, RecordType::A).rcode, Rcode::FormErr);
}

/// The reply echoes the question's case (name-grammar.yaml, was
/// matching_ignores_case_and_reply_echoes_query_case, whose last assertion
/// this is);
/// `to_lowercase_line` gives the record as the zone lists it.
#[test]
fn a_record_lowercased_is_the_zone_line() {
    let a = ask(&fixtures(), "Web.default.svc.cluster.local", "A");
    assert_eq!(
        lines(&a),
        vec!["Web.default.svc.cluster.local. 5 IN A 10.96.0.20"]
    );
    assert_eq!(
        a.answer[0].to_lowercase_line(),
        "web.default.svc.cluster.local. 5 IN A 10.96.0.20"
    );
}

/// A reason's sentence is written once, by `explain::reason`.
#[test]
fn reasons_read_as_the_sentences_they_stand_for() {
    let r = ask(&fixtures(), "_x._tcp.web.default.svc.cluster.local.", "SOA");
    assert_eq!(r.reasons[0], Reason::SoaBelowApex);
    assert_eq!(
        crate::explain::reason::sentences(&r.reasons[..1]),
        [
            "SOA exists only at the zone apex; below it SOA is NODATA for every name, \
          existing or not (handler.go ServeDNS)"
        ]
    );
}

/// CoreDNS is written in Go: names in explanations are quoted as Go's `%q`
/// quotes them (`\a`, `\x00`), not as Rust's `{:?}` would (`\u{7}`).
#[test]
fn explanations_quote_names_as_go_does() {
    let c = fixtures();
    let r = ask(&c, "web.default.svc\u{7}.cluster.local.", "A");
    assert!(
        sentences(&r)
            .iter()
            .any(|s| s.contains("the last label must be svc or pod, and it is \"svc\\a\"")),
        "{:?}",
        r.reasons
    );
    let r = ask(&c, "web.nowhere.svc.cluster.local.", "A");
    assert!(
        sentences(&r)
            .iter()
            .any(|s| s.contains("there is no Namespace \"nowhere\"")),
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
