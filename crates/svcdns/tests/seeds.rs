//! What the seeds (blog posts learners read) claim, checked against the
//! engine: right where they are right, and the real behaviour where not.

use svcdns::dns::{Rcode, RecordType};
use svcdns::resolver::resolve;
use svcdns::{analyze, Analysis, Input, Options};

fn example(name: &str) -> Analysis {
    let path = format!("{}/../../examples/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap();
    analyze(&[Input { name, text: &text }], &Options::default())
}

#[test]
fn mysql_0_resolves_to_one_address_through_the_search_list() {
    let a = example("mysql-statefulset.yaml");
    let r = resolve(&a.cluster, "mysql-0.mysql", RecordType::A, "default");
    let f = &r.final_response;
    assert_eq!(f.rcode, Rcode::NoError);
    assert_eq!(f.answer.len(), 1);
    assert_eq!(
        f.answer[0].owner.to_ascii_lowercase(),
        "mysql-0.mysql.default.svc.cluster.local."
    );
    assert_eq!(r.tried[0].0, "mysql-0.mysql.default.svc.cluster.local.");
}

#[test]
fn headless_mysql_answers_three_pod_addresses() {
    let a = example("mysql-statefulset.yaml");
    let r = resolve(
        &a.cluster,
        "mysql.default.svc.cluster.local.",
        RecordType::A,
        "default",
    );
    assert_eq!(r.final_response.answer.len(), 3);
    assert_eq!(r.tried.len(), 1);
}

#[test]
fn seed_000_headless_srv_port_is_the_endpoint_port_8080_not_80() {
    // Seed 000 prints `... SRV 0 50 80 10-244-0-5.my-headless-svc...`; CoreDNS
    // answers the EndpointSlice port (the targetPort, 8080).
    let a = example("regular-vs-headless.yaml");
    let r = resolve(
        &a.cluster,
        "_http._tcp.my-headless-svc",
        RecordType::Srv,
        "default",
    );
    let lines: Vec<String> = r
        .final_response
        .answer
        .iter()
        .map(|r| r.to_string())
        .collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines.iter().all(|l| l.contains(" 8080 ")), "{lines:?}");
    // And the answer says why, since the blog post says otherwise.
    let why = svcdns::explain::reason::sentences(&r.final_response.reasons).join("\n");
    assert!(why.contains("port 8080, the EndpointSlice port"), "{why}");
    assert!(why.contains("not the Service port 80"), "{why}");
}

#[test]
fn regular_service_answers_its_one_virtual_ip() {
    let a = example("regular-vs-headless.yaml");
    let r = resolve(&a.cluster, "my-regular-svc", RecordType::A, "default");
    assert_eq!(r.final_response.answer.len(), 1);
    let ip = &a
        .cluster
        .service("default", "my-regular-svc")
        .unwrap()
        .cluster_ips[0];
    assert!(r.final_response.answer[0]
        .to_string()
        .ends_with(&ip.to_string()));
}

#[test]
fn seed_002_pod_name_is_under_the_governing_service_not_the_statefulset() {
    let a = example("statefulset-other-service-name.yaml");
    let ok = resolve(&a.cluster, "mysql-0.my-database", RecordType::A, "default");
    assert_eq!(ok.final_response.answer.len(), 1);
    let wrong = resolve(&a.cluster, "mysql-0.mysql", RecordType::A, "default");
    assert_eq!(wrong.answered, None);
    // Every in-cluster candidate is NXDOMAIN; the bare name goes upstream.
    let (last, rest) = wrong.tried.split_last().unwrap();
    assert!(rest
        .iter()
        .all(|(_, r)| r.rcode == Rcode::NxDomain && !r.upstream));
    assert_eq!(last.0, "mysql-0.mysql.");
    assert!(last.1.upstream);
}

#[test]
fn external_db_resolves_to_the_mirrored_endpoints() {
    let a = example("external-db-endpoints.yaml");
    let r = resolve(&a.cluster, "external-db", RecordType::A, "default");
    assert_eq!(r.final_response.answer.len(), 2);
}

#[test]
fn postgres_selector_subsets_split_the_pods() {
    let a = example("postgres-primary-replicas.yaml");
    let primary = resolve(&a.cluster, "db-primary", RecordType::A, "default");
    let replicas = resolve(&a.cluster, "db-replicas", RecordType::A, "default");
    assert_eq!(primary.final_response.answer.len(), 1);
    assert_eq!(replicas.final_response.answer.len(), 2);
}
