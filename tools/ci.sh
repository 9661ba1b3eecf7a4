#!/usr/bin/env bash
# Every check of the project: installs what it needs (Debian 12, as root), then
# runs each step in tools/ci.d/ in order and ends with "ci: N passed, N failed".
#
#   bash tools/ci.sh              # everything (what .ci/run does)
#   bash tools/ci.sh core parser  # only the steps whose file name contains a word
#
# Each step file names its Debian packages on a line "# packages: a b c".
# SSE_CI_SKIP_INSTALL=1 skips apt-get (for machines that already have them).
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 2

steps=()
for step in tools/ci.d/[0-9]*.sh; do
  if [ "$#" -eq 0 ]; then steps+=("$step"); continue; fi
  for word in "$@"; do
    case "$step" in *"$word"*) steps+=("$step"); break ;; esac
  done
done
[ "${#steps[@]}" -gt 0 ] || { echo "ci: no step matches: $*" >&2; exit 2; }

if [ "${SSE_CI_SKIP_INSTALL:-0}" != 1 ]; then
  packages=$(sed -n 's/^# packages: //p' "${steps[@]}" | tr ' ' '\n' | sed '/^$/d' | sort -u | tr '\n' ' ')
  if [ -n "$packages" ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "=== installing: $packages"
    $sudo apt-get update -qq || exit 2
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $packages >/dev/null || exit 2
  fi
fi

export SSE_JOBS="${SSE_JOBS:-$(nproc)}"
export SSE_CI_BUILD="${SSE_CI_BUILD:-$root/build/ci}"
mkdir -p "$SSE_CI_BUILD"

passed=0
failed=0
failures=""
for step in "${steps[@]}"; do
  echo "=== $step"
  start=$(date +%s)
  if bash "$step"; then
    passed=$((passed + 1))
    echo "=== $step: ok ($(($(date +%s) - start)) s)"
  else
    failed=$((failed + 1))
    failures="$failures $step"
    echo "=== $step: FAILED ($(($(date +%s) - start)) s)"
  fi
done
[ -z "$failures" ] || echo "failed steps:$failures"
echo "ci: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
