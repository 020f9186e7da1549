//! An arbitrary query name and type against a fixed cluster (the MySQL
//! StatefulSet example): CoreDNS's answer and a client pod's resolution.
//!
//! Input layout: byte 0 picks the client namespace, bytes 1-2 the query
//! type (by number, so every TYPEnnn is reachable), the rest is the name.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use svcdns::cluster::Cluster;
use svcdns::dns::RecordType;
use svcdns::{analyze, Input, Options};
use svcdns::{coredns, resolver};

fn cluster() -> &'static Cluster {
    static CLUSTER: OnceLock<Cluster> = OnceLock::new();
    CLUSTER.get_or_init(|| {
        let text = include_str!("../../examples/mysql-statefulset.yaml");
        analyze(
            &[Input {
                name: "mysql-statefulset.yaml",
                text,
            }],
            &Options::default(),
        )
        .cluster
    })
}

const NAMESPACES: &[&str] = &["default", "kube-system", "nope", ""];

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let ns = NAMESPACES[data[0] as usize % NAMESPACES.len()];
    let qtype = RecordType::from_code(u16::from_be_bytes([data[1], data[2]]));
    let name = String::from_utf8_lossy(&data[3..]);
    let c = cluster();
    let r = coredns::answer(c, &name, qtype);
    let _ = r.status();
    let res = resolver::resolve(c, &name, qtype, ns);
    if let Some(i) = res.answered {
        assert!(i < res.tried.len(), "answered index out of range");
    }
});
