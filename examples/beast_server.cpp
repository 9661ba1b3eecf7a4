// beast_server: the demo's token stream on Boost.Beast's async HTTP (Debian
// libboost-dev, header-only) and <sse/asio.hpp>, the way Beast is meant to be
// used: one io_context thread, every connection an async operation chain, no
// thread per client. Every byte of every event is encoded by the sse library.
//
//   beast_server [--port 8082] [--interval-ms 50] [--count 100] [--keepalive-ms 15000]
//   curl -N http://127.0.0.1:8082/tokens        (or open http://127.0.0.1:8082/)
//
// GET /tokens: `retry: 1000`, token events with ids 1..count, then `done`
// (common/tokens.hpp); `Last-Event-ID: K` resumes at K+1, an invalid one gets
// 400. Query parameters count, interval_ms and keepalive_ms override the options. While
// idle it pings (`: keep-alive`) every keepalive-ms; a client that leaves is
// noticed at once by the session's pending read and its socket closed.
// The request is read by Beast's async parser (common/beast_http.hpp: head
// timeout, connection cap with 503); the stream is an sse::AsioSession
// driven by a timer (common/token_stream.hpp).
#include "common/beast_http.hpp"
#include "common/page.hpp"
#include "common/params.hpp"
#include "common/token_stream.hpp"
#include "common/tokens.hpp"

#include <boost/asio/io_context.hpp>
#include <sse/sse.hpp>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

using namespace sse_examples;

namespace {

struct Options {
    unsigned short port = 8082;
    std::uint64_t interval_ms = 50;
    std::uint64_t count = 100;
    std::uint64_t keepalive_ms = 15000;
};

Options parse_options(int argc, char** argv) {
    Options o;
    const auto usage = [] {
        std::fprintf(stderr, "usage: beast_server [--port 8082] [--interval-ms 50] [--count 100] [--keepalive-ms 15000]\n");
        std::exit(2);
    };
    const bool good = parse_number_flags(argc, argv, 10'000'000, [&o](std::string_view arg, std::uint64_t value) {
        if (arg == "--port") {
            o.port = static_cast<unsigned short>(value);
        } else if (arg == "--interval-ms") {
            o.interval_ms = value;
        } else if (arg == "--count") {
            o.count = value;
        } else if (arg == "--keepalive-ms" && value > 0) {
            o.keepalive_ms = value;
        } else {
            return false;
        }
        return true;
    });
    if (!good) usage();
    return o;
}

void handle(const Options& options, const std::shared_ptr<HttpConnection>& c, const Request& req,
            std::string_view target) {
    if (req.method() != bhttp::verb::get) return c->reply(text_reply(405, "only GET\n"));
    const std::string_view path = target.substr(0, target.find('?'));
    if (path == "/") return c->reply(text_reply(200, std::string(kTokensPage), false, "text/html; charset=utf-8"));
    if (path != "/tokens") return c->reply(text_reply(404, "not found\n"));

    TokenPlan plan;
    plan.count = parse_uint(query_param(target, "count").value_or(""), 10'000'000).value_or(options.count);
    plan.interval_ms = parse_uint(query_param(target, "interval_ms").value_or(""), 60'000).value_or(options.interval_ms);
    plan.keepalive_ms = parse_uint(query_param(target, "keepalive_ms").value_or(""), 3'600'000).value_or(options.keepalive_ms);
    if (plan.keepalive_ms == 0) plan.keepalive_ms = options.keepalive_ms;
    const auto found = req.find("Last-Event-ID");
    const std::string last_event_id = found == req.end() ? std::string() : std::string(sv(found->value()));
    const Resume resume = resume_from(found == req.end() ? nullptr : &last_event_id, plan.count);
    if (!resume.error.empty()) return c->reply(text_reply(400, resume.error + "\n"));
    plan.first = resume.last + 1;

    // The head (sse::http1_stream_head), then the events; the body ends with the close.
    auto slot = std::make_shared<ConnectionLimit::Slot>(c->take_slot());
    TokenStream::start(c->take_socket(), plan, {}, [slot](sse::SessionEnd) {});
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);
    std::signal(SIGPIPE, SIG_IGN);
    try {
        ConnectionLimit limit(default_max_connections());
        net::io_context ioc{1};
        tcp::acceptor acceptor{ioc, {net::ip::make_address("127.0.0.1"), options.port}};
        Acceptor accept(acceptor, limit, std::chrono::seconds(5),
                        [&options](const std::shared_ptr<HttpConnection>& c, const Request& r, std::string_view t) {
                            handle(options, c, r, t);
                        });
        accept.start();
        std::printf("beast_server listening on http://127.0.0.1:%u/\n",
                    static_cast<unsigned>(acceptor.local_endpoint().port()));
        std::fflush(stdout);
        ioc.run();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "beast_server: %s\n", e.what());
        return 1;
    }
}
