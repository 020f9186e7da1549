#!/usr/bin/env bash
# Fuzz smoke: each cargo-fuzz target of fuzz/ for a short time (default 20 s)
# on a corpus seeded from examples/. Needs a nightly toolchain and
# cargo-fuzz; without them it says why it skipped and exits 0, so the test
# command never fails for lack of nightly. A crash, a hang (> 20 s on one
# input under AddressSanitizer; slowness is the release budgets' job, see
# tests/adversarial) or an OOM (> 2 GB) fails it, with the input under
# fuzz/artifacts/.
#
#   bash scripts/fuzz-smoke.sh            # every target, 20 s each
#   FUZZ_SECONDS=300 bash scripts/fuzz-smoke.sh pipeline
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root/fuzz"
seconds=${FUZZ_SECONDS:-20}

skip() { echo "fuzz smoke skipped: $1"; exit 0; }
command -v rustup >/dev/null 2>&1 || skip "rustup not found"
source "$root/scripts/env.sh"
nightly=$SVCDNS_NIGHTLY # setup.sh installs it (the release bundle's toolchain)
rustup run "$nightly" rustc -V >/dev/null 2>&1 || skip "no $nightly toolchain (bash scripts/setup.sh)"
cargo +"$nightly" fuzz --version >/dev/null 2>&1 || skip "cargo-fuzz not installed (cargo install cargo-fuzz)"
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64|Linux-aarch64|Darwin-*) ;;
  *) skip "libFuzzer targets are not supported on $(uname -s)-$(uname -m)" ;;
esac

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo +"$nightly" fuzz list)
fi
bash seed.sh >/dev/null
echo "fuzz smoke: ${targets[*]} (${seconds}s each)"
log=$(mktemp)
for t in "${targets[@]}"; do
  if ! cargo +"$nightly" fuzz build -O "$t" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "fuzz smoke FAILED: building $t" >&2
    exit 1
  fi
done
rm -f "$log"
for t in "${targets[@]}"; do
  mkdir -p "artifacts/$t" "corpus/$t"
  log=$(mktemp)
  if ! cargo +"$nightly" fuzz run -O "$t" "corpus/$t" -- \
      -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 \
      -artifact_prefix="artifacts/$t/" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "fuzz smoke FAILED: $t (input under fuzz/artifacts/$t/)" >&2
    rm -f "$log"
    exit 1
  fi
  stats=$(grep -E '^(#[0-9]+|Done)' "$log" | tail -n 1 || true)
  echo "  $t: ok ($stats)"
  rm -f "$log"
done
