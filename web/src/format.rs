//! Printing the core's DNS responses the way `dig` and `nslookup` print
//! them. Presentation only: every record, rcode and section comes from the
//! core.

use std::fmt::Write as _;

use svcdns::cluster::Cluster;
use svcdns::coredns::Response;
use svcdns::dns::{RData, Record};

/// The cluster DNS Service's address (what a pod's resolv.conf names).
pub fn dns_server(cluster: &Cluster) -> String {
    cluster
        .service("kube-system", "kube-dns")
        .and_then(|s| s.cluster_ips.first())
        .map(|ip| ip.to_string())
        .unwrap_or_else(|| "10.96.0.10".into())
}

/// `dig`'s presentation of one response.
pub fn dig(command: &str, r: &Response, server: &str) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "; <<>> DiG <<>> {command}");
    let status = if r.upstream {
        "(forwarded upstream, not simulated)"
    } else {
        r.rcode.as_str()
    };
    let _ = writeln!(o, ";; ->>HEADER<<- opcode: QUERY, status: {status}");
    let _ = writeln!(
        o,
        ";; flags: qr{} rd ra; QUERY: 1, ANSWER: {}, AUTHORITY: {}, ADDITIONAL: {}",
        if r.authoritative { " aa" } else { "" },
        r.answer.len(),
        r.authority.len(),
        r.additional.len()
    );
    let _ = writeln!(
        o,
        "\n;; QUESTION SECTION:\n;{}\t\tIN\t{}",
        r.question.name, r.question.qtype
    );
    for (title, rs) in [
        ("ANSWER", &r.answer),
        ("AUTHORITY", &r.authority),
        ("ADDITIONAL", &r.additional),
    ] {
        if !rs.is_empty() {
            let _ = writeln!(o, "\n;; {title} SECTION:");
            for rec in rs {
                let _ = writeln!(o, "{}", dig_line(rec));
            }
        }
    }
    let _ = write!(o, "\n;; SERVER: {server}#53({server}) (UDP)");
    o
}

/// `owner TTL IN TYPE rdata`, tab-separated as dig prints it.
pub fn dig_line(r: &Record) -> String {
    format!(
        "{}\t{}\tIN\t{}\t{}",
        r.owner,
        r.ttl,
        r.record_type(),
        r.rdata
    )
}

/// `nslookup`'s presentation of one response, for the name asked as `asked`.
pub fn nslookup(asked: &str, r: &Response, server: &str) -> String {
    let mut o = format!("Server:\t\t{server}\nAddress:\t{server}#53\n\n");
    if r.upstream && r.answer.is_empty() {
        let _ = write!(
            o,
            ";; {} is outside the cluster zone: CoreDNS forwards it upstream (not simulated)",
            r.question.name
        );
        return o;
    }
    if !r.has_answers() {
        let name = asked.trim_end_matches('.');
        match r.rcode {
            svcdns::dns::Rcode::NoError => {
                let _ = write!(o, "*** Can't find {name}: No answer");
            }
            rc => {
                let _ = write!(o, "** server can't find {name}: {rc}");
            }
        }
        return o;
    }
    for rec in &r.answer {
        let owner = rec.owner.trim_end_matches('.');
        let _ = match &rec.rdata {
            RData::A(ip) => writeln!(o, "Name:\t{owner}\nAddress: {ip}"),
            RData::Aaaa(ip) => writeln!(o, "Name:\t{owner}\nAddress: {ip}"),
            RData::Cname(t) => writeln!(o, "{owner}\tcanonical name = {t}"),
            RData::Srv {
                priority,
                weight,
                port,
                target,
            } => writeln!(o, "{owner}\tservice = {priority} {weight} {port} {target}"),
            RData::Ptr(t) => writeln!(o, "{owner}\tname = {t}"),
            RData::Ns(t) => writeln!(o, "{owner}\tnameserver = {t}"),
            RData::Txt(_) => writeln!(o, "{owner}\ttext = {}", rec.rdata),
            RData::Soa { .. } => writeln!(o, "{owner}\n\torigin = {}", rec.rdata),
        };
    }
    o.truncate(o.trim_end().len());
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use svcdns::coredns::Kubernetes;
    use svcdns::dns::RecordType;

    fn cluster() -> Cluster {
        crate::model::run(crate::SAMPLE_MANIFEST, &Default::default()).cluster
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn dig_and_nslookup_of_a_regular_service() {
        let c = cluster();
        let k = Kubernetes::new(&c);
        let r = k.answer("my-regular-svc.default.svc.cluster.local.", RecordType::A);
        let d = dig("my-regular-svc", &r, &dns_server(&c));
        assert!(d.contains("status: NOERROR"), "{d}");
        assert!(
            d.contains(
                ";; ANSWER SECTION:\nmy-regular-svc.default.svc.cluster.local.\t30\tIN\tA\t10."
            ),
            "{d}"
        );
        let n = nslookup("my-regular-svc", &r, &dns_server(&c));
        assert!(
            n.contains("Name:\tmy-regular-svc.default.svc.cluster.local\nAddress: 10."),
            "{n}"
        );
        let nx = k.answer("nope.default.svc.cluster.local.", RecordType::A);
        assert!(nslookup("nope", &nx, "x").ends_with("** server can't find nope: NXDOMAIN"));
        assert!(dig("nope", &nx, "x").contains(";; AUTHORITY SECTION:"));
    }
}
