// Two translation units include the whole library; the test binary links both.
#include <sse/sse.hpp>

#include <doctest/doctest.h>

std::string odr_encode_b(const sse::Event& e);

std::string odr_encode_a(const sse::Event& e) { return e.encode(); }

TEST_CASE("odr: two translation units including <sse/sse.hpp> link and agree") {
    const auto e = sse::Event::data("x\ny").id("7");
    CHECK(odr_encode_a(e) == odr_encode_b(e));
    CHECK(odr_encode_a(e) == "id: 7\ndata: x\ndata: y\n\n");
}
