//! `object/`: the objects as CoreDNS keeps them. Its informers convert
//! what they watch (`object/service.go` `ToService`, `object/endpoint.go`
//! `EndpointSliceToEndpoints`, `object/pod.go` `ToPod`); these are the
//! conversions that change answers.

use crate::cluster::{
    Endpoint, EndpointPort, EndpointSlice, Pod, PodPhase, Service, ServicePort, TargetPort,
};

/// `object/endpoint.go` `endpointsliceReady`: an endpoint is kept when
/// `conditions.ready` "is true or unset" (`serving` and `terminating` are
/// not read).
pub(super) fn endpoint_ready(ep: &Endpoint) -> bool {
    ep.ready.unwrap_or(true)
}

/// `ToService`: "Add sentinel if there are no ports".
static SERVICE_SENTINEL: ServicePort = ServicePort {
    name: String::new(),
    protocol: String::new(),
    port: -1,
    target_port: TargetPort::Number(0),
};

/// `EndpointSliceToEndpoints`: the same sentinel for a slice without ports.
static ENDPOINT_SENTINEL: EndpointPort = EndpointPort {
    name: None,
    protocol: String::new(),
    port: Some(-1),
};

/// A Service's ports as `ToService` keeps them: a Service without ports
/// gets one unnamed port -1, so its name still answers with its cluster IP
/// while SRV skips the entry.
pub(super) fn service_ports(svc: &Service) -> &[ServicePort] {
    if svc.ports.is_empty() {
        std::slice::from_ref(&SERVICE_SENTINEL)
    } else {
        &svc.ports
    }
}

/// A slice's ports as `EndpointSliceToEndpoints` keeps them (the sentinel
/// port -1 when it has none).
pub(super) fn endpoint_ports(slice: &EndpointSlice) -> &[EndpointPort] {
    if slice.ports.is_empty() {
        std::slice::from_ref(&ENDPOINT_SENTINEL)
    } else {
        &slice.ports
    }
}

/// `controller.go` `podListFunc`: the pods CoreDNS lists leave out those in
/// phase Succeeded, Failed or Unknown. (A pod being deleted stays: `ToPod`
/// refuses the update that sets its deletionTimestamp, and the pod is
/// forgotten only on its Deleted event.)
pub(super) fn pod_listed(p: &Pod) -> bool {
    !matches!(
        p.phase,
        PodPhase::Succeeded | PodPhase::Failed | PodPhase::Unknown
    )
}
