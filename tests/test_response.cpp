#include <sse/response.hpp>

#include <doctest/doctest.h>

TEST_CASE("stream_headers: exactly the three headers, in order, never Connection") {
    const std::vector<sse::Header> expected = {
        {"Content-Type", "text/event-stream"}, {"Cache-Control", "no-cache"}, {"X-Accel-Buffering", "no"}};
    CHECK(sse::stream_headers() == expected);
    for (const auto& h : sse::stream_headers()) CHECK(h.name != "Connection");
    CHECK(sse::content_type == "text/event-stream");
}

TEST_CASE("Response: defaults to status 200") {
    const sse::Response r;
    CHECK(r.status == 200);
    CHECK(r.headers.empty());
    CHECK(r.body.empty());
}
