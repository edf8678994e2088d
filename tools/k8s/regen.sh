#!/usr/bin/env bash
# Regenerates go.mod and go.sum of the wrapper modules in tools/k8s with Go's own
# tooling (go mod init / go mod edit / go mod tidy / go list), from the upstream
# modules' metadata served by the Go module proxy. See tools/k8s/README.md.
#
# Usage: tools/k8s/regen.sh [kubernetes|etcd|kwok|flux-source|flux-kustomize]...
#        (no argument: all five)
# Versions come from the environment, defaulting to what the committed go.mod
# files pin today, e.g. to bump Kubernetes:
#        KUBERNETES_VERSION=v1.37.3 tools/k8s/regen.sh kubernetes
# Needs Go >= 1.26 and access to the Go module proxy. It does not build anything.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MODULE_PREFIX=kratix-backstage/tools/k8s
export GOTOOLCHAIN=local GOWORK=off GOFLAGS=-buildvcs=false

log() { echo "regen: $*" >&2; }

# pinned <module-dir> <module-path>: the version the committed go.mod requires.
pinned() {
  [[ -f "$HERE/$1/go.mod" ]] || return 0
  awk -v m="$2" '$1 == m && $2 ~ /^v/ { print $2; exit } $1 == "require" && $2 == m { print $3; exit }' "$HERE/$1/go.mod"
}

KUBERNETES_VERSION=${KUBERNETES_VERSION:-$(pinned kubernetes k8s.io/kubernetes)}
ETCD_VERSION=${ETCD_VERSION:-$(pinned etcd go.etcd.io/etcd/server/v3)}
KWOK_VERSION=${KWOK_VERSION:-$(pinned kwok sigs.k8s.io/kwok)}
FLUX_SOURCE_VERSION=${FLUX_SOURCE_VERSION:-$(pinned flux-source github.com/fluxcd/source-controller)}
FLUX_KUSTOMIZE_VERSION=${FLUX_KUSTOMIZE_VERSION:-$(pinned flux-kustomize github.com/fluxcd/kustomize-controller)}
# source-controller v1.9.6 requires github.com/fluxcd/pkg/artifact v0.18.3, which the
# proxy does not serve; v0.18.0 is API compatible. Set to "" to drop the replace.
FLUX_ARTIFACT_REPLACE=${FLUX_ARTIFACT_REPLACE-v0.18.0}
# Staging modules listed in k8s.io/kubernetes' go.mod that the proxy does not
# serve and that none of the built commands needs.
K8S_STAGING_SKIP=${K8S_STAGING_SKIP:-"k8s.io/sample-cli-plugin k8s.io/sample-controller"}

# gomod_file <module@version>: path of that module's go.mod in the module cache.
gomod_file() {
  go mod download -json "$1" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p'
}

fresh_module() { # <dir>
  rm -f "$HERE/$1/go.mod" "$HERE/$1/go.sum"
  (cd "$HERE/$1" && go mod init "$MODULE_PREFIX/$1" 2>/dev/null)
}

regen_kubernetes() {
  local v=$KUBERNETES_VERSION staging_v mod m args=()
  : "${v:?set KUBERNETES_VERSION, e.g. v1.37.2}"
  staging_v="v0.${v#v1.}" # v1.37.2 -> v0.37.2
  mod=$(gomod_file "k8s.io/kubernetes@$v")
  fresh_module kubernetes
  cd "$HERE/kubernetes"
  # Same go/godebug lines as upstream, so the binaries behave like release builds.
  args+=(-go="$(awk '$1 == "go" { print $2; exit }' "$mod")")
  if grep -q '^godebug default=' "$mod"; then
    args+=(-godebug="$(sed -n 's/^godebug \(default=.*\)$/\1/p' "$mod")")
  fi
  args+=(-require="k8s.io/kubernetes@$v")
  # k8s.io/kubernetes requires its staging modules as v0.0.0 and replaces them
  # with ./staging/...; map each one to the published v0.X.Y instead.
  for m in $(awk '$2 == "=>" && $3 ~ /^\.\/staging\// { print $1 }' "$mod"); do
    [[ " $K8S_STAGING_SKIP " == *" $m "* ]] && continue
    args+=(-replace="$m=$m@$staging_v")
  done
  go mod edit "${args[@]}"
  go mod tidy
  log "kubernetes: k8s.io/kubernetes $v, $(grep -c '=> k8s.io/' go.mod) staging replaces"
}

regen_simple() { # <dir> <module> <version>
  local mod
  : "${3:?version for $2 is not set}"
  mod=$(gomod_file "$2@$3")
  fresh_module "$1"
  cd "$HERE/$1"
  # Keep upstream's go line (go mod init would write the local Go's patch level).
  go mod edit -go="$(awk '$1 == "go" { print $2; exit }' "$mod")" -require="$2@$3"
  go mod tidy
  log "$1: $2 $3"
}

# A Flux controller's go.mod carries replace directives, so `go install
# <controller>@<version>` is refused. The wrapper's go.mod is the controller's own
# go.mod (same requirements and replaces) with the module renamed, the ./api
# replace dropped and the controller plus its api module required at <version>.
# `go mod tidy` is not used: it wants the controllers' test dependencies, some of
# which the proxy does not serve. `go list -mod=mod -deps` records exactly the
# go.sum lines that building the command needs.
regen_flux() { # <dir> <module> <version> [extra go mod edit args]
  local dir=$1 m=$2 v=$3 mod
  : "${v:?version for $m is not set}"
  shift 3
  mod=$(gomod_file "$m@$v")
  rm -f "$HERE/$dir/go.mod" "$HERE/$dir/go.sum"
  cp "$mod" "$HERE/$dir/go.mod"
  chmod u+w "$HERE/$dir/go.mod"
  cd "$HERE/$dir"
  go mod edit -module="$MODULE_PREFIX/$dir" -dropreplace="$m/api" \
    -require="$m@$v" -require="$m/api@$v" "$@"
  go list -mod=mod -deps "$m" >/dev/null
  log "$dir: $m $v"
}

targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(kubernetes etcd kwok flux-source flux-kustomize)
for t in "${targets[@]}"; do
  case $t in
  kubernetes) (regen_kubernetes) ;;
  etcd) (regen_simple etcd go.etcd.io/etcd/server/v3 "$ETCD_VERSION") ;;
  kwok) (regen_simple kwok sigs.k8s.io/kwok "$KWOK_VERSION") ;;
  flux-source)
    extra=()
    [[ -z $FLUX_ARTIFACT_REPLACE ]] ||
      extra=(-replace="github.com/fluxcd/pkg/artifact=github.com/fluxcd/pkg/artifact@$FLUX_ARTIFACT_REPLACE")
    (regen_flux flux-source github.com/fluxcd/source-controller "$FLUX_SOURCE_VERSION" "${extra[@]}")
    ;;
  flux-kustomize) (regen_flux flux-kustomize github.com/fluxcd/kustomize-controller "$FLUX_KUSTOMIZE_VERSION") ;;
  *)
    echo "regen: unknown module '$t' (kubernetes|etcd|kwok|flux-source|flux-kustomize)" >&2
    exit 2
    ;;
  esac
done
