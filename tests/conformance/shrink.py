#!/usr/bin/env python3
"""Shrinks each disagreement of a conformance run to a small manifest.

    shrink.py WORK [MAX]

WORK is a run's work directory (cases/, transcripts/ with *.verdict.json):
scripts/conformance.sh prints it first (`conformance: work directory
...`) and runs this on it after a --generate run; after a corpus or
--only run, run it by hand. The rig must be up (the same --rig: export
SVCDNS_CONFORMANCE_RIG), and CARGO_TARGET_DIR as for the run.
For each kind of disagreement (the set of categories of its differences),
the smallest disagreeing case is shrunk by dropping YAML documents one at a
time while the rig still finds a difference of the same categories. Each try
is a full round trip through the real components (prepare, run, compare).
The shrunk manifests are written to WORK/shrunk/NAME.yaml and printed,
each with the `# case:` line of tests/conformance/cases/ (the Corefile
options and not-ready pods), so one can be copied there as a new case.
A trial the rig could not run (crashed) counts as not disagreeing.
"""
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "../.."))


def category(d):
    if re.match(r"^\S+/\S+/\S+: svcdns (accepts|rejects)", d):
        return "verdict"
    for c in ("errors", "pods", "endpointslices", "objects", "object "):
        if d.startswith(c):
            return c.strip()
    m = re.match(r"^\S+ (\S+)( \+norec)?(:| (answer|authority|additional):) ?(rcode|aa flag|handed to the next plugin)?", d)
    if m:
        return "dns %s %s" % (m.group(1), m.group(4) or m.group(5) or "")
    return "other"


def categories(verdict):
    return frozenset(category(d) for d in verdict["differences"])


def docs(manifest):
    parts = re.split(r"(?m)^---\s*$\n?", manifest)
    return [p for p in parts if p.strip() and not all(l.startswith("#") or not l.strip() for l in p.splitlines())]


def cargo_tool(test, env):
    env = dict(os.environ, **env)
    subprocess.run(["cargo", "test", "-q", "--locked", "-p", "svcdns", "--test", "conformance", "--",
                    "--ignored", "--exact", test], cwd=ROOT, env=env, capture_output=True, check=True)


def trial(work, case, manifest):
    """The verdict of the real components on this manifest."""
    d = os.path.join(work, "shrink-trial")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    c = dict(case, manifest=manifest, name="trial")
    with open(os.path.join(d, "trial.case.json"), "w") as f:
        json.dump(c, f)
    cargo_tool("prepare", {"CONFORMANCE_PREPARE": d})
    subprocess.run([sys.executable, os.path.join(HERE, "rig.py"), "run", d, os.path.join(d, "trial.prepared.json")],
                   check=True, capture_output=True)
    cargo_tool("compare", {"CONFORMANCE_DIR": d})
    verdict = os.path.join(d, "trial.verdict.json")
    if not os.path.exists(verdict):
        # The rig crashed on this manifest (trial.crashed.json says why).
        return {"agree": True, "differences": []}
    return json.load(open(verdict))


def shrink(work, name, want):
    case = json.load(open(os.path.join(work, "cases", name + ".case.json")))
    parts = docs(case["manifest"])
    i = 0
    print("shrinking %s: %d documents" % (name, len(parts)), file=sys.stderr, flush=True)
    while i < len(parts) and len(parts) > 1:
        candidate = parts[:i] + parts[i + 1:]
        v = trial(work, case, "---\n".join(candidate))
        if not v["agree"] and categories(v) & want:
            parts = candidate
            print("  dropped a document: %d left" % len(parts), file=sys.stderr, flush=True)
        else:
            i += 1
    return case, "---\n".join(parts)


def main():
    work = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    tdir = os.path.join(work, "transcripts")
    groups = {}
    for f in sorted(os.listdir(tdir)):
        if not f.endswith(".verdict.json"):
            continue
        v = json.load(open(os.path.join(tdir, f)))
        if v["agree"]:
            continue
        name = f[:-len(".verdict.json")]
        size = len(json.load(open(os.path.join(work, "cases", name + ".case.json")))["manifest"])
        key = categories(v)
        if key not in groups or size < groups[key][0]:
            groups[key] = (size, name, v)
    out = os.path.join(work, "shrunk")
    os.makedirs(out, exist_ok=True)
    for key, (_size, name, v) in sorted(groups.items(), key=lambda kv: kv[1][1])[:limit]:
        case, manifest = shrink(work, name, key)
        final = trial(work, case, manifest)
        with open(os.path.join(out, name + ".yaml"), "w") as f:
            f.write("# case: %s\n" % json.dumps({"dns": case.get("dns", {}), "not_ready": case.get("not_ready", [])}))
            f.write(manifest)
        print("=== shrunk %s (%s)" % (name, ", ".join(sorted(key))))
        print(manifest.rstrip())
        for d in final["differences"][:6]:
            print("  >", d[:300])
    if len(groups) > limit:
        print("(%d more kinds of disagreement not shrunk)" % (len(groups) - limit))


if __name__ == "__main__":
    main()
