//! API-server validation: what `kubectl apply`/`create` would be told for
//! each decoded object, created in manifest order against one simulated
//! cluster (Kubernetes 1.35, default feature gates).
//!
//! The cluster is the profile's ([`crate::profile::Profile`]): its service
//! ranges and ready ServiceCIDRs, families and NodePort range make the
//! Service allocators ([`Allocations::for_profile`]), with the kubernetes
//! and kube-dns addresses taken (the default, kubeadm: `10.96.0.0/12`,
//! `10.96.0.1`, `10.96.0.10`, `30000-32767`). Explicit cluster IPs and node
//! ports of earlier accepted Services are taken too; randomly
//! auto-allocated ones are not simulated.
//!
//! Never panics: every input only adds errors.

pub mod endpoints;
pub mod field;
pub mod meta;
pub mod pod;
pub mod service;
pub mod statefulset;
pub mod workload;

use crate::api::{format, Object, Resource};
use crate::diag::{Code, Diagnostic, DiagnosticSource, Location, Severity};
use crate::support::keymap;
use crate::yaml::{Node, Pos};
use std::sync::Arc;

pub use field::{ErrorType, FieldError, RenderedValue};
pub use service::{Allocations, DefaultedService};

/// The validation result of one object.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ObjectValidation {
    /// Field errors, in emission order (empty when accepted).
    pub errors: Vec<FieldError>,
    /// An allocator InternalError's text (HTTP 500), if that is the answer.
    pub internal_error: Option<String>,
    /// Warnings (`Warning: ` not included), for accepted objects.
    pub warnings: Vec<String>,
    /// What kubectl prints when the object is rejected.
    pub kubectl_message: Option<String>,
    /// What `kubectl apply` prints for it when two or more objects of the
    /// apply are rejected: one line of its aggregate error.
    pub kubectl_apply_line: Option<String>,
}

impl ObjectValidation {
    /// Whether the API server accepts the object.
    pub fn accepted(&self) -> bool {
        self.errors.is_empty() && self.internal_error.is_none()
    }
}

/// The Service spec as the API server sees it before validation
/// (defaulted, cluster IPs normalised, IP families initialised when that
/// succeeds). Auto-allocated cluster IPs and node ports stay empty/0.
pub fn defaulted_service(svc: &crate::api::Service) -> DefaultedService {
    let mut alloc = Allocations::default();
    service::create(svc, &mut alloc).0
}

/// Whether `spec.template.metadata.labels` is written (kubectl prints an
/// absent map as `null`, an empty one as `{}`).
fn template_labels_written(obj: &Object) -> bool {
    obj.node
        .get("spec")
        .and_then(|s| s.get("template"))
        .and_then(|t| t.get("metadata"))
        .and_then(|m| m.get("labels"))
        .is_some_and(|l| !l.is_null())
}

/// Validate one object as a create, against (and updating) the cluster's
/// allocations. `file_name` is used by InternalError messages.
pub fn validate_object(obj: &Object, alloc: &mut Allocations, file_name: &str) -> ObjectValidation {
    let mut out = ObjectValidation::default();
    if obj.decode_failed {
        return out;
    }
    // The object's metadata, for its name in kubectl's message.
    let metadata;
    match &obj.resource {
        Resource::Service(svc) => {
            let (_, o) = service::create(svc, alloc);
            metadata = &svc.metadata;
            out.errors = o.errors;
            out.warnings = o.warnings;
            if let Some((_, detail)) = o.internal {
                out.kubectl_message = Some(field::kubectl_internal(file_name, &detail));
                out.kubectl_apply_line = out.kubectl_message.clone();
                out.internal_error = Some(detail);
                return out;
            }
        }
        Resource::StatefulSet(sts) => {
            out.errors = statefulset::validate(sts, template_labels_written(obj));
            metadata = &sts.metadata;
        }
        Resource::Pod(pod) => {
            out.errors = pod::validate(pod);
            metadata = &pod.metadata;
        }
        Resource::Endpoints(ep) => {
            out.errors = endpoints::validate_endpoints(ep);
            metadata = &ep.metadata;
        }
        Resource::EndpointSlice(es) => {
            out.errors = endpoints::validate_endpoint_slice(es);
            metadata = &es.metadata;
        }
        Resource::Namespace(ns) => {
            out.errors = meta::object_meta(&ns.metadata, false, meta::NameRule::Dns1123Label);
            metadata = &ns.metadata;
        }
        Resource::ConfigMap(cm) => {
            out.errors = meta::object_meta(&cm.metadata, true, meta::NameRule::Dns1123Subdomain);
            for k in cm.data.keys() {
                for m in format::config_map_key(k) {
                    out.errors.push(FieldError::invalid(
                        &format!("data[{k}]"),
                        RenderedValue::Str(k.clone()),
                        &m,
                    ));
                }
            }
            metadata = &cm.metadata;
        }
        Resource::Deployment(w) | Resource::ReplicaSet(w) | Resource::DaemonSet(w) => {
            let kind = match &obj.resource {
                Resource::Deployment(_) => workload::Kind::Deployment,
                Resource::ReplicaSet(_) => workload::Kind::ReplicaSet,
                _ => workload::Kind::DaemonSet,
            };
            out.errors = workload::validate(kind, w, template_labels_written(obj));
            metadata = &w.metadata;
        }
        Resource::ReplicationController(rc) => {
            out.errors = workload::validate_replication_controller(
                rc,
                obj.node
                    .lookup("spec.template")
                    .is_some_and(|t| !t.is_null()),
            );
            metadata = &rc.metadata;
        }
        Resource::Other => return out,
    }
    if !out.errors.is_empty() {
        out.warnings.clear();
        let name = meta::effective_name(metadata);
        out.kubectl_message = Some(field::kubectl_invalid(&obj.kind, &name, &out.errors));
        let group = obj.api_version.split_once('/').map_or("", |(g, _)| g);
        out.kubectl_apply_line = Some(field::kubectl_apply_invalid(
            file_name,
            &obj.kind,
            group,
            &name,
            &out.errors,
        ));
    }
    out
}

/// Validate every decoded object in manifest order (creation order, so
/// allocations build up), one diagnostic per field error and per warning.
pub fn validate_all(objects: &[Arc<Object>], file_names: &[String]) -> Vec<Diagnostic> {
    validate_and_accept(objects, file_names).0
}

/// [`validate_all`], plus whether each object is accepted and stands in the
/// cluster (same index as `objects`; decode failures are not accepted) and
/// whether it was accepted and then replaced by a later document with the
/// same kind, namespace and name (kubectl apply: created, then
/// configured).
pub fn validate_and_accept(
    objects: &[Arc<Object>],
    file_names: &[String],
) -> (Vec<Diagnostic>, Vec<bool>, Vec<bool>) {
    validate_and_accept_cached(
        objects,
        file_names,
        &crate::profile::Profile::default(),
        0,
        None,
    )
}

/// [`validate_and_accept`], taking from `cache` what validation said of an
/// object it validated before (the same `Arc`). Only objects whose
/// validation depends on nothing else are cached: a Service's depends on
/// the Services created before it (the allocator), so Services are always
/// validated again. `client_errors` counts the errors kubectl's apply had
/// before sending anything (YAML errors, documents that are no object):
/// with the decode failures and the rejected objects, they decide whether
/// kubectl prints its errors one by one or as an aggregate.
pub fn validate_and_accept_cached(
    objects: &[Arc<Object>],
    file_names: &[String],
    profile: &crate::profile::Profile,
    client_errors: usize,
    mut cache: Option<&mut ValidationCache>,
) -> (Vec<Diagnostic>, Vec<bool>, Vec<bool>) {
    // A written `default/kubernetes` or `kube-system/kube-dns` Service (a
    // dump of a cluster) is the one holding the pre-allocated address: it
    // takes the built-in one's place instead of colliding with it.
    let written: Vec<(&str, &str)> = objects
        .iter()
        .filter(|o| matches!(o.resource, Resource::Service(_)))
        .map(|o| (o.namespace.as_str(), o.name.as_str()))
        .filter(|key| {
            matches!(
                *key,
                ("default", "kubernetes") | ("kube-system", "kube-dns")
            )
        })
        .collect();
    let mut alloc = Allocations::for_profile_with(profile, &written);
    let mut diags = Vec::new();
    let mut accepted = Vec::with_capacity(objects.len());
    // The diagnostics of each rejected object, and its line of an apply's
    // aggregate error.
    let mut rejected: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut failures = client_errors;
    for obj in objects {
        if obj.decode_failed {
            accepted.push(false);
            failures += 1;
            continue;
        }
        let file_name = file_names
            .get(obj.file as usize)
            .map(String::as_str)
            .unwrap_or("");
        let mut memo = match &obj.resource {
            Resource::Service(_) => None,
            _ => cache.as_deref_mut(),
        };
        let before = diags.len();
        if let Some(hit) = memo.as_deref_mut().and_then(|c| c.get(obj, file_name)) {
            accepted.push(hit.accepted);
            diags.extend(hit.diags.iter().cloned());
            if let Some(line) = &hit.apply_line {
                rejected.push((before..diags.len(), line.clone()));
            }
            continue;
        }
        let v = validate_object(obj, &mut alloc, file_name);
        accepted.push(v.accepted());
        object_diagnostics(obj, &v, &mut diags);
        if let Some(line) = &v.kubectl_apply_line {
            rejected.push((before..diags.len(), line.clone()));
        }
        if let Some(c) = memo {
            c.insert(
                obj,
                file_name,
                v.accepted(),
                diags[before..].to_vec(),
                v.kubectl_apply_line,
            );
        }
    }
    // `kubectl apply` returns one error as is (`The Service "a" is
    // invalid: ...`) but two or more as an aggregate, printed one line per
    // object (`Error from server (Invalid): error when creating ...`).
    // Every error of the apply counts (k8s.io/kubectl apply.go `Run`:
    // the builder's errors, then each object's create), so a decode
    // failure does too: its own line reads the same either way.
    if failures + rejected.len() >= 2 {
        for (range, line) in rejected {
            for d in &mut diags[range] {
                if d.severity == Severity::Error {
                    d.message.clone_from(&line);
                }
            }
        }
    }
    let replaced = supersede_duplicates(objects, &mut accepted, &mut diags);
    (diags, accepted, replaced)
}

/// The diagnostics of one object's validation: one per field error and per
/// warning.
fn object_diagnostics(obj: &Object, v: &ObjectValidation, diags: &mut Vec<Diagnostic>) {
    let loc = |pos: Pos| Location {
        file: obj.file,
        document: obj.document,
        line: pos.line,
        column: pos.column,
    };
    let message = v.kubectl_message.clone().unwrap_or_default();
    if let Some(detail) = &v.internal_error {
        diags.push(Diagnostic {
            severity: Severity::Error,
            source: DiagnosticSource::ApiServer,
            code: Code::Field(ErrorType::Internal),
            object: Some(obj.id()),
            field: None,
            error_type: Some(ErrorType::Internal.as_str().to_string()),
            detail: detail.clone(),
            message: message.clone(),
            consequence: None,
            fix: None,
            location: loc(locate_field(obj, "spec.healthCheckNodePort")),
        });
    }
    for e in &v.errors {
        let (consequence, fix) = what_it_means(obj, &e.field);
        diags.push(Diagnostic {
            severity: Severity::Error,
            source: DiagnosticSource::ApiServer,
            code: Code::Field(e.error_type),
            object: Some(obj.id()),
            field: Some(e.field.clone()),
            error_type: Some(e.error_type.as_str().to_string()),
            detail: e.detail.clone(),
            message: message.clone(),
            consequence: consequence.map(str::to_string),
            fix: fix.map(str::to_string),
            location: loc(locate_field(obj, &e.field)),
        });
    }
    for w in &v.warnings {
        let field = w
            .split_once(": ")
            .map(|(f, _)| f)
            .filter(|f| f.starts_with("spec.") && !f.contains(' '));
        let pos = match field {
            Some(f) => locate_field(obj, f),
            None => obj.node.pos,
        };
        let mut d = Diagnostic::plain(
            Severity::Warning,
            DiagnosticSource::ApiServer,
            Code::ApiWarning,
            format!("Warning: {w}"),
            loc(pos),
        )
        .with_object(obj.id());
        d.detail = w.clone();
        if let Some(f) = field {
            d.field = Some(f.to_string());
        }
        diags.push(d);
    }
}

/// What an API-server error means for DNS and how to fix it, where
/// kubectl's words do not say (the playground shows both).
fn what_it_means(obj: &Object, field: &str) -> (Option<&'static str>, Option<&'static str>) {
    match (&obj.resource, field) {
        (Resource::StatefulSet(_), "spec.serviceName") => (
            Some(
                "The controller copies serviceName into each pod's spec.subdomain, the middle \
                 label of its DNS name, so it must be one DNS label; the StatefulSet is refused \
                 and has no pods and no DNS names.",
            ),
            Some(
                "Set serviceName to the bare name of a headless Service in the same namespace \
                 (not a dotted or fully qualified name).",
            ),
        ),
        // ValidateService (validateClusterIPFlags): clusterIP None with
        // type NodePort or LoadBalancer.
        (Resource::Service(svc), "spec.clusterIP" | "spec.clusterIPs[0]")
            if svc.spec.cluster_ip.as_deref() == Some("None")
                && matches!(
                    svc.spec.service_type.as_deref(),
                    Some("NodePort" | "LoadBalancer")
                ) =>
        {
            (
                Some(
                    "A NodePort or LoadBalancer Service sends outside traffic to its cluster IP, \
                     so it cannot be headless. The API server refuses the whole Service: it does \
                     not exist, its name gives NXDOMAIN and no EndpointSlice is made for it.",
                ),
                Some(
                    "For per-pod DNS names keep a headless Service (remove the type line, keep \
                     clusterIP: None); for traffic from outside add a second Service of type \
                     NodePort with the same selector and no clusterIP line.",
                ),
            )
        }
        _ => (None, None),
    }
}

/// What validation said of objects validated before, by the object's
/// identity (the same `Arc`, which the entry holds, so its address cannot
/// be reused) and its file's name (kubectl's messages name it). The decode
/// cache gives a keystroke's untouched documents the same objects, so
/// their validation is not run again.
#[derive(Default)]
pub struct ValidationCache {
    /// Object address to its position in `entries` (the cluster index's
    /// table type: no other hash table in the bundle).
    by_object: crate::support::keymap::KeyMap,
    entries: Vec<Validated>,
}

impl std::fmt::Debug for ValidationCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ValidationCache({} objects)", self.entries.len())
    }
}

struct Validated {
    object: Arc<Object>,
    file_name: String,
    accepted: bool,
    diags: Vec<Diagnostic>,
    apply_line: Option<String>,
    used: bool,
}

/// The key of an object in [`ValidationCache`]: its address.
fn object_address(o: &Arc<Object>) -> [u8; 8] {
    (Arc::as_ptr(o) as usize as u64).to_le_bytes()
}

impl ValidationCache {
    /// After a read: drop the entries it did not use, once they are half of
    /// the cache ([`crate::support::cache::sweep_unused`]).
    pub fn sweep(&mut self) {
        if crate::support::cache::sweep_unused(&mut self.entries, |e| &mut e.used) {
            self.by_object = Default::default();
            for (i, e) in self.entries.iter().enumerate() {
                self.by_object
                    .get_or_insert(&[&object_address(&e.object)], i);
            }
        }
    }

    fn get(&mut self, object: &Arc<Object>, file_name: &str) -> Option<&Validated> {
        let i = self.by_object.get(&[&object_address(object)])?;
        let e = self
            .entries
            .get_mut(i)
            .filter(|e| Arc::ptr_eq(&e.object, object) && e.file_name == file_name)?;
        e.used = true;
        Some(e)
    }

    fn insert(
        &mut self,
        object: &Arc<Object>,
        file_name: &str,
        accepted: bool,
        diags: Vec<Diagnostic>,
        apply_line: Option<String>,
    ) {
        self.by_object
            .get_or_insert(&[&object_address(object)], self.entries.len());
        self.entries.push(Validated {
            object: object.clone(),
            file_name: file_name.to_string(),
            accepted,
            diags,
            apply_line,
            used: true,
        });
    }
}

/// `kubectl apply` sends the documents in order: a later object with the
/// same kind, namespace and name is an update of the earlier one
/// (`applyOneObject` patches what exists), so only the last accepted one
/// stands. Each earlier one is marked not accepted and replaced (the
/// result), with a warning at the later one.
fn supersede_duplicates(
    objects: &[Arc<Object>],
    accepted: &mut [bool],
    diags: &mut Vec<Diagnostic>,
) -> Vec<bool> {
    let mut replaced = vec![false; objects.len()];
    // Positions by (kind, namespace, name), on the index's table type (one
    // hash-table copy in the bundle); the last position is the one standing.
    let mut written = keymap::Table::default();
    for (i, obj) in objects.iter().enumerate() {
        if !accepted[i] || obj.name.is_empty() {
            continue;
        }
        let key = keymap::Key::new(&[
            obj.kind.as_bytes(),
            obj.namespace.as_bytes(),
            obj.name.as_bytes(),
        ]);
        let prev = keymap::get(&written, &key).last().copied();
        keymap::add(&mut written, key, i);
        if let Some(prev) = prev {
            accepted[prev] = false;
            replaced[prev] = true;
            let earlier = &objects[prev];
            let pos = locate_field(obj, "metadata.name");
            diags.push(
                Diagnostic::plain(
                    Severity::Warning,
                    DiagnosticSource::ApiServer,
                    Code::DuplicateObject,
                    format!(
                        "{} is also written in document {} (line {}): kubectl apply creates it from that one ('created'), then updates it with this one ('configured'), so only this one's spec exists in the cluster",
                        obj.id(),
                        earlier.document + 1,
                        earlier.node.pos.line
                    ),
                    Location {
                        file: obj.file,
                        document: obj.document,
                        line: pos.line,
                        column: pos.column,
                    },
                )
                .with_object(obj.id())
                .with_field("metadata.name"),
            );
        }
    }
    replaced
}

/// Whether the whole path is written.
fn written(node: &Node, path: &str) -> bool {
    node.lookup(path).is_some()
}

/// Where the field an error names is written; for defaulted or renamed
/// fields, the field the user wrote that produced the value (`clusterIPs`
/// defaulted from `clusterIP`, `targetPort` from `port`, ...).
pub fn locate_field(obj: &Object, field: &str) -> Pos {
    let node = &obj.node;
    if written(node, field) {
        return node.locate(field);
    }
    let mut candidates: Vec<String> = Vec::new();
    if let Some(rest) = field.strip_prefix("spec.LoadBalancerSourceRanges") {
        candidates.push(format!("spec.loadBalancerSourceRanges{rest}"));
    }
    if let Some(rest) = field.strip_prefix("spec.template.labels") {
        candidates.push(format!("spec.template.metadata.labels{rest}"));
    }
    if let Some(rest) = field.strip_prefix("spec.template.annotations") {
        candidates.push(format!("spec.template.metadata.annotations{rest}"));
    }
    if field.starts_with("spec.clusterIPs") {
        candidates.push("spec.clusterIP".to_string());
    }
    if field.starts_with("spec.ipFamil") {
        candidates.push("spec.clusterIPs".to_string());
        candidates.push("spec.clusterIP".to_string());
    }
    if let Some(prefix) = field.strip_suffix(".targetPort") {
        candidates.push(format!("{prefix}.port"));
    }
    if field == "metadata.name" {
        candidates.push("metadata.generateName".to_string());
    }
    if field == "spec.updateStrategy.rollingUpdate.partition" {
        candidates.push("spec.updateStrategy".to_string());
    }
    for c in &candidates {
        if written(node, c) {
            return node.locate(c);
        }
    }
    node.locate(field)
}
