//! A response as `dig` (BIND 9's `dig`, as in `kubectl exec ... -- dig`)
//! prints it: the one presentation both shells show.
//!
//! The header flags are CoreDNS's: the kubernetes plugin's `ServeDNS`
//! (`plugin/kubernetes/handler.go`) answers with `m.SetReply(r)` (which
//! copies the question's RD bit) and `m.Authoritative = true`, and no
//! plugin in a kubeadm Corefile sets RA (only the `header` plugin can, on
//! request). So an answer from the cluster zone says `qr aa rd`, and dig
//! warns "recursion requested but not available". A question `forward`
//! hands upstream gets the upstream resolver's flags (`qr rd ra`); that
//! answer is not simulated.

use std::fmt::Write as _;

use crate::coredns::Response;
use crate::dns::{Record, RecordType};
use crate::resolver::Resolution;

/// What follows `dig` on a client pod's command line for `name`: with
/// `+search`, dig walks the pod's search list as its resolver does.
pub fn args(name: &str, qtype: RecordType) -> String {
    format!("+search {} {qtype}", name.trim())
}

/// `owner TTL IN TYPE rdata`, tab-separated as dig prints a record.
pub fn record(r: &Record) -> String {
    format!(
        "{}\t{}\tIN\t{}\t{}",
        r.owner,
        r.ttl,
        r.record_type(),
        r.rdata
    )
}

/// The header's flags: `qr`, `aa` when authoritative, `rd` (dig asks for
/// recursion), `ra` only from an upstream resolver.
pub fn flags(r: &Response) -> &'static str {
    match (r.authoritative, r.upstream) {
        (true, false) => "qr aa rd",
        (false, false) => "qr rd",
        (true, true) => "qr aa rd ra",
        (false, true) => "qr rd ra",
    }
}

/// dig's output for one response to `dig ARGS` sent to `server`: the
/// header, the question and every non-empty section, then the server.
pub fn response(args: &str, r: &Response, server: &str) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "; <<>> DiG <<>> {args}");
    let status = if r.upstream {
        "(forwarded upstream, not simulated)"
    } else {
        r.rcode.as_str()
    };
    let _ = writeln!(o, ";; ->>HEADER<<- opcode: QUERY, status: {status}, id: 0");
    let _ = writeln!(
        o,
        ";; flags: {}; QUERY: 1, ANSWER: {}, AUTHORITY: {}, ADDITIONAL: {}",
        flags(r),
        r.answer.len(),
        r.authority.len(),
        r.additional.len()
    );
    if !r.upstream {
        let _ = writeln!(o, ";; WARNING: recursion requested but not available");
    }
    let _ = writeln!(
        o,
        "\n;; QUESTION SECTION:\n;{}\t\tIN\t{}",
        r.question.name, r.question.qtype
    );
    for (title, records) in [
        ("ANSWER", &r.answer),
        ("AUTHORITY", &r.authority),
        ("ADDITIONAL", &r.additional),
    ] {
        if !records.is_empty() {
            let _ = writeln!(o, "\n;; {title} SECTION:");
            for rec in records {
                let _ = writeln!(o, "{}", record(rec));
            }
        }
    }
    let _ = writeln!(o, "\n;; SERVER: {server}#53({server}) (UDP)");
    o
}

/// The names a resolution tried, one a line, as dig comments: each with its
/// status, the one answered marked.
pub fn tried(res: &Resolution) -> String {
    let mut o = String::from(";; NAMES TRIED (search list, ndots:5):\n");
    for (i, (name, r)) in res.tried.iter().enumerate() {
        let mark = if res.answered == Some(i) {
            "  <- answered"
        } else {
            ""
        };
        let status = if r.upstream {
            "forwarded upstream (not simulated)"
        } else {
            r.status()
        };
        let _ = writeln!(o, ";   {name}  {status}{mark}");
    }
    o
}

/// Why: the search's sentences, then the answer's, as dig comments.
pub fn explanation(res: &Resolution) -> String {
    let mut o = String::from(";; EXPLANATION:\n");
    for e in crate::explain::reason::resolution_sentences(res) {
        let _ = writeln!(o, ";   {e}");
    }
    o
}

/// The whole text of a resolution: the response dig shows, the names the
/// search list tried and why (the CLI's `svcdns dig`; the playground draws
/// the last two as lists).
pub fn resolution(args: &str, res: &Resolution, server: &str) -> String {
    format!(
        "{}\n{}\n{}",
        response(args, &res.final_response, server),
        tried(res),
        explanation(res)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coredns::Kubernetes;
    use crate::resolver;
    use crate::{analyze, Input, Options};

    const MANIFEST: &str = "apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  clusterIP: None
  selector: {app: web}
  ports: [{name: http, port: 80}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-0, labels: {app: web}}
spec:
  containers: [{name: c, image: nginx}]
";

    fn cluster() -> crate::cluster::Cluster {
        let input = [Input {
            name: "m.yaml",
            text: MANIFEST,
        }];
        analyze(&input, &Options::default()).cluster
    }

    #[test]
    fn an_answer_from_the_cluster_zone_says_qr_aa_rd_as_coredns_sets_no_ra() {
        let c = cluster();
        let r = Kubernetes::new(&c).answer("web.default.svc.cluster.local.", RecordType::A);
        let out = response(&args("web", RecordType::A), &r, &resolver::nameserver(&c));
        assert!(out.starts_with("; <<>> DiG <<>> +search web A\n"), "{out}");
        assert!(
            out.contains(";; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 0\n;; WARNING: recursion requested but not available\n"),
            "{out}"
        );
        assert!(
            out.contains(";; ANSWER SECTION:\nweb.default.svc.cluster.local.\t30\tIN\tA\t10.244."),
            "{out}"
        );
        assert!(out.ends_with(";; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)\n"));
    }

    #[test]
    fn a_name_error_shows_the_soa_in_authority() {
        let c = cluster();
        let r = Kubernetes::new(&c).answer("nope.default.svc.cluster.local.", RecordType::A);
        let out = response("nope", &r, "x");
        assert!(out.contains("status: NXDOMAIN"), "{out}");
        assert!(out.contains(";; AUTHORITY SECTION:\ncluster.local.\t30\tIN\tSOA\t"));
        assert!(!out.contains(";; ANSWER SECTION:"));
    }

    #[test]
    fn a_name_outside_the_zone_is_forwarded_with_the_upstream_flags() {
        let c = cluster();
        let res = resolver::resolve(&c, "example.com.", RecordType::A, "default");
        let out = resolution("example.com. A", &res, "10.96.0.10");
        assert!(
            out.contains("status: (forwarded upstream, not simulated)"),
            "{out}"
        );
        assert!(out.contains(";; flags: qr rd ra;"), "{out}");
        assert!(!out.contains("WARNING"), "{out}");
        assert!(
            out.contains(";   example.com.  forwarded upstream (not simulated)\n"),
            "{out}"
        );
    }

    #[test]
    fn a_resolution_lists_the_names_tried_and_why() {
        let c = cluster();
        let res = resolver::resolve(&c, "web", RecordType::A, "default");
        let out = resolution(&args("web", RecordType::A), &res, "10.96.0.10");
        assert!(
            out.contains(
                ";; NAMES TRIED (search list, ndots:5):\n;   web.default.svc.cluster.local.  NOERROR  <- answered\n"
            ),
            "{out}"
        );
        let why = out.split(";; EXPLANATION:\n").nth(1).unwrap();
        assert_eq!(
            why.lines().count(),
            res.steps.len() + res.final_response.reasons.len()
        );
    }
}
