// libFuzzer target: events built from the input (any bytes in data, ids and
// types as the encoder accepts them, retry values, comments) go through the
// encoder and back through sse::Parser in pieces; they must come back equal,
// with CRLF/CR in data as LF and invalid UTF-8 as U+FFFD (reference.hpp).
#include <sse/parser.hpp>

#include <sse/encode.hpp>
#include <sse/event.hpp>

#include "reference.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "fuzz_roundtrip: %s\n", what);
    std::abort();
}

class Input {
public:
    Input(const std::uint8_t* data, std::size_t size) : p_(data), n_(size) {}
    bool empty() const { return n_ == 0; }
    std::uint8_t byte() {
        if (n_ == 0) return 0;
        --n_;
        return *p_++;
    }
    std::string blob() {
        const std::size_t len = byte() % 48;
        const std::size_t take = len < n_ ? len : n_;
        std::string s(reinterpret_cast<const char*>(p_), take);
        p_ += take;
        n_ -= take;
        return s;
    }
    std::uint64_t u64() {
        std::uint64_t v = 0;
        for (int i = 0; i < 8; ++i) v = (v << 8) | byte();
        return v;
    }

private:
    const std::uint8_t* p_;
    std::size_t n_;
};

std::string without(std::string s, std::string_view bytes) {
    std::string out;
    for (const char c : s) {
        if (bytes.find(c) == std::string_view::npos) out += c;
    }
    return out;
}

std::string decoded(std::string_view s) { return ref::to_utf8(ref::utf8_decode(s)); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Input in(data, size);
    const std::uint8_t piece = static_cast<std::uint8_t>(in.byte() % 64);
    std::string wire;
    ref::Result expected;
    std::string id;
    for (int count = 0; !in.empty() && count < 64; ++count) {
        const std::uint8_t flags = in.byte();
        if ((flags & 8) != 0) sse::encode_comment(wire, in.blob());
        sse::Event e = sse::Event::data(in.blob());
        if ((flags & 1) != 0) {
            const std::string raw = without(in.blob(), std::string_view("\r\n\0", 3));
            e.id(raw);
            id = decoded(raw);
        }
        std::string type = "message";
        if ((flags & 2) != 0) {
            const std::string raw = without(in.blob(), "\r\n");
            e.event_type(raw);
            if (!raw.empty()) type = decoded(raw);
        }
        if ((flags & 4) != 0) {
            const std::uint64_t ms = in.u64() >> (flags >> 4);
            e.retry(ms);
            expected.retries.push_back(ms);
        }
        if ((flags & 0x80) != 0) {  // data through DataEncoder in two pieces
            e.encode_fields_to(wire);
            sse::DataEncoder enc;
            const std::string& d = e.data();
            const std::size_t cut = d.empty() ? 0 : flags % (d.size() + 1);
            enc.write(wire, std::string_view(d).substr(0, cut));
            enc.write(wire, std::string_view(d).substr(cut));
            enc.finish(wire);
            wire += '\n';
        } else {
            e.encode_to(wire);
        }
        expected.events.push_back({type, decoded(ref::normalize_line_ends(e.data())), id});
    }
    expected.last_event_id = id;

    ref::Result got;
    sse::Parser parser;
    const std::size_t n = piece == 0 ? wire.size() + 1 : piece;
    for (std::size_t at = 0; at < wire.size(); at += n) {
        const sse::parse_errc err = parser.feed(
            std::string_view(wire).substr(at, n),
            [&](const sse::MessageEvent& ev) {
                got.events.push_back({std::string(ev.type), std::string(ev.data), std::string(ev.last_event_id)});
            },
            [&](std::uint64_t ms) { got.retries.push_back(ms); });
        if (err != sse::parse_errc::ok) fail("parser error");
    }
    got.last_event_id = parser.last_event_id();
    if (parser.finish()) fail("an encoded stream left an unfinished event");
    if (!(got == expected)) fail("round trip changed the events");
    if (!(ref::parse(wire) == expected)) fail("reference reading differs");
    return 0;
}
