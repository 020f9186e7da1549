//! `controller.go`: what CoreDNS's informers keep of the cluster, indexed
//! so that a question never scans it ([`ClusterIndex`]).
//!
//! CoreDNS's `dnsController` lists and watches Namespaces, Services,
//! EndpointSlices and (with `pods verified`) Pods, and keeps them in
//! client-go indexers (by namespace and name, by IP). The index here plays
//! that part for a [`Cluster`] that no longer changes: it is built once
//! from the cluster (`Analysis::index`, or [`ClusterIndex::new`]) and
//! holds positions into it, never copies; comparing two indexes compares
//! their tables.

use std::net::IpAddr;

use super::kubernetes::endpoint_hostname;
use super::setup::{primary_zone, zones};
use crate::cluster::{Cluster, Endpoint, EndpointSlice, Pod, Service};
use crate::support::keymap::{add, find, find_ip, get, ip_key, Key, Table};
use crate::support::text::lower;

/// Lookup tables over a [`Cluster`], so that answering is not a scan of
/// every object (CoreDNS's informers keep the same kind of indexes).
/// Names are keyed in lower case where CoreDNS matches them
/// case-insensitively. Build it after the cluster is complete; it holds
/// positions, not copies.
///
/// Every table is the same type, a hash map from an encoded key to
/// positions in order: one hash-table instantiation keeps the
/// browser bundle small; a lookup allocates nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClusterIndex {
    /// The cluster zone, lower case and absolute (`cluster.local.`).
    pub(crate) primary_zone: String,
    /// Every zone the plugin serves, the cluster zone first, lower case
    /// and absolute.
    pub(crate) zones: Vec<String>,
    /// Exact namespace name.
    namespaces: Table,
    /// Lower-case namespace and name.
    services: Table,
    /// Exact namespace.
    services_by_namespace: Table,
    /// Address (IPv4-mapped IPv6 folded to IPv4).
    services_by_cluster_ip: Table,
    /// Exact namespace and Service name (the slice's service-name label).
    slices: Table,
    /// Address; each slice once per address.
    slices_by_address: Table,
    /// Exact namespace, Service name, and the lower-case name CoreDNS gives
    /// an endpoint address (`endpointHostname`): positions in
    /// `endpoint_addresses`.
    endpoints_by_name: Table,
    /// (slice, endpoint, address) positions.
    endpoint_addresses: Vec<(usize, usize, usize)>,
    /// Exact namespace and name.
    pods: Table,
    /// Lower-case namespace.
    pods_by_namespace: Table,
    /// Address.
    pods_by_ip: Table,
}

impl ClusterIndex {
    /// Index a complete cluster.
    pub fn new(cluster: &Cluster) -> ClusterIndex {
        // The tables keyed per object, sized for them up front.
        let sized = |n: usize| Table::with_capacity_and_hasher(n, Default::default());
        let addresses = cluster
            .endpoint_slices
            .iter()
            .flat_map(|s| &s.endpoints)
            .map(|e| e.addresses.len())
            .sum();
        let mut ix = ClusterIndex {
            primary_zone: primary_zone(cluster),
            zones: zones(cluster),
            services: sized(cluster.services.len()),
            services_by_cluster_ip: sized(cluster.services.len()),
            slices: sized(cluster.endpoint_slices.len()),
            slices_by_address: sized(addresses),
            endpoints_by_name: sized(addresses),
            endpoint_addresses: Vec::with_capacity(addresses),
            pods: sized(cluster.pods.len()),
            pods_by_ip: sized(cluster.pods.len()),
            ..ClusterIndex::default()
        };
        for (i, n) in cluster.namespaces.iter().enumerate() {
            add(&mut ix.namespaces, Key::new(&[n.as_bytes()]), i);
        }
        for (i, s) in cluster.services.iter().enumerate() {
            let (ns, name) = (lower(&s.namespace), lower(&s.name));
            add(
                &mut ix.services,
                Key::new(&[ns.as_bytes(), name.as_bytes()]),
                i,
            );
            add(
                &mut ix.services_by_namespace,
                Key::new(&[s.namespace.as_bytes()]),
                i,
            );
            for ip in &s.cluster_ips {
                add(&mut ix.services_by_cluster_ip, ip_key(*ip), i);
            }
        }
        for (i, s) in cluster.endpoint_slices.iter().enumerate() {
            if let Some(svc) = &s.service_name {
                let of = [s.namespace.as_bytes(), svc.as_bytes()];
                add(&mut ix.slices, Key::new(&of), i);
                for (e, ep) in s.endpoints.iter().enumerate() {
                    for (a, ip) in ep.addresses.iter().enumerate() {
                        let name = endpoint_hostname(ep, ip, cluster.config.endpoint_pod_names);
                        let key = Key::new(&[of[0], of[1], lower(&name).as_bytes()]);
                        add(&mut ix.endpoints_by_name, key, ix.endpoint_addresses.len());
                        ix.endpoint_addresses.push((i, e, a));
                    }
                }
            }
            for ep in &s.endpoints {
                for a in &ep.addresses {
                    let key = ip_key(*a);
                    if get(&ix.slices_by_address, &key).last() != Some(&i) {
                        add(&mut ix.slices_by_address, key, i);
                    }
                }
            }
        }
        for (i, p) in cluster.pods.iter().enumerate() {
            add(
                &mut ix.pods,
                Key::new(&[p.namespace.as_bytes(), p.name.as_bytes()]),
                i,
            );
            add(
                &mut ix.pods_by_namespace,
                Key::new(&[lower(&p.namespace).as_bytes()]),
                i,
            );
            for ip in &p.ips {
                add(&mut ix.pods_by_ip, ip_key(*ip), i);
            }
        }
        ix
    }

    /// Whether a Namespace object with this exact name exists.
    pub fn namespace_exists(&self, name: &str) -> bool {
        !find(&self.namespaces, &[name.as_bytes()]).is_empty()
    }

    /// Services whose namespace and name match, ignoring case, in order.
    pub fn services<'a>(
        &'a self,
        cluster: &'a Cluster,
        namespace: &str,
        name: &str,
    ) -> impl Iterator<Item = &'a Service> + 'a {
        find(
            &self.services,
            &[lower(namespace).as_bytes(), lower(name).as_bytes()],
        )
        .iter()
        .filter_map(|&i| cluster.services.get(i))
    }

    /// The Service with exactly this namespace and name (as
    /// [`Cluster::service`], without the scan).
    pub fn service<'a>(
        &'a self,
        cluster: &'a Cluster,
        namespace: &str,
        name: &str,
    ) -> Option<&'a Service> {
        self.services(cluster, namespace, name)
            .find(|s| s.namespace == namespace && s.name == name)
    }

    /// Services in exactly this namespace, in order.
    pub fn services_in<'a>(
        &'a self,
        cluster: &'a Cluster,
        namespace: &str,
    ) -> impl Iterator<Item = &'a Service> + 'a {
        find(&self.services_by_namespace, &[namespace.as_bytes()])
            .iter()
            .filter_map(|&i| cluster.services.get(i))
    }

    /// The EndpointSlices of a Service (exact namespace and name), in order.
    pub fn slices_of<'a>(
        &'a self,
        cluster: &'a Cluster,
        namespace: &str,
        service: &str,
    ) -> impl Iterator<Item = &'a EndpointSlice> + 'a {
        find(&self.slices, &[namespace.as_bytes(), service.as_bytes()])
            .iter()
            .filter_map(|&i| cluster.endpoint_slices.get(i))
    }

    /// The endpoint addresses of a Service (exact namespace and name) whose
    /// CoreDNS name (`endpointHostname`) is `label`, ignoring case, ready or
    /// not, in slice order: what a scan of [`Self::slices_of`] would find.
    pub fn endpoints_named<'a>(
        &'a self,
        cluster: &'a Cluster,
        namespace: &str,
        service: &str,
        label: &str,
    ) -> impl Iterator<Item = (&'a EndpointSlice, &'a Endpoint, IpAddr)> + 'a {
        let label = lower(label);
        let key = [namespace.as_bytes(), service.as_bytes(), label.as_bytes()];
        find(&self.endpoints_by_name, &key).iter().filter_map(|&n| {
            let &(s, e, a) = self.endpoint_addresses.get(n)?;
            let slice = cluster.endpoint_slices.get(s)?;
            let ep = slice.endpoints.get(e)?;
            Some((slice, ep, *ep.addresses.get(a)?))
        })
    }

    /// The Pod with this exact namespace and name.
    pub fn pod<'a>(&self, cluster: &'a Cluster, namespace: &str, name: &str) -> Option<&'a Pod> {
        find(&self.pods, &[namespace.as_bytes(), name.as_bytes()])
            .first()
            .and_then(|&i| cluster.pods.get(i))
    }

    /// Pods whose namespace matches, ignoring case, in order.
    pub fn pods_in<'a>(
        &'a self,
        cluster: &'a Cluster,
        namespace: &str,
    ) -> impl Iterator<Item = &'a Pod> + 'a {
        find(&self.pods_by_namespace, &[lower(namespace).as_bytes()])
            .iter()
            .filter_map(|&i| cluster.pods.get(i))
    }

    /// Pods in a namespace (ignoring case) that have this IP (any of their
    /// IPs; IPv4-mapped IPv6 folded to IPv4), in order.
    pub fn pods_with_ip<'a>(
        &'a self,
        cluster: &'a Cluster,
        namespace: &'a str,
        ip: IpAddr,
    ) -> impl Iterator<Item = &'a Pod> + 'a {
        find_ip(&self.pods_by_ip, ip)
            .iter()
            .filter_map(|&i| cluster.pods.get(i))
            .filter(move |p| p.namespace.eq_ignore_ascii_case(namespace))
    }

    /// Services with this cluster IP (IPv4-mapped IPv6 folded to IPv4), in order.
    pub fn services_with_cluster_ip<'a>(
        &'a self,
        cluster: &'a Cluster,
        ip: IpAddr,
    ) -> impl Iterator<Item = &'a Service> + 'a {
        find_ip(&self.services_by_cluster_ip, ip)
            .iter()
            .filter_map(|&i| cluster.services.get(i))
    }

    /// EndpointSlices with an endpoint address equal to this IP, in order.
    pub fn slices_with_address<'a>(
        &'a self,
        cluster: &'a Cluster,
        ip: IpAddr,
    ) -> impl Iterator<Item = &'a EndpointSlice> + 'a {
        find_ip(&self.slices_by_address, ip)
            .iter()
            .filter_map(|&i| cluster.endpoint_slices.get(i))
    }
}
