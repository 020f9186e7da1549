//! The core group (`v1`): Service, Pod, Endpoints, and the `v1` types
//! other groups embed (`Container`, `PodSpec`, `PodTemplateSpec`,
//! `ObjectReference`, `EndpointPort`).

use super::decoder::{Decoder, Obj, Path};
use super::schema::{CONTAINER_FIELDS, CONTAINER_UNREAD, POD_SPEC_FIELDS};
use crate::api::*;
use crate::yaml::Node;

impl Decoder {
    pub(super) fn container(&mut self, n: &Node, path: &Path) -> Option<Container> {
        let c = self.open(
            n,
            "PodSpec",
            "Container",
            "v1.Container",
            path,
            CONTAINER_FIELDS,
        )?;
        let pp = path.field("ports");
        let ports_nodes = self.seq(c, path, "ports", "[]v1.ContainerPort");
        let mut ports = Vec::new();
        for (i, pn) in ports_nodes.iter().enumerate() {
            let ip = pp.index(i);
            if let Some(po) = self.open(
                pn,
                "Container",
                "ContainerPort",
                "v1.ContainerPort",
                &ip,
                &["name", "hostPort", "containerPort", "protocol", "hostIP"],
            ) {
                ports.push(ContainerPort {
                    name: self.string(po, &ip, "name"),
                    container_port: self.i32(po, &ip, "containerPort").unwrap_or(0),
                    protocol: self.string(po, &ip, "protocol"),
                });
            }
        }
        // Read only to check their types, as the API server decodes them.
        self.check_fields(c, path, CONTAINER_UNREAD);
        Some(Container {
            name: self.string(c, path, "name"),
            image: self.string(c, path, "image"),
            ports,
            has_readiness_probe: c.node.get("readinessProbe").is_some_and(|n| !n.is_null()),
        })
    }

    pub(super) fn pod_spec(
        &mut self,
        node: Option<&Node>,
        parent_go: &str,
        path: &Path,
    ) -> PodSpec {
        let Some(node) = node else {
            return PodSpec::default();
        };
        let Some(s) = self.open(
            node,
            parent_go,
            "PodSpec",
            "v1.PodSpec",
            path,
            POD_SPEC_FIELDS,
        ) else {
            return PodSpec::default();
        };
        let mut containers = Vec::new();
        let cp = path.field("containers");
        for (i, n) in self
            .seq(s, path, "containers", "[]v1.Container")
            .iter()
            .enumerate()
        {
            if let Some(c) = self.container(n, &cp.index(i)) {
                containers.push(c);
            }
        }
        let mut init_containers = Vec::new();
        let ip = path.field("initContainers");
        for (i, n) in self
            .seq(s, path, "initContainers", "[]v1.Container")
            .iter()
            .enumerate()
        {
            if let Some(c) = self.container(n, &ip.index(i)) {
                init_containers.push(c);
            }
        }
        PodSpec {
            hostname: self.string(s, path, "hostname"),
            subdomain: self.string(s, path, "subdomain"),
            set_hostname_as_fqdn: self.bool(s, path, "setHostnameAsFQDN"),
            node_name: self.string(s, path, "nodeName"),
            containers,
            init_containers,
            restart_policy: self.string(s, path, "restartPolicy"),
            dns_policy: self.string(s, path, "dnsPolicy"),
            active_deadline_seconds: self.int(s, path, "activeDeadlineSeconds", 64),
            host_network: self.bool(s, path, "hostNetwork"),
        }
    }

    pub(super) fn template(&mut self, o: Obj, path: &Path) -> PodTemplateSpec {
        let p = path.field("template");
        let Some(node) = o.node.get("template") else {
            return PodTemplateSpec::default();
        };
        let Some(t) = self.open(
            node,
            o.go,
            "PodTemplateSpec",
            "v1.PodTemplateSpec",
            &p,
            &["metadata", "spec"],
        ) else {
            return PodTemplateSpec::default();
        };
        PodTemplateSpec {
            metadata: self.metadata(t, &p),
            spec: self.pod_spec(t.node.get("spec"), "PodTemplateSpec", &p.field("spec")),
        }
    }

    pub(super) fn object_reference(
        &mut self,
        o: Obj,
        path: &Path,
        key: &str,
    ) -> Option<ObjectReference> {
        let p = path.field(key);
        let node = o.node.get(key)?;
        let r = self.open(
            node,
            o.go,
            "ObjectReference",
            "v1.ObjectReference",
            &p,
            &[
                "kind",
                "namespace",
                "name",
                "uid",
                "apiVersion",
                "resourceVersion",
                "fieldPath",
            ],
        )?;
        Some(ObjectReference {
            kind: self.string(r, &p, "kind"),
            namespace: self.string(r, &p, "namespace"),
            name: self.string(r, &p, "name"),
        })
    }

    pub(super) fn endpoint_ports(
        &mut self,
        o: Obj,
        path: &Path,
        key: &str,
        go: &'static str,
    ) -> Vec<EndpointPort> {
        let p = path.field(key);
        let mut out = Vec::new();
        for (i, n) in self
            .seq(o, path, key, "[]v1.EndpointPort")
            .iter()
            .enumerate()
        {
            let ip = p.index(i);
            if let Some(e) = self.open(
                n,
                o.go,
                go,
                "v1.EndpointPort",
                &ip,
                &["name", "protocol", "port", "appProtocol"],
            ) {
                out.push(EndpointPort {
                    name: self.string(e, &ip, "name"),
                    protocol: self.string(e, &ip, "protocol"),
                    port: self.i32(e, &ip, "port"),
                    app_protocol: self.string(e, &ip, "appProtocol"),
                });
            }
        }
        out
    }
}

pub(super) fn decode_service(d: &mut Decoder, top: Obj) -> Service {
    let root = Path::root();
    let metadata = d.metadata(top, &root);
    let p = root.field("spec");
    let Some(s) = top.node.get("spec").and_then(|n| {
        d.open(
            n,
            "Service",
            "ServiceSpec",
            "v1.ServiceSpec",
            &p,
            &[
                "ports",
                "selector",
                "clusterIP",
                "clusterIPs",
                "type",
                "externalIPs",
                "sessionAffinity",
                "loadBalancerIP",
                "loadBalancerSourceRanges",
                "externalName",
                "externalTrafficPolicy",
                "healthCheckNodePort",
                "publishNotReadyAddresses",
                "sessionAffinityConfig",
                "ipFamilies",
                "ipFamilyPolicy",
                "allocateLoadBalancerNodePorts",
                "loadBalancerClass",
                "internalTrafficPolicy",
                "trafficDistribution",
            ],
        )
    }) else {
        return Service {
            metadata,
            spec: ServiceSpec::default(),
        };
    };
    let pp = p.field("ports");
    let mut ports = Vec::new();
    for (i, n) in d.seq(s, &p, "ports", "[]v1.ServicePort").iter().enumerate() {
        let ip = pp.index(i);
        if let Some(po) = d.open(
            n,
            "ServiceSpec",
            "ServicePort",
            "v1.ServicePort",
            &ip,
            &[
                "name",
                "protocol",
                "appProtocol",
                "port",
                "targetPort",
                "nodePort",
            ],
        ) {
            ports.push(ServicePort {
                name: d.string(po, &ip, "name"),
                protocol: d.string(po, &ip, "protocol"),
                app_protocol: d.string(po, &ip, "appProtocol"),
                port: d.i32(po, &ip, "port").unwrap_or(0),
                target_port: d.int_or_string(po, &ip, "targetPort"),
                node_port: d.i32(po, &ip, "nodePort"),
            });
        }
    }
    let sap = p.field("sessionAffinityConfig");
    let session_affinity_config = s.node.get("sessionAffinityConfig").and_then(|n| {
        let c = d.open(
            n,
            "ServiceSpec",
            "SessionAffinityConfig",
            "v1.SessionAffinityConfig",
            &sap,
            &["clientIP"],
        )?;
        let cp = sap.field("clientIP");
        let client_ip = c.node.get("clientIP").and_then(|n| {
            let ci = d.open(
                n,
                "SessionAffinityConfig",
                "ClientIPConfig",
                "v1.ClientIPConfig",
                &cp,
                &["timeoutSeconds"],
            )?;
            Some(ClientIpConfig {
                timeout_seconds: d.i32(ci, &cp, "timeoutSeconds"),
            })
        });
        Some(SessionAffinityConfig { client_ip })
    });
    let spec = ServiceSpec {
        service_type: d.string(s, &p, "type"),
        cluster_ip: d.string(s, &p, "clusterIP"),
        cluster_ips: d.string_list(s, &p, "clusterIPs"),
        ip_families: d.string_list(s, &p, "ipFamilies"),
        ip_family_policy: d.string(s, &p, "ipFamilyPolicy"),
        selector: d.string_map(s, &p, "selector"),
        ports,
        external_name: d.string(s, &p, "externalName"),
        external_ips: d.string_list(s, &p, "externalIPs"),
        session_affinity: d.string(s, &p, "sessionAffinity"),
        session_affinity_config,
        publish_not_ready_addresses: d.bool(s, &p, "publishNotReadyAddresses"),
        load_balancer_ip: d.string(s, &p, "loadBalancerIP"),
        load_balancer_source_ranges: d.string_list(s, &p, "loadBalancerSourceRanges"),
        load_balancer_class: d.string(s, &p, "loadBalancerClass"),
        allocate_load_balancer_node_ports: d.bool(s, &p, "allocateLoadBalancerNodePorts"),
        external_traffic_policy: d.string(s, &p, "externalTrafficPolicy"),
        internal_traffic_policy: d.string(s, &p, "internalTrafficPolicy"),
        health_check_node_port: d.i32(s, &p, "healthCheckNodePort"),
        traffic_distribution: d.string(s, &p, "trafficDistribution"),
    };
    Service { metadata, spec }
}

pub(super) fn decode_pod(d: &mut Decoder, top: Obj) -> Pod {
    let root = Path::root();
    let metadata = d.metadata(top, &root);
    let spec = d.pod_spec(top.node.get("spec"), "Pod", &root.field("spec"));
    let sp = root.field("status");
    let status = top.node.get("status").and_then(|n| {
        // Status is not strictly checked field by field (kubectl create ignores
        // it); only the fields svcdns reads are decoded.
        let st = Obj {
            node: n,
            go: "PodStatus",
        };
        if n.as_map().is_none() {
            d.type_error(n, "Pod", &sp, "v1.PodStatus");
            return None;
        }
        let mut pod_ips = Vec::new();
        let pip = sp.field("podIPs");
        for (i, item) in d.seq(st, &sp, "podIPs", "[]v1.PodIP").iter().enumerate() {
            if let Some(ip) = item
                .get("ip")
                .and_then(|v| d.string_value(v, "PodIP", &pip.index(i).field("ip")))
            {
                pod_ips.push(ip);
            }
        }
        let mut conditions = Vec::new();
        for item in d.seq(st, &sp, "conditions", "[]v1.PodCondition") {
            let t = item
                .get("type")
                .and_then(|n| n.as_str())
                .unwrap_or_default();
            let s = item
                .get("status")
                .and_then(|n| n.as_str())
                .unwrap_or_default();
            conditions.push(PodCondition {
                condition_type: t.to_string(),
                status: s.to_string(),
            });
        }
        Some(PodStatus {
            phase: d.string(st, &sp, "phase"),
            pod_ip: d.string(st, &sp, "podIP"),
            pod_ips,
            conditions,
        })
    });
    Pod {
        metadata,
        spec,
        status,
    }
}

pub(super) fn decode_endpoints(d: &mut Decoder, top: Obj) -> Endpoints {
    let root = Path::root();
    let metadata = d.metadata(top, &root);
    let sp = root.field("subsets");
    let mut subsets = Vec::new();
    for (i, n) in d
        .seq(top, &root, "subsets", "[]v1.EndpointSubset")
        .iter()
        .enumerate()
    {
        let ip = sp.index(i);
        let Some(s) = d.open(
            n,
            "Endpoints",
            "EndpointSubset",
            "v1.EndpointSubset",
            &ip,
            &["addresses", "notReadyAddresses", "ports"],
        ) else {
            continue;
        };
        let mut lists: [Vec<EndpointAddress>; 2] = [Vec::new(), Vec::new()];
        for (li, key) in ["addresses", "notReadyAddresses"].into_iter().enumerate() {
            let ap = ip.field(key);
            for (j, an) in d
                .seq(s, &ip, key, "[]v1.EndpointAddress")
                .iter()
                .enumerate()
            {
                let jp = ap.index(j);
                if let Some(a) = d.open(
                    an,
                    "EndpointSubset",
                    "EndpointAddress",
                    "v1.EndpointAddress",
                    &jp,
                    &["ip", "hostname", "nodeName", "targetRef"],
                ) {
                    lists[li].push(EndpointAddress {
                        ip: d.string(a, &jp, "ip").unwrap_or_default(),
                        hostname: d.string(a, &jp, "hostname"),
                        node_name: d.string(a, &jp, "nodeName"),
                        target_ref: d.object_reference(a, &jp, "targetRef"),
                    });
                }
            }
        }
        let [addresses, not_ready_addresses] = lists;
        subsets.push(EndpointSubset {
            addresses,
            not_ready_addresses,
            ports: d.endpoint_ports(s, &ip, "ports", "EndpointPort"),
        });
    }
    Endpoints { metadata, subsets }
}

/// `v1.ReplicationController`: `spec.selector` is a `map[string]string`,
/// kept as the `matchLabels` of a selector.
pub(super) fn decode_replication_controller(d: &mut Decoder, top: Obj) -> Workload {
    let root = Path::root();
    let metadata = d.metadata(top, &root);
    let p = root.field("spec");
    let Some(s) = top.node.get("spec").and_then(|n| {
        d.open(
            n,
            top.go,
            "ReplicationControllerSpec",
            "v1.ReplicationControllerSpec",
            &p,
            &["replicas", "minReadySeconds", "selector", "template"],
        )
    }) else {
        return Workload {
            metadata,
            spec: WorkloadSpec::default(),
        };
    };
    let spec = WorkloadSpec {
        replicas: d.i32(s, &p, "replicas"),
        selector: d.string_map(s, &p, "selector").map(|m| LabelSelector {
            match_labels: m,
            match_expressions: Vec::new(),
        }),
        template: d.template(s, &p),
    };
    Workload { metadata, spec }
}
