// demo_server: a live Server-Sent Events server on Boost.Beast's async HTTP
// and <sse/asio.hpp>: one thread holds every connection (no thread per client).
//
//   demo_server [--host 127.0.0.1] [--port 8080] [--interval-ms 50] [--count 100]
//               [--retry-ms 1000] [--keepalive-ms 15000] [--request-timeout-ms 5000]
//               [--max-connections N] [--quiet]
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
//   request head over 8 KiB: 431; one not complete within request-timeout-ms
//   (a total, from the accept): 408. Past --max-connections open connections
//   (default: the descriptor limit, RLIMIT_NOFILE, minus 64) a new client gets
//   503 at once.
//
// The tokens (one sentence, with multi-line, non-ASCII, CRLF and empty data
// among them) are in common/tokens.hpp; frames 1..--count are encoded once at
// start and shared by all clients (sse::Frame). Each stream is an
// sse::AsioSession (common/token_stream.hpp): a client that leaves is noticed
// at once by its pending read, also while the stream is idle, and its socket
// is closed; one that does not take what is queued within 10 s in all (the
// session's send_timeout, not restarted by partial writes) is dropped. Requests are read by Beast (common/beast_http.hpp).
// SIGINT/SIGTERM: every connection is closed and the server exits 0.
// One line per request goes to stderr (unless --quiet), control bytes escaped.
#include "common/beast_http.hpp"
#include "common/page.hpp"
#include "common/params.hpp"
#include "common/token_stream.hpp"
#include "common/tokens.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <sse/sse.hpp>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace {

using namespace sse_examples;

struct Options {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;
    std::uint64_t interval_ms = 50;
    std::uint64_t count = 100;
    std::uint64_t retry_ms = 1000;
    std::uint64_t keepalive_ms = 15000;
    std::uint64_t request_timeout_ms = 5000;
    std::uint64_t max_connections = 0;  // 0: default_max_connections()
    bool quiet = false;
};

constexpr std::uint64_t kMaxCount = 10'000'000;
constexpr std::uint64_t kMaxMs = 3'600'000;
constexpr std::uint64_t kMaxSharedFrames = 100'000;

class Demo {
public:
    // The token frames 1..--count are encoded once, here, and shared by every
    // client (sse::Frame: a reference count, no copy of the bytes).
    explicit Demo(Options options) : options_(std::move(options)) {
        const std::uint64_t shared = options_.count < kMaxSharedFrames ? options_.count : kMaxSharedFrames;
        frames_.reserve(static_cast<std::size_t>(shared));
        for (std::uint64_t id = 1; id <= shared; ++id) frames_.emplace_back(token_event(id));
    }

    void handle(const std::shared_ptr<HttpConnection>& c, const Request& r, std::string_view target) {
        const bool head_only = r.method() == bhttp::verb::head;
        const std::string_view path = target.substr(0, target.find('?'));
        if (r.method() != bhttp::verb::get && !head_only) {
            return refuse(c, r, 405, "use GET or HEAD");
        }
        if (path == "/") {
            log(r, "200 page");
            c->reply(text_reply(200, std::string(kTokensPage), head_only, "text/html; charset=utf-8"));
        } else if (path == "/updates") {
            const sse::Response response = sse::Stream()
                                               .event("connected", "ready")
                                               .push(sse::Event::data(R"({"count":1})").id("1").event_type("update"))
                                               .push(sse::Event::data(R"({"count":2})").id("2").event_type("update"))
                                               .comment("keep-alive")
                                               .into_response();
            log(r, "200 updates");
            c->reply(to_beast(response, head_only));
        } else if (path == "/tokens") {
            tokens(c, r, target, head_only);
        } else {
            refuse(c, r, 404, "not found: try /, /updates or /tokens");
        }
    }

    // SIGTERM: ends every stream.
    void close_all() {
        auto all = std::move(streams_);
        for (auto& entry : all) entry.second->close();
    }

private:
    void log(const Request& r, const std::string& outcome) const {
        if (options_.quiet) return;
        std::string line = log_escape(sv(r.method_string())) + " " + log_escape(sv(r.target()));
        if (const auto found = r.find("Last-Event-ID"); found != r.end()) {
            line += " Last-Event-ID=" + log_escape(sv(found->value()));
        }
        line += " -> " + outcome + "\n";
        std::fputs(line.c_str(), stderr);
    }

    void refuse(const std::shared_ptr<HttpConnection>& c, const Request& r, unsigned status,
                const std::string& message) const {
        log(r, std::to_string(status) + " " + message);
        c->reply(text_reply(status, message + "\n", r.method() == bhttp::verb::head));
    }

    void tokens(const std::shared_ptr<HttpConnection>& c, const Request& r, std::string_view target, bool head_only) {
        TokenPlan plan;
        plan.count = options_.count;
        plan.interval_ms = options_.interval_ms;
        plan.keepalive_ms = options_.keepalive_ms;
        plan.retry_ms = options_.retry_ms;
        std::uint64_t no_transform = 0;
        struct Param {
            const char* name;
            std::uint64_t* value;
            std::uint64_t min;
            std::uint64_t max;
        };
        for (const Param& p : {Param{"count", &plan.count, 0, kMaxCount}, Param{"interval_ms", &plan.interval_ms, 0, kMaxMs},
                               Param{"keepalive_ms", &plan.keepalive_ms, 1, kMaxMs},
                               Param{"drop_after", &plan.drop_after, 1, kMaxCount},
                               Param{"no_transform", &no_transform, 0, 1}}) {
            if (const auto text = query_param(target, p.name)) {
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
        if (r.count("Last-Event-ID") > 1) return refuse(c, r, 400, "more than one Last-Event-ID header");
        const auto found = r.find("Last-Event-ID");
        const std::string last_event_id = found == r.end() ? std::string() : std::string(sv(found->value()));
        const Resume resume = resume_from(found == r.end() ? nullptr : &last_event_id, plan.count);
        if (!resume.error.empty()) return refuse(c, r, 400, resume.error);

        log(r, "200 stream from id " + std::to_string(resume.last + 1));
        plan.first = resume.last + 1;
        plan.head = no_transform != 0 ? sse::http1_stream_head_no_transform : sse::http1_stream_head;
        plan.head_only = head_only;
        plan.frames = &frames_;
        // The stream holds the connection's slot until it ends.
        auto slot = std::make_shared<ConnectionLimit::Slot>(c->take_slot());
        auto note = [this, target = std::string(target)](std::string what) {
            if (!options_.quiet) std::fprintf(stderr, "%s -> %s\n", log_escape(target).c_str(), what.c_str());
        };
        const std::uint64_t key = ++next_key_;
        streams_.emplace(key, TokenStream::start(c->take_socket(), plan, note, [this, key, slot](sse::SessionEnd) {
                             streams_.erase(key);
                         }));
    }

    Options options_;
    std::vector<sse::Frame> frames_;  // token_event(1..), encoded once
    std::unordered_map<std::uint64_t, std::shared_ptr<TokenSession>> streams_;
    std::uint64_t next_key_ = 0;
};

[[noreturn]] void usage(const char* message) {
    std::fprintf(stderr,
                 "demo_server: %s\n"
                 "usage: demo_server [--host 127.0.0.1] [--port 8080] [--interval-ms 50] [--count 100]\n"
                 "                   [--retry-ms 1000] [--keepalive-ms 15000] [--request-timeout-ms 5000]\n"
                 "                   [--max-connections N] [--quiet]\n",
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
        } else if (arg == "--max-connections") {
            o.max_connections = number(1, 10'000'000);
        } else {
            usage(("unknown option " + std::string(arg)).c_str());
        }
    }
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);
    std::signal(SIGPIPE, SIG_IGN);
    const std::size_t max_connections = options.max_connections != 0
                                            ? static_cast<std::size_t>(options.max_connections)
                                            : default_max_connections();
    try {
        // Declared before the io_context: its destructor frees pending handlers, which hold slots.
        Demo demo(options);
        ConnectionLimit limit(max_connections);
        net::io_context ioc{1};
        tcp::acceptor acceptor{ioc, {net::ip::make_address(options.host), options.port}};
        Acceptor accept(acceptor, limit, std::chrono::milliseconds(options.request_timeout_ms),
                        [&demo](const std::shared_ptr<HttpConnection>& c, const Request& r, std::string_view target) {
                            demo.handle(c, r, target);
                        });
        accept.start();

        net::signal_set signals(ioc, SIGINT, SIGTERM);
        signals.async_wait([&](beast::error_code, int) {
            beast::error_code ignored;
            acceptor.close(ignored);
            demo.close_all();
            net::post(ioc, [&ioc] { ioc.stop(); });  // after the closes ran
        });

        // The first line of stdout tells scripts the port (useful with --port 0).
        std::printf("demo_server listening on http://%s:%u/\n", options.host.c_str(),
                    static_cast<unsigned>(acceptor.local_endpoint().port()));
        std::fflush(stdout);
        if (!options.quiet) std::fprintf(stderr, "demo_server: at most %zu connections\n", max_connections);
        ioc.run();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "demo_server: %s\n", e.what());
        return 1;
    }
    std::fprintf(stderr, "demo_server: stopped, every connection closed\n");
    return 0;
}
