// Two translation units of one program built with different knobs (this one:
// exceptions, SIMD; abi_knobs_b.cpp: -fno-exceptions -fno-rtti, SSE_NO_SIMD=1,
// its own SSE_ON_INVALID_ARGUMENT). Each knob selects its own inline
// namespace, so the inline functions of the two TUs are different symbols and
// each TU keeps its own behaviour. Without that, the linker would keep one
// definition of, e.g., Event::id<...>() for both, and one TU would throw where
// it must call its handler (or the reverse). Built without inlining, so every
// call goes through the linked symbol.
#include <sse/sse.hpp>

#include "check.hpp"

#include <string>

// In abi_knobs_b.cpp: sets an invalid id and returns how often its handler ran.
int knobs_b_rejections();
std::string knobs_b_encode(const std::string& data);

static int rejected_by_throw() {
    try {
        sse::Event e;
        e.id("1\n2");
    } catch (const sse::invalid_field& error) {
        return error.code() == sse::errc::id_contains_lf ? 1 : 0;
    }
    return 0;
}

int main() {
    static_assert(SSE_USE_EXCEPTIONS == 1 && SSE_NO_SIMD == 0, "TU a: the default knobs");
    check(rejected_by_throw() == 1, "TU a throws sse::invalid_field");
    check(knobs_b_rejections() == 1, "TU b calls its own handler, no throw");
    check(rejected_by_throw() == 1, "TU a still throws after TU b ran");
    const std::string data = "The quick brown fox jumps over the lazy dog\r\nline two";
    check(knobs_b_encode(data) == sse::Event::data(data).encode(), "both TUs encode alike");
    return report();
}
