#!/usr/bin/env bash
# The browser bundle's release build (what scripts/test.sh measures and
# tests end to end): trunk build --release into dist/, on the pinned nightly
# toolchain ($SVCDNS_NIGHTLY in env.sh, installed by setup.sh) with two
# flags that only nightly has:
#   -Zbuild-std=std,panic_abort   std compiled with the bundle's own profile
#                                 (opt-level "z", LTO) instead of the
#                                 speed-tuned prebuilt one;
#   -Cpanic=immediate-abort       a panic is a trap at once: no message
#                                 formatting, no locations, no hook.
# Measured on 49a837e (wasm brotli): 268,330 B stable; 260,766 B with
# build-std; 246,687 B with both (-21,643 B). A panic still shows the
# "svcdns hit a bug" screen: index.html's script catches the trap (see
# web/src/main.rs). Native builds, tests and `trunk serve` stay on stable.
#
#   bash scripts/build-release.sh            # extra args go to trunk build
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$SVCDNS_ROOT"
if ! rustup run "$SVCDNS_NIGHTLY" rustc -V >/dev/null 2>&1; then
  echo "build-release.sh: the toolchain $SVCDNS_NIGHTLY is not installed: run bash scripts/setup.sh" >&2
  exit 1
fi
export RUSTUP_TOOLCHAIN="$SVCDNS_NIGHTLY"
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS -Zunstable-options -Cpanic=immediate-abort"
exec trunk build --release --offline --locked "$@"
