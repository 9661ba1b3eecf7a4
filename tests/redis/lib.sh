#!/usr/bin/env bash
# Helpers for the Redis fan-out tests: free loopback ports, a throw-away
# redis-server (no persistence), fanout_server instances, and cleanup of every
# process by PID. Source it; call `cleanup` from an EXIT trap.
#
# Every process started here is recorded in PIDS (and REDIS_PID for Redis) and
# killed by PID at the end; nothing is matched by name.

PIDS=()
REDIS_PID=""
REDIS_PORT=""
WORK=""

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
die() {
  log "FAIL: $*"
  local f
  for f in "${WORK:-/nonexistent}"/*.log; do
    [ -f "$f" ] || continue
    echo "--- last lines of $(basename "$f")" >&2
    tail -n 15 "$f" >&2
  done
  exit 1
}

# True when nothing accepts connections on 127.0.0.1:$1.
port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Prints a port that is free right now (random in 20000-59999, checked).
free_port() {
  local p i
  for i in $(seq 1 50); do
    p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    if port_is_free "$p"; then echo "$p"; return 0; fi
  done
  return 1
}

# Waits (at most $2 tenths of a second, default 50) until 127.0.0.1:$1 accepts.
wait_port() {
  local port=$1 tries=${2:-50} i
  for i in $(seq 1 "$tries"); do
    if ! port_is_free "$port"; then return 0; fi
    sleep 0.1
  done
  return 1
}

# Kills one PID (TERM, then KILL after ~2 s) and reaps it.
stop_pid() {
  local pid=$1 i
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 20); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# Starts redis-server on REDIS_PORT (picked when empty) with no persistence.
start_redis() {
  [ -n "$REDIS_PORT" ] || REDIS_PORT=$(free_port) || die "no free port for redis"
  redis-server --save '' --appendonly no --port "$REDIS_PORT" --bind 127.0.0.1 \
    --daemonize no --dir "$WORK" --logfile "$WORK/redis.log" &
  REDIS_PID=$!
  local i
  for i in $(seq 1 50); do
    if [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; then
      log "redis-server pid $REDIS_PID on 127.0.0.1:$REDIS_PORT"
      return 0
    fi
    kill -0 "$REDIS_PID" 2>/dev/null || break
    sleep 0.1
  done
  cat "$WORK/redis.log" >&2 || true
  die "redis-server did not start on port $REDIS_PORT"
}

stop_redis() {
  stop_pid "$REDIS_PID"
  REDIS_PID=""
}

# Kills Redis at once (SIGKILL): the servers see their connections drop.
kill_redis() {
  [ -n "$REDIS_PID" ] || return 0
  kill -KILL "$REDIS_PID" 2>/dev/null || true
  wait "$REDIS_PID" 2>/dev/null || true
  REDIS_PID=""
}

rcli() { timeout 5 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }

# Starts a background command and records its PID in PIDS and LAST_PID.
# (Call it directly, not in $(...): a subshell would own the process.)
LAST_PID=""
spawn() {
  "$@" &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
}

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  PIDS=()
  stop_redis
}
