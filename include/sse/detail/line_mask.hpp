// sse::detail -- bit masks of line ends (CR, LF) for the parser. Not part of the public API.
//
// line_end_mask(p, n) has bit i set when p[i] is CR or LF, for n <= 64 bytes.
// With SSE2 and GCC/Clang it uses the compilers' generic vector types (no
// intrinsics header, so nothing to pay at include time); elsewhere it uses
// eight-byte SWAR words. The parser walks the set bits of one mask for several
// short lines in a row instead of searching for each line end anew.
#ifndef SSE_DETAIL_LINE_MASK_HPP
#define SSE_DETAIL_LINE_MASK_HPP

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "../config.hpp"
#include "inline.hpp"

SSE_DETAIL_BEGIN_NAMESPACE
namespace detail {

// Index of the lowest set bit; `m` != 0.
inline unsigned lowest_bit(std::uint64_t m) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    return static_cast<unsigned>(__builtin_ctzll(m));
#else
    unsigned i = 0;
    while ((m & 1) == 0) {
        m >>= 1;
        ++i;
    }
    return i;
#endif
}

#if SSE_DETAIL_SSE2
typedef char sse_detail_v16 __attribute__((vector_size(16)));

// Mask of the line ends in the 64 bytes at `p`.
SSE_DETAIL_ALWAYS_INLINE std::uint64_t line_end_mask64(const char* p) noexcept {
    std::uint64_t m = 0;
    for (unsigned k = 0; k < 4; ++k) {
        sse_detail_v16 v;
        std::memcpy(&v, p + 16 * k, 16);
        const sse_detail_v16 hit = (v == '\n') | (v == '\r');
        const auto bits = static_cast<unsigned>(__builtin_ia32_pmovmskb128(hit));
        m |= static_cast<std::uint64_t>(bits) << (16 * k);
    }
    return m;
}
#else
// One bit per byte of a 0x80-per-byte match word, gathered into the low byte.
inline std::uint64_t gather_high_bits(std::uint64_t hits) noexcept {
    return ((hits >> 7) * 0x0102040810204080ULL) >> 56;
}
SSE_DETAIL_ALWAYS_INLINE std::uint64_t line_end_mask64(const char* p) noexcept {
    constexpr std::uint64_t low7 = 0x7f7f7f7f7f7f7f7fULL;
    auto zero = [](std::uint64_t x) { return ~(((x & low7) + low7) | x | low7); };
    std::uint64_t m = 0;
    for (unsigned k = 0; k < 8; ++k) {
        unsigned char b[8];
        std::memcpy(b, p + 8 * k, 8);
        std::uint64_t w = 0;
        for (unsigned j = 0; j < 8; ++j) w |= static_cast<std::uint64_t>(b[j]) << (8 * j);  // little-endian order
        const std::uint64_t hits = zero(w ^ 0x0a0a0a0a0a0a0a0aULL) | zero(w ^ 0x0d0d0d0d0d0d0d0dULL);
        m |= gather_high_bits(hits) << (8 * k);
    }
    return m;
}
#endif

// Mask of the line ends in the `n` <= 64 bytes at `p`.
inline std::uint64_t line_end_mask(const char* p, std::size_t n) noexcept {
    char block[64] = {};  // zero padding: NUL is not a line end
    std::memcpy(block, p, n);
    return line_end_mask64(block);
}

}  // namespace detail
SSE_DETAIL_END_NAMESPACE

#endif  // SSE_DETAIL_LINE_MASK_HPP
