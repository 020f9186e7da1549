#!/usr/bin/env python3
"""Whether two transcripts of the same case say the same, but for what a
real cluster randomises or times.

    same.py A.json B.json          (or: same.py DIR_A DIR_B, every file in both)

Two recordings of a case (another rig, another day) differ in: generated
pod names (the ReplicaSet's and the DaemonSet's random suffixes; the
transcript pairs each with svcdns's name, `as`), the SOA serial (CoreDNS's
clock), the order of records CoreDNS takes from EndpointSlices (the
controller's informer order; KNOWN.md), and `timing`. Everything else must
be equal; the first differences are printed. Exit 1 if any pair differs.
Recursive answers (`dns_rd_differs`) that differ from the +norec one only
by what `rig.same_answer` ignores are dropped (transcripts recorded before
it kept them).
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rig import WHOAMI_PORT, recorded_corefile, same_answer  # noqa: E402


def normalised(t):
    t = json.loads(json.dumps(t))
    t.pop("timing", None)
    t["corefile"] = recorded_corefile(t.get("corefile", ""))
    names = sorted(((p["name"], p["as"]) for p in t.get("pods", []) if p.get("as") and p["as"] != p["name"]),
                   key=lambda x: -len(x[0]))

    def rename(s):
        for real, ours in names:
            s = s.replace(real, ours)
        return s
    for p in t.get("pods", []):
        p["name"] = p.get("as") or p["name"]
    t["pods"] = sorted(t.get("pods", []), key=lambda p: (p["namespace"], p["name"]))
    t["endpointslices"] = sorted(rename(s) for s in t.get("endpointslices", []))
    norec = {(a.get("name"), a.get("type")): a for a in t.get("dns", [])}
    t["dns_rd_differs"] = [b for b in t.get("dns_rd_differs", [])
                           if not same_answer(norec.get((b.get("name"), b.get("type")), {}), b)]
    serial = re.compile(r"( SOA \S+ \S+ )\d+ ")
    for key in ("dns", "dns_rd_differs"):
        for a in t.get(key, []):
            if "asked" in a:
                a["asked"] = rename(a["asked"])
            for sec in ("answer", "authority", "additional"):
                if sec in a:
                    a[sec] = sorted(WHOAMI_PORT.sub(r"\g<1>0 ", serial.sub(r"\g<1>0 ", rename(r))) for r in a[sec])
    return t


def diff(a, b, path=""):
    if type(a) is not type(b):
        return ["%s: %r != %r" % (path, a, b)]
    if isinstance(a, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append("%s.%s: only in %s" % (path, k, "A" if k in a else "B"))
            else:
                out += diff(a[k], b[k], "%s.%s" % (path, k))
        return out
    if isinstance(a, list):
        if len(a) != len(b):
            return ["%s: %d items != %d items" % (path, len(a), len(b))]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in diff(x, y, "%s[%d]" % (path, i))]
    return [] if a == b else ["%s: %s != %s" % (path, json.dumps(a)[:300], json.dumps(b)[:300])]


def main():
    a, b = sys.argv[1], sys.argv[2]
    if os.path.isdir(a):
        pairs = [(os.path.join(a, f), os.path.join(b, f)) for f in sorted(os.listdir(a))
                 if f.endswith(".json") and os.path.exists(os.path.join(b, f))]
    else:
        pairs = [(a, b)]
    bad = 0
    for x, y in pairs:
        d = diff(normalised(json.load(open(x))), normalised(json.load(open(y))))
        if d:
            bad += 1
            print("DIFFERENT %s" % os.path.basename(x))
            for line in d[:8]:
                print("   ", line)
    print("same.py: %d pairs, %d the same, %d different" % (len(pairs), len(pairs) - bad, bad))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
