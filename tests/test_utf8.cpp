#include <sse/utf8.hpp>

#include <sse/encode.hpp>
#include <sse/event.hpp>
#include <sse/parser.hpp>
#include <sse/writer.hpp>

#include "reference.hpp"

#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

const std::string rocket = "\xF0\x9F\x9A\x80";  // U+1F680, 4 bytes

// The data of every event a client gets from `wire`, through sse::Parser.
std::vector<std::string> client_data(std::string_view wire) {
    std::vector<std::string> out;
    sse::Parser parser;
    CHECK(parser.feed(wire, [&](const sse::MessageEvent& ev) { out.emplace_back(ev.data); }) == sse::parse_errc::ok);
    return out;
}

// The outputs of feeding `pieces` one by one, then finish() as the last output.
std::vector<std::string> join_all(const std::vector<std::string_view>& pieces) {
    sse::Utf8Joiner j;
    std::vector<std::string> out;
    for (const std::string_view p : pieces) out.push_back(j.feed(p).str());
    out.emplace_back(j.finish());
    return out;
}

std::u32string decode(std::string_view s) { return ref::utf8_decode(s); }

std::string hex(std::string_view s) {
    static const char digits[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : s) {
        const auto b = static_cast<unsigned char>(c);
        out += digits[b >> 4];
        out += digits[b & 15];
        out += ' ';
    }
    return out;
}

// `s` cut before every byte whose bit is set in `cuts` (bit i: cut before byte i + 1).
std::vector<std::string_view> split(std::string_view s, unsigned cuts) {
    std::vector<std::string_view> pieces;
    std::size_t start = 0;
    for (std::size_t i = 1; i < s.size(); ++i) {
        if ((cuts >> (i - 1)) & 1U) {
            pieces.push_back(s.substr(start, i - start));
            start = i;
        }
    }
    pieces.push_back(s.substr(start));
    return pieces;
}

// Every property of the rule for `input` fed as `pieces`; returns false at the first failure.
bool rule_holds(std::string_view input, const std::vector<std::string_view>& pieces) {
    sse::Utf8Joiner j;
    std::string emitted, fed;
    std::u32string per_output;
    for (const std::string_view p : pieces) {
        const sse::Utf8Text t = j.feed(p);
        fed.append(p.data(), p.size());
        const std::string out = t.str();
        emitted += out;
        per_output += decode(out);
        // What is held is exactly the decoder's pending bytes (a sequence that
        // may still complete), and cutting there is invisible to the decoder.
        std::size_t pending = 0;
        const std::u32string whole = ref::utf8_decode(fed, &pending);
        if (j.held() != pending || emitted.size() + j.held() != fed.size()) return false;
        if (decode(emitted) + decode(std::string_view(fed).substr(emitted.size())) != whole) return false;
    }
    const std::string last(j.finish());
    emitted += last;
    per_output += decode(last);
    if (!last.empty() && decode(last) != U"\uFFFD") return false;  // the documented end-of-stream rule
    if (j.held() != 0) return false;
    return emitted == input && per_output == decode(input);
}

// One byte of every class the decoder tells apart, with the boundaries of each
// range: ASCII, continuation bytes (80-8F, 90-9F, A0-BF: E0/ED/F0/F4 accept
// parts of them), overlong leads C0 C1, 2-byte leads, each 3- and 4-byte lead
// kind, and F5-FF that never appear in UTF-8.
const unsigned char byte_classes[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
                                      0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
constexpr std::size_t class_count = sizeof byte_classes;

// README.md "Streaming LLM tokens" shows this function (readme_sample_check keeps them equal).
// README sample begin
template <class Sink>
bool stream_tokens(Sink& sink, const std::vector<std::string_view>& tokens) {
    sse::Writer w([&sink](std::string_view b) { return sink.write(b.data(), b.size()); });
    sse::Utf8Joiner utf8;  // holds back a character split between tokens (at most 3 bytes)
    for (const std::string_view token : tokens) {
        const sse::Utf8Text text = utf8.feed(token);  // whole characters only
        if (text.empty()) continue;                   // the token only started a character
        w.begin();
        w.write_data(text.head);     // the held bytes, completed by this token
        w.write_data(text.tail);     // the rest of the token
        if (!w.end()) return false;  // the client is gone: stop generating
    }
    const std::string_view rest = utf8.finish();  // an unfinished character: the client shows U+FFFD
    if (!rest.empty() && !w.send(sse::Event::data(rest))) return false;
    return w.send(sse::Event::data("[DONE]"));  // the end marker OpenAI clients wait for
}
// README sample end

// A chunked sink like cpp-httplib's DataSink: write() is false from call `fail_at` on (0: never).
struct ChunkSink {
    std::string wire;
    std::size_t calls = 0, fail_at = 0;
    bool write(const char* data, std::size_t size) {
        if (fail_at != 0 && ++calls >= fail_at) return false;
        wire.append(data, size);
        return true;
    }
};

}  // namespace

TEST_CASE("the problem: a character split between events reaches the client as U+FFFD") {
    std::string wire;
    sse::Event::data("Hi \xF0\x9F").encode_to(wire);
    sse::Event::data("\x9A\x80!").encode_to(wire);
    const std::vector<std::string> seen = client_data(wire);
    REQUIRE(seen.size() == 2);
    CHECK(seen[0] == "Hi \xEF\xBF\xBD");
    CHECK(seen[1] == "\xEF\xBF\xBD\xEF\xBF\xBD!");  // no rocket anywhere
}

TEST_CASE("Utf8Joiner + Writer: the split rocket reaches the client whole (the header's example)") {
    std::string wire;
    sse::Writer w([&wire](std::string_view b) {
        wire += b;
        return true;
    });
    sse::Utf8Joiner utf8;
    for (const std::string_view token : {std::string_view("Hi \xF0\x9F"), std::string_view("\x9A\x80!")}) {
        const sse::Utf8Text text = utf8.feed(token);
        if (text.empty()) continue;
        w.begin();
        w.write_data(text.head);
        w.write_data(text.tail);
        CHECK(w.end());
    }
    CHECK(utf8.finish().empty());
    CHECK(wire == "data: Hi \n\ndata: " + rocket + "!\n\n");
    CHECK(client_data(wire) == std::vector<std::string>{"Hi ", rocket + "!"});
}

TEST_CASE("the README's token streamer: whole characters per event, [DONE], stops when the client is gone") {
    const std::vector<std::string_view> tokens = {"Hi", " \xF0\x9F", "\x9A\x80", "\n\xE2\x82", "\xAC", " \xC3"};
    ChunkSink sink;
    CHECK(stream_tokens(sink, tokens));
    CHECK(sink.wire == "data: Hi\n\ndata:  \n\ndata: " + rocket + "\n\ndata: \ndata: \n\ndata: \xE2\x82\xAC\n\n"
                       "data:  \n\ndata: \xC3\n\ndata: [DONE]\n\n");
    CHECK(client_data(sink.wire) ==
          std::vector<std::string>{"Hi", " ", rocket, "\n", "\xE2\x82\xAC", " ", "\xEF\xBF\xBD", "[DONE]"});
    ChunkSink leaves;
    leaves.fail_at = 3;  // the third event finds the client gone
    CHECK_FALSE(stream_tokens(leaves, tokens));
    CHECK(leaves.calls == 3);  // nothing was tried after that
    CHECK(leaves.wire == "data: Hi\n\ndata:  \n\n");
}

TEST_CASE("Utf8Joiner + Event: one event per piece, a piece of only a character's start sends nothing") {
    sse::Utf8Joiner utf8;
    std::string wire;
    for (const std::string_view token :
         {std::string_view("a\xF0"), std::string_view("\x9F"), std::string_view("\x9A"), std::string_view("\x80 b")}) {
        const sse::Utf8Text text = utf8.feed(token);
        if (!text.empty()) sse::Event::data(text.str()).event_type("token").encode_to(wire);
    }
    CHECK(wire == "event: token\ndata: a\n\nevent: token\ndata: " + rocket + " b\n\n");
}

TEST_CASE("Utf8Joiner + DataEncoder: head and tail are two pieces of the event's data") {
    sse::Utf8Joiner utf8;
    sse::DataEncoder data;
    std::string wire;
    for (const std::string_view token : {std::string_view("x\r\n\xE2\x82"), std::string_view("\xAC\r\ny\xC3")}) {
        const sse::Utf8Text text = utf8.feed(token);
        data.write(wire, text.head);
        data.write(wire, text.tail);
        data.finish_event(wire);
    }
    const std::string_view end = utf8.finish();
    CHECK(end == "\xC3");
    CHECK(wire == "data: x\ndata: \n\ndata: \xE2\x82\xAC\ndata: y\n\n");
    std::string last;
    sse::append_valid_utf8(last, end);
    CHECK(last == "\xEF\xBF\xBD");  // finish(): one U+FFFD, as documented
}

TEST_CASE("Utf8Text::head stays readable while the joiner holds new bytes") {
    sse::Utf8Joiner j;
    CHECK(j.feed("\xE2").empty());
    const sse::Utf8Text t = j.feed("\x82\xAC\xE2\x82");  // completes the euro sign, holds a new start
    CHECK(t.head == "\xE2\x82\xAC");
    CHECK(t.tail.empty());
    CHECK(j.held() == 2);
    CHECK(std::string(t.head) == "\xE2\x82\xAC");
    const sse::Utf8Text u = j.feed("\xAC");
    CHECK(u.head == "\xE2\x82\xAC");
    CHECK(u.tail.empty());
    CHECK(j.held() == 0);
}

TEST_CASE("Utf8Joiner: ASCII and whole characters pass through as one view into the piece") {
    sse::Utf8Joiner j;
    const std::string piece = "caf\xC3\xA9 " + rocket;
    const sse::Utf8Text t = j.feed(piece);
    CHECK(t.head.empty());
    CHECK(t.tail.data() == piece.data());
    CHECK(t.tail.size() == piece.size());
    CHECK(j.feed("").empty());
    CHECK(j.finish().empty());
}

TEST_CASE("Utf8Joiner: every scalar value, cut at every point of its bytes, comes out whole and once") {
    std::size_t checked = 0, failures = 0;
    sse::Utf8Joiner j;
    std::string bytes;
    for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        bytes.clear();
        ref::put_utf8(bytes, cp);
        const std::string_view all = bytes;
        for (std::size_t cut = 0; cut < all.size(); ++cut) {  // cut 0: the whole character in one piece
            const sse::Utf8Text first = j.feed(all.substr(0, cut));
            // Nothing before the last byte arrives, and the start is held; then the whole character.
            if (!first.empty() || j.held() != cut) ++failures;
            const sse::Utf8Text second = j.feed(all.substr(cut));
            if (second.head != all.substr(0, cut == 0 ? 0 : all.size()) || second.size() != all.size() ||
                j.held() != 0 || !j.finish().empty()) {
                ++failures;
            }
            ++checked;
        }
    }
    CHECK(failures == 0);
    CHECK(checked == 128 + 1920 * 2 + 61440 * 3 + 1048576 * 4);
}

TEST_CASE("Utf8Joiner: every string of up to 4 bytes of every byte class, cut every way") {
    // Up to 3 bytes: every boundary class; 4 bytes: one byte of each class the
    // decoder tells apart at some position (keeps the test short).
    const unsigned char kinds[] = {0x41, 0x80, 0x90, 0xA0, 0xC0, 0xC2, 0xE0, 0xE1, 0xED, 0xF0, 0xF1, 0xF4, 0xF5};
    std::size_t cases = 0, failures = 0;
    std::string s;
    for (std::size_t len = 1; len <= 4; ++len) {
        const unsigned char* alphabet = len < 4 ? byte_classes : kinds;
        const std::size_t size = len < 4 ? class_count : sizeof kinds;
        std::size_t total = 1;
        for (std::size_t i = 0; i < len; ++i) total *= size;
        for (std::size_t n = 0; n < total; ++n) {
            s.clear();
            for (std::size_t i = 0, m = n; i < len; ++i, m /= size) s += static_cast<char>(alphabet[m % size]);
            for (unsigned cuts = 0; cuts < (1U << (len - 1)); ++cuts) {
                if (!rule_holds(s, split(s, cuts))) {
                    if (++failures < 5) FAIL_CHECK("rule broken for " << hex(s) << " cuts " << cuts);
                }
                ++cases;
            }
        }
    }
    CHECK(failures == 0);
    CHECK(cases == 25 + 625 * 2 + 15625 * 4 + 28561 * 8);
}

TEST_CASE("Utf8Joiner: truncated and invalid sequences inside text, every two- and three-piece split") {
    const std::string text =
        "A\xE2\x82"
        "B\xF0\x9F\x9A"
        "C\x80\xBF"
        "D\xC0\xAF"
        "E\xF5\xFF"
        "F\xED\xA0\x80"
        "G" +
        rocket +
        "\xC3\xA9\xE2\x82\xAC"
        "\xF4\x90\x80\x80"
        "H\xF0\x9F";
    for (std::size_t a = 0; a <= text.size(); ++a) {
        CHECK(rule_holds(text, {std::string_view(text).substr(0, a), std::string_view(text).substr(a)}));
        for (std::size_t b = a; b <= text.size(); ++b) {
            const std::string_view v = text;
            if (!rule_holds(text, {v.substr(0, a), v.substr(a, b - a), v.substr(b)}))
                FAIL_CHECK("split " << a << "," << b);
        }
    }
    // Pieces of one byte each, as a byte-level tokenizer may give them.
    std::vector<std::string_view> bytes;
    for (std::size_t i = 0; i < text.size(); ++i) bytes.push_back(std::string_view(text).substr(i, 1));
    CHECK(rule_holds(text, bytes));
}

TEST_CASE("Utf8Joiner: finish() returns the held bytes, and reset() forgets them") {
    CHECK(join_all({"\xF0\x9F\x9A"}) == std::vector<std::string>{"", "\xF0\x9F\x9A"});
    CHECK(join_all({"ab\xE2"}) == std::vector<std::string>{"ab", "\xE2"});
    CHECK(join_all({"\xC3", "A"}) == std::vector<std::string>{"",
                                                              "\xC3"
                                                              "A",
                                                              ""});  // a broken sequence goes on as is
    sse::Utf8Joiner j;
    CHECK(j.feed("x\xC3").str() == "x");
    CHECK(j.held() == 1);
    j.reset();
    CHECK(j.held() == 0);
    CHECK(j.feed("\xA9").str() == "\xA9");
    CHECK(j.finish().empty());
}

TEST_CASE("check_utf8: opt-in rejection with errc::data_invalid_utf8") {
    CHECK(sse::check_utf8("") == sse::errc::ok);
    CHECK(sse::check_utf8("plain ASCII") == sse::errc::ok);
    CHECK(sse::check_utf8("caf\xC3\xA9 \xE2\x82\xAC " + rocket + " \xF4\x8F\xBF\xBF") == sse::errc::ok);
    for (const std::string_view bad :
         {std::string_view("\x80"), std::string_view("a\xBF"), std::string_view("\xC0\xAF"),
          std::string_view("\xC1\xBF"), std::string_view("\xE0\x80\xAF"), std::string_view("\xED\xA0\x80"),
          std::string_view("\xF4\x90\x80\x80"), std::string_view("\xF5\x80\x80\x80"), std::string_view("\xFF"),
          std::string_view("\xE2\x82"),
          std::string_view("\xE2\x82"
                           "A"),
          std::string_view("x\xF0\x9F\x9A")}) {
        CHECK(sse::check_utf8(bad) == sse::errc::data_invalid_utf8);
    }
    CHECK(sse::describe(sse::errc::data_invalid_utf8) ==
          "sse: data is not valid UTF-8; data checked with sse::check_utf8 must be well-formed UTF-8");
    const sse::invalid_field e(sse::errc::data_invalid_utf8, 4);
    CHECK(std::string(e.what()) ==
          "sse: data is not valid UTF-8 at byte 4; data checked with sse::check_utf8 must be well-formed UTF-8");
}

TEST_CASE("append_valid_utf8: U+FFFD exactly as the Encoding Standard decoder, for every short string") {
    CHECK([] {
        std::string out = "x";
        sse::append_valid_utf8(out,
                               "\xF0\x9F\x9A"
                               "A\xC0\xAF\x80");
        return out;
    }() == "x\xEF\xBF\xBD"
           "A\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    std::size_t failures = 0;
    std::string s, out;
    for (std::size_t len = 1; len <= 4; ++len) {
        std::size_t total = 1;
        for (std::size_t i = 0; i < len; ++i) total *= class_count;
        for (std::size_t n = 0; n < total; ++n) {
            s.clear();
            for (std::size_t i = 0, m = n; i < len; ++i, m /= class_count)
                s += static_cast<char>(byte_classes[m % class_count]);
            out.clear();
            sse::append_valid_utf8(out, s);
            if (out != ref::to_utf8(decode(s)) || sse::check_utf8(out) != sse::errc::ok) ++failures;
            if ((sse::check_utf8(s) == sse::errc::ok) != (out == s)) ++failures;
        }
    }
    CHECK(failures == 0);
}

TEST_CASE("append_valid_utf8 on each output of a joiner equals it on the whole") {
    const std::string text =
        "A\xE2\x82"
        "B" +
        rocket +
        "\xC0"
        "C\xF0\x9F";
    for (std::size_t a = 0; a <= text.size(); ++a) {
        sse::Utf8Joiner j;
        std::string out;
        for (const std::string_view p : {std::string_view(text).substr(0, a), std::string_view(text).substr(a)}) {
            const sse::Utf8Text t = j.feed(p);
            sse::append_valid_utf8(out, t.head);
            sse::append_valid_utf8(out, t.tail);
        }
        sse::append_valid_utf8(out, j.finish());
        std::string whole;
        sse::append_valid_utf8(whole, text);
        CHECK(out == whole);
    }
}
