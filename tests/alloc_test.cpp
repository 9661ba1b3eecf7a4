// Steady state encoding allocates nothing: once the caller's buffer has the
// capacity, encoding token events into it makes no heap allocation. Its own
// executable, because it replaces the global operator new to count calls.
#include <sse/sse.hpp>

#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

namespace {
std::size_t g_allocations = 0;
}

void* operator new(std::size_t size) {
    ++g_allocations;
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

// Token events as a chat server sends them: data {"t":"..."} of 8..16 bytes.
std::vector<sse::Event> token_events() {
    std::vector<sse::Event> all;
    const char* tokens[] = {"", "a", "He", "llo", " wor", "ld!!!", "\xC3\xA9t\xC3\xA9", "12345678", " and"};
    for (int round = 0; round < 4; ++round) {
        for (const char* t : tokens) {
            all.push_back(sse::Event::data(std::string("{\"t\":\"") + t + "\"}").id("12345").event_type("token"));
        }
    }
    return all;
}

}  // namespace

TEST_CASE("the counter sees allocations (the test can fail)") {
    const std::size_t before = g_allocations;
    std::string grows;
    grows.reserve(1000);
    CHECK(g_allocations > before);
}

TEST_CASE("Event::encode_to into a reused buffer: no allocation in steady state") {
    const std::vector<sse::Event> events = token_events();
    std::string out;
    for (const sse::Event& e : events) e.encode_to(out);  // warm up: the buffer grows to its size
    const std::string expected = out;
    const std::size_t before = g_allocations;
    for (int round = 0; round < 1000; ++round) {
        out.clear();
        for (const sse::Event& e : events) e.encode_to(out);
    }
    CHECK(g_allocations - before == 0);
    CHECK(out == expected);
}

TEST_CASE("encode_data, DataEncoder, comments and retry: no allocation in steady state") {
    std::string out;
    sse::DataEncoder data;
    auto once = [&] {
        out.clear();
        sse::encode_data(out, "{\"t\":\"tok\"}");
        sse::encode_data(out, "two\r\nlines");
        data.write(out, "{\"t\":");
        data.write(out, "\"x\"}\r");
        data.write(out, "\nmore");
        data.finish(out);
        sse::encode_comment(out, "keep-alive");
        sse::encode_retry(out, 3000);
    };
    once();
    const std::string expected = out;
    const std::size_t before = g_allocations;
    for (int round = 0; round < 1000; ++round) once();
    CHECK(g_allocations - before == 0);
    CHECK(out == expected);
}

TEST_CASE("Slices reused per connection: no allocation in steady state") {
    const std::vector<sse::Event> events = token_events();
    sse::Slices slices;
    for (const sse::Event& e : events) sse::encode_slices(e, slices);  // warm up
    std::size_t bytes = 0;
    const std::size_t before = g_allocations;
    for (int round = 0; round < 1000; ++round) {
        for (const sse::Event& e : events) {
            sse::encode_slices(e, slices);
            bytes += slices.bytes();
        }
    }
    CHECK(g_allocations - before == 0);
    CHECK(bytes > 0);
}

TEST_CASE("Utf8Joiner into a Writer, token by token: no allocation in steady state") {
    // Byte-level tokens that split a 4-byte and a 3-byte character.
    const std::string_view tokens[] = {"Hi", " \xF0\x9F", "\x9A", "\x80", " \xE2\x82", "\xAC!", "\xC3"};
    std::size_t wire = 0;
    sse::Writer w([&wire](std::string_view b) {
        wire += b.size();
        return true;
    });
    sse::Utf8Joiner utf8;
    std::string text;
    auto once = [&] {
        for (const std::string_view token : tokens) {
            const sse::Utf8Text t = utf8.feed(token);
            if (t.empty()) continue;
            w.begin();
            w.write_data(t.head);
            w.write_data(t.tail);
            w.end();
            text.clear();  // the same text checked for JSON (valid UTF-8)
            sse::append_valid_utf8(text, t.head);
            sse::append_valid_utf8(text, t.tail);
        }
    };
    once();
    const std::size_t before = g_allocations;
    for (int round = 0; round < 1000; ++round) once();
    CHECK(g_allocations - before == 0);
    CHECK(wire > 0);
}
