//! `parse.go`: a question name read as a kubernetes plugin request.

use super::kubernetes::LookupError;
use crate::dns::name;

/// `parse.go` `recordRequest`, borrowing the (lower-case) question name.
#[derive(Clone, Debug, Default)]
pub(super) struct RecordRequest<'n> {
    pub(super) port: &'n str,
    pub(super) protocol: &'n str,
    pub(super) endpoint: &'n str,
    pub(super) service: &'n str,
    pub(super) namespace: &'n str,
    pub(super) pod_or_svc: &'n str,
}

fn strip_underscore(s: &str) -> &str {
    s.strip_prefix('_').unwrap_or(s)
}

/// The labels of a name from the right, as `rsplit('.')` gives them, by a
/// byte scan (every question is parsed).
struct RightToLeft<'n>(Option<&'n str>);

impl<'n> Iterator for RightToLeft<'n> {
    type Item = &'n str;
    fn next(&mut self) -> Option<&'n str> {
        let s = self.0?;
        match s.bytes().rposition(|b| b == b'.') {
            Some(dot) => {
                self.0 = s.get(..dot);
                s.get(dot + 1..)
            }
            None => self.0.take(),
        }
    }
}

/// `parse.go` `parseRequest`. `name` is lower case.
///
/// "1. `_port._protocol.service.namespace.pod|svc.zone` 2. (endpoint):
/// `endpoint.service.namespace.pod|svc.zone` 3. (service):
/// `service.namespace.pod|svc.zone`". Three or more labels left of the
/// service are "too long" (the opt-in `zonal` grammar is not simulated).
pub(super) fn parse_request<'n>(
    name: &'n str,
    zone: &str,
) -> Result<RecordRequest<'n>, LookupError> {
    let mut r = RecordRequest::default();
    let base = name::trim_zone(name, zone);
    if base.is_empty() || base == "svc" || base == "pod" {
        return Ok(r);
    }
    // Labels right to left: pod|svc, namespace, service, then at most two.
    let mut labels = RightToLeft(Some(base));
    let last = labels.next().unwrap_or("");
    if last != "svc" && last != "pod" {
        return Err(LookupError::InvalidRequest);
    }
    r.pod_or_svc = last;
    let Some(ns) = labels.next() else {
        return Ok(r);
    };
    r.namespace = ns;
    let Some(svc) = labels.next() else {
        return Ok(r);
    };
    r.service = svc;
    match (labels.next(), labels.next(), labels.next()) {
        (None, _, _) => {}
        (Some(endpoint), None, _) => r.endpoint = endpoint,
        (Some(protocol), Some(port), None) => {
            r.protocol = strip_underscore(protocol);
            r.port = strip_underscore(port);
        }
        _ => return Err(LookupError::InvalidRequest),
    }
    Ok(r)
}
