// Decoding benchmarks: sse::Parser on a long stream (about 1 MiB) of each
// workload's events, encoded by sse::Event and fed in 64 KiB chunks, against
// memcpy of the same bytes in the same chunks. The callback reads every
// event's data size; the totals are checked against the workload.
#include <sse/sse.hpp>

#include "common.hpp"
#include "workloads.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace bench {
namespace {

constexpr std::size_t chunk_size = 64 * 1024;

struct Stream {
    std::string name;
    std::string bytes;           // the encoded events, repeated
    std::size_t events = 0;      // events in `bytes`
    std::size_t data_bytes = 0;  // their decoded data (CRLF and CR become LF)
};

std::shared_ptr<const Stream> make_stream(const Workload& w) {
    auto s = std::make_shared<Stream>();
    s->name = w.name;
    std::string once;
    std::size_t data_once = 0;
    for (const Input& in : w.events) {
        once += sse::Event::data(in.data).id(in.id).event_type(in.type).encode();
        std::string_view d = in.data;
        std::size_t n = d.size();
        for (std::size_t i = 0; i + 1 < d.size(); ++i) {
            if (d[i] == '\r' && d[i + 1] == '\n') --n;  // CRLF decodes to one LF
        }
        data_once += n;
    }
    const std::size_t copies = (std::size_t{1} << 20) / once.size() + 1;
    for (std::size_t i = 0; i < copies; ++i) s->bytes += once;
    s->events = copies * w.events.size();
    s->data_bytes = copies * data_once;
    return s;
}

void sse_parse(benchmark::State& state, const Stream& s) {
    sse::Parser parser;
    std::size_t events = 0, bytes = 0;
    {
        AllocationScope allocs(state, static_cast<double>(s.events));
        for (auto _ : state) {
            events = 0;
            bytes = 0;
            for (std::size_t at = 0; at < s.bytes.size(); at += chunk_size) {
                parser.feed(std::string_view(s.bytes).substr(at, chunk_size), [&](const sse::MessageEvent& ev) {
                    ++events;
                    bytes += ev.data.size();
                });
            }
            benchmark::DoNotOptimize(bytes);
        }
    }
    parser.finish();
    if (events != s.events || bytes != s.data_bytes) state.SkipWithError("the parser did not decode the workload");
}

void floor_memcpy(benchmark::State& state, const Stream& s) {
    std::string dst(chunk_size, '\0');
    {
        AllocationScope allocs(state, static_cast<double>(s.events));
        for (auto _ : state) {
            for (std::size_t at = 0; at < s.bytes.size(); at += chunk_size) {
                const std::size_t n = std::min(chunk_size, s.bytes.size() - at);
                std::memcpy(&dst[0], s.bytes.data() + at, n);
                benchmark::ClobberMemory();
            }
            benchmark::DoNotOptimize(dst.data());
        }
    }
}

using Body = void (*)(benchmark::State&, const Stream&);

void add(const std::shared_ptr<const Stream>& s, const char* impl, Body body) {
    Shape shape;
    shape.group = "parse";
    shape.impl = impl;
    shape.workload = s->name;
    shape.events = static_cast<double>(s->events);
    shape.in_bytes = static_cast<double>(s->bytes.size());
    shape.out_bytes = static_cast<double>(s->data_bytes);
    register_shape(shape);
    const std::string name = "parse/" + shape.impl + "/" + shape.workload;
    benchmark::RegisterBenchmark(name.c_str(), [s, body, shape](benchmark::State& state) {
        body(state, *s);
        state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                                static_cast<std::int64_t>(shape.in_bytes));
        state.counters["ns/event"] = benchmark::Counter(
            shape.events * 1e-9, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
    })->Unit(benchmark::kNanosecond);
}

}  // namespace

void register_parse_benchmarks() {
    for (const Workload& w : make_workloads()) {
        const auto s = make_stream(w);
        add(s, "sse", sse_parse);
        add(s, "memcpy", floor_memcpy);
    }
}

}  // namespace bench
