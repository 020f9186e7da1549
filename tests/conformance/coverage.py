#!/usr/bin/env python3
"""What the recorded transcripts cover, as tables (Markdown).

    coverage.py [DIR]          DIR: tests/conformance/recorded (default)

Three tables, each row with the number of transcripts that have it (and a
few of their names):
- examples: every file in examples/ and the Corefile variants it ran under;
- record shapes: every kind of DNS answer the real CoreDNS gave (A, AAAA,
  per-pod and per-endpoint names, SRV, PTR, CNAME, NXDOMAIN against NODATA,
  names a search list makes, the apex's NS and SOA, ...);
- validation rules: every rule family of the API server (and kubectl's own
  client-side checks) with each rule (kind, field path with indexes as
  [i], error type) that some transcript's `kubectl apply` printed.
A row with 0 is a gap. Only the standard library.
"""
import collections
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "../.."))

# --- record shapes ---------------------------------------------------------------

def zone_of(t):
    m = re.search(r"kubernetes (\S+) in-addr", t.get("corefile", ""))
    return (m.group(1) if m else "cluster.local").lower().rstrip(".") + "."


def shapes(t):
    """The shapes of DNS answer in one transcript."""
    zone = zone_of(t)
    out = set()
    for a in t.get("dns", []):
        name, qtype, rcode = a.get("name", ""), a.get("type", ""), a.get("rcode", "")
        answer = a.get("answer", [])
        types = {r.split()[3] for r in answer if len(r.split()) > 4}
        if a.get("next_plugin"):
            out.add("handed to the next plugin (fallthrough)")
            continue
        if rcode == "NXDOMAIN":
            out.add("NXDOMAIN")
        elif rcode == "NOERROR" and not answer:
            out.add("NODATA (NOERROR, no answer)")
        elif rcode not in ("NOERROR",):
            out.add("rcode %s" % rcode)
        if not name.endswith(zone):
            if name.endswith(".in-addr.arpa.") and "PTR" in types:
                out.add("PTR (IPv4)")
            elif name.endswith(".ip6.arpa.") and "PTR" in types:
                out.add("PTR (IPv6)")
            continue
        rel = name[: -len(zone)].rstrip(".")
        labels = rel.split(".") if rel else []
        if not labels:
            if qtype == "NS" and "NS" in types:
                out.add("NS at the apex")
            if qtype == "SOA" and "SOA" in types:
                out.add("SOA at the apex")
            continue
        if labels == ["ns", "dns"] and "A" in types:
            out.add("ns.dns A")
        if labels == ["dns-version"] and "TXT" in types:
            out.add("dns-version TXT")
        if "CNAME" in types:
            out.add("CNAME (ExternalName)")
        if len(labels) >= 3 and labels[-1] == "pod" and types & {"A", "AAAA"}:
            out.add("pod name (a-b-c-d.ns.pod) %s" % "/".join(sorted(types & {"A", "AAAA"})))
        if labels[-1] != "svc":
            if labels[-1] not in ("pod",) and labels not in (["ns", "dns"], ["dns-version"]):
                out.add("search-list style name (not svc/pod) %s" % (rcode if rcode != "NOERROR" or answer else "NODATA"))
            continue
        if len(labels) == 2:
            out.add("namespace name (ns.svc) %s" % (rcode if rcode != "NOERROR" or answer else "NODATA"))
        if len(labels) == 3 and qtype in ("A", "AAAA") and qtype in types:
            out.add("service %s (%s)" % (qtype, "several" if len(answer) > 1 else "one"))
        if len(labels) == 4 and not labels[0].startswith("_") and qtype in ("A", "AAAA") and qtype in types:
            out.add("endpoint name (host.svc.ns.svc) %s" % qtype)
        if qtype == "SRV" and "SRV" in types:
            if labels[0].startswith("_") and len(labels) == 5:
                out.add("SRV of a named port (_port._proto.svc.ns.svc)")
            elif len(labels) == 3:
                out.add("SRV of a service (every port)")
            elif len(labels) == 4:
                out.add("SRV of an endpoint name (host.svc.ns.svc)")
            else:
                out.add("SRV of another form")
            if a.get("additional"):
                out.add("SRV with additional A/AAAA")
        if qtype == "TXT":
            out.add("TXT on a service name (%s)" % (rcode if rcode != "NOERROR" or answer else "NODATA"))
        if len(labels) >= 5 and not labels[0].startswith("_"):
            out.add("more labels than the schema (%s)" % rcode)
    return out


# --- validation rules --------------------------------------------------------------

FAMILIES = [
    ("names", r"(^|\.)metadata\.name\b|\.hostname$|\.subdomain$|serviceName|\bname or generateName"),
    ("labels, annotations and selectors", r"labels|annotations|selector|matchExpressions"),
    ("ports", r"ports\[i\]|\bports$|targetPort|nodePort"),
    ("clusterIP(s) and IP families", r"clusterIP|ipFamil"),
    ("type-specific (ExternalName, NodePort, LoadBalancer, traffic policies, affinity, externalIPs)",
     r"externalName|\btype\b|loadBalancer|LoadBalancer|TrafficPolicy|sessionAffinity|externalIPs|healthCheckNodePort|trafficDistribution"),
    ("pod specs (containers, container ports, DNS policy, restart policy)",
     r"containers|dnsConfig|dnsPolicy|hostPort|restartPolicy|activeDeadline"),
    ("workloads (replicas, strategies, pod management, ordinals, revisions)",
     r"replicas|[sS]trategy|podManagementPolicy|ordinals|minReadySeconds|revisionHistoryLimit|progressDeadline|template|persistentVolumeClaim"),
    ("EndpointSlices and Endpoints", r"^(EndpointSlice|Endpoints) |endpoints\[i\]|addressType|subsets"),
    ("decoding (strict fields, types)", r"strict decoding|cannot be handled|unknown field|cannot unmarshal"),
    ("kubectl client-side (YAML, schema, mapping)", r"^kubectl:"),
]


def rules(t):
    """(kind, path, type) of every error kubectl printed."""
    out = set()
    kind = ""
    for line in t.get("apply", {}).get("stderr", "").splitlines():
        if not line.strip() or line.startswith("Warning: "):
            continue
        m = re.match(r'(?:Error from server \((\w+)\): error when creating "[^"]+": )?(?:The )?(\w+)(?:\.[\w.]+)? "[^"]*" is invalid: ?(.*)', line)
        if m:
            kind = m.group(2)
            rest = m.group(3)
            if not rest:
                continue
            line = "* " + rest
        if line.startswith("* "):
            m = re.match(r"\* ([^:]+): (Invalid value|Required value|Duplicate value|Unsupported value|Forbidden|Too long|Too many|Internal error|Not found)", line)
            if m:
                path = re.sub(r"\[\d+\]", "[i]", m.group(1))
                path = re.sub(r"\[(?!i\])[a-z0-9./-]+\]$", "[key]", path)
                out.add((kind, path, m.group(2)))
            continue
        if "cannot be handled as" in line or "strict decoding error" in line:
            m = re.search(r'(\w+) in version "[^"]+" cannot be handled as a \w+: (.*)', line)
            what = "strict decoding error" if "strict decoding" in line else "cannot unmarshal" if "cannot unmarshal" in line else "decode"
            out.add((m.group(1) if m else "?", what, "BadRequest"))
            continue
        if line.startswith("error: error parsing") or line.startswith("error parsing"):
            out.add(("kubectl:", "YAML parsing", "client-side"))
        elif "error validating" in line:
            out.add(("kubectl:", "schema validation", "client-side"))
        elif "resource mapping not found" in line:
            out.add(("kubectl:", "resource mapping (unserved kind or apiVersion)", "client-side"))
        elif line.startswith("ensure CRDs"):
            continue
        elif line.startswith("Error from server"):
            m = re.match(r"Error from server \((\w+)\)", line)
            out.add(("server", m.group(1) if m else line[:40], "other"))
    return out


def family(rule):
    kind, path, _ = rule
    text = "%s %s" % (kind, path)
    if kind == "kubectl:":
        return FAMILIES[-1][0]
    for name, rx in FAMILIES:
        if re.search(rx, path) or re.search(rx, text):
            return name
    return "other"


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "recorded")
    ts = []
    for f in sorted(os.listdir(d)):
        if f.endswith(".json") and not f.endswith((".verdict.json", ".crashed.json")):
            ts.append((f.rsplit(".transcript.json", 1)[0].rsplit(".json", 1)[0], json.load(open(os.path.join(d, f)))))
    print("# Conformance coverage: %d transcripts (%s)\n" % (len(ts), os.path.relpath(d, ROOT)))
    questions = sum(len(t.get("dns", [])) for _, t in ts)
    rejected = sum(1 for _, t in ts if any(o.get("real_accepted") is False for o in t.get("objects", [])))
    print("%d questions; %d transcripts with an object the API server or kubectl refused.\n" % (questions, rejected))

    print("## Examples (examples/*.yaml)\n\n| example | transcripts | Corefile variants |\n|---|---|---|")
    ex = sorted(f for f in os.listdir(os.path.join(ROOT, "examples")) if f.endswith(".yaml"))
    for f in ex:
        hits = [n for n, t in ts if t["case"].get("source") == "examples/" + f]
        variants = sorted({n[len("example-" + f[:-5]):].lstrip("-") or "default" for n in hits})
        print("| %s | %d | %s |" % (f, len(hits), ", ".join(variants)))

    print("\n## Record shapes (answers of the real CoreDNS)\n\n| shape | transcripts | e.g. |\n|---|---|---|")
    by = collections.defaultdict(list)
    for n, t in ts:
        for s in shapes(t):
            by[s].append(n)
    wanted = ["service A (one)", "service A (several)", "service AAAA (one)", "endpoint name (host.svc.ns.svc) A",
              "endpoint name (host.svc.ns.svc) AAAA", "pod name (a-b-c-d.ns.pod) A", "SRV of a named port (_port._proto.svc.ns.svc)",
              "SRV of a service (every port)", "SRV of an endpoint name (host.svc.ns.svc)", "SRV with additional A/AAAA", "PTR (IPv4)", "PTR (IPv6)", "CNAME (ExternalName)",
              "NXDOMAIN", "NODATA (NOERROR, no answer)", "search-list style name (not svc/pod) NXDOMAIN",
              "more labels than the schema (NXDOMAIN)", "namespace name (ns.svc) NODATA", "namespace name (ns.svc) NXDOMAIN",
              "NS at the apex", "SOA at the apex", "ns.dns A", "dns-version TXT", "handed to the next plugin (fallthrough)"]
    for s in wanted + sorted(set(by) - set(wanted)):
        print("| %s | %d | %s |" % (s, len(by.get(s, [])), ", ".join(by.get(s, [])[:3])))

    print("\n## Validation rules (errors kubectl printed, by family)\n")
    fam = collections.defaultdict(lambda: collections.defaultdict(list))
    for n, t in ts:
        for r in rules(t):
            fam[family(r)][r].append(n)
    print("| family | rules seen | transcripts |\n|---|---|---|")
    for name, _ in FAMILIES + [("other", "")]:
        rs = fam.get(name, {})
        if name == "other" and not rs:
            continue
        print("| %s | %d | %d |" % (name, len(rs), len({n for v in rs.values() for n in v})))
    for name, _ in FAMILIES + [("other", "")]:
        rs = fam.get(name, {})
        if not rs:
            continue
        print("\n### %s\n\n| kind | field | error | transcripts | e.g. |\n|---|---|---|---|---|" % name)
        for r in sorted(rs):
            print("| %s | %s | %s | %d | %s |" % (r[0], r[1], r[2], len(rs[r]), ", ".join(rs[r][:2])))


if __name__ == "__main__":
    main()
