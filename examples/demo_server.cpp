// demo_server: a live Server-Sent Events server on plain POSIX sockets and the
// sse library, nothing else.
//
//   demo_server [--host 127.0.0.1] [--port 8080] [--interval-ms 50] [--count 100]
//               [--retry-ms 1000] [--keepalive-ms 15000] [--request-timeout-ms 5000]
//               [--quiet]
//   then open http://127.0.0.1:8080/
//
// Routes (GET or HEAD; one request per connection, the body ends when the
// server closes the connection):
//   /         a page whose EventSource shows the tokens of /tokens as they arrive
//             (the page's query string is passed on to /tokens).
//   /updates  the quick-start sequence of the Rust original (connected, update 1,
//             update 2, a keep-alive comment) built with sse::Stream and
//             into_response(), then the server closes.
//   /tokens   a live stream: `retry: <retry-ms>` first, then events of type
//             `token` with ids 1, 2, 3, ... every interval, `count` of them, then
//             one event of type `done` (no id, data = the count), then the close.
//             While idle longer than keepalive-ms it sends `: keep-alive` comments.
//             `Last-Event-ID: K` resumes at K+1 (0 or empty = from the start;
//             K = count sends only `done`); any other value gets 400.
//             Query parameters (all optional) override the command line for this
//             one stream: count, interval_ms, keepalive_ms, and drop_after=N, which
//             makes the server drop the connection after N token events (to test
//             that clients resume by themselves), and no_transform=1, which sends
//             the opt-in `Cache-Control: no-cache, no-transform` head
//             (sse::http1_stream_head_no_transform; to test what proxies do).
//   anything else: 404; a malformed request: 400; other methods: 405; a
//   request head over 8 KiB: 431; one not complete within request-timeout-ms: 408.
//
// The tokens (one sentence, with multi-line, non-ASCII, CRLF and empty data
// among them) are in common/tokens.hpp; frames 1..--count are encoded once at
// start and shared by all clients (sse::Frame). One thread per connection
// (common/http.hpp); a client that leaves is noticed at once (even while its
// stream is idle) and its thread and descriptor are released. SIGINT/SIGTERM:
// every connection is closed and the server exits 0.
// One line per request goes to stderr (unless --quiet).
#include "common/http.hpp"
#include "common/page.hpp"
#include "common/tokens.hpp"

#include <sse/sse.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace http = sse_examples::http;
using Clock = std::chrono::steady_clock;

using sse_examples::parse_uint;
using sse_examples::token_event;

struct Options {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;
    std::uint64_t interval_ms = 50;
    std::uint64_t count = 100;
    std::uint64_t retry_ms = 1000;
    std::uint64_t keepalive_ms = 15000;
    std::uint64_t request_timeout_ms = 5000;
    bool quiet = false;
};

constexpr std::uint64_t kMaxCount = 10'000'000;
constexpr std::uint64_t kMaxMs = 3'600'000;
constexpr std::uint64_t kMaxSharedFrames = 100'000;

void log_line(const Options& options, const http::Request& request, const std::string& outcome) {
    if (options.quiet) return;
    std::string line = request.method + " " + request.target;
    if (const std::string* id = request.header("Last-Event-ID")) {
        line += " Last-Event-ID=";
        line += sse::check_id(*id) == sse::errc::ok ? *id : std::string("(invalid)");
    }
    line += " -> " + outcome + "\n";
    std::fputs(line.c_str(), stderr);
}

class Demo {
public:
    // The token frames 1..--count are encoded once, here, and shared by every
    // client (sse::Frame: a reference count, no copy of the bytes).
    explicit Demo(Options options) : options_(std::move(options)) {
        const std::uint64_t shared = options_.count < kMaxSharedFrames ? options_.count : kMaxSharedFrames;
        frames_.reserve(static_cast<std::size_t>(shared));
        for (std::uint64_t id = 1; id <= shared; ++id) frames_.emplace_back(token_event(id));
    }

    void handle(http::Connection& c, const http::Request& r) const {
        const bool head_only = r.method == "HEAD";
        if (r.path == "/") {
            log_line(options_, r, "200 page");
            c.send(http::simple_response(200, "text/html; charset=utf-8", sse_examples::kTokensPage, head_only));
        } else if (r.path == "/updates") {
            updates(c, r, head_only);
        } else if (r.path == "/tokens") {
            tokens(c, r, head_only);
        } else {
            log_line(options_, r, "404");
            c.send_error(404, "not found: try /, /updates or /tokens", head_only);
        }
    }

private:
    void refuse(http::Connection& c, const http::Request& r, int status, const std::string& message) const {
        log_line(options_, r, std::to_string(status) + " " + message);
        c.send_error(status, message, r.method == "HEAD");
    }

    void updates(http::Connection& c, const http::Request& r, bool head_only) const {
        const sse::Response response = sse::Stream()
                                           .event("connected", "ready")
                                           .push(sse::Event::data(R"({"count":1})").id("1").event_type("update"))
                                           .push(sse::Event::data(R"({"count":2})").id("2").event_type("update"))
                                           .comment("keep-alive")
                                           .into_response();
        std::string out = http::status_line(response.status);
        for (const sse::Header& h : response.headers) out += h.name + ": " + h.value + "\r\n";
        out += "\r\n";
        if (!head_only) out += response.body;
        log_line(options_, r, "200 updates");
        c.send(out);
    }

    void tokens(http::Connection& c, const http::Request& r, bool head_only) const {
        std::uint64_t count = options_.count;
        std::uint64_t interval_ms = options_.interval_ms;
        std::uint64_t keepalive_ms = options_.keepalive_ms;
        std::uint64_t drop_after = 0;  // 0 = never
        std::uint64_t no_transform = 0;
        struct Param {
            const char* name;
            std::uint64_t* value;
            std::uint64_t min;
            std::uint64_t max;
        };
        for (const Param& p : {Param{"count", &count, 0, kMaxCount}, Param{"interval_ms", &interval_ms, 0, kMaxMs},
                               Param{"keepalive_ms", &keepalive_ms, 1, kMaxMs},
                               Param{"drop_after", &drop_after, 1, kMaxCount},
                               Param{"no_transform", &no_transform, 0, 1}}) {
            if (const auto text = r.query_param(p.name)) {
                const auto v = parse_uint(*text, p.max);
                if (!v || *v < p.min) {
                    return refuse(c, r, 400,
                                  std::string("query parameter ") + p.name + " must be a whole number from " +
                                      std::to_string(p.min) + " to " + std::to_string(p.max));
                }
                *p.value = *v;
            }
        }

        // Last-Event-ID: the library's rules (sse::parse_last_event_id: CR,
        // LF or NUL refused and never echoed; sse::parse_numeric_id), then it
        // must be an id this stream gives (common/tokens.hpp).
        if (r.header_count("Last-Event-ID") > 1) return refuse(c, r, 400, "more than one Last-Event-ID header");
        const sse_examples::Resume resume = sse_examples::resume_from(r.header("Last-Event-ID"), count);
        if (!resume.error.empty()) return refuse(c, r, 400, resume.error);

        log_line(options_, r, "200 stream from id " + std::to_string(resume.last + 1));
        const std::string_view head = no_transform != 0 ? sse::http1_stream_head_no_transform : sse::http1_stream_head;
        if (!c.send(head) || head_only) return;

        // Every byte of the stream goes through the library's writer: one
        // sink call per frame, and false once the client is gone.
        sse::Writer writer([&c](std::string_view bytes) { return c.send(bytes); });
        sse::KeepAlive<Clock::time_point> keepalive(std::chrono::milliseconds(keepalive_ms), Clock::now());
        if (!writer.retry(options_.retry_ms)) return;

        const auto interval = std::chrono::milliseconds(interval_ms);
        auto next_token = Clock::now() + interval;
        std::uint64_t sent = 0;
        for (std::uint64_t id = resume.last + 1; id <= count; ++id) {
            // Idle until the token is due, with a keep-alive comment whenever
            // nothing was written for keepalive_ms; wait() returns false as
            // soon as the client hangs up or the server stops.
            for (;;) {
                const auto now = Clock::now();
                if (now >= next_token) break;
                if (!keepalive.ping_if_due(writer, now)) return;
                const auto until = keepalive.next_deadline() < next_token ? keepalive.next_deadline() : next_token;
                const auto ms = std::chrono::ceil<std::chrono::milliseconds>(until - now).count();
                if (!c.wait(static_cast<int>(ms))) return;
            }
            const bool ok = id <= frames_.size() ? writer.send(frames_[static_cast<std::size_t>(id - 1)])
                                                 : writer.send(token_event(id));
            if (!ok) return;  // the client left
            keepalive.restart(Clock::now());
            next_token += interval;
            if (++sent == drop_after && id < count) {
                log_line(options_, r, "dropped after id " + std::to_string(id) + " (drop_after)");
                return;  // the server closes the connection: the client must resume
            }
        }
        writer.send(sse_examples::done_event(count));
    }

    Options options_;
    std::vector<sse::Frame> frames_;  // token_event(1..), encoded once
};

[[noreturn]] void usage(const char* message) {
    std::fprintf(stderr,
                 "demo_server: %s\n"
                 "usage: demo_server [--host 127.0.0.1] [--port 8080] [--interval-ms 50] [--count 100]\n"
                 "                   [--retry-ms 1000] [--keepalive-ms 15000] [--request-timeout-ms 5000]\n"
                 "                   [--quiet]\n",
                 message);
    std::exit(2);
}

Options parse_options(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--quiet") {
            o.quiet = true;
            continue;
        }
        if (arg == "--help" || arg == "-h") usage("a live Server-Sent Events demo");
        if (i + 1 == argc) usage(("missing value after " + std::string(arg)).c_str());
        const std::string_view value = argv[++i];
        const auto number = [&](std::uint64_t min, std::uint64_t max) {
            const auto v = parse_uint(value, max);
            if (!v || *v < min) {
                usage((std::string(arg) + " must be a whole number from " + std::to_string(min) + " to " +
                       std::to_string(max))
                          .c_str());
            }
            return *v;
        };
        if (arg == "--host") {
            o.host = std::string(value);
        } else if (arg == "--port") {
            o.port = static_cast<std::uint16_t>(number(0, 65535));
        } else if (arg == "--interval-ms") {
            o.interval_ms = number(0, kMaxMs);
        } else if (arg == "--count") {
            o.count = number(0, kMaxCount);
        } else if (arg == "--retry-ms") {
            o.retry_ms = number(0, kMaxMs);
        } else if (arg == "--keepalive-ms") {
            o.keepalive_ms = number(1, kMaxMs);
        } else if (arg == "--request-timeout-ms") {
            o.request_timeout_ms = number(1, 600'000);
        } else {
            usage(("unknown option " + std::string(arg)).c_str());
        }
    }
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);
    http::ignore_sigpipe_and_catch_stop();
    std::string error;
    const int fd = http::listen_tcp(options.host, options.port, error);
    if (fd < 0) {
        std::fprintf(stderr, "demo_server: %s\n", error.c_str());
        return 1;
    }
    // The first line of stdout tells scripts the port (useful with --port 0).
    std::printf("demo_server listening on http://%s:%u/\n", options.host.c_str(), http::local_port(fd));
    std::fflush(stdout);
    const Demo demo(options);
    http::Limits limits;
    limits.read_timeout_ms = static_cast<int>(options.request_timeout_ms);
    http::Server server(limits);
    server.run(fd, [&demo](http::Connection& c, const http::Request& r) { demo.handle(c, r); });
    std::fprintf(stderr, "demo_server: stopped, every connection closed\n");
    return 0;
}
