#!/usr/bin/env bash
# Redis Streams fan-out (examples/redis_fanout): builds fanout_server and the
# tests of the hiredis wrapper and RedisHistory under ASan+UBSan, runs them on a scratch
# redis-server, then the multi-instance test (tests/redis/multi_instance.sh):
# 3 instances, 1 Redis, curl clients; fan-out order (48 clients), resume on
# another instance, trimmed id -> resync, Redis killed and restarted, SIGTERM.
# Loopback only, no persistence, every process stopped by PID. Cost: one
# ASan build of two targets (~40-60 s on 2 busy cores), then ~40 s of tests.
# packages: g++ cmake ninja-build doctest-dev redis-server libhiredis-dev pkg-config curl libboost-dev
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${SSE_CI_BUILD:-build/ci}/redis-asan"

command -v redis-server >/dev/null || { echo "70-redis: redis-server not installed" >&2; exit 1; }
pkg-config --exists hiredis || { echo "70-redis: hiredis not found by pkg-config (libhiredis-dev)" >&2; exit 1; }

cmake -S . -B "$build" -G Ninja -DSSE_WERROR=ON -DCMAKE_CXX_COMPILER=g++ -DCMAKE_BUILD_TYPE=Debug \
  "-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" >/dev/null
cmake --build "$build" -j "${SSE_JOBS:-2}" --target fanout_server sse_redis_tests

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# The doctest suite of the wrapper and RedisHistory, against a scratch Redis.
bash -c '
  set -uo pipefail
  source tests/redis/lib.sh
  WORK=$(mktemp -d)
  trap "cleanup; rm -rf \"\$WORK\"" EXIT
  start_redis
  SSE_TEST_REDIS_PORT=$REDIS_PORT timeout 120 "$1"
' redis-wrapper-test "$build/examples/redis_fanout/sse_redis_tests"

timeout 300 bash tests/redis/multi_instance.sh "$build/examples/redis_fanout/fanout_server"
