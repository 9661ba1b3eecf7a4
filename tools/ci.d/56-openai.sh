#!/usr/bin/env bash
# The OpenAI-compatible endpoint (issue 12): builds examples/openai_server (g++,
# -Werror) and reads it with the official `openai` npm SDK 6.x on node 20
# (tests/e2e/openai_test.mjs): exact deltas, non-stream answer, abort mid-stream
# (the server logs one cancel line), an error mid-stream as the SDK's APIError.
# Loopback only; npm packages pinned in tests/e2e/package-lock.json, installed
# with `npm ci` into the build dir (shared with 50-server when it ran first).
# packages: g++ cmake ninja-build pkg-config libcpp-httplib-dev nlohmann-json3-dev
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${SSE_CI_BUILD:-build/ci}/server-gcc"
jobs="${SSE_JOBS:-2}"

# shellcheck source=node.sh
source tools/ci.d/node.sh
require_node 56-openai

cmake -S . -B "$build" -G Ninja -DSSE_WERROR=ON -DSSE_BUILD_TESTS=OFF -DSSE_BUILD_EXAMPLES=ON \
  -DCMAKE_CXX_COMPILER=g++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$jobs" --target openai_server

# The same scratch install as tests/e2e/run.sh: reused while the lock file is unchanged.
npm_dir="$build/e2e/npm"
lock=tests/e2e/package-lock.json
if ! { [ -f "$npm_dir/node_modules/.package-lock.json" ] && cmp -s "$lock" "$npm_dir/package-lock.json"; }; then
  rm -rf "$npm_dir" && mkdir -p "$npm_dir"
  cp tests/e2e/package.json tests/e2e/package-lock.json "$npm_dir/"
  echo "--- npm ci (openai, playwright-core, eventsource) into $npm_dir"
  (cd "$npm_dir" && timeout 180 npm ci --no-audit --no-fund --loglevel=error)
fi

SSE_E2E_NODE_MODULES="$npm_dir" timeout 60 node tests/e2e/openai_test.mjs "$build/examples/openai_server"
