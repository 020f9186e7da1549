//! Text and JSON renderings of what the core computed.

use std::fmt::Write as _;
use std::process::ExitCode;

use crate::Outcome;

use serde_json::{json, Value};
use svcdns::diag::{Diagnostic, Severity};
use svcdns::dns::Record;
use svcdns::explain;
use svcdns::resolver::Resolution;
use svcdns::Analysis;
use svcdns::Input;

/// [`located`], then the consequence and the fix when the diagnostic has
/// them (as the web's Problems view shows them).
///
/// A parser or API-server message that says only upstream's words gets
/// them in plain words from the core's explanation layer
/// (`explain::plain`, issue 18 item 7).
pub fn explained(analysis: &Analysis, d: &Diagnostic) -> String {
    let mut line = located(analysis, d);
    let (consequence, fix) = explain::plain::consequence_and_fix(d);
    if let Some(c) = consequence {
        let _ = write!(line, " Consequence: {c}");
    }
    if let Some(f) = fix {
        let _ = write!(line, " Fix: {f}");
    }
    line
}

/// `file:line:column: severity: message`.
pub fn located(analysis: &Analysis, d: &Diagnostic) -> String {
    let file = analysis
        .files
        .get(d.location.file as usize)
        .map(String::as_str)
        .unwrap_or("-");
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    };
    if d.location.line == 0 {
        // Not in a file: a flag's value (the cluster profile's).
        return format!("svcdns: {severity}: {}", d.message);
    }
    format!(
        "{file}:{}:{}: {severity}: {}",
        d.location.line, d.location.column, d.message
    )
}

fn lines(records: &[Record]) -> Vec<String> {
    records.iter().map(|r| r.to_lowercase_line()).collect()
}

/// The `--json` contract of `svcdns dig`.
pub fn resolution_json(res: &Resolution) -> Value {
    let fin = &res.final_response;
    let asked = res
        .tried
        .last()
        .map(|(n, _)| n.to_ascii_lowercase())
        .unwrap_or_else(|| fin.question.name.to_ascii_lowercase());
    let explanation = explain::reason::resolution_sentences(res);
    json!({
        "question": { "name": asked, "type": fin.question.qtype.name() },
        "rcode": fin.rcode.as_str(),
        "answer": lines(&fin.answer),
        "authority": lines(&fin.authority),
        "additional": lines(&fin.additional),
        "tried": res.tried.iter().map(|(n, r)| json!({
            "name": n.to_ascii_lowercase(),
            "rcode": r.rcode.as_str(),
            "upstream": r.upstream,
        })).collect::<Vec<_>>(),
        "explanation": explanation,
        "upstream": fin.upstream,
        // The AA bit CoreDNS sets on this response (`svcdns serve` sends it).
        "authoritative": fin.authoritative,
    })
}

/// `d` as `check --json` prints it; `lines`: each input's lines, split
/// once for all its diagnostics (a dump can hold thousands).
fn diagnostic_json(analysis: &Analysis, lines: &[Vec<&str>], d: &Diagnostic) -> Value {
    let line = lines
        .get(d.location.file as usize)
        .and_then(|l| l.get((d.location.line as usize).checked_sub(1)?))
        .copied()
        .unwrap_or("");
    let source = serde_json::to_value(d.source).unwrap_or(Value::Null);
    let severity = serde_json::to_value(d.severity).unwrap_or(Value::Null);
    let (consequence, fix) = explain::plain::consequence_and_fix(d);
    json!({
        "object": d.object,
        "severity": severity,
        "source": source,
        "code": d.code,
        "field": d.field,
        "type": d.error_type,
        "detail": d.detail,
        "message": d.message,
        "consequence": consequence,
        "fix": fix,
        "file": analysis.files.get(d.location.file as usize),
        "line": d.location.line,
        "column": d.location.column,
        "end_column": svcdns::diag::mark_end(line, d.location.column),
    })
}

/// `svcdns check`: per invalid object kubectl's message, then warnings.
pub fn check(analysis: &Analysis, inputs: &[Input], as_json: bool) -> Outcome {
    let mut out = String::new();
    let any_error = analysis
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    if as_json {
        let lines: Vec<Vec<&str>> = inputs.iter().map(|i| i.text.lines().collect()).collect();
        let diags: Vec<Value> = analysis
            .diagnostics
            .iter()
            .map(|d| diagnostic_json(analysis, &lines, d))
            .collect();
        let _ = writeln!(out, "{}", json!({ "diagnostics": diags }));
    } else {
        // One line per distinct kubectl message (an object with several
        // field errors prints kubectl's multi-error form once).
        let mut printed: Vec<(Option<&str>, &str)> = Vec::new();
        for d in analysis
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
        {
            let key = (d.object.as_deref(), d.message.as_str());
            if printed.contains(&key) {
                continue;
            }
            printed.push(key);
            let _ = writeln!(out, "{}", explained(analysis, d));
        }
        for d in analysis
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Error)
        {
            let _ = writeln!(out, "{}", explained(analysis, d));
        }
    }
    Outcome {
        stdout: out,
        status: if any_error {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        },
    }
}

/// `svcdns names`: StatefulSet identities.
pub fn names(analysis: &Analysis, as_json: bool) -> Outcome {
    let mut out = String::new();
    let sets = analysis.statefulsets();
    if as_json {
        let _ = writeln!(out, "{}", json!({ "statefulsets": sets }));
        return Outcome::ok(out);
    }
    for s in &sets {
        let service = match (&s.service, s.service_found, s.headless) {
            (Some(svc), true, true) => format!("serviceName {svc} (headless)"),
            (Some(svc), true, false) => format!("serviceName {svc} (not headless)"),
            (Some(svc), false, _) => format!("serviceName {svc} (no such Service)"),
            (None, _, _) => "no serviceName".to_string(),
        };
        let _ = writeln!(
            out,
            "StatefulSet {}/{}: {service}, podManagementPolicy {}",
            s.namespace, s.name, s.pod_management_policy
        );
        for p in &s.pods {
            let _ = writeln!(
                out,
                "  {:>3}  {:<24} fqdn {}  pvcs [{}]",
                p.ordinal,
                p.name,
                p.fqdn
                    .as_deref()
                    .unwrap_or("(none: no Service of that name selects it)"),
                p.pvcs.join(", ")
            );
        }
        let _ = writeln!(out, "  start order:      {}", s.start_order.join(" → "));
        let _ = writeln!(
            out,
            "  scale-down order: {}",
            s.scale_down_order.join(" → ")
        );
    }
    if sets.is_empty() {
        let _ = writeln!(out, "no StatefulSets");
    }
    Outcome::ok(out)
}
