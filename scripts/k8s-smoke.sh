#!/usr/bin/env bash
# Smoke test of the binaries from scripts/k8s-binaries.sh: starts etcd and
# kube-apiserver on free loopback ports in a temporary directory, waits for /readyz,
# runs `kubectl version`, then stops both (nothing is left running).
# Usage: scripts/k8s-smoke.sh [BIN]   (BIN: the directory k8s-binaries.sh prints)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${1:-$("$ROOT/scripts/k8s-binaries.sh" | tail -1)}
log() { printf 'k8s-smoke: %s\n' "$*" >&2; }

W=$(mktemp -d "${TMPDIR:-/tmp}/k8s-smoke.XXXXXX")
PIDS=()
# Stop in reverse start order: kube-apiserver before etcd. (With etcd already gone,
# kube-apiserver's SIGTERM shutdown hangs for many minutes.) SIGKILL after 20 s.
stop() { # <pid>
  kill -TERM "$1" 2>/dev/null || return 0
  for _ in $(seq 1 40); do
    kill -0 "$1" 2>/dev/null || break
    sleep 0.5
  done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
cleanup() {
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop "${PIDS[i]}"; done
  rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
  else
    echo $((20000 + RANDOM % 40000))
  fi
}

start=$(date +%s%N)
EP=$(free_port) PP=$(free_port) AP=$(free_port)
"$BIN/etcd" --name=smoke --data-dir="$W/etcd" --unsafe-no-fsync --log-level=error \
  --listen-client-urls="http://127.0.0.1:$EP" --advertise-client-urls="http://127.0.0.1:$EP" \
  --listen-peer-urls="http://127.0.0.1:$PP" --initial-advertise-peer-urls="http://127.0.0.1:$PP" \
  --initial-cluster="smoke=http://127.0.0.1:$PP" >"$W/etcd.log" 2>&1 &
PIDS+=($!)

openssl genrsa -out "$W/sa.key" 2048 2>/dev/null
openssl rsa -in "$W/sa.key" -pubout -out "$W/sa.pub" 2>/dev/null
TOKEN=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
echo "$TOKEN,admin,admin,system:masters" >"$W/tokens.csv"

"$BIN/kube-apiserver" --etcd-servers="http://127.0.0.1:$EP" \
  --bind-address=127.0.0.1 --secure-port="$AP" --advertise-address=127.0.0.1 \
  --endpoint-reconciler-type=none --cert-dir="$W/certs" \
  --service-account-issuer=https://kubernetes.default.svc \
  --service-account-key-file="$W/sa.pub" --service-account-signing-key-file="$W/sa.key" \
  --token-auth-file="$W/tokens.csv" --authorization-mode=RBAC \
  --service-cluster-ip-range=10.0.0.0/24 >"$W/apiserver.log" 2>&1 &
PIDS+=($!)

for _ in $(seq 1 120); do
  if [[ $(curl -sk -H "Authorization: Bearer $TOKEN" "https://127.0.0.1:$AP/readyz" 2>/dev/null) == ok ]]; then
    break
  fi
  for p in "${PIDS[@]}"; do
    kill -0 "$p" 2>/dev/null || {
      tail -20 "$W/etcd.log" "$W/apiserver.log" >&2
      log "FAILED: a server exited"
      exit 1
    }
  done
  sleep 0.5
done
[[ $(curl -sk -H "Authorization: Bearer $TOKEN" "https://127.0.0.1:$AP/readyz") == ok ]] || {
  tail -20 "$W/apiserver.log" >&2
  log "FAILED: /readyz not ok after 60 s"
  exit 1
}
ms=$((($(date +%s%N) - start) / 1000000))
log "etcd + kube-apiserver ready in $((ms / 1000)).$(printf %03d $((ms % 1000))) s"

# The self-generated serving cert file holds leaf + CA: the CA is the second certificate.
awk '/BEGIN CERTIFICATE/ { n++ } n == 2' "$W/certs/apiserver.crt" >"$W/ca.crt"
"$BIN/kubectl" config set-cluster smoke --server="https://127.0.0.1:$AP" \
  --certificate-authority="$W/ca.crt" --embed-certs --kubeconfig="$W/kubeconfig" >/dev/null
"$BIN/kubectl" config set-credentials admin --token="$TOKEN" --kubeconfig="$W/kubeconfig" >/dev/null
"$BIN/kubectl" config set-context smoke --cluster=smoke --user=admin --kubeconfig="$W/kubeconfig" >/dev/null
"$BIN/kubectl" config use-context smoke --kubeconfig="$W/kubeconfig" >/dev/null
"$BIN/kubectl" --kubeconfig="$W/kubeconfig" version >&2
"$BIN/kubectl" --kubeconfig="$W/kubeconfig" get namespaces >&2
echo "k8s smoke: ok"
