// Two honest, correct, naive encoders: what a user would write by hand.
// Same field order and line splitting as sse::Event::encode (CRLF, CR, LF).
#ifndef SSE_BENCH_NAIVE_HPP
#define SSE_BENCH_NAIVE_HPP

#include "workloads.hpp"

#include <fmt/format.h>

#include <iterator>
#include <sstream>
#include <string>
#include <string_view>

namespace bench {

// Calls f(line) for each line of `data`, split at CRLF, CR and LF.
template <class F>
void for_each_line(std::string_view data, F&& f) {
    for (;;) {
        std::size_t at = data.find_first_of("\r\n");
        f(data.substr(0, at));
        if (at == std::string_view::npos) return;
        if (data[at] == '\r' && at + 1 < data.size() && data[at + 1] == '\n') ++at;
        data.remove_prefix(at + 1);
    }
}

inline std::string encode_ostream(const Input& e) {
    std::ostringstream os;
    os << "id: " << e.id << '\n' << "event: " << e.type << '\n';
    for_each_line(e.data, [&](std::string_view line) { os << "data: " << line << '\n'; });
    os << '\n';
    return os.str();
}

inline void encode_fmt(std::string& out, const Input& e) {
    auto it = fmt::format_to(std::back_inserter(out), "id: {}\nevent: {}\n", e.id, e.type);
    for_each_line(e.data, [&](std::string_view line) { it = fmt::format_to(it, "data: {}\n", line); });
    out.push_back('\n');
}

}  // namespace bench

#endif  // SSE_BENCH_NAIVE_HPP
