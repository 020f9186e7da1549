//! Every lesson under `lessons/` loads, and each step fails on the manifest
//! it starts from (the lesson's starting manifest, then the previous
//! step's solution) and passes on its own solution; each compiles to the
//! file the playground fetches (`web/lessons/ID.txt`, a golden file:
//! `UPDATE_GOLDEN=1 cargo test -p svcdns --test lessons` writes it), which
//! reads back to the same checks and starts.

mod support;

use std::path::PathBuf;

use svcdns::lessons::{check_step, compile, load, read, Lesson};
use svcdns::{analyze, Input, Options};

fn lessons_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../lessons")
}

fn all_lessons() -> Vec<Lesson> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(lessons_dir())
        .expect("lessons/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let id = p.file_stem().unwrap().to_str().unwrap();
            let text = std::fs::read_to_string(p).unwrap();
            load(id, &text).unwrap_or_else(|errors| {
                let list: Vec<String> = errors
                    .iter()
                    .map(|e| format!("{}:{e}", p.display()))
                    .collect();
                panic!("{}", list.join("\n"))
            })
        })
        .collect()
}

fn analysis(text: &str) -> svcdns::Analysis {
    analyze(
        &[Input {
            name: "lesson.yaml",
            text,
        }],
        &Options::default(),
    )
}

#[test]
fn every_lesson_compiles_to_its_shipped_file_and_reads_back() {
    let dir = lessons_dir().join("../web/lessons");
    let mut problems = Vec::new();
    let lessons = all_lessons();
    for lesson in &lessons {
        let text = compile(lesson).unwrap_or_else(|e| panic!("{e}"));
        let back = read(&text).unwrap_or_else(|| panic!("{}: does not read back", lesson.id));
        assert_eq!(back.steps.len(), lesson.steps.len(), "{}", lesson.id);
        let mut start = &lesson.manifest;
        for (step, compiled) in lesson.steps.iter().zip(&back.steps) {
            assert_eq!(step.checks, compiled.checks, "{}", lesson.id);
            assert_eq!(*start, compiled.start, "{}", lesson.id);
            assert_eq!(step.hints.len(), compiled.hints.len(), "{}", lesson.id);
            start = step.solution.as_ref().unwrap_or(start);
        }
        let golden = dir.join(format!("{}.txt", lesson.id));
        if let Some(diff) = support::check_golden(&golden, &text) {
            problems.push(format!("{}: {diff}", golden.display()));
        }
    }
    // No compiled file is left without its lesson.
    for e in std::fs::read_dir(&dir).expect("web/lessons/ exists") {
        let name = e.unwrap().file_name().to_string_lossy().to_string();
        let id = name.strip_suffix(".txt").unwrap_or(&name);
        if !lessons.iter().any(|l| l.id == id) {
            problems.push(format!("web/lessons/{name}: no lessons/{id}.yaml"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn at_least_eight_lessons_load() {
    assert!(all_lessons().len() >= 8);
}

#[test]
fn every_step_fails_before_and_passes_on_its_solution() {
    let mut problems = Vec::new();
    for lesson in all_lessons() {
        let mut before = lesson.manifest.clone();
        for (i, step) in lesson.steps.iter().enumerate() {
            let n = i + 1;
            let start = check_step(&step.checks, &analysis(&before));
            if start.iter().all(|r| r.passed) {
                problems.push(format!(
                    "{} step {n}: passes on the manifest it starts from",
                    lesson.id
                ));
            }
            for r in &start {
                if !r.passed {
                    println!("{} step {n} before: {}: {}", lesson.id, r.part, r.reason);
                }
            }
            let Some(solution) = &step.solution else {
                problems.push(format!("{} step {n}: no solution", lesson.id));
                continue;
            };
            for r in check_step(&step.checks, &analysis(solution)) {
                if !r.passed {
                    problems.push(format!(
                        "{} step {n}: solution fails {}: {}",
                        lesson.id, r.part, r.reason
                    ));
                }
            }
            before = solution.clone();
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
