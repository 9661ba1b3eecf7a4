// A minimal checker for the test programs that cannot use doctest (those built
// with -fno-exceptions -fno-rtti): check() counts, report() prints the closing
// line "N passed, N failed" and gives main()'s exit code.
#ifndef SSE_TESTS_CHECK_HPP
#define SSE_TESTS_CHECK_HPP

#include <cstdio>

namespace check_support {
inline int checks = 0;
inline int failures = 0;
}  // namespace check_support

inline void check(bool ok, const char* what) {
    ++check_support::checks;
    if (!ok) {
        ++check_support::failures;
        std::printf("FAILED: %s\n", what);
    }
}

inline int report() {
    std::printf("%d passed, %d failed\n", check_support::checks - check_support::failures, check_support::failures);
    return check_support::failures == 0 ? 0 : 1;
}

#endif  // SSE_TESTS_CHECK_HPP
