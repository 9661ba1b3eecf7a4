#include <sse/parser.hpp>

#include <doctest/doctest.h>

#include "optional.hpp"

#include "reference.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#ifndef SSE_PARSE_VECTORS
#error "SSE_PARSE_VECTORS must name tests/conformance/parse.json"
#endif

namespace {

// ---------------------------------------------------------------------------
// What a parser run produced.

struct Got {
    struct Ev {
        std::string type, data, id;
        bool operator==(const Ev& o) const { return type == o.type && data == o.data && id == o.id; }
    };
    std::vector<Ev> events;
    std::vector<std::uint64_t> retries;
    std::string last_event_id;
    sse::parse_errc error = sse::parse_errc::ok;

    bool operator==(const Got& o) const {
        return events == o.events && retries == o.retries && last_event_id == o.last_event_id && error == o.error;
    }
};

std::string show(std::string_view s) {
    std::string out;
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u < 0x7f && c != '\\') {
            out += c;
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02X", u);
            out += buf;
        }
    }
    return out;
}

std::string show(const Got& g) {
    std::string out = "events:";
    for (const auto& e : g.events) out += " {" + show(e.type) + "|" + show(e.data) + "|" + show(e.id) + "}";
    out += " retries:";
    for (const auto r : g.retries) out += " " + std::to_string(r);
    out += " last_event_id: " + show(g.last_event_id);
    out += " error: " + std::string(sse::describe(g.error));
    return out;
}

// Feeds the chunks in order, then ends the stream.
Got run(const std::vector<std::string>& chunks, std::size_t max_size = sse::Parser::default_max_event_size) {
    Got got;
    sse::Parser parser(max_size);
    for (const auto& chunk : chunks) {
        const sse::parse_errc e = parser.feed(
            chunk,
            [&](const sse::MessageEvent& ev) {
                got.events.push_back({std::string(ev.type), std::string(ev.data), std::string(ev.last_event_id)});
                CHECK(ev.last_event_id == parser.last_event_id());
            },
            [&](std::uint64_t ms) {
                got.retries.push_back(ms);
                CHECK(opt(parser.retry()) == ms);
            });
        CHECK(e == parser.error());
        if (e != sse::parse_errc::ok) got.error = e;
    }
    got.last_event_id = parser.last_event_id();
    parser.finish();
    CHECK(parser.last_event_id() == got.last_event_id);
    CHECK(parser.error() == sse::parse_errc::ok);
    return got;
}

std::string join(const std::vector<std::string>& chunks) {
    std::string all;
    for (const auto& c : chunks) all += c;
    return all;
}

// Every chunking we try: as given, whole, byte by byte, split once at every
// position, and (for short inputs) split twice at every pair of positions.
template <class Check>
void for_each_chunking(const std::vector<std::string>& given, Check check) {
    const std::string all = join(given);
    check(given, "as given");
    check(std::vector<std::string>{all}, "whole");
    std::vector<std::string> bytes;
    for (const char c : all) bytes.emplace_back(1, c);
    check(bytes, "one byte at a time");
    for (std::size_t i = 0; i <= all.size(); ++i) {
        check(std::vector<std::string>{all.substr(0, i), all.substr(i)}, "split at " + std::to_string(i));
    }
    if (all.size() <= 64) {
        for (std::size_t i = 0; i <= all.size(); ++i) {
            for (std::size_t j = i; j <= all.size(); ++j) {
                check(std::vector<std::string>{all.substr(0, i), all.substr(i, j - i), all.substr(j)},
                      "split at " + std::to_string(i) + " and " + std::to_string(j));
            }
        }
    }
}

// ---------------------------------------------------------------------------
// A small JSON reader, enough for parse.json (objects, arrays, strings with
// every escape including surrogate pairs, unsigned integers, literals).

struct Json {
    enum Kind { null, boolean, number, string, array, object } kind = null;
    bool b = false;
    std::uint64_t num = 0;
    std::string str;
    std::vector<Json> items;       // array elements, or object values
    std::vector<std::string> keys;  // object keys, one per item

    const Json* find(std::string_view key) const {
        for (std::size_t i = 0; i < keys.size(); ++i) {
            if (keys[i] == key) return &items[i];
        }
        return nullptr;
    }
    const Json& at(std::string_view key) const {
        const Json* j = find(key);
        if (j == nullptr) throw std::runtime_error("parse.json: missing key " + std::string(key));
        return *j;
    }
};

class JsonReader {
public:
    explicit JsonReader(std::string_view text) : s_(text) {}

    Json document() {
        Json j = value();
        skip_ws();
        if (i_ != s_.size()) error("trailing characters");
        return j;
    }

private:
    [[noreturn]] void error(const char* what) const {
        throw std::runtime_error(std::string("parse.json: ") + what + " at byte " + std::to_string(i_));
    }
    void skip_ws() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) ++i_;
    }
    char peek() {
        skip_ws();
        if (i_ == s_.size()) error("unexpected end");
        return s_[i_];
    }
    void expect(char c) {
        if (peek() != c) error("unexpected character");
        ++i_;
    }
    bool literal(std::string_view word) {
        if (s_.substr(i_, word.size()) != word) return false;
        i_ += word.size();
        return true;
    }

    Json value() {
        Json j;
        const char c = peek();
        if (c == '{') {
            j.kind = Json::object;
            ++i_;
            if (peek() == '}') {
                ++i_;
                return j;
            }
            for (;;) {
                j.keys.push_back(string_body());
                expect(':');
                j.items.push_back(value());
                if (peek() == ',') {
                    ++i_;
                    continue;
                }
                expect('}');
                return j;
            }
        }
        if (c == '[') {
            j.kind = Json::array;
            ++i_;
            if (peek() == ']') {
                ++i_;
                return j;
            }
            for (;;) {
                j.items.push_back(value());
                if (peek() == ',') {
                    ++i_;
                    continue;
                }
                expect(']');
                return j;
            }
        }
        if (c == '"') {
            j.kind = Json::string;
            j.str = string_body();
            return j;
        }
        if (c >= '0' && c <= '9') {
            j.kind = Json::number;
            while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') {
                j.num = j.num * 10 + static_cast<std::uint64_t>(s_[i_] - '0');
                ++i_;
            }
            if (i_ < s_.size() && (s_[i_] == '.' || s_[i_] == 'e' || s_[i_] == 'E')) error("non-integer number");
            return j;
        }
        if (literal("true")) {
            j.kind = Json::boolean;
            j.b = true;
            return j;
        }
        if (literal("false")) {
            j.kind = Json::boolean;
            return j;
        }
        if (literal("null")) return j;
        error("unexpected value");
    }

    unsigned hex4() {
        if (s_.size() - i_ < 4) error("short \\u escape");
        unsigned v = 0;
        for (int k = 0; k < 4; ++k) {
            const char h = s_[i_++];
            v <<= 4;
            if (h >= '0' && h <= '9') {
                v |= static_cast<unsigned>(h - '0');
            } else if (h >= 'a' && h <= 'f') {
                v |= static_cast<unsigned>(h - 'a' + 10);
            } else if (h >= 'A' && h <= 'F') {
                v |= static_cast<unsigned>(h - 'A' + 10);
            } else {
                error("bad hex digit");
            }
        }
        return v;
    }

    std::string string_body() {
        expect('"');
        std::string out;
        for (;;) {
            if (i_ == s_.size()) error("unterminated string");
            const char c = s_[i_++];
            if (c == '"') return out;
            if (c != '\\') {
                out += c;
                continue;
            }
            if (i_ == s_.size()) error("unterminated escape");
            const char e = s_[i_++];
            switch (e) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    unsigned cp = hex4();
                    if (cp >= 0xD800 && cp <= 0xDBFF) {
                        if (!literal("\\u")) error("lone high surrogate");
                        const unsigned low = hex4();
                        if (low < 0xDC00 || low > 0xDFFF) error("bad low surrogate");
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    }
                    ref::put_utf8(out, cp);
                    break;
                }
                default: error("unknown escape");
            }
        }
    }

    std::string_view s_;
    std::size_t i_ = 0;
};

std::string read_file(const char* path) {
    std::FILE* f = std::fopen(path, "rb");
    if (f == nullptr) throw std::runtime_error(std::string("cannot open ") + path);
    std::string text;
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
    std::fclose(f);
    return text;
}

std::string from_hex(std::string_view hex) {
    auto nibble = [](char h) {
        return h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10;
    };
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        out += static_cast<char>(nibble(hex[i]) * 16 + nibble(hex[i + 1]));
    }
    return out;
}

struct Vector {
    std::string name;
    std::vector<std::string> chunks;
    Got expected;
};

std::vector<Vector> load_vectors() {
    const Json doc = JsonReader(read_file(SSE_PARSE_VECTORS)).document();
    std::vector<Vector> out;
    for (const Json& v : doc.items) {
        Vector vec;
        vec.name = v.at("name").str;
        if (const Json* hex = v.find("chunks_hex")) {
            for (const Json& c : hex->items) vec.chunks.push_back(from_hex(c.str));
        } else {
            for (const Json& c : v.at("chunks").items) vec.chunks.push_back(c.str);
        }
        for (const Json& e : v.at("events").items) {
            vec.expected.events.push_back({e.at("type").str, e.at("data").str, e.at("id").str});
        }
        for (const Json& r : v.at("retries").items) vec.expected.retries.push_back(r.num);
        vec.expected.last_event_id = v.at("last_event_id").str;
        out.push_back(std::move(vec));
    }
    return out;
}

}  // namespace

TEST_CASE("parser: every conformance vector, in every chunking") {
    const std::vector<Vector> vectors = load_vectors();
    REQUIRE(vectors.size() >= 60);
    std::size_t runs = 0;
    for (const Vector& v : vectors) {
        for_each_chunking(v.chunks, [&](const std::vector<std::string>& chunks, const std::string& how) {
            const Got got = run(chunks);
            ++runs;
            if (!(got == v.expected)) {
                FAIL_CHECK(v.name << " (" << how << ")\n  got:      " << show(got)
                                  << "\n  expected: " << show(v.expected));
            }
        });
    }
    MESSAGE(vectors.size() << " vectors, " << runs << " parser runs");
}

TEST_CASE("parser: the JSON reader reads what the vectors need") {
    const Json j = JsonReader(R"([{"a":"x\u00e9\ud83d\ude00\n\"\\","n":[0,42],"t":true,"f":false,"z":null}])").document();
    REQUIRE(j.items.size() == 1);
    CHECK(j.items[0].at("a").str == "x\xC3\xA9\xF0\x9F\x98\x80\n\"\\");
    CHECK(j.items[0].at("n").items[1].num == 42);
    CHECK(j.items[0].at("t").b);
    CHECK(j.items[0].at("z").kind == Json::null);
}

// ---------------------------------------------------------------------------
// Behaviour beyond the vectors. Each check also runs in every chunking.

namespace {
void check_all_chunkings(const std::string& stream, const Got& expected,
                         std::size_t max_size = sse::Parser::default_max_event_size) {
    for_each_chunking({stream}, [&](const std::vector<std::string>& chunks, const std::string& how) {
        const Got got = run(chunks, max_size);
        if (!(got == expected)) {
            FAIL_CHECK(show(stream) << " (" << how << ")\n  got:      " << show(got) << "\n  expected: " << show(expected));
        }
    });
}
Got events(std::vector<Got::Ev> evs, std::vector<std::uint64_t> retries = {}, std::string last_id = "",
           sse::parse_errc error = sse::parse_errc::ok) {
    Got g;
    g.events = std::move(evs);
    g.retries = std::move(retries);
    g.last_event_id = std::move(last_id);
    g.error = error;
    return g;
}
const std::string fffd = "\xEF\xBF\xBD";
}  // namespace

TEST_CASE("parser: invalid UTF-8 becomes U+FFFD per maximal subpart, as browsers do") {
    // Lone continuation bytes and bytes never used in UTF-8: one U+FFFD each.
    check_all_chunkings("data: \x80\xBF\xC0\xC1\xF5\xFF\n\n", events({{"message", fffd + fffd + fffd + fffd + fffd + fffd, ""}}));
    // A truncated sequence is one U+FFFD; the byte that broke it is decoded again.
    check_all_chunkings("data: \xE2\x82x\n\n", events({{"message", fffd + "x", ""}}));
    check_all_chunkings("data: \xF0\x9F\x98\n\n", events({{"message", fffd, ""}}));
    check_all_chunkings("data: \xF0\x9F\xE2\x82\xAC\n\n", events({{"message", fffd + "\xE2\x82\xAC", ""}}));
    // Overlongs, surrogates and values above U+10FFFF fail at the second byte.
    check_all_chunkings("data: \xE0\x80\xAF\n\n", events({{"message", fffd + fffd + fffd, ""}}));
    check_all_chunkings("data: \xED\xA0\x80\n\n", events({{"message", fffd + fffd + fffd, ""}}));
    check_all_chunkings("data: \xF4\x90\x80\x80\n\n", events({{"message", fffd + fffd + fffd + fffd, ""}}));
    check_all_chunkings("data: \xF0\x80\x80\x80\n\n", events({{"message", fffd + fffd + fffd + fffd, ""}}));
    // The largest valid values of each length pass unchanged.
    check_all_chunkings("data: \x7F\xDF\xBF\xEF\xBF\xBF\xF4\x8F\xBF\xBF\n\n",
                        events({{"message", "\x7F\xDF\xBF\xEF\xBF\xBF\xF4\x8F\xBF\xBF", ""}}));
    // Type and id are decoded the same way; a colon or line end cuts a sequence.
    check_all_chunkings("event: \xFFt\nid: \xC3\ndata:\xE2\x82:\n\n", events({{fffd + "t", fffd + ":", fffd}}, {}, fffd));
    // A broken sequence at the end of one data line does not swallow the LF that joins the next.
    check_all_chunkings("data: a\xE2\ndata: b\n\n", events({{"message", "a" + fffd + "\nb", ""}}));
}

TEST_CASE("parser: retry takes ASCII digits up to 2^64-1; larger values are ignored") {
    check_all_chunkings("retry: 18446744073709551615\n\n", events({}, {UINT64_MAX}));
    check_all_chunkings("retry: 7\nretry: 18446744073709551616\nretry: 99999999999999999999999\n\n", events({}, {7}));
    check_all_chunkings("retry: 000000000000000000000000000001\n\n", events({}, {1}));
    check_all_chunkings("retry:5\nretry 6\nretry:\t7\n\n", events({}, {5}));
}

TEST_CASE("parser: a leading BOM is stripped once; a broken one is data") {
    check_all_chunkings("\xEF\xBB\xBF" "data: a\n\n", events({{"message", "a", ""}}));
    // EF BB not followed by BF: the bytes start the first field name (as U+FFFD), so it is unknown.
    check_all_chunkings("\xEF\xBB" "data: a\n\ndata: b\n\n", events({{"message", "b", ""}}));
    check_all_chunkings("\xEF" "data: a\n\ndata: b\n\n", events({{"message", "b", ""}}));
    // A BOM followed at once by a line end: an empty line, nothing to dispatch.
    check_all_chunkings("\xEF\xBB\xBF\r\ndata: c\r\n\r\n", events({{"message", "c", ""}}));
}

TEST_CASE("parser: the event type and data reset at dispatch, the id persists") {
    check_all_chunkings("event: a\nid: 1\ndata: x\n\ndata: y\n\nid\ndata: z\n\n",
                        events({{"a", "x", "1"}, {"message", "y", "1"}, {"message", "z", ""}}, {}, ""));
    check_all_chunkings("data: x\nevent: \n\n", events({{"message", "x", ""}}));
    check_all_chunkings("data: x\nevent: a\nevent: b\n\n", events({{"b", "x", ""}}));
}

TEST_CASE("parser: the limits on a line and on an event's data") {
    using sse::parse_errc;
    // Exactly at the limit (8 bytes per line, 8 bytes of data) is fine.
    check_all_chunkings("data:123\n\n", events({{"message", "123", ""}}), 8);
    check_all_chunkings("data:123\ndata:456\n\n", events({{"message", "123\n456", ""}}), 8);
    // One line byte more: the events before are delivered, then the error; nothing after.
    check_all_chunkings("data:a\n\ndata:1234\n\ndata:b\n\n", events({{"message", "a", ""}}, {}, "", parse_errc::line_too_long), 8);
    // An unfinished line that is already too long is an error too.
    check_all_chunkings("data:a\n\n:123456789", events({{"message", "a", ""}}, {}, "", parse_errc::line_too_long), 8);
    // Data that grows past the limit over several lines.
    check_all_chunkings("data:a\n\ndata:123\ndata:456\ndata:7\n\ndata:b\n\n",
                        events({{"message", "a", ""}}, {}, "", parse_errc::data_too_large), 8);
    // Replacement characters count: 3 invalid bytes decode to 9 bytes.
    check_all_chunkings("data:\xFF\xFF\xFF\n\n", events({}, {}, "", parse_errc::data_too_large), 8);

    sse::Parser parser(8);
    int fired = 0;
    auto count = [&](const sse::MessageEvent&) { ++fired; };
    CHECK(parser.max_event_size() == 8);
    CHECK(parser.feed("data: 123456789\n\n", count) == parse_errc::line_too_long);
    CHECK(parser.error() == parse_errc::line_too_long);
    CHECK(parser.feed("data: ok\n\n", count) == parse_errc::line_too_long);  // stays stopped
    CHECK(fired == 0);
    CHECK(sse::describe(parse_errc::line_too_long).find("line is longer") != std::string_view::npos);
    parser.finish();  // a new stream
    CHECK(parser.error() == parse_errc::ok);
    CHECK(parser.feed("data: ok\n\n", count) == parse_errc::ok);
    CHECK(fired == 1);
}

TEST_CASE("parser: finish() discards the unfinished event and starts a new stream") {
    sse::Parser parser;
    std::vector<std::string> seen;
    auto keep = [&](const sse::MessageEvent& ev) { seen.emplace_back(ev.data); };
    CHECK_FALSE(parser.finish());
    CHECK(parser.feed("id: 1\ndata: a\n\nid: 2\ndata: b\n", keep) == sse::parse_errc::ok);
    CHECK(parser.finish());  // "b" is dropped, and so is id 2
    CHECK(parser.last_event_id() == "1");
    // The next stream starts from the kept ID and strips a BOM again.
    CHECK(parser.feed("\xEF\xBB\xBF" "data: c\n\n", keep) == sse::parse_errc::ok);
    CHECK(parser.feed("data: d", keep) == sse::parse_errc::ok);
    CHECK(parser.finish());
    CHECK(parser.feed("data: e\n", keep) == sse::parse_errc::ok);
    CHECK(parser.finish());
    CHECK(parser.feed("\xEF\xBB", keep) == sse::parse_errc::ok);
    CHECK(parser.finish());
    CHECK(parser.feed("data: f\n\n", keep) == sse::parse_errc::ok);
    CHECK_FALSE(parser.finish());
    CHECK(seen == std::vector<std::string>{"a", "c", "f"});
    CHECK(parser.last_event_id() == "1");
    CHECK(parser.retry() == nullptr);
}

TEST_CASE("parser: an event wholly inside the chunk is handed over without a copy") {
    const std::string chunk = "event: t\ndata: inside\n\n";
    sse::Parser parser;
    bool fired = false;
    CHECK(parser.feed(chunk, [&](const sse::MessageEvent& ev) {
        fired = true;
        CHECK(ev.data == "inside");
        CHECK(ev.data.data() == chunk.data() + 15);
        CHECK(ev.type.data() == chunk.data() + 7);
    }) == sse::parse_errc::ok);
    CHECK(fired);
}

TEST_CASE("parser: an event split over chunks survives the first chunk's end") {
    sse::Parser parser;
    std::vector<std::string> seen;
    auto keep = [&](const sse::MessageEvent& ev) { seen.push_back(std::string(ev.type) + "=" + std::string(ev.data)); };
    {
        std::string first = "event: tt\ndata: one\ndata: tw";
        CHECK(parser.feed(first, keep) == sse::parse_errc::ok);
        first.assign(first.size(), '#');  // the parser must not point into it any more
    }
    CHECK(parser.feed("o\n\n", keep) == sse::parse_errc::ok);
    {
        std::string first = "event: u\ndata: x";
        CHECK(parser.feed(first, keep) == sse::parse_errc::ok);
        first.assign(first.size(), '#');
    }
    {
        std::string second = "yz\n";
        CHECK(parser.feed(second, keep) == sse::parse_errc::ok);
        second.assign(second.size(), '#');
    }
    CHECK(parser.feed("\n", keep) == sse::parse_errc::ok);
    CHECK(seen == std::vector<std::string>{"tt=one\ntwo", "u=xyz"});
}

#if SSE_USE_EXCEPTIONS
TEST_CASE("parser: an exception from the callback leaves the parser usable") {
    sse::Parser parser;
    std::vector<std::string> seen;
    bool thrown = false;
    auto cb = [&](const sse::MessageEvent& ev) {
        if (ev.data == "boom" && !thrown) {
            thrown = true;
            throw std::runtime_error("boom");
        }
        seen.emplace_back(ev.data);
    };
    CHECK_THROWS_AS(parser.feed("data: a\n\ndata: boom\n\ndata: lost\n\n", cb), std::runtime_error);
    CHECK(parser.feed("data: b\n\n", cb) == sse::parse_errc::ok);
    CHECK_THROWS_AS(parser.feed("data: c\nretry: 5\ndata: d\n\n", cb, [](std::uint64_t) { throw 5; }), int);
    CHECK(opt(parser.retry()) == 5u);
    CHECK(parser.feed("data: e\n\n", cb) == sse::parse_errc::ok);  // "c" was dropped with its chunk
    CHECK(seen == std::vector<std::string>{"a", "b", "e"});
}
#endif

TEST_CASE("parser: lines of every length around the 64-byte scan blocks, with every line end") {
    // Short lines walk a bit mask per 64-byte block; lines longer than two
    // blocks are finished with memchr. Cross both, with CR, LF and CRLF.
    std::string stream;
    Got expected;
    const char* const ends[] = {"\n", "\r", "\r\n"};
    std::size_t e = 0;
    for (std::size_t len = 0; len < 300; len += (len < 140 ? 1 : 37)) {
        std::string value;
        for (std::size_t i = 0; i < len; ++i) value += static_cast<char>('a' + (len + i) % 26);
        stream += "data: " + value + ends[e % 3];
        stream += "data:" + std::string(len % 3, ' ') + ends[(e + 1) % 3];
        stream += ends[(e + 2) % 3];  // dispatch
        ++e;
        expected.events.push_back({"message", value + "\n" + std::string(len % 3 == 0 ? 0 : len % 3 - 1, ' '), ""});
    }
    for (const std::size_t piece : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{63}, std::size_t{64},
                                    std::size_t{65}, std::size_t{129}, std::size_t{1000}}) {
        std::vector<std::string> chunks;
        for (std::size_t at = 0; at < stream.size(); at += piece == 0 ? stream.size() : piece) {
            chunks.push_back(stream.substr(at, piece == 0 ? std::string::npos : piece));
        }
        const Got got = run(chunks);
        CHECK_MESSAGE(got == expected, "pieces of " << piece);
    }
}
