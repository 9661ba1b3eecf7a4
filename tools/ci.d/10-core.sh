#!/usr/bin/env bash
# The test suite with g++ and clang++ (-Werror, C++17/20/23), and under ASan+UBSan.
# packages: g++ clang cmake ninja-build doctest-dev
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
run core-clang -DCMAKE_CXX_COMPILER=clang++
run core-asan -DCMAKE_CXX_COMPILER=g++ -DCMAKE_BUILD_TYPE=Debug \
  "-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
