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

#include "../config.hpp"
#include "inline.hpp"

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
