//! The parts of a DNS message (RFC 1035 §4.1) the core builds.

use super::record::RecordType;

/// The question section: the name as asked (made absolute) and the type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    /// The name as asked, with a trailing dot added if it had none.
    pub name: String,
    /// The question type.
    pub qtype: RecordType,
}
