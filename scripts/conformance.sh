#!/usr/bin/env bash
# The conformance rig: the real kube-apiserver, kube-controller-manager and
# CoreDNS (built from their Go modules, cached outside the repository) asked
# the same questions as svcdns. See tests/conformance/README.md.
#
#   scripts/conformance.sh                    the corpus (examples under several
#                                             Corefiles, adversarial files, hand-written
#                                             cases); transcripts compared with svcdns
#   scripts/conformance.sh --record           ... and written to tests/conformance/recorded/
#   scripts/conformance.sh --generate N [--seed S] [--record]
#                                             N random scenarios; prints
#                                             `conformance: N cases, A agree, D disagree`
#                                             and shrinks each disagreement
#   scripts/conformance.sh --sample N         every example, then corpus cases up to N (CI)
#   ... --only REGEX                          only the cases whose name matches (e.g. to
#                                             re-record the transcripts a fix changes)
#   ... --strict                              exit 1 when any disagreement is not a known
#                                             one, or any case crashed (the summary counts
#                                             crashed cases: `..., C crashed`)
#   ... --stop                                stop the control plane afterwards
#   ... --rig N                               use rig N (0-9, default 0 or
#                                             $SVCDNS_CONFORMANCE_RIG): its own control
#                                             plane, addresses, CoreDNS ports and run
#                                             directory, so two runs go side by side
#   ... --network dual-stack                  run the cases written for that network
#                                             (cases.py NETWORKS) on a control plane
#                                             started with its service ranges; use a
#                                             rig of its own (--rig); without it, the
#                                             default IPv4 network's cases
#   scripts/conformance.sh [--rig N] --down   stop the control plane
#
# The control plane stays up between runs (start-up is slow); --down stops it.
# Needs Go only to build (tests/conformance/build.sh); `dig` (bind9-dnsutils),
# python3, openssl, and root for `ip addr add` on lo (CoreDNS is bound to its
# pod's IP so that `ns.dns` answers as in a cluster).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$SVCDNS_ROOT"
# Manifests and names hold any Unicode (the adversarial corpus has U+202E):
# Python reads and writes UTF-8 whatever the locale (CI may have none).
export PYTHONUTF8=1
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$SVCDNS_ROOT/target}
rig=tests/conformance/rig.py
cases=tests/conformance/cases.py

mode=corpus; n=0; seed=$(date +%s); record=""; sample=0; strict=""; stop=""; only=""
while [ $# -gt 0 ]; do
  case $1 in
    --strict) strict=1 ;;
    --stop) stop=1 ;;
    --generate) mode=generate; n=$2; shift ;;
    --seed) seed=$2; shift ;;
    --record) record=1 ;;
    --sample) sample=$2; shift ;;
    --only) only=$2; shift ;;
    --rig) export SVCDNS_CONFORMANCE_RIG=$2; shift ;;
    --network) export SVCDNS_CONFORMANCE_NETWORK=$2; shift ;;
    --down) python3 $rig down; exit 0 ;;
    *) echo "usage: see the header of $0" >&2; exit 2 ;;
  esac
  shift
done

bash tests/conformance/build.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/svcdns-conformance.XXXXXX")
run=$(python3 $rig rundir)
echo "conformance: work directory $work, rig ${SVCDNS_CONFORMANCE_RIG:-0} ($run)"
mkdir -p "$work/cases" "$work/transcripts" "$run"
python3 $cases "$run" base >/dev/null
if [ $mode = generate ]; then
  python3 $cases "$work/cases" generate "$n" "$seed" >/dev/null
else
  python3 $cases "$work/cases" corpus >/dev/null
  if [ "$sample" -gt 0 ]; then
    # A bounded sample: every example under the default Corefile, then the
    # other corpus cases in order, up to N in all.
    python3 - "$work/cases" "$sample" <<'PY'
import os, re, sys
d, n = sys.argv[1], int(sys.argv[2])
names = sorted(f for f in os.listdir(d) if f.endswith(".case.json"))
variant = re.compile(r"-(epn|verified|disabled-ttl5|ignore-empty|zone)\.case\.json$")
first = [f for f in names if f.startswith("example-") and not variant.search(f)]
keep = set(first + [f for f in names if f not in first][:max(0, n - len(first))])
for f in names:
    if f not in keep:
        os.remove(os.path.join(d, f))
PY
  fi
fi
# Only the cases of the rig's network (a case's `network`, none for the default).
python3 - "$work/cases" "${SVCDNS_CONFORMANCE_NETWORK:-}" <<'PY'
import json, os, sys
d, net = sys.argv[1], sys.argv[2]
for f in os.listdir(d):
    if f.endswith(".case.json") and (json.load(open(os.path.join(d, f))).get("network") or "") != net:
        os.remove(os.path.join(d, f))
PY
if [ -n "$only" ]; then
  for f in "$work"/cases/*.case.json; do
    b=$(basename "$f" .case.json)
    echo "$b" | grep -Eq -- "$only" || rm -f "$f"
  done
  echo "conformance: $(ls "$work"/cases/*.case.json 2>/dev/null | wc -l) cases match --only $only"
fi
prepare() {
  CONFORMANCE_PREPARE=$1 cargo test -q --locked -p svcdns --test conformance -- --ignored --exact prepare >/dev/null
}
prepare "$run"
prepare "$work/cases"
python3 $rig up
if [ -n "$stop" ]; then trap 'python3 $rig down' EXIT; fi
t0=$SECONDS
python3 $rig run "$work/transcripts" "$work"/cases/*.prepared.json
echo "conformance: recorded $(ls "$work/transcripts" | wc -l) cases in $((SECONDS - t0)) s"
summary=$(CONFORMANCE_DIR=$work/transcripts cargo test -q --locked -p svcdns --test conformance -- --ignored --exact compare --nocapture 2>/dev/null \
  | grep '^conformance:' || true)
echo "$summary"
for c in "$work"/transcripts/*.crashed.json; do
  [ -e "$c" ] || continue
  echo "CRASHED $(basename "$c" .crashed.json): $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["error"][:400])' "$c")"
done
for v in "$work"/transcripts/*.verdict.json; do
  python3 - "$v" <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))
if not v["agree"]:
    print("DISAGREE %s" % sys.argv[1].rsplit("/", 1)[-1].replace(".verdict.json", ""))
    for d in v["differences"][:8]:
        print("   ", d[:400])
PY
done
if [ $mode = generate ]; then
  python3 tests/conformance/shrink.py "$work" || true
fi
if [ -n "$record" ]; then
  mkdir -p tests/conformance/recorded
  for t in "$work"/transcripts/*.transcript.json; do
    b=$(basename "$t" .transcript.json)
    cp "$t" "tests/conformance/recorded/$b.json"
  done
  echo "conformance: $(ls "$work"/transcripts/*.transcript.json | wc -l) transcripts written to tests/conformance/recorded/"
fi
if [ -n "$strict" ] && ! echo "$summary" | grep -q ', 0 disagree, 0 crashed$'; then
  echo "conformance: disagreements that are not known, or crashed cases (see above)" >&2
  exit 1
fi
