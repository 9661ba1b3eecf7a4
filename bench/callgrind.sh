#!/usr/bin/env bash
# Instructions per event of sse::Event::encode_to, counted by valgrind
# (callgrind), for the headers of this tree and optionally of another one:
# stable before/after figures where timings are noisy.
#
#   bash bench/callgrind.sh [OTHER_INCLUDE_DIR]
#
# Each figure is (count at 2R - count at R) / (R * events per round), so
# start-up and workload generation cancel out. Needs valgrind and g++.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

count() {  # binary workload reps -> instructions
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" "$2" "$3" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

dirs=("$here/../include")
[ $# -ge 1 ] && dirs+=("$1")
echo "| workload | $(for d in "${dirs[@]}"; do printf '%s | ' "$(cd "$d/.." && pwd)"; done)"
echo "|---|$(for _ in "${dirs[@]}"; do printf -- '---:|'; done)"
i=0
for d in "${dirs[@]}"; do
  g++ -std=c++17 -O2 -DNDEBUG -I"$d" -I"$here" "$here/instr_count.cpp" -o "$tmp/ic$i"
  i=$((i + 1))
done
for w in token 4k 4k_nl40 4k_crlf40 1m; do
  case $w in token) events=256 reps=200 ;; 1m) events=1 reps=4 ;; *) events=1 reps=200 ;; esac
  row="| $w |"
  for ((j = 0; j < i; ++j)); do
    a=$(count "$tmp/ic$j" "$w" "$reps")
    b=$(count "$tmp/ic$j" "$w" $((2 * reps)))
    row="$row $(( (b - a) / (reps * events) )) |"
  done
  echo "$row"
done
