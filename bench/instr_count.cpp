// Runs one operation on one workload `reps` times, for instruction counts
// under valgrind (bench/callgrind.sh): stable figures on a busy machine, and
// comparable across versions of the headers.
//
//   instr_count MODE WORKLOAD REPS
//
// MODE: encode (sse::Event::encode_to into a reused buffer), slices
// (sse::encode_slices into a reused sse::Slices), parse (sse::Parser over the
// workload's encoded events, fed in 64 KiB chunks).
#include <sse/sse.hpp>

#include "workloads.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: instr_count encode|slices|parse WORKLOAD REPS\n");
        return 2;
    }
    const std::string mode = argv[1];
    const std::string name = argv[2];
    const long reps = std::strtol(argv[3], nullptr, 10);
    for (const bench::Workload& w : bench::make_workloads()) {
        if (w.name != name) continue;
        std::vector<sse::Event> events;
        for (const bench::Input& in : w.events) {
            events.push_back(sse::Event::data(in.data).id(in.id).event_type(in.type));
        }
        std::size_t total = 0;
        if (mode == "encode") {
            std::string out;
            for (long r = 0; r < reps; ++r) {
                out.clear();
                for (const sse::Event& e : events) e.encode_to(out);
                total += out.size();
            }
        } else if (mode == "slices") {
            sse::Slices s;
            for (long r = 0; r < reps; ++r) {
                for (const sse::Event& e : events) {
                    sse::encode_slices(e, s);
                    total += s.size();
                }
            }
        } else if (mode == "parse") {
            std::string stream;
            for (const sse::Event& e : events) e.encode_to(stream);
            sse::Parser parser;
            constexpr std::size_t chunk = 64 * 1024;
            for (long r = 0; r < reps; ++r) {
                for (std::size_t at = 0; at < stream.size(); at += chunk) {
                    parser.feed(std::string_view(stream).substr(at, chunk),
                                [&total](const sse::MessageEvent& ev) { total += ev.data.size(); });
                }
            }
        } else {
            std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
            return 2;
        }
        std::printf("%s %s: %zu events, total %zu\n", mode.c_str(), name.c_str(), events.size(), total);
        return 0;
    }
    std::fprintf(stderr, "no workload %s\n", name.c_str());
    return 2;
}
