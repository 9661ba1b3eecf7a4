#include <sse/stream.hpp>

#include <doctest/doctest.h>

#include <string>
#include <utility>

namespace {
const sse::HeaderList three_headers = {
    {"Content-Type", "text/event-stream"}, {"Cache-Control", "no-cache"}, {"X-Accel-Buffering", "no"}};
}

TEST_CASE("Stream: the quick-start sequence (README, demo_server's /updates), byte for byte") {
    sse::Response r = sse::Stream()
                          .event("connected", "ready")
                          .push(sse::Event::data(R"({"count":1})").id("1").event_type("update"))
                          .push(sse::Event::data(R"({"count":2})").id("2").event_type("update"))
                          .comment("keep-alive")
                          .into_response();
    CHECK(r.status == 200);
    CHECK(r.headers == three_headers);
    CHECK(r.body ==
          "event: connected\ndata: ready\n\n"
          "id: 1\nevent: update\ndata: {\"count\":1}\n\n"
          "id: 2\nevent: update\ndata: {\"count\":2}\n\n"
          ": keep-alive\n\n");
}

TEST_CASE("Stream: data and retry frames in a sequence") {
    CHECK(sse::Stream().data("plain").retry(5000).comment("keep-alive").body() ==
          "data: plain\n\nretry: 5000\n\n: keep-alive\n\n");
}

TEST_CASE("Stream: each method's frame") {
    CHECK(sse::Stream().event("t", "a\nb").view() == "event: t\ndata: a\ndata: b\n\n");
    CHECK(sse::Stream().data("").view() == "data: \n\n");
    CHECK(sse::Stream().data("end\n").view() == "data: end\ndata: \n\n");
    CHECK(sse::Stream().retry(0).view() == "retry: 0\n\n");
    CHECK(sse::Stream().comment("a\nb").view() == ": a\n: b\n\n");
    CHECK(sse::Stream().push(sse::Event()).view() == "data: \n\n");
}

TEST_CASE("Stream: push gives the same bytes as Event::encode") {
    const auto e = sse::Event::data("x\r\ny").id("5").event_type("t").retry(7);
    CHECK(sse::Stream().push(e).view() == e.encode());
}

TEST_CASE("Stream: a named stream, built step by step") {
    sse::Stream s;
    s.data("1");
    s.event("t", "2").comment("c");
    CHECK(s.view() == "data: 1\n\nevent: t\ndata: 2\n\n: c\n\n");
    CHECK(s.body() == s.view());
    const sse::Response copy = s.into_response();  // a named stream keeps its bytes
    CHECK(copy.body == s.view());
    CHECK(copy.headers == three_headers);
    const sse::Response moved = std::move(s).into_response();
    CHECK(moved.body == "data: 1\n\nevent: t\ndata: 2\n\n: c\n\n");
    CHECK(moved.status == 200);
}

TEST_CASE("Stream: an invalid event type is rejected before anything is appended") {
    sse::Stream s;
    s.data("before");
    CHECK_THROWS_WITH_AS(s.event("bad\ntype", "x"),
                         "sse: event type contains LF (0x0A) at byte 3; an event type may not contain CR or LF",
                         sse::invalid_field);
    CHECK(s.view() == "data: before\n\n");
}

TEST_CASE("Stream: clear keeps nothing") {
    sse::Stream s;
    s.data("x").clear();
    CHECK(s.view().empty());
    CHECK(std::move(s).body().empty());
}
