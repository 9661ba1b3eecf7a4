// sse 0.1.0: Server-Sent Events for C++17, as one header.
//
// GENERATED FILE, DO NOT EDIT: made by tools/amalgamate.cmake from the headers
// in include/sse/. Change those and run `cmake -P tools/amalgamate.cmake`.
// Copy this file alone into your project and `#include "sse.hpp"`. The
// optional {fmt} integration (sse/fmt.hpp) is not in it: copy that header
// next to this one to use it.
//
// MIT License
//
// Copyright (c) 2026 The sse authors
//
// Permission is hereby granted, free of charge, to any person obtaining a copy
// of this software and associated documentation files (the "Software"), to deal
// in the Software without restriction, including without limitation the rights
// to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
// copies of the Software, and to permit persons to whom the Software is
// furnished to do so, subject to the following conditions:
//
// The above copyright notice and this permission notice shall be included in all
// copies or substantial portions of the Software.
//
// THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
// IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
// FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
// AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
// LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
// OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
// SOFTWARE.

// ---- begin sse/sse.hpp ----
// sse: Server-Sent Events for C++ -- the umbrella header.
//
// Includes every public header except optional integrations (<sse/fmt.hpp>).
// The library needs nothing but the C++17 standard library.
#ifndef SSE_SSE_HPP
#define SSE_SSE_HPP

// ---- begin sse/config.hpp ----
// sse: Server-Sent Events for C++ -- configuration, version and error hooks.
//
// Every option is a macro with an `SSE_` prefix and an `#ifndef` default, so
// users may define it before the first `#include <sse/...>` (or on the command
// line) to change it.
//
//   SSE_VERSION_MAJOR / _MINOR / _PATCH, SSE_VERSION
//       The one version number of the library (CMake reads it from here).
//   SSE_USE_EXCEPTIONS
//       1 when exceptions are available (detected from __cpp_exceptions), else 0.
//       With 0, invalid input goes to SSE_ON_INVALID_ARGUMENT instead of a throw.
//   SSE_ON_INVALID_ARGUMENT(message)
//       Called with a `const char*` message when a setter or encoder rejects
//       its input and exceptions are off. Default: print the message to stderr
//       and std::abort(). If your handler returns, the rejected value is simply
//       not used: the object stays as it was and no byte is written.
//   SSE_ASSERT(condition)
//       Checks of preconditions that are the caller's bugs (never of user
//       data). Default: assert().
#ifndef SSE_CONFIG_HPP
#define SSE_CONFIG_HPP

#define SSE_VERSION_MAJOR 0
#define SSE_VERSION_MINOR 1
#define SSE_VERSION_PATCH 0
#define SSE_VERSION (SSE_VERSION_MAJOR * 10000 + SSE_VERSION_MINOR * 100 + SSE_VERSION_PATCH)

#ifndef SSE_USE_EXCEPTIONS
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
#define SSE_USE_EXCEPTIONS 1
#else
#define SSE_USE_EXCEPTIONS 0
#endif
#endif

#ifndef SSE_ASSERT
#include <cassert>
#define SSE_ASSERT(condition) assert(condition)
#endif

#if !SSE_USE_EXCEPTIONS && !defined(SSE_ON_INVALID_ARGUMENT)
#include <cstdio>
#include <cstdlib>
namespace sse::detail {
[[noreturn]] inline void default_invalid_argument_handler(const char* message) noexcept {
    std::fputs(message, stderr);
    std::fputc('\n', stderr);
    std::abort();
}
}  // namespace sse::detail
#define SSE_ON_INVALID_ARGUMENT(message) ::sse::detail::default_invalid_argument_handler(message)
#endif

#if defined(__GNUC__) || defined(__clang__)
#define SSE_DETAIL_LIKELY(x) __builtin_expect(!!(x), 1)
#define SSE_DETAIL_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define SSE_DETAIL_LIKELY(x) (x)
#define SSE_DETAIL_UNLIKELY(x) (x)
#endif

#endif  // SSE_CONFIG_HPP
// ---- end sse/config.hpp ----
// ---- begin sse/encode.hpp ----
// sse: the one framing core. Every byte of `text/event-stream` that this
// library writes goes through this header; nothing else knows the rules.
//
//   std::string out;
//   sse::encode_data(out, "a\r\nb");   // out == "data: a\ndata: b\n"
//   out += '\n';                       // a blank line ends (dispatches) the event
//
// Wire rules (WHATWG HTML, "Server-sent events"):
// - A field is written `name: value\n`: always one space after the colon, so a
//   value that itself starts with a space keeps it (parsers strip exactly one).
// - Data is split into lines at CRLF, lone CR and lone LF alike (all three end
//   a line for every WHATWG client); each line becomes `data: <line>\n`. The
//   client joins them back with LF, so CRLF and CR in data arrive as LF.
// - Data of N line breaks gives N + 1 `data:` lines: empty data is one
//   `data: \n` line (the event still fires, with ""), and "end\n" gives
//   `data: end\ndata: \n` (the trailing line break survives).
// - Comments are `: <line>\n` per line, so comment text can never start a field.
// - `id` may not contain CR, LF or NUL and `event` may not contain CR or LF:
//   they would forge fields, or (NUL in an id) be dropped silently by browsers.
//   Such values are rejected with sse::invalid_field (or, with exceptions off,
//   SSE_ON_INVALID_ARGUMENT) before any byte is written.
//
// All functions append to a caller-owned std::string and never shrink it; the
// only allocation is the string's own growth (none once it has the capacity).
#ifndef SSE_ENCODE_HPP
#define SSE_ENCODE_HPP

// ---- begin sse/detail/scan.hpp ----
// sse::detail -- byte scanning for line ends. Not part of the public API.
#ifndef SSE_DETAIL_SCAN_HPP
#define SSE_DETAIL_SCAN_HPP

#include <cstdint>
#include <cstring>

namespace sse::detail {

// Bits set in the high bit of each byte of `x` that is zero (exact, no false positives).
constexpr std::uint64_t zero_bytes(std::uint64_t x) noexcept {
    constexpr std::uint64_t low7 = 0x7f7f7f7f7f7f7f7fULL;
    return ~(((x & low7) + low7) | x | low7);
}

constexpr std::uint64_t broadcast(unsigned char c) noexcept { return 0x0101010101010101ULL * c; }

// First '\r' or '\n' in [first, last), or `last` when there is none.
inline const char* find_line_end(const char* first, const char* last) noexcept {
    while (last - first >= 8) {
        std::uint64_t word;
        std::memcpy(&word, first, 8);
        const std::uint64_t hits = zero_bytes(word ^ broadcast('\n')) | zero_bytes(word ^ broadcast('\r'));
        if (hits != 0) {
            // Byte order: the lowest-addressed byte is the least significant on little endian.
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
            return first + (__builtin_clzll(hits) >> 3);
#elif defined(__GNUC__) || defined(__clang__)
            return first + (__builtin_ctzll(hits) >> 3);
#else
            break;  // fall through to the byte loop
#endif
        }
        first += 8;
    }
    for (; first != last; ++first) {
        if (*first == '\n' || *first == '\r') return first;
    }
    return last;
}

}  // namespace sse::detail

#endif  // SSE_DETAIL_SCAN_HPP
// ---- end sse/detail/scan.hpp ----

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sse {

/// Why a field value was rejected. `errc::ok` (zero) means it was accepted.
enum class errc : unsigned char {
    ok = 0,
    id_contains_cr,          ///< the id has a carriage return (0x0D)
    id_contains_lf,          ///< the id has a line feed (0x0A)
    id_contains_nul,         ///< the id has a NUL (0x00): browsers would ignore the whole field
    event_type_contains_cr,  ///< the event type has a carriage return (0x0D)
    event_type_contains_lf,  ///< the event type has a line feed (0x0A)
};

/// A fixed English sentence for `code` (never empty; "ok" for errc::ok).
[[nodiscard]] constexpr std::string_view describe(errc code) noexcept {
    switch (code) {
        case errc::ok: return "ok";
        case errc::id_contains_cr: return "sse: event id contains CR (0x0D); an id may not contain CR, LF or NUL";
        case errc::id_contains_lf: return "sse: event id contains LF (0x0A); an id may not contain CR, LF or NUL";
        case errc::id_contains_nul: return "sse: event id contains NUL (0x00); an id may not contain CR, LF or NUL";
        case errc::event_type_contains_cr:
            return "sse: event type contains CR (0x0D); an event type may not contain CR or LF";
        case errc::event_type_contains_lf:
            return "sse: event type contains LF (0x0A); an event type may not contain CR or LF";
    }
    return "sse: unknown error";
}

namespace detail {
// Index of the first byte of `value` that may not appear in the field, or npos.
constexpr std::size_t first_forbidden(std::string_view value, bool nul_forbidden) noexcept {
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (c == '\r' || c == '\n' || (nul_forbidden && c == '\0')) return i;
    }
    return std::string_view::npos;
}
constexpr errc id_error(char c) noexcept {
    return c == '\r' ? errc::id_contains_cr : c == '\n' ? errc::id_contains_lf : errc::id_contains_nul;
}
constexpr errc event_type_error(char c) noexcept {
    return c == '\r' ? errc::event_type_contains_cr : errc::event_type_contains_lf;
}
}  // namespace detail

/// Checks an event id without throwing: errc::ok, or why it would be rejected.
/// Use it on untrusted input (for example an id echoed from `Last-Event-ID`).
[[nodiscard]] constexpr errc check_id(std::string_view id) noexcept {
    const std::size_t at = detail::first_forbidden(id, true);
    return at == std::string_view::npos ? errc::ok : detail::id_error(id[at]);
}

/// Checks an event type without throwing: errc::ok, or why it would be rejected.
/// (NUL is allowed in a type: browsers accept it.)
[[nodiscard]] constexpr errc check_event_type(std::string_view type) noexcept {
    const std::size_t at = detail::first_forbidden(type, false);
    return at == std::string_view::npos ? errc::ok : detail::event_type_error(type[at]);
}

/// Thrown when an id or event type is rejected. what() names the field, the
/// offending character and its byte position, e.g.
/// "sse: event id contains LF (0x0A) at byte 1; an id may not contain CR, LF or NUL".
class invalid_field : public std::invalid_argument {
public:
    invalid_field(errc code, std::size_t position)
        : std::invalid_argument(make_message(code, position)), code_(code), position_(position) {}
    [[nodiscard]] errc code() const noexcept { return code_; }
    /// Byte offset of the offending character in the rejected value.
    [[nodiscard]] std::size_t position() const noexcept { return position_; }

private:
    static std::string make_message(errc code, std::size_t position) {
        const std::string_view text = describe(code);
        const std::size_t semicolon = text.find(';');
        std::string message(text.substr(0, semicolon));
        message += " at byte ";
        message += std::to_string(position);
        message += text.substr(semicolon);
        return message;
    }
    errc code_;
    std::size_t position_;
};

namespace detail {

// Reports a rejected value: throws invalid_field, or calls SSE_ON_INVALID_ARGUMENT.
// Returns only when the handler returns; callers then leave everything untouched.
inline void report_invalid(errc code, [[maybe_unused]] std::size_t position) {
#if SSE_USE_EXCEPTIONS
    throw invalid_field(code, position);
#else
    SSE_ON_INVALID_ARGUMENT(describe(code).data());
#endif
}

// True when `value` may be an id; otherwise reports it and returns false.
inline bool accept_id(std::string_view value) {
    const std::size_t at = first_forbidden(value, true);
    if (SSE_DETAIL_LIKELY(at == std::string_view::npos)) return true;
    report_invalid(id_error(value[at]), at);
    return false;
}
inline bool accept_event_type(std::string_view value) {
    const std::size_t at = first_forbidden(value, false);
    if (SSE_DETAIL_LIKELY(at == std::string_view::npos)) return true;
    report_invalid(event_type_error(value[at]), at);
    return false;
}

// Makes room for `extra` more bytes, growing geometrically so that appending
// many frames to one buffer stays linear.
inline void reserve_more(std::string& out, std::size_t extra) {
    const std::size_t need = out.size() + extra;
    if (need > out.capacity()) out.reserve(need > 2 * out.capacity() ? need : 2 * out.capacity());
}

// Decimal digits of `value` written into the end of buf[20]; returns the first digit.
inline char* format_uint(char (&buf)[20], std::uint64_t value) noexcept {
    char* p = buf + sizeof buf;
    do {
        *--p = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0);
    return p;
}

// `name: value\n`, for a value already known to be valid.
inline void append_field(std::string& out, std::string_view name, std::string_view value) {
    reserve_more(out, name.size() + value.size() + 3);
    out.append(name.data(), name.size());
    out.append(": ", 2);
    out.append(value.data(), value.size());
    out.push_back('\n');
}

inline void append_retry_field(std::string& out, std::uint64_t ms) {
    char buf[20];
    const char* digits = format_uint(buf, ms);
    append_field(out, "retry", std::string_view(digits, static_cast<std::size_t>(buf + sizeof buf - digits)));
}

// Splits text into lines at CRLF, CR and LF and writes each as `<prefix><line>\n`.
// Text may arrive in pieces: a CRLF split between two pieces is one line end,
// and the bytes are those of writing the whole text at once.
class LineFramer {
public:
    explicit constexpr LineFramer(std::string_view prefix) noexcept : prefix_(prefix) {}

    void write(std::string& out, std::string_view piece) {
        const char* p = piece.data();
        const char* const end = p + piece.size();
        if (p == end) return;
        if (after_cr_) {
            after_cr_ = false;
            if (*p == '\n') ++p;  // second half of a CRLF split between pieces
        }
        reserve_more(out, piece.size() + prefix_.size() + 1);
        while (p != end) {
            const char* eol = find_line_end(p, end);
            if (!line_open_) {
                out.append(prefix_.data(), prefix_.size());
                line_open_ = true;
            }
            out.append(p, static_cast<std::size_t>(eol - p));
            if (eol == end) return;
            out.push_back('\n');
            line_open_ = false;
            if (*eol == '\r') {
                if (eol + 1 == end) {
                    after_cr_ = true;
                    return;
                }
                if (eol[1] == '\n') ++eol;
            }
            p = eol + 1;
            if (p != end) reserve_more(out, static_cast<std::size_t>(end - p) + prefix_.size() + 1);
        }
    }

    // Ends the last line (an empty one when the text was empty or ended with a
    // line break) and resets for new text.
    void finish(std::string& out) {
        if (!line_open_) out.append(prefix_.data(), prefix_.size());
        out.push_back('\n');
        line_open_ = false;
        after_cr_ = false;
    }

private:
    std::string_view prefix_;
    bool line_open_ = false;  // the prefix of the current line is written
    bool after_cr_ = false;   // the last piece ended with CR: a leading LF belongs to it
};

inline constexpr std::string_view data_prefix = "data: ";
inline constexpr std::string_view comment_prefix = ": ";

}  // namespace detail

/// Appends the `data:` lines of `data` (no blank line): one `data: <line>\n`
/// per line, lines split at CRLF, CR and LF. Any bytes are allowed, NUL included.
inline void encode_data(std::string& out, std::string_view data) {
    detail::LineFramer lines(detail::data_prefix);
    lines.write(out, data);
    lines.finish(out);
}

/// Data of one event that arrives in pieces (from a serializer, a token
/// stream, ...). Writing pieces p1, p2, ... then finish() appends exactly the
/// bytes of encode_data(p1 + p2 + ...), also when a CRLF is split between
/// pieces. Write the event's id/event/retry fields before the first piece and
/// the blank line (`out += '\n'`) after finish().
///
///   sse::DataEncoder data;
///   data.write(out, "{\"a\":");  data.write(out, "1}");
///   data.finish(out);  out += '\n';      // "data: {\"a\":1}\n\n"
class DataEncoder {
public:
    /// Appends the bytes of `piece` that are certain; a line stays open until
    /// a line end or finish().
    void write(std::string& out, std::string_view piece) { lines_.write(out, piece); }
    /// Ends the data (always at least one `data:` line); ready for new data.
    void finish(std::string& out) { lines_.finish(out); }

private:
    detail::LineFramer lines_{detail::data_prefix};
};

/// Appends a whole comment block: `: <line>\n` for each line of `text` (split
/// at CRLF, CR and LF; "" gives `: \n`), then the blank line `\n`. Clients
/// ignore comments; proxies see traffic (useful as keep-alive).
inline void encode_comment(std::string& out, std::string_view text) {
    detail::LineFramer lines(detail::comment_prefix);
    lines.write(out, text);
    lines.finish(out);
    out.push_back('\n');
}

/// Appends `retry: <ms>\n\n`: tells the client how long to wait before it
/// reconnects. A block with no data dispatches no event.
inline void encode_retry(std::string& out, std::uint64_t ms) {
    detail::append_retry_field(out, ms);
    out.push_back('\n');
}

}  // namespace sse

#endif  // SSE_ENCODE_HPP
// ---- end sse/encode.hpp ----
// ---- begin sse/event.hpp ----
// sse::Event -- one Server-Sent Event as a value.
//
//   auto e = sse::Event::data(R"({"token":"Hello"})").id("42").event_type("token").retry(3000);
//   std::string wire = e.encode();
//   // "id: 42\nevent: token\nretry: 3000\ndata: {\"token\":\"Hello\"}\n\n"
//
// Fields are written in a fixed order: id, event, retry, then the data lines
// and the blank line that ends the event. Metadata comes first so that a
// frame's data can be streamed last; clients do not care about field order.
//
// An Event is validated when a field is set, so an Event that exists can always
// be encoded: `id` rejects CR, LF and NUL, `event_type` rejects CR and LF
// (sse::invalid_field, or SSE_ON_INVALID_ARGUMENT without exceptions). The
// try_id / try_event_type members and sse::check_id / sse::check_event_type
// never throw. Data may hold any bytes; see encode.hpp for how lines are split.
#ifndef SSE_EVENT_HPP
#define SSE_EVENT_HPP


#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace sse {

namespace detail {
// Anything a std::string can be made from: literals, std::string, std::string_view.
template <class S>
using if_text = std::enable_if_t<std::is_constructible_v<std::string, S&&> &&
                                     !std::is_same_v<std::decay_t<S>, std::nullptr_t>,
                                 int>;
}  // namespace detail

class Event {
public:
    /// An event with empty data (it still fires, with data "").
    Event() = default;

    /// An event with the given data. Accepts anything a std::string is made from;
    /// an rvalue std::string is moved in.
    template <class S, detail::if_text<S> = 0>
    [[nodiscard]] static Event data(S&& data) {
        Event e;
        e.data_ = std::string(std::forward<S>(data));
        return e;
    }

    /// Sets the id (`id:` field): the client stores it and sends it back as
    /// `Last-Event-ID` when it reconnects. Rejects CR, LF and NUL. An empty id is
    /// valid and resets the client's last event id.
    template <class S, detail::if_text<S> = 0>
    Event& id(S&& value) & {
        std::string v(std::forward<S>(value));
        if (detail::accept_id(v)) id_ = std::move(v);
        return *this;
    }
    template <class S, detail::if_text<S> = 0>
    [[nodiscard]] Event id(S&& value) && {
        return std::move(id(std::forward<S>(value)));
    }
    /// Sets a numeric id, written in decimal.
    Event& id(std::uint64_t value) & {
        char buf[20];
        const char* digits = detail::format_uint(buf, value);
        id_.emplace(digits, static_cast<std::size_t>(buf + sizeof buf - digits));
        return *this;
    }
    [[nodiscard]] Event id(std::uint64_t value) && { return std::move(id(value)); }

    /// Sets the event type (`event:` field); clients dispatch it under this name
    /// instead of "message". Rejects CR and LF.
    template <class S, detail::if_text<S> = 0>
    Event& event_type(S&& value) & {
        std::string v(std::forward<S>(value));
        if (detail::accept_event_type(v)) event_type_ = std::move(v);
        return *this;
    }
    template <class S, detail::if_text<S> = 0>
    [[nodiscard]] Event event_type(S&& value) && {
        return std::move(event_type(std::forward<S>(value)));
    }

    /// Sets the reconnection time in milliseconds (`retry:` field).
    Event& retry(std::uint64_t ms) & {
        retry_ = ms;
        return *this;
    }
    [[nodiscard]] Event retry(std::uint64_t ms) && { return std::move(retry(ms)); }

    /// Replaces the data.
    template <class S, detail::if_text<S> = 0>
    Event& set_data(S&& data) & {
        data_ = std::string(std::forward<S>(data));
        return *this;
    }
    template <class S, detail::if_text<S> = 0>
    [[nodiscard]] Event set_data(S&& data) && {
        return std::move(set_data(std::forward<S>(data)));
    }

    /// Non-throwing setters for untrusted input: set the field and return
    /// errc::ok, or leave the event unchanged and say why the value was refused.
    template <class S, detail::if_text<S> = 0>
    [[nodiscard]] errc try_id(S&& value) {
        std::string v(std::forward<S>(value));
        const errc code = check_id(v);
        if (code == errc::ok) id_ = std::move(v);
        return code;
    }
    template <class S, detail::if_text<S> = 0>
    [[nodiscard]] errc try_event_type(S&& value) {
        std::string v(std::forward<S>(value));
        const errc code = check_event_type(v);
        if (code == errc::ok) event_type_ = std::move(v);
        return code;
    }

    /// Removes the optional fields.
    Event& clear_id() & noexcept { id_.reset(); return *this; }
    Event& clear_event_type() & noexcept { event_type_.reset(); return *this; }
    Event& clear_retry() & noexcept { retry_.reset(); return *this; }

    [[nodiscard]] const std::string& data() const& noexcept { return data_; }
    [[nodiscard]] std::string data() && noexcept { return std::move(data_); }
    [[nodiscard]] const std::optional<std::string>& id() const noexcept { return id_; }
    [[nodiscard]] const std::optional<std::string>& event_type() const noexcept { return event_type_; }
    [[nodiscard]] const std::optional<std::uint64_t>& retry() const noexcept { return retry_; }

    /// Appends the whole frame to `out` (never fails: the event is valid).
    /// Allocates only if `out` lacks the capacity.
    void encode_to(std::string& out) const {
        detail::reserve_more(out, data_.size() + 8 + (id_ ? id_->size() + 5 : 0) +
                                      (event_type_ ? event_type_->size() + 8 : 0) + (retry_ ? 28 : 0));
        encode_fields_to(out);
        encode_data(out, data_);
        out.push_back('\n');
    }

    /// The whole frame as a new string.
    [[nodiscard]] std::string encode() const {
        std::string out;
        encode_to(out);
        return out;
    }

    /// Appends only the id, event and retry lines (for data sent separately,
    /// e.g. through sse::DataEncoder).
    void encode_fields_to(std::string& out) const {
        if (id_) detail::append_field(out, "id", *id_);
        if (event_type_) detail::append_field(out, "event", *event_type_);
        if (retry_) detail::append_retry_field(out, *retry_);
    }

    friend bool operator==(const Event& a, const Event& b) {
        return a.data_ == b.data_ && a.id_ == b.id_ && a.event_type_ == b.event_type_ && a.retry_ == b.retry_;
    }
    friend bool operator!=(const Event& a, const Event& b) { return !(a == b); }

private:
    std::string data_;
    std::optional<std::string> id_;
    std::optional<std::string> event_type_;
    std::optional<std::uint64_t> retry_;
};

}  // namespace sse

#endif  // SSE_EVENT_HPP
// ---- end sse/event.hpp ----
// ---- begin sse/response.hpp ----
// sse::Response, sse::Header -- a plain HTTP response for any server.
//
//   sse::Response r = sse::Stream().data("hello").into_response();
//   // r.status == 200
//   // r.headers == {{"Content-Type", "text/event-stream"},
//   //               {"Cache-Control", "no-cache"},
//   //               {"X-Accel-Buffering", "no"}}
//   // r.body == "data: hello\n\n"
//
// The headers, always these three in this order:
// - `Content-Type: text/event-stream` -- what EventSource requires (UTF-8 is
//   the only encoding of the format, so no charset parameter is needed).
// - `Cache-Control: no-cache` -- no cache may replay or hold back the stream.
// - `X-Accel-Buffering: no` -- nginx (and compatible proxies) pass events on as
//   they come instead of buffering the response.
// Never a `Connection` header: HTTP/2 and HTTP/3 forbid it (Safari and some
// proxies drop such responses); keeping the connection open is the server's job.
#ifndef SSE_RESPONSE_HPP
#define SSE_RESPONSE_HPP

#include <string>
#include <string_view>
#include <vector>

namespace sse {

/// One HTTP header field.
struct Header {
    std::string name;
    std::string value;

    friend bool operator==(const Header& a, const Header& b) { return a.name == b.name && a.value == b.value; }
    friend bool operator!=(const Header& a, const Header& b) { return !(a == b); }
};

/// A complete buffered HTTP response: hand status, headers and body to your server.
struct Response {
    int status = 200;
    std::vector<Header> headers;
    std::string body;
};

/// The media type of an event stream.
inline constexpr std::string_view content_type = "text/event-stream";

/// The response headers of every event stream, in order (see above).
[[nodiscard]] inline std::vector<Header> stream_headers() {
    return {{"Content-Type", std::string(content_type)}, {"Cache-Control", "no-cache"}, {"X-Accel-Buffering", "no"}};
}

}  // namespace sse

#endif  // SSE_RESPONSE_HPP
// ---- end sse/response.hpp ----
// ---- begin sse/stream.hpp ----
// sse::Stream -- a chainable builder of a buffered sequence of events.
//
//   sse::Response r = sse::Stream()
//       .event("connected", "ready")              // event: connected\ndata: ready\n\n
//       .push(sse::Event::data("{}").id("1"))      // id: 1\ndata: {}\n\n
//       .data("plain")                            // data: plain\n\n
//       .retry(5000)                              // retry: 5000\n\n
//       .comment("keep-alive")                    // : keep-alive\n\n
//       .into_response();
//
// Each call appends one complete frame to an internal std::string through the
// same encoder as sse::Event (encode.hpp), so the bytes are identical to
// encoding the events one by one. An invalid event type is rejected before
// anything is appended (sse::invalid_field / SSE_ON_INVALID_ARGUMENT).
// Every method works on a named Stream and at the end of a temporary chain.
#ifndef SSE_STREAM_HPP
#define SSE_STREAM_HPP


#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace sse {

class Stream {
public:
    Stream() = default;

    /// Appends an event of type `type` (`event: <type>`) carrying `data`.
    Stream& event(std::string_view type, std::string_view data) & {
        if (detail::accept_event_type(type)) {
            detail::append_field(body_, "event", type);
            encode_data(body_, data);
            body_.push_back('\n');
        }
        return *this;
    }
    [[nodiscard]] Stream event(std::string_view type, std::string_view data) && {
        return std::move(event(type, data));
    }

    /// Appends an event with data only (clients see type "message").
    Stream& data(std::string_view data) & {
        encode_data(body_, data);
        body_.push_back('\n');
        return *this;
    }
    [[nodiscard]] Stream data(std::string_view data) && { return std::move(this->data(data)); }

    /// Appends `e` exactly as built.
    Stream& push(const Event& e) & {
        e.encode_to(body_);
        return *this;
    }
    [[nodiscard]] Stream push(const Event& e) && { return std::move(push(e)); }

    /// Appends `retry: <ms>\n\n` (sets the client's reconnection delay).
    Stream& retry(std::uint64_t ms) & {
        encode_retry(body_, ms);
        return *this;
    }
    [[nodiscard]] Stream retry(std::uint64_t ms) && { return std::move(retry(ms)); }

    /// Appends `: <line>\n` for each line of `text`, then `\n`.
    Stream& comment(std::string_view text) & {
        encode_comment(body_, text);
        return *this;
    }
    [[nodiscard]] Stream comment(std::string_view text) && { return std::move(comment(text)); }

    /// The bytes built so far (no copy).
    [[nodiscard]] std::string_view view() const noexcept { return body_; }
    [[nodiscard]] const std::string& body() const& noexcept { return body_; }
    /// Takes the bytes out of a temporary (or std::move'd) Stream.
    [[nodiscard]] std::string body() && noexcept { return std::move(body_); }

    /// Status 200, the three event-stream headers (see response.hpp), and the
    /// body. On a temporary the body is moved; on a named Stream it is copied
    /// and the Stream keeps its bytes.
    [[nodiscard]] Response into_response() const& { return Response{200, stream_headers(), body_}; }
    [[nodiscard]] Response into_response() && { return Response{200, stream_headers(), std::move(body_)}; }

    /// Removes every byte (keeps the capacity).
    void clear() noexcept { body_.clear(); }

private:
    std::string body_;
};

}  // namespace sse

#endif  // SSE_STREAM_HPP
// ---- end sse/stream.hpp ----

#endif  // SSE_SSE_HPP
// ---- end sse/sse.hpp ----
