// Slices made from a temporary Event must not compile: they would point into
// the Event's storage, freed at the end of the statement (heap-use-after-free
// when they are written). Built by sse_compile_fail_test (tests/CMakeLists.txt):
// with SSE_COMPILE_FAIL_CASE=N the file adds misuse N and must fail to build;
// without it, it must build, so each failure is the misuse line alone.
#include <sse/slices.hpp>

#include <utility>

int main() {
    const sse::Event e = sse::Event::data("x");  // outlives the slices: fine
    sse::Slices s = sse::encode_slices(e);
    sse::Slices t(e);
    sse::encode_slices(e, s);
    t.assign(e);
#if SSE_COMPILE_FAIL_CASE == 1
    sse::Slices u = sse::encode_slices(sse::Event::data("x"));
#elif SSE_COMPILE_FAIL_CASE == 2
    sse::Slices u(sse::Event::data("x"));
#elif SSE_COMPILE_FAIL_CASE == 3
    sse::encode_slices(sse::Event::data("x"), s);
#elif SSE_COMPILE_FAIL_CASE == 4
    s.assign(sse::Event::data("x"));
#elif SSE_COMPILE_FAIL_CASE == 5
    sse::Slices u = sse::encode_slices(std::move(e));  // a const rvalue
#endif
    return s.bytes() == t.bytes() ? 0 : 1;
}
