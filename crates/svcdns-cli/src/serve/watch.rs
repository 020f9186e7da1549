//! Re-reading the files when they change: each file's size and modification
//! time are checked every `poll`; on a change the manifests are analysed
//! again and the next query is answered from the new cluster. A file that
//! cannot be read (an editor replacing it) keeps the cluster as it was until
//! it can be.

use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::SystemTime;

use super::{load, log, Config, Shared};

type Stamp = Vec<Option<(u64, SystemTime)>>;

fn stamp(files: &[String]) -> Stamp {
    files
        .iter()
        .map(|f| {
            if f == "-" {
                return None;
            }
            let m = std::fs::metadata(f).ok()?;
            Some((m.len(), m.modified().ok()?))
        })
        .collect()
}

pub(super) fn spawn(
    config: &Config,
    stdin_text: Option<String>,
    shared: &Shared,
) -> JoinHandle<()> {
    let (config, shared) = (config.clone(), Arc::clone(shared));
    std::thread::spawn(move || {
        let mut seen = stamp(&config.files);
        loop {
            std::thread::sleep(config.poll);
            let now = stamp(&config.files);
            if now == seen {
                continue;
            }
            match load(&config.files, stdin_text.as_deref(), &config.options) {
                Ok(analysis) => {
                    config
                        .log
                        .line(&log::loaded(&analysis, &config.files, true));
                    if let Ok(mut s) = shared.write() {
                        *s = Arc::new(analysis);
                    }
                    seen = now;
                }
                Err(e) => {
                    config.log.line(&format!(
                        "[WARNING] not reloaded, still serving the cluster read before: {e}"
                    ));
                    seen = now;
                }
            }
        }
    })
}
