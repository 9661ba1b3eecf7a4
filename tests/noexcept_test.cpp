// Built with -fno-exceptions -fno-rtti: invalid input reaches the overridable
// SSE_ON_INVALID_ARGUMENT handler; when it returns, nothing is set or written.
#include <cstdio>
#include <string>

namespace {
int handler_calls = 0;
std::string last_message;
}  // namespace

#define SSE_ON_INVALID_ARGUMENT(message) (++handler_calls, last_message = (message))
#include <sse/sse.hpp>

#include "check.hpp"


int main() {
    static_assert(SSE_USE_EXCEPTIONS == 0, "this test must be built with -fno-exceptions");

    auto e = sse::Event::data("x").id("1");
    e.id("2\nevent: forged");
    check(handler_calls == 1, "handler called for an id with LF");
    check(last_message.find("event id contains LF") != std::string::npos, "message names field and character");
    check(e.encode() == "id: 1\ndata: x\n\n", "rejected id leaves the event unchanged");

    e.event_type("t\r");
    check(handler_calls == 2, "handler called for an event type with CR");
    check(e.encode() == "id: 1\ndata: x\n\n", "rejected type leaves the event unchanged");

    sse::Stream s;
    s.data("a").event("bad\n", "never written");
    check(handler_calls == 3, "handler called by Stream::event");
    check(s.view() == "data: a\n\n", "nothing appended for a rejected type");

    check(e.try_id("3\r") == sse::errc::id_contains_cr, "try_id reports without the handler");
    check(handler_calls == 3, "try_id does not call the handler");

    return report();
}
