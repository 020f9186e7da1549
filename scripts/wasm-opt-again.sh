#!/usr/bin/env bash
# trunk post_build hook (release builds only): a second wasm-opt -Oz pass
# over the bundle's wasm. trunk's own pass (index.html data-wasm-opt) stops
# short of the fixpoint; running the same pipeline again measured -313 B
# brotli (2026-11-23). Features are named because trunk's pass strips the
# target_features section; these are rustc's wasm32 defaults.
set -euo pipefail
[ "${TRUNK_PROFILE:-}" = "release" ] || exit 0
dir=${TRUNK_STAGING_DIR:?run by trunk}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
wasm_opt=$(command -v wasm-opt || true)
[ -x "$root/tests/e2e/node_modules/.bin/wasm-opt" ] && wasm_opt="$root/tests/e2e/node_modules/.bin/wasm-opt"
[ -n "$wasm_opt" ] || { echo "wasm-opt-again: no wasm-opt" >&2; exit 1; }
for f in "$dir"/*_bg.wasm; do
  "$wasm_opt" -Oz --converge \
    --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
    --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue \
    "$f" -o "$f.tmp"
  mv "$f.tmp" "$f"
done
