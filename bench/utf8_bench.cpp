// What sse::Utf8Joiner costs a token stream: one event per byte-level token
// (three in ten end inside a multi-byte character) through sse::Writer, with
// and without the joiner, and the joiner alone. ns/event and allocs/event per
// token; joiner_alone checks that the outputs add up to every byte of the text.
#include <sse/sse.hpp>

#include "common.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace bench {
namespace {

// 300 tokens: "Hello", " wor", "ld", then a 2-, 3- and 4-byte character each
// cut after its first byte, repeated.
struct Tokens {
    std::string text;
    std::vector<std::string_view> pieces;
};
const Tokens& tokens() {
    static const Tokens t = [] {
        Tokens r;
        const std::vector<std::string> cycle = {"Hello", " wor", "ld", " caf\xC3", "\xA9 \xE6", "\x97\xA5 \xF0",
                                                "\x9F\x9A\x80", ",", " and", " more"};
        std::vector<std::size_t> sizes;
        for (int i = 0; i < 30; ++i) {
            for (const std::string& p : cycle) {
                r.text += p;
                sizes.push_back(p.size());
            }
        }
        std::size_t at = 0;
        for (const std::size_t n : sizes) {
            r.pieces.push_back(std::string_view(r.text).substr(at, n));
            at += n;
        }
        return r;
    }();
    return t;
}

void joiner_alone(benchmark::State& state) {
    const Tokens& t = tokens();
    sse::Utf8Joiner utf8;
    AllocationScope allocs(state, static_cast<double>(t.pieces.size()));
    for (auto _ : state) {
        std::size_t bytes = 0;
        for (const std::string_view p : t.pieces) bytes += utf8.feed(p).size();
        bytes += utf8.finish().size();
        if (bytes != t.text.size()) state.SkipWithError("bytes lost");
        benchmark::DoNotOptimize(bytes);
    }
}

template <bool Joined>
void writer_tokens(benchmark::State& state) {
    const Tokens& t = tokens();
    std::size_t wire = 0;
    sse::Writer w([&wire](std::string_view b) {
        wire += b.size();
        return true;
    });
    sse::Utf8Joiner utf8;
    AllocationScope allocs(state, static_cast<double>(t.pieces.size()));
    for (auto _ : state) {
        for (const std::string_view p : t.pieces) {
            if constexpr (Joined) {
                const sse::Utf8Text text = utf8.feed(p);
                if (text.empty()) continue;
                w.begin();
                w.write_data(text.head);
                w.write_data(text.tail);
                w.end();
            } else {
                w.begin();
                w.write_data(p);
                w.end();
            }
        }
        benchmark::DoNotOptimize(wire);
    }
}

}  // namespace

void register_utf8_benchmarks() {
    const double n = static_cast<double>(tokens().pieces.size());
    const auto reg = [n](const char* name, void (*fn)(benchmark::State&)) {
        benchmark::RegisterBenchmark(name, [fn, n](benchmark::State& state) {
            fn(state);
            state.counters["ns/event"] = benchmark::Counter(
                n * 1e-9, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
        })->Unit(benchmark::kNanosecond);
    };
    reg("utf8/joiner_alone/tokens", joiner_alone);
    reg("utf8/writer_plain/tokens", writer_tokens<false>);
    reg("utf8/writer_joined/tokens", writer_tokens<true>);
}

}  // namespace bench
