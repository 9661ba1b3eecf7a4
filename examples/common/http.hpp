// Small HTTP/1.1 plumbing for the example servers: POSIX sockets only.
//
// NOT part of the library (which does no I/O). It is what a raw-socket
// server needs around it, and nothing more:
//
//   sse_examples::http::ignore_sigpipe_and_catch_stop();   // once, in main()
//   std::string error;
//   int fd = sse_examples::http::listen_tcp("127.0.0.1", 8080, error);
//   sse_examples::http::Server server;
//   server.run(fd, [](sse_examples::http::Connection& c, const sse_examples::http::Request& r) {
//       if (r.path != "/") {
//           c.send_error(404, "no such path");    // 404, text/plain, Content-Length
//           return;
//       }
//       c.send(sse::http1_stream_head);           // then frames, e.g. through an sse::Writer
//       sse::Writer w([&c](std::string_view b) { return c.send(b); });
//       while (w.send(next_event()) && c.wait(1000)) {}
//   });                                           // returns on SIGINT/SIGTERM
//
// Model: one thread per connection, one request per connection (the server
// closes the connection when the handler returns, so a streamed body is
// delimited by the close and needs no Content-Length and no chunking).
// - Reading the request head is bounded (Limits: size, header count, time);
//   a malformed head gets 400, an oversized one 431, a method other than GET
//   or HEAD 405, each with a one-line text/plain reason, before any handler runs.
// - Methods listed in Limits::body_methods (e.g. POST) are served too: their
//   body is read whole into Request::body before the handler runs. It must
//   come with one Content-Length (none: 411; more than Limits::max_body_bytes:
//   413; malformed or repeated: 400). A Transfer-Encoding body (chunked) is
//   not supported and gets 411, asking for a Content-Length instead. Head and
//   body must arrive within read_timeout_ms in total, else 408. By default the
//   list is empty: GET and HEAD only, any request body is ignored.
// - Every send uses MSG_NOSIGNAL (and SIGPIPE is ignored), so a peer that
//   left is a `false` return value, never a dead process. Sends time out
//   (Limits::send_timeout_ms) so a peer that stops reading cannot pin a thread.
// - Connection::wait(ms) sleeps, but wakes up as soon as the peer hangs up or
//   the server stops: a streaming handler never outlives its client.
// - Server::run returns after SIGINT/SIGTERM (or stop()), once every
//   connection thread has finished: no thread or descriptor is left behind.
//
// Targets are not percent-decoded; query parameters are split at '&' and '='.
#ifndef SSE_EXAMPLES_COMMON_HTTP_HPP
#define SSE_EXAMPLES_COMMON_HTTP_HPP

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace sse_examples::http {

/// Bounds on what one client may cost the server.
struct Limits {
    std::size_t max_head_bytes = 8192;  ///< request line + headers; more gets 431
    std::size_t max_headers = 64;       ///< more header lines get 431
    int read_timeout_ms = 5000;         ///< to receive the whole head (in total); then the connection is dropped
    int send_timeout_ms = 10000;        ///< a send blocked this long counts as "peer gone"
    /// Methods served besides GET and HEAD, each with a Content-Length body
    /// read into Request::body (e.g. {"POST"}); empty: others get 405.
    std::vector<std::string> body_methods;
    std::size_t max_body_bytes = 1024 * 1024;  ///< a larger Content-Length gets 413 (body methods only)
};

/// A parsed request head.
struct Request {
    std::string method;   ///< "GET"
    std::string target;   ///< "/tokens?count=5" (as sent)
    std::string version;  ///< "HTTP/1.1"
    std::string path;     ///< "/tokens"
    std::string query;    ///< "count=5" (no '?'; empty when none)
    std::vector<std::pair<std::string, std::string>> headers;  ///< names as sent, values without surrounding blanks
    std::string body;     ///< the whole body for Limits::body_methods (bytes as sent); else empty

    /// The value of the first header called `name` (ASCII case-insensitive), or nullptr.
    [[nodiscard]] const std::string* header(std::string_view name) const {
        for (const auto& h : headers) {
            if (equals_ignore_case(h.first, name)) return &h.second;
        }
        return nullptr;
    }
    /// How many headers are called `name`.
    [[nodiscard]] std::size_t header_count(std::string_view name) const {
        std::size_t n = 0;
        for (const auto& h : headers) n += equals_ignore_case(h.first, name) ? 1U : 0U;
        return n;
    }
    /// The value of query parameter `name` ("" for `?name`), or nullopt. No percent-decoding.
    [[nodiscard]] std::optional<std::string_view> query_param(std::string_view name) const {
        std::string_view rest = query;
        while (!rest.empty()) {
            const std::size_t amp = rest.find('&');
            const std::string_view pair = rest.substr(0, amp);
            rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
            const std::size_t eq = pair.find('=');
            if (pair.substr(0, eq) == name) {
                return eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
            }
        }
        return std::nullopt;
    }

    static bool equals_ignore_case(std::string_view a, std::string_view b) noexcept {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i) {
            char x = a[i];
            char y = b[i];
            if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
            if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
            if (x != y) return false;
        }
        return true;
    }
};

/// Why a request was refused: an HTTP status and a one-line reason. status 0 = accepted.
struct Refusal {
    int status = 0;
    std::string message;
    explicit operator bool() const noexcept { return status != 0; }
};

/// The reason phrase of the statuses these examples use.
[[nodiscard]] inline std::string_view reason_phrase(int status) noexcept {
    switch (status) {
        case 200: return "OK";
        case 204: return "No Content";
        case 400: return "Bad Request";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 408: return "Request Timeout";
        case 411: return "Length Required";
        case 413: return "Content Too Large";
        case 431: return "Request Header Fields Too Large";
        case 500: return "Internal Server Error";
        case 503: return "Service Unavailable";
        default: return "Unknown";
    }
}

namespace detail {
inline bool is_tchar(char c) noexcept {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}
inline bool is_token(std::string_view s) noexcept {
    if (s.empty()) return false;
    for (const char c : s) {
        if (!is_tchar(c)) return false;
    }
    return true;
}
inline std::string_view trim_blanks(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}
}  // namespace detail

/// Parses a request head: the bytes before the blank line that ends it (lines
/// end with CRLF; a bare LF is tolerated, a bare CR is not). Fills `out` and
/// returns an empty Refusal, or returns 400/405/431 with the reason (405: a
/// method other than GET, HEAD and limits.body_methods). Does not read a body.
/// Header values are kept byte for byte (apart from surrounding blanks):
/// checking them (e.g. Last-Event-ID) is the application's job.
[[nodiscard]] inline Refusal parse_request_head(std::string_view head, Request& out,
                                                const Limits& limits = Limits()) {
    std::size_t line_end = head.find('\n');
    std::string_view line = head.substr(0, line_end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    // request-line = method SP request-target SP HTTP-version
    const std::size_t sp1 = line.find(' ');
    const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
        return {400, "malformed request line: expected METHOD SP TARGET SP HTTP/1.x"};
    }
    const std::string_view method = line.substr(0, sp1);
    const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    const std::string_view version = line.substr(sp2 + 1);
    if (!detail::is_token(method)) return {400, "malformed request line: bad method"};
    if (target.empty() || target.front() != '/') {
        return {400, "malformed request line: the target must start with '/'"};
    }
    for (const char c : target) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7F) return {400, "malformed request line: control character in the target"};
    }
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        return {400, "malformed request line: the version must be HTTP/1.0 or HTTP/1.1"};
    }
    out = Request();
    out.method = std::string(method);
    out.target = std::string(target);
    out.version = std::string(version);
    const std::size_t question = target.find('?');
    out.path = std::string(target.substr(0, question));
    if (question != std::string_view::npos) out.query = std::string(target.substr(question + 1));

    while (line_end != std::string_view::npos) {
        const std::size_t start = line_end + 1;
        line_end = head.find('\n', start);
        line = head.substr(start, line_end == std::string_view::npos ? std::string_view::npos : line_end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) continue;  // a trailing CRLF of the head
        if (line.find('\r') != std::string_view::npos) return {400, "malformed header: bare CR"};
        if (line.front() == ' ' || line.front() == '\t') return {400, "malformed header: obsolete line folding"};
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos || !detail::is_token(line.substr(0, colon))) {
            return {400, "malformed header line: expected NAME: VALUE"};
        }
        if (out.headers.size() == limits.max_headers) return {431, "too many header lines"};
        out.headers.emplace_back(std::string(line.substr(0, colon)),
                                 std::string(detail::trim_blanks(line.substr(colon + 1))));
    }
    if (out.version == "HTTP/1.1" && out.header_count("Host") != 1) {
        return {400, "an HTTP/1.1 request needs exactly one Host header"};
    }
    if (out.method == "GET" || out.method == "HEAD") return {};
    std::string allowed = "GET";
    for (const std::string& m : limits.body_methods) {
        if (m == out.method) return {};
        allowed += ", " + m;
    }
    return {405, "only " + allowed + " and HEAD are served"};
}

/// Sends every byte of `bytes` (looping over partial writes and EINTR) with
/// MSG_NOSIGNAL. Returns false when the peer is gone, the send timed out or
/// any other error: the caller should stop writing to this socket.
inline bool send_all(int fd, std::string_view bytes) noexcept {
    const char* p = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::send(fd, p, left, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;  // EPIPE, ECONNRESET, EAGAIN (send timeout), ...
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    return true;
}

/// `HTTP/1.1 <status> <reason>\r\n`.
[[nodiscard]] inline std::string status_line(int status) {
    std::string s = "HTTP/1.1 ";
    s += std::to_string(status);
    s += ' ';
    s += reason_phrase(status);
    s += "\r\n";
    return s;
}

/// A complete small response with Content-Length and `Connection: close`
/// (the server closes after it). With head_only the body is left out (HEAD).
[[nodiscard]] inline std::string simple_response(int status, std::string_view content_type, std::string_view body,
                                                 bool head_only = false) {
    std::string s = status_line(status);
    s += "Content-Type: ";
    s += content_type;
    s += "\r\nContent-Length: ";
    s += std::to_string(body.size());
    s += "\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    if (!head_only) s += body;
    return s;
}

/// An open TCP listening socket on host:port (port 0 = any free port; see
/// local_port), with SO_REUSEADDR. Returns -1 and sets `error` on failure.
[[nodiscard]] inline int listen_tcp(const std::string& host, std::uint16_t port, std::string& error,
                                    int backlog = 1024) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (::inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) {
        error = "not an IPv4 address: " + host;
        return -1;
    }
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = std::string("socket: ") + std::strerror(errno);
        return -1;
    }
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, backlog) != 0) {
        error = "cannot listen on " + host + ":" + std::to_string(port) + ": " + std::strerror(errno);
        ::close(fd);
        return -1;
    }
    return fd;
}

/// The port a socket is bound to (0 on error).
[[nodiscard]] inline std::uint16_t local_port(int fd) noexcept {
    sockaddr_in addr{};
    socklen_t len = sizeof addr;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return 0;
    return ntohs(addr.sin_port);
}

namespace detail {
inline volatile std::sig_atomic_t stop_signal = 0;
extern "C" inline void on_stop_signal(int) { stop_signal = 1; }
}  // namespace detail

/// Ignores SIGPIPE for the whole process (a write to a closed socket is then
/// an EPIPE error, never a death), and makes SIGINT and SIGTERM ask every
/// Server::run to return (after its connections have finished).
inline void ignore_sigpipe_and_catch_stop() {
    std::signal(SIGPIPE, SIG_IGN);
    struct sigaction sa {};
    sa.sa_handler = detail::on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: a blocked poll() wakes up
    ::sigaction(SIGINT, &sa, nullptr);
    ::sigaction(SIGTERM, &sa, nullptr);
}

/// True once SIGINT or SIGTERM arrived (after ignore_sigpipe_and_catch_stop).
[[nodiscard]] inline bool stop_signalled() noexcept { return detail::stop_signal != 0; }

/// One accepted client, as seen by a handler.
class Connection {
public:
    Connection(int fd, const std::atomic<bool>& stopping) noexcept : fd_(fd), stopping_(stopping) {}

    [[nodiscard]] int fd() const noexcept { return fd_; }

    /// send_all on this connection; false once the peer is gone (and from then on).
    bool send(std::string_view bytes) noexcept {
        if (gone_) return false;
        if (!send_all(fd_, bytes)) gone_ = true;
        return !gone_;
    }
    /// A small complete response (see simple_response) with a text/plain reason line.
    bool send_error(int status, std::string_view message, bool head_only = false) {
        std::string body(message);
        body += '\n';
        return send(simple_response(status, "text/plain; charset=utf-8", body, head_only));
    }

    /// Sleeps up to `ms` milliseconds. Returns false early (and from then on)
    /// when the peer hangs up or resets, or the server is stopping; true when
    /// the time passed with the peer still there. Bytes the peer sends after
    /// its request are read and ignored.
    bool wait(int ms) noexcept {
        using clock = std::chrono::steady_clock;
        const auto deadline = clock::now() + std::chrono::milliseconds(ms);
        for (;;) {
            if (gone_ || stopping_.load(std::memory_order_relaxed)) return false;
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count();
            if (left <= 0) return true;
            pollfd p{fd_, static_cast<short>(POLLIN | POLLRDHUP), 0};
            const int r = ::poll(&p, 1, static_cast<int>(left < 200 ? left : 200));
            if (r < 0 && errno != EINTR) return gone(false);
            if (r <= 0) continue;
            if ((p.revents & (POLLHUP | POLLERR | POLLRDHUP | POLLNVAL)) != 0) return gone(false);
            char sink[512];
            const ssize_t n = ::recv(fd_, sink, sizeof sink, MSG_DONTWAIT);
            if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) return gone(false);
        }
    }

    /// True once a send failed or wait() saw the peer leave.
    [[nodiscard]] bool peer_gone() const noexcept { return gone_; }
    /// True when the server is shutting down: finish quickly.
    [[nodiscard]] bool stopping() const noexcept { return stopping_.load(std::memory_order_relaxed); }

private:
    bool gone(bool value) noexcept {
        gone_ = true;
        return value;
    }
    int fd_;
    const std::atomic<bool>& stopping_;
    bool gone_ = false;
};

/// Handles one request. The connection is closed when it returns.
using Handler = std::function<void(Connection&, const Request&)>;

/// Accept loop with one thread per connection.
class Server {
public:
    explicit Server(Limits limits = Limits()) : limits_(limits) {}
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;
    ~Server() { stop_and_wait(); }

    /// Serves `listen_fd` until stop() or SIGINT/SIGTERM, then shuts every open
    /// connection down, waits for their threads and returns. Closes listen_fd.
    void run(int listen_fd, Handler handler) {
        handler_ = std::move(handler);
        while (!stopping_.load() && !stop_signalled()) {
            pollfd p{listen_fd, POLLIN, 0};
            const int r = ::poll(&p, 1, 200);
            if (r <= 0) continue;
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
            } catch (...) {  // no thread available: refuse this one, keep serving
                (void)send_all(fd, simple_response(503, "text/plain", "server busy\n"));
                finish(fd, false);
            }
        }
        ::close(listen_fd);
        stop_and_wait();
    }

    /// Asks run() to return (from any thread).
    void stop() noexcept { stopping_.store(true); }

    /// Connections being served right now.
    [[nodiscard]] std::size_t active() const {
        const std::lock_guard<std::mutex> lock(mutex_);
        return open_.size();
    }

private:
    void serve(int fd) {
        set_timeout(fd, SO_RCVTIMEO, limits_.read_timeout_ms);
        set_timeout(fd, SO_SNDTIMEO, limits_.send_timeout_ms);
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        Connection connection(fd, stopping_);
        Request request;
        const Refusal refusal = read_request(fd, request);
        if (refusal.status == -1) {
            // the peer left before a whole head: nobody to answer
        } else if (refusal) {
            connection.send_error(refusal.status, refusal.message);
        } else {
            try {
                handler_(connection, request);
            } catch (const std::exception& e) {  // a handler bug must not take the server down
                connection.send_error(500, e.what());
            }
        }
        finish(fd);
    }

    // Reads up to the blank line that ends the head, then the body of a body
    // method (all within read_timeout_ms); status -1 when the peer left.
    Refusal read_request(int fd, Request& request) const {
        std::string head;
        char buf[2048];
        std::size_t scanned = 0;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(limits_.read_timeout_ms);
        for (;;) {
            if (std::chrono::steady_clock::now() >= deadline) return {408, "request head not received in time"};
            const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n == 0) return {-1, "peer closed"};
            if (n < 0) {
                if (errno == EINTR) continue;
                if (errno == EAGAIN || errno == EWOULDBLOCK) return {408, "request head not received in time"};
                return {-1, "receive failed"};
            }
            head.append(buf, static_cast<std::size_t>(n));
            // A blank line: CRLFCRLF, or LFLF when the client uses bare LF.
            for (; scanned < head.size(); ++scanned) {
                if (head[scanned] != '\n') continue;
                const bool crlf = scanned >= 3 && head.compare(scanned - 3, 4, "\r\n\r\n") == 0;
                const bool lf = scanned >= 1 && head[scanned - 1] == '\n';
                if (crlf || lf) {
                    if (scanned + 1 > limits_.max_head_bytes) return {431, "request head too large"};
                    Refusal refusal =
                        parse_request_head(std::string_view(head).substr(0, scanned + 1), request, limits_);
                    if (refusal || request.method == "GET" || request.method == "HEAD") return refusal;
                    head.erase(0, scanned + 1);  // what follows the head: the start of the body
                    return read_body(fd, request, std::move(head), deadline);
                }
            }
            if (head.size() > limits_.max_head_bytes) return {431, "request head too large"};
        }
    }

    // Reads the Content-Length body of a body method into request.body;
    // `received` holds the bytes that came after the head.
    Refusal read_body(int fd, Request& request, std::string received,
                      std::chrono::steady_clock::time_point deadline) const {
        if (request.header("Transfer-Encoding") != nullptr) {
            return {411, "send the body with a Content-Length (no Transfer-Encoding)"};
        }
        const std::string* value = request.header("Content-Length");
        if (value == nullptr) return {411, "a " + request.method + " request needs a Content-Length"};
        std::size_t length = 0;
        if (request.header_count("Content-Length") != 1 || !parse_length(*value, length)) {
            return {400, "malformed Content-Length"};
        }
        if (length > limits_.max_body_bytes) {
            return {413, "body larger than " + std::to_string(limits_.max_body_bytes) + " bytes"};
        }
        char buf[4096];
        while (received.size() < length) {
            if (std::chrono::steady_clock::now() >= deadline) return {408, "request body not received in time"};
            const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n == 0) return {-1, "peer closed"};
            if (n < 0) {
                if (errno == EINTR) continue;
                if (errno == EAGAIN || errno == EWOULDBLOCK) return {408, "request body not received in time"};
                return {-1, "receive failed"};
            }
            received.append(buf, static_cast<std::size_t>(n));
        }
        received.resize(length);  // bytes after the body (a pipelined request) are ignored
        request.body = std::move(received);
        return {};
    }

    // 1*DIGIT, at most 12 digits (far above any max_body_bytes).
    static bool parse_length(std::string_view text, std::size_t& out) noexcept {
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

    // Closes gracefully: our FIN first, then (up to 1 s) reads and drops what
    // the peer still sends until its FIN, so that unread request bytes do not
    // turn the close into a reset that could destroy the response in flight.
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
            // Forget the descriptor before closing it, so that accept() cannot
            // hand out the same number while it is still listed.
            const std::lock_guard<std::mutex> lock(mutex_);
            open_.erase(fd);
            if (open_.empty()) idle_.notify_all();
        }
        ::close(fd);
    }

    void stop_and_wait() {
        stopping_.store(true);
        std::unique_lock<std::mutex> lock(mutex_);
        for (const int fd : open_) ::shutdown(fd, SHUT_RDWR);  // wakes every wait() and recv()
        idle_.wait(lock, [this] { return open_.empty(); });
    }

    Limits limits_;
    Handler handler_;
    std::atomic<bool> stopping_{false};
    mutable std::mutex mutex_;
    std::condition_variable idle_;
    std::set<int> open_;
};

}  // namespace sse_examples::http

#endif  // SSE_EXAMPLES_COMMON_HTTP_HPP
