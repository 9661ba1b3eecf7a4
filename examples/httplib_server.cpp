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
#include <memory>
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

// The state of one stream, kept across calls of the content provider.
struct TokenStream {
    std::uint64_t next_id;
    std::uint64_t count;
    std::chrono::milliseconds interval;
    bool started = false;
    std::string frame;  // reused for every event

    // Encodes one frame with the library and hands it to cpp-httplib's sink
    // (one write per frame: each event goes out as one chunk).
    bool write(httplib::DataSink& sink) { return sink.is_writable() && sink.write(frame.data(), frame.size()); }
};

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
        for (const sse::Header& h : sse::stream_headers()) {
            if (h.name != "Content-Type") res.set_header(h.name.c_str(), h.value);
        }
        auto state = std::make_shared<TokenStream>(
            TokenStream{resume.last + 1, count, std::chrono::milliseconds(interval_ms), false, std::string()});
        res.set_chunked_content_provider(
            std::string(sse::content_type), [state](std::size_t /*offset*/, httplib::DataSink& sink) {
                TokenStream& s = *state;
                s.frame.clear();
                if (!s.started) {
                    s.started = true;
                    sse::encode_retry(s.frame, 1000);
                    return s.write(sink);
                }
                std::this_thread::sleep_for(s.interval);
                if (s.next_id <= s.count) {
                    sse_examples::token_event(s.next_id++).encode_to(s.frame);
                    return s.write(sink);  // false: the client left, cpp-httplib closes
                }
                sse_examples::done_event(s.count).encode_to(s.frame);
                if (!s.write(sink)) return false;
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
