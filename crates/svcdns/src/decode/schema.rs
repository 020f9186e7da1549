//! What the decoder knows of the Go types it does not model: the fields of
//! each struct (an unknown one is a strict decoding error) and what the
//! fields svcdns does not read must hold (they are still type-checked).

/// What a field svcdns does not read must hold, for [`Decoder::check_fields`].
#[derive(Clone, Copy)]
pub(super) enum Field {
    Str,
    Bool,
    /// `[]string` (or a list of a string type).
    StrList,
    /// `resource.Quantity`.
    Quantity,
    /// `v1.ResourceList` (the Go type named): a map of quantities.
    QuantityMap(&'static str),
    Object(&'static Schema),
    /// A list of objects; the Go type of the list.
    List(&'static Schema, &'static str),
    LabelSelector,
    /// Not checked (a type svcdns does not model).
    Any,
}

/// A Go struct: its name, its type as the decoder prints it, its fields.
pub(super) struct Schema {
    pub(super) go: &'static str,
    pub(super) go_type: &'static str,
    pub(super) fields: &'static [(&'static str, Field)],
}

pub(super) const KEY_SELECTOR: &[(&str, Field)] = &[
    ("name", Field::Str),
    ("key", Field::Str),
    ("optional", Field::Bool),
];
pub(super) const ENV_VAR_SOURCE: Schema = Schema {
    go: "EnvVarSource",
    go_type: "*v1.EnvVarSource",
    fields: &[
        (
            "fieldRef",
            Field::Object(&Schema {
                go: "ObjectFieldSelector",
                go_type: "*v1.ObjectFieldSelector",
                fields: &[("apiVersion", Field::Str), ("fieldPath", Field::Str)],
            }),
        ),
        (
            "resourceFieldRef",
            Field::Object(&Schema {
                go: "ResourceFieldSelector",
                go_type: "*v1.ResourceFieldSelector",
                fields: &[
                    ("containerName", Field::Str),
                    ("resource", Field::Str),
                    ("divisor", Field::Quantity),
                ],
            }),
        ),
        (
            "configMapKeyRef",
            Field::Object(&Schema {
                go: "ConfigMapKeySelector",
                go_type: "*v1.ConfigMapKeySelector",
                fields: KEY_SELECTOR,
            }),
        ),
        (
            "secretKeyRef",
            Field::Object(&Schema {
                go: "SecretKeySelector",
                go_type: "*v1.SecretKeySelector",
                fields: KEY_SELECTOR,
            }),
        ),
        ("fileKeyRef", Field::Any),
    ],
};
/// The `v1.Container` fields svcdns does not read but type-checks.
pub(super) const CONTAINER_UNREAD: &[(&str, Field)] = &[
    ("command", Field::StrList),
    ("args", Field::StrList),
    (
        "env",
        Field::List(
            &Schema {
                go: "EnvVar",
                go_type: "v1.EnvVar",
                fields: &[
                    ("name", Field::Str),
                    ("value", Field::Str),
                    ("valueFrom", Field::Object(&ENV_VAR_SOURCE)),
                ],
            },
            "[]v1.EnvVar",
        ),
    ),
];
/// A StatefulSet's `volumeClaimTemplates[i]`: svcdns reads only the name;
/// `spec` (`v1.PersistentVolumeClaimSpec`) is type-checked.
pub(super) const PVC_UNREAD: &[(&str, Field)] = &[(
    "spec",
    Field::Object(&Schema {
        go: "PersistentVolumeClaimSpec",
        go_type: "v1.PersistentVolumeClaimSpec",
        fields: &[
            ("accessModes", Field::StrList),
            ("selector", Field::LabelSelector),
            (
                "resources",
                Field::Object(&Schema {
                    go: "VolumeResourceRequirements",
                    go_type: "v1.VolumeResourceRequirements",
                    fields: &[
                        ("limits", Field::QuantityMap("v1.ResourceList")),
                        ("requests", Field::QuantityMap("v1.ResourceList")),
                    ],
                }),
            ),
            ("volumeName", Field::Str),
            ("storageClassName", Field::Str),
            ("volumeMode", Field::Str),
            ("dataSource", Field::Any),
            ("dataSourceRef", Field::Any),
            ("volumeAttributesClassName", Field::Str),
        ],
    }),
)];

pub(super) const TOP_FIELDS: &[&str] = &["apiVersion", "kind", "metadata", "spec", "status"];

pub(super) const CONTAINER_FIELDS: &[&str] = &[
    "name",
    "image",
    "command",
    "args",
    "workingDir",
    "ports",
    "envFrom",
    "env",
    "resources",
    "resizePolicy",
    "restartPolicy",
    "restartPolicyRules",
    "volumeMounts",
    "volumeDevices",
    "livenessProbe",
    "readinessProbe",
    "startupProbe",
    "lifecycle",
    "terminationMessagePath",
    "terminationMessagePolicy",
    "imagePullPolicy",
    "securityContext",
    "stdin",
    "stdinOnce",
    "tty",
];

pub(super) const POD_SPEC_FIELDS: &[&str] = &[
    "volumes",
    "initContainers",
    "containers",
    "ephemeralContainers",
    "restartPolicy",
    "terminationGracePeriodSeconds",
    "activeDeadlineSeconds",
    "dnsPolicy",
    "nodeSelector",
    "serviceAccountName",
    "serviceAccount",
    "automountServiceAccountToken",
    "nodeName",
    "hostNetwork",
    "hostPID",
    "hostIPC",
    "shareProcessNamespace",
    "securityContext",
    "imagePullSecrets",
    "hostname",
    "subdomain",
    "affinity",
    "schedulerName",
    "tolerations",
    "hostAliases",
    "priorityClassName",
    "priority",
    "dnsConfig",
    "readinessGates",
    "runtimeClassName",
    "enableServiceLinks",
    "preemptionPolicy",
    "overhead",
    "topologySpreadConstraints",
    "setHostnameAsFQDN",
    "os",
    "hostUsers",
    "schedulingGates",
    "resourceClaims",
    "resources",
    "hostnameOverride",
];

/// Known top-level fields per kind (besides apiVersion/kind/metadata).
pub(super) fn top_fields(kind: &str) -> &'static [&'static str] {
    match kind {
        "EndpointSlice" => &[
            "apiVersion",
            "kind",
            "metadata",
            "addressType",
            "endpoints",
            "ports",
        ],
        "Endpoints" => &["apiVersion", "kind", "metadata", "subsets"],
        "ConfigMap" => &[
            "apiVersion",
            "kind",
            "metadata",
            "data",
            "binaryData",
            "immutable",
        ],
        _ => TOP_FIELDS,
    }
}
