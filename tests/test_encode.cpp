#include <sse/encode.hpp>

#include <doctest/doctest.h>

#include <string>
#include <string_view>

namespace {
std::string data_lines(std::string_view data) {
    std::string out;
    sse::encode_data(out, data);
    return out;
}
std::string comment(std::string_view text) {
    std::string out;
    sse::encode_comment(out, text);
    return out;
}
}  // namespace

TEST_CASE("encode_data: one data line per line, one space after the colon") {
    CHECK(data_lines("hello") == "data: hello\n");
    CHECK(data_lines(" lead") == "data:  lead\n");  // the payload's own space survives
    CHECK(data_lines("a:b") == "data: a:b\n");
    CHECK(data_lines("a\nb\nc") == "data: a\ndata: b\ndata: c\n");
}

TEST_CASE("encode_data: CRLF, lone CR and lone LF each end one line") {
    CHECK(data_lines("a\r\nb") == "data: a\ndata: b\n");
    CHECK(data_lines("a\rb") == "data: a\ndata: b\n");
    CHECK(data_lines("a\nb") == "data: a\ndata: b\n");
    CHECK(data_lines("a\n\rb") == "data: a\ndata: \ndata: b\n");  // LF then CR is two line ends
    CHECK(data_lines("a\r\rb") == "data: a\ndata: \ndata: b\n");
    CHECK(data_lines("a\r\n\r\nb") == "data: a\ndata: \ndata: b\n");
    CHECK(data_lines("one\r\ntwo\nthree\rfour") == "data: one\ndata: two\ndata: three\ndata: four\n");
}

TEST_CASE("encode_data: empty data and trailing line breaks keep their meaning") {
    CHECK(data_lines("") == "data: \n");
    CHECK(data_lines("end\n") == "data: end\ndata: \n");
    CHECK(data_lines("end\r") == "data: end\ndata: \n");
    CHECK(data_lines("end\r\n") == "data: end\ndata: \n");
    CHECK(data_lines("\n") == "data: \ndata: \n");
    CHECK(data_lines("\n\n") == "data: \ndata: \ndata: \n");
    CHECK(data_lines("\nstart") == "data: \ndata: start\n");
}

TEST_CASE("encode_data: any other byte passes through, NUL included") {
    CHECK(data_lines(std::string_view("a\0b", 3)) == std::string("data: a\0b\n", 10));
    CHECK(data_lines("h\xC3\xA9llo \xE2\x9C\x93") == "data: h\xC3\xA9llo \xE2\x9C\x93\n");
    CHECK(data_lines("data: x") == "data: data: x\n");  // cannot start a field of its own
}

TEST_CASE("encode_data: long lines are found at every position (scanner edges)") {
    for (std::size_t len = 0; len < 40; ++len) {
        for (std::size_t at = 0; at < len; ++at) {
            std::string text(len, 'x');
            text[at] = '\n';
            const std::string expected =
                "data: " + text.substr(0, at) + "\ndata: " + text.substr(at + 1) + "\n";
            CHECK(data_lines(text) == expected);
        }
    }
}

TEST_CASE("encode_data appends and never clears the caller's buffer") {
    std::string out = "prefix|";
    sse::encode_data(out, "x");
    CHECK(out == "prefix|data: x\n");
}

TEST_CASE("DataEncoder: pieces give the bytes of the whole string") {
    const std::string_view samples[] = {
        "", "a", "a\r\nb", "end\r", "end\r\n", "\r\n\r\n", "a\rb\nc\r\nd", "x\n\ry", "{\"k\":\"v\"}\r\n\r"};
    for (std::string_view whole : samples) {
        const std::string expected = data_lines(whole);
        // every split into two pieces, and byte by byte
        for (std::size_t cut = 0; cut <= whole.size(); ++cut) {
            std::string out;
            sse::DataEncoder enc;
            enc.write(out, whole.substr(0, cut));
            enc.write(out, whole.substr(cut));
            enc.finish(out);
            CHECK_MESSAGE(out == expected, "cut at ", cut, " of ", whole.size());
        }
        std::string out;
        sse::DataEncoder enc;
        for (char c : whole) {
            enc.write(out, std::string_view(&c, 1));
            enc.write(out, "");  // empty pieces change nothing
        }
        enc.finish(out);
        CHECK(out == expected);
    }
}

TEST_CASE("DataEncoder: a CRLF split between pieces is one line end") {
    std::string out;
    sse::DataEncoder enc;
    enc.write(out, "a\r");
    enc.write(out, "\nb");
    enc.finish(out);
    CHECK(out == "data: a\ndata: b\n");
}

TEST_CASE("DataEncoder: reusable after finish") {
    std::string out;
    sse::DataEncoder enc;
    enc.write(out, "a\r");
    enc.finish(out);
    enc.write(out, "\nb");  // a new event: this LF is a line end of its own
    enc.finish(out);
    CHECK(out == "data: a\ndata: \ndata: \ndata: b\n");
}

TEST_CASE("encode_comment: one comment line per line, then a blank line") {
    CHECK(comment("keep-alive") == ": keep-alive\n\n");
    CHECK(comment("") == ": \n\n");
    CHECK(comment("a\nb") == ": a\n: b\n\n");
    CHECK(comment("a\r\ndata: forged") == ": a\n: data: forged\n\n");  // cannot start a field
    CHECK(comment("a\rb") == ": a\n: b\n\n");
}

TEST_CASE("encode_retry: a retry block of its own") {
    std::string out;
    sse::encode_retry(out, 5000);
    CHECK(out == "retry: 5000\n\n");
    out.clear();
    sse::encode_retry(out, 0);
    CHECK(out == "retry: 0\n\n");
    out.clear();
    sse::encode_retry(out, 18446744073709551615ULL);
    CHECK(out == "retry: 18446744073709551615\n\n");
}

TEST_CASE("check_id / check_event_type: non-throwing validation") {
    CHECK(sse::check_id("42") == sse::errc::ok);
    CHECK(sse::check_id("") == sse::errc::ok);
    CHECK(sse::check_id("a b:c") == sse::errc::ok);
    CHECK(sse::check_id("a\rb") == sse::errc::id_contains_cr);
    CHECK(sse::check_id("a\nb") == sse::errc::id_contains_lf);
    CHECK(sse::check_id(std::string_view("a\0b", 3)) == sse::errc::id_contains_nul);
    CHECK(sse::check_event_type("update") == sse::errc::ok);
    CHECK(sse::check_event_type(std::string_view("a\0b", 3)) == sse::errc::ok);
    CHECK(sse::check_event_type("a\rb") == sse::errc::event_type_contains_cr);
    CHECK(sse::check_event_type("a\nb") == sse::errc::event_type_contains_lf);
    static_assert(sse::check_id("x\n") == sse::errc::id_contains_lf, "usable in constant expressions");
}

TEST_CASE("describe: every code has a message naming the field and character") {
    CHECK(sse::describe(sse::errc::ok) == "ok");
    CHECK(sse::describe(sse::errc::id_contains_nul).find("event id contains NUL") != std::string_view::npos);
    CHECK(sse::describe(sse::errc::event_type_contains_cr).find("event type contains CR") !=
          std::string_view::npos);
}

TEST_CASE("invalid_field: an std::invalid_argument with field, character and position") {
    const sse::invalid_field e(sse::errc::id_contains_lf, 3);
    const std::invalid_argument& base = e;
    CHECK(std::string(base.what()) == "sse: event id contains LF (0x0A) at byte 3; an id may not contain CR, LF or NUL");
    CHECK(e.code() == sse::errc::id_contains_lf);
    CHECK(e.position() == 3);
}
