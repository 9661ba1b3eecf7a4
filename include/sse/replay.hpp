// sse: resuming a stream -- Last-Event-ID, history, the resync answer.
//
//   // Publisher: encode once, keep it for resumes, fan the same bytes out.
//   sse::ReplayBuffer history(1000);                        // the last 1000 frames
//   sse::Frame f = history.append(sse::Event::data("Hello").event_type("token"));
//   // f.id() == "1", f.bytes() == "id: 1\nevent: token\ndata: Hello\n\n"
//   for (auto& client : clients) client.queue.push(f);      // no copy of the bytes
//
//   // A client (re)connects with `Last-Event-ID: <header>`:
//   const sse::LastEventId last = sse::parse_last_event_id(header);
//   if (!last.valid()) { /* 400, body sse::describe(last.error); never echo it */ }
//   else if (!last.empty()) {
//       const sse::Replay r = history.after(last.value);
//       if (r.status == sse::ReplayStatus::resumed) for (const auto& f : r.frames) writer.send(f);
//       else writer.send(sse::resync_event(r));  // id: <newest>\nevent: resync\ndata: too_old\n\n
//   }
//   // ... then the live frames (subscribe under the same lock as after()).
//
// The resync answer (documented protocol): when the events after the client's
// id can no longer be replayed (too_old: they fell out of the history;
// unknown: the id is not one this history could have issued, e.g.
// non-numeric, ahead of the newest id, or from before a server restart; an id
// inside a gap between two stored ids resumes, as no event between them
// exists), the server sends one event
//   id: <newest id in the history, possibly empty>
//   event: resync
//   data: too_old | unknown
// and then continues live. The client reloads its state (e.g.
// `es.addEventListener("resync", reload)`); the id resets its Last-Event-ID
// to the current position, so the next reconnect resumes normally. Status
// stays 200 (EventSource treats any other status as fatal and stops).
//
// Ids: sse::History does not assume numeric ids (a Redis Streams history uses
// ids like "1700000000000-0"); sse::ReplayBuffer uses decimal 1, 2, 3, ...
#ifndef SSE_REPLAY_HPP
#define SSE_REPLAY_HPP

#include "config.hpp"
#include "encode.hpp"
#include "event.hpp"
#include "frame.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

SSE_DETAIL_BEGIN_NAMESPACE

// ---------------------------------------------------------------------------
// Last-Event-ID

/// The checked value of a `Last-Event-ID` request header.
struct LastEventId {
    /// errc::ok when the value is usable; else why it was rejected
    /// (id_contains_cr / _lf / _nul). describe(error) is a safe 400 body.
    errc error = errc::ok;
    /// The id, a view into the header value; "" when there is none or when it
    /// was rejected (rejected bytes are never handed on, so never echoed).
    std::string_view value;

    /// True unless the value was rejected.
    [[nodiscard]] constexpr bool valid() const noexcept { return error == errc::ok; }
    /// True when there is no id to resume from (absent, empty, or rejected).
    [[nodiscard]] constexpr bool empty() const noexcept { return value.empty(); }
};

/// Checks a `Last-Event-ID` header value exactly as the server received it
/// (pass "" when the header is absent). No trimming, no allocation.
///
///   parse_last_event_id("")      -> valid, empty: start from now
///   parse_last_event_id("42")    -> valid, value "42"
///   parse_last_event_id("4\n2")  -> invalid, error errc::id_contains_lf, value ""
///
/// CR, LF and NUL are rejected (the same rule as sse::check_id): a browser can
/// never have stored such an id, so the request is forged or broken. Any
/// other bytes are accepted; whether the id is known is History::after's job.
[[nodiscard]] constexpr LastEventId parse_last_event_id(std::string_view header_value) noexcept {
    const errc code = check_id(header_value);
    if (code != errc::ok) return LastEventId{code, std::string_view()};
    return LastEventId{errc::ok, header_value};
}

/// Reads an id written by sse::ReplayBuffer (or Event::id(std::uint64_t)):
/// canonical decimal, i.e. "0" or a nonzero digit followed by digits, at most
/// 18446744073709551615. Anything else (empty, sign, space, leading zero,
/// "1e3", "1700000000000-0", overflow) returns false: not one of ours.
/// Stores the number in `value` only when it returns true.
///
///   std::uint64_t n;
///   parse_numeric_id("42", n)  -> true, n == 42
///   parse_numeric_id("042", n) -> false, n unchanged
[[nodiscard]] constexpr bool parse_numeric_id(std::string_view id, std::uint64_t& value) noexcept {
    if (id.empty() || id.size() > 20 || (id.size() > 1 && id[0] == '0')) return false;
    std::uint64_t n = 0;
    for (const char c : id) {
        if (c < '0' || c > '9') return false;
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (n > (UINT64_MAX - digit) / 10) return false;
        n = n * 10 + digit;
    }
    value = n;
    return true;
}

// ---------------------------------------------------------------------------
// History

/// What History::after found.
enum class ReplayStatus : unsigned char {
    resumed,      ///< `frames` holds every event after the id (possibly none): no loss
    too_old,      ///< events after the id were dropped from the history: send resync_event
    unknown,      ///< not an id of this history (non-numeric, or ahead of the newest): send resync_event
    unavailable,  ///< the history could not be read (e.g. its store is down): close, let the client retry
};

/// The word for `status`: "resumed", "too_old", "unknown" or "unavailable"
/// (the data of the resync event).
[[nodiscard]] constexpr std::string_view describe(ReplayStatus status) noexcept {
    switch (status) {
        case ReplayStatus::resumed: return "resumed";
        case ReplayStatus::too_old: return "too_old";
        case ReplayStatus::unknown: return "unknown";
        case ReplayStatus::unavailable: return "unavailable";
    }
    return "unavailable";
}

/// The answer of History::after.
struct Replay {
    ReplayStatus status = ReplayStatus::resumed;
    /// When resumed: the frames after the id, oldest first. Otherwise empty.
    FrameList frames;
    /// The id of the newest event in the history when it answered ("" when
    /// it holds none, or when unavailable). Live events that follow have
    /// later ids. resync_event() carries it.
    std::string last_id;
};

/// The documented resync answer for a Replay whose status is too_old or
/// unknown (see the top of this header):
///
///   resync_event(r).encode() == "id: " + r.last_id + "\nevent: resync\ndata: too_old\n\n"
///
/// For another status it builds the same shape with describe(status) as data;
/// do not send it for `unavailable` (the empty id would reset the client).
[[nodiscard]] inline Event resync_event(const Replay& replay) {
    Event e = Event::data(describe(replay.status));
    e.event_type("resync");
    // A stored id never holds CR, LF or NUL; a hand-made Replay whose id does
    // gets no id field (try_id leaves it unset) rather than forged fields.
    [[maybe_unused]] const errc ignored = e.try_id(replay.last_id);
    return e;
}

/// The history behind Last-Event-ID resume: "append an event" and "the frames
/// after id X". sse::ReplayBuffer keeps it in memory; another implementation
/// can keep it elsewhere (e.g. a Redis stream shared by several servers) and
/// plug in without touching the writer. Works without RTTI.
///
/// Ids are opaque text chosen by the history; they must be valid ids (no CR,
/// LF, NUL) and increase in the history's own order.
///
/// Thread safety: none here; implementations document theirs. A server that
/// shares one history between threads must hold one lock around append() and
/// the fan-out, and around after() and subscribing a client, so a client sees
/// every event exactly once.
class History {
public:
    virtual ~History() = default;

    /// Stores `e` as the newest event with the history's next id (replacing
    /// any id e has) and returns its encoded frame, whose id() is that id.
    /// On failure (store unreachable) returns an empty Frame; nothing stored.
    virtual Frame append(Event e) = 0;

    /// The frames after `last_event_id` (a value accepted by
    /// parse_last_event_id), or why they cannot be given. An empty id means
    /// "no id": resumed with no frames (the client starts live).
    [[nodiscard]] virtual Replay after(std::string_view last_event_id) = 0;

protected:
    History() = default;
    History(const History&) = default;
    History& operator=(const History&) = default;
};

/// A bounded in-memory History: the newest `capacity` frames, ids 1, 2, 3, ...
/// (decimal, via parse_numeric_id). When full, append() drops the oldest.
///
///   sse::ReplayBuffer h(2);
///   h.append(sse::Event::data("a"));   // id 1
///   h.append(sse::Event::data("b"));   // id 2
///   h.append(sse::Event::data("c"));   // id 3, drops 1
///   h.after("2")  -> resumed, frames {3}
///   h.after("1")  -> resumed, frames {2, 3}   (nothing after 1 was dropped)
///   h.after("0")  -> too_old (frame 1 was dropped), last_id "3"
///   h.after("9"), h.after("abc")  -> unknown, last_id "3"
///
/// Not thread-safe (see History). Memory: `capacity` Frame handles allocated
/// up front, plus the frames themselves.
class ReplayBuffer final : public History {
public:
    /// Keeps at most `capacity` frames (a capacity of 0 is treated as 1).
    explicit ReplayBuffer(std::size_t capacity) : ring_(capacity == 0 ? 1 : capacity) {}

    /// Gives `e` the id last_id() + 1 (replacing any id it has), stores and
    /// returns its frame. Fails only at the end of the id space: after id
    /// 18446744073709551615 (2^64 - 1) there is no next id, so it stores
    /// nothing and returns an empty Frame (ids never wrap to 0).
    Frame append(Event e) override {
        if (last_id_ == UINT64_MAX) return Frame();
        e.id(last_id_ + 1);
        Frame frame(e);
        store(last_id_ + 1, frame);
        return frame;
    }

    /// Stores a frame that already has a numeric id (parse_numeric_id) greater
    /// than last_id(), e.g. one received from elsewhere; later append(Event)
    /// calls continue after it. Returns false and stores nothing otherwise.
    bool append(Frame frame) {
        std::uint64_t id = 0;
        if (!parse_numeric_id(frame.id(), id) || id <= last_id_) return false;
        store(id, std::move(frame));
        return true;
    }

    /// See the class example. A non-numeric id is `unknown`. Allocates the
    /// result's list (no frame bytes are copied).
    [[nodiscard]] Replay after(std::string_view last_event_id) override {
        Replay r;
        if (last_id_ != 0) {
            char buf[20];
            r.last_id = detail::format_uint(buf, last_id_);
        }
        if (last_event_id.empty()) return r;
        std::uint64_t id = 0;
        if (!parse_numeric_id(last_event_id, id) || id > last_id_) {
            r.status = ReplayStatus::unknown;
            return r;
        }
        if (id < dropped_id_) {
            r.status = ReplayStatus::too_old;
            return r;
        }
        std::size_t newer = 0;  // how many stored frames have an id > id (the newest ones)
        while (newer < size_ && id_at(size_ - 1 - newer) > id) ++newer;
        r.frames.reserve(newer);
        for (std::size_t i = 0; i < newer; ++i) r.frames.push_back(ring_[slot(size_ - newer + i)]);
        return r;
    }

    /// The newest id stored so far (0 before the first append).
    [[nodiscard]] std::uint64_t last_id() const noexcept { return last_id_; }
    /// The id of the newest frame dropped for room (0 when none was dropped).
    [[nodiscard]] std::uint64_t dropped_id() const noexcept { return dropped_id_; }
    /// Frames held now (at most capacity()).
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] std::size_t capacity() const noexcept { return ring_.size(); }

private:
    // Ring index of the i-th oldest stored frame.
    [[nodiscard]] std::size_t slot(std::size_t i) const noexcept { return (first_ + i) % ring_.size(); }
    // Id of the i-th oldest stored frame (stored frames always have numeric ids).
    [[nodiscard]] std::uint64_t id_at(std::size_t i) const noexcept {
        std::uint64_t id = 0;
        return parse_numeric_id(ring_[slot(i)].id(), id) ? id : 0;
    }
    void store(std::uint64_t id, Frame frame) {
        if (size_ == ring_.size()) {
            dropped_id_ = id_at(0);
            ring_[first_] = std::move(frame);
            first_ = (first_ + 1) % ring_.size();
        } else {
            ring_[slot(size_)] = std::move(frame);
            ++size_;
        }
        last_id_ = id;
    }

    FrameList ring_;           // size() == capacity; the stored frames are size_ of them from first_
    std::size_t first_ = 0;    // ring index of the oldest frame
    std::size_t size_ = 0;
    std::uint64_t last_id_ = 0;
    std::uint64_t dropped_id_ = 0;
};

SSE_DETAIL_END_NAMESPACE

#endif  // SSE_REPLAY_HPP
