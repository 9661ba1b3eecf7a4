#include <sse/event.hpp>

#include <doctest/doctest.h>

#include "optional.hpp"

#include "reference.hpp"

#include <string>
#include <string_view>
#include <utility>

TEST_CASE("Event: the issue's example, byte for byte") {
    auto e = sse::Event::data(R"({"token":"Hello"})").id("42").event_type("token").retry(3000);
    CHECK(e.encode() == "id: 42\nevent: token\nretry: 3000\ndata: {\"token\":\"Hello\"}\n\n");
    CHECK(e.data() == R"({"token":"Hello"})");
    CHECK(opt(e.id()) == "42");
    CHECK(opt(e.event_type()) == "token");
    CHECK(opt(e.retry()) == 3000u);
}

TEST_CASE("Event: fixed field order id, event, retry, data, whatever the call order") {
    auto e = sse::Event::data("a\nb").retry(10).event_type("t").id("1");
    CHECK(e.encode() == "id: 1\nevent: t\nretry: 10\ndata: a\ndata: b\n\n");
}

TEST_CASE("Event: only the fields that are set") {
    CHECK(sse::Event::data("x").encode() == "data: x\n\n");
    CHECK(sse::Event::data("x").id("").encode() == "id: \ndata: x\n\n");  // empty id resets the client's
    CHECK(sse::Event::data("x").event_type("t").encode() == "event: t\ndata: x\n\n");
    CHECK(sse::Event::data("x").retry(0).encode() == "retry: 0\ndata: x\n\n");
    CHECK(sse::Event().encode() == "data: \n\n");  // empty data still fires
    CHECK(sse::Event::data("").encode() == "data: \n\n");
    CHECK(sse::Event().id() == nullptr);
    CHECK(sse::Event().event_type() == nullptr);
    CHECK(sse::Event().retry() == nullptr);
}

TEST_CASE("Event: a leading space in a value survives (one space after the colon)") {
    CHECK(sse::Event::data(" x").id(" 1").event_type(" t").encode() == "id:  1\nevent:  t\ndata:  x\n\n");
}

TEST_CASE("Event: multi-line data and a trailing line break") {
    CHECK(sse::Event::data("end\n").encode() == "data: end\ndata: \n\n");
    CHECK(sse::Event::data("a\r\nb\rc").id("9").encode() == "id: 9\ndata: a\ndata: b\ndata: c\n\n");
}

TEST_CASE("Event: numeric ids are written in decimal") {
    CHECK(sse::Event::data("x").id(std::uint64_t{12345}).encode() == "id: 12345\ndata: x\n\n");
    CHECK(opt(sse::Event::data("x").id(0u).id()) == "0");
    CHECK(opt(sse::Event::data("x").id(18446744073709551615ULL).id()) == "18446744073709551615");
}

TEST_CASE("Event: setters chain on lvalues and temporaries, and nothing dangles") {
    auto e = sse::Event::data("x").id("1");  // a copy of the temporary chain's result
    CHECK(e.encode() == "id: 1\ndata: x\n\n");
    sse::Event named;
    named.set_data("payload").id("2").event_type("t");
    CHECK(named.encode() == "id: 2\nevent: t\ndata: payload\n\n");
    std::string owned = "moved in";
    auto m = sse::Event::data(std::move(owned));
    CHECK(m.data() == "moved in");
    const std::string_view view = "from a view";
    CHECK(sse::Event::data(view).id(view).data() == "from a view");
    CHECK(std::move(m).data() == "moved in");
}

TEST_CASE("Event: encode_to appends to the caller's buffer") {
    std::string buffer = "head|";
    sse::Event::data("x").id("1").encode_to(buffer);
    CHECK(buffer == "head|id: 1\ndata: x\n\n");
    const auto e = sse::Event::data("y");
    e.encode_to(buffer);
    CHECK(buffer == "head|id: 1\ndata: x\n\ndata: y\n\n");
}

TEST_CASE("Event: a CR or LF at any position of data of any small length splits it") {
    // Every length and value size the one-pass copy-and-scan paths see (0..7,
    // 8..16, 17..32, longer), and frames on both sides of the stack-buffer size.
    for (std::size_t len = 0; len < 300; len += (len < 70 ? 1 : 7)) {
        const std::string text(len, 'x');
        const std::string id(len % 23, 'i');
        const std::string type(len % 19, 't');
        const std::string head = "id: " + id + "\nevent: " + type + "\n";
        CHECK(sse::Event::data(text).id(id).event_type(type).encode() == head + "data: " + text + "\n\n");
        for (std::size_t at = 0; at < len; ++at) {
            for (const char eol : {'\n', '\r'}) {
                std::string data = text;
                data[at] = eol;
                const std::string expected =
                    head + "data: " + text.substr(0, at) + "\ndata: " + text.substr(at + 1) + "\n\n";
                std::string out = "keep|";
                sse::Event::data(data).id(id).event_type(type).encode_to(out);
                CHECK(out == "keep|" + expected);
            }
        }
    }
}

TEST_CASE("Event: encode_fields_to writes only the metadata lines") {
    std::string out;
    sse::Event::data("ignored").id("1").event_type("t").retry(5).encode_fields_to(out);
    CHECK(out == "id: 1\nevent: t\nretry: 5\n");
}

TEST_CASE("Event: an id with CR, LF or NUL is rejected when set, naming field and character") {
    CHECK_THROWS_WITH_AS((void)sse::Event::data("x").id("1\nevent: forged"),
                         "sse: event id contains LF (0x0A) at byte 1; an id may not contain CR, LF or NUL",
                         sse::invalid_field);
    CHECK_THROWS_WITH_AS((void)sse::Event::data("x").id("ab\r"),
                         "sse: event id contains CR (0x0D) at byte 2; an id may not contain CR, LF or NUL",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS((void)sse::Event::data("x").id(std::string("a\0", 2)),
                         "sse: event id contains NUL (0x00) at byte 1; an id may not contain CR, LF or NUL",
                         std::invalid_argument);
}

TEST_CASE("Event: an event type with CR or LF is rejected when set") {
    CHECK_THROWS_WITH_AS((void)sse::Event::data("x").event_type("a\nb"),
                         "sse: event type contains LF (0x0A) at byte 1; an event type may not contain CR or LF",
                         sse::invalid_field);
    CHECK_THROWS_WITH_AS((void)sse::Event::data("x").event_type("\r"),
                         "sse: event type contains CR (0x0D) at byte 0; an event type may not contain CR or LF",
                         sse::invalid_field);
    CHECK_NOTHROW((void)sse::Event::data("x").event_type(std::string("a\0b", 3)));
}

TEST_CASE("Event: a rejected value leaves the event as it was") {
    auto e = sse::Event::data("x").id("1").event_type("t");
    CHECK_THROWS_AS(e.id("bad\n"), sse::invalid_field);
    CHECK_THROWS_AS(e.event_type("bad\r"), sse::invalid_field);
    CHECK(e.encode() == "id: 1\nevent: t\ndata: x\n\n");
    try {
        e.id("a\r\nb");
    } catch (const sse::invalid_field& error) {
        CHECK(error.code() == sse::errc::id_contains_cr);
        CHECK(error.position() == 1);
    }
}

TEST_CASE("Event: try_id / try_event_type never throw") {
    sse::Event e;
    CHECK(e.try_id("ok") == sse::errc::ok);
    CHECK(opt(e.id()) == "ok");
    CHECK(e.try_id("no\n") == sse::errc::id_contains_lf);
    CHECK(opt(e.id()) == "ok");
    CHECK(e.try_event_type("t") == sse::errc::ok);
    CHECK(e.try_event_type("t\r") == sse::errc::event_type_contains_cr);
    CHECK(opt(e.event_type()) == "t");
}

TEST_CASE("Event: clearing fields and comparing") {
    auto e = sse::Event::data("x").id("1").event_type("t").retry(1);
    CHECK(e != sse::Event::data("x"));
    e.clear_id().clear_event_type().clear_retry();
    CHECK(e == sse::Event::data("x"));
}

// Regression (issue 10): the portable (non-SSE2) path copied and scanned only
// the first and last 8 bytes of a data line longer than 16 bytes, so stack
// memory reached the wire and a line end in the middle went unseen. Every
// length up to past the stack-composed size, with a CR, LF or CRLF at every
// position, against the reference encoder; also with id, type and retry set.
TEST_CASE("Event: every data length and line-end position encodes as the reference") {
    const auto e = sse::Event::data("The quick brown fox jumps over the lazy dog");
    CHECK(e.encode() == "data: The quick brown fox jumps over the lazy dog\n\n");
    const std::string id = "17", type = "tick", retry = "250";
    for (std::size_t len = 0; len <= 300; ++len) {
        std::string text;
        for (std::size_t i = 0; i < len; ++i) text += static_cast<char>('a' + i % 26);
        CHECK(sse::Event::data(text).encode() == ref::frame(text));
        CHECK(sse::Event::data(text).id(id).event_type(type).retry(250).encode() ==
              ref::frame(text, &id, &type, &retry));
        for (std::size_t at = 0; at < len; ++at) {
            for (const char* end : {"\n", "\r", "\r\n"}) {
                std::string broken = text;
                broken.replace(at, 1, end);
                const std::string got = sse::Event::data(broken).encode();
                if (got != ref::frame(broken)) {
                    FAIL_CHECK("length " << len << ", line end at " << at);
                }
            }
        }
    }
}
