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
