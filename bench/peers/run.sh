#!/usr/bin/env bash
# Installs the npm packages better-sse and eventsource-parser into a scratch
# directory and times them on sse_bench's workloads, next to sse_bench's own
# figures from the same run.
#
#   bash bench/peers/run.sh BUILD_DIR [SSE_BENCH_JSON]
#
# BUILD_DIR holds a built bench/sse_bench. Without SSE_BENCH_JSON the script
# runs sse_bench itself (encode/sse and parse/sse, 5 repetitions).
# Needs node and npm (and the npm registry). The scratch directory is
# BUILD_DIR/peers (kept, so a second run does not download again).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: run.sh BUILD_DIR [SSE_BENCH_JSON]}" && pwd)
bench="$build/bench/sse_bench"
scratch="$build/peers"
mkdir -p "$scratch/workloads"

if [ ! -d "$scratch/node_modules/better-sse" ] || [ ! -d "$scratch/node_modules/eventsource-parser" ]; then
  (cd "$scratch" && npm install --no-audit --no-fund --no-save --silent better-sse eventsource-parser)
fi
"$bench" --dump="$scratch/workloads"

json=${2:-}
if [ -z "$json" ]; then
  json="$scratch/sse.json"
  "$bench" --benchmark_filter='^(encode|parse)/sse/' --benchmark_repetitions=5 \
    --benchmark_report_aggregates_only=true --benchmark_out="$json" --benchmark_out_format=json
fi
NODE_PATH="$scratch/node_modules" node "$here/peers.mjs" "$scratch/workloads" "$json"
