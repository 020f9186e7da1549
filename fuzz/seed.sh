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
# share: byte 0 even = the rest is a fragment, odd = the rest is a payload
# the target frames itself.
mkdir -p "$here/corpus/share"
printf '\x00v1.' > "$here/corpus/share/seed-prefix"
printf '\x00#v2.AAAA' > "$here/corpus/share/seed-future"
printf '\x01' > "$here/corpus/share/seed-empty-payload"
echo "seeded $(find "$here/corpus" -type f | wc -l) files under fuzz/corpus/"
