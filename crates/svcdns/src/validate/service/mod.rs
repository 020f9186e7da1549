//! Service create: `SetDefaults_Service`, `beginCreate` (normalizeClusterIPs
//! and the allocators, whose failures are reported alone), `ValidateService`
//! (rules S1-S40 of the reference, in emission order) and the warnings of
//! `pkg/api/service/warnings.go`.
//!
//! Files mirror upstream: `defaults.rs` (`SetDefaults_Service`), `alloc.rs`
//! (the allocators of `beginCreate`), `validation.rs` (`ValidateService`),
//! `warnings.rs` (`GetWarningsForService`); this file is the create.

use crate::api::Service;
use crate::validate::field::FieldError;

mod alloc;
mod defaults;
mod validation;
mod warnings;

pub use alloc::Allocations;
pub use defaults::{set_defaults, DefaultedPort, DefaultedService};
pub use validation::{cluster_ips_related_fields, port_num_or_name, validate_service};
pub use warnings::warnings;

use alloc::{alloc_cluster_ips, alloc_node_ports, init_ip_family_fields, Alloc};

/// The outcome of creating one Service.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceOutcome {
    /// Field errors (an allocator failure's errors come alone).
    pub errors: Vec<FieldError>,
    /// An allocator InternalError (HTTP 500), reported instead of errors.
    pub internal: Option<(String, String)>,
    /// Warnings, for a Service that is accepted.
    pub warnings: Vec<String>,
}

/// Create one Service against the allocations of earlier creates; on
/// success its explicit cluster IP and node ports are recorded.
pub fn create(svc: &Service, alloc: &mut Allocations) -> (DefaultedService, ServiceOutcome) {
    let mut d = set_defaults(svc);
    let mut out = ServiceOutcome::default();
    if let Err(errs) = init_ip_family_fields(&mut d, &alloc.families) {
        out.errors = errs;
        return (d, out);
    }
    let mut taken_ips = Vec::new();
    if let Err(errs) = alloc_cluster_ips(&d, alloc, &mut taken_ips) {
        out.errors = errs;
        return (d, out);
    }
    let mut taken_ports = Vec::new();
    match alloc_node_ports(&mut d, alloc, &mut taken_ports) {
        Err(Alloc::Invalid(errs)) => {
            out.errors = errs;
            return (d, out);
        }
        Err(Alloc::Internal(field, detail)) => {
            out.internal = Some((field, detail));
            return (d, out);
        }
        Ok(()) => {}
    }
    out.errors = validate_service(svc, &d, alloc.service_names);
    if out.errors.is_empty() {
        out.warnings = warnings(svc, &d);
        for ip in taken_ips {
            alloc.cluster_ips.insert(ip);
        }
        for port in taken_ports {
            if let Err(at) = alloc.node_ports.binary_search(&port) {
                alloc.node_ports.insert(at, port);
            }
        }
    }
    (d, out)
}
