// Tests of fanout::RedisHistory (sse::History over a Redis stream), against a
// real redis-server on 127.0.0.1:$SSE_TEST_REDIS_PORT (see test_redis_stream.cpp).
#include "redis_history.hpp"

#include <doctest/doctest.h>

#include <sse/writer.hpp>

#include <cstdlib>
#include <string>
#include <vector>

namespace {

fanout::Endpoint endpoint() {
    const char* p = std::getenv("SSE_TEST_REDIS_PORT");
    const int port = p != nullptr ? std::atoi(p) : 0;
    REQUIRE_MESSAGE(port > 0, "set SSE_TEST_REDIS_PORT to the port of a scratch redis-server");
    return {"127.0.0.1", port};
}

std::string fresh_key(const char* name) {
    fanout::RedisStream admin(endpoint(), "unused");
    std::string ignored;
    const std::string key = std::string("sse-test-history:") + name;
    REQUIRE(admin.raw({"DEL", key}, ignored) == fanout::Outcome::ok);
    return key;
}

std::string frame_of(const std::string& id, const char* type, const char* data) {
    sse::Event e = sse::Event::data(data).id(id);
    if (type != nullptr) e.event_type(type);
    return e.encode();
}

}  // namespace

TEST_CASE("append stores type and data under Redis' id; the frame is the library's encoding") {
    fanout::RedisHistory h(endpoint(), fresh_key("append"));
    const sse::Frame f = h.append(sse::Event::data("a\r\nb").event_type("token").id("ignored").retry(5));
    REQUIRE_FALSE(f.empty());
    fanout::StreamId parsed;
    CHECK(fanout::parse_stream_id(f.id(), parsed));
    CHECK(f.bytes() == "id: " + std::string(f.id()) + "\nevent: token\ndata: a\ndata: b\n\n");
}

TEST_CASE("after: resumed with exactly the frames after the id, on any RedisHistory of the key") {
    const std::string key = fresh_key("after");
    fanout::RedisHistory writer_side(endpoint(), key);
    fanout::RedisHistory reader_side(endpoint(), key);  // another instance, another connection

    const sse::Replay none = reader_side.after("");
    CHECK(none.status == sse::ReplayStatus::resumed);
    CHECK(none.frames.empty());
    CHECK(none.last_id.empty());  // no stream yet

    std::vector<std::string> ids;
    for (const char* d : {"one", "two", "three"}) ids.emplace_back(writer_side.append(sse::Event::data(d)).id());
    const std::string typed(writer_side.append(sse::Event::data("four").event_type("t")).id());

    const sse::Replay from_now = reader_side.after("");
    CHECK(from_now.status == sse::ReplayStatus::resumed);
    CHECK(from_now.frames.empty());
    CHECK(from_now.last_id == typed);

    const sse::Replay r = reader_side.after(ids[0]);
    REQUIRE(r.status == sse::ReplayStatus::resumed);
    REQUIRE(r.frames.size() == 3);
    CHECK(r.frames[0].bytes() == frame_of(ids[1], nullptr, "two"));
    CHECK(r.frames[1].bytes() == frame_of(ids[2], nullptr, "three"));
    CHECK(r.frames[2].bytes() == frame_of(typed, "t", "four"));
    CHECK(r.last_id == typed);

    const sse::Replay at_end = reader_side.after(typed);
    CHECK(at_end.status == sse::ReplayStatus::resumed);
    CHECK(at_end.frames.empty());
}

TEST_CASE("after: more entries than one page come back whole and in order") {
    const std::string key = fresh_key("pages");
    fanout::RedisHistory h(endpoint(), key, 100000);
    const std::string first(h.append(sse::Event::data("0")).id());
    const std::size_t n = fanout::RedisHistory::page_size * 2 + 7;
    for (std::size_t i = 1; i <= n; ++i) REQUIRE_FALSE(h.append(sse::Event::data(std::to_string(i))).empty());
    const sse::Replay r = h.after(first);
    REQUIRE(r.status == sse::ReplayStatus::resumed);
    REQUIRE(r.frames.size() == n);
    bool in_order = true;
    for (std::size_t i = 0; i < n; ++i) {
        in_order = in_order && r.frames[i].bytes().find("\ndata: " + std::to_string(i + 1) + "\n") != std::string::npos;
    }
    CHECK(in_order);
}

TEST_CASE("after: a trimmed id is too_old, a foreign or future id unknown; resync_event carries the newest id") {
    const std::string key = fresh_key("resync");
    fanout::RedisHistory h(endpoint(), key, 10);
    const std::string first(h.append(sse::Event::data("first")).id());
    std::string last;
    for (int i = 0; i < 300; ++i) last = std::string(h.append(sse::Event::data("x")).id());

    const sse::Replay old = h.after(first);
    CHECK(old.status == sse::ReplayStatus::too_old);
    CHECK(old.frames.empty());
    CHECK(old.last_id == last);
    CHECK(sse::resync_event(old).encode() == "id: " + last + "\nevent: resync\ndata: too_old\n\n");

    for (const char* foreign : {"42", "abc", "1-1-1", "99999999999999-0"}) {
        CAPTURE(foreign);
        const sse::Replay r = h.after(foreign);
        CHECK(r.status == sse::ReplayStatus::unknown);
        CHECK(r.last_id == last);
    }
    // A well-formed id older than everything: Redis may have trimmed it.
    CHECK(h.after("1-0").status == sse::ReplayStatus::too_old);

    // A stream that no longer exists (e.g. Redis lost its data): unknown, no id.
    std::string ignored;
    REQUIRE(h.stream().raw({"DEL", key}, ignored) == fanout::Outcome::ok);
    const sse::Replay gone = h.after(last);
    CHECK(gone.status == sse::ReplayStatus::unknown);
    CHECK(gone.last_id.empty());
}

TEST_CASE("wait_after: the live tail, as frames; timeout when nothing comes") {
    const std::string key = fresh_key("tail");
    fanout::RedisHistory h(endpoint(), key);
    fanout::RedisHistory publisher(endpoint(), key);
    const std::string a(publisher.append(sse::Event::data("a")).id());
    std::vector<sse::Frame> got;
    CHECK(h.wait_after(a, 20, got) == fanout::Outcome::timeout);
    CHECK(got.empty());
    const std::string b(publisher.append(sse::Event::data("b").event_type("t")).id());
    REQUIRE(h.wait_after(a, 1000, got) == fanout::Outcome::ok);
    REQUIRE(got.size() == 1);
    CHECK(got[0].bytes() == frame_of(b, "t", "b"));
    // The same frames go through sse::Writer unchanged.
    std::string wire;
    sse::Writer w([&wire](std::string_view bytes) {
        wire += bytes;
        return true;
    });
    CHECK(w.send(got[0]));
    CHECK(wire == got[0].bytes());
}

TEST_CASE("an unreachable Redis: append gives an empty frame, after gives unavailable") {
    fanout::RedisHistory h({"127.0.0.1", 1}, "k", 10, {200, 200});
    CHECK(h.append(sse::Event::data("x")).empty());
    CHECK(h.last_outcome() == fanout::Outcome::unavailable);
    const sse::Replay r = h.after("1-0");
    CHECK(r.status == sse::ReplayStatus::unavailable);
    CHECK(r.frames.empty());
    std::vector<sse::Frame> got;
    CHECK(h.wait_after("0-0", 10, got) == fanout::Outcome::unavailable);
}
