#!/usr/bin/env bash
# Makes a real Kubernetes control plane, KWOK and Flux available as local binaries:
#   kube-apiserver kube-controller-manager kube-scheduler kubectl etcd kwok
#   source-controller kustomize-controller
# plus the files they need: kwok-stages/ (KWOK Stage configs, for `kwok -c`),
# kwok-crds/ (KWOK's own CRDs: Stage, Logs, ClusterLogs, ..., for `kwok --enable-crds`) and
# flux-crds/ (the Flux CRDs, HelmRepository and HelmChart included).
#
# Usage:  BIN=$(scripts/k8s-binaries.sh | tail -1)
# The last line on stdout is a directory holding (symlinks to) all eight binaries,
# kwok-stages/, kwok-crds/ and flux-crds/; all progress goes to stderr.
#
# For each binary, in order:
#   1. $KUBEBUILDER_ASSETS/<name> (if set), then <name> on PATH, when its version
#      fits (same major.minor as pinned; etcd >= v3.5.24). KRATIX_K8S_ACCEPT_ANY_VERSION=1
#      accepts any version; KRATIX_K8S_NO_EXTERNAL=1 skips this step.
#   2. the cache, keyed by version:  $CACHE/k8s-bin/<name>-<version>/<name>
#   3. otherwise `go build` from the wrapper modules in tools/k8s (versions pinned by
#      their go.mod files; see tools/k8s/README.md) into the cache.
# With KRATIX_SOURCE_DIR naming a checkout of the Kratix controller's source (CI: the
# team's ../shared/kratix-src), it also builds `kratix-controller` (./cmd) and
# `pipeline-adapter` (./work-creator) from it, cached by the source's content under
# $CACHE/k8s-bin/kratix-<hash>/, and links them with the source's CRDs (kratix-crds/).
# Without the setting, or when that build fails, the output has no kratix-controller and
# the test environment runs its Kratix simulator instead (it says so).
# CACHE is ${KRATIX_TOOLS_CACHE:-$HOME/.cache/kratix-backstage}. KRATIX_K8S_REBUILD=1
# rebuilds even when the cache has the version. A cold build of everything takes about
# 16 minutes on 2 cores and 2.6 GB of memory at its peak; a warm run well under a second.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MODS=$ROOT/tools/k8s
CACHE=${KRATIX_TOOLS_CACHE:-$HOME/.cache/kratix-backstage}
BINCACHE=$CACHE/k8s-bin
MIN_GO=1.26
MIN_ETCD=v3.5.24

log() { printf 'k8s-binaries: %s\n' "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

case ${1:-} in
-h | --help)
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
  exit 0
  ;;
"") ;;
*) die "unknown argument '$1' (try --help)" ;;
esac

# pinned <module-dir> <module-path>: the version tools/k8s/<module-dir>/go.mod requires.
pinned() {
  local v
  v=$(awk -v m="$2" '$1 == m && $2 ~ /^v/ { print $2; exit } $1 == "require" && $2 == m { print $3; exit }' \
    "$MODS/$1/go.mod" 2>/dev/null || true)
  [[ -n $v ]] || die "cannot read the version of $2 from tools/k8s/$1/go.mod"
  echo "$v"
}

K8S_V=$(pinned kubernetes k8s.io/kubernetes)
ETCD_V=$(pinned etcd go.etcd.io/etcd/server/v3)
KWOK_V=$(pinned kwok sigs.k8s.io/kwok)
FLUX_SOURCE_V=$(pinned flux-source github.com/fluxcd/source-controller)
FLUX_KUSTOMIZE_V=$(pinned flux-kustomize github.com/fluxcd/kustomize-controller)

# name | wrapper module dir | package to build | version
BINARIES=(
  "kube-apiserver kubernetes k8s.io/kubernetes/cmd/kube-apiserver $K8S_V"
  "kube-controller-manager kubernetes k8s.io/kubernetes/cmd/kube-controller-manager $K8S_V"
  "kube-scheduler kubernetes k8s.io/kubernetes/cmd/kube-scheduler $K8S_V"
  "kubectl kubernetes k8s.io/kubernetes/cmd/kubectl $K8S_V"
  "etcd etcd go.etcd.io/etcd/server/v3 $ETCD_V"
  "kwok kwok sigs.k8s.io/kwok/cmd/kwok $KWOK_V"
  "source-controller flux-source github.com/fluxcd/source-controller $FLUX_SOURCE_V"
  "kustomize-controller flux-kustomize github.com/fluxcd/kustomize-controller $FLUX_KUSTOMIZE_V"
)

# Go's environment for every go command below: never switch toolchains, never use a
# go.work the caller may have, do not stamp VCS data (the modules live in a git repo).
goenv() { env GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 "$@"; }

GO_CHECKED=
need_go() { # <what needs it>
  [[ -z $GO_CHECKED ]] || return 0
  local hint="Install Go >= $MIN_GO (your distribution's golang package if it is new enough, or the
  archive from go.dev/dl, with its bin/ on PATH), or put prebuilt binaries of the pinned versions
  (kubernetes $K8S_V, etcd $ETCD_V, kwok $KWOK_V, Flux source-controller $FLUX_SOURCE_V and
  kustomize-controller $FLUX_KUSTOMIZE_V) in a folder named by KUBEBUILDER_ASSETS."
  command -v go >/dev/null 2>&1 || die "Go is not installed, and it is needed for: $1.
  $hint"
  local gv
  gv=$(goenv go env GOVERSION 2>/dev/null) || die "'go env GOVERSION' failed. $hint"
  gv=${gv#go}
  gv=${gv%%[!0-9.]*}
  [[ $(printf '%s\n' "$MIN_GO" "$gv" | sort -V | head -1) == "$MIN_GO" ]] ||
    die "Go $gv is too old for: $1 (the modules say go $MIN_GO).
  $hint"
  GO_CHECKED=1
}

# external_version <name> <path>: the version an existing binary reports, as vX.Y.Z.
external_version() {
  local out=
  case $1 in
  kube-apiserver | kube-controller-manager | kube-scheduler | etcd | kwok)
    out=$(timeout 20 "$2" --version 2>/dev/null | head -3) || true
    ;;
  kubectl) out=$(timeout 20 "$2" version --client 2>/dev/null | head -1) || true ;;
  source-controller | kustomize-controller)
    # No version flag: read the module versions recorded in the Go binary.
    if command -v go >/dev/null 2>&1; then
      out=$(goenv go version -m "$2" 2>/dev/null |
        awk -v m="github.com/fluxcd/$1" '($1 == "mod" || $1 == "dep") && $2 == m { print $3; exit }') || true
    fi
    ;;
  esac
  grep -oE 'v?[0-9]+\.[0-9]+\.[0-9]+' <<<"$out" | head -1 | sed 's/^v*/v/' || true
}

version_fits() { # <name> <have> <want>
  [[ ${KRATIX_K8S_ACCEPT_ANY_VERSION:-} == 1 ]] && return 0
  [[ -n $2 ]] || return 1
  if [[ $1 == etcd ]]; then
    [[ $(printf '%s\n' "$MIN_ETCD" "$2" | sort -V | head -1) == "$MIN_ETCD" ]]
  else
    [[ ${2%.*} == "${3%.*}" ]]
  fi
}

# find_external <name> <version>: prints the path of a fitting binary outside the cache.
find_external() {
  [[ ${KRATIX_K8S_NO_EXTERNAL:-} == 1 ]] && return 0
  local name=$1 want=$2 c have real candidates=()
  [[ -n ${KUBEBUILDER_ASSETS:-} && -x $KUBEBUILDER_ASSETS/$name ]] && candidates+=("$KUBEBUILDER_ASSETS/$name")
  c=$(command -v "$name" 2>/dev/null || true)
  [[ -n $c && -x $c ]] && candidates+=("$c")
  for c in "${candidates[@]}"; do
    real=$(readlink -f "$c")
    [[ $real == "$(readlink -f "$BINCACHE")"/* ]] && continue # one of ours, on PATH
    have=$(external_version "$name" "$c")
    if version_fits "$name" "$have" "$want"; then
      log "$name: using $c (${have:-version unknown}; pinned $want)"
      echo "$c"
      return 0
    fi
    log "$name: ignoring $c (version ${have:-unknown}, want ${want%.*}.x$([[ $name == etcd ]] && echo " or >= $MIN_ETCD"))"
  done
}

fmt_secs() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

TMP_DIRS=()
cleanup() { ((${#TMP_DIRS[@]} == 0)) || rm -rf "${TMP_DIRS[@]}"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

new_tmp() { # <label>: a scratch dir inside the cache (same filesystem, so mv is atomic)
  local t
  t=$(mktemp -d "$BINCACHE/.tmp-$1-XXXXXX")
  TMP_DIRS+=("$t")
  echo "$t"
}

k8s_ldflags() { # <version>: what hack/lib/version.sh stamps into release builds
  local v=$1 major minor pkg out=
  major=${v#v}
  major=${major%%.*}
  minor=${v#v*.}
  minor=${minor%%.*}
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    out+=" -X $pkg.gitVersion=$v -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
  done
  echo "$out"
}

TOTAL_BUILD_SECS=0
build() { # <name> <module dir> <package> <version>
  local name=$1 dir=$2 pkg=$3 v=$4 out=$BINCACHE/$1-$4 tmp mode=readonly ldflags="-s -w" start secs rss=
  need_go "building $name $v"
  case $dir in
  kubernetes) ldflags+=$(k8s_ldflags "$v") ;;
  flux-*) mode=mod ;; # see tools/k8s/README.md: these modules are not tidy on purpose
  esac
  tmp=$(new_tmp "$name")
  log "$name: building $v from tools/k8s/$dir (go build -mod=$mode) ..."
  start=$(date +%s)
  local cmd=(go build -trimpath -ldflags="$ldflags" -o "$tmp/$name" "$pkg")
  if [[ -x /usr/bin/time ]]; then
    cmd=(/usr/bin/time -f %M -o "$tmp/.rss" "${cmd[@]}")
  fi
  if ! (cd "$MODS/$dir" && goenv GOFLAGS="-mod=$mode -buildvcs=false" "${cmd[@]}") >&2; then
    die "go build of $name failed (module tools/k8s/$dir); see the output above"
  fi
  secs=$(($(date +%s) - start))
  TOTAL_BUILD_SECS=$((TOTAL_BUILD_SECS + secs))
  [[ -f $tmp/.rss ]] && rss=$(tail -1 "$tmp/.rss") && rm -f "$tmp/.rss"
  rm -rf "$out"
  mv "$tmp" "$out"
  log "$name: built in $(fmt_secs "$secs")${rss:+, peak RSS $((rss / 1024)) MB} -> $out/$name"
}

# module_dir <wrapper dir> <module> <version>: the module's source in Go's module cache.
module_dir() {
  need_go "copying files out of $2 $3"
  (cd "$MODS/$1" && goenv go mod download -json "$2@$3") |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p'
}

# KWOK's Stage configs (kustomize/stage/<group>/<variant>/*.yaml of the kwok module),
# as kwok-stages/<group>-<variant>/<file>.yaml, plus kwok-stages/fast.yaml: the
# upstream "fast" set (node-fast + node-heartbeat-with-lease + pod-fast) in one file.
make_kwok_stages() { # <dest>
  local src tmp f rel sub
  src=$(module_dir kwok sigs.k8s.io/kwok "$KWOK_V")
  [[ -d $src/kustomize/stage ]] || die "no kustomize/stage in the kwok module ($src)"
  tmp=$(new_tmp kwok-stages)
  while IFS= read -r f; do
    grep -q '^kind: Stage$' "$f" || continue
    rel=${f#"$src/kustomize/stage/"}
    sub=$(dirname "$rel")
    sub=${sub//\//-}
    mkdir -p "$tmp/$sub"
    cp "$f" "$tmp/$sub/"
  done < <(find "$src/kustomize/stage" -name '*.yaml' -not -path '*/testdata/*' | sort)
  for sub in node-fast node-heartbeat-with-lease pod-fast; do
    for f in "$tmp/$sub"/*.yaml; do
      [[ -f $f ]] || die "kwok module has no stage group $sub"
      printf -- '---\n' >>"$tmp/fast.yaml"
      cat "$f" >>"$tmp/fast.yaml"
    done
  done
  chmod -R u+w "$tmp"
  rm -rf "$1"
  mv "$tmp" "$1"
  log "kwok-stages: $(find "$1" -name '*.yaml' | wc -l) files from sigs.k8s.io/kwok $KWOK_V -> $1"
}

# KWOK's CRDs (kustomize/crd/bases/*.yaml of the kwok module): needed in the cluster
# before `kwok --enable-crds=<Kind>` watches objects of that kind (e.g. Logs, ClusterLogs).
make_kwok_crds() { # <dest>
  local tmp src
  tmp=$(new_tmp kwok-crds)
  src=$(module_dir kwok sigs.k8s.io/kwok "$KWOK_V")
  [[ -d $src/kustomize/crd/bases ]] || die "no kustomize/crd/bases in the kwok module ($src)"
  cp "$src"/kustomize/crd/bases/*.yaml "$tmp/"
  chmod -R u+w "$tmp"
  rm -rf "$1"
  mv "$tmp" "$1"
  log "kwok-crds: $(ls "$1" | wc -l) CRDs from sigs.k8s.io/kwok $KWOK_V -> $1"
}

make_flux_crds() { # <dest>
  local tmp src
  tmp=$(new_tmp flux-crds)
  src=$(module_dir flux-source github.com/fluxcd/source-controller "$FLUX_SOURCE_V")
  cp "$src"/config/crd/bases/*.yaml "$tmp/"
  src=$(module_dir flux-kustomize github.com/fluxcd/kustomize-controller "$FLUX_KUSTOMIZE_V")
  cp "$src"/config/crd/bases/*.yaml "$tmp/"
  chmod -R u+w "$tmp"
  rm -rf "$1"
  mv "$tmp" "$1"
  log "flux-crds: $(find "$1" -name "*.yaml" | wc -l) CRDs -> $1"
}

mkdir -p "$BINCACHE"
exec 9>"$BINCACHE/.lock"
if ! flock -n 9; then
  log "waiting for another k8s-binaries.sh run to finish ..."
  flock 9
fi

rebuild=${KRATIX_K8S_REBUILD:-}
links=() # "<link name> <target>"
for entry in "${BINARIES[@]}"; do
  read -r name dir pkg v <<<"$entry"
  ext=$(find_external "$name" "$v")
  if [[ -n $ext ]]; then
    links+=("$name $(readlink -f "$ext")")
    continue
  fi
  if [[ $rebuild == 1 || ! -x $BINCACHE/$name-$v/$name ]]; then
    build "$name" "$dir" "$pkg" "$v"
  else
    log "$name: cached $v ($BINCACHE/$name-$v)"
  fi
  links+=("$name ../$name-$v/$name")
done

stages=kwok-stages-$KWOK_V
kwokcrds=kwok-crds-$KWOK_V
crds=flux-crds-$FLUX_SOURCE_V-$FLUX_KUSTOMIZE_V
[[ $rebuild != 1 && -f $BINCACHE/$stages/fast.yaml ]] || make_kwok_stages "$BINCACHE/$stages"
[[ $rebuild != 1 && -f $BINCACHE/$kwokcrds/kwok.x-k8s.io_logs.yaml ]] || make_kwok_crds "$BINCACHE/$kwokcrds"
[[ $rebuild != 1 && -f $BINCACHE/$crds/source.toolkit.fluxcd.io_helmcharts.yaml ]] || make_flux_crds "$BINCACHE/$crds"
links+=("kwok-stages ../$stages" "kwok-crds ../$kwokcrds" "flux-crds ../$crds")

# The real Kratix controller and pipeline adapter, from KRATIX_SOURCE_DIR when it is set.
kratix_source_key() { # <dir>: hash of every file's path and content
  (cd "$1" && find . -type f -not -path './.git/*' -print0 | LC_ALL=C sort -z |
    xargs -0 sha256sum) | sha256sum | cut -c1-16
}
build_kratix() { # <source dir> <dest dir>
  local src=$1 out=$2 tmp start secs
  need_go "building the Kratix controller from $src"
  tmp=$(new_tmp kratix)
  start=$(date +%s)
  for target in "kratix-controller ./cmd" "pipeline-adapter ./work-creator"; do
    log "${target%% *}: building from $src (${target#* }) ..."
    (cd "$src" && goenv GOFLAGS="-mod=readonly -buildvcs=false" \
      go build -trimpath -ldflags="-s -w" -o "$tmp/${target%% *}" "${target#* }") >&2 || return 1
  done
  mkdir -p "$tmp/kratix-crds"
  cp "$src"/config/crd/bases/*.yaml "$tmp/kratix-crds/"
  secs=$(($(date +%s) - start))
  TOTAL_BUILD_SECS=$((TOTAL_BUILD_SECS + secs))
  rm -rf "$out"
  mv "$tmp" "$out"
  log "kratix: built in $(fmt_secs "$secs") -> $out"
}
if [[ -n ${KRATIX_SOURCE_DIR:-} ]]; then
  if [[ ! -f $KRATIX_SOURCE_DIR/go.mod || ! -d $KRATIX_SOURCE_DIR/config/crd/bases ]]; then
    log "kratix: KRATIX_SOURCE_DIR=$KRATIX_SOURCE_DIR is not a Kratix source tree (no go.mod or config/crd/bases): the simulator stands in for Kratix"
  else
    ksrc=$(cd "$KRATIX_SOURCE_DIR" && pwd)
    kdir=kratix-$(kratix_source_key "$ksrc")
    if [[ $rebuild == 1 || ! -x $BINCACHE/$kdir/pipeline-adapter ]] && ! command -v go >/dev/null 2>&1; then
      log "kratix: Go is not installed, so the controller cannot be built from $ksrc: the simulator stands in for Kratix"
      kdir=
    elif [[ $rebuild == 1 || ! -x $BINCACHE/$kdir/pipeline-adapter ]]; then
      if ! build_kratix "$ksrc" "$BINCACHE/$kdir"; then
        log "kratix: the build from $ksrc failed (see above): the simulator stands in for Kratix"
        kdir=
      fi
    else
      log "kratix: cached ($BINCACHE/$kdir, from $ksrc)"
    fi
    [[ -n $kdir ]] && links+=("kratix-controller ../$kdir/kratix-controller" "pipeline-adapter ../$kdir/pipeline-adapter" "kratix-crds ../$kdir/kratix-crds")
  fi
else
  log "kratix: KRATIX_SOURCE_DIR is not set: no real Kratix controller; the simulator stands in for it"
fi

# One directory per combination of sources, so different callers never race on it.
key=$(printf '%s\n' "${links[@]}" | sha256sum | cut -c1-12)
current=$BINCACHE/current-$key
if [[ ! -d $current ]]; then
  tmp=$(new_tmp current)
  for l in "${links[@]}"; do
    ln -s "${l#* }" "$tmp/${l%% *}"
  done
  chmod 755 "$tmp"
  mv -T "$tmp" "$current"
fi
((TOTAL_BUILD_SECS == 0)) || log "total build time $(fmt_secs "$TOTAL_BUILD_SECS")"
echo "$current"
