// sse: UTF-8 across pieces -- sse::Utf8Joiner, and an opt-in UTF-8 check.
//
// A byte-level tokenizer (an LLM server's) splits multi-byte characters
// between tokens. Sent as one event per token, each event's data is decoded
// on its own by the client, and a split character arrives as U+FFFD (an emoji
// split 2+2 arrives as three U+FFFD, never as the emoji). A Utf8Joiner
// holds back the incomplete sequence at the end of one piece and puts it in
// front of the next, so every event carries whole characters:
//
//   sse::Utf8Joiner utf8;
//   for (std::string_view token : {"Hi \xF0\x9F", "\x9A\x80!"}) {  // U+1F680 split 2+2
//       const sse::Utf8Text text = utf8.feed(token);  // "Hi ", then "\xF0\x9F\x9A\x80!"
//       if (text.empty()) continue;                   // nothing complete yet: no event
//       w.begin();
//       w.write_data(text.head);                      // the held bytes, completed
//       w.write_data(text.tail);                      // the rest of this piece
//       w.end();                                      // data: Hi \n\n, data: 🚀!\n\n
//   }
//   // end of stream: utf8.finish() (see there)
//
// The rule, exactly: the joiner holds back the bytes at the end of a piece
// that the UTF-8 decoder of the Encoding Standard (the one browsers and SDKs
// use: "UTF-8 decode" with replacement) holds there: a lead byte and 0 to 2
// continuation bytes in range that may still become a character. Nothing
// else is held: bytes that can no longer become a character (a lone
// continuation byte, C0, C1, F5-FF, a sequence broken by the next byte) go
// out at once. So no output ends in a sequence the next bytes could complete,
// and decoding each output on its own and joining the results gives the same
// text as decoding all the input at once, whatever the bytes: valid text
// stays whole, and ill-formed bytes become the same U+FFFD they would have
// become anyway. Bytes are never changed, added or dropped: the outputs
// joined (with finish()) are the pieces joined.
//
// Off by default, for untrusted bytes: sse::check_utf8 rejects ill-formed
// UTF-8 with errc::data_invalid_utf8, and sse::append_valid_utf8 replaces it
// with U+FFFD the way a browser's decoder would. Both may be applied to each
// output of a Utf8Joiner separately (its cuts are invisible to the decoder),
// e.g. before building JSON, which must be valid UTF-8.
#ifndef SSE_UTF8_HPP
#define SSE_UTF8_HPP

#include "config.hpp"
#include "detail/utf8.hpp"
#include "encode.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>

SSE_DETAIL_BEGIN_NAMESPACE

/// The complete text of one Utf8Joiner::feed(), in two parts: `head` then
/// `tail`. Write both, in that order (two DataEncoder::write or
/// Writer::write_data calls), or append_to() a string of yours.
///
/// Lifetime: `head` points into the Utf8Joiner (at most 4 bytes) and is
/// valid until the next call of a non-const member of that joiner, or until
/// it is moved, copied over or destroyed; `tail` points into the piece that was
/// fed and lives as long as the piece's bytes do.
struct Utf8Text {
    /// The bytes held from earlier pieces, followed by the bytes of this piece
    /// that complete their character (empty when nothing was held). When the
    /// piece did not continue the held sequence, only the held bytes: the
    /// decoder makes one U+FFFD of them, as it would have without the split.
    std::string_view head;
    /// The rest of the piece up to the incomplete sequence at its end, if any.
    std::string_view tail;

    /// head.size() + tail.size().
    [[nodiscard]] constexpr std::size_t size() const noexcept { return head.size() + tail.size(); }
    /// True when there is nothing to send yet.
    [[nodiscard]] constexpr bool empty() const noexcept { return head.empty() && tail.empty(); }
    /// Appends head then tail to `out`.
    void append_to(std::string& out) const {
        out.append(head.data(), head.size());
        out.append(tail.data(), tail.size());
    }
    /// head + tail as a new string (e.g. for sse::Event::data).
    [[nodiscard]] std::string str() const {
        std::string s;
        s.reserve(size());
        append_to(s);
        return s;
    }
};

/// Joins byte pieces into text cut between characters (see the top of this
/// header). At most 3 bytes are held, in the joiner itself: it never
/// allocates, and feed() is O(1) besides the bytes of a held sequence (it
/// looks at the first 3 and last 3 bytes of a piece, never the middle).
///
/// End of stream: finish() returns the held bytes (0 to 3). They are the start
/// of a sequence that never completed; decoded on its own, a non-empty
/// finish() is exactly one U+FFFD -- what the decoder makes of it at the end
/// of the whole input too. Send it as the last piece (or append_valid_utf8
/// it, which makes it EF BF BD), or drop it; a non-empty finish() is never
/// valid UTF-8 on its own.
///
/// A value type (copyable); not thread-safe. One joiner per stream.
class Utf8Joiner {
public:
    /// The complete text of everything fed so far that was not returned
    /// yet: held bytes + `piece`, without an incomplete sequence at the end
    /// (that is held for the next piece). May be empty (a piece that only
    /// starts or continues a character). Any bytes are accepted.
    [[nodiscard]] Utf8Text feed(std::string_view piece) & noexcept {
        Utf8Text text;
        std::size_t used = 0;
        char* hold = bufs_ + at_;
        if (held_ != 0) {
            const detail::Utf8Lead lead = detail::utf8_lead(static_cast<unsigned char>(hold[0]));
            while (held_ < lead.length && used < piece.size() &&
                   detail::utf8_continues(lead, held_, static_cast<unsigned char>(piece[used]))) {
                hold[held_++] = piece[used++];
            }
            if (held_ < lead.length && used == piece.size()) return text;  // still incomplete: all held
            text.head = std::string_view(hold, held_);
            held_ = 0;
            at_ = static_cast<unsigned char>(at_ ^ 4);  // head stays readable; hold in the other half
            hold = bufs_ + at_;
        }
        const std::string_view rest = piece.substr(used);
        const std::size_t keep = detail::utf8_incomplete_tail(rest);
        text.tail = rest.substr(0, rest.size() - keep);
        for (std::size_t i = 0; i < keep; ++i) hold[i] = rest[rest.size() - keep + i];
        held_ = static_cast<unsigned char>(keep);
        return text;
    }

    /// Misuse that would dangle does not compile: a temporary std::string
    /// (tail would point into it after the statement) and a temporary joiner
    /// (head would point into it). Keep the string and the joiner alive.
    template <class S, std::enable_if_t<std::is_same_v<std::remove_cv_t<S>, std::string>, int> = 0>
    Utf8Text feed(S&& piece) & = delete;
    Utf8Text feed(std::string_view piece) && = delete;

    /// Ends the stream: returns the held bytes (see the class comment) and
    /// forgets them; the joiner is then ready for a new stream. The view
    /// points into the joiner (valid as Utf8Text::head is).
    [[nodiscard]] std::string_view finish() & noexcept {
        const std::string_view rest(bufs_ + at_, held_);
        held_ = 0;
        return rest;
    }
    std::string_view finish() && = delete;

    /// How many bytes are held (0 to 3).
    [[nodiscard]] std::size_t held() const noexcept { return held_; }

    /// Forgets the held bytes.
    void reset() noexcept { held_ = 0; }

private:
    // Two 4-byte halves: the held bytes are in the half at at_; a returned
    // head is in the other one or in the same one (until the next call).
    char bufs_[8] = {};
    unsigned char at_ = 0;
    unsigned char held_ = 0;
};

/// errc::ok when `text` is well-formed UTF-8 (RFC 3629: no overlong forms,
/// no surrogates, nothing above U+10FFFF), else errc::data_invalid_utf8.
/// O(n), no allocation; ASCII is checked 8 bytes at a time. Opt-in: nothing
/// in the library checks data unless you call it.
[[nodiscard]] inline errc check_utf8(std::string_view text) noexcept {
    return detail::first_invalid_utf8(text) == text.size() ? errc::ok : errc::data_invalid_utf8;
}

/// Appends `text` to `out` with every ill-formed part replaced by U+FFFD
/// (EF BF BD), exactly as a browser decodes it (Encoding Standard "UTF-8
/// decode", maximal subpart rule: "\xF0\x9F\x9A" then "A" is one U+FFFD then
/// "A"; "\xC0\xAF" is two; a lone continuation byte is one). Well-formed text
/// is appended unchanged. The same decoder sse::Parser uses. Allocates only
/// when `out` grows.
inline void append_valid_utf8(std::string& out, std::string_view text) {
    const std::size_t bad = detail::first_invalid_utf8(text);
    out.append(text.data(), bad);
    if (bad != text.size()) detail::append_utf8_replacing(out, text.substr(bad));
}

SSE_DETAIL_END_NAMESPACE

#endif  // SSE_UTF8_HPP
