// beast_server: the demo's token stream served by Boost.Beast (Debian
// libboost-dev, header-only), written as HTTP/1.1 chunks; every byte of every
// event is encoded by the sse library.
//
//   beast_server [--port 8082] [--interval-ms 50] [--count 100]
//   curl -N http://127.0.0.1:8082/tokens        (or open http://127.0.0.1:8082/)
//
// GET /tokens: `retry: 1000`, token events with ids 1..count, then `done`
// (common/tokens.hpp); `Last-Event-ID: K` resumes at K+1, an invalid one gets
// 400. Query parameters count and interval_ms override the options.
// Synchronous, one thread per connection, one request per connection: the
// smallest Beast server that streams; an asio event loop would use the same
// sink with async_write.
#include "common/page.hpp"
#include "common/tokens.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <sse/sse.hpp>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

struct Options {
    unsigned short port = 8082;
    std::uint64_t interval_ms = 50;
    std::uint64_t count = 100;
};

[[noreturn]] void usage() {
    std::fprintf(stderr, "usage: beast_server [--port 8082] [--interval-ms 50] [--count 100]\n");
    std::exit(2);
}

Options parse_options(int argc, char** argv) {
    Options o;
    if (argc % 2 == 0) usage();
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view arg = argv[i];
        const auto value = sse_examples::parse_uint(argv[i + 1], arg == "--port" ? 65535 : 10'000'000);
        if (!value) usage();
        if (arg == "--port") {
            o.port = static_cast<unsigned short>(*value);
        } else if (arg == "--interval-ms") {
            o.interval_ms = *value;
        } else if (arg == "--count") {
            o.count = *value;
        } else {
            usage();
        }
    }
    return o;
}

// Value of query parameter `name` in `target`, or "" (no percent-decoding).
std::string_view query_param(std::string_view target, std::string_view name) {
    const std::size_t q = target.find('?');
    std::string_view rest = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
    while (!rest.empty()) {
        const std::size_t amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
        if (pair.size() > name.size() && pair.substr(0, name.size()) == name && pair[name.size()] == '=') {
            return pair.substr(name.size() + 1);
        }
    }
    return {};
}

void reply(tcp::socket& socket, const bhttp::request<bhttp::string_body>& req, bhttp::status status,
           std::string_view content_type, std::string body, beast::error_code& ec) {
    bhttp::response<bhttp::string_body> res{status, req.version()};
    res.set(bhttp::field::content_type, beast::string_view(content_type.data(), content_type.size()));
    res.body() = std::move(body);
    res.prepare_payload();
    res.keep_alive(false);
    bhttp::write(socket, res, ec);
}

void stream_tokens(tcp::socket& socket, const bhttp::request<bhttp::string_body>& req, const Options& options) {
    beast::error_code ec;
    const std::string_view target(req.target().data(), req.target().size());
    const std::uint64_t count = sse_examples::parse_uint(query_param(target, "count"), 10'000'000).value_or(options.count);
    const std::uint64_t interval_ms =
        sse_examples::parse_uint(query_param(target, "interval_ms"), 60'000).value_or(options.interval_ms);

    const auto found = req.find("Last-Event-ID");
    const std::string last_event_id = found == req.end() ? std::string() : std::string(found->value());
    const sse_examples::Resume resume = sse_examples::resume_from(found == req.end() ? nullptr : &last_event_id, count);
    if (!resume.error.empty()) {
        return reply(socket, req, bhttp::status::bad_request, "text/plain; charset=utf-8",
                                         resume.error + "\n", ec);
    }

    // The head: the library's three stream headers, chunked body, no Connection header.
    bhttp::response<bhttp::empty_body> res{bhttp::status::ok, req.version()};
    for (const sse::HeaderView& h : sse::stream_header_fields) {
        res.set(beast::string_view(h.name.data(), h.name.size()), beast::string_view(h.value.data(), h.value.size()));
    }
    res.chunked(true);
    bhttp::response_serializer<bhttp::empty_body> head{res};
    bhttp::write_header(socket, head, ec);
    if (ec) return;

    // An sse::Writer whose sink writes one HTTP chunk per frame, so each
    // event arrives whole, and reports whether the peer is still there.
    sse::Writer writer([&socket, &ec](std::string_view bytes) {
        net::write(socket, bhttp::make_chunk(net::buffer(bytes.data(), bytes.size())), ec);
        return !ec;
    });
    if (!writer.retry(1000)) return;
    for (std::uint64_t id = resume.last + 1; id <= count; ++id) {
        std::this_thread::sleep_for(std::chrono::milliseconds(interval_ms));
        if (!writer.send(sse_examples::token_event(id))) return;  // the client left
    }
    if (!writer.send(sse_examples::done_event(count))) return;
    net::write(socket, bhttp::make_chunk_last(), ec);
}

void session(tcp::socket socket, const Options& options) {
    beast::error_code ec;
    beast::flat_buffer buffer;
    bhttp::request<bhttp::string_body> req;
    bhttp::read(socket, buffer, req, ec);
    if (ec) {
        if (ec != bhttp::error::end_of_stream) {
            bhttp::request<bhttp::string_body> none;
            reply(socket, none, bhttp::status::bad_request, "text/plain", "malformed request\n", ec);
        }
    } else if (req.method() != bhttp::verb::get) {
        reply(socket, req, bhttp::status::method_not_allowed, "text/plain", "only GET\n", ec);
    } else {
        const std::string_view target(req.target().data(), req.target().size());
        const std::string_view path = target.substr(0, target.find('?'));
        if (path == "/tokens") {
            stream_tokens(socket, req, options);
        } else if (path == "/") {
            reply(socket, req, bhttp::status::ok, "text/html; charset=utf-8",
                                      std::string(sse_examples::kTokensPage), ec);
        } else {
            reply(socket, req, bhttp::status::not_found, "text/plain", "not found\n", ec);
        }
    }
    socket.shutdown(tcp::socket::shutdown_send, ec);
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);
    std::signal(SIGPIPE, SIG_IGN);
    try {
        net::io_context ioc{1};
        tcp::acceptor acceptor{ioc, {net::ip::make_address("127.0.0.1"), options.port}};
        std::printf("beast_server listening on http://127.0.0.1:%u/\n",
                    static_cast<unsigned>(acceptor.local_endpoint().port()));
        std::fflush(stdout);
        for (;;) {
            tcp::socket socket{ioc};
            beast::error_code ec;
            acceptor.accept(socket, ec);
            if (ec) continue;  // e.g. out of descriptors: keep serving the others
            std::thread(session, std::move(socket), std::cref(options)).detach();
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "beast_server: %s\n", e.what());
        return 1;
    }
}
