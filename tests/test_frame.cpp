#include <sse/frame.hpp>

#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <utility>
#include <vector>

TEST_CASE("Frame: encodes once; copies share the bytes") {
    const auto e = sse::Event::data("a\nb").id("7").event_type("t");
    const sse::Frame f(e);
    CHECK(f.bytes() == e.encode());
    CHECK(f.bytes() == "id: 7\nevent: t\ndata: a\ndata: b\n\n");
    CHECK(f.id() == "7");
    CHECK_FALSE(f.empty());
    CHECK(f.use_count() == 1);
    {
        const sse::Frame g = f;  // NOLINT(performance-unnecessary-copy-initialization)
        CHECK(g.bytes().data() == f.bytes().data());
        CHECK(f.use_count() == 2);
        std::vector<sse::Frame> queue(100, f);
        CHECK(f.use_count() == 102);
        for (const auto& q : queue) CHECK(q.bytes().data() == f.bytes().data());
    }
    CHECK(f.use_count() == 1);
    CHECK(sse::Frame(sse::Event::data("x")).id().empty());  // no id field
}

TEST_CASE("Frame: empty, move, assignment") {
    sse::Frame empty;
    CHECK(empty.empty());
    CHECK(empty.bytes().empty());
    CHECK(empty.id().empty());
    CHECK(empty.use_count() == 0);

    sse::Frame a(sse::Event::data("A").id("1"));
    sse::Frame b(sse::Event::data("B").id("2"));
    const char* a_bytes = a.bytes().data();
    sse::Frame moved = std::move(a);
    CHECK(moved.bytes().data() == a_bytes);
    CHECK(moved.use_count() == 1);
    CHECK(a.empty());  // NOLINT(bugprone-use-after-move): moved-from is documented empty

    b = moved;
    CHECK(b.bytes() == "id: 1\ndata: A\n\n");
    CHECK(moved.use_count() == 2);
    b = sse::Frame(sse::Event::data("C"));
    CHECK(b.bytes() == "data: C\n\n");
    CHECK(moved.use_count() == 1);
    auto& self = b;
    b = self;
    CHECK(b.bytes() == "data: C\n\n");
    CHECK(b.use_count() == 1);
    b = std::move(self);
    CHECK(b.bytes() == "data: C\n\n");
    b = sse::Frame();
    CHECK(b.empty());
}

TEST_CASE("Frame: the reference count is exact when copies are made on two threads") {
    const sse::Frame f(sse::Event::data("shared").id("1"));
    auto churn = [&f] {
        for (int i = 0; i < 20000; ++i) {
            sse::Frame copy = f;
            sse::Frame other = std::move(copy);
            CHECK_FALSE(other.empty());  // doctest assertions are thread-safe
        }
    };
    std::thread t1(churn);
    std::thread t2(churn);
    t1.join();
    t2.join();
    CHECK(f.use_count() == 1);
    CHECK(f.bytes() == "id: 1\ndata: shared\n\n");
}
