//! One test per rule of the validation reference (k8s-validation.md), each
//! written from the rule: exact field path and message.

use svcdns::api::Object;
use svcdns::diag::{Diagnostic, Severity};
use svcdns::validate::{validate_all, validate_object, Allocations};

fn objects(text: &str) -> Vec<std::sync::Arc<Object>> {
    let (docs, _) = svcdns::yaml::parse(text, 0);
    let mut objects = Vec::new();
    let mut diags = Vec::new();
    svcdns::decode::decode_documents(0, "x.yaml", &docs, &mut objects, &mut diags);
    assert!(
        diags.iter().all(|d| d.severity != Severity::Error),
        "decode failed: {diags:?}"
    );
    objects
}

fn run(text: &str) -> Vec<Diagnostic> {
    validate_all(&objects(text), &["x.yaml".to_string()])
}

/// The error strings (`field: body`) of the last object.
fn errs(text: &str) -> Vec<String> {
    let objs = objects(text);
    let mut alloc = Allocations::default();
    let mut last = Vec::new();
    for o in &objs {
        last = validate_object(o, &mut alloc, "x.yaml")
            .errors
            .iter()
            .map(|e| e.to_string())
            .collect();
    }
    last
}

/// kubectl's message for the last object.
fn kubectl(text: &str) -> Option<String> {
    let objs = objects(text);
    let mut alloc = Allocations::default();
    let mut last = None;
    for o in &objs {
        last = validate_object(o, &mut alloc, "x.yaml").kubectl_message;
    }
    last
}

fn warnings(text: &str) -> Vec<String> {
    let objs = objects(text);
    let mut alloc = Allocations::default();
    let mut last = Vec::new();
    for o in &objs {
        last = validate_object(o, &mut alloc, "x.yaml").warnings;
    }
    last
}

fn svc(spec: &str) -> String {
    format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n{spec}")
}

const LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_MSG: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const IP_MSG: &str = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";

// ---- the seeds' invalid example -------------------------------------------

#[test]
fn seed_nodeport_headless_message_and_location() {
    let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  clusterIP: None\n  selector:\n    app: web\n  ports:\n  - port: 80\n";
    let diags = run(text);
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = &diags[0];
    assert_eq!(
        d.message,
        "The Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services"
    );
    assert_eq!(d.field.as_deref(), Some("spec.clusterIPs[0]"));
    assert_eq!(d.error_type.as_deref(), Some("Invalid value"));
    assert_eq!(d.code, "invalid-value");
    assert_eq!(d.object.as_deref(), Some("Service/default/web"));
    assert_eq!((d.location.line, d.location.column), (7, 14));
}

#[test]
fn valid_service_is_clean() {
    assert!(run(&svc(
        "  selector:\n    app: web\n  ports:\n  - name: http\n    port: 80\n    targetPort: 8080\n"
    ))
    .is_empty());
}

// ---- section 3: format rules ----------------------------------------------

/// The errors of one object validated against a cluster of Kubernetes
/// 1.`minor`.
fn errs_at(minor: u32, text: &str) -> Vec<String> {
    let mut profile = svcdns::profile::Profile::default();
    profile.version.value = svcdns::profile::KubernetesVersion { minor };
    let mut alloc = Allocations::for_profile(&profile);
    let objs = objects(text);
    validate_object(&objs[0], &mut alloc, "x.yaml")
        .errors
        .iter()
        .map(|e| e.to_string())
        .collect()
}

fn service_named(name: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  ports:\n  - port: 80\n"
    )
}

#[test]
fn s1_service_name_dns1035_before_1_36() {
    for minor in [33, 34, 35] {
        assert_eq!(
            errs_at(minor, &service_named("1web")),
            vec![format!(
                "metadata.name: Invalid value: \"1web\": {DNS1035_MSG}"
            )]
        );
    }
}

/// D8 (tests/conformance/DISAGREEMENTS.md): RelaxedServiceNameValidation,
/// on by default in 1.36 and locked on in 1.37 (the real 1.37.2 API server
/// created `1abc`): a Service name is an RFC 1123 label, with its message.
#[test]
fn d8_relaxed_service_names() {
    for minor in [36, 37] {
        assert!(errs_at(minor, &service_named("1abc")).is_empty());
        assert_eq!(
            errs_at(minor, &service_named("My_Service")),
            vec![format!(
                "metadata.name: Invalid value: \"My_Service\": {LABEL_MSG}"
            )]
        );
        assert_eq!(
            errs_at(minor, &service_named("a.b")),
            vec!["metadata.name: Invalid value: \"a.b\": must not contain dots"]
        );
    }
    // The default profile is 1.37's.
    assert!(errs(&service_named("1abc")).is_empty());
    assert_eq!(
        errs(&service_named("-web")),
        vec![format!(
            "metadata.name: Invalid value: \"-web\": {LABEL_MSG}"
        )]
    );
}

#[test]
fn s1_service_name_required() {
    let t = "apiVersion: v1\nkind: Service\nmetadata:\n  labels: {a: b}\nspec:\n  ports:\n  - port: 80\n";
    assert_eq!(
        errs(t),
        vec!["metadata.name: Required value: name or generateName is required"]
    );
}

#[test]
fn s1_name_length_only() {
    let name = "a".repeat(64);
    let t = format!(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  ports:\n  - port: 80\n"
    );
    assert_eq!(
        errs(&t),
        vec![format!(
            "metadata.name: Invalid value: \"{name}\": must be no more than 63 characters"
        )]
    );
}

#[test]
fn s2_label_key_and_value_on_map_path() {
    let t = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels:\n    \"-bad\": \"x y\"\nspec:\n  ports:\n  - port: 80\n";
    let e = errs(t);
    assert_eq!(e.len(), 2, "{e:?}");
    assert_eq!(e[0], "metadata.labels: Invalid value: \"-bad\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
    assert!(e[1].starts_with(
        "metadata.labels: Invalid value: \"x y\": a valid label must be an empty string"
    ));
    let d = run(t);
    assert_eq!(d[0].location.line, 6);
}

#[test]
fn s2_annotation_key_lowercased_and_prefix() {
    let t = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations:\n    Example.COM/Key: v\n    a/b/c: v\nspec:\n  ports:\n  - port: 80\n";
    let e = errs(t);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].starts_with(
        "metadata.annotations: Invalid value: \"a/b/c\": a valid label key must consist"
    ));
}

#[test]
fn s3_topology_annotations_must_match() {
    let t = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations:\n    service.kubernetes.io/topology-aware-hints: auto\n    service.kubernetes.io/topology-mode: Auto\nspec:\n  ports:\n  - port: 80\n";
    assert_eq!(errs(t), vec!["metadata.annotations[service.kubernetes.io/topology-mode]: Invalid value: \"Auto\": must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified"]);
}

#[test]
fn s4_ports_required() {
    assert_eq!(
        errs(&svc("  selector:\n    app: web\n")),
        vec!["spec.ports: Required value"]
    );
    assert!(errs(&svc("  clusterIP: None\n")).is_empty());
    assert!(errs(&svc("  type: ExternalName\n  externalName: example.com\n")).is_empty());
}

#[test]
fn s5_headless_load_balancer() {
    assert_eq!(
        errs(&svc("  type: LoadBalancer\n  clusterIP: None\n  ports:\n  - port: 80\n")),
        vec!["spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for LoadBalancer services"]
    );
}

#[test]
fn s6_external_name_forbids_cluster_ip_fields() {
    let e = errs(&svc("  type: ExternalName\n  externalName: example.com\n  clusterIP: None\n  ipFamilyPolicy: SingleStack\n  ipFamilies: [IPv4]\n"));
    assert_eq!(
        e,
        vec![
            "spec.clusterIPs: Forbidden: may not be set for ExternalName services",
            "spec.ipFamilies: Forbidden: may not be set for ExternalName services",
            "spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services",
        ]
    );
}

#[test]
fn s7_external_name() {
    assert_eq!(
        errs(&svc("  type: ExternalName\n")),
        vec!["spec.externalName: Required value"]
    );
    assert_eq!(
        errs(&svc("  type: ExternalName\n  externalName: Foo.com\n")),
        vec![format!(
            "spec.externalName: Invalid value: \"Foo.com\": {SUBDOMAIN_MSG}"
        )]
    );
    assert!(errs(&svc("  type: ExternalName\n  externalName: foo.com.\n")).is_empty());
    assert!(errs(&svc("  type: ExternalName\n  externalName: 10.0.0.1\n")).is_empty());
}

#[test]
fn s8_port_name_required_with_several_ports() {
    assert_eq!(
        errs(&svc("  ports:\n  - port: 80\n  - port: 81\n    name: b\n")),
        vec!["spec.ports[0].name: Required value"]
    );
}

#[test]
fn s9_port_name_label_and_duplicate() {
    assert_eq!(
        errs(&svc("  ports:\n  - port: 80\n    name: a.b\n  - port: 81\n    name: x\n  - port: 82\n    name: x\n")),
        vec![
            "spec.ports[0].name: Invalid value: \"a.b\": must not contain dots",
            "spec.ports[2].name: Duplicate value: \"x\"",
        ]
    );
    assert!(errs(&svc("  ports:\n  - port: 80\n    name: \"123\"\n")).is_empty());
}

#[test]
fn s10_port_range_and_defaulted_target_port() {
    assert_eq!(
        errs(&svc("  ports:\n  - port: 70000\n")),
        vec![
            "spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive",
            "spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
        ]
    );
    assert_eq!(
        errs(&svc("  ports:\n  - name: a\n")),
        vec![
            "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
            "spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive",
        ]
    );
}

#[test]
fn s11_protocol_case_sensitive() {
    assert_eq!(
        errs(&svc("  ports:\n  - port: 80\n    protocol: tcp\n")),
        vec!["spec.ports[0].protocol: Unsupported value: \"tcp\": supported values: \"SCTP\", \"TCP\", \"UDP\""]
    );
}

#[test]
fn s12_target_port_quoted_number_is_a_name() {
    assert_eq!(
        errs(&svc("  ports:\n  - port: 80\n    targetPort: \"8080\"\n")),
        vec!["spec.ports[0].targetPort: Invalid value: \"8080\": must contain at least one letter (a-z)"]
    );
    assert_eq!(
        errs(&svc("  ports:\n  - port: 80\n    targetPort: -Web--\n")),
        vec![
            "spec.ports[0].targetPort: Invalid value: \"-Web--\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
            "spec.ports[0].targetPort: Invalid value: \"-Web--\": must not contain consecutive hyphens",
            "spec.ports[0].targetPort: Invalid value: \"-Web--\": must not begin or end with a hyphen",
        ]
    );
    assert!(errs(&svc(
        "  clusterIP: None\n  ports:\n  - port: 80\n    targetPort: 81\n"
    ))
    .is_empty());
}

#[test]
fn s13_app_protocol() {
    let e = errs(&svc("  ports:\n  - port: 80\n    appProtocol: \"h2 c\"\n"));
    assert_eq!(e.len(), 1);
    assert!(e[0]
        .starts_with("spec.ports[0].appProtocol: Invalid value: \"h2 c\": name part must consist"));
    assert!(errs(&svc(
        "  ports:\n  - port: 80\n    appProtocol: kubernetes.io/h2c\n"
    ))
    .is_empty());
}

#[test]
fn s14_selector_labels() {
    let e = errs(&svc(
        "  selector:\n    app: \"a b\"\n  ports:\n  - port: 80\n",
    ));
    assert_eq!(e.len(), 1);
    assert!(e[0].starts_with(
        "spec.selector: Invalid value: \"a b\": a valid label must be an empty string"
    ));
}

#[test]
fn s15_session_affinity() {
    assert_eq!(
        errs(&svc("  sessionAffinity: Sticky\n  ports:\n  - port: 80\n")),
        vec!["spec.sessionAffinity: Unsupported value: \"Sticky\": supported values: \"ClientIP\", \"None\""]
    );
    // None deletes any config.
    assert!(errs(&svc("  sessionAffinity: None\n  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: -5\n  ports:\n  - port: 80\n")).is_empty());
}

#[test]
fn s16_client_ip_timeout() {
    assert_eq!(
        errs(&svc("  sessionAffinity: ClientIP\n  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: 86401\n  ports:\n  - port: 80\n")),
        vec!["spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400"]
    );
    assert!(errs(&svc("  sessionAffinity: ClientIP\n  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: 86400\n  ports:\n  - port: 80\n")).is_empty());
    assert!(errs(&svc(
        "  sessionAffinity: ClientIP\n  ports:\n  - port: 80\n"
    ))
    .is_empty());
}

#[test]
fn s17_cluster_ips_first_must_match() {
    assert_eq!(
        errs(&svc(
            "  clusterIP: 10.96.0.5\n  clusterIPs: [10.96.0.6]\n  ports:\n  - port: 80\n"
        )),
        vec!["spec.clusterIPs: Invalid value: [\"10.96.0.6\"]: first value must match `clusterIP`"]
    );
}

#[test]
fn s18_cluster_ips_without_cluster_ip() {
    assert_eq!(
        errs(&svc("  clusterIPs: [10.96.0.6]\n  ports:\n  - port: 80\n")),
        vec!["spec.clusterIPs: Invalid value: [\"10.96.0.6\"]: must be empty when `clusterIP` is not specified"]
    );
}

#[test]
fn s19_ip_families() {
    assert_eq!(
        errs(&svc("  ipFamilies: [IPv5, IPv4, IPv4]\n  ipFamilyPolicy: PreferDualStack\n  ports:\n  - port: 80\n")),
        vec![
            "spec.ipFamilies[0]: Unsupported value: \"IPv5\": supported values: \"IPv4\", \"IPv6\"",
            "spec.ipFamilies[2]: Duplicate value: \"IPv4\"",
        ]
    );
}

#[test]
fn s20_ip_family_policy() {
    assert_eq!(
        errs(&svc("  ipFamilyPolicy: DualStack\n  ports:\n  - port: 80\n")),
        vec!["spec.ipFamilyPolicy: Unsupported value: \"DualStack\": supported values: \"PreferDualStack\", \"RequireDualStack\", \"SingleStack\""]
    );
}

#[test]
fn s21_none_first_and_only() {
    assert_eq!(
        errs(&svc("  clusterIP: None\n  clusterIPs: [None, 10.96.0.5]\n  ports:\n  - port: 80\n")),
        vec!["spec.clusterIPs: Invalid value: [\"None\",\"10.96.0.5\"]: 'None' must be the first and only value"]
    );
}

#[test]
fn s22_cluster_ip_not_an_ip() {
    assert_eq!(
        errs(&svc("  clusterIP: 10.96.0.300\n  ports:\n  - port: 80\n")),
        vec![format!(
            "spec.clusterIPs[0]: Invalid value: \"10.96.0.300\": {IP_MSG}"
        )]
    );
    // located at the clusterIP the user wrote
    let d = run(&svc("  clusterIP: 10.96.0.300\n  ports:\n  - port: 80\n"));
    assert_eq!((d[0].location.line, d[0].location.column), (6, 14));
}

#[test]
fn s23_at_most_two() {
    let e = errs(&svc("  clusterIP: 10.96.0.5\n  clusterIPs: [10.96.0.5, 'fd00::5', 10.96.0.6]\n  ipFamilyPolicy: RequireDualStack\n  ports:\n  - port: 80\n"));
    assert!(e.contains(&"spec.clusterIPs: Invalid value: [\"10.96.0.5\",\"fd00::5\",\"10.96.0.6\"]: may only hold up to 2 values".to_string()), "{e:?}");
}

#[test]
fn s24_one_ip_per_family() {
    assert_eq!(
        errs(&svc("  clusterIP: 10.96.0.5\n  clusterIPs: [10.96.0.5, 10.96.0.6]\n  ipFamilyPolicy: PreferDualStack\n  ports:\n  - port: 80\n")),
        vec!["spec.clusterIPs: Invalid value: [\"10.96.0.5\",\"10.96.0.6\"]: may specify no more than one IP for each IP family"]
    );
}

#[test]
fn s25_family_mismatch() {
    assert_eq!(
        errs(&svc("  clusterIP: 'fd00::5'\n  ipFamilies: [IPv4]\n  ports:\n  - port: 80\n")),
        vec!["spec.clusterIPs[0]: Invalid value: \"fd00::5\": expected an IPv4 value as indicated by `ipFamilies[0]`"]
    );
}

#[test]
fn s27_external_ips() {
    assert_eq!(
        errs(&svc("  externalIPs: [foo, 127.0.0.1, 0.0.0.0]\n  ports:\n  - port: 80\n")),
        vec![
            format!("spec.externalIPs[0]: Invalid value: \"foo\": {IP_MSG}"),
            "spec.externalIPs[1]: Invalid value: \"127.0.0.1\": may not be in the loopback range (127.0.0.0/8, ::1/128)".to_string(),
            "spec.externalIPs[2]: Invalid value: \"0.0.0.0\": may not be unspecified (0.0.0.0)".to_string(),
        ]
    );
}

#[test]
fn s28_type() {
    assert_eq!(
        errs(&svc("  type: nodePort\n  ports:\n  - port: 80\n")),
        vec!["spec.type: Unsupported value: \"nodePort\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""]
    );
}

#[test]
fn s29_node_port_on_cluster_ip() {
    assert_eq!(
        errs(&svc("  ports:\n  - port: 80\n    nodePort: 30080\n")),
        vec!["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]
    );
    assert!(errs(&svc(
        "  type: ExternalName\n  externalName: a.b\n  ports:\n  - port: 80\n    nodePort: 30080\n"
    ))
    .is_empty());
}

#[test]
fn s30_same_node_port_for_different_ports_is_allocated_twice() {
    assert_eq!(
        errs(&svc("  type: NodePort\n  ports:\n  - port: 80\n    name: a\n    nodePort: 30080\n  - port: 81\n    name: b\n    nodePort: 30080\n")),
        vec!["spec.ports[1].nodePort: Invalid value: 30080: provided port is already allocated"]
    );
    // DNS pattern: same port, TCP+UDP, one node port.
    assert!(errs(&svc("  type: NodePort\n  ports:\n  - port: 53\n    name: a\n    protocol: UDP\n    nodePort: 30053\n  - port: 53\n    name: b\n    nodePort: 30053\n")).is_empty());
}

#[test]
fn s30_duplicate_node_port_same_protocol() {
    // same port number and protocol twice shares the node port: S30 and S31.
    assert_eq!(
        errs(&svc("  type: NodePort\n  ports:\n  - port: 80\n    name: a\n    nodePort: 30080\n  - port: 80\n    name: b\n    nodePort: 30080\n")),
        vec![
            "spec.ports[1].nodePort: Duplicate value: 30080",
            "spec.ports[1]: Duplicate value: {\"Name\":\"\",\"Protocol\":\"TCP\",\"AppProtocol\":null,\"Port\":80,\"TargetPort\":0,\"NodePort\":0}",
        ]
    );
}

#[test]
fn s31_duplicate_port() {
    assert_eq!(
        errs(&svc("  ports:\n  - port: 80\n    name: a\n  - port: 80\n    name: b\n    protocol: TCP\n")),
        vec!["spec.ports[1]: Duplicate value: {\"Name\":\"\",\"Protocol\":\"TCP\",\"AppProtocol\":null,\"Port\":80,\"TargetPort\":0,\"NodePort\":0}"]
    );
}

#[test]
fn s32_s33_source_ranges() {
    assert_eq!(
        errs(&svc("  loadBalancerSourceRanges: [' 10.0.0.0/8 ', 10.0.0.0/33]\n  ports:\n  - port: 80\n")),
        vec![
            "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'",
            "spec.LoadBalancerSourceRanges[1]: Invalid value: \"10.0.0.0/33\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)",
        ]
    );
    let d = run(&svc(
        "  type: LoadBalancer\n  loadBalancerSourceRanges: [10.0.0.0/33]\n  ports:\n  - port: 80\n",
    ));
    assert_eq!(d[0].location.line, 7);
}

#[test]
fn s34_source_ranges_annotation() {
    let t = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations:\n    service.beta.kubernetes.io/load-balancer-source-ranges: \"10.0.0.0/8, bad\"\nspec:\n  ports:\n  - port: 80\n";
    assert_eq!(
        errs(t),
        vec![
            "metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Forbidden: may only be used when `type` is 'LoadBalancer'",
            "metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Invalid value: \"bad\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)",
        ]
    );
}

#[test]
fn s35_allocate_lb_node_ports() {
    assert_eq!(
        errs(&svc("  allocateLoadBalancerNodePorts: false\n  ports:\n  - port: 80\n")),
        vec!["spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'"]
    );
}

#[test]
fn s36_load_balancer_class() {
    assert_eq!(
        errs(&svc(
            "  loadBalancerClass: example.com/lb\n  ports:\n  - port: 80\n"
        )),
        vec!["spec.loadBalancerClass: Forbidden: may only be used when `type` is 'LoadBalancer'"]
    );
    let e = errs(&svc(
        "  type: LoadBalancer\n  loadBalancerClass: -x\n  ports:\n  - port: 80\n",
    ));
    assert_eq!(e.len(), 1);
    assert!(
        e[0].starts_with("spec.loadBalancerClass: Invalid value: \"-x\": name part must consist")
    );
}

#[test]
fn s37_external_traffic_policy() {
    assert_eq!(
        errs(&svc("  externalTrafficPolicy: Local\n  ports:\n  - port: 80\n")),
        vec!["spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set for externally-accessible services"]
    );
    assert_eq!(
        errs(&svc("  type: NodePort\n  externalTrafficPolicy: local\n  ports:\n  - port: 80\n")),
        vec!["spec.externalTrafficPolicy: Unsupported value: \"local\": supported values: \"Cluster\", \"Local\""]
    );
    assert!(errs(&svc(
        "  externalIPs: [192.0.2.1]\n  externalTrafficPolicy: Local\n  ports:\n  - port: 80\n"
    ))
    .is_empty());
}

#[test]
fn s38_health_check_node_port() {
    assert_eq!(
        errs(&svc("  type: NodePort\n  healthCheckNodePort: 30100\n  ports:\n  - port: 80\n")),
        vec!["spec.healthCheckNodePort: Invalid value: 30100: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"]
    );
}

#[test]
fn s39_internal_traffic_policy() {
    assert_eq!(
        errs(&svc("  internalTrafficPolicy: Node\n  ports:\n  - port: 80\n")),
        vec!["spec.internalTrafficPolicy: Unsupported value: \"Node\": supported values: \"Cluster\", \"Local\""]
    );
    assert!(errs(&svc(
        "  type: ExternalName\n  externalName: a.b\n  internalTrafficPolicy: Local\n"
    ))
    .is_empty());
}

#[test]
fn s40_traffic_distribution() {
    assert_eq!(
        errs(&svc("  trafficDistribution: Nearby\n  ports:\n  - port: 80\n")),
        vec!["spec.trafficDistribution: Unsupported value: \"Nearby\": supported values: \"PreferClose\", \"PreferSameZone\", \"PreferSameNode\""]
    );
    assert!(errs(&svc(
        "  trafficDistribution: PreferSameNode\n  ports:\n  - port: 80\n"
    ))
    .is_empty());
}

#[test]
fn multiple_errors_render_as_a_list() {
    let m = kubectl(&svc(
        "  type: Foo\n  ports:\n  - port: 0\n    targetPort: 80\n",
    ))
    .unwrap();
    assert_eq!(
        m,
        "The Service \"web\" is invalid: \n* spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\n* spec.type: Unsupported value: \"Foo\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""
    );
}

// ---- section 5: allocator checks (reported alone) ---------------------------

#[test]
fn a1_cluster_ips_related_fields_reported_alone() {
    // the bad type would be reported by ValidateService, which never runs.
    assert_eq!(
        errs(&svc(
            "  type: Foo\n  clusterIP: bad\n  ports:\n  - port: 80\n"
        )),
        vec![format!(
            "spec.clusterIPs[0]: Invalid value: \"bad\": {IP_MSG}"
        )]
    );
}

#[test]
fn a2_single_stack_with_two_ips() {
    assert_eq!(
        errs(&svc("  clusterIP: 10.96.0.5\n  clusterIPs: [10.96.0.5, 'fd00::5']\n  ipFamilyPolicy: SingleStack\n  ports:\n  - port: 80\n")),
        vec![
            "spec.ipFamilyPolicy: Invalid value: \"SingleStack\": must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified",
            "spec.clusterIPs[1]: Invalid value: [\"10.96.0.5\",\"fd00::5\"]: IPv6 is not configured on this cluster",
        ]
    );
}

#[test]
fn a3_ipv6_not_configured() {
    assert_eq!(
        errs(&svc("  clusterIP: 'fd00::5'\n  ports:\n  - port: 80\n")),
        vec!["spec.clusterIPs[0]: Invalid value: [\"fd00::5\"]: IPv6 is not configured on this cluster"]
    );
}

#[test]
fn a4_require_dual_stack_on_single_stack() {
    assert_eq!(
        errs(&svc("  ipFamilyPolicy: RequireDualStack\n  ports:\n  - port: 80\n")),
        vec!["spec.ipFamilyPolicy: Invalid value: \"RequireDualStack\": this cluster is not configured for dual-stack services"]
    );
    assert_eq!(
        errs(&svc("  ipFamilies: [IPv6]\n  ports:\n  - port: 80\n")),
        vec!["spec.ipFamilies[0]: Invalid value: \"IPv6\": not configured on this cluster"]
    );
    // headless + selectorless is exempt
    assert!(errs(&svc(
        "  clusterIP: None\n  ipFamilyPolicy: RequireDualStack\n"
    ))
    .is_empty());
}

#[test]
fn a5_cluster_ip_range_and_taken() {
    assert_eq!(
        errs(&svc("  clusterIP: 10.0.0.5\n  ports:\n  - port: 80\n")),
        vec!["spec.clusterIPs: Invalid value: [\"10.0.0.5\"]: failed to allocate IP 10.0.0.5: the provided network does not match the current range"]
    );
    // In the CIDR but its network address: the CIDR's allocator refuses it.
    assert_eq!(
        errs(&svc("  clusterIP: 10.96.0.0\n  ports:\n  - port: 80\n")),
        vec!["spec.clusterIPs: Invalid value: [\"10.96.0.0\"]: failed to allocate IP 10.96.0.0: the provided IP (10.96.0.0) is not in the valid range. The range of valid IPs is 10.96.0.0/12"]
    );
    assert_eq!(
        errs(&svc("  clusterIP: 10.96.0.10\n  ports:\n  - port: 80\n")),
        vec!["spec.clusterIPs: Invalid value: [\"10.96.0.10\"]: failed to allocate IP 10.96.0.10: provided IP is already allocated"]
    );
    let two = format!(
        "{}---\n{}",
        svc("  clusterIP: 10.96.0.50\n  ports:\n  - port: 80\n"),
        svc("  clusterIP: 10.96.0.50\n  ports:\n  - port: 80\n")
            .replace("name: web", "name: other")
    );
    assert_eq!(
        errs(&two),
        vec!["spec.clusterIPs: Invalid value: [\"10.96.0.50\"]: failed to allocate IP 10.96.0.50: provided IP is already allocated"]
    );
}

#[test]
fn a6_node_port_range_and_taken_by_earlier_service() {
    assert_eq!(
        errs(&svc("  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 8080\n")),
        vec!["spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767"]
    );
    let a = svc("  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 30080\n");
    let two = format!("{a}---\n{}", a.replace("name: web", "name: other"));
    assert_eq!(
        errs(&two),
        vec!["spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated"]
    );
    // a rejected Service releases what it took
    let bad = svc(
        "  type: NodePort\n  sessionAffinity: X\n  ports:\n  - port: 80\n    nodePort: 30080\n",
    );
    assert!(errs(&format!(
        "{bad}---\n{}",
        a.replace("name: web", "name: other")
    ))
    .is_empty());
}

#[test]
fn a7_health_check_node_port_internal_error() {
    let t = svc("  type: LoadBalancer\n  externalTrafficPolicy: Local\n  healthCheckNodePort: 80\n  ports:\n  - port: 80\n");
    assert_eq!(
        kubectl(&t).unwrap(),
        "Error from server (InternalError): error when creating \"x.yaml\": Internal error occurred: failed to allocate requested HealthCheck NodePort 80: provided port is not in the valid range. The range of valid ports is 30000-32767"
    );
    let d = run(&t);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, "internal-error");
}

// ---- warnings ------------------------------------------------------------------

#[test]
fn w_service_warnings() {
    assert_eq!(
        warnings(&svc("  externalName: foo.com\n  ports:\n  - port: 80\n")),
        vec!["spec.externalName is ignored when spec.type is not \"ExternalName\""]
    );
    assert_eq!(
        warnings(&svc("  clusterIP: None\n  sessionAffinity: ClientIP\n")),
        vec!["spec.SessionAffinity is ignored for headless services"]
    );
    assert_eq!(
        warnings(&svc("  clusterIP: 010.96.0.5\n  ports:\n  - port: 80\n")),
        vec!["spec.clusterIPs[0]: non-standard IP address \"010.96.0.5\" will be considered invalid in a future Kubernetes release: use \"10.96.0.5\""]
    );
    assert_eq!(
        warnings(&svc(
            "  trafficDistribution: PreferClose\n  ports:\n  - port: 80\n"
        )),
        vec!["spec.trafficDistribution: \"PreferClose\" is deprecated; use \"PreferSameZone\""]
    );
    let d = run(&svc("  externalName: foo.com\n  ports:\n  - port: 80\n"));
    assert_eq!(d[0].severity, Severity::Warning);
    assert!(d[0].message.starts_with("Warning: spec.externalName"));
}

// ---- section 7: StatefulSet ------------------------------------------------------

fn sts(meta_name: &str, spec: &str) -> String {
    format!("apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {meta_name}\nspec:\n{spec}")
}

const TEMPLATE: &str = "  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: c\n        image: nginx\n";
const SELECTOR: &str = "  selector:\n    matchLabels:\n      app: web\n";

#[test]
fn sts_valid() {
    assert!(errs(&sts(
        "web",
        &format!("  serviceName: web\n{SELECTOR}{TEMPLATE}")
    ))
    .is_empty());
    assert!(errs(&sts("0web", &format!("{SELECTOR}{TEMPLATE}"))).is_empty());
}

#[test]
fn sts_name_label() {
    assert_eq!(
        errs(&sts("abc.123", &format!("{SELECTOR}{TEMPLATE}"))),
        vec!["metadata.name: Invalid value: \"abc.123\": must not contain dots"]
    );
    assert_eq!(
        errs(&sts("Web", &format!("{SELECTOR}{TEMPLATE}"))),
        vec![format!(
            "metadata.name: Invalid value: \"Web\": {LABEL_MSG}"
        )]
    );
}

#[test]
fn sts_pod_management_policy() {
    assert_eq!(
        errs(&sts("web", &format!("  podManagementPolicy: parallel\n{SELECTOR}{TEMPLATE}"))),
        vec!["spec.podManagementPolicy: Invalid value: \"parallel\": must be 'OrderedReady' or 'Parallel'"]
    );
}

#[test]
fn sts_update_strategy() {
    assert_eq!(
        errs(&sts("web", &format!("  updateStrategy:\n    type: Recreate\n{SELECTOR}{TEMPLATE}"))),
        vec!["spec.updateStrategy: Invalid value: {\"Type\":\"Recreate\",\"RollingUpdate\":null}: must be 'RollingUpdate' or 'OnDelete'"]
    );
    assert_eq!(
        errs(&sts("web", &format!("  updateStrategy:\n    type: OnDelete\n    rollingUpdate:\n      partition: 1\n{SELECTOR}{TEMPLATE}"))),
        vec!["spec.updateStrategy.rollingUpdate: Invalid value: {\"Partition\":1,\"MaxUnavailable\":null}: only allowed for updateStrategy 'RollingUpdate'"]
    );
    assert_eq!(
        errs(&sts("web", &format!("  updateStrategy:\n    rollingUpdate:\n      partition: -1\n{SELECTOR}{TEMPLATE}"))),
        vec!["spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0"]
    );
}

#[test]
fn sts_pvc_retention_policy() {
    assert_eq!(
        errs(&sts("web", &format!("  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Keep\n{SELECTOR}{TEMPLATE}"))),
        vec!["spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: \"Keep\": supported values: \"Retain\", \"Delete\""]
    );
}

#[test]
fn sts_non_negative() {
    assert_eq!(
        errs(&sts("web", &format!("  replicas: -1\n  minReadySeconds: -2\n  ordinals:\n    start: -3\n{SELECTOR}{TEMPLATE}"))),
        vec![
            "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
            "spec.minReadySeconds: Invalid value: -2: must be greater than or equal to 0",
            "spec.ordinals.start: Invalid value: -3: must be greater than or equal to 0",
        ]
    );
}

#[test]
fn sts_selector_missing_also_fails_template_labels() {
    let m = kubectl(&sts("web", TEMPLATE)).unwrap();
    assert_eq!(
        m,
        "The StatefulSet \"web\" is invalid: \n* spec.selector: Required value\n* spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: `selector` does not match template `labels`"
    );
}

#[test]
fn sts_selector_mismatch_and_empty() {
    assert_eq!(
        errs(&sts("web", &format!("  selector:\n    matchLabels:\n      app: db\n{TEMPLATE}"))),
        vec!["spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: `selector` does not match template `labels`"]
    );
    assert_eq!(
        errs(&sts("web", &format!("  selector: {{}}\n{TEMPLATE}"))),
        vec!["spec.selector: Invalid value: {}: empty selector is invalid for statefulset"]
    );
}

#[test]
fn sts_selector_expressions() {
    let e = errs(&sts(
        "web",
        &format!(
            "  selector:\n    matchExpressions:\n    - key: app\n      operator: In\n{TEMPLATE}"
        ),
    ));
    assert_eq!(
        e,
        vec![
            "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
            "spec.selector: Invalid value: {\"matchExpressions\":[{\"key\":\"app\",\"operator\":\"In\"}]}",
        ]
    );
    let e = errs(&sts("web", &format!("  selector:\n    matchExpressions:\n    - key: app\n      operator: Exists\n      values: [a]\n{TEMPLATE}")));
    assert_eq!(e[0], "spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
    let e = errs(&sts("web", &format!("  selector:\n    matchExpressions:\n    - key: app\n      operator: Equals\n{TEMPLATE}")));
    assert_eq!(e[0], "spec.selector.matchExpressions[0].operator: Invalid value: \"Equals\": not a valid selector operator");
    assert!(errs(&sts("web", &format!("  selector:\n    matchExpressions:\n    - key: app\n      operator: In\n      values: [web, x]\n{TEMPLATE}"))).is_empty());
}

#[test]
fn sts_template_restart_policy_and_deadline() {
    let t = "  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      restartPolicy: Never\n      activeDeadlineSeconds: 10\n      containers:\n      - name: c\n        image: nginx\n";
    assert_eq!(
        errs(&sts("web", &format!("{SELECTOR}{t}"))),
        vec![
            "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"",
            "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported",
        ]
    );
}

#[test]
fn sts_template_labels_path_lacks_metadata() {
    let t = "  template:\n    metadata:\n      labels:\n        app: web\n        bad: \"-\"\n    spec:\n      containers:\n      - name: c\n        image: nginx\n";
    let diags = run(&sts("web", &format!("{SELECTOR}{t}")));
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].field.as_deref(), Some("spec.template.labels"));
    assert_eq!(diags[0].location.line, 12);
}

/// Kubernetes 1.33+ checks `serviceName` as a DNS label (kubernetes#130233)
/// and 1.34+ the template's pod spec on create (kubernetes#131790), except
/// hostname and subdomain, which the controller replaces. (svcdns checked
/// neither, as before those releases.)
#[test]
fn sts_service_name_and_pod_spec_are_validated_but_not_hostname() {
    let t = "  serviceName: Not.Valid\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      hostname: Bad.Host\n      containers:\n      - name: C\n";
    let e = errs(&sts("web", &format!("{SELECTOR}{t}")));
    assert_eq!(e.len(), 3, "{e:?}");
    assert!(
        e[0].starts_with(
            "spec.serviceName: Invalid value: \"Not.Valid\": a lowercase RFC 1123 label"
        ),
        "{e:?}"
    );
    assert!(
        e[1].starts_with("spec.template.spec.containers[0].name: Invalid value: \"C\""),
        "{e:?}"
    );
    assert_eq!(
        e[2],
        "spec.template.spec.containers[0].image: Required value"
    );
}

// ---- section 8: Pod and Endpoints ------------------------------------------------

fn pod(name: &str, spec: &str) -> String {
    format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  containers:\n  - name: c\n    image: nginx\n{spec}")
}

#[test]
fn pod_name_subdomain() {
    assert!(errs(&pod("web.v1", "")).is_empty());
    assert_eq!(
        errs(&pod("Web", "")),
        vec![format!(
            "metadata.name: Invalid value: \"Web\": {SUBDOMAIN_MSG}"
        )]
    );
}

#[test]
fn pod_hostname_subdomain_labels() {
    assert_eq!(
        errs(&pod("web", "  hostname: web-0\n  subdomain: svc.ns.svc\n")),
        vec!["spec.subdomain: Invalid value: \"svc.ns.svc\": must not contain dots"]
    );
    assert_eq!(
        errs(&pod("web", "  hostname: Web\n")),
        vec![format!(
            "spec.hostname: Invalid value: \"Web\": {LABEL_MSG}"
        )]
    );
    assert!(errs(&pod("web", "  hostname: \"0\"\n")).is_empty());
}

#[test]
fn pod_containers() {
    let t = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: c\n    ports:\n    - containerPort: 70000\n      name: HTTP\n";
    assert_eq!(
        errs(t),
        vec![
            "spec.containers[0].image: Required value",
            "spec.containers[0].ports[0].name: Invalid value: \"HTTP\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
            "spec.containers[0].ports[0].name: Invalid value: \"HTTP\": must contain at least one letter (a-z)",
            "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
        ]
    );
    let t = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  restartPolicy: Sometimes\n  containers: []\n";
    assert_eq!(
        errs(t),
        vec![
            "spec.containers: Required value",
            "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"",
        ]
    );
}

#[test]
fn endpoints_rules() {
    let t = "apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: web\nsubsets:\n- ports:\n  - port: 80\n- addresses:\n  - ip: nope\n    hostname: a.b\n  - ip: 127.0.0.1\n  ports:\n  - port: 80\n  - port: 0\n    name: b\n    protocol: ICMP\n";
    assert_eq!(
        errs(t),
        vec![
            "subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`".to_string(),
            format!("subsets[1].addresses[0].ip: Invalid value: \"nope\": {IP_MSG}"),
            "subsets[1].addresses[0].hostname: Invalid value: \"a.b\": must not contain dots".to_string(),
            "subsets[1].addresses[0].ip: Invalid value: \"nope\": must be a valid IP address".to_string(),
            "subsets[1].addresses[1].ip: Invalid value: \"127.0.0.1\": may not be in the loopback range (127.0.0.0/8, ::1/128)".to_string(),
            "subsets[1].ports[0].name: Required value".to_string(),
            "subsets[1].ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive".to_string(),
            "subsets[1].ports[1].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"".to_string(),
        ]
    );
}

#[test]
fn endpoint_slice_rules() {
    let t = "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: web-abc\n  labels:\n    kubernetes.io/service-name: web\naddressType: IPv5\nendpoints:\n- addresses: []\n  hostname: A\nports:\n- name: http\n  protocol: tcp\n- name: http\n";
    let e = errs(t);
    assert_eq!(
        e,
        vec![
            "addressType: Unsupported value: \"IPv5\": supported values: \"FQDN\", \"IPv4\", \"IPv6\"".to_string(),
            "endpoints[0].addresses: Required value".to_string(),
            format!("endpoints[0].hostname: Invalid value: \"A\": {LABEL_MSG}"),
            "ports[0].protocol: Unsupported value: \"tcp\": supported values: \"SCTP\", \"TCP\", \"UDP\"".to_string(),
            "ports[1].name: Duplicate value: \"http\"".to_string(),
        ]
    );
    let t = "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: web-abc\naddressType: IPv4\nendpoints:\n- addresses: ['fd00::1', 169.254.1.1, 10.1.2.3]\n";
    assert_eq!(
        errs(t),
        vec![
            "endpoints[0].addresses: Invalid value: \"fd00::1\": must be an IPv4 address",
            "endpoints[0].addresses[1]: Invalid value: \"169.254.1.1\": may not be in the link-local range (169.254.0.0/16, fe80::/10)",
        ]
    );
}

/// D9 (tests/conformance/DISAGREEMENTS.md): kube-apiserver 1.37 puts an
/// address of the wrong family on `endpoints[i].addresses` (upstream's
/// `addressPath`, not the address's index), and an empty address list is
/// the declarative validation's `Required value` with no detail (the
/// hand-written "must contain at least 1 address" is covered by it).
#[test]
fn d9_endpointslice_address_errors() {
    let t = "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: v6\naddressType: IPv6\nendpoints:\n- addresses: [10.1.2.3, 'fd00::1']\n- addresses: []\n";
    assert_eq!(
        errs(t),
        vec![
            "endpoints[0].addresses: Invalid value: \"10.1.2.3\": must be an IPv6 address",
            "endpoints[1].addresses: Required value",
        ]
    );
}

#[test]
fn namespace_name_label() {
    let t = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: my.ns\n";
    assert_eq!(
        errs(t),
        vec!["metadata.name: Invalid value: \"my.ns\": must not contain dots"]
    );
    let t = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: My_NS\nspec:\n  ports:\n  - port: 80\n";
    assert_eq!(
        errs(t),
        vec![format!(
            "metadata.namespace: Invalid value: \"My_NS\": {LABEL_MSG}"
        )]
    );
}

#[test]
fn every_diagnostic_of_an_object_carries_the_same_kubectl_message() {
    let d = run(&svc(
        "  type: Foo\n  sessionAffinity: X\n  ports:\n  - port: 80\n",
    ));
    assert_eq!(d.len(), 2);
    assert_eq!(d[0].message, d[1].message);
    assert!(d[0]
        .message
        .starts_with("The Service \"web\" is invalid: \n* "));
}

#[test]
fn strict_decoding_errors_are_joined_in_one_message() {
    let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  foo: 1\n  ports:\n  - port: 80\n    bar: a\n";
    let (docs, _) = svcdns::yaml::parse(text, 0);
    let mut objects = Vec::new();
    let mut diags = Vec::new();
    svcdns::decode::decode_documents(0, "x.yaml", &docs, &mut objects, &mut diags);
    let strict: Vec<_> = diags
        .iter()
        .filter(|d| d.code == svcdns::diag::Code::UnknownField)
        .collect();
    assert_eq!(strict.len(), 2, "{diags:?}");
    for d in &strict {
        assert_eq!(
            d.message,
            "Error from server (BadRequest): error when creating \"x.yaml\": Service in version \"v1\" cannot be handled as a Service: strict decoding error: unknown field \"spec.foo\", unknown field \"spec.ports[0].bar\""
        );
    }
    assert!(validate_all(&objects, &["x.yaml".to_string()]).is_empty());
}

// ---- Deployment, ReplicaSet, DaemonSet (apps/validation) ------------------------

fn workload(kind: &str, spec: &str) -> String {
    format!("apiVersion: apps/v1\nkind: {kind}\nmetadata:\n  name: web\nspec:\n{spec}")
}

const WORKLOAD_OK: &str = "  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: c\n        image: nginx\n";

/// `ValidatePodTemplateSpecForReplicaSet`: the selector must match the
/// template's labels, and the template's pod spec is validated
/// (`ValidatePodTemplateSpec`). (svcdns validated only their metadata.)
#[test]
fn deployment_selector_mismatch_and_pod_spec_errors_in_upstream_order() {
    let spec = "  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: api\n    spec:\n      containers:\n      - name: c\n";
    assert_eq!(
        errs(&workload("Deployment", spec)),
        vec![
            "spec.template.metadata.labels: Invalid value: {\"app\":\"api\"}: `selector` does not match template `labels`".to_string(),
            "spec.template.spec.containers[0].image: Required value".to_string(),
        ]
    );
    for kind in ["Deployment", "ReplicaSet", "DaemonSet"] {
        assert!(errs(&workload(kind, WORKLOAD_OK)).is_empty(), "{kind}");
    }
    let message = kubectl(&workload("Deployment", spec)).unwrap();
    assert!(
        message.starts_with("The Deployment \"web\" is invalid: "),
        "{message}"
    );
}

/// A missing selector: Required for Deployments and ReplicaSets, then the
/// template check against `labels.Nothing()`; DaemonSets have only the
/// mismatch. An empty selector is refused (with upstream's "deployment"
/// wording for ReplicaSets too), and is not compared with the labels.
#[test]
fn workload_selector_rules() {
    let no_selector = "  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: c\n        image: nginx\n";
    let mismatch = "spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: `selector` does not match template `labels`";
    assert_eq!(
        errs(&workload("Deployment", no_selector)),
        vec![
            "spec.selector: Required value".to_string(),
            mismatch.to_string()
        ]
    );
    assert_eq!(
        errs(&workload("DaemonSet", no_selector)),
        vec![mismatch.to_string()]
    );
    let empty = format!("  selector: {{}}\n{no_selector}");
    assert_eq!(
        errs(&workload("ReplicaSet", &empty)),
        vec![
            "spec.selector: Invalid value: {}: empty selector is invalid for deployment"
                .to_string()
        ]
    );
    assert_eq!(
        errs(&workload("DaemonSet", &empty)),
        vec![
            "spec.selector: Invalid value: {}: empty selector is invalid for daemonset".to_string()
        ]
    );
}

/// Replicas must not be negative; the template's restartPolicy must be
/// Always (after the pod spec's own check), activeDeadlineSeconds is
/// forbidden, and pod spec fields (hostname) are checked at their
/// template paths.
#[test]
fn workload_template_rules() {
    let spec = format!("  replicas: -1\n{}      restartPolicy: Never\n      activeDeadlineSeconds: 5\n      hostname: Bad.Host\n", WORKLOAD_OK);
    let e = errs(&workload("Deployment", &spec));
    assert_eq!(
        e[0],
        "spec.replicas: Invalid value: -1: must be greater than or equal to 0"
    );
    assert!(
        e.iter()
            .any(|x| x.starts_with("spec.template.spec.hostname: Invalid value: \"Bad.Host\"")),
        "{e:?}"
    );
    assert!(e.contains(&"spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"".to_string()), "{e:?}");
    assert_eq!(
        e.last().unwrap(),
        "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported"
    );
    let ds = errs(&workload(
        "DaemonSet",
        &spec.replace("  replicas: -1\n", ""),
    ));
    assert!(
        ds.last()
            .unwrap()
            .ends_with("activeDeadlineSeconds in DaemonSet is not Supported"),
        "{ds:?}"
    );
}

/// kubectl apply returns one failure as is (`The Service "a" is invalid:
/// ...`) but several as an aggregate, one `Error from server (Invalid):
/// error when creating "x.yaml": <Kind.group> "name" is invalid: ...`
/// line per object, several errors of one object joined as `[a, b]`.
/// (svcdns printed every object in the single-failure form.)
#[test]
fn two_rejected_objects_print_as_kubectl_applys_aggregate() {
    let bad_svc = "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  clusterIP: None\n  type: NodePort\n  ports:\n  - port: 80\n";
    let one = run(bad_svc);
    assert!(
        one.iter()
            .all(|d| d.message.starts_with("The Service \"a\" is invalid: ")),
        "{one:?}"
    );
    let bad_sts = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  replicas: -1\n  serviceName: Bad.Name\n  selector:\n    matchLabels:\n      app: db\n  template:\n    metadata:\n      labels:\n        app: db\n    spec:\n      containers:\n      - name: c\n        image: busybox\n";
    let two = run(&format!("{bad_svc}---\n{bad_sts}"));
    let svc_line = &two
        .iter()
        .find(|d| d.message.contains("Service \"a\""))
        .unwrap()
        .message;
    assert!(
        svc_line.starts_with("Error from server (Invalid): error when creating \"x.yaml\": Service \"a\" is invalid: "),
        "{svc_line}"
    );
    let sts_line = &two
        .iter()
        .find(|d| d.message.contains("\"db\""))
        .unwrap()
        .message;
    assert!(
        sts_line.starts_with("Error from server (Invalid): error when creating \"x.yaml\": StatefulSet.apps \"db\" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.serviceName: Invalid value: \"Bad.Name\": "),
        "{sts_line}"
    );
    assert!(sts_line.ends_with(']'), "{sts_line}");
}
