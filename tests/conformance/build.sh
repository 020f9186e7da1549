#!/usr/bin/env bash
# Builds the conformance rig's components from their Go modules, once, into
# the cache (default ~/.cache/svcdns-conformance; override with
# SVCDNS_CONFORMANCE_CACHE). Nothing is downloaded but Go modules.
#
#   kube-apiserver, kube-controller-manager, kubectl, etcd   module k8s.io/kubernetes
#   coredns                                                  module github.com/coredns/coredns
#   kubelet-faker                                            tests/conformance/faker (ours)
#
# k8s.io/kubernetes's go.mod requires every staging module at v0.0.0, which the
# module proxy does not serve, so `go install` cannot build it: a consumer
# module with one replace per staging module, generated from that release's
# own go.mod, does. The release is the newest that builds with this Go.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${SVCDNS_CONFORMANCE_CACHE:-$HOME/.cache/svcdns-conformance}
K8S_VERSION=${K8S_VERSION:-v1.37.2}
COREDNS_VERSION=${COREDNS_VERSION:-v1.14.7}
mkdir -p "$cache/bin" "$cache/k8s" "$cache/coredns"
log() { printf '[build %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

stamp_ok() { [ -x "$cache/bin/$1" ] && [ "$(cat "$cache/bin/$1.version" 2>/dev/null)" = "$2" ]; }

# --check: whether everything is built (exit 0) or not (exit 1); builds nothing.
if [ "${1:-}" = --check ]; then
  for b in kube-apiserver kube-controller-manager kubectl etcd; do stamp_ok $b "$K8S_VERSION" || exit 1; done
  stamp_ok coredns "$COREDNS_VERSION" || exit 1
  sum=$(cat "$here"/faker/*.go | sha256sum | cut -c1-16)
  stamp_ok kubelet-faker "$K8S_VERSION-$sum" || exit 1
  exit 0
fi

# --- kubernetes --------------------------------------------------------------
if stamp_ok kube-apiserver "$K8S_VERSION" && stamp_ok kube-controller-manager "$K8S_VERSION" \
   && stamp_ok kubectl "$K8S_VERSION" && stamp_ok etcd "$K8S_VERSION"; then
  log "kubernetes $K8S_VERSION: cached"
else
  log "kubernetes $K8S_VERSION: resolving its go.mod"
  mod=$(cd "$cache/k8s" && go mod download -json "k8s.io/kubernetes@$K8S_VERSION" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["GoMod"])')
  minor=${K8S_VERSION#v1.}; minor=${minor%%.*}
  patch=${K8S_VERSION##*.}
  staging=v0.$minor.$patch
  {
    echo "module svcdns.local/conformance-k8s"
    echo
    grep -E '^go [0-9]' "$mod"
    echo
    echo "require k8s.io/kubernetes $K8S_VERSION"
    echo
    # one replace per staging module the release requires at v0.0.0
    grep -E '^\s+k8s\.io/[A-Za-z0-9._-]+ v0\.0\.0$' "$mod" | awk -v v="$staging" '{print "replace " $1 " => " $1 " " v}'
  } > "$cache/k8s/go.mod"
  cat > "$cache/k8s/tools.go" <<'GO'
//go:build tools

package tools

import (
	_ "go.etcd.io/etcd/server/v3"
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
  log "kubernetes: $(grep -c '^replace' "$cache/k8s/go.mod") staging replaces at $staging; go mod tidy"
  (cd "$cache/k8s" && go mod tidy -e 2>&1 | tail -5)
  ld="-s -w -X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"
  ld="$ld -X k8s.io/client-go/pkg/version.gitVersion=$K8S_VERSION -X k8s.io/client-go/pkg/version.gitMajor=1 -X k8s.io/client-go/pkg/version.gitMinor=$minor"
  for cmd in kube-apiserver kube-controller-manager kubectl; do
    log "building $cmd"
    t0=$(date +%s)
    (cd "$cache/k8s" && CGO_ENABLED=0 go build -trimpath -ldflags "$ld" -o "$cache/bin/$cmd" "k8s.io/kubernetes/cmd/$cmd")
    echo "$K8S_VERSION" > "$cache/bin/$cmd.version"
    log "built $cmd in $(( $(date +%s) - t0 )) s"
  done
  log "building etcd"
  t0=$(date +%s)
  (cd "$cache/k8s" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$cache/bin/etcd" go.etcd.io/etcd/server/v3)
  echo "$K8S_VERSION" > "$cache/bin/etcd.version"
  log "built etcd ($(cd "$cache/k8s" && go list -m -f '{{.Version}}' go.etcd.io/etcd/server/v3)) in $(( $(date +%s) - t0 )) s"
fi

# --- coredns (its own module, so its client-go stays as released) -------------
if stamp_ok coredns "$COREDNS_VERSION"; then
  log "coredns $COREDNS_VERSION: cached"
else
  log "building coredns $COREDNS_VERSION"
  t0=$(date +%s)
  GOBIN="$cache/bin" CGO_ENABLED=0 go install -trimpath -ldflags "-s -w" "github.com/coredns/coredns@$COREDNS_VERSION"
  echo "$COREDNS_VERSION" > "$cache/bin/coredns.version"
  log "built coredns in $(( $(date +%s) - t0 )) s"
fi

# --- the kubelet faker (ours; uses the k8s module's client-go) ----------------
if [ -d "$here/faker" ]; then
  sum=$(cat "$here"/faker/*.go | sha256sum | cut -c1-16)
  if stamp_ok kubelet-faker "$K8S_VERSION-$sum"; then
    log "kubelet-faker: cached"
  else
    log "building kubelet-faker"
    mkdir -p "$cache/k8s/faker"
    cp "$here"/faker/*.go "$cache/k8s/faker/"
    (cd "$cache/k8s" && go mod tidy -e >/dev/null 2>&1; CGO_ENABLED=0 go build -trimpath -o "$cache/bin/kubelet-faker" ./faker)
    echo "$K8S_VERSION-$sum" > "$cache/bin/kubelet-faker.version"
  fi
fi
log "done: $(du -sh "$cache/bin" | cut -f1) of binaries in $cache/bin"
