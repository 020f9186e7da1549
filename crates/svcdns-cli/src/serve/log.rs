//! The query log: one line per message received, in CoreDNS's `log` plugin
//! format (`{remote}:{port} - {id} "{type} {class} {name} {proto} {size}
//! {do} {bufsize}" {rcode} {flags} {rsize} {duration}`) followed by why the
//! answer is what it is.

use std::io::Write;
use std::net::SocketAddr;
use std::time::Duration;

use svcdns::diag::Severity;
use svcdns::Analysis;

use super::wire::{Exchange, Transport};

/// Where log lines go.
#[derive(Clone, Default)]
pub enum Log {
    /// Standard output, a line at a time; a closed pipe is ignored.
    #[default]
    Stdout,
    /// Nowhere (load tests).
    Off,
}

impl Log {
    /// Writes one line.
    pub fn line(&self, line: &str) {
        match self {
            Log::Stdout => {
                let mut out = std::io::stdout().lock();
                let _ = writeln!(out, "{line}");
            }
            Log::Off => {}
        }
    }

    /// Whether lines are written at all.
    pub fn enabled(&self) -> bool {
        !matches!(self, Log::Off)
    }
}

/// The line for one message.
pub fn query(
    from: SocketAddr,
    transport: Transport,
    size: usize,
    ex: &Exchange,
    took: Duration,
) -> String {
    let proto = match transport {
        Transport::Udp => "udp",
        Transport::Tcp => "tcp",
    };
    let id = ex.id.map_or("-".to_string(), |i| i.to_string());
    let (qtype, qclass, name) = match &ex.question {
        Some(q) => (q.qtype.as_str(), q.qclass.as_str(), q.name.as_str()),
        None => ("-", "-", "-"),
    };
    let (dnssec_ok, bufsize) = match (ex.edns, transport) {
        (Some((size, dnssec_ok)), _) => (dnssec_ok, size.max(512)),
        (None, Transport::Tcp) => (false, 65_535),
        (None, Transport::Udp) => (false, 512),
    };
    let rsize = ex.reply.as_ref().map_or(0, Vec::len);
    let mut line = format!(
        "[INFO] {} - {id} \"{qtype} {qclass} {name} {proto} {size} {dnssec_ok} {bufsize}\" {} {} \
         {rsize} {:.6}s",
        from,
        ex.rcode,
        if ex.flags.is_empty() { "-" } else { &ex.flags },
        took.as_secs_f64()
    );
    if !ex.explanation.is_empty() {
        line.push_str(" ; ");
        line.push_str(&ex.explanation.join(" | "));
    }
    line
}

/// The line saying what was loaded (at start and after each change).
pub fn loaded(analysis: &Analysis, files: &[String], reload: bool) -> String {
    let errors = analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let c = &analysis.cluster;
    format!(
        "[INFO] {} {}: {} Services, {} EndpointSlices, {} Pods in {} namespaces; {errors} \
         error(s), {warnings} warning(s) (svcdns check -f ... lists them)",
        if reload { "reloaded" } else { "loaded" },
        files.join(", "),
        c.services.len(),
        c.endpoint_slices.len(),
        c.pods.len(),
        c.namespaces.len(),
    )
}
