// Shared by the benchmark files: the allocation counter and the summary registry.
#ifndef SSE_BENCH_COMMON_HPP
#define SSE_BENCH_COMMON_HPP

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace bench {

// Heap allocations made by operator new in this process so far (see main.cpp).
std::uint64_t allocations() noexcept;

// What one iteration of a benchmark named "<group>/<impl>/<workload>" does,
// for the summary table printed at the end.
struct Shape {
    std::string group;     // "encode" or "parse"
    std::string impl;      // "sse", "memcpy", ...
    std::string workload;  // "token", "4k", ...
    double events = 1;     // events per iteration
    double in_bytes = 0;   // input bytes per iteration (GB/s is of these)
    double out_bytes = 0;  // bytes produced per iteration
};
void register_shape(const Shape& shape);

// Counts allocations across a benchmark loop and reports allocs/event.
class AllocationScope {
public:
    explicit AllocationScope(benchmark::State& state, double events_per_iteration)
        : state_(state), events_(events_per_iteration), start_(allocations()) {}
    ~AllocationScope() {
        const double n = static_cast<double>(allocations() - start_);
        const double per = n / (static_cast<double>(state_.iterations()) * events_);
        state_.counters["allocs/event"] = per;
    }
    AllocationScope(const AllocationScope&) = delete;
    AllocationScope& operator=(const AllocationScope&) = delete;

private:
    benchmark::State& state_;
    double events_;
    std::uint64_t start_;
};

void register_encode_benchmarks();
void register_parse_benchmarks();
void register_utf8_benchmarks();

}  // namespace bench

#endif  // SSE_BENCH_COMMON_HPP
