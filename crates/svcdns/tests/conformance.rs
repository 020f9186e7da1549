//! Conformance: svcdns held to what the real components said.
//!
//! Every file in `tests/conformance/recorded/` is a transcript the rig
//! (`scripts/conformance.sh`) recorded from a real kube-apiserver,
//! kube-controller-manager and CoreDNS (versions stamped in the file) on the
//! case it holds: the API server's verdict on each object, the pods and
//! EndpointSlices the controllers made, and dig's answer to every name svcdns
//! lists for the zone plus NXDOMAIN and NODATA probes. [`transcripts`] checks
//! svcdns against each, with no Go and no network.
//!
//! What a real cluster randomises is fixed in the case, not matched fuzzily:
//! Services carry explicit clusterIPs (written into the case by `prepare`),
//! and the rig's kubelet faker gives each pod the IPs, node and readiness
//! svcdns planned for it. Pods whose names a controller randomises
//! (ReplicaSets, DaemonSets) are paired with svcdns's pods by the IPs the
//! faker gave them; the transcript records the pairing (`as`).
//!
//! Two tool modes, used by the rig (ignored in a normal run):
//! - `CONFORMANCE_PREPARE=DIR cargo test -p svcdns --test conformance -- --ignored prepare`:
//!   turns each `DIR/*.case.json` into `DIR/*.prepared.json` (clusterIPs
//!   written in, the faker's plan, the questions to ask).
//! - `CONFORMANCE_DIR=DIR cargo test -p svcdns --test conformance -- --ignored compare`:
//!   checks the transcripts in DIR, writes `DIR/*.verdict.json`, prints
//!   `conformance: N cases, A agree, D disagree, C crashed` (a case the rig
//!   could not run leaves `DIR/NAME.crashed.json`).

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use svcdns::cluster::{AddressType, Cluster, Origin, PodPhase, PodsMode, ServiceType};
use svcdns::coredns::{self, Response};
use svcdns::diag::{DiagnosticSource, Severity};
use svcdns::dns::{self, RData, Rcode, Record, RecordType};
use svcdns::{analyze, Analysis, DnsOptions, Input, Options};

/// A disagreement between svcdns and the real components, written up in
/// tests/conformance/DISAGREEMENTS.md (under its id) for a fix in the core
/// (whose source the rig's helper may not change). A transcript whose every
/// difference is covered by these counts as a known failure, and the test
/// says how many there are; each entry must still match some difference
/// (when svcdns is fixed, the test fails until the entry is taken off).
struct Known {
    id: &'static str,
    /// Whether a difference (in the transcript of the named case) is this one.
    matches: fn(case: &str, difference: &str) -> bool,
}

/// The known failures (see [`Known`]).
const KNOWN_DISAGREEMENTS: &[Known] = &[
    Known {
        id: "D11-externalname-label-over-63",
        matches: |case, d| {
            case == "case-svc-externalname-forms"
                && d.starts_with("long.default.svc.")
                && d.ends_with("real NO RESPONSE (real answer [])")
        },
    },
    Known {
        id: "D12-workload-strategy-fields",
        matches: |case, d| {
            matches!(case, "case-deploy-spec-rules" | "case-daemonset-rules")
                || (case == "case-workload-template-rules" && d.contains("ds-strategy"))
        },
    },
    Known {
        id: "D13-pod-dnsconfig-hostport",
        matches: |case, d| {
            case == "case-pod-spec-rules" && (d.contains("dns-none") || d.contains("host-port"))
        },
    },
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A case: the manifest and the cluster options it runs under.
struct Case {
    /// The cluster domain (`--cluster-domain`), when not cluster.local.
    zone: Option<String>,
    file: String,
    manifest: String,
    dns: DnsOptions,
    not_ready: Vec<String>,
    /// The network's ranges (`profile` in the case: profile flags), when
    /// not svcdns's IPv4 default; the rig's API server serves the same.
    service_ranges: Option<String>,
    pod_ranges: Option<String>,
}

fn case_of(v: &Value) -> Case {
    let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let d = v.get("dns").cloned().unwrap_or(json!({}));
    let zone = d.get("zone").and_then(Value::as_str).map(str::to_string);
    let dns = DnsOptions {
        ttl: d.get("ttl").and_then(Value::as_u64).map(|t| t as u32),
        pods: d.get("pods").and_then(Value::as_str).map(|p| match p {
            "verified" => PodsMode::Verified,
            "disabled" => PodsMode::Disabled,
            _ => PodsMode::Insecure,
        }),
        endpoint_pod_names: d.get("endpoint_pod_names").and_then(Value::as_bool),
        ignore_empty_service: d.get("ignore_empty_service").and_then(Value::as_bool),
    };
    let not_ready = v
        .get("not_ready")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let flag = |k: &str| {
        v.get("profile")
            .and_then(|p| p.get(k))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    Case {
        service_ranges: flag("service_cluster_ip_range"),
        pod_ranges: flag("cluster_cidr"),
        zone,
        file: if s("file").is_empty() {
            "manifest.yaml".into()
        } else {
            s("file")
        },
        manifest: s("manifest"),
        dns,
        not_ready,
    }
}

fn analyze_case(case: &Case, manifest: &str) -> Analysis {
    let mut options = Options {
        dns: case.dns.clone(),
        ..Options::default()
    };
    options.state.not_ready = case.not_ready.iter().cloned().collect();
    options.profile.cluster_domain = case.zone.clone();
    options.profile.service_cluster_ip_range = case.service_ranges.clone();
    options.profile.cluster_cidr = case.pod_ranges.clone();
    analyze(
        &[Input {
            name: &case.file,
            text: manifest,
        }],
        &options,
    )
}

// --- prepare -------------------------------------------------------------

/// The manifest with each accepted Service's allocated clusterIP written in
/// (a block `spec:` mapping gets a `clusterIP:` line before its first key),
/// so the real allocator hands out the same address.
fn with_cluster_ips(case: &Case) -> String {
    let analysis = analyze_case(case, &case.manifest);
    let lines: Vec<&str> = case.manifest.split_inclusive('\n').collect();
    let mut inserts: BTreeMap<usize, String> = BTreeMap::new();
    // The same Service twice is a create and then an update (kubectl
    // apply): the address goes into the first, whatever svcdns accepted.
    let mut seen = BTreeSet::new();
    for o in analysis.objects.iter() {
        if o.kind != "Service" || o.file != 0 || !seen.insert((&o.namespace, &o.name)) {
            continue;
        }
        let accepted = analysis
            .objects
            .iter()
            .zip(&analysis.accepted)
            .any(|(x, a)| {
                *a && x.kind == "Service" && x.namespace == o.namespace && x.name == o.name
            });
        if !accepted {
            continue;
        }
        let Some(svc) = analysis.cluster.services.iter().find(|s| {
            s.namespace == o.namespace
                && s.name == o.name
                && matches!(s.origin, Origin::Manifest(_))
        }) else {
            continue;
        };
        if svc.headless
            || svc.service_type == ServiceType::ExternalName
            || svc.cluster_ips.is_empty()
        {
            continue;
        }
        let Some(spec) = o.node.get("spec") else {
            continue;
        };
        if spec.get("clusterIP").is_some() || spec.get("clusterIPs").is_some() {
            continue;
        }
        if spec.as_map().is_none_or(|m| m.is_empty()) {
            continue;
        }
        let (line, col) = (spec.pos.line as usize, spec.pos.column as usize);
        let Some(text) = lines.get(line.wrapping_sub(1)) else {
            continue;
        };
        // Only a block mapping whose first key starts its line.
        let indent = text.len() - text.trim_start_matches(' ').len();
        if indent + 1 != col || text.trim_start().starts_with('{') {
            continue;
        }
        let pad = " ".repeat(indent);
        let mut ins = format!("{pad}clusterIP: {}\n", svc.cluster_ips[0]);
        // A dual-stack Service's both addresses, primary first.
        if svc.cluster_ips.len() > 1 {
            let ips: Vec<String> = svc.cluster_ips.iter().map(|i| format!("\"{i}\"")).collect();
            ins.push_str(&format!("{pad}clusterIPs: [{}]\n", ips.join(", ")));
        }
        inserts.insert(line - 1, ins);
    }
    let mut out = String::with_capacity(case.manifest.len() + 32 * inserts.len());
    for (i, l) in lines.iter().enumerate() {
        if let Some(ins) = inserts.get(&i) {
            out.push_str(ins);
        }
        out.push_str(l);
    }
    out
}

/// The profile's nodes, as the faker creates them: node i (from 1) gets
/// the /24 of the pod range svcdns allocates its pods' IPv4 addresses from.
fn plan_nodes(analysis: &Analysis) -> Vec<Value> {
    let network = svcdns::controllers::Network::default();
    let base = u32::from(network.pod_cidr_v4.0);
    analysis
        .profile
        .nodes
        .value
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let cidr = std::net::Ipv4Addr::from(base + ((i as u32 + 1) << 8));
            let ip = n
                .addresses
                .first()
                .map(|a| a.to_string())
                .unwrap_or_default();
            json!({"name": n.name, "ip": ip, "podCIDRs": [format!("{cidr}/24")]})
        })
        .collect()
}

/// The faker's group of a pod whose name a controller randomises.
fn pod_group(origin: &Origin) -> String {
    match origin {
        Origin::Controller { owner, .. }
            if ["Deployment/", "ReplicaSet/", "DaemonSet/"]
                .iter()
                .any(|k| owner.starts_with(k)) =>
        {
            owner.clone()
        }
        Origin::Builtin => "Deployment/kube-system/coredns".into(),
        _ => String::new(),
    }
}

fn phase_name(p: PodPhase) -> &'static str {
    match p {
        PodPhase::Pending => "Pending",
        PodPhase::Running => "Running",
        PodPhase::Succeeded => "Succeeded",
        PodPhase::Failed => "Failed",
        PodPhase::Unknown => "Unknown",
    }
}

fn plan(analysis: &Analysis) -> Value {
    let cluster = &analysis.cluster;
    let pods: Vec<Value> = cluster
        .pods
        .iter()
        .map(|p| {
            json!({
                "namespace": p.namespace, "name": p.name, "group": pod_group(&p.origin),
                "node": p.node_name.clone().unwrap_or_default(),
                "ips": p.ips.iter().map(|i| i.to_string()).collect::<Vec<_>>(),
                "ready": p.ready, "phase": phase_name(p.phase),
            })
        })
        .collect();
    json!({"nodes": plan_nodes(analysis), "pods": pods})
}

/// Every name and type to ask: each record the zone lists (by owner and
/// type), the other address type of each address owner (NODATA), and probes
/// for NXDOMAIN and NODATA around every namespace and Service, and the names
/// a pod's search list makes of each Service's short names.
fn questions(cluster: &Cluster) -> Vec<(String, RecordType)> {
    let zone = cluster
        .config
        .zone
        .trim_end_matches('.')
        .to_ascii_lowercase();
    let z = |s: &str| format!("{s}.{zone}.");
    let mut out: BTreeSet<(String, RecordType)> = BTreeSet::new();
    for r in coredns::zone(cluster) {
        let owner = r.owner.to_ascii_lowercase();
        let t = r.record_type();
        out.insert((owner.clone(), t));
        match t {
            RecordType::A => {
                out.insert((owner, RecordType::Aaaa));
            }
            RecordType::Aaaa => {
                out.insert((owner, RecordType::A));
            }
            _ => {}
        }
    }
    out.insert((format!("{zone}."), RecordType::Soa));
    out.insert((format!("{zone}."), RecordType::Ns));
    out.insert((format!("{zone}."), RecordType::A));
    out.insert((z("ns.dns"), RecordType::A));
    out.insert((z("dns-version"), RecordType::Txt));
    out.insert((z("svc"), RecordType::A));
    out.insert((z("nosuchservice.nosuchnamespace.svc"), RecordType::A));
    out.insert((z("nosuchnamespace.svc"), RecordType::A));
    out.insert((z("1-2-3-4.default.pod"), RecordType::A));
    out.insert((z("notanip.default.pod"), RecordType::A));
    out.insert((z("10-244-250-250.nosuchnamespace.pod"), RecordType::A));
    out.insert(("250.250.244.10.in-addr.arpa.".into(), RecordType::Ptr));
    out.insert(("99.0.96.10.in-addr.arpa.".into(), RecordType::Ptr));
    for ns in &cluster.namespaces {
        out.insert((z(&format!("{ns}.svc")), RecordType::A));
        out.insert((z(&format!("nosuchservice.{ns}.svc")), RecordType::A));
    }
    for s in &cluster.services {
        let base = format!("{}.{}.svc", s.name, s.namespace).to_ascii_lowercase();
        for t in [
            RecordType::A,
            RecordType::Aaaa,
            RecordType::Srv,
            RecordType::Txt,
            RecordType::Cname,
        ] {
            out.insert((z(&base), t));
        }
        out.insert((z(&format!("_nosuchport._tcp.{base}")), RecordType::Srv));
        out.insert((z(&format!("nosuchendpoint.{base}")), RecordType::A));
        for p in &s.ports {
            let port = p.name.to_ascii_lowercase();
            let proto = p.protocol.to_ascii_lowercase();
            if !port.is_empty() {
                out.insert((z(&format!("_{port}._{proto}.{base}")), RecordType::Srv));
                out.insert((z(&format!("_{port}._{proto}.{base}")), RecordType::A));
            }
        }
        for ip in &s.cluster_ips {
            out.insert((dns::name::reverse_name(ip), RecordType::Ptr));
        }
        // What a pod's resolver asks for the Service's short names: with
        // ndots:5 every name of fewer dots goes through the ClusterFirst
        // search list first (`web.default.default.svc.<zone>`,
        // `web.default.svc.svc.<zone>`, `web.<zone>`, ...), from a pod in
        // `default` and from one in the Service's namespace.
        for client in ["default", s.namespace.as_str()] {
            for short in [
                s.name.clone(),
                format!("{}.{}", s.name, s.namespace),
                format!("{}.{}.svc", s.name, s.namespace),
            ] {
                for suffix in svcdns::resolver::search_list(cluster, client) {
                    out.insert((
                        format!("{short}.{suffix}.").to_ascii_lowercase(),
                        RecordType::A,
                    ));
                }
            }
        }
    }
    out.into_iter().collect()
}

fn prepare_case(v: &Value) -> Value {
    let case = case_of(v);
    let manifest = with_cluster_ips(&case);
    let analysis = analyze_case(&case, &manifest);
    let objects: Vec<Value> = analysis
        .objects
        .iter()
        .zip(&analysis.accepted)
        .map(|(o, a)| json!({"kind": o.kind, "apiVersion": o.api_version, "namespace": o.namespace, "name": o.name, "accepted": a}))
        .collect();
    let namespaces: Vec<&String> = analysis.cluster.namespaces.iter().collect();
    let qs: Vec<Value> = questions(&analysis.cluster)
        .into_iter()
        .map(|(n, t)| json!([n, t.name()]))
        .collect();
    let mut out = v.clone();
    out["manifest"] = json!(manifest);
    out["file"] = json!(case.file);
    out["objects"] = json!(objects);
    out["namespaces"] = json!(namespaces);
    out["plan"] = plan(&analysis);
    out["questions"] = json!(qs);
    out["corefile"] = json!({
        "zone": analysis.cluster.config.zone,
        "ttl": analysis.cluster.config.ttl,
        "pods": match analysis.cluster.config.pods {
            PodsMode::Insecure => "insecure",
            PodsMode::Verified => "verified",
            PodsMode::Disabled => "disabled",
        },
        "endpoint_pod_names": analysis.cluster.config.endpoint_pod_names,
        "ignore_empty_service": analysis.cluster.config.ignore_empty_service,
    });
    out
}

#[test]
#[ignore = "tool mode of the conformance rig (CONFORMANCE_PREPARE=DIR)"]
fn prepare() {
    let Some(dir) = std::env::var_os("CONFORMANCE_PREPARE") else {
        return;
    };
    for path in json_files(Path::new(&dir), ".case.json") {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let out = prepare_case(&v);
        let name = path
            .to_string_lossy()
            .replace(".case.json", ".prepared.json");
        std::fs::write(name, serde_json::to_string_pretty(&out).unwrap()).unwrap();
    }
}

// --- compare ---------------------------------------------------------------

fn json_files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.to_string_lossy().ends_with(suffix))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn strs(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Real pod name -> svcdns's pod name (`namespace/name`), from the pairing
/// the transcript recorded.
fn pod_names(t: &Value) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = t["pods"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| {
                    let name = p["name"].as_str()?;
                    let as_ = p["as"].as_str().filter(|s| !s.is_empty())?;
                    (name != as_).then(|| (name.to_string(), as_.to_string()))
                })
                .collect()
        })
        .unwrap_or_default();
    // Longest first, so that no name is replaced inside a longer one.
    v.sort_by_key(|(real, _)| std::cmp::Reverse(real.len()));
    v
}

fn rename(text: &str, names: &[(String, String)]) -> String {
    let mut s = text.to_string();
    for (real, ours) in names {
        if s.contains(real.as_str()) {
            s = s.replace(real.as_str(), ours);
        }
    }
    s
}

fn lines(records: &[Record]) -> Vec<String> {
    records.iter().map(|r| r.to_lowercase_line()).collect()
}

/// The SOA serial is the API's last change time in CoreDNS (a clock); the
/// records are compared with svcdns's serial in its place.
fn with_serial(line: &str, serial: Option<u32>) -> String {
    let f: Vec<&str> = line.split(' ').collect();
    match serial {
        Some(s) if f.len() == 11 && f[3] == "SOA" => {
            let mut g: Vec<String> = f.iter().map(|x| x.to_string()).collect();
            g[6] = s.to_string();
            g.join(" ")
        }
        _ => line.to_string(),
    }
}

fn soa_serial(r: &Response) -> Option<u32> {
    r.authority
        .iter()
        .chain(&r.answer)
        .find_map(|rec| match &rec.rdata {
            RData::Soa { serial, .. } => Some(*serial),
            _ => None,
        })
}

/// What a comparison found: differences (disagreements) and notes (the
/// same records in another order: CoreDNS answers in the order of the
/// endpoints in their EndpointSlices, which the controller sets by the
/// order its informer lists pods and their updates arrive; see KNOWN.md).
#[derive(Default)]
struct Found {
    differences: Vec<String>,
    notes: Vec<String>,
}

/// One section's difference, or nothing.
fn section_diff(what: &str, ours: &[String], real: &[String], out: &mut Found) {
    if ours == real {
        return;
    }
    let mut a = ours.to_vec();
    let mut b = real.to_vec();
    a.sort();
    b.sort();
    if a == b {
        out.notes.push(format!(
            "{what}: same records, other order: svcdns {ours:?}, real {real:?}"
        ));
    } else {
        out.differences
            .push(format!("{what}: svcdns {ours:?}, real {real:?}"));
    }
}

fn compare_dns(t: &Value, cluster: &Cluster, names: &[(String, String)], found: &mut Found) {
    let k = coredns::Kubernetes::new(cluster);
    for q in t["dns"].as_array().into_iter().flatten() {
        let name = q["name"].as_str().unwrap_or("");
        let Some(qtype) = q["type"].as_str().and_then(RecordType::parse) else {
            continue;
        };
        let r = k.answer_unexplained(name, qtype);
        let out = &mut found.differences;
        let tag = format!(
            "{name} {}{}",
            qtype.name(),
            // +norec unless the transcript says `norec: false`.
            if q["norec"].as_bool() != Some(false) {
                " +norec"
            } else {
                ""
            }
        );
        if q["next_plugin"].as_bool() == Some(true) || r.upstream {
            if q["next_plugin"].as_bool() != Some(r.upstream) {
                out.push(format!(
                    "{tag}: handed to the next plugin: svcdns {}, real {}",
                    r.upstream,
                    q["next_plugin"].as_bool().unwrap_or(false)
                ));
            }
            continue;
        }
        let rcode = q["rcode"].as_str().unwrap_or("");
        if r.rcode.as_str() != rcode {
            out.push(format!(
                "{tag}: rcode svcdns {}, real {rcode} (real answer {:?})",
                r.rcode.as_str(),
                strs(q.get("answer"))
            ));
            continue;
        }
        let aa = strs(q.get("flags")).iter().any(|f| f == "aa");
        if r.rcode != Rcode::FormErr && aa != r.authoritative {
            out.push(format!(
                "{tag}: aa flag svcdns {}, real {aa}",
                r.authoritative
            ));
        }
        let serial = soa_serial(&r);
        let fix = |v: Vec<String>| -> Vec<String> {
            v.iter()
                .map(|l| with_serial(&rename(l, names), serial))
                .collect()
        };
        section_diff(
            &format!("{tag} answer"),
            &lines(&r.answer),
            &fix(strs(q.get("answer"))),
            found,
        );
        section_diff(
            &format!("{tag} authority"),
            &lines(&r.authority),
            &fix(strs(q.get("authority"))),
            found,
        );
        section_diff(
            &format!("{tag} additional"),
            &lines(&r.additional),
            &fix(strs(q.get("additional"))),
            found,
        );
    }
}

fn compare_objects(t: &Value, analysis: &Analysis, out: &mut Vec<String>) {
    let real = t["objects"].as_array().cloned().unwrap_or_default();
    if real.len() != analysis.objects.len() {
        out.push(format!(
            "objects: svcdns read {}, the transcript has {}",
            analysis.objects.len(),
            real.len()
        ));
    }
    for (i, (o, r)) in analysis.objects.iter().zip(&real).enumerate() {
        let id = format!("{}/{}/{}", o.kind, o.namespace, o.name);
        let rid = format!(
            "{}/{}/{}",
            r["kind"].as_str().unwrap_or(""),
            r["namespace"].as_str().unwrap_or(""),
            r["name"].as_str().unwrap_or("")
        );
        if id != rid {
            out.push(format!(
                "object {i}: svcdns read {id}, the transcript has {rid}"
            ));
            continue;
        }
        let accepted = r["real_accepted"].as_bool();
        // A document a later one replaced was accepted (created, then
        // configured).
        let ours = analysis.accepted[i] || analysis.replaced[i];
        if accepted.is_some() && accepted != Some(ours) {
            out.push(format!(
                "{id}: svcdns {}, the API server {}",
                if ours { "accepts" } else { "rejects" },
                if accepted == Some(true) {
                    "accepts"
                } else {
                    "rejects"
                },
            ));
        }
    }
    // kubectl's error lines against svcdns's API and decoding errors.
    let ours: BTreeSet<String> = analysis
        .diagnostics
        .iter()
        .filter(|d| {
            d.severity == Severity::Error
                && matches!(
                    d.source,
                    DiagnosticSource::ApiServer | DiagnosticSource::Decode
                )
        })
        .map(|d| d.message.trim().to_string())
        .collect();
    let ours: BTreeSet<String> = ours.into_iter().filter(|l| server_error(l)).collect();
    let real: BTreeSet<String> = kubectl_errors(t["apply"]["stderr"].as_str().unwrap_or(""))
        .into_iter()
        .filter(|l| server_error(l))
        .collect();
    if t["apply"].get("errors").is_some() && ours != real {
        let only_ours: Vec<&String> = ours.difference(&real).collect();
        let only_real: Vec<&String> = real.difference(&ours).collect();
        out.push(format!(
            "errors: only svcdns {only_ours:?}; only kubectl {only_real:?}"
        ));
    }
}

/// kubectl's error messages from its stderr: one per line, with the lines
/// of a list (`* field: ...`) and an empty line after `is invalid: ` joined
/// to their message; warnings left out.
fn kubectl_errors(stderr: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in stderr.lines() {
        let continues = line.starts_with("* ") || line.starts_with("ensure CRDs");
        match out.last_mut() {
            Some(last) if continues => {
                last.push('\n');
                last.push_str(line);
            }
            _ if line.trim().is_empty() || line.starts_with("Warning: ") => {}
            _ => out.push(line.to_string()),
        }
    }
    out
}

/// A line of kubectl's that carries the API server's words (what svcdns
/// renders); kubectl's own client-side errors (`error: error parsing ...`)
/// are compared by verdict only.
fn server_error(line: &str) -> bool {
    line.starts_with("Error from server")
        || (line.starts_with("The ") && line.contains(" is invalid"))
}

fn compare_pods(t: &Value, cluster: &Cluster, out: &mut Vec<String>) {
    let ours: BTreeSet<String> = cluster
        .pods
        .iter()
        .map(|p| {
            format!(
                "{}/{} ips={} ready={} phase={}",
                p.namespace,
                p.name,
                p.ips
                    .iter()
                    .map(|i| i.to_string())
                    .collect::<Vec<_>>()
                    .join(","),
                p.ready,
                phase_name(p.phase)
            )
        })
        .collect();
    let real: BTreeSet<String> = t["pods"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            let name = p["as"]
                .as_str()
                .filter(|s| !s.is_empty())
                .or(p["name"].as_str())
                .unwrap_or("");
            format!(
                "{}/{} ips={} ready={} phase={}",
                p["namespace"].as_str().unwrap_or(""),
                name,
                strs(p.get("ips")).join(","),
                p["ready"].as_bool().unwrap_or(false),
                p["phase"].as_str().unwrap_or("")
            )
        })
        .collect();
    if ours != real {
        let a: Vec<&String> = ours.difference(&real).collect();
        let b: Vec<&String> = real.difference(&ours).collect();
        out.push(format!("pods: only svcdns {a:?}; only real {b:?}"));
    }
}

/// A slice as both sides are compared: service, family, ports and
/// endpoints, sorted; no slice name (generated).
fn compare_slices(t: &Value, cluster: &Cluster, names: &[(String, String)], out: &mut Vec<String>) {
    let mut ours: Vec<String> = cluster
        .endpoint_slices
        .iter()
        .map(|s| {
            let mut ports: Vec<String> = s
                .ports
                .iter()
                .map(|p| {
                    format!(
                        "{}/{}/{}",
                        p.name.clone().unwrap_or_default(),
                        p.protocol,
                        p.port.map(|p| p.to_string()).unwrap_or_default()
                    )
                })
                .collect();
            ports.sort();
            let mut eps: Vec<String> = s
                .endpoints
                .iter()
                .map(|e| {
                    format!(
                        "{} ready={:?} serving={:?} terminating={:?} hostname={} pod={}",
                        e.addresses
                            .iter()
                            .map(IpAddr::to_string)
                            .collect::<Vec<_>>()
                            .join(","),
                        e.ready,
                        e.serving,
                        e.terminating,
                        e.hostname.clone().unwrap_or_default(),
                        e.target_ref
                            .as_ref()
                            .map(|r| r.name.clone())
                            .unwrap_or_default()
                    )
                })
                .collect();
            eps.sort();
            format!(
                "{}/{} {} ports={ports:?} endpoints={eps:?}",
                s.namespace,
                s.service_name.clone().unwrap_or_default(),
                // The API's spelling (the transcript's), not Rust's.
                match s.address_type {
                    AddressType::IPv4 => "IPv4",
                    AddressType::IPv6 => "IPv6",
                    AddressType::Fqdn => "FQDN",
                },
                ports = ports,
                eps = eps
            )
        })
        .collect();
    ours.sort();
    let mut real: Vec<String> = t["endpointslices"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| rename(s.as_str().unwrap_or(""), names))
        .collect();
    real.sort();
    // One difference per Service (`namespace/name` leads each line).
    let service = |s: &String| s.split(' ').next().unwrap_or("").to_string();
    let services: BTreeSet<String> = ours.iter().chain(&real).map(service).collect();
    for svc in services {
        let a: Vec<&String> = ours
            .iter()
            .filter(|x| service(x) == svc && !real.contains(x))
            .collect();
        let b: Vec<&String> = real
            .iter()
            .filter(|x| service(x) == svc && !ours.contains(x))
            .collect();
        if !a.is_empty() || !b.is_empty() {
            out.push(format!(
                "endpointslices of {svc}: only svcdns {a:?}; only real {b:?}"
            ));
        }
    }
}

/// Every difference between svcdns and one transcript.
fn compare_transcript(t: &Value) -> Found {
    let case = case_of(&t["case"]);
    let analysis = analyze_case(&case, &case.manifest);
    let names = pod_names(t);
    let mut found = Found::default();
    compare_objects(t, &analysis, &mut found.differences);
    compare_pods(t, &analysis.cluster, &mut found.differences);
    compare_slices(t, &analysis.cluster, &names, &mut found.differences);
    compare_dns(t, &analysis.cluster, &names, &mut found);
    found
}

/// The differences no entry of [`KNOWN_DISAGREEMENTS`] covers, and which
/// entries covered one.
fn unexplained(
    case: &str,
    differences: &[String],
    used: &mut BTreeSet<&'static str>,
) -> Vec<String> {
    differences
        .iter()
        .filter(
            |d| match KNOWN_DISAGREEMENTS.iter().find(|k| (k.matches)(case, d)) {
                Some(k) => {
                    used.insert(k.id);
                    false
                }
                None => true,
            },
        )
        .cloned()
        .collect()
}

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn transcripts() {
    let dir = root().join("tests/conformance/recorded");
    let files = json_files(&dir, ".json");
    let mut failures = Vec::new();
    let mut used = BTreeSet::new();
    let (mut agree, mut known, mut reordered) = (0, 0, 0);
    for path in &files {
        let t = read(path);
        let found = compare_transcript(&t);
        let case = t["case"]["name"].as_str().unwrap_or("");
        let left = unexplained(case, &found.differences, &mut used);
        if !left.is_empty() {
            failures.push(format!(
                "{} ({}):\n  {}",
                t["case"]["name"].as_str().unwrap_or(""),
                path.display(),
                left.join("\n  ")
            ));
        } else if found.differences.is_empty() {
            agree += 1;
        } else {
            known += 1;
        }
        if !found.notes.is_empty() {
            reordered += 1;
        }
    }
    for k in KNOWN_DISAGREEMENTS {
        if !used.contains(k.id) {
            failures.push(format!(
                "known disagreement {} no longer occurs in any transcript: take it off KNOWN_DISAGREEMENTS",
                k.id
            ));
        }
    }
    println!(
        "conformance transcripts: {} files, {agree} agree, {known} differ only by known disagreements, \
         {reordered} with records in another order (KNOWN.md)",
        files.len(),
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
#[ignore = "tool mode of the conformance rig (CONFORMANCE_DIR=DIR)"]
fn compare() {
    let Some(dir) = std::env::var_os("CONFORMANCE_DIR") else {
        return;
    };
    let dir = PathBuf::from(dir);
    let files = json_files(&dir, ".transcript.json");
    let mut agree = 0;
    for path in &files {
        let t = read(path);
        let found = compare_transcript(&t);
        let mut used = BTreeSet::new();
        let case = t["case"]["name"].as_str().unwrap_or("");
        let left = unexplained(case, &found.differences, &mut used);
        if left.is_empty() {
            agree += 1;
        }
        let name = path
            .to_string_lossy()
            .replace(".transcript.json", ".verdict.json");
        std::fs::write(
            name,
            serde_json::to_string_pretty(&json!({
                "agree": left.is_empty(),
                "differences": left,
                "known": used,
                "notes": found.notes,
            }))
            .unwrap(),
        )
        .unwrap();
    }
    // A case the rig could not run (`*.crashed.json`) counts as a case
    // that neither agrees nor disagrees.
    let crashed = json_files(&dir, ".crashed.json").len();
    println!(
        "conformance: {} cases, {agree} agree, {} disagree, {crashed} crashed",
        files.len() + crashed,
        files.len() - agree
    );
}
