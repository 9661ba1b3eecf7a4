#!/usr/bin/env bash
# Fan-out benchmark: hub_server against sse_fanout_loadgen, loopback only.
#
#   bash bench/fanout/run.sh            # builds Release into build/fanout, prints the figures
#   bash bench/fanout/run.sh --ci       # a short correctness run (2,000 clients), no speed check
#
# Each run starts a fresh hub_server --port 0 (one thread), connects N clients
# from 127.0.0.2.. (the load generator raises RLIMIT_NOFILE to its hard limit),
# publishes events of S bytes every I ms through POST /publish and prints one
# line per run: complete clients, deliveries/s, p50/p99/max delivery latency,
# server CPU microseconds per delivered event (utime+stime from /proc over the
# broadcast phase) and server RSS growth per connection. The slow-consumer run
# has 10% of the clients never read: they must be dropped (hub /stats
# dropped_slow), the others must get every event.
# The same runs against npm better-sse (a Channel broadcast, better_sse_hub.mjs)
# and npm hono + @hono/node-server (streamSSE, hono_hub.mjs), installed at run
# time into BUILD/fanout-npm (never committed) when node and npm are there; and
# the floor, sse_bare_broadcaster (one blocking send() per delivery).
# SSE_FANOUT_SERVERS="hub hono" runs only those. Not measured yet: demo_server.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build="${SSE_FANOUT_BUILD:-$root/build/fanout}"
ci=0
[ "${1:-}" = "--ci" ] && ci=1

if [ -z "${SSE_FANOUT_PREBUILT:-}" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSSE_BUILD_BENCHMARKS=ON \
    -DSSE_BUILD_TESTS=OFF -DSSE_BUILD_EXAMPLES=ON >/dev/null || exit 2
  cmake --build "$build" -j "${SSE_JOBS:-2}" --target hub_server sse_fanout_loadgen sse_bare_broadcaster >/dev/null || exit 2
fi
hub="$build/examples/hub_server"
loadgen="$build/bench/fanout/sse_fanout_loadgen"

hub_pid=""
cleanup() { [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null; }
trap cleanup EXIT
trap 'exit 130' INT TERM

start_hub() {  # hub options... (SERVER=better-sse: the npm peer instead)
  cleanup
  local out
  out=$(mktemp)
  if [ "${SERVER:-hub}" = bare ]; then
    (ulimit -n "$(ulimit -Hn)" && exec "$build/bench/fanout/sse_bare_broadcaster" --port 0) >"$out" 2>&1 &
  elif [ "${SERVER:-hub}" = hono ]; then
    (ulimit -n "$(ulimit -Hn)" && NODE_PATH="$build/fanout-npm/node_modules" exec node "$root/bench/fanout/hono_hub.mjs" 0) >"$out" 2>&1 &
  elif [ "${SERVER:-hub}" = better-sse ]; then
    (ulimit -n "$(ulimit -Hn)" && NODE_PATH="$build/fanout-npm/node_modules" exec node "$root/bench/fanout/better_sse_hub.mjs" 0) >"$out" 2>&1 &
  else
    (ulimit -n "$(ulimit -Hn)" && exec "$hub" --port 0 "$@") >"$out" 2>&1 &
  fi
  hub_pid=$!
  port=""
  for _ in $(seq 100); do
    port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$out")
    [ -n "$port" ] && break
    sleep 0.05
  done
  rm -f "$out"
  [ -n "$port" ] || { echo "hub_server did not start"; exit 1; }
}

failed=0
run() {  # label, hub options (quoted), loadgen options...
  local label=$1 hub_options=$2
  shift 2
  # shellcheck disable=SC2086
  start_hub $hub_options
  timeout 300 "$loadgen" --port "$port" --server-pid "$hub_pid" --label "$label" "$@" || failed=$((failed + 1))
}

# The slow-consumer run: 10% never read; they must be dropped, the rest complete.
slow_run() {  # clients events size interval
  start_hub --max-queue-bytes 262144 --keepalive-ms 60000
  local line want=$(($1 / 10))
  line=$(timeout 300 "$loadgen" --port "$port" --server-pid "$hub_pid" --label hub-slow10 --slow-percent 10 \
    --clients "$1" --events "$2" --size "$3" --interval-ms "$4") || failed=$((failed + 1))
  echo "$line"
  case $line in *"\"dropped_slow\":$want,"*) ;; *) echo "FAIL: expected dropped_slow $want"; failed=$((failed + 1)) ;; esac
}

if [ "$ci" = 1 ]; then
  run hub "--keepalive-ms 60000" --clients 2000 --events 10 --interval-ms 50 --size 48
  slow_run 500 200 16384 5
else
  servers=" ${SSE_FANOUT_SERVERS:-bare hub better-sse hono} "
  want() { case $servers in *" $1 "*) return 0 ;; esac; return 1; }
  for n in 1000 5000 10000 19000; do
    want bare && SERVER=bare run bare "" --clients "$n" --events 50 --interval-ms 200 --size 48
    want hub && run hub "--keepalive-ms 60000" --clients "$n" --events 50 --interval-ms 200 --size 48
  done
  if want hub; then
    run hub-1s "--keepalive-ms 60000" --clients 10000 --events 20 --interval-ms 1000 --size 48
    slow_run 2000 200 16384 10
  fi
  if (want better-sse || want hono) && command -v node >/dev/null && command -v npm >/dev/null; then
    if [ ! -d "$build/fanout-npm/node_modules/better-sse" ] || [ ! -d "$build/fanout-npm/node_modules/@hono/node-server" ]; then
      mkdir -p "$build/fanout-npm"
      (cd "$build/fanout-npm" && timeout 180 npm install --no-audit --no-fund --no-save --silent \
        better-sse@0.16.1 hono@4.13.19 @hono/node-server@2.1.9)
    fi
    for peer in better-sse hono; do
      want "$peer" || continue
      for n in 1000 5000 10000 19000; do
        SERVER=$peer run "$peer" "" --clients "$n" --events 50 --interval-ms 200 --size 48
      done
      SERVER=$peer run "$peer-1s" "" --clients 10000 --events 20 --interval-ms 1000 --size 48
    done
  fi
fi
echo "fanout: $failed failed"
[ "$failed" -eq 0 ]
