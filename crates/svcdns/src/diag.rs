//! Located diagnostics: what the core could not accept, or wants the user to know.
//!
//! Every diagnostic points at a place in the pasted text ([`Location`]); bad
//! input never makes the core fail, it only adds diagnostics (the
//! "model plus diagnostics" shape of rust-analyzer).

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

/// One located finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Error, warning or info.
    pub severity: Severity,
    /// The stage that produced it.
    pub source: DiagnosticSource,
    /// Stable code, for example `SVC001` for lints or the API error type's
    /// kebab form for API-server errors.
    pub code: String,
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
        code: &str,
        message: impl Into<String>,
        location: Location,
    ) -> Self {
        let message = message.into();
        Diagnostic {
            severity,
            source,
            code: code.to_string(),
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
