#include <sse/fmt.hpp>

#include <doctest/doctest.h>

#include <iterator>
#include <stdexcept>
#include <string>

namespace {
// A type whose formatter throws after writing part of its text.
struct Throws {};
}  // namespace

template <>
struct fmt::formatter<Throws> {
    constexpr auto parse(fmt::format_parse_context& ctx) -> decltype(ctx.begin()) { return ctx.begin(); }
    template <class FormatContext>
    auto format(Throws, FormatContext& ctx) const -> decltype(ctx.out()) {
        auto out = ctx.out();
        *out++ = 'p';
        *out++ = '\n';
        throw std::runtime_error("formatter failed");
    }
};

TEST_CASE("fmt: an event formats as its wire bytes") {
    CHECK(fmt::format("{}", sse::Event::data("hi")) == "data: hi\n\n");
    CHECK(fmt::format("{}", sse::Event::data("a\r\nb").id("7").event_type("t").retry(3000)) ==
          "id: 7\nevent: t\nretry: 3000\ndata: a\ndata: b\n\n");
    CHECK(fmt::format("{}", sse::Event()) == "data: \n\n");
    const auto e = sse::Event::data(std::string("x\0y", 3)).id(42);
    CHECK(fmt::format("{}", e) == std::string("id: 42\ndata: x\0y\n\n", 18));
    CHECK(fmt::format("{}", e) == e.encode());
    CHECK(fmt::to_string(e) == e.encode());
}

TEST_CASE("fmt: events and streams mix with other arguments and output iterators") {
    std::string out = "head|";
    fmt::format_to(std::back_inserter(out), "{}{}|{}", sse::Event::data("1"), sse::Event::data("2").id("b"), 3);
    CHECK(out == "head|data: 1\n\nid: b\ndata: 2\n\n|3");
    const auto s = sse::Stream().event("e", "d").comment("k").retry(5);
    CHECK(fmt::format("<{}>", s) == "<event: e\ndata: d\n\n: k\n\nretry: 5\n\n>");
    CHECK(fmt::format("{}", sse::Stream()).empty());
}

TEST_CASE("fmt: a format spec on an event or stream is a format error") {
    CHECK_THROWS_AS((void)fmt::format(fmt::runtime("{:>40}"), sse::Event::data("x")), fmt::format_error);
    CHECK_THROWS_AS((void)fmt::format(fmt::runtime("{:x}"), sse::Stream()), fmt::format_error);
}

TEST_CASE("fmt: format_data(out, ...) appends data lines split at CRLF, CR and LF") {
    std::string out = "id: 1\n";
    sse::format_data(out, "{{\"n\":{}}}", 42);
    CHECK(out == "id: 1\ndata: {\"n\":42}\n");

    out.clear();
    sse::format_data(out, "{}\r\n{}\r{}\n", "a", 2, 'c');
    CHECK(out == "data: a\ndata: 2\ndata: c\ndata: \n");

    out.clear();
    sse::format_data(out, "{}", "");
    CHECK(out == "data: \n");
}

TEST_CASE("fmt: long formatted text crosses the 256-byte chunks, CRLF split included") {
    // 255 bytes, then CRLF at bytes 255-256: the CR ends one chunk, the LF starts the next.
    const std::string a(255, 'a');
    const std::string b(600, 'b');
    std::string out;
    sse::format_data(out, "{}\r\n{}\n{}", a, b, "end");
    CHECK(out == "data: " + a + "\ndata: " + b + "\ndata: end\n");
    std::string direct;
    sse::encode_data(direct, a + "\r\n" + b + "\nend");
    CHECK(out == direct);
}

TEST_CASE("fmt: format_data(DataEncoder&, ...) is one more piece of the data") {
    std::string out;
    sse::DataEncoder data;
    data.write(out, "[");
    sse::format_data(data, out, "{}, {}", 1, "two\r");
    sse::format_data(data, out, "\n{}", 3);  // the LF completes the CR of the previous piece
    data.write(out, "]");
    data.finish(out);
    out += '\n';
    CHECK(out == "data: [1, two\ndata: 3]\n\n");
}

TEST_CASE("fmt: a failing format leaves out and the encoder as they were") {
    std::string out = "id: 9\n";
    sse::DataEncoder data;
    data.write(out, "keep\r");
    const std::string before = out;
    CHECK_THROWS_AS(sse::format_data(data, out, "{}", Throws{}), std::runtime_error);
    CHECK(out == before);
    CHECK_THROWS_AS(sse::format_data(data, out, fmt::runtime("{} {}"), 1), fmt::format_error);
    CHECK(out == before);
    data.write(out, "\nnext");  // still after the CR: the LF belongs to it
    data.finish(out);
    CHECK(out == "id: 9\ndata: keep\ndata: next\n");

    std::string whole = "x";
    CHECK_THROWS_AS(sse::format_data(whole, "{}", Throws{}), std::runtime_error);
    CHECK(whole == "x");
}
