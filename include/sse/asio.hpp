// <sse/asio.hpp> -- an async SSE session over an Asio stream socket. Optional:
// the umbrella <sse/sse.hpp> and the single header never include it.
//
//   // After reading the request (e.g. with Beast's http::async_read):
//   auto session = sse::AsioSession<tcp::socket>::create(std::move(socket), {});
//   session->on_close([](sse::SessionEnd why, auto ec) { /* stop producing */ });
//   session->start(std::string(sse::http1_stream_head));  // the head, then events
//   session->send(frame);                 // shared sse::Frame: queued, no copy
//   session->send(sse::Event::data("x")); // false: closed (client left, too slow)
//   session->finish();                    // last bytes out, then the close
//
// Boost.Asio or standalone Asio: by default this header uses Boost.Asio
// (<boost/asio/...>, e.g. Debian libboost-dev 1.74); define SSE_ASIO_STANDALONE
// before including it (or with -DSSE_ASIO_STANDALONE) to use standalone Asio
// (<asio/...>, Debian libasio-dev) instead. error_code is then std::error_code
// instead of boost::system::error_code. Both may be used in one program (the
// sessions are different types).
//
// What a session does, with no thread of its own:
// - Writes from an sse::Outbox, one write in flight at a time: each
//   async_write_some carries up to Outbox::max_slices queued frames as one
//   gathered buffer sequence; a partial write is consumed and the rest follows.
// - Keeps one async_read_some pending for its whole life, so a client that
//   goes away (EOF, reset) is noticed at once, also while nothing is being
//   written. Bytes the client sends are read and ignored.
// - Keep-alive: a steady_timer at the keep-alive deadline; when it fires,
//   sse::ping_if_idle queues ": keep-alive\n\n" only if nothing was queued or
//   in flight since the last check (activity moves the deadline on, without
//   cancelling the timer per event).
// - The slow-consumer policy of its outbox: when a send() overflows it
//   (Options::max_queue_bytes, OverflowPolicy), the session closes the socket
//   and reports SessionEnd::too_slow. Optionally also a send total
//   (Options::send_timeout): queued bytes not all taken by the client within
//   that time, counted once from when the queue was last empty (partial
//   writes do not restart it), end it the same way.
// - When it ends for any reason it closes the socket and calls the on_close
//   handler once, posted to its executor (never from inside send()/close(), so
//   the handler may remove the session from a list being iterated).
//
// Lifetime: create() returns a std::shared_ptr; every pending operation holds
// one, so a started session lives until it has ended and its handlers ran,
// also when the caller keeps no pointer. After the end, send() returns false.
//
// Threads: a session is not thread-safe. With an io_context run by one thread
// (the usual case: many thousands of sessions on one core), call its member
// functions from that thread, e.g. from other handlers. With several threads
// running the io_context, give each socket a strand executor
// (acceptor.async_accept(net::make_strand(ioc), ...)) and call the session only
// from that strand: net::dispatch(session->get_executor(), [=] { session->send(f); }).
// The session's own handlers then run on that strand too.
//
// Stream: any Asio stream socket, i.e. an AsyncReadStream and AsyncWriteStream
// with get_executor() and close(error_code&) -- ip::tcp::socket,
// local::stream_protocol::socket, or basic_stream_socket with another executor.
#ifndef SSE_ASIO_HPP
#define SSE_ASIO_HPP

#include "config.hpp"
#include "event.hpp"
#include "frame.hpp"
#include "outbox.hpp"
#include "writer.hpp"

#ifdef SSE_ASIO_STANDALONE
#include <asio/buffer.hpp>
#include <asio/error.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <system_error>
#else
#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/system/error_code.hpp>
#endif

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

SSE_DETAIL_BEGIN_NAMESPACE

namespace detail {
#ifdef SSE_ASIO_STANDALONE
namespace asio_net = ::asio;
using asio_error_code = std::error_code;
#else
namespace asio_net = ::boost::asio;
using asio_error_code = ::boost::system::error_code;
#endif

// Up to Outbox::max_slices buffers: an Asio ConstBufferSequence.
struct AsioBuffers {
    asio_net::const_buffer items[OutboxSlices::capacity];
    std::size_t count = 0;
    [[nodiscard]] const asio_net::const_buffer* begin() const noexcept { return items; }
    [[nodiscard]] const asio_net::const_buffer* end() const noexcept { return items + count; }
};
}  // namespace detail

/// Why an AsioSession ended (the first argument of its on_close handler).
enum class SessionEnd : unsigned char {
    client_left,   ///< the pending read saw EOF or an error: the client closed or the connection broke
    write_failed,  ///< a write failed (the error_code says why; e.g. the peer reset the connection)
    too_slow,      ///< the outbox overflowed: the client reads slower than events arrive
    closed,        ///< the server called close()
};

/// A word for `why`: "client_left", "write_failed", "too_slow" or "closed".
[[nodiscard]] constexpr std::string_view describe(SessionEnd why) noexcept {
    switch (why) {
        case SessionEnd::client_left: return "client_left";
        case SessionEnd::write_failed: return "write_failed";
        case SessionEnd::too_slow: return "too_slow";
        case SessionEnd::closed: return "closed";
    }
    return "closed";
}

/// One SSE stream over an Asio stream socket; see the top of this header.
template <class Stream>
class AsioSession : public std::enable_shared_from_this<AsioSession<Stream>> {
public:
    using stream_type = Stream;
    using executor_type = decltype(std::declval<Stream&>().get_executor());
    using error_code = detail::asio_error_code;
    using clock = std::chrono::steady_clock;
    /// Called once when the session ends, with why and (for client_left,
    /// write_failed) the error of the read or write.
    using CloseHandler = std::function<void(SessionEnd, error_code)>;

    struct Options {
        /// The outbox bound: unsent bytes allowed before the client counts as too slow.
        std::size_t max_queue_bytes = std::size_t(1) << 20;
        OverflowPolicy policy = OverflowPolicy::disconnect;
        /// Ping when idle this long; zero or less: no pings.
        std::chrono::milliseconds keepalive{15000};
        /// A total for sending: once bytes are queued, the client must have
        /// taken everything queued within this time of the queue last being
        /// empty, however many partial writes that took; else the session
        /// ends with SessionEnd::too_slow. Zero or less: no limit (the
        /// max_queue_bytes bound still applies). One timer per session, armed
        /// only while bytes wait; no timer operation per frame.
        std::chrono::milliseconds send_timeout{0};
    };

    /// What the session has written so far.
    struct Stats {
        std::uint64_t writes = 0;          ///< completed async_write_some calls
        std::uint64_t bytes_written = 0;   ///< bytes they carried
        std::uint64_t partial_writes = 0;  ///< writes that carried fewer bytes than offered
    };

    /// A session owning `stream` (connected; the request already read).
    /// Nothing happens until start().
    static std::shared_ptr<AsioSession> create(Stream stream, Options options = Options()) {
        return std::shared_ptr<AsioSession>(new AsioSession(std::move(stream), options));
    }

    AsioSession(const AsioSession&) = delete;
    AsioSession& operator=(const AsioSession&) = delete;
    ~AsioSession() {
        error_code ignored;
        stream_.close(ignored);
    }

    /// Sets the handler called once when the session ends (see SessionEnd).
    void on_close(CloseHandler handler) { on_close_ = std::move(handler); }

    /// Queues `head` (e.g. sse::http1_stream_head; "" for none), then starts
    /// reading, writing and the keep-alive timer. Frames sent before start()
    /// wait in the outbox and go out first, ahead of the head: with a head,
    /// call start() before the first send(). Later calls do nothing.
    void start(std::string head = std::string()) {
        if (started_ || closed_) return;
        started_ = true;
        if (!head.empty() && !check(outbox_.push_bytes(std::move(head)))) return;
        keepalive_.restart(clock::now());
        read();
        arm_timer();
        flush();
    }

    /// Queues a shared frame (no copy) and writes when the socket is free.
    /// Returns false when the session has ended, or when this push found
    /// the client too slow (the session then ends with SessionEnd::too_slow).
    bool send(const Frame& frame) { return accepting() && check(outbox_.push(frame)); }
    /// As send(frame), with a conflation key (used with OverflowPolicy::conflate).
    bool send(const Frame& frame, std::string_view key) { return accepting() && check(outbox_.push(frame, key)); }
    /// Encodes `e` into an owned frame and queues it (as send(frame)).
    bool send(const Event& e) { return accepting() && check(outbox_.push(e)); }
    /// Queues bytes the caller encoded (whole frames, e.g. from sse::encode_comment).
    bool send_bytes(std::string bytes) { return accepting() && check(outbox_.push_bytes(std::move(bytes))); }

    /// Ends the session: closes the socket now (unsent bytes are dropped) and
    /// reports SessionEnd::closed. No-op once ended.
    void close() { end(SessionEnd::closed, error_code()); }

    /// Ends the stream gracefully: nothing more is queued (later sends return
    /// false), everything already queued is written, then the socket is closed
    /// and the session reports SessionEnd::closed (for a body delimited by the
    /// close, e.g. the last event of a finite stream). At once when nothing is
    /// queued or the session has not started. The client leaving, a write
    /// failing or close() still end it early. No-op once ended.
    void finish() {
        if (closed_) return;
        finishing_ = true;
        if (!started_ || (!writing_ && outbox_.empty())) end(SessionEnd::closed, error_code());
    }

    /// True until the session has ended.
    [[nodiscard]] bool is_open() const noexcept { return !closed_; }
    /// The queue (bytes_queued(), overflowed(), ...).
    [[nodiscard]] const Outbox& outbox() const noexcept { return outbox_; }
    [[nodiscard]] const Stats& stats() const noexcept { return stats_; }
    [[nodiscard]] Stream& stream() noexcept { return stream_; }
    [[nodiscard]] executor_type get_executor() { return stream_.get_executor(); }

private:
    AsioSession(Stream stream, Options options)
        : stream_(std::move(stream)),
          timer_(stream_.get_executor()),
          outbox_(options.max_queue_bytes, options.policy),
          keepalive_(options.keepalive.count() > 0 ? options.keepalive : std::chrono::milliseconds(1), clock::now()),
          send_timer_(stream_.get_executor()),
          send_timeout_(options.send_timeout),
          pings_(options.keepalive.count() > 0) {}

    [[nodiscard]] bool accepting() const noexcept { return !closed_ && !finishing_; }

    bool check(PushResult r) {
        if (closed_) return false;
        if (r == PushResult::too_slow) {
            end(SessionEnd::too_slow, error_code());
            return false;
        }
        flush();
        return true;
    }

    void flush() {
        if (writing_ || closed_ || !started_ || outbox_.empty()) return;
        if (!busy_) {  // bytes wait from now: the send_timeout total starts
            busy_ = true;
            busy_since_ = clock::now();
            arm_send_timer();
        }
        writing_ = true;
        const OutboxSlices s = outbox_.next_slices();
        detail::AsioBuffers buffers;
        for (const Slice& x : s) buffers.items[buffers.count++] = detail::asio_net::const_buffer(x.data, x.size);
        stream_.async_write_some(buffers, [self = this->shared_from_this(), offered = s.bytes](error_code ec,
                                                                                              std::size_t n) {
            self->written(ec, n, offered);
        });
    }

    void written(error_code ec, std::size_t n, std::size_t offered) {
        writing_ = false;
        if (closed_) return;
        if (ec) {
            end(SessionEnd::write_failed, ec);
            return;
        }
        ++stats_.writes;
        stats_.bytes_written += n;
        if (n < offered) ++stats_.partial_writes;
        outbox_.consume(n);
        if (outbox_.empty()) busy_ = false;
        if (finishing_ && outbox_.empty()) {
            end(SessionEnd::closed, error_code());
            return;
        }
        flush();
    }

    void read() {
        stream_.async_read_some(detail::asio_net::buffer(read_buffer_),
                                [self = this->shared_from_this()](error_code ec, std::size_t) {
                                    if (self->closed_) return;
                                    if (ec) {
                                        self->end(SessionEnd::client_left, ec);
                                        return;
                                    }
                                    self->read();
                                });
    }

    void arm_timer() {
        if (!pings_ || closed_) return;
        timer_.expires_at(keepalive_.next_deadline());
        timer_.async_wait([self = this->shared_from_this()](error_code ec) {
            if (ec || self->closed_) return;
            if (!ping_if_idle(self->outbox_, self->keepalive_, clock::now())) {
                self->end(SessionEnd::too_slow, error_code());
                return;
            }
            self->flush();
            self->arm_timer();
        });
    }

    // At most one wait pending; when it fires for an older busy period it
    // re-arms for the current one instead of being cancelled at every drain.
    void arm_send_timer() {
        if (send_timeout_.count() <= 0 || send_timer_armed_ || closed_) return;
        send_timer_armed_ = true;
        send_timer_.expires_at(busy_since_ + send_timeout_);
        send_timer_.async_wait([self = this->shared_from_this()](error_code ec) {
            self->send_timer_armed_ = false;
            if (ec || self->closed_ || !self->busy_) return;
            if (clock::now() >= self->busy_since_ + self->send_timeout_) {
                self->end(SessionEnd::too_slow, error_code());
                return;
            }
            self->arm_send_timer();
        });
    }

    void end(SessionEnd why, error_code ec) {
        if (closed_) return;
        closed_ = true;
        error_code ignored;
        timer_.cancel();
        send_timer_.cancel();
        stream_.close(ignored);
        if (on_close_) {
            detail::asio_net::post(stream_.get_executor(),
                                   [self = this->shared_from_this(), handler = std::move(on_close_), why, ec]() {
                                       handler(why, ec);
                                   });
            on_close_ = nullptr;
        }
    }

    Stream stream_;
    detail::asio_net::steady_timer timer_;
    Outbox outbox_;
    KeepAlive<clock::time_point> keepalive_;
    CloseHandler on_close_;
    Stats stats_;
    detail::asio_net::steady_timer send_timer_;
    std::chrono::milliseconds send_timeout_;
    clock::time_point busy_since_{};
    bool busy_ = false;
    bool send_timer_armed_ = false;
    bool pings_;
    bool started_ = false;
    bool finishing_ = false;
    bool writing_ = false;
    bool closed_ = false;
    char read_buffer_[64];
};

SSE_DETAIL_END_NAMESPACE

#endif  // SSE_ASIO_HPP
