#!/usr/bin/env bash
# The parser (issue 5): the parser and round-trip libFuzzer targets under
# ASan+UBSan for a bounded time each (SSE_FUZZ_SECONDS, default 45; the UTF-8
# joiner's target for a third of it), then examples/curl_client against a
# small event-stream server on 127.0.0.1 (python3), output compared byte for byte.
# The parser's unit, conformance and round-trip tests run in the core step.
# packages: clang cmake ninja-build libcurl4-openssl-dev python3
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${SSE_CI_BUILD:-build/ci}/parser"
seconds="${SSE_FUZZ_SECONDS:-45}"
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cmake -S . -B "$build" -G Ninja -DSSE_WERROR=ON -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSSE_BUILD_FUZZERS=ON -DSSE_BUILD_TESTS=OFF -DSSE_BUILD_EXAMPLES=ON >/dev/null
cmake --build "$build" -j "${SSE_JOBS:-2}" --target fuzz_parser fuzz_roundtrip fuzz_utf8 curl_client

# --- fuzzing: the seed corpus is copied, so the repository never changes ---
for target in parser roundtrip utf8; do
  mkdir -p "$work/corpus-$target"
  limit=$seconds
  [ "$target" != utf8 ] || limit=$(( (seconds + 2) / 3 ))
  echo "fuzz_$target: ${limit} s"
  if ! "$build/fuzz/fuzz_$target" -max_total_time="$limit" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$work/" "$work/corpus-$target" "fuzz/corpus/$target" \
      >"$work/fuzz-$target.log" 2>&1; then
    tail -n 40 "$work/fuzz-$target.log"
    for crash in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
      [ -e "$crash" ] && { echo "input $crash:"; od -c "$crash" | head -n 20; }
    done
    echo "fuzz_$target FAILED"
    exit 1
  fi
  grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' "$work/fuzz-$target.log" || true
done

# --- curl_client against a live stream on 127.0.0.1 ---
cat >"$work/server.py" <<'PY'
import http.server, sys, time
class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # the body ends when the connection closes
    def log_message(self, *args):
        pass
    def do_GET(self):
        if self.path != "/stream":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        last = self.headers.get("Last-Event-ID")
        # Split inside the BOM, a CRLF and a UTF-8 character; an invalid byte;
        # a final event without its blank line (dropped at the end of stream).
        pieces = [b"\xef\xbb", b"\xbf: hi\r\nretry: 1500\r\n\r\nid: 1\r", b"\nevent: tok\ndata: caf\xc3",
                  b"\xa9\r\ndata: two\n\n", b"data: bad \xff\n\n"]
        if last is not None:
            pieces.append(b"data: last=" + last.encode() + b"\n\n")
        pieces.append(b"id: 2\ndata: unfinished")
        for p in pieces:
            self.wfile.write(p)
            self.wfile.flush()
            time.sleep(0.02)
server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
PY
python3 "$work/server.py" >"$work/port" &
server_pid=$!
for _ in $(seq 200); do [ -s "$work/port" ] && break; sleep 0.1; done  # up to 20 s on a busy machine
port=$(cat "$work/port")
[ -n "$port" ] || { echo "the test server did not start"; exit 1; }
client="$build/examples/curl_client"

timeout 20 "$client" "http://127.0.0.1:$port/stream" --timeout-s 15 >"$work/out1" 2>"$work/err1"
printf '%s\n' 'retry 1500' 'event type="tok" id="1" data="café\ntwo"' \
  "event type=\"message\" id=\"1\" data=\"bad $(printf '\xef\xbf\xbd')\"" >"$work/want1"
diff -u "$work/want1" "$work/out1"
grep -q 'ended inside an event' "$work/err1"

timeout 20 "$client" "http://127.0.0.1:$port/stream" --last-event-id 41 --max-events 3 >"$work/out2" 2>"$work/err2"
tail -n 1 "$work/out2" | grep -qx 'event type="message" id="1" data="last=41"'

if timeout 20 "$client" "http://127.0.0.1:$port/elsewhere" >"$work/out3" 2>"$work/err3"; then
  echo "curl_client accepted a 404"; exit 1
fi
grep -q 'refused: HTTP 404' "$work/err3"
echo "curl_client: live stream printed as expected"
