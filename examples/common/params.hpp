// The one number parser and query-parameter reader of the examples, and the
// escaping they use before writing a request value to a log.
#ifndef SSE_EXAMPLES_COMMON_PARAMS_HPP
#define SSE_EXAMPLES_COMMON_PARAMS_HPP

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace sse_examples {

/// A decimal number without sign, blanks or '+', at most `max`; nullopt otherwise.
[[nodiscard]] inline std::optional<std::uint64_t> parse_uint(std::string_view text, std::uint64_t max) {
    if (text.empty() || text.size() > 19) return std::nullopt;
    std::uint64_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (value > max) return std::nullopt;
    return value;
}

/// argv after the program name as `--flag NUMBER` pairs: for each pair
/// set(flag, value) with value = parse_uint(text, flag == "--port" ? 65535 : max).
/// False (the caller prints its usage) on an odd count, a value that is not
/// such a number, or set returning false (an unknown flag, a value it refuses).
template <class Set>
[[nodiscard]] bool parse_number_flags(int argc, char** argv, std::uint64_t max, Set set) {
    if (argc % 2 == 0) return false;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view flag = argv[i];
        const std::optional<std::uint64_t> value = parse_uint(argv[i + 1], flag == "--port" ? 65535 : max);
        if (!value || !set(flag, *value)) return false;
    }
    return true;
}

/// The value of query parameter `name` in a request target ("/p?a=1&b"),
/// "" for a bare `b`, nullopt when absent. No percent-decoding (the examples'
/// parameters are numbers and event-type names).
[[nodiscard]] inline std::optional<std::string_view> query_param(std::string_view target, std::string_view name) {
    const std::size_t q = target.find('?');
    std::string_view rest = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
    while (!rest.empty()) {
        const std::size_t amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
        if (pair.substr(0, name.size()) == name && (pair.size() == name.size() || pair[name.size()] == '=')) {
            return pair.size() == name.size() ? std::string_view() : pair.substr(name.size() + 1);
        }
    }
    return std::nullopt;
}

/// `text` with every control byte (below 0x20, and 0x7f) and backslash written
/// as \xHH, so a request value cannot move a terminal's cursor or fake log lines.
[[nodiscard]] inline std::string log_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f || c == '\\') {
            char hex[5];
            std::snprintf(hex, sizeof hex, "\\x%02x", u);
            out += hex;
        } else {
            out += c;
        }
    }
    return out;
}

/// The event types the example servers send themselves, which a publisher may
/// not use: `error` (fires every browser's EventSource.onerror), `resync`
/// (sse::resync_event) and `unavailable` (fanout_server, Redis down).
[[nodiscard]] inline bool reserved_event_type(std::string_view type) {
    return type == "error" || type == "resync" || type == "unavailable";
}

}  // namespace sse_examples

#endif  // SSE_EXAMPLES_COMMON_PARAMS_HPP
