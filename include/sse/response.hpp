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
//
// For a live stream (sse::Writer), send the same head first: servers that set
// headers one by one use sse::stream_header_fields (no allocation); servers on a
// raw socket write sse::http1_stream_head, the complete HTTP/1.1 head. Each
// has an opt-in `_no_transform` twin (below) that also forbids proxies to
// compress or otherwise change the body.
#ifndef SSE_RESPONSE_HPP
#define SSE_RESPONSE_HPP

#include "config.hpp"
#include "detail/vector.hpp"

#include <string>
#include <string_view>

SSE_DETAIL_BEGIN_NAMESPACE

/// One HTTP header field.
struct Header {
    std::string name;
    std::string value;

    friend bool operator==(const Header& a, const Header& b) { return a.name == b.name && a.value == b.value; }
    friend bool operator!=(const Header& a, const Header& b) { return !(a == b); }
};

/// Header fields in order: a minimal vector (range-for, size, empty, [],
/// front, back, reserve, push_back, emplace_back, assign, ==; see
/// detail/vector.hpp). Add your own fields with push_back.
using HeaderList = detail::Vector<Header>;

/// A complete buffered HTTP response: hand status, headers and body to your server.
struct Response {
    int status = 200;
    HeaderList headers;
    std::string body;
};

/// The media type of an event stream.
inline constexpr std::string_view content_type = "text/event-stream";

/// One header field as views of static text (no allocation).
struct HeaderView {
    std::string_view name;
    std::string_view value;
};

/// The three headers of every event stream, in order (see above), as
/// constants: for servers that stream and set headers one by one.
///
///   // cpp-httplib: the content type is given to set_chunked_content_provider
///   for (const auto& h : sse::stream_header_fields) res.set_header(std::string(h.name), std::string(h.value));
inline constexpr HeaderView stream_header_fields[3] = {
    {"Content-Type", content_type}, {"Cache-Control", "no-cache"}, {"X-Accel-Buffering", "no"}};

namespace detail {
// Owned copies of a header preset (allocates the strings).
inline HeaderList owned_headers(const HeaderView (&fields)[3]) {
    HeaderList headers;
    headers.reserve(3);
    for (const HeaderView& h : fields) headers.push_back({std::string(h.name), std::string(h.value)});
    return headers;
}
}  // namespace detail

/// The response headers of every event stream, in order (see above): owned
/// copies of stream_header_fields.
[[nodiscard]] inline HeaderList stream_headers() { return detail::owned_headers(stream_header_fields); }

/// The complete HTTP/1.1 response head of an event stream, for servers that
/// write to a raw socket: write it once, then the frames (sse::Writer).
///
///   send(fd, sse::http1_stream_head.data(), sse::http1_stream_head.size(), MSG_NOSIGNAL);
///
/// Bytes: "HTTP/1.1 200 OK\r\n", the three headers above (each "Name: value\r\n"),
/// then "\r\n". No Content-Length and no Transfer-Encoding, so the body is the
/// raw frames and ends when the server closes the connection (RFC 9112 6.3);
/// no `Connection` header. Constant, no allocation.
inline constexpr std::string_view http1_stream_head =
    "HTTP/1.1 200 OK\r\n"
    "Content-Type: text/event-stream\r\n"
    "Cache-Control: no-cache\r\n"
    "X-Accel-Buffering: no\r\n"
    "\r\n";

// The no-transform preset (opt-in): the same three headers in the same order,
// with `Cache-Control: no-cache, no-transform` (RFC 9111 5.2.2.6: no
// intermediary may change the body, e.g. compress it). Measured (issue 12,
// tests/e2e/proxy_test.mjs): Node's `compression` middleware then sends the
// stream uncompressed; nginx's gzip ignores no-transform and compresses
// anyway (turn gzip off in its location if that matters). Not the default:
// compression is safe for event streams while the proxy passes them on
// unbuffered (nginx with gzip on delivered every event on time, measured the
// same way), and it saves bandwidth on chatty token streams.

/// sse::stream_header_fields with `Cache-Control: no-cache, no-transform`
/// (see above). Constants, no allocation.
inline constexpr HeaderView stream_header_fields_no_transform[3] = {
    {"Content-Type", content_type}, {"Cache-Control", "no-cache, no-transform"}, {"X-Accel-Buffering", "no"}};

/// sse::stream_headers() with `Cache-Control: no-cache, no-transform` (see
/// above): owned copies of stream_header_fields_no_transform.
[[nodiscard]] inline HeaderList stream_headers_no_transform() {
    return detail::owned_headers(stream_header_fields_no_transform);
}

/// sse::http1_stream_head with `Cache-Control: no-cache, no-transform` (see
/// above): same status line, header order and blank line; no Content-Length,
/// Transfer-Encoding or Connection. Constant, no allocation.
inline constexpr std::string_view http1_stream_head_no_transform =
    "HTTP/1.1 200 OK\r\n"
    "Content-Type: text/event-stream\r\n"
    "Cache-Control: no-cache, no-transform\r\n"
    "X-Accel-Buffering: no\r\n"
    "\r\n";

SSE_DETAIL_END_NAMESPACE

#endif  // SSE_RESPONSE_HPP
