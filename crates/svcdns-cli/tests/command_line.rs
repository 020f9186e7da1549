//! The command line as a person types it: help, version, `--flag=value`,
//! completions, refused arguments, and a reader that stops reading.

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};

fn ex(name: &str) -> String {
    format!("{}/../../examples/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn svcdns(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_svcdns"))
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_and_version_go_to_stdout_with_exit_0() {
    let o = svcdns(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let out = text(&o.stdout);
    for command in ["dig", "records", "check", "names", "completions"] {
        assert!(out.contains(&format!("  {command} ")), "{command}: {out}");
    }
    let o = svcdns(&["--version"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        text(&o.stdout),
        format!("svcdns {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn every_subcommand_has_help() {
    for (command, flag) in [
        ("dig", "--namespace"),
        ("records", "--filename"),
        ("check", "--json"),
        ("names", "--cluster-domain"),
        ("completions", "<SHELL>"),
    ] {
        let o = svcdns(&[command, "--help"]);
        assert_eq!(o.status.code(), Some(0), "{command}");
        let out = text(&o.stdout);
        assert!(
            out.contains(&format!("Usage: svcdns {command}")),
            "{command}: {out}"
        );
        assert!(out.contains(flag), "{command}: {out}");
    }
}

#[test]
fn flag_equals_value_is_the_same_as_flag_space_value() {
    let file = ex("mysql-statefulset.yaml");
    let spaced = svcdns(&[
        "dig",
        "-f",
        &file,
        "--namespace",
        "default",
        "--ttl",
        "7",
        "--json",
        "mysql-0.mysql",
    ]);
    let joined = svcdns(&[
        "dig",
        &format!("--filename={file}"),
        "--namespace=default",
        "--ttl=7",
        "--json",
        "mysql-0.mysql",
    ]);
    assert_eq!(spaced.status.code(), Some(0));
    assert_eq!(text(&spaced.stdout), text(&joined.stdout));
    assert!(text(&joined.stdout).contains(" 7 IN A "));
}

#[test]
fn unknown_flags_and_extra_arguments_are_refused_with_exit_2() {
    let file = ex("mysql-statefulset.yaml");
    for (args, says) in [
        (
            vec!["records", "-f", &file, "junk"],
            "unexpected argument 'junk'",
        ),
        (
            vec!["dig", "-f", &file, "mysql", "A", "junk"],
            "unexpected argument 'junk'",
        ),
        (vec!["check", "-f", &file, "--frob"], "'--frob'"),
        (vec!["frob"], "unrecognized subcommand 'frob'"),
        (vec!["dig", "-f", &file], "<NAME>"),
        (vec!["names"], "--filename <FILE>"),
        (vec!["dig", "-f", &file, "--ttl", "3601", "x"], "0..=3600"),
        (
            vec!["dig", "-f", &file, "x", "BOGUS"],
            "unknown record type 'BOGUS'",
        ),
        (vec!["dig", "-f", &file, "-x", "nope"], "'nope'"),
        (vec!["dig", "-f", &file, "--pods", "some", "x"], "verified"),
        (vec!["completions", "tcsh"], "'tcsh'"),
    ] {
        let o = svcdns(&args);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(o.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn completions_for_bash_zsh_and_fish_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish"] {
        let o = svcdns(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let out = text(&o.stdout);
        for word in ["svcdns", "dig", "records", "cluster-domain"] {
            assert!(out.contains(word), "{shell} lacks {word}");
        }
    }
}

/// Bug: `svcdns records -f F | head -1` panicked on the broken pipe
/// ("failed printing to stdout", exit 134). The listing here is far larger
/// than a pipe's buffer, so the program is still writing when the reader
/// goes away after one line.
#[test]
fn a_reader_that_stops_after_one_line_ends_the_program_quietly() {
    let dir = std::env::temp_dir().join(format!("svcdns-pipe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("many.yaml");
    let mut yaml = String::new();
    for i in 0..1500 {
        yaml.push_str(&format!(
            "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s{i}\nspec:\n  ports:\n  - port: 80\n    name: http\n"
        ));
    }
    std::fs::write(&file, yaml).unwrap();
    // (Text read one line; JSON, one long line, not read at all.)
    for (json, lines) in [(false, 1), (true, 0)] {
        let mut args = vec!["records", "-f", file.to_str().unwrap()];
        if json {
            args.push("--json");
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_svcdns"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut reader = BufReader::with_capacity(256, child.stdout.take().unwrap());
        for _ in 0..lines {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            assert!(line.contains(" IN SOA "), "{line}");
        }
        drop(reader);
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", text(&o.stderr));
        assert!(o.stderr.is_empty(), "{args:?}: {}", text(&o.stderr));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `svcdns dump` prints the cluster as `kubectl get -o yaml` would (a v1
/// List, YAML by default, JSON with --json); written to a file and read
/// back with -f, every record of the zone is the same, and nothing is
/// refused.
#[test]
fn dump_prints_a_list_that_reads_back_as_the_same_cluster() {
    let dir = std::env::temp_dir().join(format!("svcdns-dump-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for example in ["mysql-statefulset.yaml", "external-db-endpoints.yaml"] {
        let o = svcdns(&["dump", "-f", &ex(example)]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        let yaml = text(&o.stdout);
        assert!(yaml.starts_with("apiVersion: v1\nitems:\n"), "{yaml}");
        assert!(
            yaml.ends_with("kind: List\nmetadata:\n  resourceVersion: ''\n"),
            "{yaml}"
        );
        let dumped = dir.join(example);
        std::fs::write(&dumped, &yaml).unwrap();
        let dumped = dumped.to_string_lossy().to_string();
        let check = svcdns(&["check", "-f", &dumped]);
        assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
        let before = svcdns(&["records", "-f", &ex(example)]);
        let after = svcdns(&["records", "-f", &dumped]);
        assert_eq!(text(&before.stdout), text(&after.stdout), "{example}");

        let o = svcdns(&["dump", "--json", "-f", &ex(example)]);
        let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(json["kind"], "List");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn lesson_list_names_every_lesson_file() {
    let dir = format!("{}/../../lessons", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".yaml").map(str::to_string))
        .collect();
    files.sort();
    let out = svcdns(&["lesson", "list"]);
    assert!(out.status.success());
    let listed: Vec<String> = text(&out.stdout)
        .lines()
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect();
    assert_eq!(listed, files);
    assert!(!text(&out.stdout).contains("step 0"));
}

#[test]
fn lesson_check_says_why_until_the_manifest_solves_it() {
    let out = svcdns(&[
        "lesson",
        "check",
        "nodeport-headless",
        "-f",
        &ex("nodeport-headless-invalid.yaml"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("step 1/2 ok"), "{stdout}");
    assert!(stdout.contains("step 2/2 not yet"), "{stdout}");
    assert!(
        stdout.contains(
            "web.default.svc.cluster.local. is NXDOMAIN because there is no Service default/web"
        ),
        "{stdout}"
    );
    let out = svcdns(&[
        "lesson",
        "check",
        "10-ndots",
        "-f",
        &ex("regular-vs-headless.yaml"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let out = svcdns(&[
        "lesson",
        "check",
        "no-such",
        "-f",
        &ex("regular-vs-headless.yaml"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no lesson no-such"));
}

/// Issue 18, item 7: `svcdns check` printed only the parser's words for a
/// YAML slip and a regex for a bad label; each error line now ends with the
/// plain words (consequence and fix), kubectl's message kept before them,
/// in the text and the `--json` output alike.
#[test]
fn check_says_parser_and_label_errors_in_plain_words() {
    let dir = std::env::temp_dir().join(format!("svcdns-plain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, text: &str| {
        let file = dir.join(name);
        std::fs::write(&file, text).unwrap();
        file.to_string_lossy().to_string()
    };
    let slip = write(
        "slip.yaml",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels:\n    app: web: frontend\n",
    );
    let file = write(
        "label.yaml",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: db\n  labels:\n    app: -db-\nspec:\n  ports:\n  - port: 80\n",
    );
    // Nothing readable: exit 2, the diagnostics on stderr.
    let o = svcdns(&["check", "-f", &slip]);
    assert_eq!(o.status.code(), Some(2));
    let out = text(&o.stderr);
    let slip = out
        .lines()
        .find(|l| l.contains("mapping values are not allowed in this context"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(slip.contains(" Consequence: "), "{slip}");
    assert!(slip.contains(" Fix: A `key: value` stands where"), "{slip}");
    let o = svcdns(&["check", "-f", &file]);
    assert_ne!(o.status.code(), Some(0));
    let out = text(&o.stdout);
    let label = out
        .lines()
        .find(|l| l.contains("a valid label must be"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(label.contains("regex used for validation"), "{label}");
    assert!(
        label.contains(" Consequence: The API server refuses the whole object"),
        "{label}"
    );
    assert!(
        label.contains(" Fix: A label value is at most 63 letters"),
        "{label}"
    );
    let o = svcdns(&["check", "--json", "-f", &file]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let fixes: Vec<_> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["fix"].as_str())
        .collect();
    assert!(
        fixes.iter().any(|f| f.starts_with("A label value")),
        "{fixes:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
