// The Boost.Beast glue the example servers share (demo_server, beast_server,
// fanout_server, hub_server):
// an sse::Response as a Beast response, a short text reply, a connection cap,
// and one HTTP connection that reads a request head with Beast's async parser
// under a total deadline and either answers it or hands its socket on (to an
// sse::AsioSession). One request per connection by default: a reply ends with
// the close, so a streamed body needs no Content-Length and no chunking; a
// server may keep a connection open after a complete reply (reply(res, true)).
// A connection's handlers run on its socket's executor: one io_context thread,
// or a strand per connection (Acceptor::strand_per_connection) when several
// threads run it; the connection count is atomic.
#ifndef SSE_EXAMPLES_COMMON_BEAST_HTTP_HPP
#define SSE_EXAMPLES_COMMON_BEAST_HTTP_HPP

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <sse/sse.hpp>

#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace sse_examples {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

using Request = bhttp::request<bhttp::string_body>;
using Reply = bhttp::response<bhttp::string_body>;

inline beast::string_view bsv(std::string_view s) { return {s.data(), s.size()}; }
inline std::string_view sv(beast::string_view s) { return {s.data(), s.size()}; }

/// `r` as a Beast response: its status, its headers in order, its body (left
/// out for HEAD). No Content-Length: the body ends when the server closes.
[[nodiscard]] inline Reply to_beast(const sse::Response& r, bool head_only) {
    Reply res{static_cast<bhttp::status>(r.status), 11};
    for (const sse::Header& h : r.headers) res.insert(bsv(h.name), bsv(h.value));
    if (!head_only) res.body() = r.body;
    return res;
}

/// A complete small reply: Content-Type, Content-Length, Cache-Control:
/// no-store, Connection: close. With head_only the body is left out (HEAD).
[[nodiscard]] inline Reply text_reply(unsigned status, std::string body, bool head_only = false,
                                      std::string_view content_type = "text/plain; charset=utf-8") {
    Reply res{static_cast<bhttp::status>(status), 11};
    res.set(bhttp::field::content_type, bsv(content_type));
    res.set(bhttp::field::cache_control, "no-store");
    res.keep_alive(false);
    res.body() = std::move(body);
    res.prepare_payload();
    if (head_only) res.body().clear();  // Content-Length stays the GET body's
    return res;
}

/// The default --max-connections: the descriptor limit (soft raised to the
/// hard one first) minus 64 kept for the listener, logs and 503 answers.
[[nodiscard]] inline std::size_t default_max_connections() {
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return 1000;
    if (lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        (void)setrlimit(RLIMIT_NOFILE, &lim);
        (void)getrlimit(RLIMIT_NOFILE, &lim);
    }
    return lim.rlim_cur > 128 ? static_cast<std::size_t>(lim.rlim_cur - 64) : 64;
}

/// Counts open connections against a cap. A Slot is held for as long as a
/// connection's socket is open (request, reply or stream).
class ConnectionLimit {
public:
    class Slot {
    public:
        Slot() = default;
        explicit Slot(ConnectionLimit* l) : limit_(l) {}
        Slot(Slot&& o) noexcept : limit_(std::exchange(o.limit_, nullptr)) {}
        Slot& operator=(Slot&& o) noexcept {
            std::swap(limit_, o.limit_);
            return *this;
        }
        ~Slot() {
            if (limit_ != nullptr) limit_->active_.fetch_sub(1);
        }

    private:
        ConnectionLimit* limit_ = nullptr;
    };

    explicit ConnectionLimit(std::size_t max) : max_(max) {}
    /// A slot, or nullopt when `max` connections are open (answer 503).
    [[nodiscard]] std::optional<Slot> take() {
        if (active_.fetch_add(1) >= max_) {
            active_.fetch_sub(1);
            return std::nullopt;
        }
        return Slot(this);
    }
    [[nodiscard]] std::size_t active() const { return active_.load(); }
    [[nodiscard]] std::size_t max() const { return max_; }

private:
    std::size_t max_;
    std::atomic<std::size_t> active_{0};
};

/// One accepted connection until its request is answered or its socket is
/// handed on. The request (head of at most 8 KiB, and its body if any) must
/// arrive within the head timeout, counted once from the accept (a total, not
/// per read): else 408. On a connection kept open after a reply the next
/// request gets the same total from the end of that reply; if nothing of it
/// came, the connection just closes (an idle keep-alive connection).
/// Malformed heads get 400, oversized ones 431, a body over the limit 413,
/// each with a reason line.
/// Origin-form ("/p?q") and absolute-form ("http://host/p?q") targets are
/// accepted; the handler gets the origin-form. Beast's own tcp_stream timeout
/// is not used for the head because it closes the socket, and the 408 is
/// written on it; a timer that cancels the read gives the same total.
class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
public:
    /// Called with the request and its origin-form target; it must call
    /// reply() or take_socket() (or neither, to close).
    using Handler = std::function<void(const std::shared_ptr<HttpConnection>&, const Request&, std::string_view)>;

    HttpConnection(tcp::socket socket, ConnectionLimit::Slot slot, std::chrono::milliseconds head_timeout,
                   std::uint64_t body_limit = 65536)
        : socket_(std::move(socket)), deadline_(socket_.get_executor()), slot_(std::move(slot)),
          head_timeout_(head_timeout), body_limit_(body_limit) {}

    void start(Handler handler) {
        handler_ = std::move(handler);
        read_request();
    }

    /// Writes `res`, then closes: our side first, then, once the client closed
    /// too (or 10 s after the reply began), the socket. Reading to the
    /// client's end keeps a request the client is still sending from turning
    /// the close into a reset that would discard the reply. With keep_alive
    /// (the caller has set res.keep_alive(true); only for a complete reply with
    /// Content-Length, after a request that asked to keep the connection) the
    /// connection instead reads its next request.
    void reply(Reply res, bool keep_alive = false) {
        auto owned = std::make_shared<Reply>(std::move(res));
        deadline_.expires_after(std::chrono::seconds(10));
        deadline_.async_wait([self = shared_from_this()](beast::error_code ec) {
            if (!ec) self->close();
        });
        bhttp::async_write(socket_, *owned,
                           [self = shared_from_this(), owned, keep_alive](beast::error_code ec, std::size_t) {
                               if (ec) return self->close();
                               if (keep_alive) {
                                   ++self->served_;
                                   return self->read_request();
                               }
                               beast::error_code ignored;
                               self->socket_.shutdown(tcp::socket::shutdown_send, ignored);
                               self->drain();
                           });
    }

    /// The socket, for a stream (the connection is done with it).
    [[nodiscard]] tcp::socket take_socket() {
        deadline_.cancel();
        return std::move(socket_);
    }
    /// The connection's slot, to be held as long as the taken socket is open.
    [[nodiscard]] ConnectionLimit::Slot take_slot() { return std::move(slot_); }
    /// The executor the connection's handlers run on (its strand, if any).
    [[nodiscard]] tcp::socket::executor_type get_executor() { return socket_.get_executor(); }

private:
    // A fresh parser and the total deadline, then the request.
    void read_request() {
        done_reading_ = false;
        timed_out_ = false;
        skipped_ = 0;
        parser_.emplace();
        parser_->header_limit(8192);
        parser_->body_limit(body_limit_);
        deadline_.expires_after(head_timeout_);
        deadline_.async_wait([self = shared_from_this()](beast::error_code ec) {
            if (ec || self->done_reading_) return;
            self->timed_out_ = true;
            beast::error_code ignored;
            self->socket_.cancel(ignored);  // the read ends with operation_aborted
        });
        skip_empty_lines();
    }

    // RFC 9112 2.2: a server should ignore at least one empty line (CRLF)
    // received before the request line; Beast's parser does not, so leading
    // CR/LF bytes (up to 8) are dropped here before the parser reads. Bytes
    // already buffered (a pipelined request) are looked at first.
    void skip_empty_lines() {
        const auto* p = static_cast<const char*>(buffer_.data().data());
        std::size_t skip = 0;
        while (skip < buffer_.size() && (p[skip] == '\r' || p[skip] == '\n')) ++skip;
        buffer_.consume(skip);
        skipped_ += skip;
        if (buffer_.size() == 0 && skipped_ <= 8) {
            socket_.async_read_some(buffer_.prepare(4096),
                                    [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                                        self->buffer_.commit(n);
                                        if (ec) return self->on_read(ec);
                                        self->skip_empty_lines();
                                    });
            return;
        }
        bhttp::async_read(socket_, buffer_, *parser_,
                          [self = shared_from_this()](beast::error_code e, std::size_t) { self->on_read(e); });
    }

    void on_read(beast::error_code ec) {
        done_reading_ = true;
        deadline_.cancel();
        if (timed_out_) {
            if (served_ > 0 && skipped_ == 0 && buffer_.size() == 0) return close();  // idle between requests
            return reply(text_reply(408, "request head not complete within " + std::to_string(head_timeout_.count()) +
                                             " ms\n"));
        }
        if (ec == bhttp::error::end_of_stream || ec == net::error::operation_aborted ||
            ec == net::error::connection_reset || ec == net::error::eof) {
            return close();
        }
        if (ec == bhttp::error::header_limit) return reply(text_reply(431, "request head too large (limit 8 KiB)\n"));
        if (ec == bhttp::error::body_limit) {
            return reply(text_reply(413, "request body too large (limit " + std::to_string(body_limit_) + " bytes)\n"));
        }
        if (ec == bhttp::error::bad_method || ec == bhttp::error::bad_target || ec == bhttp::error::bad_version) {
            return reply(text_reply(400, "malformed request line (" + ec.message() + ")\n"));
        }
        if (ec == bhttp::error::bad_value) {
            return reply(text_reply(400, "malformed header line (bad value: a control byte such as NUL in a value)\n"));
        }
        if (ec) return reply(text_reply(400, "malformed header line or body framing (" + ec.message() + ")\n"));

        const Request& req = parser_->get();
        std::string_view target = sv(req.target());
        if (target.substr(0, 7) == "http://" || target.substr(0, 8) == "https://") {
            const std::size_t slash = target.find('/', target.find("://") + 3);
            target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
        }
        if (target.empty() || target[0] != '/') {
            return reply(text_reply(400, "malformed request target: must start with / (or be absolute http://...)\n"));
        }
        if (req.version() == 11 && req.count(bhttp::field::host) == 0) {
            return reply(text_reply(400, "an HTTP/1.1 request needs a Host header\n"));
        }
        handler_(shared_from_this(), req, target);
    }

    void drain() {
        socket_.async_read_some(net::buffer(scratch_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return self->close();
            self->drain();
        });
    }

    void close() {
        beast::error_code ignored;
        deadline_.cancel();
        socket_.close(ignored);
    }

    tcp::socket socket_;
    net::steady_timer deadline_;
    ConnectionLimit::Slot slot_;
    std::chrono::milliseconds head_timeout_;
    std::uint64_t body_limit_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    Handler handler_;
    char scratch_[512];
    std::size_t skipped_ = 0;
    std::size_t served_ = 0;  // replies written on this connection kept open
    bool done_reading_ = false;
    bool timed_out_ = false;
};

/// Accepts on `acceptor` forever: each connection within the cap gets an
/// HttpConnection running `handler`; past the cap a 503 and the close, so a
/// new client is never left hanging. Out of descriptors: retries in 50 ms.
class Acceptor {
public:
    Acceptor(tcp::acceptor& acceptor, ConnectionLimit& limit, std::chrono::milliseconds head_timeout,
             HttpConnection::Handler handler, std::uint64_t body_limit = 65536)
        : acceptor_(acceptor), limit_(limit), head_timeout_(head_timeout), body_limit_(body_limit),
          handler_(std::move(handler)), retry_(acceptor.get_executor()) {}

    /// Each accepted socket on its own strand (call before start()), for an
    /// io_context run by several threads.
    void strand_per_connection() { strands_ = true; }

    void start() {
        auto on_accept = [this](beast::error_code ec, tcp::socket socket) {
            if (!acceptor_.is_open()) return;
            if (ec) {  // e.g. EMFILE: wait instead of spinning
                retry_.expires_after(std::chrono::milliseconds(50));
                retry_.async_wait([this](beast::error_code e) {
                    if (!e) start();
                });
                return;
            }
            std::optional<ConnectionLimit::Slot> slot = limit_.take();
            if (slot) {
                std::make_shared<HttpConnection>(std::move(socket), std::move(*slot), head_timeout_, body_limit_)
                    ->start(handler_);
            } else {
                std::make_shared<HttpConnection>(std::move(socket), ConnectionLimit::Slot(), head_timeout_)
                    ->reply(text_reply(503, "server busy: " + std::to_string(limit_.max()) +
                                                " connections open (--max-connections)\n"));
            }
            start();
        };
        if (strands_) {
            acceptor_.async_accept(net::make_strand(acceptor_.get_executor()), on_accept);
        } else {
            acceptor_.async_accept(on_accept);
        }
    }

private:
    tcp::acceptor& acceptor_;
    ConnectionLimit& limit_;
    std::chrono::milliseconds head_timeout_;
    std::uint64_t body_limit_;
    HttpConnection::Handler handler_;
    net::steady_timer retry_;
    bool strands_ = false;
};

}  // namespace sse_examples

#endif  // SSE_EXAMPLES_COMMON_BEAST_HTTP_HPP
