#!/usr/bin/env bash
# Throughput and latency of `svcdns serve` on loopback, with dnsperf (Debian's
# dnsperf package): queries per second at saturation and the p50/p99 latency
# of each query at a fixed rate. Traffic goes to 127.0.0.1 only and every run
# stops by itself (-l seconds).
#
#   bash scripts/serve-bench.sh                  # svcdns serve, 10 s per run
#   SECONDS_PER_RUN=5 RATE=5000 bash scripts/serve-bench.sh
#   COREDNS=/path/to/coredns bash scripts/serve-bench.sh
#       also measures that CoreDNS serving the same names from a zone file
#       (the `file` plugin: a reference server, not the kubernetes plugin).
#
# Needs: dnsperf (apt-get install dnsperf), a release build (made here).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
secs=${SECONDS_PER_RUN:-10}
rate=${RATE:-2000}
example=${EXAMPLE:-$root/examples/mysql-statefulset.yaml}
command -v dnsperf >/dev/null || { echo "serve-bench skipped: dnsperf not installed (apt-get install dnsperf)"; exit 0; }
cd "$root"
cargo build --release -q -p svcdns-cli
work=$(mktemp -d)
cp "${CARGO_TARGET_DIR:-$root/target}/release/svcdns" "$work/svcdns"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

cat > "$work/queries" <<'E'
mysql.default.svc.cluster.local A
mysql-0.mysql.default.svc.cluster.local A
kube-dns.kube-system.svc.cluster.local A
_mysql._tcp.mysql.default.svc.cluster.local SRV
nope.default.svc.cluster.local A
mysql-read.default.svc.cluster.local AAAA
E

# p50 and p99 of the latencies dnsperf -v prints (last field of each "> " line).
percentiles() {
  grep '^> ' | awk '{print $NF}' | sort -g | awk '
    { v[NR] = $1 } END {
      if (NR == 0) { print "no replies"; exit }
      i50 = int(NR * 0.50); if (i50 < 1) i50 = 1
      i99 = int(NR * 0.99); if (i99 < 1) i99 = 1
      printf "%d replies, p50 %.3f ms, p99 %.3f ms\n", NR, v[i50] * 1000, v[i99] * 1000
    }'
}

measure() { # label port
  local label=$1 port=$2
  echo "== $label (127.0.0.1:$port)"
  echo "-- saturation: dnsperf -c 4 -q 64 -l $secs"
  dnsperf -s 127.0.0.1 -p "$port" -d "$work/queries" -c 4 -q 64 -l "$secs" 2>&1 |
    grep -E 'Queries (sent|completed|lost)|Queries per second|Average Latency|Latency StdDev' | sed 's/^/   /'
  echo "-- latency at $rate qps: dnsperf -Q $rate -l $secs -v"
  dnsperf -s 127.0.0.1 -p "$port" -d "$work/queries" -Q "$rate" -l "$secs" -v 2>/dev/null | percentiles | sed 's/^/   /'
}

port=$((20000 + RANDOM % 20000))
"$work/svcdns" serve --quiet --port "$port" -f "$example" 2>/dev/null &
pids+=($!)
sleep 0.5
measure "svcdns serve --quiet" "$port"
kill "${pids[-1]}"

port=$((port + 1))
"$work/svcdns" serve --port "$port" -f "$example" >/dev/null 2>&1 &
pids+=($!)
sleep 0.5
measure "svcdns serve (query log to /dev/null)" "$port"
kill "${pids[-1]}"

if [ -n "${COREDNS:-}" ]; then
  port=$((port + 1))
  "$work/svcdns" records -f "$example" | grep -v 'in-addr.arpa\|ip6.arpa' > "$work/cluster.local.zone"
  printf 'cluster.local:%s {\n    file %s\n}\n' "$port" "$work/cluster.local.zone" > "$work/Corefile"
  "$COREDNS" -conf "$work/Corefile" >/dev/null 2>&1 &
  pids+=($!)
  sleep 1
  measure "CoreDNS $("$COREDNS" -version 2>/dev/null | head -1) (file plugin, same names)" "$port"
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
