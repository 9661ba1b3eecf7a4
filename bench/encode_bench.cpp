// Encoding benchmarks: sse::Event::encode_to into a reused buffer, against
// memcpy of the same output bytes (the floor) and two naive encoders.
// Every encoder's output is checked against sse::Event::encode() byte for byte.
#include <sse/sse.hpp>
#include <sse/slices.hpp>

#include "common.hpp"
#include "naive.hpp"
#include "workloads.hpp"

#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace bench {
namespace {

struct Fixture {
    Workload work;
    std::vector<sse::Event> events;
    std::vector<std::size_t> sizes;  // encoded size of each event
    std::string expected;            // all events encoded once, in order
};

std::shared_ptr<const Fixture> make_fixture(Workload w) {
    auto f = std::make_shared<Fixture>();
    f->work = std::move(w);
    for (const Input& in : f->work.events) {
        f->events.push_back(sse::Event::data(in.data).id(in.id).event_type(in.type));
        const std::string wire = f->events.back().encode();
        f->sizes.push_back(wire.size());
        f->expected += wire;
    }
    return f;
}

void check(benchmark::State& state, const std::string& out, const Fixture& f) {
    if (out != f.expected) state.SkipWithError("output differs from sse::Event::encode()");
}

void sse_encode_to(benchmark::State& state, const Fixture& f) {
    std::string out;
    out.reserve(f.expected.size());
    {
        AllocationScope allocs(state, static_cast<double>(f.events.size()));
        for (auto _ : state) {
            out.clear();
            for (const sse::Event& e : f.events) e.encode_to(out);
            benchmark::DoNotOptimize(out.data());
            benchmark::ClobberMemory();
        }
    }
    check(state, out, f);
}

// The frame core (detail::append_event), which Event::encode_to could call directly.
void sse_frame_core(benchmark::State& state, const Fixture& f) {
    std::string out;
    out.reserve(f.expected.size());
    {
        AllocationScope allocs(state, static_cast<double>(f.events.size()));
        for (auto _ : state) {
            out.clear();
            for (const sse::Event& e : f.events) {
                char digits[20];
                sse::detail::append_event(out, sse::detail::fields_of(e, digits), e.data());
            }
            benchmark::DoNotOptimize(out.data());
            benchmark::ClobberMemory();
        }
    }
    check(state, out, f);
}

// Zero-copy: the slices of each frame (for writev) into one reused sse::Slices.
// Nothing is copied, so the output check joins the slices once afterwards.
void sse_slices(benchmark::State& state, const Fixture& f) {
    sse::Slices slices;
    std::size_t count = 0;
    {
        AllocationScope allocs(state, static_cast<double>(f.events.size()));
        for (auto _ : state) {
            count = 0;
            for (const sse::Event& e : f.events) {
                sse::encode_slices(e, slices);
                benchmark::DoNotOptimize(slices.data());
                count += slices.size();
            }
            benchmark::DoNotOptimize(count);
        }
    }
    std::string joined;
    for (const sse::Event& e : f.events) joined += sse::encode_slices(e).to_string();
    check(state, joined, f);
    state.counters["slices/event"] = static_cast<double>(count) / static_cast<double>(f.events.size());
}

void floor_memcpy(benchmark::State& state, const Fixture& f) {
    std::string dst(f.expected.size(), '\0');
    {
        AllocationScope allocs(state, static_cast<double>(f.events.size()));
        for (auto _ : state) {
            char* to = &dst[0];
            const char* from = f.expected.data();
            for (std::size_t n : f.sizes) {
                std::memcpy(to, from, n);
                to += n;
                from += n;
            }
            benchmark::DoNotOptimize(dst.data());
            benchmark::ClobberMemory();
        }
    }
    check(state, dst, f);
}

void naive_ostream(benchmark::State& state, const Fixture& f) {
    std::string out;
    out.reserve(f.expected.size());
    {
        AllocationScope allocs(state, static_cast<double>(f.events.size()));
        for (auto _ : state) {
            out.clear();
            for (const Input& in : f.work.events) out += encode_ostream(in);
            benchmark::DoNotOptimize(out.data());
            benchmark::ClobberMemory();
        }
    }
    check(state, out, f);
}

void naive_fmt(benchmark::State& state, const Fixture& f) {
    std::string out;
    out.reserve(f.expected.size());
    {
        AllocationScope allocs(state, static_cast<double>(f.events.size()));
        for (auto _ : state) {
            out.clear();
            for (const Input& in : f.work.events) encode_fmt(out, in);
            benchmark::DoNotOptimize(out.data());
            benchmark::ClobberMemory();
        }
    }
    check(state, out, f);
}

using Body = void (*)(benchmark::State&, const Fixture&);

void add(const std::shared_ptr<const Fixture>& f, const char* impl, Body body) {
    Shape shape;
    shape.group = "encode";
    shape.impl = impl;
    shape.workload = f->work.name;
    shape.events = static_cast<double>(f->events.size());
    shape.in_bytes = static_cast<double>(f->work.data_bytes());
    shape.out_bytes = static_cast<double>(f->expected.size());
    register_shape(shape);
    const std::string name = "encode/" + shape.impl + "/" + shape.workload;
    benchmark::RegisterBenchmark(name.c_str(), [f, body, shape](benchmark::State& state) {
        body(state, *f);
        state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                                static_cast<std::int64_t>(shape.in_bytes));
        state.counters["ns/event"] = benchmark::Counter(
            shape.events * 1e-9, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
    })->Unit(benchmark::kNanosecond);
}

}  // namespace

void register_encode_benchmarks() {
    for (Workload& w : make_workloads()) {
        const auto f = make_fixture(std::move(w));
        add(f, "sse", sse_encode_to);
        add(f, "sse_core", sse_frame_core);
        add(f, "slices", sse_slices);
        add(f, "memcpy", floor_memcpy);
        add(f, "ostream", naive_ostream);
        add(f, "fmt", naive_fmt);
    }
}

}  // namespace bench
