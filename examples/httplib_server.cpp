// httplib_server: the demo's token stream served by cpp-httplib (Debian
// libcpp-httplib-dev), streamed with set_chunked_content_provider; every byte
// of every event is encoded by the sse library.
//
//   httplib_server [--port 8081] [--interval-ms 50] [--count 100]
//   curl -N http://127.0.0.1:8081/tokens        (or open http://127.0.0.1:8081/)
//
// GET /tokens: `retry: 1000`, token events with ids 1..count, then `done`
// (common/tokens.hpp); `Last-Event-ID: K` resumes at K+1, an invalid one gets
// 400. Query parameters count and interval_ms override the options.
// Note: cpp-httplib adds its own `Keep-Alive` and `Transfer-Encoding: chunked`
// headers; each open stream holds one thread of its pool (so the number of
// simultaneous streams is the pool size, CPPHTTPLIB_THREAD_POOL_COUNT).
#include "common/page.hpp"
#include "common/tokens.hpp"

#include <httplib.h>
#include <sse/sse.hpp>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>

namespace {

struct Options {
    int port = 8081;
    std::uint64_t interval_ms = 50;
    std::uint64_t count = 100;
};

Options parse_options(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view arg = argv[i];
        const auto value = sse_examples::parse_uint(argv[i + 1], arg == "--port" ? 65535 : 10'000'000);
        if (!value || (arg != "--port" && arg != "--interval-ms" && arg != "--count")) {
            std::fprintf(stderr, "usage: httplib_server [--port 8081] [--interval-ms 50] [--count 100]\n");
            std::exit(2);
        }
        if (arg == "--port") o.port = static_cast<int>(*value);
        if (arg == "--interval-ms") o.interval_ms = *value;
        if (arg == "--count") o.count = *value;
    }
    if (argc % 2 == 0) {
        std::fprintf(stderr, "usage: httplib_server [--port 8081] [--interval-ms 50] [--count 100]\n");
        std::exit(2);
    }
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);
    std::signal(SIGPIPE, SIG_IGN);
    httplib::Server server;

    server.Get("/", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(std::string(sse_examples::kTokensPage), "text/html; charset=utf-8");
    });

    server.Get("/tokens", [&options](const httplib::Request& req, httplib::Response& res) {
        std::uint64_t count = options.count;
        std::uint64_t interval_ms = options.interval_ms;
        if (req.has_param("count")) count = sse_examples::parse_uint(req.get_param_value("count"), 10'000'000).value_or(count);
        if (req.has_param("interval_ms")) {
            interval_ms = sse_examples::parse_uint(req.get_param_value("interval_ms"), 60'000).value_or(interval_ms);
        }
        const std::string last_event_id = req.get_header_value("Last-Event-ID");
        const sse_examples::Resume resume =
            sse_examples::resume_from(req.has_header("Last-Event-ID") ? &last_event_id : nullptr, count);
        if (!resume.error.empty()) {
            res.status = 400;
            res.set_content(resume.error + "\n", "text/plain; charset=utf-8");
            return;
        }

        // The three stream headers; cpp-httplib sets Content-Type from the
        // provider's argument, so only the other two are added here.
        for (const sse::HeaderView& h : sse::stream_header_fields) {
            if (h.name != "Content-Type") res.set_header(std::string(h.name).c_str(), std::string(h.value));
        }
        const std::uint64_t first = resume.last + 1;
        const auto interval = std::chrono::milliseconds(interval_ms);
        // The whole stream in one call of the provider: an sse::Writer over
        // cpp-httplib's sink, one sink.write (one HTTP chunk) per frame.
        res.set_chunked_content_provider(
            std::string(sse::content_type), [first, count, interval](std::size_t, httplib::DataSink& sink) {
                sse::Writer writer([&sink](std::string_view bytes) {
                    return sink.is_writable() && sink.write(bytes.data(), bytes.size());
                });
                if (!writer.retry(1000)) return false;
                for (std::uint64_t id = first; id <= count; ++id) {
                    std::this_thread::sleep_for(interval);
                    if (!writer.send(sse_examples::token_event(id))) return false;  // the client left
                }
                if (!writer.send(sse_examples::done_event(count))) return false;
                sink.done();
                return true;
            });
    });

    const int port = options.port == 0 ? server.bind_to_any_port("127.0.0.1") :
                     (server.bind_to_port("127.0.0.1", options.port) ? options.port : -1);
    if (port < 0) {
        std::fprintf(stderr, "httplib_server: cannot listen on 127.0.0.1:%d\n", options.port);
        return 1;
    }
    std::printf("httplib_server listening on http://127.0.0.1:%d/\n", port);
    std::fflush(stdout);
    return server.listen_after_bind() ? 0 : 1;
}
