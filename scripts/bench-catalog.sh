#!/usr/bin/env bash
# Benchmark of the Kratix catalog sync (not a test): loads N Promises and M requests into a
# real kube-apiserver (the test environment, platform only), then times the raw paginated
# LIST of those objects and a full sync into the real catalog (SQLite), with peak memory.
# Usage: scripts/bench-catalog.sh [M ...]   (default: 1000 10000; N from BENCH_PROMISES, 10)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
exec node --expose-gc --max-old-space-size=4096 \
  --require @backstage/cli/config/nodeTransform.cjs \
  scripts/bench-catalog.ts "$@"
