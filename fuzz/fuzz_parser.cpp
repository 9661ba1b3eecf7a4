// libFuzzer target: any bytes into sse::Parser, split three ways (whole, in
// pieces chosen by the input, byte by byte) with a small or the default limit.
// All splits must agree exactly; with the default limit the result must equal
// the literal spec reading in tests/support/reference.hpp; every delivered string must be
// valid UTF-8 without the characters its field cannot hold.
#include <sse/parser.hpp>

#include "reference.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct Run {
    ref::Result result;
    sse::parse_errc error = sse::parse_errc::ok;
    bool operator==(const Run& o) const { return result == o.result && error == o.error; }
};

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "fuzz_parser: %s\n", what);
    std::abort();
}

bool valid_utf8(std::string_view s) { return ref::to_utf8(ref::utf8_decode(s)) == s; }

void check_event(const sse::MessageEvent& ev) {
    if (ev.type.empty()) fail("empty type");
    if (!valid_utf8(ev.type) || !valid_utf8(ev.data) || !valid_utf8(ev.last_event_id)) fail("invalid UTF-8 delivered");
    if (ev.type.find_first_of("\r\n") != std::string_view::npos) fail("line end in type");
    if (ev.data.find('\r') != std::string_view::npos) fail("CR in data");
    if (ev.last_event_id.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) fail("bad id");
}

// Feeds `input` in pieces of the given sizes (cycled; 0 = an empty chunk).
Run run(std::string_view input, const std::vector<std::size_t>& sizes, std::size_t limit) {
    Run r;
    sse::Parser parser(limit);
    std::size_t at = 0, k = 0;
    for (;;) {
        const std::size_t n = sizes.empty() ? input.size() : sizes[k++ % sizes.size()];
        const sse::parse_errc e = parser.feed(
            input.substr(at, n),
            [&](const sse::MessageEvent& ev) {
                check_event(ev);
                r.result.events.push_back({std::string(ev.type), std::string(ev.data), std::string(ev.last_event_id)});
            },
            [&](std::uint64_t ms) { r.result.retries.push_back(ms); });
        if (e != parser.error()) fail("feed() and error() disagree");
        if (e != sse::parse_errc::ok) r.error = e;
        at += n;
        if (at >= input.size()) break;
    }
    r.result.last_event_id = parser.last_event_id();
    parser.finish();
    if (parser.error() != sse::parse_errc::ok) fail("finish() kept the error");
    return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t control = data[0];
    const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
    const std::size_t limit = (control & 1) != 0 ? 8 + (control >> 1) % 64 : sse::Parser::default_max_event_size;

    std::vector<std::size_t> sizes;
    std::uint32_t x = control * 2654435761U + 1;
    for (int i = 0; i < 16; ++i) {
        x = x * 1103515245U + 12345U;
        sizes.push_back((x >> 16) % 70);  // includes 0: empty chunks
    }
    sizes.push_back(1);

    const Run whole = run(input, {}, limit);
    if (!(run(input, sizes, limit) == whole)) fail("pieces differ from whole");
    if (input.size() <= 4096 && !(run(input, {1}, limit) == whole)) fail("byte by byte differs from whole");
    if (limit == sse::Parser::default_max_event_size) {
        if (whole.error != sse::parse_errc::ok) fail("error under the default limit");
        if (!(whole.result == ref::parse(input))) fail("differs from the reference reading of the spec");
    }
    return 0;
}
