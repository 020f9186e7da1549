//! Plain words for the diagnostics that speak only the parser's or the API
//! server's language (issue 18, item 7): what the message means for the
//! cluster's DNS and what to change, as data, found by a phrase of the
//! upstream message. The message itself is kept as upstream prints it; the
//! shells show [`consequence_and_fix`] after it (the CLI's `check`, the
//! web's Problems view), so both say the same words.
//! Diagnostics that say their own consequence (the lints, the validation
//! errors `validate` explains by field) are left as they are.

use crate::diag::{Diagnostic, DiagnosticSource};

/// A YAML error stops kubectl reading the file: the consequence every one
/// shares (where the diagnostic does not say it already).
const UNREAD: &str = "kubectl stops reading the file here: the objects of this document and \
    every later one do not exist, so their names give NXDOMAIN, and warnings about objects \
    that refer to them follow from this error. Fix it first.";

/// A refused object: the consequence every API-server error shares.
const REFUSED: &str = "The API server refuses the whole object, so it does not exist: no pods, \
    no EndpointSlices and no DNS names come from it.";

/// (phrase of the upstream message, consequence, fix), the first match wins.
const PLAIN: &[(&str, &str, &str)] = &[
    (
        "mapping values are not allowed",
        UNREAD,
        "A `key: value` stands where YAML expected a plain value: put a value that holds \
         \": \" in quotes, or line this key up with the keys above it.",
    ),
    (
        "a valid label must be",
        REFUSED,
        "A label value is at most 63 letters, digits, '-', '_' or '.', and starts and ends \
         with a letter or digit: for example web, my_app or v1.2.",
    ),
    (
        "yaml: line",
        UNREAD,
        "Check this line and the one before: indentation with spaces (not tabs), a space \
         after each ':', closed quotes and brackets.",
    ),
];

/// The consequence and the fix of `d` in plain words, when its message is
/// one of [`PLAIN`]'s and it does not say both itself (a shell shows the
/// diagnostic's own where it has one).
pub fn words(d: &Diagnostic) -> Option<(&'static str, &'static str)> {
    if (d.consequence.is_some() && d.fix.is_some()) || d.source == DiagnosticSource::Lint {
        return None;
    }
    PLAIN
        .iter()
        .find(|(p, ..)| d.message.contains(p))
        .map(|&(_, c, f)| (c, f))
}

/// What a shell shows after `d`'s message: its consequence and its fix, the
/// diagnostic's own where it has them, else [`words`]'.
pub fn consequence_and_fix(d: &Diagnostic) -> (Option<&str>, Option<&str>) {
    let plain = words(d);
    (
        d.consequence.as_deref().or(plain.map(|p| p.0)),
        d.fix.as_deref().or(plain.map(|p| p.1)),
    )
}
