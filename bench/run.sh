#!/usr/bin/env bash
# The one command behind the figures in bench/README.md:
#
#   bash bench/run.sh [BUILD_DIR]        # default build/bench
#
# Builds sse_bench (Release, -O2, g++), runs every benchmark with 5
# repetitions (the summary table uses the medians), then times the npm peers
# (bench/peers/run.sh) against the same run's JSON. Everything printed is also
# kept in BUILD_DIR/results.md. Set SSE_BENCH_NO_PEERS=1 to skip the peers
# (they need node, npm and the npm registry).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/bench}
CXX=${CXX:-g++} cmake -S "$root" -B "$build" -G Ninja -DSSE_BUILD_BENCHMARKS=ON -DSSE_BUILD_TESTS=OFF -DSSE_BUILD_EXAMPLES=OFF \
  -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" >/dev/null
cmake --build "$build" -j 2 --target sse_bench sse_bench_nosimd
{
  echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs; $(g++ --version | head -1)"
  "$build/bench/sse_bench" --benchmark_repetitions=5 --benchmark_min_time=0.2 \
    --benchmark_report_aggregates_only=true --benchmark_color=false \
    --benchmark_out="$build/sse.json" --benchmark_out_format=json
  # The portable code (SSE_NO_SIMD=1) against the SIMD code, in this run.
  rows='^(encode/sse/4k|encode/sse/1m|parse/sse/4k)$'
  for b in sse_bench sse_bench_nosimd; do
    "$build/bench/$b" --benchmark_filter="$rows" --benchmark_repetitions=5 --benchmark_min_time=0.2 \
      --benchmark_report_aggregates_only=true --benchmark_out="$build/$b.rows.json" --benchmark_out_format=json \
      >/dev/null 2>&1
  done
  python3 - "$build/sse_bench.rows.json" "$build/sse_bench_nosimd.rows.json" <<'PY'
import json, sys
def medians(path):
    return {b["run_name"]: b["cpu_time"] for b in json.load(open(path))["benchmarks"]
            if b.get("aggregate_name") == "median"}
simd, portable = medians(sys.argv[1]), medians(sys.argv[2])
print("\nportable code (SSE_NO_SIMD=1) vs SIMD, CPU time medians of 5 (target: within 2x)")
print("| row | SIMD ns | portable ns | portable / SIMD |")
print("|---|---:|---:|---:|")
for row in ("encode/sse/4k", "encode/sse/1m", "parse/sse/4k"):
    print(f"| {row} | {simd[row]:.0f} | {portable[row]:.0f} | {portable[row] / simd[row]:.2f}x |")
PY
  if [ "${SSE_BENCH_NO_PEERS:-0}" != 1 ]; then
    bash "$root/bench/peers/run.sh" "$build" "$build/sse.json"
  fi
} 2>&1 | tee "$build/results.md"
