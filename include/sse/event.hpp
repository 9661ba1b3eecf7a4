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
        if (detail::accept_id(v)) set_id(std::move(v));
        return *this;
    }
    template <class S, detail::if_text<S> = 0>
    [[nodiscard]] Event id(S&& value) && {
        return std::move(id(std::forward<S>(value)));
    }
    /// Sets a numeric id, written in decimal.
    Event& id(std::uint64_t value) & {
        char buf[20];
        set_id(std::string(detail::format_uint(buf, value)));
        return *this;
    }
    [[nodiscard]] Event id(std::uint64_t value) && { return std::move(id(value)); }

    /// Sets the event type (`event:` field); clients dispatch it under this name
    /// instead of "message". Rejects CR and LF.
    template <class S, detail::if_text<S> = 0>
    Event& event_type(S&& value) & {
        std::string v(std::forward<S>(value));
        if (detail::accept_event_type(v)) set_event_type(std::move(v));
        return *this;
    }
    template <class S, detail::if_text<S> = 0>
    [[nodiscard]] Event event_type(S&& value) && {
        return std::move(event_type(std::forward<S>(value)));
    }

    /// Sets the reconnection time in milliseconds (`retry:` field).
    Event& retry(std::uint64_t ms) & {
        retry_ = ms;
        has_retry_ = true;
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
        if (code == errc::ok) set_id(std::move(v));
        return code;
    }
    template <class S, detail::if_text<S> = 0>
    [[nodiscard]] errc try_event_type(S&& value) {
        std::string v(std::forward<S>(value));
        const errc code = check_event_type(v);
        if (code == errc::ok) set_event_type(std::move(v));
        return code;
    }

    /// Removes the optional fields.
    Event& clear_id() & noexcept {
        id_.clear();
        has_id_ = false;
        return *this;
    }
    Event& clear_event_type() & noexcept {
        event_type_.clear();
        has_event_type_ = false;
        return *this;
    }
    Event& clear_retry() & noexcept {
        retry_ = 0;
        has_retry_ = false;
        return *this;
    }

    [[nodiscard]] const std::string& data() const& noexcept { return data_; }
    [[nodiscard]] std::string data() && noexcept { return std::move(data_); }
    /// The optional fields, like std::get_if: a pointer to the value, or
    /// nullptr when the field is not set. Valid until the field is next set
    /// or cleared (or the event is gone).
    ///
    ///   if (const std::string* id = e.id()) log(*id);
    [[nodiscard]] const std::string* id() const noexcept { return has_id_ ? &id_ : nullptr; }
    [[nodiscard]] const std::string* event_type() const noexcept { return has_event_type_ ? &event_type_ : nullptr; }
    [[nodiscard]] const std::uint64_t* retry() const noexcept { return has_retry_ ? &retry_ : nullptr; }

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
        // An unset field holds "" or 0, so comparing the values is enough once the flags agree.
        return a.data_ == b.data_ && a.has_id_ == b.has_id_ && a.id_ == b.id_ &&
               a.has_event_type_ == b.has_event_type_ && a.event_type_ == b.event_type_ &&
               a.has_retry_ == b.has_retry_ && a.retry_ == b.retry_;
    }
    friend bool operator!=(const Event& a, const Event& b) { return !(a == b); }

private:
    void set_id(std::string&& v) noexcept {
        id_ = std::move(v);
        has_id_ = true;
    }
    void set_event_type(std::string&& v) noexcept {
        event_type_ = std::move(v);
        has_event_type_ = true;
    }

    // (Flags beside the values rather than std::optional: see detail/vector.hpp
    // on what <optional> and <vector> cost every file that includes the library.)
    std::string data_;
    std::string id_;          // "" unless has_id_
    std::string event_type_;  // "" unless has_event_type_
    std::uint64_t retry_ = 0;  // 0 unless has_retry_
    bool has_id_ = false;
    bool has_event_type_ = false;
    bool has_retry_ = false;
};

namespace detail {
inline Fields fields_of(const Event& e, char (&digits)[20]) noexcept {
    Fields f;
    if (const std::string* id = e.id()) f.id = std::string_view(*id);
    if (const std::string* type = e.event_type()) f.event_type = std::string_view(*type);
    if (const std::uint64_t* ms = e.retry()) f.retry = format_uint(digits, *ms);
    return f;
}
}  // namespace detail

SSE_DETAIL_END_NAMESPACE

#endif  // SSE_EVENT_HPP
