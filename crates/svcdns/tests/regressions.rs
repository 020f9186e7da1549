//! One test per bug found by the property tests, the fuzzers and the
//! conformance rig (`dN_...`: tests/conformance/DISAGREEMENTS.md), named
//! after what broke. Minimized inputs live here or under
//! `tests/adversarial/`.

use std::collections::BTreeMap;

use svcdns::{analyze, Input, Options};

fn run(text: &str) -> svcdns::Analysis {
    analyze(
        &[Input {
            name: "regression.yaml",
            text,
        }],
        &Options::default(),
    )
}

/// Found by `properties::answers_do_not_depend_on_document_order`: pod IPs
/// are hashed from names, and a collision probes forward, so whichever pod
/// came first in the manifest took the hashed address. Reordering documents
/// swapped two pods' IPs (and their pod A records).
#[test]
fn pod_ip_allocation_on_hash_collision_does_not_depend_on_document_order() {
    // 60 pods on one node's /24 (254 addresses): hash collisions are
    // certain (birthday bound), so probing order matters.
    let docs: Vec<String> = (0..60)
        .map(|i| {
            format!(
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p{i}\n  namespace: ns{}\nspec:\n  nodeName: node-1\n  containers:\n  - name: c\n    image: busybox\n",
                i % 2
            )
        })
        .collect();
    let ips = |docs: &[String]| -> BTreeMap<String, Vec<std::net::IpAddr>> {
        let a = run(&docs.join("---\n"));
        a.cluster
            .pods
            .iter()
            .map(|p| (format!("{}/{}", p.namespace, p.name), p.ips.clone()))
            .collect()
    };
    let forward = ips(&docs);
    let mut reversed = docs.clone();
    reversed.reverse();
    assert_eq!(forward.len(), 62, "60 pods and CoreDNS's two");
    assert_eq!(forward, ips(&reversed));
    let mut rotated = docs.clone();
    rotated.rotate_left(17);
    assert_eq!(forward, ips(&rotated));
}

/// Found by the adversarial corpus (`duplicate-objects.yaml`): two
/// documents with the same Service were both simulated, so one name had two
/// cluster IPs. `kubectl apply` applies them in order: the later one is an
/// update, and only it exists.
#[test]
fn duplicate_objects_are_one_object_the_later_one_wins() {
    let a = run("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports: [{port: 80}]\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports: [{port: 81}]\n");
    let web: Vec<_> = a
        .cluster
        .services
        .iter()
        .filter(|s| s.name == "web")
        .collect();
    assert_eq!(web.len(), 1);
    assert_eq!(web[0].ports[0].port, 81);
    assert_eq!(a.accepted, [false, true]);
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code == "duplicate-object")
        .expect("a duplicate-object diagnostic");
    assert_eq!((d.location.line, d.location.column), (11, 9));
    let r = svcdns::coredns::answer(
        &a.cluster,
        "web.default.svc.cluster.local.",
        svcdns::dns::RecordType::A,
    );
    assert_eq!(r.answer.len(), 1);
}

/// Found by the adversarial corpus (`dual-stack-cluster.yaml`): in a
/// dual-stack cluster, a headless Service with `ipFamilyPolicy:
/// PreferDualStack` gets `ipFamilies: [IPv4, IPv6]`, and the EndpointSlice
/// controller writes one slice per family, so CoreDNS answers AAAA with the
/// pods' IPv6 addresses. svcdns makes only the IPv4 slice (the headless
/// branch of the slice families ignored `ipFamilies`/`ipFamilyPolicy`).
#[test]
fn headless_prefer_dual_stack_service_answers_aaaa_in_a_dual_stack_cluster() {
    let mut options = Options::default();
    options.profile.service_cluster_ip_range = Some("10.96.0.0/12,fd00:10:96::/108".into());
    options.profile.cluster_cidr = Some("10.244.0.0/16,fd00:10:244::/64".into());
    let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: hl\nspec:\n  clusterIP: None\n  ipFamilyPolicy: PreferDualStack\n  selector: {app: web}\n  ports: [{name: http, port: 80}]\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {app: web}\nspec:\n  containers: [{name: c, image: nginx}]\n";
    let a = analyze(
        &[Input {
            name: "dual.yaml",
            text,
        }],
        &options,
    );
    let q = |t| svcdns::coredns::answer(&a.cluster, "hl.default.svc.cluster.local.", t);
    assert_eq!(q(svcdns::dns::RecordType::A).answer.len(), 1);
    assert_eq!(q(svcdns::dns::RecordType::Aaaa).answer.len(), 1);
}

/// Found by the adversarial corpus's release run (`alias-bomb.yaml` took
/// 486 ms against a 100 ms budget): every alias cloned its whole anchored
/// node before checking the expansion budget, so once the budget was spent
/// each further alias still copied up to 100,000 nodes.
#[test]
fn alias_bomb_stops_copying_once_the_alias_budget_is_spent() {
    // l3 holds about 11,000 nodes; 2,000 aliases to it would copy 22
    // million nodes without the early check.
    let mut text = String::from("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..4 {
        let p = i - 1;
        let items = vec![format!("*l{p}"); 10].join(", ");
        text.push_str(&format!("l{i}: &l{i} [{items}]\n"));
    }
    text.push_str("bomb:\n");
    for _ in 0..2_000 {
        text.push_str("- *l3\n");
    }
    let t0 = std::time::Instant::now();
    let (_, diags) = svcdns::yaml::parse(&text, 0);
    let took = t0.elapsed();
    assert!(
        diags.iter().any(|d| d.code == "yaml-alias-limit"),
        "{diags:?}"
    );
    assert!(
        took < std::time::Duration::from_secs(1),
        "2,000 refused aliases took {took:?}"
    );
}

/// The cached lookup tables once made `Cluster` neither Send nor Sync (an
/// `Rc` in a `RefCell`), which broke the `resolve` fuzz target's shared
/// cluster. Models must stay shareable.
#[test]
fn cluster_and_analysis_stay_send_and_sync_with_the_index_cache() {
    fn shareable<T: Send + Sync>() {}
    shareable::<svcdns::cluster::Cluster>();
    shareable::<svcdns::Analysis>();
    let a = svcdns::analyze(
        &[svcdns::Input {
            name: "x.yaml",
            text: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  clusterIP: None\n  ports: [{port: 80}]\n",
        }],
        &svcdns::Options::default(),
    );
    let c = std::sync::Arc::new(a.cluster);
    let from_thread = {
        let c = c.clone();
        std::thread::spawn(move || {
            svcdns::coredns::answer(
                &c,
                "web.default.svc.cluster.local.",
                svcdns::dns::RecordType::A,
            )
            .rcode
        })
        .join()
        .unwrap()
    };
    assert_eq!(from_thread, svcdns::dns::Rcode::NxDomain);
}

/// Regression (issue 6, `tabs-after-colon.yaml`): `name:<tab>web` was a
/// syntax error (saphyr-parser 0.3 wants a space after a mapping colon);
/// kubectl's go-yaml takes the tab as separation. Tabs inside quoted or
/// block scalars are content and stay.
#[test]
fn tabs_after_a_mapping_colon_separate_as_kubectl_reads_them() {
    let (docs, diags) = svcdns::yaml::parse(
        "a:\tb\nc:\t\t'd\te'\nlist:\n- k:\tv\nblock: |\n  x:\ty\n",
        0,
    );
    assert!(diags.is_empty(), "{diags:?}");
    let root = docs[0].root.as_ref().unwrap();
    assert_eq!(root.get("a").and_then(|n| n.as_str()), Some("b"));
    assert_eq!(root.get("c").and_then(|n| n.as_str()), Some("d\te"));
    let item = &root.get("list").and_then(|n| n.as_seq()).unwrap()[0];
    assert_eq!(item.get("k").and_then(|n| n.as_str()), Some("v"));
    assert_eq!(root.get("block").and_then(|n| n.as_str()), Some("x:\ty\n"));
    // Columns are those of the text as written.
    assert_eq!(root.get("a").unwrap().pos.column, 4);
}

/// Issue 18, item 7: `type: NodePort` with `clusterIP: None` gave the API
/// server's words only; it now says what that means for DNS and the fix.
#[test]
fn nodeport_headless_error_says_the_consequence_and_the_fix() {
    let a = run(&std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/nodeport-headless-invalid.yaml"
    ))
    .unwrap());
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.message.contains("may not be set to 'None'"))
        .expect("the API server's error");
    assert!(
        d.consequence.as_deref().unwrap_or("").contains("NXDOMAIN"),
        "{d:?}"
    );
    assert!(
        d.fix.as_deref().unwrap_or("").contains("second Service"),
        "{d:?}"
    );
}

/// The error messages of an analysis, in order.
fn errors(a: &svcdns::Analysis) -> Vec<&str> {
    a.diagnostics
        .iter()
        .filter(|d| d.severity == svcdns::diag::Severity::Error)
        .map(|d| d.message.as_str())
        .collect()
}

/// D7 (conformance): the real kubectl printed, for a StatefulSet whose
/// replicas overflow int32 and one with replicas -1, the decode error with
/// the number and the validation error in its aggregate form: every error
/// of the apply counts, decode failures too.
#[test]
fn d7_aggregate_error_words() {
    let sts = |name: &str, replicas: &str| {
        format!(
            "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {name}\nspec:\n  replicas: {replicas}\n  serviceName: {name}\n  selector:\n    matchLabels: {{app: {name}}}\n  template:\n    metadata:\n      labels: {{app: {name}}}\n    spec:\n      containers: [{{name: c, image: busybox}}]\n"
        )
    };
    let a = run(&format!(
        "{}---\n{}",
        sts("big", "2147483648"),
        sts("neg", "-1")
    ));
    assert_eq!(
        errors(&a),
        vec![
            "Error from server (BadRequest): error when creating \"regression.yaml\": StatefulSet in version \"v1\" cannot be handled as a StatefulSet: json: cannot unmarshal number 2147483648 into Go struct field StatefulSetSpec.spec.replicas of type int32",
            "Error from server (Invalid): error when creating \"regression.yaml\": StatefulSet.apps \"neg\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0",
        ]
    );
    // Alone, the validation error is kubectl's single form.
    assert_eq!(
        errors(&run(&sts("neg", "-1"))),
        vec!["The StatefulSet \"neg\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"]
    );
    // Go names the number only when it does not fit a numeric field; a
    // fraction is not an integer; into a string field a number is `number`.
    assert!(errors(&run(&sts("frac", "1.5")))[0]
        .ends_with("json: cannot unmarshal number 1.5 into Go struct field StatefulSetSpec.spec.replicas of type int32"));
    assert!(
        errors(&run(&sts("s", "3").replace("serviceName: s", "serviceName: 1.5")))[0]
            .ends_with("json: cannot unmarshal number into Go struct field StatefulSetSpec.spec.serviceName of type string")
    );
}

/// D5 (conformance): a kind the cluster has no resource for is kubectl's
/// resource mapping error (the real kubectl: `no matches for kind "Widget"
/// in version "example.com/v1"`, `ensure CRDs are installed first`), and
/// the other documents are applied; a built-in kind svcdns does not
/// simulate is kept.
#[test]
fn d5_unknown_kind() {
    let web =
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n";
    let other = |api_version: &str, kind: &str| {
        run(&format!(
            "apiVersion: {api_version}\nkind: {kind}\nmetadata:\n  name: w\nspec: {{}}\n---\n{web}"
        ))
    };
    let a = other("example.com/v1", "Widget");
    assert_eq!(
        errors(&a),
        vec!["error: resource mapping not found for name: \"w\" namespace: \"\" from \"regression.yaml\": no matches for kind \"Widget\" in version \"example.com/v1\"\nensure CRDs are installed first"]
    );
    let d = &a
        .diagnostics
        .iter()
        .find(|d| d.code == "no-kind-match")
        .unwrap();
    assert_eq!((d.location.line, d.location.column), (1, 1));
    assert_eq!(a.accepted, vec![false, true]);
    // A misspelt core kind, a CRD in a k8s.io group that is not built in.
    for (v, k) in [
        ("v1", "Sevice"),
        ("gateway.networking.k8s.io/v1", "Gateway"),
    ] {
        assert!(
            errors(&other(v, k))[0].contains("no matches for kind"),
            "{v} {k}"
        );
    }
    // Built-in kinds svcdns does not simulate are kept, with an info.
    for (v, k) in [
        ("v1", "Secret"),
        ("networking.k8s.io/v1", "Ingress"),
        ("apps/v1", "ControllerRevision"),
        ("policy/v1", "PodDisruptionBudget"),
    ] {
        let a = other(v, k);
        assert!(errors(&a).is_empty(), "{v} {k}: {:?}", errors(&a));
        assert!(a.diagnostics.iter().any(|d| d.code == "not-simulated"));
    }
}

/// D6 (conformance): kubectl reads a key written twice as JSON does, the
/// last one winning, with no error (the real cluster created `twice`); the
/// same object twice is a create and then an update (`created`,
/// `configured`), the answers the second's.
#[test]
fn d6_duplicates_in_apply() {
    let a = run("apiVersion: v1\nkind: Service\nmetadata:\n  name: twice\n  name: twice\nspec:\n  ports: [{port: 80}]\n  ports: [{port: 81}]\n");
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
    assert_eq!(a.accepted, vec![true]);
    let dropped: Vec<_> = a
        .diagnostics
        .iter()
        .filter(|d| d.code == "duplicate-key")
        .map(|d| {
            (
                d.location.line,
                d.field.clone().unwrap_or_default(),
                d.severity,
            )
        })
        .collect();
    assert_eq!(
        dropped,
        vec![
            (4, "metadata.name".into(), svcdns::diag::Severity::Warning),
            (7, "spec.ports".into(), svcdns::diag::Severity::Warning)
        ]
    );
    // The same Service twice: both accepted by the API server, the first
    // replaced; only the second stands.
    let svc = |port: u16| {
        format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports: [{{port: {port}}}]\n")
    };
    let a = run(&format!("{}---\n{}", svc(80), svc(81)));
    assert!(errors(&a).is_empty());
    assert_eq!(
        (a.accepted.clone(), a.replaced.clone()),
        (vec![false, true], vec![true, false])
    );
    let web: Vec<_> = a
        .cluster
        .services
        .iter()
        .filter(|s| s.name == "web")
        .collect();
    assert_eq!(web.len(), 1);
    assert_eq!(
        web[0].ports.iter().map(|p| p.port).collect::<Vec<_>>(),
        vec![81]
    );
}
/// A custom resource read from a cluster (a dump: server-set metadata such
/// as uid and resourceVersion) was served there, so its
/// CustomResourceDefinition is installed: kept, not D5's mapping error.
/// Found by checking a dump with a ServiceMonitor after D5 landed.
#[test]
fn custom_resource_in_a_dump_is_cluster_state_not_a_mapping_error() {
    let cr = |meta: &str| {
        run(&format!(
            "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: web\n  namespace: default\n{meta}spec:\n  endpoints:\n  - port: http\n"
        ))
    };
    for meta in [
        "  uid: 5f1c2e9a-1111-4222-8333-444455556666\n",
        "  resourceVersion: \"1234\"\n",
        "  creationTimestamp: \"2026-11-30T10:00:00Z\"\n",
    ] {
        let a = cr(meta);
        assert!(errors(&a).is_empty(), "{meta}: {:?}", errors(&a));
        assert!(a.diagnostics.iter().any(|d| d.code == "not-simulated"));
        assert_eq!(a.accepted, vec![true]);
    }
    // Written to be applied, it is still kubectl's mapping error.
    assert!(errors(&cr(""))[0].contains("no matches for kind \"ServiceMonitor\""));
    // A version no release serves stays an error, dump or not.
    let a = run("apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: p\n  uid: 5f1c2e9a-1111-4222-8333-444455556666\nspec: {}\n");
    assert!(
        errors(&a)[0]
            .contains("no matches for kind \"PodDisruptionBudget\" in version \"policy/v1beta1\""),
        "{:?}",
        errors(&a)
    );
}

/// kubectl's "ensure CRDs are installed first" when the CRD is in the same
/// apply (kube-prometheus's manifests with their setup/ CRDs in one paste):
/// still kubectl's error, now with why and what to do.
#[test]
fn custom_resource_with_its_crd_in_the_same_apply_says_to_apply_the_crd_first() {
    let crd = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: servicemonitors.monitoring.coreos.com\nspec:\n  group: monitoring.coreos.com\n  names:\n    kind: ServiceMonitor\n    plural: servicemonitors\n  scope: Namespaced\n  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema:\n      openAPIV3Schema:\n        type: object\n";
    let cr = "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: web\nspec:\n  endpoints:\n  - port: http\n";
    let a = run(&format!("{cr}---\n{crd}"));
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code == "no-kind-match")
        .unwrap();
    assert!(d.message.contains("ensure CRDs are installed first"));
    assert!(d
        .consequence
        .as_deref()
        .unwrap()
        .contains("CustomResourceDefinition servicemonitors.monitoring.coreos.com in these manifests defines ServiceMonitor"));
    assert!(d.fix.as_deref().unwrap().contains(
        "kubectl wait --for condition=established crd/servicemonitors.monitoring.coreos.com"
    ));
    // Another version than the CRD serves: no such advice.
    let a = run(&format!("{}---\n{crd}", cr.replace("/v1\n", "/v2\n")));
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code == "no-kind-match")
        .unwrap();
    assert_eq!((d.consequence.as_deref(), d.fix.as_deref()), (None, None));
}

/// D2 (conformance): kubectl stops at the first YAML syntax error (the
/// real one: `service/first created`, then the error; `third` never sent).
/// The error stays located, and says the later documents are not applied.
#[test]
fn d2_kubectl_stops_at_a_syntax_error() {
    let svc = |name: &str| {
        format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  ports:\n  - port: 80\n")
    };
    let text = format!(
        "{}---\napiVersion: v1\nkind: Service\nmetadata: {{name: second\n---\n{}",
        svc("first"),
        svc("third")
    );
    let a = run(&text);
    let names: Vec<&str> = a.objects.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, vec!["first"]);
    assert_eq!(a.accepted, vec![true]);
    let e = a
        .diagnostics
        .iter()
        .find(|d| d.code == "yaml-syntax")
        .unwrap();
    assert_eq!(e.location.document, 1);
    assert!(e.location.line >= 10, "{e:?}");
    assert_eq!(
        e.consequence.as_deref(),
        Some("kubectl stops reading the file here: the documents before it are applied, none after it.")
    );
    // A document that is no object (client-side validation) stops it too.
    let a = run(&format!(
        "{}---\nkind: Service\n---\n{}",
        svc("first"),
        svc("third")
    ));
    assert_eq!(a.objects.len(), 1);
    assert_eq!(
        errors(&a),
        vec!["error: error validating \"regression.yaml\": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false"]
    );
}

/// D4 (conformance): kubectl validates every item of a List before it sends
/// any, so one invalid item refuses the whole List (the real one:
/// `error validating data: invalid object to validate`, nothing created).
#[test]
fn d4_kind_list() {
    let item = "- apiVersion: v1\n  kind: Service\n  metadata: {name: web}\n  spec: {ports: [{port: 80}]}\n";
    let a = run(&format!(
        "apiVersion: v1\nkind: List\nitems:\n{item}- just a string\n- {{kind: Service}}\n"
    ));
    assert!(a.objects.is_empty());
    let e: Vec<_> = a
        .diagnostics
        .iter()
        .filter(|d| d.severity == svcdns::diag::Severity::Error)
        .collect();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].message, "error: error validating \"regression.yaml\": error validating data: [invalid object to validate, apiVersion not set]; if you choose to ignore these errors, turn validation off with --validate=false");
    assert_eq!((e[0].location.line, e[0].location.column), (8, 3));
    let a = run(&format!("apiVersion: v1\nkind: List\nitems:\n{item}"));
    assert_eq!(a.accepted, vec![true]);
}

/// Issue 18, item 7: a YAML slip ("mapping values are not allowed in this
/// context") and a bad label value gave the parser's and the API server's
/// words only (a regex for the label); `explain::plain` says, in plain
/// words, what each does to DNS and the fix, and upstream's message stays
/// as it was.
#[test]
fn parser_and_label_errors_say_the_consequence_and_the_fix_in_plain_words() {
    use svcdns::explain::plain::words;
    let a = run("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels:\n    app: web: frontend\n");
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code == "yaml-syntax")
        .expect("a YAML error");
    assert!(
        d.message
            .contains("mapping values are not allowed in this context"),
        "{d:?}"
    );
    // The consequence is the diagnostic's own (kubectl stops reading the
    // file); the fix is the plain words'.
    let (_, fix) = words(d).expect("plain words");
    assert!(d.consequence.is_some(), "{d:?}");
    assert!(fix.contains("quotes"), "{fix}");

    let a = run("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels:\n    app: -web-\nspec:\n  ports:\n  - port: 80\n");
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.message.contains("a valid label must be"))
        .expect("the API server's label error");
    assert!(d.message.contains("regex used for validation"), "{d:?}");
    let (consequence, fix) = words(d).expect("plain words");
    assert!(consequence.contains("does not exist"), "{consequence}");
    assert!(fix.contains("63 letters, digits"), "{fix}");
    // Diagnostics that say their own consequence (lints, the NodePort +
    // clusterIP None error) keep their words.
    assert!(a
        .diagnostics
        .iter()
        .filter(|d| d.source == svcdns::diag::DiagnosticSource::Lint)
        .all(|d| words(d).is_none()));
}
