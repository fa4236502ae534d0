#!/usr/bin/env bash
# Builds the Go test tools (kube-apiserver, kubectl, etcd, cmctl; optionally the Go
# peer) into a cache outside the work tree, keyed by name and version. A binary that
# is already cached is reused, so a second run costs nothing.
#
# Usage: build-tools.sh [--print-dir] [tool...]   (default tools: the control plane + cmctl)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=versions.env
source "$here/versions.env"
cache=${AWSPCA_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/awspca-issuer-ts/tools}
# Bumped when the way a tool is built changes (flags, not versions), so cached binaries built
# the old way are rebuilt; each binary records the recipe it was built with beside it.
recipe=3

if [[ ${1:-} == --print-dir ]]; then
  echo "$cache"
  exit 0
fi

# Builds are written to a temporary name and renamed, so an interrupted build never
# leaves a half-written binary that a later run would trust.
build() {
  local name=$1 version=$2 module=$3
  shift 3
  local out="$cache/$name-$version"
  if [[ -x $out && $(cat "$out.recipe" 2>/dev/null) == "$recipe" ]]; then
    echo "tools: $name $version cached at $out"
    return 0
  fi
  mkdir -p "$cache"
  echo "tools: building $name from $module@$version (first build only; this takes a while)"
  local start=$SECONDS tmp
  tmp=$(mktemp -d "$cache/.build-$name.XXXXXX")
  if ! "$@" "$tmp" >"$tmp.log" 2>&1; then
    tail -n 30 "$tmp.log" >&2
    echo "tools: FAILED to build $name from Go module $module@$version (full log: $tmp.log)" >&2
    rm -rf "$tmp"
    return 1
  fi
  mv "$tmp/$name" "$out"
  echo "$recipe" >"$out.recipe"
  rm -rf "$tmp" "$tmp.log"
  echo "tools: built $name $version in $((SECONDS - start)) s"
}

check_kube_mod() {
  if ! grep -q "k8s.io/kubernetes $KUBERNETES_VERSION\$" "$here/kube/go.mod"; then
    echo "tools: kube/go.mod does not require k8s.io/kubernetes $KUBERNETES_VERSION;" \
      "run e2e/tools/gen-kube-mod.sh" >&2
    return 1
  fi
}

go_build_in() {
  local dir=$1 pkg=$2 tmp=$3
  shift 3
  (cd "$dir" && go build -trimpath "$@" -o "$tmp/" "$pkg")
}

# Module builds carry no git metadata, so stamp the release the way Kubernetes' own build
# does; otherwise the binaries call themselves v0.0.0-master and kubectl warns on every call.
kube_ldflags() {
  local minor=${KUBERNETES_VERSION#v1.}
  minor=${minor%%.*}
  local v
  for v in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    printf -- '-X %s.gitVersion=%s -X %s.gitMajor=1 -X %s.gitMinor=%s -X %s.gitTreeState=clean ' \
      "$v" "$KUBERNETES_VERSION" "$v" "$v" "$minor" "$v"
  done
}

build_kube_apiserver() {
  go_build_in "$here/kube" k8s.io/kubernetes/cmd/kube-apiserver "$1" -ldflags "$(kube_ldflags)"
}
build_kubectl() {
  go_build_in "$here/kube" k8s.io/kubernetes/cmd/kubectl "$1" -ldflags "$(kube_ldflags)"
}
build_etcd() { go_build_in "$here/etcd" . "$1"; }
build_cmctl() {
  grep -q "cmctl/v2 $CMCTL_VERSION\$" "$here/cmctl/go.mod" || {
    echo "cmctl/go.mod does not require $CMCTL_VERSION" >&2
    return 1
  }
  go_build_in "$here/cmctl" github.com/cert-manager/cmctl/v2 "$1"
}
build_peer() {
  GOBIN=$1 go install -trimpath "github.com/cert-manager/aws-privateca-issuer@$PEER_VERSION"
  mv "$1/aws-privateca-issuer" "$1/peer"
}

tools=("$@")
[[ ${#tools[@]} -gt 0 ]] || tools=(etcd kube-apiserver kubectl cmctl)
for tool in "${tools[@]}"; do
  case $tool in
    kube-apiserver) check_kube_mod && build kube-apiserver "$KUBERNETES_VERSION" k8s.io/kubernetes build_kube_apiserver ;;
    kubectl) check_kube_mod && build kubectl "$KUBERNETES_VERSION" k8s.io/kubernetes build_kubectl ;;
    etcd) build etcd "$ETCD_VERSION" go.etcd.io/etcd/server/v3 build_etcd ;;
    cmctl) build cmctl "$CMCTL_VERSION" github.com/cert-manager/cmctl/v2 build_cmctl ;;
    peer) build peer "$PEER_VERSION" github.com/cert-manager/aws-privateca-issuer build_peer ;;
    *) echo "tools: unknown tool $tool" >&2; exit 2 ;;
  esac
done
