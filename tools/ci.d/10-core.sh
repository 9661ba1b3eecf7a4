#!/usr/bin/env bash
# The test suite with g++ and clang++ (-Werror, C++17/20/23), and under ASan+UBSan;
# the <sse/asio.hpp> session tests with Boost.Asio and standalone Asio in each.
# packages: g++ clang cmake ninja-build doctest-dev libboost-dev libasio-dev
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${SSE_CI_BUILD:-build/ci}"

run() {  # name, then extra cmake arguments
  local name=$1
  shift
  cmake -S . -B "$build/$name" -G Ninja -DSSE_WERROR=ON "$@" >/dev/null
  cmake --build "$build/$name" -j "${SSE_JOBS:-2}"
  ctest --test-dir "$build/$name" --output-on-failure --no-tests=error
}

run core-gcc -DCMAKE_CXX_COMPILER=g++
# Examples are built (-Werror) in core-gcc; the live servers again with clang
# and under the sanitizers in 50-server.
# g++ builds the suite for C++17/20/23, clang for 17/20, the sanitizers for 17.
run core-clang -DCMAKE_CXX_COMPILER=clang++ -DSSE_BUILD_EXAMPLES=OFF "-DSSE_TEST_STANDARDS=17;20"
run core-asan -DCMAKE_CXX_COMPILER=g++ -DCMAKE_BUILD_TYPE=Debug -DSSE_BUILD_EXAMPLES=OFF -DSSE_TEST_STANDARDS=17 \
  "-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
