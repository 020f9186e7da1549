#!/usr/bin/env bash
# trunk post_build hook (release builds only): more wasm-opt -Oz passes
# over the bundle's wasm. trunk's own pass (index.html data-wasm-opt) stops
# short of the fixpoint; further passes measured -400 B brotli
# (2026-11-23). Features are named because trunk's pass strips the
# target_features section; these are rustc's wasm32 defaults.
set -euo pipefail
[ "${TRUNK_PROFILE:-}" = "release" ] || exit 0
dir=${TRUNK_STAGING_DIR:?run by trunk}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
wasm_opt=$(command -v wasm-opt || true)
[ -x "$root/tests/e2e/node_modules/.bin/wasm-opt" ] && wasm_opt="$root/tests/e2e/node_modules/.bin/wasm-opt"
[ -n "$wasm_opt" ] || { echo "wasm-opt-again: no wasm-opt" >&2; exit 1; }
# wasm-opt is not idempotent: each run of -Oz over its own output still
# shrinks it a little, so run it until the file stops getting smaller.
for f in "$dir"/*_bg.wasm; do
  for _ in 1 2 3 4; do
    "$wasm_opt" -Oz \
      --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
      --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue \
      "$f" -o "$f.tmp"
    if [ "$(stat -c %s "$f.tmp")" -lt "$(stat -c %s "$f")" ]; then
      mv "$f.tmp" "$f"
    else
      rm -f "$f.tmp"
      break
    fi
  done
done
