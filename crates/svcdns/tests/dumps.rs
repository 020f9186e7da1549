//! Cluster state read as state (issue 14): `kubectl get -o yaml` dumps of
//! real-shaped clusters answer as those clusters' CoreDNS does, and the
//! bugs a dump used to hit, one test each.
//!
//! - `tests/fixtures/dumps/*.yaml` (repository root): dumps shaped like
//!   kind, k3s, EKS and GKE clusters print them, in the DNS fixtures' one
//!   format (`support/mod.rs`): `#` header lines ask the questions
//!   (`# ask: NAME TYPE => STATUS`) and, optionally, name the diagnostics
//!   the dump must give (`# expect: CODE`); the whole responses are in the
//!   golden file beside it (`<name>.answers`), reviewed against upstream
//!   code (the fixture's comments name the controller and CoreDNS
//!   functions behind them). k3s's, EKS's and GKE's were first written by
//!   hand from kind's (the same workloads at their addresses, with their
//!   Corefile's TTL) before the profile let svcdns accept their ranges. Regenerate deliberately with
//!   `UPDATE_GOLDEN=1 cargo test -p svcdns --test dumps`.
//! - Every fixture also goes round the `svcdns dump` loop: the analysis
//!   dumped (as JSON, which is YAML) and read back answers every name of
//!   the zone, and every question of the fixture, exactly as before.

mod support;

use std::path::{Path, PathBuf};

use svcdns::diag::Severity;
use svcdns::dns::RecordType;
use svcdns::{analyze, coredns, Analysis, Input, Options};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/dumps")
}

fn run(text: &str) -> Analysis {
    analyze(
        &[Input {
            name: "dump.yaml",
            text,
        }],
        &Options::default(),
    )
}

fn errors(a: &Analysis) -> Vec<String> {
    a.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect()
}

/// The analysis dumped (`svcdns dump --json`) and read back.
fn round_trip(a: &Analysis) -> Analysis {
    let list = svcdns::dump::dump(&a.objects, &a.accepted, &a.cluster);
    let json = serde_json::to_string_pretty(&list).expect("a dump serializes");
    run(&json)
}

#[test]
fn every_dump_answers_as_its_golden_file_and_round_trips() {
    let dir = support::yaml_files(&fixtures());
    assert!(dir.len() >= 4, "kind, k3s, EKS and GKE dumps");
    let mut failures = Vec::new();
    for path in dir {
        failures.extend(check_dump(&path));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// What is wrong with one dump: its diagnostics, its answers against its
/// golden file, and its round trip.
fn check_dump(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("fixture readable");
    let a = run(&text);
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let ds = support::directives(&text);
    let expected_codes = support::values(&ds, "expect");
    let mut failures = Vec::new();
    for code in &expected_codes {
        if !a.diagnostics.iter().any(|d| d.code == *code) {
            failures.push(format!("{name}: no {code} diagnostic"));
        }
    }
    let unexpected: Vec<String> = errors(&a)
        .into_iter()
        .filter(|e| !expected_codes.iter().any(|c| e.starts_with(c)))
        .collect();
    if !unexpected.is_empty() {
        failures.push(format!(
            "{name}: errors on a cluster's own state: {unexpected:#?}"
        ));
    }
    let (actual, wrong) = support::ask_all(&name, &a, &ds);
    failures.extend(wrong);
    failures.extend(support::check_golden(
        &path.with_extension("answers"),
        &actual,
    ));
    // The round trip: dumped and read back, the same cluster answers (the
    // reasons aside: they say where each object was read, which the dump
    // moves).
    let back = round_trip(&a);
    let back_errors = errors(&back);
    if !back_errors.is_empty() {
        failures.push(format!("{name}: its dump is refused: {back_errors:#?}"));
    }
    let records = |s: &str| -> String {
        s.lines()
            .filter(|l| !l.trim_start().starts_with("why: "))
            .map(|l| format!("{l}\n"))
            .collect()
    };
    let (again, _) = support::ask_all(&name, &back, &ds);
    if records(&again) != records(&actual) {
        failures.push(format!(
            "{name}: read back from its dump, answers change:\n{}\n---\n{}",
            records(&actual),
            records(&again)
        ));
    }
    if support::zone_lines(&back) != support::zone_lines(&a) {
        failures.push(format!("{name}: read back from its dump, the zone changes"));
    }
    failures
}

// ---- one test per bug of issue 14 ------------------------------------------

/// A headless Service, its two StatefulSet pods and the EndpointSlice
/// controller's slice for them, as `kubectl get -o yaml` prints them.
const DB_DUMP: &str = r#"
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata: {name: db, namespace: default, uid: 11111111-1111-4111-8111-111111111111, resourceVersion: "10"}
  spec:
    clusterIP: None
    clusterIPs: [None]
    selector: {app: db}
    ports: [{name: mysql, port: 3306, protocol: TCP, targetPort: 3306}]
- apiVersion: discovery.k8s.io/v1
  kind: EndpointSlice
  metadata:
    name: db-x7k2p
    namespace: default
    uid: 22222222-2222-4222-8222-222222222222
    labels:
      endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io
      kubernetes.io/service-name: db
      service.kubernetes.io/headless: ""
    ownerReferences:
    - {apiVersion: v1, kind: Service, name: db, uid: 11111111-1111-4111-8111-111111111111, controller: true, blockOwnerDeletion: true}
  addressType: IPv4
  endpoints:
  - addresses: [10.244.1.4]
    conditions: {ready: true, serving: true, terminating: false}
    hostname: db-0
    targetRef: {kind: Pod, name: db-0, namespace: default}
  - addresses: [10.244.2.4]
    conditions: {ready: true, serving: true, terminating: false}
    hostname: db-1
    targetRef: {kind: Pod, name: db-1, namespace: default}
  ports: [{name: mysql, port: 3306, protocol: TCP}]
- apiVersion: v1
  kind: Pod
  metadata:
    name: db-0
    namespace: default
    uid: 33333333-3333-4333-8333-333333333330
    labels: {app: db, statefulset.kubernetes.io/pod-name: db-0}
    ownerReferences:
    - {apiVersion: apps/v1, kind: StatefulSet, name: db, uid: 44444444-4444-4444-8444-444444444444, controller: true, blockOwnerDeletion: true}
  spec:
    hostname: db-0
    subdomain: db
    nodeName: node-1
    containers: [{name: mysql, image: mysql:8.4, ports: [{containerPort: 3306, name: mysql}]}]
  status:
    phase: Running
    podIP: 10.244.1.4
    podIPs: [{ip: 10.244.1.4}]
    conditions: [{type: Ready, status: "True"}]
- apiVersion: v1
  kind: Pod
  metadata:
    name: db-1
    namespace: default
    uid: 33333333-3333-4333-8333-333333333331
    labels: {app: db, statefulset.kubernetes.io/pod-name: db-1}
    ownerReferences:
    - {apiVersion: apps/v1, kind: StatefulSet, name: db, uid: 44444444-4444-4444-8444-444444444444, controller: true, blockOwnerDeletion: true}
  spec:
    hostname: db-1
    subdomain: db
    nodeName: node-2
    containers: [{name: mysql, image: mysql:8.4, ports: [{containerPort: 3306, name: mysql}]}]
  status:
    phase: Running
    podIP: 10.244.2.4
    podIPs: [{ip: 10.244.2.4}]
    conditions: [{type: Ready, status: "True"}]
- apiVersion: apps/v1
  kind: StatefulSet
  metadata: {name: db, namespace: default, uid: 44444444-4444-4444-8444-444444444444, generation: 1}
  spec:
    replicas: REPLICAS
    serviceName: db
    selector: {matchLabels: {app: db}}
    template:
      metadata: {labels: {app: db}}
      spec:
        containers: [{name: mysql, image: mysql:8.4, ports: [{containerPort: 3306, name: mysql}]}]
  status: {replicas: 2, readyReplicas: 2}
"#;

fn db_dump(replicas: i32) -> Analysis {
    run(&DB_DUMP.replace("REPLICAS", &replicas.to_string()))
}

fn records(a: &Analysis, name: &str, qtype: RecordType) -> Vec<String> {
    coredns::answer(&a.cluster, name, qtype)
        .answer
        .iter()
        .map(|r| r.to_string())
        .collect()
}

#[test]
fn dumped_managed_slices_not_doubled_srv_weight_50() {
    let a = db_dump(2);
    // Two targets of the same priority: 100 / 2 each (CoreDNS
    // backend_lookup.go SRV), not 25 from the slice counted twice.
    assert_eq!(
        records(&a, "_mysql._tcp.db.default.svc.cluster.local.", RecordType::Srv),
        [
            "_mysql._tcp.db.default.svc.cluster.local. 30 IN SRV 0 50 3306 db-0.db.default.svc.cluster.local.",
            "_mysql._tcp.db.default.svc.cluster.local. 30 IN SRV 0 50 3306 db-1.db.default.svc.cluster.local.",
        ]
    );
    let slices = a
        .cluster
        .endpoint_slices
        .iter()
        .filter(|s| s.service_name.as_deref() == Some("db"))
        .count();
    assert_eq!(slices, 1, "the controller's slice, not a second copy");
}

#[test]
fn dumped_statefulset_pods_not_created_again() {
    let a = db_dump(2);
    assert_eq!(
        records(&a, "db-0.db.default.svc.cluster.local.", RecordType::A),
        ["db-0.db.default.svc.cluster.local. 30 IN A 10.244.1.4"]
    );
    let pods = a
        .cluster
        .pods
        .iter()
        .filter(|p| p.namespace == "default")
        .count();
    assert_eq!(pods, 2);
    assert!(!a.diagnostics.iter().any(|d| d.code == "existing-pods"));
}

#[test]
fn dumped_statefulset_scaled_up_creates_only_the_missing_pod_and_says_so() {
    let a = db_dump(3);
    let names: Vec<&str> = a
        .cluster
        .pods
        .iter()
        .filter(|p| p.namespace == "default")
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names, ["db-0", "db-1", "db-2"]);
    let note = a
        .diagnostics
        .iter()
        .find(|d| d.code == "existing-pods")
        .expect("an existing-pods diagnostic");
    assert_eq!(
        note.message,
        "StatefulSet db has 2 of its 3 pods in the manifests; the statefulset controller creates the 1 missing"
    );
    // The dump's slice stays the controller's word: db-2 is not in it yet.
    assert_eq!(
        records(&a, "db.default.svc.cluster.local.", RecordType::A).len(),
        2
    );
}

#[test]
fn dumped_deployment_pods_not_created_again() {
    // A headless Service over a dumped Deployment with 2 pods (owned by its
    // ReplicaSet web-5b8f7c9d4f, which the dump does not list).
    let mut text = String::from("apiVersion: v1\nkind: List\nitems:\n");
    text.push_str(
        r#"- apiVersion: v1
  kind: Service
  metadata: {name: web, namespace: default, uid: 55555555-5555-4555-8555-555555555555}
  spec: {clusterIP: None, selector: {app: web}, ports: [{port: 80}]}
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web, namespace: default, uid: 66666666-6666-4666-8666-666666666666}
  spec:
    replicas: 2
    selector: {matchLabels: {app: web}}
    template:
      metadata: {labels: {app: web}}
      spec: {containers: [{name: web, image: nginx}]}
"#,
    );
    for (i, ip) in ["10.244.1.20", "10.244.2.21"].iter().enumerate() {
        text.push_str(&format!(
            r#"- apiVersion: v1
  kind: Pod
  metadata:
    name: web-5b8f7c9d4f-a{i}b{i}c
    namespace: default
    uid: 77777777-7777-4777-8777-77777777777{i}
    labels: {{app: web, pod-template-hash: 5b8f7c9d4f}}
    ownerReferences:
    - {{apiVersion: apps/v1, kind: ReplicaSet, name: web-5b8f7c9d4f, uid: 88888888-8888-4888-8888-888888888888, controller: true}}
  spec: {{containers: [{{name: web, image: nginx}}]}}
  status: {{phase: Running, podIP: "{ip}", conditions: [{{type: Ready, status: "True"}}]}}
"#
        ));
    }
    let a = run(&text);
    assert_eq!(errors(&a), Vec::<String>::new());
    assert_eq!(
        records(&a, "web.default.svc.cluster.local.", RecordType::A),
        [
            "web.default.svc.cluster.local. 30 IN A 10.244.1.20",
            "web.default.svc.cluster.local. 30 IN A 10.244.2.21",
        ]
    );
}

#[test]
fn dumped_kubernetes_and_kube_dns_services_replace_the_builtin_ones() {
    let text = std::fs::read_to_string(fixtures().join("kind.yaml")).unwrap();
    let a = run(&text);
    // No "provided IP is already allocated" for the cluster's own Services.
    assert_eq!(errors(&a), Vec::<String>::new());
    let count = |ns: &str, name: &str| {
        a.cluster
            .services
            .iter()
            .filter(|s| s.namespace == ns && s.name == name)
            .count()
    };
    assert_eq!(count("default", "kubernetes"), 1);
    assert_eq!(count("kube-system", "kube-dns"), 1);
    // Only the dump's CoreDNS pods back kube-dns.
    let coredns: Vec<&str> = a
        .cluster
        .pods
        .iter()
        .filter(|p| p.namespace == "kube-system")
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(
        coredns,
        ["coredns-7c65d6cfc9-2xwqv", "coredns-7c65d6cfc9-hk5tm"]
    );
}

#[test]
fn pending_pod_without_ip_not_answered() {
    let a = run(r#"
apiVersion: v1
kind: Service
metadata: {name: queue, namespace: default}
spec:
  clusterIP: None
  publishNotReadyAddresses: true
  selector: {app: queue}
  ports: [{port: 5672}]
---
apiVersion: v1
kind: Pod
metadata: {name: queue-0, namespace: default, labels: {app: queue}}
spec:
  containers: [{name: q, image: rabbitmq}]
status:
  phase: Pending
  conditions: [{type: PodScheduled, status: "False"}]
"#);
    // ShouldPodBeInEndpoints: no status.podIP, no endpoint, even with
    // publishNotReadyAddresses.
    let pod = a.cluster.pod("default", "queue-0").expect("the pod exists");
    assert!(pod.ips.is_empty(), "no invented IP: {:?}", pod.ips);
    let r = coredns::answer(
        &a.cluster,
        "queue.default.svc.cluster.local.",
        RecordType::A,
    );
    assert!(r.answer.is_empty(), "{:?}", r.answer);
}

#[test]
fn host_network_pod_has_node_ip() {
    // node-1 of the default profile (kubeadm preset) is 192.168.0.11.
    let a = run(r#"
apiVersion: v1
kind: Service
metadata: {name: agent, namespace: default}
spec:
  clusterIP: None
  selector: {app: agent}
  ports: [{port: 9100}]
---
apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: default, labels: {app: agent}}
spec:
  hostNetwork: true
  nodeName: node-1
  containers: [{name: a, image: node-exporter}]
"#);
    assert_eq!(
        records(&a, "agent.default.svc.cluster.local.", RecordType::A),
        ["agent.default.svc.cluster.local. 30 IN A 192.168.0.11"]
    );
}

#[test]
fn replication_controller_creates_pods() {
    let a = run(r#"
apiVersion: v1
kind: Service
metadata: {name: legacy, namespace: default}
spec:
  clusterIP: None
  selector: {app: legacy}
  ports: [{port: 80}]
---
apiVersion: v1
kind: ReplicationController
metadata: {name: legacy, namespace: default}
spec:
  replicas: 3
  selector: {app: legacy}
  template:
    metadata: {labels: {app: legacy}}
    spec:
      containers: [{name: web, image: nginx}]
"#);
    assert_eq!(errors(&a), Vec::<String>::new());
    assert!(
        !a.diagnostics.iter().any(|d| d.code == "SVCDNS001"),
        "no 'matches no pod'"
    );
    let pods = a
        .cluster
        .pods
        .iter()
        .filter(|p| {
            p.owner
                .as_ref()
                .is_some_and(|o| o.kind == "ReplicationController")
        })
        .count();
    assert_eq!(pods, 3);
    assert_eq!(
        records(&a, "legacy.default.svc.cluster.local.", RecordType::A).len(),
        3
    );
}

#[test]
fn replication_controller_validated_as_the_api_server_does() {
    // SetDefaults_ReplicationController: no selector takes the template's
    // labels; ValidatePodTemplateSpecForRC: a selector must match them.
    let a = run(r#"
apiVersion: v1
kind: ReplicationController
metadata: {name: rc}
spec:
  replicas: -1
  selector: {app: other}
  template:
    metadata: {labels: {app: rc}}
    spec:
      containers: [{name: web, image: nginx}]
"#);
    let msgs: Vec<String> = a
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.message.clone())
        .collect();
    let all = msgs.join("\n");
    assert!(
        all.contains("spec.replicas: Invalid value: -1: must be greater than or equal to 0"),
        "{all}"
    );
    assert!(all.contains("spec.template.metadata.labels: Invalid value: {\"app\":\"rc\"}: `selector` does not match template `labels`"), "{all}");
}

#[test]
fn unserved_api_version_is_an_error() {
    let a = run(r#"
apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata: {name: web}
spec: {minAvailable: 1}
---
apiVersion: batch/v1beta1
kind: CronJob
metadata: {name: nightly}
---
apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata: {name: web}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: ok}
"#);
    let errs = errors(&a);
    assert_eq!(errs.len(), 3, "{errs:#?}");
    assert!(errs[0]
        .contains(r#"no matches for kind "PodDisruptionBudget" in version "policy/v1beta1""#));
    assert!(errs[1].contains(r#"no matches for kind "CronJob" in version "batch/v1beta1""#));
    assert!(
        errs[2].contains(r#"no matches for kind "Ingress" in version "networking.k8s.io/v1beta1""#)
    );
}

#[test]
fn dumped_endpoints_of_a_selector_service_are_not_a_wiring_warning() {
    // In a dump, Endpoints beside a Service with a selector are the
    // endpoints controller's output, not addresses written over it.
    let text = std::fs::read_to_string(fixtures().join("kind.yaml")).unwrap();
    let a = run(&text);
    assert!(!a.diagnostics.iter().any(|d| d.code == "SVCDNS019"));
}

#[test]
fn dump_contradicting_itself_keeps_its_word_and_says_what_the_controller_would_change() {
    // db-1 is gone from the dump, but the slice still lists it.
    let text = DB_DUMP.replace("REPLICAS", "2");
    let pod_1 = text
        .find("- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: db-1")
        .unwrap();
    let sts = text
        .find("- apiVersion: apps/v1\n  kind: StatefulSet")
        .unwrap();
    let notes = |a: &Analysis| -> Vec<String> {
        a.diagnostics
            .iter()
            .filter(|d| d.code == "dump-contradiction")
            .map(|d| d.message.clone())
            .collect()
    };
    // Without its StatefulSet, nothing makes db-1 again.
    let a = run(&text[..pod_1]);
    // The slice's word: both addresses still answer.
    assert_eq!(
        records(&a, "db.default.svc.cluster.local.", RecordType::A).len(),
        2
    );
    assert_eq!(
        notes(&a),
        ["EndpointSlice db-x7k2p names pod default/db-1, which the manifests do not hold; the EndpointSlice controller would remove this endpoint; svcdns keeps the slice as the dump has it"]
    );
    // With it, the StatefulSet controller makes db-1 again, at a new
    // address the slice does not have yet.
    let a = run(&[&text[..pod_1], &text[sts..]].concat());
    assert_eq!(
        records(&a, "db.default.svc.cluster.local.", RecordType::A).len(),
        2
    );
    let n = notes(&a);
    assert_eq!(n.len(), 1, "{n:?}");
    assert!(
        n[0].starts_with("EndpointSlice db-x7k2p gives pod default/db-1 the address 10.244.2.4, which is not its status.podIPs ("),
        "{}",
        n[0]
    );
}
