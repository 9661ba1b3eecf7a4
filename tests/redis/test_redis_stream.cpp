// Tests of the hiredis wrapper of the redis_fanout example, against a real
// redis-server on 127.0.0.1:$SSE_TEST_REDIS_PORT (tools/ci.d/70-redis.sh starts
// one with no persistence). Without that variable only the parsing tests run
// and the Redis ones fail with a message saying so.
#include "redis_stream.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace {

int redis_port() {
    const char* p = std::getenv("SSE_TEST_REDIS_PORT");
    return p != nullptr ? std::atoi(p) : 0;
}

fanout::Endpoint redis_endpoint() {
    const int port = redis_port();
    REQUIRE_MESSAGE(port > 0, "set SSE_TEST_REDIS_PORT to the port of a scratch redis-server");
    return {"127.0.0.1", port};
}

// A key of its own for each test case, so reruns and cases do not mix.
std::string fresh_key(fanout::RedisStream& admin, const char* name) {
    std::string ignored;
    const std::string key = std::string("sse-test:") + name;
    REQUIRE(admin.raw({"DEL", key}, ignored) == fanout::Outcome::ok);
    return key;
}

}  // namespace

TEST_CASE("parse_stream_id accepts exactly <ms>-<seq>") {
    fanout::StreamId id;
    CHECK(fanout::parse_stream_id("1700000000000-0", id));
    CHECK(id.ms == 1700000000000u);
    CHECK(id.seq == 0u);
    CHECK(fanout::parse_stream_id("0-0", id));
    CHECK(fanout::parse_stream_id("18446744073709551615-18446744073709551615", id));
    CHECK(id.ms == UINT64_MAX);
    for (const char* bad : {"", "-", "5", "5-", "-5", "a-1", "1-a", " 1-1", "1-1 ", "1--1", "+", "$", "*",
                            "18446744073709551616-0", "1-2-3", "1-+2"}) {
        CAPTURE(bad);
        CHECK_FALSE(fanout::parse_stream_id(bad, id));
    }
    fanout::StreamId a{1, 9};
    fanout::StreamId b{2, 0};
    CHECK(a < b);
    CHECK_FALSE(b < a);
}

TEST_CASE("parse_endpoint reads HOST:PORT") {
    fanout::Endpoint e;
    CHECK(fanout::parse_endpoint("127.0.0.1:6380", e));
    CHECK(e.host == "127.0.0.1");
    CHECK(e.port == 6380);
    for (const char* bad : {"", "127.0.0.1", "127.0.0.1:", ":6379", "h:0", "h:65536", "h:12x"}) {
        CAPTURE(bad);
        CHECK_FALSE(fanout::parse_endpoint(bad, e));
    }
}

TEST_CASE("Backoff doubles up to its cap") {
    fanout::Backoff b{5, 50, 300};
    CHECK(b.delay_ms(1) == 50);
    CHECK(b.delay_ms(2) == 100);
    CHECK(b.delay_ms(3) == 200);
    CHECK(b.delay_ms(4) == 300);
    CHECK(b.delay_ms(40) == 300);
}

TEST_CASE("append, read_after and range_from round-trip entries in order, bytes intact") {
    fanout::RedisStream admin(redis_endpoint(), "unused");
    const std::string key = fresh_key(admin, "roundtrip");
    fanout::RedisStream redis(redis_endpoint(), key);

    std::string last;
    CHECK(redis.last_id(last) == fanout::Outcome::no_stream);

    const std::string binary("a\r\nb\rc\nd\0e", 10);
    std::vector<std::string> ids(3);
    REQUIRE(redis.append("", "first", ids[0]) == fanout::Outcome::ok);
    REQUIRE(redis.append("token", binary, ids[1]) == fanout::Outcome::ok);
    REQUIRE(redis.append("done", "", ids[2]) == fanout::Outcome::ok);
    fanout::StreamId a, b, c;
    REQUIRE(fanout::parse_stream_id(ids[0], a));
    REQUIRE(fanout::parse_stream_id(ids[1], b));
    REQUIRE(fanout::parse_stream_id(ids[2], c));
    CHECK(a < b);
    CHECK(b < c);

    REQUIRE(redis.last_id(last) == fanout::Outcome::ok);
    CHECK(last == ids[2]);

    std::vector<fanout::Entry> got;
    REQUIRE(redis.read_after(ids[0], 10, 100, got) == fanout::Outcome::ok);
    REQUIRE(got.size() == 2);
    CHECK(got[0].id == ids[1]);
    CHECK(got[0].type == "token");
    CHECK(got[0].data == binary);
    CHECK(got[1].id == ids[2]);
    CHECK(got[1].type == "done");
    CHECK(got[1].data.empty());

    got.clear();
    REQUIRE(redis.range_from(ids[0], 10, got) == fanout::Outcome::ok);
    REQUIRE(got.size() == 3);
    CHECK(got[0].id == ids[0]);
    CHECK(got[0].type.empty());
    CHECK(got[0].data == "first");

    got.clear();
    CHECK(redis.read_after(ids[2], 10, 50, got) == fanout::Outcome::timeout);
    CHECK(got.empty());
    // The connection is still usable after a BLOCK that timed out.
    REQUIRE(redis.read_after("0-0", 1, 50, got) == fanout::Outcome::ok);
    REQUIRE(got.size() == 1);
    CHECK(got[0].id == ids[0]);
}

TEST_CASE("MAXLEN ~ trims the oldest entries: range_from no longer starts at a trimmed id") {
    fanout::RedisStream admin(redis_endpoint(), "unused");
    const std::string key = fresh_key(admin, "trim");
    fanout::RedisStream redis(redis_endpoint(), key);
    std::string first, id;
    REQUIRE(redis.append("", "0", first, 10) == fanout::Outcome::ok);
    for (int i = 1; i < 500; ++i) REQUIRE(redis.append("", std::to_string(i), id, 10) == fanout::Outcome::ok);
    std::vector<fanout::Entry> got;
    REQUIRE(redis.range_from(first, 1, got) == fanout::Outcome::ok);
    REQUIRE(got.size() == 1);
    CHECK(got[0].id != first);
    got.clear();
    REQUIRE(redis.range_from(id, 5, got) == fanout::Outcome::ok);
    REQUIRE(got.size() == 1);
    CHECK(got[0].id == id);
    CHECK(got[0].data == "499");
}

TEST_CASE("Redis errors and an unreachable Redis are reported, never thrown or hung") {
    fanout::RedisStream admin(redis_endpoint(), "unused");
    const std::string key = fresh_key(admin, "errors");
    fanout::RedisStream redis(redis_endpoint(), key);
    std::string id;
    REQUIRE(redis.append("", "x", id) == fanout::Outcome::ok);
    std::vector<fanout::Entry> got;
    CHECK(redis.range_from("not-an-id", 1, got) == fanout::Outcome::error);
    CHECK(redis.last_error().find("Invalid stream ID") != std::string::npos);
    // The connection survives a Redis error.
    CHECK(redis.range_from(id, 1, got) == fanout::Outcome::ok);

    // Port 1 on loopback: nothing listens there (connection refused).
    fanout::RedisStream nowhere({"127.0.0.1", 1}, key, {200, 200});
    CHECK(nowhere.append("", "x", id) == fanout::Outcome::unavailable);
    CHECK(nowhere.last_error().find("127.0.0.1:1") != std::string::npos);
    CHECK_FALSE(nowhere.connected());
}
