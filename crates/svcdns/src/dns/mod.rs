//! The DNS engine: the answers CoreDNS's `kubernetes` plugin gives for a
//! simulated [`Cluster`](crate::cluster::Cluster).
//!
//! - [`answer`]: one question to CoreDNS, one [`Response`] (with the reasons
//!   in [`Response::explanation`]).
//! - [`resolve`]: what a client pod's glibc stub resolver does with a name:
//!   the search list and `ndots:5`, several questions, one outcome.
//! - [`zone`]: every record the cluster serves, like a zone transfer.
//!
//! The rules are those of coredns/coredns `plugin/kubernetes` and the
//! kubernetes/dns specification (CoreDNS wins where they disagree, since it
//! is what clusters run). Pure: no IO, no clock, no randomness (the `loadbalance`
//! plugin's shuffling is only mentioned in explanations).

mod answer;
pub(crate) use answer::{endpoint_hostname, primary_zone, zones};
pub mod name;
mod record;
mod resolve;
mod zone;

#[cfg(test)]
mod tests;

pub use answer::{answer, Kubernetes, Question, Response};
pub use record::{RData, Rcode, Record, RecordType};
pub use resolve::{resolve, search_list, Resolution, NDOTS};
pub use zone::zone;
