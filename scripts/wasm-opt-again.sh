#!/usr/bin/env bash
# trunk post_build hook (release builds only): more wasm-opt passes over the
# bundle's wasm, keeping whichever output brotli compresses smallest (the
# first load is measured in brotli bytes; raw size and brotli size do not
# always move together). trunk's own pass (index.html data-wasm-opt) stops
# short of the fixpoint. Measured on the release wasm (2026-11-23, binaryen
# 132): a control-flow rewrite (--flatten --rereloop, then -Oz) -1,384 B
# brotli; further plain -Oz passes about -200 B. Features are named because
# trunk's pass strips the target_features section; these are rustc's
# wasm32 defaults.
set -euo pipefail
[ "${TRUNK_PROFILE:-}" = "release" ] || exit 0
dir=${TRUNK_STAGING_DIR:?run by trunk}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
wasm_opt=$(command -v wasm-opt || true)
[ -x "$root/tests/e2e/node_modules/.bin/wasm-opt" ] && wasm_opt="$root/tests/e2e/node_modules/.bin/wasm-opt"
[ -n "$wasm_opt" ] || { echo "wasm-opt-again: no wasm-opt" >&2; exit 1; }
features=(--enable-bulk-memory --enable-sign-ext --enable-mutable-globals
  --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue)
# The size that counts: brotli when the tool is there (scripts/setup.sh
# installs it), raw bytes otherwise.
size() {
  if command -v brotli >/dev/null; then brotli -q 11 -c "$1" | wc -c; else stat -c %s "$1"; fi
}
for f in "$dir"/*_bg.wasm; do
  best=$(size "$f")
  # Each candidate starts from the best output so far and is kept only if
  # it is smaller. wasm-opt is not idempotent, so plain -Oz is repeated
  # while it helps (up to three times); it is deterministic, so once a pass
  # does not help, repeating it on the same input cannot either.
  for passes in "--flatten --rereloop -Oz" "-Oz" "-Oz" "-Oz"; do
    # shellcheck disable=SC2086 # passes is a list of flags
    "$wasm_opt" "${features[@]}" $passes "$f" -o "$f.tmp"
    now=$(size "$f.tmp")
    if [ "$now" -lt "$best" ]; then
      mv "$f.tmp" "$f"
      best=$now
    else
      rm -f "$f.tmp"
      if [ "$passes" = "-Oz" ]; then break; fi
    fi
  done
  echo "wasm-opt-again: $(basename "$f") $(stat -c %s "$f") B, $best B by size()"
done
