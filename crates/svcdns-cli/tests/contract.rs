//! The CLI contract, to the letter: other tooling drives `svcdns` exactly
//! like this.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn ex(name: &str) -> String {
    format!("{}/../../examples/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn svcdns(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_svcdns"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

#[test]
fn dig_mysql_0_answers_one_a_record_from_namespace_default() {
    let o = svcdns(&[
        "dig",
        "-f",
        &ex("mysql-statefulset.yaml"),
        "--json",
        "mysql-0.mysql",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(
        v["question"]["name"],
        "mysql-0.mysql.default.svc.cluster.local."
    );
    assert_eq!(v["question"]["type"], "A");
    assert_eq!(v["rcode"], "NOERROR");
    let answer = v["answer"].as_array().unwrap();
    assert_eq!(answer.len(), 1);
    let line = answer[0].as_str().unwrap();
    assert!(
        line.starts_with("mysql-0.mysql.default.svc.cluster.local. 30 IN A 10."),
        "{line}"
    );
    assert_eq!(
        v["tried"][0]["name"],
        "mysql-0.mysql.default.svc.cluster.local."
    );
    assert_eq!(v["tried"][0]["rcode"], "NOERROR");
    assert!(!v["explanation"].as_array().unwrap().is_empty());
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    let expected = [
        "question",
        "rcode",
        "answer",
        "authority",
        "additional",
        "tried",
        "explanation",
    ];
    assert_eq!(
        keys[..7],
        expected.map(String::from).iter().collect::<Vec<_>>()[..]
    );
}

#[test]
fn dig_absolute_headless_name_answers_three() {
    let o = svcdns(&[
        "dig",
        "-f",
        &ex("mysql-statefulset.yaml"),
        "--json",
        "mysql.default.svc.cluster.local.",
    ]);
    let v = json(&o);
    assert_eq!(v["answer"].as_array().unwrap().len(), 3);
    assert_eq!(v["tried"].as_array().unwrap().len(), 1);
}

#[test]
fn dig_nxdomain_still_exits_zero_and_type_is_case_insensitive() {
    let o = svcdns(&[
        "dig",
        "-f",
        &ex("mysql-statefulset.yaml"),
        "--json",
        "nope.default.svc.cluster.local.",
        "srv",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(v["rcode"], "NXDOMAIN");
    assert_eq!(v["question"]["type"], "SRV");
    assert!(v["authority"][0]
        .as_str()
        .unwrap()
        .contains(" IN SOA ns.dns.cluster.local. "));
}

#[test]
fn dig_reads_stdin_and_reverse_with_x() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_svcdns"))
        .args(["dig", "-f", "-", "-x", "10.96.0.10", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"").unwrap();
    let o = child.wait_with_output().unwrap();
    let v = json(&o);
    assert_eq!(v["question"]["type"], "PTR");
    assert_eq!(
        v["answer"][0],
        "10.0.96.10.in-addr.arpa. 30 IN PTR kube-dns.kube-system.svc.cluster.local."
    );
}

#[test]
fn dig_flags_override_the_corefile() {
    let o = svcdns(&[
        "dig",
        "-f",
        &ex("mysql-statefulset.yaml"),
        "--cluster-domain",
        "corp.example",
        "--ttl",
        "7",
        "--json",
        "mysql-0.mysql",
    ]);
    let v = json(&o);
    assert!(v["answer"][0]
        .as_str()
        .unwrap()
        .starts_with("mysql-0.mysql.default.svc.corp.example. 7 IN A "));
}

#[test]
fn dig_text_looks_like_dig() {
    let o = svcdns(&["dig", "-f", &ex("mysql-statefulset.yaml"), "mysql-0.mysql"]);
    let out = stdout(&o);
    assert!(out.contains("status: NOERROR"), "{out}");
    assert!(out.contains(";; QUESTION SECTION:"));
    assert!(out.contains(";; ANSWER SECTION:"));
    assert!(out.contains("NAMES TRIED"));
}

#[test]
fn unreadable_manifests_exit_2_with_located_diagnostics() {
    let dir = std::env::temp_dir().join(format!("svcdns-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.yaml");
    std::fs::write(&bad, "kind: Service\nmetadata: [\n").unwrap();
    let o = svcdns(&["dig", "-f", bad.to_str().unwrap(), "web"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.yaml:"), "{err}");
    let o = svcdns(&[
        "dig",
        "-f",
        dir.join("missing.yaml").to_str().unwrap(),
        "web",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn check_prints_the_kubectl_message_at_the_right_line() {
    let o = svcdns(&["check", "-f", &ex("nodeport-headless-invalid.yaml")]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains(":9:14: error: The Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services"),
        "{out}"
    );
}

#[test]
fn check_json_has_the_contract_fields() {
    let o = svcdns(&[
        "check",
        "-f",
        &ex("nodeport-headless-invalid.yaml"),
        "--json",
    ]);
    let v = json(&o);
    let d = &v["diagnostics"][0];
    assert_eq!(d["object"], "Service/default/web");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["source"], "api-server");
    assert_eq!(d["field"], "spec.clusterIPs[0]");
    assert_eq!(d["type"], "Invalid value");
    assert_eq!(
        d["detail"],
        "may not be set to 'None' for NodePort services"
    );
    assert_eq!(d["line"], 9);
    assert_eq!(d["column"], 14);
    let o = svcdns(&["check", "-f", &ex("mysql-statefulset.yaml")]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn names_json_matches_the_contract() {
    let o = svcdns(&["names", "-f", &ex("mysql-statefulset.yaml"), "--json"]);
    let v = json(&o);
    let s = &v["statefulsets"][0];
    assert_eq!(s["namespace"], "default");
    assert_eq!(s["name"], "mysql");
    assert_eq!(s["service"], "mysql");
    assert_eq!(s["headless"], true);
    assert_eq!(s["podManagementPolicy"], "OrderedReady");
    assert_eq!(
        s["pods"][0]["fqdn"],
        "mysql-0.mysql.default.svc.cluster.local."
    );
    assert_eq!(s["pods"][0]["pvcs"][0], "data-mysql-0");
    assert_eq!(
        s["startOrder"],
        serde_json::json!(["mysql-0", "mysql-1", "mysql-2"])
    );
    assert_eq!(
        s["scaleDownOrder"],
        serde_json::json!(["mysql-2", "mysql-1", "mysql-0"])
    );
}

#[test]
fn records_lists_the_whole_zone() {
    let o = svcdns(&["records", "-f", &ex("mysql-statefulset.yaml")]);
    let out = stdout(&o);
    assert!(out.lines().next().unwrap().contains(" IN SOA "));
    assert!(out.contains("mysql-2.mysql.default.svc.cluster.local. 30 IN A "));
}
