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

# The playground's first load (html, js, wasm, css), brotli -q 11, as
# scripts/build-release.sh builds it (the pinned nightly, build-std,
# immediate abort; a plain stable `trunk build --release` is ~22.7 KB
# bigger and is not what ships). The budget is the project's 250 KB: the
# build fails over it. Session 8 went over (278,199 B; its closing note has
# the attribution); session 9 came back under: 249,990 B at its last cut
# (the nightly build -22.7 KB, the B-tree and hash-table cuts -6 KB).
# A change that needs bytes pays for them with cuts.
TARGET_BROTLI_BYTES=250000
BUDGET_BROTLI_BYTES=${BUDGET_BROTLI_BYTES:-$TARGET_BROTLI_BYTES}
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
# and with the features the shipped bundle leaves out (dist-lessons/ below).
cargo clippy --locked -p svcdns-web --no-deps --target $WASM --all-targets --features lessons,cluster -- -D warnings
done_section

section "cargo test (native, default members)"
cargo test --locked
# Share links v2 (the Cluster control's field `C`) are read and written
# only with svcdns-state's feature cluster (the web's feature cluster).
cargo clippy --locked -p svcdns-state --all-targets --all-features -- -D warnings
cargo test --locked -p svcdns-state --all-features
done_section

section "adversarial corpus + speed budgets (release, native)"
# The 100 ms bounds of tests/adversarial and the linear-growth budget
# (1,000 -> 10,000 objects) hold only in an optimised build; figures print.
cargo test --locked --release -p svcdns --test adversarial --test budget -- --nocapture --test-threads=1
done_section

section "conformance: a live sample against the real components (only when built)"
# The recorded transcripts (tests/conformance/recorded) are checked by cargo
# test above, with no Go. This asks the real kube-apiserver, controllers and
# CoreDNS again, on every example and the first corpus cases, when
# tests/conformance/build.sh has built them into the cache (a cold build is
# about 15 minutes and needs Go); it needs root for an address on lo.
if ! bash tests/conformance/build.sh --check; then
  echo "  skipped: the rig's components are not built in ${SVCDNS_CONFORMANCE_CACHE:-$HOME/.cache/svcdns-conformance}/bin (bash tests/conformance/build.sh builds them)"
elif [ "$(id -u)" != 0 ]; then
  echo "  skipped: the rig binds CoreDNS's pod address on lo, which needs root"
else
  # A rig of its own (9: 127.0.0.10, CoreDNS from port 1953), started
  # and stopped here, so a run going on another rig is left alone.
  timeout 900 bash scripts/conformance.sh --rig "${SVCDNS_CONFORMANCE_TEST_RIG:-9}" --sample 40 --strict --stop
fi
done_section

section "fuzz smoke (cargo-fuzz, nightly; skipped with a reason when absent)"
bash scripts/fuzz-smoke.sh
done_section

section "cargo build -p svcdns --target $WASM"
cargo build --locked -p svcdns --target $WASM
done_section

section "wasm tests: svcdns-web in Node + headless Chromium"
# lib unit tests run in Node; tests/browser.rs (run_in_browser) in Chromium via chromedriver.
cargo test --locked -p svcdns-web --target $WASM
done_section

section "release bundle: scripts/build-release.sh (trunk build --release, pinned nightly)"
bash scripts/build-release.sh
done_section

section "e2e: playwright-core + /usr/bin/chromium against dist/"
(cd "$E2E_DIR" && npm test)
done_section

section "bundle size (dist/)"
# Every file dist/ ships is listed; the budget applies to the playground's
# first load: index.html and the js, wasm and css it loads (the embed page,
# its script and docs/ are loaded only by pages that embed widgets).
# (trunk minifies index.html in release builds: attribute values may be unquoted.)
first_load=(dist/index.html $(grep -oE '(href|src)="?/?[^" >]+\.(js|wasm|css)' dist/index.html | sed -E 's/^(href|src)="?\/?//; s/^/dist\//' | sort -u))
total_raw=0; total_gz=0; total_br=0; first_br=0
printf '  %-40s %10s %10s %10s\n' file raw "gzip -9" "brotli 11"
while IFS= read -r f; do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  br=$(brotli -q 11 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
  mark=""
  for x in "${first_load[@]}"; do [ "$x" = "$f" ] && { first_br=$((first_br + br)); mark=" *"; }; done
  printf '  %-40s %10d %10d %10d%s\n' "${f#dist/}" "$raw" "$gz" "$br" "$mark"
done < <(find dist -type f -not -path '*/.*' | sort)
printf '  %-40s %10d %10d %10d\n' "TOTAL (everything dist/ ships)" "$total_raw" "$total_gz" "$total_br"
printf '  %-40s %10s %10s %10d\n' "FIRST LOAD (* above)" "" "" "$first_br"
if [ "$first_br" -gt "$BUDGET_BROTLI_BYTES" ]; then
  printf '  \033[1;31mOVER BUDGET by %d B\033[0m: first-load brotli %d B > %d B\n' \
    $((first_br - BUDGET_BROTLI_BYTES)) "$first_br" "$BUDGET_BROTLI_BYTES" >&2
  exit 1
fi
echo "  within the budget: $first_br B <= $BUDGET_BROTLI_BYTES B ($((100 * first_br / BUDGET_BROTLI_BYTES))%, $((BUDGET_BROTLI_BYTES - first_br)) B to spare)"
done_section

section "e2e: lessons and the Cluster control (a second bundle with --features lessons,cluster in dist-lessons/)"
# The lesson panel and the Cluster control are left out of the shipped
# bundle (web/Cargo.toml, features lessons and cluster: they would add
# ~6.9 KB and ~4.9 KB to the first load), so they are built and tested
# here, apart, in one bundle; its size is reported, not gated.
bash scripts/build-release.sh --features lessons,cluster --dist dist-lessons
lessons_br=0
for f in dist-lessons/index.html $(grep -oE '(href|src)="?/?[^" >]+\.(js|wasm|css)' dist-lessons/index.html | sed -E 's/^(href|src)="?\/?//; s/^/dist-lessons\//' | sort -u); do
  lessons_br=$((lessons_br + $(brotli -q 11 -c "$f" | wc -c)))
done
echo "  first load with lessons and cluster: $lessons_br B brotli (the shipped bundle: $first_br B)"
(cd "$E2E_DIR" && LESSONS_REQUIRED=1 CLUSTER_REQUIRED=1 DIST_DIR="$SVCDNS_ROOT/dist-lessons" node --test --test-reporter=spec lessons.test.js cluster.test.js)
done_section
