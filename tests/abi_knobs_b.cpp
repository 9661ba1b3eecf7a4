// Second TU of the knob test (see abi_knobs_a.cpp): no exceptions, no SIMD,
// a handler of its own.
#define SSE_NO_SIMD 1
namespace {
int handler_calls = 0;
}  // namespace
#define SSE_ON_INVALID_ARGUMENT(message) (static_cast<void>(message), ++handler_calls)
#include <sse/sse.hpp>

#include <string>

int knobs_b_rejections();
std::string knobs_b_encode(const std::string& data);

static_assert(SSE_USE_EXCEPTIONS == 0 && SSE_NO_SIMD == 1, "TU b: the other knobs");

int knobs_b_rejections() {
    sse::Event e;
    e.id("1\n2");
    return e.id() ? -1 : handler_calls;
}

std::string knobs_b_encode(const std::string& data) { return sse::Event::data(data).encode(); }
