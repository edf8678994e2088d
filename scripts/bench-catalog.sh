#!/usr/bin/env bash
# Benchmark of the Kratix catalog sync (not a test): loads N Promises and M requests into a
# real kube-apiserver (the test environment, platform only), then times the raw paginated
# LIST of those objects, a full sync into the real catalog run by backend replicas in child
# processes (scripts/bench/replica.ts), their peak RSS, and how fast changes show; and, in
# the same run and set-up, the floor: a trivial provider of one minimal entity per request
# (scripts/bench/floor.ts), with our time as a ratio to it.
# Usage: scripts/bench-catalog.sh [M ...]   (default: 1000 10000)
# Environment: BENCH_DATABASE (sqlite | postgres | sqlite,postgres; PostgreSQL's URL comes
# from scripts/postgres.sh unless BENCH_DATABASE_URL names one), BENCH_PROMISES (N, 10),
# BENCH_REPLICAS (1; more needs PostgreSQL), BENCH_ROUNDS (1), BENCH_FLOOR=0 (no floor),
# BENCH_PROGRESS=1 (progress lines). See docs/benchmarks.md.
# The node flags below are also the replicas' (fork passes execArgv on).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
if [[ ",${BENCH_DATABASE:-}," == *,postgres,* && -z "${BENCH_DATABASE_URL:-}" ]]; then
  BENCH_DATABASE_URL="$(scripts/postgres.sh | tail -1)"
  export BENCH_DATABASE_URL
fi
exec node --expose-gc --max-old-space-size=4096 \
  --require @backstage/cli/config/nodeTransform.cjs \
  scripts/bench-catalog.ts "$@"
