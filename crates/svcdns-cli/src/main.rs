//! `svcdns`: the command-line shell over the core. It parses arguments
//! (clap, in `args.rs`), reads files, calls the core and prints; no DNS or
//! validation logic lives here.
//!
//! Commands (a contract other tooling drives; `svcdns --help` lists them):
//! - `svcdns dig -f FILE... [--namespace NS] [CLUSTER FLAGS] [--json] (NAME [TYPE] | -x IP)`
//! - `svcdns records -f FILE... [CLUSTER FLAGS] [--json]`
//! - `svcdns check -f FILE... [CLUSTER FLAGS] [--json]`
//! - `svcdns names -f FILE... [CLUSTER FLAGS] [--json]`
//! - `svcdns dump -f FILE... [CLUSTER FLAGS] [--json]`
//! - `svcdns serve -f FILE... [CLUSTER FLAGS] [--address IP] [--port PORT] [--quiet]`
//! - `svcdns lesson list` and `svcdns lesson check LESSON -f FILE... [CLUSTER FLAGS]`
//! - `svcdns completions bash|zsh|fish|elvish|powershell`
//!
//! Exit status: 0 when an answer was computed (NXDOMAIN included) and for
//! `--help` and `--version`; for `check`, 1 when any object has an error;
//! 2 when the manifests cannot be read at all or the arguments are wrong.
//! A reader that stops reading (`svcdns records -f F | head -1`) ends the
//! output quietly; the exit status is still the command's.

use std::io::{self, Read, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use svcdns::diag::{Diagnostic, DiagnosticSource, Severity};
use svcdns::dns::{self, Record, RecordType};
use svcdns::resolver;
use svcdns::{analyze, explain, Analysis, Input};

mod args;
mod lessons;
mod render;

use args::{Cli, ClusterArgs, Command, DigArgs, LessonCommand, ServeArgs};

/// The allocator the native shell ships (see the workspace Cargo.toml): the
/// core allocates many small strings and vectors, and mimalloc serves them
/// in about half the time glibc's malloc takes.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// What a command prints on standard output, and the status it ends with.
struct Outcome {
    stdout: String,
    status: ExitCode,
}

impl Outcome {
    fn ok(stdout: String) -> Outcome {
        Outcome {
            stdout,
            status: ExitCode::SUCCESS,
        }
    }
}

/// A line on standard error. Errors writing it (a closed stderr) are
/// ignored: there is nowhere left to report them.
fn warn(line: &str) {
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "{line}");
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // `--help` and `--version` (exit 0, stdout) or a usage error
            // (exit 2, stderr); a closed pipe is not worth a panic.
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let outcome = match &cli.command {
        Command::Completions(c) => {
            let mut out = Vec::new();
            clap_complete::generate(c.shell, &mut Cli::command(), "svcdns", &mut out);
            return finish(&String::from_utf8_lossy(&out), ExitCode::SUCCESS);
        }
        Command::Dig(a) => with_analysis(&a.cluster, |an, _| dig(a, an)),
        Command::Records(a) => with_analysis(&a.cluster, |an, _| records(an, a.json)),
        Command::Check(a) => {
            with_analysis(&a.cluster, |an, inputs| render::check(an, inputs, a.json))
        }
        Command::Names(a) => with_analysis(&a.cluster, |an, _| render::names(an, a.json)),
        Command::Dump(a) => with_analysis(&a.cluster, |an, _| dump(an, a.json)),
        Command::Serve(a) => return serve(a),
        Command::Lesson(LessonCommand::List) => lessons::list(),
        Command::Lesson(LessonCommand::Check(a)) => match lessons::find(&a.lesson) {
            Ok(lesson) => with_analysis(&a.cluster, |an, _| lessons::check(&lesson, an)),
            Err(e) => {
                warn(&format!("svcdns: {e}"));
                Outcome {
                    stdout: String::new(),
                    status: ExitCode::from(2),
                }
            }
        },
    };
    finish(&outcome.stdout, outcome.status)
}

/// Writes the output; a reader that went away (EPIPE) ends it quietly
/// with the command's status, any other write error is exit 2.
fn finish(stdout: &str, status: ExitCode) -> ExitCode {
    let mut out = io::stdout().lock();
    match out.write_all(stdout.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => status,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => status,
        Err(e) => {
            warn(&format!("svcdns: writing the output: {e}"));
            ExitCode::from(2)
        }
    }
}

/// Reads the manifests, runs the core and hands the analysis to `command`;
/// manifests that cannot be read at all are exit 2 with their diagnostics.
fn with_analysis(
    cluster: &ClusterArgs,
    command: impl FnOnce(&Analysis, &[Input]) -> Outcome,
) -> Outcome {
    let texts = match read_inputs(&cluster.files) {
        Ok(t) => t,
        Err(e) => {
            warn(&format!("svcdns: {e}"));
            return Outcome {
                stdout: String::new(),
                status: ExitCode::from(2),
            };
        }
    };
    let inputs: Vec<Input> = texts
        .iter()
        .map(|(name, text)| Input { name, text })
        .collect();
    let analysis = analyze(&inputs, &cluster.options());
    if unreadable(&analysis) {
        // With what each means and the fix, as `check` prints them.
        for d in &analysis.diagnostics {
            warn(&render::explained(&analysis, d));
        }
        return Outcome {
            stdout: String::new(),
            status: ExitCode::from(2),
        };
    }
    command(&analysis, &inputs)
}

fn read_inputs(files: &[String]) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for f in files {
        if f == "-" {
            let mut text = String::new();
            io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| format!("-: {e}"))?;
            out.push(("-".to_string(), text));
        } else {
            let bytes = std::fs::read(f).map_err(|e| format!("{f}: {e}"))?;
            // Bad UTF-8 is replaced, not fatal: the YAML parser then reports
            // where the text stops making sense.
            out.push((f.clone(), String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    Ok(out)
}

/// `file:line:column: severity: message`, one per diagnostic, on stderr.
fn print_diagnostics<'a>(analysis: &Analysis, diags: impl Iterator<Item = &'a Diagnostic>) {
    for d in diags {
        warn(&render::located(analysis, d));
    }
}

/// Whether the manifests could not be read at all: nothing was decoded and
/// reading produced errors.
fn unreadable(analysis: &Analysis) -> bool {
    analysis.objects.is_empty()
        && analysis.diagnostics.iter().any(|d| {
            d.severity == Severity::Error
                && matches!(d.source, DiagnosticSource::Yaml | DiagnosticSource::Decode)
        })
}

fn dig(args: &DigArgs, analysis: &Analysis) -> Outcome {
    // Diagnostics that do not stop the answer go to stderr.
    print_diagnostics(
        analysis,
        analysis
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Info),
    );
    let (name, qtype) = match (&args.reverse, &args.name) {
        (Some(ip), _) => (dns::name::reverse_name(ip), RecordType::Ptr),
        (None, Some(name)) => (name.clone(), args.qtype.unwrap_or(RecordType::A)),
        // (clap already requires one of the two.)
        (None, None) => {
            warn("svcdns: dig needs a NAME (or -x IP)");
            return Outcome {
                stdout: String::new(),
                status: ExitCode::from(2),
            };
        }
    };
    let resolution = resolver::resolve_with(&analysis.kubernetes(), &name, qtype, &args.namespace);
    Outcome::ok(if args.json {
        format!("{}\n", render::resolution_json(&resolution))
    } else {
        let command = match &args.reverse {
            Some(ip) => format!("-x {ip}"),
            None => explain::dig::args(&name, qtype),
        };
        let facts = explain::suggest::Facts {
            objects: &analysis.objects,
            accepted: &analysis.accepted,
            diagnostics: &analysis.diagnostics,
            kubernetes: &analysis.kubernetes(),
        };
        let question = explain::suggest::Question {
            name: name.clone(),
            record_type: qtype,
            namespace: args.namespace.clone(),
        };
        let meant = explain::suggest::suggest(&facts, &question, &resolution);
        format!(
            "{}{}",
            explain::dig::resolution(
                &command,
                &resolution,
                &resolver::nameserver(&analysis.cluster),
            ),
            explain::suggest::comments(&meant)
        )
    })
}

/// `svcdns dump`: the core lists the cluster as the API server would
/// return it; serde_yaml (the yaml_serde fork) or serde_json writes it.
fn dump(analysis: &Analysis, json: bool) -> Outcome {
    print_diagnostics(
        analysis,
        analysis
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Info),
    );
    let list = svcdns::dump::dump(&analysis.objects, &analysis.accepted, &analysis.cluster);
    let text = if json {
        serde_json::to_string_pretty(&list).map(|t| t + "\n")
    } else {
        serde_yaml::to_string(&list).map_err(|e| serde_json::Error::io(io::Error::other(e)))
    };
    match text {
        Ok(t) => Outcome::ok(t),
        Err(e) => {
            warn(&format!("svcdns: dump: {e}"));
            Outcome {
                stdout: String::new(),
                status: ExitCode::from(2),
            }
        }
    }
}

fn records(analysis: &Analysis, json: bool) -> Outcome {
    let zone: Vec<Record> = analysis.kubernetes().zone();
    let mut out = String::new();
    if json {
        let lines: Vec<String> = zone.iter().map(|r| r.to_lowercase_line()).collect();
        out = format!("{}\n", serde_json::json!({ "records": lines }));
    } else {
        use std::fmt::Write as _;
        for r in &zone {
            let _ = writeln!(out, "{r}");
        }
    }
    Outcome::ok(out)
}

/// `svcdns serve`: runs until killed; exit 2 when the manifests cannot be
/// read or the address cannot be bound.
fn serve(a: &ServeArgs) -> ExitCode {
    let mut config = svcdns_cli::serve::Config::new(a.cluster.files.clone(), a.cluster.options());
    config.address = a.address;
    config.port = a.port;
    if a.quiet {
        config.log = svcdns_cli::serve::Log::Off;
    }
    match svcdns_cli::serve::start(config) {
        Ok(server) => {
            warn(&format!(
                "svcdns serve: listening on {} (udp, tcp)",
                server.local_addr()
            ));
            server.wait();
            ExitCode::SUCCESS
        }
        Err(e) => {
            warn(&format!("svcdns serve: {e}"));
            ExitCode::from(2)
        }
    }
}
