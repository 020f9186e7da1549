//! Located diagnostics: what the core could not accept, or wants the user to know.
//!
//! Every diagnostic points at a place in the pasted text ([`Location`]); bad
//! input never makes the core fail, it only adds diagnostics (the
//! "model plus diagnostics" shape of rust-analyzer).

use std::fmt;

use serde::Serialize;

/// A place in one input file. Lines and columns are 1-based; columns count
/// characters, as editors and `kubectl` do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Location {
    /// Index into the analysed files (see [`crate::Input`]).
    pub file: u32,
    /// 0-based index of the YAML document within the file.
    pub document: u32,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The API server would reject the object, or the text cannot be read.
    Error,
    /// Accepted, but DNS will probably not do what the author wants.
    Warning,
    /// Worth knowing (for example: a kind that is kept but not simulated).
    Info,
}

/// Which stage produced a diagnostic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum DiagnosticSource {
    /// YAML/JSON syntax, as the YAML parser reports it.
    #[serde(rename = "yaml")]
    Yaml,
    /// Decoding into API types (wrong type, unknown or duplicate field), as
    /// the API server's strict decoding reports it.
    #[serde(rename = "decode")]
    Decode,
    /// Defaulting, allocation and validation, as the API server reports it.
    #[serde(rename = "api-server")]
    ApiServer,
    /// svcdns's own wiring checks: valid objects that DNS will not treat as
    /// the author probably expects.
    #[serde(rename = "lint")]
    Lint,
    /// Limits of the simulation (caps on replicas, sizes).
    #[serde(rename = "simulation")]
    Simulation,
}

/// What a diagnostic is: a stable code, documented here, never reused.
/// Serialized (and displayed) as its string: `invalid-value`, `yaml-syntax`,
/// `SVCDNS007`; the CLI's JSON carries that string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Code {
    /// An API server field error, by its type (`invalid-value`,
    /// `required-value`, ...: [`ErrorType::code`]).
    Field(ErrorType),
    /// A wiring check (`SVCDNS001`...): objects the API server accepts but
    /// that DNS will not treat the way their author probably expects.
    Lint(LintCode),
    // --- read: the YAML text
    /// `input-too-large`: The input is larger than the core reads (`MAX_INPUT_BYTES`).
    InputTooLarge,
    /// `yaml-syntax`: The text is not YAML as kubectl's reader (go-yaml) reads it.
    YamlSyntax,
    /// `yaml-too-deep`: Nesting deeper than the reader follows.
    YamlTooDeep,
    /// `yaml-alias-limit`: Aliases that would expand past the reader's limit (a "billion laughs").
    YamlAliasLimit,
    /// `duplicate-key`: A key twice in one mapping: kubectl warns, the last value wins.
    DuplicateKey,
    // --- decode: objects as kubectl and the API server decode them
    /// `not-an-object`: kubectl's client-side check: a document that is not an object.
    NotAnObject,
    /// `missing-type`: kubectl's client-side check: `apiVersion` or `kind` missing.
    MissingType,
    /// `no-kind-match`: A kind the cluster does not serve (kubectl: "resource mapping not found").
    NoKindMatch,
    /// `not-simulated`: (info) A kind svcdns keeps but does not simulate.
    NotSimulated,
    /// `decode-type`: A value of the wrong type (Go's `cannot unmarshal`): the object is refused.
    DecodeType,
    /// `unknown-field`: A field the API does not have (strict decoding): the object is refused.
    UnknownField,
    // --- profile: the cluster's configuration
    /// `profile-flag`: A profile flag (or Cluster control value) that cannot be used.
    ProfileFlag,
    /// `profile-inferred`: What the manifests say about the cluster's configuration, or why it was
    /// not taken.
    ProfileInferred,
    /// `profile-conflict`: The manifests contradict the profile.
    ProfileConflict,
    /// `profile-servicecidr`: A ServiceCIDR object that the API server would refuse or that does
    /// not apply.
    ProfileServiceCidr,
    /// `corefile`: A Corefile line CoreDNS would refuse or that svcdns does not model.
    Corefile,
    /// `corefile-no-kubernetes`: A Corefile without the kubernetes plugin: no cluster names are
    /// answered.
    CorefileNoKubernetes,
    // --- validation: the API server
    /// `api-warning`: A warning the API server returns with an accepted object.
    ApiWarning,
    /// `duplicate-object`: The same object twice: created, then configured (the second copy wins).
    DuplicateObject,
    // --- simulation: the controllers and their limits
    /// `replicas-capped`: More replicas than svcdns simulates: the rest are left out.
    ReplicasCapped,
    /// `existing-pods`: Pods of a controller given in the manifests (a dump): the controller makes
    /// only the missing ones.
    ExistingPods,
    /// `pod-cidr-full`: The pod range has no address left for a pod.
    PodCidrFull,
    /// `too-many-pods`: More pods than svcdns simulates in all.
    TooManyPods,
    /// `dump-contradiction`: A dump that contradicts itself (a slice naming a pod that is not
    /// there, a pod IP outside every pod range): the dump's word is kept.
    DumpContradiction,
}

/// The wiring checks' codes (`lint/`), `SVCDNS` and a number. `SVCDNS006`
/// (a StatefulSet `serviceName` that is not a DNS label) is retired: since
/// Kubernetes 1.33 the API server refuses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LintCode {
    /// `SVCDNS001`: (info) A StatefulSet without `serviceName`: its pods get no per-pod DNS names.
    StatefulSetWithoutServiceName = 1,
    /// `SVCDNS002`: A StatefulSet's `serviceName` names a Service that does not exist (or that the
    /// API server rejects).
    ServiceNameMissing = 2,
    /// `SVCDNS003`: A StatefulSet's `serviceName` names a Service that exists only in another
    /// namespace.
    ServiceNameInOtherNamespace = 3,
    /// `SVCDNS004`: A StatefulSet's `serviceName` names a Service that does not select (all of) the
    /// StatefulSet's pods.
    ServiceNameSelectsOtherPods = 4,
    /// `SVCDNS005`: The Service that gives pods their names (`serviceName`, or a pod's `subdomain`)
    /// is not headless: CoreDNS still serves the per-pod names, but the Service name answers its
    /// virtual IP, and only headless Services are promised per-pod names by the DNS specification.
    NamingServiceNotHeadless = 5,
    /// `SVCDNS007`: A Service's selector matches no pod.
    SelectorMatchesNoPod = 7,
    /// `SVCDNS008`: A headless Service has no ready endpoints: NXDOMAIN.
    HeadlessWithoutReadyEndpoints = 8,
    /// `SVCDNS009`: (info) An unnamed Service port: no `_port._proto` SRV name.
    UnnamedPort = 9,
    /// `SVCDNS010`: A pod's `subdomain` that no Service of that name (in the pod's namespace)
    /// selects.
    SubdomainWithoutService = 10,
    /// `SVCDNS011`: A pod with `subdomain` but no `hostname`: no per-pod name.
    SubdomainWithoutHostname = 11,
    /// `SVCDNS012`: StatefulSet pod names longer than 63 characters: the hostname label is
    /// rejected, no pod is created.
    PodNameTooLong = 12,
    /// `SVCDNS013`: A StatefulSet name longer than 52 characters: the `controller-revision-hash`
    /// label value exceeds 63, no pod is created.
    StatefulSetNameTooLong = 13,
    /// `SVCDNS014`: A pod FQDN longer than 253 characters.
    PodFqdnTooLong = 14,
    /// `SVCDNS015`: `setHostnameAsFQDN` with an FQDN longer than 64 characters: the kubelet cannot
    /// start the pod.
    HostnameAsFqdnTooLong = 15,
    /// `SVCDNS016`: `sessionAffinity: ClientIP` on a headless Service (meaningless: there is no
    /// virtual IP to pin).
    ClientIpAffinityOnHeadless = 16,
    /// `SVCDNS017`: A Deployment or ReplicaSet behind a headless Service: its pods have dashed-IP
    /// names that change when they are replaced (warning when the manifests suggest stable names
    /// are expected, info otherwise).
    ReplicasBehindHeadless = 17,
    /// `SVCDNS018`: (info) `publishNotReadyAddresses: true`: not-ready pods are answered in DNS.
    PublishNotReadyAddresses = 18,
    /// `SVCDNS019`: Endpoints for a Service that has a selector: ignored.
    EndpointsWithSelector = 19,
    /// `SVCDNS020`: Endpoints with no Service of that name: never mirrored.
    EndpointsWithoutService = 20,
    /// `SVCDNS021`: An EndpointSlice without the `kubernetes.io/service-name` label: CoreDNS
    /// ignores it.
    SliceWithoutServiceName = 21,
    /// `SVCDNS022`: An EndpointSlice whose `kubernetes.io/service-name` names no Service.
    SliceForMissingService = 22,
    /// `SVCDNS023`: `targetPort` names a container port that selected pods do not have: the port is
    /// left out of their endpoints.
    TargetPortNotInPods = 23,
    /// `SVCDNS024`: (info) A StatefulSet's pod template sets `hostname` or `subdomain`: the
    /// controller overwrites both.
    TemplateHostnameOverwritten = 24,
    /// `SVCDNS025`: A Deployment, ReplicaSet or DaemonSet template sets `hostname` and `subdomain`:
    /// every replica shares one name, which answers with all their IPs.
    TemplateHostnameShared = 25,
}

impl Code {
    /// The code's string.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Field(t) => t.code(),
            Code::Lint(l) => LINT_CODES[l as usize - 1],
            Code::InputTooLarge => "input-too-large",
            Code::YamlSyntax => "yaml-syntax",
            Code::YamlTooDeep => "yaml-too-deep",
            Code::YamlAliasLimit => "yaml-alias-limit",
            Code::DuplicateKey => "duplicate-key",
            Code::NotAnObject => "not-an-object",
            Code::MissingType => "missing-type",
            Code::NoKindMatch => "no-kind-match",
            Code::NotSimulated => "not-simulated",
            Code::DecodeType => "decode-type",
            Code::UnknownField => "unknown-field",
            Code::ProfileFlag => "profile-flag",
            Code::ProfileInferred => "profile-inferred",
            Code::ProfileConflict => "profile-conflict",
            Code::ProfileServiceCidr => "profile-servicecidr",
            Code::Corefile => "corefile",
            Code::CorefileNoKubernetes => "corefile-no-kubernetes",
            Code::ApiWarning => "api-warning",
            Code::DuplicateObject => "duplicate-object",
            Code::ReplicasCapped => "replicas-capped",
            Code::ExistingPods => "existing-pods",
            Code::PodCidrFull => "pod-cidr-full",
            Code::TooManyPods => "too-many-pods",
            Code::DumpContradiction => "dump-contradiction",
        }
    }
}

/// `SVCDNS001`... by number (the retired `SVCDNS006` keeps its place).
const LINT_CODES: [&str; 25] = [
    "SVCDNS001",
    "SVCDNS002",
    "SVCDNS003",
    "SVCDNS004",
    "SVCDNS005",
    "SVCDNS006",
    "SVCDNS007",
    "SVCDNS008",
    "SVCDNS009",
    "SVCDNS010",
    "SVCDNS011",
    "SVCDNS012",
    "SVCDNS013",
    "SVCDNS014",
    "SVCDNS015",
    "SVCDNS016",
    "SVCDNS017",
    "SVCDNS018",
    "SVCDNS019",
    "SVCDNS020",
    "SVCDNS021",
    "SVCDNS022",
    "SVCDNS023",
    "SVCDNS024",
    "SVCDNS025",
];

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A code compares equal to its string (tests and lesson checks name codes
/// as the JSON does).
impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// `field.ErrorType` (k8s.io/apimachinery/pkg/util/validation/field), with
/// the texts of `ErrorType.String()`: the kind of an API server error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorType {
    /// `FieldValueNotFound`: "Not found".
    NotFound,
    /// `FieldValueRequired`: "Required value".
    Required,
    /// `FieldValueDuplicate`: "Duplicate value".
    Duplicate,
    /// `FieldValueInvalid`: "Invalid value".
    Invalid,
    /// `FieldValueNotSupported`: "Unsupported value".
    NotSupported,
    /// `FieldValueForbidden`: "Forbidden".
    Forbidden,
    /// `FieldValueTooLong`: "Too long".
    TooLong,
    /// `FieldValueTooMany`: "Too many".
    TooMany,
    /// `InternalError`: "Internal error".
    Internal,
    /// `FieldValueTypeInvalid`: also "Invalid value".
    TypeInvalid,
}

impl ErrorType {
    /// `ErrorType.String()`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorType::NotFound => "Not found",
            ErrorType::Required => "Required value",
            ErrorType::Duplicate => "Duplicate value",
            ErrorType::Invalid | ErrorType::TypeInvalid => "Invalid value",
            ErrorType::NotSupported => "Unsupported value",
            ErrorType::Forbidden => "Forbidden",
            ErrorType::TooLong => "Too long",
            ErrorType::TooMany => "Too many",
            ErrorType::Internal => "Internal error",
        }
    }

    /// A stable kebab-case code for diagnostics (`invalid-value`).
    pub fn code(self) -> &'static str {
        match self {
            ErrorType::NotFound => "not-found",
            ErrorType::Required => "required-value",
            ErrorType::Duplicate => "duplicate-value",
            ErrorType::Invalid => "invalid-value",
            ErrorType::TypeInvalid => "type-invalid",
            ErrorType::NotSupported => "unsupported-value",
            ErrorType::Forbidden => "forbidden",
            ErrorType::TooLong => "too-long",
            ErrorType::TooMany => "too-many",
            ErrorType::Internal => "internal-error",
        }
    }
}

/// One located finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Error, warning or info.
    pub severity: Severity,
    /// The stage that produced it.
    pub source: DiagnosticSource,
    /// What it is: a stable code ([`Code`]).
    pub code: Code,
    /// `Kind/namespace/name` of the object concerned, when there is one.
    pub object: Option<String>,
    /// API field path (`spec.clusterIPs[0]`), when there is one.
    pub field: Option<String>,
    /// The API server's error type string (`Invalid value`), for API errors.
    #[serde(rename = "type")]
    pub error_type: Option<String>,
    /// The detail part of the message.
    pub detail: String,
    /// The whole message, as `kubectl` or the parser would print it.
    pub message: String,
    /// What this does to DNS, for lints.
    pub consequence: Option<String>,
    /// A suggested fix, for lints.
    pub fix: Option<String>,
    /// Where it is.
    pub location: Location,
}

impl Diagnostic {
    /// A diagnostic with only a message: syntax and simulation findings.
    pub fn plain(
        severity: Severity,
        source: DiagnosticSource,
        code: Code,
        message: impl Into<String>,
        location: Location,
    ) -> Self {
        let message = message.into();
        Diagnostic {
            severity,
            source,
            code,
            object: None,
            field: None,
            error_type: None,
            detail: message.clone(),
            message,
            consequence: None,
            fix: None,
            location,
        }
    }

    /// Mark an error at which kubectl stops reading its file
    /// (cli-runtime's `StreamVisitor.Visit` returns at a YAML error or a
    /// client-side validation error): the documents before it are applied,
    /// none after it.
    pub fn stopping_the_file(mut self) -> Self {
        self.stops_the_file();
        self
    }

    /// [`Diagnostic::stopping_the_file`], in place.
    pub fn stops_the_file(&mut self) {
        self.consequence = Some(
            "kubectl stops reading the file here: the documents before it are applied, none after it."
                .to_string(),
        );
    }

    /// Attach the object this diagnostic is about.
    pub fn with_object(mut self, object: impl Into<String>) -> Self {
        self.object = Some(object.into());
        self
    }

    /// Attach the field path this diagnostic is about.
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

/// The 1-based column just past what a diagnostic at `column` marks on
/// its line `line` (the line's text): from its column (a field's value, or
/// its key) to the end of the line, less a trailing comment and spaces; at
/// least one character (a mark past the end of a line, as a parser's
/// "unexpected end", covers one). A mark never crosses a line: a block
/// value is marked at its key. Computed where a diagnostic is shown (the
/// CLI's `end_column`), not for every diagnostic of every keystroke: finding
/// a line means reading the text up to it (7% of a keystroke at 1,000
/// objects when it was done for all of them).
pub fn mark_end(line: &str, column: u32) -> u32 {
    let start = column.max(1);
    let rest: Vec<char> = line.chars().skip(start as usize - 1).collect();
    // A comment starts at `#` after a space (or at the start); quotes are
    // not tracked: a `#` inside a quoted value only shortens the mark.
    let mut len = rest.len();
    for (i, c) in rest.iter().enumerate() {
        if *c == '#' && (i == 0 || rest[i - 1] == ' ') {
            len = i;
            break;
        }
    }
    while len > 0 && rest[len - 1] == ' ' {
        len -= 1;
    }
    start + (len.max(1) as u32)
}
