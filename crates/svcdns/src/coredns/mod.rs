//! CoreDNS's `kubernetes` plugin (coredns/coredns `plugin/kubernetes`),
//! file for file: what it answers for a simulated
//! [`Cluster`](crate::cluster::Cluster).
//!
//! - [`setup`] (`setup.go`): the Corefile's `kubernetes` stanza.
//! - `object` (`object/`): the conversions CoreDNS applies to what it
//!   watches (readiness, sentinel ports, listed pods).
//! - [`controller`] (`controller.go`): the informers' indexes over the
//!   cluster ([`ClusterIndex`]).
//! - [`handler`] (`handler.go` `ServeDNS`): one question, one [`Response`].
//! - `parse` (`parse.go` `parseRequest`): the name read as a request.
//! - `kubernetes` (`kubernetes.go`): `Services`, `Records`,
//!   `findServices`, `findPods`, `endpointHostname`.
//! - `backend` (`plugin/backend_lookup.go`): entries to records per type.
//! - `reverse` (`reverse.go`), `ns` (`ns.go`).
//! - [`xfr`] (`xfr.go`): every record served, like a zone transfer.
//!
//! The rules are those of coredns/coredns `plugin/kubernetes` and the
//! kubernetes/dns specification (CoreDNS wins where they disagree, since it
//! is what clusters run). Pure: no IO, no clock, no randomness (the
//! `loadbalance` plugin's shuffling is only mentioned in explanations).

mod backend;
pub mod controller;
pub mod handler;
mod kubernetes;
mod notes;
mod ns;
mod object;
mod parse;
pub mod reason;
mod reverse;
pub mod setup;
pub mod xfr;

#[cfg(test)]
mod tests;

pub use controller::ClusterIndex;
pub use handler::{answer, Kubernetes, Response};
pub use reason::Reason;
pub use xfr::zone;
