//! The check vocabulary and the loading errors.

use super::*;
use crate::{analyze, Input, Options};

fn lesson_with(checks: &str) -> String {
    format!("title: t\nmanifest: |\n  x: 1\nsteps:\n  - goal: g\n    checks:\n{checks}")
}

fn errors(checks: &str) -> Vec<String> {
    match load("t", &lesson_with(checks)) {
        Ok(_) => Vec::new(),
        Err(e) => e.iter().map(|e| e.to_string()).collect(),
    }
}

fn step(checks: &str) -> Step {
    load("t", &lesson_with(checks)).unwrap().steps.remove(0)
}

const MANIFEST: &str = "apiVersion: v1
kind: Service
metadata:
  name: mysql
spec:
  clusterIP: None
  selector:
    app: mysql
  ports:
  - name: mysql
    port: 3306
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: mysql
spec:
  serviceName: mysql
  replicas: 2
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
        image: mysql
---
apiVersion: v1
kind: Service
metadata:
  name: bad
spec:
  type: NodePort
  clusterIP: None
  ports:
  - port: 80
";

fn results(checks: &str) -> Vec<CheckResult> {
    let a = analyze(
        &[Input {
            name: "m.yaml",
            text: MANIFEST,
        }],
        &Options::default(),
    );
    check_step(&step(checks).checks, &a)
}

#[test]
fn unknown_predicate_is_a_located_error() {
    let e = errors("      - anwser: {from: default, name: web}\n");
    assert_eq!(
        e,
        ["7:9: unknown predicate `anwser` (known: answer, object, identity)"]
    );
}

#[test]
fn unknown_field_and_malformed_step_are_errors() {
    let e = errors("      - answer: {from: default, name: web, count: 3}\n");
    assert!(e[0].starts_with("7:44: unknown field `count`"), "{e:?}");
    let e = load("t", "title: t\nmanifest: x\nsteps:\n  - checks: []\n").unwrap_err();
    let e: Vec<String> = e.iter().map(|e| e.to_string()).collect();
    assert!(
        e.iter().any(|m| m.contains("step 1 has no `goal`")),
        "{e:?}"
    );
    assert!(
        e.iter().any(|m| m.contains("must be a non-empty list")),
        "{e:?}"
    );
}

#[test]
fn checks_no_manifest_can_satisfy_are_errors() {
    for (check, why) in [
        (
            "{from: default, name: web, rcode: NXDOMAIN, records: 2}",
            "NXDOMAIN answers have no records",
        ),
        (
            "{from: default, name: web, type: A, srv_targets: 2}",
            "`srv_targets` needs `type: SRV`",
        ),
        (
            "{from: default, name: web, type: SRV, addresses: [10.0.0.1]}",
            "`addresses` needs",
        ),
        ("{from: default, name: web, queries: 5}", "1 to 4 names"),
    ] {
        let e = errors(&format!("      - answer: {check}\n"));
        assert!(e.len() == 1 && e[0].contains(why), "{check}: {e:?}");
    }
    let e = errors(
        "      - answer: {from: a, name: web, rcode: NXDOMAIN}\n      - answer: {from: a, name: web, rcode: NOERROR}\n",
    );
    assert!(
        e.len() == 1 && e[0].starts_with("8:9: no manifest can satisfy this step"),
        "{e:?}"
    );
    let e = errors(
        "      - object: {object: Service/default/web, no_warnings: true, rejected: spec}\n",
    );
    assert!(
        e[0].contains("cannot be rejected and have no warnings"),
        "{e:?}"
    );
    let e = errors("      - identity: {statefulset: default/mysql, pod: web-0, fqdn: x}\n");
    assert!(e[0].contains("names its pods mysql-N"), "{e:?}");
}

#[test]
fn answer_checks_count_records_targets_addresses_and_queries() {
    let r = results(
        "      - answer: {from: default, name: mysql, rcode: NOERROR, records: 2, queries: 1}\n      - answer: {from: default, name: _mysql._tcp.mysql, type: SRV, srv_targets: 2}\n      - answer: {from: default, name: mysql, records: 3}\n      - answer: {from: other, name: mysql-0.mysql.default, rcode: NOERROR, queries: 2}\n",
    );
    assert!(r[0].passed && r[1].passed && r[3].passed, "{r:?}");
    assert!(!r[2].passed);
    assert!(
        r[2].reason.starts_with(
            "NOERROR with 2 records, wanted 3 records because headless Service default/mysql"
        ),
        "{}",
        r[2].reason
    );
}

#[test]
fn a_failed_walk_is_explained_by_the_name_in_the_askers_namespace() {
    let r = results("      - answer: {from: default, name: mysql-5.mysql, rcode: NOERROR}\n");
    assert!(!r[0].passed);
    assert!(
        r[0].reason
            .contains("mysql-5.mysql.default.svc.cluster.local. is NXDOMAIN because"),
        "{}",
        r[0].reason
    );
}

#[test]
fn object_and_identity_checks() {
    let r = results(
        "      - object: {object: StatefulSet/default/mysql, no_warnings: true}\n      - object: {object: Service/default/bad, rejected: \"spec.clusterIPs[0]\"}\n      - object: {object: Service/default/bad, rejected: spec.ports}\n      - object: {object: Service/default/mysql, rejected: spec}\n      - identity: {statefulset: default/mysql, pod: mysql-1, fqdn: mysql-1.mysql.default.svc.cluster.local}\n      - identity: {statefulset: default/mysql, pod: mysql-2, fqdn: mysql-2.mysql.default.svc.cluster.local}\n",
    );
    let passed: Vec<bool> = r.iter().map(|r| r.passed).collect();
    assert_eq!(passed, [true, true, false, false, true, false], "{r:?}");
    assert!(
        r[2].reason
            .starts_with("rejected, but not for spec.ports: "),
        "{}",
        r[2].reason
    );
    assert_eq!(r[3].reason, "the API server accepts it");
    assert_eq!(r[5].reason, "StatefulSet mysql has 2 pods, and no mysql-2");
}

#[test]
fn a_compiled_lesson_reads_back_and_anything_else_reads_as_none() {
    let text = lesson_with(
        "      - answer: {from: shop, name: db, type: AAAA, rcode: NOERROR, addresses: [fd00::1], queries: 2}\n      - object: {object: Service/default/web, rejected: spec.clusterIPs}\n      - identity: {statefulset: default/mysql, pod: mysql-0, fqdn: mysql-0.mysql.default.svc.cluster.local}\n    hints: [\"Use `a` & <b>\"]\n",
    );
    let lesson = load("t", &text).unwrap();
    let compiled = read(&compile(&lesson).unwrap()).unwrap();
    assert_eq!(compiled.steps[0].checks, lesson.steps[0].checks);
    assert_eq!(compiled.steps[0].start, lesson.manifest);
    assert_eq!(
        compiled.steps[0].hints,
        ["Use <code>a</code> &amp; &lt;b&gt;"]
    );
    // Not a compiled lesson: no step, an unknown predicate, a bad number.
    for bad in [
        "",
        "title",
        "t\u{1e}\np\u{1d}\nm\u{1e}\ng\u{1e}\ne\u{1e}\n\u{1e}\nanwser\u{1f}x",
        "t\u{1e}\np\u{1d}\nm\u{1e}\ng\u{1e}\ne\u{1e}\n\u{1e}\nanswer\u{1f}x\u{1f}y\u{1f}A",
    ] {
        assert_eq!(read(bad), None, "{bad:?}");
    }
}
