#!/usr/bin/env bash
# Runs every test suite of the repo, after installing what they need:
# Node 24 + Yarn 4 (scripts/env.sh), dependencies, Debian packages (scripts/system-deps.sh),
# PostgreSQL (scripts/postgres.sh). Ends with the line "N passed, M failed" and exits
# non-zero when anything failed.
#
# Suites: typecheck, lint, unit (Jest), integration (Jest: real PostgreSQL; real
# kube-apiserver/etcd/KWOK/Flux built from the Go module proxy by scripts/k8s-binaries.sh),
# e2e (Playwright in Debian's Chromium against the app that `yarn start` serves),
# fresh-app (scripts/fresh-app.sh: the packed plugins installed into brand-new create-app
# apps, new and classic frontend system, as their READMEs say; Playwright in each).
# KRATIX_REFERENCE_DATA names the folder of upstream Kratix data (CI: ../shared/kratix);
# KRATIX_SOURCE_DIR the real Kratix controller's source (CI: ../shared/kratix-src).
# KRATIX_TEST_SUITES="unit lint" runs a subset.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

source scripts/env.sh || exit 1

RESULTS="${KRATIX_TEST_RESULTS:-$ROOT/.test-results}"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
SUITES="${KRATIX_TEST_SUITES:-typecheck api-reports lint unit integration e2e fresh-app}"
export CI="${CI:-true}" # Jest through backstage-cli watches files unless CI is set
started=$(date +%s)
pids_to_kill=()

cleanup() {
  for pid in "${pids_to_kill[@]}"; do
    kill -TERM -- "-$pid" 2>/dev/null
  done
  for pid in "${pids_to_kill[@]}"; do
    for _ in $(seq 1 20); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null
  done
  pids_to_kill=()
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

log() { printf '\n== %s (%ss)\n' "$*" "$(( $(date +%s) - started ))"; }
want() { [[ " $SUITES " == *" $1 "* ]]; }

# Runs a command as a one-test suite: passes when the command exits 0.
check() {
  local name="$1"; shift
  log "$name: $*"
  if "$@" >"$RESULTS/$name.log" 2>&1; then
    printf '{"name":"%s","passed":true}\n' "$name" >"$RESULTS/$name.check.json"
    echo "ok"
  else
    printf '{"name":"%s","passed":false,"detail":"%s failed, see %s"}\n' "$name" "$name" "$RESULTS/$name.log" >"$RESULTS/$name.check.json"
    tail -n 60 "$RESULTS/$name.log"
  fi
}

log "installing dependencies"
if [ "$CI" = "true" ] && [ -f yarn.lock ]; then install_flags=(--immutable); else install_flags=(); fi
yarn install "${install_flags[@]}" >"$RESULTS/install.log" 2>&1 || { tail -n 60 "$RESULTS/install.log"; echo "0 passed, 1 failed"; exit 1; }
scripts/system-deps.sh || { echo "0 passed, 1 failed"; exit 1; }

want typecheck && check typecheck yarn tsc
want lint && check lint yarn backstage-cli repo lint
want lint && check prettier yarn prettier:check
# The published packages' API reports (report.api.md) must match their exports: after a
# deliberate API change, regenerate them with `yarn build:api-reports`. Needs the
# declarations that typecheck writes to dist-types/.
want api-reports && check api-reports yarn build:api-reports --ci plugins/*

if want unit; then
  log "unit tests (Jest)"
  yarn backstage-cli repo test --testPathIgnorePatterns='\.integration\.test\.' \
    --json --outputFile="$RESULTS/unit.jest.json" >"$RESULTS/unit.log" 2>&1
  grep -E '^(PASS|FAIL)|Tests:' "$RESULTS/unit.log"
fi

if want integration; then
  log "integration tests (Jest: real PostgreSQL, real Kubernetes control planes, real Flux)"
  if [ -n "${KRATIX_REFERENCE_DATA:-}" ]; then
    echo "reference data: KRATIX_REFERENCE_DATA=$KRATIX_REFERENCE_DATA (real Kratix CRDs, Promise corpus)"
  else
    echo "reference data: none (KRATIX_REFERENCE_DATA unset): the repo's own CRDs; the corpus suite is skipped"
  fi
  if [ -n "${KRATIX_SOURCE_DIR:-}" ]; then
    echo "Kratix: KRATIX_SOURCE_DIR=$KRATIX_SOURCE_DIR: the workshop suites run on the real Kratix controller built from it (when it builds; each suite says which it ran on)"
  else
    echo "Kratix: KRATIX_SOURCE_DIR unset: every suite runs on the Kratix simulator; the real-Kratix, comparison and newest-Kratix suites are skipped (each says so)"
  fi
  k8s_started=$(date +%s)
  if scripts/k8s-binaries.sh >"$RESULTS/k8s-binaries.out" 2>"$RESULTS/k8s-binaries.log"; then
    echo "Kubernetes, etcd, KWOK and Flux binaries ready in $(( $(date +%s) - k8s_started ))s: $(tail -n 1 "$RESULTS/k8s-binaries.out")"
  else
    echo "the Kubernetes binaries could not be built; the suites that need them will fail:"
    tail -n 20 "$RESULTS/k8s-binaries.log"
  fi
  if pg_url=$(scripts/postgres.sh | tail -n 1); then
    export KRATIX_TEST_POSTGRES_URL="$pg_url"
    export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$pg_url"
  else
    echo "PostgreSQL could not be started: the suites that need it will fail"
  fi
  yarn backstage-cli repo test --testPathPatterns='\.integration\.test\.' --runInBand --forceExit \
    --json --outputFile="$RESULTS/integration.jest.json" >"$RESULTS/integration.log" 2>&1
  grep -E '^(PASS|FAIL)|Tests:|\[kratix-testenv\]' "$RESULTS/integration.log"
fi

wait_http() { # url seconds
  local deadline=$(( $(date +%s) + $2 ))
  until curl -fsS -o /dev/null "$1" 2>/dev/null; do
    [ "$(date +%s)" -ge "$deadline" ] && return 1
    sleep 1
  done
}

if want e2e; then
  log "browser tests (Playwright in Chromium, against yarn start)"
  if curl -s -o /dev/null localhost:3000 || curl -s -o /dev/null localhost:7007; then
    echo "ports 3000/7007 are taken: stop the running Backstage first" | tee "$RESULTS/e2e.log"
  else
    setsid yarn start >"$RESULTS/app.log" 2>&1 &
    pids_to_kill+=($!)
    if wait_http http://localhost:7007/.backstage/health/v1/readiness 240 && wait_http http://localhost:3000 240; then
      echo "app up after $(( $(date +%s) - started ))s"
      KRATIX_PLAYWRIGHT_JSON="$RESULTS/e2e.playwright.json" yarn playwright test >"$RESULTS/e2e.log" 2>&1
      tail -n 15 "$RESULTS/e2e.log"
    else
      echo "the app did not come up; its log:"
      tail -n 60 "$RESULTS/app.log"
    fi
    cleanup
  fi
fi

if want fresh-app; then
  log "fresh-app: the plugins built, packed, published to a local registry and installed into brand-new create-app apps (new and classic frontend system) as their READMEs say; Playwright in each"
  # In its own process group, in the background: an interrupt reaches it through cleanup,
  # and it stops its registry and apps itself.
  KRATIX_FRESH_APP_RESULTS="$RESULTS" setsid scripts/fresh-app.sh >"$RESULTS/fresh-app.log" 2>&1 &
  pids_to_kill+=($!)
  wait $!
  fresh_rc=$?
  pids_to_kill=()
  grep -E '^== |^ok \(|^failed after|^FAILED|^fresh-app: |^one release|^ {2}[a-z-]+ +[0-9]+s|^ +[0-9]+ (passed|failed)|[✓✘] ' "$RESULTS/fresh-app.log"
  # A failure that left no record of its own (the script itself broke) counts once.
  if [ "$fresh_rc" -ne 0 ] && ! compgen -G "$RESULTS/fresh-app.*.check.json" >/dev/null &&
    ! grep -qE '"status": *"unexpected"' "$RESULTS"/fresh-app.*.playwright.json 2>/dev/null; then
    printf '{"name":"fresh-app","passed":false,"detail":"scripts/fresh-app.sh exited %s, see %s"}\n' \
      "$fresh_rc" "$RESULTS/fresh-app.log" >"$RESULTS/fresh-app.exit.check.json"
  fi
fi

log "summary"
# shellcheck disable=SC2086
node scripts/test-summary.mjs "$RESULTS" $SUITES
