//! `svcdns serve`'s packet path: arbitrary bytes as a DNS message from a
//! client, answered against a fixed cluster (the MySQL StatefulSet
//! example), as the server's socket loops call it.
//!
//! Input layout: byte 0 bit 0 picks TCP (else UDP), bit 1 an IPv6 client;
//! the rest is the message.
//!
//! Checks: no panic; a reply, when there is one, parses as a DNS message, is
//! a response (QR) to the same ID with at most one question, and fits the
//! transport (65,535 octets; over UDP the client's EDNS size, at least 512,
//! or 512 without EDNS).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use svcdns::cluster::Cluster;
use svcdns::coredns::Kubernetes;
use svcdns::{analyze, Input, Options};
use svcdns_cli::serve::wire::{self, Peer, Transport};

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

fuzz_target!(|data: &[u8]| {
    let Some((&mode, packet)) = data.split_first() else {
        return;
    };
    let peer = Peer {
        transport: if mode & 1 == 1 {
            Transport::Tcp
        } else {
            Transport::Udp
        },
        v6: mode & 2 == 2,
    };
    let k = Kubernetes::new(cluster());
    let ex = wire::handle(packet, peer, &k);
    let Some(reply) = ex.reply else {
        return;
    };
    assert!(reply.len() <= wire::MAX_MESSAGE);
    let limit = match peer.transport {
        Transport::Tcp => wire::MAX_MESSAGE,
        Transport::Udp => ex.edns.map_or(512, |(size, _)| usize::from(size).max(512)),
    };
    assert!(reply.len() <= limit, "{} > {limit}", reply.len());
    assert_eq!(&reply[..2], &packet[..2], "same ID");
    assert!(reply[2] & 0x80 != 0, "QR");
    let msg = domain::base::Message::from_octets(&reply[..]).expect("a header");
    assert!(msg.header_counts().qdcount() <= 1);
    for q in msg.question() {
        q.expect("the question parses");
    }
    let sections = msg.sections().expect("sections");
    for r in sections
        .1
        .flatten()
        .chain(sections.2.flatten())
        .chain(sections.3.flatten())
    {
        let _ = r;
    }
});
