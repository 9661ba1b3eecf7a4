// Utf8Joiner misuse that would leave a Utf8Text or finish() view dangling must
// not compile: a temporary std::string fed (tail points into it), a temporary
// joiner (head and finish() point into it). Built by sse_compile_fail_test
// (tests/CMakeLists.txt): with SSE_COMPILE_FAIL_CASE=N the file adds misuse N
// and must fail to build; without it, it must build.
#include <sse/utf8.hpp>

#include <string>
#include <utility>

int main() {
    sse::Utf8Joiner j;
    const std::string kept = "caf\xC3";
    std::string text = j.feed(kept).str();  // an lvalue string: fine
    text += j.feed("\xA9").str();           // a literal: fine
    text += std::string(j.finish());
#if SSE_COMPILE_FAIL_CASE == 1
    text += j.feed(std::string("x")).str();
#elif SSE_COMPILE_FAIL_CASE == 2
    text += j.feed(std::move(kept)).str();  // a const rvalue
#elif SSE_COMPILE_FAIL_CASE == 3
    text += sse::Utf8Joiner().feed("x").str();
#elif SSE_COMPILE_FAIL_CASE == 4
    text += std::string(sse::Utf8Joiner().finish());
#endif
    return text == "caf\xC3\xA9" ? 0 : 1;
}
