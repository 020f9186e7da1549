//! The adversarial corpus (issue 6): hostile inputs, each with the
//! diagnostics it must give and a time bound.
//!
//! - Files under `tests/adversarial/` (repository root), one case each. A
//!   case states its expectations in `#` header lines (or, for JSON, in a
//!   sidecar `<file>.expect` with the same lines):
//!   - `# expect: CODE [@ LINE:COLUMN]`: a diagnostic with that code (there).
//!   - `# absent: CODE`: no diagnostic with that code.
//!   - `# query: NAME TYPE => STATUS [COUNT]`: CoreDNS's answer (`status()`:
//!     NOERROR, NODATA, NXDOMAIN, ...) and how many records of TYPE.
//!   - `# network: ipv6-only | dual-stack | pod-cidr A.B.C.D/N`, `# zone: D`.
//!   - `# budget-ms: N` (default 100).
//!   - `# divergence: ...`: a known difference from kubectl, printed.
//!   - `# heavy: why`: skipped in a debug build, checked with `--release`.
//! - Generated cases (too big to commit): a 10 MB manifest, an alias bomb,
//!   10,000-deep nesting (flow and block), a Service selecting thousands of
//!   pods, more pods than the pod CIDR holds, the total pod cap, a query
//!   name of 300 labels, a wrong JSON type in every typed field of every
//!   example.
//!
//! Every case: no panic; every diagnostic located inside the text;
//! `analyze` + the StatefulSet identities + the zone listing (CoreDNS's
//! answer to every name it serves) + the case's queries, explained, within
//! the budget: what the playground computes. Untimed, every zone name is
//! asked again with explanations and must give the records listed. The budget holds natively in an optimised
//! build: `cargo test --release -p svcdns --test adversarial`. A debug
//! build (plain `cargo test`) is 10-30x slower, so there the bound is 20x
//! the budget (it still catches hangs and blow-ups).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use svcdns::dns::{self, RecordType};
use svcdns::{analyze, Analysis, Input, Options};
use svcdns::{coredns, resolver};

/// Timed under the allocator the native shell (the `svcdns` CLI) ships.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Held while a case runs.
static TIMING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// How many more times a case over its budget is timed. On the 2-core
/// shared VMs CI runs on, the same binary's best of 10 runs of the
/// 12,000-pod case measured anywhere from 60 to 160 ms within minutes
/// (2026-12-04: no steal time, no page faults; neighbours' load): the
/// best of ten runs judges the code, not the neighbours.
const RETIMINGS: usize = 9;

/// How much slower than the native budget an unoptimised build may be.
const DEBUG_SLACK: u32 = 20;

#[derive(Debug, Default)]
struct Case {
    name: String,
    text: String,
    options: Options,
    expect: Vec<(String, Option<(u32, u32)>)>,
    absent: Vec<String>,
    queries: Vec<(String, RecordType, String, Option<usize>)>,
    budget_ms: u64,
    /// Too slow for a debug build: checked only in an optimised one.
    heavy: bool,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/adversarial")
}

/// Read the `# key: value` expectation lines of a case.
fn parse_expectations(case: &mut Case, header: &str) {
    for line in header.lines() {
        let Some(rest) = line.trim().strip_prefix('#') else {
            continue;
        };
        let Some((key, value)) = rest.trim().split_once(':') else {
            continue;
        };
        let value = value.trim();
        match key.trim() {
            "expect" => {
                let (code, at) = match value.split_once('@') {
                    Some((c, at)) => {
                        let (l, c2) = at.trim().split_once(':').expect("LINE:COLUMN");
                        (
                            c.trim(),
                            Some((l.trim().parse().unwrap(), c2.trim().parse().unwrap())),
                        )
                    }
                    None => (value, None),
                };
                case.expect.push((code.to_string(), at));
            }
            "absent" => case.absent.push(value.to_string()),
            "query" => {
                let (q, want) = value.split_once("=>").expect("query: NAME TYPE => STATUS");
                let mut q = q.split_whitespace();
                let name = q.next().unwrap().to_string();
                let qtype = RecordType::parse(q.next().unwrap()).expect("record type");
                let mut w = want.split_whitespace();
                let status = w.next().unwrap().to_string();
                let count = w.next().map(|n| n.parse().unwrap());
                case.queries.push((name, qtype, status, count));
            }
            "network" => apply_network(&mut case.options, value),
            "zone" => case.options.profile.cluster_domain = Some(value.to_string()),
            "budget-ms" => case.budget_ms = value.parse().unwrap(),
            "heavy" => case.heavy = true,
            "divergence" => eprintln!("{}: known divergence: {value}", case.name),
            _ => {}
        }
    }
}

/// The corpus's cluster annotations, as the profile's flags.
fn apply_network(o: &mut Options, value: &str) {
    let p = &mut o.profile;
    match value.split_whitespace().collect::<Vec<_>>().as_slice() {
        ["ipv6-only"] => {
            p.service_cluster_ip_range = Some("fd00:10:96::/108".into());
            p.cluster_cidr = Some("fd00:10:244::/64".into());
        }
        ["dual-stack"] => {
            p.service_cluster_ip_range = Some("10.96.0.0/12,fd00:10:96::/108".into());
            p.cluster_cidr = Some("10.244.0.0/16,fd00:10:244::/64".into());
        }
        ["pod-cidr", cidr] => p.cluster_cidr = Some(cidr.to_string()),
        other => panic!("unknown network {other:?}"),
    }
}

fn file_cases() -> Vec<Case> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("tests/adversarial exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let mut case = Case {
                name: p.file_name().unwrap().to_string_lossy().into_owned(),
                text,
                budget_ms: 100,
                ..Case::default()
            };
            let sidecar = p.with_file_name(format!("{}.expect", case.name));
            let header = if sidecar.exists() {
                std::fs::read_to_string(sidecar).unwrap()
            } else {
                case.text.clone()
            };
            parse_expectations(&mut case, &header);
            assert!(
                !case.expect.is_empty() || !case.queries.is_empty(),
                "{}: a case must expect a diagnostic or an answer",
                case.name
            );
            case
        })
        .collect()
}

/// Everything the playground does with a manifest: analyze, the
/// StatefulSet identities, the zone listing (CoreDNS's answer to every name
/// it serves, for every type) and the case's own questions, explained.
fn pipeline(case: &Case) -> (Analysis, Vec<dns::Record>, Vec<coredns::Response>) {
    let a = analyze(
        &[Input {
            name: &case.name,
            text: &case.text,
        }],
        &case.options,
    );
    let _ = a.statefulsets();
    let zone = a.kubernetes().zone();
    let responses = case
        .queries
        .iter()
        .map(|(n, t, _, _)| a.kubernetes().answer(n, *t))
        .collect();
    (a, zone, responses)
}

/// Outside the timed part: every zone name asked again, with explanations,
/// once per type; each answer must hold the records the zone lists for it
/// (the listing and `answer` agree), and nothing panics.
fn zone_agrees_with_answers(a: &Analysis, zone: &[dns::Record]) -> Vec<String> {
    let k = coredns::Kubernetes::new(&a.cluster);
    let mut failures = Vec::new();
    let mut by_question: std::collections::BTreeMap<(&str, RecordType), Vec<&dns::Record>> =
        Default::default();
    let mut seen = std::collections::BTreeSet::new();
    if let Some(twice) = zone.iter().find(|r| !seen.insert(r.to_string())) {
        failures.push(format!("the zone lists {twice} twice"));
    }
    for r in zone {
        by_question
            .entry((r.owner.as_str(), r.record_type()))
            .or_default()
            .push(r);
    }
    for ((owner, qtype), listed) in by_question {
        let r = k.answer(owner, qtype);
        if let Some(missing) = listed.iter().find(|l| !r.answer.contains(l)) {
            failures.push(format!(
                "the zone lists {missing} but answer({owner}, {qtype:?}) gives {:?}",
                r.answer
            ));
            break;
        }
    }
    failures
}

fn budget(case: &Case) -> Duration {
    let ms = Duration::from_millis(case.budget_ms);
    if cfg!(debug_assertions) {
        ms * DEBUG_SLACK
    } else {
        ms
    }
}

/// Run one case; return a list of failures (empty when it passes).
fn check(case: &Case) -> Vec<String> {
    let mut failures = Vec::new();
    // Cases take turns (the test harness runs tests in parallel on a
    // 2-core machine; two heavy cases at once time each other, not
    // themselves). A case over its budget is timed up to RETIMINGS more
    // times, after a pause, and judged by its best run: a busy machine
    // slows a run, it never speeds one up.
    let _turn = TIMING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let t0 = Instant::now();
    let (a, zone, responses) = pipeline(case);
    let mut took = t0.elapsed();
    for _ in 0..RETIMINGS {
        if took <= budget(case) {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
        let t0 = Instant::now();
        std::hint::black_box(pipeline(case));
        took = took.min(t0.elapsed());
    }
    failures.extend(zone_agrees_with_answers(&a, &zone));
    if took > budget(case) {
        failures.push(format!(
            "took {took:?}, budget {:?} ({} build)",
            budget(case),
            if cfg!(debug_assertions) {
                "debug"
            } else {
                "optimised"
            }
        ));
    }
    let last_line = case.text.lines().count() as u32 + 1;
    for d in &a.diagnostics {
        if d.location.line < 1 || d.location.line > last_line || d.location.column < 1 {
            failures.push(format!("diagnostic not located in the text: {d:?}"));
        }
    }
    let shown = || {
        a.diagnostics
            .iter()
            .map(|d| {
                format!(
                    "  {} @ {}:{}: {}",
                    d.code,
                    d.location.line,
                    d.location.column,
                    d.message.chars().take(160).collect::<String>()
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    for (code, at) in &case.expect {
        let found = a.diagnostics.iter().any(|d| {
            d.code == code.as_str()
                && at.is_none_or(|(l, c)| d.location.line == l && d.location.column == c)
        });
        if !found {
            failures.push(format!(
                "expected {code}{} among:\n{}",
                at.map(|(l, c)| format!(" @ {l}:{c}")).unwrap_or_default(),
                shown()
            ));
        }
    }
    for code in &case.absent {
        if a.diagnostics.iter().any(|d| d.code == code.as_str()) {
            failures.push(format!("unexpected {code} among:\n{}", shown()));
        }
    }
    for ((name, qtype, status, count), r) in case.queries.iter().zip(&responses) {
        let n = r
            .answer
            .iter()
            .filter(|rec| rec.record_type() == *qtype)
            .count();
        if r.status() != status || count.is_some_and(|c| c != n) {
            failures.push(format!(
                "{name} {qtype:?}: got {} with {n} record(s), want {status} {count:?}; {:?}",
                r.status(),
                svcdns::explain::reason::sentences(&r.reasons)
            ));
        }
    }
    eprintln!(
        "{:<48} {:>10.2?}  {} diagnostic(s)",
        case.name,
        took,
        a.diagnostics.len()
    );
    failures
}

fn run_all(cases: &[Case]) {
    let mut failed = Vec::new();
    for case in cases {
        if case.heavy && cfg!(debug_assertions) {
            eprintln!(
                "{:<48} skipped in a debug build (heavy); run with --release",
                case.name
            );
            continue;
        }
        let f = check(case);
        if !f.is_empty() {
            failed.push(format!("{}:\n- {}", case.name, f.join("\n- ")));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
}

#[test]
fn corpus_files() {
    let cases = file_cases();
    assert!(cases.len() >= 20, "the corpus has {} cases", cases.len());
    run_all(&cases);
}

fn generated(name: &str, text: String) -> Case {
    Case {
        name: name.to_string(),
        text,
        budget_ms: 100,
        ..Case::default()
    }
}

fn service(name: &str, extra: &str) -> String {
    format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n{extra}  ports:\n  - name: http\n    port: 80\n")
}

#[test]
fn manifest_over_the_size_limit_is_refused_with_a_diagnostic() {
    let one = service("web", "  selector:\n    app: web\n");
    let mut text = String::new();
    let mut i = 0;
    while text.len() <= svcdns::yaml::MAX_INPUT_BYTES {
        text.push_str("---\n");
        text.push_str(&one.replace("name: web\n", &format!("name: web-{i}\n")));
        i += 1;
    }
    let mut case = generated("over-the-limit.yaml", text);
    case.expect.push(("input-too-large".into(), Some((1, 1))));
    run_all(&[case]);
}

// 32 MiB through the parser and validation: seconds in a debug build.
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "heavy: cargo test --release -p svcdns --test adversarial"
)]
fn just_under_the_size_limit_one_huge_annotation() {
    let big = "x".repeat(svcdns::yaml::MAX_INPUT_BYTES - 4096);
    let text = format!(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations:\n    big: {big}\nspec:\n  ports:\n  - port: 80\n"
    );
    // Measured 30 ms for 4 MiB in release (opt-level 3) on the shared 2-core
    // machine (371 ms when native release builds were size-optimised). The
    // limit is linear: 25 ms per MiB, so 100 ms per 4 MiB as for every
    // other hostile input.
    let mut case = generated("huge-annotation.yaml", text);
    case.budget_ms = 100 * (svcdns::yaml::MAX_INPUT_BYTES as u64).div_ceil(4 << 20);
    // The API server limits all annotations to 256 KiB together.
    case.expect.push(("too-long".into(), None));
    case.absent.push("input-too-large".into());
    run_all(&[case]);
}

#[test]
fn alias_bomb_is_cut_with_a_diagnostic() {
    // Billion laughs: 9 levels of 9 aliases each.
    let mut text = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\n  annotations:\n    a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        text.push_str(&format!(
            "    a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let mut case = generated("alias-bomb.yaml", text);
    case.expect.push(("yaml-alias-limit".into(), None));
    run_all(&[case]);
}

#[test]
fn ten_thousand_deep_nesting_flow_and_block() {
    let flow = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: {}1{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let flow_maps = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata: {}1{}\n",
        "{a: ".repeat(10_000),
        "}".repeat(10_000)
    );
    // Block sequences nest on one line: `- - - x`.
    let block = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x:\n  {}x\n",
        "- ".repeat(10_000)
    );
    // Block mappings need indentation, one column per level at least:
    // 10,000 levels are 50 MB (refused as too large); 2,000 are 2 MB.
    let block_maps = |depth: usize| -> String {
        (0..depth)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .collect()
    };
    let mut cases = Vec::new();
    // Flow collections hit saphyr-parser's own recursion limit first: a
    // syntax error at the place it gave up.
    for (name, text, code, at) in [
        ("deep-flow-seq.yaml", flow, "yaml-syntax", Some((6, 261))),
        (
            "deep-flow-map.yaml",
            flow_maps,
            "yaml-syntax",
            Some((5, 1027)),
        ),
        (
            "deep-block-seq.yaml",
            block,
            "yaml-too-deep",
            Some((7, 255)),
        ),
        (
            "deep-block-map-10000.yaml",
            block_maps(10_000),
            "input-too-large",
            Some((1, 1)),
        ),
        (
            "deep-block-map-2000.yaml",
            block_maps(2_000),
            "yaml-too-deep",
            Some((129, 129)),
        ),
    ] {
        let mut case = generated(name, text);
        case.expect.push((code.into(), at));
        cases.push(case);
    }
    run_all(&cases);
}

fn deployment(name: &str, app: &str, replicas: i64) -> String {
    format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: {app}\n  template:\n    metadata:\n      labels:\n        app: {app}\n    spec:\n      containers:\n      - name: c\n        image: nginx\n")
}

// Thousands of endpoints: minutes in a debug build; run with --release.
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "heavy: cargo test --release -p svcdns --test adversarial"
)]
fn a_service_selecting_thousands_of_pods() {
    let mut docs = vec![service(
        "many",
        "  clusterIP: None\n  selector:\n    app: many\n",
    )];
    docs.push(service("many-vip", "  selector:\n    app: many\n"));
    for i in 0..3 {
        docs.push(deployment(&format!("d{i}"), "many", 1000));
    }
    let mut case = generated("thousands-of-pods.yaml", docs.join("---\n"));
    case.queries.push((
        "many.default.svc.cluster.local.".into(),
        RecordType::A,
        "NOERROR".into(),
        Some(3000),
    ));
    case.queries.push((
        "many-vip.default.svc.cluster.local.".into(),
        RecordType::A,
        "NOERROR".into(),
        Some(1),
    ));
    case.queries.push((
        "_http._tcp.many.default.svc.cluster.local.".into(),
        RecordType::Srv,
        "NOERROR".into(),
        Some(3000),
    ));
    run_all(&[case]);
}

#[test]
fn more_pods_than_the_pod_cidr_holds() {
    let text = [
        service("small", "  clusterIP: None\n  selector:\n    app: small\n"),
        deployment("small", "small", 300),
    ]
    .join("---\n");
    let mut case = generated("pod-cidr-full.yaml", text);
    // A /24 holds 254 pod addresses (the smallest range kube-controller-
    // manager takes with its default /24 per node).
    apply_network(&mut case.options, "pod-cidr 10.0.0.0/24");
    case.expect.push(("pod-cidr-full".into(), Some((18, 13))));
    case.queries.push((
        "small.default.svc.cluster.local.".into(),
        RecordType::A,
        "NOERROR".into(),
        // CoreDNS's own two pods take 2 of the 254 addresses.
        Some(252),
    ));
    run_all(&[case]);
}

// MAX_PODS (12,000) pods: run with --release.
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "heavy: cargo test --release -p svcdns --test adversarial"
)]
fn more_pods_than_svcdns_simulates() {
    let docs: Vec<String> = (0..25)
        .map(|i| deployment(&format!("d{i}"), &format!("app{i}"), 2147483647))
        .collect();
    let mut case = generated("pod-cap.yaml", docs.join("---\n"));
    case.expect.push(("replicas-capped".into(), Some((6, 13))));
    case.expect.push(("too-many-pods".into(), None));
    run_all(&[case]);
}

#[test]
fn a_query_name_of_300_labels() {
    let case = generated(
        "300-labels.yaml",
        service("web", "  selector:\n    app: web\n"),
    );
    let long = format!("{}web.default.svc.cluster.local.", "a.".repeat(300));
    let t0 = Instant::now();
    let (a, _, _) = pipeline(&case);
    for t in [
        RecordType::A,
        RecordType::Srv,
        RecordType::Ptr,
        RecordType::Any,
    ] {
        let r = a.kubernetes().answer(&long, t);
        // A name over 255 octets cannot be asked (RFC 1035 §2.3.4).
        assert!(!r.has_answers(), "{t:?}: {r:?}");
        let res = resolver::resolve_with(&a.kubernetes(), &long, t, "default");
        assert!(res.tried.len() <= 4, "{:?}", res.tried.len());
        let relative = "a.".repeat(300);
        let _ = resolver::resolve_with(
            &a.kubernetes(),
            relative.trim_end_matches('.'),
            t,
            "default",
        );
    }
    let took = t0.elapsed();
    assert!(took < budget(&case) * 2, "{took:?}");
}

/// Fields `kubectl apply` type-checks but svcdns does not decode yet (it
/// accepts any value there): a known gap, listed so it stays visible.
/// kubectl refuses, for example, `env: 7` with `cannot unmarshal number
/// into Go struct field Container.spec.template.spec.containers.env of type
/// []v1.EnvVar`.
const KNOWN_UNCHECKED: &[&str] = &[];

/// Every typed field of every example, given a value of the wrong JSON
/// type, gives exactly one `decode-type` diagnostic at that value, and the
/// object is not simulated (as `kubectl apply` is refused).
#[test]
fn wrong_types_in_every_typed_field_of_every_example() {
    use svcdns::yaml::{self, Node, Value};
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut paths: Vec<_> = std::fs::read_dir(examples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut failures = Vec::new();
    let mut tried = 0;
    let mut unchecked = Vec::new();
    let t0 = Instant::now();
    for p in paths {
        let text = std::fs::read_to_string(&p).unwrap();
        let (docs, _) = yaml::parse(&text, 0);
        let lines: Vec<&str> = text.lines().collect();
        for doc in &docs {
            let Some(root) = &doc.root else { continue };
            // Collect (key line, key column, value) for every field.
            let mut fields: Vec<(String, &Node, &Node)> = Vec::new();
            let mut todo: Vec<(String, &Node)> = vec![(String::new(), root)];
            while let Some((path, n)) = todo.pop() {
                match &n.value {
                    Value::Map(entries) => {
                        for (k, v) in entries {
                            let p = if path.is_empty() {
                                k.key_text().to_string()
                            } else {
                                format!("{path}.{}", k.key_text())
                            };
                            if p == "apiVersion" || p == "kind" || p.starts_with("status") {
                                continue;
                            }
                            fields.push((p.clone(), k, v));
                            todo.push((p, v));
                        }
                    }
                    Value::Seq(items) => {
                        for (i, v) in items.iter().enumerate() {
                            todo.push((format!("{path}[{i}]"), v));
                        }
                    }
                    Value::Scalar(_) => {}
                }
            }
            for (path, k, v) in fields {
                if let Some(gap) = KNOWN_UNCHECKED.iter().find(|g| path.contains(*g)) {
                    unchecked.push(format!("{path} ({gap})"));
                    continue;
                }
                let key_line = k.pos.line as usize - 1;
                let key_col = k.pos.column as usize - 1;
                let Some(line) = lines.get(key_line) else {
                    continue;
                };
                // Only `key: value` and `key:` (block below) lines.
                let key_end = key_col + k.key_text().chars().count();
                let head: String = line.chars().take(key_end).collect();
                if !line
                    .chars()
                    .skip(key_end)
                    .collect::<String>()
                    .starts_with(':')
                {
                    continue;
                }
                let wrong = match v.value {
                    Value::Scalar(_) => "[1]",
                    _ => "7",
                };
                let indent = line.len() - line.trim_start().len();
                let mut out: Vec<String> =
                    lines[..key_line].iter().map(|s| s.to_string()).collect();
                out.push(format!("{head}: {wrong}"));
                // Drop the old value's continuation (block collections,
                // block scalars): lines indented deeper than the key.
                let mut rest = key_line + 1;
                while rest < lines.len() {
                    let l = lines[rest];
                    let ind = l.len() - l.trim_start().len();
                    let dash_item = l.trim_start().starts_with("- ") && ind == indent;
                    if !l.trim().is_empty() && ind <= indent && !dash_item {
                        break;
                    }
                    if dash_item && matches!(v.value, Value::Scalar(_)) {
                        break;
                    }
                    rest += 1;
                }
                out.extend(lines[rest..].iter().map(|s| s.to_string()));
                let mutated = out.join("\n");
                let want = (k.pos.line, key_end as u32 + 3);
                tried += 1;
                let a = analyze(
                    &[Input {
                        name: "wrong.yaml",
                        text: &mutated,
                    }],
                    &Options::default(),
                );
                let got: Vec<_> = a
                    .diagnostics
                    .iter()
                    .filter(|d| d.code == "decode-type" && d.location.document == doc.index)
                    .collect();
                let ok = got.len() == 1 && (got[0].location.line, got[0].location.column) == want;
                if !ok {
                    failures.push(format!(
                        "{}: {path} = {wrong} (line {}): want one decode-type @ {}:{}, got {:?}",
                        p.file_name().unwrap().to_string_lossy(),
                        want.0,
                        want.0,
                        want.1,
                        a.diagnostics
                            .iter()
                            .filter(|d| d.location.document == doc.index)
                            .map(|d| format!(
                                "{} @ {}:{} {}",
                                d.code,
                                d.location.line,
                                d.location.column,
                                d.message.chars().take(140).collect::<String>()
                            ))
                            .collect::<Vec<_>>()
                    ));
                }
            }
        }
    }
    eprintln!(
        "wrong types: {tried} fields tried in {:?}; {} known gaps not checked: {unchecked:?}",
        t0.elapsed(),
        unchecked.len()
    );
    assert!(tried > 100, "only {tried} fields");
    assert!(
        failures.is_empty(),
        "{} of {tried} fields:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
