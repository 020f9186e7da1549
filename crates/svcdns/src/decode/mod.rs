//! Strict decoding: YAML documents → API objects, as the API server decodes
//! what `kubectl apply` sends (`fieldValidation=Strict`, the default since
//! kubectl 1.27).
//!
//! The API server decodes JSON. Two kinds of problems stop an object
//! before validation, and each becomes one located diagnostic here:
//! - a wrong JSON type: `json: cannot unmarshal string into Go struct field
//!   ServicePort.spec.ports.port of type int32` (Go reports only the first);
//! - an unknown field: `strict decoding error: unknown field "spec.foo"`
//!   (the full path, as sigs.k8s.io/json reports it).
//!
//! All strict errors of one object are reported together, joined with
//! `, ` (`strict decoding error: unknown field "spec.a", unknown field
//! "spec.b"`); each diagnostic carries that whole message. A key written
//! twice in a mapping is no error (the server's `duplicate field` never
//! reaches a kubectl user: kubectl converts YAML to JSON first, and the
//! last value wins); it is a warning at the dropped key.
//!
//! kubectl prints them as `Error from server (BadRequest): error when
//! creating "<file>": <Kind> in version "<version>" cannot be handled as a
//! <Kind>: <error>`.
//!
//! Files: `decoder.rs` (the strict decoder and the `metav1` types),
//! `schema.rs` (the Go structs' fields, for unknown-field and type checks
//! of what svcdns does not read), `quantity.rs` (`resource.Quantity`), one
//! file per API group (`core.rs`, `apps.rs`, `discovery.rs`), `cache.rs`
//! (the keystroke cache); this file decodes a document with them.

use std::sync::Arc;

use crate::api::*;
use crate::diag::{Code, Diagnostic, DiagnosticSource, Location, Severity};
use crate::yaml::{Document, Node, Pos, Value};

mod apps;
mod cache;
mod core;
mod decoder;
mod discovery;
mod quantity;
mod schema;

pub use cache::DecodeCache;

use cache::{tree_address, Decoded};
use decoder::{Decoder, Obj, Path, Problem};
use schema::top_fields;

/// Group versions and kinds the API server stopped serving before 1.33, the
/// oldest release svcdns knows (so unserved by every version it simulates):
/// `apiVersion` for every kind of that version, `apiVersion:Kind` for one,
/// space-separated (one string: a table of pairs cost the bundle more). From
/// the deprecated API migration guide, checked against
/// pkg/controlplane/instance.go and pkg/controlplane/apiserver (v1.37.2),
/// which register none of them. By release: removed in 1.16 (and
/// extensions/v1beta1 Ingress in 1.22); in 1.22; in 1.25; in 1.26 and 1.27;
/// in 1.26, 1.29 and 1.32 (flowcontrol).
const UNSERVED: &str = "extensions/v1beta1 apps/v1beta1 apps/v1beta2 \
    networking.k8s.io/v1beta1:Ingress networking.k8s.io/v1beta1:IngressClass \
    rbac.authorization.k8s.io/v1beta1 rbac.authorization.k8s.io/v1alpha1 \
    apiextensions.k8s.io/v1beta1 apiregistration.k8s.io/v1beta1 \
    admissionregistration.k8s.io/v1beta1:MutatingWebhookConfiguration \
    admissionregistration.k8s.io/v1beta1:ValidatingWebhookConfiguration \
    scheduling.k8s.io/v1beta1:PriorityClass scheduling.k8s.io/v1alpha1 \
    coordination.k8s.io/v1beta1:Lease certificates.k8s.io/v1beta1:CertificateSigningRequest \
    storage.k8s.io/v1beta1:StorageClass storage.k8s.io/v1beta1:CSIDriver \
    storage.k8s.io/v1beta1:CSINode storage.k8s.io/v1beta1:VolumeAttachment \
    batch/v1beta1 batch/v2alpha1 policy/v1beta1 discovery.k8s.io/v1beta1 events.k8s.io/v1beta1 \
    autoscaling/v2beta1 node.k8s.io/v1beta1 \
    autoscaling/v2beta2 storage.k8s.io/v1beta1:CSIStorageCapacity \
    flowcontrol.apiserver.k8s.io/v1beta1 flowcontrol.apiserver.k8s.io/v1beta2 \
    flowcontrol.apiserver.k8s.io/v1beta3";

/// Whether no Kubernetes release svcdns knows serves this kind at this
/// apiVersion (see [`UNSERVED`]).
fn unserved(api_version: &str, kind: &str) -> bool {
    UNSERVED.split_whitespace().any(|entry| {
        let (v, k) = entry.split_once(':').unwrap_or((entry, kind));
        v == api_version && k == kind
    })
}

/// The API groups of a cluster with no CustomResourceDefinitions (v1.37.2:
/// pkg/controlplane/instance.go's storage providers, kube-aggregator's
/// and apiextensions-apiserver's groups), space-separated.
const BUILT_IN_GROUPS: &str = "apps autoscaling batch policy admissionregistration.k8s.io \
    apiextensions.k8s.io apiregistration.k8s.io authentication.k8s.io authorization.k8s.io \
    certificates.k8s.io coordination.k8s.io discovery.k8s.io events.k8s.io \
    flowcontrol.apiserver.k8s.io internal.apiserver.k8s.io lifecycle.k8s.io networking.k8s.io \
    node.k8s.io rbac.authorization.k8s.io resource.k8s.io scheduling.k8s.io storage.k8s.io \
    storagemigration.k8s.io";

/// The kinds of the core group, `v1` (pkg/registry/core/rest
/// `storage_core.go`, `storage_core_generic.go`), space-separated.
const CORE_KINDS: &str = "Binding ComponentStatus ConfigMap Endpoints Event LimitRange Namespace \
    Node PersistentVolume PersistentVolumeClaim Pod PodTemplate ReplicationController \
    ResourceQuota Secret Service ServiceAccount";

/// Whether kubectl finds a resource for a kind svcdns does not simulate
/// (its RESTMapper, from the server's discovery): a core kind at `v1`,
/// `apps/v1` ControllerRevision, any kind of another built-in group (its
/// kinds are not listed) at a version still served. The cluster has no
/// CustomResourceDefinitions, so no other group maps.
fn mapped(api_version: &str, kind: &str) -> bool {
    let listed = |list: &str, word: &str| list.split_whitespace().any(|w| w == word);
    !unserved(api_version, kind)
        && match api_version.split_once('/') {
            None => api_version == "v1" && listed(CORE_KINDS, kind),
            Some(("apps", version)) => version == "v1" && kind == "ControllerRevision",
            Some((group, _)) => listed(BUILT_IN_GROUPS, group),
        }
}

/// The kinds svcdns simulates, with the apiVersion each is served at.
pub const SIMULATED_KINDS: &[(&str, &str)] = &[
    ("Namespace", "v1"),
    ("Service", "v1"),
    ("Pod", "v1"),
    ("Endpoints", "v1"),
    ("ConfigMap", "v1"),
    ("StatefulSet", "apps/v1"),
    ("Deployment", "apps/v1"),
    ("ReplicaSet", "apps/v1"),
    ("DaemonSet", "apps/v1"),
    ("ReplicationController", "v1"),
    ("EndpointSlice", "discovery.k8s.io/v1"),
];

/// Decode every document of one file into objects. `kind: List` expands
/// into its items.
pub fn decode_documents(
    file: u32,
    file_name: &str,
    docs: &[Document],
    objects: &mut Vec<Arc<Object>>,
    diags: &mut Vec<Diagnostic>,
) {
    decode_cached_documents(file, file_name, docs.to_vec(), objects, diags, None)
}

/// kubectl's "ensure CRDs are installed first" for a custom resource whose
/// CustomResourceDefinition is in the same apply: say why, and what to do.
/// kubectl maps every object to its resource before it sends any
/// (k8s.io/kubectl pkg/cmd/apply/apply.go `GetObjects`, then one request per
/// object), so a CRD created by the apply is not there yet when its custom
/// resources are mapped. Runs after every file is decoded (the CRD may be
/// in another document or file).
pub fn explain_crds_in_the_same_apply(objects: &[Arc<Object>], diagnostics: &mut [Diagnostic]) {
    let defines = |crd: &Object, group: &str, version: &str, kind: &str| {
        let spec = crd.node.get("spec");
        let field = |path: &[&str]| {
            path.iter()
                .try_fold(spec?, |n, k| n.get(k))
                .and_then(|n| n.as_str())
        };
        field(&["group"]) == Some(group)
            && field(&["names", "kind"]) == Some(kind)
            && spec
                .and_then(|s| s.get("versions"))
                .and_then(|v| v.as_seq())
                .is_some_and(|vs| {
                    vs.iter()
                        .any(|v| v.get("name").and_then(|n| n.as_str()) == Some(version))
                })
    };
    let crds: Vec<&Object> = objects
        .iter()
        .filter(|c| c.kind == "CustomResourceDefinition")
        .map(|c| &**c)
        .collect();
    if crds.is_empty() {
        return;
    }
    for d in diagnostics.iter_mut().filter(|d| d.code == "no-kind-match") {
        // Objects are in file and document order: the diagnostic's
        // document holds its object (a List's document, several).
        let at = (d.location.file, d.location.document);
        let first = objects.partition_point(|o| (o.file, o.document) < at);
        let Some(o) = objects[first..]
            .iter()
            .take_while(|o| (o.file, o.document) == at)
            .find(|o| d.object.as_deref() == Some(&*o.id()))
        else {
            continue;
        };
        let Some((group, version)) = o.api_version.split_once('/') else {
            continue;
        };
        let Some(crd) = crds.iter().find(|c| defines(c, group, version, &o.kind)) else {
            continue;
        };
        d.consequence = Some(format!(
            "{} {} is not applied (the rest is): CustomResourceDefinition {} in these manifests defines {}, but kubectl maps every object to its resource before it sends any, and the definition is not in the cluster yet when it looks.",
            o.kind, o.name, crd.name, o.kind
        ));
        d.fix = Some(format!(
            "Apply the CustomResourceDefinitions first and wait until the cluster serves them (kubectl wait --for condition=established crd/{}), then apply the rest; or run the same apply again.",
            crd.name
        ));
    }
}

/// [`decode_documents`], taking the documents by value (each object keeps
/// its source tree without a copy) and, with a `cache`, taking what it
/// holds for a tree decoded before and keeping what is decoded now.
pub fn decode_cached_documents(
    file: u32,
    file_name: &str,
    docs: Vec<Document>,
    objects: &mut Vec<Arc<Object>>,
    diags: &mut Vec<Diagnostic>,
    mut cache: Option<&mut DecodeCache>,
) {
    let mut checked = diags.len();
    for doc in docs {
        // kubectl's client-side validation error (no object) in the last
        // document stops the file.
        if diags[checked..]
            .iter()
            .any(|d| d.severity == Severity::Error && d.object.is_none())
        {
            break;
        }
        checked = diags.len();
        let Some(root) = doc.root else { continue };
        let Some(cache) = cache.as_deref_mut() else {
            decode_document(file, file_name, doc.index, root, objects, diags);
            continue;
        };
        if let Some(hit) = cache.get(&root, file, file_name, doc.index) {
            hit.used = true;
            objects.extend(hit.objects.iter().cloned());
            diags.extend(hit.diags.iter().cloned());
            continue;
        }
        let (objects_before, diags_before) = (objects.len(), diags.len());
        decode_document(file, file_name, doc.index, root.clone(), objects, diags);
        cache
            .by_tree
            .get_or_insert(&[&tree_address(&root)], cache.entries.len());
        cache.entries.push(Decoded {
            root,
            file,
            file_name: file_name.to_string(),
            document: doc.index,
            objects: objects[objects_before..].to_vec(),
            diags: diags[diags_before..].to_vec(),
            used: true,
        });
    }
}

/// kubectl's client-side check of an object before anything is sent
/// (k8s.io/kubectl pkg/validation `getObjectKind`): appends its errors to
/// `errs` (after a `, ` when it holds some) and says how many.
fn object_kind_errors(node: &Node, errs: &mut String) -> usize {
    let mut n = 0;
    let mut add = |e: &str| {
        if !errs.is_empty() {
            errs.push_str(", ");
        }
        errs.push_str(e);
        n += 1;
    };
    if node.as_map().is_none() {
        add("invalid object to validate");
    } else {
        if node.get("apiVersion").is_none_or(Node::is_null) {
            add("apiVersion not set");
        }
        if node.get("kind").is_none_or(Node::is_null) {
            add("kind not set");
        }
    }
    n
}

/// The error kubectl's client-side validation stops the file with
/// (cli-runtime `ValidateSchema`; `count` errors, several printed as Go's
/// aggregate, `[a, b]`), located in the document.
fn client_validation_error(
    file_name: &str,
    errs: &str,
    count: usize,
    not_an_object: bool,
    location: Location,
) -> Diagnostic {
    let (open, close) = if count > 1 { ("[", "]") } else { ("", "") };
    Diagnostic::plain(
        Severity::Error,
        DiagnosticSource::Decode,
        if not_an_object {
            Code::NotAnObject
        } else {
            Code::MissingType
        },
        format!(
            "error: error validating \"{file_name}\": error validating data: {open}{errs}{close}; if you choose to ignore these errors, turn validation off with --validate=false"
        ),
        location,
    )
    .stopping_the_file()
}

/// Decode one document's tree: an object, or a `kind: List`'s items.
fn decode_document(
    file: u32,
    file_name: &str,
    index: u32,
    root: Arc<Node>,
    objects: &mut Vec<Arc<Object>>,
    diags: &mut Vec<Diagnostic>,
) {
    let loc = |pos: Pos| Location {
        file,
        document: index,
        line: pos.line,
        column: pos.column,
    };
    let mut errs = String::new();
    let count = object_kind_errors(&root, &mut errs);
    if count > 0 {
        let not_an_object = root.as_map().is_none();
        diags.push(client_validation_error(
            file_name,
            &errs,
            count,
            not_an_object,
            loc(root.pos),
        ));
        return;
    }
    let kind = root.get("kind").and_then(|n| n.as_str()).unwrap_or("");
    if kind == "List" || kind.ends_with("List") && root.get("items").is_some() {
        let items = match Arc::unwrap_or_clone(root).value {
            Value::Map(entries) => entries
                .into_iter()
                .rev()
                .find(|(k, _)| k.key_text() == "items")
                .map(|(_, v)| v),
            _ => None,
        };
        let items = match items {
            Some(Node {
                value: Value::Seq(items),
                ..
            }) => items,
            _ => Vec::new(),
        };
        // kubectl validates every item before it sends any: one invalid
        // item refuses the whole List (`validateList`).
        let (mut count, mut first_bad) = (0, None);
        for item in &items {
            let n = object_kind_errors(item, &mut errs);
            if n > 0 && first_bad.is_none() {
                first_bad = Some(item);
            }
            count += n;
        }
        if let Some(bad) = first_bad {
            diags.push(client_validation_error(
                file_name,
                &errs,
                count,
                bad.as_map().is_none(),
                loc(bad.pos),
            ));
            return;
        }
        for item in items {
            decode_one(file, file_name, index, &Arc::new(item), objects, diags);
        }
        return;
    }
    decode_one(file, file_name, index, &root, objects, diags);
}

/// Decode one object; it shares its source tree (`node`).
fn decode_one(
    file: u32,
    file_name: &str,
    document: u32,
    node: &Arc<Node>,
    objects: &mut Vec<Arc<Object>>,
    diags: &mut Vec<Diagnostic>,
) {
    let loc = |pos: Pos| Location {
        file,
        document,
        line: pos.line,
        column: pos.column,
    };
    let kind = node.get("kind").and_then(|n| n.as_str()).unwrap_or("");
    let api_version = node
        .get("apiVersion")
        .and_then(|n| n.as_str())
        .unwrap_or("");
    let name = node
        .get("metadata")
        .and_then(|m| m.get("name"))
        .and_then(|n| n.as_str())
        .unwrap_or("")
        .to_string();
    let namespace = node
        .get("metadata")
        .and_then(|m| m.get("namespace"))
        .and_then(|n| n.as_str())
        .filter(|s| !s.is_empty())
        .unwrap_or("default")
        .to_string();
    let expected = SIMULATED_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, v)| *v);
    let mut object = Object {
        api_version: api_version.to_string(),
        kind: kind.to_string(),
        name,
        namespace,
        file,
        document,
        node: node.clone(),
        resource: Resource::Other,
        decode_failed: false,
    };
    // A kind svcdns does not simulate that the cluster has no resource
    // for (a custom resource, a misspelt kind, a version no release 1.33
    // and later serves): kubectl says so before sending anything, and
    // applies the other documents.
    // An object read from a cluster (`kubectl get -o yaml`: server-set
    // metadata) was served there, so its kind maps: a custom resource in a
    // dump has its CustomResourceDefinition in that cluster. A version no
    // release serves stays an error.
    let expected = match expected {
        None if !mapped(api_version, kind)
            && (unserved(api_version, kind) || !object.is_cluster_state()) =>
        {
            Some("")
        }
        e => e,
    };
    let Some(expected) = expected else {
        diags.push(
            Diagnostic::plain(
                Severity::Info,
                DiagnosticSource::Simulation,
                Code::NotSimulated,
                format!("{kind} ({api_version}) is kept but not simulated: it does not change cluster DNS"),
                loc(node.pos),
            )
            .with_object(object.id()),
        );
        objects.push(Arc::new(object));
        return;
    };
    if expected != api_version {
        let pos = node
            .entry("apiVersion")
            .map(|(k, _)| k.pos)
            .unwrap_or(node.pos);
        let ns = if object.namespace == "default"
            && node
                .get("metadata")
                .and_then(|m| m.get("namespace"))
                .is_none()
        {
            String::new()
        } else {
            object.namespace.clone()
        };
        diags.push(
            Diagnostic::plain(
                Severity::Error,
                DiagnosticSource::Decode,
                Code::NoKindMatch,
                format!(
                    "error: resource mapping not found for name: \"{}\" namespace: \"{}\" from \"{}\": no matches for kind \"{}\" in version \"{}\"\nensure CRDs are installed first",
                    object.name, ns, file_name, kind, api_version
                ),
                loc(pos),
            )
            .with_object(object.id())
            .with_field("apiVersion"),
        );
        object.decode_failed = true;
        objects.push(Arc::new(object));
        return;
    }
    let mut d = Decoder {
        problems: Vec::new(),
        saw_type_error: false,
    };
    // The Go type's name is the kind's (`SIMULATED_KINDS` holds it).
    let go: &'static str = SIMULATED_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("EndpointSlice", |(k, _)| k);
    let top = d
        .open(node, "", go, go, &Path::root(), top_fields(kind))
        .unwrap_or(Obj { node, go });
    object.resource = match kind {
        "Namespace" => Resource::Namespace(Namespace {
            metadata: d.metadata(top, &Path::root()),
        }),
        "Service" => Resource::Service(self::core::decode_service(&mut d, top)),
        "Pod" => Resource::Pod(self::core::decode_pod(&mut d, top)),
        "StatefulSet" => Resource::StatefulSet(apps::decode_statefulset(&mut d, top)),
        "Deployment" => Resource::Deployment(apps::decode_workload(&mut d, top, "Deployment")),
        "ReplicaSet" => Resource::ReplicaSet(apps::decode_workload(&mut d, top, "ReplicaSet")),
        "DaemonSet" => Resource::DaemonSet(apps::decode_workload(&mut d, top, "DaemonSet")),
        "ReplicationController" => {
            Resource::ReplicationController(core::decode_replication_controller(&mut d, top))
        }
        "EndpointSlice" => Resource::EndpointSlice(discovery::decode_endpoint_slice(&mut d, top)),
        "Endpoints" => Resource::Endpoints(self::core::decode_endpoints(&mut d, top)),
        _ => Resource::ConfigMap(ConfigMap {
            metadata: d.metadata(top, &Path::root()),
            data: d.string_map(top, &Path::root(), "data").unwrap_or_default(),
        }),
    };
    if d.problems.is_empty() {
        objects.push(Arc::new(object));
        return;
    }
    let version = api_version.rsplit('/').next().unwrap_or(api_version);
    // Go reports a type error alone; strict errors only when decoding worked.
    let has_type_error = d.saw_type_error;
    let mut strict_all = String::from("strict decoding error: ");
    let mut first = true;
    for (p, _) in &d.problems {
        if let Problem::Unknown(m) = p {
            if !first {
                strict_all.push_str(", ");
            }
            strict_all.push_str(m);
            first = false;
        }
    }
    for (problem, pos) in &d.problems {
        let (code, detail, whole) = match problem {
            Problem::Type(m) => (Code::DecodeType, m.clone(), m.clone()),
            Problem::Unknown(m) if !has_type_error => (
                Code::UnknownField,
                format!("strict decoding error: {m}"),
                strict_all.clone(),
            ),
            Problem::Duplicate(field, later) => {
                diags.push(
                    Diagnostic::plain(
                        Severity::Warning,
                        DiagnosticSource::Decode,
                        Code::DuplicateKey,
                        format!(
                            "{field} is written again on line {later}; kubectl keeps the last one (YAML to JSON), this one is dropped without an error"
                        ),
                        loc(*pos),
                    )
                    .with_object(object.id())
                    .with_field(field),
                );
                continue;
            }
            _ => continue,
        };
        object.decode_failed = true;
        let message = format!(
            "Error from server (BadRequest): error when creating \"{file_name}\": {kind} in version \"{version}\" cannot be handled as a {kind}: {whole}"
        );
        let mut diag = Diagnostic::plain(
            Severity::Error,
            DiagnosticSource::Decode,
            code,
            message,
            loc(*pos),
        )
        .with_object(object.id());
        diag.detail = detail;
        diags.push(diag);
    }
    objects.push(Arc::new(object));
}
