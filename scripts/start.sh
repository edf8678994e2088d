#!/usr/bin/env bash
# Installs what Backstage needs (Node 24 and Yarn 4 from the npm registry, the dependencies)
# and starts it with the embedded defaults: the app on :3000, the backend on :7007, SQLite,
# guest sign-in and the built-in demo Kratix platform. Extra arguments go to `yarn start`
# (for example --config app-config.local.yaml).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
yarn install
exec yarn start "$@"
