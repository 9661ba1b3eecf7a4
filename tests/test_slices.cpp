#include <sse/slices.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

std::string joined(const sse::Slices& s) {
    std::string out;
    for (const sse::Slice& x : s) {
        CHECK(x.size != 0);
        out.append(x.data, x.size);
    }
    return out;
}

// Data that exercise the line splitting: CR, LF and CRLF at the start, the
// end, doubled, mixed, and at every offset of the scanner's word and vector widths.
std::vector<std::string> tricky_data() {
    std::vector<std::string> all = {
        "", "x", "hello", " lead", "a\nb", "a\rb", "a\r\nb", "a\n\rb", "a\r\rb", "a\r\n\r\nb", "\n", "\r", "\r\n",
        "\n\n", "\r\r", "\r\n\r\n", "\n\r", "end\n", "end\r", "end\r\n", "\nstart", "\rstart", "\r\nstart",
        std::string("a\0b", 3), std::string("\0\r\0\n\0", 5), "h\xC3\xA9llo \xE2\x9C\x93", "data: forged\nid: 1",
        "one\r\ntwo\nthree\rfour"};
    for (std::size_t len = 1; len < 80; ++len) {
        for (std::size_t at = 0; at < len; at += (len < 20 ? 1 : 7)) {
            for (const char* brk : {"\n", "\r", "\r\n"}) {
                std::string text(len, 'x');
                text.replace(at, 1, brk);
                all.push_back(text);
            }
        }
    }
    std::string big(5000, 'y');
    big[4999] = '\r';
    all.push_back(big);
    big[1234] = '\n';
    all.push_back(big);
    return all;
}

std::vector<sse::Event> tricky_events() {
    std::vector<sse::Event> all;
    for (const std::string& data : tricky_data()) {
        all.push_back(sse::Event::data(data));
        all.push_back(sse::Event::data(data).id("12345").event_type("token"));
        all.push_back(sse::Event::data(data).id("").retry(0));
        all.push_back(sse::Event::data(data).event_type(" sp").retry(18446744073709551615ULL));
    }
    return all;
}

}  // namespace

TEST_CASE("Slices: concatenated, byte for byte Event::encode()") {
    for (const sse::Event& e : tricky_events()) {
        const sse::Slices s = sse::encode_slices(e);
        REQUIRE(joined(s) == e.encode());
        CHECK(s.bytes() == e.encode().size());
        CHECK(s.to_string() == e.encode());
    }
}

TEST_CASE("Slices: a one-line payload is a view, never a copy") {
    const std::string payload(1 << 20, 'z');
    const auto e = sse::Event::data(payload).id("7").event_type("big");
    const sse::Slices s = sse::encode_slices(e);
    REQUIRE(s.size() == 7);
    CHECK(s[0].view() == "id: ");
    CHECK(s[1].view() == "7");
    CHECK(s[1].data == e.id()->data());
    CHECK(s[2].view() == "\nevent: ");
    CHECK(s[3].data == e.event_type()->data());
    CHECK(s[4].view() == "\ndata: ");
    CHECK(s[5].data == e.data().data());  // the payload: the event's own bytes
    CHECK(s[5].size == payload.size());
    CHECK(s[6].view() == "\n\n");
    CHECK(joined(s) == e.encode());
}

TEST_CASE("Slices: exact list for data with line breaks") {
    const auto e = sse::Event::data("a\r\nbb\n\rc").retry(3000);
    const sse::Slices s = sse::encode_slices(e);
    std::vector<std::string_view> parts;
    for (const sse::Slice& x : s) parts.push_back(x.view());
    const std::vector<std::string_view> expected = {"retry: ", "3000", "\ndata: ", "a", "\ndata: ", "bb",
                                                    "\ndata: ", "\ndata: ", "c", "\n\n"};
    CHECK(parts == expected);
    CHECK(s[3].data == e.data().data());
    CHECK(s[5].data == e.data().data() + 3);
    CHECK(s[8].data == e.data().data() + 7);
}

TEST_CASE("Slices: copies and moves keep the retry digits valid") {
    const auto e = sse::Event::data("x").retry(42);
    sse::Slices a = sse::encode_slices(e);
    sse::Slices b = a;
    sse::Slices c = std::move(a);
    const auto other = sse::Event::data("other").retry(7);
    a = sse::encode_slices(other);  // overwrite the source (slices point into `other`: keep it alive)
    CHECK(joined(b) == "retry: 42\ndata: x\n\n");
    CHECK(joined(c) == "retry: 42\ndata: x\n\n");
    CHECK(joined(a) == "retry: 7\ndata: other\n\n");
    sse::Slices d;
    d = c;
    c = sse::Slices();
    CHECK(joined(d) == "retry: 42\ndata: x\n\n");
    CHECK(c.empty());
}

TEST_CASE("Slices: assign reuses the list") {
    sse::Slices s;
    const auto long_event = sse::Event::data("a\nb\nc\nd").id("1");
    const auto short_event = sse::Event::data("z");
    sse::encode_slices(long_event, s);
    CHECK(joined(s) == long_event.encode());
    sse::encode_slices(short_event, s);
    CHECK(joined(s) == "data: z\n\n");
    s.clear();
    CHECK(s.empty());
    CHECK(s.bytes() == 0);
}

TEST_CASE("detail::append_event: the frame core gives Event::encode() and appends") {
    for (const sse::Event& e : tricky_events()) {
        std::string out = "before|";
        char digits[20];
        sse::detail::append_event(out, sse::detail::fields_of(e, digits), e.data());
        REQUIRE(out == "before|" + e.encode());
    }
}

TEST_CASE("encode_data and DataEncoder agree with the slices on every tricky input") {
    for (const std::string& data : tricky_data()) {
        std::string whole;
        sse::encode_data(whole, data);
        whole += '\n';
        const auto event = sse::Event::data(data);  // the slices point into it
        CHECK(whole == joined(sse::encode_slices(event)));
        // three pieces at awkward places
        for (std::size_t cut : {std::size_t{1}, data.size() / 2, data.size() - (data.empty() ? 0 : 1)}) {
            if (cut > data.size()) continue;
            std::string out;
            sse::DataEncoder enc;
            enc.write(out, std::string_view(data).substr(0, cut));
            enc.write(out, std::string_view(data).substr(cut));
            enc.finish(out);
            out += '\n';
            CHECK(out == whole);
        }
    }
}
