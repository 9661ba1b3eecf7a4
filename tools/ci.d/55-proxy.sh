#!/usr/bin/env bash
# demo_server behind Debian's nginx (issue 12), tests/e2e/proxy_test.mjs through
# tests/e2e/run.sh: events unbuffered with nginx's defaults (and bunched up when
# nginx ignores X-Accel-Buffering, the negative control), with gzip on, and over
# HTTP/2 + TLS (self-signed certificate made by openssl) to curl --http2 -N,
# node's http2 client and headless Chromium (resume with Last-Event-ID); no
# hop-by-hop header over HTTP/2; nginx gzip vs npm compression and no-transform.
# nginx runs unprivileged-style from a temp dir (-p/-c, daemon off) on free
# 127.0.0.1 ports. Needs Node >= 20 with npm (like 50-server; npm ci of the
# pinned tests/e2e/package-lock.json). About 15 s after the build.
# packages: g++ cmake ninja-build nginx openssl curl chromium libboost-dev
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${SSE_CI_BUILD:-build/ci}"
jobs="${SSE_JOBS:-2}"

# shellcheck source=node.sh
source tools/ci.d/node.sh
require_node 55-proxy
for tool in /usr/sbin/nginx openssl curl /usr/bin/chromium; do
  command -v "$tool" >/dev/null || { echo "55-proxy: $tool not found" >&2; exit 1; }
done
curl -V | grep -q 'HTTP2' || { echo "55-proxy: this curl has no HTTP/2" >&2; exit 1; }

# The same build directory as 50-server (nothing to rebuild after it).
cmake -S . -B "$build/server-gcc" -G Ninja -DSSE_WERROR=ON -DSSE_BUILD_TESTS=OFF -DSSE_BUILD_EXAMPLES=ON \
  -DCMAKE_CXX_COMPILER=g++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build/server-gcc" -j "$jobs" --target demo_server

timeout 300 bash tests/e2e/run.sh "$build/server-gcc" proxy
