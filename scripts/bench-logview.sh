#!/usr/bin/env bash
# Benchmark of the stage log viewer (not a test): opens a generated 50 MB stage log in the
# real app in headless Chromium (Debian's, never a downloaded one) and prints the time until
# the first lines are rendered, the frame times of a scroll through the log, and the page's
# JS heap and DOM nodes. The app must be running (`yarn start`, or PLAYWRIGHT_URL).
# Usage: scripts/bench-logview.sh
# Environment: BENCH_LOG_MB (50), BENCH_TAILS ("500,all": the viewer's Tail settings to
# open it with), BENCH_TIMEOUT_S (300, per setting), BENCH_SCROLL_FRAMES (300),
# KRATIX_CHROMIUM_PATH (/usr/bin/chromium), PLAYWRIGHT_URL (http://localhost:3000).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
if ! curl -fsS -o /dev/null "${PLAYWRIGHT_URL:-http://localhost:3000}"; then
  echo "The app is not running at ${PLAYWRIGHT_URL:-http://localhost:3000}: start it with 'yarn start' first." >&2
  exit 1
fi
exec node scripts/bench/logview.mjs "$@"
