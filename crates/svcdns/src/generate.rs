//! Generated manifests of a given size, for benchmarks, budgets and
//! property tests, and the workload the benchmarks time. Deterministic: the
//! same size gives the same text.

use std::fmt::Write as _;

use crate::{analyze, Input, Options};

/// What the benchmark and the speed budget time (issue 2's "load +
/// simulate + answer every name"): read, decode, validate and simulate
/// `text`, then list the zone, which asks CoreDNS every name the cluster
/// serves for every type it can have (the answer sections). Returns the
/// number of records.
pub fn answer_every_name(text: &str) -> usize {
    let analysis = analyze(
        &[Input {
            name: "generated.yaml",
            text,
        }],
        &Options::default(),
    );
    analysis.kubernetes().zone().len()
}

/// More than the budget asks, timed beside it: [`answer_every_name`], then
/// every record of the zone asked again as the Lookup view asks it (the
/// whole response, with explanations). Returns (zone records, answer
/// records).
pub fn explain_every_zone_record(text: &str) -> (usize, usize) {
    let analysis = analyze(
        &[Input {
            name: "generated.yaml",
            text,
        }],
        &Options::default(),
    );
    let kubernetes = analysis.kubernetes();
    let zone = kubernetes.zone();
    let answered = zone
        .iter()
        .map(|r| kubernetes.answer(&r.owner, r.record_type()).answer.len())
        .sum();
    (zone.len(), answered)
}

/// A manifest with about `objects` objects: per group of 5, a regular
/// Service, a headless Service, a StatefulSet (2 replicas), a Deployment (2
/// replicas) and a Pod, spread over a few namespaces.
pub fn manifest(objects: usize) -> String {
    let mut out = String::with_capacity(objects * 420);
    let groups = objects.div_ceil(5);
    let mut written = 0;
    for g in 0..groups {
        let ns = format!("team-{}", g % 7);
        let app = format!("app-{g}");
        let mut push = |doc: String| {
            if written < objects {
                out.push_str("---\n");
                out.push_str(&doc);
                written += 1;
            }
        };
        push(format!(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: {app}\n  namespace: {ns}\nspec:\n  selector:\n    app: {app}\n  ports:\n  - name: http\n    port: 80\n    targetPort: http\n"
        ));
        push(format!(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: {app}-hl\n  namespace: {ns}\nspec:\n  clusterIP: None\n  selector:\n    app: {app}\n  ports:\n  - name: http\n    port: 80\n    targetPort: 8080\n"
        ));
        push(format!(
            "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {app}\n  namespace: {ns}\nspec:\n  serviceName: {app}-hl\n  replicas: 2\n  selector:\n    matchLabels:\n      app: {app}\n  template:\n    metadata:\n      labels:\n        app: {app}\n    spec:\n      containers:\n      - name: main\n        image: busybox\n        ports:\n        - name: http\n          containerPort: 8080\n"
        ));
        push(format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {app}-web\n  namespace: {ns}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: {app}-web\n  template:\n    metadata:\n      labels:\n        app: {app}-web\n    spec:\n      containers:\n      - name: web\n        image: nginx\n"
        ));
        let mut pod = String::new();
        let _ = write!(
            pod,
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {app}-debug\n  namespace: {ns}\n  labels:\n    app: {app}-debug\nspec:\n  hostname: debug\n  subdomain: {app}-hl\n  containers:\n  - name: shell\n    image: busybox\n"
        );
        push(pod);
    }
    out
}
