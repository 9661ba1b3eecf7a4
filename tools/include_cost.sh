#!/usr/bin/env bash
# Include cost of the library: how much longer `g++ -std=c++17 -fsyntax-only`
# takes on a file that includes <sse/sse.hpp> than on one that includes only
# <string>. Budget: 1.3x. Prints the ratio of the medians of alternating runs
# (CPU time user+sys, which a loaded machine disturbs less than wall time; the
# wall-time ratio is printed too). Timing only: it never fails on the ratio.
#
#   bash tools/include_cost.sh                  # 21 runs of each, g++
#   bash tools/include_cost.sh 41               # more runs
#   CXX=clang++ bash tools/include_cost.sh      # another compiler
#   SSE_INCLUDE_COST_HEADER=sse/event.hpp bash tools/include_cost.sh   # one header
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-21}
cxx=${CXX:-g++}
header=${SSE_INCLUDE_COST_HEADER:-sse/sse.hpp}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

printf '#include <string>\nint main() { return 0; }\n' >"$tmp/base.cpp"
printf '#include <%s>\nint main() { return 0; }\n' "$header" >"$tmp/lib.cpp"

TIMEFORMAT='%3R %3U %3S'
measure() {  # file -> "wall cpu" in milliseconds
  local t
  t=$( { time "$cxx" -std=c++17 -fsyntax-only -I"$root/include" "$1" >/dev/null 2>&1; } 2>&1 )
  awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' <<<"$t"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

"$cxx" -std=c++17 -fsyntax-only -I"$root/include" "$tmp/lib.cpp"  # fails loudly if it does not compile
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
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'; }
echo "include cost ($cxx -std=c++17 -fsyntax-only, median of $runs alternating runs each):"
echo "  <string>: cpu ${base_cpu} ms, wall ${base_wall} ms"
echo "  <$header>: cpu ${lib_cpu} ms, wall ${lib_wall} ms"
echo "  ratio: $(ratio "$lib_cpu" "$base_cpu")x cpu, $(ratio "$lib_wall" "$base_wall")x wall (budget 1.30x)"
