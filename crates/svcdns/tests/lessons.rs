//! Every lesson under `lessons/` loads, and each step fails on the manifest
//! it starts from (the lesson's starting manifest, then the previous
//! step's solution) and passes on its own solution.

use std::path::PathBuf;

use svcdns::lessons::{check_step, load, Lesson};
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
            let start = check_step(step, &analysis(&before));
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
            for r in check_step(step, &analysis(solution)) {
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
