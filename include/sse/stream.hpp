// sse::Stream -- a chainable builder of a buffered sequence of events.
//
//   sse::Response r = sse::Stream()
//       .event("connected", "ready")              // event: connected\ndata: ready\n\n
//       .push(sse::Event::data("{}").id("1"))      // id: 1\ndata: {}\n\n
//       .data("plain")                            // data: plain\n\n
//       .retry(5000)                              // retry: 5000\n\n
//       .comment("keep-alive")                    // : keep-alive\n\n
//       .into_response();
//
// Each call appends one complete frame to an internal std::string through the
// same encoder as sse::Event (encode.hpp), so the bytes are identical to
// encoding the events one by one. An invalid event type is rejected before
// anything is appended (sse::invalid_field / SSE_ON_INVALID_ARGUMENT).
// Every method works on a named Stream and at the end of a temporary chain.
#ifndef SSE_STREAM_HPP
#define SSE_STREAM_HPP

#include "encode.hpp"
#include "event.hpp"
#include "response.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

SSE_DETAIL_BEGIN_NAMESPACE

class Stream {
public:
    Stream() = default;

    /// Appends an event of type `type` (`event: <type>`) carrying `data`.
    Stream& event(std::string_view type, std::string_view data) & {
        if (detail::accept_event_type(type)) detail::append_event(body_, detail::Fields{{}, type, {}}, data);
        return *this;
    }
    [[nodiscard]] Stream event(std::string_view type, std::string_view data) && {
        return std::move(event(type, data));
    }

    /// Appends an event with data only (clients see type "message").
    Stream& data(std::string_view data) & {
        detail::append_event(body_, detail::Fields(), data);
        return *this;
    }
    [[nodiscard]] Stream data(std::string_view data) && { return std::move(this->data(data)); }

    /// Appends `e` exactly as built.
    Stream& push(const Event& e) & {
        e.encode_to(body_);
        return *this;
    }
    [[nodiscard]] Stream push(const Event& e) && { return std::move(push(e)); }

    /// Appends `retry: <ms>\n\n` (sets the client's reconnection delay).
    Stream& retry(std::uint64_t ms) & {
        encode_retry(body_, ms);
        return *this;
    }
    [[nodiscard]] Stream retry(std::uint64_t ms) && { return std::move(retry(ms)); }

    /// Appends `: <line>\n` for each line of `text`, then `\n`.
    Stream& comment(std::string_view text) & {
        encode_comment(body_, text);
        return *this;
    }
    [[nodiscard]] Stream comment(std::string_view text) && { return std::move(comment(text)); }

    /// The bytes built so far (no copy).
    [[nodiscard]] std::string_view view() const noexcept { return body_; }
    [[nodiscard]] const std::string& body() const& noexcept { return body_; }
    /// Takes the bytes out of a temporary (or std::move'd) Stream.
    [[nodiscard]] std::string body() && noexcept { return std::move(body_); }

    /// Status 200, the three event-stream headers (see response.hpp), and the
    /// body. On a temporary the body is moved; on a named Stream it is copied
    /// and the Stream keeps its bytes.
    [[nodiscard]] Response into_response() const& { return Response{200, stream_headers(), body_}; }
    [[nodiscard]] Response into_response() && { return Response{200, stream_headers(), std::move(body_)}; }

    /// Removes every byte (keeps the capacity).
    void clear() noexcept { body_.clear(); }

private:
    std::string body_;
};

SSE_DETAIL_END_NAMESPACE

#endif  // SSE_STREAM_HPP
