// Encodes one workload `reps` times with sse::Event::encode_to into a reused
// buffer, for instruction counts under valgrind (bench/callgrind.sh): stable
// figures on a busy machine, and comparable across versions of the headers.
//
//   instr_count WORKLOAD REPS
#include <sse/event.hpp>

#include "workloads.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: instr_count WORKLOAD REPS\n");
        return 2;
    }
    const std::string name = argv[1];
    const long reps = std::strtol(argv[2], nullptr, 10);
    for (const bench::Workload& w : bench::make_workloads()) {
        if (w.name != name) continue;
        std::vector<sse::Event> events;
        for (const bench::Input& in : w.events) {
            events.push_back(sse::Event::data(in.data).id(in.id).event_type(in.type));
        }
        std::string out;
        std::size_t total = 0;
        for (long r = 0; r < reps; ++r) {
            out.clear();
            for (const sse::Event& e : events) e.encode_to(out);
            total += out.size();
        }
        std::printf("%s %zu events, %zu bytes\n", name.c_str(), events.size(), total);
        return 0;
    }
    std::fprintf(stderr, "no workload %s\n", name.c_str());
    return 2;
}
