//! One test per bug found by the property tests and the fuzzers, named
//! after what broke. Minimized inputs live here or under
//! `tests/adversarial/`.

use std::collections::BTreeMap;

use svcdns::{analyze, Input, Options};

fn run(text: &str) -> svcdns::Analysis {
    analyze(
        &[Input {
            name: "regression.yaml",
            text,
        }],
        &Options::default(),
    )
}

/// Found by `properties::answers_do_not_depend_on_document_order`: pod IPs
/// are hashed from names, and a collision probes forward, so whichever pod
/// came first in the manifest took the hashed address. Reordering documents
/// swapped two pods' IPs (and their pod A records).
#[test]
fn pod_ip_allocation_on_hash_collision_does_not_depend_on_document_order() {
    // 60 pods on one node's /24 (254 addresses): hash collisions are
    // certain (birthday bound), so probing order matters.
    let docs: Vec<String> = (0..60)
        .map(|i| {
            format!(
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p{i}\n  namespace: ns{}\nspec:\n  nodeName: node-1\n  containers:\n  - name: c\n    image: busybox\n",
                i % 2
            )
        })
        .collect();
    let ips = |docs: &[String]| -> BTreeMap<String, Vec<std::net::IpAddr>> {
        let a = run(&docs.join("---\n"));
        a.cluster
            .pods
            .iter()
            .map(|p| (format!("{}/{}", p.namespace, p.name), p.ips.clone()))
            .collect()
    };
    let forward = ips(&docs);
    let mut reversed = docs.clone();
    reversed.reverse();
    assert_eq!(forward.len(), 62, "60 pods and CoreDNS's two");
    assert_eq!(forward, ips(&reversed));
    let mut rotated = docs.clone();
    rotated.rotate_left(17);
    assert_eq!(forward, ips(&rotated));
}
