#!/usr/bin/env bash
# Multi-instance test of examples/redis_fanout: one throw-away redis-server, three
# fanout_server instances on different loopback ports, curl as the client.
#
#   bash tests/redis/multi_instance.sh path/to/fanout_server
#
# 0. routes: 404, 405, 400 for a bad ?type= or a reserved one (error, resync,
#    unavailable), 411 for a chunked body, HEAD;
# 1. fan-out: clients on every instance get every event, in the same order,
#    byte for byte the same frames, ids = the ids /publish answered;
#    45 more clients (15 per instance) all get the same events;
# 2. resume elsewhere: a client dropped from A reconnects to B with its
#    Last-Event-ID and gets exactly the missing events, no duplicates;
# 3. MAXLEN ~: the stream stays bounded, and a trimmed id gets the resync
#    answer (id: <newest>, event: resync, data: too_old); a foreign id, and
#    0-0, get data: unknown; a Last-Event-ID with NUL gets 400;
# 4. Redis killed mid-stream: publish answers 503 at once, no server hangs or
#    dies; Redis back within the retry budget: the open streams recover
#    (resync, since Redis lost its data) and get new events; Redis away longer:
#    every stream ends with `event: unavailable` and closes; Redis back: new
#    clients are served;
# 5. SIGTERM stops every instance promptly (no thread stuck in Redis).
# Loopback only; every wait is bounded; every process is killed by PID.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/redis/lib.sh
source "$here/lib.sh"

server_bin=${1:?usage: multi_instance.sh path/to/fanout_server}
[ -x "$server_bin" ] || die "not executable: $server_bin"
WORK=$(mktemp -d)
trap 'cleanup; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

KEY="sse-ci-$$-$RANDOM"
MAXLEN=50
start_redis

declare -A PORT SERVER_PID CLIENT_PID
for name in A B C; do
  PORT[$name]=$(free_port) || die "no free port"
  spawn "$server_bin" --port "${PORT[$name]}" --redis "127.0.0.1:$REDIS_PORT" --stream "$KEY" \
    --maxlen "$MAXLEN" --keepalive-ms 1000 --retry-ms 500 2>"$WORK/server-$name.log"
  SERVER_PID[$name]=$LAST_PID
done
for name in A B C; do wait_port "${PORT[$name]}" || die "instance $name did not listen on ${PORT[$name]}"; done
for name in A B C; do kill -0 "${SERVER_PID[$name]}" 2>/dev/null || die "instance $name exited (port taken?)"; done
log "instances A=${PORT[A]} B=${PORT[B]} C=${PORT[C]}, redis $REDIS_PORT, stream $KEY"

PUBLISHED=()  # ids in publish order
EXPECTED=$WORK/expected.sse  # the frames every live client must get, in order

# expect ID DATA [TYPE]: records the frame the library must produce for an
# event published with that id (id, event, data lines, blank line).
expect() {
  local id=$1 data=$2 type=${3:-} frame
  PUBLISHED+=("$id")
  frame="id: $id"$'\n'
  [ -z "$type" ] || frame+="event: $type"$'\n'
  frame+="data: ${data//$'\n'/$'\n'data: }"$'\n\n'
  printf '%s' "$frame" >>"$EXPECTED"
}

# publish INSTANCE DATA [TYPE [DECODED]]: POST /publish (TYPE as written in the
# URL, DECODED what it means when it is percent-encoded), check 200 and the id.
publish() {
  local instance=$1 data=$2 type=${3:-} url out id code
  url="http://127.0.0.1:${PORT[$instance]}/publish"
  [ -z "$type" ] || url="$url?type=$type"
  type=${4:-$type}
  out=$(curl -sS -m 5 -w ' %{http_code}' --data-binary "$data" "$url") || die "publish to $instance: curl failed"
  id=${out% *}
  code=${out##* }
  [ "$code" = 200 ] || die "publish to $instance: HTTP $code: $id"
  [[ "$id" =~ ^[0-9]+-[0-9]+$ ]] || die "publish to $instance: not a stream id: '$id'"
  expect "$id" "$data" "$type"
}

# publish_many N PREFIX: N events "PREFIX i" round-robin over A, B, C, in one
# curl process (one request after the other, in order).
publish_many() {
  local n=$1 prefix=$2 i instances=(A B C) line
  : >"$WORK/many.cfg"
  for i in $(seq 1 "$n"); do
    [ "$i" = 1 ] || echo 'next' >>"$WORK/many.cfg"
    printf 'url = "http://127.0.0.1:%s/publish"\ndata-binary = "%s %s"\nwrite-out = " %%{http_code}\\n"\nmax-time = 5\n' \
      "${PORT[${instances[$((i % 3))]}]}" "$prefix" "$i" >>"$WORK/many.cfg"
  done
  curl -sS -K "$WORK/many.cfg" >"$WORK/many.out" || die "publish_many: curl failed"
  i=0
  while read -r line; do
    i=$((i + 1))
    [[ "$line" =~ ^([0-9]+-[0-9]+)\ 200$ ]] || die "publish_many: event $i answered '$line'"
    expect "${BASH_REMATCH[1]}" "$prefix $i"
  done <"$WORK/many.out"
  [ "$i" = "$n" ] || die "publish_many: $i answers for $n events"
}

# subscribe NAME INSTANCE [LAST_EVENT_ID]: curl -N in the background into
# $WORK/NAME.sse, and wait until it is subscribed.
subscribe() {
  subscribe_nowait "$@"
  wait_subscribed "$1"
}
subscribe_nowait() {
  local name=$1 instance=$2 last=${3:-}
  local args=(-sN -m 90 -o "$WORK/$name.sse" "http://127.0.0.1:${PORT[$instance]}/events")
  [ -z "$last" ] || args+=(-H "Last-Event-ID: $last")
  : >"$WORK/$name.sse"
  spawn curl "${args[@]}"
  CLIENT_PID[$name]=$LAST_PID
}
# The head and retry: go out once the server has read where the client starts.
wait_subscribed() {
  local i
  for i in $(seq 1 200); do
    grep -q '^retry: ' "$WORK/$1.sse" 2>/dev/null && return 0
    sleep 0.05
  done
  die "client $1 got no stream head"
}

drop() { stop_pid "${CLIENT_PID[$1]}"; }

# The events of a capture, without keep-alive comments and the retry block.
events_of() { grep -v -e '^: ' -e '^retry: ' "$WORK/$1.sse" | cat -s | sed '/./,$!d'; }
ids_of() { grep '^id: ' "$WORK/$1.sse" | cut -c5-; }

# wait_ids NAME N: until the capture holds N ids (at most 10 s).
wait_ids() {
  local i
  for i in $(seq 1 200); do
    [ "$(ids_of "$1" | wc -l)" -ge "$2" ] && return 0
    sleep 0.05
  done
  die "client $1 has $(ids_of "$1" | wc -l) ids, expected $2: $(tail -c 400 "$WORK/$1.sse")"
}

# wait_for NAME REGEX: until a line of the capture matches (at most 10 s).
wait_for() {
  local i
  for i in $(seq 1 200); do
    grep -qE "$2" "$WORK/$1.sse" && return 0
    sleep 0.05
  done
  die "client $1 never got a line matching '$2': $(tail -c 400 "$WORK/$1.sse")"
}

servers_alive() {
  local name
  for name in A B C; do kill -0 "${SERVER_PID[$name]}" 2>/dev/null || die "instance $name died"; done
}

# --- 0. routes and bad requests ----------------------------------------------
log "0. routes"
# http_status METHOD PATH [curl args...]: prints the status code.
http_status() {
  local method=$1 path=$2
  shift 2
  curl -sS -m 5 -o /dev/null -w '%{http_code}' -X "$method" "$@" "http://127.0.0.1:${PORT[A]}$path"
}
[ "$(http_status GET /publish)" = 405 ] || die "GET /publish is not 405"
[ "$(http_status POST /events -d x)" = 405 ] || die "POST /events is not 405"
[ "$(http_status GET /nope)" = 404 ] || die "GET /nope is not 404"
[ "$(http_status POST '/publish?type=a%0Ab' --data-binary x)" = 400 ] || die "a type with LF is not 400"
[ "$(http_status POST '/publish?type=%zz' --data-binary x)" = 400 ] || die "a bad escape is not 400"
[ "$(http_status POST /publish -H 'Transfer-Encoding: chunked' --data-binary x)" = 411 ] || die "a chunked body is not 411"
for t in error resync unavailable; do  # the server's own event types
  [ "$(http_status POST "/publish?type=$t" --data-binary x)" = 400 ] || die "publishing type $t is not 400"
done
[ "$(http_status GET /)" = 200 ] || die "GET / is not 200"
head=$(curl -sS -m 5 -I "http://127.0.0.1:${PORT[A]}/events" | tr -d '\r')
grep -qx 'Content-Type: text/event-stream' <<<"$head" || die "HEAD /events: $head"
[ "$(rcli EXISTS "$KEY")" = 0 ] || die "a refused publish reached Redis"
log "ok: 404/405/400/411 answers, reserved types error/resync/unavailable refused, HEAD /events, nothing published by refused requests"

# --- 1. fan-out to every instance, same order --------------------------------
log "1. fan-out"
subscribe a1 A
subscribe b1 B
subscribe c1 C
subscribe d A  # will drop after 10 events
instances=(A B C)
for i in $(seq 1 30); do
  inst=${instances[$((i % 3))]}
  case $((i % 4)) in
    0) publish "$inst" "token $i" token ;;
    1) publish "$inst" "line one $i
line two $i" ;;
    2) publish "$inst" "naïve café ✓ $i" 'a%20note' 'a note' ;;
    3) publish "$inst" "{\"n\":$i}" json ;;
  esac
  if [ "$i" = 10 ]; then
    wait_ids d 10
    drop d
  fi
done
for c in a1 b1 c1; do wait_ids "$c" 30; done
for c in a1 b1 c1; do
  diff <(events_of "$c") "$EXPECTED" >"$WORK/diff" || die "client $c differs from what was published: $(head -20 "$WORK/diff")"
done
log "ok: 30 events, identical frames on A, B and C, in publish order"

# --- 1b. many clients at once ------------------------------------------------
# (checked with one grep/awk over all captures: spawning is slow on busy machines)
log "1b. 45 clients"
crowd_files=()
for i in $(seq 1 45); do
  subscribe_nowait "m$i" "${instances[$((i % 3))]}"
  crowd_files+=("$WORK/m$i.sse")
done
for i in $(seq 1 200); do
  [ -z "$(grep -L '^retry: ' "${crowd_files[@]}")" ] && break
  sleep 0.05
done
[ -z "$(grep -L '^retry: ' "${crowd_files[@]}")" ] || die "crowd clients without a stream head"
before=${#PUBLISHED[@]}
publish_many 20 crowd
for i in $(seq 1 200); do
  [ "$(grep -c '^id: ' "${crowd_files[@]}" | grep -vc ':20$')" = 0 ] && break
  sleep 0.05
done
: >"$WORK/crowd.expected"
for f in "${crowd_files[@]}"; do
  for id in "${PUBLISHED[@]:$before}"; do printf '%s %s\n' "$f" "$id" >>"$WORK/crowd.expected"; done
done
awk '/^id: /{print FILENAME " " substr($0, 5)}' "${crowd_files[@]}" >"$WORK/crowd.got"
diff "$WORK/crowd.got" "$WORK/crowd.expected" >"$WORK/diff" || die "crowd clients: $(head -5 "$WORK/diff")"
for i in $(seq 1 45); do kill -TERM "${CLIENT_PID[m$i]}" 2>/dev/null; done
for i in $(seq 1 45); do wait "${CLIENT_PID[m$i]}" 2>/dev/null; done
for c in a1 b1 c1; do wait_ids "$c" "${#PUBLISHED[@]}"; done
log "ok: 45 clients on 3 instances got the same 20 events in the same order"

# --- 2. drop from A, resume on B ---------------------------------------------
log "2. resume on another instance"
last_d=$(ids_of d | tail -1)
[ "$(ids_of d | wc -l)" -ge 10 ] || die "client d got fewer than 10 events"
seen_d=$(ids_of d | wc -l)
subscribe d2 B "$last_d"
publish C "after the drop" token
missing=$((${#PUBLISHED[@]} - seen_d))
wait_ids d2 "$missing"
sleep 0.3  # a duplicate would show up here
expected_ids=$(printf '%s\n' "${PUBLISHED[@]:$seen_d}")
[ "$(ids_of d2)" = "$expected_ids" ] ||
  die "d2 resumed after $last_d on B: got $(ids_of d2 | tr '\n' ' '), expected $(echo "$expected_ids" | tr '\n' ' ')"
[ "$(ids_of d | sort -u | wc -l)" = "$seen_d" ] || die "d got duplicates"
drop d2
log "ok: dropped after $seen_d events on A, resumed on B with exactly the $missing missing ones"

# --- 3. MAXLEN ~ and the resync answer ---------------------------------------
log "3. trimming and resync"
publish_many 200 bulk
total=${#PUBLISHED[@]}
for c in a1 b1 c1; do wait_ids "$c" "$total"; done
len=$(rcli XLEN "$KEY")
[ "$len" -ge "$MAXLEN" ] && [ "$len" -lt "$total" ] || die "XLEN $len: MAXLEN ~ $MAXLEN did not bound the stream"
[ -z "$(rcli XRANGE "$KEY" "${PUBLISHED[0]}" "${PUBLISHED[0]}")" ] || die "the first id was not trimmed"
newest=${PUBLISHED[-1]}
subscribe r1 C "${PUBLISHED[0]}"
wait_ids r1 1
printf 'id: %s\nevent: resync\ndata: too_old\n\n' "$newest" >"$WORK/resync.expected"
diff <(events_of r1) "$WORK/resync.expected" >/dev/null || die "trimmed id: expected the resync answer, got: $(events_of r1)"
publish A "after resync"
wait_ids r1 2
[ "$(ids_of r1 | tail -1)" = "${PUBLISHED[-1]}" ] || die "after resync the live event did not follow"
subscribe r2 B "not-a-stream-id"
wait_for r2 '^data: unknown$'
subscribe r3 A "99999999999999-0"
wait_for r3 '^data: unknown$'
subscribe r4 B "0-0"  # never an id of the server: unknown, not a replay of everything
wait_for r4 '^data: unknown$'
sleep 0.2
[ "$(grep -c '^id: ' "$WORK/r4.sse")" = 1 ] || die "Last-Event-ID: 0-0 replayed events: $(head -c 300 "$WORK/r4.sse")"
# A Last-Event-ID with NUL: 400, never echoed (raw request: curl cannot send NUL).
exec 3<>"/dev/tcp/127.0.0.1/${PORT[B]}"
printf 'GET /events HTTP/1.1\r\nHost: x\r\nLast-Event-ID: 1-\0\r\n\r\n' >&3
status=$(timeout 5 head -1 <&3 | tr -d '\r')
exec 3<&-
[ "$status" = "HTTP/1.1 400 Bad Request" ] || die "NUL in Last-Event-ID: got '$status'"
for c in r1 r2 r3 r4; do drop "$c"; done
log "ok: XLEN $len (MAXLEN ~ $MAXLEN); trimmed id -> resync too_old with id $newest, then live; foreign ids and 0-0 -> unknown; NUL -> 400"

# --- 4. Redis killed mid-stream ----------------------------------------------
log "4. redis killed mid-stream"
total=${#PUBLISHED[@]}
for c in a1 b1 c1; do wait_ids "$c" "$total"; done
kill_redis
start=$(date +%s%N)
code=$(curl -sS -m 10 -o /dev/null -w '%{http_code}' --data-binary "lost" "http://127.0.0.1:${PORT[A]}/publish")
took=$((($(date +%s%N) - start) / 1000000))
[ "$code" = 503 ] || die "publish with redis down: HTTP $code, expected 503"
log "publish with redis down: 503 after $took ms"
sleep 0.5
servers_alive
start_redis  # same port, empty: Redis lost the stream
for c in a1 b1 c1; do wait_for "$c" '^data: unknown$'; done
publish B "back again" token
total=${#PUBLISHED[@]}
for c in a1 b1 c1; do
  wait_for "$c" '^data: back again$'
  [ "$(ids_of "$c" | tail -1)" = "${PUBLISHED[-1]}" ] || die "$c: last id is not the new event"
done
log "ok: redis back within the retry budget: open streams resynced and got the next event"

kill_redis
for c in a1 b1 c1; do wait_for "$c" '^event: unavailable$'; done
for c in a1 b1 c1; do
  pid=${CLIENT_PID[$c]}
  for i in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  kill -0 "$pid" 2>/dev/null && die "$c: stream still open after event: unavailable"
done
servers_alive
start=$(date +%s%N)
timeout 15 curl -sN -m 12 -o "$WORK/down.sse" "http://127.0.0.1:${PORT[C]}/events" || die "a stream opened while redis is down did not end"
took=$((($(date +%s%N) - start) / 1000000))
grep -q '^event: unavailable$' "$WORK/down.sse" || die "a stream opened while redis is down: no unavailable event"
log "ok: redis away: every stream ended with event: unavailable and closed; a new one ends after $took ms"
start_redis
subscribe e1 C
subscribe e2 A
publish B "recovered" token
wait_for e1 '^data: recovered$'
wait_for e2 '^data: recovered$'
servers_alive
log "ok: redis back: new clients served on every instance"

# --- 4b. a client leaving an idle stream is released --------------------------
# Its socket and its Redis connection are closed (the instance's descriptor count
# is back) within one XREAD slice (500 ms) plus a margin, not at the next event.
log "4b. idle client leaves"
fds_a() { ls "/proc/${SERVER_PID[A]}/fd" | wc -l; }
fds_before=$(fds_a)
subscribe idle A
drop idle
released=""
for i in $(seq 1 20); do
  [ "$(fds_a)" -le "$fds_before" ] && { released=$((i * 50)); break; }
  sleep 0.05
done
[ -n "$released" ] || die "1 s after an idle client left, instance A holds $(($(fds_a) - fds_before)) more descriptor(s)"
log "ok: an idle client that left was released (socket and Redis connection closed) within ${released} ms"

# --- 5. prompt shutdown ----------------------------------------------------
log "5. SIGTERM"
for name in A B C; do kill -TERM "${SERVER_PID[$name]}"; done
for name in A B C; do
  for i in $(seq 1 100); do kill -0 "${SERVER_PID[$name]}" 2>/dev/null || break; sleep 0.05; done
  kill -0 "${SERVER_PID[$name]}" 2>/dev/null && die "instance $name still running 5 s after SIGTERM (with open streams)"
  wait "${SERVER_PID[$name]}"
  rc=$?
  [ "$rc" = 0 ] || die "instance $name exited with $rc"
done
log "ok: every instance exited cleanly on SIGTERM with streams open"
echo "redis multi-instance: all checks passed (${#PUBLISHED[@]} events)"
