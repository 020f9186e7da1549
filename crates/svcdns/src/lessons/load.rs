//! A lesson file to a [`Lesson`]: every problem is a located [`LoadError`]
//! (unknown keys and predicates, malformed steps, checks no manifest can
//! satisfy).

use super::{AnswerCheck, Check, IdentityCheck, Lesson, ObjectCheck, Step};
use crate::dns::RecordType;
use crate::yaml::{self, Node, Pos, ScalarKind, Value};

/// A problem in a lesson file, at a line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// Where.
    pub pos: Pos,
    /// What, in a sentence.
    pub message: String,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.pos.line, self.pos.column, self.message)
    }
}

/// The check predicates, as written in lesson files.
pub const PREDICATES: &[&str] = &["answer", "object", "identity"];

/// Rcodes an `answer` check may name (`NODATA`: NOERROR, no records).
const RCODES: &[&str] = &["NOERROR", "NODATA", "NXDOMAIN", "SERVFAIL", "REFUSED"];

/// Read a lesson file. `id` is its name without `.yaml`. Never panics;
/// every problem found is returned, located.
pub fn load(id: &str, text: &str) -> Result<Lesson, Vec<LoadError>> {
    let mut errors = Vec::new();
    let (docs, diags) = yaml::parse(text, 0);
    for d in diags {
        errors.push(LoadError {
            pos: Pos {
                line: d.location.line,
                column: d.location.column,
            },
            message: d.message,
        });
    }
    let root = docs.iter().find_map(|d| d.root.clone());
    let Some(root) = root else {
        if errors.is_empty() {
            errors.push(err(Pos { line: 1, column: 1 }, "the lesson file is empty"));
        }
        return Err(errors);
    };
    let mut r = Reader { errors };
    let lesson = r.lesson(id, &root);
    if r.errors.is_empty() {
        Ok(lesson)
    } else {
        Err(r.errors)
    }
}

fn err(pos: Pos, message: impl Into<String>) -> LoadError {
    LoadError {
        pos,
        message: message.into(),
    }
}

struct Reader {
    errors: Vec<LoadError>,
}

impl Reader {
    fn fail(&mut self, pos: Pos, message: impl Into<String>) {
        self.errors.push(err(pos, message));
    }

    /// The map's entries, after checking its keys are among `known`.
    fn map<'n>(&mut self, node: &'n Node, what: &str, known: &[&str]) -> &'n [(Node, Node)] {
        let Some(entries) = node.as_map() else {
            self.fail(node.pos, format!("{what} must be a mapping"));
            return &[];
        };
        for (k, _) in entries {
            if !known.contains(&k.key_text()) {
                self.fail(
                    k.pos,
                    format!(
                        "unknown field `{}` in {what} (known: {})",
                        k.key_text(),
                        known.join(", ")
                    ),
                );
            }
        }
        entries
    }

    fn text(&mut self, node: &Node, what: &str) -> String {
        match &node.value {
            Value::Scalar(s) if !matches!(s.kind, ScalarKind::Null) => s.text.to_string(),
            _ => {
                self.fail(node.pos, format!("{what} must be text"));
                String::new()
            }
        }
    }

    fn required(&mut self, parent: &Node, key: &str, what: &str) -> String {
        match parent.get(key) {
            Some(n) => self.text(n, &format!("`{key}` of {what}")),
            None => {
                self.fail(parent.pos, format!("{what} has no `{key}`"));
                String::new()
            }
        }
    }

    fn count(&mut self, node: &Node, what: &str) -> Option<usize> {
        match &node.value {
            Value::Scalar(s) => match s.kind {
                ScalarKind::Int(i) if i >= 0 => Some(i as usize),
                _ => {
                    self.fail(node.pos, format!("{what} must be a whole number"));
                    None
                }
            },
            _ => {
                self.fail(node.pos, format!("{what} must be a whole number"));
                None
            }
        }
    }

    fn lesson(&mut self, id: &str, root: &Node) -> Lesson {
        self.map(root, "the lesson", &["title", "prose", "manifest", "steps"]);
        let title = self.required(root, "title", "the lesson");
        let prose = match root.get("prose") {
            Some(n) => self.text(n, "`prose`"),
            None => String::new(),
        };
        let manifest = self.required(root, "manifest", "the lesson");
        let mut steps = Vec::new();
        match root.get("steps").map(|n| (n, n.as_seq())) {
            Some((_, Some(seq))) if !seq.is_empty() => {
                for (i, s) in seq.iter().enumerate() {
                    steps.push(self.step(i + 1, s));
                }
            }
            Some((n, _)) => self.fail(n.pos, "`steps` must be a non-empty list"),
            None => self.fail(root.pos, "the lesson has no `steps`"),
        }
        Lesson {
            id: id.to_string(),
            title,
            prose,
            manifest,
            steps,
        }
    }

    fn step(&mut self, n: usize, node: &Node) -> Step {
        let what = format!("step {n}");
        self.map(
            node,
            &what,
            &["goal", "checks", "hints", "explanation", "solution"],
        );
        if node.as_map().is_none() {
            return empty_step();
        }
        let goal = self.required(node, "goal", &what);
        let explanation = match node.get("explanation") {
            Some(e) => self.text(e, &format!("`explanation` of {what}")),
            None => String::new(),
        };
        let solution = node
            .get("solution")
            .map(|s| self.text(s, &format!("`solution` of {what}")));
        let mut hints = Vec::new();
        if let Some(h) = node.get("hints") {
            match h.as_seq() {
                Some(seq) => {
                    for x in seq {
                        hints.push(self.text(x, &format!("a hint of {what}")));
                    }
                }
                None => self.fail(h.pos, format!("`hints` of {what} must be a list")),
            }
        }
        let mut checks = Vec::new();
        match node.get("checks").map(|c| (c, c.as_seq())) {
            Some((_, Some(seq))) if !seq.is_empty() => {
                for c in seq {
                    if let Some(check) = self.check(c) {
                        checks.push((check, c.pos));
                    }
                }
            }
            Some((c, _)) => self.fail(
                c.pos,
                format!("`checks` of {what} must be a non-empty list"),
            ),
            None => self.fail(node.pos, format!("{what} has no `checks`")),
        }
        self.contradictions(&checks);
        Step {
            goal,
            checks: checks.into_iter().map(|(c, _)| c).collect(),
            hints,
            explanation,
            solution,
        }
    }

    /// Two checks of one step no manifest can satisfy together.
    fn contradictions(&mut self, checks: &[(Check, Pos)]) {
        for (i, (a, _)) in checks.iter().enumerate() {
            for (b, pos) in &checks[i + 1..] {
                let clash = match (a, b) {
                    (Check::Answer(x), Check::Answer(y)) => {
                        x.from == y.from
                            && x.name.eq_ignore_ascii_case(&y.name)
                            && x.qtype == y.qtype
                            && matches!((&x.rcode, &y.rcode), (Some(p), Some(q)) if p != q)
                    }
                    (Check::Object(x), Check::Object(y)) => {
                        x.object == y.object
                            && ((x.no_warnings && y.rejected.is_some())
                                || (y.no_warnings && x.rejected.is_some()))
                    }
                    _ => false,
                };
                if clash {
                    self.fail(
                        *pos,
                        format!(
                            "no manifest can satisfy this step: the checks on {} contradict each other",
                            b.part()
                        ),
                    );
                }
            }
        }
    }

    fn check(&mut self, node: &Node) -> Option<Check> {
        let Some(entries) = node.as_map() else {
            self.fail(
                node.pos,
                "a check must be a mapping with one predicate (answer, object, identity)",
            );
            return None;
        };
        if entries.len() != 1 {
            self.fail(
                node.pos,
                "a check must have exactly one predicate (answer, object, identity)",
            );
            return None;
        }
        let (key, body) = &entries[0];
        match key.key_text() {
            "answer" => self.answer(body).map(Check::Answer),
            "object" => self.object(body).map(Check::Object),
            "identity" => self.identity(body).map(Check::Identity),
            other => {
                self.fail(
                    key.pos,
                    format!(
                        "unknown predicate `{other}` (known: {})",
                        PREDICATES.join(", ")
                    ),
                );
                None
            }
        }
    }

    fn answer(&mut self, body: &Node) -> Option<AnswerCheck> {
        let before = self.errors.len();
        let known = [
            "from",
            "name",
            "type",
            "rcode",
            "records",
            "srv_targets",
            "addresses",
            "queries",
        ];
        self.map(body, "an `answer` check", &known);
        body.as_map()?;
        let what = "the `answer` check";
        let from = self.required(body, "from", what);
        let name = self.required(body, "name", what);
        let qtype = match body.get("type") {
            Some(t) => {
                let s = self.text(t, "`type`");
                match RecordType::parse(&s) {
                    Some(q) => q,
                    None => {
                        self.fail(t.pos, format!("unknown record type `{s}`"));
                        RecordType::A
                    }
                }
            }
            None => RecordType::A,
        };
        let rcode = body.get("rcode").map(|r| {
            let s = self.text(r, "`rcode`").to_ascii_uppercase();
            if !RCODES.contains(&s.as_str()) {
                self.fail(
                    r.pos,
                    format!("unknown rcode `{s}` (known: {})", RCODES.join(", ")),
                );
            }
            (s, r.pos)
        });
        let records = body
            .get("records")
            .map(|n| (self.count(n, "`records`"), n.pos));
        let srv_targets = body
            .get("srv_targets")
            .map(|n| (self.count(n, "`srv_targets`"), n.pos));
        let queries = body
            .get("queries")
            .map(|n| (self.count(n, "`queries`"), n.pos));
        let addresses = body.get("addresses").map(|n| {
            let mut out = Vec::new();
            match n.as_seq() {
                Some(seq) => {
                    for a in seq {
                        let s = self.text(a, "an address");
                        match s.parse::<std::net::IpAddr>() {
                            Ok(ip) => out.push(ip.to_string()),
                            Err(_) => self.fail(a.pos, format!("`{s}` is not an IP address")),
                        }
                    }
                }
                None => self.fail(n.pos, "`addresses` must be a list"),
            }
            (out, n.pos)
        });
        // Checks no manifest can satisfy.
        let empty = matches!(&rcode, Some((r, _)) if r != "NOERROR");
        for (field, some, pos) in [
            (
                "records",
                records.as_ref().map(|r| r.0 > Some(0)),
                records.as_ref().map(|r| r.1),
            ),
            (
                "srv_targets",
                srv_targets.as_ref().map(|r| r.0 > Some(0)),
                srv_targets.as_ref().map(|r| r.1),
            ),
            (
                "addresses",
                addresses.as_ref().map(|a| !a.0.is_empty()),
                addresses.as_ref().map(|a| a.1),
            ),
        ] {
            if empty && some == Some(true) {
                self.fail(
                    pos.unwrap_or(body.pos),
                    format!(
                        "no manifest can satisfy this check: {} answers have no records, but `{field}` wants some",
                        rcode.as_ref().map(|r| r.0.as_str()).unwrap_or_default()
                    ),
                );
            }
        }
        if let Some((_, pos)) = &srv_targets {
            if qtype != RecordType::Srv {
                self.fail(*pos, format!("no manifest can satisfy this check: `srv_targets` needs `type: SRV`, not {qtype}"));
            }
        }
        if let Some((_, pos)) = &addresses {
            if !matches!(qtype, RecordType::A | RecordType::Aaaa) {
                self.fail(*pos, format!("no manifest can satisfy this check: `addresses` needs `type: A` or `AAAA`, not {qtype}"));
            }
        }
        if let Some((Some(q), pos)) = &queries {
            // The search list has three domains, and the name is asked as
            // is at most once: at most four queries.
            if *q == 0 || *q > 4 {
                self.fail(*pos, format!("no manifest can satisfy this check: a pod's resolver asks 1 to 4 names (three search domains and the name as is), not {q}"));
            }
        }
        if self.errors.len() > before {
            return None;
        }
        Some(AnswerCheck {
            from,
            name,
            qtype,
            rcode: rcode.map(|r| r.0),
            records: records.and_then(|r| r.0),
            srv_targets: srv_targets.and_then(|r| r.0),
            addresses: addresses.map(|a| a.0),
            queries: queries.and_then(|r| r.0),
        })
    }

    fn object(&mut self, body: &Node) -> Option<ObjectCheck> {
        let before = self.errors.len();
        self.map(
            body,
            "an `object` check",
            &["object", "no_warnings", "rejected"],
        );
        body.as_map()?;
        let object = self.required(body, "object", "the `object` check");
        if object.split('/').count() != 3 || object.split('/').any(str::is_empty) {
            self.fail(
                body.pos,
                format!("`object` must be Kind/namespace/name, not `{object}`"),
            );
        }
        let no_warnings = match body.get("no_warnings") {
            Some(n) => match &n.value {
                Value::Scalar(s) if s.kind == ScalarKind::Bool(true) => true,
                _ => {
                    self.fail(n.pos, "`no_warnings` can only be `true`");
                    false
                }
            },
            None => false,
        };
        let rejected = body
            .get("rejected")
            .map(|n| self.text(n, "`rejected` (a field path)"));
        match (no_warnings, &rejected) {
            (true, Some(_)) => self.fail(
                body.pos,
                "no manifest can satisfy this check: an object cannot be rejected and have no warnings",
            ),
            (false, None) => self.fail(body.pos, "an `object` check needs `no_warnings: true` or `rejected: FIELD`"),
            _ => {}
        }
        if self.errors.len() > before {
            return None;
        }
        Some(ObjectCheck {
            object,
            no_warnings,
            rejected,
        })
    }

    fn identity(&mut self, body: &Node) -> Option<IdentityCheck> {
        let before = self.errors.len();
        self.map(body, "an `identity` check", &["statefulset", "pod", "fqdn"]);
        body.as_map()?;
        let what = "the `identity` check";
        let statefulset = self.required(body, "statefulset", what);
        let pod = self.required(body, "pod", what);
        let fqdn = self.required(body, "fqdn", what);
        if statefulset.split('/').count() != 2 {
            self.fail(
                body.pos,
                format!("`statefulset` must be namespace/name, not `{statefulset}`"),
            );
        }
        let set_name = statefulset.rsplit('/').next().unwrap_or_default();
        let ordinal = pod
            .strip_prefix(set_name)
            .and_then(|r| r.strip_prefix('-'))
            .is_some_and(|o| !o.is_empty() && o.bytes().all(|b| b.is_ascii_digit()));
        if !ordinal {
            self.fail(body.pos, format!("no manifest can satisfy this check: StatefulSet {set_name} names its pods {set_name}-N, not `{pod}`"));
        }
        if self.errors.len() > before {
            return None;
        }
        Some(IdentityCheck {
            statefulset,
            pod,
            fqdn,
        })
    }
}

fn empty_step() -> Step {
    Step {
        goal: String::new(),
        checks: Vec::new(),
        hints: Vec::new(),
        explanation: String::new(),
        solution: None,
    }
}
