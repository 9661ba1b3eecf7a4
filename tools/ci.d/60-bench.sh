#!/usr/bin/env bash
# The benchmarks build (-Werror, Release) and run, very briefly: proof that they
# work, not a measurement (no timing is checked). About 1 minute on 2 cores.
# packages: g++ cmake ninja-build libbenchmark-dev libfmt-dev
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${SSE_CI_BUILD:-build/ci}/bench"

cmake -S . -B "$build" -G Ninja -DSSE_WERROR=ON -DSSE_BUILD_BENCHMARKS=ON -DSSE_BUILD_TESTS=OFF \
  -DSSE_BUILD_EXAMPLES=OFF -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" >/dev/null
cmake --build "$build" -j "${SSE_JOBS:-2}" --target sse_bench sse_bench_nosimd
# Each benchmark checks its output against sse::Event::encode() and fails on a
# mismatch; the summary must list every workload.
out=$(timeout 120 "$build/bench/sse_bench" --benchmark_min_time=0.001 --benchmark_color=false)
echo "$out" | tail -n 40
if echo "$out" | grep -q "ERROR OCCURRED"; then
  echo "60-bench: a benchmark reported an error" >&2
  exit 1
fi
for workload in token 4k 4k_nl40 4k_crlf40 1m; do
  echo "$out" | grep -q "^| encode | $workload | sse |" || { echo "60-bench: no result for $workload" >&2; exit 1; }
done
# The portable build checks its outputs the same way (SSE_NO_SIMD=1).
if ! timeout 120 "$build/bench/sse_bench_nosimd" --benchmark_min_time=0.001 --benchmark_color=false \
  --benchmark_filter='^(encode|parse)/sse/' >"$build/nosimd.txt" 2>&1 || grep -q "ERROR OCCURRED" "$build/nosimd.txt"; then
  tail -n 20 "$build/nosimd.txt"
  echo "60-bench: the portable benchmarks failed" >&2
  exit 1
fi
mkdir -p "$build/workloads"
"$build/bench/sse_bench" --dump="$build/workloads"
test -s "$build/workloads/token.sse"
