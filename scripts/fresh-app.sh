#!/usr/bin/env bash
# The proof that the Kratix plugins install into a brand-new Backstage app as their
# READMEs say. Suite `fresh-app` of scripts/test.sh; also runs on its own:
#
#   scripts/fresh-app.sh              # both apps: new frontend system, then classic (--legacy)
#   scripts/fresh-app.sh legacy       # one of them
#
# 1. build: every package of this repo (`yarn tsc`, then `backstage-cli repo build --all`);
# 2. pack: `yarn pack` in each publishable package (plugins/* not private): the prepack
#    step applies publishConfig and turns `workspace:^` into versions;
# 3. registry: a throwaway npm registry on loopback (verdaccio, installed from the npm
#    registry into ~/.cache/kratix-backstage), the tarballs published there;
# 4. per app, in a folder outside the repo (~/.cache/kratix-backstage/fresh-app/work,
#    recreated each run): `@backstage/create-app@latest` (with `--legacy` for the classic
#    frontend system); no vendored Yarn; only the @kratix-backstage scope pointed at the
#    local registry (scripts/fresh-app/prepare-app.mjs); every @backstage/* brought to the
#    release this repo uses (`backstage-cli versions:bump` with a manifest made by
#    scripts/fresh-app/manifest.mjs); then the plugins' README install sections, run step
#    by step as written (scripts/fresh-app/readme-steps.mjs: it says which README and step
#    each change comes from); `yarn install` (checked: one Backstage release in the whole
#    tree); `yarn tsc`; `yarn start` on free ports; the Playwright tests of
#    scripts/fresh-app/e2e in Debian's Chromium; the app stopped.
#
# Settings: KRATIX_FRESH_APP_DIR (work folder), KRATIX_FRESH_APP_RESULTS (where the
# Playwright JSON reports and failure records go, for scripts/test-summary.mjs).
# The yarn cache is Yarn's global one, shared with this repo's install; only the
# @kratix-backstage archives are removed from it before each install, so that a
# republished 0.1.0 is never served from an older run. Prints the timing of each step;
# exits non-zero when anything failed; leaves no process behind.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

source scripts/env.sh || exit 1

APPS="${*:-new legacy}"
CACHE="$KRATIX_TOOLS_CACHE/fresh-app"
WORK="${KRATIX_FRESH_APP_DIR:-$CACHE/work}"
RESULTS="${KRATIX_FRESH_APP_RESULTS:-$WORK/results}"
LOGS="$WORK/logs"
VERDACCIO_VERSION=6.10.4
CREATE_APP=@backstage/create-app@latest

started=$(date +%s)
timings=()
failures=0
pids=()        # process groups to stop (registry, app)
packing=""     # package dir whose package.json is mid-pack

stop_group() { # pid
  kill -TERM -- "-$1" 2>/dev/null || return 0
  for _ in $(seq 1 30); do kill -0 -- "-$1" 2>/dev/null || return 0; sleep 0.5; done
  kill -KILL -- "-$1" 2>/dev/null
  return 0
}
cleanup() {
  # All groups at once, within scripts/test.sh's 10 s grace.
  local pid
  [ -n "${trash_pid:-}" ] && kill "$trash_pid" 2>/dev/null # the next run deletes the rest
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null; done
  for _ in $(seq 1 16); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 -- "-$pid" 2>/dev/null && alive=1; done
    [ $alive -eq 0 ] && break
    sleep 0.5
  done
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null; done
  pids=()
  # An interrupted pack leaves the rewritten package.json; postpack's backup restores it.
  if [ -n "$packing" ] && [ -f "$packing/package.json-prepack" ]; then
    mv -f "$packing/package.json-prepack" "$packing/package.json"
  fi
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

say() { printf '\n== [fresh-app %ss] %s\n' "$(( $(date +%s) - started ))" "$*"; }

# Records a failure for the test summary (a check file counts as one failed test).
record_failure() { # scope message
  local msg="${2//\"/\'}"
  printf '{"name":"fresh-app.%s","passed":false,"detail":"%s"}\n' "$1" "$msg" >"$RESULTS/fresh-app.$1.check.json"
  echo "FAILED ($1): $2"
}

# Runs one step with its output in $LOGS/<name>.log; prints and records its duration.
step() { # name command...
  local name="$1"; shift
  local t0; t0=$(date +%s)
  say "$name: $*"
  "$@" >"$LOGS/$name.log" 2>&1
  local rc=$?
  local took=$(( $(date +%s) - t0 ))
  timings+=("$(printf '%-24s %4ss%s' "$name" "$took" "$([ $rc -eq 0 ] || echo '  FAILED')")")
  if [ $rc -ne 0 ]; then
    echo "failed after ${took}s (exit $rc); last lines of $LOGS/$name.log:"
    tail -n 40 "$LOGS/$name.log"
  else
    echo "ok (${took}s)"
  fi
  return $rc
}

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

wait_http() { # url seconds
  local deadline=$(( $(date +%s) + $2 ))
  until curl -fsS -o /dev/null "$1" 2>/dev/null; do
    [ "$(date +%s)" -ge "$deadline" ] && return 1
    sleep 1
  done
}

mkdir -p "$CACHE" "$RESULTS" "$(dirname "$WORK")"
rm -f "$RESULTS"/fresh-app.*.json
# One run at a time per work folder (two runs on one machine would delete each other's apps).
exec 9>"$WORK.lock"
if ! flock -n 9; then
  echo "another fresh-app run is using $WORK: waiting for it (at most 30 minutes)"
  flock -w 1800 9 || { record_failure setup "$WORK is busy with another run"; exit 1; }
fi
echo "work folder: $WORK; apps: $APPS"
# The previous run's apps, kept until now for a look: moved aside at once and deleted
# while the build runs (a minute and more of disk work for two apps' node_modules).
trash="$WORK.trash"
mkdir -p "$trash"
[ -e "$WORK" ] && mv "$WORK" "$trash/$(date +%s)-$$"
rm -rf "$trash" 9>&- &
trash_pid=$!
mkdir -p "$WORK/tarballs" "$LOGS"

# ------------------------------------------------------------------ 1. build
# The packages' type declarations are built from the declarations tsc writes to dist-types/.
if ! step tsc yarn tsc; then
  record_failure setup "yarn tsc failed (the packages' declarations come from it), see $LOGS/tsc.log"
  exit 1
fi
if ! step build yarn backstage-cli repo build --all; then
  record_failure setup "backstage-cli repo build --all failed, see $LOGS/build.log"
  exit 1
fi

# ------------------------------------------------------------------ 2. pack
pack_all() {
  local dir
  for dir in plugins/*/; do
    dir="${dir%/}"
    [ -f "$dir/package.json" ] || continue
    [ "$(node -p "require('./$dir/package.json').private === true")" = true ] && continue
    if [ -e "$dir/package.json-prepack" ]; then
      echo "$dir/package.json-prepack exists (an interrupted pack?): restore it first"
      return 1
    fi
    echo "-- $dir"
    packing="$ROOT/$dir"
    (cd "$dir" && yarn pack --out "$WORK/tarballs/%s-%v.tgz") || return 1
    packing=""
  done
  # name -> version of what was packed, for the README steps (`yarn add` writes ^version).
  node -e '
    const { execFileSync } = require("child_process");
    const fs = require("fs");
    const dir = process.argv[1];
    const out = {};
    for (const f of fs.readdirSync(dir).filter(f => f.endsWith(".tgz"))) {
      const pkg = JSON.parse(execFileSync("tar", ["-xzOf", `${dir}/${f}`, "package/package.json"]));
      const deps = JSON.stringify(pkg.dependencies ?? {});
      if (deps.includes("workspace:")) throw new Error(`${pkg.name}: workspace: ranges left in the packed package.json`);
      out[pkg.name] = pkg.version;
      console.log(`${pkg.name}@${pkg.version}: main ${pkg.main}, ${Object.keys(pkg.dependencies ?? {}).length} dependencies`);
    }
    fs.writeFileSync(`${dir}/versions.json`, JSON.stringify(out, null, 2));
  ' "$WORK/tarballs"
}
if ! step pack pack_all; then
  record_failure setup "yarn pack failed, see $LOGS/pack.log"
  exit 1
fi
grep -E '^@kratix-backstage/' "$LOGS/pack.log"

# ------------------------------------------------------------------ 3. local registry
REGISTRY_PORT=$(free_port)
REGISTRY="http://127.0.0.1:$REGISTRY_PORT"
registry() {
  local vdir="$CACHE/verdaccio-$VERDACCIO_VERSION"
  if [ ! -x "$vdir/node_modules/.bin/verdaccio" ]; then
    echo "installing verdaccio $VERDACCIO_VERSION from the npm registry into $vdir"
    mkdir -p "$vdir"
    npm install --prefix "$vdir" --no-save --no-audit --no-fund "verdaccio@$VERDACCIO_VERSION" || return 1
  fi
  mkdir -p "$WORK/registry/storage"
  cat >"$WORK/registry/config.yaml" <<EOF
# A throwaway registry for one fresh-app run: only what this run publishes, no uplinks.
storage: $WORK/registry/storage
auth:
  htpasswd:
    file: $WORK/registry/htpasswd
uplinks: {}
packages:
  '**':
    access: \$all
    publish: \$authenticated
log: { type: stdout, format: pretty, level: warn }
EOF
  setsid "$vdir/node_modules/.bin/verdaccio" --config "$WORK/registry/config.yaml" \
    --listen "127.0.0.1:$REGISTRY_PORT" >"$LOGS/verdaccio.log" 2>&1 9>&- &
  pids+=($!)
  wait_http "$REGISTRY/-/ping" 60 || { echo "verdaccio did not answer:"; cat "$LOGS/verdaccio.log"; return 1; }
  # A user to publish with (verdaccio's htpasswd sign-up), in an npmrc of this run only.
  local token
  token=$(curl -fsS -X PUT -H 'content-type: application/json' \
    -d '{"name":"fresh-app","password":"fresh-app-password"}' \
    "$REGISTRY/-/user/org.couchdb.user:fresh-app" | node -pe 'JSON.parse(require("fs").readFileSync(0)).token') || return 1
  printf '//127.0.0.1:%s/:_authToken=%s\n' "$REGISTRY_PORT" "$token" >"$WORK/registry/npmrc"
  local tgz
  for tgz in "$WORK"/tarballs/*.tgz; do
    npm publish "$tgz" --registry "$REGISTRY/" --userconfig "$WORK/registry/npmrc" --access public \
      --no-provenance --loglevel warn || return 1
    echo "published $(basename "$tgz")"
  done
  npm view @kratix-backstage/plugin-kratix-backend versions --registry "$REGISTRY/" --userconfig "$WORK/registry/npmrc"
}
if ! step registry registry; then
  record_failure setup "the local registry could not be set up, see $LOGS/registry.log"
  exit 1
fi

# ------------------------------------------------------------------ 4. the apps
create_app() { # kind dir
  local flags=()
  [ "$1" = legacy ] && flags=(--legacy)
  echo "create-app: $(COREPACK_DEFAULT_TO_LATEST=0 npx -y "$CREATE_APP" --version)"
  (cd "$WORK" && echo "$(basename "$2")" | COREPACK_DEFAULT_TO_LATEST=0 npx -y "$CREATE_APP" "${flags[@]}" --skip-install) || return 1
  [ -f "$2/package.json" ]
}

prepare_app() { # dir
  node "$ROOT/scripts/fresh-app/prepare-app.mjs" "$1" "$REGISTRY" || return 1
  node "$ROOT/scripts/fresh-app/manifest.mjs" "$ROOT" "$1" "$1/.release-manifest.json" "$CACHE" || return 1
  (cd "$1" && BACKSTAGE_MANIFEST_FILE="$1/.release-manifest.json" \
    node "$ROOT/node_modules/@backstage/cli/bin/backstage-cli" versions:bump --skip-install --skip-migrate) || return 1
  # Every @backstage/* dependency now names the manifest's version.
  node -e '
    const fs = require("fs"); const path = require("path");
    const [app, manifestFile] = process.argv.slice(1);
    const want = new Map(JSON.parse(fs.readFileSync(manifestFile)).packages.map(p => [p.name, p.version]));
    const files = ["package.json", ...["packages", "plugins"].flatMap(d =>
      fs.existsSync(path.join(app, d)) ? fs.readdirSync(path.join(app, d)).map(e => path.join(d, e, "package.json")) : [])];
    const bad = [];
    for (const f of files.filter(f => fs.existsSync(path.join(app, f)))) {
      const pkg = JSON.parse(fs.readFileSync(path.join(app, f)));
      for (const field of ["dependencies", "devDependencies"])
        for (const [n, r] of Object.entries(pkg[field] ?? {}))
          if (want.has(n) && r !== `^${want.get(n)}`) bad.push(`${f}: ${n} ${r} (release: ${want.get(n)})`);
    }
    if (bad.length) { console.error("not at the release:\n" + bad.join("\n")); process.exit(1); }
    console.log(`every @backstage/* dependency at release ${JSON.parse(fs.readFileSync(manifestFile)).releaseVersion}`);
  ' "$1" "$1/.release-manifest.json"
}

readme_steps() { # kind dir
  local frontend="New frontend system"
  [ "$1" = legacy ] && frontend="Classic frontend system"
  node "$ROOT/scripts/fresh-app/readme-steps.mjs" "$2" "$WORK/tarballs/versions.json" \
    "$ROOT/plugins/kratix-backend/README.md" \
    "$ROOT/plugins/catalog-backend-module-kratix/README.md" \
    "$ROOT/plugins/kratix-backend-module-demo/README.md" \
    "$ROOT/plugins/kratix-scaffolder-actions/README.md" \
    "$ROOT/plugins/kratix/README.md#$frontend"
}

install_app() ( # dir (a subshell: it changes directory)
  cd "$1" || return 1
  # A republished 0.1.0 must not come from the cache of an earlier run.
  local cache; cache=$(yarn config get cacheFolder) || return 1
  rm -f "$cache"/@kratix-backstage-*
  YARN_ENABLE_IMMUTABLE_INSTALLS=false yarn install || return 1
  local rc
  for _ in 1 2; do
    node "$ROOT/scripts/fresh-app/manifest.mjs" --check "$ROOT" "$1" "$CACHE"
    rc=$?
    [ $rc -eq 3 ] || return $rc
    YARN_ENABLE_IMMUTABLE_INSTALLS=false yarn install || return 1
  done
  return 1
)

start_app() { # dir app-port backend-port
  cat >"$1/app-config.local.yaml" <<EOF
# Written by scripts/fresh-app.sh: free ports, so that the test never meets another
# Backstage on 3000/7007.
app:
  baseUrl: http://localhost:$2
backend:
  baseUrl: http://localhost:$3
  listen:
    port: $3
  cors:
    origin: http://localhost:$2
EOF
  (cd "$1" && exec setsid yarn start) >"$LOGS/$KIND-app.log" 2>&1 9>&- &
  pids+=($!)
  APP_PID=$!
  if wait_http "http://localhost:$3/.backstage/health/v1/readiness" 300 && wait_http "http://localhost:$2" 300; then
    return 0
  fi
  echo "the app did not come up; the last lines of its log:"
  tail -n 60 "$LOGS/$KIND-app.log"
  return 1
}

playwright() { # app-port backend-port
  FRESH_APP_KIND="$KIND" FRESH_APP_URL="http://localhost:$1" FRESH_APP_BACKEND_URL="http://localhost:$2" \
    FRESH_APP_PLAYWRIGHT_JSON="$RESULTS/fresh-app.$KIND.playwright.json" \
    FRESH_APP_OUTPUT_DIR="$WORK/$KIND-test-results" \
    yarn playwright test --config scripts/fresh-app/playwright.config.ts
}

run_app() { # kind
  KIND="$1"
  local dir="$WORK/kratix-fresh-$KIND"
  step "$KIND-create-app" create_app "$KIND" "$dir" || { record_failure "$KIND" "create-app failed"; return 1; }
  step "$KIND-prepare" prepare_app "$dir" || { record_failure "$KIND" "bringing the app to one release failed, see $LOGS/$KIND-prepare.log"; return 1; }
  step "$KIND-readme-steps" readme_steps "$KIND" "$dir" || { record_failure "$KIND" "the README install steps could not be run, see $LOGS/$KIND-readme-steps.log"; return 1; }
  cat "$LOGS/$KIND-readme-steps.log"
  step "$KIND-install" install_app "$dir" || { record_failure "$KIND" "yarn install failed, see $LOGS/$KIND-install.log"; return 1; }
  tail -n 1 "$LOGS/$KIND-install.log"
  step "$KIND-tsc" bash -c "cd '$dir' && yarn tsc" || { record_failure "$KIND" "yarn tsc failed in the app, see $LOGS/$KIND-tsc.log"; return 1; }
  local app_port backend_port
  app_port=$(free_port); backend_port=$(free_port)
  while [ "$backend_port" = "$app_port" ]; do backend_port=$(free_port); done
  if ! step "$KIND-start" start_app "$dir" "$app_port" "$backend_port"; then
    record_failure "$KIND" "the app did not start, see $LOGS/$KIND-app.log"
    stop_group "$APP_PID"
    pids=("${pids[@]/$APP_PID}")
    return 1
  fi
  step "$KIND-playwright" playwright "$app_port" "$backend_port"
  local rc=$?
  tail -n 12 "$LOGS/$KIND-playwright.log"
  [ -f "$RESULTS/fresh-app.$KIND.playwright.json" ] || record_failure "$KIND" "Playwright left no report, see $LOGS/$KIND-playwright.log"
  local t0; t0=$(date +%s)
  stop_group "$APP_PID"
  pids=("${pids[@]/$APP_PID}")
  timings+=("$(printf '%-24s %4ss' "$KIND-stop" "$(( $(date +%s) - t0 ))")")
  if grep -qiE 'Backend failed to start|uncaughtException' "$LOGS/$KIND-app.log"; then
    echo "the app's log has errors:"; grep -iE -A5 'Backend failed to start|uncaughtException' "$LOGS/$KIND-app.log" | head -30
  fi
  return $rc
}

for kind in $APPS; do
  case "$kind" in
    new | legacy) run_app "$kind" || failures=$((failures + 1)) ;;
    *) record_failure "$kind" "unknown app kind '$kind' (new, legacy)"; failures=$((failures + 1)) ;;
  esac
done

t0=$(date +%s)
wait "$trash_pid" 2>/dev/null
trash_pid=""
timings+=("$(printf '%-24s %4ss' "clean-wait" "$(( $(date +%s) - t0 ))")")
cleanup
say "timings"
printf '  %s\n' "${timings[@]}"
echo "  total                    $(( $(date +%s) - started ))s"
echo "apps and logs: $WORK"
if [ "$failures" -gt 0 ]; then
  echo "fresh-app: FAILED ($failures)"
  exit 1
fi
echo "fresh-app: ok"
