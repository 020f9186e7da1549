//! `xfr.go`: every record the cluster serves, listed like a zone transfer.

use std::borrow::Cow;
use std::net::IpAddr;

use super::handler::Kubernetes;
use super::kubernetes::endpoint_hostname;
use super::object;
use crate::cluster::{Cluster, PodsMode, ServiceType};
use crate::dns::name;
use crate::dns::{RData, Record, RecordType};
use crate::support::keymap::{FastSet, KeyMap};

/// Every record the cluster serves, as [`answer`](super::answer) gives it, in a stable
/// order: the apex (SOA, NS), `ns.dns`, `dns-version`, then each
/// Service by namespace and name (A/AAAA, CNAME, bare SRV, `_port._proto`
/// SRV, endpoint A/AAAA and SRV), then pod records, then PTRs by address.
/// The records of one name and type are in the order [`answer`](super::answer) gives them
/// (CoreDNS's lookup order: slices, then endpoints); a record given twice
/// (an ExternalName's CNAME answers A, AAAA and CNAME) is listed once.
///
/// The listing is built by asking [`answer`](super::answer) for every name the cluster
/// defines (each for the types that can hold a record there), so it always
/// agrees with it. It leaves out what `answer` also
/// gives but that is not a record of its own: A/AAAA on `_port._proto`
/// names (the same lookup runs for every type), SRV on pod names (port 0:
/// `findPods` entries carry no port), SRV additional records, and the
/// records of in-zone CNAME targets (listed under their own name).
///
/// Where a real AXFR (the `transfer` plugin, `plugin/kubernetes/xfr.go`)
/// differs: it gives every bare-name SRV weight 100 and headless SRV
/// weights per slice (`calcSRVWeight`) instead of `floor(100/N)`; it lists
/// `_proto._port` SRV only for named ports, and lists headless A records
/// without de-duplication; it has no pod records (`pods insecure` makes
/// one for every IP; only the IPs of pods in the cluster are listed here),
/// no `dns-version` TXT and no PTRs (reverse zones are separate transfers).
pub fn zone(cluster: &Cluster) -> Vec<Record> {
    zone_of(&Kubernetes::new(cluster))
}

/// [`zone`] for an already indexed cluster.
pub(crate) fn zone_of(k: &Kubernetes<'_>) -> Vec<Record> {
    let cluster = k.cluster();
    let zone = k.index().primary_zone.clone();
    let mut out: Vec<Record> = Vec::new();
    // Where the records of the name being listed start in `out`.
    let mut group = 0;
    let mut group_owner = String::new();
    // Each answer holds no record twice; across the types asked of one
    // name, only a CNAME repeats (an ExternalName's CNAME answers A, AAAA
    // and CNAME), so only CNAMEs are checked against the name's records.
    let mut add = |mut records: Vec<Record>, owner: &str, out: &mut Vec<Record>| {
        if group_owner != owner {
            group = out.len();
            group_owner.clear();
            group_owner.push_str(owner);
        }
        records.retain(|r| {
            // Most owners are the name asked, byte for byte.
            (r.owner == owner || name::eq(&r.owner, owner))
                && !(matches!(r.rdata, RData::Cname(_)) && out[group..].contains(r))
        });
        out.extend(records);
    };

    // Apex.
    let apex = k.answer_unexplained(&zone, RecordType::Soa);
    add(apex.answer, &zone, &mut out);
    let ns = k.answer_unexplained(&zone, RecordType::Ns);
    add(ns.answer, &zone, &mut out);
    // NS glue (the kube-dns Service's A/AAAA) is listed with its Service.
    let nsdns = name::fqdn(&format!("ns.dns.{}", zone.trim_end_matches('.')));
    for t in [RecordType::A, RecordType::Aaaa] {
        add(k.answer_section(&nsdns, t), &nsdns, &mut out);
    }
    let version = name::fqdn(&format!("dns-version.{}", zone.trim_end_matches('.')));
    add(
        k.answer_section(&version, RecordType::Txt),
        &version,
        &mut out,
    );

    // Services.
    let mut services: Vec<_> = cluster.services.iter().collect();
    crate::support::sort::sort_by(&mut services, |a, b| {
        (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name))
    });
    // Sorted and made distinct before the PTRs (a `Vec`: a `BTreeSet` of
    // addresses was its own copy of the B-tree in the bundle).
    let mut reverse_ips: Vec<IpAddr> = Vec::new();
    // The name asked, written over for each question.
    let mut n = String::new();
    for svc in services {
        let base = [svc.name.as_str(), ".", &svc.namespace, ".svc.", &zone].concat();
        // The Service name's A and AAAA answers are cluster or endpoint
        // addresses of the Services of that name (findServices), or an
        // ExternalName's CNAME; its CNAME answer is only an ExternalName's.
        // Only the types that can hold a record are asked.
        let (external, families) = name_kinds(k, &svc.namespace, &svc.name);
        for (t, has) in [
            (RecordType::A, external || families[0]),
            (RecordType::Aaaa, external || families[1]),
            (RecordType::Cname, external),
            (RecordType::Srv, true),
        ] {
            if has {
                add(k.answer_section(&base, t), &base, &mut out);
            }
        }
        for p in svc.ports.iter().filter(|p| !p.name.is_empty()) {
            port_name(&mut n, &p.name, &p.protocol, &base);
            add(k.answer_section(&n, RecordType::Srv), &n, &mut out);
        }
        reverse_ips.extend(svc.cluster_ips.iter().copied());
        // Endpoint names, and headless port names from the slices.
        // Each name with the address families of its addresses: an
        // endpoint name's A and AAAA answers are exactly those addresses
        // (findServices), so only the families it has are asked.
        let mut ep_names: Vec<(Cow<str>, [bool; 2])> = Vec::new();
        let mut ep_names_seen = KeyMap::default();
        // Named slice ports, each once ignoring case (`port_name` writes
        // them in lower case).
        let mut slice_ports: Vec<(&str, &str)> = Vec::new();
        for s in k.index().slices_of(cluster, &svc.namespace, &svc.name) {
            for p in &s.ports {
                if let Some(pn) = p.name.as_deref().filter(|n| !n.is_empty()) {
                    if !slice_ports.iter().any(|(n, proto)| {
                        n.eq_ignore_ascii_case(pn) && proto.eq_ignore_ascii_case(&p.protocol)
                    }) {
                        slice_ports.push((pn, &p.protocol));
                    }
                }
            }
            for ep in s.endpoints.iter().filter(|e| object::endpoint_ready(e)) {
                for a in &ep.addresses {
                    reverse_ips.push(*a);
                    let h = endpoint_hostname(ep, a, cluster.config.endpoint_pod_names);
                    let family = usize::from(a.is_ipv6());
                    // The first few names are compared directly; the map
                    // holds those after them.
                    let i = match ep_names.iter().take(8).position(|(n, _)| *n == h) {
                        Some(i) => i,
                        None if ep_names.len() < 8 => ep_names.len(),
                        None => ep_names_seen.get_or_insert(&[h.as_bytes()], ep_names.len()),
                    };
                    if i == ep_names.len() {
                        ep_names.push((h, [false; 2]));
                    }
                    if let Some((_, families)) = ep_names.get_mut(i) {
                        families[family] = true;
                    }
                }
            }
        }
        if svc.headless {
            // Those the Service's own ports did not already name.
            slice_ports.retain(|(pn, proto)| {
                !svc.ports.iter().any(|p| {
                    !p.name.is_empty()
                        && p.name.eq_ignore_ascii_case(pn)
                        && p.protocol.eq_ignore_ascii_case(proto)
                })
            });
            for (pn, proto) in &slice_ports {
                port_name(&mut n, pn, proto, &base);
                add(k.answer_section(&n, RecordType::Srv), &n, &mut out);
            }
        }
        for (h, [v4, v6]) in ep_names {
            n.clear();
            n.push_str(&h);
            n.push('.');
            n.push_str(&base);
            for (t, has) in [
                (RecordType::A, v4),
                (RecordType::Aaaa, v6),
                (RecordType::Srv, true),
            ] {
                if has {
                    add(k.answer_section(&n, t), &n, &mut out);
                }
            }
        }
    }

    // Pods: under `pods insecure` every IP-shaped label answers; list the
    // IPs of pods that exist.
    if cluster.config.pods != PodsMode::Disabled {
        let mut pods: Vec<_> = cluster
            .pods
            .iter()
            .filter(|p| object::pod_listed(p))
            .collect();
        crate::support::sort::sort_by(&mut pods, |a, b| {
            (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name))
        });
        // Pods sharing an IP in a namespace share its name: asked once.
        // The pods of a namespace are together, so the IPs asked are
        // remembered per namespace.
        let mut asked: FastSet<IpAddr> = FastSet::default();
        let mut namespace = "";
        for p in pods {
            if p.namespace != namespace {
                namespace = &p.namespace;
                asked.clear();
            }
            for ip in &p.ips {
                if !asked.insert(*ip) {
                    continue;
                }
                n.clear();
                name::push_dashed_ip(&mut n, ip);
                for part in [".", &p.namespace, ".pod.", &zone] {
                    n.push_str(part);
                }
                let t = if ip.is_ipv4() {
                    RecordType::A
                } else {
                    RecordType::Aaaa
                };
                add(k.answer_section(&n, t), &n, &mut out);
            }
        }
    }

    // PTRs.
    crate::support::sort::sort_by(&mut reverse_ips, IpAddr::cmp);
    reverse_ips.dedup();
    for ip in reverse_ips {
        n.clear();
        name::push_reverse_name(&mut n, &ip);
        add(k.answer_section(&n, RecordType::Ptr), &n, &mut out);
    }
    out
}

/// `_<port>._<protocol>.<base>` into `out`, port and protocol in lower case.
fn port_name(out: &mut String, port: &str, protocol: &str, base: &str) {
    out.clear();
    out.push('_');
    out.push_str(port);
    out.push_str("._");
    out.push_str(protocol);
    out.make_ascii_lowercase();
    out.push('.');
    out.push_str(base);
}

/// Whether an ExternalName Service answers `<name>.<namespace>.svc`, and
/// the address families ([IPv4, IPv6]) of the cluster IPs and endpoint
/// addresses of the Services that do.
fn name_kinds(k: &Kubernetes<'_>, namespace: &str, name: &str) -> (bool, [bool; 2]) {
    let cluster = k.cluster();
    let mut external = false;
    let mut families = [false; 2];
    for svc in k.index().services(cluster, namespace, name) {
        external |= svc.service_type == ServiceType::ExternalName;
        let endpoints = k
            .index()
            .slices_of(cluster, &svc.namespace, &svc.name)
            .flat_map(|s| &s.endpoints)
            .flat_map(|e| &e.addresses);
        for ip in svc.cluster_ips.iter().chain(endpoints) {
            families[usize::from(ip.is_ipv6())] = true;
        }
    }
    (external, families)
}
