// The token stream that every example server sends on /tokens (demo_server,
// httplib_server, beast_server), so that the same clients and tests check all.
//
//   retry: <ms>                          first, once per connection
//   id: 1 / event: token / data: Hello   then tokens 1..count, one per interval
//   ...
//   event: done / data: <count>          last (no id), then the server closes
//
// Token i carries kTokens[(i - 1) % 12]; each cycle reads as one line:
//   Hello, world: naïve café, Grüße, 日本語 🚀 — a token with
//   two lines, a CRLF
//   becomes LF and done.
// and some tokens are there to prove that real clients get the data intact:
// token 5 is non-ASCII UTF-8, token 7 holds a line break (two `data:` lines on
// the wire), token 8 has a CRLF (clients receive a LF), token 9 is empty (the
// event still fires, with ""), token 12 is only a line break (`data: ` twice),
// and tokens 3, 5, 6, 10 and 11 start with a space that must survive.
// Every byte is encoded by the library; this file only chooses the events.
#ifndef SSE_EXAMPLES_COMMON_TOKENS_HPP
#define SSE_EXAMPLES_COMMON_TOKENS_HPP

#include "params.hpp"

#include <sse/sse.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sse_examples {

inline constexpr std::string_view kTokens[] = {
    "Hello",
    ",",
    " world",
    ":",
    " naïve café, Grüße, 日本語 🚀",
    " — ",
    "a token with\ntwo lines",
    ", a CRLF\r\nbecomes LF",
    "",
    " and",
    " done.",
    "\n",
};
inline constexpr std::uint64_t kTokenCycle = sizeof kTokens / sizeof kTokens[0];

/// The data of token `id` (ids start at 1).
[[nodiscard]] inline std::string_view token_text(std::uint64_t id) { return kTokens[(id - 1) % kTokenCycle]; }

/// `id: <id>`, `event: token`, data = token_text(id).
[[nodiscard]] inline sse::Event token_event(std::uint64_t id) {
    return sse::Event::data(token_text(id)).id(id).event_type("token");
}

/// `event: done`, data = the count (no id, so the client's last id stays the last token's).
[[nodiscard]] inline sse::Event done_event(std::uint64_t count) {
    return sse::Event::data(std::to_string(count)).event_type("done");
}

/// Where a stream resumes, or why the request's Last-Event-ID is refused.
struct Resume {
    std::uint64_t last = 0;  ///< the client has ids 1..last; send last+1 onwards
    std::string error;       ///< non-empty: answer 400 with this text
};

/// Reads a Last-Event-ID header value (nullptr = no header) with the
/// library: sse::parse_last_event_id (CR, LF or NUL: refused, and the value is
/// never echoed), then sse::parse_numeric_id, and it must be an id this stream
/// gives: 0..count. Absent or empty = start from id 1.
[[nodiscard]] inline Resume resume_from(const std::string* value, std::uint64_t count) {
    Resume r;
    const sse::LastEventId last = sse::parse_last_event_id(value != nullptr ? *value : std::string_view());
    if (!last.valid()) {
        r.error = "invalid Last-Event-ID: " + std::string(sse::describe(last.error));
        return r;
    }
    if (last.empty()) return r;
    std::uint64_t id = 0;
    if (!sse::parse_numeric_id(last.value, id) || id > count) {
        r.error = "invalid Last-Event-ID: expected a token id from 0 to " + std::to_string(count);
        return r;
    }
    r.last = id;
    return r;
}

}  // namespace sse_examples

#endif  // SSE_EXAMPLES_COMMON_TOKENS_HPP
