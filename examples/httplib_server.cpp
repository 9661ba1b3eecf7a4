// httplib_server: the demo's token stream served by cpp-httplib (Debian
// libcpp-httplib-dev 0.11.4), streamed with set_chunked_content_provider;
// every byte of every event is encoded by the sse library.
//
//   httplib_server [--port 8081] [--interval-ms 50] [--count 100]
//                  [--keepalive-ms 15000] [--threads N]
//   curl -N http://127.0.0.1:8081/tokens        (or open http://127.0.0.1:8081/)
//
// GET /tokens: `retry: 1000`, token events with ids 1..count, then `done`
// (common/tokens.hpp); `Last-Event-ID: K` resumes at K+1, an invalid one gets
// 400. Query parameters count, interval_ms and keepalive_ms override the
// options. While idle it sends `: keep-alive` every keepalive-ms (sse::KeepAlive).
//
// Threads: cpp-httplib is thread-pooled by design. Each connection is served
// by one thread of the server's pool, and an open stream keeps its thread
// for its whole life (the content provider runs until the stream ends), so
// the pool size is the number of simultaneous streams: the next one waits in
// the queue until a stream ends. The default pool is cpp-httplib's
// CPPHTTPLIB_THREAD_POOL_COUNT (8, or cores - 1 if more); for N streams pass
// --threads N plus a few for the page and short requests (this sets
// Server::new_task_queue to an httplib::ThreadPool of that size). Each thread
// costs a stack (8 MiB virtual, tens of KiB resident): for tens of thousands
// of streams use an event loop instead (demo_server, hub_server).
//
// A client that leaves: cpp-httplib 0.11's DataSink::is_writable() only
// checks that the socket accepts writes, which a departed client's socket
// still does, so a stream would notice only at its next write. The provider
// therefore waits for the next token or ping with poll(POLLRDHUP) on the
// connection's socket, which wakes at once when the client closes or resets;
// the socket is found once per stream by its addresses (the request's
// remote/local address and port), since cpp-httplib does not hand it to the
// provider. Noticed within a second, the provider returns false and
// cpp-httplib closes the connection and frees the thread.
#include "common/page.hpp"
#include "common/params.hpp"
#include "common/tokens.hpp"

#include <httplib.h>
#include <sse/sse.hpp>

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
    int port = 8081;
    std::uint64_t interval_ms = 50;
    std::uint64_t count = 100;
    std::uint64_t keepalive_ms = 15000;
    std::uint64_t threads = 0;  // 0: cpp-httplib's default pool
};

Options parse_options(int argc, char** argv) {
    Options o;
    const auto usage = [] {
        std::fprintf(stderr,
                     "usage: httplib_server [--port 8081] [--interval-ms 50] [--count 100] [--keepalive-ms 15000] "
                     "[--threads N]\n");
        std::exit(2);
    };
    if (argc % 2 == 0) usage();
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view arg = argv[i];
        const auto value = sse_examples::parse_uint(argv[i + 1], arg == "--port" ? 65535 : 10'000'000);
        if (!value) usage();
        if (arg == "--port") {
            o.port = static_cast<int>(*value);
        } else if (arg == "--interval-ms") {
            o.interval_ms = *value;
        } else if (arg == "--count") {
            o.count = *value;
        } else if (arg == "--keepalive-ms" && *value > 0) {
            o.keepalive_ms = *value;
        } else if (arg == "--threads" && *value > 0 && *value <= 100'000) {
            o.threads = *value;
        } else {
            usage();
        }
    }
    return o;
}

// The descriptor of the IPv4 TCP connection from remote ip:port to our local
// port, or -1 (see the header comment).
int find_connection(const httplib::Request& req) {
    DIR* dir = opendir("/proc/self/fd");
    if (dir == nullptr) return -1;
    int found = -1;
    while (const dirent* e = readdir(dir)) {
        const auto fd = sse_examples::parse_uint(e->d_name, 1'000'000'000);
        if (!fd) continue;
        sockaddr_in peer{}, local{};
        socklen_t n1 = sizeof peer, n2 = sizeof local;
        const int s = static_cast<int>(*fd);
        if (getpeername(s, reinterpret_cast<sockaddr*>(&peer), &n1) != 0 || peer.sin_family != AF_INET) continue;
        if (getsockname(s, reinterpret_cast<sockaddr*>(&local), &n2) != 0) continue;
        char ip[INET_ADDRSTRLEN];
        if (inet_ntop(AF_INET, &peer.sin_addr, ip, sizeof ip) == nullptr) continue;
        if (ntohs(peer.sin_port) == req.remote_port && ntohs(local.sin_port) == req.local_port &&
            req.remote_addr == ip) {
            found = s;
            break;
        }
    }
    closedir(dir);
    return found;
}

// Sleeps until `until`; false as soon as the client on `fd` closed or reset.
bool wait_for_client(int fd, Clock::time_point until) {
    for (;;) {
        const auto now = Clock::now();
        if (now >= until) return true;
        const auto ms = std::chrono::ceil<std::chrono::milliseconds>(until - now).count();
        if (fd < 0) {  // not found: plain sleep, the next write tells
            poll(nullptr, 0, static_cast<int>(ms));
            continue;
        }
        pollfd p{fd, POLLRDHUP, 0};
        const int r = poll(&p, 1, static_cast<int>(ms));
        if (r > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0) return false;
    }
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);
    std::signal(SIGPIPE, SIG_IGN);
    httplib::Server server;
    if (options.threads > 0) {
        const auto n = static_cast<std::size_t>(options.threads);
        server.new_task_queue = [n] { return new httplib::ThreadPool(n); };
    }

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
        std::uint64_t keepalive_ms = options.keepalive_ms;
        if (req.has_param("keepalive_ms")) {
            keepalive_ms = sse_examples::parse_uint(req.get_param_value("keepalive_ms"), 3'600'000).value_or(keepalive_ms);
        }
        const auto keepalive_every = std::chrono::milliseconds(keepalive_ms > 0 ? keepalive_ms : 1);
        const int fd = find_connection(req);
        // The whole stream in one call of the provider: an sse::Writer over
        // cpp-httplib's sink, one sink.write (one HTTP chunk) per frame.
        res.set_chunked_content_provider(
            std::string(sse::content_type),
            [first, count, interval, keepalive_every, fd](std::size_t, httplib::DataSink& sink) {
                sse::Writer writer([&sink](std::string_view bytes) {
                    return sink.is_writable() && sink.write(bytes.data(), bytes.size());
                });
                sse::KeepAlive<Clock::time_point> keepalive(keepalive_every, Clock::now());
                if (!writer.retry(1000)) return false;
                auto due = Clock::now() + interval;
                for (std::uint64_t id = first; id <= count; ++id) {
                    // Idle until the token is due, pinging when nothing was written for keepalive-ms.
                    for (;;) {
                        const auto now = Clock::now();
                        if (now >= due) break;
                        if (!keepalive.ping_if_due(writer, now)) return false;
                        const auto until = keepalive.next_deadline() < due ? keepalive.next_deadline() : due;
                        if (!wait_for_client(fd, until)) return false;  // the client left
                    }
                    if (!writer.send(sse_examples::token_event(id))) return false;  // the client left
                    keepalive.restart(Clock::now());
                    due += interval;
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
