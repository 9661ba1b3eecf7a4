#!/usr/bin/env bash
# The test programs cross-compiled with Debian's g++ for aarch64 (ARM),
# s390x (big-endian) and i686 (32-bit x86 without SSE2), run by ctest under
# qemu-user (toolchain files cmake/<triple>.cmake): the doctest suite (C++17;
# conformance vectors and the round-trip property test included) and the
# no-exceptions, ABI-knob and allocation tests. None of these targets has
# SSE2, so this is the portable code (the line printed first per target says
# which path the headers select); sse_tests_nosimd would build the same code
# again, so it is left to the core step. -O2 with assertions on.
# packages: cmake ninja-build doctest-dev qemu-user g++-aarch64-linux-gnu g++-s390x-linux-gnu g++-i686-linux-gnu
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
build="${SSE_CI_BUILD:-$root/build/ci}/cross"
tests=(sse_tests_cxx17 sse_noexcept_test sse_parser_noexcept_test sse_noexcept_live_test sse_abi_knobs_test sse_alloc_test)
only="^($(IFS='|'; echo "${tests[*]}"))\$"

for triple in aarch64-linux-gnu s390x-linux-gnu i686-linux-gnu; do
  start=$(date +%s)
  simd=$(echo '#include <sse/config.hpp>
SSE_DETAIL_SSE2' | "$triple-g++" -std=c++17 -Iinclude -E -P -x c++ - | tail -n 1)
  case "$simd" in
    0) echo "--- $triple: portable code (SSE_DETAIL_SSE2=0)" ;;
    1) echo "--- $triple: SSE2 code (SSE_DETAIL_SSE2=1)" ;;
    *) echo "--- $triple: cannot tell the SIMD path ($simd)" >&2; exit 1 ;;
  esac
  cmake -S . -B "$build/$triple" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$root/cmake/$triple.cmake" \
    -DSSE_WERROR=ON -DCMAKE_BUILD_TYPE= -DCMAKE_CXX_FLAGS=-O2 -DSSE_TEST_STANDARDS=17 \
    -DSSE_BUILD_EXAMPLES=OFF -DSSE_INSTALL=OFF -DCMAKE_DISABLE_FIND_PACKAGE_fmt=ON >/dev/null
  cmake --build "$build/$triple" -j "${SSE_JOBS:-2}" --target "${tests[@]}"
  built=$(date +%s)
  ctest --test-dir "$build/$triple" --output-on-failure --no-tests=error --timeout 300 -R "$only"
  echo "--- $triple: build $((built - start)) s, tests $(($(date +%s) - built)) s"
done
