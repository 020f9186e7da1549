//! `svcdns lesson`: the lessons under `lessons/` (compiled in), listed or
//! checked against the manifests through the core's `lessons` module.

use std::fmt::Write;
use std::process::ExitCode;

use svcdns::lessons::{check_step, load, Lesson};
use svcdns::Analysis;

use crate::Outcome;

/// Every lesson file, by name (tests/command_line.rs checks the list
/// against the directory).
const LESSONS: &[(&str, &str)] = &[
    (
        "01-regular-vs-headless",
        include_str!("../../../lessons/01-regular-vs-headless.yaml"),
    ),
    (
        "02-per-pod-names",
        include_str!("../../../lessons/02-per-pod-names.yaml"),
    ),
    (
        "03-srv-named-ports",
        include_str!("../../../lessons/03-srv-named-ports.yaml"),
    ),
    (
        "04-not-ready-pods",
        include_str!("../../../lessons/04-not-ready-pods.yaml"),
    ),
    (
        "05-manual-endpoints",
        include_str!("../../../lessons/05-manual-endpoints.yaml"),
    ),
    (
        "06-primary-replicas",
        include_str!("../../../lessons/06-primary-replicas.yaml"),
    ),
    (
        "07-externalname",
        include_str!("../../../lessons/07-externalname.yaml"),
    ),
    (
        "08-nodeport-headless",
        include_str!("../../../lessons/08-nodeport-headless.yaml"),
    ),
    (
        "09-namespaces-search-list",
        include_str!("../../../lessons/09-namespaces-search-list.yaml"),
    ),
    ("10-ndots", include_str!("../../../lessons/10-ndots.yaml")),
];

/// The lesson named `name` (its file name, or the name without the
/// number: `ndots` for `10-ndots`).
pub(crate) fn find(name: &str) -> Result<Lesson, String> {
    let found = LESSONS
        .iter()
        .find(|(id, _)| *id == name || id.split_once('-').is_some_and(|(_, rest)| rest == name));
    let Some((id, text)) = found else {
        return Err(format!("no lesson {name} (svcdns lesson list)"));
    };
    load(id, text).map_err(|errors| {
        let lines: Vec<String> = errors
            .iter()
            .map(|e| format!("lessons/{id}.yaml:{e}"))
            .collect();
        lines.join("\n")
    })
}

pub(crate) fn list() -> Outcome {
    let mut out = String::new();
    for (id, _) in LESSONS {
        match find(id) {
            Ok(l) => {
                let _ = writeln!(out, "{id}\t{}\t{} step(s)", l.title, l.steps.len());
            }
            Err(e) => {
                let _ = writeln!(out, "{id}\t{e}");
            }
        }
    }
    Outcome::ok(out)
}

/// Each step in order: the first that fails is the learner's current one,
/// with each failing check's reason.
pub(crate) fn check(lesson: &Lesson, analysis: &Analysis) -> Outcome {
    let mut out = format!("{}: {}\n", lesson.id, lesson.title);
    let total = lesson.steps.len();
    let mut done = 0;
    for (i, step) in lesson.steps.iter().enumerate() {
        let results = check_step(&step.checks, analysis);
        let passed = results.iter().all(|r| r.passed);
        let mark = if passed { "ok" } else { "not yet" };
        let _ = writeln!(out, "step {}/{total} {mark}: {}", i + 1, step.goal);
        if !passed {
            for r in results.iter().filter(|r| !r.passed) {
                let _ = writeln!(out, "  {}: {}", r.part, r.reason);
            }
            break;
        }
        done += 1;
    }
    Outcome {
        stdout: out,
        status: if done == total {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        },
    }
}
