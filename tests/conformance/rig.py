#!/usr/bin/env python3
"""The conformance rig's driver: a real control plane and CoreDNS on loopback.

    rig.py up                      start etcd, kube-apiserver, kube-controller-manager,
                                   the kubelet faker and the base objects (kube-dns)
    rig.py run OUT PREPARED...     record one transcript per prepared case into OUT/
    rig.py down                    stop what `up` started

Started processes' ids are in $RUN/pids; `down` stops exactly those.
Only the standard library: no Go, no pip packages.
"""
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
RUN = os.environ.get("SVCDNS_CONFORMANCE_RUN", os.path.join(CACHE, "run"))
API = "https://127.0.0.1:6443"
TOKEN = "svcdns-conformance-rig"
ETCD_CLIENT = "http://127.0.0.1:23790"
ETCD_PEER = "http://127.0.0.1:23800"
# The kind node's address: svcdns's `kubernetes` Service has this endpoint
# (port 6443), which the API server's lease endpoint reconciler writes from
# --advertise-address and --secure-port.
ADVERTISE = "172.18.0.2"
SERVICE_RANGE = "10.96.0.0/12"
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


def running(name):
    try:
        for line in open(os.path.join(RUN, "pids")):
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
        log("already up")
        return
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
    data = "/dev/shm/svcdns-conformance-etcd" if os.path.isdir("/dev/shm") else os.path.join(RUN, "etcd")
    subprocess.run(["rm", "-rf", data])
    t0 = time.time()
    start("etcd", [os.path.join(BIN, "etcd"), "--data-dir", data, "--listen-client-urls", ETCD_CLIENT,
                   "--advertise-client-urls", ETCD_CLIENT, "--listen-peer-urls", ETCD_PEER,
                   "--initial-advertise-peer-urls", ETCD_PEER, "--initial-cluster", "default=" + ETCD_PEER,
                   "--unsafe-no-fsync", "--log-level", "warn"])
    start("kube-apiserver", [
        os.path.join(BIN, "kube-apiserver"),
        "--etcd-servers=" + ETCD_CLIENT, "--bind-address=127.0.0.1", "--secure-port=6443",
        "--advertise-address=" + ADVERTISE, "--cert-dir=" + os.path.join(RUN, "certs"),
        "--service-cluster-ip-range=" + SERVICE_RANGE, "--authorization-mode=AlwaysAllow",
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
    for ip in dns_ips():
        subprocess.run(["ip", "addr", "del", ip + "/32", "dev", "lo"], capture_output=True)
    for f in os.listdir(RUN):
        if f == "lo-addresses" or f.endswith(".port"):
            os.remove(os.path.join(RUN, f))


def dns_ips():
    try:
        return [l.strip() for l in open(os.path.join(RUN, "lo-addresses")) if l.strip()]
    except OSError:
        return []


# --- CoreDNS, one per Corefile ------------------------------------------------------

def corefile(opts, ip, port):
    zone = opts["zone"]
    # No `bind`: CoreDNS takes its own addresses (`localIPs`, for `ns.dns`
    # and the apex NS) from the interfaces only when it is not bound
    # (plugin/kubernetes/local.go boundIPs parses a bound address as a CIDR,
    # which a bare IP is not, so a bound server has none). The CoreDNS
    # pod's IP is on lo, as a pod's is on its interface.
    lines = [".:%d {" % port,
             "    kubernetes %s in-addr.arpa ip6.arpa {" % zone,
             "        kubeconfig %s rig" % kubeconfig(),
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
    if os.path.exists(path) and running("coredns-" + key):
        return ip, int(open(path).read())
    on_lo = subprocess.run(["ip", "-o", "addr", "show", "dev", "lo"], capture_output=True, text=True).stdout
    if " %s/" % ip not in on_lo:
        subprocess.run(["ip", "addr", "add", ip + "/32", "dev", "lo"], check=True, capture_output=True)
        with open(os.path.join(RUN, "lo-addresses"), "a") as f:
            f.write(ip + "\n")
    ports = [int(open(os.path.join(RUN, f)).read()) for f in os.listdir(RUN) if f.endswith(".port")]
    port = max(ports + [1052]) + 1
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
                          "+nocmd", "+noall", "+comments", "+question", "+answer", "+authority", "+additional"],
                         capture_output=True, text=True, timeout=600).stdout
    return parse_dig(out, norec)


def record_line(line):
    parts = line.split(None, 4)
    if len(parts) < 5:
        return line.strip()
    owner, ttl, cls, rtype, rdata = parts
    rdata = rdata.strip()
    if rtype in ("CNAME", "NS", "PTR", "SRV", "SOA"):
        rdata = rdata.lower()
    return "%s %s %s %s %s" % (owner.lower(), ttl, cls, rtype, rdata)


def parse_dig(out, norec):
    results = []
    cur = None
    section = None
    for line in out.splitlines():
        if line.startswith(";; ->>HEADER<<-"):
            cur = {"norec": norec, "rcode": re.search(r"status: (\w+)", line).group(1),
                   "flags": [], "answer": [], "authority": [], "additional": []}
            results.append(cur)
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
    # the same but for the rd/ra flags.
    strip = lambda a: {k: v for k, v in a.items() if k not in ("norec", "flags", "name", "asked")} | {
        "flags": [f for f in a["flags"] if f not in ("rd", "ra")]}
    rec_differs = []
    for a, b in zip(norec, rec):
        if strip(a) != strip(b):
            b["name"] = a["name"]
            rec_differs.append(b)
    answers = norec
    t_dig = time.time()
    transcript = {
        "case": {k: case[k] for k in ("name", "source", "file", "manifest", "dns", "not_ready") if k in case},
        "versions": vers,
        "plan": plan,
        "corefile": corefile(case["corefile"], ip, port),
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
    clean(case, work)
    t_end = time.time()
    log("case %s: apply+converge %.1fs, dig %d questions %.1fs, clean %.1fs" % (
        name, t_conv - t_apply, len(answers), t_dig - t_conv, t_end - t_dig))
    return t_end - t0


def compact_answer(a):
    """A dig answer without what is empty or false (the +norec answers
    are the default; `norec: false` marks a recursive one)."""
    return {k: v for k, v in a.items() if v not in ([], False, None) and not (k == "norec" and v is True)} | (
        {"norec": False} if a.get("norec") is False else {})


def write_transcript(f, t):
    """JSON, one line per list entry: small to store, readable in a diff."""
    t = dict(t, dns=[compact_answer(a) for a in t.get("dns", [])],
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


def clean(case, work):
    kubectl("delete", "-f", case["file"], "--ignore-not-found", "--wait=false", cwd=work)
    for ns in items("Namespace"):
        if not is_base("Namespace", ns) and not ns["metadata"].get("deletionTimestamp"):
            api("DELETE", obj_path("Namespace", "", ns["metadata"]["name"]), ok404=True)
    for ns in BASE_NAMESPACES:
        for kind in SWEPT:
            for o in items(kind, ns):
                if not is_base(kind, o) and not o["metadata"].get("deletionTimestamp"):
                    if kind == "Pod" and (o["metadata"].get("labels") or {}).get("svcdns-rig") == "base":
                        continue
                    api("DELETE", obj_path(kind, ns, o["metadata"]["name"]), {"propagationPolicy": "Background"}, ok404=True)

    def gone():
        if any(not is_base("Namespace", n) for n in items("Namespace")):
            return False
        for kind in ("Pod", "Service", "EndpointSlice", "Endpoints", "StatefulSet", "Deployment", "ReplicaSet", "DaemonSet"):
            if any(not is_base(kind, o) for o in items(kind)):
                return False
        ips = api("GET", "/apis/networking.k8s.io/v1/ipaddresses").get("items", [])
        return all(i["metadata"]["name"] in ("10.96.0.1", "10.96.0.10") for i in ips)
    wait_for("case %s cleaned away" % case["name"], gone, timeout=120, step=0.3)


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
    elif cmd == "versions":
        print(json.dumps(versions(), indent=1))
    else:
        print(__doc__)
        sys.exit(2)
