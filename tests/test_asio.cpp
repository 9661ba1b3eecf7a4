// <sse/asio.hpp> over loopback TCP. Built twice: with Boost.Asio and with
// standalone Asio (SSE_ASIO_STANDALONE). Every wait is bounded by a deadline;
// nothing asserts on timing except "within a wide margin".
#include <sse/asio.hpp>

#ifdef SSE_ASIO_STANDALONE
#include <asio/connect.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
namespace net = asio;
#else
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
namespace net = boost::asio;
#endif

#include <doctest/doctest.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace {

using tcp = net::ip::tcp;
using Session = sse::AsioSession<tcp::socket>;
using namespace std::chrono_literals;

// Runs handlers until pred() holds or `limit` passes; returns pred().
template <class Pred>
bool run_until(net::io_context& ioc, Pred pred, std::chrono::milliseconds limit = 10000ms) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (!pred()) {
        if (std::chrono::steady_clock::now() >= end) return false;
        if (ioc.stopped()) ioc.restart();
        ioc.run_one_for(10ms);
    }
    return true;
}

// Runs handlers for `d` (a pause during which other work proceeds).
void run_for(net::io_context& ioc, std::chrono::milliseconds d) {
    const auto end = std::chrono::steady_clock::now() + d;
    while (std::chrono::steady_clock::now() < end) {
        if (ioc.stopped()) ioc.restart();
        ioc.run_one_for(5ms);
    }
}

// A connected loopback pair: `server` (for the session) and `client`.
struct Pair {
    tcp::socket server;
    tcp::socket client;
};
Pair connect_pair(net::io_context& ioc, int client_rcvbuf = 0, int server_sndbuf = 0) {
    tcp::acceptor acceptor(ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
    tcp::socket client(ioc);
    client.open(tcp::v4());
    if (client_rcvbuf > 0) client.set_option(net::socket_base::receive_buffer_size(client_rcvbuf));
    client.connect(acceptor.local_endpoint());
    tcp::socket server = acceptor.accept();
    if (server_sndbuf > 0) server.set_option(net::socket_base::send_buffer_size(server_sndbuf));
    return Pair{std::move(server), std::move(client)};
}

// Reads everything the client socket receives, asynchronously.
struct Reader {
    tcp::socket& socket;
    std::string received;
    bool ended = false;
    char buffer[4096];

    explicit Reader(tcp::socket& s) : socket(s) {}
    void start() {
        socket.async_read_some(net::buffer(buffer), [this](sse::detail::asio_error_code ec, std::size_t n) {
            received.append(buffer, n);
            if (ec) {
                ended = true;
                return;
            }
            start();
        });
    }
};

struct Ended {
    bool called = false;
    int calls = 0;
    sse::SessionEnd why = sse::SessionEnd::closed;
};

std::shared_ptr<Session> make_session(tcp::socket s, Session::Options o, Ended& ended) {
    auto session = Session::create(std::move(s), o);
    session->on_close([&ended](sse::SessionEnd why, Session::error_code) {
        ended.called = true;
        ++ended.calls;
        ended.why = why;
    });
    return session;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("AsioSession: the head, then frames, several per gathered write") {
    net::io_context ioc;
    Pair p = connect_pair(ioc);
    Ended ended;
    auto session = make_session(std::move(p.server), Session::Options(), ended);
    session->start("HEAD\r\n\r\n");
    std::string expect = "HEAD\r\n\r\n";
    const sse::Frame shared(sse::Event::data("shared").id("1"));
    for (int i = 0; i < 10; ++i) {  // queued while the head is in flight
        if (i % 2 == 0) {
            CHECK(session->send(shared));
            expect += shared.bytes();
        } else {
            const auto e = sse::Event::data("own " + std::to_string(i));
            CHECK(session->send(e));
            expect += e.encode();
        }
    }
    Reader r(p.client);
    r.start();
    REQUIRE(run_until(ioc, [&] { return r.received.size() >= expect.size(); }));
    CHECK(r.received == expect);
    // One write for the head, then the ten frames together (not one write each).
    CHECK(session->stats().writes <= 3);
    CHECK(session->stats().bytes_written == expect.size());
    CHECK(session->outbox().empty());
    CHECK(session->is_open());
    CHECK_FALSE(ended.called);
}

TEST_CASE("AsioSession: partial writes to a slow reader through tiny socket buffers keep every byte") {
    net::io_context ioc;
    Pair p = connect_pair(ioc, 4096, 4096);
    Ended ended;
    Session::Options o;
    o.max_queue_bytes = 8u << 20;
    auto session = make_session(std::move(p.server), o, ended);
    session->start();
    std::string expect;
    for (int i = 0; i < 200; ++i) {
        const auto e = sse::Event::data(std::string(4999, static_cast<char>('a' + i % 26))).id(std::uint64_t(i));
        CHECK(session->send(e));
        expect += e.encode();
    }
    run_for(ioc, 100ms);  // the client reads nothing yet: the socket buffers fill
    CHECK(session->outbox().bytes_queued() > 0);
    Reader r(p.client);
    r.start();
    REQUIRE(run_until(ioc, [&] { return r.received.size() >= expect.size(); }));
    CHECK(r.received == expect);
    CHECK(session->stats().partial_writes > 0);
    CHECK(session->stats().bytes_written == expect.size());
    CHECK_FALSE(ended.called);
}

TEST_CASE("AsioSession: a client leaving an idle stream is noticed at once") {
    net::io_context ioc;
    Pair p = connect_pair(ioc);
    Ended ended;
    Session::Options o;
    o.keepalive = 60000ms;  // no ping, no write: only the pending read can notice
    auto session = make_session(std::move(p.server), o, ended);
    session->start("HEAD\r\n\r\n");
    Reader r(p.client);
    r.start();
    REQUIRE(run_until(ioc, [&] { return r.received == "HEAD\r\n\r\n"; }));
    run_for(ioc, 50ms);
    CHECK_FALSE(ended.called);
    p.client.close();
    const auto left = std::chrono::steady_clock::now();
    REQUIRE(run_until(ioc, [&] { return ended.called; }, 5000ms));
    CHECK(std::chrono::steady_clock::now() - left < 2s);  // wide margin: it is immediate
    CHECK(ended.why == sse::SessionEnd::client_left);
    CHECK_FALSE(session->is_open());
    CHECK_FALSE(session->send(sse::Event::data("late")));
    run_for(ioc, 20ms);
    CHECK(ended.calls == 1);
}

TEST_CASE("AsioSession: keep-alive pings an idle stream and never a busy one") {
    net::io_context ioc;
    Pair p = connect_pair(ioc);
    Ended ended;
    Session::Options o;
    o.keepalive = 300ms;
    auto session = make_session(std::move(p.server), o, ended);
    session->start();
    Reader r(p.client);
    r.start();

    // Busy: an event every 20 ms for 1.5 s (five intervals): no ping.
    net::steady_timer tick(ioc);
    int sent = 0;
    std::function<void()> next = [&] {
        tick.expires_after(20ms);
        tick.async_wait([&](sse::detail::asio_error_code ec) {
            if (ec || sent == 75) return;
            ++sent;
            session->send(sse::Event::data("busy"));
            next();
        });
    };
    next();
    REQUIRE(run_until(ioc, [&] { return sent == 75 && r.received.size() == 75 * std::string("data: busy\n\n").size(); }));
    CHECK(count(r.received, "data: busy\n\n") == 75);
    CHECK(count(r.received, ": keep-alive\n\n") == 0);

    // Idle: the ping follows within one to two intervals (margin: 10 s).
    const std::size_t before = r.received.size();
    REQUIRE(run_until(ioc, [&] { return r.received.size() > before; }));
    CHECK(r.received.substr(before) == ": keep-alive\n\n");
    REQUIRE(run_until(ioc, [&] { return count(r.received, ": keep-alive\n\n") >= 2; }));
    CHECK(session->is_open());
}

TEST_CASE("AsioSession: a client that never reads is dropped as too slow") {
    net::io_context ioc;
    Pair p = connect_pair(ioc, 4096, 4096);
    Ended ended;
    Session::Options o;
    o.max_queue_bytes = 64u << 10;
    auto session = make_session(std::move(p.server), o, ended);
    session->start();
    const sse::Frame f(sse::Event::data(std::string(1000, 'x')));
    int pushes = 0;
    while (session->send(f) && pushes < 100000) {
        ++pushes;
        ioc.poll();  // let writes proceed as in a live loop
        if (ioc.stopped()) ioc.restart();
    }
    CHECK(pushes < 100000);
    CHECK(pushes > 64);  // the bound, plus what the kernel buffers took
    CHECK_FALSE(session->is_open());
    CHECK(session->outbox().overflowed());
    CHECK(session->outbox().bytes_queued() <= o.max_queue_bytes);
    REQUIRE(run_until(ioc, [&] { return ended.called; }));
    CHECK(ended.why == sse::SessionEnd::too_slow);
    CHECK_FALSE(session->send(f));
    // The socket is closed: the client reads what was sent, then the end.
    Reader r(p.client);
    r.start();
    REQUIRE(run_until(ioc, [&] { return r.ended; }));
}

TEST_CASE("AsioSession: close() ends the stream and reports closed once") {
    net::io_context ioc;
    Pair p = connect_pair(ioc);
    Ended ended;
    auto session = make_session(std::move(p.server), Session::Options(), ended);
    session->start("H\n");
    Reader r(p.client);
    r.start();
    REQUIRE(run_until(ioc, [&] { return r.received == "H\n"; }));
    std::weak_ptr<Session> weak = session;
    session->close();
    session->close();
    CHECK_FALSE(ended.called);  // posted, never called from inside close()
    session.reset();            // the pending operations keep it alive until they ran
    REQUIRE(run_until(ioc, [&] { return ended.called && r.ended; }));
    CHECK(ended.why == sse::SessionEnd::closed);
    CHECK(ended.calls == 1);
    REQUIRE(run_until(ioc, [&] { return weak.expired(); }));
}

TEST_CASE("AsioSession: finish() writes everything queued, then ends with closed") {
    net::io_context ioc;
    Pair p = connect_pair(ioc, 4096, 4096);  // small buffers: the tail goes out in several writes
    Ended ended;
    auto session = make_session(std::move(p.server), Session::Options(), ended);
    session->start("H\n");
    const std::string big(200000, 'x');
    CHECK(session->send(sse::Event::data(big)));
    CHECK(session->send(sse::Event::data("last")));
    session->finish();
    CHECK_FALSE(session->send(sse::Event::data("after finish")));  // nothing more is queued
    CHECK(session->is_open());                                       // still draining
    Reader r(p.client);
    r.start();
    REQUIRE(run_until(ioc, [&] { return ended.called && r.ended; }));
    CHECK(ended.why == sse::SessionEnd::closed);
    CHECK(ended.calls == 1);
    CHECK(r.received == "H\ndata: " + big + "\n\ndata: last\n\n");
}

TEST_CASE("AsioSession: finish() on an idle session ends it at once") {
    net::io_context ioc;
    Pair p = connect_pair(ioc);
    Ended ended;
    auto session = make_session(std::move(p.server), Session::Options(), ended);
    session->start();
    session->finish();
    Reader r(p.client);
    r.start();
    REQUIRE(run_until(ioc, [&] { return ended.called && r.ended; }));
    CHECK(ended.why == sse::SessionEnd::closed);
    CHECK(r.received.empty());
}

TEST_CASE("AsioSession: send_timeout is a total: a client that takes bytes slowly is dropped although writes progress") {
    net::io_context ioc;
    Pair p = connect_pair(ioc, 4096, 4096);
    Ended ended;
    Session::Options o;
    o.max_queue_bytes = 64u << 20;  // never reached: only the timeout ends it
    o.send_timeout = 300ms;
    auto session = make_session(std::move(p.server), o, ended);
    session->start();
    CHECK(session->send(sse::Event::data(std::string(4u << 20, 'x'))));  // 4 MiB, far beyond the socket buffers
    // The client reads a little at a time, so partial writes keep completing.
    char buffer[512];
    std::size_t got = 0;
    const bool dropped = run_until(ioc, [&] {
        sse::detail::asio_error_code ec;
        if (p.client.available(ec) > 0) got += p.client.read_some(net::buffer(buffer), ec);
        return ended.called;
    }, 10000ms);
    REQUIRE(dropped);
    CHECK(ended.why == sse::SessionEnd::too_slow);
    CHECK(got > 0);                 // writes did progress
    CHECK(got < (4u << 20));        // but the frame was not done in time
    CHECK(session->stats().writes > 1);
}

TEST_CASE("AsioSession: send_timeout leaves a client that keeps up alone") {
    net::io_context ioc;
    Pair p = connect_pair(ioc);
    Ended ended;
    Session::Options o;
    o.send_timeout = 100ms;
    auto session = make_session(std::move(p.server), o, ended);
    session->start();
    Reader r(p.client);
    r.start();
    for (int i = 0; i < 10; ++i) {
        CHECK(session->send(sse::Event::data("tick")));
        run_for(ioc, 50ms);  // 500 ms in all: longer than the timeout, but each frame goes out at once
    }
    CHECK(session->is_open());
    CHECK_FALSE(ended.called);
    CHECK(count(r.received, "data: tick\n\n") == 10);
}
