//! The compare view: the same pods through a regular and a headless
//! Service, side by side, as plain data the playground only draws.
//!
//! - [`selected`] and [`counterpart`]: the Service compared and the one of
//!   the other kind selecting the same pods;
//! - [`column`]: what one Service gives a client (its nslookup, addresses,
//!   SRV records, per-pod names, the pods behind it);
//! - [`spread_regular`] and [`spread_headless`]: where 20 connections land,
//!   through kube-proxy's random choice or a client's round robin over the
//!   addresses DNS gave;
//! - [`workloads_of`]: the workloads owning those pods, to scale them.
//!
//! Every lookup goes through the cluster's index (a question never scans
//! the cluster); only [`services`], the list a person picks from, walks the
//! Services. "Random" is a seeded generator: the shell passes the seed, so
//! the core stays a pure function of its input.

use std::net::IpAddr;

use crate::cluster::{Cluster, Origin, Service, ServiceType};
use crate::coredns::Kubernetes;
use crate::dns::{RData, RecordType};
use crate::explain::{dig, nslookup};
use crate::resolver;

/// Services the person wrote (not the cluster's built-in ones) that DNS
/// can compare (an ExternalName Service has no pods), in order.
pub fn services(cluster: &Cluster) -> Vec<&Service> {
    cluster.services.iter().filter(|s| comparable(s)).collect()
}

fn comparable(s: &Service) -> bool {
    !matches!(s.origin, Origin::Builtin) && s.service_type != ServiceType::ExternalName
}

/// `namespace/name`.
pub fn key(s: &Service) -> String {
    format!("{}/{}", s.namespace, s.name)
}

/// The key of a Service of the other kind selecting the same pods (same
/// namespace, same non-empty selector), if the manifests have one.
pub fn counterpart(k: &Kubernetes<'_>, s: &Service) -> Option<String> {
    let sel = s.selector.as_ref().filter(|m| !m.is_empty())?;
    k.index()
        .services_in(k.cluster(), &s.namespace)
        .find(|o| comparable(o) && o.headless != s.headless && o.selector.as_ref() == Some(sel))
        .map(key)
}

/// The Service compared and its counterpart, by key.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    /// `namespace/name` of the Service compared.
    pub key: String,
    /// Whether it is headless.
    pub headless: bool,
    /// Its counterpart's key (see [`counterpart`]), if any.
    pub counterpart: Option<String>,
}

/// The Service compared: the chosen one (`namespace/name`), else the first
/// of the first 50 that has a counterpart, else the first.
pub fn selected(k: &Kubernetes<'_>, chosen: Option<&str>) -> Option<Choice> {
    let cluster = k.cluster();
    let choice = |s: &Service| Choice {
        key: key(s),
        headless: s.headless,
        counterpart: counterpart(k, s),
    };
    if let Some((ns, name)) = chosen.and_then(|c| c.split_once('/')) {
        if let Some(s) = k
            .index()
            .service(cluster, ns, name)
            .filter(|s| comparable(s))
        {
            return Some(choice(s));
        }
    }
    let all = services(cluster);
    all.iter()
        .take(50)
        .map(|s| choice(s))
        .find(|c| c.counterpart.is_some())
        .or_else(|| all.first().map(|s| choice(s)))
}

/// One pod behind a Service, as its EndpointSlices list it.
#[derive(Clone, Debug, PartialEq)]
pub struct Backend {
    /// Pod name (or the address for an endpoint without a pod).
    pub pod: String,
    /// `namespace/name` of the pod, for the toggles.
    pub pod_key: Option<String>,
    /// The endpoint's first address.
    pub ip: IpAddr,
    /// The endpoint's `ready` condition (unset counts as ready).
    pub ready: bool,
}

/// The endpoints of a Service, one per pod, in slice order.
pub fn backends(k: &Kubernetes<'_>, s: &Service) -> Vec<Backend> {
    let (cluster, index) = (k.cluster(), k.index());
    let mut out: Vec<Backend> = Vec::new();
    for e in index
        .slices_of(cluster, &s.namespace, &s.name)
        .flat_map(|sl| sl.endpoints.iter())
    {
        let Some(ip) = e.addresses.first() else {
            continue;
        };
        let pod_ref = e.target_ref.as_ref().filter(|r| r.kind == "Pod");
        let pod = pod_ref
            .map(|r| r.name.clone())
            .unwrap_or_else(|| ip.to_string());
        if out.iter().any(|b| b.pod == pod) {
            continue;
        }
        out.push(Backend {
            pod_key: pod_ref.map(|r| format!("{}/{}", r.namespace, r.name)),
            pod,
            ip: *ip,
            ready: e.ready != Some(false),
        });
    }
    out
}

/// A small seeded generator (xorshift64*): kube-proxy's random choice,
/// reproducible for a given seed.
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed` (0 is taken as 1).
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next value below `n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n.max(1)
    }
}

/// Where each of `n` connections lands.
#[derive(Clone, Debug, PartialEq)]
pub struct Spread {
    /// The destination (pod name or address) of each connection, in order.
    pub picks: Vec<String>,
    /// How many connections each destination got, in backend order.
    pub counts: Vec<(String, usize)>,
    /// One sentence on how they were chosen.
    pub how: String,
}

fn tally(picks: Vec<String>, order: &[String], how: String) -> Spread {
    let mut counts: Vec<(String, usize)> = order.iter().map(|p| (p.clone(), 0)).collect();
    for p in &picks {
        match counts.iter_mut().find(|(n, _)| n == p) {
            Some(c) => c.1 += 1,
            None => counts.push((p.clone(), 1)),
        }
    }
    Spread { picks, counts, how }
}

/// A regular Service: every connection goes to the virtual IP and
/// kube-proxy picks a ready endpoint at random for each one.
pub fn spread_regular(backends: &[Backend], n: usize, seed: u64) -> Spread {
    let ready: Vec<&Backend> = backends.iter().filter(|b| b.ready).collect();
    if ready.is_empty() {
        return tally(
            Vec::new(),
            &[],
            "no ready endpoint: kube-proxy rejects every connection to the virtual IP".into(),
        );
    }
    let order: Vec<String> = ready.iter().map(|b| b.pod.clone()).collect();
    let mut rng = Rng::new(seed);
    let picks = (0..n)
        .map(|_| ready[rng.below(ready.len())].pod.clone())
        .collect();
    tally(
        picks,
        &order,
        format!(
            "each connection to the virtual IP: kube-proxy picks one of {} ready endpoints at random",
            ready.len()
        ),
    )
}

/// A headless Service in `namespace`: the client got every address from
/// DNS once and walks the list round robin (as a typical client library
/// does). Each address is named after its pod, found by address in the
/// index.
pub fn spread_headless(
    k: &Kubernetes<'_>,
    namespace: &str,
    addresses: &[IpAddr],
    n: usize,
) -> Spread {
    let (cluster, index) = (k.cluster(), k.index());
    let names: Vec<String> = addresses
        .iter()
        .map(|ip| {
            index
                .pods_with_ip(cluster, namespace, *ip)
                .next()
                .map(|p| p.name.clone())
                .unwrap_or_else(|| ip.to_string())
        })
        .collect();
    if names.is_empty() {
        return tally(
            Vec::new(),
            &[],
            "DNS returned no address: nothing to connect to".into(),
        );
    }
    let picks = (0..n).map(|i| names[i % names.len()].clone()).collect();
    tally(
        picks,
        &names,
        format!(
            "the client resolved {} addresses once and connects to them in turn (round robin)",
            names.len()
        ),
    )
}

/// What one Service gives a client: one column of the view.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// `namespace/name`.
    pub key: String,
    /// The Service's name.
    pub name: String,
    /// Its namespace.
    pub namespace: String,
    /// Headless (`clusterIP: None`).
    pub headless: bool,
    /// A flipped copy, not in the manifests.
    pub what_if: bool,
    /// `spec.clusterIP` as allocated (`None` when headless).
    pub cluster_ip: String,
    /// `nslookup NAME` from a pod in the Service's namespace.
    pub nslookup: String,
    /// The addresses the name resolved to.
    pub addresses: Vec<IpAddr>,
    /// The SRV answer of the Service's name, as dig prints each record.
    pub srv: Vec<String>,
    /// Per-pod names with their addresses (or the status when none).
    pub pod_names: Vec<(String, String)>,
    /// Why the name resolved as it did.
    pub explanation: Vec<String>,
    /// The pods behind it.
    pub backends: Vec<Backend>,
    /// `publishNotReadyAddresses`.
    pub publish_not_ready: bool,
}

/// The column of Service `s` in `cluster` (`what_if`: a flipped copy).
pub fn column(k: &Kubernetes<'_>, s: &Service, what_if: bool) -> Column {
    let cluster = k.cluster();
    let server = resolver::nameserver(cluster);
    let res = resolver::resolve_with(k, &s.name, RecordType::A, &s.namespace);
    let r = &res.final_response;
    let addresses = r
        .answer
        .iter()
        .filter_map(|rec| match rec.rdata {
            RData::A(ip) => Some(IpAddr::V4(ip)),
            RData::Aaaa(ip) => Some(IpAddr::V6(ip)),
            _ => None,
        })
        .collect();
    let fqdn = format!("{}.{}.svc.{}.", s.name, s.namespace, cluster.config.zone);
    let srv = k.answer(&fqdn, RecordType::Srv);
    let mut pod_names: Vec<(String, String)> = Vec::new();
    if s.headless {
        // The SRV targets are the per-pod names CoreDNS serves; the
        // additional section has their addresses.
        for rec in &srv.answer {
            if let RData::Srv { target, .. } = &rec.rdata {
                if pod_names.iter().any(|(n, _)| n == target) {
                    continue;
                }
                let ips = srv
                    .additional
                    .iter()
                    .filter(|x| x.owner.eq_ignore_ascii_case(target))
                    .map(|x| x.rdata.to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
                pod_names.push((target.clone(), ips));
            }
        }
    } else {
        // Endpoints with a hostname (the EndpointSlice controller sets it
        // for a pod whose hostname is set and whose subdomain is this
        // Service, as a StatefulSet's pods under their serviceName) have a
        // name under a ClusterIP Service too (CoreDNS findServices).
        for e in k
            .index()
            .slices_of(cluster, &s.namespace, &s.name)
            .flat_map(|sl| sl.endpoints.iter())
        {
            let Some(host) = e.hostname.as_deref().filter(|h| !h.is_empty()) else {
                continue;
            };
            let name = format!("{host}.{fqdn}");
            if pod_names.iter().any(|(n, _)| *n == name) {
                continue;
            }
            let ans = k.answer(&name, RecordType::A);
            let ips = ans
                .answer
                .iter()
                .map(|x| x.rdata.to_string())
                .collect::<Vec<_>>()
                .join(", ");
            let shown = if ips.is_empty() {
                ans.status().to_string()
            } else {
                ips
            };
            pod_names.push((name, shown));
        }
    }
    Column {
        key: key(s),
        name: s.name.clone(),
        namespace: s.namespace.clone(),
        headless: s.headless,
        what_if,
        cluster_ip: if s.headless {
            "None".into()
        } else {
            s.cluster_ips
                .iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        },
        nslookup: nslookup::response(&s.name, r, &server),
        addresses,
        srv: srv.answer.iter().map(dig::record).collect(),
        pod_names,
        explanation: super::reason::sentences(&r.reasons),
        backends: backends(k, s),
        publish_not_ready: s.publish_not_ready_addresses,
    }
}

/// The two columns side by side.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// The regular Service's column.
    pub regular: Column,
    /// The headless Service's column.
    pub headless: Column,
    /// The workloads owning the pods behind them: `Kind/namespace/name` and
    /// their replicas now.
    pub workloads: Vec<(String, i32)>,
}

/// The pods each workload made, `Kind/namespace/name` to pod names (the
/// analysis's `workload_pods`).
pub type WorkloadPods = crate::support::sorted::SortedMap<Vec<String>>;

/// Compare the chosen Service of `cluster` with its counterpart, or else
/// with its flipped copy in `what_if` (the cluster of the core run again
/// with it flipped), if given. `None` when there is nothing to compare it
/// with.
pub fn compare(
    k: &Kubernetes<'_>,
    workload_pods: &WorkloadPods,
    choice: &Choice,
    what_if: Option<&Kubernetes<'_>>,
) -> Option<Comparison> {
    let column_of = |k: &Kubernetes<'_>, key: &str, what_if: bool| {
        let (ns, name) = key.split_once('/')?;
        let s = k.index().service(k.cluster(), ns, name)?;
        Some(column(k, s, what_if))
    };
    let mine = column_of(k, &choice.key, false)?;
    let other = match &choice.counterpart {
        Some(o) => column_of(k, o, false)?,
        None => column_of(what_if?, &choice.key, true)?,
    };
    let (regular, headless) = if mine.headless {
        (other, mine)
    } else {
        (mine, other)
    };
    let workloads = workloads_of(k, workload_pods, &regular.backends);
    Some(Comparison {
        regular,
        headless,
        workloads,
    })
}

/// The workloads that made these pods (`Kind/namespace/name`, replicas
/// now), found from each pod's owner: a StatefulSet or DaemonSet, a
/// ReplicaSet, or the Deployment behind a ReplicaSet named
/// `<deployment>-<pod-template-hash>`.
pub fn workloads_of(
    k: &Kubernetes<'_>,
    workload_pods: &WorkloadPods,
    backends: &[Backend],
) -> Vec<(String, i32)> {
    let (cluster, index) = (k.cluster(), k.index());
    let mut out: Vec<(String, i32)> = Vec::new();
    for b in backends {
        let Some((ns, name)) = b.pod_key.as_deref().and_then(|k| k.split_once('/')) else {
            continue;
        };
        let Some(owner) = index.pod(cluster, ns, name).and_then(|p| p.owner.as_ref()) else {
            continue;
        };
        // (`concat`, not `format!`: the bundle is watched.)
        let own = [owner.kind.as_str(), "/", &owner.namespace, "/", &owner.name].concat();
        // (The name's last `-` found by a byte search: `rsplit_once`
        // brings a reverse char searcher into the bundle.)
        let deployment = (owner.kind == "ReplicaSet")
            .then(|| owner.name.bytes().rposition(|b| b == b'-'))
            .flatten()
            .map(|dash| ["Deployment/", &owner.namespace, "/", &owner.name[..dash]].concat());
        for k in std::iter::once(own).chain(deployment) {
            let Some(pods) = workload_pods.get(&k) else {
                continue;
            };
            if pods.iter().any(|p| p == name) && !out.iter().any(|(o, _)| *o == k) {
                out.push((k, i32::try_from(pods.len()).unwrap_or(i32::MAX)));
            }
        }
    }
    crate::support::sort::sort_by(&mut out, |x, y| x.0.cmp(&y.0));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, Analysis, Input, Options};

    fn run(text: &str) -> Analysis {
        let input = [Input {
            name: "m.yaml",
            text,
        }];
        analyze(&input, &Options::default())
    }

    const PAIR: &str = include_str!("../../../../examples/regular-vs-headless.yaml");

    #[test]
    fn the_sample_pairs_a_regular_and_a_headless_service_over_the_same_pods() {
        let a = run(PAIR);
        let s = selected(&a.kubernetes(), None).unwrap();
        let c = compare(&a.kubernetes(), &a.workload_pods, &s, None).unwrap();
        assert!(!c.regular.headless && c.headless.headless);
        assert_eq!(c.regular.addresses.len(), 1, "the virtual IP");
        assert_eq!(c.headless.addresses.len(), 3, "one per pod");
        assert_eq!(c.headless.backends.len(), 3);
        assert_eq!(c.headless.pod_names.len(), 3, "{:?}", c.headless);
        assert_eq!(c.regular.backends, c.headless.backends);
        assert!(c.headless.nslookup.contains("Address: 10.244."));
        assert_eq!(c.workloads.len(), 1, "{:?}", c.workloads);
        assert_eq!(c.workloads[0].1, 3);
    }

    #[test]
    fn a_chosen_service_is_found_by_key_and_an_unknown_key_falls_back() {
        let a = run(PAIR);
        for s in services(&a.cluster) {
            let c = selected(&a.kubernetes(), Some(&key(s))).unwrap();
            assert_eq!((c.key, c.headless), (key(s), s.headless));
        }
        assert_eq!(
            selected(&a.kubernetes(), Some("nope/nope")),
            selected(&a.kubernetes(), None)
        );
        assert_eq!(
            selected(&a.kubernetes(), Some("kube-system/kube-dns")),
            selected(&a.kubernetes(), None),
            "built-in Services are not compared"
        );
    }

    #[test]
    fn a_lone_service_is_compared_with_its_flipped_copy_only_when_given() {
        let lone = "apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-1, labels: {app: web}}
spec:
  containers: [{name: c, image: nginx}]
";
        let a = run(lone);
        let s = selected(&a.kubernetes(), None).unwrap();
        assert_eq!(s.counterpart, None);
        assert_eq!(compare(&a.kubernetes(), &a.workload_pods, &s, None), None);
        let flipped = run(&lone.replace("  selector:", "  clusterIP: None\n  selector:"));
        let c = compare(
            &a.kubernetes(),
            &a.workload_pods,
            &s,
            Some(&flipped.kubernetes()),
        )
        .unwrap();
        assert!(!c.regular.what_if && c.headless.what_if);
        assert_eq!(c.headless.addresses, vec![c.regular.backends[0].ip]);
        assert_eq!(c.headless.pod_names.len(), 1);
        assert!(c.regular.pod_names.is_empty(), "{:?}", c.regular.pod_names);
        assert!(c.workloads.is_empty(), "a bare pod has no workload");
    }

    #[test]
    fn statefulset_pods_have_names_under_a_regular_governing_service_too() {
        let a = run(&include_str!("../../../../examples/mysql-statefulset.yaml")
            .replace("clusterIP: None", "clusterIP: 10.96.100.100"));
        let s = a.cluster.service("default", "mysql").unwrap();
        assert!(!s.headless);
        let c = column(&a.kubernetes(), s, false);
        let names: Vec<&str> = c.pod_names.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "mysql-0.mysql.default.svc.cluster.local.",
                "mysql-1.mysql.default.svc.cluster.local.",
                "mysql-2.mysql.default.svc.cluster.local."
            ]
        );
        assert!(c.pod_names.iter().all(|(_, ip)| ip.starts_with("10.244.")));
        assert_eq!(
            workloads_of(&a.kubernetes(), &a.workload_pods, &c.backends),
            vec![("StatefulSet/default/mysql".to_string(), 3)]
        );
    }

    #[test]
    fn kube_proxy_spreads_at_random_over_ready_endpoints_reproducibly() {
        let a = run(PAIR);
        let s = a.cluster.service("default", "my-regular-svc").unwrap();
        let b = backends(&a.kubernetes(), s);
        let r = spread_regular(&b, 20, 1);
        assert_eq!(r.picks.len(), 20);
        assert_eq!(r, spread_regular(&b, 20, 1), "seeded");
        assert_eq!(r.counts.iter().map(|c| c.1).sum::<usize>(), 20);
        let mut one_ready = b.clone();
        for x in one_ready.iter_mut().skip(1) {
            x.ready = false;
        }
        let only = spread_regular(&one_ready, 20, 7);
        assert_eq!(only.counts, vec![(b[0].pod.clone(), 20)]);
        let none: Vec<Backend> = b
            .iter()
            .cloned()
            .map(|x| Backend { ready: false, ..x })
            .collect();
        assert!(spread_regular(&none, 20, 1).picks.is_empty());
    }

    #[test]
    fn a_headless_client_walks_the_addresses_round_robin_named_after_their_pods() {
        let a = run(PAIR);
        let s = selected(&a.kubernetes(), None).unwrap();
        let h = compare(&a.kubernetes(), &a.workload_pods, &s, None)
            .unwrap()
            .headless;
        let spread = spread_headless(&a.kubernetes(), &h.namespace, &h.addresses, 20);
        assert_eq!(
            spread.counts.iter().map(|c| c.1).collect::<Vec<_>>(),
            vec![7, 7, 6]
        );
        let pods: Vec<&str> = h.backends.iter().map(|b| b.pod.as_str()).collect();
        for (name, _) in &spread.counts {
            assert!(pods.contains(&name.as_str()), "{name} is not a pod name");
        }
        let unknown: IpAddr = "192.0.2.1".parse().unwrap();
        assert_eq!(
            spread_headless(&a.kubernetes(), "default", &[unknown], 2).picks,
            ["192.0.2.1", "192.0.2.1"]
        );
        assert!(spread_headless(&a.kubernetes(), "default", &[], 2)
            .picks
            .is_empty());
    }
}
