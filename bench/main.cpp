// sse benchmark driver: Google Benchmark plus
// - a count of heap allocations (operator new is replaced below), reported as allocs/event;
// - a summary table at the end: ns/event, GB/s of input and the ratio to memcpy,
//   from the medians when run with --benchmark_repetitions=N (else the single runs);
// - --dump=DIR writes the workloads for bench/peers/ (same bytes as here).
#include "common.hpp"
#include "workloads.hpp"

#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <new>
#include <string>
#include <vector>

#include <sse/sse.hpp>

namespace {
std::atomic<std::uint64_t> g_allocations{0};
}

void* operator new(std::size_t size) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace bench {

std::uint64_t allocations() noexcept { return g_allocations.load(std::memory_order_relaxed); }

namespace {

std::vector<Shape>& shapes() {
    static std::vector<Shape> all;
    return all;
}

struct Result {
    double ns_per_iteration = 0;  // CPU time
    double allocs_per_event = 0;
};

// Keeps the medians (or the plain runs without repetitions) for the summary.
class Collector : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run>& runs) override {
        for (const Run& run : runs) {
            if (run.error_occurred) continue;
            const bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
            const bool single = run.run_type == Run::RT_Iteration && run.repetitions <= 1;
            if (!median && !single) continue;
            Result r;
            r.ns_per_iteration = run.GetAdjustedCPUTime();  // all benchmarks use ns
            const auto it = run.counters.find("allocs/event");
            if (it != run.counters.end()) r.allocs_per_event = it->second.value;
            results[run.run_name.function_name] = r;
        }
        ConsoleReporter::ReportRuns(runs);
    }
    std::map<std::string, Result> results;
};

struct Target {
    const char* group;
    const char* workload;
    double max_ratio;  // at most this many times memcpy (0: none)
    double min_gbps;   // at least this many GB/s of input (0: none)
};
const Target targets[] = {
    {"encode", "token", 6, 0},   {"encode", "4k", 4, 0},     {"encode", "1m", 2.5, 0},
    {"encode", "4k_nl40", 20, 0}, {"encode", "4k_crlf40", 20, 0},
    {"parse", "token", 0, 1},     {"parse", "4k", 0, 4},
};

void print_summary(const Collector& c) {
    std::printf("\nsummary (CPU time, medians of the repetitions if any)\n"
                "encode: GB/s of event data in; x memcpy = time / time of memcpy of the same output bytes\n"
                "parse: GB/s of stream bytes in; x memcpy = time / time of memcpy of the stream\n\n");
    std::printf("| group | workload | impl | ns/event | GB/s in | x memcpy | allocs/event | target |\n");
    std::printf("|---|---|---|---:|---:|---:|---:|---|\n");
    for (const Shape& s : shapes()) {
        const auto me = c.results.find(s.group + "/" + s.impl + "/" + s.workload);
        if (me == c.results.end()) continue;
        const double ns = me->second.ns_per_iteration;
        const auto floor = c.results.find(s.group + "/memcpy/" + s.workload);
        char ratio[32] = "";
        double x = 0;
        if (floor != c.results.end() && floor->second.ns_per_iteration > 0) {
            x = ns / floor->second.ns_per_iteration;
            std::snprintf(ratio, sizeof ratio, "%.2f", x);
        }
        std::string target;
        if (s.impl == "sse") {
            for (const Target& t : targets) {
                if (s.group != t.group || s.workload != t.workload) continue;
                char buf[48];
                if (t.max_ratio > 0 && x > 0) {
                    std::snprintf(buf, sizeof buf, "<= %gx: %s", t.max_ratio, x <= t.max_ratio ? "met" : "MISSED");
                    target = buf;
                } else if (t.min_gbps > 0) {
                    const double gbps = s.in_bytes / ns;
                    std::snprintf(buf, sizeof buf, ">= %g GB/s: %s", t.min_gbps, gbps >= t.min_gbps ? "met" : "MISSED");
                    target = buf;
                }
            }
        }
        std::printf("| %s | %s | %s | %.1f | %.2f | %s | %.2f | %s |\n", s.group.c_str(), s.workload.c_str(),
                    s.impl.c_str(), ns / s.events, s.in_bytes / ns, ratio, me->second.allocs_per_event,
                    target.c_str());
    }
}

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) {
        const auto ch = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (ch < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", ch);
            out += buf;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

// DIR/<workload>.json: {"events":[{"id":..,"type":..,"data":..},..]}, and
// DIR/<workload>.sse: the events encoded once by sse::Event (the decode input).
bool dump(const std::string& dir) {
    for (const Workload& w : make_workloads()) {
        std::ofstream json(dir + "/" + w.name + ".json", std::ios::binary);
        std::ofstream wire(dir + "/" + w.name + ".sse", std::ios::binary);
        json << "{\"name\":" << json_string(w.name) << ",\"events\":[";
        bool first = true;
        for (const Input& in : w.events) {
            json << (first ? "" : ",") << "{\"id\":" << json_string(in.id) << ",\"type\":" << json_string(in.type)
                 << ",\"data\":" << json_string(in.data) << "}";
            first = false;
            wire << sse::Event::data(in.data).id(in.id).event_type(in.type).encode();
        }
        json << "]}\n";
        if (!json || !wire) return false;
    }
    return true;
}

}  // namespace

void register_shape(const Shape& shape) { shapes().push_back(shape); }

}  // namespace bench

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        if (std::strncmp(argv[i], "--dump=", 7) == 0) {
            if (!bench::dump(argv[i] + 7)) {
                std::fprintf(stderr, "cannot write the workloads to %s\n", argv[i] + 7);
                return 1;
            }
            return 0;
        }
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    bench::register_encode_benchmarks();
    bench::register_parse_benchmarks();
    bench::register_utf8_benchmarks();
    bench::Collector collector;
    benchmark::RunSpecifiedBenchmarks(&collector);
    bench::print_summary(collector);
    benchmark::Shutdown();
    return 0;
}
