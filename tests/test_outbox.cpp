#include <sse/outbox.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace {

std::string joined(const sse::OutboxSlices& s) {
    std::string all;
    for (const sse::Slice& x : s) all.append(x.data, x.size);
    return all;
}

// Everything left in the outbox, as the next writes would carry it (without consuming).
std::string pending(sse::Outbox& box) {
    std::string all;
    std::vector<sse::Slice> slices(box.frames_queued() + 1);
    const std::size_t n = box.next_slices(slices.data(), slices.size());
    for (std::size_t i = 0; i < n; ++i) all.append(slices[i].data, slices[i].size);
    return all;
}

// Drains the outbox with writes of at most `chunk` bytes each, as a socket
// taking partial writes would; returns the bytes in wire order.
std::string drain(sse::Outbox& box, std::size_t chunk) {
    std::string wire;
    while (!box.empty()) {
        const sse::OutboxSlices s = box.next_slices();
        REQUIRE(s.count > 0);
        std::size_t n = 0;
        for (const sse::Slice& x : s) {
            const std::size_t take = x.size < chunk - n ? x.size : chunk - n;
            wire.append(x.data, take);
            n += take;
            if (n == chunk) break;
        }
        box.consume(n);
    }
    return wire;
}

}  // namespace

TEST_CASE("Outbox: a shared frame is queued without copying its bytes") {
    const sse::Frame f(sse::Event::data("tick").id("7"));
    sse::Outbox a;
    sse::Outbox b;
    CHECK(a.push(f) == sse::PushResult::queued);
    CHECK(b.push(f) == sse::PushResult::queued);
    CHECK(f.use_count() == 3);
    const sse::OutboxSlices sa = a.next_slices();
    const sse::OutboxSlices sb = b.next_slices();
    REQUIRE(sa.count == 1);
    REQUIRE(sb.count == 1);
    CHECK(sa.items[0].data == f.bytes().data());
    CHECK(sb.items[0].data == f.bytes().data());
    CHECK(sa.items[0].size == f.bytes().size());
    CHECK(a.bytes_queued() == f.bytes().size());
    a.consume(a.bytes_queued());
    b.consume(3);
    CHECK(f.use_count() == 2);  // a let go of its handle, b still sends the rest
    CHECK(pending(b) == f.bytes().substr(3));
    b.consume(b.bytes_queued());
    CHECK(f.use_count() == 1);
}

TEST_CASE("Outbox: owned frames, events and bytes, in push order") {
    sse::Outbox box;
    CHECK(box.empty());
    CHECK(box.bytes_queued() == 0);
    CHECK(box.push(sse::Event::data("a\nb").id("1")) == sse::PushResult::queued);
    CHECK(box.push_bytes(": hi\n\n") == sse::PushResult::queued);
    CHECK(box.push(sse::Frame(sse::Event::data("c"))) == sse::PushResult::queued);
    CHECK(box.push(sse::Frame()) == sse::PushResult::queued);  // empty: nothing added
    CHECK(box.push_bytes("") == sse::PushResult::queued);
    CHECK(box.frames_queued() == 3);
    const std::string wire = "id: 1\ndata: a\ndata: b\n\n: hi\n\ndata: c\n\n";
    CHECK(box.bytes_queued() == wire.size());
    const sse::OutboxSlices s = box.next_slices();
    CHECK(s.count == 3);
    CHECK(s.bytes == wire.size());
    CHECK(joined(s) == wire);
    box.consume(wire.size());
    CHECK(box.empty());
    CHECK(box.next_slices().count == 0);
}

TEST_CASE("Outbox: one gathered list spans up to max_slices frames") {
    sse::Outbox box;
    std::string wire;
    for (int i = 0; i < 40; ++i) {
        const sse::Frame f(sse::Event::data(std::to_string(i)).id(static_cast<std::uint64_t>(i)));
        wire += f.bytes();
        box.push(f);
    }
    const sse::OutboxSlices s = box.next_slices();
    CHECK(s.count == sse::Outbox::max_slices);
    CHECK(sse::Outbox::max_slices == 16);
    CHECK(joined(s) == wire.substr(0, s.bytes));
    CHECK(drain(box, 1000000) == wire);
}

TEST_CASE("Outbox: a partial write may end at every byte offset") {
    const sse::Frame shared(sse::Event::data("shared\r\nline").id("9").event_type("t"));
    auto fill = [&](sse::Outbox& box) {
        box.push(shared);
        box.push(sse::Event::data("owned"));
        box.push_bytes(": c\n\n");
        box.push(shared);
        box.push(sse::Event::data(""));
    };
    sse::Outbox reference;
    fill(reference);
    const std::string wire = pending(reference);
    for (std::size_t k = 0; k <= wire.size(); ++k) {
        CAPTURE(k);
        sse::Outbox box;
        fill(box);
        (void)box.next_slices();
        box.consume(k);
        CHECK(box.bytes_queued() == wire.size() - k);
        CHECK(pending(box) == wire.substr(k));
        CHECK(box.empty() == (k == wire.size()));
    }
    // Writes of every fixed size, each ending wherever it falls.
    for (std::size_t chunk = 1; chunk <= wire.size() + 1; ++chunk) {
        CAPTURE(chunk);
        sse::Outbox box;
        fill(box);
        CHECK(drain(box, chunk) == wire);
    }
}

TEST_CASE("Outbox: disconnect policy refuses a push past the bound, for good") {
    const sse::Frame f(sse::Event::data(std::string(24, 'x')));  // "data: " + 24 + "\n\n" = 32 bytes
    REQUIRE(f.bytes().size() == 32);
    sse::Outbox box(96);
    CHECK(box.policy() == sse::OverflowPolicy::disconnect);
    CHECK(box.max_bytes() == 96);
    CHECK(box.push(f) == sse::PushResult::queued);
    CHECK(box.push(f) == sse::PushResult::queued);
    CHECK(box.push(f) == sse::PushResult::queued);  // exactly at the bound
    CHECK_FALSE(box.overflowed());
    CHECK(box.push(f) == sse::PushResult::too_slow);
    CHECK(box.overflowed());
    CHECK(box.bytes_queued() == 96);  // the refused frame is not queued
    box.consume(96);
    CHECK(box.push(f) == sse::PushResult::too_slow);  // overflow is final
    CHECK(box.empty());
}

TEST_CASE("Outbox: the bound counts unsent bytes, so consuming makes room") {
    const sse::Frame f(sse::Event::data(std::string(24, 'x')));
    sse::Outbox box(64);
    CHECK(box.push(f) == sse::PushResult::queued);
    CHECK(box.push(f) == sse::PushResult::queued);
    (void)box.next_slices();
    box.consume(40);  // the second frame is partly sent: 24 bytes left
    CHECK(box.push(f) == sse::PushResult::queued);
    CHECK(box.bytes_queued() == 56);
    CHECK(box.push(f) == sse::PushResult::too_slow);
}

TEST_CASE("Outbox: one frame larger than the bound goes out when nothing else is queued") {
    const sse::Frame big(sse::Event::data(std::string(1000, 'b')));
    sse::Outbox box(100);
    CHECK(box.push(big) == sse::PushResult::queued);
    CHECK(box.bytes_queued() == big.bytes().size());
    CHECK(box.push(sse::Event::data("x")) == sse::PushResult::too_slow);
    CHECK(box.overflowed());

    sse::Outbox other(100);
    CHECK(other.push(sse::Event::data("x")) == sse::PushResult::queued);
    CHECK(other.push(big) == sse::PushResult::too_slow);
}

TEST_CASE("Outbox: conflate replaces the unsent frame with the same key, keeping push order") {
    sse::Outbox box(1 << 20, sse::OverflowPolicy::conflate);
    CHECK(box.push(sse::Event::data("cpu 1"), "cpu") == sse::PushResult::queued);
    CHECK(box.push(sse::Event::data("mem 1"), "mem") == sse::PushResult::queued);
    CHECK(box.push(sse::Event::data("log")) == sse::PushResult::queued);
    CHECK(box.push(sse::Event::data("cpu 2"), "cpu") == sse::PushResult::replaced);
    CHECK(box.push(sse::Event::data("log")) == sse::PushResult::queued);  // no key: never replaced
    CHECK(box.push(sse::Frame(sse::Event::data("cpu 3")), "cpu") == sse::PushResult::replaced);
    CHECK(box.frames_queued() == 4);
    const std::string wire = "data: mem 1\n\ndata: log\n\ndata: log\n\ndata: cpu 3\n\n";
    CHECK(box.bytes_queued() == wire.size());
    CHECK(pending(box) == wire);
}

TEST_CASE("Outbox: disconnect policy ignores keys") {
    sse::Outbox box;
    CHECK(box.push(sse::Event::data("1"), "k") == sse::PushResult::queued);
    CHECK(box.push(sse::Event::data("2"), "k") == sse::PushResult::queued);
    CHECK(pending(box) == "data: 1\n\ndata: 2\n\n");
}

TEST_CASE("Outbox: conflate never touches a frame in flight or partly sent") {
    sse::Outbox box(1 << 20, sse::OverflowPolicy::conflate);
    box.push(sse::Event::data("a1"), "a");
    box.push(sse::Event::data("b1"), "b");
    const sse::OutboxSlices s = box.next_slices();  // both in flight now
    REQUIRE(s.count == 2);
    const std::string before = joined(s);
    CHECK(box.push(sse::Event::data("a2"), "a") == sse::PushResult::queued);
    CHECK(box.push(sse::Event::data("b2"), "b") == sse::PushResult::queued);
    CHECK(joined(s) == before);  // the slices handed out still point at intact bytes
    CHECK(box.frames_queued() == 4);

    box.consume(3);  // "dat" of a1 went out; a1 is partly sent, b1 no longer in flight
    CHECK(box.push(sse::Event::data("a3"), "a") == sse::PushResult::replaced);  // replaces a2, not a1
    CHECK(box.push(sse::Event::data("b3"), "b") == sse::PushResult::replaced);  // replaces b1
    CHECK(pending(box) == "a: a1\n\ndata: b2\n\ndata: a3\n\ndata: b3\n\n");
}

TEST_CASE("Outbox: conflation frees room under the bound; disconnect would overflow") {
    const auto b = sse::Event::data(std::string(42, 'b'));  // 50 bytes
    const auto a1 = sse::Event::data(std::string(32, 'a'));  // 40 bytes
    const auto a2 = sse::Event::data(std::string(37, 'a'));  // 45 bytes
    sse::Outbox conflate(100, sse::OverflowPolicy::conflate);
    conflate.push(b, "b");
    conflate.push(a1, "a");
    CHECK(conflate.push(a2, "a") == sse::PushResult::replaced);
    CHECK(conflate.bytes_queued() == 95);
    CHECK(conflate.push(sse::Event::data(std::string(40, 'c')), "c") == sse::PushResult::too_slow);
    CHECK(conflate.overflowed());

    sse::Outbox disconnect(100);
    disconnect.push(b, "b");
    disconnect.push(a1, "a");
    CHECK(disconnect.push(a2, "a") == sse::PushResult::too_slow);
}

TEST_CASE("Outbox: take_activity reports pushes and unsent bytes") {
    sse::Outbox box;
    CHECK_FALSE(box.take_activity());
    box.push(sse::Event::data("x"));
    CHECK(box.take_activity());
    CHECK(box.take_activity());  // still queued: busy
    (void)box.next_slices();
    box.consume(box.bytes_queued());
    CHECK_FALSE(box.take_activity());  // the push was already reported, nothing queued
    box.push(sse::Event::data("y"));
    (void)box.next_slices();
    box.consume(box.bytes_queued());
    CHECK(box.take_activity());  // pushed and sent since the last call
    CHECK_FALSE(box.take_activity());
}

TEST_CASE("Outbox: the ring grows and is released when drained") {
    const sse::Frame f(sse::Event::data("z"));
    sse::Outbox box;
    std::string wire;
    for (int i = 0; i < 1000; ++i) {
        box.push(f);
        wire += f.bytes();
    }
    CHECK(f.use_count() == 1001);
    CHECK(box.frames_queued() == 1000);
    CHECK(drain(box, 37) == wire);
    CHECK(f.use_count() == 1);
    // Interleaved pushes and partial consumes wrap around the ring.
    std::string expect;
    std::string got;
    for (int i = 0; i < 300; ++i) {
        const std::string text = std::to_string(i);
        box.push(sse::Event::data(text));
        expect += "data: " + text + "\n\n";
        if (i % 3 == 2) got += drain(box, 5);
    }
    got += drain(box, 7);
    CHECK(got == expect);
}

// ---------------------------------------------------------------------------
// OutboxSink: a storable writer that queues into an outbox.

TEST_CASE("OutboxSink: a stored Writer<> queues frames; shared frames keep their bytes") {
    struct Connection {
        sse::Outbox box{1 << 20};
        sse::Writer<> writer{sse::OutboxSink(box)};
    };
    Connection c;
    const sse::Frame f(sse::Event::data("shared").id("3"));
    CHECK(c.writer.retry(2000));
    CHECK(c.writer.send(f));
    CHECK(c.writer.send(sse::Event::data("own")));
    CHECK(c.writer.ping());
    CHECK(c.writer.frames_written() == 4);
    CHECK(c.box.frames_queued() == 4);
    const sse::OutboxSlices s = c.box.next_slices();
    REQUIRE(s.count == 4);
    CHECK(s.items[1].data == f.bytes().data());  // the Frame itself was queued, not a copy
    CHECK(joined(s) == "retry: 2000\n\nid: 3\ndata: shared\n\ndata: own\n\n: keep-alive\n\n");
}

TEST_CASE("OutboxSink: an overflowed outbox closes the writer, which then stays closed") {
    sse::Outbox box(40);
    sse::Writer<> w(sse::OutboxSink{box});
    CHECK(w.send(sse::Event::data(std::string(20, 'a'))));  // 28 bytes
    CHECK_FALSE(w.send(sse::Event::data(std::string(20, 'b'))));
    CHECK_FALSE(w.open());
    CHECK(box.overflowed());
    box.consume(box.bytes_queued());
    CHECK_FALSE(w.send(sse::Frame(sse::Event::data("c"))));
    CHECK_FALSE(w.ping());
    CHECK(box.empty());
}

// ---------------------------------------------------------------------------
// ping_if_idle: keep-alive composed with the outbox (integer milliseconds).

TEST_CASE("ping_if_idle: an idle outbox gets a ping per interval") {
    sse::Outbox box;
    sse::KeepAlive<std::uint64_t> ka(100, 0);
    CHECK(sse::ping_if_idle(box, ka, std::uint64_t{50}));
    CHECK(box.empty());  // not due yet
    CHECK(sse::ping_if_idle(box, ka, std::uint64_t{100}));
    CHECK(pending(box) == ": keep-alive\n\n");
    CHECK(ka.next_deadline() == 200);
    (void)box.next_slices();
    box.consume(box.bytes_queued());  // the client read the ping
    CHECK(sse::ping_if_idle(box, ka, std::uint64_t{200}));
    CHECK(pending(box) == ": keep-alive\n\n");
}

TEST_CASE("ping_if_idle: a busy outbox never gets a ping") {
    sse::Outbox box;
    sse::KeepAlive<std::uint64_t> ka(100, 0);
    std::size_t pings = 0;
    for (std::uint64_t t = 10; t <= 5000; t += 10) {
        box.push(sse::Event::data("tick"));  // an event every 10 ms, written at once
        const std::string wire = drain(box, 1 << 20);
        CHECK(wire == "data: tick\n\n");
        if (!ka.due(t)) continue;
        CHECK(sse::ping_if_idle(box, ka, t));
        pings += box.frames_queued();
    }
    CHECK(pings == 0);
}

TEST_CASE("ping_if_idle: unsent bytes count as busy (a slow reader gets no ping on top)") {
    sse::Outbox box;
    sse::KeepAlive<std::uint64_t> ka(100, 0);
    box.push(sse::Event::data("x"));
    (void)box.take_activity();
    (void)box.next_slices();  // in flight, never completed
    for (std::uint64_t t = 100; t <= 1000; t += 100) CHECK(sse::ping_if_idle(box, ka, t));
    CHECK(box.frames_queued() == 1);
    CHECK(pending(box) == "data: x\n\n");
}

TEST_CASE("ping_if_idle: activity since the last check postpones the ping by an interval") {
    sse::Outbox box;
    sse::KeepAlive<std::uint64_t> ka(100, 0);
    box.push(sse::Event::data("x"));
    (void)drain(box, 100);
    CHECK(sse::ping_if_idle(box, ka, std::uint64_t{100}));
    CHECK(box.empty());
    CHECK(ka.next_deadline() == 200);
    CHECK(sse::ping_if_idle(box, ka, std::uint64_t{200}));
    CHECK(pending(box) == ": keep-alive\n\n");
}

TEST_CASE("ping_if_idle: false once the outbox overflowed") {
    sse::Outbox box(10);
    box.push(sse::Event::data("0123456789"));
    CHECK(box.push(sse::Event::data("y")) == sse::PushResult::too_slow);
    sse::KeepAlive<std::uint64_t> ka(100, 0);
    CHECK_FALSE(sse::ping_if_idle(box, ka, std::uint64_t{100}));
}
