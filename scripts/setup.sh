#!/usr/bin/env bash
# Install what the build and tests need, on a fresh machine or again (idempotent:
# every step checks first and does nothing when the tool is already right).
#
# Needs: a rustup toolchain, Node/npm, Python 3, apt (Debian). Reaches only
# crates.io, the npm registry, the Rust dist server and Debian's archive.
#
#   wasm32 target      rustup target add wasm32-unknown-unknown
#   $SVCDNS_NIGHTLY    rustup toolchain install (minimal, wasm32 target, rust-src),
#                      and std's own dependencies fetched (scripts/build-release.sh)
#   chromium, chromedriver, brotli, dig (bind9-dnsutils), ip (iproute2)
#                      apt (only the missing ones)
#   trunk 0.22.x       cargo install --locked trunk --ignore-rust-version
#   wasm-bindgen-cli   cargo install (version = wasm-bindgen in Cargo.lock)
#   playwright-core, binaryen (wasm-opt 132)   npm ci in tests/e2e
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$SVCDNS_ROOT"

SUMMARY=()
step() { # step <label> <command...>: run, time, remember
  local label=$1; shift
  local t0=$SECONDS
  echo "--- setup: $label"
  "$@"
  SUMMARY+=("$(printf '%-28s %4ss' "$label" $((SECONDS - t0)))")
}
die() { echo "setup.sh: ERROR: $*" >&2; exit 1; }

need() { command -v "$1" >/dev/null || die "$1 not found: $2"; }
need cargo "install Rust with rustup (https://rustup.rs)"
need rustup "install Rust with rustup (https://rustup.rs)"
need node "install Node.js 20+ and npm"
need npm "install Node.js 20+ and npm"
need python3 "install Python 3"

SUDO=()
if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo); fi

wasm_target() {
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    echo "wasm32-unknown-unknown: already installed"
  else
    echo "installing rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
}

wasm_nightly() {
  # The release bundle's toolchain (scripts/build-release.sh): build-std
  # needs rust-src and, for --offline builds, std's dependencies in the
  # registry cache.
  local sysroot=""
  sysroot=$(rustc +"$SVCDNS_NIGHTLY" --print sysroot 2>/dev/null || true)
  if [ -n "$sysroot" ] && [ -d "$sysroot/lib/rustlib/src/rust/library" ] \
    && [ -d "$sysroot/lib/rustlib/wasm32-unknown-unknown" ]; then
    echo "$SVCDNS_NIGHTLY with rust-src and wasm32-unknown-unknown: already installed"
  else
    echo "installing $SVCDNS_NIGHTLY (minimal, wasm32-unknown-unknown, rust-src)"
    rustup toolchain install "$SVCDNS_NIGHTLY" --profile minimal \
      --target wasm32-unknown-unknown --component rust-src
    sysroot=$(rustc +"$SVCDNS_NIGHTLY" --print sysroot)
  fi
  cargo +"$SVCDNS_NIGHTLY" fetch --locked --manifest-path "$sysroot/lib/rustlib/src/rust/library/Cargo.toml"
}

apt_packages() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
  command -v brotli >/dev/null || missing+=(brotli)
  # svcdns serve's tests: dig, and ip for the glibc check's network namespace.
  command -v dig >/dev/null || missing+=(bind9-dnsutils)
  command -v ip >/dev/null || missing+=(iproute2)
  if [ ${#missing[@]} -eq 0 ]; then
    echo "chromium, chromium-driver, brotli, dig, ip: already installed"
    return
  fi
  echo "installing with apt: ${missing[*]}"
  "${SUDO[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

trunk_tool() {
  local have=""
  have=$(trunk --version 2>/dev/null || true)
  if [[ $have == "trunk ${TRUNK_VERSION%.*}."* ]]; then
    echo "$have: already installed ($(command -v trunk))"
    return
  fi
  echo "installing trunk $TRUNK_VERSION (found: ${have:-none}); takes 8-20 minutes"
  # trunk 0.22 declares rust-version 1.96.1 but builds and runs on 1.95
  # (--ignore-rust-version). Thin LTO-free build: less single-threaded time.
  # --force: replace a binary of another version, tracked by cargo or not.
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install --locked --force trunk --version "$TRUNK_VERSION" --ignore-rust-version
  trunk --version
}

wasm_bindgen_tool() {
  local want have_bg have_runner
  want=$(wasm_bindgen_lock_version)
  [ -n "$want" ] || die "no wasm-bindgen in Cargo.lock"
  have_bg=$(wasm-bindgen --version 2>/dev/null || true)
  have_runner=$(wasm-bindgen-test-runner --version 2>/dev/null || true)
  if [ "$have_bg" = "wasm-bindgen $want" ] && [ "$have_runner" = "wasm-bindgen-test-runner $want" ]; then
    echo "$have_bg and wasm-bindgen-test-runner: already installed ($(command -v wasm-bindgen))"
    return
  fi
  echo "installing wasm-bindgen-cli $want (found: ${have_bg:-none}); takes 2-5 minutes"
  # Not --locked: its lockfile pins a webpki-roots the registry mirror lacks.
  cargo install --force wasm-bindgen-cli --version "$want"
  local now
  now=$(wasm-bindgen --version)
  [ "$now" = "wasm-bindgen $want" ] || die "after install, wasm-bindgen on PATH is '$now' ($(command -v wasm-bindgen)), want $want"
}

npm_packages() {
  # Skip npm ci when node_modules already holds exactly the locked versions.
  if (cd "$E2E_DIR" && node -e '
      const lock = require("./package-lock.json").packages;
      for (const [p, v] of Object.entries(lock)) {
        if (!p) continue;
        if (require("./" + p + "/package.json").version !== v.version) process.exit(1);
      }' 2>/dev/null); then
    echo "tests/e2e/node_modules: up to date with package-lock.json"
  else
    echo "npm ci in tests/e2e (playwright-core, binaryen)"
    (cd "$E2E_DIR" && npm ci --no-audit --no-fund)
  fi
  wasm-opt --version | grep -q 'version 132' || die "wasm-opt on PATH is not binaryen 132: $(command -v wasm-opt)"
}

T0=$SECONDS
step "rust wasm32 target" wasm_target
step "nightly for the bundle" wasm_nightly
step "apt packages" apt_packages
step "trunk" trunk_tool
step "wasm-bindgen-cli" wasm_bindgen_tool
step "npm (tests/e2e)" npm_packages

echo "--- setup: tools"
echo "  $(rustc --version)"
echo "  $(rustc +"$SVCDNS_NIGHTLY" --version) (release bundle)"
echo "  $(trunk --version) [$(command -v trunk)]"
echo "  $(wasm-bindgen --version) [$(command -v wasm-bindgen)]"
echo "  $(wasm-opt --version) [$(command -v wasm-opt)]"
echo "  chromium: $("$CHROMIUM_PATH" --version 2>/dev/null | tail -n 1)"
echo "  $(chromedriver --version 2>/dev/null | cut -d' ' -f1-2)"
echo "  node $(node --version), playwright-core $(cd "$E2E_DIR" && node -p 'require("playwright-core/package.json").version')"
echo "--- setup: done in $((SECONDS - T0))s"
printf '  %s\n' "${SUMMARY[@]}"
