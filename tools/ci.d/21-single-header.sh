#!/usr/bin/env bash
# The one-header way: single_include/sse/sse.hpp is what tools/amalgamate.cmake
# makes of include/ now; copied alone into an empty directory it compiles with
# g++ and clang++, C++17/20/23, strict warnings as errors, with and without
# exceptions and RTTI, and two translation units that include it link together;
# and the whole test suite passes against it (SSE_TEST_SINGLE_HEADER=ON),
# <sse/fmt.hpp> tests included (copied next to it, as a user would). Then it
# prints the include cost of <sse/sse.hpp> beside <fmt/core.h> (cc1plus
# instructions, tools/include_cost.sh --instructions).
# packages: g++ clang cmake ninja-build doctest-dev libfmt-dev libboost-dev libasio-dev valgrind
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
work="${SSE_CI_BUILD:-$root/build/ci}/single-header"
rm -rf "$work"
mkdir -p "$work"

# 1. Regenerate and compare with the committed file.
cmake -DOUTPUT="$work/regenerated.hpp" -P tools/amalgamate.cmake
if ! diff -u single_include/sse/sse.hpp "$work/regenerated.hpp"; then
  echo "single_include/sse/sse.hpp is stale: run cmake -P tools/amalgamate.cmake and commit it" >&2
  exit 1
fi
if grep -n "$root\|$HOME" single_include/sse/sse.hpp; then
  echo "single_include/sse/sse.hpp names a local path" >&2
  exit 1
fi

# 2. The header alone, -I. only: compilers x standards x {exceptions, none}, two TUs.
alone="$work/alone"
mkdir -p "$alone"
cp single_include/sse/sse.hpp tests/consumers/single_header/a.cpp tests/consumers/single_header/b.cpp "$alone/"
cd "$alone"
warnings=(-Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror)
count=0
for cxx in g++ clang++; do
  for std in 17 20 23; do
    flag="-std=c++$std"
    if ! echo 'int main() {}' | "$cxx" "$flag" -x c++ -fsyntax-only - 2>/dev/null; then
      flag="-std=c++2b"  # clang 14 knows C++23 only by its draft name
    fi
    for mode in exceptions no-exceptions; do
      extra=()
      [ "$mode" = no-exceptions ] && extra=(-fno-exceptions -fno-rtti)
      out="$cxx-$std-$mode"
      "$cxx" "$flag" "${warnings[@]}" "${extra[@]}" -I. -c a.cpp -o "$out-a.o"
      "$cxx" "$flag" "${warnings[@]}" "${extra[@]}" -I. -c b.cpp -o "$out-b.o"
      "$cxx" "$out-a.o" "$out-b.o" -o "$out"
      printf '%-30s ' "$out ($flag ${extra[*]})"
      "./$out"
      count=$((count + 1))
    done
  done
done
echo "single header alone: $count builds ok"
cd "$root"

# 3. The whole test suite (every target that links sse::sse) against the single
#    header, for C++17 (the header alone was built for 17/20/23 above).
cmake -S . -B "$work/suite" -G Ninja -DCMAKE_CXX_COMPILER=g++ -DSSE_WERROR=ON -DSSE_TEST_SINGLE_HEADER=ON \
  -DSSE_BUILD_EXAMPLES=ON -DSSE_TEST_STANDARDS=17 >/dev/null
cmake --build "$work/suite" -j "${SSE_JOBS:-2}"
ctest --test-dir "$work/suite" --output-on-failure --no-tests=error

# 4. Include cost, printed only (never fails the build; budget: no more than
# <fmt/core.h>, counted in the same run).
bash tools/include_cost.sh --instructions || echo "include cost: could not be measured"
