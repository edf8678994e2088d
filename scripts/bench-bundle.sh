#!/usr/bin/env bash
# Benchmark of the frontend bundle (not a test): what the Kratix plugin adds to the app's
# bundle, gzipped. Builds packages/app with backstage-cli's own bundler configuration
# (production, minified, source maps) three times: as it is, without the Kratix plugin among
# its discovered packages, and without it but with every legacy (classic) export imported.
# Prints the whole app, its initial load and its lazy chunks for each, the differences, the
# plugin's own code by file (initial or lazy), and the largest contributors, against the
# target (at most 300 KB gzipped). The builds go to a temporary folder; no file of the
# repository is written or changed.
# Usage: scripts/bench-bundle.sh
# Environment: BENCH_BUILDS ("with,without,classic"), BENCH_TOP (15 contributors),
# BENCH_TARGET_KB (300), BENCH_KEEP_OUTPUT=1 (keep the builds), BENCH_JSON (also write the
# figures as JSON to this file).
# Each build takes 10-30 s on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
exec node scripts/bench-bundle.mjs "$@"
