#!/usr/bin/env bash
# The token stream served by cpp-httplib and by Boost.Beast must carry the same
# event-stream bytes as demo_server (checked byte for byte by raw_test.mjs),
# resume after Last-Event-ID, refuse an invalid one, and survive a client that
# leaves mid-stream. Called by run.sh (needs SSE_E2E_PORT: a running demo_server).
#   frameworks.sh BUILD_DIR SCRATCH_DIR
set -uo pipefail
build=$1
scratch=$2
demo="http://127.0.0.1:${SSE_E2E_PORT:?}"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done' EXIT
failed=0
ok() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

fetch() { curl -sS -N --max-time 15 "$@"; }
# released NAME PID URL: a client that leaves an idle stream (next token in 30 s)
# (no ping due for 60 s) must have its server socket closed within 1 s (the server's descriptor count
# is back to what it was), not at the server's next write.
released() {
  local name=$1 pid=$2 url=$3 before now
  before=$(ls "/proc/$pid/fd" | wc -l)
  curl -s -N --max-time 0.5 "$url/tokens?count=2&interval_ms=30000&keepalive_ms=60000" >/dev/null
  for _ in $(seq 20); do
    now=$(ls "/proc/$pid/fd" | wc -l)
    [ "$now" -le "$before" ] && { ok "$name: a client leaving an idle stream is released within 1 s"; return; }
    sleep 0.05
  done
  fail "$name: 1 s after a client left an idle stream the server still holds $((now - before)) more descriptor(s)"
}
q='count=30&interval_ms=5'
want_full=$(fetch "$demo/tokens?$q" | od -An -tx1)
want_resumed=$(fetch -H 'Last-Event-ID: 17' "$demo/tokens?$q" | od -An -tx1)
[ -n "$want_full" ] && [ -n "$want_resumed" ] || { echo "FAIL demo_server gave no reference stream"; exit 1; }

released demo_server "$SSE_E2E_PID" "$demo"

for name in httplib_server beast_server; do
  bin="$build/examples/$name"
  if [ ! -x "$bin" ]; then fail "$name was not built (see the cmake message)"; continue; fi
  "$bin" --port 0 >"$scratch/$name.out" 2>"$scratch/$name.log" &
  pid=$!
  pids+=("$pid")
  port=""
  for _ in $(seq 100); do
    port=$(sed -n 's#.* http://127\.0\.0\.1:\([0-9][0-9]*\)/$#\1#p' "$scratch/$name.out")
    [ -n "$port" ] && break
    sleep 0.05
  done
  [ -n "$port" ] || { fail "$name did not start: $(cat "$scratch/$name.log")"; continue; }
  url="http://127.0.0.1:$port"

  [ "$(fetch "$url/tokens?$q" | od -An -tx1)" = "$want_full" ] &&
    ok "$name: curl -N /tokens: same bytes as demo_server (retry, ids 1..30, done)" ||
    fail "$name: /tokens differs from demo_server"
  [ "$(fetch -H 'Last-Event-ID: 17' "$url/tokens?$q" | od -An -tx1)" = "$want_resumed" ] &&
    ok "$name: Last-Event-ID: 17 resumes at 18, same bytes as demo_server" ||
    fail "$name: resume differs from demo_server"
  head=$(fetch -o /dev/null -D - "$url/tokens?count=1&interval_ms=1" | tr -d '\r' | tr 'A-Z' 'a-z')
  { grep -qx 'content-type: text/event-stream' <<<"$head" && grep -qx 'cache-control: no-cache' <<<"$head" &&
    grep -qx 'x-accel-buffering: no' <<<"$head"; } &&
    ok "$name: the three stream headers" || fail "$name: headers: $head"
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H 'Last-Event-ID: x1' "$url/tokens")
  [ "$code" = 400 ] && ok "$name: invalid Last-Event-ID -> 400" || fail "$name: invalid Last-Event-ID -> $code"
  # Clients that leave mid-stream, then one that stays: the server must go on.
  for _ in 1 2 3; do curl -s -N --max-time 0.3 "$url/tokens?count=100&interval_ms=20" >/dev/null; done
  [ "$(fetch "$url/tokens?$q" | od -An -tx1)" = "$want_full" ] && kill -0 "$pid" 2>/dev/null &&
    ok "$name: still streams correctly after 3 clients left mid-stream" ||
    fail "$name: broken after clients left mid-stream"
  released "$name" "$pid" "$url"
  pings=$(curl -s -N --max-time 1.5 "$url/tokens?count=1&interval_ms=30000&keepalive_ms=300" | grep -c '^: keep-alive$')
  [ "$pings" -ge 2 ] && ok "$name: an idle stream gets keep-alive pings ($pings in 1.5 s at keepalive_ms=300)" ||
    fail "$name: $pings keep-alive pings in 1.5 s at keepalive_ms=300"
done
[ "$failed" -eq 0 ]
