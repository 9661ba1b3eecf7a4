#!/usr/bin/env bash
# Instructions per event, counted by valgrind (callgrind), of encoding
# (sse::Event::encode_to), slicing (sse::encode_slices) and parsing
# (sse::Parser), for the headers of this tree and optionally of other trees:
# stable before/after figures where timings are noisy.
#
#   bash bench/callgrind.sh [OTHER_INCLUDE_DIR...]
#   SSE_CALLGRIND_FLAGS=-DSSE_NO_SIMD=1 bash bench/callgrind.sh   # the portable code
#
# Each figure is (count at 2R - count at R) / (R * events per round), so
# start-up and workload generation cancel out. Needs valgrind and g++.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
read -r -a flags <<<"${SSE_CALLGRIND_FLAGS:-}"

count() {  # binary mode workload reps -> instructions
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" "$2" "$3" "$4" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

dirs=("$here/../include" "$@")
header="| mode | workload |"
rule="|---|---|"
i=0
for d in "${dirs[@]}"; do
  header="$header $(cd "$d/.." && pwd) |"
  rule="$rule---:|"
  g++ -std=c++17 -O2 -DNDEBUG "${flags[@]}" -I"$d" -I"$here" "$here/instr_count.cpp" -o "$tmp/ic$i"
  i=$((i + 1))
done
echo "$header"
echo "$rule"
for mode in encode slices parse; do
  for w in token 4k 4k_nl40 4k_crlf40 1m; do
    case $w in token) events=256 reps=200 ;; 1m) events=1 reps=4 ;; *) events=1 reps=200 ;; esac
    [ "$mode" = parse ] && [ "$w" = 1m ] && reps=2
    row="| $mode | $w |"
    for ((j = 0; j < i; ++j)); do
      a=$(count "$tmp/ic$j" "$mode" "$w" "$reps")
      b=$(count "$tmp/ic$j" "$mode" "$w" $((2 * reps)))
      row="$row $(((b - a) / (reps * events))) |"
    done
    echo "$row"
  done
done
