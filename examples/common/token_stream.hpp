// The /tokens stream of common/tokens.hpp on an sse::AsioSession: no thread,
// one steady_timer per stream for the token schedule; the session does the
// writing, the keep-alive pings and notices the client leaving at once (its
// pending read), which cancels the timer. A client that has not taken
// everything queued within 10 s (a total, however many partial writes) is
// dropped. Used by demo_server and beast_server.
#ifndef SSE_EXAMPLES_COMMON_TOKEN_STREAM_HPP
#define SSE_EXAMPLES_COMMON_TOKEN_STREAM_HPP

#include "tokens.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <sse/asio.hpp>
#include <sse/sse.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sse_examples {

using TokenSession = sse::AsioSession<boost::asio::ip::tcp::socket>;

/// What one /tokens stream sends.
struct TokenPlan {
    std::uint64_t first = 1;       ///< the first token id (Last-Event-ID + 1)
    std::uint64_t count = 100;     ///< the last token id; then `done`
    std::uint64_t interval_ms = 50;
    std::uint64_t keepalive_ms = 15000;
    std::uint64_t drop_after = 0;  ///< close after this many tokens (0: never)
    std::uint64_t retry_ms = 1000;
    std::string_view head = sse::http1_stream_head;
    bool head_only = false;        ///< HEAD: the head, then the close
    const std::vector<sse::Frame>* frames = nullptr;  ///< token_event(1..size()), encoded once (optional)
};

class TokenStream : public std::enable_shared_from_this<TokenStream> {
public:
    /// Called once when the stream ends (the session's SessionEnd).
    using Ended = std::function<void(sse::SessionEnd)>;

    /// Streams `plan` on `socket`; `note` gets log lines (may be empty).
    static std::shared_ptr<TokenSession> start(boost::asio::ip::tcp::socket socket, const TokenPlan& plan,
                                               std::function<void(std::string)> note, Ended ended) {
        TokenSession::Options o;
        o.keepalive = std::chrono::milliseconds(plan.keepalive_ms);
        o.send_timeout = std::chrono::seconds(10);  // a client must take what is queued within 10 s, in all
        auto stream = std::shared_ptr<TokenStream>(new TokenStream(TokenSession::create(std::move(socket), o), plan));
        stream->note_ = std::move(note);
        stream->session_->on_close([stream, ended = std::move(ended)](sse::SessionEnd why, TokenSession::error_code) {
            stream->timer_.cancel();
            if (ended) ended(why);
        });
        stream->begin();
        return stream->session_;
    }

private:
    TokenStream(std::shared_ptr<TokenSession> s, const TokenPlan& plan)
        : session_(std::move(s)), timer_(session_->get_executor()), plan_(plan), next_id_(plan.first) {}

    void begin() {
        session_->start(std::string(plan_.head));
        if (plan_.head_only) return session_->finish();
        std::string retry;
        sse::encode_retry(retry, plan_.retry_ms);
        session_->send_bytes(std::move(retry));
        if (next_id_ > plan_.count) return end_with_done();
        due_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(plan_.interval_ms);
        wait();
    }

    void wait() {
        timer_.expires_at(due_);
        timer_.async_wait([self = shared_from_this()](TokenSession::error_code ec) {
            if (!ec && self->session_->is_open()) self->emit();
        });
    }

    void emit() {
        // A client that reads slower than interval_ms 0 produces: wait for the queue.
        if (session_->outbox().bytes_queued() > 256 * 1024) {
            due_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(1);
            return wait();
        }
        const std::uint64_t id = next_id_++;
        const bool shared = plan_.frames != nullptr && id <= plan_.frames->size();
        if (!(shared ? session_->send((*plan_.frames)[static_cast<std::size_t>(id - 1)])
                     : session_->send(token_event(id)))) {
            return;  // the client left or was too slow
        }
        if (id == plan_.count) return end_with_done();
        if (++sent_ == plan_.drop_after) {
            if (note_) note_("dropped after id " + std::to_string(id) + " (drop_after)");
            return session_->finish();  // the server closes: the client must resume
        }
        due_ += std::chrono::milliseconds(plan_.interval_ms);
        wait();
    }

    void end_with_done() {
        session_->send(done_event(plan_.count));
        session_->finish();
    }

    std::shared_ptr<TokenSession> session_;
    boost::asio::steady_timer timer_;
    TokenPlan plan_;
    std::function<void(std::string)> note_;
    std::uint64_t next_id_;
    std::uint64_t sent_ = 0;
    std::chrono::steady_clock::time_point due_;
};

}  // namespace sse_examples

#endif  // SSE_EXAMPLES_COMMON_TOKEN_STREAM_HPP
