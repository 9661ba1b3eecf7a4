#!/usr/bin/env bash
# hub_server from outside, loopback only, every wait bounded:
#
#   bash tests/e2e/hub_test.sh BUILD_DIR       # BUILD_DIR/examples/hub_server
#   SSE_HUB_ARGS="--threads 2" bash tests/e2e/hub_test.sh BUILD_DIR   # extra options
#
# Three curl subscribers get the exact bytes of every published event (multi-line
# data, types, an empty body); POST answers the ids 1, 2, 3, ...; Last-Event-ID
# replays exactly the missed events, or the resync event (unknown, too_old);
# /stats counts; bad requests get 4xx while the streams go on; a client that
# reads too slowly is dropped (dropped_slow) while a fast one gets everything;
# an absolute-form target (GET http://host/events) streams; past a small
# --max-connections a new client gets 503 at once; SIGTERM ends the streams and
# exits 0. Needs bash, curl, cmp.
set -uo pipefail
build=$(cd "${1:?usage: hub_test.sh BUILD_DIR}" && pwd)
hub="$build/examples/hub_server"
[ -x "$hub" ] || { echo "FAIL hub_test: $hub not built"; exit 1; }
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
ok() { echo "ok   $*"; }

# start_hub NAME ARGS...: sets $port and $hub_pid.
start_hub() {
  local name=$1
  shift
  # shellcheck disable=SC2086
  "$hub" --port 0 "$@" ${SSE_HUB_ARGS:-} >"$work/$name.out" 2>"$work/$name.err" &
  hub_pid=$!
  pids+=("$hub_pid")
  port=""
  for _ in $(seq 100); do
    port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$work/$name.out")
    [ -n "$port" ] && return 0
    sleep 0.05
  done
  echo "FAIL hub_server did not start: $(cat "$work/$name.err")"
  exit 1
}

# wait_for SECONDS COMMAND...: polls until the command succeeds.
wait_for() {
  local limit=$1
  shift
  local end=$(($(date +%s) + limit))
  until "$@"; do
    [ "$(date +%s)" -lt "$end" ] || return 1
    sleep 0.05
  done
}
stats() { curl -s --max-time 5 "http://127.0.0.1:$port/stats"; }
stats_has() { stats | grep -q "$1"; }
same_file() { cmp -s "$1" "$2"; }
status_of() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@"; }

# ---------------------------------------------------------------------------
start_hub main --history 5 --keepalive-ms 60000
base="http://127.0.0.1:$port"

# Three subscribers; the first also records the response head.
curl -sN -i --max-time 30 "$base/events" -o "$work/c1" &
pids+=($!)
for i in 2 3; do
  curl -sN --max-time 30 "$base/events" -o "$work/c$i" &
  pids+=($!)
done
wait_for 10 stats_has '"connections":3,' || fail "three subscribers not connected: $(stats)"

# Publish: multi-line data (LF, CRLF, CR), a type, no type, an empty body.
printf 'line one\nline two\r\nline three\rend' >"$work/body1"
id1=$(curl -s --max-time 5 --data-binary @"$work/body1" "$base/publish?type=update")
id2=$(curl -s --max-time 5 --data-binary 'plain' "$base/publish")
id3=$(curl -s --max-time 5 -X POST "$base/publish?type=empty")
[ "$id1 $id2 $id3" = "1 2 3" ] && ok "publish answers the ids 1 2 3" || fail "publish ids: '$id1 $id2 $id3'"

printf 'id: 1\nevent: update\ndata: line one\ndata: line two\ndata: line three\ndata: end\n\nid: 2\ndata: plain\n\nid: 3\nevent: empty\ndata: \n\n' >"$work/frames"
printf 'HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nX-Accel-Buffering: no\r\n\r\n' >"$work/head"
cat "$work/head" "$work/frames" >"$work/with_head"
wait_for 10 same_file "$work/c1" "$work/with_head" && ok "subscriber 1: head and exact event bytes" ||
  fail "subscriber 1 got: $(od -c "$work/c1" | head -20)"
for i in 2 3; do
  wait_for 10 same_file "$work/c$i" "$work/frames" && ok "subscriber $i: exact event bytes" ||
    fail "subscriber $i got: $(od -c "$work/c$i" | head -20)"
done

# Replay with Last-Event-ID (curl ends by its time limit; the bytes are what matter).
replay() {  # id, then the file for the output
  curl -sN --max-time 1 -H "Last-Event-ID: $1" "$base/events" -o "$2"
  true
}
replay 1 "$work/r1"
tail -c +$((1 + $(printf 'id: 1\nevent: update\ndata: line one\ndata: line two\ndata: line three\ndata: end\n\n' | wc -c))) \
  "$work/frames" >"$work/after1"
same_file "$work/r1" "$work/after1" && ok "Last-Event-ID: 1 replays 2 and 3" || fail "replay after 1: $(cat "$work/r1")"
replay 0 "$work/r0"
same_file "$work/r0" "$work/frames" && ok "Last-Event-ID: 0 replays 1..3" || fail "replay after 0: $(cat "$work/r0")"
replay 3 "$work/r3"
[ ! -s "$work/r3" ] && ok "Last-Event-ID: 3 replays nothing" || fail "replay after 3: $(cat "$work/r3")"
replay abc "$work/rx"
[ "$(cat "$work/rx")" = "$(printf 'id: 3\nevent: resync\ndata: unknown')" ] && ok "Last-Event-ID: abc gets resync unknown" ||
  fail "unknown id: $(cat "$work/rx")"

# Five more events (history 5 keeps 4..8): id 1 is now too old.
for n in 4 5 6 7 8; do curl -s --max-time 5 --data-binary "e$n" "$base/publish" >/dev/null; done
replay 1 "$work/rold"
[ "$(cat "$work/rold")" = "$(printf 'id: 8\nevent: resync\ndata: too_old')" ] && ok "Last-Event-ID: 1 after 8 events (history 5) gets resync too_old" ||
  fail "too_old: $(cat "$work/rold")"
replay 6 "$work/r6"
[ "$(cat "$work/r6")" = "$(printf 'id: 7\ndata: e7\n\nid: 8\ndata: e8')" ] && ok "Last-Event-ID: 6 replays 7 and 8" ||
  fail "replay after 6: $(cat "$work/r6")"

# Bad requests: 4xx, and the subscribers are not disturbed.
[ "$(status_of -H 'Last-Event-ID: 1' -H 'Last-Event-ID: 2' "$base/events")" = 400 ] && ok "two Last-Event-ID: 400" || fail "two Last-Event-ID"
[ "$(status_of "$base/publish")" = 405 ] && ok "GET /publish: 405" || fail "GET /publish"
[ "$(status_of -X POST "$base/events")" = 405 ] && ok "POST /events: 405" || fail "POST /events"
[ "$(status_of "$base/nope")" = 404 ] && ok "unknown path: 404" || fail "unknown path"
[ "$(status_of -X POST "$base/publish?type=resync")" = 400 ] && ok "type resync: 400" || fail "type resync"
[ "$(status_of -X POST "$base/publish?type=error")" = 400 ] && ok "type error (would fire every EventSource.onerror): 400" || fail "type error"
[ "$(status_of -X POST "$base/publish?type=unavailable")" = 400 ] && ok "type unavailable: 400" || fail "type unavailable"
head -c 2000000 /dev/zero >"$work/big"
[ "$(status_of --data-binary @"$work/big" "$base/publish")" = 413 ] && ok "2 MB body: 413" || fail "2 MB body"
printf 'GARBAGE\r\n\r\n' >"$work/garbage"
[ "$(curl -s --max-time 5 "telnet://127.0.0.1:$port" <"$work/garbage" | head -1 | tr -d '\r')" = "HTTP/1.1 400 Bad Request" ] &&
  ok "malformed request: 400" || fail "malformed request"

# An absolute-form request target (RFC 9112 3.2.2) is a stream like the origin form.
printf 'GET http://127.0.0.1:%s/events HTTP/1.1\r\nHost: 127.0.0.1\r\nLast-Event-ID: 7\r\n\r\n' "$port" >"$work/absolute"
(cat "$work/absolute"; sleep 1) | curl -s --max-time 3 "telnet://127.0.0.1:$port" >"$work/abs_out" 2>/dev/null
printf 'HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nX-Accel-Buffering: no\r\n\r\nid: 8\ndata: e8\n\n' >"$work/abs_expect"
same_file "$work/abs_out" "$work/abs_expect" && ok "absolute-form GET http://.../events: the stream head and the replay" ||
  fail "absolute-form target got: $(od -c "$work/abs_out" | head -10)"

expect_stats='{"connections":3,"published":8,"dropped_slow":0,"queued_bytes":0}'
wait_for 10 stats_has "^$expect_stats\$" && ok "stats: $expect_stats" || fail "stats: $(stats)"
for i in 2 3; do
  printf 'id: %s\ndata: e%s\n\n' 4 4 5 5 6 6 7 7 8 8 | cat "$work/frames" - >"$work/all$i"
  wait_for 10 same_file "$work/c$i" "$work/all$i" && ok "subscriber $i: all 8 events, nothing else" || fail "subscriber $i after 8"
done

# SIGTERM: exits 0 promptly and the streams end.
kill -TERM "$hub_pid"
end=$(($(date +%s) + 10))
while kill -0 "$hub_pid" 2>/dev/null && [ "$(date +%s)" -lt "$end" ]; do sleep 0.05; done
if kill -0 "$hub_pid" 2>/dev/null; then
  fail "SIGTERM: still running after 10 s"
else
  wait "$hub_pid"
  code=$?
  [ "$code" -eq 0 ] && ok "SIGTERM: exit 0" || fail "SIGTERM: exit $code"
fi
if grep -q 'Sanitizer' "$work/main.err"; then fail "sanitizer report: $(cat "$work/main.err")"; fi
for p in "${pids[@]:1:3}"; do
  wait_for 5 bash -c "! kill -0 $p 2>/dev/null" && ok "stream $p ended" || fail "stream $p still open"
done

# ---------------------------------------------------------------------------
# A backlog larger than --max-queue-bytes: resync too_old, not a drop (which the
# client would repeat forever with the same Last-Event-ID).
start_hub backlog --max-queue-bytes 2000 --history 100 --keepalive-ms 60000
base="http://127.0.0.1:$port"
for n in $(seq 30); do curl -s --max-time 5 --data-binary "$(head -c 100 /dev/zero | tr '\0' 'b')" "$base/publish" >/dev/null; done
replay 20 "$work/small_backlog"
[ "$(grep -c '^id: ' "$work/small_backlog")" = 10 ] && ok "a backlog within the bound (10 x 115 B) is replayed" ||
  fail "small backlog: $(head -c 300 "$work/small_backlog")"
replay 1 "$work/big_backlog"
[ "$(cat "$work/big_backlog")" = "$(printf 'id: 30\nevent: resync\ndata: too_old')" ] &&
  ok "a backlog over --max-queue-bytes (29 x 115 B > 2000) gets resync too_old" || fail "big backlog: $(head -c 300 "$work/big_backlog")"
stats_has '"dropped_slow":0,' && ok "nobody dropped for the backlog" || fail "backlog stats: $(stats)"
kill -TERM "$hub_pid"
wait "$hub_pid"

# ---------------------------------------------------------------------------
# Slow consumer: one client reads 1 KB/s, one reads at full speed; 40 events of
# 512 KiB (20 MiB) against a 1 MiB queue bound: the slow one is dropped, the
# fast one gets every byte.
start_hub slow --max-queue-bytes 1048576 --keepalive-ms 60000
base="http://127.0.0.1:$port"
curl -sN --max-time 60 --limit-rate 1k "$base/events" -o /dev/null &
pids+=($!)
curl -sN --max-time 60 "$base/events" -o "$work/fast" &
pids+=($!)
wait_for 10 stats_has '"connections":2,' || fail "slow test: two subscribers not connected: $(stats)"
head -c 524288 /dev/zero | tr '\0' 'x' >"$work/half_mib"
: >"$work/fast_expect"
for n in $(seq 40); do
  curl -s --max-time 10 --data-binary @"$work/half_mib" "$base/publish" >/dev/null
  { printf 'id: %s\ndata: ' "$n"; cat "$work/half_mib"; printf '\n\n'; } >>"$work/fast_expect"
done
wait_for 20 stats_has '"dropped_slow":1,' && ok "slow client dropped: $(stats)" || fail "slow client not dropped: $(stats)"
wait_for 20 same_file "$work/fast" "$work/fast_expect" && ok "fast client got all 40 events (20 MiB)" ||
  fail "fast client got $(wc -c <"$work/fast") of $(wc -c <"$work/fast_expect") bytes"
stats_has '"connections":1,"published":40,"dropped_slow":1,' && ok "stats after the drop: $(stats)" || fail "stats: $(stats)"
kill -TERM "$hub_pid"
wait "$hub_pid"
code=$?
[ "$code" -eq 0 ] && ok "SIGTERM with a stream open: exit 0" || fail "SIGTERM: exit $code"
if grep -q 'Sanitizer' "$work/slow.err"; then fail "sanitizer report: $(cat "$work/slow.err")"; fi

# ---------------------------------------------------------------------------
# --max-connections 3: two streams and one idle connection hold the three
# slots; the next client gets 503 at once (not a hang), and once a stream's
# client left a new one is served again.
start_hub cap --max-connections 3 --keepalive-ms 60000
base="http://127.0.0.1:$port"
curl -sN --max-time 30 "$base/events" -o /dev/null &
cap1=$!
pids+=("$cap1")
curl -sN --max-time 30 "$base/events" -o /dev/null &
pids+=($!)
wait_for 10 stats_has '"connections":2,' || fail "cap test: two subscribers not connected: $(stats)"
# Three requests on one kept-alive connection (as the fan-out benchmark's publisher does).
reuse=$(curl -sv --max-time 5 --data-binary a "$base/publish" --next --data-binary b "$base/publish" --next "$base/stats" 2>&1)
[ "$(grep -c 'Re-using existing connection' <<<"$reuse")" = 2 ] && grep -q '"published":2,' <<<"$reuse" &&
  ok "publish, publish, stats on one kept-alive connection" || fail "keep-alive: $reuse"
[ "$(status_of "$base/stats")" = 200 ] && ok "third connection (within --max-connections 3): 200" || fail "third connection refused"
(sleep 3) | curl -s --max-time 4 "telnet://127.0.0.1:$port" >/dev/null 2>&1 &
pids+=($!)
sleep 0.5
busy=$(curl -s -i --max-time 2 "$base/stats" | head -1 | tr -d '\r')
[ "$busy" = "HTTP/1.1 503 Service Unavailable" ] && ok "fourth open connection past --max-connections 3: 503 at once" ||
  fail "past the cap got: '$busy'"
kill "$cap1" 2>/dev/null
wait_for 5 stats_has '"connections":1,' && ok "served again after a stream's client left: $(stats)" ||
  fail "after a client left: $(stats)"
kill -TERM "$hub_pid"
wait "$hub_pid"
if grep -q 'Sanitizer' "$work/cap.err"; then fail "sanitizer report: $(cat "$work/cap.err")"; fi

echo "hub_test: $failures failed"
[ "$failures" -eq 0 ]
