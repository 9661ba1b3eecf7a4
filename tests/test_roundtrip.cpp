// Round trip: random events -> our encoder -> sse::Parser -> the same events,
// with CRLF and CR in data turned into LF. A fixed seed keeps it deterministic
// (std::mt19937_64's sequence is fixed by the standard; no distributions used).
#include <sse/parser.hpp>

#include <sse/encode.hpp>
#include <sse/event.hpp>

#include <doctest/doctest.h>

#include "reference.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

class Random {
public:
    explicit Random(std::uint64_t seed) : engine_(seed) {}
    std::uint64_t next() { return engine_(); }
    // In [0, n), n > 0 (the slight modulo bias does not matter here).
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
    bool chance(std::size_t one_in) { return below(one_in) == 0; }

private:
    std::mt19937_64 engine_;
};

// Random valid UTF-8 with plenty of line breaks, NUL, colons, spaces and
// characters of every length (BOM and U+FFFD included).
// `forbid`: characters that may not appear (for ids and event types).
std::string random_text(Random& rng, std::string_view forbid) {
    std::string out;
    const std::size_t pieces = rng.chance(8) ? 0 : rng.below(12);
    for (std::size_t i = 0; i < pieces; ++i) {
        std::string piece;
        switch (rng.below(12)) {
            case 0: piece = "\r\n"; break;
            case 1: piece = "\r"; break;
            case 2: piece = "\n"; break;
            case 3: piece = std::string(1, '\0'); break;
            case 4: piece = rng.chance(2) ? ":" : " "; break;
            case 5: ref::put_utf8(piece, static_cast<std::uint32_t>(0x80 + rng.below(0x800 - 0x80))); break;
            case 6: {
                std::uint32_t cp = static_cast<std::uint32_t>(0x800 + rng.below(0x10000 - 0x800));
                if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFEFF;  // no surrogates; a BOM instead
                ref::put_utf8(piece, cp);
                break;
            }
            case 7: ref::put_utf8(piece, static_cast<std::uint32_t>(0x10000 + rng.below(0x110000 - 0x10000))); break;
            case 8: piece = rng.chance(2) ? "\xEF\xBB\xBF" : "\xEF\xBF\xBD"; break;
            default: {
                const std::size_t n = 1 + rng.below(20);
                for (std::size_t k = 0; k < n; ++k) piece += static_cast<char>(0x20 + rng.below(0x5F));
                break;
            }
        }
        if (piece.find_first_of(forbid) == std::string::npos) out += piece;
    }
    return out;
}

struct Expected {
    std::string type, data, id;
    bool operator==(const Expected& o) const { return type == o.type && data == o.data && id == o.id; }
};

struct Stream {
    std::string wire;
    std::vector<Expected> events;
    std::vector<std::uint64_t> retries;
    std::string last_event_id;
};

Stream random_stream(Random& rng, std::size_t count) {
    Stream s;
    std::string id;
    const std::string_view nul(std::string_view("\0", 1));
    for (std::size_t i = 0; i < count; ++i) {
        if (rng.chance(10)) {  // frames that fire nothing
            if (rng.chance(2)) {
                sse::encode_comment(s.wire, random_text(rng, ""));
            } else {
                const std::uint64_t ms = rng.chance(4) ? UINT64_MAX : rng.next() >> rng.below(64);
                sse::encode_retry(s.wire, ms);
                s.retries.push_back(ms);
            }
            continue;
        }
        sse::Event e = sse::Event::data(random_text(rng, ""));
        if (rng.chance(3)) {
            id = random_text(rng, std::string("\r\n") + std::string(nul));
            e.id(id);
        }
        std::string type = "message";
        if (rng.chance(3)) {
            const std::string t = random_text(rng, "\r\n");
            e.event_type(t);
            if (!t.empty()) type = t;
        }
        if (rng.chance(5)) {
            const std::uint64_t ms = rng.next() >> rng.below(64);
            e.retry(ms);
            s.retries.push_back(ms);
        }
        if (rng.chance(4)) {  // data in random pieces through DataEncoder: the same bytes
            e.encode_fields_to(s.wire);
            sse::DataEncoder enc;
            const std::string& d = e.data();
            std::size_t at = 0;
            while (at < d.size()) {
                const std::size_t n = 1 + rng.below(d.size() - at);
                enc.write(s.wire, std::string_view(d).substr(at, n));
                at += n;
            }
            enc.finish(s.wire);
            s.wire += '\n';
        } else {
            e.encode_to(s.wire);
        }
        s.events.push_back({type, ref::normalize_line_ends(e.data()), id});
    }
    s.last_event_id = id;
    return s;
}

struct Parsed {
    std::vector<Expected> events;
    std::vector<std::uint64_t> retries;
    std::string last_event_id;
    sse::parse_errc error = sse::parse_errc::ok;
};

Parsed parse_in_pieces(std::string_view wire, Random& rng, std::size_t max_piece) {
    Parsed p;
    sse::Parser parser;
    std::size_t at = 0;
    while (at < wire.size()) {
        const std::size_t n = max_piece == 0 ? wire.size() : 1 + rng.below(max_piece);
        const sse::parse_errc e = parser.feed(
            wire.substr(at, n),
            [&](const sse::MessageEvent& ev) {
                p.events.push_back({std::string(ev.type), std::string(ev.data), std::string(ev.last_event_id)});
            },
            [&](std::uint64_t ms) { p.retries.push_back(ms); });
        if (e != sse::parse_errc::ok) p.error = e;
        at += n;
    }
    p.last_event_id = parser.last_event_id();
    CHECK_FALSE(parser.finish());  // every frame is complete
    return p;
}

void check_same(const Stream& s, const Parsed& p) {
    CHECK(p.error == sse::parse_errc::ok);
    REQUIRE(p.events.size() == s.events.size());
    for (std::size_t i = 0; i < s.events.size(); ++i) {
        INFO("event " << i);
        CHECK(p.events[i].type == s.events[i].type);
        CHECK(p.events[i].data == s.events[i].data);
        CHECK(p.events[i].id == s.events[i].id);
    }
    CHECK(p.retries == s.retries);
    CHECK(p.last_event_id == s.last_event_id);
}

// The Encoding Standard's UTF-8 decoder as the spec states it (code points
// out, tests/support/reference.hpp), independently of the parser's version.
std::string reference_utf8_decode(std::string_view in) { return ref::to_utf8(ref::utf8_decode(in)); }

}  // namespace

TEST_CASE("round trip: random events through the encoder and back, in random pieces") {
    Random rng(0x5eed5eed2026ULL);
    for (int round = 0; round < 20; ++round) {
        const Stream s = random_stream(rng, 150);
        INFO("round " << round);
        check_same(s, parse_in_pieces(s.wire, rng, 0));   // whole
        check_same(s, parse_in_pieces(s.wire, rng, 1));   // byte by byte
        check_same(s, parse_in_pieces(s.wire, rng, 7));   // small pieces
        check_same(s, parse_in_pieces(s.wire, rng, 300));  // larger pieces
    }
}

TEST_CASE("round trip: raw bytes in data arrive decoded as a browser would") {
    Random rng(20261124);
    for (int round = 0; round < 300; ++round) {
        std::string data;
        const std::size_t n = rng.below(40);
        for (std::size_t i = 0; i < n; ++i) {
            // Bias towards the bytes that matter: lead and continuation bytes, CR, LF.
            const std::size_t kind = rng.below(4);
            data += kind == 0   ? static_cast<char>(0x80 + rng.below(0x40))
                    : kind == 1 ? static_cast<char>(0xC0 + rng.below(0x40))
                    : kind == 2 ? "\r\na"[rng.below(3)]
                                : static_cast<char>(rng.below(256));
        }
        std::string wire = sse::Event::data(data).id(std::to_string(round)).encode();
        const std::string expected = reference_utf8_decode(ref::normalize_line_ends(data));
        const Parsed p = parse_in_pieces(wire, rng, 1 + rng.below(8));
        REQUIRE(p.events.size() == 1);
        CHECK(p.events[0].data == expected);
        CHECK(p.events[0].id == std::to_string(round));
    }
}

TEST_CASE("round trip: the reference decoder agrees with known cases") {
    CHECK(reference_utf8_decode("a\xFF" "b") == "a\xEF\xBF\xBD" "b");
    CHECK(reference_utf8_decode("\xE2\x82") == "\xEF\xBF\xBD");
    CHECK(reference_utf8_decode("\xF0\x80\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(reference_utf8_decode("\xE2\x82\xAC") == "\xE2\x82\xAC");
}
