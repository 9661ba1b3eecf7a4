#include <sse/writer.hpp>

#include <sse/stream.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace {

// Records every sink call; says "peer gone" from call number `fail_at` on (1-based, 0 = never).
struct Recorder {
    std::vector<std::string> writes;
    std::vector<const char*> pointers;
    std::size_t fail_at = 0;
    bool operator()(std::string_view bytes) {
        writes.emplace_back(bytes);
        pointers.push_back(bytes.data());
        return fail_at == 0 || writes.size() < fail_at;
    }
};

std::string joined(const std::vector<std::string>& writes) {
    std::string all;
    for (const auto& w : writes) all += w;
    return all;
}

// Strings that exercise every line-end form, also at piece boundaries.
const char* const piece_inputs[] = {
    "", "a", "hello", "a\r\nb", "a\rb", "a\nb", "\r\n", "\r", "\n", "x\r\n\r\ny", "end\r\n", "\r\nstart",
    "a\r\rb", "a\n\rb", "{\"k\":\"v\",\r\n\"n\":[1,2]}\r", "h\xC3\xA9llo\r\n\xE2\x9C\x93"};

}  // namespace

TEST_CASE("Writer: deduction guide and sink requirements") {
    auto sink = [](std::string_view) { return true; };
    sse::Writer w(sink);
    static_assert(std::is_same_v<decltype(w), sse::Writer<decltype(sink)>>);
    CHECK(w.open());
}

TEST_CASE("Writer: send(Event) writes exactly e.encode() in one sink call") {
    sse::Writer w{Recorder{}};
    const auto e = sse::Event::data("a\r\nb").id("7").event_type("token").retry(100);
    CHECK(w.send(e));
    REQUIRE(w.sink().writes.size() == 1);
    CHECK(w.sink().writes[0] == "id: 7\nevent: token\nretry: 100\ndata: a\ndata: b\n\n");
    CHECK(w.sink().writes[0] == e.encode());
    CHECK(w.send(sse::Event()));
    REQUIRE(w.sink().writes.size() == 2);
    CHECK(w.sink().writes[1] == "data: \n\n");
}

TEST_CASE("Writer: comment, retry and ping, one sink call each") {
    sse::Writer w{Recorder{}};
    CHECK(w.comment("a\nb"));
    CHECK(w.retry(2500));
    CHECK(w.ping());
    CHECK(w.comment(""));
    const std::vector<std::string> expected = {": a\n: b\n\n", "retry: 2500\n\n", ": keep-alive\n\n", ": \n\n"};
    CHECK(w.sink().writes == expected);
    CHECK(sse::keep_alive_text == "keep-alive");
}

TEST_CASE("Writer: the same bytes as sse::Stream for the same sequence") {
    sse::Writer w{Recorder{}};
    w.send(sse::Event::data("ready").event_type("connected"));
    w.send(sse::Event::data("{}").id("1"));
    w.retry(5000);
    w.comment("keep-alive");
    const std::string expected = sse::Stream()
                                     .event("connected", "ready")
                                     .push(sse::Event::data("{}").id("1"))
                                     .retry(5000)
                                     .comment("keep-alive")
                                     .body();
    CHECK(joined(w.sink().writes) == expected);
    CHECK(w.sink().writes.size() == 4);
}

TEST_CASE("Writer: send(Frame) hands the shared bytes to the sink without a copy") {
    sse::Writer w{Recorder{}};
    const sse::Frame f(sse::Event::data("x\ny").id("3"));
    CHECK(w.send(f));
    CHECK(w.send(f));
    REQUIRE(w.sink().writes.size() == 2);
    CHECK(w.sink().writes[0] == "id: 3\ndata: x\ndata: y\n\n");
    CHECK(w.sink().writes[1] == w.sink().writes[0]);
    CHECK(w.sink().pointers[0] == f.bytes().data());
    CHECK(w.sink().pointers[1] == f.bytes().data());
    CHECK(f.use_count() == 1);  // the writer kept no copy

    CHECK(w.send(sse::Frame()));  // an empty frame writes nothing
    CHECK(w.sink().writes.size() == 2);
}

TEST_CASE("Writer: the frame buffer is reused (no reallocation in steady state)") {
    sse::Writer w{Recorder{}};
    w.send(sse::Event::data(std::string(200, 'x')).id("1"));  // warm-up: grows the buffer
    for (int i = 0; i < 10; ++i) {
        w.send(sse::Event::data("token").event_type("token").id("12345"));
        w.comment("c");
        w.retry(10);
    }
    const auto& p = w.sink().pointers;
    REQUIRE(p.size() == 31);
    for (std::size_t i = 1; i < p.size(); ++i) CHECK(p[i] == p[0]);
}

TEST_CASE("Writer: once the peer is gone, every call returns false without calling the sink") {
    Recorder r;
    r.fail_at = 2;
    sse::Writer w(r);
    CHECK(w.send(sse::Event::data("1")));
    CHECK(w.open());
    CHECK_FALSE(w.send(sse::Event::data("2")));  // this write found the peer gone
    CHECK_FALSE(w.open());
    CHECK(w.sink().writes.size() == 2);

    CHECK_FALSE(w.send(sse::Event::data("3")));
    CHECK_FALSE(w.send(sse::Frame(sse::Event::data("4"))));
    CHECK_FALSE(w.send(sse::Frame()));
    CHECK_FALSE(w.comment("c"));
    CHECK_FALSE(w.retry(1));
    CHECK_FALSE(w.ping());
    w.begin(sse::Event().id("9"));
    w.write_data("piece");
    CHECK_FALSE(w.end());
    CHECK(w.sink().writes.size() == 2);
}

TEST_CASE("Writer: a frame fails whole; a failing first write closes at once") {
    Recorder r;
    r.fail_at = 1;
    sse::Writer w(r);
    CHECK_FALSE(w.send(sse::Frame(sse::Event::data("x"))));
    CHECK_FALSE(w.open());
    CHECK_FALSE(w.ping());
    CHECK(w.sink().writes.size() == 1);
}

TEST_CASE("Writer: an exception from the sink passes through and the writer stays usable") {
    int calls = 0;
    sse::Writer w([&calls](std::string_view) -> bool {
        if (++calls == 1) throw std::runtime_error("socket error");
        return true;
    });
    CHECK_THROWS_AS(w.send(sse::Event::data("a")), std::runtime_error);
    CHECK(w.open());
    CHECK(w.send(sse::Event::data("b")));
    CHECK(calls == 2);
}

TEST_CASE("Writer: an adapted chunked writer (write(const char*, size_t) -> bool)") {
    struct ChunkedSink {  // the shape of cpp-httplib's DataSink::write
        std::string out;
        bool write(const char* p, std::size_t n) {
            out.append(p, n);
            return true;
        }
    } server_sink;
    sse::Writer w([&server_sink](std::string_view b) { return server_sink.write(b.data(), b.size()); });
    w.retry(1000);
    w.send(sse::Event::data("tok").event_type("token").id("1"));
    CHECK(server_sink.out == "retry: 1000\n\nid: 1\nevent: token\ndata: tok\n\n");
}

TEST_CASE("Writer: data in pieces equals encoding the whole string, for every split point") {
    for (const char* input : piece_inputs) {
        const std::string whole = input;
        const std::string expected = sse::Event::data(whole).id("5").event_type("json").encode();
        // Two pieces, every split point.
        for (std::size_t i = 0; i <= whole.size(); ++i) {
            sse::Writer w{Recorder{}};
            w.begin(sse::Event().id("5").event_type("json"));
            w.write_data(std::string_view(whole).substr(0, i));
            w.write_data(std::string_view(whole).substr(i));
            CHECK(w.end());
            REQUIRE(w.sink().writes.size() == 1);
            CHECK(w.sink().writes[0] == expected);
        }
        // Three pieces, every pair of split points; the first piece given as begin()'s data.
        for (std::size_t i = 0; i <= whole.size(); ++i) {
            for (std::size_t j = i; j <= whole.size(); ++j) {
                sse::Writer w{Recorder{}};
                w.begin(sse::Event::data(whole.substr(0, i)).id("5").event_type("json"));
                w.write_data(std::string_view(whole).substr(i, j - i));
                w.write_data(std::string_view(whole).substr(j));
                CHECK(w.end());
                REQUIRE(w.sink().writes.size() == 1);
                CHECK(w.sink().writes[0] == expected);
            }
        }
        // One byte at a time.
        sse::Writer w{Recorder{}};
        w.begin(sse::Event().id("5").event_type("json"));
        for (const char c : whole) w.write_data(std::string_view(&c, 1));
        CHECK(w.end());
        CHECK(w.sink().writes == std::vector<std::string>{expected});
    }
}

TEST_CASE("Writer: pieces -- fields, no sink call before end(), cancel, reuse") {
    sse::Writer w{Recorder{}};
    w.begin();
    w.write_data("{\"a\":");
    w.write_data("1}\r");
    CHECK(w.sink().writes.empty());
    CHECK(w.end());
    w.begin(sse::Event().id("2").retry(300));
    w.write_data("dropped\r");
    w.cancel();
    w.cancel();  // no-op when nothing is begun
    CHECK(w.send(sse::Event::data("next")));
    w.begin(sse::Event::data("\n").event_type("t"));  // a dangling state after cancel would show here
    CHECK(w.end());
    const std::vector<std::string> expected = {"data: {\"a\":1}\ndata: \n\n", "data: next\n\n",
                                               "event: t\ndata: \ndata: \n\n"};
    CHECK(w.sink().writes == expected);
}

TEST_CASE("Writer: a frame sent while an event is begun drops the begun event (every build mode)") {
    sse::Writer w{Recorder{}};
    const sse::Frame shared(sse::Event::data("shared").id("9"));
    w.begin(sse::Event().id("1"));
    w.write_data("dropped");
    CHECK(w.send(shared));
    CHECK(w.end());  // nothing begun any more: nothing to send, the writer is still open
    w.begin();
    w.write_data("also dropped");
    CHECK(w.comment("c"));
    w.begin();
    w.write_data("kept");
    CHECK(w.end());
    const std::vector<std::string> expected = {"id: 9\ndata: shared\n\n", ": c\n\n", "data: kept\n\n"};
    CHECK(w.sink().writes == expected);
}

TEST_CASE("Writer: end() and write_data() without begin() send nothing; end() tells whether the writer is open") {
    Recorder r;
    r.fail_at = 2;
    sse::Writer w(r);
    w.write_data("ignored");
    CHECK(w.end());  // open, nothing begun: true, no sink call
    CHECK(w.sink().writes.empty());
    CHECK(w.send(sse::Event::data("a")));
    CHECK_FALSE(w.send(sse::Event::data("b")));  // the peer is gone
    CHECK_FALSE(w.end());
    CHECK(w.sink().writes.size() == 2);
}

TEST_CASE("KeepAlive: huge and negative intervals saturate instead of overflowing") {
    using clock = std::chrono::steady_clock;
    const clock::time_point t0{};
    sse::KeepAlive forever(std::chrono::seconds::max(), t0);  // would overflow as nanoseconds
    CHECK(forever.interval() == clock::duration::max());
    CHECK(forever.next_deadline() == clock::time_point::max());
    CHECK_FALSE(forever.due(t0 + std::chrono::hours(24 * 365 * 100)));
    forever.restart(t0 + std::chrono::hours(1));
    CHECK(forever.next_deadline() == clock::time_point::max());

    sse::KeepAlive at_once(std::chrono::seconds(-5), t0);  // a negative interval counts as zero
    CHECK(at_once.interval() == clock::duration::zero());
    CHECK(at_once.due(t0));

    const std::uint64_t now = 1000;
    sse::KeepAlive ms(UINT64_MAX - 10, now);  // now + interval would wrap to 989
    CHECK(ms.next_deadline() == UINT64_MAX);
    CHECK_FALSE(ms.due(now));
    CHECK_FALSE(ms.due(UINT64_MAX - 1));
    ms.restart(5);
    CHECK(ms.next_deadline() == UINT64_MAX - 5);
    sse::KeepAlive negative(-1, now);  // a negative integer interval counts as zero
    CHECK(negative.interval() == 0);
    CHECK(negative.due(now));
    sse::KeepAlive seconds(1.5, 10.0);  // floating point time: no overflow to guard against
    CHECK(seconds.next_deadline() == 11.5);
    sse::KeepAlive signed_ms(std::int64_t{1} << 62, std::int64_t{1} << 62);  // the sum would overflow int64
    CHECK(signed_ms.next_deadline() == INT64_MAX);
}

TEST_CASE("KeepAlive: integer milliseconds, idle-based, restart on every write") {
    sse::KeepAlive ka(std::uint64_t{15000}, std::uint64_t{1000});
    static_assert(std::is_same_v<decltype(ka), sse::KeepAlive<std::uint64_t>>);
    static_assert(std::is_same_v<decltype(ka)::duration, std::uint64_t>);
    CHECK(ka.interval() == 15000);
    CHECK(ka.next_deadline() == 16000);
    CHECK_FALSE(ka.due(1000));
    CHECK_FALSE(ka.due(15999));
    CHECK(ka.due(16000));
    CHECK(ka.due(99999));
    ka.restart(10000);
    CHECK(ka.next_deadline() == 25000);
    CHECK_FALSE(ka.due(16000));
    CHECK(ka.due(25000));

    const std::uint64_t now_ms = 500;
    sse::KeepAlive from_literal(250, now_ms);  // the interval converts to the time's difference type
    static_assert(std::is_same_v<decltype(from_literal), sse::KeepAlive<std::uint64_t>>);
    CHECK(from_literal.next_deadline() == 750);
}

TEST_CASE("KeepAlive: a busy stream sends no pings, an idle one pings every interval") {
    sse::Writer w{Recorder{}};
    sse::KeepAlive ka(std::uint64_t{10}, std::uint64_t{0});
    // Busy: an event every 5 ms for 100 ms, polled every millisecond.
    for (std::uint64_t now = 0; now <= 100; ++now) {
        if (now % 5 == 0) {
            w.send(sse::Event::data("t"));
            ka.restart(now);
        }
        CHECK(ka.ping_if_due(w, now));
    }
    CHECK(w.sink().writes.size() == 21);
    for (const auto& bytes : w.sink().writes) CHECK(bytes == "data: t\n\n");
    // Idle from 100 on: pings at 110, 120, ..., 200.
    w.sink().writes.clear();
    std::vector<std::uint64_t> ping_times;
    for (std::uint64_t now = 101; now <= 200; ++now) {
        const std::size_t before = w.sink().writes.size();
        CHECK(ka.ping_if_due(w, now));
        if (w.sink().writes.size() != before) ping_times.push_back(now);
    }
    CHECK(ping_times == std::vector<std::uint64_t>{110, 120, 130, 140, 150, 160, 170, 180, 190, 200});
    for (const auto& bytes : w.sink().writes) CHECK(bytes == ": keep-alive\n\n");
    CHECK(ka.next_deadline() == 210);
}

TEST_CASE("KeepAlive: writes through the writer count as activity even without restart()") {
    sse::Writer w{Recorder{}};
    sse::KeepAlive ka(std::uint64_t{10}, std::uint64_t{0});
    CHECK(w.frames_written() == 0);
    // Busy: an event every 5 ms, and the caller never calls restart().
    for (std::uint64_t now = 0; now <= 100; ++now) {
        if (now % 5 == 0) w.send(sse::Event::data("t"));
        CHECK(ka.ping_if_due(w, now));
    }
    CHECK(w.frames_written() == 21);
    for (const auto& bytes : w.sink().writes) CHECK(bytes == "data: t\n\n");
    // The last write was noticed at 100: idle from there, the first ping is due at 110.
    CHECK(ka.next_deadline() == 110);
    CHECK(ka.ping_if_due(w, 110));
    CHECK(w.sink().writes.back() == ": keep-alive\n\n");
    CHECK(w.frames_written() == 22);
    CHECK(ka.next_deadline() == 120);
}

TEST_CASE("KeepAlive: ping_if_due reports a peer that is gone") {
    Recorder r;
    r.fail_at = 1;
    sse::Writer w(r);
    sse::KeepAlive ka(std::uint64_t{10}, std::uint64_t{0});
    CHECK(ka.ping_if_due(w, 5));  // not due, peer not known gone
    CHECK(w.sink().writes.empty());
    CHECK_FALSE(ka.ping_if_due(w, 10));  // due: the ping finds the peer gone
    CHECK(w.sink().writes.size() == 1);
    CHECK_FALSE(ka.ping_if_due(w, 11));  // not due, but the writer is closed
    CHECK_FALSE(ka.ping_if_due(w, 100));
    CHECK(w.sink().writes.size() == 1);
}

TEST_CASE("KeepAlive: std::chrono time points with any duration (fake clock)") {
    using clock = std::chrono::steady_clock;
    const clock::time_point t0{};  // the epoch of the fake clock; no real time is read
    sse::KeepAlive ka(std::chrono::seconds(15), t0);
    static_assert(std::is_same_v<decltype(ka), sse::KeepAlive<clock::time_point>>);
    CHECK(ka.interval() == std::chrono::seconds(15));
    CHECK(ka.next_deadline() == t0 + std::chrono::seconds(15));
    CHECK_FALSE(ka.due(t0 + std::chrono::milliseconds(14999)));
    CHECK(ka.due(t0 + std::chrono::milliseconds(15000)));
    ka.restart(t0 + std::chrono::seconds(10));
    CHECK(ka.next_deadline() == t0 + std::chrono::seconds(25));
    CHECK_FALSE(ka.due(t0 + std::chrono::seconds(20)));

    sse::KeepAlive fine(std::chrono::milliseconds(1500), t0);
    CHECK(fine.next_deadline() == t0 + std::chrono::microseconds(1500000));
}
