#!/usr/bin/env python3
"""The conformance rig's driver: a real control plane and CoreDNS on loopback.

    rig.py up                      start etcd, kube-apiserver, kube-controller-manager,
                                   the kubelet faker and the base objects (kube-dns)
    rig.py run OUT PREPARED...     record one transcript per prepared case into OUT/
    rig.py down                    stop what `up` started
    rig.py rundir                  print the run directory

Started processes' ids are in $RUN/pids; `down` stops exactly those.

Several rigs run side by side: rig N (SVCDNS_CONFORMANCE_RIG=N, default 0)
binds etcd and kube-apiserver to its own loopback address 127.0.0.(N+1)
(same ports: the API server's port is part of the `kubernetes` Service's
endpoints, so it stays 6443 on every rig), numbers its CoreDNS ports from
1053 + 100*N, and keeps its state in $CACHE/run (rig 0) or $CACHE/run-N
(SVCDNS_CONFORMANCE_RUN overrides) and its etcd data in
/dev/shm/svcdns-conformance-etcd[-N].
Only the standard library: no Go, no pip packages.
"""
import concurrent.futures
import hashlib
import json
import os
import re
import signal
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

CACHE = os.environ.get("SVCDNS_CONFORMANCE_CACHE", os.path.expanduser("~/.cache/svcdns-conformance"))
BIN = os.path.join(CACHE, "bin")
RIG = int(os.environ.get("SVCDNS_CONFORMANCE_RIG") or 0)
if not 0 <= RIG <= 9:
    raise SystemExit("rig: SVCDNS_CONFORMANCE_RIG must be 0-9, not %d" % RIG)
RUN = os.environ.get("SVCDNS_CONFORMANCE_RUN") or os.path.join(CACHE, "run" if RIG == 0 else "run-%d" % RIG)
# Each rig on its own loopback address (all of 127/8 is on lo), with the
# same ports: the kind node's address and port below are what svcdns's
# `kubernetes` Service has as its endpoint, and the API server's lease
# endpoint reconciler writes --advertise-address and the port it serves
# on (--secure-port), so every rig serves on 6443 and the transcripts of
# rig 1 are those of rig 0.
HOST = "127.0.0.%d" % (RIG + 1)
SECURE_PORT = 6443
API = "https://%s:%d" % (HOST, SECURE_PORT)
TOKEN = "svcdns-conformance-rig"
ETCD_CLIENT = "http://%s:23790" % HOST
ETCD_PEER = "http://%s:23800" % HOST
ADVERTISE = "172.18.0.2"
# CoreDNS is not bound to an address (see `corefile`), so rigs differ in
# its ports: 1053, 1054, ... for rig 0; 1153, ... for rig 1.
COREDNS_PORT_BASE = 1053 + 100 * RIG
# The port a transcript's Corefile says: CoreDNS's in a cluster. The rig's
# loopback port (first-come order of the option sets) and run directory are
# not part of what is recorded.
RECORDED_PORT = 53
RECORDED_KUBECONFIG = "$RUN/kubeconfig"
SERVICE_RANGE = "10.96.0.0/12"


def network_of(case):
    """A case's network (`network`: a name of cases.py NETWORKS), "" for
    the default IPv4 one."""
    return case.get("network") or ""


def rig_network():
    """The network this rig runs: its base case's (cases.py base writes it
    from SVCDNS_CONFORMANCE_NETWORK)."""
    try:
        return network_of(json.load(open(os.path.join(RUN, "base.prepared.json"))))
    except OSError:
        return ""


def service_ranges():
    """kube-apiserver's --service-cluster-ip-range: the network's (the
    profile flag svcdns reads), else the default."""
    base = json.load(open(os.path.join(RUN, "base.prepared.json")))
    return (base.get("profile") or {}).get("service_cluster_ip_range") or SERVICE_RANGE
CONTROLLERS = [
    "serviceaccount-controller", "endpointslice-controller", "endpointslice-mirroring-controller",
    "endpoints-controller", "statefulset-controller", "replicaset-controller", "deployment-controller",
    "daemonset-controller", "garbage-collector-controller",
    # Not in the list: cases are cleaned away by deleting their
    # namespaces, and only the namespace controller finishes that.
    "namespace-controller",
]
BASE_NAMESPACES = {"default", "kube-system", "kube-public", "kube-node-lease"}

CTX = ssl.create_default_context()
CTX.check_hostname = False
CTX.verify_mode = ssl.CERT_NONE


def log(*a):
    print("[rig %s]" % time.strftime("%H:%M:%S"), *a, file=sys.stderr, flush=True)


# --- the API, straight (kubectl only where its words are recorded) ---------------

def api(method, path, body=None, ok404=False, content_type="application/json"):
    data = json.dumps(body).encode() if body is not None else None
    # Names in a path may hold any Unicode (the corpus has U+202E); an HTTP
    # request line is ASCII, so they travel percent-encoded.
    path = urllib.parse.quote(path, safe="/?&=,:")
    req = urllib.request.Request(API + path, data=data, method=method)
    req.add_header("Authorization", "Bearer " + TOKEN)
    if data is not None:
        req.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(req, context=CTX, timeout=30) as r:
            return json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        if ok404 and e.code in (404, 409):
            return None
        raise RuntimeError("%s %s: %s %s" % (method, path, e.code, e.read()[:400])) from None


RESOURCES = {
    # kind: (api prefix, plural, namespaced)
    "Namespace": ("/api/v1", "namespaces", False),
    "Service": ("/api/v1", "services", True),
    "Pod": ("/api/v1", "pods", True),
    "Endpoints": ("/api/v1", "endpoints", True),
    "ConfigMap": ("/api/v1", "configmaps", True),
    "Secret": ("/api/v1", "secrets", True),
    "ServiceAccount": ("/api/v1", "serviceaccounts", True),
    "PersistentVolumeClaim": ("/api/v1", "persistentvolumeclaims", True),
    "EndpointSlice": ("/apis/discovery.k8s.io/v1", "endpointslices", True),
    "StatefulSet": ("/apis/apps/v1", "statefulsets", True),
    "Deployment": ("/apis/apps/v1", "deployments", True),
    "ReplicaSet": ("/apis/apps/v1", "replicasets", True),
    "DaemonSet": ("/apis/apps/v1", "daemonsets", True),
    "ControllerRevision": ("/apis/apps/v1", "controllerrevisions", True),
}
SWEPT = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Service", "Endpoints", "EndpointSlice",
         "Pod", "ConfigMap", "Secret", "PersistentVolumeClaim", "ControllerRevision"]


def items(kind, namespace=None):
    prefix, plural, namespaced = RESOURCES[kind]
    path = "%s/namespaces/%s/%s" % (prefix, namespace, plural) if namespace else "%s/%s" % (prefix, plural)
    return (api("GET", path) or {}).get("items", [])


def obj_path(kind, namespace, name):
    prefix, plural, namespaced = RESOURCES[kind]
    if namespaced:
        return "%s/namespaces/%s/%s/%s" % (prefix, namespace, plural, name)
    return "%s/%s/%s" % (prefix, plural, name)


def is_base(kind, o):
    md = o["metadata"]
    ns, name, labels = md.get("namespace", ""), md["name"], md.get("labels") or {}
    if labels.get("svcdns-rig") == "base":
        return True
    if kind == "Namespace":
        return name in BASE_NAMESPACES
    if ns == "default" and name == "kubernetes" and kind in ("Service", "Endpoints", "EndpointSlice"):
        return True
    if ns == "kube-system" and kind == "Endpoints" and name == "kube-dns":
        return True
    if kind == "EndpointSlice" and ns == "kube-system" and labels.get("kubernetes.io/service-name") == "kube-dns":
        return True
    if kind == "ServiceAccount" and name == "default":
        return True
    if kind == "ConfigMap" and name == "kube-root-ca.crt":
        return True
    return False


# --- processes ----------------------------------------------------------------

def start(name, argv, env=None):
    out = open(os.path.join(RUN, name + ".log"), "ab")
    p = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    with open(os.path.join(RUN, "pids"), "a") as f:
        f.write("%s %d\n" % (name, p.pid))
    return p


def running(name, run=None):
    try:
        for line in open(os.path.join(run or RUN, "pids")):
            n, pid = line.split()
            if n == name:
                os.kill(int(pid), 0)
                return True
    except (OSError, ValueError):
        pass
    return False


def wait_for(what, fn, timeout=120, step=0.5):
    t0 = time.time()
    while True:
        try:
            if fn():
                return
        except Exception as e:  # noqa: BLE001 - keep polling until the timeout
            last = e
        else:
            last = None
        if time.time() - t0 > timeout:
            raise SystemExit("rig: %s not ready after %ds (%s)" % (what, timeout, last))
        time.sleep(step)


def version(binary, *args):
    try:
        out = subprocess.run([os.path.join(BIN, binary), *args], capture_output=True, text=True, timeout=20).stdout
    except OSError:
        return ""
    return out.strip().splitlines()[0] if out.strip() else ""


def versions():
    dig = subprocess.run(["dig", "-v"], capture_output=True, text=True).stderr.strip()
    return {
        "kube-apiserver": version("kube-apiserver", "--version"),
        "kube-controller-manager": version("kube-controller-manager", "--version"),
        "kubectl": json.loads(subprocess.run([os.path.join(BIN, "kubectl"), "version", "--client", "-o", "json"],
                                             capture_output=True, text=True).stdout or "{}")
                   .get("clientVersion", {}).get("gitVersion", ""),
        "etcd": version("etcd", "--version"),
        "coredns": version("coredns", "-version"),
        "dig": dig,
    }


def kubeconfig():
    return os.path.join(RUN, "kubeconfig")


def up():
    os.makedirs(RUN, exist_ok=True)
    if running("kube-apiserver"):
        up_with = open(os.path.join(RUN, "network")).read().strip() if os.path.exists(os.path.join(RUN, "network")) else ""
        if up_with != rig_network():
            raise SystemExit("rig: rig %d is up with network %r, not %r: stop it (--down) or use another --rig"
                             % (RIG, up_with or "default", rig_network() or "default"))
        log("already up")
        return
    with open(os.path.join(RUN, "network"), "w") as f:
        f.write(rig_network() + "\n")
    open(os.path.join(RUN, "pids"), "w").close()
    keys = os.path.join(RUN, "sa.key")
    if not os.path.exists(keys):
        subprocess.run(["openssl", "genrsa", "-out", keys, "2048"], check=True, capture_output=True)
        subprocess.run(["openssl", "rsa", "-in", keys, "-pubout", "-out", os.path.join(RUN, "sa.pub")],
                       check=True, capture_output=True)
    with open(os.path.join(RUN, "tokens.csv"), "w") as f:
        f.write('%s,admin,admin,"system:masters"\n' % TOKEN)
    with open(kubeconfig(), "w") as f:
        f.write("""apiVersion: v1
kind: Config
clusters:
- name: rig
  cluster: {server: "%s", insecure-skip-tls-verify: true}
users:
- name: admin
  user: {token: %s}
contexts:
- name: rig
  context: {cluster: rig, user: admin, namespace: default}
current-context: rig
""" % (API, TOKEN))
    # etcd on tmpfs when there is one: nothing here needs to survive.
    data = ("/dev/shm/svcdns-conformance-etcd" + ("-%d" % RIG if RIG else "")) if os.path.isdir("/dev/shm") \
        else os.path.join(RUN, "etcd")
    subprocess.run(["rm", "-rf", data])
    t0 = time.time()
    start("etcd", [os.path.join(BIN, "etcd"), "--data-dir", data, "--listen-client-urls", ETCD_CLIENT,
                   "--advertise-client-urls", ETCD_CLIENT, "--listen-peer-urls", ETCD_PEER,
                   "--initial-advertise-peer-urls", ETCD_PEER, "--initial-cluster", "default=" + ETCD_PEER,
                   "--unsafe-no-fsync", "--log-level", "warn"])
    start("kube-apiserver", [
        os.path.join(BIN, "kube-apiserver"),
        "--etcd-servers=" + ETCD_CLIENT, "--bind-address=" + HOST, "--secure-port=%d" % SECURE_PORT,
        "--advertise-address=" + ADVERTISE, "--cert-dir=" + os.path.join(RUN, "certs"),
        "--service-cluster-ip-range=" + service_ranges(), "--authorization-mode=AlwaysAllow",
        "--token-auth-file=" + os.path.join(RUN, "tokens.csv"),
        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
        "--service-account-key-file=" + os.path.join(RUN, "sa.pub"),
        "--service-account-signing-key-file=" + keys,
        # The default (lease) reconciler, as in kubeadm and kind clusters:
        # the `kubernetes` Service's endpoints are part of DNS, and svcdns
        # models them as a kind cluster has them (172.18.0.2:6443).
        "--endpoint-reconciler-type=lease",
        # PVCs (StatefulSet volumeClaimTemplates) get a finalizer that only the
        # pvc-protection controller lifts; without it cases could not be
        # deleted. Storage is outside svcdns's model.
        "--disable-admission-plugins=StorageObjectInUseProtection",
        "--v=0",
    ])
    def readyz():
        req = urllib.request.Request(API + "/readyz", headers={"Authorization": "Bearer " + TOKEN})
        with urllib.request.urlopen(req, context=CTX, timeout=5) as r:
            return r.status == 200
    wait_for("kube-apiserver", readyz, timeout=180)
    log("kube-apiserver ready in %.1fs" % (time.time() - t0))
    start("kube-controller-manager", [
        os.path.join(BIN, "kube-controller-manager"), "--kubeconfig=" + kubeconfig(), "--leader-elect=false",
        "--controllers=" + ",".join(CONTROLLERS), "--secure-port=0", "--use-service-account-credentials=false",
        "--concurrent-gc-syncs=20", "--v=0",
    ])
    plan_path = os.path.join(RUN, "plan.json")
    base = json.load(open(os.path.join(RUN, "base.prepared.json")))
    write_plan(base["plan"])
    start("kubelet-faker", [os.path.join(BIN, "kubelet-faker"), "--kubeconfig=" + kubeconfig(), "--plan=" + plan_path])
    # kube-dns and CoreDNS's own Deployment, as kubeadm installs them.
    api("POST", "/api/v1/namespaces/kube-system/services", {
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "kube-dns", "namespace": "kube-system",
                     "labels": {"k8s-app": "kube-dns", "svcdns-rig": "base"}},
        "spec": {"clusterIP": "10.96.0.10", "selector": {"k8s-app": "kube-dns"}, "ports": [
            {"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53},
            {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53},
            {"name": "metrics", "port": 9153, "protocol": "TCP", "targetPort": 9153}]}}, ok404=True)
    wait_for("default service account", lambda: api("GET", "/api/v1/namespaces/kube-system/serviceaccounts/default"))
    api("POST", "/apis/apps/v1/namespaces/kube-system/deployments", {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "coredns", "namespace": "kube-system", "labels": {"k8s-app": "kube-dns", "svcdns-rig": "base"}},
        "spec": {"replicas": 2, "selector": {"matchLabels": {"k8s-app": "kube-dns"}},
                 "template": {"metadata": {"labels": {"k8s-app": "kube-dns", "svcdns-rig": "base"}},
                              "spec": {"containers": [{"name": "coredns", "image": "registry.k8s.io/coredns/coredns:v1.14.7",
                                                       "ports": [{"name": "dns", "containerPort": 53, "protocol": "UDP"},
                                                                 {"name": "dns-tcp", "containerPort": 53, "protocol": "TCP"},
                                                                 {"name": "metrics", "containerPort": 9153, "protocol": "TCP"}]}]}}}},
        ok404=True)
    wait_for("CoreDNS pods", lambda: len([p for p in items("Pod", "kube-system") if p["status"].get("podIP")]) == 2)
    log("control plane up in %.1fs" % (time.time() - t0))


def write_plan(plan):
    path = os.path.join(RUN, "plan.json")
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(plan, f)
    os.replace(tmp, path)


def down():
    try:
        lines = open(os.path.join(RUN, "pids")).read().split("\n")
    except OSError:
        return
    for line in reversed([l for l in lines if l.strip()]):
        name, pid = line.split()
        pid = int(pid)
        try:
            os.killpg(pid, signal.SIGTERM)
        except OSError:
            continue
        # Wait for it to let go of its ports; then make sure.
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except OSError:
                break
            time.sleep(0.1)
        else:
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
        log("stopped", name, pid)
    open(os.path.join(RUN, "pids"), "w").close()
    # The CoreDNS pod's address is the same on every rig: it stays on lo
    # while another rig that is up uses it.
    kept = set()
    for other in other_runs():
        if running("kube-apiserver", other):
            kept |= set(dns_ips(other))
    for ip in dns_ips():
        if ip in kept:
            log("left %s on lo: another rig uses it" % ip)
            continue
        subprocess.run(["ip", "addr", "del", ip + "/32", "dev", "lo"], capture_output=True)
    for f in os.listdir(RUN):
        if f == "lo-addresses" or f.endswith(".port"):
            os.remove(os.path.join(RUN, f))


def dns_ips(run=None):
    """The addresses this rig (or the rig of run directory `run`) uses on lo."""
    try:
        return [l.strip() for l in open(os.path.join(run or RUN, "lo-addresses")) if l.strip()]
    except OSError:
        return []


def other_runs():
    """The other rigs' run directories (those under the cache)."""
    try:
        names = os.listdir(CACHE)
    except OSError:
        return []
    return [os.path.join(CACHE, n) for n in sorted(names)
            if re.fullmatch(r"run(-\d+)?", n) and os.path.realpath(os.path.join(CACHE, n)) != os.path.realpath(RUN)]


def ensure_on_lo(ip):
    """Puts the CoreDNS pod's address on lo (unless it is there) and lists
    it as used by this rig, whichever rig put it there."""
    on_lo = subprocess.run(["ip", "-o", "addr", "show", "dev", "lo"], capture_output=True, text=True).stdout
    if " %s/" % ip not in on_lo:
        subprocess.run(["ip", "addr", "add", ip + "/32", "dev", "lo"], check=True, capture_output=True)
    if ip not in dns_ips():
        with open(os.path.join(RUN, "lo-addresses"), "a") as f:
            f.write(ip + "\n")


# --- CoreDNS, one per Corefile ------------------------------------------------------

def corefile(opts, ip, port, kc=None):
    """The Corefile of a CoreDNS serving with these options on `port`;
    `kc` names the kubeconfig (this rig's by default)."""
    zone = opts["zone"]
    # No `bind`: CoreDNS takes its own addresses (`localIPs`, for `ns.dns`
    # and the apex NS) from the interfaces only when it is not bound
    # (plugin/kubernetes/local.go boundIPs parses a bound address as a CIDR,
    # which a bare IP is not, so a bound server has none). The CoreDNS
    # pod's IP is on lo, as a pod's is on its interface.
    lines = [".:%d {" % port,
             "    kubernetes %s in-addr.arpa ip6.arpa {" % zone,
             "        kubeconfig %s rig" % (kc or kubeconfig()),
             "        pods %s" % opts["pods"]]
    if opts.get("endpoint_pod_names"):
        lines.append("        endpoint_pod_names")
    if opts.get("ignore_empty_service"):
        lines.append("        ignore empty_service")
    lines += ["        fallthrough in-addr.arpa ip6.arpa", "        ttl %d" % opts["ttl"], "    }",
              # What the kubernetes plugin hands on lands here: whoami's
              # answer (an SRV `_udp.` or `_tcp.` record in the additional
              # section) marks "the next plugin answered".
              "    whoami", "}"]
    return "\n".join(lines) + "\n"


def coredns_for(opts, plan):
    """The address and port of a CoreDNS serving with these options, started
    on first use, bound to a CoreDNS pod's IP (so that `ns.dns` finds its
    kube-dns endpoint as in a cluster)."""
    key = hashlib.sha256(json.dumps(opts, sort_keys=True).encode()).hexdigest()[:12]
    ip = next(p["ips"][0] for p in plan["pods"] if p["namespace"] == "kube-system" and p["group"] == "Deployment/kube-system/coredns")
    path = os.path.join(RUN, "coredns-%s.port" % key)
    # Every case: another rig going down may have taken it off.
    ensure_on_lo(ip)
    if os.path.exists(path) and running("coredns-" + key):
        return ip, int(open(path).read())
    ports = [int(open(os.path.join(RUN, f)).read()) for f in os.listdir(RUN) if f.endswith(".port")]
    port = max(ports + [COREDNS_PORT_BASE - 1]) + 1
    conf = os.path.join(RUN, "Corefile-" + key)
    with open(conf, "w") as f:
        f.write(corefile(opts, ip, port))
    start("coredns-" + key, [os.path.join(BIN, "coredns"), "-conf", conf])
    with open(path, "w") as f:
        f.write(str(port))

    def answers():
        out = subprocess.run(["dig", "@" + ip, "-p", str(port), "+short", "+time=1", "+tries=1",
                              "kubernetes.default.svc.%s" % opts["zone"]], capture_output=True, text=True).stdout
        return out.strip() != ""
    wait_for("CoreDNS %s" % key, answers, timeout=60)
    return ip, port


# --- one case ------------------------------------------------------------------------

def kubectl(*args, cwd=None, timeout=120):
    return subprocess.run([os.path.join(BIN, "kubectl"), "--kubeconfig", kubeconfig(), *args],
                          capture_output=True, text=True, cwd=cwd, timeout=timeout)


def snapshot():
    pods = items("Pod")
    slices = items("EndpointSlice")
    eps = items("Endpoints")
    return pods, slices, eps


def converge(case, t_apply):
    """Polls until the controllers are done: every planned pod made and
    given its status by the faker, and nothing changing twice in a row."""
    want = {}
    for p in case["plan"]["pods"]:
        key = p["group"] or p["namespace"] + "/" + p["name"]
        want[key] = want.get(key, 0) + 1
    last = None
    stable = 0
    while True:
        pods, slices, eps = snapshot()
        live = [p for p in pods if not p["metadata"].get("deletionTimestamp")]
        statused = all(p["status"].get("podIP") or p["status"].get("phase") not in (None, "Pending") or
                       any(c["type"] == "PodScheduled" for c in p["status"].get("conditions") or [])
                       for p in live)
        fp = json.dumps([[(p["metadata"]["uid"], p["metadata"]["resourceVersion"]) for p in pods],
                         [(s["metadata"]["uid"], s["metadata"]["resourceVersion"]) for s in slices],
                         [(e["metadata"]["uid"], e["metadata"]["resourceVersion"]) for e in eps]])
        stable = stable + 1 if fp == last and statused else 0
        last = fp
        elapsed = time.time() - t_apply
        if stable >= 3 and elapsed > 1.5:
            break
        if elapsed > 45:
            log("case %s: not converged after 45s; recording as is" % case["name"])
            break
        time.sleep(0.3)
    return pods, slices, eps


def dig_batch(ip, port, questions, norec):
    batch = os.path.join(RUN, "dig-batch")
    with open(batch, "w") as f:
        for name, qtype in questions:
            f.write("%s %s%s\n" % (name, qtype, " +norec" if norec else ""))
    out = subprocess.run(["dig", "@" + ip, "-p", str(port), "+time=5", "+tries=2", "-f", batch,
                          "+noall", "+cmd", "+comments", "+question", "+answer", "+authority", "+additional"],
                         capture_output=True, text=True, timeout=1200).stdout
    results = parse_dig(out, norec)
    if len(results) != len(questions):
        raise RuntimeError("dig: %d answers to %d questions" % (len(results), len(questions)))
    return results


def record_line(line):
    parts = line.split(None, 4)
    if len(parts) < 5:
        return line.strip()
    owner, ttl, cls, rtype, rdata = parts
    rdata = rdata.strip()
    if rtype in ("CNAME", "NS", "PTR", "SRV", "SOA"):
        rdata = rdata.lower()
    return "%s %s %s %s %s" % (owner.lower(), ttl, cls, rtype, rdata)


# What a question gets when no response comes back (dig: "no servers
# could be reached"): CoreDNS writes nothing when it cannot pack its
# answer (a name with a label over 63 octets, which the API server lets
# through in an externalName).
NO_RESPONSE = "NO RESPONSE"


def parse_dig(out, norec):
    """dig's batch output, one result per question in order: each starts at
    its command line (`; <<>> DiG ... <<>> NAME TYPE`), so a question
    without a response keeps its place (rcode NO_RESPONSE)."""
    results = []
    cur = None
    section = None
    for line in out.splitlines():
        if line.startswith("; <<>> DiG "):
            cmd = line.rsplit("<<>>", 1)[1].split()
            cur = {"norec": norec, "rcode": NO_RESPONSE, "flags": [], "answer": [], "authority": [],
                   "additional": [], "name": cmd[0].lower() if cmd else "", "type": cmd[1] if len(cmd) > 1 else ""}
            results.append(cur)
            section = None
        elif line.startswith(";; ->>HEADER<<-") and cur is not None:
            cur["rcode"] = re.search(r"status: (\w+)", line).group(1)
            section = None
        elif cur is None:
            continue
        elif line.startswith(";; flags:"):
            cur["flags"] = line.split(";", 3)[2].replace(" flags:", "").strip().split()
        elif line.startswith(";; QUESTION SECTION"):
            section = "question"
        elif line.startswith(";; ANSWER SECTION"):
            section = "answer"
        elif line.startswith(";; AUTHORITY SECTION"):
            section = "authority"
        elif line.startswith(";; ADDITIONAL SECTION"):
            section = "additional"
        elif line.startswith(";; ") or line.startswith("; ") or not line.strip():
            if line.startswith(";; OPT"):
                section = None
            continue
        elif section == "question" and line.startswith(";"):
            name, _cls, qtype = line[1:].split()[:3]
            cur["name"], cur["type"] = name.lower(), qtype
        elif section in ("answer", "authority", "additional"):
            cur[section].append(record_line(line))
    for r in results:
        r["next_plugin"] = any(re.match(r"_(udp|tcp)\.\S+ \d+ IN SRV ", l) for l in r["additional"])
    return results


def pod_summary(p, plan):
    st = p.get("status") or {}
    ips = [x["ip"] for x in st.get("podIPs") or []] or ([st["podIP"]] if st.get("podIP") else [])
    ready = any(c["type"] == "Ready" and c["status"] == "True" for c in st.get("conditions") or [])
    ns, name = p["metadata"]["namespace"], p["metadata"]["name"]
    as_ = name
    for e in plan["pods"]:
        if e["namespace"] == ns and e["ips"] and e["ips"] == ips:
            as_ = e["name"]
            break
    return {"namespace": ns, "name": name, "as": as_, "ips": ips, "ready": ready, "phase": st.get("phase", ""),
            "node": p["spec"].get("nodeName", ""), "hostname": p["spec"].get("hostname", ""),
            "subdomain": p["spec"].get("subdomain", ""),
            "owner": next(("%s/%s" % (o["kind"], o["name"]) for o in p["metadata"].get("ownerReferences") or []
                           if o.get("controller")), "")}


def slice_summary(s):
    """The same text the Rust test makes of svcdns's slices."""
    ns = s["metadata"]["namespace"]
    svc = (s["metadata"].get("labels") or {}).get("kubernetes.io/service-name", "")
    ports = sorted("%s/%s/%s" % (p.get("name") or "", p.get("protocol", "TCP"),
                                 "" if p.get("port") is None else p["port"]) for p in s.get("ports") or [])
    eps = []
    for e in s.get("endpoints") or []:
        c = e.get("conditions") or {}
        opt = lambda v: "None" if v is None else "Some(%s)" % ("true" if v else "false")
        eps.append("%s ready=%s serving=%s terminating=%s hostname=%s pod=%s" % (
            ",".join(e.get("addresses") or []), opt(c.get("ready")), opt(c.get("serving")),
            opt(c.get("terminating")), e.get("hostname") or "", (e.get("targetRef") or {}).get("name", "")))
    eps.sort()
    return "%s/%s %s ports=%s endpoints=%s" % (ns, svc, s.get("addressType"), rust_list(ports), rust_list(eps))


def rust_list(xs):
    return "[" + ", ".join(json.dumps(x) for x in xs) + "]"


def exists(o):
    kind = o["kind"]
    if kind not in RESOURCES:
        return None
    if not o["name"]:
        return False
    try:
        return api("GET", obj_path(kind, o["namespace"], o["name"]), ok404=True) is not None
    except RuntimeError:
        return None


def stdout_accepted(o, stdout):
    """Whether kubectl apply's output names the object (kinds the rig cannot
    look up): `<resource>[.group]/<name> created|configured|unchanged`."""
    for line in stdout.splitlines():
        m = re.match(r"([a-z0-9.-]+)/(\S+) (created|configured|unchanged|serverside-applied)", line)
        if m and m.group(2) == o["name"] and m.group(1).split(".")[0].startswith(o["kind"].lower()[:4]):
            return True
    return False


def error_lines(stderr):
    return [l for l in stderr.splitlines() if l.strip() and not l.startswith("Warning: ")]


# Cases whose svcdns plan has more pods than this are not run: the real
# controllers would make every replica (a replicas: 2147483647 Deployment
# took kube-controller-manager to 20 GB), where svcdns caps them
# (controllers::MAX_REPLICAS); see KNOWN.md.
MAX_PLANNED_PODS = 150


def run_case(case, out_dir, vers):
    name = case["name"]
    if network_of(case) != rig_network():
        raise RuntimeError("case %s is for network %r, rig %d runs %r (scripts/conformance.sh --network)"
                           % (name, network_of(case) or "default", RIG, rig_network() or "default"))
    if len(case["plan"]["pods"]) > MAX_PLANNED_PODS:
        log("case %s: skipped, %d pods planned (more than %d)" % (name, len(case["plan"]["pods"]), MAX_PLANNED_PODS))
        return 0.0
    t0 = time.time()
    plan = case["plan"]
    write_plan(plan)
    ip, port = coredns_for(case["corefile"], plan)
    work = os.path.join(RUN, "case")
    os.makedirs(work, exist_ok=True)
    manifest = os.path.join(work, case["file"])
    with open(manifest, "w") as f:
        f.write(case["manifest"])
    # Namespaces svcdns takes as existing that the manifest does not create.
    # The namespaces of rejected objects too: the API server looks the
    # namespace up before it validates (NotFound would hide the verdict).
    made = {o["name"] for o in case["objects"] if o["kind"] == "Namespace"}
    named = {o["namespace"] for o in case["objects"] if o["namespace"] and o["kind"] in RESOURCES}
    pre = sorted((set(case["namespaces"]) | named) - BASE_NAMESPACES - made)
    for ns in pre:
        api("POST", "/api/v1/namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}}, ok404=True)
    for ns in pre:
        wait_for("service account in " + ns, lambda: api("GET", "/api/v1/namespaces/%s/serviceaccounts/default" % ns, ok404=True), timeout=30, step=0.2)
    t_apply = time.time()
    ap = kubectl("apply", "-f", case["file"], cwd=work)
    pods, slices, eps = converge(case, t_apply)
    t_conv = time.time()
    objects = []
    for o in case["objects"]:
        real = exists(o)
        if real is None:
            real = stdout_accepted(o, ap.stdout)
        objects.append(dict(o, real_accepted=real))
    pod_rows = sorted((pod_summary(p, plan) for p in pods if not p["metadata"].get("deletionTimestamp")),
                      key=lambda p: (p["namespace"], p["name"]))
    # Names svcdns gave pods whose names the controllers randomise are
    # asked under the real pod's name (`endpoint_pod_names` records).
    ours_to_real = sorted(((p["as"], p["name"]) for p in pod_rows if p["as"] != p["name"]),
                          key=lambda x: -len(x[0]))

    def real_name(n):
        labels = n.split(".")
        return ".".join(next((r for o, r in ours_to_real if o == l), l) for l in labels)
    asked = [(real_name(n), t) for n, t in case["questions"]]
    norec = dig_batch(ip, port, asked, True)
    rec = dig_batch(ip, port, asked, False)
    for a, (n, _t) in zip(norec, case["questions"]):
        if a.get("name") != n:
            a["asked"] = a.get("name")
            a["name"] = n
    # Asked again with recursion desired: kept only where the answer is not
    # the same but for the rd/ra flags, the order of records and whoami's
    # port (see `same_answer`).
    rec_differs = []
    for a, b in zip(norec, rec):
        if not same_answer(a, b):
            b["name"] = a["name"]
            rec_differs.append(b)
    answers = norec
    t_dig = time.time()
    transcript = {
        "case": {k: case[k] for k in ("name", "source", "file", "manifest", "dns", "not_ready", "network", "profile")
                 if k in case},
        "versions": vers,
        "plan": plan,
        "corefile": corefile(case["corefile"], ip, RECORDED_PORT, RECORDED_KUBECONFIG),
        "precreated_namespaces": pre,
        "apply": {"exit": ap.returncode, "stdout": ap.stdout, "stderr": ap.stderr, "errors": error_lines(ap.stderr)},
        "objects": objects,
        "pods": pod_rows,
        "endpointslices": sorted(slice_summary(s) for s in slices),
        "dns": answers,
        "dns_rd_differs": rec_differs,
        "timing": {"converge_s": round(t_conv - t_apply, 1)},
    }
    with open(os.path.join(out_dir, name + ".transcript.json"), "w") as f:
        write_transcript(f, transcript)
    held = clean(case, work)
    t_end = time.time()
    log("case %s: apply+converge %.1fs, dig %d questions %.1fs, clean %.1fs%s" % (
        name, t_conv - t_apply, len(answers), t_dig - t_conv, t_end - t_dig,
        " (waited for %s)" % ", ".join("%s %.1fs" % kv for kv in sorted(held.items(), key=lambda kv: -kv[1]))
        if held else ""))
    return t_end - t0


WHOAMI_PORT = re.compile(r"^(_(?:udp|tcp)\.\S+ \d+ IN SRV \d+ \d+ )\d+ ")


def comparable(a):
    """A dig answer without what changes from one ask to the next: the
    rd/ra flags, the order of records (CoreDNS lists endpoints in their
    slices' order; KNOWN.md) and the source port whoami answers with."""
    out = {k: v for k, v in a.items() if k not in ("norec", "flags", "name", "asked")}
    out["flags"] = sorted(f for f in a.get("flags", []) if f not in ("rd", "ra"))
    for sec in ("answer", "authority", "additional"):
        if sec in out:
            out[sec] = sorted(WHOAMI_PORT.sub(r"\g<1>0 ", r) for r in out[sec])
    return out


def same_answer(a, b):
    return comparable(a) == comparable(b)


def compact_answer(a):
    """A dig answer without what is empty or false (the +norec answers
    are the default; `norec: false` marks a recursive one)."""
    return {k: v for k, v in a.items() if v not in ([], False, None) and not (k == "norec" and v is True)} | (
        {"norec": False} if a.get("norec") is False else {})


def recorded_corefile(text):
    """A Corefile as transcripts keep it: CoreDNS's port in a cluster and
    `$RUN/kubeconfig` for the rig's (transcripts recorded before rigs were
    numbered name a loopback port and a path)."""
    text = re.sub(r"^\.:\d+ \{", ".:%d {" % RECORDED_PORT, text)
    return re.sub(r"(?m)^(\s*kubeconfig) \S+ rig$", lambda m: "%s %s rig" % (m.group(1), RECORDED_KUBECONFIG), text)


def write_transcript(f, t):
    """JSON, one line per list entry: small to store, readable in a diff."""
    t = dict(t, dns=[compact_answer(a) for a in t.get("dns", [])],
             corefile=recorded_corefile(t.get("corefile", "")),
             dns_rd_differs=[compact_answer(a) for a in t.get("dns_rd_differs", [])])
    f.write("{\n")
    keys = list(t)
    for i, k in enumerate(keys):
        v = t[k]
        f.write(" %s: " % json.dumps(k))
        if isinstance(v, list) and v:
            f.write("[\n" + ",\n".join("  " + json.dumps(x, sort_keys=True) for x in v) + "\n ]")
        else:
            f.write(json.dumps(v, sort_keys=True))
        f.write(",\n" if i + 1 < len(keys) else "\n")
    f.write("}\n")


_NAMESPACED = []


def namespaced_resources():
    """Every namespaced resource the API server serves that can be deleted
    as a collection (discovery, as the namespace controller reads it):
    [(api prefix, plural)], read once."""
    if not _NAMESPACED:
        lists = [("/api/v1", api("GET", "/api/v1"))]
        for g in api("GET", "/apis").get("groups", []):
            gv = g["preferredVersion"]["groupVersion"]
            lists.append(("/apis/" + gv, api("GET", "/apis/" + gv)))
        for prefix, rl in lists:
            for r in rl.get("resources", []):
                if r.get("namespaced") and "/" not in r["name"] and "deletecollection" in r.get("verbs", []):
                    _NAMESPACED.append((prefix, r["name"]))
    return _NAMESPACED


def empty_namespace(name):
    """The namespace controller's work on a deleted namespace, without its
    wait: pkg/controller/namespace namespace_controller.go queues every
    namespace event `namespaceDeletionGracePeriod` (5 s, a constant, for HA
    API servers and etcd members to see the deletion) before it deletes
    the content and finalizes. On one API server and one etcd there is
    nothing to wait for, and the wait was most of the clean-up of every
    case with a namespace of its own (5.3 s). As the controller
    (deletion/namespaced_resources_deleter.go `deleteAllContent`): delete
    every resource's collection in the namespace."""
    ns = urllib.parse.quote(name)
    # Independent requests: a few at a time (about 50 resources).
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda r: api("DELETE", "%s/namespaces/%s/%s" % (r[0], ns, r[1]), ok404=True),
                      namespaced_resources()))


def finalize_namespace(name):
    """Once nothing is left in a deleted namespace, removes the
    `kubernetes` finalizer, as the namespace controller does
    (`finalizeNamespace`); the API server then deletes the namespace
    (ShouldDeleteNamespaceDuringUpdate). Returns whether it could."""
    for kind in ("Pod", "Service", "EndpointSlice", "Endpoints", "StatefulSet", "Deployment", "ReplicaSet",
                 "DaemonSet", "ControllerRevision", "ServiceAccount"):
        if items(kind, name):
            return False
    ns = api("GET", obj_path("Namespace", "", name), ok404=True)
    if ns is not None and ns["spec"].get("finalizers"):
        ns["spec"]["finalizers"] = []
        api("PUT", "/api/v1/namespaces/%s/finalize" % urllib.parse.quote(name), ns, ok404=True)
    return True


def clean(case, work):
    """Deletes what the case made and waits until the cluster is back to
    its base. Returns how long each wait condition held it up (seconds
    from the start of the wait until the condition was last unmet)."""
    kubectl("delete", "-f", case["file"], "--ignore-not-found", "--wait=false", cwd=work)
    for ns in items("Namespace"):
        if not is_base("Namespace", ns):
            if not ns["metadata"].get("deletionTimestamp"):
                api("DELETE", obj_path("Namespace", "", ns["metadata"]["name"]), ok404=True)
            empty_namespace(ns["metadata"]["name"])
    # What is left in the base namespaces (kinds kubectl delete did not
    # reach: controllers' objects, objects of a file it stopped reading):
    # one cluster-wide list per kind.
    for kind in SWEPT:
        for o in items(kind):
            ns = o["metadata"].get("namespace", "")
            if ns in BASE_NAMESPACES and not is_base(kind, o) and not o["metadata"].get("deletionTimestamp"):
                if kind == "Pod" and (o["metadata"].get("labels") or {}).get("svcdns-rig") == "base":
                    continue
                api("DELETE", obj_path(kind, ns, o["metadata"]["name"]), {"propagationPolicy": "Background"}, ok404=True)
    t0 = time.time()
    held = {}

    def unmet(what):
        held[what] = round(time.time() - t0, 1)
        return False

    def gone():
        done = True
        for n in items("Namespace"):
            if not is_base("Namespace", n) and not finalize_namespace(n["metadata"]["name"]):
                done = unmet("namespace content")
        for kind in ("Namespace", "Pod", "Service", "EndpointSlice", "Endpoints", "StatefulSet", "Deployment",
                     "ReplicaSet", "DaemonSet"):
            if any(not is_base(kind, o) for o in items(kind)):
                done = unmet(kind)
        ips = api("GET", "/apis/networking.k8s.io/v1/ipaddresses").get("items", [])
        if not all(i["metadata"]["name"] in ("10.96.0.1", "10.96.0.10") for i in ips):
            done = unmet("IPAddress")
        return done
    wait_for("case %s cleaned away" % case["name"], gone, timeout=120, step=0.3)
    return held


def run(out_dir, cases):
    os.makedirs(out_dir, exist_ok=True)
    vers = versions()
    total = 0.0
    for path in cases:
        case = json.load(open(path))
        try:
            total += run_case(case, out_dir, vers)
        except Exception as e:  # noqa: BLE001 - one broken case must not stop a run
            log("case %s failed: %s" % (case.get("name"), e))
            # A crash is neither agreement nor disagreement: the compare
            # counts it (and --strict fails on it).
            with open(os.path.join(out_dir, "%s.crashed.json" % case.get("name")), "w") as f:
                json.dump({"case": case.get("name"), "error": "%s: %s" % (type(e).__name__, e)}, f)
            try:
                clean(case, os.path.join(RUN, "case"))
            except BaseException as e2:  # noqa: BLE001
                log("clean after failure: %s" % e2)
    log("%d cases in %.0fs (%.1fs a case)" % (len(cases), total, total / max(1, len(cases))))


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "up":
        up()
    elif cmd == "down":
        down()
    elif cmd == "run":
        run(sys.argv[2], sys.argv[3:])
    elif cmd == "compact":
        # Rewrite transcripts in the compact form.
        for path in sys.argv[2:]:
            t = json.load(open(path))
            with open(path, "w") as f:
                write_transcript(f, t)
    elif cmd == "rundir":
        print(RUN)
    elif cmd == "versions":
        print(json.dumps(versions(), indent=1))
    else:
        print(__doc__)
        sys.exit(2)
