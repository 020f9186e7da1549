//! `k8s.io/api/discovery/v1`: EndpointSlice.

use super::{EndpointPort, ObjectMeta, ObjectReference};

/// `discovery/v1.EndpointConditions`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EndpointConditions {
    /// `ready`.
    pub ready: Option<bool>,
    /// `serving`.
    pub serving: Option<bool>,
    /// `terminating`.
    pub terminating: Option<bool>,
}

/// `discovery/v1.Endpoint`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SliceEndpoint {
    /// `addresses`.
    pub addresses: Vec<String>,
    /// `conditions`.
    pub conditions: EndpointConditions,
    /// `hostname`.
    pub hostname: Option<String>,
    /// `targetRef`.
    pub target_ref: Option<ObjectReference>,
    /// `nodeName`.
    pub node_name: Option<String>,
    /// `zone`.
    pub zone: Option<String>,
}

/// `discovery.k8s.io/v1.EndpointSlice`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EndpointSlice {
    /// `metadata`.
    pub metadata: ObjectMeta,
    /// `addressType`.
    pub address_type: Option<String>,
    /// `endpoints`.
    pub endpoints: Vec<SliceEndpoint>,
    /// `ports`.
    pub ports: Vec<EndpointPort>,
}
