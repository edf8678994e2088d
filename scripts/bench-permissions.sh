#!/usr/bin/env bash
# Benchmark of permissions on each request (not a test): how long filtering a list of N
# requests by a conditional decision takes in the backend (median of 5 runs), against
# the permission framework's per-resource evaluation. No cluster, no backend: the
# requests are built in memory as the watch caches hold them.
# Usage: scripts/bench-permissions.sh [N...]   (default: 10000 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
exec node --require @backstage/cli/config/nodeTransform.cjs scripts/bench-permissions.ts "$@"
