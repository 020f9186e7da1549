//! Tests, one per rule of the CoreDNS behaviour reference.
