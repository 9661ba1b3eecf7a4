// libFuzzer target: the input is cut into pieces (lengths drawn from its first
// 8 bytes) and fed to sse::Utf8Joiner. The outputs and finish() must join to
// the input; what is held must be exactly what the Encoding Standard decoder
// (reference.hpp) holds there; decoding each output alone must give the text
// of decoding the whole; append_valid_utf8 and check_utf8 must agree with the
// reference decoder.
#include <sse/utf8.hpp>

#include "reference.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "fuzz_utf8: %s\n", what);
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::uint64_t seed = 0x9E3779B97F4A7C15ULL;
    const std::size_t head = size < 8 ? size : 8;
    for (std::size_t i = 0; i < head; ++i) seed = (seed ^ data[i]) * 0x100000001B3ULL;
    const std::string input(reinterpret_cast<const char*>(data) + head, size - head);

    sse::Utf8Joiner j;
    std::string emitted;
    std::u32string per_output;
    std::size_t at = 0;
    while (at < input.size()) {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        const std::size_t n = static_cast<std::size_t>(seed % 8);  // 0..7 bytes, empty pieces too
        const std::string_view piece = std::string_view(input).substr(at, n);
        at += piece.size();
        const sse::Utf8Text t = j.feed(piece);
        const std::string out = t.str();
        emitted += out;
        per_output += ref::utf8_decode(out);
        std::size_t pending = 0;
        const std::u32string whole = ref::utf8_decode(std::string_view(input).substr(0, at), &pending);
        if (j.held() != pending) fail("held bytes differ from the decoder's pending bytes");
        if (emitted.size() + j.held() != at) fail("bytes lost or added");
        if (ref::utf8_decode(emitted) + ref::utf8_decode(std::string_view(input).substr(emitted.size(), j.held())) !=
            whole) {
            fail("the cut changes the decoded text");
        }
    }
    const std::string rest(j.finish());
    if (!rest.empty() && ref::utf8_decode(rest) != U"\uFFFD") fail("finish() is not one U+FFFD");
    emitted += rest;
    per_output += ref::utf8_decode(rest);
    if (emitted != input) fail("outputs do not join to the input");
    const std::u32string decoded = ref::utf8_decode(input);
    if (per_output != decoded) fail("decoding each output differs from decoding the whole");

    std::string valid;
    sse::append_valid_utf8(valid, input);
    if (valid != ref::to_utf8(decoded)) fail("append_valid_utf8 differs from the reference decoder");
    if ((sse::check_utf8(input) == sse::errc::ok) != (valid == input)) fail("check_utf8 disagrees");
    return 0;
}
