// sse: the one framing core. Every byte of `text/event-stream` that this
// library writes goes through this header; nothing else knows the rules.
//
//   std::string out;
//   sse::DataEncoder data;
//   data.write(out, "a\r\nb");
//   data.finish_event(out);            // out == "data: a\ndata: b\n\n"
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
// - A blank line (`\n`) ends the event (dispatches it).
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
    data_invalid_utf8,       ///< the data is not well-formed UTF-8 (only sse::check_utf8 says so: opt-in)
};

namespace detail {
// The text of one errc: `full` is what describe() returns; an invalid_field
// message is `what`, " at byte N", then "; " and `rule` when there is one.
struct ErrcText {
    std::string_view full;
    std::string_view what;
    std::string_view rule;
};
inline constexpr ErrcText errc_texts[] = {
    {"ok", "sse: no error (errc::ok)", ""},
    {"sse: event id contains CR (0x0D); an id may not contain CR, LF or NUL", "sse: event id contains CR (0x0D)",
     "an id may not contain CR, LF or NUL"},
    {"sse: event id contains LF (0x0A); an id may not contain CR, LF or NUL", "sse: event id contains LF (0x0A)",
     "an id may not contain CR, LF or NUL"},
    {"sse: event id contains NUL (0x00); an id may not contain CR, LF or NUL", "sse: event id contains NUL (0x00)",
     "an id may not contain CR, LF or NUL"},
    {"sse: event type contains CR (0x0D); an event type may not contain CR or LF",
     "sse: event type contains CR (0x0D)", "an event type may not contain CR or LF"},
    {"sse: event type contains LF (0x0A); an event type may not contain CR or LF",
     "sse: event type contains LF (0x0A)", "an event type may not contain CR or LF"},
    {"sse: data is not valid UTF-8; data checked with sse::check_utf8 must be well-formed UTF-8",
     "sse: data is not valid UTF-8", "data checked with sse::check_utf8 must be well-formed UTF-8"},
};
inline constexpr ErrcText unknown_errc_text = {"sse: unknown error", "sse: unknown error", ""};
static_assert(sizeof errc_texts / sizeof errc_texts[0] == static_cast<std::size_t>(errc::data_invalid_utf8) + 1,
              "every errc value has a text");

constexpr const ErrcText& text_of(errc code) noexcept {
    const auto i = static_cast<std::size_t>(code);
    return i < sizeof errc_texts / sizeof errc_texts[0] ? errc_texts[i] : unknown_errc_text;
}
}  // namespace detail

/// A fixed English sentence for `code` (never empty; "ok" for errc::ok).
[[nodiscard]] constexpr std::string_view describe(errc code) noexcept { return detail::text_of(code).full; }

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
/// Any errc gives a message (errc::ok: "sse: no error (errc::ok) at byte N").
class invalid_field : public std::invalid_argument {
public:
    invalid_field(errc code, std::size_t position)
        : std::invalid_argument(make_message(code, position)), code_(code), position_(position) {}
    [[nodiscard]] errc code() const noexcept { return code_; }
    /// Byte offset of the offending character in the rejected value.
    [[nodiscard]] std::size_t position() const noexcept { return position_; }

private:
    static std::string make_message(errc code, std::size_t position) {
        const detail::ErrcText& text = detail::text_of(code);
        std::string message(text.what);
        message += " at byte ";
        message += std::to_string(position);
        if (!text.rule.empty()) {
            message += "; ";
            message += text.rule;
        }
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

// The decimal digits of `value`, written into the end of buf[20].
inline std::string_view format_uint(char (&buf)[20], std::uint64_t value) noexcept {
    char* p = buf + sizeof buf;
    do {
        *--p = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0);
    return std::string_view(p, static_cast<std::size_t>(buf + sizeof buf - p));
}

// ---------------------------------------------------------------------------
// The fixed text of a frame, in one array. Every piece below is a view into
// it, found by its text (so no offset is kept by hand), and each line prefix
// and the blank line sit right after a '\n': a gathering writer (sse::Slices)
// ends the previous line and starts the next with one slice. The zero padding
// gives 8 readable bytes from every piece (one 8-byte store writes a piece).
inline constexpr std::size_t text_store = 8;
inline constexpr char frame_chars[48] = "\nid: \nevent: \nretry: \ndata: \n: \n\n";
inline constexpr std::string_view frame_text{frame_chars, 33};

// Where `text` starts in frame_chars (index arithmetic only: no pointer
// comparison, so it stays a constant expression under sanitizers too).
constexpr std::size_t offset_in_frame(std::string_view text) noexcept {
    for (std::size_t i = 0; i + text.size() <= frame_text.size(); ++i) {
        std::size_t n = 0;
        while (n < text.size() && frame_chars[i + n] == text[n]) ++n;
        if (n == text.size()) return i;
    }
    return sizeof frame_chars;  // not there: fails the checks below
}
// A piece that follows a '\n' in frame_chars and has text_store readable bytes.
constexpr bool is_frame_piece(std::string_view text) noexcept {
    const std::size_t at = offset_in_frame(text);
    return at + text_store <= sizeof frame_chars && (text.empty() || text[0] == '\n');
}
// The piece `text` of frame_text that follows a '\n' ("\nid: " -> "id: ").
constexpr std::string_view after_line_end(std::string_view text) noexcept {
    return frame_text.substr(offset_in_frame(text) + 1, text.size() - 1);
}
inline constexpr std::string_view line_end = frame_text.substr(0, 1);         // "\n", ends every line
inline constexpr std::string_view id_prefix = after_line_end("\nid: ");       // "id: "
inline constexpr std::string_view event_prefix = after_line_end("\nevent: "); // "event: "
inline constexpr std::string_view retry_prefix = after_line_end("\nretry: "); // "retry: "
inline constexpr std::string_view data_prefix = after_line_end("\ndata: ");   // "data: "
inline constexpr std::string_view comment_prefix = after_line_end("\n: ");    // ": "
inline constexpr std::string_view blank_line = after_line_end("\n\n");        // "\n": ends the event

static_assert(is_frame_piece("\nid: ") && is_frame_piece("\nevent: ") && is_frame_piece("\nretry: ") &&
                  is_frame_piece("\ndata: ") && is_frame_piece("\n: ") && is_frame_piece("\n\n") &&
                  text_store <= sizeof frame_chars,
              "each piece follows a line end and has 8 readable bytes");
static_assert(id_prefix == "id: " && event_prefix == "event: " && retry_prefix == "retry: " &&
                  data_prefix == "data: " && comment_prefix == ": " && blank_line == "\n" && line_end == "\n",
              "the pieces of a frame");

// An optional field value as a view: absent, or present (possibly empty: an
// empty id is the field `id: `, which resets the client's last event id).
struct FieldValue {
    constexpr FieldValue() noexcept = default;
    constexpr FieldValue(std::string_view value) noexcept : text(value), present(true) {}  // NOLINT: implicit on purpose
    constexpr explicit operator bool() const noexcept { return present; }
    constexpr const std::string_view& operator*() const noexcept { return text; }
    constexpr const std::string_view* operator->() const noexcept { return &text; }

    std::string_view text;
    bool present = false;
};

// The optional fields of an event, as views; the values are already valid.
// `retry` is the decimal digits of the retry field, empty when there is none.
struct Fields {
    FieldValue id;
    FieldValue event_type;
    std::string_view retry;
};

// ---------------------------------------------------------------------------
// THE frame writer. Every field line, every data and comment line and every
// event end of the library is written by the functions below, into an output
// `out` that gives the bytes their form:
//   out.text(piece)   a piece of frame_text (one of the constants above)
//   out.bytes(value)  caller bytes (a field value, a line of data or comment)
// Outputs: StringOut (a std::string, through a stack batch), FrameBuffer (a
// small frame composed on the stack), sse::Slices' writer (views, no copy).

// `<prefix><value>\n`: one field line.
template <class Out>
SSE_DETAIL_ALWAYS_INLINE void write_field(Out& out, std::string_view prefix, std::string_view value) {
    out.text(prefix);
    out.bytes(value);
    out.text(line_end);
}

// THE order of the optional fields: id, event, retry (each when present).
template <class Out>
SSE_DETAIL_ALWAYS_INLINE void write_fields(Out& out, const Fields& f) {
    if (f.id) write_field(out, id_prefix, *f.id);
    if (f.event_type) write_field(out, event_prefix, *f.event_type);
    if (!f.retry.empty()) write_field(out, retry_prefix, f.retry);
}

// The blank line that ends (dispatches) an event.
template <class Out>
SSE_DETAIL_ALWAYS_INLINE void write_end(Out& out) {
    out.text(blank_line);
}

// The size of write_field(prefix, a value of `size` bytes).
constexpr std::size_t field_size(std::string_view prefix, std::size_t size) noexcept {
    return prefix.size() + size + line_end.size();
}
// The size of a whole event frame whose data is one line of `data_size` bytes.
constexpr std::size_t one_line_event_size(const Fields& f, std::size_t data_size) noexcept {
    return (f.id ? field_size(id_prefix, f.id->size()) : 0) +
           (f.event_type ? field_size(event_prefix, f.event_type->size()) : 0) +
           (f.retry.empty() ? 0 : field_size(retry_prefix, f.retry.size())) + field_size(data_prefix, data_size) +
           blank_line.size();
}

// THE line splitting rule. The line starting at `first` is [first, end); the
// next one starts at `next`, after its CRLF, lone CR or lone LF. When the text
// has no more line end, end == next == last. Cut the lines of one text in
// order (non-decreasing `first`) with one LineCutter.
struct LineCut {
    const char* end;
    const char* next;
    bool split_cr;  // the line ended with the text's last byte, a CR (see next_line)
};
class LineCutter {
public:
    LineCutter(const char* first, const char* last) noexcept : finder_(first, last), last_(last) {}
    LineCut cut(const char* first) noexcept {
        const char* eol = finder_.find(first);
        if (eol == last_) return {last_, last_, false};
        const NextLine line = next_line(eol, last_);
        return {eol, line.next, line.split_cr};
    }

private:
    LineEndFinder finder_;
    const char* last_;
};

// Splits text into lines (LineCutter) and writes each as a field line with
// `prefix` (write_field's pieces, a line written in parts). Text may arrive in
// pieces: a CRLF split between two pieces is one line end, and the bytes are
// those of writing the whole text at once.
class LineFramer {
public:
    explicit constexpr LineFramer(std::string_view prefix) noexcept : prefix_(prefix) {}

    template <class Out>
    void write(Out& out, std::string_view piece) {
        const char* const end = piece.data() + piece.size();
        const char* p = skip_split_lf(piece.data(), end, after_cr_);
        if (p == end) return;
        bool open = line_open_;
        LineCutter lines(p, end);
        for (;;) {
            const LineCut cut = lines.cut(p);
            const bool ended = cut.end != end;
            if (!open) out.text(prefix_);
            out.bytes(std::string_view(p, static_cast<std::size_t>(cut.end - p)));
            if (ended) out.text(line_end);
            open = !ended;
            if (cut.next == end) {
                after_cr_ = cut.split_cr;
                break;
            }
            p = cut.next;
        }
        line_open_ = open;
    }

    // Ends the last line (an empty one when the text was empty or ended with a
    // line break) and resets for new text.
    template <class Out>
    void finish(Out& out) {
        if (!line_open_) out.text(prefix_);
        out.text(line_end);
        line_open_ = false;
        after_cr_ = false;
    }

private:
    std::string_view prefix_;
    bool line_open_ = false;  // the prefix of the current line is written
    bool after_cr_ = false;   // the last piece ended with CR: a leading LF belongs to it
};

// Every line of `text` as a field line with `prefix` (at least one line): the
// whole text at once, so simpler than LineFramer, which gives the same bytes.
template <class Out>
void write_lines(Out& out, std::string_view prefix, std::string_view text) {
    const char* p = text.data();
    const char* const last = p + text.size();
    LineCutter lines(p, last);
    for (;;) {
        const LineCut cut = lines.cut(p);
        write_field(out, prefix, std::string_view(p, static_cast<std::size_t>(cut.end - p)));
        if (cut.end == last) return;
        p = cut.next;
    }
}

// A small frame composed in a buffer known to hold it plus text_store bytes:
// each piece is one 8-byte store. Its write_lines (below) takes the text to be
// one line and copies it with put_line; `clean` turns false when it was not,
// and the buffer is then to be discarded.
struct FrameBuffer {
    char* p;
    bool clean = true;

    SSE_DETAIL_ALWAYS_INLINE void text(std::string_view piece) noexcept {
        std::memcpy(p, piece.data(), text_store);
        p += piece.size();
    }
    SSE_DETAIL_ALWAYS_INLINE void bytes(std::string_view value) noexcept { p = put(p, value.data(), value.size()); }
};
// A FrameBuffer whose bytes() are a line expected to hold no line end.
struct CheckedLine {
    FrameBuffer& b;
    SSE_DETAIL_ALWAYS_INLINE void text(std::string_view piece) noexcept { b.text(piece); }
    SSE_DETAIL_ALWAYS_INLINE void bytes(std::string_view line) noexcept {
        b.clean = put_line(b.p, line.data(), line.size()) && b.clean;
        b.p += line.size();
    }
};
SSE_DETAIL_ALWAYS_INLINE void write_lines(FrameBuffer& out, std::string_view prefix, std::string_view text) noexcept {
    CheckedLine line{out};
    write_field(line, prefix, text);
}

// THE frame of an event: the fields, the data lines, the blank line.
template <class Out>
SSE_DETAIL_ALWAYS_INLINE void write_event(Out& out, const Fields& f, std::string_view data) {
    write_fields(out, f);
    write_lines(out, data_prefix, data);
    write_end(out);
}

// A comment block: `: <line>\n` per line, then the blank line.
template <class Out>
void write_comment(Out& out, std::string_view text) {
    write_lines(out, comment_prefix, text);
    write_end(out);
}

// Appends to a std::string through a stack batch, so that many short pieces
// cost one append; a value that does not fit is appended directly. flush()
// appends the batch: call it when done (nothing is appended before).
class StringOut {
public:
    explicit StringOut(std::string& out) noexcept : out_(out) {}
    StringOut(const StringOut&) = delete;
    StringOut& operator=(const StringOut&) = delete;

    void text(std::string_view piece) {
        if (used_ + text_store > batch_size) flush();
        std::memcpy(batch_ + used_, piece.data(), text_store);
        used_ += piece.size();
    }
    void bytes(std::string_view value) {
        if (SSE_DETAIL_LIKELY(value.size() <= batch_size - used_)) {
            put(batch_ + used_, value.data(), value.size());
            used_ += value.size();
            return;
        }
        flush();
        out_.append(value.data(), value.size());
    }
    void flush() {
        if (used_ != 0) out_.append(batch_, used_);
        used_ = 0;
    }

private:
    static constexpr std::size_t batch_size = 1024;
    std::string& out_;
    std::size_t used_ = 0;
    char batch_[batch_size];
};

// Writes with `write(out)` into `s` through a StringOut.
template <class Write>
SSE_DETAIL_ALWAYS_INLINE void write_string(std::string& s, Write&& write) {
    StringOut out(s);
    write(out);
    out.flush();
}

// Writes of up to this many bytes are composed on the stack (FrameBuffer).
inline constexpr std::size_t small_write = 256;

// append_event's general case, kept out of line so that the small case stays small.
SSE_DETAIL_NOINLINE inline void append_event_through_batch(std::string& out, std::size_t size_hint, const Fields& f,
                                                           std::string_view data) {
    reserve_more(out, size_hint);
    write_string(out, [&](StringOut& s) { write_event(s, f, data); });
}

// Appends a whole event frame. A small event whose data is one line is
// composed on the stack in one pass (data copied and checked at once) and
// appended with one call; otherwise it goes through StringOut.
inline void append_event(std::string& out, const Fields& f, std::string_view data) {
    const std::size_t n = one_line_event_size(f, data.size());
    if (n <= small_write) {
        char buf[small_write + text_store];
        FrameBuffer b{buf};
        write_event(b, f, data);
        if (SSE_DETAIL_LIKELY(b.clean)) {
            out.append(buf, n);
            return;
        }
    }
    append_event_through_batch(out, n, f, data);
}

}  // namespace detail

/// Appends the `data:` lines of `data` (no blank line): one `data: <line>\n`
/// per line, lines split at CRLF, CR and LF. Any bytes are allowed, NUL included.
inline void encode_data(std::string& out, std::string_view data) {
    detail::write_string(out, [&](detail::StringOut& s) { detail::write_lines(s, detail::data_prefix, data); });
}

/// Data of one event that arrives in pieces (from a serializer, a token
/// stream, ...). Writing pieces p1, p2, ... then finish() appends exactly the
/// bytes of encode_data(p1 + p2 + ...), also when a CRLF is split between
/// pieces. Write the event's id/event/retry fields before the first piece
/// (Event::encode_fields_to) and end the event with finish_event().
///
///   sse::DataEncoder data;
///   data.write(out, "{\"a\":");  data.write(out, "1}");
///   data.finish_event(out);           // "data: {\"a\":1}\n\n"
class DataEncoder {
public:
    /// Appends the bytes of `piece` that are certain; a line stays open until
    /// a line end or finish().
    void write(std::string& out, std::string_view piece) {
        detail::write_string(out, [&](detail::StringOut& s) { lines_.write(s, piece); });
    }
    /// Ends the data (always at least one `data:` line); ready for new data.
    void finish(std::string& out) {
        detail::write_string(out, [&](detail::StringOut& s) { lines_.finish(s); });
    }
    /// finish(), then the blank line that ends the event.
    void finish_event(std::string& out) {
        detail::write_string(out, [&](detail::StringOut& s) {
            lines_.finish(s);
            detail::write_end(s);
        });
    }

private:
    detail::LineFramer lines_{detail::data_prefix};
};

/// Appends a whole comment block: `: <line>\n` for each line of `text` (split
/// at CRLF, CR and LF; "" gives `: \n`), then the blank line `\n`. Clients
/// ignore comments; proxies see traffic (useful as keep-alive).
inline void encode_comment(std::string& out, std::string_view text) {
    detail::write_string(out, [&](detail::StringOut& s) { detail::write_comment(s, text); });
}

/// Appends `retry: <ms>\n\n`: tells the client how long to wait before it
/// reconnects. A block with no data dispatches no event.
inline void encode_retry(std::string& out, std::uint64_t ms) {
    char digits[20];
    const detail::Fields f{{}, {}, detail::format_uint(digits, ms)};
    detail::write_string(out, [&](detail::StringOut& s) {
        detail::write_fields(s, f);
        detail::write_end(s);
    });
}

SSE_DETAIL_END_NAMESPACE

#endif  // SSE_ENCODE_HPP
