#!/usr/bin/env bash
# The one test command: tools, lint, native tests, wasm build, browser tests,
# release bundle, end-to-end tests in headless Chromium, bundle size budget.
# Everything runs locally; the only server binds 127.0.0.1.
#
#   bash scripts/test.sh            # everything
#   SKIP_SETUP=1 bash scripts/test.sh   # tools already installed
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$SVCDNS_ROOT"

# Brotli budget for everything dist/ ships (html, js, wasm, css): 250 KiB.
BUDGET_BROTLI_BYTES=${BUDGET_BROTLI_BYTES:-$((250 * 1024))}
WASM=wasm32-unknown-unknown

TIMES=()
CURRENT=""
section() {
  CURRENT=$1
  SECTION_T0=$SECONDS
  printf '\n\033[1m=== %s\033[0m\n' "$1"
}
done_section() {
  TIMES+=("$(printf '%-58s %5ss' "$CURRENT" $((SECONDS - SECTION_T0)))")
  CURRENT=""
}
on_exit() {
  local rc=$?
  if [ $rc -ne 0 ]; then
    printf '\n\033[1;31m=== FAILED in: %s (exit %s)\033[0m\n' "${CURRENT:-?}" "$rc" >&2
  fi
  if [ ${#TIMES[@]} -gt 0 ]; then
    echo; echo "=== step times"; printf '  %s\n' "${TIMES[@]}"
  fi
  [ $rc -eq 0 ] && printf '\n\033[1;32m=== ALL GREEN (%ss)\033[0m\n' "$SECONDS"
  exit $rc
}
trap on_exit EXIT

if [ -z "${SKIP_SETUP:-}" ]; then
  section "setup (scripts/setup.sh)"
  bash scripts/setup.sh
  done_section
fi

section "cargo fetch --locked"
cargo fetch --locked
done_section

section "cargo fmt --all --check"
cargo fmt --all --check
done_section

section "clippy (native, workspace minus web)"
cargo clippy --locked --workspace --exclude svcdns-web --all-targets -- -D warnings
done_section

section "clippy (svcdns-web, $WASM)"
# --no-deps: the core is linted natively above; here only the web crate.
cargo clippy --locked -p svcdns-web --no-deps --target $WASM --all-targets -- -D warnings
done_section

section "cargo test (native, default members)"
cargo test --locked
done_section

section "cargo build -p svcdns --target $WASM"
cargo build --locked -p svcdns --target $WASM
done_section

section "wasm tests: svcdns-web in Node + headless Chromium"
# lib unit tests run in Node; tests/browser.rs (run_in_browser) in Chromium via chromedriver.
cargo test --locked -p svcdns-web --target $WASM
done_section

section "trunk build --release --offline --locked"
trunk build --release --offline --locked
done_section

section "e2e: playwright-core + /usr/bin/chromium against dist/"
(cd "$E2E_DIR" && npm test)
done_section

section "bundle size (dist/)"
total_raw=0; total_gz=0; total_br=0
printf '  %-40s %10s %10s %10s\n' file raw "gzip -9" "brotli 11"
while IFS= read -r f; do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  br=$(brotli -q 11 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
  printf '  %-40s %10d %10d %10d\n' "${f#dist/}" "$raw" "$gz" "$br"
done < <(find dist -type f -not -path '*/.*' | sort)
printf '  %-40s %10d %10d %10d\n' TOTAL "$total_raw" "$total_gz" "$total_br"
if [ "$total_br" -gt "$BUDGET_BROTLI_BYTES" ]; then
  echo "  OVER BUDGET: brotli total $total_br B > budget $BUDGET_BROTLI_BYTES B" >&2
  exit 1
fi
echo "  within budget: brotli total $total_br B <= budget $BUDGET_BROTLI_BYTES B ($((100 * total_br / BUDGET_BROTLI_BYTES))%)"
done_section
