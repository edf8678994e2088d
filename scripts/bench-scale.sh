#!/usr/bin/env bash
# Scale benchmark of the Kratix backend (not a test): loads requests into real
# kube-apiservers of the test environment (etcd + kube-apiserver, no Kratix), starts the
# backend plugin on them in a child process (scripts/bench-scale.backend.ts), and prints
# how long its watch caches take to hold them, the memory they take, and p50/p95 of the
# REST API's list pages, summary and overview calls.
# Usage: scripts/bench-scale.sh [scale [N]]   N requests in one platform (default 100000)
#        scripts/bench-scale.sh platforms     5 platforms of 2,000 requests, one unreachable
# Environment: BENCH_REQUESTS (N), BENCH_PROMISES (10), BENCH_NAMESPACES (10),
# BENCH_CALLS (50 per call timed), BENCH_PLATFORMS (5), BENCH_PLATFORM_REQUESTS (2000),
# BENCH_DEAD ("refused,silent"), BENCH_VERBOSE=1 (progress, the backend's warnings),
# KRATIX_REFERENCE_DATA (the Kratix CRDs to install; else the repo's).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
exec node --expose-gc --max-old-space-size=4096 \
  --require @backstage/cli/config/nodeTransform.cjs \
  scripts/bench-scale.ts "$@"
