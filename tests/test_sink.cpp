#include <sse/sink.hpp>

#include <sse/writer.hpp>

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

// Counts live copies, to prove each stored callable is destroyed exactly once.
struct Tracker {
    int* alive;
    explicit Tracker(int* a) : alive(a) { ++*alive; }
    Tracker(const Tracker& o) : alive(o.alive) { ++*alive; }
    Tracker(Tracker&& o) noexcept : alive(o.alive) { ++*alive; }
    Tracker& operator=(const Tracker&) = delete;
    ~Tracker() { --*alive; }
};

}  // namespace

TEST_CASE("Sink: Writer<> is Writer<sse::Sink>, storable as a member without naming a lambda") {
    static_assert(std::is_same_v<sse::Writer<>, sse::Writer<sse::Sink>>);
    struct Connection {
        std::string wire;
        std::size_t calls = 0;
        sse::Writer<> writer;
        Connection()
            : writer([this](std::string_view b) {
                  wire += b;
                  ++calls;
                  return true;
              }) {}
    };
    Connection c;
    CHECK(c.writer.send(sse::Event::data("a\nb").id("1")));
    CHECK(c.writer.ping());
    c.writer.begin(sse::Event().id("2"));
    c.writer.write_data("x");
    c.writer.write_data("y");
    CHECK(c.writer.end());
    CHECK(c.writer.send(sse::Frame(sse::Event::data("f"))));
    CHECK(c.wire == "id: 1\ndata: a\ndata: b\n\n: keep-alive\n\nid: 2\ndata: xy\n\ndata: f\n\n");
    CHECK(c.calls == 4);  // one sink call per frame
}

TEST_CASE("Sink: once the callable says the peer is gone, the writer stays closed") {
    std::vector<std::string> writes;
    sse::Writer<> w([&writes](std::string_view b) {
        writes.emplace_back(b);
        return writes.size() < 2;
    });
    CHECK(w.send(sse::Event::data("1")));
    CHECK_FALSE(w.send(sse::Event::data("2")));
    CHECK_FALSE(w.send(sse::Event::data("3")));
    CHECK_FALSE(w.send(sse::Frame(sse::Event::data("4"))));
    CHECK_FALSE(w.ping());
    CHECK(writes.size() == 2);
}

TEST_CASE("Sink: an empty sink reports the peer gone") {
    sse::Sink empty;
    CHECK_FALSE(static_cast<bool>(empty));
    CHECK_FALSE(empty("x"));
    sse::Writer<> w{sse::Sink()};
    CHECK_FALSE(w.send(sse::Event::data("x")));
    CHECK_FALSE(w.open());
}

TEST_CASE("Sink: small callables stay inline, large and move-only ones work, each destroyed once") {
    int alive = 0;
    {
        std::string wire;
        Tracker t(&alive);
        sse::Sink small([t, &wire](std::string_view b) {
            wire += b;
            return true;
        });
        CHECK(alive == 2);  // t and the stored copy
        sse::Sink moved(std::move(small));
        CHECK_FALSE(static_cast<bool>(small));
        CHECK(moved("ab"));
        CHECK(wire == "ab");
        sse::Sink assigned;
        assigned = std::move(moved);
        CHECK(assigned("c"));
        CHECK(wire == "abc");
        CHECK(alive == 2);  // moves relocate, never duplicate

        char big[64] = {};
        sse::Sink large([t, big, &wire](std::string_view b) mutable {
            big[0] = 'x';
            wire += b;
            return true;
        });
        CHECK(alive == 3);
        sse::Sink large_moved(std::move(large));
        CHECK(large_moved("d"));
        CHECK(wire == "abcd");
        CHECK(alive == 3);

        auto owned = std::make_unique<std::string>();
        std::string* target = owned.get();
        sse::Sink move_only([p = std::move(owned)](std::string_view b) {
            *p += b;
            return true;
        });
        CHECK(move_only("e"));
        CHECK(*target == "e");
    }
    CHECK(alive == 0);
}

TEST_CASE("Sink: a callable with frame() gets shared frames whole, others their bytes") {
    struct FrameTaker {
        std::vector<const char*>* frames;
        std::string* bytes;
        bool operator()(std::string_view b) {
            *bytes += b;
            return true;
        }
        bool frame(const sse::Frame& f) {
            frames->push_back(f.bytes().data());
            return true;
        }
    };
    std::vector<const char*> frames;
    std::string bytes;
    sse::Writer<> w(FrameTaker{&frames, &bytes});
    const sse::Frame f(sse::Event::data("shared"));
    CHECK(w.send(f));
    CHECK(w.send(sse::Event::data("own")));
    REQUIRE(frames.size() == 1);
    CHECK(frames[0] == f.bytes().data());
    CHECK(bytes == "data: own\n\n");
    CHECK(w.frames_written() == 2);

    std::string plain;
    sse::Writer<> p([&plain](std::string_view b) {
        plain += b;
        return true;
    });
    CHECK(p.send(f));
    CHECK(plain == "data: shared\n\n");
}
