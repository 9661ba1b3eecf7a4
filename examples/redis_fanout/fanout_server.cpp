// fanout_server -- Server-Sent Events fanned out across server instances
// through one Redis stream. Run several, on different ports, with the same
// --redis and --stream: an event published on any instance reaches the
// clients of every instance, in the same order, with the same ids, and a
// client may reconnect to any instance with its Last-Event-ID.
//
//   fanout_server --port 8081 --redis 127.0.0.1:6379 --stream events
//   curl -N http://127.0.0.1:8081/events
//   curl --data-binary 'hello' 'http://127.0.0.1:8082/publish?type=greeting'   # prints the new id
//
// Routes:
//   GET  /events   the stream. Without Last-Event-ID: the events published
//                  from now on. With one: every event after it, then live;
//                  if Redis no longer has it (trimmed, or lost), the resync
//                  answer of <sse/replay.hpp>: `id: <newest>`, `event: resync`,
//                  `data: too_old` (or `unknown`), then live. A Last-Event-ID
//                  with CR, LF or NUL gets 400.
//   POST /publish  the body is one event's data, `?type=NAME` (percent-encoded)
//                  its event type; XADD ... MAXLEN ~ <maxlen>; answers 200 with
//                  the new id as the whole body, 400 for a bad type, 503 when
//                  Redis is unreachable. The body needs a Content-Length (else
//                  411; chunked bodies too) of at most 1 MiB (else 413).
//   GET  /         a small page that shows the stream and can publish.
//
// HTTP is Boost.Beast's async parser on one io_context thread
// (../common/beast_http.hpp), and each stream is an sse::AsioSession that
// writes, and notices the client leaving at once (its pending read). Behind
// each /events client is its own Redis connection, read with a blocking XREAD
// from its own cursor (the id of the last event it got) on a thread of its
// own, in slices of at most 500 ms; the thread hands each frame to the
// session (posted to the io thread) and stops within a second of the client
// leaving or the server stopping. Why a blocking Redis connection per
// subscriber, not an async one: the logic below (replay in pages, resync,
// retries with backoff while Redis is away) reads as straight-line code over
// hiredis' blocking API, the same RedisHistory that tests/redis checks;
// hiredis ships no Asio adapter (Debian's has libevent, libev, libuv, glib),
// so going async means writing one over its file descriptor and turning that
// logic into callbacks, for an example whose point is the fan-out through
// Redis. The cost is a thread and a Redis connection per subscriber: fine for
// hundreds of clients per instance; for many thousands, one XREAD per
// instance fanned out to every session (as hub_server does) is the design.
// /publish runs its blocking XADD on a small thread pool, never on the io
// thread. A `: keep-alive` comment goes out after --keepalive-ms without
// events. When Redis goes away mid-stream the server retries with a
// capped backoff (about 4.5 s in all, keep-alive comments meanwhile); when
// Redis is back it resumes from the cursor if Redis still has it, else sends
// the resync answer; when Redis stays away it sends
//   event: unavailable
//   data: event store unreachable; reconnecting
// (no id, so the client keeps its Last-Event-ID) and closes: EventSource
// reconnects after the `retry:` delay and resumes. Never a hang, never a crash.
// `Last-Event-ID: 0-0` (never an id of this server) gets the resync `unknown`.
// The event types `error`, `resync` and `unavailable` are the server's own:
// /publish refuses them with 400. At most --max-connections connections
// (default from RLIMIT_NOFILE); past it, 503.
#include "common/beast_http.hpp"
#include "common/params.hpp"
#include "redis_history.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>
#include <sse/asio.hpp>
#include <sse/event.hpp>
#include <sse/replay.hpp>
#include <sse/response.hpp>
#include <sse/writer.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace {

using namespace sse_examples;
using Session = sse::AsioSession<tcp::socket>;

struct Options {
    std::string bind = "127.0.0.1";
    std::uint16_t port = 0;
    fanout::Endpoint redis;
    std::string key;
    std::size_t max_len = 1000;  // XADD MAXLEN ~
    int keepalive_ms = 15000;    // a comment after this long without an event
    int retry_ms = 1000;         // the `retry:` sent first: the client's reconnection delay
    std::size_t max_connections = 0;  // 0: default_max_connections()
};

const char* const usage =
    "usage: fanout_server --port N --redis HOST:PORT --stream KEY\n"
    "                     [--maxlen N] [--keepalive-ms MS] [--retry-ms MS] [--bind ADDR]\n"
    "                     [--max-connections N]\n"
    "  --port N          HTTP port to listen on (required)\n"
    "  --redis HOST:PORT the Redis server (required; HOST an IPv4 address)\n"
    "  --stream KEY      the Redis stream key shared by every instance (required)\n"
    "  --maxlen N        keep about N events (XADD MAXLEN ~ N); default 1000\n"
    "  --keepalive-ms MS comment after MS idle; default 15000\n"
    "  --retry-ms MS     the client's reconnection delay; default 1000\n"
    "  --bind ADDR       address to listen on; default 127.0.0.1\n"
    "  --max-connections N  open connections allowed (then 503); default RLIMIT_NOFILE - 64\n";

bool parse_number(const char* text, long long low, long long high, long long& out) {
    const auto v = parse_uint(text, static_cast<std::uint64_t>(high));
    if (!v || *v < static_cast<std::uint64_t>(low)) return false;
    out = static_cast<long long>(*v);
    return true;
}

bool parse_options(int argc, char** argv, Options& o, std::string& error) {
    bool have_port = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            error.clear();
            return false;
        }
        if (i + 1 >= argc) {
            error = "missing value after " + std::string(arg);
            return false;
        }
        const char* value = argv[++i];
        long long n = 0;
        if (arg == "--port" && parse_number(value, 1, 65535, n)) {
            o.port = static_cast<std::uint16_t>(n);
            have_port = true;
        } else if (arg == "--redis" && fanout::parse_endpoint(value, o.redis)) {
        } else if (arg == "--stream" && value[0] != '\0') {
            o.key = value;
        } else if (arg == "--maxlen" && parse_number(value, 1, 1000000000, n)) {
            o.max_len = static_cast<std::size_t>(n);
        } else if (arg == "--keepalive-ms" && parse_number(value, 100, 3600000, n)) {
            o.keepalive_ms = static_cast<int>(n);
        } else if (arg == "--retry-ms" && parse_number(value, 0, 3600000, n)) {
            o.retry_ms = static_cast<int>(n);
        } else if (arg == "--bind" && value[0] != '\0') {
            o.bind = value;
        } else if (arg == "--max-connections" && parse_number(value, 1, 10000000, n)) {
            o.max_connections = static_cast<std::size_t>(n);
        } else {
            error = "bad option or value: " + std::string(arg) + " " + value;
            return false;
        }
    }
    if (!have_port || o.key.empty() || o.redis.host.empty()) {
        error = "--port, --redis and --stream are required";
        return false;
    }
    return true;
}

// One fputs per line, so lines from many stream threads do not interleave.
void log_line(const std::string& line) {
    const std::string text = "fanout_server: " + line + "\n";
    std::fputs(text.c_str(), stderr);
}

// ---------------------------------------------------------------------------
// GET /events

using Clock = std::chrono::steady_clock;

// Timeouts of a stream's Redis connection and its retries after a failure:
// 50, 100, 200, 400, 800, 1000, 1000, 1000 ms, then give up (about 4.5 s in all).
constexpr fanout::Timeouts stream_timeouts{300, 1000};
constexpr fanout::Backoff stream_backoff{8, 50, 1000};
constexpr int max_block_ms = 500;  // one XREAD BLOCK slice: how late a departed client's Redis connection closes

std::atomic<bool> g_stopping{false};

// A stream thread's handle on its session, which lives on the io thread: bytes
// are posted there; the session's end (client left, too slow, SIGTERM) is
// reported back here and wakes the thread's waits.
class Link {
public:
    Link(net::io_context& ioc, std::shared_ptr<Session> s) : ioc_(ioc), session_(std::move(s)) {}

    bool send(std::string_view bytes) {
        if (peer_gone()) return false;
        net::post(ioc_, [s = session_, b = std::string(bytes)]() mutable { s->send_bytes(std::move(b)); });
        return true;
    }
    // The last bytes out, then the close.
    void finish() {
        net::post(ioc_, [s = session_] { s->finish(); });
    }
    // Sleeps up to `ms`; false early (and from then on) once the session ended or the server stops.
    bool wait(int ms) {
        std::unique_lock<std::mutex> lock(mutex_);
        cv_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return gone_ || g_stopping.load(); });
        return !gone_ && !g_stopping.load();
    }
    bool peer_gone() {
        std::lock_guard<std::mutex> lock(mutex_);
        return gone_;
    }
    bool stopping() const { return g_stopping.load(); }
    // Called on the io thread when the session ended.
    void ended() {
        std::lock_guard<std::mutex> lock(mutex_);
        gone_ = true;
        cv_.notify_all();
    }
    void wake() { cv_.notify_all(); }

private:
    net::io_context& ioc_;
    std::shared_ptr<Session> session_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool gone_ = false;
};

// The sink of the stream's sse::Writer: the session, through the link.
struct LinkSink {
    Link* link;
    bool operator()(std::string_view bytes) const { return link->send(bytes); }
};

class EventsSession {
public:
    EventsSession(Link& c, const Options& o)
        : c_(c),
          o_(o),
          history_(o.redis, o.key, o.max_len, stream_timeouts),
          writer_(LinkSink{&c}),
          keep_alive_(std::chrono::milliseconds(o.keepalive_ms), Clock::now()) {}

    // Streams until the client leaves, the server stops, or Redis stays away.
    void run(std::string_view last_event_id) {
        std::string resume_from(last_event_id);  // the id to check with after()
        // Read where to start before the head goes out: once a client has the
        // head, every event published from then on reaches it.
        sse::Replay first;
        if (resume_from != "0-0") {
            first = fetch(resume_from);
        } else {  // a client's 0-0: no id this server gives
            first = fetch(std::string());
            if (first.status != sse::ReplayStatus::unavailable) first.status = sse::ReplayStatus::unknown;
            resume_from.clear();
        }
        if (!c_.send(sse::http1_stream_head) || !writer_.retry(static_cast<std::uint64_t>(o_.retry_ms))) return;
        keep_alive_.restart(Clock::now());

        fanout::Outcome outcome = deliver(resume_from, first);
        bool need_replay = outcome != fanout::Outcome::ok;  // next step: after(resume_from)
        int failures = 0;
        for (;;) {
            if (outcome == fanout::Outcome::ok || outcome == fanout::Outcome::timeout) {
                if (failures > 0) log_line("redis is back; stream resumed");
                failures = 0;
            } else {
                if (failures == 0) log_line("redis failed under a stream: " + history_.last_error());
                if (++failures > stream_backoff.attempts) {
                    log_line("redis still unreachable; closing the stream (the client will reconnect)");
                    send_event(sse::Event::data("event store unreachable; reconnecting").event_type("unavailable"));
                    return;
                }
                if (!pause(stream_backoff.delay_ms(failures))) return;
            }
            if (!writer_.open() || c_.peer_gone() || c_.stopping()) return;
            if (need_replay) {
                outcome = deliver(resume_from, fetch(resume_from));
                need_replay = outcome != fanout::Outcome::ok;
            } else {
                outcome = tail();
                if (outcome == fanout::Outcome::unavailable || outcome == fanout::Outcome::error) {
                    // Once Redis is back, check that it still has the cursor.
                    need_replay = true;
                    resume_from = cursor_;
                }
            }
        }
    }

private:
    // What Redis has after `id` ("" = from now; "0-0" = the stream did not
    // exist yet, so nothing can have been missed: only check Redis is there).
    sse::Replay fetch(const std::string& id) { return history_.after(id == "0-0" ? std::string() : id); }

    // Sends the answer of fetch(id) and sets the cursor; ok, or unavailable.
    fanout::Outcome deliver(const std::string& id, const sse::Replay& r) {
        switch (r.status) {
            case sse::ReplayStatus::unavailable: return fanout::Outcome::unavailable;
            case sse::ReplayStatus::resumed:
                for (const sse::Frame& f : r.frames) send_frame(f);
                if (!r.frames.empty()) {
                    cursor_ = std::string(r.frames.back().id());
                } else if (!id.empty()) {
                    cursor_ = id;
                } else {
                    cursor_ = r.last_id.empty() ? "0-0" : r.last_id;  // from now
                }
                return fanout::Outcome::ok;
            case sse::ReplayStatus::too_old:
            case sse::ReplayStatus::unknown:
                send_event(sse::resync_event(r));
                cursor_ = r.last_id.empty() ? "0-0" : r.last_id;
                return fanout::Outcome::ok;
        }
        return fanout::Outcome::error;
    }

    // One XREAD BLOCK slice from the cursor; sends what came, or a keep-alive.
    fanout::Outcome tail() {
        long long block =
            std::chrono::duration_cast<std::chrono::milliseconds>(keep_alive_.next_deadline() - Clock::now()).count();
        if (block > max_block_ms) block = max_block_ms;
        if (block < 1) block = 1;
        std::vector<sse::Frame> frames;
        const fanout::Outcome outcome = history_.wait_after(cursor_, static_cast<int>(block), frames);
        if (outcome == fanout::Outcome::ok) {
            for (const sse::Frame& f : frames) send_frame(f);
            if (!frames.empty()) cursor_ = std::string(frames.back().id());
            // A full batch: we may be behind; make sure nothing after the cursor was trimmed.
            if (frames.size() == fanout::RedisHistory::page_size) return check_not_behind();
            return outcome;
        }
        if (outcome == fanout::Outcome::timeout) {
            keep_alive_if_due();
            (void)c_.peer_gone();  // the session reports a client that hung up
        }
        return outcome;
    }

    fanout::Outcome check_not_behind() {
        const std::string at = cursor_;
        return deliver(at, fetch(at));
    }

    void keep_alive_if_due() { (void)keep_alive_.ping_if_due(writer_, Clock::now()); }

    // Waits `ms` (keep-alives continue); false when the client left or the server stops.
    bool pause(int ms) {
        keep_alive_if_due();
        return c_.wait(ms);
    }

    // One sink call per event (sse::Writer); every write restarts the keep-alive timer.
    void send_frame(const sse::Frame& f) {
        writer_.send(f);
        keep_alive_.restart(Clock::now());
    }
    void send_event(const sse::Event& e) {
        writer_.send(e);
        keep_alive_.restart(Clock::now());
    }

    Link& c_;
    const Options& o_;
    fanout::RedisHistory history_;
    std::string cursor_;
    sse::Writer<LinkSink> writer_;
    sse::KeepAlive<Clock::time_point> keep_alive_;
};

// The open streams (io thread only), for SIGTERM; and the stream threads, counted.
std::unordered_map<Session*, std::shared_ptr<Session>> g_streams;
std::atomic<int> g_stream_threads{0};

void serve_events(net::io_context& ioc, const std::shared_ptr<HttpConnection>& c, const Request& req,
                  const Options& o) {
    if (req.count("Last-Event-ID") > 1) return c->reply(text_reply(400, "more than one Last-Event-ID header\n"));
    const auto found = req.find("Last-Event-ID");
    const sse::LastEventId last = sse::parse_last_event_id(found != req.end() ? sv(found->value()) : std::string_view());
    if (!last.valid()) {  // never echoed back
        return c->reply(text_reply(400, std::string(sse::describe(last.error)) + "\n"));
    }
    if (req.method() == bhttp::verb::head) {
        return c->reply(to_beast(sse::Response{200, sse::stream_headers(), std::string()}, true));
    }
    Session::Options so;
    so.keepalive = std::chrono::milliseconds(0);  // the stream thread sends the keep-alives (sse::KeepAlive)
    so.send_timeout = std::chrono::seconds(10);   // everything queued taken within 10 s, in all
    auto session = Session::create(c->take_socket(), so);
    auto link = std::make_shared<Link>(ioc, session);
    auto slot = std::make_shared<ConnectionLimit::Slot>(c->take_slot());
    Session* key = session.get();
    session->on_close([link, slot, key](sse::SessionEnd, Session::error_code) {
        link->ended();
        g_streams.erase(key);
    });
    session->start();  // reading (to notice the client leaving); the head comes from the thread
    g_streams.emplace(key, session);
    ++g_stream_threads;
    std::thread([link, &o, from = std::string(last.value)] {
        EventsSession(*link, o).run(from);
        link->finish();
        --g_stream_threads;
    }).detach();
}

// ---------------------------------------------------------------------------
// POST /publish

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Percent-decoding of a query value ('+' is a space). False on a bad escape.
bool percent_decode(std::string_view in, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '+') {
            out += ' ';
        } else if (in[i] != '%') {
            out += in[i];
        } else {
            if (i + 2 >= in.size()) return false;
            const int hi = hex_value(in[i + 1]);
            const int lo = hex_value(in[i + 2]);
            if (hi < 0 || lo < 0) return false;
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        }
    }
    return true;
}

// Publish attempts when Redis cannot be reached: 50, 100 ms between them.
constexpr fanout::Backoff publish_backoff{3, 50, 200};

// The answer to POST /publish (blocking: runs on the publish pool).
Reply publish(const std::string& type, std::string body, const Options& o) {
    sse::Event e = sse::Event::data(std::move(body));
    if (!type.empty()) e.event_type(type);
    fanout::RedisHistory history(o.redis, o.key, o.max_len);
    // Only the connection is retried: once XADD was sent, a broken connection
    // leaves unknown whether Redis added it, and a retry could add it twice.
    for (int attempt = 1; history.connect() != fanout::Outcome::ok; ++attempt) {
        if (attempt >= publish_backoff.attempts) {
            log_line("publish failed: " + history.last_error());
            return text_reply(503, "event store unreachable; not published\n");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(publish_backoff.delay_ms(attempt)));
    }
    const sse::Frame frame = history.append(std::move(e));
    if (frame.empty()) {
        log_line("publish failed: " + history.last_error());
        return text_reply(503, "event store failed; the event may not have been published\n");
    }
    return text_reply(200, std::string(frame.id()));
}

void serve_publish(net::io_context& ioc, net::thread_pool& pool, std::shared_ptr<HttpConnection> c,
                   const Request& req, const Options& o) {
    std::string type;
    if (const auto raw = query_param(sv(req.target()), "type")) {
        if (!percent_decode(*raw, type)) return c->reply(text_reply(400, "bad percent-escape in ?type=\n"));
        const sse::errc code = sse::check_event_type(type);
        if (code != sse::errc::ok) return c->reply(text_reply(400, std::string(sse::describe(code)) + "\n"));
        if (reserved_event_type(type)) {
            return c->reply(text_reply(400, "the event type " + type + " is reserved: the server sends it itself\n"));
        }
    }
    if (req.chunked() || !req.has_content_length()) {
        return c->reply(text_reply(411, "a Content-Length body is needed (no chunked bodies)\n"));
    }
    net::post(pool, [&ioc, &o, c = std::move(c), type, body = req.body()]() mutable {
        Reply r = publish(type, std::move(body), o);
        // The connection is only touched on the io thread.
        net::post(ioc, [c = std::move(c), r = std::move(r)]() mutable { c->reply(std::move(r)); });
    });
}

// ---------------------------------------------------------------------------
// GET /

const char* const page = R"html(<!doctype html>
<meta charset="utf-8"><title>sse fan-out</title>
<h1>sse fan-out through Redis</h1>
<form id="f"><input id="d" placeholder="data" autofocus> <input id="t" placeholder="type (optional)">
<button>publish</button></form>
<p id="s">connecting...</p><ol id="l"></ol>
<script>
const l = document.getElementById('l'), s = document.getElementById('s');
const es = new EventSource('/events');
function show(e) {
  const li = document.createElement('li');
  li.textContent = (e.type === 'message' ? '' : e.type + ': ') + e.data + '  [' + e.lastEventId + ']';
  l.appendChild(li);
}
es.onopen = () => { s.textContent = 'connected'; };
es.onerror = () => { s.textContent = 'reconnecting...'; };
es.onmessage = show;
for (const t of ['resync', 'unavailable']) es.addEventListener(t, show);
document.getElementById('f').onsubmit = async (ev) => {
  ev.preventDefault();
  const t = document.getElementById('t').value;
  if (t && t !== 'message') es.addEventListener(t, show);
  await fetch('/publish' + (t ? '?type=' + encodeURIComponent(t) : ''),
              {method: 'POST', body: document.getElementById('d').value});
};
</script>
)html";

void route(net::io_context& ioc, net::thread_pool& pool, const std::shared_ptr<HttpConnection>& c,
           const Request& req, std::string_view target, const Options& o) {
    const bool get = req.method() == bhttp::verb::get || req.method() == bhttp::verb::head;
    const std::string_view path = target.substr(0, target.find('?'));
    if (path == "/events") {
        if (!get) return c->reply(text_reply(405, "use GET /events\n"));
        return serve_events(ioc, c, req, o);
    }
    if (path == "/publish") {
        if (req.method() != bhttp::verb::post) return c->reply(text_reply(405, "use POST /publish\n"));
        return serve_publish(ioc, pool, c, req, o);
    }
    if (path == "/" && get) {
        return c->reply(text_reply(200, page, req.method() == bhttp::verb::head, "text/html; charset=utf-8"));
    }
    c->reply(text_reply(404, "no such path; try GET /events or POST /publish\n"));
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    std::string error;
    if (!parse_options(argc, argv, o, error)) {
        if (!error.empty()) std::fprintf(stderr, "fanout_server: %s\n", error.c_str());
        std::fputs(usage, error.empty() ? stdout : stderr);
        return error.empty() ? 0 : 2;
    }
    std::signal(SIGPIPE, SIG_IGN);
    {
        fanout::RedisStream probe(o.redis, o.key, {300, 1000});
        if (probe.connect() != fanout::Outcome::ok) {
            log_line("warning: " + probe.last_error() + " (serving anyway; streams retry)");
        }
    }
    const std::size_t max_connections = o.max_connections != 0 ? o.max_connections : default_max_connections();
    try {
        ConnectionLimit limit(max_connections);
        net::thread_pool pool(4);  // /publish's blocking XADDs
        net::io_context ioc{1};
        tcp::acceptor acceptor{ioc, {net::ip::make_address(o.bind), o.port}};
        Acceptor accept(
            acceptor, limit, std::chrono::seconds(5),
            [&](const std::shared_ptr<HttpConnection>& c, const Request& r, std::string_view t) {
                route(ioc, pool, c, r, t, o);
            },
            1 << 20);  // POST /publish: at most 1 MiB
        accept.start();
        net::signal_set signals(ioc, SIGINT, SIGTERM);
        signals.async_wait([&](beast::error_code, int) {
            beast::error_code ignored;
            acceptor.close(ignored);
            g_stopping = true;
            auto all = std::move(g_streams);
            for (auto& entry : all) entry.second->close();
            net::post(ioc, [&ioc] { ioc.stop(); });
        });
        std::fprintf(stderr, "fanout_server: http://%s:%u/ (redis %s:%d, stream \"%s\")\n", o.bind.c_str(),
                     static_cast<unsigned>(o.port), o.redis.host.c_str(), o.redis.port, o.key.c_str());
        ioc.run();
        // The stream threads end within a slice of XREAD (1 s) once stopping; wait for them.
        for (int i = 0; i < 300 && g_stream_threads.load() > 0; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        pool.join();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fanout_server: %s\n", e.what());
        return 1;
    }
    return 0;
}
