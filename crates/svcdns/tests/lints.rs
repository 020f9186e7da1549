//! Wiring checks (`source: lint`): one test per lint, each with a small
//! manifest through `svcdns::analyze`, asserting the code, line and column;
//! then the seed examples and general properties.

use svcdns::diag::{Diagnostic, DiagnosticSource, Severity};
use svcdns::{analyze, Analysis, Input, Options};

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

fn lints(a: &Analysis) -> Vec<&Diagnostic> {
    a.diagnostics
        .iter()
        .filter(|d| d.source == DiagnosticSource::Lint)
        .collect()
}

fn codes(a: &Analysis) -> Vec<&str> {
    lints(a).iter().map(|d| d.code.as_str()).collect()
}

/// The single lint with this code; checks its shape and position.
fn expect(a: &Analysis, code: &str, line: u32, column: u32) -> Diagnostic {
    let found: Vec<&Diagnostic> = lints(a).into_iter().filter(|d| d.code == code).collect();
    assert_eq!(found.len(), 1, "{code} in {:#?}", lints(a));
    let d = found[0].clone();
    assert_eq!(
        (d.location.line, d.location.column),
        (line, column),
        "{code} position: {d:#?}"
    );
    assert!(d.object.is_some() && d.field.is_some());
    assert!(!d.message.is_empty());
    assert!(d.consequence.as_deref().is_some_and(|c| !c.is_empty()));
    assert!(d.fix.as_deref().is_some_and(|f| !f.is_empty()));
    d
}

fn example(name: &str) -> String {
    let path = format!("{}/../../examples/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap()
}

const HEADLESS_WEB: &str = "apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  clusterIP: None
  selector:
    app: web
  ports:
  - name: http
    port: 80
---
";

/// A StatefulSet `web` (app=web) starting at line `HEADLESS_WEB` + 1.
fn sts(extra_spec: &str) -> String {
    format!(
        "apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
{extra_spec}  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx
        ports:
        - name: http
          containerPort: 80
"
    )
}

// ---- StatefulSet serviceName ---------------------------------------------

#[test]
fn svcdns001_statefulset_without_service_name() {
    let a = run(&format!("{HEADLESS_WEB}{}", sts("")));
    // No serviceName: points at spec (line 18, the first key under it).
    let d = expect(&a, "SVCDNS001", 18, 3);
    assert_eq!(d.severity, Severity::Info);
    assert_eq!(d.field.as_deref(), Some("spec.serviceName"));
    // Explains rather than condemns, and suggests the headless Service.
    assert!(d.fix.as_deref().unwrap().contains("serviceName: web"));
    assert!(d.fix.as_deref().unwrap().contains("this is fine"));
}

#[test]
fn svcdns002_service_name_names_missing_service() {
    let a = run(&format!("{HEADLESS_WEB}{}", sts("  serviceName: nope\n")));
    let d = expect(&a, "SVCDNS002", 18, 16);
    assert_eq!(d.severity, Severity::Warning);
    assert!(d
        .consequence
        .unwrap()
        .contains("web-0.nope.default.svc.cluster.local gives NXDOMAIN"));
    assert!(d.fix.unwrap().contains("serviceName: web"));
}

#[test]
fn svcdns002_service_name_names_rejected_service() {
    // An unknown field makes the API server refuse the Service outright.
    let text = format!(
        "{}{}",
        HEADLESS_WEB.replace("  clusterIP: None\n", "  clusterIP: None\n  bogus: 1\n"),
        sts("  serviceName: web\n")
    );
    let a = run(&text);
    let d = expect(&a, "SVCDNS002", 19, 16);
    assert!(
        d.message.contains("which the API server rejects"),
        "{}",
        d.message
    );
}

#[test]
fn svcdns003_service_name_in_other_namespace() {
    let text = format!(
        "{}{}",
        HEADLESS_WEB.replace("  name: web\n", "  name: web\n  namespace: other\n"),
        sts("  serviceName: web\n")
    );
    let a = run(&text);
    let d = expect(&a, "SVCDNS003", 19, 16);
    assert!(d.message.contains("only in namespace other"));
}

#[test]
fn svcdns004_service_name_service_does_not_select_pods() {
    let text = format!(
        "{}{}",
        HEADLESS_WEB.replace("    app: web\n", "    app: other\n"),
        sts("  serviceName: web\n")
    );
    let a = run(&text);
    let d = expect(&a, "SVCDNS004", 18, 16);
    assert!(d.message.contains("app=other"), "{}", d.message);
    assert!(d.consequence.unwrap().contains("NXDOMAIN"));
}

#[test]
fn svcdns004_selectorless_service_does_not_select_pods() {
    let text = format!(
        "{}{}",
        HEADLESS_WEB.replace("  selector:\n    app: web\n", ""),
        sts("  serviceName: web\n")
    );
    let a = run(&text);
    let d = expect(&a, "SVCDNS004", 16, 16);
    assert!(d.message.contains("has no selector"));
}

#[test]
fn svcdns005_service_name_not_headless() {
    let text = format!(
        "{}{}",
        HEADLESS_WEB.replace("  clusterIP: None\n", ""),
        sts("  serviceName: web\n")
    );
    let a = run(&text);
    let d = expect(&a, "SVCDNS005", 17, 16);
    let c = d.consequence.unwrap();
    // The careful wording: per-pod names still resolve under CoreDNS...
    assert!(c.contains("CoreDNS still serves web-0.web.default.svc.cluster.local"));
    // ...but the Service name answers the virtual IP, and only headless
    // Services are promised per-pod names.
    assert!(c.contains("virtual IP"));
    assert!(c.contains("only promise per-pod names for headless Services"));
    let r = svcdns::coredns::answer(
        &a.cluster,
        "web-0.web.default.svc.cluster.local.",
        svcdns::dns::RecordType::A,
    );
    assert!(r.has_answers());
}

/// A dotted serviceName was lint SVCDNS006 (accepted, then no pod could be
/// created); since 1.33 the API server refuses the StatefulSet, and the
/// error carries what it means for DNS.
#[test]
fn svcdns006_service_name_not_a_dns_label_is_an_api_error_now() {
    let a = run(&format!(
        "{HEADLESS_WEB}{}",
        sts("  serviceName: web.default.svc\n")
    ));
    assert!(!codes(&a).contains(&"SVCDNS006"));
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.field.as_deref() == Some("spec.serviceName"))
        .expect("an API-server error at spec.serviceName");
    assert_eq!((d.location.line, d.location.column), (18, 16));
    assert!(d.consequence.as_deref().unwrap().contains("subdomain"));
    assert!(d.fix.is_some());
}

#[test]
fn svcdns024_statefulset_template_hostname_is_overwritten() {
    let text = format!("{HEADLESS_WEB}{}", sts("  serviceName: web\n")).replace(
        "    spec:\n      containers:",
        "    spec:\n      hostname: db\n      containers:",
    );
    let a = run(&text);
    let d = expect(&a, "SVCDNS024", 28, 17);
    assert_eq!(d.severity, Severity::Info);
}

// ---- Services ------------------------------------------------------------

#[test]
fn svcdns007_selector_matches_nothing() {
    let text = format!(
        "{}{}",
        HEADLESS_WEB.replace("app: web", "app: wbe"),
        sts("  serviceName: wbe\n")
    );
    let a = run(&text);
    let d = expect(&a, "SVCDNS007", 8, 5);
    assert!(d
        .consequence
        .unwrap()
        .contains("web.default.svc.cluster.local gives NXDOMAIN"));
    assert!(d.fix.unwrap().contains("app=web"));
}

#[test]
fn svcdns007_selector_matches_nothing_clusterip_still_resolves() {
    let text = "apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports: [{name: http, port: 80}]
";
    let a = run(text);
    let d = expect(&a, "SVCDNS007", 6, 13);
    assert!(d
        .consequence
        .unwrap()
        .contains("still resolves to the virtual IP"));
}

#[test]
fn svcdns008_headless_service_with_only_not_ready_pods() {
    let text = format!("{HEADLESS_WEB}{}", sts("  serviceName: web\n"));
    let mut options = Options::default();
    options.state.not_ready.insert("default/web-0".into());
    options.state.not_ready.insert("default/web-1".into());
    let a = run_with(&text, &options);
    let d = expect(&a, "SVCDNS008", 8, 5);
    assert!(d.consequence.unwrap().contains("NXDOMAIN"));
    assert!(d.fix.unwrap().contains("publishNotReadyAddresses"));
    let r = svcdns::coredns::answer(
        &a.cluster,
        "web.default.svc.cluster.local.",
        svcdns::dns::RecordType::A,
    );
    assert_eq!(r.status(), "NXDOMAIN");
    // One ready pod is enough.
    options.state.not_ready.remove("default/web-1");
    assert!(!codes(&run_with(&text, &options)).contains(&"SVCDNS008"));
}

#[test]
fn svcdns008_selectorless_headless_service_without_endpoints() {
    let text = "apiVersion: v1
kind: Service
metadata:
  name: ext
spec:
  clusterIP: None
  ports: [{name: pg, port: 5432}]
";
    let a = run(text);
    let d = expect(&a, "SVCDNS008", 6, 14);
    assert!(d.message.contains("no selector"));
}

#[test]
fn svcdns009_unnamed_port() {
    let text = format!(
        "{}{}",
        HEADLESS_WEB.replace("  - name: http\n    port: 80\n", "  - port: 80\n"),
        sts("  serviceName: web\n")
    );
    let a = run(&text);
    let d = expect(&a, "SVCDNS009", 10, 5);
    assert_eq!(d.severity, Severity::Info);
    assert_eq!(d.field.as_deref(), Some("spec.ports[0]"));
    let c = d.consequence.unwrap();
    assert!(c.contains("bare SRV query"));
    // The container port's own name is suggested.
    assert!(d.fix.unwrap().contains("name: http"));
}

#[test]
fn svcdns016_session_affinity_on_headless_service() {
    let text = format!(
        "{}{}",
        HEADLESS_WEB.replace(
            "  clusterIP: None\n",
            "  clusterIP: None\n  sessionAffinity: ClientIP\n"
        ),
        sts("  serviceName: web\n")
    );
    let a = run(&text);
    expect(&a, "SVCDNS016", 7, 20);
}

#[test]
fn svcdns018_publish_not_ready_addresses() {
    let text = format!(
        "{}{}",
        HEADLESS_WEB.replace(
            "  clusterIP: None\n",
            "  clusterIP: None\n  publishNotReadyAddresses: true\n"
        ),
        sts("  serviceName: web\n")
    );
    let mut options = Options::default();
    options.state.not_ready.insert("default/web-0".into());
    let a = run_with(&text, &options);
    let d = expect(&a, "SVCDNS018", 7, 29);
    assert_eq!(d.severity, Severity::Info);
    // The not-ready pod is answered, so no NXDOMAIN lint.
    assert!(!codes(&a).contains(&"SVCDNS008"));
}

#[test]
fn svcdns023_target_port_name_not_on_pods() {
    let text = format!(
        "{}{}",
        HEADLESS_WEB.replace("    port: 80\n", "    port: 80\n    targetPort: web\n"),
        sts("  serviceName: web\n")
    );
    let a = run(&text);
    let d = expect(&a, "SVCDNS023", 12, 17);
    assert!(d.message.contains("none of the 2 pods"));
}

// ---- Pods and templates ---------------------------------------------------

const POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: busybox-1
  labels:
    app: web
spec:
  hostname: busybox-1
  subdomain: web
  containers:
  - name: busybox
    image: busybox
";

#[test]
fn svcdns010_subdomain_without_selecting_service() {
    let a = run(POD);
    let d = expect(&a, "SVCDNS010", 9, 14);
    assert!(d
        .consequence
        .unwrap()
        .contains("busybox-1.web.default.svc.cluster.local gives NXDOMAIN"));
    // With the Service, the pod's name exists.
    let a = run(&format!("{HEADLESS_WEB}{POD}"));
    assert!(codes(&a).is_empty(), "{:#?}", lints(&a));
    let r = svcdns::coredns::answer(
        &a.cluster,
        "busybox-1.web.default.svc.cluster.local.",
        svcdns::dns::RecordType::A,
    );
    assert!(r.has_answers());
}

#[test]
fn svcdns011_subdomain_without_hostname() {
    let a = run(&format!(
        "{HEADLESS_WEB}{}",
        POD.replace("  hostname: busybox-1\n", "")
    ));
    let d = expect(&a, "SVCDNS011", 20, 14);
    assert!(d.consequence.unwrap().contains("dashed IP"));
}

#[test]
fn svcdns005_pod_subdomain_names_clusterip_service() {
    let a = run(&format!(
        "{}{POD}",
        HEADLESS_WEB.replace("  clusterIP: None\n", "")
    ));
    let d = expect(&a, "SVCDNS005", 20, 14);
    assert!(d
        .consequence
        .unwrap()
        .contains("CoreDNS still serves busybox-1.web.default.svc.cluster.local"));
}

#[test]
fn svcdns015_set_hostname_as_fqdn_too_long() {
    let text = format!(
        "{HEADLESS_WEB}{}",
        POD.replace(
            "  subdomain: web\n",
            "  subdomain: web\n  setHostnameAsFQDN: true\n"
        )
        .replace("busybox-1", "busybox-with-a-rather-long-hostname-1")
    );
    let a = run(&text);
    expect(&a, "SVCDNS015", 21, 14);
}

#[test]
fn svcdns014_fqdn_over_253() {
    let host = "h".repeat(63);
    let text = format!(
        "{HEADLESS_WEB}{}",
        POD.replace("hostname: busybox-1", &format!("hostname: {host}"))
    );
    let mut options = Options::default();
    options.profile.cluster_domain = Some(format!(
        "{}.{}.{}.zone",
        "a".repeat(63),
        "b".repeat(63),
        "c".repeat(63)
    ));
    let a = run_with(&text, &options);
    expect(&a, "SVCDNS014", 21, 14);
}

#[test]
fn svcdns012_and_013_statefulset_name_too_long() {
    let long = "a".repeat(62);
    let text = format!("{HEADLESS_WEB}{}", sts("  serviceName: web\n")).replace(
        "kind: StatefulSet\nmetadata:\n  name: web\n",
        &format!("kind: StatefulSet\nmetadata:\n  name: {long}\n"),
    );
    let a = run(&text);
    let d = expect(&a, "SVCDNS012", 16, 9);
    assert!(d.message.contains(&format!("{long}-1")));
    expect(&a, "SVCDNS013", 16, 9);
}

#[test]
fn svcdns013_statefulset_name_over_52() {
    let name = "b".repeat(53);
    let text = format!("{HEADLESS_WEB}{}", sts("  serviceName: web\n")).replace(
        "kind: StatefulSet\nmetadata:\n  name: web\n",
        &format!("kind: StatefulSet\nmetadata:\n  name: {name}\n"),
    );
    let a = run(&text);
    let d = expect(&a, "SVCDNS013", 16, 9);
    assert!(d.message.contains("controller-revision-hash"));
    assert!(!codes(&a).contains(&"SVCDNS012"));
    // 52 is fine.
    let ok = text.replace(&name, &"b".repeat(52));
    assert!(!codes(&run(&ok)).contains(&"SVCDNS013"));
}

const DEPLOYMENT: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: frontend
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx
";

#[test]
fn svcdns017_deployment_behind_headless_service_is_explained() {
    let a = run(&format!("{HEADLESS_WEB}{DEPLOYMENT}"));
    let d = expect(&a, "SVCDNS017", 16, 9);
    assert_eq!(d.severity, Severity::Info);
    assert!(d.consequence.unwrap().contains("dashed IP"));
}

#[test]
fn svcdns017_deployment_that_expects_stable_names_is_warned() {
    let a = run(&format!(
        "{HEADLESS_WEB}{}",
        DEPLOYMENT.replace("name: frontend", "name: mysql")
    ));
    let d = expect(&a, "SVCDNS017", 16, 9);
    assert_eq!(d.severity, Severity::Warning);
    assert!(d.message.contains("named like a database"));
    // A template subdomain is a sign too, and is where it points.
    let a = run(&format!(
        "{HEADLESS_WEB}{}",
        DEPLOYMENT.replace(
            "    spec:\n      containers:",
            "    spec:\n      subdomain: web\n      containers:"
        )
    ));
    let d = expect(&a, "SVCDNS017", 27, 18);
    assert_eq!(d.severity, Severity::Warning);
    // ...and without a hostname no pod gets a name under it.
    expect(&a, "SVCDNS011", 27, 18);
}

#[test]
fn svcdns025_deployment_template_hostname_is_shared() {
    let a = run(&format!(
        "{HEADLESS_WEB}{}",
        DEPLOYMENT.replace(
            "    spec:\n      containers:",
            "    spec:\n      hostname: node\n      subdomain: web\n      containers:"
        )
    ));
    let d = expect(&a, "SVCDNS025", 27, 17);
    assert!(d.message.contains("all 2 of its pods"));
    let r = svcdns::coredns::answer(
        &a.cluster,
        "node.web.default.svc.cluster.local.",
        svcdns::dns::RecordType::A,
    );
    assert_eq!(r.answer.len(), 2);
}

// ---- Endpoints and EndpointSlices -----------------------------------------

#[test]
fn svcdns019_endpoints_for_service_with_selector() {
    let text = format!(
        "{HEADLESS_WEB}{}---
apiVersion: v1
kind: Endpoints
metadata:
  name: web
subsets:
- addresses: [{{ip: 192.168.1.10}}]
",
        sts("  serviceName: web\n")
    );
    let a = run(&text);
    expect(&a, "SVCDNS019", 38, 9);
}

#[test]
fn svcdns020_endpoints_without_service() {
    let text = "apiVersion: v1
kind: Endpoints
metadata:
  name: external-db
subsets:
- addresses: [{ip: 192.168.1.100}]
  ports: [{port: 5432}]
";
    let a = run(text);
    let d = expect(&a, "SVCDNS020", 4, 9);
    assert!(d.consequence.unwrap().contains("never reach DNS"));
}

#[test]
fn svcdns021_endpointslice_without_service_name_label() {
    let text = "apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: ext-1
  labels:
    team: db
addressType: IPv4
endpoints:
- addresses: [192.168.1.100]
";
    let a = run(text);
    expect(&a, "SVCDNS021", 6, 5);
}

#[test]
fn svcdns022_endpointslice_for_missing_service() {
    let text = "apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: ext-1
  labels:
    kubernetes.io/service-name: ext
addressType: IPv4
endpoints:
- addresses: [192.168.1.100]
";
    let a = run(text);
    expect(&a, "SVCDNS022", 6, 33);
}

// ---- The seed examples ----------------------------------------------------

#[test]
fn examples_produce_the_expected_lints() {
    let cases: &[(&str, &[&str])] = &[
        ("cassandra.yaml", &["SVCDNS009"]),
        ("external-db-endpoints.yaml", &["SVCDNS009"]),
        ("grpc-deployment-headless.yaml", &["SVCDNS017"]),
        ("kafka-headless.yaml", &[]),
        ("mongodb-replicaset.yaml", &[]),
        ("mysql-statefulset.yaml", &[]),
        (
            "postgres-primary-replicas.yaml",
            &["SVCDNS009", "SVCDNS009"],
        ),
        ("regular-vs-headless.yaml", &["SVCDNS017"]),
        ("statefulset-other-service-name.yaml", &["SVCDNS009"]),
    ];
    for (file, expected) in cases {
        let a = run(&example(file));
        assert_eq!(codes(&a), *expected, "{file}: {:#?}", lints(&a));
    }
}

#[test]
fn cassandra_unnamed_port_suggests_the_container_port_name() {
    let a = run(&example("cassandra.yaml"));
    let d = expect(&a, "SVCDNS009", 12, 5);
    assert!(d.fix.unwrap().contains("name: cql"));
    assert!(d
        .consequence
        .unwrap()
        .contains("cassandra.default.svc.cluster.local"));
}

#[test]
fn grpc_deployment_behind_headless_is_explained_not_condemned() {
    let a = run(&example("grpc-deployment-headless.yaml"));
    let d = expect(&a, "SVCDNS017", 18, 9);
    assert_eq!(d.severity, Severity::Info);
    assert!(d.fix.unwrap().starts_with("Nothing to change"));
}

#[test]
fn rejected_objects_get_no_lints() {
    let a = run(&example("nodeport-headless-invalid.yaml"));
    let rejected = a
        .diagnostics
        .iter()
        .any(|d| d.source == DiagnosticSource::ApiServer && d.severity == Severity::Error);
    if rejected {
        assert!(codes(&a).is_empty(), "{:#?}", lints(&a));
    }
    // Decode failures are never linted.
    let a = run("apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  bogus: 1\n  selector: {app: none}\n");
    assert!(codes(&a).is_empty(), "{:#?}", lints(&a));
}

// ---- Properties -----------------------------------------------------------

/// Every lint code (`diag::LintCode`) is documented with its own number and
/// emitted by some lint; no lint writes its code as a string.
#[test]
fn every_lint_code_is_documented_and_emitted() {
    let diag = include_str!("../src/diag.rs");
    let start = diag.find("pub enum LintCode {").expect("LintCode");
    let body = &diag[start..start + diag[start..].find("\n}").unwrap()];
    let src = [
        include_str!("../src/lint/mod.rs"),
        include_str!("../src/lint/statefulset.rs"),
        include_str!("../src/lint/service.rs"),
        include_str!("../src/lint/pod.rs"),
        include_str!("../src/lint/endpoints.rs"),
    ]
    .concat();
    let mut n = 0;
    let mut doc = "";
    for line in body.lines().map(str::trim) {
        if let Some(d) = line.strip_prefix("/// `SVCDNS") {
            doc = d;
        } else if let Some((name, number)) = line.trim_end_matches(',').split_once(" = ") {
            assert!(
                doc.starts_with(&format!("{:03}`", number.parse::<u32>().unwrap())),
                "{name}: documented as SVCDNS{doc}"
            );
            assert!(
                src.contains(&format!("LintCode::{name}")),
                "{name} is emitted by no lint"
            );
            n += 1;
        }
    }
    assert!(n >= 20);
    assert!(!src.contains("code: \"SVCDNS"));
}

#[test]
fn odd_inputs_do_not_panic() {
    let texts = [
        "",
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: ''}\nspec: {serviceName: '', replicas: 0}\n",
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: x}\nspec: {serviceName: 'UPPER', ordinals: {start: 2147483647}, replicas: 3}\n",
        "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {type: ExternalName, externalName: a.b, selector: {a: b}}\n",
        "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {clusterIP: None, selector: {}, ports: [{port: 1, targetPort: ''}]}\n",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {subdomain: '', hostname: ''}\n",
        "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: e, labels: {kubernetes.io/service-name: ''}}\naddressType: IPv4\n",
        "apiVersion: v1\nkind: Endpoints\nmetadata: {name: ''}\n",
    ];
    for t in texts {
        let a = run(t);
        let _ = a.statefulsets();
        for d in lints(&a) {
            assert!(d.location.line >= 1);
        }
    }
}
