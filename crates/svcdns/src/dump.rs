//! The simulated cluster as the API server lists it: what
//! `kubectl get svc,endpointslices,pods,statefulsets,deployments -A -o yaml`
//! prints for it (`svcdns dump`), plus the `kube-system/coredns` ConfigMap
//! when the manifests hold one (its Corefile shapes every answer).
//!
//! The core builds plain data ([`Value`], a `v1` `List` of objects with
//! their keys in the order kubectl prints them: sorted, as Go's JSON
//! encoding of a map sorts them); the shells serialize it (the CLI with
//! serde_yaml or serde_json). Read back, a dump is cluster state
//! (issue 14): every object carries a `uid`, pods name their controller in
//! `ownerReferences`, and the controllers' EndpointSlices carry the
//! `endpointslice.kubernetes.io/managed-by` label, so the controllers do not
//! make any of it again and every DNS question answers as before.

use std::net::IpAddr;
use std::sync::Arc;

use crate::api::{Object, Resource};
use crate::cluster::{Cluster, Endpoint, EndpointSlice, Origin, Pod, PodPhase, Service};
use crate::support::keymap::FastMap;
use crate::support::stable::stable_hash_parts;
use crate::yaml::{Node, ScalarKind};

/// A JSON value, as the API server returns objects.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating point number.
    Float(f64),
    /// A string.
    Str(String),
    /// A list.
    Seq(Vec<Value>),
    /// An object: keys sorted, as kubectl prints them.
    Map(Vec<(String, Value)>),
}

impl Value {
    fn str(s: impl Into<String>) -> Value {
        Value::Str(s.into())
    }

    /// An object from its fields, sorted by key (kubectl's order).
    fn map(mut fields: Vec<(&str, Value)>) -> Value {
        crate::support::sort::sort_by(&mut fields, |a, b| a.0.cmp(b.0));
        Value::Map(
            fields
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        )
    }

    fn string_map<'a>(entries: impl Iterator<Item = (&'a String, &'a String)>) -> Value {
        // BTreeMap iteration is already sorted.
        Value::Map(entries.map(|(k, v)| (k.clone(), Value::str(v))).collect())
    }

    /// The value at `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn set(&mut self, key: &str, value: Value) {
        if let Value::Map(m) = self {
            match m.iter_mut().find(|(k, _)| k == key) {
                Some((_, v)) => *v = value,
                None => {
                    let at = m.partition_point(|(k, _)| k.as_str() < key);
                    m.insert(at, (key.to_string(), value));
                }
            }
        }
    }
}

impl serde::Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Int(i) => s.serialize_i64(*i),
            Value::Float(f) => s.serialize_f64(*f),
            Value::Str(t) => s.serialize_str(t),
            Value::Seq(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for i in items {
                    seq.serialize_element(i)?;
                }
                seq.end()
            }
            Value::Map(fields) => {
                let mut map = s.serialize_map(Some(fields.len()))?;
                for (k, v) in fields {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

/// A written tree as JSON, keys sorted (scalars as YAML 1.1 resolved them).
fn from_node(node: &Node) -> Value {
    if let Some(entries) = node.as_map() {
        let mut fields: Vec<(String, Value)> = entries
            .iter()
            .map(|(k, v)| (k.key_text().to_string(), from_node(v)))
            .collect();
        crate::support::sort::sort_by(&mut fields, |a, b| a.0.cmp(&b.0));
        fields.dedup_by(|a, b| a.0 == b.0);
        return Value::Map(fields);
    }
    if let Some(items) = node.as_seq() {
        return Value::Seq(items.iter().map(from_node).collect());
    }
    match node.as_scalar() {
        Some(s) => match s.kind {
            ScalarKind::Null => Value::Null,
            ScalarKind::Bool(b) => Value::Bool(b),
            ScalarKind::Int(i) => Value::Int(i),
            ScalarKind::Float(f) => Value::Float(f),
            ScalarKind::Str => Value::str(&*s.text),
        },
        None => Value::Null,
    }
}

/// A stable `metadata.uid` (the API server makes a random UUID; the core
/// has no randomness): a function of the object's kind, namespace and name.
fn uid(kind: &str, namespace: &str, name: &str) -> String {
    let a = stable_hash_parts(&[kind, "/", namespace, "/", name]);
    let b = stable_hash_parts(&[name, "/", namespace, "/", kind]);
    let h = format!("{a:016x}{b:016x}");
    format!(
        "{}-{}-4{}-8{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

fn metadata(kind: &str, namespace: &str, name: &str, mut extra: Vec<(&str, Value)>) -> Value {
    extra.push(("name", Value::str(name)));
    extra.push(("namespace", Value::str(namespace)));
    extra.push(("uid", Value::str(uid(kind, namespace, name))));
    Value::map(extra)
}

fn ips(list: &[IpAddr]) -> Value {
    Value::Seq(list.iter().map(|ip| Value::str(ip.to_string())).collect())
}

fn family(ip: &IpAddr) -> &'static str {
    if ip.is_ipv4() {
        "IPv4"
    } else {
        "IPv6"
    }
}

fn service(s: &Service) -> Value {
    let mut spec: Vec<(&str, Value)> = vec![("type", Value::str(s.service_type.as_str()))];
    if let Some(name) = &s.external_name {
        spec.push(("externalName", Value::str(name)));
    } else if s.headless {
        spec.push(("clusterIP", Value::str("None")));
        spec.push(("clusterIPs", Value::Seq(vec![Value::str("None")])));
    } else if let Some(first) = s.cluster_ips.first() {
        spec.push(("clusterIP", Value::str(first.to_string())));
        spec.push(("clusterIPs", ips(&s.cluster_ips)));
        spec.push((
            "ipFamilies",
            Value::Seq(
                s.cluster_ips
                    .iter()
                    .map(|ip| Value::str(family(ip)))
                    .collect(),
            ),
        ));
        spec.push((
            "ipFamilyPolicy",
            Value::str(if s.cluster_ips.len() > 1 {
                "RequireDualStack"
            } else {
                "SingleStack"
            }),
        ));
    }
    if !s.ports.is_empty() {
        let ports = s
            .ports
            .iter()
            .map(|p| {
                let mut port = vec![
                    ("port", Value::Int(p.port.into())),
                    ("protocol", Value::str(&p.protocol)),
                ];
                if !p.name.is_empty() {
                    port.push(("name", Value::str(&p.name)));
                }
                if s.external_name.is_none() {
                    port.push((
                        "targetPort",
                        match &p.target_port {
                            crate::cluster::TargetPort::Number(n) => Value::Int((*n).into()),
                            crate::cluster::TargetPort::Name(n) => Value::str(n),
                        },
                    ));
                }
                Value::map(port)
            })
            .collect();
        spec.push(("ports", Value::Seq(ports)));
    }
    if let Some(sel) = &s.selector {
        spec.push(("selector", Value::string_map(sel.iter())));
    }
    if s.publish_not_ready_addresses {
        spec.push(("publishNotReadyAddresses", Value::Bool(true)));
    }
    Value::map(vec![
        ("apiVersion", Value::str("v1")),
        ("kind", Value::str("Service")),
        (
            "metadata",
            metadata("Service", &s.namespace, &s.name, Vec::new()),
        ),
        ("spec", Value::map(spec)),
        (
            "status",
            Value::map(vec![("loadBalancer", Value::Map(Vec::new()))]),
        ),
    ])
}

fn endpoint(e: &Endpoint) -> Value {
    let mut conditions = Vec::new();
    for (key, value) in [
        ("ready", e.ready),
        ("serving", e.serving),
        ("terminating", e.terminating),
    ] {
        if let Some(v) = value {
            conditions.push((key, Value::Bool(v)));
        }
    }
    let mut fields = vec![
        ("addresses", ips(&e.addresses)),
        ("conditions", Value::map(conditions)),
    ];
    if let Some(h) = &e.hostname {
        fields.push(("hostname", Value::str(h)));
    }
    if let Some(n) = &e.node_name {
        fields.push(("nodeName", Value::str(n)));
    }
    if let Some(r) = &e.target_ref {
        fields.push((
            "targetRef",
            Value::map(vec![
                ("kind", Value::str(&r.kind)),
                ("name", Value::str(&r.name)),
                ("namespace", Value::str(&r.namespace)),
            ]),
        ));
    }
    Value::map(fields)
}

/// The written objects by `(kind, namespace, name)`, so that a dump of
/// 10,000 objects finds each pod's template without a scan.
type Written<'a> = FastMap<(&'a str, &'a str, &'a str), &'a Object>;

fn endpoint_slice(s: &EndpointSlice, objects: &Written) -> Value {
    let mut labels: Vec<(&str, Value)> = Vec::new();
    let written_labels = match &s.origin {
        Origin::Manifest(_) => objects
            .get(&("EndpointSlice", s.namespace.as_str(), s.name.as_str()))
            .and_then(|o| match &o.resource {
                Resource::EndpointSlice(e) => Some(&e.metadata.labels),
                _ => None,
            }),
        _ => None,
    };
    let managed_by = match &s.origin {
        // pkg/controller/endpointslice and endpointslicemirroring
        // `ControllerName`, set as `discovery.LabelManagedBy`.
        Origin::Controller {
            controller: "endpointslice-controller",
            ..
        } => Some("endpointslice-controller.k8s.io"),
        Origin::Controller {
            controller: "endpointslicemirroring-controller",
            ..
        } => Some("endpointslicemirroring-controller.k8s.io"),
        _ => None,
    };
    let mut extra = Vec::new();
    let mut owner = None;
    if let Some(m) = managed_by {
        labels.push(("endpointslice.kubernetes.io/managed-by", Value::str(m)));
        owner = Some(("v1", "Service"));
        if m.starts_with("endpointslicemirroring") {
            owner = Some(("v1", "Endpoints"));
        }
    }
    if let Some(svc) = &s.service_name {
        labels.push(("kubernetes.io/service-name", Value::str(svc)));
    }
    let mut labels = Value::map(labels);
    if let Some(written) = written_labels {
        for (k, v) in written {
            labels.set(k, Value::str(v));
        }
    }
    extra.push(("labels", labels));
    if let (Some((api, kind)), Some(svc)) = (owner, &s.service_name) {
        extra.push((
            "ownerReferences",
            Value::Seq(vec![owner_reference(api, kind, &s.namespace, svc)]),
        ));
    }
    let ports = s
        .ports
        .iter()
        .map(|p| {
            let mut port = vec![("protocol", Value::str(&p.protocol))];
            if let Some(n) = p.name.as_deref() {
                port.push(("name", Value::str(n)));
            }
            if let Some(n) = p.port {
                port.push(("port", Value::Int(n.into())));
            }
            Value::map(port)
        })
        .collect();
    let address_type = match s.address_type {
        crate::cluster::AddressType::IPv4 => "IPv4",
        crate::cluster::AddressType::IPv6 => "IPv6",
        crate::cluster::AddressType::Fqdn => "FQDN",
    };
    Value::map(vec![
        ("addressType", Value::str(address_type)),
        ("apiVersion", Value::str("discovery.k8s.io/v1")),
        (
            "endpoints",
            Value::Seq(s.endpoints.iter().map(endpoint).collect()),
        ),
        ("kind", Value::str("EndpointSlice")),
        (
            "metadata",
            metadata("EndpointSlice", &s.namespace, &s.name, extra),
        ),
        ("ports", Value::Seq(ports)),
    ])
}

fn owner_reference(api_version: &str, kind: &str, namespace: &str, name: &str) -> Value {
    Value::map(vec![
        ("apiVersion", Value::str(api_version)),
        ("blockOwnerDeletion", Value::Bool(true)),
        ("controller", Value::Bool(true)),
        ("kind", Value::str(kind)),
        ("name", Value::str(name)),
        ("uid", Value::str(uid(kind, namespace, name))),
    ])
}

/// The pod spec a pod was made from: its own (written pods) or its
/// controller's template.
fn pod_spec(p: &Pod, objects: &Written) -> Value {
    let spec_node = match &p.origin {
        Origin::Manifest(_) => objects
            .get(&("Pod", p.namespace.as_str(), p.name.as_str()))
            .and_then(|o| o.node.get("spec")),
        Origin::Controller { owner, .. } => {
            let mut parts = owner.splitn(3, '/');
            let key = (
                parts.next().unwrap_or(""),
                parts.next().unwrap_or(""),
                parts.next().unwrap_or(""),
            );
            objects
                .get(&key)
                .and_then(|o| o.node.lookup("spec.template.spec"))
        }
        Origin::Builtin => None,
    };
    let mut spec = spec_node.map(from_node).unwrap_or_else(|| {
        // kubeadm's CoreDNS pods.
        let ports = p
            .container_ports
            .iter()
            .map(|c| {
                Value::map(vec![
                    ("containerPort", Value::Int(c.container_port.into())),
                    ("name", Value::str(&c.name)),
                    ("protocol", Value::str(&c.protocol)),
                ])
            })
            .collect();
        Value::map(vec![(
            "containers",
            Value::Seq(vec![Value::map(vec![
                (
                    "image",
                    Value::str("registry.k8s.io/coredns/coredns:v1.12.0"),
                ),
                ("name", Value::str("coredns")),
                ("ports", Value::Seq(ports)),
            ])]),
        )])
    });
    if !matches!(spec, Value::Map(_)) {
        spec = Value::Map(Vec::new());
    }
    if let Some(h) = &p.hostname {
        spec.set("hostname", Value::str(h));
    }
    if let Some(s) = &p.subdomain {
        spec.set("subdomain", Value::str(s));
    }
    if let Some(n) = &p.node_name {
        spec.set("nodeName", Value::str(n));
    }
    spec
}

fn pod(p: &Pod, objects: &Written) -> Value {
    let mut extra = vec![("labels", Value::string_map(p.labels.iter()))];
    if let Some(o) = &p.owner {
        extra.push((
            "ownerReferences",
            Value::Seq(vec![owner_reference(
                if o.kind == "ReplicationController" {
                    "v1"
                } else {
                    "apps/v1"
                },
                &o.kind,
                &o.namespace,
                &o.name,
            )]),
        ));
    }
    let phase = match p.phase {
        PodPhase::Pending => "Pending",
        PodPhase::Running => "Running",
        PodPhase::Succeeded => "Succeeded",
        PodPhase::Failed => "Failed",
        PodPhase::Unknown => "Unknown",
    };
    let mut status = vec![
        ("phase", Value::str(phase)),
        (
            "conditions",
            Value::Seq(vec![Value::map(vec![
                ("status", Value::str(if p.ready { "True" } else { "False" })),
                ("type", Value::str("Ready")),
            ])]),
        ),
    ];
    if let Some(first) = p.ips.first() {
        status.push(("podIP", Value::str(first.to_string())));
        status.push((
            "podIPs",
            Value::Seq(
                p.ips
                    .iter()
                    .map(|ip| Value::map(vec![("ip", Value::str(ip.to_string()))]))
                    .collect(),
            ),
        ));
    }
    Value::map(vec![
        ("apiVersion", Value::str("v1")),
        ("kind", Value::str("Pod")),
        ("metadata", metadata("Pod", &p.namespace, &p.name, extra)),
        ("spec", pod_spec(p, objects)),
        ("status", Value::map(status)),
    ])
}

/// A written object (a workload, the coredns ConfigMap) as the API server
/// returns it: as written, in its namespace, with a `uid`.
fn workload(o: &Object) -> Value {
    let mut v = from_node(&o.node);
    if !matches!(v, Value::Map(_)) {
        return v;
    }
    let mut meta = v.get("metadata").cloned().unwrap_or(Value::Map(Vec::new()));
    if !matches!(meta, Value::Map(_)) {
        meta = Value::Map(Vec::new());
    }
    meta.set("namespace", Value::str(&o.namespace));
    meta.set("uid", Value::str(uid(&o.kind, &o.namespace, &o.name)));
    v.set("metadata", meta);
    v
}

/// The cluster as `kubectl get svc,endpointslices,pods,statefulsets,deployments
/// -A -o yaml` lists it: a `v1` `List`, each kind in that order, each
/// sorted by namespace and name (the API server lists by key).
pub fn dump(objects: &[Arc<Object>], accepted: &[bool], cluster: &Cluster) -> Value {
    let live: Vec<&Object> = objects
        .iter()
        .zip(accepted.iter().copied().chain(std::iter::repeat(false)))
        .filter(|(o, ok)| *ok && !o.decode_failed)
        .map(|(o, _)| &**o)
        .collect();
    let mut written: Written = FastMap::with_capacity_and_hasher(live.len(), Default::default());
    for o in &live {
        written.insert((&o.kind, &o.namespace, &o.name), o);
    }
    let mut items = Vec::new();

    let mut services: Vec<&Service> = cluster.services.iter().collect();
    crate::support::sort::sort_by(&mut services, |a, b| {
        (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name))
    });
    items.extend(services.into_iter().map(service));

    let mut slices: Vec<&EndpointSlice> = cluster.endpoint_slices.iter().collect();
    crate::support::sort::sort_by(&mut slices, |a, b| {
        (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name))
    });
    items.extend(slices.into_iter().map(|s| endpoint_slice(s, &written)));

    let mut pods: Vec<&Pod> = cluster.pods.iter().collect();
    crate::support::sort::sort_by(&mut pods, |a, b| {
        (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name))
    });
    items.extend(pods.into_iter().map(|p| pod(p, &written)));

    for kind in ["StatefulSet", "Deployment"] {
        let mut of_kind: Vec<&Object> = live.iter().copied().filter(|o| o.kind == kind).collect();
        crate::support::sort::sort_by(&mut of_kind, |a, b| {
            (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name))
        });
        items.extend(of_kind.into_iter().map(workload));
    }
    // The Corefile in effect, when the manifests set it: without it the
    // dump read back would answer with kubeadm's (another TTL, other
    // options). `kubectl get ... ,configmap/coredns -n kube-system` adds it.
    items.extend(
        live.iter()
            .filter(|o| {
                o.kind == "ConfigMap" && o.namespace == "kube-system" && o.name == "coredns"
            })
            .map(|o| workload(o)),
    );

    Value::map(vec![
        ("apiVersion", Value::str("v1")),
        ("items", Value::Seq(items)),
        ("kind", Value::str("List")),
        (
            "metadata",
            Value::map(vec![("resourceVersion", Value::str(""))]),
        ),
    ])
}
