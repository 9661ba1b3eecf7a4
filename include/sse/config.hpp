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
//       not used: the object stays as it was and no byte is written.
//   SSE_ASSERT(condition)
//       Checks of preconditions that are the caller's bugs (never of user
//       data). Default: assert().
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

#if !SSE_USE_EXCEPTIONS && !defined(SSE_ON_INVALID_ARGUMENT)
#include <cstdio>
#include <cstdlib>
namespace sse::detail {
[[noreturn]] inline void default_invalid_argument_handler(const char* message) noexcept {
    std::fputs(message, stderr);
    std::fputc('\n', stderr);
    std::abort();
}
}  // namespace sse::detail
#define SSE_ON_INVALID_ARGUMENT(message) ::sse::detail::default_invalid_argument_handler(message)
#endif

#if defined(__GNUC__) || defined(__clang__)
#define SSE_DETAIL_LIKELY(x) __builtin_expect(!!(x), 1)
#define SSE_DETAIL_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define SSE_DETAIL_LIKELY(x) (x)
#define SSE_DETAIL_UNLIKELY(x) (x)
#endif

#endif  // SSE_CONFIG_HPP
