#!/usr/bin/env bash
# Run the playground locally: http://127.0.0.1:${PORT:-8080}/ (debug build,
# rebuilt on change). Binds 127.0.0.1 only.
#   bash scripts/serve.sh            # setup, then trunk serve
#   PORT=9000 bash scripts/serve.sh
#   bash scripts/serve.sh --release  # extra args go to trunk serve
# Note: trunk serve overwrites dist/ with its own build.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$SVCDNS_ROOT"
[ -n "${SKIP_SETUP:-}" ] || bash scripts/setup.sh
# Offline trunk also builds with `cargo build --offline`: fetch first.
cargo fetch --locked
PORT=${PORT:-8080}
echo "=== svcdns playground: http://127.0.0.1:$PORT/ (Ctrl-C to stop)"
# --disable-address-lookup: bound to 127.0.0.1 only; do not list hostnames.
exec trunk serve --offline --locked --address 127.0.0.1 --port "$PORT" --disable-address-lookup "$@"
