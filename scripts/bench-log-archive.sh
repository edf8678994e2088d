#!/usr/bin/env bash
# Benchmark of the log archive (not a test): archives one generated pipeline log of 50 MB
# (streamed as the API server would stream it, never whole in memory) into the plugin's
# database through the backend's LogArchive, with the default cap of 10 MB, and prints the
# archive time, the bytes read, kept, cut and stored (gzip), and the Node heap, external
# (Buffer) memory and RSS before, after and at their peak. SQLite always; PostgreSQL too
# when BENCH_DATABASE_URL is set (e.g. BENCH_DATABASE_URL=$(scripts/postgres.sh | tail -1)).
# Environment: BENCH_LOG_MB (50), BENCH_CAP_BYTES (10485760), BENCH_DATABASE_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
exec node --expose-gc --max-old-space-size=4096 \
  --require @backstage/cli/config/nodeTransform.cjs \
  scripts/bench-log-archive.ts "$@"
