#!/usr/bin/env python3
"""Cases for the conformance rig, written as DIR/<name>.case.json.

    cases.py DIR corpus            every example (under several Corefiles), the
                                   adversarial corpus, the hand-written cases in
                                   tests/conformance/cases/*.yaml
    cases.py DIR generate N SEED   N random scenarios (deterministic in SEED)
    cases.py DIR base              the empty case (the rig's base plan; on the
                                   network $SVCDNS_CONFORMANCE_NETWORK names)

A case is {name, source, file, manifest, dns: {Corefile options}, not_ready,
[network, profile: {svcdns's profile flags}]}.
The rig's `prepare` step (crates/svcdns/tests/conformance.rs) then writes the
clusterIPs svcdns allocates into the manifest and plans the pods.
"""
import json
import os
import random
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))

# Corefile variants the examples run under (the default is kubeadm's).
VARIANTS = [
    ("", {}),
    ("-epn", {"endpoint_pod_names": True}),
    ("-verified", {"pods": "verified"}),
    ("-disabled-ttl5", {"pods": "disabled", "ttl": 5}),
    ("-ignore-empty", {"ignore_empty_service": True}),
    ("-zone", {"zone": "k8s.example.org"}),
]


# The cluster networks a case may ask for (`profile`: svcdns's profile
# flags; the rig's kube-apiserver serves the same service ranges). The
# same ranges as the adversarial corpus's `# network:` annotations
# (crates/svcdns/tests/adversarial.rs apply_network). The default is
# svcdns's IPv4 default (10.96.0.0/12, 10.244.0.0/16).
NETWORKS = {
    "dual-stack": {"service_cluster_ip_range": "10.96.0.0/12,fd00:10:96::/108",
                   "cluster_cidr": "10.244.0.0/16,fd00:10:244::/64"},
}


def network_of(text):
    """A corpus file's `# network: NAME` annotation, when it is one the rig
    can run."""
    for line in text.splitlines()[:12]:
        if line.startswith("# network:"):
            n = line[len("# network:"):].strip()
            return n if n in NETWORKS else None
    return None


def write(out, name, source, manifest, dns=None, not_ready=None, file="manifest.yaml", network=None):
    case = {"name": name, "source": source, "file": file, "manifest": manifest,
            "dns": dns or {}, "not_ready": not_ready or []}
    if network:
        case["network"] = network
        case["profile"] = NETWORKS[network]
    with open(os.path.join(out, name + ".case.json"), "w") as f:
        json.dump(case, f, indent=1)


def corpus(out):
    n = 0
    ex = os.path.join(ROOT, "examples")
    for f in sorted(os.listdir(ex)):
        if not f.endswith(".yaml"):
            continue
        text = open(os.path.join(ex, f)).read()
        for suffix, dns in VARIANTS:
            write(out, "example-" + f[:-5] + suffix, "examples/" + f, text, dns)
            n += 1
    adv = os.path.join(ROOT, "tests/adversarial")
    for f in sorted(os.listdir(adv)):
        if f.endswith(".expect"):
            continue
        text = open(os.path.join(adv, f), encoding="utf-8", errors="replace").read()
        file = "manifest.json" if f.endswith(".json") else "manifest.yaml"
        write(out, "adversarial-" + os.path.splitext(f)[0], "tests/adversarial/" + f, text, file=file)
        n += 1
        if network_of(text):
            # Also on the network the file is written for (a rig started
            # with that network runs it: scripts/conformance.sh --network).
            write(out, "adversarial-" + os.path.splitext(f)[0] + "-" + network_of(text), "tests/adversarial/" + f,
                  text, file=file, network=network_of(text))
            n += 1
    hand = os.path.join(ROOT, "tests/conformance/cases")
    if os.path.isdir(hand):
        for f in sorted(os.listdir(hand)):
            if f.endswith(".yaml"):
                text = open(os.path.join(hand, f)).read()
                dns, not_ready, network = {}, [], None
                # `# case: {"dns": {...}, "not_ready": [...], "network": "dual-stack"}`
                # on the first line sets options.
                first = text.split("\n", 1)[0]
                if first.startswith("# case:"):
                    opts = json.loads(first[len("# case:"):])
                    dns, not_ready = opts.get("dns", {}), opts.get("not_ready", [])
                    network = opts.get("network")
                write(out, "case-" + f[:-5], "tests/conformance/cases/" + f, text, dns, not_ready, network=network)
                n += 1
    return n


# --- generated scenarios ------------------------------------------------------------

WORDS = ["web", "db", "api", "cache", "mysql", "kafka", "zk", "etcd", "redis", "search", "auth", "queue",
         "front", "back", "log", "metrics", "grpc", "pg", "mongo", "nats"]
NAMESPACES = ["default", "default", "default", "prod", "team-a"]


class Gen:
    def __init__(self, rng, network=None):
        self.r = rng
        # On a dual-stack network Services also get a family policy and
        # families (drawn only then: the default network's scenarios stay
        # those of their seed).
        self.dual = network == "dual-stack"
        self.used = set()
        self.docs = []
        self.not_ready = []

    def name(self):
        for _ in range(100):
            n = self.r.choice(WORDS)
            if self.r.random() < 0.4:
                n += "-" + str(self.r.randint(1, 9))
            if n not in self.used:
                self.used.add(n)
                return n
        n = "svc-%d" % len(self.used)
        self.used.add(n)
        return n

    def ports(self, count=None):
        count = self.r.choice([1, 1, 2, 3]) if count is None else count
        out = []
        names = self.r.sample(["http", "grpc", "metrics", "tcp-db", "admin", "dns"], 3)
        for i in range(count):
            p = {"port": self.r.choice([80, 443, 8080, 5432, 6379, 9090, 3306]) + i}
            if count > 1 or self.r.random() < 0.6:
                p["name"] = names[i]
            if self.r.random() < 0.2:
                p["protocol"] = self.r.choice(["UDP", "TCP", "SCTP"])
            if self.r.random() < 0.4:
                p["targetPort"] = self.r.choice([8080, 9000, names[i]])
            out.append(p)
        return out

    def labels(self, app):
        return {"app": app}

    def service(self, ns, name, selector, headless=False, ports=None, pna=False, stype=None):
        spec = {}
        if stype:
            spec["type"] = stype
        if headless:
            spec["clusterIP"] = "None"
        if selector is not None:
            spec["selector"] = selector
        ports = self.ports() if ports is None else ports
        if ports or not headless:
            spec["ports"] = ports
        if pna:
            spec["publishNotReadyAddresses"] = True
        if self.dual:
            policy = self.r.choice([None, None, "SingleStack", "PreferDualStack", "PreferDualStack", "RequireDualStack"])
            if policy:
                spec["ipFamilyPolicy"] = policy
            families = self.r.choice([None, None, ["IPv6"], ["IPv4"], ["IPv6", "IPv4"], ["IPv4", "IPv6"]])
            if families and (policy != "SingleStack" or len(families) == 1) and (policy or len(families) == 1):
                spec["ipFamilies"] = families
        return {"apiVersion": "v1", "kind": "Service", "metadata": meta(ns, name), "spec": spec}

    def container_ports(self, ports):
        out = []
        for p in ports:
            tp = p.get("targetPort", p["port"])
            if isinstance(tp, str):
                out.append({"name": tp, "containerPort": 9000 + len(out), "protocol": p.get("protocol", "TCP")})
            elif self.r.random() < 0.5:
                out.append({"containerPort": tp, "protocol": p.get("protocol", "TCP")})
        return out

    def template(self, app, ports):
        c = {"name": "main", "image": "nginx:1.27"}
        cp = self.container_ports(ports)
        if cp:
            c["ports"] = cp
        return {"metadata": {"labels": self.labels(app)}, "spec": {"containers": [c]}}

    def scenario(self):
        r = self.r
        for _ in range(r.choice([1, 1, 2, 2, 3, 4])):
            ns = r.choice(NAMESPACES)
            kind = r.choice(["sts", "sts", "deploy", "deploy", "pod", "external", "manual-ep", "manual-slice",
                             "noselector", "ds", "rs"])
            name = self.name()
            ports = self.ports()
            headless = r.random() < 0.5
            pna = r.random() < 0.2
            if kind == "sts":
                self.docs.append(self.service(ns, name, self.labels(name), headless=headless or r.random() < 0.7,
                                              ports=ports, pna=pna))
                reps = r.choice([1, 2, 3, 3, 5])
                spec = {"serviceName": name, "replicas": reps, "selector": {"matchLabels": self.labels(name)},
                        "template": self.template(name, ports)}
                if r.random() < 0.3:
                    spec["ordinals"] = {"start": r.choice([0, 1, 5])}
                if r.random() < 0.3:
                    spec["podManagementPolicy"] = "Parallel"
                self.docs.append({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": meta(ns, name), "spec": spec})
                if r.random() < 0.25:
                    start = spec.get("ordinals", {}).get("start", 0)
                    self.not_ready.append("%s/%s-%d" % (ns, name, start + r.randrange(reps)))
            elif kind in ("deploy", "rs"):
                self.docs.append(self.service(ns, name, self.labels(name), headless=headless, ports=ports, pna=pna))
                spec = {"replicas": r.choice([1, 2, 3]), "selector": {"matchLabels": self.labels(name)},
                        "template": self.template(name, ports)}
                k = "Deployment" if kind == "deploy" else "ReplicaSet"
                self.docs.append({"apiVersion": "apps/v1", "kind": k, "metadata": meta(ns, name), "spec": spec})
            elif kind == "ds":
                self.docs.append(self.service(ns, name, self.labels(name), headless=headless, ports=ports))
                self.docs.append({"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": meta(ns, name),
                                  "spec": {"selector": {"matchLabels": self.labels(name)},
                                           "template": self.template(name, ports)}})
            elif kind == "pod":
                self.docs.append(self.service(ns, name, self.labels(name), headless=headless, ports=ports, pna=pna))
                for i in range(r.choice([1, 2])):
                    pname = "%s-pod-%d" % (name, i)
                    spec = self.template(name, ports)["spec"]
                    if r.random() < 0.5:
                        spec["hostname"] = "h%d" % i
                        spec["subdomain"] = name if r.random() < 0.8 else "other"
                    self.docs.append({"apiVersion": "v1", "kind": "Pod",
                                      "metadata": dict(meta(ns, pname), labels=self.labels(name)), "spec": spec})
                    if r.random() < 0.2:
                        self.not_ready.append("%s/%s" % (ns, pname))
            elif kind == "external":
                target = r.choice(["db.example.com", "example.org.", "my-db.prod.svc.cluster.local", "10.0.0.1",
                                   "UPPER.Example.COM"])
                self.docs.append({"apiVersion": "v1", "kind": "Service", "metadata": meta(ns, name),
                                  "spec": dict({"type": "ExternalName", "externalName": target},
                                               **({"ports": ports} if r.random() < 0.5 else {}))})
            elif kind in ("manual-ep", "noselector"):
                self.docs.append(self.service(ns, name, None, headless=headless, ports=ports))
                if kind == "manual-ep":
                    addrs = [{"ip": "192.168.%d.%d" % (r.randint(1, 9), r.randint(2, 250))}
                             for _ in range(r.choice([1, 2, 3]))]
                    if r.random() < 0.4:
                        addrs[0]["hostname"] = "primary"
                    subset = {"addresses": addrs,
                              "ports": [dict({"port": p.get("targetPort") if isinstance(p.get("targetPort"), int) else p["port"]},
                                             **({"name": p["name"]} if "name" in p else {}),
                                             **({"protocol": p["protocol"]} if "protocol" in p else {})) for p in ports]}
                    if r.random() < 0.3:
                        subset["notReadyAddresses"] = [{"ip": "192.168.50.%d" % r.randint(2, 250)}]
                    self.docs.append({"apiVersion": "v1", "kind": "Endpoints", "metadata": meta(ns, name),
                                      "subsets": [subset]})
            elif kind == "manual-slice":
                self.docs.append(self.service(ns, name, None, headless=headless, ports=ports))
                eps = []
                for i in range(r.choice([1, 2, 3])):
                    e = {"addresses": ["192.168.%d.%d" % (r.randint(1, 9), r.randint(2, 250))]}
                    if r.random() < 0.5:
                        e["conditions"] = {"ready": r.random() < 0.7}
                    if r.random() < 0.3:
                        e["hostname"] = "m%d" % i
                    eps.append(e)
                self.docs.append({"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
                                  "metadata": dict(meta(ns, name + "-manual"),
                                                   labels={"kubernetes.io/service-name": name}),
                                  "addressType": "IPv4", "endpoints": eps,
                                  "ports": [dict({"port": p["port"]}, **({"name": p["name"]} if "name" in p else {}),
                                                 **({"protocol": p["protocol"]} if "protocol" in p else {})) for p in ports]})
        if r.random() < 0.3:
            self.mutate()

    def mutate(self):
        """One change that a validation rule may refuse."""
        r = self.r
        others = [d for d in self.docs if d["kind"] in ("StatefulSet", "Deployment", "ReplicaSet", "DaemonSet",
                                                       "Pod", "Endpoints", "EndpointSlice")]
        if others and r.random() < 0.5:
            return self.mutate_other(r.choice(others))
        svcs = [d for d in self.docs if d["kind"] == "Service"]
        if not svcs:
            return
        d = r.choice(svcs)
        m = r.choice(["badname", "dupport", "bigport", "headless-nodeport", "portname", "noports", "badext",
                      "longname", "badlabel", "protocol"])
        spec = d["spec"]
        if m == "badname":
            d["metadata"]["name"] = r.choice(["My_Service", "1abc", "a.b", "-x"])
        elif m == "dupport" and spec.get("ports"):
            spec["ports"].append(dict(spec["ports"][0]))
        elif m == "bigport" and spec.get("ports"):
            spec["ports"][0]["port"] = r.choice([0, 65536, -1])
        elif m == "headless-nodeport":
            spec["type"] = "NodePort"
            spec["clusterIP"] = "None"
        elif m == "portname" and spec.get("ports"):
            spec["ports"][0]["name"] = r.choice(["HTTP", "my_port", "x" * 16, "-a"])
        elif m == "noports":
            spec.pop("ports", None)
        elif m == "badext":
            spec.clear()
            spec.update({"type": "ExternalName", "externalName": r.choice(["bad_name", "", "a..b", "-x.com"])})
        elif m == "longname":
            d["metadata"]["name"] = "s" + "x" * 63
        elif m == "badlabel":
            spec["selector"] = {"app": "bad value!"}
        elif m == "protocol" and spec.get("ports"):
            spec["ports"][0]["protocol"] = r.choice(["tcp", "HTTP", "ICMP"])

    def mutate_other(self, d):
        r = self.r
        k = d["kind"]
        if k in ("StatefulSet", "Deployment", "ReplicaSet", "DaemonSet"):
            spec = d["spec"]
            m = r.choice(["selector-mismatch", "no-selector", "replicas", "servicename", "restart", "nolabels",
                          "container-name", "port-name"])
            if m == "selector-mismatch":
                spec["selector"] = {"matchLabels": {"app": "other"}}
            elif m == "no-selector":
                spec.pop("selector", None)
            elif m == "replicas" and k != "DaemonSet":
                spec["replicas"] = -1
            elif m == "servicename" and k == "StatefulSet":
                spec["serviceName"] = r.choice(["Bad_Name", "a.b", ""])
            elif m == "restart":
                spec["template"]["spec"]["restartPolicy"] = r.choice(["Never", "OnFailure"])
            elif m == "nolabels":
                spec["template"]["metadata"] = {}
            elif m == "container-name":
                spec["template"]["spec"]["containers"][0]["name"] = "Main_1"
            elif m == "port-name" and spec["template"]["spec"]["containers"][0].get("ports"):
                spec["template"]["spec"]["containers"][0]["ports"][0]["name"] = r.choice(["HTTP", "a-very-long-port-name", "1-2"])
        elif k == "Pod":
            m = r.choice(["hostname", "subdomain", "name"])
            if m == "hostname":
                d["spec"]["hostname"] = r.choice(["Host_1", "a.b", "x" * 64])
            elif m == "subdomain":
                d["spec"]["subdomain"] = r.choice(["Sub_1", "a..b"])
            else:
                d["metadata"]["name"] = r.choice(["Pod_1", "-p"])
        elif k == "Endpoints":
            sub = d["subsets"][0]
            m = r.choice(["ip", "hostname", "port"])
            if m == "ip":
                sub["addresses"][0]["ip"] = r.choice(["not-an-ip", "127.0.0.1", "169.254.1.1", "0.0.0.0"])
            elif m == "hostname":
                sub["addresses"][0]["hostname"] = "Bad_Host"
            elif sub.get("ports"):
                sub["ports"][0]["port"] = 0
        elif k == "EndpointSlice":
            m = r.choice(["type", "address", "hostname", "port"])
            if m == "type":
                d["addressType"] = r.choice(["IPv5", "FQDN"])
            elif m == "address":
                d["endpoints"][0]["addresses"] = [r.choice(["not-an-ip", "::1", "10.0.0.256"])]
            elif m == "hostname":
                d["endpoints"][0]["hostname"] = "Bad_Host"
            elif d.get("ports"):
                d["ports"][0]["port"] = 70000

    def yaml(self):
        return "---\n".join(to_yaml(d) for d in self.docs)


def meta(ns, name):
    m = {"name": name}
    if ns != "default":
        m["namespace"] = ns
    return m


def scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    s = str(v)
    if s == "" or s in ("None",) or not all(c.isalnum() or c in "-./_" for c in s) or s[0] in "-." \
            or s.lower() in ("true", "false", "yes", "no", "on", "off", "null", "y", "n") or s.isdigit():
        return json.dumps(s)
    return s


def to_yaml(v, indent=0):
    """Block YAML as people write it (two-space indents, lists not indented)."""
    pad = " " * indent
    out = []
    if isinstance(v, dict):
        for k, x in v.items():
            if isinstance(x, dict) and x:
                out.append("%s%s:\n%s" % (pad, k, to_yaml(x, indent + 2)))
            elif isinstance(x, list) and x:
                out.append("%s%s:\n%s" % (pad, k, to_yaml(x, indent)))
            elif isinstance(x, (dict, list)):
                out.append("%s%s: %s" % (pad, k, "{}" if isinstance(x, dict) else "[]"))
            else:
                out.append("%s%s: %s" % (pad, k, scalar(x)))
        return "\n".join(out) + ("\n" if indent == 0 else "")
    if isinstance(v, list):
        for x in v:
            if isinstance(x, dict) and x:
                inner = to_yaml(x, indent + 2).split("\n")
                inner[0] = pad + "- " + inner[0][indent + 2:]
                out.append("\n".join(inner))
            else:
                out.append("%s- %s" % (pad, scalar(x)))
        return "\n".join(out)
    return pad + scalar(v)


def generate(out, n, seed, network=None):
    """N scenarios; on a network (SVCDNS_CONFORMANCE_NETWORK) they are
    named gen-NETWORK-SEED-NNNN and their Services ask for families."""
    rng = random.Random(seed)
    for i in range(n):
        g = Gen(random.Random(rng.getrandbits(64)), network)
        g.scenario()
        dns = {}
        if rng.random() < 0.3:
            dns = rng.choice([v for _, v in VARIANTS[1:]])
        name = ("gen-%s-%d-%04d" % (network, seed, i)) if network else "gen-%d-%04d" % (seed, i)
        text = "# generated: seed %d case %d%s\n" % (seed, i, " (%s)" % network if network else "") + g.yaml()
        write(out, name, "generated (seed %d, case %d%s)" % (seed, i, ", %s" % network if network else ""), text, dns,
              sorted(set(g.not_ready)), network=network)
    return n


if __name__ == "__main__":
    out, what = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    if what == "corpus":
        print(corpus(out))
    elif what == "generate":
        print(generate(out, int(sys.argv[3]), int(sys.argv[4]), os.environ.get("SVCDNS_CONFORMANCE_NETWORK") or None))
    elif what == "base":
        write(out, "base", "the rig's base plan", "", network=os.environ.get("SVCDNS_CONFORMANCE_NETWORK") or None)
        print(1)
    else:
        sys.exit(__doc__)
