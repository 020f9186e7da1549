//! A lesson as the playground reads it: compiled from a loaded (checked)
//! [`Lesson`], its texts already HTML, each step with the manifest it
//! starts from. The browser bundle carries only [`read`]: no YAML lesson
//! loader, no validation, no Markdown renderer. The compiled files are
//! `web/lessons/ID.txt` (what trunk ships as `dist/lessons/`), written by
//! `UPDATE_GOLDEN=1 cargo test -p svcdns --test lessons`, which fails while
//! one is stale.
//!
//! The format: groups separated by `GS` (U+001D) and a newline, fields by
//! `RS` (U+001E) and a newline (so a diff shows one field a line), list
//! items by `US` (U+001F). The first group is the title and the prose; each
//! other group is a step: the manifest it starts from, the goal, the
//! explanation, the hints (a list), then one field per check, its
//! predicate and arguments as a list (an absent argument is empty; `answer`
//! names its type by number and its `addresses` as `+` and a comma list).

use super::{markdown, AnswerCheck, Check, IdentityCheck, Lesson, ObjectCheck};
use crate::dns::RecordType;

const GROUP: &str = "\u{1d}\n";
const FIELD: &str = "\u{1e}\n";
const ITEM: char = '\u{1f}';

/// A compiled lesson (every text but the manifests is HTML).
#[derive(Clone, Debug, PartialEq)]
pub struct Compiled {
    /// The title, escaped.
    pub title: String,
    /// The prose.
    pub prose: String,
    /// The steps, in order.
    pub steps: Vec<CompiledStep>,
}

/// A compiled step.
#[derive(Clone, Debug, PartialEq)]
pub struct CompiledStep {
    /// The manifest the step starts from (Reset step): the lesson's, then
    /// the previous step's solution.
    pub start: String,
    /// The goal (inline HTML).
    pub goal: String,
    /// Shown when the step passes.
    pub explanation: String,
    /// The hints (inline HTML each).
    pub hints: Vec<String>,
    /// All must pass.
    pub checks: Vec<Check>,
}

fn opt(v: &Option<impl ToString>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn check_fields(c: &Check) -> Vec<String> {
    match c {
        Check::Answer(a) => vec![
            "answer".into(),
            a.from.clone(),
            a.name.clone(),
            a.qtype.code().to_string(),
            opt(&a.rcode),
            opt(&a.records),
            opt(&a.srv_targets),
            opt(&a.addresses.as_ref().map(|v| format!("+{}", v.join(",")))),
            opt(&a.queries),
        ],
        Check::Object(o) => vec![
            "object".into(),
            o.object.clone(),
            if o.no_warnings { "1" } else { "" }.into(),
            opt(&o.rejected),
        ],
        Check::Identity(i) => vec![
            "identity".into(),
            i.statefulset.clone(),
            i.pod.clone(),
            i.fqdn.clone(),
        ],
    }
}

/// The compiled text of a loaded lesson; an error when a step but the last
/// has no solution (the next step would start from nothing) or a text holds
/// one of the format's separators.
pub fn compile(lesson: &Lesson) -> Result<String, String> {
    let mut title = String::new();
    markdown::escape(&lesson.title, &mut title);
    // Groups of fields of items: every leaf text, checked, then joined.
    let mut groups: Vec<Vec<Vec<String>>> =
        vec![vec![vec![title], vec![markdown::html(&lesson.prose)]]];
    let mut start = lesson.manifest.clone();
    for (i, step) in lesson.steps.iter().enumerate() {
        let mut goal = String::new();
        markdown::inline(&step.goal, &mut goal);
        let hints = step
            .hints
            .iter()
            .map(|h| {
                let mut out = String::new();
                markdown::inline(h, &mut out);
                out
            })
            .collect();
        let mut fields = vec![
            vec![start.clone()],
            vec![goal],
            vec![markdown::html(&step.explanation)],
            hints,
        ];
        fields.extend(step.checks.iter().map(check_fields));
        groups.push(fields);
        match &step.solution {
            Some(s) => start = s.clone(),
            None if i + 1 < lesson.steps.len() => {
                return Err(format!(
                    "{}: step {} has no solution, so step {} starts from nothing",
                    lesson.id,
                    i + 1,
                    i + 2
                ))
            }
            None => {}
        }
    }
    let leaves = groups.iter().flatten().flatten();
    if let Some(t) = leaves
        .clone()
        .find(|t| t.contains(['\u{1d}', '\u{1e}', ITEM]))
    {
        return Err(format!(
            "{}: a text holds U+001D, U+001E or U+001F: {t:?}",
            lesson.id
        ));
    }
    let text: Vec<String> = groups
        .iter()
        .map(|g| {
            let fields: Vec<String> = g
                .iter()
                .map(|items| items.join(&ITEM.to_string()))
                .collect();
            fields.join(FIELD)
        })
        .collect();
    Ok(text.join(GROUP))
}

/// A compiled lesson's text back to the lesson; `None` when it is not one
/// (a check it cannot read, or no step).
pub fn read(text: &str) -> Option<Compiled> {
    let groups: Vec<Vec<&str>> = text
        .split(GROUP)
        .map(|g| g.split(FIELD).collect())
        .collect();
    let (head, steps) = groups.split_first()?;
    let f = |g: &[&str], i: usize| g.get(i).copied().unwrap_or_default().to_string();
    let mut whole = true;
    let steps: Vec<CompiledStep> = steps
        .iter()
        .map(|g| {
            let checks: Vec<Check> = g.iter().skip(4).filter_map(|c| check(c)).collect();
            whole &= g.len() == checks.len() + 4;
            CompiledStep {
                start: f(g, 0),
                goal: f(g, 1),
                explanation: f(g, 2),
                hints: f(g, 3)
                    .split(ITEM)
                    .filter(|h| !h.is_empty())
                    .map(Into::into)
                    .collect(),
                checks,
            }
        })
        .collect();
    (whole && !steps.is_empty()).then(|| Compiled {
        title: f(head, 0),
        prose: f(head, 1),
        steps,
    })
}

fn check(field: &str) -> Option<Check> {
    let a: Vec<&str> = field.split(ITEM).collect();
    let s = |i: usize| a.get(i).copied().unwrap_or_default().to_string();
    let some = |i: usize| Some(s(i)).filter(|t| !t.is_empty());
    let n = |i: usize| a.get(i)?.parse::<usize>().ok();
    Some(match a[0] {
        "answer" => Check::Answer(AnswerCheck {
            from: s(1),
            name: s(2),
            qtype: RecordType::from_code(n(3)? as u16),
            rcode: some(4),
            records: n(5),
            srv_targets: n(6),
            addresses: some(7).map(|v| {
                v.split(['+', ','])
                    .filter(|x| !x.is_empty())
                    .map(Into::into)
                    .collect()
            }),
            queries: n(8),
        }),
        "object" => Check::Object(ObjectCheck {
            object: s(1),
            no_warnings: some(2).is_some(),
            rejected: some(3),
        }),
        "identity" => Check::Identity(IdentityCheck {
            statefulset: s(1),
            pod: s(2),
            fqdn: s(3),
        }),
        _ => return None,
    })
}
