# shellcheck shell=bash
# Sourced by scripts/{setup,test,serve}.sh: where the tools live.
#   - cargo-installed trunk, wasm-bindgen, wasm-bindgen-test-runner: $CARGO_HOME/bin
#   - wasm-opt (npm binaryen 132) and playwright-core: tests/e2e/node_modules/.bin
# $CARGO_HOME/bin goes first so that an older wasm-bindgen elsewhere on PATH
# cannot shadow the one matching Cargo.lock.
SVCDNS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SVCDNS_ROOT
export E2E_DIR="$SVCDNS_ROOT/tests/e2e"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$E2E_DIR/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
# trunk's update check calls a web API that may be unreachable; never ask.
export TRUNK_SKIP_VERSION_CHECK=true
# Versions.
export TRUNK_VERSION="${TRUNK_VERSION:-0.22.1}"
# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock.
wasm_bindgen_lock_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/^version = "|"$/, ""); print; exit }' "$SVCDNS_ROOT/Cargo.lock"
}
