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
