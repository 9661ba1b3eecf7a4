// sse::Response, sse::Header -- a plain HTTP response for any server.
//
//   sse::Response r = sse::Stream().data("hello").into_response();
//   // r.status == 200
//   // r.headers == {{"Content-Type", "text/event-stream"},
//   //               {"Cache-Control", "no-cache"},
//   //               {"X-Accel-Buffering", "no"}}
//   // r.body == "data: hello\n\n"
//
// The headers, always these three in this order:
// - `Content-Type: text/event-stream` -- what EventSource requires (UTF-8 is
//   the only encoding of the format, so no charset parameter is needed).
// - `Cache-Control: no-cache` -- no cache may replay or hold back the stream.
// - `X-Accel-Buffering: no` -- nginx (and compatible proxies) pass events on as
//   they come instead of buffering the response.
// Never a `Connection` header: HTTP/2 and HTTP/3 forbid it (Safari and some
// proxies drop such responses); keeping the connection open is the server's job.
#ifndef SSE_RESPONSE_HPP
#define SSE_RESPONSE_HPP

#include <string>
#include <string_view>
#include <vector>

namespace sse {

/// One HTTP header field.
struct Header {
    std::string name;
    std::string value;

    friend bool operator==(const Header& a, const Header& b) { return a.name == b.name && a.value == b.value; }
    friend bool operator!=(const Header& a, const Header& b) { return !(a == b); }
};

/// A complete buffered HTTP response: hand status, headers and body to your server.
struct Response {
    int status = 200;
    std::vector<Header> headers;
    std::string body;
};

/// The media type of an event stream.
inline constexpr std::string_view content_type = "text/event-stream";

/// The response headers of every event stream, in order (see above).
[[nodiscard]] inline std::vector<Header> stream_headers() {
    return {{"Content-Type", std::string(content_type)}, {"Cache-Control", "no-cache"}, {"X-Accel-Buffering", "no"}};
}

}  // namespace sse

#endif  // SSE_RESPONSE_HPP
