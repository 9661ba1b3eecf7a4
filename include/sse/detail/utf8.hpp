// sse::detail -- UTF-8 checking and repair for the parser and <sse/utf8.hpp>.
// Not part of the public API.
//
// The repair is the Encoding Standard "UTF-8 decode" with replacement: every
// maximal subpart of an ill-formed sequence becomes one U+FFFD (EF BF BD), and
// the byte that broke a sequence is decoded again on its own. Valid sequences
// are copied unchanged. ASCII bytes can never be part of a multi-byte sequence,
// so decoding the text between two ASCII bytes on its own gives the same result
// as decoding the whole stream: the parser may check each field value apart.
#ifndef SSE_DETAIL_UTF8_HPP
#define SSE_DETAIL_UTF8_HPP

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "../config.hpp"
#include "inline.hpp"

SSE_DETAIL_BEGIN_NAMESPACE
namespace detail {

inline constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

// Length of the sequence that starts with lead byte `b` (2..4), and the allowed
// range of its second byte; 0 when `b` can never start a sequence.
struct Utf8Lead {
    unsigned char length;
    unsigned char lower;
    unsigned char upper;
};
constexpr Utf8Lead utf8_lead(unsigned char b) noexcept {
    if (b >= 0xC2 && b <= 0xDF) return {2, 0x80, 0xBF};
    if (b == 0xE0) return {3, 0xA0, 0xBF};
    if (b == 0xED) return {3, 0x80, 0x9F};  // no surrogates
    if (b >= 0xE1 && b <= 0xEF) return {3, 0x80, 0xBF};
    if (b == 0xF0) return {4, 0x90, 0xBF};
    if (b == 0xF4) return {4, 0x80, 0x8F};  // nothing above U+10FFFF
    if (b >= 0xF1 && b <= 0xF3) return {4, 0x80, 0xBF};
    return {0, 0, 0};
}

// True when `b` may be byte number `index` (1..3) of the sequence led by `lead`.
constexpr bool utf8_continues(Utf8Lead lead, std::size_t index, unsigned char b) noexcept {
    return index == 1 ? (b >= lead.lower && b <= lead.upper) : (b >= 0x80 && b <= 0xBF);
}

// How many bytes at the end of `s` (0..3) are the start of a well-formed
// sequence that is not complete yet: the decoder's pending bytes when it has
// read all of `s`. A lead byte always restarts the decoder (it never continues
// a sequence), so only the last non-continuation byte among the last three
// matters.
constexpr std::size_t utf8_incomplete_tail(std::string_view s) noexcept {
    const std::size_t n = s.size();
    for (std::size_t k = 1; k <= 3 && k <= n; ++k) {
        const auto b = static_cast<unsigned char>(s[n - k]);
        if (b >= 0x80 && b <= 0xBF) continue;  // a continuation byte: look further back
        const Utf8Lead lead = utf8_lead(b);
        if (lead.length <= k) return 0;  // ASCII, a never-used byte, or a sequence complete (or too long)
        for (std::size_t i = 1; i < k; ++i) {
            if (!utf8_continues(lead, i, static_cast<unsigned char>(s[n - k + i]))) return 0;
        }
        return k;
    }
    return 0;
}

// Index of the first byte >= 0x80 in [0, n), or n. Eight bytes at a time.
inline std::size_t skip_ascii(const char* s, std::size_t i, std::size_t n) noexcept {
    constexpr std::uint64_t high = 0x8080808080808080ULL;
    while (n - i >= 32) {
        std::uint64_t a, b, c, d;
        std::memcpy(&a, s + i, 8);
        std::memcpy(&b, s + i + 8, 8);
        std::memcpy(&c, s + i + 16, 8);
        std::memcpy(&d, s + i + 24, 8);
        if (((a | b | c | d) & high) != 0) break;
        i += 32;
    }
    while (n - i >= 8) {
        std::uint64_t a;
        std::memcpy(&a, s + i, 8);
        if ((a & high) != 0) break;
        i += 8;
    }
    while (i < n && static_cast<unsigned char>(s[i]) < 0x80) ++i;
    return i;
}

// True when all `n` bytes at `s` are ASCII. Short inputs (most field values)
// take two overlapping loads instead of a byte loop.
SSE_DETAIL_ALWAYS_INLINE bool all_ascii(const char* s, std::size_t n) noexcept {
    constexpr std::uint64_t high8 = 0x8080808080808080ULL;
    if (n >= 8) {
        std::uint64_t acc = 0;
        std::size_t i = 0;
        for (; n - i >= 8; i += 8) {
            std::uint64_t w;
            std::memcpy(&w, s + i, 8);
            acc |= w;
        }
        std::uint64_t last;
        std::memcpy(&last, s + n - 8, 8);
        return ((acc | last) & high8) == 0;
    }
    if (n >= 4) {
        std::uint32_t a, b;
        std::memcpy(&a, s, 4);
        std::memcpy(&b, s + n - 4, 4);
        return ((a | b) & 0x80808080U) == 0;
    }
    unsigned char acc = 0;
    for (std::size_t i = 0; i < n; ++i) acc = static_cast<unsigned char>(acc | static_cast<unsigned char>(s[i]));
    return acc < 0x80;
}

// Index of the first byte of the first ill-formed sequence in `text`, or
// text.size() when all of it is well-formed UTF-8.
SSE_DETAIL_NOINLINE inline std::size_t first_invalid_utf8_slow(std::string_view text) noexcept {
    const char* const s = text.data();
    const std::size_t n = text.size();
    std::size_t i = 0;
    for (;;) {
        i = skip_ascii(s, i, n);
        if (i == n) return n;
        const Utf8Lead lead = utf8_lead(static_cast<unsigned char>(s[i]));
        if (lead.length == 0 || n - i < lead.length) return i;
        for (std::size_t k = 1; k < lead.length; ++k) {
            if (!utf8_continues(lead, k, static_cast<unsigned char>(s[i + k]))) return i;
        }
        i += lead.length;
    }
}

SSE_DETAIL_ALWAYS_INLINE std::size_t first_invalid_utf8(std::string_view text) noexcept {
    if (text.size() <= 256 && all_ascii(text.data(), text.size())) return text.size();
    return first_invalid_utf8_slow(text);
}

// True when `text` has a NUL byte.
SSE_DETAIL_ALWAYS_INLINE bool contains_nul(std::string_view text) noexcept {
    if (text.size() > 32) return std::memchr(text.data(), '\0', text.size()) != nullptr;
    for (const char c : text) {
        if (c == '\0') return true;
    }
    return false;
}

// Appends `text` decoded as UTF-8 with replacement (see the top of this file).
inline void append_utf8_replacing(std::string& out, std::string_view text) {
    const char* const s = text.data();
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const std::size_t ascii_end = skip_ascii(s, i, n);
        out.append(s + i, ascii_end - i);
        i = ascii_end;
        if (i == n) break;
        const Utf8Lead lead = utf8_lead(static_cast<unsigned char>(s[i]));
        if (lead.length == 0) {  // a continuation byte or a byte never used in UTF-8
            out.append(replacement_character.data(), replacement_character.size());
            ++i;
            continue;
        }
        // Take continuation bytes while they fit; the first that does not ends the
        // maximal subpart (it is decoded again on its own).
        std::size_t k = 1;
        for (; k < lead.length && i + k < n; ++k) {
            if (!utf8_continues(lead, k, static_cast<unsigned char>(s[i + k]))) break;
        }
        if (k == lead.length) {
            out.append(s + i, k);
        } else {
            out.append(replacement_character.data(), replacement_character.size());
        }
        i += k;
    }
}

}  // namespace detail
SSE_DETAIL_END_NAMESPACE

#endif  // SSE_DETAIL_UTF8_HPP
