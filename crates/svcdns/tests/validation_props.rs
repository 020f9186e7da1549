//! Property tests without extra dependencies: a small deterministic
//! generator builds many Services, StatefulSets, Pods and Endpoints from
//! valid and hostile fragments. Validation must never panic, and objects
//! built only from valid fragments must validate clean.

use svcdns::validate::{validate_all, validate_object, Allocations};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
    fn chance(&mut self, n: u64) -> bool {
        self.next() % n == 0
    }
}

const HOSTILE: &[&str] = &[
    "\"\"",
    "None",
    "\"-\"",
    "a.b",
    "\"Ab C\"",
    "\"\\u00e9\\t\\\"<>&\"",
    "'1'",
    "0",
    "-1",
    "70000",
    "2147483647",
    "-2147483648",
    "'10.96.0.1'",
    "'::1'",
    "'fd00::5'",
    "'0.0.0.0'",
    "'010.96.0.5'",
    "'10.0.0.0/33'",
    "'a/b/c'",
    "'/x'",
    "'x/'",
    "ClusterIP",
    "NodePort",
    "LoadBalancer",
    "ExternalName",
    "Local",
    "Cluster",
    "ClientIP",
    "IPv6",
    "IPv4",
    "RequireDualStack",
    "SingleStack",
    "PreferClose",
    "[]",
    "{}",
    "null",
];

fn hostile_service(r: &mut Rng, i: usize) -> String {
    let mut s = format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: s{i}\n");
    if r.chance(4) {
        s.push_str(&format!(
            "  labels:\n    {}: {}\n",
            r.pick(&["a", "'a/b/c'", "'-x'", "k"]),
            r.pick(HOSTILE)
        ));
    }
    s.push_str("spec:\n");
    for key in [
        "type",
        "clusterIP",
        "externalName",
        "sessionAffinity",
        "externalTrafficPolicy",
        "internalTrafficPolicy",
        "ipFamilyPolicy",
        "loadBalancerClass",
        "trafficDistribution",
        "loadBalancerIP",
    ] {
        if r.chance(3) {
            s.push_str(&format!("  {key}: {}\n", r.pick(HOSTILE)));
        }
    }
    for key in [
        "clusterIPs",
        "ipFamilies",
        "externalIPs",
        "loadBalancerSourceRanges",
    ] {
        if r.chance(4) {
            s.push_str(&format!(
                "  {key}: [{}, {}]\n",
                r.pick(HOSTILE),
                r.pick(HOSTILE)
            ));
        }
    }
    if r.chance(4) {
        s.push_str(&format!(
            "  healthCheckNodePort: {}\n",
            r.pick(&["0", "-1", "30001", "80", "99999"])
        ));
    }
    if r.chance(4) {
        s.push_str(&format!(
            "  allocateLoadBalancerNodePorts: {}\n",
            r.pick(&["true", "false"])
        ));
    }
    if r.chance(4) {
        s.push_str(&format!(
            "  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: {}\n",
            r.pick(&["0", "-5", "86400", "86401", "10"])
        ));
    }
    if r.chance(3) {
        s.push_str(&format!("  selector:\n    app: {}\n", r.pick(HOSTILE)));
    }
    if !r.chance(5) {
        s.push_str("  ports:\n");
        for _ in 0..(r.next() % 4) {
            s.push_str(&format!(
                "  - port: {}\n    name: {}\n    protocol: {}\n    targetPort: {}\n    nodePort: {}\n",
                r.pick(&["0", "80", "53", "70000", "-1"]),
                r.pick(&["a", "b", "\"\"", "A.B", "'123'"]),
                r.pick(&["TCP", "UDP", "tcp", "\"\""]),
                r.pick(&["0", "8080", "\"\"", "\"8080\"", "http", "-x--"]),
                r.pick(&["0", "30080", "30081", "80", "40000"]),
            ));
        }
    }
    s
}

fn valid_service(r: &mut Rng, i: usize, ip: &mut u32, np: &mut i32) -> String {
    let ty = r.pick(&[
        "ClusterIP",
        "NodePort",
        "LoadBalancer",
        "ExternalName",
        "headless",
    ]);
    let mut s = format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: v{i}-svc\n  labels:\n    app.kubernetes.io/name: v{i}\nspec:\n");
    match ty {
        "ExternalName" => {
            s.push_str(&format!(
                "  type: ExternalName\n  externalName: db{i}.example.com.\n"
            ));
            return s;
        }
        "headless" => s.push_str("  clusterIP: None\n"),
        t => {
            s.push_str(&format!("  type: {t}\n"));
            if r.chance(2) {
                *ip += 1;
                s.push_str(&format!(
                    "  clusterIP: 10.96.{}.{}\n",
                    1 + *ip / 250,
                    1 + *ip % 250
                ));
            }
        }
    }
    s.push_str(&format!("  selector:\n    app: v{i}\n  ports:\n"));
    let n = 1 + r.next() % 3;
    for p in 0..n {
        s.push_str(&format!(
            "  - name: p{p}\n    port: {}\n    targetPort: {}\n",
            80 + p,
            r.pick(&["8080", "http", "9000"])
        ));
        if matches!(ty, "NodePort" | "LoadBalancer") && r.chance(2) {
            *np += 1;
            s.push_str(&format!("    nodePort: {}\n", 30000 + *np));
        }
    }
    if ty == "LoadBalancer" && r.chance(2) {
        s.push_str("  externalTrafficPolicy: Local\n  loadBalancerSourceRanges: [10.0.0.0/8]\n");
    }
    s
}

fn valid_statefulset(r: &mut Rng, i: usize) -> String {
    format!(
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {i}-db\nspec:\n  serviceName: v{i}-svc\n  replicas: {}\n  podManagementPolicy: {}\n  updateStrategy:\n    type: {}\n  selector:\n    matchLabels:\n      app: v{i}\n    matchExpressions:\n    - key: tier\n      operator: {}\n  template:\n    metadata:\n      labels:\n        app: v{i}\n    spec:\n      containers:\n      - name: c\n        image: nginx\n",
        r.next() % 5,
        r.pick(&["OrderedReady", "Parallel"]),
        r.pick(&["RollingUpdate", "OnDelete"]),
        r.pick(&["DoesNotExist"]),
    )
}

fn hostile_statefulset(r: &mut Rng, i: usize) -> String {
    let mut s = format!(
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {}\nspec:\n",
        r.pick(&["web", "a.b", "\"\"", "Web", "0"])
    );
    if r.chance(2) {
        s.push_str(&format!(
            "  selector:\n    matchExpressions:\n    - key: {}\n      operator: {}\n      values: [{}]\n",
            r.pick(&["a", "'a/b/c'", "\"\""]),
            r.pick(&["In", "NotIn", "Exists", "Bad"]),
            r.pick(HOSTILE)
        ));
    }
    for key in ["replicas", "minReadySeconds", "podManagementPolicy"] {
        if r.chance(2) {
            s.push_str(&format!(
                "  {key}: {}\n",
                r.pick(&["-1", "0", "3", "x"]).replace('x', "Parallel")
            ));
        }
    }
    if r.chance(2) {
        s.push_str(&format!(
            "  updateStrategy:\n    type: {}\n    rollingUpdate:\n      partition: {}\n      maxUnavailable: {}\n",
            r.pick(&["OnDelete", "RollingUpdate", "Foo", "\"\""]),
            r.pick(&["-1", "2"]),
            r.pick(&["0", "'50%'", "'x'"])
        ));
    }
    s.push_str(&format!(
        "  template:\n    metadata:\n      labels:\n        app: {}\n",
        r.pick(HOSTILE)
    ));
    let _ = i;
    s
}

fn parse(text: &str) -> Vec<std::sync::Arc<svcdns::api::Object>> {
    let (docs, _) = svcdns::yaml::parse(text, 0);
    let mut objects = Vec::new();
    let mut diags = Vec::new();
    svcdns::decode::decode_documents(0, "p.yaml", &docs, &mut objects, &mut diags);
    objects
}

#[test]
fn validation_never_panics_on_generated_objects() {
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..400 {
        let mut docs = Vec::new();
        for i in 0..4 {
            docs.push(match r.next() % 4 {
                0 | 1 => hostile_service(&mut r, i),
                2 => hostile_statefulset(&mut r, i),
                _ => format!(
                    "apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: e{i}\nsubsets:\n- addresses:\n  - ip: {}\n    hostname: {}\n  ports:\n  - port: {}\n",
                    r.pick(HOSTILE), r.pick(HOSTILE), r.pick(&["0", "80", "99999"])
                ),
            });
        }
        let text = docs.join("---\n");
        let objects = parse(&text);
        let diags = validate_all(&objects, &["p.yaml".to_string()]);
        for d in &diags {
            assert!(!d.message.is_empty(), "round {round}: {d:?}\n{text}");
        }
    }
}

#[test]
fn generated_valid_objects_validate_clean() {
    let mut r = Rng(42);
    let (mut ip, mut np) = (10u32, 0i32);
    for round in 0..200 {
        let mut docs = Vec::new();
        for i in 0..3 {
            let i = round * 3 + i;
            docs.push(valid_service(&mut r, i, &mut ip, &mut np));
            docs.push(valid_statefulset(&mut r, i));
        }
        let text = docs.join("---\n");
        let objects = parse(&text);
        assert_eq!(objects.len(), 6);
        let mut alloc = Allocations::default();
        for o in &objects {
            let v = validate_object(o, &mut alloc, "p.yaml");
            assert!(
                v.accepted(),
                "round {round}: {:?}\n{text}",
                v.kubectl_message
            );
            assert!(
                v.warnings.is_empty(),
                "round {round}: {:?}\n{text}",
                v.warnings
            );
        }
    }
}
