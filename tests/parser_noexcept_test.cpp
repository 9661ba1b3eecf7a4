// Built with -fno-exceptions -fno-rtti: the parser reports a too-long line or
// too-large event through its return code and error(), and keeps working.
#include <sse/parser.hpp>

#include "check.hpp"

#include <cstdio>
#include <string>


int main() {
    static_assert(SSE_USE_EXCEPTIONS == 0, "this test must be built with -fno-exceptions");

    sse::Parser parser(16);
    std::string seen;
    auto keep = [&](const sse::MessageEvent& ev) {
        seen.append(ev.data.data(), ev.data.size());
        seen += ';';
    };
    check(parser.feed("data: one\n\ndata: 0123456789abcdef\n\ndata: never\n\n", keep) ==
              sse::parse_errc::line_too_long,
          "a line over the limit is reported");
    check(seen == "one;", "the event before the error is delivered, nothing after");
    check(parser.error() == sse::parse_errc::line_too_long, "error() tells the same");
    check(parser.feed("data: x\n\n", keep) == sse::parse_errc::line_too_long, "the parser stays stopped");
    parser.finish();
    check(parser.feed("data: 0123456789\ndata: 0123456789\n\n", keep) == sse::parse_errc::data_too_large,
          "data over the limit is reported");
    parser.finish();
    check(parser.feed("data: two\n\n", keep) == sse::parse_errc::ok, "finish() starts a new stream");
    check(seen == "one;two;", "events after finish() are delivered");

    return report();
}
