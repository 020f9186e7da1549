//! StatefulSet identities (`svcdns names`): pod names, hostnames, the FQDN
//! CoreDNS serves, PVCs and ordering, checked against the JSON contract and
//! against the DNS engine's own answers.

use serde_json::{json, Value};
use svcdns::coredns::answer;
use svcdns::dns::RecordType;
use svcdns::names::StatefulSetIdentity;
use svcdns::{analyze, Analysis, Input, Options};

fn example(name: &str) -> String {
    let path = format!("{}/../../examples/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap()
}

fn run_with(text: &str, options: &Options) -> Analysis {
    analyze(
        &[Input {
            name: "test.yaml",
            text,
        }],
        options,
    )
}

fn run(text: &str) -> Analysis {
    run_with(text, &Options::default())
}

fn only(a: &Analysis) -> StatefulSetIdentity {
    let mut s = a.statefulsets();
    assert_eq!(s.len(), 1, "{s:?}");
    s.remove(0)
}

/// Keep only the keys of the CLI contract, so extra fields do not matter.
fn contract_view(all: &[StatefulSetIdentity]) -> Value {
    let pick = |v: &Value, keys: &[&str]| -> Value {
        let mut m = serde_json::Map::new();
        for k in keys {
            m.insert(k.to_string(), v[*k].clone());
        }
        Value::Object(m)
    };
    let list: Vec<Value> = all
        .iter()
        .map(|s| {
            let v = serde_json::to_value(s).unwrap();
            let mut top = pick(
                &v,
                &[
                    "namespace",
                    "name",
                    "service",
                    "headless",
                    "podManagementPolicy",
                    "startOrder",
                    "scaleDownOrder",
                ],
            );
            let pods: Vec<Value> = v["pods"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    pick(
                        p,
                        &["ordinal", "name", "hostname", "subdomain", "fqdn", "pvcs"],
                    )
                })
                .collect();
            top["pods"] = Value::Array(pods);
            top
        })
        .collect();
    json!({ "statefulsets": list })
}

const STS: &str = "apiVersion: v1
kind: Service
metadata:
  name: mysql
spec:
  clusterIP: None
  selector:
    app: mysql
  ports:
  - port: 3306
    name: mysql
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: mysql
spec:
  serviceName: mysql
  replicas: 3
  selector:
    matchLabels:
      app: mysql
  template:
    metadata:
      labels:
        app: mysql
    spec:
      containers:
      - name: mysql
        image: mysql:8.0
";

#[test]
fn mysql_example_matches_the_cli_contract() {
    let a = run(&example("mysql-statefulset.yaml"));
    let expected = json!({"statefulsets":[{
        "namespace":"default","name":"mysql","service":"mysql","headless":true,
        "podManagementPolicy":"OrderedReady",
        "pods":[
            {"ordinal":0,"name":"mysql-0","hostname":"mysql-0","subdomain":"mysql","fqdn":"mysql-0.mysql.default.svc.cluster.local.","pvcs":["data-mysql-0"]},
            {"ordinal":1,"name":"mysql-1","hostname":"mysql-1","subdomain":"mysql","fqdn":"mysql-1.mysql.default.svc.cluster.local.","pvcs":["data-mysql-1"]},
            {"ordinal":2,"name":"mysql-2","hostname":"mysql-2","subdomain":"mysql","fqdn":"mysql-2.mysql.default.svc.cluster.local.","pvcs":["data-mysql-2"]}
        ],
        "startOrder":["mysql-0","mysql-1","mysql-2"],
        "scaleDownOrder":["mysql-2","mysql-1","mysql-0"]
    }]});
    assert_eq!(contract_view(&a.statefulsets()), expected);
}

#[test]
fn controller_labels_ips_and_readiness_are_reported() {
    let a = run(&example("mysql-statefulset.yaml"));
    let s = only(&a);
    assert!(!s.parallel);
    assert_eq!(s.replicas, 3);
    assert_eq!(s.ordinals_start, 0);
    assert!(s.service_found);
    for p in &s.pods {
        assert_eq!(p.labels["statefulset.kubernetes.io/pod-name"], p.name);
        assert_eq!(
            p.labels["apps.kubernetes.io/pod-index"],
            p.ordinal.to_string()
        );
        assert!(p.ready && p.resolves);
        let pod = a.cluster.pod("default", &p.name).unwrap();
        let ips: Vec<String> = pod.ips.iter().map(|i| i.to_string()).collect();
        assert_eq!(p.ips, ips);
    }
}

#[test]
fn fqdn_is_what_the_dns_engine_answers() {
    let a = run(&example("statefulset-other-service-name.yaml"));
    let s = only(&a);
    assert_eq!(s.service.as_deref(), Some("my-database"));
    for p in &s.pods {
        let fqdn = p.fqdn.as_deref().unwrap();
        assert_eq!(
            fqdn,
            format!("{}.my-database.default.svc.cluster.local.", p.name)
        );
        let r = answer(&a.cluster, fqdn, RecordType::A);
        assert!(r.has_answers(), "{fqdn}: {}", r.status());
        assert_eq!(r.answer[0].rdata.to_string(), p.ips[0]);
    }
}

#[test]
fn ordinals_start_shifts_names_pvcs_and_labels() {
    let text = STS.replace(
        "  replicas: 3\n",
        "  replicas: 3\n  ordinals:\n    start: 5\n",
    ) + "  volumeClaimTemplates:\n  - metadata:\n      name: data\n";
    let a = run(&text);
    let s = only(&a);
    assert_eq!(s.ordinals_start, 5);
    let names: Vec<&str> = s.pods.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["mysql-5", "mysql-6", "mysql-7"]);
    assert_eq!(s.start_order, ["mysql-5", "mysql-6", "mysql-7"]);
    assert_eq!(s.scale_down_order, ["mysql-7", "mysql-6", "mysql-5"]);
    let p = &s.pods[0];
    assert_eq!(p.ordinal, 5);
    assert_eq!(p.hostname, "mysql-5");
    assert_eq!(
        p.fqdn.as_deref(),
        Some("mysql-5.mysql.default.svc.cluster.local.")
    );
    assert_eq!(p.pvcs, ["data-mysql-5"]);
    assert_eq!(p.labels["apps.kubernetes.io/pod-index"], "5");
}

#[test]
fn parallel_policy_is_marked() {
    let text = STS.replace(
        "  replicas: 3\n",
        "  replicas: 3\n  podManagementPolicy: Parallel\n",
    );
    let a = run(&text);
    let s = only(&a);
    assert_eq!(s.pod_management_policy, "Parallel");
    assert!(s.parallel);
    assert_eq!(s.start_order, ["mysql-0", "mysql-1", "mysql-2"]);
    assert_eq!(s.scale_down_order, ["mysql-2", "mysql-1", "mysql-0"]);
    let v = serde_json::to_value(&s).unwrap();
    assert_eq!(v["parallel"], json!(true));
}

#[test]
fn service_that_does_not_select_the_pods_gives_no_fqdn() {
    let text = STS.replace("    app: mysql\n  ports", "    app: other\n  ports");
    let a = run(&text);
    let s = only(&a);
    assert!(s.service_found);
    assert!(s.headless);
    for p in &s.pods {
        assert_eq!(p.fqdn, None);
        assert!(!p.resolves);
        assert_eq!(p.subdomain.as_deref(), Some("mysql"));
    }
    let v = serde_json::to_value(&s).unwrap();
    assert_eq!(v["pods"][0]["fqdn"], Value::Null);
    let r = answer(
        &a.cluster,
        "mysql-0.mysql.default.svc.cluster.local.",
        RecordType::A,
    );
    assert_eq!(r.status(), "NXDOMAIN");
}

#[test]
fn missing_service_gives_no_fqdn_and_headless_false() {
    let text = STS.replace("serviceName: mysql", "serviceName: nope");
    let s = only(&run(&text));
    assert_eq!(s.service.as_deref(), Some("nope"));
    assert!(!s.service_found);
    assert!(!s.headless);
    assert!(s.pods.iter().all(|p| p.fqdn.is_none()));
    assert_eq!(s.pods[0].subdomain.as_deref(), Some("nope"));
}

#[test]
fn no_service_name_gives_no_subdomain() {
    let text = STS.replace("  serviceName: mysql\n", "");
    let s = only(&run(&text));
    assert_eq!(s.service, None);
    let v = serde_json::to_value(&s).unwrap();
    assert_eq!(v["service"], Value::Null);
    assert_eq!(v["headless"], json!(false));
    assert!(s
        .pods
        .iter()
        .all(|p| p.fqdn.is_none() && p.subdomain.is_none()));
}

#[test]
fn clusterip_service_still_gets_per_pod_names_under_coredns() {
    let text = STS.replace("  clusterIP: None\n", "");
    let a = run(&text);
    let s = only(&a);
    assert!(!s.headless);
    let fqdn = s.pods[1].fqdn.clone().unwrap();
    assert_eq!(fqdn, "mysql-1.mysql.default.svc.cluster.local.");
    assert!(answer(&a.cluster, &fqdn, RecordType::A).has_answers());
}

#[test]
fn not_ready_pod_keeps_its_name_but_does_not_resolve() {
    let mut options = Options::default();
    options.state.not_ready.insert("default/mysql-1".into());
    let a = run_with(STS, &options);
    let s = only(&a);
    let p = &s.pods[1];
    assert!(!p.ready);
    assert!(!p.resolves);
    let fqdn = p.fqdn.clone().unwrap();
    assert_eq!(
        answer(&a.cluster, &fqdn, RecordType::A).status(),
        "NXDOMAIN"
    );
    assert!(s.pods[0].resolves);
}

#[test]
fn replicas_override_and_zero_replicas() {
    let mut options = Options::default();
    options
        .state
        .replicas
        .insert("StatefulSet/default/mysql".into(), 5);
    let s = only(&run_with(STS, &options));
    assert_eq!(s.replicas, 5);
    assert_eq!(s.scale_down_order[0], "mysql-4");
    let s = only(&run(&STS.replace("replicas: 3", "replicas: 0")));
    assert!(s.pods.is_empty() && s.start_order.is_empty());
}

#[test]
fn other_namespace_and_custom_zone() {
    let text = STS.replace(
        "metadata:\n  name: mysql\n",
        "metadata:\n  name: mysql\n  namespace: db\n",
    );
    let mut options = Options::default();
    options.profile.cluster_domain = Some("example.internal".into());
    let s = only(&run_with(&text, &options));
    assert_eq!(s.namespace, "db");
    assert_eq!(
        s.pods[0].fqdn.as_deref(),
        Some("mysql-0.mysql.db.svc.example.internal.")
    );
}
