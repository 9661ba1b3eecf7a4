#!/usr/bin/env bash
# End-to-end tests of the live servers with real clients, loopback only.
#
#   bash tests/e2e/run.sh BUILD_DIR [raw] [clients] [browser] [load] [frameworks] [proxy] [limits] [idle] [shutdown]
#
# BUILD_DIR holds examples/demo_server (and, for "frameworks", httplib_server /
# beast_server when they were built). With no test names, runs them all.
# npm packages (playwright-core, eventsource) go to BUILD_DIR/e2e/npm, never
# into the source tree. Every server is started here on a free port and killed
# by PID when the script exits; every test has a time limit.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$(cd "${1:?usage: run.sh BUILD_DIR [tests...]}" && pwd)
shift
tests=("$@")
[ "${#tests[@]}" -gt 0 ] || tests=(raw clients browser load frameworks proxy limits idle shutdown)
scratch="$build/e2e"
mkdir -p "$scratch"

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_server NAME BINARY ARGS...: starts it on a free port; sets $port and $pid.
start_server() {
  local name=$1
  shift
  "$@" --port 0 >"$scratch/$name.out" 2>"$scratch/$name.log" &
  pid=$!
  pids+=("$pid")
  port=""
  for _ in $(seq 100); do
    port=$(sed -n 's#.* http://127\.0\.0\.1:\([0-9][0-9]*\)/$#\1#p' "$scratch/$name.out")
    [ -n "$port" ] && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  echo "FAIL $name did not start: $(cat "$scratch/$name.log")"
  return 1
}

need_npm() {
  [ -f "$scratch/npm/node_modules/.package-lock.json" ] &&
    cmp -s "$here/package-lock.json" "$scratch/npm/package-lock.json" && return 0
  rm -rf "$scratch/npm" && mkdir -p "$scratch/npm"
  cp "$here/package.json" "$here/package-lock.json" "$scratch/npm/"
  echo "--- npm ci (playwright-core, eventsource, compression) into $scratch/npm"
  (cd "$scratch/npm" && timeout 180 npm ci --no-audit --no-fund --loglevel=error) || return 1
}
export SSE_E2E_NODE_MODULES="$scratch/npm"

failed=0
result() {  # name, exit code
  if [ "$2" -ne 0 ]; then failed=$((failed + 1)); echo "--- $1: FAILED"; fi
}

# One demo_server for the node tests; each test picks count/interval per request.
start_server demo "$build/examples/demo_server" --count 100 --request-timeout-ms 1500 || exit 1
export SSE_E2E_PORT=$port SSE_E2E_PID=$pid SSE_E2E_LOG="$scratch/demo.log"
export SSE_E2E_DEMO_BIN="$build/examples/demo_server"
demo_pid=$pid

for t in "${tests[@]}"; do
  echo "--- $t"
  case $t in
    raw) timeout 90 node "$here/raw_test.mjs"; result raw $? ;;
    clients) need_npm && timeout 90 node "$here/clients_test.mjs"; result clients $? ;;
    browser) need_npm && timeout 120 node "$here/browser_test.mjs"; result browser $? ;;
    load) timeout 90 node "$here/load_test.mjs"; result load $? ;;
    frameworks) bash "$here/frameworks.sh" "$build" "$scratch"; result frameworks $? ;;
    proxy) need_npm && timeout 110 node "$here/proxy_test.mjs"; result proxy $? ;;
    limits) timeout 60 node "$here/limits_test.mjs"; result limits $? ;;
    idle) (ulimit -n "$(ulimit -Hn)"; timeout 120 node "$here/idle_test.mjs"); result idle $? ;;
    shutdown)
      # SIGTERM with streams open: every connection is closed, exit status 0, promptly.
      ( timeout 10 curl -sN "http://127.0.0.1:$port/tokens?count=1000&interval_ms=100" >/dev/null ) &
      curl_pid=$!
      sleep 0.5
      start=$(date +%s%N)
      kill -TERM "$demo_pid"
      code=1
      for _ in $(seq 60); do
        if ! kill -0 "$demo_pid" 2>/dev/null; then wait "$demo_pid"; code=$?; break; fi
        sleep 0.05
      done
      ms=$(( ($(date +%s%N) - start) / 1000000 ))
      wait "$curl_pid" 2>/dev/null
      if [ "$code" -eq 0 ] && grep -q "stopped, every connection closed" "$scratch/demo.log"; then
        echo "ok   SIGTERM with a stream open: server closed it and exited 0 in $ms ms"
      else
        echo "FAIL SIGTERM: exit status $code after $ms ms"; tail -3 "$scratch/demo.log"
        failed=$((failed + 1))
      fi
      ;;
    *) echo "unknown test $t"; failed=$((failed + 1)) ;;
  esac
done

if [ "$failed" -ne 0 ]; then
  echo "e2e: $failed test(s) failed; server log: $scratch/demo.log"
  exit 1
fi
echo "e2e: all passed (${tests[*]})"
