//! Presets: the defaults of the clusters people run, each checked against
//! the upstream source named on it.
//!
//! Every preset answers the same questions: the service range(s)
//! (kube-apiserver `--service-cluster-ip-range`), the pod range(s)
//! (kube-controller-manager `--cluster-cidr`) and per-node size, the
//! nodes, the NodePort range (`--service-node-port-range`), the cluster
//! domain (kubelet `--cluster-domain`), the kube-dns Service's address and
//! the CoreDNS Corefile. Node names and addresses, and the API server's
//! address, are what such a cluster typically shows; no installer fixes
//! them, so they are illustrative (kubeadm keeps 172.18.0.2, the address
//! svcdns always gave the `kubernetes` endpoint: a kind control plane's).

/// A named cluster configuration.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Preset {
    /// A cluster made by `kubeadm init` (svcdns's default).
    #[default]
    Kubeadm,
    /// kind (Kubernetes in Docker).
    Kind,
    /// minikube.
    Minikube,
    /// k3s.
    K3s,
    /// Amazon EKS.
    Eks,
    /// Google GKE.
    Gke,
    /// Azure AKS.
    Aks,
}

/// What a preset sets; every preset also shares [`NODE_MASK`],
/// [`CLUSTER_DOMAIN`], [`DNS_INDEX`] and the NodePort range
/// ([`super::PortRange::DEFAULT_NODE_PORTS`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PresetDefaults {
    /// Service ranges, primary first.
    pub service_ranges: &'static [&'static str],
    /// Pod ranges (`--cluster-cidr`), in the service ranges' family order.
    pub pod_ranges: &'static [&'static str],
    /// Nodes: name and InternalIP.
    pub nodes: &'static [(&'static str, &'static str)],
    /// kube-apiserver's address (`--advertise-address`), the `kubernetes`
    /// Service's endpoint.
    pub api_server: &'static str,
    /// The CoreDNS Corefile (`kube-system/coredns` ConfigMap).
    pub corefile: &'static str,
}

/// kube-controller-manager's per-node mask sizes (IPv4, IPv6), every
/// preset's (`cmd/kube-controller-manager/app/core.go`
/// `defaultNodeMaskCIDRIPv4 = 24`, `defaultNodeMaskCIDRIPv6 = 64`).
pub const NODE_MASK: (u8, u8) = (24, 64);

/// Every preset's cluster domain (kubeadm `DefaultServiceDNSDomain`, k3s
/// `--cluster-domain`, minikube `ClusterDNSDomain`: cited on each preset).
pub const CLUSTER_DOMAIN: &str = "cluster.local";

/// The index of kube-dns's cluster IP in the primary service range, every
/// preset's (kubeadm `GetDNSIP`, k3s, EKS, AKS: cited on each preset).
pub const DNS_INDEX: u128 = 10;

/// kubeadm's Corefile (`cmd/kubeadm/app/phases/addons/dns/manifests.go`
/// `CoreDNSConfigMap`, with `DNSDomain` `cluster.local`): `ttl 30`.
pub const KUBEADM_COREFILE: &str = ".:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
";

/// k3s's Corefile (k3s `manifests/coredns.yaml`, `%{CLUSTER_DOMAIN}%`
/// `cluster.local`): no `ttl`, so the kubernetes plugin's default, 5.
pub const K3S_COREFILE: &str = ".:53 {
    errors
    health
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
      pods insecure
      fallthrough in-addr.arpa ip6.arpa
    }
    hosts /etc/coredns/NodeHosts {
      ttl 60
      reload 15s
      fallthrough
    }
    prometheus :9153
    forward . /etc/resolv.conf
    cache 30
    loop
    reload
    loadbalance
    import /etc/coredns/custom/*.override
}
import /etc/coredns/custom/*.server
";

/// The EKS CoreDNS add-on's Corefile (ConfigMap labelled
/// `eks.amazonaws.com/component: coredns`): no `ttl`, so 5.
pub const EKS_COREFILE: &str = ".:53 {
    errors
    health {
        lameduck 5s
      }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
      pods insecure
      fallthrough in-addr.arpa ip6.arpa
    }
    prometheus :9153
    forward . /etc/resolv.conf
    cache 30
    loop
    reload
    loadbalance
}
";

impl Preset {
    /// Every preset, the default first.
    pub const ALL: [Preset; 7] = [
        Preset::Kubeadm,
        Preset::Kind,
        Preset::Minikube,
        Preset::K3s,
        Preset::Eks,
        Preset::Gke,
        Preset::Aks,
    ];

    /// The name `--profile` takes.
    pub fn name(self) -> &'static str {
        match self {
            Preset::Kubeadm => "kubeadm",
            Preset::Kind => "kind",
            Preset::Minikube => "minikube",
            Preset::K3s => "k3s",
            Preset::Eks => "eks",
            Preset::Gke => "gke",
            Preset::Aks => "aks",
        }
    }

    /// The preset named (case-insensitive).
    pub fn from_name(name: &str) -> Option<Preset> {
        let name = name.trim();
        Preset::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(name))
    }

    /// The preset's defaults (cited on each in [`PRESETS`]).
    pub fn defaults(self) -> &'static PresetDefaults {
        &PRESETS[self as usize]
    }
}

/// The presets' defaults, in [`Preset::ALL`]'s order, with where each
/// comes from.
static PRESETS: [PresetDefaults; 7] = [
    // kubeadm: `cmd/kubeadm/app/apis/kubeadm/v1beta4/defaults.go`
    // `DefaultServicesSubnet = "10.96.0.0/12"`,
    // `DefaultServiceDNSDomain = "cluster.local"`; kube-dns at the
    // 10th address (`cmd/kubeadm/app/constants/constants.go`
    // `GetDNSIP`: `GetIndexedIP(svcSubnetCIDR, 10)`). kubeadm has no
    // default pod subnet (`networking.podSubnet` is empty unless
    // given, and node CIDRs are then not allocated); svcdns takes
    // 10.244.0.0/16, the subnet flannel's manifest and kind use and
    // the one kubeadm's documentation shows with
    // `--pod-network-cidr`, as it always has.
    PresetDefaults {
        service_ranges: &["10.96.0.0/12"],
        pod_ranges: &["10.244.0.0/16"],
        nodes: &[
            ("node-1", "192.168.0.11"),
            ("node-2", "192.168.0.12"),
            ("node-3", "192.168.0.13"),
        ],
        api_server: "172.18.0.2",
        corefile: KUBEADM_COREFILE,
    },
    // kind: `pkg/apis/config/v1alpha4/default.go` `SetDefaultsCluster`:
    // `PodSubnet = "10.244.0.0/16"`, `ServiceSubnet = "10.96.0.0/16"`
    // ("a different subnet than kubeadm default ... a /16"), one
    // control-plane node by default; kubeadm makes the rest (DNS
    // at .10, kubeadm's Corefile). The node's address is on the
    // `kind` docker network, which docker numbers (172.18.0.0/16
    // on a fresh host).
    PresetDefaults {
        service_ranges: &["10.96.0.0/16"],
        pod_ranges: &["10.244.0.0/16"],
        nodes: &[("kind-control-plane", "172.18.0.2")],
        api_server: "172.18.0.2",
        corefile: KUBEADM_COREFILE,
    },
    // minikube: `pkg/minikube/constants/constants.go`
    // `DefaultServiceCIDR = "10.96.0.0/12"`, `ClusterDNSDomain =
    // "cluster.local"`; `pkg/minikube/cni/cni.go` `DefaultPodCIDR =
    // "10.244.0.0/16"`; node `DefaultNodeName = "minikube"`, at
    // 192.168.49.2 on the docker driver's first network
    // (`pkg/drivers/kic/oci/network_create.go`, 192.168.49.0/24).
    // kubeadm bootstraps it (kubeadm's Corefile; minikube adds a
    // `hosts` block for host.minikube.internal).
    PresetDefaults {
        service_ranges: &["10.96.0.0/12"],
        pod_ranges: &["10.244.0.0/16"],
        nodes: &[("minikube", "192.168.49.2")],
        api_server: "192.168.49.2",
        corefile: KUBEADM_COREFILE,
    },
    // k3s: `pkg/cli/server/server.go` ("Use default 10.42.0.0/16 or
    // fd00:42::/56", "Use default 10.43.0.0/16 or fd00:43::/112";
    // cluster-dns "the first IPv4 ServiceCIDR network + 10":
    // 10.43.0.10); `pkg/cli/cmds/server.go` `--service-node-port-range`
    // default "30000-32767", `--cluster-domain` "cluster.local";
    // Corefile from `manifests/coredns.yaml` (TTL 5).
    PresetDefaults {
        service_ranges: &["10.43.0.0/16"],
        pod_ranges: &["10.42.0.0/16"],
        nodes: &[("k3s-server", "10.0.0.10")],
        api_server: "10.0.0.10",
        corefile: K3S_COREFILE,
    },
    // EKS: `KubernetesNetworkConfigRequest.serviceIpv4Cidr` (EKS API
    // reference): "If you don't specify a block, Kubernetes assigns
    // addresses from either the 10.100.0.0/16 or 172.20.0.0/16 CIDR
    // blocks" (172.20.0.0/16 when the VPC is in 10.0.0.0/8); DNS at
    // .10. Pods take VPC addresses (Amazon VPC CNI): eksctl's default
    // VPC is 192.168.0.0/16, hence 10.100.0.0/16 for services. Nodes
    // are named by their private DNS name. Corefile: the EKS CoreDNS
    // add-on's (no `ttl`: TTL 5).
    PresetDefaults {
        service_ranges: &["10.100.0.0/16"],
        pod_ranges: &["192.168.0.0/16"],
        nodes: &[
            ("ip-192-168-10-11.ec2.internal", "192.168.10.11"),
            ("ip-192-168-40-12.ec2.internal", "192.168.40.12"),
            ("ip-192-168-70-13.ec2.internal", "192.168.70.13"),
        ],
        api_server: "192.168.100.10",
        corefile: EKS_COREFILE,
    },
    // GKE: "In GKE Autopilot clusters running version 1.27 and
    // later, and GKE Standard clusters running version 1.29 and
    // later, GKE assigns IP addresses for GKE Services from a
    // GKE-managed range: 34.118.224.0/20 by default"
    // (cloud.google.com/kubernetes-engine/docs/concepts/alias-ips,
    // cluster sizing). Pods come from a subnet secondary range with
    // no fixed default (GKE picks a /14 in 10.0.0.0/8 when it
    // creates one): svcdns takes 10.4.0.0/14, /24 per node (110
    // pods). GKE serves cluster DNS with kube-dns (or Cloud DNS),
    // not CoreDNS: svcdns answers as CoreDNS with kubeadm's Corefile.
    PresetDefaults {
        service_ranges: &["34.118.224.0/20"],
        pod_ranges: &["10.4.0.0/14"],
        nodes: &[
            ("gke-cluster-1-default-pool-0b1c2d3e-a1b2", "10.128.0.11"),
            ("gke-cluster-1-default-pool-0b1c2d3e-c3d4", "10.128.0.12"),
            ("gke-cluster-1-default-pool-0b1c2d3e-e5f6", "10.128.0.13"),
        ],
        api_server: "172.16.0.2",
        corefile: KUBEADM_COREFILE,
    },
    // AKS: `az aks create` `--service-cidr` default 10.0.0.0/16,
    // `--dns-service-ip` default 10.0.0.10, `--pod-cidr` default
    // 10.244.0.0/16 (kubenet and Azure CNI Overlay); nodes in the
    // default VNet subnet 10.224.0.0/16 (Azure keeps .0-.3, the first
    // node is .4). The managed CoreDNS ConfigMap is not published:
    // svcdns takes kubeadm's Corefile.
    PresetDefaults {
        service_ranges: &["10.0.0.0/16"],
        pod_ranges: &["10.244.0.0/16"],
        nodes: &[
            ("aks-nodepool1-12345678-vmss000000", "10.224.0.4"),
            ("aks-nodepool1-12345678-vmss000001", "10.224.0.5"),
            ("aks-nodepool1-12345678-vmss000002", "10.224.0.6"),
        ],
        api_server: "10.224.0.100",
        corefile: KUBEADM_COREFILE,
    },
];

/// Service ranges the presets' platforms use besides their defaults
/// (evidence in the manifests that lands in one of them takes it whole):
/// EKS's other automatic block.
pub const OTHER_KNOWN_SERVICE_RANGES: &[&str] = &["172.20.0.0/16"];

/// Other families' defaults of the same installers, for dual-stack
/// evidence: kind (`fd00:10:96::/112`, pods `fd00:10:244::/64`: kind's
/// `SetDefaultsCluster` for `ipv6`), k3s (`fd00:43::/112`, pods
/// `fd00:42::/56`).
pub const KNOWN_IPV6_SERVICE_RANGES: &[&str] = &["fd00:10:96::/112", "fd00:43::/112"];

/// IPv6 pod ranges of the same installers.
pub const KNOWN_IPV6_POD_RANGES: &[&str] = &["fd00:10:244::/64", "fd00:42::/56"];
