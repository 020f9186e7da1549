//! A response as `nslookup` (BIND 9's) prints it: the one presentation
//! both shells show.

use std::fmt::Write as _;

use crate::coredns::Response;
use crate::dns::{RData, Rcode, RecordType};

/// What follows `nslookup` on a client pod's command line for `name`.
pub fn args(name: &str, qtype: RecordType) -> String {
    format!("-type={qtype} {}", name.trim())
}

/// nslookup's output for the name asked as `asked`, answered by `server`.
pub fn response(asked: &str, r: &Response, server: &str) -> String {
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
        let name = asked.trim().trim_end_matches('.');
        let _ = match r.rcode {
            Rcode::NoError => write!(o, "*** Can't find {name}: No answer"),
            rc => write!(o, "** server can't find {name}: {rc}"),
        };
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
    use crate::coredns::Kubernetes;
    use crate::resolver;
    use crate::{analyze, Input, Options};

    const MANIFEST: &str = "apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80}]
";

    #[test]
    fn an_address_a_name_error_and_nodata() {
        let input = [Input {
            name: "m.yaml",
            text: MANIFEST,
        }];
        let c = analyze(&input, &Options::default()).cluster;
        let k = Kubernetes::new(&c);
        let server = resolver::nameserver(&c);
        let r = k.answer("web.default.svc.cluster.local.", RecordType::A);
        let out = response("web", &r, &server);
        assert!(
            out.starts_with("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tweb.default.svc.cluster.local\nAddress: 10."),
            "{out}"
        );
        let nx = k.answer("nope.default.svc.cluster.local.", RecordType::A);
        assert!(response("nope", &nx, "x").ends_with("** server can't find nope: NXDOMAIN"));
        let nodata = k.answer("web.default.svc.cluster.local.", RecordType::Aaaa);
        let out = response("web", &nodata, "x");
        assert!(out.ends_with("*** Can't find web: No answer"), "{out}");
    }
}
