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

#include "config.hpp"
#include "detail/scan.hpp"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

SSE_DETAIL_BEGIN_NAMESPACE

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

// Writes of up to this many bytes are composed on the stack and appended with
// one call into std::string.
inline constexpr std::size_t small_write = 256;

// The decimal digits of `value`, written into the end of buf[20].
inline std::string_view format_uint(char (&buf)[20], std::uint64_t value) noexcept {
    char* p = buf + sizeof buf;
    do {
        *--p = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0);
    return std::string_view(p, static_cast<std::size_t>(buf + sizeof buf - p));
}

// `name: value\n`, for a value already known to be valid.
inline void append_field(std::string& out, std::string_view name, std::string_view value) {
    const std::size_t n = name.size() + value.size() + 3;
    if (SSE_DETAIL_LIKELY(n <= small_write)) {
        char buf[small_write];
        char* p = put(buf, name.data(), name.size());
        *p++ = ':';
        *p++ = ' ';
        p = put(p, value.data(), value.size());
        *p = '\n';
        out.append(buf, n);
        return;
    }
    reserve_more(out, n);
    out.append(name.data(), name.size());
    out.append(": ", 2);
    out.append(value.data(), value.size());
    out.push_back('\n');
}

inline void append_retry_field(std::string& out, std::uint64_t ms) {
    char buf[20];
    append_field(out, "retry", format_uint(buf, ms));
}

// THE line splitting rule. The line starting at `first` is [first, end); the
// next one starts at `next`, after its CRLF, lone CR or lone LF. When the text
// has no more line end, end == next == last. Cut the lines of one text in
// order (non-decreasing `first`) with one LineCutter.
struct LineCut {
    const char* end;
    const char* next;
};
class LineCutter {
public:
    explicit LineCutter(const char* last) noexcept : finder_(last), last_(last) {}
    LineCut cut(const char* first) noexcept {
        const char* eol = finder_.find(first);
        if (eol == last_) return {last_, last_};
        return {eol, eol + 1 + (*eol == '\r' && eol + 1 != last_ && eol[1] == '\n')};
    }

private:
    LineEndFinder finder_;
    const char* last_;
};

// Splits text into lines (LineCutter) and writes each as `<prefix><line>\n`.
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
            if (*p == '\n' && ++p == end) return;  // second half of a CRLF split between pieces
        }
        // Short lines are gathered in `batch` and appended together: one call
        // into std::string for many lines. (Members are read into locals once:
        // the byte stores below could alias them.)
        const char* const prefix_data = prefix_.data();
        const std::size_t prefix_size = prefix_.size();
        bool open = line_open_;
        char batch[batch_size];
        std::size_t used = 0;
        LineCutter lines(end);
        for (;;) {
            const LineCut cut = lines.cut(p);
            const bool ended = cut.end != end;
            const std::size_t prefix = open ? 0 : prefix_size;
            const std::size_t size = static_cast<std::size_t>(cut.end - p);
            const std::size_t n = prefix + size + (ended ? 1 : 0);
            if (used + n > batch_size && used != 0) {
                out.append(batch, used);
                used = 0;
            }
            if (SSE_DETAIL_LIKELY(n <= batch_size)) {
                char* q = put(put(batch + used, prefix_data, prefix), p, size);
                if (ended) *q = '\n';
                used += n;
            } else {
                reserve_more(out, n);
                out.append(prefix_data, prefix);
                out.append(p, size);
                if (ended) out.push_back('\n');
            }
            open = !ended;
            if (cut.next == end) {
                after_cr_ = ended && *cut.end == '\r' && cut.end + 1 == end;
                break;
            }
            p = cut.next;
        }
        line_open_ = open;
        if (used != 0) out.append(batch, used);
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
    static constexpr std::size_t batch_size = 1024;

    std::string_view prefix_;
    bool line_open_ = false;  // the prefix of the current line is written
    bool after_cr_ = false;   // the last piece ended with CR: a leading LF belongs to it
};

// The fixed bytes of a frame. Each prefix is stored right after a '\n', so a
// gathering writer (sse::Slices) can end the previous line and start the next
// one with a single slice.
inline constexpr char frame_text[] = "\nid: \nevent: \nretry: \ndata: \n\n";
inline constexpr std::string_view id_prefix{frame_text + 1, 4};      // "id: "
inline constexpr std::string_view event_prefix{frame_text + 6, 7};   // "event: "
inline constexpr std::string_view retry_prefix{frame_text + 14, 7};  // "retry: "
inline constexpr std::string_view data_prefix{frame_text + 22, 6};   // "data: "
inline constexpr std::string_view blank_line{frame_text + 29, 1};    // "\n", after a '\n'
inline constexpr std::string_view comment_prefix = ": ";

// THE order of a frame: id, event, retry (each when present), the data lines
// and the blank line. `w` gives the bytes their form (a std::string, a stack
// buffer, slices); values are already validated:
//   w.field(prefix, value)  `<prefix><value>\n`, prefix one of the *_prefix above
//   w.data(data)            the data lines (always at least one)
//   w.end()                 the blank line
// `retry` is the decimal digits of the retry field, empty when there is none.
// write_fields writes the metadata lines alone (Event::encode_fields_to, whose
// data follows through a DataEncoder).
template <class Writer>
SSE_DETAIL_ALWAYS_INLINE void write_fields(Writer& w, const std::string* id, const std::string* type,
                                           std::string_view retry) {
    if (id) w.field(id_prefix, *id);
    if (type) w.field(event_prefix, *type);
    if (!retry.empty()) w.field(retry_prefix, retry);
}
template <class Writer>
SSE_DETAIL_ALWAYS_INLINE void write_frame(Writer& w, std::string_view data, const std::string* id, const std::string* type,
                 std::string_view retry) {
    write_fields(w, id, type, retry);
    w.data(data);
    w.end();
}

// Frames into a std::string, field by field.
struct StringFrameWriter {
    std::string& out;
    void field(std::string_view prefix, std::string_view value) {
        append_field(out, prefix.substr(0, prefix.size() - 2), value);
    }
    void data(std::string_view data) {
        LineFramer lines(data_prefix);
        lines.write(out, data);
        lines.finish(out);
    }
    void end() { out.push_back('\n'); }
};

// Frames a small event into a buffer of at least its size + frame_slack bytes.
// Each prefix is one 8-byte store (frame_text has 8 readable bytes from every
// prefix; the bytes past the prefix are overwritten next). `clean` turns false
// when the data has a line end: the buffer is then to be discarded.
inline constexpr std::size_t frame_slack = 8;
static_assert(sizeof frame_text >= 22 + frame_slack, "8 readable bytes from each prefix");
struct BufferFrameWriter {
    char* p;
    bool clean = true;
    void field(std::string_view prefix, std::string_view value) noexcept {
        std::memcpy(p, prefix.data(), frame_slack);
        p = put(p + prefix.size(), value.data(), value.size());
        *p++ = '\n';
    }
    void data(std::string_view data) noexcept {
        std::memcpy(p, data_prefix.data(), frame_slack);
        p += data_prefix.size();
        clean = put_line(p, data.data(), data.size());
        p += data.size();
        *p++ = '\n';
    }
    void end() noexcept { *p++ = '\n'; }
};

// The frame of n bytes through StringFrameWriter: a large event, or data with a line end.
inline void append_frame(std::string& out, std::size_t n, std::string_view data, const std::string* id,
                         const std::string* type, std::string_view retry) {
    reserve_more(out, n);
    StringFrameWriter w{out};
    write_frame(w, data, id, type, retry);
}

// Appends a whole event frame (see write_frame). A small event whose data is
// one line is composed on the stack and appended with one call.
inline void append_event(std::string& out, std::string_view data, const std::string* id, const std::string* type,
                         const std::uint64_t* retry) {
    char digits[20];
    const std::string_view retry_digits = retry ? format_uint(digits, *retry) : std::string_view();
    const std::size_t n = (id ? id->size() + 5 : 0) + (type ? type->size() + 8 : 0) +
                          (retry ? retry_digits.size() + 8 : 0) + data.size() + 8;
    if (n <= small_write) {
        char buf[small_write + frame_slack];
        BufferFrameWriter w{buf};
        write_frame(w, data, id, type, retry_digits);
        if (SSE_DETAIL_LIKELY(w.clean)) {
            out.append(buf, n);
            return;
        }
    }
    append_frame(out, n, data, id, type, retry_digits);
}

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

SSE_DETAIL_END_NAMESPACE

#endif  // SSE_ENCODE_HPP
