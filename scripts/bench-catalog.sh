#!/usr/bin/env bash
# Benchmark of the Kratix catalog sync (not a test): loads N Promises and M requests into a
# real kube-apiserver (the test environment, platform only), then times the raw paginated
# LIST of those objects, a full sync into the real catalog run by backend replicas in child
# processes (scripts/bench/replica.ts), their peak RSS, and how fast changes show.
# Usage: scripts/bench-catalog.sh [M ...]   (default: 1000 10000)
# Environment: BENCH_PROMISES (N, 10), BENCH_DATABASE_URL (PostgreSQL, else SQLite in
# memory), BENCH_REPLICAS (1; more needs PostgreSQL), BENCH_PROGRESS=1 (progress lines).
# The node flags below are also the replicas' (fork passes execArgv on).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
exec node --expose-gc --max-old-space-size=4096 \
  --require @backstage/cli/config/nodeTransform.cjs \
  scripts/bench-catalog.ts "$@"
