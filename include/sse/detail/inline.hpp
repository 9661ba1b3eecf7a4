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
