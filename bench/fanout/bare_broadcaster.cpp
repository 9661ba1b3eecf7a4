// sse_bare_broadcaster: the physical floor for bench/fanout -- no event loop,
// no queue: one blocking send() of the same encoded frame to every subscriber
// socket, one after the other. One system call and the kernel's TCP work per
// delivery is the least any server can spend.
//
//   sse_bare_broadcaster [--port 0]      (prints "listening on 127.0.0.1:PORT")
//
// Serves the routes sse_fanout_loadgen uses, one connection at a time on one
// thread (requests read and answered by Beast's sync HTTP):
// GET /events: the stream head; the socket joins the subscribers.
// POST /publish: the body becomes an event with the next id, encoded once,
// sent to each subscriber with a blocking send(); then 200 with the id. The
// connection is served (keep-alive) until the publisher closes it.
// GET /stats: {"connections":N,"published":N,...} (nlohmann-json).
// It trusts its clients (a benchmark reference, not a server to deploy).
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <sse/sse.hpp>

#include <sys/socket.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

int main(int argc, char** argv) {
    std::signal(SIGPIPE, SIG_IGN);
    unsigned short port = 0;
    if (argc == 3 && std::string(argv[1]) == "--port") port = static_cast<unsigned short>(std::atoi(argv[2]));
    net::io_context ioc;
    tcp::acceptor acceptor(ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    acceptor.listen(4096);
    std::printf("listening on 127.0.0.1:%u\n", static_cast<unsigned>(acceptor.local_endpoint().port()));
    std::fflush(stdout);

    std::vector<tcp::socket> subscribers;
    std::uint64_t published = 0;
    for (;;) {
        tcp::socket socket(ioc);
        acceptor.accept(socket);
        beast::flat_buffer buffer;
        beast::error_code ec;
        for (;;) {  // requests on this connection
            bhttp::request<bhttp::string_body> req;
            bhttp::read(socket, buffer, req, ec);
            if (ec) break;
            const std::string target(req.target());
            if (target == "/events") {
                net::write(socket, net::buffer(sse::http1_stream_head.data(), sse::http1_stream_head.size()), ec);
                if (!ec) subscribers.push_back(std::move(socket));
                break;
            }
            bhttp::response<bhttp::string_body> res{bhttp::status::ok, 11};
            if (target.rfind("/publish", 0) == 0) {
                const sse::Frame frame(sse::Event::data(req.body()).id(++published));
                const std::string_view bytes = frame.bytes();
                for (tcp::socket& s : subscribers) {  // the floor: one blocking send per delivery
                    if (s.is_open()) (void)::send(s.native_handle(), bytes.data(), bytes.size(), MSG_NOSIGNAL);
                }
                res.body() = std::string(frame.id());
            } else if (target == "/stats") {
                nlohmann::ordered_json j;
                j["connections"] = subscribers.size();
                j["published"] = published;
                j["dropped_slow"] = 0;
                j["queued_bytes"] = 0;
                res.body() = j.dump();
            } else {
                res.result(bhttp::status::not_found);
            }
            res.keep_alive(req.keep_alive());
            res.prepare_payload();
            bhttp::write(socket, res, ec);
            if (ec || !req.keep_alive()) break;
        }
    }
}
