#!/usr/bin/env bash
# Include cost of the library: how much longer `g++ -std=c++17 -fsyntax-only`
# takes on a file that includes <sse/sse.hpp> than on one that includes only
# <string>, and how that compares with Debian's <fmt/core.h>, measured in the
# same run. Budget (issue 10): <sse/sse.hpp> costs no more than <fmt/core.h>.
# Figures only: it never fails on a ratio (CI prints them).
#
# By default it times alternating runs and prints the ratio of the medians of
# CPU time (user+sys, which a loaded machine disturbs less than wall time; the
# wall-time ratio is printed too). With --instructions it counts the
# instructions the compiler proper (cc1plus) executes instead, under valgrind:
# one run each, the same figure on a busy machine as on an idle one.
#
#   bash tools/include_cost.sh                   # 21 timed runs of each
#   bash tools/include_cost.sh 41                # more runs
#   bash tools/include_cost.sh --instructions    # deterministic (needs valgrind)
#   bash tools/include_cost.sh --each            # then every public header alone
#   CXX=clang++ bash tools/include_cost.sh       # another compiler (timed mode)
#   SSE_INCLUDE_COST_HEADER=sse/event.hpp bash tools/include_cost.sh   # one header
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=21
each=0
count="time"
for arg in "$@"; do
  case "$arg" in
    --each) each=1 ;;
    --instructions) count=instructions ;;
    [0-9]*) runs=$arg ;;
    *) echo "usage: $0 [runs] [--each] [--instructions]" >&2; exit 2 ;;
  esac
done
cxx=${CXX:-g++}
header=${SSE_INCLUDE_COST_HEADER:-sse/sse.hpp}

if [ "$each" = 1 ]; then
  args=("$runs")
  [ "$count" = instructions ] && args+=(--instructions)
  bash "$0" "${args[@]}"
  for h in "$root"/include/sse/*.hpp; do
    name=sse/$(basename "$h")
    case "$name" in sse/sse.hpp | sse/fmt.hpp) continue ;; esac
    SSE_INCLUDE_COST_HEADER=$name bash "$0" "${args[@]}" | sed -n "s|^  ratio: |  <$name> alone: |p"
  done
  exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '#include <string>\nint main() { return 0; }\n' >"$tmp/base.cpp"
printf '#include <%s>\nint main() { return 0; }\n' "$header" >"$tmp/lib.cpp"
flags=(-std=c++17 -fsyntax-only -I"$root/include")
"$cxx" "${flags[@]}" "$tmp/lib.cpp"  # fails loudly if it does not compile
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'; }

if [ "$count" = instructions ]; then
  command -v valgrind >/dev/null || { echo "--instructions needs valgrind" >&2; exit 2; }
  [ "$cxx" = g++ ] || { echo "--instructions supports g++ only" >&2; exit 2; }
  instructions() {  # file -> instructions executed by cc1plus
    local line
    line=$("$cxx" "${flags[@]}" -### "$1" 2>&1 | grep -m1 '/cc1plus"\? ')
    eval "set -- $line"
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$@" 2>&1 |
      awk '/I *refs/ { gsub(",", "", $NF); print $NF }'
  }
  base=$(instructions "$tmp/base.cpp")
  lib=$(instructions "$tmp/lib.cpp")
  echo "include cost ($cxx -std=c++17 -fsyntax-only, instructions executed by cc1plus):"
  echo "  <string>: $base"
  echo "  <$header>: $lib"
  echo "  ratio: $(ratio "$lib" "$base")x instructions"
  # The reference the library is held to: Debian's {fmt}, counted in the same run.
  printf '#include <fmt/core.h>\nint main() { return 0; }\n' >"$tmp/fmt.cpp"
  if "$cxx" "${flags[@]}" "$tmp/fmt.cpp" 2>/dev/null; then
    fmt=$(instructions "$tmp/fmt.cpp")
    echo "  <fmt/core.h>: $fmt ($(ratio "$fmt" "$base")x <string>)"
    echo "  <$header> / <fmt/core.h>: $(ratio "$lib" "$fmt")x (budget 1.00x)"
  else
    echo "  <fmt/core.h>: not installed (apt-get install libfmt-dev), no comparison"
  fi
  exit 0
fi

TIMEFORMAT='%3R %3U %3S'
measure() {  # file -> "wall cpu" in milliseconds
  local t
  t=$( { time "$cxx" "${flags[@]}" "$1" >/dev/null 2>&1; } 2>&1 )
  awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' <<<"$t"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

measure "$tmp/base.cpp" >/dev/null  # warm the file cache
: >"$tmp/base.txt"
: >"$tmp/lib.txt"
for ((i = 0; i < runs; ++i)); do
  if ((i % 2)); then
    measure "$tmp/lib.cpp" >>"$tmp/lib.txt"
    measure "$tmp/base.cpp" >>"$tmp/base.txt"
  else
    measure "$tmp/base.cpp" >>"$tmp/base.txt"
    measure "$tmp/lib.cpp" >>"$tmp/lib.txt"
  fi
done
base_wall=$(cut -d' ' -f1 "$tmp/base.txt" | median)
lib_wall=$(cut -d' ' -f1 "$tmp/lib.txt" | median)
base_cpu=$(cut -d' ' -f2 "$tmp/base.txt" | median)
lib_cpu=$(cut -d' ' -f2 "$tmp/lib.txt" | median)
echo "include cost ($cxx -std=c++17 -fsyntax-only, median of $runs alternating runs each):"
echo "  <string>: cpu ${base_cpu} ms, wall ${base_wall} ms"
echo "  <$header>: cpu ${lib_cpu} ms, wall ${lib_wall} ms"
echo "  ratio: $(ratio "$lib_cpu" "$base_cpu")x cpu, $(ratio "$lib_wall" "$base_wall")x wall"
echo "  (the budget is <fmt/core.h>: compare with --instructions, which counts it in the same run)"
