//! `svcdns`: the command-line shell over the core. It reads files, calls
//! the core and prints; no DNS or validation logic lives here.
//!
//! Commands (a contract other tooling drives):
//! - `svcdns dig -f FILE... [--namespace NS] [--cluster-domain D] [--ttl N]
//!   [--pods insecure|verified|disabled] [--endpoint-pod-names]
//!   [--ignore-empty-service] [--json] (NAME [TYPE] | -x IP)`
//! - `svcdns records -f FILE... [--json]`
//! - `svcdns check -f FILE... [--json]`
//! - `svcdns names -f FILE... [--json]`
//!
//! Exit status: 0 when an answer was computed (NXDOMAIN included); for
//! `check`, 1 when any object has an error; 2 when the manifests cannot be
//! read at all or the arguments are wrong.

use std::io::Read;
use std::process::ExitCode;

use svcdns::cluster::PodsMode;
use svcdns::diag::{Diagnostic, DiagnosticSource, Severity};
use svcdns::dns::{self, Record, RecordType};
use svcdns::{analyze, Analysis, DnsOptions, Input, Options};

mod render;

/// The allocator the native shell ships (see the workspace Cargo.toml): the
/// core allocates many small strings and vectors, and mimalloc serves them
/// in about half the time glibc's malloc takes.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage:
  svcdns dig -f FILE [-f FILE ...] [--namespace NS] [--cluster-domain D] [--ttl N]
             [--pods insecure|verified|disabled] [--endpoint-pod-names]
             [--ignore-empty-service] [--json] NAME [TYPE]
  svcdns dig -f FILE ... -x IP
  svcdns records -f FILE [-f FILE ...] [--json]
  svcdns check -f FILE [-f FILE ...] [--json]
  svcdns names -f FILE [-f FILE ...] [--json]

FILE '-' reads standard input. A NAME ending in '.' is asked as is; otherwise
it goes through the search list of a pod in --namespace (default 'default').";

#[derive(Default)]
struct Args {
    command: String,
    files: Vec<String>,
    namespace: String,
    json: bool,
    reverse: Option<String>,
    positional: Vec<String>,
    dns: DnsOptions,
}

fn parse_args(argv: &[String]) -> Result<Args, String> {
    let mut args = Args {
        namespace: "default".into(),
        ..Args::default()
    };
    let mut it = argv.iter();
    args.command = it.next().ok_or("missing command")?.clone();
    if !matches!(args.command.as_str(), "dig" | "records" | "check" | "names") {
        return Err(format!("unknown command '{}'", args.command));
    }
    while let Some(a) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match a.as_str() {
            "-f" | "--filename" => args.files.push(value(a)?),
            "-n" | "--namespace" => args.namespace = value(a)?,
            "--cluster-domain" => args.dns.zone = Some(value(a)?),
            "--ttl" => {
                let v = value(a)?;
                let ttl: u32 = v
                    .parse()
                    .ok()
                    .filter(|t| *t <= 3600)
                    .ok_or_else(|| format!("--ttl must be 0..3600, not '{v}'"))?;
                args.dns.ttl = Some(ttl);
            }
            "--pods" => {
                args.dns.pods = Some(match value(a)?.as_str() {
                    "insecure" => PodsMode::Insecure,
                    "verified" => PodsMode::Verified,
                    "disabled" => PodsMode::Disabled,
                    other => {
                        return Err(format!(
                            "--pods must be insecure, verified or disabled, not '{other}'"
                        ))
                    }
                })
            }
            "--endpoint-pod-names" => args.dns.endpoint_pod_names = Some(true),
            "--ignore-empty-service" => args.dns.ignore_empty_service = Some(true),
            "--json" => args.json = true,
            "-x" => args.reverse = Some(value(a)?),
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with('-') && s.len() > 1 => return Err(format!("unknown flag '{s}'")),
            _ => args.positional.push(a.clone()),
        }
    }
    if args.files.is_empty() {
        return Err("at least one -f FILE is needed".into());
    }
    Ok(args)
}

fn read_inputs(files: &[String]) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for f in files {
        if f == "-" {
            let mut text = String::new();
            std::io::stdin()
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

/// `file:line:column: severity: message`, one per diagnostic.
fn print_diagnostics(analysis: &Analysis, diags: &[&Diagnostic]) {
    for d in diags {
        eprintln!("{}", render::located(analysis, d));
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

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let args = match parse_args(&argv) {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("svcdns: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let texts = match read_inputs(&args.files) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("svcdns: {e}");
            return ExitCode::from(2);
        }
    };
    let inputs: Vec<Input> = texts
        .iter()
        .map(|(name, text)| Input { name, text })
        .collect();
    let options = Options {
        dns: args.dns.clone(),
        ..Options::default()
    };
    let analysis = analyze(&inputs, &options);
    if unreadable(&analysis) {
        let all: Vec<&Diagnostic> = analysis.diagnostics.iter().collect();
        print_diagnostics(&analysis, &all);
        return ExitCode::from(2);
    }
    match args.command.as_str() {
        "dig" => dig(&args, &analysis),
        "records" => records(&args, &analysis),
        "check" => render::check(&analysis, args.json),
        _ => render::names(&analysis, args.json),
    }
}

fn dig(args: &Args, analysis: &Analysis) -> ExitCode {
    // Diagnostics that do not stop the answer go to stderr.
    let problems: Vec<&Diagnostic> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Info)
        .collect();
    print_diagnostics(analysis, &problems);
    let (name, qtype) = if let Some(ip) = &args.reverse {
        let Ok(addr) = ip.parse::<std::net::IpAddr>() else {
            eprintln!("svcdns: -x needs an IP address, not '{ip}'");
            return ExitCode::from(2);
        };
        (dns::name::reverse_name(&addr), RecordType::Ptr)
    } else {
        let Some(name) = args.positional.first() else {
            eprintln!("svcdns: dig needs a NAME (or -x IP)\n{USAGE}");
            return ExitCode::from(2);
        };
        let qtype = match args.positional.get(1) {
            None => RecordType::A,
            Some(t) => match RecordType::parse(t) {
                Some(t) => t,
                None => {
                    eprintln!("svcdns: unknown record type '{t}'");
                    return ExitCode::from(2);
                }
            },
        };
        if args.positional.len() > 2 {
            eprintln!("svcdns: too many arguments\n{USAGE}");
            return ExitCode::from(2);
        }
        (name.clone(), qtype)
    };
    let resolution = dns::resolve(&analysis.cluster, &name, qtype, &args.namespace);
    if args.json {
        println!("{}", render::resolution_json(&resolution));
    } else {
        print!("{}", render::resolution_text(&name, &resolution));
    }
    ExitCode::SUCCESS
}

fn records(args: &Args, analysis: &Analysis) -> ExitCode {
    let zone: Vec<Record> = dns::zone(&analysis.cluster);
    if args.json {
        let lines: Vec<String> = zone.iter().map(|r| r.to_lowercase_line()).collect();
        println!("{}", serde_json::json!({ "records": lines }));
    } else {
        for r in &zone {
            println!("{r}");
        }
    }
    ExitCode::SUCCESS
}
