//! Lessons: guided challenges whose checks are data the core evaluates
//! against the learner's own manifest ([`crate::Analysis`]).
//!
//! A lesson is one YAML file (under `lessons/` at the repository root),
//! read with the core's own YAML reader so every loading error is located:
//!
//! ```yaml
//! title: Regular versus headless
//! prose: |
//!   Markdown shown above the steps.
//! manifest: |
//!   # the starting manifest
//! steps:
//!   - goal: Make `web` answer with every pod's address
//!     checks:
//!       - answer: {from: default, name: web, type: A, rcode: NOERROR, records: 3}
//!     hints: [Set `clusterIP: None`.]
//!     explanation: Shown once the step passes.
//!     solution: |
//!       # a manifest that passes this step (tests solve every lesson with it)
//! ```
//!
//! The check vocabulary ([`Check`]):
//! - `answer`: what a pod in namespace `from` gets for `name` and `type`
//!   through its search list ([`crate::resolver`]): `rcode` (`NOERROR`,
//!   `NXDOMAIN`, `NODATA`...), `records` (answer records), `srv_targets`
//!   (distinct SRV targets), `addresses` (the A/AAAA addresses, as a set),
//!   `queries` (names the resolver asked).
//! - `object`: the diagnostics on one object (`Kind/namespace/name`):
//!   `no_warnings: true` (present, accepted, no error or warning), or
//!   `rejected: FIELD` (the API server rejects it naming that field path).
//! - `identity`: a StatefulSet's pod (`statefulset: namespace/name`,
//!   `pod: name-0`) has the DNS name `fqdn` and it resolves.
//!
//! Files: `load.rs` (the file to a [`Lesson`], with located errors),
//! `check.rs` (a step's checks against an analysis), `compiled.rs` (a
//! checked lesson as the playground fetches it, its texts as HTML, and
//! its reader: the only part the browser bundle links besides the checks),
//! `markdown.rs` (the lessons' Markdown as HTML, for the compiler).

mod check;
mod compiled;
mod load;
pub mod markdown;
#[cfg(test)]
mod tests;

pub use check::{check_step, reasons, CheckResult};
pub use compiled::{compile, read, Compiled, CompiledStep};
pub use load::{load, LoadError};

use crate::dns::RecordType;

/// One lesson: prose, a starting manifest, and steps.
#[derive(Clone, Debug, PartialEq)]
pub struct Lesson {
    /// The file's name without `.yaml` (the link's and the CLI's name).
    pub id: String,
    /// The title.
    pub title: String,
    /// Markdown shown before the steps.
    pub prose: String,
    /// The manifest the learner starts from.
    pub manifest: String,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// One step: a goal and the checks that say it is reached.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// What to do, in one sentence (Markdown).
    pub goal: String,
    /// All must pass.
    pub checks: Vec<Check>,
    /// Shown one at a time, on request.
    pub hints: Vec<String>,
    /// Shown when the step passes: why it works.
    pub explanation: String,
    /// A whole manifest that passes this step (the tests' solution).
    pub solution: Option<String>,
}

/// A predicate over the analysis.
#[derive(Clone, Debug, PartialEq)]
pub enum Check {
    /// `answer`: what a pod gets for a name.
    Answer(AnswerCheck),
    /// `object`: the API server's and the lints' verdict on an object.
    Object(ObjectCheck),
    /// `identity`: a StatefulSet pod's DNS name.
    Identity(IdentityCheck),
}

/// `answer`: a pod in `from` resolves `name` (search list, ndots:5).
#[derive(Clone, Debug, PartialEq)]
pub struct AnswerCheck {
    /// The asking pod's namespace.
    pub from: String,
    /// The name as the application writes it.
    pub name: String,
    /// The type asked.
    pub qtype: RecordType,
    /// `NOERROR`, `NXDOMAIN`, `NODATA`, `SERVFAIL`, `REFUSED`.
    pub rcode: Option<String>,
    /// Answer records.
    pub records: Option<usize>,
    /// Distinct SRV targets.
    pub srv_targets: Option<usize>,
    /// The A/AAAA addresses, as a set.
    pub addresses: Option<Vec<String>>,
    /// Names asked by the resolver.
    pub queries: Option<usize>,
}

/// `object`: one object's diagnostics.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectCheck {
    /// `Kind/namespace/name`.
    pub object: String,
    /// Present, accepted, and no error or warning on it.
    pub no_warnings: bool,
    /// Rejected by the API server with an error on this field path.
    pub rejected: Option<String>,
}

/// `identity`: a StatefulSet pod's DNS name.
#[derive(Clone, Debug, PartialEq)]
pub struct IdentityCheck {
    /// `namespace/name` of the StatefulSet.
    pub statefulset: String,
    /// The pod's name (`mysql-0`).
    pub pod: String,
    /// The name CoreDNS serves for it, which must resolve.
    pub fqdn: String,
}

impl Check {
    /// What the check is about, in a few words (`web from default (A)`).
    pub fn part(&self) -> String {
        match self {
            Check::Answer(a) => format!("{} from {} ({})", a.name, a.from, a.qtype),
            Check::Object(o) => o.object.clone(),
            Check::Identity(i) => format!("{} of StatefulSet {}", i.pod, i.statefulset),
        }
    }
}
