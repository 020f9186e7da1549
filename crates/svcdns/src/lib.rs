//! svcdns core: Kubernetes manifests → simulated cluster → the answers
//! CoreDNS's kubernetes plugin gives, with API-server validation.
//!
//! The core is pure: no IO, no clock, no randomness, no threads, no web
//! types. Bad input never fails; it yields the model plus located
//! diagnostics. See ARCHITECTURE.md.

#![warn(missing_docs)]
// The bundle's size tricks (one stable sort, one hash-table type), listed
// in clippy.toml; see ARCHITECTURE.md.
#![deny(clippy::disallowed_methods, clippy::disallowed_types)]

pub mod analysis;
pub mod api;
pub mod cluster;
pub mod controllers;
pub mod coredns;
pub mod decode;
pub mod diag;
pub mod dns;
pub mod dump;
pub mod explain;
pub mod generate;
pub mod lessons;
pub mod lint;
pub mod names;
pub mod profile;
pub mod resolver;
pub mod support;
pub mod validate;
pub mod yaml;

pub use analysis::{analyze, analyze_cached, Analysis, Cache, DnsOptions, Input, Options};
