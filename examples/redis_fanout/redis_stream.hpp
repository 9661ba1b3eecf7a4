// fanout::RedisStream -- a small blocking C++ wrapper over hiredis for one
// Redis Stream key: the few commands a fan-out SSE server needs, each with a
// bounded time and a clear outcome. Only the redis_fanout example includes it;
// the sse library itself stays free of any dependency.
//
//   fanout::RedisStream redis({"127.0.0.1", 6379}, "events");
//   std::string id;
//   if (redis.append("token", "hello", id) == fanout::Outcome::ok) { /* id == "1700000000000-0" */ }
//   std::vector<fanout::Entry> batch;
//   redis.read_after(id, 100, 15000, batch);   // XREAD COUNT 100 BLOCK 15000 STREAMS events <id>
//
// Every call either succeeds, times out as asked (XREAD BLOCK with no new
// entry), or reports Outcome::unavailable when Redis cannot be reached or the
// connection broke: the context is then dropped and the next call connects
// again (once, within the connect timeout). No call ever waits longer than
// its own timeout plus the command timeout, so a dead or stopped Redis never
// hangs a caller. Retrying with a backoff is the caller's choice (see
// fanout::Backoff), because only the caller knows what it may repeat.
//
// One RedisStream is one connection: use one per thread (an XREAD BLOCK ties
// its connection up until it returns).
#ifndef SSE_EXAMPLES_REDIS_STREAM_HPP
#define SSE_EXAMPLES_REDIS_STREAM_HPP

#include <hiredis.h>

#include <sys/time.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fanout {

/// Where Redis listens.
struct Endpoint {
    std::string host = "127.0.0.1";
    int port = 6379;
};

/// Parses "HOST:PORT" (the `--redis` argument). False on anything else.
[[nodiscard]] inline bool parse_endpoint(std::string_view text, Endpoint& out) {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) return false;
    int port = 0;
    for (char c : text.substr(colon + 1)) {
        if (c < '0' || c > '9') return false;
        port = port * 10 + (c - '0');
        if (port > 65535) return false;
    }
    if (port == 0) return false;
    out.host = std::string(text.substr(0, colon));
    out.port = port;
    return true;
}

/// A Redis stream id "<ms>-<seq>", as numbers (ordered like Redis orders them).
struct StreamId {
    std::uint64_t ms = 0;
    std::uint64_t seq = 0;
    friend bool operator<(const StreamId& a, const StreamId& b) {
        return a.ms != b.ms ? a.ms < b.ms : a.seq < b.seq;
    }
    friend bool operator==(const StreamId& a, const StreamId& b) { return a.ms == b.ms && a.seq == b.seq; }
};

/// Parses a complete stream id "<ms>-<seq>" (both decimal, each < 2^64).
/// Accepts nothing else: no spaces, no sign, no "$", "+", "-" or "*", and no
/// bare "<ms>" (which Redis would read as "<ms>-0", a different id than the
/// one the client saw). This is what makes a Last-Event-ID usable here.
[[nodiscard]] inline bool parse_stream_id(std::string_view text, StreamId& out) {
    const std::size_t dash = text.find('-');
    if (dash == std::string_view::npos) return false;
    auto number = [](std::string_view digits, std::uint64_t& value) {
        if (digits.empty() || digits.size() > 20) return false;
        value = 0;
        for (char c : digits) {
            if (c < '0' || c > '9') return false;
            const auto d = static_cast<std::uint64_t>(c - '0');
            if (value > (UINT64_MAX - d) / 10) return false;
            value = value * 10 + d;
        }
        return true;
    };
    StreamId id;
    if (!number(text.substr(0, dash), id.ms) || !number(text.substr(dash + 1), id.seq)) return false;
    out = id;
    return true;
}

/// One stream entry as this example stores it: fields `type` (optional, the
/// SSE event type) and `data` (the SSE data). Other fields are ignored.
struct Entry {
    std::string id;    ///< the Redis stream id, used as the SSE `id:`
    std::string type;  ///< empty: a plain "message" event
    std::string data;
};

/// What a call came to.
enum class Outcome {
    ok,           ///< done; results are in the out-parameters
    timeout,      ///< XREAD BLOCK ended with no new entry (not an error)
    no_stream,    ///< the key does not exist (yet, or any more)
    unavailable,  ///< Redis could not be reached or the connection broke mid-call
    error,        ///< Redis answered with an error (last_error() says which)
};

[[nodiscard]] inline const char* describe(Outcome o) noexcept {
    switch (o) {
        case Outcome::ok: return "ok";
        case Outcome::timeout: return "timeout";
        case Outcome::no_stream: return "no such stream";
        case Outcome::unavailable: return "redis unavailable";
        case Outcome::error: return "redis error";
    }
    return "?";
}

/// Timeouts of one connection, in milliseconds.
struct Timeouts {
    int connect_ms = 500;   ///< to open the TCP connection
    int command_ms = 1000;  ///< for any reply (added to an XREAD's own BLOCK time)
};

/// Capped exponential backoff for callers that retry: 50, 100, 200, ... ms, at
/// most `max_ms` each, and at most `attempts` attempts in all.
struct Backoff {
    int attempts = 6;
    int first_ms = 50;
    int max_ms = 1000;
    /// Delay before retry number `n` (1 = the first retry).
    [[nodiscard]] int delay_ms(int n) const noexcept {
        long long d = first_ms;
        for (int i = 1; i < n && d < max_ms; ++i) d *= 2;
        return static_cast<int>(d < max_ms ? d : max_ms);
    }
};

namespace detail {
inline timeval to_timeval(int ms) {
    timeval tv{};
    tv.tv_sec = ms / 1000;
    tv.tv_usec = static_cast<decltype(tv.tv_usec)>((ms % 1000) * 1000);
    return tv;
}
struct ReplyDeleter {
    void operator()(redisReply* r) const noexcept {
        if (r != nullptr) freeReplyObject(r);
    }
};
inline std::string_view text_of(const redisReply* r) {
    if (r == nullptr || (r->type != REDIS_REPLY_STRING && r->type != REDIS_REPLY_STATUS &&
                         r->type != REDIS_REPLY_ERROR)) {
        return {};
    }
    return {r->str, r->len};
}
// [id, [field, value, ...]] -> Entry. False when the shape is not that.
inline bool parse_entry(const redisReply* r, Entry& out) {
    if (r == nullptr || r->type != REDIS_REPLY_ARRAY || r->elements != 2) return false;
    const redisReply* id = r->element[0];
    const redisReply* fields = r->element[1];
    if (id == nullptr || id->type != REDIS_REPLY_STRING) return false;
    out.id.assign(id->str, id->len);
    out.type.clear();
    out.data.clear();
    if (fields == nullptr || fields->type != REDIS_REPLY_ARRAY) return true;  // deleted entry: no fields
    for (std::size_t i = 0; i + 1 < fields->elements; i += 2) {
        const std::string_view name = text_of(fields->element[i]);
        const std::string_view value = text_of(fields->element[i + 1]);
        if (name == "data") out.data.assign(value.data(), value.size());
        if (name == "type") out.type.assign(value.data(), value.size());
    }
    return true;
}
inline bool parse_entries(const redisReply* r, std::vector<Entry>& out) {
    if (r == nullptr || r->type != REDIS_REPLY_ARRAY) return false;
    for (std::size_t i = 0; i < r->elements; ++i) {
        Entry e;
        if (!parse_entry(r->element[i], e)) return false;
        out.push_back(std::move(e));
    }
    return true;
}
}  // namespace detail

class RedisStream {
public:
    RedisStream(Endpoint endpoint, std::string key, Timeouts timeouts = {})
        : endpoint_(std::move(endpoint)), key_(std::move(key)), timeouts_(timeouts) {}
    ~RedisStream() { drop(); }
    RedisStream(const RedisStream&) = delete;
    RedisStream& operator=(const RedisStream&) = delete;

    [[nodiscard]] const std::string& key() const noexcept { return key_; }
    /// The reason of the last failed call, for logs and error events.
    [[nodiscard]] const std::string& last_error() const noexcept { return error_; }
    [[nodiscard]] bool connected() const noexcept { return ctx_ != nullptr; }

    /// Opens the connection if there is none. Outcome::ok or ::unavailable.
    Outcome connect() {
        if (ctx_ != nullptr) return Outcome::ok;
        redisContext* c = redisConnectWithTimeout(endpoint_.host.c_str(), endpoint_.port,
                                                  detail::to_timeval(timeouts_.connect_ms));
        if (c == nullptr) return fail(Outcome::unavailable, "cannot allocate a redis context");
        if (c->err != 0) {
            std::string why = "cannot connect to redis at " + endpoint_.host + ":" +
                              std::to_string(endpoint_.port) + ": " + c->errstr;
            redisFree(c);
            return fail(Outcome::unavailable, std::move(why));
        }
        ctx_ = c;
        redisEnableKeepAlive(ctx_);
        set_timeout(timeouts_.command_ms);
        return Outcome::ok;
    }

    /// Closes the connection (the next call opens a new one).
    void drop() noexcept {
        if (ctx_ != nullptr) redisFree(ctx_);
        ctx_ = nullptr;
        current_timeout_ms_ = -1;
    }

    /// XADD key MAXLEN ~ <max_len> * [type <type>] data <data>; `id` gets the
    /// new entry's id. Not retried here: when the connection breaks after the
    /// command was sent, Redis may or may not have added the entry.
    Outcome append(std::string_view type, std::string_view data, std::string& id, std::size_t max_len = 1000) {
        const std::string max = std::to_string(max_len);
        std::vector<std::string_view> args{"XADD", key_, "MAXLEN", "~", max, "*"};
        if (!type.empty()) {
            args.emplace_back("type");
            args.push_back(type);
        }
        args.emplace_back("data");
        args.push_back(data);
        Reply r;
        const Outcome o = command(args, r);
        if (o != Outcome::ok) return o;
        if (r->type != REDIS_REPLY_STRING) return fail(Outcome::error, "XADD: unexpected reply");
        id.assign(r->str, r->len);
        return Outcome::ok;
    }

    /// XREAD COUNT <count> BLOCK <block_ms> STREAMS key <after>: the entries
    /// with ids greater than `after` ("$" is not accepted: pass a real id), in
    /// order, appended to `out`. Waits at most block_ms for the first one.
    Outcome read_after(const std::string& after, std::size_t count, int block_ms, std::vector<Entry>& out) {
        const std::string n = std::to_string(count);
        const std::string block = std::to_string(block_ms);
        Reply r;
        const Outcome o = command({"XREAD", "COUNT", n, "BLOCK", block, "STREAMS", key_, after}, r,
                                  timeouts_.command_ms + block_ms);
        if (o != Outcome::ok) return o;
        if (r->type == REDIS_REPLY_NIL) return Outcome::timeout;
        // [[key, [entries...]]]
        if (r->type != REDIS_REPLY_ARRAY || r->elements != 1 || r->element[0]->type != REDIS_REPLY_ARRAY ||
            r->element[0]->elements != 2 || !detail::parse_entries(r->element[0]->element[1], out)) {
            return fail(Outcome::error, "XREAD: unexpected reply");
        }
        return Outcome::ok;
    }

    /// XRANGE key <from> + COUNT <count>: entries with ids >= from (inclusive),
    /// in order, appended to `out`. Used to check, in one atomic command, that
    /// an id is still in the stream (then it comes back first) and to get the
    /// entries after it.
    Outcome range_from(const std::string& from, std::size_t count, std::vector<Entry>& out) {
        const std::string n = std::to_string(count);
        Reply r;
        const Outcome o = command({"XRANGE", key_, from, "+", "COUNT", n}, r);
        if (o != Outcome::ok) return o;
        if (!detail::parse_entries(r.get(), out)) return fail(Outcome::error, "XRANGE: unexpected reply");
        return Outcome::ok;
    }

    /// The last id ever added to the stream (XINFO STREAM last-generated-id),
    /// even if that entry was trimmed since. Outcome::no_stream when the key
    /// does not exist.
    Outcome last_id(std::string& id) { return info_field("last-generated-id", id); }

    /// One text field of XINFO STREAM (e.g. "max-deleted-entry-id", Redis >= 7).
    /// Outcome::no_stream when the key does not exist, ::error when the field
    /// is not there.
    Outcome info_field(std::string_view name, std::string& value) {
        Reply r;
        const Outcome o = command({"XINFO", "STREAM", key_}, r);
        if (o == Outcome::error && error_.find("no such key") != std::string::npos) return Outcome::no_stream;
        if (o != Outcome::ok) return o;
        if (r->type != REDIS_REPLY_ARRAY) return fail(Outcome::error, "XINFO: unexpected reply");
        for (std::size_t i = 0; i + 1 < r->elements; i += 2) {
            if (detail::text_of(r->element[i]) == name) {
                const std::string_view v = detail::text_of(r->element[i + 1]);
                value.assign(v.data(), v.size());
                return Outcome::ok;
            }
        }
        return fail(Outcome::error, "XINFO STREAM has no field " + std::string(name));
    }

    /// Any command, for tests and tools: the reply's text (or the error).
    Outcome raw(std::initializer_list<std::string_view> args, std::string& text) {
        Reply r;
        const Outcome o = command(args, r);
        if (o != Outcome::ok) return o;
        text = std::string(detail::text_of(r.get()));
        return Outcome::ok;
    }

private:
    struct Reply {
        redisReply* p = nullptr;
        Reply() = default;
        Reply(const Reply&) = delete;
        Reply& operator=(const Reply&) = delete;
        ~Reply() { detail::ReplyDeleter{}(p); }
        redisReply* operator->() const noexcept { return p; }
        [[nodiscard]] redisReply* get() const noexcept { return p; }
    };

    Outcome fail(Outcome o, std::string why) {
        error_ = std::move(why);
        return o;
    }

    void set_timeout(int ms) {
        if (ctx_ != nullptr && ms != current_timeout_ms_) {
            redisSetTimeout(ctx_, detail::to_timeval(ms));
            current_timeout_ms_ = ms;
        }
    }

    template <class Args>
    Outcome command_impl(const Args& args, Reply& reply, int timeout_ms) {
        if (connect() != Outcome::ok) return Outcome::unavailable;
        set_timeout(timeout_ms > 0 ? timeout_ms : timeouts_.command_ms);
        std::vector<const char*> argv;
        std::vector<std::size_t> lens;
        argv.reserve(args.size());
        lens.reserve(args.size());
        for (std::string_view a : args) {
            argv.push_back(a.data());
            lens.push_back(a.size());
        }
        reply.p = static_cast<redisReply*>(
            redisCommandArgv(ctx_, static_cast<int>(argv.size()), argv.data(), lens.data()));
        if (reply.p == nullptr) {
            // I/O error, EOF or timeout: the context cannot be used any more.
            std::string why = std::string("redis connection lost: ") +
                              (ctx_->errstr[0] != '\0' ? ctx_->errstr : "unknown error");
            drop();
            return fail(Outcome::unavailable, std::move(why));
        }
        if (reply->type == REDIS_REPLY_ERROR) return fail(Outcome::error, std::string(detail::text_of(reply.get())));
        return Outcome::ok;
    }
    Outcome command(std::initializer_list<std::string_view> args, Reply& reply, int timeout_ms = 0) {
        return command_impl(args, reply, timeout_ms);
    }
    Outcome command(const std::vector<std::string_view>& args, Reply& reply, int timeout_ms = 0) {
        return command_impl(args, reply, timeout_ms);
    }

    Endpoint endpoint_;
    std::string key_;
    Timeouts timeouts_;
    redisContext* ctx_ = nullptr;
    int current_timeout_ms_ = -1;
    std::string error_;
};

}  // namespace fanout

#endif  // SSE_EXAMPLES_REDIS_STREAM_HPP
