// fanout::BodyServer -- the accept loop of the fan-out server: the demo
// servers' HTTP plumbing (examples/common/http.hpp: Request, parse_request_head,
// Connection, listen_tcp, SIGINT/SIGTERM handling) plus what a publish route
// needs and that plumbing does not do: POST requests with a body.
//
//   fanout::BodyServer server;
//   server.run(listen_fd, [](sse_examples::http::Connection& c, const sse_examples::http::Request& r,
//                            std::string_view body) { ... });
//
// Same model as sse_examples::http::Server: one thread per connection, one
// request per connection, every read and send bounded in time, SIGINT/SIGTERM
// make run() return once every connection thread has finished. Differences:
// - POST is accepted (GET and HEAD too); other methods get 405.
// - The whole request (head and body) must arrive within read_timeout_ms,
//   else 408.
// - A POST body must come with Content-Length (at most Limits::max_body_bytes,
//   else 413); `Transfer-Encoding` bodies get 411; the body is read whole
//   (bounded by read_timeout_ms) before the handler runs.
// It lives here and not in examples/common/ because that file belongs to the
// demo server; see the report of the redis branch.
#ifndef SSE_EXAMPLES_REDIS_FANOUT_BODY_SERVER_HPP
#define SSE_EXAMPLES_REDIS_FANOUT_BODY_SERVER_HPP

#include "common/http.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

namespace fanout {

namespace http = sse_examples::http;

struct BodyLimits {
    http::Limits head;                         ///< head size, header count, read and send timeouts
    std::size_t max_body_bytes = 1024 * 1024;  ///< a larger Content-Length gets 413
};

/// A complete small text/plain response for any status (the reason phrases
/// of http::reason_phrase plus the two this server adds).
[[nodiscard]] inline std::string text_response(int status, std::string_view body, bool head_only = false) {
    std::string_view reason = http::reason_phrase(status);
    if (status == 411) reason = "Length Required";
    if (status == 413) reason = "Content Too Large";
    std::string s = "HTTP/1.1 " + std::to_string(status) + ' ';
    s += reason;
    s += "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ";
    s += std::to_string(body.size());
    s += "\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    if (!head_only) s += body;
    return s;
}

using BodyHandler = std::function<void(http::Connection&, const http::Request&, std::string_view body)>;

class BodyServer {
public:
    explicit BodyServer(BodyLimits limits = BodyLimits()) : limits_(limits) {}
    BodyServer(const BodyServer&) = delete;
    BodyServer& operator=(const BodyServer&) = delete;
    ~BodyServer() { stop_and_wait(); }

    /// Serves `listen_fd` until stop() or SIGINT/SIGTERM; then shuts every open
    /// connection down, waits for their threads, closes listen_fd and returns.
    void run(int listen_fd, BodyHandler handler) {
        handler_ = std::move(handler);
        while (!stopping_.load() && !http::stop_signalled()) {
            pollfd p{listen_fd, POLLIN, 0};
            if (::poll(&p, 1, 200) <= 0) continue;
            const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) {
                if (errno == EMFILE || errno == ENFILE) std::this_thread::sleep_for(std::chrono::milliseconds(50));
                continue;
            }
            {
                const std::lock_guard<std::mutex> lock(mutex_);
                open_.insert(fd);
            }
            try {
                std::thread([this, fd] { serve(fd); }).detach();
            } catch (...) {
                (void)http::send_all(fd, text_response(503, "server busy\n"));
                finish(fd, false);
            }
        }
        ::close(listen_fd);
        stop_and_wait();
    }

    void stop() noexcept { stopping_.store(true); }

private:
    struct Refused {
        int status = 0;  // 0: accepted; -1: peer left or timed out (nothing to answer)
        std::string message;
    };

    void serve(int fd) {
        set_timeout(fd, SO_RCVTIMEO, limits_.head.read_timeout_ms);
        set_timeout(fd, SO_SNDTIMEO, limits_.head.send_timeout_ms);
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        http::Connection connection(fd, stopping_);
        http::Request request;
        std::string body;
        const Refused refused = read_request(fd, request, body);
        if (refused.status > 0) {  // including 408: the whole request did not come in time
            connection.send(text_response(refused.status, refused.message + "\n"));
        } else if (refused.status == 0) {
            try {
                handler_(connection, request, body);
            } catch (const std::exception& e) {  // a handler bug must not take the server down
                connection.send(text_response(500, std::string(e.what()) + "\n"));
            }
        }
        finish(fd);
    }

    // Reads the head and, for POST, the body, all within read_timeout_ms in
    // total (a client that trickles bytes gets 408, it cannot pin a thread).
    Refused read_request(int fd, http::Request& request, std::string& body) const {
        const auto deadline =
            std::chrono::steady_clock::now() + std::chrono::milliseconds(limits_.head.read_timeout_ms);
        auto receive = [&](char* chunk, std::size_t size, std::string& into) -> int {
            for (;;) {
                if (std::chrono::steady_clock::now() >= deadline) return 408;
                const ssize_t n = ::recv(fd, chunk, size, 0);
                if (n > 0) {
                    into.append(chunk, static_cast<std::size_t>(n));
                    return 0;
                }
                if (n < 0 && errno == EINTR) continue;
                if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 408;  // SO_RCVTIMEO
                return -1;  // the peer left
            }
        };
        std::string buffer;
        std::size_t head_end = std::string::npos;  // index just past the blank line
        std::size_t scanned = 0;
        char chunk[4096];
        while (head_end == std::string::npos) {
            if (const int r = receive(chunk, sizeof chunk, buffer); r != 0) return timeout_or_gone(r);
            for (; scanned < buffer.size(); ++scanned) {
                if (buffer[scanned] != '\n') continue;
                const bool crlf = scanned >= 3 && buffer.compare(scanned - 3, 4, "\r\n\r\n") == 0;
                const bool lf = scanned >= 1 && buffer[scanned - 1] == '\n';
                if (crlf || lf) {
                    head_end = scanned + 1;
                    break;
                }
            }
            if ((head_end == std::string::npos ? buffer.size() : head_end) > limits_.head.max_head_bytes) {
                return {431, "request head too large"};
            }
        }
        const http::Refusal refusal =
            http::parse_request_head(std::string_view(buffer).substr(0, head_end), request, limits_.head);
        // The shared parser answers 405 to anything but GET/HEAD, after it has
        // filled `request`; this server also takes POST.
        const bool post = refusal.status == 405 && request.method == "POST";
        if (refusal && !post) return {refusal.status, refusal.message};
        if (!post) return {};

        if (request.header("Transfer-Encoding") != nullptr) {
            return {411, "send the body with a Content-Length (no Transfer-Encoding)"};
        }
        std::size_t length = 0;
        if (const std::string* value = request.header("Content-Length")) {
            if (request.header_count("Content-Length") != 1 || !parse_length(*value, length)) {
                return {400, "malformed Content-Length"};
            }
        }
        if (length > limits_.max_body_bytes) {
            return {413, "body larger than " + std::to_string(limits_.max_body_bytes) + " bytes"};
        }
        body.assign(buffer, head_end, std::string::npos);
        while (body.size() < length) {
            if (const int r = receive(chunk, sizeof chunk, body); r != 0) return timeout_or_gone(r);
        }
        body.resize(length);  // bytes after the body (a pipelined request) are ignored
        return {};
    }

    static Refused timeout_or_gone(int r) {
        if (r == 408) return {408, "request not received in time"};
        return {-1, {}};
    }

    static bool parse_length(std::string_view text, std::size_t& out) {
        if (text.empty() || text.size() > 12) return false;
        out = 0;
        for (const char c : text) {
            if (c < '0' || c > '9') return false;
            out = out * 10 + static_cast<std::size_t>(c - '0');
        }
        return true;
    }

    static void set_timeout(int fd, int option, int ms) noexcept {
        timeval tv{};
        tv.tv_sec = ms / 1000;
        tv.tv_usec = static_cast<decltype(tv.tv_usec)>((ms % 1000) * 1000);
        ::setsockopt(fd, SOL_SOCKET, option, &tv, sizeof tv);
    }

    // Our FIN first, then (up to 1 s) drop what the peer still sends until
    // its FIN: unread bytes would turn close() into a reset that can destroy
    // the response in flight. The descriptor leaves open_ before close(), so
    // accept() cannot reuse its number while it is still listed.
    void finish(int fd, bool linger = true) {
        ::shutdown(fd, SHUT_WR);
        if (linger) {
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
            char sink[4096];
            for (;;) {
                const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                                      deadline - std::chrono::steady_clock::now())
                                      .count();
                pollfd p{fd, POLLIN, 0};
                if (left <= 0 || ::poll(&p, 1, static_cast<int>(left)) <= 0) break;
                if (::recv(fd, sink, sizeof sink, MSG_DONTWAIT) <= 0) break;
            }
        }
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            open_.erase(fd);
            if (open_.empty()) idle_.notify_all();
        }
        ::close(fd);
    }

    void stop_and_wait() {
        stopping_.store(true);
        std::unique_lock<std::mutex> lock(mutex_);
        for (const int fd : open_) ::shutdown(fd, SHUT_RDWR);
        idle_.wait(lock, [this] { return open_.empty(); });
    }

    BodyLimits limits_;
    BodyHandler handler_;
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::condition_variable idle_;
    std::set<int> open_;
};

}  // namespace fanout

#endif  // SSE_EXAMPLES_REDIS_FANOUT_BODY_SERVER_HPP
