#!/usr/bin/env bash
# Seed the fuzz corpora from examples/ (corpus dirs are gitignored).
#   bash fuzz/seed.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
for t in pipeline validate yaml_fast; do
  mkdir -p "$here/corpus/$t"
  cp "$root"/examples/*.yaml "$here/corpus/$t/"
  # The adversarial corpus too (small hand-written hostile inputs).
  if [ -d "$root/tests/adversarial" ]; then
    for f in "$root"/tests/adversarial/*.yaml "$root"/tests/adversarial/*.json; do
      [ -e "$f" ] && cp "$f" "$here/corpus/$t/adv-$(basename "$f")"
    done
  fi
done
# resolve: byte 0 = client namespace index, bytes 1-2 = query type (big
# endian), then the name.
mkdir -p "$here/corpus/resolve"
i=0
seed() { # ns-index type-hi type-lo name
  printf "\\x$1\\x$2\\x$3%s" "$4" > "$here/corpus/resolve/seed-$i"; i=$((i + 1))
}
seed 00 00 01 mysql-0.mysql
seed 00 00 01 mysql.default.svc.cluster.local.
seed 00 00 21 _mysql._tcp.mysql.default.svc.cluster.local.
seed 00 00 21 mysql
seed 01 00 1c kube-dns
seed 00 00 0c 10.0.96.10.in-addr.arpa.
seed 00 00 10 dns-version.cluster.local.
seed 00 00 06 cluster.local.
seed 00 00 02 cluster.local.
seed 00 00 ff 10-244-1-5.default.pod.cluster.local.
seed 02 00 01 example.com
seed 00 00 05 Mysql-0.MYSQL.default.svc.cluster.local.
# serve_packet: byte 0 = transport (bit 0 TCP, bit 1 IPv6), then a DNS
# query: ID 0x1234, RD, one question, and with "opt" an OPT (udp 1232, DO).
mkdir -p "$here/corpus/serve_packet"
dnsq() { # file mode-hex name qtype-hex4 [opt]
  local f=$1 mode=$2 name=$3 qt=$4 opt=${5:-} ar=0 l
  if [ -n "$opt" ]; then ar=1; fi
  {
    printf "\\x$mode\\x12\\x34\\x01\\x00\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x0$ar"
    IFS=. read -ra labels <<< "$name"
    for l in "${labels[@]}"; do
      if [ -n "$l" ]; then printf "\\x$(printf %02x ${#l})%s" "$l"; fi
    done
    printf "\\x00\\x${qt:0:2}\\x${qt:2:2}\\x00\\x01"
    if [ -n "$opt" ]; then
      printf "\\x00\\x00\\x29\\x04\\xd0\\x00\\x00\\x80\\x00\\x00\\x00"
    fi
  } > "$here/corpus/serve_packet/$f"
}
dnsq a 00 mysql.default.svc.cluster.local 0001 opt
dnsq srv 01 _mysql._tcp.mysql.default.svc.cluster.local 0021
dnsq case 02 MySQL-0.Mysql.default.svc.Cluster.Local 0001 opt
dnsq ptr 00 10.0.96.10.in-addr.arpa 000c
dnsq nx 00 nope.default.svc.cluster.local 001c opt
dnsq soa 00 cluster.local 0006
dnsq axfr 01 cluster.local 00fc
dnsq up 00 example.com 0001 opt
# share: byte 0 even = the rest is a fragment, odd = the rest is a payload
# the target frames itself.
mkdir -p "$here/corpus/share"
printf '\x00v1.' > "$here/corpus/share/seed-prefix"
printf '\x00#v2.AAAA' > "$here/corpus/share/seed-future"
printf '\x01' > "$here/corpus/share/seed-empty-payload"
echo "seeded $(find "$here/corpus" -type f | wc -l) files under fuzz/corpus/"
