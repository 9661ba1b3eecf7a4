// sse::Event -- one Server-Sent Event as a value.
//
//   auto e = sse::Event::data(R"({"token":"Hello"})").id("42").event_type("token").retry(3000);
//   std::string wire = e.encode();
//   // "id: 42\nevent: token\nretry: 3000\ndata: {\"token\":\"Hello\"}\n\n"
//
// Fields are written in a fixed order: id, event, retry, then the data lines
// and the blank line that ends the event. Metadata comes first so that a
// frame's data can be streamed last; clients do not care about field order.
//
// An Event is validated when a field is set, so an Event that exists can always
// be encoded: `id` rejects CR, LF and NUL, `event_type` rejects CR and LF
// (sse::invalid_field, or SSE_ON_INVALID_ARGUMENT without exceptions). The
// try_id / try_event_type members and sse::check_id / sse::check_event_type
// never throw. Data may hold any bytes; see encode.hpp for how lines are split.
#ifndef SSE_EVENT_HPP
#define SSE_EVENT_HPP

#include "encode.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

SSE_DETAIL_BEGIN_NAMESPACE

namespace detail {
// Anything a std::string can be made from: literals, std::string, std::string_view.
template <class S>
using if_text = std::enable_if_t<std::is_constructible_v<std::string, S&&> &&
                                     !std::is_same_v<std::decay_t<S>, std::nullptr_t>,
                                 int>;
}  // namespace detail

class Event;
namespace detail {
// The optional fields of `e` as views for the framing core (encode.hpp); the
// retry digits are written into `digits`.
inline Fields fields_of(const Event& e, char (&digits)[20]) noexcept;
}  // namespace detail

class Event {
public:
    /// An event with empty data (it still fires, with data "").
    Event() = default;

    /// An event with the given data. Accepts anything a std::string is made from;
    /// an rvalue std::string is moved in.
    template <class S, detail::if_text<S> = 0>
    [[nodiscard]] static Event data(S&& data) {
        Event e;
        e.data_ = std::string(std::forward<S>(data));
        return e;
    }

    /// Sets the id (`id:` field): the client stores it and sends it back as
    /// `Last-Event-ID` when it reconnects. Rejects CR, LF and NUL. An empty id is
    /// valid and resets the client's last event id.
    template <class S, detail::if_text<S> = 0>
    Event& id(S&& value) & {
        std::string v(std::forward<S>(value));
        if (detail::accept_id(v)) id_ = std::move(v);
        return *this;
    }
    template <class S, detail::if_text<S> = 0>
    [[nodiscard]] Event id(S&& value) && {
        return std::move(id(std::forward<S>(value)));
    }
    /// Sets a numeric id, written in decimal.
    Event& id(std::uint64_t value) & {
        char buf[20];
        id_.emplace(detail::format_uint(buf, value));
        return *this;
    }
    [[nodiscard]] Event id(std::uint64_t value) && { return std::move(id(value)); }

    /// Sets the event type (`event:` field); clients dispatch it under this name
    /// instead of "message". Rejects CR and LF.
    template <class S, detail::if_text<S> = 0>
    Event& event_type(S&& value) & {
        std::string v(std::forward<S>(value));
        if (detail::accept_event_type(v)) event_type_ = std::move(v);
        return *this;
    }
    template <class S, detail::if_text<S> = 0>
    [[nodiscard]] Event event_type(S&& value) && {
        return std::move(event_type(std::forward<S>(value)));
    }

    /// Sets the reconnection time in milliseconds (`retry:` field).
    Event& retry(std::uint64_t ms) & {
        retry_ = ms;
        return *this;
    }
    [[nodiscard]] Event retry(std::uint64_t ms) && { return std::move(retry(ms)); }

    /// Replaces the data.
    template <class S, detail::if_text<S> = 0>
    Event& set_data(S&& data) & {
        data_ = std::string(std::forward<S>(data));
        return *this;
    }
    template <class S, detail::if_text<S> = 0>
    [[nodiscard]] Event set_data(S&& data) && {
        return std::move(set_data(std::forward<S>(data)));
    }

    /// Non-throwing setters for untrusted input: set the field and return
    /// errc::ok, or leave the event unchanged and say why the value was refused.
    template <class S, detail::if_text<S> = 0>
    [[nodiscard]] errc try_id(S&& value) {
        std::string v(std::forward<S>(value));
        const errc code = check_id(v);
        if (code == errc::ok) id_ = std::move(v);
        return code;
    }
    template <class S, detail::if_text<S> = 0>
    [[nodiscard]] errc try_event_type(S&& value) {
        std::string v(std::forward<S>(value));
        const errc code = check_event_type(v);
        if (code == errc::ok) event_type_ = std::move(v);
        return code;
    }

    /// Removes the optional fields.
    Event& clear_id() & noexcept { id_.reset(); return *this; }
    Event& clear_event_type() & noexcept { event_type_.reset(); return *this; }
    Event& clear_retry() & noexcept { retry_.reset(); return *this; }

    [[nodiscard]] const std::string& data() const& noexcept { return data_; }
    [[nodiscard]] std::string data() && noexcept { return std::move(data_); }
    [[nodiscard]] const std::optional<std::string>& id() const noexcept { return id_; }
    [[nodiscard]] const std::optional<std::string>& event_type() const noexcept { return event_type_; }
    [[nodiscard]] const std::optional<std::uint64_t>& retry() const noexcept { return retry_; }

    /// Appends the whole frame to `out` (never fails: the event is valid).
    /// Allocates only if `out` lacks the capacity.
    void encode_to(std::string& out) const {
        char digits[20];
        detail::append_event(out, detail::fields_of(*this, digits), data_);
    }

    /// The whole frame as a new string.
    [[nodiscard]] std::string encode() const {
        std::string out;
        encode_to(out);
        return out;
    }

    /// Appends only the id, event and retry lines (for data sent separately,
    /// e.g. through sse::DataEncoder).
    void encode_fields_to(std::string& out) const {
        char digits[20];
        const detail::Fields f = detail::fields_of(*this, digits);
        detail::write_string(out, [&f](detail::StringOut& s) { detail::write_fields(s, f); });
    }

    friend bool operator==(const Event& a, const Event& b) {
        return a.data_ == b.data_ && a.id_ == b.id_ && a.event_type_ == b.event_type_ && a.retry_ == b.retry_;
    }
    friend bool operator!=(const Event& a, const Event& b) { return !(a == b); }

private:
    std::string data_;
    std::optional<std::string> id_;
    std::optional<std::string> event_type_;
    std::optional<std::uint64_t> retry_;
};

namespace detail {
inline Fields fields_of(const Event& e, char (&digits)[20]) noexcept {
    Fields f;
    if (e.id()) f.id = *e.id();
    if (e.event_type()) f.event_type = *e.event_type();
    if (e.retry()) f.retry = format_uint(digits, *e.retry());
    return f;
}
}  // namespace detail

SSE_DETAIL_END_NAMESPACE

#endif  // SSE_EVENT_HPP
