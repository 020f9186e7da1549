//! Endpoints (`ValidateEndpoints`: paths have no `spec.` prefix) and
//! EndpointSlice (discovery `ValidateEndpointSlice`) on create.

use super::field::{FieldError, RenderedValue};
use super::meta::{self, NameRule};
use crate::api::format;
use crate::api::{EndpointAddress, EndpointPort, EndpointSlice, Endpoints};

fn qualified(v: &str, path: &str, errs: &mut Vec<FieldError>) {
    for m in format::qualified_name(v) {
        errs.push(FieldError::invalid(
            path,
            RenderedValue::Str(v.to_string()),
            &m,
        ));
    }
}

fn address(a: &EndpointAddress, path: &str, errs: &mut Vec<FieldError>) {
    let ip_path = format!("{path}.ip");
    if format::parse_ip_sloppy(&a.ip).is_none() {
        errs.push(FieldError::invalid(
            &ip_path,
            RenderedValue::Str(a.ip.clone()),
            format::IP_MSG,
        ));
    }
    if let Some(h) = a.hostname.as_deref().filter(|h| !h.is_empty()) {
        for m in format::dns1123_label(h) {
            errs.push(FieldError::invalid(
                &format!("{path}.hostname"),
                RenderedValue::Str(h.to_string()),
                &m,
            ));
        }
    }
    if let Some(n) = &a.node_name {
        for m in format::dns1123_subdomain(n) {
            errs.push(FieldError::invalid(
                &format!("{path}.nodeName"),
                RenderedValue::Str(n.clone()),
                &m,
            ));
        }
    }
    for m in format::non_special_ip(&a.ip) {
        errs.push(FieldError::invalid(
            &ip_path,
            RenderedValue::Str(a.ip.clone()),
            &m,
        ));
    }
}

fn endpoints_port(p: &EndpointPort, require_name: bool, path: &str, errs: &mut Vec<FieldError>) {
    let name = p.name.as_deref().unwrap_or("");
    if require_name && name.is_empty() {
        errs.push(FieldError::required(&format!("{path}.name"), ""));
    } else if !name.is_empty() {
        for m in format::dns1123_label(name) {
            errs.push(FieldError::invalid(
                &format!("{path}.name"),
                RenderedValue::Str(name.to_string()),
                &m,
            ));
        }
    }
    let port = p.port.unwrap_or(0);
    for m in format::port_num(port.into()) {
        errs.push(FieldError::invalid(
            &format!("{path}.port"),
            RenderedValue::Int(port.into()),
            &m,
        ));
    }
    let proto = p
        .protocol
        .clone()
        .filter(|x| !x.is_empty())
        .unwrap_or_else(|| "TCP".into());
    if !matches!(proto.as_str(), "TCP" | "UDP" | "SCTP") {
        errs.push(FieldError::not_supported(
            &format!("{path}.protocol"),
            RenderedValue::named(&proto),
            &["SCTP", "TCP", "UDP"],
        ));
    }
    if let Some(ap) = &p.app_protocol {
        qualified(ap, &format!("{path}.appProtocol"), errs);
    }
}

/// `ValidateEndpoints` (create).
pub fn validate_endpoints(ep: &Endpoints) -> Vec<FieldError> {
    let mut errs = meta::object_meta(&ep.metadata, true, NameRule::Dns1123Subdomain);
    for (i, ss) in ep.subsets.iter().enumerate() {
        let sp = format!("subsets[{i}]");
        if ss.addresses.is_empty() && ss.not_ready_addresses.is_empty() {
            errs.push(FieldError::required(
                &sp,
                "must specify `addresses` or `notReadyAddresses`",
            ));
        }
        for (j, a) in ss.addresses.iter().enumerate() {
            address(a, &format!("{sp}.addresses[{j}]"), &mut errs);
        }
        for (j, a) in ss.not_ready_addresses.iter().enumerate() {
            address(a, &format!("{sp}.notReadyAddresses[{j}]"), &mut errs);
        }
        for (k, p) in ss.ports.iter().enumerate() {
            endpoints_port(
                p,
                ss.ports.len() > 1,
                &format!("{sp}.ports[{k}]"),
                &mut errs,
            );
        }
    }
    errs
}

/// `ValidateEndpointSlice` (create).
pub fn validate_endpoint_slice(es: &EndpointSlice) -> Vec<FieldError> {
    let mut errs = meta::object_meta(&es.metadata, true, NameRule::Dns1123Subdomain);
    let address_type = es.address_type.as_deref().unwrap_or("");
    if address_type.is_empty() {
        errs.push(FieldError::required("addressType", ""));
    } else if !matches!(address_type, "IPv4" | "IPv6" | "FQDN") {
        errs.push(FieldError::not_supported(
            "addressType",
            RenderedValue::named(address_type),
            &["FQDN", "IPv4", "IPv6"],
        ));
    }
    if es.endpoints.len() > 1000 {
        errs.push(FieldError {
            field: "endpoints".into(),
            error_type: super::field::ErrorType::TooMany,
            bad_value: Some(RenderedValue::Int(es.endpoints.len() as i64)),
            detail: "must have at most 1000 items".into(),
        });
    }
    for (i, e) in es.endpoints.iter().enumerate() {
        let ip = format!("endpoints[{i}]");
        let ap = format!("{ip}.addresses");
        if e.addresses.is_empty() {
            // 1.37 prints the declarative validation's error, which has no
            // detail ("must contain at least 1 address" is marked covered
            // by it and dropped).
            errs.push(FieldError::required(&ap, ""));
        } else if e.addresses.len() > 100 {
            errs.push(FieldError {
                field: ap.clone(),
                error_type: super::field::ErrorType::TooMany,
                bad_value: Some(RenderedValue::Int(e.addresses.len() as i64)),
                detail: "must have at most 100 items".into(),
            });
        }
        for (j, a) in e.addresses.iter().enumerate() {
            let p = format!("{ap}[{j}]");
            let v = RenderedValue::Str(a.clone());
            match address_type {
                "IPv4" | "IPv6" => {
                    if format::parse_ip_sloppy(a).is_none() {
                        errs.push(FieldError::invalid(&p, v, format::IP_MSG));
                        continue;
                    }
                    // The family error is on `addresses`, not on the
                    // address's index (upstream's `addressPath`).
                    if (address_type == "IPv6") != format::is_ipv6(a) {
                        errs.push(FieldError::invalid(
                            &ap,
                            v.clone(),
                            if address_type == "IPv4" {
                                "must be an IPv4 address"
                            } else {
                                "must be an IPv6 address"
                            },
                        ));
                    }
                    for m in format::non_special_ip(a) {
                        errs.push(FieldError::invalid(&p, v.clone(), &m));
                    }
                }
                "FQDN" => {
                    let name = a.strip_suffix('.').unwrap_or(a);
                    let sub = format::dns1123_subdomain(name);
                    if a.is_empty() {
                        errs.push(FieldError::required(&p, ""));
                    } else if !sub.is_empty() {
                        errs.push(FieldError::invalid(
                            &p,
                            RenderedValue::Str(name.to_string()),
                            &sub.join(","),
                        ));
                    } else if name.split('.').count() < 2 {
                        errs.push(FieldError::invalid(
                            &p,
                            RenderedValue::Str(name.to_string()),
                            "should be a domain with at least two segments separated by dots",
                        ));
                    }
                }
                _ => {}
            }
        }
        if let Some(n) = &e.node_name {
            for m in format::dns1123_subdomain(n) {
                errs.push(FieldError::invalid(
                    &format!("{ip}.nodeName"),
                    RenderedValue::Str(n.clone()),
                    &m,
                ));
            }
        }
        if let Some(h) = &e.hostname {
            for m in format::dns1123_label(h) {
                errs.push(FieldError::invalid(
                    &format!("{ip}.hostname"),
                    RenderedValue::Str(h.clone()),
                    &m,
                ));
            }
        }
    }
    let mut names: Vec<String> = Vec::new();
    for (i, p) in es.ports.iter().enumerate() {
        let pp = format!("ports[{i}]");
        let name = p.name.clone().unwrap_or_default();
        if !name.is_empty() {
            for m in format::dns1123_label(&name) {
                errs.push(FieldError::invalid(
                    &format!("{pp}.name"),
                    RenderedValue::Str(name.clone()),
                    &m,
                ));
            }
        }
        if names.contains(&name) {
            errs.push(FieldError::duplicate(
                &format!("{pp}.name"),
                RenderedValue::named(&name),
            ));
        } else {
            names.push(name);
        }
        let proto = p
            .protocol
            .clone()
            .filter(|x| !x.is_empty())
            .unwrap_or_else(|| "TCP".into());
        if !matches!(proto.as_str(), "TCP" | "UDP" | "SCTP") {
            errs.push(FieldError::not_supported(
                &format!("{pp}.protocol"),
                RenderedValue::named(&proto),
                &["SCTP", "TCP", "UDP"],
            ));
        }
        if let Some(ap) = &p.app_protocol {
            qualified(ap, &format!("{pp}.appProtocol"), &mut errs);
        }
    }
    errs
}
