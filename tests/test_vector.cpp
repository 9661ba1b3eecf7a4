// sse::detail::Vector, the array behind sse::HeaderList, sse::FrameList and
// the rings of Outbox and ReplayBuffer: each member means what std::vector's does.
#include <sse/detail/vector.hpp>
#include <sse/frame.hpp>
#include <sse/response.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {
using Strings = sse::detail::Vector<std::string>;

std::vector<std::string> as_std(const Strings& v) { return std::vector<std::string>(v.begin(), v.end()); }
}  // namespace

TEST_CASE("Vector: starts empty without allocating") {
    const Strings v;
    CHECK(v.empty());
    CHECK(v.size() == 0);
    CHECK(v.capacity() == 0);
    CHECK(v.begin() == v.end());
}

TEST_CASE("Vector: push_back keeps order and every element across growth") {
    Strings v;
    std::vector<std::string> expected;
    for (int i = 0; i < 1000; ++i) {
        // Longer than the small-string buffer, so a bad move would show.
        std::string s = "element number " + std::to_string(i) + " of the vector";
        if (i % 2) {
            v.push_back(s);
        } else {
            v.emplace_back(s.data(), s.size());
        }
        expected.push_back(s);
        REQUIRE(v.size() == expected.size());
        CHECK(v.capacity() >= v.size());
    }
    CHECK(as_std(v) == expected);
    CHECK(v.front() == expected.front());
    CHECK(v.back() == expected.back());
    CHECK(v[500] == expected[500]);
}

TEST_CASE("Vector: push_back of its own element while it grows") {
    Strings v{"a long string that lives on the heap, not in the small buffer"};
    for (int i = 0; i < 40; ++i) v.push_back(v[0]);  // v[0] moves when the storage grows
    REQUIRE(v.size() == 41);
    for (const std::string& s : v) CHECK(s == "a long string that lives on the heap, not in the small buffer");
}

TEST_CASE("Vector: n value-initialised elements") {
    const sse::detail::Vector<int> v(5);
    CHECK(v.size() == 5);
    for (int x : v) CHECK(x == 0);
}

TEST_CASE("Vector: copy, move, assign, clear, compare") {
    Strings a{"x", "y", "z"};
    Strings b = a;
    CHECK(b == a);
    CHECK(as_std(b) == std::vector<std::string>{"x", "y", "z"});
    b.push_back("w");
    CHECK(b != a);
    CHECK(a.size() == 3);  // the copy owns its elements

    Strings c = std::move(b);
    CHECK(c.size() == 4);
    CHECK(b.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty, documented
    b = c;
    CHECK(b == c);
    b = std::move(a);
    CHECK(as_std(b) == std::vector<std::string>{"x", "y", "z"});
    const Strings& same = b;
    b = same;  // self-assignment keeps the elements
    CHECK(b.size() == 3);

    const std::vector<std::string> src{"1", "2"};
    b.assign(src.begin() + 1, src.end());
    CHECK(as_std(b) == std::vector<std::string>{"2"});
    const std::size_t capacity = b.capacity();
    b.clear();
    CHECK(b.empty());
    CHECK(b.capacity() == capacity);  // clear keeps the storage
    CHECK(b != c);
}

TEST_CASE("Vector: Frame handles are shared, not re-encoded, and released") {
    const sse::Frame f(sse::Event::data("tick").id("7"));
    {
        sse::FrameList frames;
        for (int i = 0; i < 10; ++i) frames.push_back(f);
        const sse::FrameList copy = frames;
        for (const sse::Frame& g : copy) CHECK(g.bytes().data() == f.bytes().data());
        CHECK(f.use_count() == 21);
    }
    CHECK(f.use_count() == 1);  // every element was destroyed
}

TEST_CASE("HeaderList: users add their own header fields") {
    sse::HeaderList headers = sse::stream_headers();
    headers.push_back({"Access-Control-Allow-Origin", "*"});
    REQUIRE(headers.size() == 4);
    CHECK(headers[0].name == "Content-Type");
    CHECK(headers.back().value == "*");
}
