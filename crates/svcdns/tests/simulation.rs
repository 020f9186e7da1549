//! The controllers' output, checked against what a real cluster makes.

use svcdns::cluster::{AddressType, ServiceType};
use svcdns::{analyze, Input, Options};

fn example(name: &str) -> String {
    let path = format!("{}/../../examples/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap()
}

fn run(text: &str) -> svcdns::Analysis {
    analyze(
        &[Input {
            name: "test.yaml",
            text,
        }],
        &Options::default(),
    )
}

#[test]
fn statefulset_pods_get_hostname_and_subdomain_from_the_controller() {
    let a = run(&example("mysql-statefulset.yaml"));
    let names: Vec<_> = a
        .cluster
        .pods
        .iter()
        .filter(|p| p.namespace == "default")
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names, ["mysql-0", "mysql-1", "mysql-2"]);
    let pod = a.cluster.pod("default", "mysql-1").unwrap();
    assert_eq!(pod.hostname.as_deref(), Some("mysql-1"));
    assert_eq!(pod.subdomain.as_deref(), Some("mysql"));
    assert_eq!(pod.labels["statefulset.kubernetes.io/pod-name"], "mysql-1");
    assert_eq!(pod.labels["apps.kubernetes.io/pod-index"], "1");
}

#[test]
fn endpointslice_sets_hostname_only_when_subdomain_names_the_service() {
    let a = run(&example("mysql-statefulset.yaml"));
    let slices: Vec<_> = a.cluster.slices_of("default", "mysql").collect();
    assert_eq!(slices.len(), 1);
    assert_eq!(slices[0].address_type, AddressType::IPv4);
    let hostnames: Vec<_> = slices[0]
        .endpoints
        .iter()
        .map(|e| e.hostname.clone().unwrap())
        .collect();
    assert_eq!(hostnames, ["mysql-0", "mysql-1", "mysql-2"]);
    let a = run(&example("regular-vs-headless.yaml"));
    for s in a.cluster.slices_of("default", "my-headless-svc") {
        assert!(s.endpoints.iter().all(|e| e.hostname.is_none()));
        assert_eq!(s.endpoints.len(), 3);
        assert_eq!(s.ports[0].port, Some(8080));
    }
}

#[test]
fn builtin_services_exist_as_in_kubeadm() {
    let a = run("");
    let k = a.cluster.service("default", "kubernetes").unwrap();
    assert_eq!(k.cluster_ips[0].to_string(), "10.96.0.1");
    let d = a.cluster.service("kube-system", "kube-dns").unwrap();
    assert_eq!(d.cluster_ips[0].to_string(), "10.96.0.10");
    assert_eq!(d.service_type, ServiceType::ClusterIp);
    let ready = a
        .cluster
        .slices_of("kube-system", "kube-dns")
        .flat_map(|s| &s.endpoints)
        .count();
    assert_eq!(ready, 2);
}

#[test]
fn cluster_ip_does_not_move_when_an_unrelated_service_is_added_above() {
    let svc = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n";
    let other = "apiVersion: v1\nkind: Service\nmetadata:\n  name: other\nspec:\n  selector: {app: o}\n  ports: [{port: 80}]\n---\n";
    let ip = |a: &svcdns::Analysis| {
        a.cluster
            .service("default", "web")
            .unwrap()
            .cluster_ips
            .clone()
    };
    let before = run(svc);
    let after = run(&format!("{other}{svc}"));
    assert_eq!(ip(&before), ip(&after));
}

#[test]
fn mirrored_endpoints_become_a_slice_for_a_selectorless_service() {
    let a = run(&example("external-db-endpoints.yaml"));
    let slices: Vec<_> = a.cluster.slices_of("default", "external-db").collect();
    assert_eq!(slices.len(), 1);
    let ips: Vec<_> = slices[0]
        .endpoints
        .iter()
        .map(|e| e.addresses[0].to_string())
        .collect();
    assert_eq!(ips, ["192.168.1.100", "192.168.1.101"]);
}

/// D1 (tests/conformance/DISAGREEMENTS.md): a slice made from Endpoints
/// carries `conditions: {ready}` only, as the mirroring controller
/// (endpointslicemirroring utils.go `addressToEndpoint`) and the API
/// server's endpoint reconciler (reconcilers endpointsadapter.go) write it;
/// the EndpointSlice controller's slices carry all three.
#[test]
fn d1_mirrored_slice_conditions() {
    let text = "apiVersion: v1\nkind: Service\nmetadata: {name: external-db}\nspec: {clusterIP: None, ports: [{port: 5432}]}\n---\napiVersion: v1\nkind: Endpoints\nmetadata: {name: external-db}\nsubsets: [{addresses: [{ip: 192.168.1.100}], notReadyAddresses: [{ip: 192.168.1.101}], ports: [{port: 5432}]}]\n";
    let a = run(text);
    let conditions = |namespace: &str, name: &str| -> Vec<_> {
        a.cluster
            .slices_of(namespace, name)
            .flat_map(|s| &s.endpoints)
            .map(|e| (e.ready, e.serving, e.terminating))
            .collect()
    };
    assert_eq!(
        conditions("default", "external-db"),
        [(Some(true), None, None), (Some(false), None, None)]
    );
    assert_eq!(
        conditions("default", "kubernetes"),
        [(Some(true), None, None)]
    );
    assert_eq!(
        conditions("kube-system", "kube-dns"),
        [(Some(true), Some(true), Some(false)); 2]
    );
}

/// D10 (tests/conformance/DISAGREEMENTS.md): a bare `hostNetwork` Pod
/// (no `nodeName`) is scheduled like any pod and runs on its node's
/// address; svcdns left it without a node, so without an address.
#[test]
fn d10_hostnetwork_bare_pod() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: b, labels: {app: b}}\nspec:\n  hostNetwork: true\n  containers: [{name: c, image: nginx}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b}\nspec: {clusterIP: None, selector: {app: b}, ports: [{port: 80}]}\n";
    let a = run(text);
    let pod = a.cluster.pods.iter().find(|p| p.name == "b").unwrap();
    let node = pod.node_name.as_deref().expect("scheduled");
    assert!(node.starts_with("node-"), "{node}");
    assert_eq!(pod.ips.len(), 1, "{pod:?}");
    assert!(
        pod.ips[0].to_string().starts_with("192.168.0."),
        "{:?}",
        pod.ips
    );
    assert_eq!(headless_a_count(&a, "b.default.svc.cluster.local."), 1);
}

#[test]
fn huge_replicas_are_capped_with_a_diagnostic() {
    let text = example("mysql-statefulset.yaml").replace("replicas: 3", "replicas: 2147483647");
    let start = std::time::Instant::now();
    let a = run(&text);
    assert!(a.diagnostics.iter().any(|d| d.code == "replicas-capped"));
    assert!(start.elapsed().as_millis() < 2000);
}

fn run_with(text: &str, state: svcdns::controllers::State) -> svcdns::Analysis {
    analyze(
        &[Input {
            name: "test.yaml",
            text,
        }],
        &Options {
            state,
            ..Options::default()
        },
    )
}

fn headless_a_count(a: &svcdns::Analysis, name: &str) -> usize {
    svcdns::coredns::answer(&a.cluster, name, svcdns::dns::RecordType::A)
        .answer
        .len()
}

#[test]
fn a_pod_marked_not_ready_leaves_the_headless_answer() {
    let text = example("mysql-statefulset.yaml");
    let mut state = svcdns::controllers::State::default();
    state.not_ready.insert("default/mysql-2".into());
    let a = run_with(&text, state);
    assert_eq!(headless_a_count(&a, "mysql.default.svc.cluster.local."), 2);
    let r = svcdns::coredns::answer(
        &a.cluster,
        "mysql-2.mysql.default.svc.cluster.local.",
        svcdns::dns::RecordType::A,
    );
    assert_eq!(r.rcode, svcdns::dns::Rcode::NxDomain);
}

#[test]
fn publish_not_ready_addresses_brings_the_not_ready_pod_back() {
    let text = example("mysql-statefulset.yaml");
    let mut state = svcdns::controllers::State::default();
    state.not_ready.insert("default/mysql-2".into());
    state.publish_not_ready.insert("default/mysql".into(), true);
    let a = run_with(&text, state);
    assert_eq!(headless_a_count(&a, "mysql.default.svc.cluster.local."), 3);
}

#[test]
fn a_restarted_pod_keeps_its_name_and_gets_a_new_ip() {
    let text = example("mysql-statefulset.yaml");
    let before = run(&text);
    let mut state = svcdns::controllers::State::default();
    state.restarts.insert("default/mysql-0".into(), 1);
    let after = run_with(&text, state);
    let ip = |a: &svcdns::Analysis| a.cluster.pod("default", "mysql-0").unwrap().ips.clone();
    assert_ne!(ip(&before), ip(&after));
    let r = svcdns::coredns::answer(
        &after.cluster,
        "mysql-0.mysql.default.svc.cluster.local.",
        svcdns::dns::RecordType::A,
    );
    assert_eq!(r.answer.len(), 1);
    assert!(r.answer[0]
        .to_string()
        .ends_with(&ip(&after)[0].to_string()));
    // The other pods keep their addresses.
    let other = |a: &svcdns::Analysis| a.cluster.pod("default", "mysql-1").unwrap().ips.clone();
    assert_eq!(other(&before), other(&after));
}

#[test]
fn flipping_a_service_to_regular_gives_it_a_cluster_ip() {
    let text = example("mysql-statefulset.yaml");
    let mut state = svcdns::controllers::State::default();
    state.headless.insert("default/mysql".into(), false);
    let a = run_with(&text, state);
    let svc = a.cluster.service("default", "mysql").unwrap();
    assert!(!svc.headless);
    assert_eq!(svc.cluster_ips.len(), 1);
    assert_eq!(headless_a_count(&a, "mysql.default.svc.cluster.local."), 1);
    // Per-pod names still resolve under CoreDNS for a ClusterIP Service.
    assert_eq!(
        headless_a_count(&a, "mysql-0.mysql.default.svc.cluster.local."),
        1
    );
}

#[test]
fn scaling_a_statefulset_adds_the_next_ordinals() {
    let text = example("mysql-statefulset.yaml");
    let mut state = svcdns::controllers::State::default();
    state.replicas.insert("StatefulSet/default/mysql".into(), 5);
    let a = run_with(&text, state);
    assert_eq!(
        a.workload_pods["StatefulSet/default/mysql"],
        ["mysql-0", "mysql-1", "mysql-2", "mysql-3", "mysql-4"]
    );
    assert_eq!(headless_a_count(&a, "mysql.default.svc.cluster.local."), 5);
}
