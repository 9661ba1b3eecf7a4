#include <sse/response.hpp>

#include <doctest/doctest.h>

TEST_CASE("stream_headers: exactly the three headers, in order, never Connection") {
    const sse::HeaderList expected = {
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

TEST_CASE("stream_header_fields: the same three headers as stream_headers(), as constants") {
    static_assert(sizeof(sse::stream_header_fields) / sizeof(sse::stream_header_fields[0]) == 3);
    const auto headers = sse::stream_headers();
    REQUIRE(headers.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(sse::stream_header_fields[i].name == headers[i].name);
        CHECK(sse::stream_header_fields[i].value == headers[i].value);
    }
}

TEST_CASE("http1_stream_head: status line, the three headers, blank line; no Connection, no length") {
    CHECK(sse::http1_stream_head ==
          "HTTP/1.1 200 OK\r\n"
          "Content-Type: text/event-stream\r\n"
          "Cache-Control: no-cache\r\n"
          "X-Accel-Buffering: no\r\n"
          "\r\n");
    std::string from_headers = "HTTP/1.1 200 OK\r\n";
    for (const auto& h : sse::stream_headers()) from_headers += h.name + ": " + h.value + "\r\n";
    from_headers += "\r\n";
    CHECK(sse::http1_stream_head == from_headers);
    for (const char* absent : {"Connection", "Content-Length", "Transfer-Encoding"}) {
        CHECK(sse::http1_stream_head.find(absent) == std::string_view::npos);
    }
}

TEST_CASE("no-transform preset: the same three headers with Cache-Control: no-cache, no-transform") {
    const sse::HeaderList expected = {{"Content-Type", "text/event-stream"},
                                               {"Cache-Control", "no-cache, no-transform"},
                                               {"X-Accel-Buffering", "no"}};
    CHECK(sse::stream_headers_no_transform() == expected);
    static_assert(sizeof(sse::stream_header_fields_no_transform) / sizeof(sse::stream_header_fields_no_transform[0]) ==
                  3);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(sse::stream_header_fields_no_transform[i].name == expected[i].name);
        CHECK(sse::stream_header_fields_no_transform[i].value == expected[i].value);
    }
    CHECK(sse::http1_stream_head_no_transform ==
          "HTTP/1.1 200 OK\r\n"
          "Content-Type: text/event-stream\r\n"
          "Cache-Control: no-cache, no-transform\r\n"
          "X-Accel-Buffering: no\r\n"
          "\r\n");
    // Opt-in only: the default presets keep plain no-cache.
    CHECK(sse::stream_headers()[1].value == "no-cache");
    CHECK(sse::http1_stream_head.find("no-transform") == std::string_view::npos);
}
