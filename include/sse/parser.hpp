// sse::Parser -- the other direction: an incremental `text/event-stream`
// parser, exact to WHATWG HTML "parsing an event stream" and "interpreting an
// event stream" (with the browser's dispatch steps).
//
//   sse::Parser parser;
//   // for each chunk read from the connection, split anywhere:
//   parser.feed(chunk, [](const sse::MessageEvent& ev) {
//       // ev.type: "message" unless an `event:` field set it
//       // ev.data: the data lines joined with LF
//       // ev.last_event_id: the last event ID in force at dispatch
//       handle(std::string(ev.type), std::string(ev.data));  // views: copy what you keep
//   });
//   parser.finish();                  // end of stream: an unfinished event is dropped
//   parser.last_event_id();           // send back as `Last-Event-ID` when reconnecting
//   parser.retry();                   // const std::uint64_t*: reconnection time (ms), or nullptr
//
// What it does, to the letter of the spec:
// - One leading UTF-8 BOM (EF BB BF) is stripped, also when it is split between
//   chunks; a later BOM, or a second one, is kept (it becomes part of a field name).
// - CRLF, lone CR and lone LF each end a line, also when CRLF is split between
//   chunks. An empty line dispatches the event.
// - A line starting with `:` is a comment and ignored. Otherwise the field name
//   runs to the first `:` (or the end of the line, with an empty value) and one
//   leading U+0020 SPACE of the value is removed (not a tab, not two).
// - `data` appends the value and LF to the data buffer; at dispatch one trailing
//   LF is removed. `event` sets the event type (an empty one means "message").
//   `id` sets the last event ID buffer unless the value contains NUL (then the
//   line is ignored); the ID persists across events and becomes the parser's
//   last_event_id() at each dispatch, even one that fires no event. `retry` sets
//   the reconnection time when the value is one or more ASCII digits only; a
//   value too large for 64 bits is IGNORED (the previous value stays). Field
//   names are case-sensitive; unknown fields are ignored.
// - A block whose data buffer is empty fires no event (but clears the type).
// - Bytes are decoded as UTF-8: each ill-formed sequence becomes U+FFFD exactly
//   as browsers do (Encoding Standard, maximal subparts), also when a character
//   is split between chunks. Delivered strings are therefore always valid UTF-8.
//   NUL is kept in data and event types.
// - finish() ends the stream: an incomplete line and an undispatched event are
//   discarded, as at the end of a connection.
// Results never depend on how the bytes are split into chunks.
//
// Memory: the parser keeps a few buffers (the unfinished line, the data of the
// pending event, the event type, the ID) and reuses their capacity. A line may
// have at most max_event_size() bytes (without its line end) and the data of
// one event at most max_event_size() bytes after decoding (default 4 MiB); past
// that feed() returns parse_errc::line_too_long / data_too_large and the parser
// stops (see feed()). Each buffer stays below 4 * max_event_size() bytes (an
// invalid byte decodes to three). No exception is ever thrown by the parser
// itself (only std::bad_alloc from std::string), so it works unchanged with
// -fno-exceptions.
//
// Speed: line ends are found by the library's one scanner (detail/scan.hpp,
// the encoder's too): a bit mask of the CR/LF bytes of each 64-byte block
// (SSE2 vectors where available, portable SWAR otherwise) and memchr for long
// lines; field values are checked for UTF-8 with an ASCII fast
// path and copied only when they must outlive the chunk or be joined. An event
// whose lines all lie inside one chunk reaches the callback without any copy of
// its type or data (only the id is copied, into last_event_id()), and nothing
// is allocated once the buffers have grown to the stream's sizes.
#ifndef SSE_PARSER_HPP
#define SSE_PARSER_HPP

#include "config.hpp"
#include "detail/scan.hpp"
#include "detail/utf8.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

SSE_DETAIL_BEGIN_NAMESPACE

/// Why the parser stopped. `parse_errc::ok` (zero) means it did not.
enum class parse_errc : unsigned char {
    ok = 0,
    line_too_long,   ///< a line (complete or not) grew past max_event_size() bytes
    data_too_large,  ///< the data of one event grew past max_event_size() bytes
};

/// A fixed English sentence for `code` (never empty; "ok" for parse_errc::ok).
[[nodiscard]] constexpr std::string_view describe(parse_errc code) noexcept {
    switch (code) {
        case parse_errc::ok: return "ok";
        case parse_errc::line_too_long:
            return "sse: parser: a line is longer than the parser's max_event_size; the stream was abandoned";
        case parse_errc::data_too_large:
            return "sse: parser: the data of an event is larger than the parser's max_event_size; the stream was "
                   "abandoned";
    }
    return "sse: unknown error";
}

/// One dispatched event, handed to the callback of Parser::feed.
///
/// The members are views, valid only during the callback: they point into the
/// chunk being fed or into the parser's own buffers (type and data are not
/// copied at all when the event's lines lie inside one chunk and it has one
/// data line). Copy what you keep, e.g. `std::string data(ev.data);`. All three
/// are valid UTF-8.
struct MessageEvent {
    /// "message" unless an `event:` field set a non-empty type.
    std::string_view type;
    /// The data lines joined with LF (no trailing LF). May be empty; may hold NUL.
    std::string_view data;
    /// The last event ID in force when the event was dispatched ("" if none yet).
    std::string_view last_event_id;
};

class Parser {
public:
    /// The default limit on one line and on the data of one event: 4 MiB.
    static constexpr std::size_t default_max_event_size = std::size_t{4} << 20;

    /// A parser at the start of a stream, with the default limit.
    Parser() = default;
    /// A parser whose lines and event data may have at most `max_event_size` bytes.
    explicit Parser(std::size_t max_event_size) noexcept : max_size_(max_event_size) {}

    /// Parses the next `chunk` of the stream (any size, split anywhere, empty
    /// allowed) and calls `on_event(const sse::MessageEvent&)` for each event
    /// it completes, in order. The callback may read the parser (last_event_id(),
    /// retry()) but must not call feed() or finish() on it.
    ///
    /// Returns parse_errc::ok, or the error that stopped the parser: when a line
    /// or an event's data grows past max_event_size(), the events before it have
    /// been delivered, the rest is dropped, and every later feed() returns the
    /// same error without parsing until finish() starts a new stream. error()
    /// tells the same.
    ///
    /// Allocation: only when a buffer must grow: to keep what must outlive the
    /// chunk (an unfinished line or event, the last event ID), to join several
    /// data lines, or to repair invalid UTF-8. Buffers keep their capacity, so
    /// a steady stream allocates nothing.
    /// If a callback throws (or memory runs out), the exception propagates and
    /// the parser stays valid: the rest of the chunk is not parsed and the
    /// event being assembled is dropped (when on_event throws there is none: its
    /// event was just dispatched, so it is as if the chunk had ended there).
    template <class OnEvent>
    parse_errc feed(std::string_view chunk, OnEvent&& on_event) {
        return feed(chunk, on_event, [](std::uint64_t) {});
    }

    /// As feed(chunk, on_event), and also calls `on_retry(std::uint64_t)` with
    /// each valid reconnection time (ms) when its `retry:` line is read (before
    /// the event it belongs to is complete, as browsers apply it).
    template <class OnEvent, class OnRetry>
    parse_errc feed(std::string_view chunk, OnEvent&& on_event, OnRetry&& on_retry) {
        if (error_ != parse_errc::ok) return error_;
        SSE_ASSERT(!in_feed_ && "sse::Parser::feed called from its own callback");
        const char* p = chunk.data();
        const char* const end = p + chunk.size();
        if (p == end) return parse_errc::ok;
        if (bom_ != bom_done) {
            p = skip_bom(p, end);
            if (line_buf_.size() > max_size_) return fail(parse_errc::line_too_long);
            if (p == end) return parse_errc::ok;
        }
        p = detail::skip_split_lf(p, end, after_cr_);
        if (p == end) return parse_errc::ok;

        FeedScope scope(*this);
        const parse_errc result = parse_lines(p, end, on_event, on_retry);
        own_pending();  // the pending event may not point into the chunk once feed() returns
        scope.completed();
        return result;
    }

    /// Ends the stream (the connection closed). Discards an unfinished line and
    /// an event not yet dispatched (as well as an ID read in it); returns true
    /// when there was such an unfinished line or event data. Clears error() and
    /// readies the parser for a new stream (a new connection: a leading BOM is
    /// stripped again). last_event_id() and retry() are kept, as an EventSource
    /// keeps them across reconnections.
    bool finish() noexcept {
        SSE_ASSERT(!in_feed_ && "sse::Parser::finish called from a feed() callback");
        const bool discarded = !line_buf_.empty() || has_data_ || (bom_ != 0 && bom_ != bom_done);
        clear_pending();
        line_buf_.clear();
        carry_.clear();
        after_cr_ = false;
        bom_ = 0;
        error_ = parse_errc::ok;
        return discarded;
    }

    /// The last event ID string: the ID buffer as of the last dispatch (an empty
    /// line), "" before any. Send it as `Last-Event-ID` when reconnecting.
    [[nodiscard]] const std::string& last_event_id() const noexcept { return last_event_id_; }

    /// The reconnection time (ms) of the last valid `retry:` field, or nullptr
    /// when there was none (like std::get_if). Valid while the parser lives.
    ///
    ///   const std::uint64_t wait_ms = parser.retry() ? *parser.retry() : 3000;
    [[nodiscard]] const std::uint64_t* retry() const noexcept { return has_retry_ ? &retry_ : nullptr; }

    /// parse_errc::ok, or why the parser stopped (see feed()).
    [[nodiscard]] parse_errc error() const noexcept { return error_; }

    /// The limit on one line and on one event's data, in bytes.
    [[nodiscard]] std::size_t max_event_size() const noexcept { return max_size_; }

private:
    static constexpr unsigned char bom_done = 3;

    // Marks the parser busy during feed(). When an exception leaves feed(), the
    // event being assembled is dropped: it may point into the chunk.
    class FeedScope {
    public:
        explicit FeedScope(Parser& parser) noexcept : parser_(parser) { parser_.in_feed_ = true; }
        ~FeedScope() {
            parser_.in_feed_ = false;
            if (!completed_) parser_.clear_pending();
        }
        void completed() noexcept { completed_ = true; }
        FeedScope(const FeedScope&) = delete;
        FeedScope& operator=(const FeedScope&) = delete;

    private:
        Parser& parser_;
        bool completed_ = false;
    };

    // Skips the bytes of a leading BOM; when the stream does not start with
    // one, the bytes matched so far become the start of the first line.
    const char* skip_bom(const char* p, const char* end) {
        static constexpr char bom[] = "\xEF\xBB\xBF";
        while (bom_ != bom_done) {
            if (p == end) return p;
            if (*p != bom[bom_]) {
                line_buf_.assign(bom, bom_);
                bom_ = bom_done;
                return p;
            }
            ++bom_;
            ++p;
        }
        return p;
    }

    // The byte after the line end at `eol` (detail::next_line); a CR that ends
    // the chunk may be the first half of a CRLF: remember to skip a leading LF.
    const char* after_line_end(const char* eol, const char* end) noexcept {
        const detail::NextLine line = detail::next_line(eol, end);
        after_cr_ = line.split_cr;
        return line.next;
    }

    template <class OnEvent, class OnRetry>
    parse_errc parse_lines(const char* p, const char* const end, OnEvent& on_event, OnRetry& on_retry) {
        detail::LineEndFinder lines(p, end);
        if (!line_buf_.empty()) {  // finish the line left unfinished by the last chunk
            const char* eol = lines.find(p);
            const auto len = static_cast<std::size_t>(eol - p);
            if (len > max_size_ - line_buf_.size()) return fail(parse_errc::line_too_long);
            line_buf_.append(p, len);
            if (eol == end) return parse_errc::ok;
            p = after_line_end(eol, end);
            line_buf_.swap(carry_);  // carry_ is not touched again before feed() ends: views into it stay valid
            line_buf_.clear();
            if (!process_line(carry_, on_event, on_retry)) return error_;
        }
        while (p != end) {
            const char* eol = lines.find(p);
            const auto len = static_cast<std::size_t>(eol - p);
            if (len > max_size_) return fail(parse_errc::line_too_long);
            if (eol == end) {
                line_buf_.assign(p, len);
                break;
            }
            const char* line = p;
            p = after_line_end(eol, end);
            if (!process_line(std::string_view(line, len), on_event, on_retry)) return error_;
        }
        return parse_errc::ok;
    }

    template <class OnEvent, class OnRetry>
    bool process_line(std::string_view line, OnEvent& on_event, OnRetry& on_retry) {
        const std::size_t n = line.size();
        if (n == 0) {
            dispatch(on_event);
            return true;
        }
        // Only four field names mean anything, so an unknown name is dropped
        // without looking for its colon. A name matches when the line is the
        // name alone (empty value) or the name followed by the first colon.
        const char* s = line.data();
        std::string_view value;
        switch (*s) {
            case 'd':
                if (field_value(line, "data", value)) return add_data(value);
                break;
            case 'e':
                if (field_value(line, "event", value)) set_type(value);
                break;
            case 'i':
                if (field_value(line, "id", value)) set_id(value);
                break;
            case 'r':
                if (field_value(line, "retry", value)) set_retry(value, on_retry);
                break;
            default: break;  // a comment (':') or an unknown field
        }
        return true;
    }

    // True when the field name of `line` is `name`; `value` is then the field
    // value (after the colon, without one leading space; empty without a colon).
    static bool field_value(std::string_view line, std::string_view name, std::string_view& value) noexcept {
        const std::size_t k = name.size();
        if (line.size() < k || std::memcmp(line.data(), name.data(), k) != 0) return false;
        const char* const last = line.data() + line.size();
        if (line.size() == k) {
            value = std::string_view(last, 0);
            return true;
        }
        if (line[k] != ':') return false;
        const char* v = line.data() + k + 1;
        if (v != last && *v == ' ') ++v;
        value = std::string_view(v, static_cast<std::size_t>(last - v));
        return true;
    }

    bool add_data(std::string_view value) {
        const std::size_t bad = detail::first_invalid_utf8(value);
        if (SSE_DETAIL_LIKELY(bad == value.size() && !has_data_)) {
            data_ = value;  // a single line needs no copy while the chunk lives
            data_borrowed_ = true;
            has_data_ = true;
            return true;
        }
        return join_data(value, bad);
    }

    // Appends a second (third, ...) data line, or one that needs repair.
    SSE_DETAIL_NOINLINE bool join_data(std::string_view value, std::size_t bad) {
        if (bad == value.size()) {
            if (value.size() + 1 > max_size_ - data_.size()) {
                fail(parse_errc::data_too_large);
                return false;
            }
            start_join();
            data_buf_.append(value.data(), value.size());
        } else {
            start_join();
            data_buf_.append(value.data(), bad);
            detail::append_utf8_replacing(data_buf_, value.substr(bad));
            if (data_buf_.size() > max_size_) {
                fail(parse_errc::data_too_large);
                return false;
            }
        }
        data_ = data_buf_;
        return true;
    }

    // Readies data_buf_ to receive the next line: the data so far, then LF.
    void start_join() {
        if (!has_data_) {
            data_buf_.clear();
            has_data_ = true;
            data_borrowed_ = false;
            return;
        }
        if (data_borrowed_) {
            data_buf_.assign(data_.data(), data_.size());
            data_borrowed_ = false;
        }
        data_buf_.push_back('\n');
    }

    void set_type(std::string_view value) {
        const std::size_t bad = detail::first_invalid_utf8(value);
        if (SSE_DETAIL_LIKELY(bad == value.size())) {
            type_ = value;
            type_borrowed_ = true;
            return;
        }
        set_repaired_type(value, bad);
    }

    SSE_DETAIL_NOINLINE void set_repaired_type(std::string_view value, std::size_t bad) {
        type_buf_.assign(value.data(), bad);
        detail::append_utf8_replacing(type_buf_, value.substr(bad));
        type_ = type_buf_;
        type_borrowed_ = false;
    }

    void set_id(std::string_view value) {
        if (detail::contains_nul(value)) return;  // ignored, the old ID stays
        const std::size_t bad = detail::first_invalid_utf8(value);
        if (SSE_DETAIL_LIKELY(bad == value.size())) {
            id_ = value;
            id_borrowed_ = true;
        } else {
            set_repaired_id(value, bad);
        }
        id_dirty_ = true;
    }

    SSE_DETAIL_NOINLINE void set_repaired_id(std::string_view value, std::size_t bad) {
        id_buf_.assign(value.data(), bad);
        detail::append_utf8_replacing(id_buf_, value.substr(bad));
        id_ = id_buf_;
        id_borrowed_ = false;
    }

    template <class OnRetry>
    void set_retry(std::string_view value, OnRetry& on_retry) {
        if (value.empty()) return;
        std::uint64_t ms = 0;
        bool overflow = false;
        for (const char c : value) {
            if (c < '0' || c > '9') return;
            const auto digit = static_cast<std::uint64_t>(c - '0');
            if (ms > (UINT64_MAX - digit) / 10) overflow = true;
            ms = ms * 10 + digit;
        }
        if (overflow) return;  // too large for 64 bits: ignored
        retry_ = ms;
        has_retry_ = true;
        on_retry(ms);
    }

    template <class OnEvent>
    void dispatch(OnEvent& on_event) {
        if (id_dirty_) {
            if (id_.size() == last_event_id_.size()) {  // common (counters): copy in place
                if (!id_.empty()) std::memcpy(&last_event_id_[0], id_.data(), id_.size());
            } else {
                last_event_id_.assign(id_.data(), id_.size());
            }
            clear_id();
        }
        const std::string_view type = type_;
        clear_type();
        if (!has_data_) return;
        has_data_ = false;  // the views stay valid during the callback: nothing is overwritten before it returns
        data_borrowed_ = false;
        const MessageEvent event{type.empty() ? std::string_view("message") : type, data_, last_event_id_};
        on_event(static_cast<const MessageEvent&>(event));
    }

    void clear_type() noexcept {
        type_ = std::string_view();
        type_borrowed_ = false;
    }

    // The last event ID buffer equals the last event ID string again.
    void clear_id() noexcept {
        id_ = std::string_view();
        id_dirty_ = false;
        id_borrowed_ = false;
    }

    void clear_pending() noexcept {
        has_data_ = false;
        data_borrowed_ = false;
        data_ = std::string_view();
        clear_type();
        clear_id();
    }

    // Copies what still points into the chunk (or carry_) into owned buffers.
    void own_pending() {
        if (data_borrowed_) {
            data_buf_.assign(data_.data(), data_.size());
            data_ = data_buf_;
            data_borrowed_ = false;
        }
        if (type_borrowed_) {
            type_buf_.assign(type_.data(), type_.size());
            type_ = type_buf_;
            type_borrowed_ = false;
        }
        if (id_borrowed_) {
            id_buf_.assign(id_.data(), id_.size());
            id_ = id_buf_;
            id_borrowed_ = false;
        }
    }

    parse_errc fail(parse_errc code) noexcept {
        error_ = code;
        clear_pending();
        line_buf_.clear();
        after_cr_ = false;
        return code;
    }

    std::size_t max_size_ = default_max_event_size;
    std::string line_buf_;       // the unfinished line at the end of the last chunk
    std::string carry_;          // that line once finished, while it is processed
    std::string data_buf_;       // joined data lines (or a single one kept past its chunk)
    std::string type_buf_;       // the event type when it is not borrowed
    std::string id_buf_;         // the ID set in the pending event when it is not borrowed
    std::string last_event_id_;  // the last event ID string (committed at dispatch)
    std::string_view data_;      // the data so far: borrowed from the chunk/carry_, or data_buf_
    std::string_view type_;      // the event type so far ("" = message): borrowed, or type_buf_
    std::string_view id_;        // with id_dirty_: the new last event ID buffer, borrowed or id_buf_
    std::uint64_t retry_ = 0;    // the reconnection time, when has_retry_
    bool has_retry_ = false;      // a valid `retry:` field was read
    bool has_data_ = false;       // at least one data line in the pending event
    bool data_borrowed_ = false;  // data_ points outside data_buf_
    bool type_borrowed_ = false;  // type_ points outside type_buf_
    bool id_dirty_ = false;       // an `id` line since the last dispatch (else the buffer is last_event_id_)
    bool id_borrowed_ = false;    // id_ points outside id_buf_
    bool after_cr_ = false;       // the last chunk ended with CR: skip a leading LF
    bool in_feed_ = false;
    unsigned char bom_ = 0;       // bytes of a leading BOM matched so far; bom_done once decided
    parse_errc error_ = parse_errc::ok;
};

SSE_DETAIL_END_NAMESPACE

#endif  // SSE_PARSER_HPP
