// sse::detail -- byte scanning for line ends and small copies. Not part of the public API.
//
// find_line_end never reads outside [first, last): short ranges use overlapping
// 8-byte words, long ones 16-byte SSE2 vectors (64 bytes a step), and the tail
// of a long range one overlapping vector that ends at `last`. With GCC and
// Clang the vectors are the compilers' vector extensions, so no intrinsics
// header (<emmintrin.h> alone costs a sixth of <string> to compile).
#ifndef SSE_DETAIL_SCAN_HPP
#define SSE_DETAIL_SCAN_HPP

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "../config.hpp"
#include "line_mask.hpp"

SSE_DETAIL_BEGIN_NAMESPACE
namespace detail {

// Bits set in the high bit of each byte of `x` that is zero (exact, no false positives).
constexpr std::uint64_t zero_bytes(std::uint64_t x) noexcept {
    constexpr std::uint64_t low7 = 0x7f7f7f7f7f7f7f7fULL;
    return ~(((x & low7) + low7) | x | low7);
}

constexpr std::uint64_t broadcast(unsigned char c) noexcept { return 0x0101010101010101ULL * c; }

// High bit set in each byte of `word` that is CR or LF.
constexpr std::uint64_t line_end_bytes(std::uint64_t word) noexcept {
    return zero_bytes(word ^ broadcast('\n')) | zero_bytes(word ^ broadcast('\r'));
}

// Index of the lowest-addressed byte flagged in `hits` (not zero), for words
// read with load_word (byte i of memory is bits 8i..8i+7 on every CPU).
inline std::size_t first_flagged_byte(std::uint64_t hits) noexcept { return lowest_bit(hits) >> 3; }

// The 8 bytes at p as a little-endian word, whatever the CPU's byte order
// (compilers without __BYTE_ORDER__, such as MSVC, target little-endian CPUs).
inline std::uint64_t load_word(const char* p) noexcept {
    std::uint64_t word;
    std::memcpy(&word, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    word = __builtin_bswap64(word);
#endif
    return word;
}
// The 4 bytes at p, little-endian, zero-extended.
inline std::uint64_t load_half(const char* p) noexcept {
    std::uint32_t half;
    std::memcpy(&half, p, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    half = __builtin_bswap32(half);
#endif
    return half;
}

// First CR or LF in a range of at most 16 bytes, or `last`.
inline const char* find_line_end_short(const char* first, const char* last) noexcept {
    const std::size_t n = static_cast<std::size_t>(last - first);
    if (n >= 8) {
        std::uint64_t hits = line_end_bytes(load_word(first));
        if (hits != 0) return first + first_flagged_byte(hits);
        hits = line_end_bytes(load_word(last - 8));  // overlaps bytes already known clean
        return hits != 0 ? last - 8 + first_flagged_byte(hits) : last;
    }
    if (n >= 4) {
        // Zero-extended: the high bytes XOR to 0x0A/0x0D, never flagged.
        std::uint64_t hits = line_end_bytes(load_half(first));
        if (hits != 0) return first + first_flagged_byte(hits);
        hits = line_end_bytes(load_half(last - 4));
        return hits != 0 ? last - 4 + first_flagged_byte(hits) : last;
    }
    for (; first != last; ++first) {
        if (*first == '\n' || *first == '\r') return first;
    }
    return last;
}

#if SSE_DETAIL_SSE2
typedef char v16 __attribute__((vector_size(16)));
inline v16 load16(const char* p) noexcept {
    v16 v;
    std::memcpy(&v, p, 16);
    return v;
}
// 0xFF in each byte of `v` that is CR or LF, else 0.
inline v16 line_end_lanes(v16 v) noexcept {
    return reinterpret_cast<v16>((v == '\n') | (v == '\r'));
}
inline unsigned lane_mask(v16 lanes) noexcept {
    return static_cast<unsigned>(__builtin_ia32_pmovmskb128(lanes));
}
// Bit i set when byte i of the 16 at `p` is CR or LF.
inline unsigned line_end_mask(const char* p) noexcept { return lane_mask(line_end_lanes(load16(p))); }
inline const char* first_flagged(const char* p, unsigned mask) noexcept { return p + lowest_bit(mask); }
#endif

// find_line_end for ranges of 16 bytes or more.
inline const char* find_line_end_long(const char* first, const char* last) noexcept {
#if SSE_DETAIL_SSE2
    while (last - first >= 64) {
        const v16 a = line_end_lanes(load16(first)), b = line_end_lanes(load16(first + 16));
        const v16 c = line_end_lanes(load16(first + 32)), d = line_end_lanes(load16(first + 48));
        if (lane_mask((a | b) | (c | d)) != 0) {
            if (const unsigned m = lane_mask(a)) return first_flagged(first, m);
            if (const unsigned m = lane_mask(b)) return first_flagged(first + 16, m);
            if (const unsigned m = lane_mask(c)) return first_flagged(first + 32, m);
            return first_flagged(first + 48, lane_mask(d));
        }
        first += 64;
    }
    while (last - first >= 16) {
        const unsigned m = line_end_mask(first);
        if (m != 0) return first_flagged(first, m);
        first += 16;
    }
    if (first == last) return last;
    // The last 16 bytes; those before `first` are known to be clean.
    const unsigned m = line_end_mask(last - 16);
    return m != 0 ? first_flagged(last - 16, m) : last;
#else
    while (last - first >= 16) {
        const std::uint64_t hits = line_end_bytes(load_word(first));
        if (hits != 0) return first + first_flagged_byte(hits);
        const std::uint64_t more = line_end_bytes(load_word(first + 8));
        if (more != 0) return first + 8 + first_flagged_byte(more);
        first += 16;
    }
    return find_line_end_short(first, last);
#endif
}

// First '\r' or '\n' in [first, last), or `last` when there is none.
inline const char* find_line_end(const char* first, const char* last) noexcept {
    return last - first <= 16 ? find_line_end_short(first, last) : find_line_end_long(first, last);
}

// Bit i set when byte p[i] (0 <= i < 64) is CR or LF. (line_mask.hpp's
// line_end_mask64 computes the same, but is forced inline: the encoder's
// LineEndFinder::find then grows too big to be inlined into its loops, which
// costs a call per line; lowest_bit comes from there.)
inline std::uint64_t block_line_ends(const char* p) noexcept {
#if SSE_DETAIL_SSE2
    const std::uint64_t a = lane_mask(line_end_lanes(load16(p)));
    const std::uint64_t b = lane_mask(line_end_lanes(load16(p + 16)));
    const std::uint64_t c = lane_mask(line_end_lanes(load16(p + 32)));
    const std::uint64_t d = lane_mask(line_end_lanes(load16(p + 48)));
    return a | (b << 16) | (c << 32) | (d << 48);
#else
    return line_end_mask64(p);
#endif
}

// The line ends of one text, in order: find(p) is find_line_end(p, last) for
// non-decreasing p. Bytes are scanned in 64-byte blocks whose bit mask is kept,
// so the short lines of one block cost one scan. When a block has no line end,
// memchr (vectorised, with runtime CPU dispatch in glibc) finds the next LF,
// then the next CR before it, and both answers are kept too. So each byte is
// searched once by the blocks and at most once more for LF and for CR: linear
// on any text, however its CRs and LFs are spread.
class LineEndFinder {
public:
    explicit LineEndFinder(const char* last) noexcept : last_(last) {}

    const char* find(const char* p) noexcept {
        if (block_ != nullptr && p >= block_ && p < block_ + 64) {
            const std::uint64_t m = mask_ & (~std::uint64_t{0} << (p - block_));
            if (m != 0) return block_ + lowest_bit(m);
            p = block_ + 64;
        }
        if (last_ - p < 64) return find_line_end(p, last_);
        block_ = p;
        mask_ = block_line_ends(p);
        if (mask_ != 0) return p + lowest_bit(mask_);
        p += 64;
        if (lf_ == nullptr || lf_ < p) lf_ = search(p, '\n', last_);
        if (cr_ == nullptr || cr_ < p) cr_ = search(p, '\r', lf_);  // none before lf_: cr_ = lf_
        return cr_ < lf_ ? cr_ : lf_;
    }

private:
    static const char* search(const char* first, char c, const char* last) noexcept {
        const void* hit = std::memchr(first, c, static_cast<std::size_t>(last - first));
        return hit != nullptr ? static_cast<const char*>(hit) : last;
    }

    const char* last_;
    const char* block_ = nullptr;  // the 64 bytes whose line ends are in mask_
    std::uint64_t mask_ = 0;
    const char* lf_ = nullptr;  // the next LF at or after the last search, or last_
    const char* cr_ = nullptr;  // the next CR, or lf_ when there is none before it
};

// Copies n bytes to dst (no overlap) and returns dst + n. Small sizes use a few
// overlapping fixed-size moves instead of a call to memcpy.
inline char* put(char* dst, const char* src, std::size_t n) noexcept {
    if (n <= 16) {
        if (n >= 8) {
            const std::uint64_t a = load_word(src), b = load_word(src + n - 8);
            std::memcpy(dst, &a, 8);
            std::memcpy(dst + n - 8, &b, 8);
        } else if (n >= 4) {
            std::uint32_t a, b;
            std::memcpy(&a, src, 4);
            std::memcpy(&b, src + n - 4, 4);
            std::memcpy(dst, &a, 4);
            std::memcpy(dst + n - 4, &b, 4);
        } else if (n != 0) {
            const char a = src[0], b = src[n / 2], c = src[n - 1];
            dst[0] = a;
            dst[n / 2] = b;
            dst[n - 1] = c;
        }
    } else if (n <= 32) {
        char a[16], b[16];
        std::memcpy(a, src, 16);
        std::memcpy(b, src + n - 16, 16);
        std::memcpy(dst, a, 16);
        std::memcpy(dst + n - 16, b, 16);
    } else if (n <= 64) {
        char a[32], b[32];
        std::memcpy(a, src, 32);
        std::memcpy(b, src + n - 32, 32);
        std::memcpy(dst, a, 32);
        std::memcpy(dst + n - 32, b, 32);
    } else {
        std::memcpy(dst, src, n);
    }
    return dst + n;
}

// Copies n bytes to dst (no overlap) like put, and returns whether they hold
// no CR or LF: one pass over the bytes instead of find_line_end then put.
// Reads only [src, src + n); writes only [dst, dst + n).
inline bool put_line(char* dst, const char* src, std::size_t n) noexcept {
#if SSE_DETAIL_SSE2
    if (n > 16) {
        v16 tail = load16(src + n - 16);
        v16 hits = line_end_lanes(tail);
        for (std::size_t i = 0; i + 16 < n; i += 16) {
            const v16 v = load16(src + i);
            hits = hits | line_end_lanes(v);
            std::memcpy(dst + i, &v, 16);
        }
        std::memcpy(dst + n - 16, &tail, 16);
        return lane_mask(hits) == 0;
    }
#else
    if (n > 16) {
        std::uint64_t hits = 0;
        std::size_t i = 0;
        for (; i + 8 <= n; i += 8) {
            const std::uint64_t word = load_word(src + i);
            hits |= line_end_bytes(word);
            std::memcpy(dst + i, src + i, 8);
        }
        const std::uint64_t tail = load_word(src + n - 8);
        std::memcpy(dst + n - 8, src + n - 8, 8);
        return (hits | line_end_bytes(tail)) == 0;
    }
#endif
    if (n >= 8) {  // two overlapping words (byte order does not matter: only "any?" is asked)
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
    put(dst, src, n);
    return find_line_end_short(src, src + n) == src + n;
}

}  // namespace detail
SSE_DETAIL_END_NAMESPACE

#endif  // SSE_DETAIL_SCAN_HPP
