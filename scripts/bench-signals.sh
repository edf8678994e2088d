#!/usr/bin/env bash
# Benchmark of "push, not poll" (not a test): N open pages of one request for a window while
# the request changes a few times, once polling as the views did before Kratix signals and
# once following the signals. Prints, per mode, the latency from a cluster change to each
# page's refetch showing it (p50/max), the requests the backend made to the API server
# during the window (counted by an HTTP proxy in front of it), and the backend HTTP requests
# the pages made. Starts the test environment's workshop platform (Kratix simulated, no
# Flux; every port free-picked) and a backend with the Kratix plugin and the signals backend.
# Usage: scripts/bench-signals.sh
# Environment: BENCH_VERBOSE=1 (prints each API server request), BENCH_PAGES (50), BENCH_WINDOW_S (60), BENCH_CHANGES (4),
# BENCH_MODES ("before,after"), KRATIX_REFERENCE_DATA (unset: the repo's own CRDs),
# KRATIX_TESTENV_KRATIX (simulator).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
export KRATIX_TESTENV_KRATIX="${KRATIX_TESTENV_KRATIX:-simulator}"
# Like the test command: reference data only when named (the repo's own CRDs otherwise).
if [ -n "${KRATIX_REFERENCE_DATA:-}" ]; then
  echo "reference data: KRATIX_REFERENCE_DATA=$KRATIX_REFERENCE_DATA"
else
  echo "reference data: none (KRATIX_REFERENCE_DATA unset): the repo's own CRDs"
fi
exec node --require @backstage/cli/config/nodeTransform.cjs scripts/bench-signals.ts "$@"
