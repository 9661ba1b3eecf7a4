#!/usr/bin/env bash
# ThreadSanitizer over what the docs call safe to share between threads
# (tests/tsan_test.cpp, target sse_tsan_test, built only with SSE_TSAN=ON):
# Frame copies made, read and destroyed on several threads; the documented
# fan-out (one lock around ReplayBuffer + hand-off, a Writer per client
# thread, clients resuming midway); per-thread Writer, Parser and Slices over
# one const Event. TSan stops the run at the first race.
# packages: g++ cmake ninja-build doctest-dev util-linux
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
build="${SSE_CI_BUILD:-$root/build/ci}/tsan"

cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=g++ -DSSE_TSAN=ON -DSSE_WERROR=ON -DSSE_TEST_STANDARDS=17 \
  -DSSE_BUILD_EXAMPLES=OFF -DSSE_INSTALL=OFF -DCMAKE_DISABLE_FIND_PACKAGE_fmt=ON >/dev/null
cmake --build "$build" -j "${SSE_JOBS:-2}" --target sse_tsan_test
# g++ 12's TSan aborts ("unexpected memory mapping") on kernels that randomise
# mmap with more than 28 bits; without address randomisation it runs anywhere.
norandom=()
if command -v setarch >/dev/null && setarch "$(uname -m)" -R true 2>/dev/null; then
  norandom=(setarch "$(uname -m)" -R)
fi
"${norandom[@]}" ctest --test-dir "$build" --output-on-failure --no-tests=error -R '^sse_tsan_test$'
