// sse 0.1.0: Server-Sent Events for C++17, as one header.
//
// GENERATED FILE, DO NOT EDIT: made by tools/amalgamate.cmake from the headers
// in include/sse/. Change those and run `cmake -P tools/amalgamate.cmake`.
// Copy this file alone into your project and `#include "sse.hpp"`. The
// optional integrations, {fmt} (sse/fmt.hpp) and the Asio session
// (sse/asio.hpp), are not in it: copy those headers next to this one to use them.
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
// Includes every public header except optional integrations (<sse/fmt.hpp>,
// <sse/asio.hpp>).
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
//       not used: the object stays as it was and no byte is written. Define it
//       the same way in every translation unit of a program.
//   SSE_ASSERT(condition)
//       Checks of preconditions that are the caller's bugs (never of user
//       data). Default: assert(). Whether it is active never changes what the
//       library does with valid calls; a failed check only stops the program
//       earlier.
//   SSE_NO_SIMD
//       Define to 1 to use only the portable code (64-bit words, memchr) for
//       finding line ends, in the encoder and the parser alike. Default 0: the
//       SSE2 vector code is used where the compiler targets SSE2 (x86-64, or
//       x86 with -msse2) with GCC or Clang; every other target uses the
//       portable code anyway. Both give identical bytes and events.
//
// ABI: everything is declared in a versioned inline namespace (sse::v0_1 by
// default) whose name also records the knobs that change inline function
// bodies (sse::v0_1_noexc without exceptions, _nosimd where the portable
// scanner is used: SSE_NO_SIMD, or a target without SSE2), so
// translation units built with different knobs link into one program without
// breaking the one-definition rule. Code names the types as sse::Event etc.
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

#ifndef SSE_NO_SIMD
#define SSE_NO_SIMD 0
#endif

// The one SIMD switch: 1 when the line-end scanner uses SSE2 vectors (GCC or
// Clang vector extensions, so no intrinsics header), else the portable code.
#if !SSE_NO_SIMD && defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#define SSE_DETAIL_SSE2 1
#else
#define SSE_DETAIL_SSE2 0
#endif

// The versioned inline namespace (see the top of this file): v<major>_<minor>,
// then one suffix per knob that changes inline bodies.
#if SSE_USE_EXCEPTIONS
#define SSE_DETAIL_ABI_EXC
#else
#define SSE_DETAIL_ABI_EXC _noexc
#endif
#if SSE_DETAIL_SSE2  // the switch itself, not the knob: x86 with and without -msse2 differ too
#define SSE_DETAIL_ABI_SIMD
#else
#define SSE_DETAIL_ABI_SIMD _nosimd
#endif
#define SSE_DETAIL_ABI_NAME2(major, minor, exc, simd) v##major##_##minor##exc##simd
#define SSE_DETAIL_ABI_NAME(major, minor, exc, simd) SSE_DETAIL_ABI_NAME2(major, minor, exc, simd)
#define SSE_DETAIL_ABI SSE_DETAIL_ABI_NAME(SSE_VERSION_MAJOR, SSE_VERSION_MINOR, SSE_DETAIL_ABI_EXC, SSE_DETAIL_ABI_SIMD)
#define SSE_DETAIL_BEGIN_NAMESPACE \
    namespace sse {                \
    inline namespace SSE_DETAIL_ABI {
#define SSE_DETAIL_END_NAMESPACE \
    }                            \
    }

#if !SSE_USE_EXCEPTIONS && !defined(SSE_ON_INVALID_ARGUMENT)
#include <cstdio>
#include <cstdlib>
SSE_DETAIL_BEGIN_NAMESPACE
namespace detail {
[[noreturn]] inline void default_invalid_argument_handler(const char* message) noexcept {
    std::fputs(message, stderr);
    std::fputc('\n', stderr);
    std::abort();
}
}  // namespace detail
SSE_DETAIL_END_NAMESPACE
#define SSE_ON_INVALID_ARGUMENT(message) ::sse::detail::default_invalid_argument_handler(message)
#endif

#if defined(__GNUC__) || defined(__clang__)
#define SSE_DETAIL_LIKELY(x) __builtin_expect(!!(x), 1)
#else
#define SSE_DETAIL_LIKELY(x) (x)
#endif

#endif  // SSE_CONFIG_HPP
// ---- end sse/config.hpp ----
// ---- begin sse/encode.hpp ----
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

// ---- begin sse/detail/scan.hpp ----
// sse::detail -- THE line-end scanner (CR and LF), used by the encoder and the
// parser alike, and small copies. Not part of the public API.
//
// One primitive answers "which of these bytes are CR or LF": SSE2 vectors
// where config.hpp enables them (the compilers' vector extensions, so no
// intrinsics header), else 64-bit words (portable SWAR, any byte order). On it:
// - line_end_mask64 / line_end_mask: a bit mask of the line ends of <= 64 bytes;
// - LineEndFinder: the line ends of one text, in order (each byte read at
//   most about twice, linear in the text);
// - next_line / skip_split_lf: THE line-end rule (CRLF, CR, LF; a CR that ends
//   a piece may be half of a CRLF);
// - put / put_line: small copies; put_line also tells whether a short line
//   held a line end.
// Nothing here reads or writes outside the ranges it is given.
#ifndef SSE_DETAIL_SCAN_HPP
#define SSE_DETAIL_SCAN_HPP

// ---- begin sse/detail/inline.hpp ----
// sse::detail -- inlining hints for hot paths. Not part of the public API.
#ifndef SSE_DETAIL_INLINE_HPP
#define SSE_DETAIL_INLINE_HPP

#if defined(__GNUC__) || defined(__clang__)
#define SSE_DETAIL_NOINLINE __attribute__((noinline))
#define SSE_DETAIL_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define SSE_DETAIL_NOINLINE
#define SSE_DETAIL_ALWAYS_INLINE inline
#endif

#endif  // SSE_DETAIL_INLINE_HPP
// ---- end sse/detail/inline.hpp ----

#include <cstddef>
#include <cstdint>
#include <cstring>

SSE_DETAIL_BEGIN_NAMESPACE
namespace detail {

// Index of the lowest set bit; `m` != 0.
inline unsigned lowest_bit(std::uint64_t m) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    return static_cast<unsigned>(__builtin_ctzll(m));
#else
    unsigned i = 0;
    for (; (m & 1) == 0; m >>= 1) ++i;
    return i;
#endif
}

// --- 64-bit words (the portable code) ---------------------------------------

// The 8 bytes at p as a little-endian word, so byte i of memory is bits
// 8i..8i+7 on every CPU (compilers without __BYTE_ORDER__, such as MSVC,
// target little-endian CPUs only).
inline std::uint64_t load_word(const char* p) noexcept {
    std::uint64_t word;
    std::memcpy(&word, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    word = __builtin_bswap64(word);
#endif
    return word;
}

// 0x80 in each byte of `word` that is CR or LF, 0 elsewhere (exact: no carry
// crosses a byte, so no false positives, whatever the neighbours).
constexpr std::uint64_t line_end_bytes(std::uint64_t word) noexcept {
    constexpr std::uint64_t low7 = 0x7f7f7f7f7f7f7f7fULL;
    constexpr std::uint64_t lf = 0x0a0a0a0a0a0a0a0aULL, cr = 0x0d0d0d0d0d0d0d0dULL;
    const std::uint64_t a = word ^ lf, b = word ^ cr;  // zero bytes where LF / CR
    return ~(((a & low7) + low7) | a | low7) | ~(((b & low7) + low7) | b | low7);
}

// The 0x80 flags of line_end_bytes(load_word(p)) as 8 bits, bit i for byte i.
constexpr std::uint64_t gather_flags(std::uint64_t flags) noexcept {
    return ((flags >> 7) * 0x0102040810204080ULL) >> 56;  // no two partial products overlap
}

// --- SSE2 vectors -------------------------------------------------------------

#if SSE_DETAIL_SSE2
typedef char v16 __attribute__((vector_size(16)));
inline v16 load16(const char* p) noexcept {
    v16 v;
    std::memcpy(&v, p, 16);
    return v;
}
// 0xFF in each byte of `v` that is CR or LF, else 0.
inline v16 line_end_lanes(v16 v) noexcept { return reinterpret_cast<v16>((v == '\n') | (v == '\r')); }
// Bit i set when lane i is set.
inline unsigned lane_mask(v16 lanes) noexcept { return static_cast<unsigned>(__builtin_ia32_pmovmskb128(lanes)); }
#endif

// --- masks ----------------------------------------------------------------------

// Bit i set when p[i] (0 <= i < 64) is CR or LF.
SSE_DETAIL_ALWAYS_INLINE std::uint64_t line_end_mask64(const char* p) noexcept {
    std::uint64_t m = 0;
#if SSE_DETAIL_SSE2
    for (unsigned k = 0; k < 4; ++k) {
        m |= static_cast<std::uint64_t>(lane_mask(line_end_lanes(load16(p + 16 * k)))) << (16 * k);
    }
#else
    for (unsigned k = 0; k < 8; ++k) m |= gather_flags(line_end_bytes(load_word(p + 8 * k))) << (8 * k);
#endif
    return m;
}

// Bit i set when p[i] (0 <= i < n <= 64) is CR or LF.
inline std::uint64_t line_end_mask(const char* p, std::size_t n) noexcept {
    char block[64] = {};  // zero padding: NUL is not a line end
    std::memcpy(block, p, n);
    return line_end_mask64(block);
}

// --- the finder -------------------------------------------------------------------

// The line ends of one text [first, last), in order: find(p) is the first CR
// or LF at or after p, or `last`, for non-decreasing p. The text is scanned in
// 64-byte blocks whose mask is kept, so the short lines of one block cost one
// scan (the tail under 64 bytes is copied into a padded block). A line longer
// than two blocks is finished with memchr (vectorised in glibc): the next CR
// is searched once and kept, then LF up to it; so each byte is read at most
// about twice in bulk, linear on any text however its CRs and LFs are spread.
class LineEndFinder {
public:
    LineEndFinder(const char* first, const char* last) noexcept : block_(first), block_end_(first), last_(last) {}

    const char* find(const char* p) noexcept {
        if (SSE_DETAIL_LIKELY(p < block_end_)) {
            const std::uint64_t m = mask_ & (~std::uint64_t{0} << static_cast<unsigned>(p - block_));
            if (m != 0) return block_ + lowest_bit(m);
            if (block_end_ == last_) return last_;
            p = block_end_;
        }
        return scan(p);
    }

private:
    SSE_DETAIL_NOINLINE const char* scan(const char* p) noexcept {
        if (p == last_) return last_;  // also keeps a null, empty text away from memcpy
        for (int blocks = 0; blocks < 2; ++blocks) {
            const auto n = static_cast<std::size_t>(last_ - p);
            block_ = p;
            if (SSE_DETAIL_LIKELY(n >= 64)) {
                block_end_ = p + 64;
                mask_ = line_end_mask64(p);
            } else {
                block_end_ = last_;
                mask_ = line_end_mask(p, n);
            }
            if (mask_ != 0) return block_ + lowest_bit(mask_);
            if (block_end_ == last_) return last_;
            p = block_end_;
        }
        if (cr_ == nullptr || cr_ < p) cr_ = search(p, '\r', last_);
        return search(p, '\n', cr_);
    }

    static const char* search(const char* first, char c, const char* last) noexcept {
        const void* hit = std::memchr(first, c, static_cast<std::size_t>(last - first));
        return hit != nullptr ? static_cast<const char*>(hit) : last;
    }

    const char* block_;  // the block the mask describes: [block_, block_end_)
    const char* block_end_;
    const char* last_;
    std::uint64_t mask_ = 0;
    const char* cr_ = nullptr;  // the first CR at or after the last bulk search, or last_
};

// --- the line-end rule -------------------------------------------------------------

// CRLF, lone CR and lone LF each end a line. After the line end at `eol` (a CR
// or LF in [first, last)) the next line starts at `next`. A CR that ends the
// text may be the first half of a CRLF whose LF comes with the next text:
// `split_cr` says so, and skip_split_lf() then drops that LF.
struct NextLine {
    const char* next;
    bool split_cr;
};
inline NextLine next_line(const char* eol, const char* last) noexcept {
    if (*eol == '\n') return {eol + 1, false};
    if (eol + 1 == last) return {last, true};
    return {eol + (eol[1] == '\n' ? 2 : 1), false};
}
// The start of the text [p, last) that follows one whose last byte was a
// split CR (`split_cr`): past a leading LF, the CRLF's second half. A
// non-empty text settles the question and clears `split_cr`; an empty one
// leaves it for the next.
inline const char* skip_split_lf(const char* p, const char* last, bool& split_cr) noexcept {
    if (split_cr && p != last) {
        split_cr = false;
        if (*p == '\n') ++p;
    }
    return p;
}

// --- copies -------------------------------------------------------------------------

// Copies n bytes (N <= n <= 2N) as two N-byte moves that overlap in the middle.
template <std::size_t N>
SSE_DETAIL_ALWAYS_INLINE void put_two(char* dst, const char* src, std::size_t n) noexcept {
    char head[N], tail[N];
    std::memcpy(head, src, N);
    std::memcpy(tail, src + n - N, N);
    std::memcpy(dst, head, N);
    std::memcpy(dst + n - N, tail, N);
}

// Copies n bytes to dst (no overlap) and returns dst + n. Small sizes use a few
// overlapping fixed-size moves instead of a call to memcpy.
inline char* put(char* dst, const char* src, std::size_t n) noexcept {
    if (n <= 16) {
        if (n >= 8) {
            put_two<8>(dst, src, n);
        } else if (n >= 4) {
            put_two<4>(dst, src, n);
        } else if (n != 0) {
            const char a = src[0], b = src[n / 2], c = src[n - 1];
            dst[0] = a;
            dst[n / 2] = b;
            dst[n - 1] = c;
        }
    } else if (n <= 32) {
        put_two<16>(dst, src, n);
    } else if (n <= 64) {
        put_two<32>(dst, src, n);
    } else {
        std::memcpy(dst, src, n);
    }
    return dst + n;
}

// Copies n bytes to dst (no overlap) like put, and returns whether they hold
// no CR or LF: one pass over the bytes where LineEndFinder then put would make
// two. For lines that fit a stack buffer. (Byte order does not matter here:
// only "any line end?" is asked.)
SSE_DETAIL_ALWAYS_INLINE bool put_line(char* dst, const char* src, std::size_t n) noexcept {
    if (n > 16) {
#if SSE_DETAIL_SSE2
        const v16 tail = load16(src + n - 16);
        v16 hits = line_end_lanes(tail);
        for (std::size_t i = 0; i + 16 < n; i += 16) {
            const v16 v = load16(src + i);
            hits = hits | line_end_lanes(v);
            std::memcpy(dst + i, &v, 16);
        }
        std::memcpy(dst + n - 16, &tail, 16);
        return lane_mask(hits) == 0;
#else
        std::uint64_t tail, hits;
        std::memcpy(&tail, src + n - 8, 8);
        hits = line_end_bytes(tail);
        for (std::size_t i = 0; i + 8 < n; i += 8) {
            std::uint64_t word;
            std::memcpy(&word, src + i, 8);
            hits |= line_end_bytes(word);
            std::memcpy(dst + i, &word, 8);
        }
        std::memcpy(dst + n - 8, &tail, 8);
        return hits == 0;
#endif
    }
    if (n >= 8) {  // two overlapping words
        std::uint64_t a, b;
        std::memcpy(&a, src, 8);
        std::memcpy(&b, src + n - 8, 8);
        std::memcpy(dst, &a, 8);
        std::memcpy(dst + n - 8, &b, 8);
#if SSE_DETAIL_SSE2
        const std::uint64_t both[2] = {a, b};
        return lane_mask(line_end_lanes(load16(reinterpret_cast<const char*>(both)))) == 0;
#else
        return (line_end_bytes(a) | line_end_bytes(b)) == 0;
#endif
    }
    if (n >= 4) {  // two overlapping halves, zero-extended (a zero byte is no line end)
        std::uint32_t a, b;
        std::memcpy(&a, src, 4);
        std::memcpy(&b, src + n - 4, 4);
        std::memcpy(dst, &a, 4);
        std::memcpy(dst + n - 4, &b, 4);
        return line_end_bytes(std::uint64_t{a} | std::uint64_t{b} << 32) == 0;
    }
    bool clean = true;
    for (std::size_t i = 0; i < n; ++i) {
        dst[i] = src[i];
        clean = clean && src[i] != '\n' && src[i] != '\r';
    }
    return clean;
}

}  // namespace detail
SSE_DETAIL_END_NAMESPACE

#endif  // SSE_DETAIL_SCAN_HPP
// ---- end sse/detail/scan.hpp ----

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
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

SSE_DETAIL_BEGIN_NAMESPACE

namespace detail {
// Anything a std::string can be made from: literals, std::string, std::string_view.
template <class S>
using if_text = std::enable_if_t<std::is_constructible_v<std::string, S&&> &&
                                     !std::is_same_v<std::decay_t<S>, std::nullptr_t>,
                                 int>;
}  // namespace detail

class Event;
namespace detail {
// The optional fields of `e` as views for the framing core (encode.hpp); the
// retry digits are written into `digits`.
inline Fields fields_of(const Event& e, char (&digits)[20]) noexcept;
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
        if (detail::accept_id(v)) set_id(std::move(v));
        return *this;
    }
    template <class S, detail::if_text<S> = 0>
    [[nodiscard]] Event id(S&& value) && {
        return std::move(id(std::forward<S>(value)));
    }
    /// Sets a numeric id, written in decimal.
    Event& id(std::uint64_t value) & {
        char buf[20];
        set_id(std::string(detail::format_uint(buf, value)));
        return *this;
    }
    [[nodiscard]] Event id(std::uint64_t value) && { return std::move(id(value)); }

    /// Sets the event type (`event:` field); clients dispatch it under this name
    /// instead of "message". Rejects CR and LF.
    template <class S, detail::if_text<S> = 0>
    Event& event_type(S&& value) & {
        std::string v(std::forward<S>(value));
        if (detail::accept_event_type(v)) set_event_type(std::move(v));
        return *this;
    }
    template <class S, detail::if_text<S> = 0>
    [[nodiscard]] Event event_type(S&& value) && {
        return std::move(event_type(std::forward<S>(value)));
    }

    /// Sets the reconnection time in milliseconds (`retry:` field).
    Event& retry(std::uint64_t ms) & {
        retry_ = ms;
        has_retry_ = true;
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
        if (code == errc::ok) set_id(std::move(v));
        return code;
    }
    template <class S, detail::if_text<S> = 0>
    [[nodiscard]] errc try_event_type(S&& value) {
        std::string v(std::forward<S>(value));
        const errc code = check_event_type(v);
        if (code == errc::ok) set_event_type(std::move(v));
        return code;
    }

    /// Removes the optional fields.
    Event& clear_id() & noexcept {
        id_.clear();
        has_id_ = false;
        return *this;
    }
    Event& clear_event_type() & noexcept {
        event_type_.clear();
        has_event_type_ = false;
        return *this;
    }
    Event& clear_retry() & noexcept {
        retry_ = 0;
        has_retry_ = false;
        return *this;
    }

    [[nodiscard]] const std::string& data() const& noexcept { return data_; }
    [[nodiscard]] std::string data() && noexcept { return std::move(data_); }
    /// The optional fields, like std::get_if: a pointer to the value, or
    /// nullptr when the field is not set. Valid until the field is next set
    /// or cleared (or the event is gone).
    ///
    ///   if (const std::string* id = e.id()) log(*id);
    [[nodiscard]] const std::string* id() const noexcept { return has_id_ ? &id_ : nullptr; }
    [[nodiscard]] const std::string* event_type() const noexcept { return has_event_type_ ? &event_type_ : nullptr; }
    [[nodiscard]] const std::uint64_t* retry() const noexcept { return has_retry_ ? &retry_ : nullptr; }

    /// Appends the whole frame to `out` (never fails: the event is valid).
    /// Allocates only if `out` lacks the capacity.
    void encode_to(std::string& out) const {
        char digits[20];
        detail::append_event(out, detail::fields_of(*this, digits), data_);
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
        char digits[20];
        const detail::Fields f = detail::fields_of(*this, digits);
        detail::write_string(out, [&f](detail::StringOut& s) { detail::write_fields(s, f); });
    }

    friend bool operator==(const Event& a, const Event& b) {
        // An unset field holds "" or 0, so comparing the values is enough once the flags agree.
        return a.data_ == b.data_ && a.has_id_ == b.has_id_ && a.id_ == b.id_ &&
               a.has_event_type_ == b.has_event_type_ && a.event_type_ == b.event_type_ &&
               a.has_retry_ == b.has_retry_ && a.retry_ == b.retry_;
    }
    friend bool operator!=(const Event& a, const Event& b) { return !(a == b); }

private:
    void set_id(std::string&& v) noexcept {
        id_ = std::move(v);
        has_id_ = true;
    }
    void set_event_type(std::string&& v) noexcept {
        event_type_ = std::move(v);
        has_event_type_ = true;
    }

    // (Flags beside the values rather than std::optional: see detail/vector.hpp
    // on what <optional> and <vector> cost every file that includes the library.)
    std::string data_;
    std::string id_;          // "" unless has_id_
    std::string event_type_;  // "" unless has_event_type_
    std::uint64_t retry_ = 0;  // 0 unless has_retry_
    bool has_id_ = false;
    bool has_event_type_ = false;
    bool has_retry_ = false;
};

namespace detail {
inline Fields fields_of(const Event& e, char (&digits)[20]) noexcept {
    Fields f;
    if (const std::string* id = e.id()) f.id = std::string_view(*id);
    if (const std::string* type = e.event_type()) f.event_type = std::string_view(*type);
    if (const std::uint64_t* ms = e.retry()) f.retry = format_uint(digits, *ms);
    return f;
}
}  // namespace detail

SSE_DETAIL_END_NAMESPACE

#endif  // SSE_EVENT_HPP
// ---- end sse/event.hpp ----
// ---- begin sse/frame.hpp ----
// sse::Frame -- one event encoded once, shared by every subscriber.
//
//   const sse::Frame f(sse::Event::data("tick").id("7"));
//   for (auto& client : clients) client.writer.send(f);   // the same bytes, no copy
//
// Copies share one immutable block (reference counted with atomic
// operations), so a Frame may be copied and destroyed on several threads at
// once, and its bytes read from any of them.
#ifndef SSE_FRAME_HPP
#define SSE_FRAME_HPP

// ---- begin sse/detail/vector.hpp ----
// sse::detail::Vector -- the library's one growable array (sse::HeaderList,
// sse::FrameList, the rings of Outbox and ReplayBuffer).
//
// A small subset of std::vector with the same meaning for every member it
// has: begin/end (plain pointers), size, empty, capacity, operator[], front,
// back, data, reserve, push_back, emplace_back, assign(first, last), clear,
// == and !=. Growth doubles, so appends are amortised O(1). Elements must be
// nothrow-movable (every element type of the library is).
//
// Why not std::vector: <vector> and its instantiations were a third of what
// <sse/sse.hpp> added to a translation unit (cc1plus instructions, measured
// with tools/include_cost.sh --instructions; figures in docs/live-streaming.md).
// Anything else is easy to get from it: std::vector<T>(v.begin(), v.end()).
#ifndef SSE_DETAIL_VECTOR_HPP
#define SSE_DETAIL_VECTOR_HPP


#include <cstddef>
#include <initializer_list>
#include <new>
#include <type_traits>
#include <utility>

SSE_DETAIL_BEGIN_NAMESPACE
namespace detail {

template <class T>
class Vector {
    static_assert(std::is_nothrow_move_constructible_v<T>, "sse::detail::Vector moves elements when it grows");
    static_assert(alignof(T) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__, "storage comes from plain operator new");

public:
    using value_type = T;
    using size_type = std::size_t;
    using iterator = T*;
    using const_iterator = const T*;

    Vector() noexcept = default;
    // (The constructors below delegate to this one, so a throwing element
    // constructor leaves nothing allocated.)
    /// `n` value-initialised elements.
    explicit Vector(std::size_t n) : Vector() {
        reserve(n);
        for (; size_ < n; ++size_) new (data_ + size_) T();
    }
    Vector(std::initializer_list<T> items) : Vector() { assign(items.begin(), items.end()); }
    Vector(const Vector& other) : Vector() { assign(other.begin(), other.end()); }
    Vector(Vector&& other) noexcept
        : data_(std::exchange(other.data_, nullptr)),
          size_(std::exchange(other.size_, 0)),
          capacity_(std::exchange(other.capacity_, 0)) {}
    Vector& operator=(const Vector& other) {
        if (this != &other) assign(other.begin(), other.end());
        return *this;
    }
    Vector& operator=(Vector&& other) noexcept {
        if (this != &other) {
            release();
            data_ = std::exchange(other.data_, nullptr);
            size_ = std::exchange(other.size_, 0);
            capacity_ = std::exchange(other.capacity_, 0);
        }
        return *this;
    }
    ~Vector() { release(); }

    [[nodiscard]] T* begin() noexcept { return data_; }
    [[nodiscard]] T* end() noexcept { return data_ + size_; }
    [[nodiscard]] const T* begin() const noexcept { return data_; }
    [[nodiscard]] const T* end() const noexcept { return data_ + size_; }
    [[nodiscard]] T* data() noexcept { return data_; }
    [[nodiscard]] const T* data() const noexcept { return data_; }
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }

    /// Precondition (checked with SSE_ASSERT): i < size(); likewise front/back on a non-empty vector.
    [[nodiscard]] T& operator[](std::size_t i) noexcept {
        SSE_ASSERT(i < size_ && "sse::detail::Vector: index out of range");
        return data_[i];
    }
    [[nodiscard]] const T& operator[](std::size_t i) const noexcept {
        SSE_ASSERT(i < size_ && "sse::detail::Vector: index out of range");
        return data_[i];
    }
    [[nodiscard]] T& front() noexcept { return (*this)[0]; }
    [[nodiscard]] const T& front() const noexcept { return (*this)[0]; }
    [[nodiscard]] T& back() noexcept { return (*this)[size_ - 1]; }
    [[nodiscard]] const T& back() const noexcept { return (*this)[size_ - 1]; }

    /// Room for `n` elements without another allocation.
    void reserve(std::size_t n) {
        if (n <= capacity_) return;
        // A size that overflows asks for SIZE_MAX bytes: std::bad_alloc, never a short buffer.
        const std::size_t bytes = n > std::size_t(-1) / sizeof(T) ? std::size_t(-1) : n * sizeof(T);
        T* bigger = static_cast<T*>(::operator new(bytes));
        for (std::size_t i = 0; i < size_; ++i) {
            new (bigger + i) T(std::move(data_[i]));
            data_[i].~T();
        }
        ::operator delete(data_);
        data_ = bigger;
        capacity_ = n;
    }

    template <class... Args>
    T& emplace_back(Args&&... args) {
        if (size_ == capacity_) {
            // Made first: args may refer to an element, which growing moves.
            T item(std::forward<Args>(args)...);
            reserve(capacity_ == 0 ? 4 : 2 * capacity_);
            return *new (data_ + size_++) T(std::move(item));
        }
        return *new (data_ + size_++) T(std::forward<Args>(args)...);
    }
    void push_back(const T& item) { emplace_back(item); }
    void push_back(T&& item) { emplace_back(std::move(item)); }

    /// Replaces the contents with copies of [first, last) (any forward iterators).
    template <class It>
    void assign(It first, It last) {
        clear();
        std::size_t n = 0;
        for (It i = first; i != last; ++i) ++n;
        reserve(n);
        for (; first != last; ++first) new (data_ + size_++) T(*first);
    }

    /// Destroys the elements; keeps the capacity.
    void clear() noexcept {
        while (size_ != 0) data_[--size_].~T();
    }

    friend bool operator==(const Vector& a, const Vector& b) {
        if (a.size_ != b.size_) return false;
        for (std::size_t i = 0; i < a.size_; ++i)
            if (!(a.data_[i] == b.data_[i])) return false;
        return true;
    }
    friend bool operator!=(const Vector& a, const Vector& b) { return !(a == b); }

private:
    void release() noexcept {
        clear();
        ::operator delete(data_);
        data_ = nullptr;
        capacity_ = 0;
    }

    T* data_ = nullptr;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
};

}  // namespace detail
SSE_DETAIL_END_NAMESPACE

#endif  // SSE_DETAIL_VECTOR_HPP
// ---- end sse/detail/vector.hpp ----

#if !defined(__GNUC__) && !defined(__clang__)
#include <atomic>
#endif
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

SSE_DETAIL_BEGIN_NAMESPACE

namespace detail {
// The shared reference count of a Frame. GCC and Clang get the compiler's
// atomic builtins: <atomic> would add about 10% to the compile time of
// <sse/sse.hpp> (measured with valgrind, see docs/live-streaming.md).
#if defined(__GNUC__) || defined(__clang__)
class RefCount {
public:
    void add() noexcept { __atomic_fetch_add(&count_, 1, __ATOMIC_RELAXED); }
    // True when this was the last reference.
    bool release() noexcept { return __atomic_sub_fetch(&count_, 1, __ATOMIC_ACQ_REL) == 0; }
    std::size_t load() const noexcept { return __atomic_load_n(&count_, __ATOMIC_RELAXED); }

private:
    std::size_t count_ = 1;
};
#else
class RefCount {
public:
    void add() noexcept { count_.fetch_add(1, std::memory_order_relaxed); }
    bool release() noexcept { return count_.fetch_sub(1, std::memory_order_acq_rel) == 1; }
    std::size_t load() const noexcept { return count_.load(std::memory_order_relaxed); }

private:
    std::atomic<std::size_t> count_{1};
};
#endif

struct FrameBlock {
    RefCount refs;
    std::string bytes;
    std::string id;
};
}  // namespace detail

/// One event encoded once, shared by every subscriber: copying a Frame copies
/// a pointer and bumps an atomic reference count (no bytes copied, no
/// allocation), so the same frame can be queued to thousands of clients, on
/// any threads. The bytes never change after construction.
///
///   const sse::Frame f(sse::Event::data("a\nb").id("7"));
///   f.bytes() == "id: 7\ndata: a\ndata: b\n\n";  f.id() == "7";
///   sse::Frame g = f;                         // same bytes, f.use_count() == 2
///   writer.send(f);                           // one sink call with f.bytes()
///
/// A default-constructed Frame is empty (no bytes, id ""); sending it writes
/// nothing. Construction allocates once for the shared block and once per
/// string longer than the small-string buffer.
class Frame {
public:
    /// An empty frame.
    Frame() noexcept = default;

    /// Encodes `e` (exactly e.encode()); id() is e's id, or "" when it has none.
    explicit Frame(const Event& e) : block_(new detail::FrameBlock) {
        e.encode_to(block_->bytes);
        if (e.id()) block_->id = *e.id();
    }

    Frame(const Frame& other) noexcept : block_(other.block_) {
        if (block_ != nullptr) block_->refs.add();
    }
    Frame(Frame&& other) noexcept : block_(std::exchange(other.block_, nullptr)) {}
    Frame& operator=(const Frame& other) noexcept {
        Frame copy(other);
        swap(copy);
        return *this;
    }
    Frame& operator=(Frame&& other) noexcept {
        Frame moved(std::move(other));
        swap(moved);
        return *this;
    }
    ~Frame() { release(); }

    void swap(Frame& other) noexcept { std::swap(block_, other.block_); }

    /// The encoded event: one complete frame ending in a blank line ("" if empty).
    [[nodiscard]] std::string_view bytes() const noexcept {
        return block_ != nullptr ? std::string_view(block_->bytes) : std::string_view();
    }
    /// The event's id ("" when it has none, or when the frame is empty).
    [[nodiscard]] std::string_view id() const noexcept {
        return block_ != nullptr ? std::string_view(block_->id) : std::string_view();
    }
    /// True for a default-constructed (or moved-from) frame.
    [[nodiscard]] bool empty() const noexcept { return block_ == nullptr; }
    /// How many Frame objects share these bytes (0 when empty). A snapshot.
    [[nodiscard]] std::size_t use_count() const noexcept { return block_ != nullptr ? block_->refs.load() : 0; }

private:
    void release() noexcept {
        if (block_ != nullptr && block_->refs.release()) delete block_;
        block_ = nullptr;
    }
    detail::FrameBlock* block_ = nullptr;
};

/// Frames in order (a replay, a queue): a minimal vector of handles
/// (range-for, size, empty, [], front, back, reserve, push_back,
/// emplace_back, assign, clear; see detail/vector.hpp).
using FrameList = detail::Vector<Frame>;

SSE_DETAIL_END_NAMESPACE

#endif  // SSE_FRAME_HPP
// ---- end sse/frame.hpp ----
// ---- begin sse/outbox.hpp ----
// sse::Outbox -- the per-connection queue of an event loop: gathered writes,
// partial writes, a byte bound and a policy for clients that fall behind.
//
//   sse::Outbox box(1 << 20);                 // at most 1 MiB queued, then: too slow
//   box.push(frame);                          // a shared sse::Frame: no copy
//   box.push(sse::Event::data("hi"));         // encoded into an owned frame
//   // when the socket is writable:
//   const sse::OutboxSlices s = box.next_slices();      // up to 16 (pointer, length)
//   const ssize_t n = writev(fd, iov_from(s), s.size());  // one call, many events
//   if (n > 0) box.consume(static_cast<std::size_t>(n)); // may end inside a frame
//
// No I/O: the outbox holds frames and tells what to write next; the caller
// writes and reports how much went out. <sse/asio.hpp> drives one over Asio.
// Also here: sse::OutboxSink (an sse::Writer that queues into an outbox) and
// sse::ping_if_idle (keep-alive that never pings a busy connection).
//
// Bound and policy (per outbox). bytes_queued() counts the wire bytes not yet
// consumed. A push that would take it past max_bytes() is refused and marks
// the outbox overflowed(): the client reads slower than events arrive.
// - OverflowPolicy::disconnect (default): keys are ignored; every push is
//   queued in order until the bound is hit. The server then closes the
//   connection; the client's EventSource reconnects with Last-Event-ID and
//   resumes from the server's history, so it loses nothing.
// - OverflowPolicy::conflate: a push with a key first removes a still-unsent
//   frame with the same key (a gauge only needs its latest value), then queues
//   the new frame at the end, so frames still go out in the order they were
//   pushed (ids stay increasing). If the bound is still exceeded, the outbox
//   overflows as with disconnect.
// A frame is never dropped, replaced or split differently once any of its
// bytes went out or while it is in flight (returned by next_slices() and not
// yet followed by consume()). A push into an empty outbox is always accepted,
// so one frame larger than the bound still goes out: the queued bytes stay
// within max_bytes() plus one frame, and the memory held within that plus the
// consumed head of the frame being written (shared frames are counted in full
// although every subscriber shares their bytes).
//
// Overflow is final: once overflowed(), every push is refused (a client that
// missed an event must not receive later ones, or it would see a gap).
//
// Complexity (q = frames queued): push without key, or with a key under
// disconnect: amortized O(1); push with a key under conflate: O(q) (a scan
// for the key and a shift); next_slices: O(slices returned) <= O(16);
// consume(n): O(frames completed); bytes_queued, frames_queued, empty: O(1).
//
// Memory: one ring of frame slots (sizeof(sse::Frame) plus two std::string
// each) that doubles when full and is freed when the outbox drains with more
// than 64 slots, plus the owned frames' bytes. An empty outbox holds no heap
// memory. Not thread-safe: one connection, one thread at a time.
#ifndef SSE_OUTBOX_HPP
#define SSE_OUTBOX_HPP

// ---- begin sse/slices.hpp ----
// sse::Slices -- an event frame as a short list of (pointer, length) slices,
// for gathering writes (writev, sendmsg, asio buffer sequences) without copying.
//
//   const auto e = sse::Event::data(big_json).id("7");   // big_json: 1 MiB, one line
//   sse::Slices s = sse::encode_slices(e);
//   // s: "id: " | "7" | "\ndata: " | <view of e.data(), 1 MiB> | "\n\n"
//   std::vector<iovec> iov;
//   for (const sse::Slice& x : s) iov.push_back({const_cast<char*>(x.data), x.size});
//   writev(fd, iov.data(), static_cast<int>(iov.size()));
//
// The concatenated slices are byte for byte Event::encode(): the same framing
// core (encode.hpp: write_event) splits the data at CRLF, CR and LF and orders
// the fields.
// A slice is one of: fixed text of the library (static storage, e.g.
// "\ndata: "), a view into the event's id, type or data, or the retry digits
// kept inside the Slices object. Nothing of the data is copied: a payload of
// N lines gives 2N + 1 slices plus two per id/event/retry field, and a line
// break costs no slice of its own (it is joined to the next prefix).
//
// Lifetime: the slices point into the Event; keep it alive and unchanged while
// you use them. Copying or moving a Slices keeps its retry slice valid.
// Allocation: the list lives in one heap array that assign() reuses (it
// doubles when full), so a Slices kept per connection stops allocating once it
// has the capacity.
// writev accepts at most IOV_MAX (1024 on Linux) slices per call; write larger
// lists in several calls.
#ifndef SSE_SLICES_HPP
#define SSE_SLICES_HPP


#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

SSE_DETAIL_BEGIN_NAMESPACE

/// `size` bytes at `data` (same members, in the same order, as POSIX iovec
/// has, but `const char*`). Never empty in a Slices list.
struct Slice {
    const char* data;
    std::size_t size;

    [[nodiscard]] std::string_view view() const noexcept { return {data, size}; }
};

/// The frame of one event as slices, in wire order. See the header comment.
class Slices {
public:
    Slices() = default;

    /// The slices of `e`'s frame (what e.encode() returns), replacing any
    /// previous content. The slices point into `e`.
    explicit Slices(const Event& e) { assign(e); }
    /// Deleted: the slices would point into a temporary, freed at the `;`.
    explicit Slices(const Event&&) = delete;

    Slices(const Slices& other) { copy_from(other); }
    Slices(Slices&& other) noexcept { take(other); }
    Slices& operator=(const Slices& other) {
        if (this != &other) {
            size_ = 0;
            copy_from(other);
        }
        return *this;
    }
    Slices& operator=(Slices&& other) noexcept {
        if (this != &other) {
            delete[] items_;
            take(other);
        }
        return *this;
    }
    ~Slices() { delete[] items_; }

    /// Replaces the content with the slices of `e`'s frame. Keeps the capacity.
    void assign(const Event&&) = delete;  // the slices would dangle, see Slices(const Event&&)
    void assign(const Event& e) {
        size_ = 0;
        retry_index_ = no_retry;
        const detail::Fields f = detail::fields_of(e, retry_);
        Writer w{*this};
        detail::write_event(w, f, e.data());
        if (!f.retry.empty()) {
            for (std::size_t i = 0; i < size_; ++i) {
                if (items_[i].data == f.retry.data()) retry_index_ = i;
            }
        }
    }

    /// Empties the list (keeps the capacity).
    void clear() noexcept {
        size_ = 0;
        retry_index_ = no_retry;
    }

    [[nodiscard]] const Slice* data() const noexcept { return items_; }
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
    [[nodiscard]] const Slice* begin() const noexcept { return items_; }
    [[nodiscard]] const Slice* end() const noexcept { return items_ + size_; }
    /// Slice `i`; precondition i < size().
    [[nodiscard]] const Slice& operator[](std::size_t i) const noexcept {
        SSE_ASSERT(i < size_);
        return items_[i];
    }

    /// Total bytes of all slices (the size of the frame).
    [[nodiscard]] std::size_t bytes() const noexcept {
        std::size_t n = 0;
        for (const Slice& s : *this) n += s.size;
        return n;
    }

    /// The frame as one string (a copy; for tests and logging).
    [[nodiscard]] std::string to_string() const {
        std::string out;
        out.reserve(bytes());
        for (const Slice& s : *this) out.append(s.data, s.size);
        return out;
    }

private:
    // The output of the framing core (encode.hpp) as slices: pieces of the
    // frame text and views of the caller's bytes, nothing copied. A line end
    // is held back and joined to the piece after it, which follows a '\n' in
    // the frame text ("\ndata: ", "\n\n"), so it costs no slice of its own.
    struct Writer {
        Slices& out;
        bool line_end_pending = false;

        SSE_DETAIL_ALWAYS_INLINE void text(std::string_view piece) {
            if (piece.data() == detail::line_end.data()) {
                line_end_pending = true;
                return;
            }
            if (line_end_pending) {
                out.push({piece.data() - 1, piece.size() + 1});
                line_end_pending = false;
            } else {
                out.push({piece.data(), piece.size()});
            }
        }
        SSE_DETAIL_ALWAYS_INLINE void bytes(std::string_view value) {
            SSE_ASSERT(!line_end_pending);
            if (!value.empty()) out.push({value.data(), value.size()});
        }
    };

    SSE_DETAIL_ALWAYS_INLINE void push(Slice s) {
        if (size_ == capacity_) reserve(capacity_ == 0 ? 16 : 2 * capacity_);
        items_[size_++] = s;
    }
    void reserve(std::size_t capacity) {
        Slice* items = new Slice[capacity];
        if (size_ != 0) std::memcpy(items, items_, size_ * sizeof(Slice));
        delete[] items_;
        items_ = items;
        capacity_ = capacity;
    }
    // Copies `other` (the list must be empty); its retry slice pointed into
    // other.retry_, ours points into retry_.
    void copy_from(const Slices& other) {
        if (capacity_ < other.size_) reserve(other.size_);
        if (other.size_ != 0) std::memcpy(items_, other.items_, other.size_ * sizeof(Slice));
        size_ = other.size_;
        adopt_retry(other);
    }
    // Takes `other`'s array; leaves it empty.
    void take(Slices& other) noexcept {
        items_ = other.items_;
        size_ = other.size_;
        capacity_ = other.capacity_;
        adopt_retry(other);
        other.items_ = nullptr;
        other.size_ = other.capacity_ = 0;
        other.retry_index_ = no_retry;
    }
    void adopt_retry(const Slices& other) noexcept {
        std::memcpy(retry_, other.retry_, sizeof retry_);
        retry_index_ = other.retry_index_;
        if (retry_index_ != no_retry) {
            Slice& s = items_[retry_index_];
            s.data = retry_ + (s.data - other.retry_);
        }
    }

    static constexpr std::size_t no_retry = static_cast<std::size_t>(-1);
    Slice* items_ = nullptr;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
    std::size_t retry_index_ = no_retry;  // the slice of the retry digits, if any
    char retry_[20] = {};
};

/// The slices of `e`'s frame: concatenated, exactly e.encode(). See Slices.
[[nodiscard]] inline Slices encode_slices(const Event& e) { return Slices(e); }
/// Deleted: slices of a temporary Event would point into freed memory.
Slices encode_slices(const Event&&) = delete;

/// Replaces `out` with the slices of `e`'s frame, reusing its capacity (no
/// allocation once `out` has held a frame of as many slices).
inline void encode_slices(const Event& e, Slices& out) { out.assign(e); }
/// Deleted: slices of a temporary Event would point into freed memory.
void encode_slices(const Event&&, Slices&) = delete;

SSE_DETAIL_END_NAMESPACE

#endif  // SSE_SLICES_HPP
// ---- end sse/slices.hpp ----
// ---- begin sse/writer.hpp ----
// sse: live streaming -- sse::Writer over any sink, sse::KeepAlive.
//
//   // A sink: any callable bool(std::string_view bytes) that writes the bytes
//   // and returns false once the peer is gone. No I/O in the library.
//   sse::Writer w([fd](std::string_view b) { return write_all(fd, b); });
//   w.retry(2000);                                          // retry: 2000\n\n
//   while (auto token = next_token()) {
//       if (!w.send(sse::Event::data(*token).event_type("token"))) break;  // client left
//   }
//
//   // A server's own chunked writer, through a lambda (cpp-httplib):
//   sse::Writer w([&sink](std::string_view b) { return sink.write(b.data(), b.size()); });
//
// One sink call per event (or comment, retry, ping), with the whole frame, so
// each arrives whole and a short write never splits a frame between calls.
// Frames are built in one std::string owned by the writer and reused: after
// warm-up the writer itself allocates nothing. Once the sink returns false the
// writer is closed: every later call returns false without calling the sink,
// so the producer learns that the client left and stops. Exceptions thrown by
// the sink pass through; the writer stays as it was (open).
//
// Keep-alive without a thread: sse::KeepAlive tells when the stream has been
// idle for an interval; the caller asks it (with its own clock) and pings.
#ifndef SSE_WRITER_HPP
#define SSE_WRITER_HPP

// ---- begin sse/sink.hpp ----
// sse::Sink -- a sink you can store: any `bool(std::string_view)` callable
// behind one type, so a writer can be a member of a connection struct.
//
//   struct Connection {
//       int fd;
//       sse::Writer<> writer;      // sse::Writer<sse::Sink>: no lambda type to name
//       explicit Connection(int f)
//           : fd(f), writer([this](std::string_view b) { return send_all(fd, b); }) {}
//   };
//
// A callable that also has a member `bool frame(const sse::Frame&)` receives
// shared frames through it (Writer::send(Frame) then hands over the Frame, not
// its bytes, so e.g. sse::OutboxSink queues it without copying); any other
// callable gets frame.bytes().
//
// Storage: callables of up to three pointers whose move cannot throw (a lambda
// capturing `this` and an fd, a function pointer) are kept inline, with no
// allocation; larger ones are moved to the heap once, at construction. Move
// only (it also holds move-only callables); a moved-from or default-made Sink
// is empty, and calling an empty Sink returns false (the peer is gone). No
// <functional>, no RTTI.
#ifndef SSE_SINK_HPP
#define SSE_SINK_HPP


#include <cstddef>
#include <new>
#include <string_view>
#include <type_traits>
#include <utility>

SSE_DETAIL_BEGIN_NAMESPACE

namespace detail {
// True when `S` has `bool frame(const Frame&)`: it takes shared frames whole.
template <class S, class = void>
struct takes_frames : std::false_type {};
template <class S>
struct takes_frames<S, std::void_t<decltype(bool(std::declval<S&>().frame(std::declval<const Frame&>())))>>
    : std::true_type {};
}  // namespace detail

/// A type-erased sink: see the top of this header.
class Sink {
public:
    /// An empty sink: every call returns false.
    Sink() noexcept = default;

    /// Takes any callable `bool(std::string_view)` (moved or copied in).
    template <class F, class D = std::decay_t<F>,
              class = std::enable_if_t<!std::is_same_v<D, Sink> && std::is_invocable_r_v<bool, D&, std::string_view>>>
    Sink(F&& f) {  // NOLINT: implicit, so a lambda converts where a Sink is expected
        if constexpr (fits_inline<D>) {
            ::new (static_cast<void*>(store_.local)) D(std::forward<F>(f));
            ops_ = &ops_for<D, true>;
        } else {
            store_.heap = new D(std::forward<F>(f));
            ops_ = &ops_for<D, false>;
        }
    }

    Sink(Sink&& other) noexcept { take(other); }
    Sink& operator=(Sink&& other) noexcept {
        if (this != &other) {
            reset();
            take(other);
        }
        return *this;
    }
    Sink(const Sink&) = delete;
    Sink& operator=(const Sink&) = delete;
    ~Sink() { reset(); }

    /// Calls the callable with `bytes`; false when empty.
    bool operator()(std::string_view bytes) { return ops_ != nullptr && ops_->bytes(target(), bytes); }

    /// Hands over a shared frame: to the callable's frame() if it has one,
    /// else as frame.bytes(). False when empty.
    bool frame(const Frame& f) { return ops_ != nullptr && ops_->frame(target(), f); }

    /// False for an empty sink.
    explicit operator bool() const noexcept { return ops_ != nullptr; }

private:
    static constexpr std::size_t local_size = 3 * sizeof(void*);
    template <class D>
    static constexpr bool fits_inline = sizeof(D) <= local_size && alignof(D) <= alignof(void*) &&
                                        std::is_nothrow_move_constructible_v<D>;

    struct Ops {
        bool (*bytes)(void* target, std::string_view bytes);
        bool (*frame)(void* target, const Frame& f);
        void (*relocate)(void* from, void* to) noexcept;  // inline storage only
        void (*destroy)(void* target) noexcept;
        bool local;
    };

    template <class D>
    static bool call_bytes(void* t, std::string_view b) {
        return static_cast<bool>((*static_cast<D*>(t))(b));
    }
    template <class D>
    static bool call_frame(void* t, const Frame& f) {
        if constexpr (detail::takes_frames<D>::value) {
            return static_cast<bool>(static_cast<D*>(t)->frame(f));
        } else {
            return static_cast<bool>((*static_cast<D*>(t))(f.bytes()));
        }
    }
    template <class D>
    static void relocate_local(void* from, void* to) noexcept {
        D* source = static_cast<D*>(from);
        ::new (to) D(std::move(*source));
        source->~D();
    }
    template <class D, bool Local>
    static void destroy(void* t) noexcept {
        if constexpr (Local) {
            static_cast<D*>(t)->~D();
        } else {
            delete static_cast<D*>(t);
        }
    }
    template <class D, bool Local>
    static constexpr Ops ops_for = {&call_bytes<D>, &call_frame<D>, Local ? &relocate_local<D> : nullptr,
                                    &destroy<D, Local>, Local};

    void* target() noexcept { return ops_->local ? static_cast<void*>(store_.local) : store_.heap; }

    void take(Sink& other) noexcept {
        ops_ = std::exchange(other.ops_, nullptr);
        if (ops_ == nullptr) return;
        if (ops_->local) {
            ops_->relocate(other.store_.local, store_.local);
        } else {
            store_.heap = other.store_.heap;
        }
    }
    void reset() noexcept {
        if (ops_ == nullptr) return;
        void* const t = target();
        std::exchange(ops_, nullptr)->destroy(t);
    }

    union Store {
        void* heap;
        alignas(void*) unsigned char local[local_size];
    } store_{};
    const Ops* ops_ = nullptr;
};

SSE_DETAIL_END_NAMESPACE

#endif  // SSE_SINK_HPP
// ---- end sse/sink.hpp ----

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

SSE_DETAIL_BEGIN_NAMESPACE

/// The comment text of a keep-alive ping: Writer::ping() writes ": keep-alive\n\n".
inline constexpr std::string_view keep_alive_text = "keep-alive";

/// Writes frames to `Sink`, a callable `bool(std::string_view bytes)` that
/// returns false when the peer is gone (see the top of this header).
///
///   std::string wire;
///   sse::Writer w([&](std::string_view b) { wire += b; return true; });
///   w.send(sse::Event::data("hi").id("1"));  // wire == "id: 1\ndata: hi\n\n"
///
/// `sse::Writer<>` is `Writer<sse::Sink>`, the type-erased sink (sink.hpp):
/// a type to name as a member of a connection struct, for any callable.
///
/// Not thread-safe: one writer per connection, used by one thread at a time.
template <class Sink = sse::Sink>
class Writer {
    static_assert(std::is_invocable_r_v<bool, Sink&, std::string_view>,
                  "sse::Writer: the sink must be callable as bool(std::string_view bytes)");

public:
    /// Takes the sink (moved or copied in). The writer starts open.
    explicit Writer(Sink sink) : sink_(std::move(sink)) {}

    /// Sends one event: exactly the bytes of e.encode(), in one sink call.
    /// Returns false (and writes nothing) when the writer is closed, or when
    /// this write found the peer gone.
    bool send(const Event& e) {
        if (!start()) return false;
        e.encode_to(buffer_);
        return flush();
    }

    /// Sends a shared pre-encoded frame: one sink call with frame.bytes(), no
    /// copy. An empty Frame writes nothing and returns open(). A sink with a
    /// member `bool frame(const Frame&)` (sse::Sink, sse::OutboxSink) gets the
    /// Frame itself instead, so it can keep a shared handle.
    bool send(const Frame& frame) {
        if (!open_) return false;
        cancel();
        if (frame.empty()) return true;
        if constexpr (detail::takes_frames<Sink>::value) {
            return record(sink_.frame(frame));
        } else {
            return emit(frame.bytes());
        }
    }

    /// Sends a comment block: `: <line>\n` per line of `text`, then `\n`
    /// (encode_comment). Clients ignore it; proxies see traffic.
    bool comment(std::string_view text) {
        if (!start()) return false;
        encode_comment(buffer_, text);
        return flush();
    }

    /// Sends `retry: <ms>\n\n`: the client's reconnection delay.
    bool retry(std::uint64_t ms) {
        if (!start()) return false;
        encode_retry(buffer_, ms);
        return flush();
    }

    /// Sends the keep-alive comment ": keep-alive\n\n" (see sse::KeepAlive).
    bool ping() { return comment(keep_alive_text); }

    /// Data in pieces: begin(e) starts an event with e's id/event/retry fields
    /// and e's data as the first piece; write_data() adds pieces; end() sends
    /// the whole event in one sink call. The bytes equal encoding the event
    /// with all pieces joined, also when a CRLF is split between pieces.
    ///
    ///   w.begin(sse::Event().id("5").event_type("json"));
    ///   w.write_data("{\"a\":");  w.write_data("1}");
    ///   w.end();   // "id: 5\nevent: json\ndata: {\"a\":1}\n\n", one sink call
    ///
    /// Nothing reaches the sink before end(); cancel() drops a begun event.
    /// Anything else sent while an event is begun (begin, send, comment, retry,
    /// ping) first drops the begun event, so the stream stays whole; end()
    /// and write_data() with nothing begun send nothing. The same in every
    /// build mode (no assertion). On a closed writer these do nothing.
    void begin(const Event& fields) {
        if (!open_) return;
        cancel();
        buffer_.clear();
        in_event_ = true;
        fields.encode_fields_to(buffer_);
        data_.write(buffer_, fields.data());
    }
    /// begin() with no fields: an event of type "message" without id.
    void begin() { begin(Event()); }

    /// Appends one piece of the begun event's data (any bytes); ignored when
    /// no event is begun.
    void write_data(std::string_view piece) {
        if (!in_event_) return;
        data_.write(buffer_, piece);
    }

    /// Finishes the begun event and sends it in one sink call; false as for
    /// send(). With no event begun it sends nothing and returns open().
    bool end() {
        if (!in_event_) return open_;
        in_event_ = false;
        data_.finish_event(buffer_);
        return open_ && emit(buffer_);
    }

    /// Drops the begun event (nothing of it was written); no-op if none.
    void cancel() noexcept {
        if (in_event_) {
            in_event_ = false;
            data_ = DataEncoder();
            buffer_.clear();
        }
    }

    /// False once the sink reported the peer gone.
    [[nodiscard]] bool open() const noexcept { return open_; }

    /// How many frames (events, comments, retry blocks, pings) the sink has
    /// accepted. sse::KeepAlive reads it to notice activity.
    [[nodiscard]] std::uint64_t frames_written() const noexcept { return frames_written_; }

    /// The sink, e.g. to read what a test sink collected.
    [[nodiscard]] Sink& sink() noexcept { return sink_; }
    [[nodiscard]] const Sink& sink() const noexcept { return sink_; }

private:
    // Readies the buffer for a new frame; false when closed.
    bool start() {
        if (!open_) return false;
        cancel();
        buffer_.clear();
        return true;
    }
    bool flush() { return emit(buffer_); }
    bool emit(std::string_view bytes) { return record(sink_(bytes)); }
    bool record(bool accepted) {
        if (accepted) {
            ++frames_written_;
        } else {
            open_ = false;
        }
        return open_;
    }

    Sink sink_;
    std::string buffer_;
    DataEncoder data_;
    std::uint64_t frames_written_ = 0;
    bool open_ = true;
    bool in_event_ = false;
};

template <class Sink>
Writer(Sink) -> Writer<Sink>;

namespace detail {
// The largest value of an integer type (no <limits>: it costs compile time).
template <class T>
constexpr T max_integer() noexcept {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(std::is_signed_v<T> ? static_cast<U>(~U{0}) >> 1 : static_cast<U>(~U{0}));
}

// `d` as a To, saturated: negative -> zero, beyond To's range -> its maximum.
// Numbers, or std::chrono-like durations (count(), period, zero(), max())
// where From converts to To exactly; <chrono> itself is not needed here.
// (Floating point cannot overflow into undefined behaviour: not clamped above.)
template <class To, class From>
constexpr To clamp_interval(From d) noexcept {
    if constexpr (std::is_arithmetic_v<To> && std::is_arithmetic_v<From>) {
        if (!(d > From{})) return To{};
        if constexpr (std::is_integral_v<To>) {
            if (static_cast<long double>(d) >= static_cast<long double>(max_integer<To>())) return max_integer<To>();
        }
        return static_cast<To>(d);
    } else {
        if (!(d > From::zero())) return To::zero();
        // d in units of To, computed in floating point: only compared, never returned.
        const long double in_to = static_cast<long double>(d.count()) * From::period::num / From::period::den *
                                  To::period::den / To::period::num;
        if (in_to >= static_cast<long double>(To::max().count())) return To::max();
        return To(d);
    }
}

// now + d (d >= 0), or the largest Time when that would overflow. `Time` is
// a number or has a static max() (std::chrono::time_point).
template <class Time, class D>
constexpr Time saturating_add(Time now, D d) noexcept {
    if constexpr (std::is_floating_point_v<Time>) {
        return now + d;
    } else {
        constexpr Time most = [] {
            if constexpr (std::is_integral_v<Time>) {
                return max_integer<Time>();
            } else {
                return Time::max();
            }
        }();
        if (!(now < Time{}) && most - now < d) return most;
        return now + d;
    }
}
}  // namespace detail

/// Idle-based keep-alive on a clock you own: no thread, no sleep. A ping is
/// due when nothing was written for `interval`; every write restarts the
/// timer, so a busy stream sends no pings.
///
/// `Time` is any point type whose difference is a duration-like type that can
/// be added back, e.g. std::chrono::steady_clock::time_point (interval: any
/// std::chrono duration) or integer milliseconds (std::uint64_t). This header
/// does not include <chrono>.
///
///   using clock = std::chrono::steady_clock;
///   sse::KeepAlive ka(std::chrono::seconds(15), clock::now());
///   for (;;) {
///       auto token = queue.pop_until(ka.next_deadline());   // your wait
///       if (token) { if (!w.send(*token)) break; ka.restart(clock::now()); }
///       else if (!ka.ping_if_due(w, clock::now())) break;
///   }
///
/// Call restart(now) after every write (send, comment, retry, ...) for exact
/// deadlines. ping_if_due() also notices frames the writer wrote since its
/// last call (Writer::frames_written) and counts them as activity at `now`,
/// so even without restart() a busy stream sends no pings.
template <class Time>
class KeepAlive {
public:
    using time_point = Time;
    using duration = decltype(std::declval<const Time&>() - std::declval<const Time&>());

    /// The timer starts at `now`: the first ping is due at now + interval.
    /// `interval` is an integer or a duration that converts to `duration`
    /// exactly (seconds, milliseconds, ... for a nanosecond clock). Nothing
    /// overflows: an interval beyond what `duration` holds is its max(), a
    /// negative one is zero, and a deadline beyond what `Time` holds is its
    /// max() (never due). `Time` is arithmetic or has a static max().
    template <class Interval>
    KeepAlive(Interval interval, Time now)
        : interval_(detail::clamp_interval<duration>(interval)), deadline_(detail::saturating_add(now, interval_)) {}

    /// Something was written at `now`: the next ping is due at now + interval.
    void restart(Time now) { deadline_ = detail::saturating_add(now, interval_); }

    /// True when nothing was written for a whole interval (now >= next_deadline()).
    [[nodiscard]] bool due(Time now) const { return !(now < deadline_); }

    /// When the next ping is due if nothing is written before: wait until then.
    [[nodiscard]] Time next_deadline() const { return deadline_; }

    [[nodiscard]] duration interval() const { return interval_; }

    /// If the writer wrote anything since the last call: restart(now), no
    /// ping. Otherwise, if due(now): writer.ping() and restart(now). Returns
    /// writer.open() (false: the peer is gone, stop). `W` is any type with
    /// ping(), open() and frames_written(), e.g. sse::Writer.
    template <class W>
    bool ping_if_due(W& writer, Time now) {
        if (writer.frames_written() != frames_seen_) {
            frames_seen_ = writer.frames_written();
            restart(now);
            return writer.open();
        }
        if (!due(now)) return writer.open();
        restart(now);
        const bool open = writer.ping();
        frames_seen_ = writer.frames_written();
        return open;
    }

private:
    duration interval_;
    Time deadline_;
    std::uint64_t frames_seen_ = 0;
};

SSE_DETAIL_END_NAMESPACE

#endif  // SSE_WRITER_HPP
// ---- end sse/writer.hpp ----

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

SSE_DETAIL_BEGIN_NAMESPACE

/// What an outbox does when a push would exceed its byte bound (see the top
/// of this header).
enum class OverflowPolicy : unsigned char {
    disconnect,  ///< refuse the push, report the client too slow (keys ignored)
    conflate,    ///< a keyed push replaces an unsent frame with the same key first
};

/// The result of Outbox::push.
enum class PushResult : unsigned char {
    queued,    ///< the frame was queued at the end
    replaced,  ///< conflate: an unsent frame with the same key was removed, this one queued at the end
    too_slow,  ///< refused: the bound would be exceeded (or was before); the outbox is overflowed()
};

/// The next bytes to write as at most Outbox::max_slices (pointer, length)
/// slices, in wire order, one per queued frame (the first starts where the
/// last consume() stopped). A Boost/standalone Asio caller converts each to a
/// const_buffer; a POSIX caller to an iovec. Valid until the next push,
/// consume or destruction of the outbox.
struct OutboxSlices {
    static constexpr std::size_t capacity = 16;
    Slice items[capacity];
    std::size_t count = 0;  ///< slices used (0 when the outbox is empty)
    std::size_t bytes = 0;  ///< their total size

    [[nodiscard]] const Slice* begin() const noexcept { return items; }
    [[nodiscard]] const Slice* end() const noexcept { return items + count; }
    [[nodiscard]] std::size_t size() const noexcept { return count; }
    [[nodiscard]] bool empty() const noexcept { return count == 0; }
};

/// A per-connection queue of frames; see the top of this header.
class Outbox {
public:
    /// The most slices next_slices() returns (one system call carries up to
    /// this many frames; the rest go in the next one).
    static constexpr std::size_t max_slices = OutboxSlices::capacity;

    /// An empty outbox holding at most `max_bytes` unsent bytes (plus one
    /// frame, see above), with `policy` for pushes past it. No allocation.
    explicit Outbox(std::size_t max_bytes = std::size_t(1) << 20,
                    OverflowPolicy policy = OverflowPolicy::disconnect) noexcept
        : max_bytes_(max_bytes), policy_(policy) {}

    /// Queues a shared frame: the outbox keeps a copy of the handle (no bytes
    /// copied; next_slices() points into frame.bytes()). An empty frame is
    /// ignored (queued, nothing added).
    PushResult push(Frame frame) { return push_entry(Entry{std::move(frame), std::string(), std::string()}, false); }

    /// As push(frame), with a conflation key (used under OverflowPolicy::conflate
    /// only; any bytes, "" is a key like any other).
    PushResult push(Frame frame, std::string_view key) {
        return push_entry(Entry{std::move(frame), std::string(), std::string(key)}, true);
    }

    /// Encodes `e` (exactly e.encode()) into an owned frame and queues it.
    PushResult push(const Event& e) { return push_bytes(e.encode()); }
    /// As push(e), with a conflation key.
    PushResult push(const Event& e, std::string_view key) { return push_bytes(e.encode(), key); }

    /// Queues bytes the caller encoded (one or more complete frames, e.g. from
    /// sse::encode_comment, or an HTTP response head) as an owned frame.
    /// Empty bytes are ignored.
    PushResult push_bytes(std::string bytes) {
        return push_entry(Entry{Frame(), std::move(bytes), std::string()}, false);
    }
    /// As push_bytes(bytes), with a conflation key.
    PushResult push_bytes(std::string bytes, std::string_view key) {
        return push_entry(Entry{Frame(), std::move(bytes), std::string(key)}, true);
    }

    /// Fills `out[0..capacity)` with the next bytes to write, one slice per
    /// frame from the front (the first without its consumed part), and
    /// returns how many it filled (0 when empty). The frames returned are in
    /// flight until the next consume(): conflation leaves them alone.
    std::size_t next_slices(Slice* out, std::size_t capacity) noexcept {
        const std::size_t n = capacity < count_ ? capacity : count_;
        for (std::size_t i = 0; i < n; ++i) {
            std::string_view b = at(i).bytes();
            if (i == 0) b.remove_prefix(offset_);
            out[i] = Slice{b.data(), b.size()};
        }
        in_flight_ = n;
        return n;
    }

    /// The next bytes to write as up to max_slices slices (see OutboxSlices).
    [[nodiscard]] OutboxSlices next_slices() noexcept {
        OutboxSlices s;
        s.count = next_slices(s.items, OutboxSlices::capacity);
        for (std::size_t i = 0; i < s.count; ++i) s.bytes += s.items[i].size;
        return s;
    }

    /// `n` bytes from the front went out (the result of a write of the last
    /// next_slices()). May end inside a frame: the next slices start at the
    /// rest of it. Ends the in-flight state. Precondition: n <= bytes_queued().
    void consume(std::size_t n) noexcept {
        SSE_ASSERT(n <= bytes_ && "sse::Outbox::consume: more bytes than are queued");
        if (n > bytes_) n = bytes_;
        bytes_ -= n;
        in_flight_ = 0;
        while (n > 0) {
            const std::size_t rest = at(0).bytes().size() - offset_;
            if (n < rest) {
                offset_ += n;
                break;
            }
            n -= rest;
            pop_front();
        }
        if (count_ == 0 && ring_.size() > 64) ring_ = detail::Vector<Entry>();
    }

    /// Unsent bytes (what the next writes will carry). O(1).
    [[nodiscard]] std::size_t bytes_queued() const noexcept { return bytes_; }
    /// Frames with unsent bytes (the front one may be partly sent). O(1).
    [[nodiscard]] std::size_t frames_queued() const noexcept { return count_; }
    /// True when nothing is left to write.
    [[nodiscard]] bool empty() const noexcept { return count_ == 0; }
    /// True once a push was refused for the bound: the client is too slow.
    [[nodiscard]] bool overflowed() const noexcept { return overflowed_; }
    [[nodiscard]] std::size_t max_bytes() const noexcept { return max_bytes_; }
    [[nodiscard]] OverflowPolicy policy() const noexcept { return policy_; }

    /// True when a frame was queued since the last call (or the outbox holds
    /// unsent bytes now), and clears the record: "was the connection busy?".
    /// sse::ping_if_idle() uses it; it is the keep-alive's view of activity.
    bool take_activity() noexcept { return std::exchange(pushed_, false) || count_ != 0; }

private:
    struct Entry {
        Frame frame;        // a shared frame, or empty
        std::string owned;  // the bytes when `frame` is empty
        std::string key;
        [[nodiscard]] std::string_view bytes() const noexcept { return frame.empty() ? owned : frame.bytes(); }
    };

    [[nodiscard]] Entry& at(std::size_t i) noexcept { return ring_[(head_ + i) & (ring_.size() - 1)]; }

    PushResult push_entry(Entry entry, bool keyed) {
        if (overflowed_) return PushResult::too_slow;
        const std::size_t size = entry.bytes().size();
        if (size == 0) return PushResult::queued;
        std::size_t replace = count_;  // index of the frame to replace, count_ for none
        if (keyed && policy_ == OverflowPolicy::conflate) {
            // Frames partly sent or in flight are never replaced.
            std::size_t first = in_flight_;
            if (first == 0 && offset_ != 0) first = 1;
            for (std::size_t i = first; i < count_; ++i) {
                if (at(i).key == entry.key) {
                    replace = i;
                    break;
                }
            }
        }
        const std::size_t others = bytes_ - (replace < count_ ? at(replace).bytes().size() : 0);
        if (others != 0 && (size > max_bytes_ || others > max_bytes_ - size)) {
            overflowed_ = true;
            return PushResult::too_slow;
        }
        if (!keyed || policy_ != OverflowPolicy::conflate) entry.key = std::string();
        const bool replacing = replace < count_;
        if (replacing) erase(replace);
        if (count_ == ring_.size()) grow();
        at(count_) = std::move(entry);
        ++count_;
        bytes_ = others + size;
        pushed_ = true;
        return replacing ? PushResult::replaced : PushResult::queued;
    }

    void erase(std::size_t i) noexcept {
        for (; i + 1 < count_; ++i) at(i) = std::move(at(i + 1));
        at(count_ - 1) = Entry();
        --count_;
    }

    void pop_front() noexcept {
        at(0) = Entry();
        head_ = (head_ + 1) & (ring_.size() - 1);
        --count_;
        offset_ = 0;
        if (count_ == 0) head_ = 0;
    }

    // Doubles the ring (power-of-two sizes, at least 4), keeping the order.
    void grow() {
        detail::Vector<Entry> bigger(ring_.empty() ? 4 : 2 * ring_.size());
        for (std::size_t i = 0; i < count_; ++i) bigger[i] = std::move(at(i));
        ring_ = std::move(bigger);
        head_ = 0;
    }

    detail::Vector<Entry> ring_;  // size 0 or a power of two; count_ entries from head_
    std::size_t head_ = 0;
    std::size_t count_ = 0;
    std::size_t offset_ = 0;     // bytes of the front frame already consumed
    std::size_t bytes_ = 0;      // unsent bytes
    std::size_t in_flight_ = 0;  // front frames returned by next_slices() and not yet consumed
    std::size_t max_bytes_;
    OverflowPolicy policy_;
    bool overflowed_ = false;
    bool pushed_ = false;
};

/// A sink that queues into an Outbox, for sse::Writer: every frame the
/// writer makes becomes an owned frame of the outbox, and a shared Frame sent
/// with Writer::send(Frame) is queued as a handle (no copy). Returns false --
/// the writer closes -- once the outbox is overflowed: the client is too slow.
///
///   sse::Outbox box;
///   sse::Writer<> w(sse::OutboxSink(box));   // storable: sse::Writer<sse::Sink>
///   w.retry(2000);                            // queued "retry: 2000\n\n"
///   w.send(frame);                            // queued, shares frame's bytes
///
/// Holds a pointer: the outbox must outlive the sink.
class OutboxSink {
public:
    explicit OutboxSink(Outbox& box) noexcept : box_(&box) {}
    /// Queues a copy of `bytes` (Outbox::push_bytes).
    bool operator()(std::string_view bytes) { return box_->push_bytes(std::string(bytes)) != PushResult::too_slow; }
    /// Queues the shared frame (Outbox::push(Frame)).
    bool frame(const Frame& f) { return box_->push(f) != PushResult::too_slow; }
    [[nodiscard]] Outbox& outbox() const noexcept { return *box_; }

private:
    Outbox* box_;
};

/// Keep-alive for a connection that writes from an outbox: call it when
/// ka.next_deadline() has passed (a timer in your loop). If the connection
/// was busy since the last call (a frame was pushed, or unsent bytes remain:
/// Outbox::take_activity), it restarts the keep-alive at `now` and queues
/// nothing; a busy connection never gets a ping. Otherwise, once ka.due(now),
/// it queues ": keep-alive\n\n" (an owned frame) and restarts. So a ping goes
/// out after one to two intervals with nothing queued or in flight.
/// Returns false when the outbox is (or by the ping became) overflowed: close.
///
///   sse::KeepAlive ka(std::chrono::seconds(15), clock::now());
///   // timer fired at ka.next_deadline():
///   if (!sse::ping_if_idle(box, ka, clock::now())) close_connection();
///   else { start_writing_if_needed(); timer.expires_at(ka.next_deadline()); }
template <class Time>
bool ping_if_idle(Outbox& box, KeepAlive<Time>& ka, Time now) {
    if (box.overflowed()) return false;
    if (box.take_activity()) {
        ka.restart(now);
        return true;
    }
    if (!ka.due(now)) return true;
    ka.restart(now);
    std::string ping;
    encode_comment(ping, keep_alive_text);
    const bool queued = box.push_bytes(std::move(ping)) != PushResult::too_slow;
    (void)box.take_activity();  // the ping itself is not activity
    return queued;
}

SSE_DETAIL_END_NAMESPACE

#endif  // SSE_OUTBOX_HPP
// ---- end sse/outbox.hpp ----
// ---- begin sse/parser.hpp ----
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

// ---- begin sse/detail/utf8.hpp ----
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
// ---- end sse/detail/utf8.hpp ----

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
// ---- end sse/parser.hpp ----
// ---- begin sse/replay.hpp ----
// sse: resuming a stream -- Last-Event-ID, history, the resync answer.
//
//   // Publisher: encode once, keep it for resumes, fan the same bytes out.
//   sse::ReplayBuffer history(1000);                        // the last 1000 frames
//   sse::Frame f = history.append(sse::Event::data("Hello").event_type("token"));
//   // f.id() == "1", f.bytes() == "id: 1\nevent: token\ndata: Hello\n\n"
//   for (auto& client : clients) client.queue.push(f);      // no copy of the bytes
//
//   // A client (re)connects with `Last-Event-ID: <header>`:
//   const sse::LastEventId last = sse::parse_last_event_id(header);
//   if (!last.valid()) { /* 400, body sse::describe(last.error); never echo it */ }
//   else if (!last.empty()) {
//       const sse::Replay r = history.after(last.value);
//       if (r.status == sse::ReplayStatus::resumed) for (const auto& f : r.frames) writer.send(f);
//       else writer.send(sse::resync_event(r));  // id: <newest>\nevent: resync\ndata: too_old\n\n
//   }
//   // ... then the live frames (subscribe under the same lock as after()).
//
// The resync answer (documented protocol): when the events after the client's
// id can no longer be replayed (too_old: they fell out of the history;
// unknown: the id is not one this history could have issued, e.g.
// non-numeric, ahead of the newest id, or from before a server restart; an id
// inside a gap between two stored ids resumes, as no event between them
// exists), the server sends one event
//   id: <newest id in the history, possibly empty>
//   event: resync
//   data: too_old | unknown
// and then continues live. The client reloads its state (e.g.
// `es.addEventListener("resync", reload)`); the id resets its Last-Event-ID
// to the current position, so the next reconnect resumes normally. Status
// stays 200 (EventSource treats any other status as fatal and stops).
//
// Ids: sse::History does not assume numeric ids (a Redis Streams history uses
// ids like "1700000000000-0"); sse::ReplayBuffer uses decimal 1, 2, 3, ...
#ifndef SSE_REPLAY_HPP
#define SSE_REPLAY_HPP


#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

SSE_DETAIL_BEGIN_NAMESPACE

// ---------------------------------------------------------------------------
// Last-Event-ID

/// The checked value of a `Last-Event-ID` request header.
struct LastEventId {
    /// errc::ok when the value is usable; else why it was rejected
    /// (id_contains_cr / _lf / _nul). describe(error) is a safe 400 body.
    errc error = errc::ok;
    /// The id, a view into the header value; "" when there is none or when it
    /// was rejected (rejected bytes are never handed on, so never echoed).
    std::string_view value;

    /// True unless the value was rejected.
    [[nodiscard]] constexpr bool valid() const noexcept { return error == errc::ok; }
    /// True when there is no id to resume from (absent, empty, or rejected).
    [[nodiscard]] constexpr bool empty() const noexcept { return value.empty(); }
};

/// Checks a `Last-Event-ID` header value exactly as the server received it
/// (pass "" when the header is absent). No trimming, no allocation.
///
///   parse_last_event_id("")      -> valid, empty: start from now
///   parse_last_event_id("42")    -> valid, value "42"
///   parse_last_event_id("4\n2")  -> invalid, error errc::id_contains_lf, value ""
///
/// CR, LF and NUL are rejected (the same rule as sse::check_id): a browser can
/// never have stored such an id, so the request is forged or broken. Any
/// other bytes are accepted; whether the id is known is History::after's job.
[[nodiscard]] constexpr LastEventId parse_last_event_id(std::string_view header_value) noexcept {
    const errc code = check_id(header_value);
    if (code != errc::ok) return LastEventId{code, std::string_view()};
    return LastEventId{errc::ok, header_value};
}

/// Reads an id written by sse::ReplayBuffer (or Event::id(std::uint64_t)):
/// canonical decimal, i.e. "0" or a nonzero digit followed by digits, at most
/// 18446744073709551615. Anything else (empty, sign, space, leading zero,
/// "1e3", "1700000000000-0", overflow) returns false: not one of ours.
/// Stores the number in `value` only when it returns true.
///
///   std::uint64_t n;
///   parse_numeric_id("42", n)  -> true, n == 42
///   parse_numeric_id("042", n) -> false, n unchanged
[[nodiscard]] constexpr bool parse_numeric_id(std::string_view id, std::uint64_t& value) noexcept {
    if (id.empty() || id.size() > 20 || (id.size() > 1 && id[0] == '0')) return false;
    std::uint64_t n = 0;
    for (const char c : id) {
        if (c < '0' || c > '9') return false;
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (n > (UINT64_MAX - digit) / 10) return false;
        n = n * 10 + digit;
    }
    value = n;
    return true;
}

// ---------------------------------------------------------------------------
// History

/// What History::after found.
enum class ReplayStatus : unsigned char {
    resumed,      ///< `frames` holds every event after the id (possibly none): no loss
    too_old,      ///< events after the id were dropped from the history: send resync_event
    unknown,      ///< not an id of this history (non-numeric, or ahead of the newest): send resync_event
    unavailable,  ///< the history could not be read (e.g. its store is down): close, let the client retry
};

/// The word for `status`: "resumed", "too_old", "unknown" or "unavailable"
/// (the data of the resync event).
[[nodiscard]] constexpr std::string_view describe(ReplayStatus status) noexcept {
    switch (status) {
        case ReplayStatus::resumed: return "resumed";
        case ReplayStatus::too_old: return "too_old";
        case ReplayStatus::unknown: return "unknown";
        case ReplayStatus::unavailable: return "unavailable";
    }
    return "unavailable";
}

/// The answer of History::after.
struct Replay {
    ReplayStatus status = ReplayStatus::resumed;
    /// When resumed: the frames after the id, oldest first. Otherwise empty.
    FrameList frames;
    /// The id of the newest event in the history when it answered ("" when
    /// it holds none, or when unavailable). Live events that follow have
    /// later ids. resync_event() carries it.
    std::string last_id;
};

/// The documented resync answer for a Replay whose status is too_old or
/// unknown (see the top of this header):
///
///   resync_event(r).encode() == "id: " + r.last_id + "\nevent: resync\ndata: too_old\n\n"
///
/// For another status it builds the same shape with describe(status) as data;
/// do not send it for `unavailable` (the empty id would reset the client).
[[nodiscard]] inline Event resync_event(const Replay& replay) {
    Event e = Event::data(describe(replay.status));
    e.event_type("resync");
    // A stored id never holds CR, LF or NUL; a hand-made Replay whose id does
    // gets no id field (try_id leaves it unset) rather than forged fields.
    [[maybe_unused]] const errc ignored = e.try_id(replay.last_id);
    return e;
}

/// The history behind Last-Event-ID resume: "append an event" and "the frames
/// after id X". sse::ReplayBuffer keeps it in memory; another implementation
/// can keep it elsewhere (e.g. a Redis stream shared by several servers) and
/// plug in without touching the writer. Works without RTTI.
///
/// Ids are opaque text chosen by the history; they must be valid ids (no CR,
/// LF, NUL) and increase in the history's own order.
///
/// Thread safety: none here; implementations document theirs. A server that
/// shares one history between threads must hold one lock around append() and
/// the fan-out, and around after() and subscribing a client, so a client sees
/// every event exactly once.
class History {
public:
    virtual ~History() = default;

    /// Stores `e` as the newest event with the history's next id (replacing
    /// any id e has) and returns its encoded frame, whose id() is that id.
    /// On failure (store unreachable) returns an empty Frame; nothing stored.
    virtual Frame append(Event e) = 0;

    /// The frames after `last_event_id` (a value accepted by
    /// parse_last_event_id), or why they cannot be given. An empty id means
    /// "no id": resumed with no frames (the client starts live).
    [[nodiscard]] virtual Replay after(std::string_view last_event_id) = 0;

protected:
    History() = default;
    History(const History&) = default;
    History& operator=(const History&) = default;
};

/// A bounded in-memory History: the newest `capacity` frames, ids 1, 2, 3, ...
/// (decimal, via parse_numeric_id). When full, append() drops the oldest.
///
///   sse::ReplayBuffer h(2);
///   h.append(sse::Event::data("a"));   // id 1
///   h.append(sse::Event::data("b"));   // id 2
///   h.append(sse::Event::data("c"));   // id 3, drops 1
///   h.after("2")  -> resumed, frames {3}
///   h.after("1")  -> resumed, frames {2, 3}   (nothing after 1 was dropped)
///   h.after("0")  -> too_old (frame 1 was dropped), last_id "3"
///   h.after("9"), h.after("abc")  -> unknown, last_id "3"
///
/// Not thread-safe (see History). Memory: `capacity` Frame handles allocated
/// up front, plus the frames themselves.
class ReplayBuffer final : public History {
public:
    /// Keeps at most `capacity` frames (a capacity of 0 is treated as 1).
    explicit ReplayBuffer(std::size_t capacity) : ring_(capacity == 0 ? 1 : capacity) {}

    /// Gives `e` the id last_id() + 1 (replacing any id it has), stores and
    /// returns its frame. Fails only at the end of the id space: after id
    /// 18446744073709551615 (2^64 - 1) there is no next id, so it stores
    /// nothing and returns an empty Frame (ids never wrap to 0).
    Frame append(Event e) override {
        if (last_id_ == UINT64_MAX) return Frame();
        e.id(last_id_ + 1);
        Frame frame(e);
        store(last_id_ + 1, frame);
        return frame;
    }

    /// Stores a frame that already has a numeric id (parse_numeric_id) greater
    /// than last_id(), e.g. one received from elsewhere; later append(Event)
    /// calls continue after it. Returns false and stores nothing otherwise.
    bool append(Frame frame) {
        std::uint64_t id = 0;
        if (!parse_numeric_id(frame.id(), id) || id <= last_id_) return false;
        store(id, std::move(frame));
        return true;
    }

    /// See the class example. A non-numeric id is `unknown`. Allocates the
    /// result's list (no frame bytes are copied).
    [[nodiscard]] Replay after(std::string_view last_event_id) override {
        Replay r;
        if (last_id_ != 0) {
            char buf[20];
            r.last_id = detail::format_uint(buf, last_id_);
        }
        if (last_event_id.empty()) return r;
        std::uint64_t id = 0;
        if (!parse_numeric_id(last_event_id, id) || id > last_id_) {
            r.status = ReplayStatus::unknown;
            return r;
        }
        if (id < dropped_id_) {
            r.status = ReplayStatus::too_old;
            return r;
        }
        std::size_t newer = 0;  // how many stored frames have an id > id (the newest ones)
        while (newer < size_ && id_at(size_ - 1 - newer) > id) ++newer;
        r.frames.reserve(newer);
        for (std::size_t i = 0; i < newer; ++i) r.frames.push_back(ring_[slot(size_ - newer + i)]);
        return r;
    }

    /// The newest id stored so far (0 before the first append).
    [[nodiscard]] std::uint64_t last_id() const noexcept { return last_id_; }
    /// The id of the newest frame dropped for room (0 when none was dropped).
    [[nodiscard]] std::uint64_t dropped_id() const noexcept { return dropped_id_; }
    /// Frames held now (at most capacity()).
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] std::size_t capacity() const noexcept { return ring_.size(); }

private:
    // Ring index of the i-th oldest stored frame.
    [[nodiscard]] std::size_t slot(std::size_t i) const noexcept { return (first_ + i) % ring_.size(); }
    // Id of the i-th oldest stored frame (stored frames always have numeric ids).
    [[nodiscard]] std::uint64_t id_at(std::size_t i) const noexcept {
        std::uint64_t id = 0;
        return parse_numeric_id(ring_[slot(i)].id(), id) ? id : 0;
    }
    void store(std::uint64_t id, Frame frame) {
        if (size_ == ring_.size()) {
            dropped_id_ = id_at(0);
            ring_[first_] = std::move(frame);
            first_ = (first_ + 1) % ring_.size();
        } else {
            ring_[slot(size_)] = std::move(frame);
            ++size_;
        }
        last_id_ = id;
    }

    FrameList ring_;           // size() == capacity; the stored frames are size_ of them from first_
    std::size_t first_ = 0;    // ring index of the oldest frame
    std::size_t size_ = 0;
    std::uint64_t last_id_ = 0;
    std::uint64_t dropped_id_ = 0;
};

SSE_DETAIL_END_NAMESPACE

#endif  // SSE_REPLAY_HPP
// ---- end sse/replay.hpp ----
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
//
// For a live stream (sse::Writer), send the same head first: servers that set
// headers one by one use sse::stream_header_fields (no allocation); servers on a
// raw socket write sse::http1_stream_head, the complete HTTP/1.1 head. Each
// has an opt-in `_no_transform` twin (below) that also forbids proxies to
// compress or otherwise change the body.
#ifndef SSE_RESPONSE_HPP
#define SSE_RESPONSE_HPP


#include <string>
#include <string_view>

SSE_DETAIL_BEGIN_NAMESPACE

/// One HTTP header field.
struct Header {
    std::string name;
    std::string value;

    friend bool operator==(const Header& a, const Header& b) { return a.name == b.name && a.value == b.value; }
    friend bool operator!=(const Header& a, const Header& b) { return !(a == b); }
};

/// Header fields in order: a minimal vector (range-for, size, empty, [],
/// front, back, reserve, push_back, emplace_back, assign, ==; see
/// detail/vector.hpp). Add your own fields with push_back.
using HeaderList = detail::Vector<Header>;

/// A complete buffered HTTP response: hand status, headers and body to your server.
struct Response {
    int status = 200;
    HeaderList headers;
    std::string body;
};

/// The media type of an event stream.
inline constexpr std::string_view content_type = "text/event-stream";

/// One header field as views of static text (no allocation).
struct HeaderView {
    std::string_view name;
    std::string_view value;
};

/// The three headers of every event stream, in order (see above), as
/// constants: for servers that stream and set headers one by one.
///
///   // cpp-httplib: the content type is given to set_chunked_content_provider
///   for (const auto& h : sse::stream_header_fields) res.set_header(std::string(h.name), std::string(h.value));
inline constexpr HeaderView stream_header_fields[3] = {
    {"Content-Type", content_type}, {"Cache-Control", "no-cache"}, {"X-Accel-Buffering", "no"}};

namespace detail {
// Owned copies of a header preset (allocates the strings).
inline HeaderList owned_headers(const HeaderView (&fields)[3]) {
    HeaderList headers;
    headers.reserve(3);
    for (const HeaderView& h : fields) headers.push_back({std::string(h.name), std::string(h.value)});
    return headers;
}
}  // namespace detail

/// The response headers of every event stream, in order (see above): owned
/// copies of stream_header_fields.
[[nodiscard]] inline HeaderList stream_headers() { return detail::owned_headers(stream_header_fields); }

/// The complete HTTP/1.1 response head of an event stream, for servers that
/// write to a raw socket: write it once, then the frames (sse::Writer).
///
///   send(fd, sse::http1_stream_head.data(), sse::http1_stream_head.size(), MSG_NOSIGNAL);
///
/// Bytes: "HTTP/1.1 200 OK\r\n", the three headers above (each "Name: value\r\n"),
/// then "\r\n". No Content-Length and no Transfer-Encoding, so the body is the
/// raw frames and ends when the server closes the connection (RFC 9112 6.3);
/// no `Connection` header. Constant, no allocation.
inline constexpr std::string_view http1_stream_head =
    "HTTP/1.1 200 OK\r\n"
    "Content-Type: text/event-stream\r\n"
    "Cache-Control: no-cache\r\n"
    "X-Accel-Buffering: no\r\n"
    "\r\n";

// The no-transform preset (opt-in): the same three headers in the same order,
// with `Cache-Control: no-cache, no-transform` (RFC 9111 5.2.2.6: no
// intermediary may change the body, e.g. compress it). Measured (issue 12,
// tests/e2e/proxy_test.mjs): Node's `compression` middleware then sends the
// stream uncompressed; nginx's gzip ignores no-transform and compresses
// anyway (turn gzip off in its location if that matters). Not the default:
// compression is safe for event streams while the proxy passes them on
// unbuffered (nginx with gzip on delivered every event on time, measured the
// same way), and it saves bandwidth on chatty token streams.

/// sse::stream_header_fields with `Cache-Control: no-cache, no-transform`
/// (see above). Constants, no allocation.
inline constexpr HeaderView stream_header_fields_no_transform[3] = {
    {"Content-Type", content_type}, {"Cache-Control", "no-cache, no-transform"}, {"X-Accel-Buffering", "no"}};

/// sse::stream_headers() with `Cache-Control: no-cache, no-transform` (see
/// above): owned copies of stream_header_fields_no_transform.
[[nodiscard]] inline HeaderList stream_headers_no_transform() {
    return detail::owned_headers(stream_header_fields_no_transform);
}

/// sse::http1_stream_head with `Cache-Control: no-cache, no-transform` (see
/// above): same status line, header order and blank line; no Content-Length,
/// Transfer-Encoding or Connection. Constant, no allocation.
inline constexpr std::string_view http1_stream_head_no_transform =
    "HTTP/1.1 200 OK\r\n"
    "Content-Type: text/event-stream\r\n"
    "Cache-Control: no-cache, no-transform\r\n"
    "X-Accel-Buffering: no\r\n"
    "\r\n";

SSE_DETAIL_END_NAMESPACE

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

SSE_DETAIL_BEGIN_NAMESPACE

class Stream {
public:
    Stream() = default;

    /// Appends an event of type `type` (`event: <type>`) carrying `data`.
    Stream& event(std::string_view type, std::string_view data) & {
        if (detail::accept_event_type(type)) detail::append_event(body_, detail::Fields{{}, type, {}}, data);
        return *this;
    }
    [[nodiscard]] Stream event(std::string_view type, std::string_view data) && {
        return std::move(event(type, data));
    }

    /// Appends an event with data only (clients see type "message").
    Stream& data(std::string_view data) & {
        detail::append_event(body_, detail::Fields(), data);
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

SSE_DETAIL_END_NAMESPACE

#endif  // SSE_STREAM_HPP
// ---- end sse/stream.hpp ----
// ---- begin sse/utf8.hpp ----
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
// ---- end sse/utf8.hpp ----

#endif  // SSE_SSE_HPP
// ---- end sse/sse.hpp ----
