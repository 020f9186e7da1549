//! `svcdns serve`: a DNS server (UDP and TCP) that answers from the
//! manifests as the cluster's CoreDNS would.
//!
//! The shell only moves bytes: each message goes to [`wire::handle`], which
//! asks the core the one question it holds ([`svcdns::coredns::Kubernetes::answer`],
//! the call `svcdns dig NAME.` makes for an absolute name) and encodes the
//! response as CoreDNS 1.14.7 writes it. The search list is the client's
//! business: glibc sends each candidate name as its own query, and the log
//! shows them in order.
//!
//! - [`wire`]: the packet path (header checks, EDNS0, truncation), pure.
//! - [`net`]: the sockets: UDP workers, a TCP listener with a bounded number
//!   of connections, each with a read timeout and a 65,535-octet message cap.
//! - [`watch`]: the files are read again when their size or modification
//!   time changes; the next query sees the new cluster.
//! - [`log`]: one line per message, CoreDNS's `log` plugin format plus the
//!   explanation.
//!
//! The wire format is NLnet Labs' `domain` crate (0.12). Against
//! hickory-proto 0.26 it was picked for its 14-crate dependency tree (hickory
//! with `default-features = false, features = ["std"]` brings 68, among them
//! idna/ICU, url, rand and tracing), a zero-copy parser that rejects forward
//! and looping compression pointers and caps a name at 255 octets, and a
//! message builder with a push limit, which is how a reply is cut to the
//! client's buffer. Both are actively maintained (NLnet Labs, the authors of
//! NSD and Unbound; the Hickory DNS project). Only this crate uses it: the
//! core and the browser bundle do not change.

use std::io::Read;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use svcdns::diag::{DiagnosticSource, Severity};
use svcdns::{analyze, Analysis, Input, Options};

pub mod log;
mod net;
mod watch;
pub mod wire;

pub use log::Log;

/// What to serve and where.
#[derive(Clone)]
pub struct Config {
    /// The manifest files (`-` is standard input, read once).
    pub files: Vec<String>,
    /// The cluster profile and Corefile options, as `svcdns dig` takes them.
    pub options: Options,
    /// The address to bind (loopback by default).
    pub address: IpAddr,
    /// The port, UDP and TCP; 0 picks a free one (printed at start).
    pub port: u16,
    /// How often the files are checked for changes.
    pub poll: Duration,
    /// Where the query log goes.
    pub log: Log,
}

impl Config {
    /// Loopback, port 5353, files checked every 500 ms, log to stdout.
    pub fn new(files: Vec<String>, options: Options) -> Config {
        Config {
            files,
            options,
            address: IpAddr::from([127, 0, 0, 1]),
            port: 5353,
            poll: Duration::from_millis(500),
            log: Log::Stdout,
        }
    }
}

/// The cluster being served; replaced whole when the files change.
pub(crate) type Shared = Arc<RwLock<Arc<Analysis>>>;

/// A running server.
pub struct Server {
    addr: SocketAddr,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Server {
    /// The address bound (UDP and TCP share the port).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves until the process ends.
    pub fn wait(mut self) {
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

/// Reads the files, binds the sockets and starts answering. Errors: a file
/// that cannot be read, manifests that cannot be read at all, an address
/// that cannot be bound.
pub fn start(config: Config) -> Result<Server, String> {
    let stdin_text = if config.files.iter().any(|f| f == "-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("-: {e}"))?;
        Some(text)
    } else {
        None
    };
    let analysis = load(&config.files, stdin_text.as_deref(), &config.options)?;
    if unreadable(&analysis) {
        let mut why = String::from("the manifests cannot be read:");
        for d in &analysis.diagnostics {
            why.push_str("\n  ");
            why.push_str(&d.message);
        }
        return Err(why);
    }
    config
        .log
        .line(&log::loaded(&analysis, &config.files, false));
    let shared: Shared = Arc::new(RwLock::new(Arc::new(analysis)));
    let (addr, mut threads) = net::spawn(&config, &shared)?;
    threads.push(watch::spawn(&config, stdin_text, &shared));
    Ok(Server { addr, threads })
}

/// Reads and analyses the files (`-` from the text read at start).
pub(crate) fn load(
    files: &[String],
    stdin_text: Option<&str>,
    options: &Options,
) -> Result<Analysis, String> {
    let mut texts = Vec::new();
    for f in files {
        if f == "-" {
            texts.push((f.clone(), stdin_text.unwrap_or_default().to_string()));
        } else {
            let bytes = std::fs::read(f).map_err(|e| format!("{f}: {e}"))?;
            texts.push((f.clone(), String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    let inputs: Vec<Input> = texts
        .iter()
        .map(|(name, text)| Input { name, text })
        .collect();
    Ok(analyze(&inputs, options))
}

/// Nothing decoded and reading failed: the same rule as the other commands.
fn unreadable(analysis: &Analysis) -> bool {
    analysis.objects.is_empty()
        && analysis.diagnostics.iter().any(|d| {
            d.severity == Severity::Error
                && matches!(d.source, DiagnosticSource::Yaml | DiagnosticSource::Decode)
        })
}
