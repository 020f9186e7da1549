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
# The browser bundle names no path of this machine: panic locations in
# crates from the registry read `<crate>-<version>/src/...` instead of
# `$CARGO_HOME/registry/src/index.crates.io-<hash>/...`. Measured
# 2026-11-23: wasm -2,007 B raw, first load -344 B brotli. (Cargo appends
# these to .cargo/config.toml's wasm32 rustflags; the wasm-bindgen tests get
# the same flags, so neither build invalidates the other.)
# crates.io's directory is named up front: on a fresh machine it does not
# exist yet when this file is sourced (cargo fetch makes it).
_svcdns_src="${CARGO_HOME:-$HOME/.cargo}/registry/src"
_svcdns_remap="--remap-path-prefix=$_svcdns_src/index.crates.io-1949cf8c6b5b557f/="
for _d in "$_svcdns_src"/*/; do
  case "$_svcdns_remap" in *"=$_d="*) ;; *) [ -d "$_d" ] && _svcdns_remap="$_svcdns_remap --remap-path-prefix=$_d=" ;; esac
done
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$_svcdns_remap"
unset _d _svcdns_src _svcdns_remap
# Versions.
export TRUNK_VERSION="${TRUNK_VERSION:-0.22.1}"
# The nightly toolchain of the browser bundle's release build
# (scripts/build-release.sh) and of the fuzz smoke: pinned, so that a build
# is the same build tomorrow. rustc 1.97.0-nightly (e50aa6fba 2026-05-19).
export SVCDNS_NIGHTLY="${SVCDNS_NIGHTLY:-nightly-2026-05-20}"
# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock.
wasm_bindgen_lock_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/^version = "|"$/, ""); print; exit }' "$SVCDNS_ROOT/Cargo.lock"
}
