// sse: live streaming -- sse::Writer over any sink, sse::KeepAlive.
//
//   // A sink: any callable bool(std::string_view bytes) that writes the bytes
//   // and returns false once the peer is gone. No I/O in the library.
//   sse::Writer w([fd](std::string_view b) { return write_all(fd, b); });
//   w.retry(2000);                                          // retry: 2000\n\n
//   while (auto token = next_token()) {
//       if (!w.send(sse::Event::data(*token).event_type("token"))) break;  // client left
//   }
//
//   // A server's own chunked writer, through a lambda (cpp-httplib):
//   sse::Writer w([&sink](std::string_view b) { return sink.write(b.data(), b.size()); });
//
// One sink call per event (or comment, retry, ping), with the whole frame, so
// each arrives whole and a short write never splits a frame between calls.
// Frames are built in one std::string owned by the writer and reused: after
// warm-up the writer itself allocates nothing. Once the sink returns false the
// writer is closed: every later call returns false without calling the sink,
// so the producer learns that the client left and stops. Exceptions thrown by
// the sink pass through; the writer stays as it was (open).
//
// Keep-alive without a thread: sse::KeepAlive tells when the stream has been
// idle for an interval; the caller asks it (with its own clock) and pings.
#ifndef SSE_WRITER_HPP
#define SSE_WRITER_HPP

#include "config.hpp"
#include "encode.hpp"
#include "event.hpp"
#include "frame.hpp"
#include "sink.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

SSE_DETAIL_BEGIN_NAMESPACE

/// The comment text of a keep-alive ping: Writer::ping() writes ": keep-alive\n\n".
inline constexpr std::string_view keep_alive_text = "keep-alive";

/// Writes frames to `Sink`, a callable `bool(std::string_view bytes)` that
/// returns false when the peer is gone (see the top of this header).
///
///   std::string wire;
///   sse::Writer w([&](std::string_view b) { wire += b; return true; });
///   w.send(sse::Event::data("hi").id("1"));  // wire == "id: 1\ndata: hi\n\n"
///
/// `sse::Writer<>` is `Writer<sse::Sink>`, the type-erased sink (sink.hpp):
/// a type to name as a member of a connection struct, for any callable.
///
/// Not thread-safe: one writer per connection, used by one thread at a time.
template <class Sink = sse::Sink>
class Writer {
    static_assert(std::is_invocable_r_v<bool, Sink&, std::string_view>,
                  "sse::Writer: the sink must be callable as bool(std::string_view bytes)");

public:
    /// Takes the sink (moved or copied in). The writer starts open.
    explicit Writer(Sink sink) : sink_(std::move(sink)) {}

    /// Sends one event: exactly the bytes of e.encode(), in one sink call.
    /// Returns false (and writes nothing) when the writer is closed, or when
    /// this write found the peer gone.
    bool send(const Event& e) {
        if (!start()) return false;
        e.encode_to(buffer_);
        return flush();
    }

    /// Sends a shared pre-encoded frame: one sink call with frame.bytes(), no
    /// copy. An empty Frame writes nothing and returns open(). A sink with a
    /// member `bool frame(const Frame&)` (sse::Sink, sse::OutboxSink) gets the
    /// Frame itself instead, so it can keep a shared handle.
    bool send(const Frame& frame) {
        if (!open_) return false;
        cancel();
        if (frame.empty()) return true;
        if constexpr (detail::takes_frames<Sink>::value) {
            return record(sink_.frame(frame));
        } else {
            return emit(frame.bytes());
        }
    }

    /// Sends a comment block: `: <line>\n` per line of `text`, then `\n`
    /// (encode_comment). Clients ignore it; proxies see traffic.
    bool comment(std::string_view text) {
        if (!start()) return false;
        encode_comment(buffer_, text);
        return flush();
    }

    /// Sends `retry: <ms>\n\n`: the client's reconnection delay.
    bool retry(std::uint64_t ms) {
        if (!start()) return false;
        encode_retry(buffer_, ms);
        return flush();
    }

    /// Sends the keep-alive comment ": keep-alive\n\n" (see sse::KeepAlive).
    bool ping() { return comment(keep_alive_text); }

    /// Data in pieces: begin(e) starts an event with e's id/event/retry fields
    /// and e's data as the first piece; write_data() adds pieces; end() sends
    /// the whole event in one sink call. The bytes equal encoding the event
    /// with all pieces joined, also when a CRLF is split between pieces.
    ///
    ///   w.begin(sse::Event().id("5").event_type("json"));
    ///   w.write_data("{\"a\":");  w.write_data("1}");
    ///   w.end();   // "id: 5\nevent: json\ndata: {\"a\":1}\n\n", one sink call
    ///
    /// Nothing reaches the sink before end(); cancel() drops a begun event.
    /// Anything else sent while an event is begun (begin, send, comment, retry,
    /// ping) first drops the begun event, so the stream stays whole; end()
    /// and write_data() with nothing begun send nothing. The same in every
    /// build mode (no assertion). On a closed writer these do nothing.
    void begin(const Event& fields) {
        if (!open_) return;
        cancel();
        buffer_.clear();
        in_event_ = true;
        fields.encode_fields_to(buffer_);
        data_.write(buffer_, fields.data());
    }
    /// begin() with no fields: an event of type "message" without id.
    void begin() { begin(Event()); }

    /// Appends one piece of the begun event's data (any bytes); ignored when
    /// no event is begun.
    void write_data(std::string_view piece) {
        if (!in_event_) return;
        data_.write(buffer_, piece);
    }

    /// Finishes the begun event and sends it in one sink call; false as for
    /// send(). With no event begun it sends nothing and returns open().
    bool end() {
        if (!in_event_) return open_;
        in_event_ = false;
        data_.finish_event(buffer_);
        return open_ && emit(buffer_);
    }

    /// Drops the begun event (nothing of it was written); no-op if none.
    void cancel() noexcept {
        if (in_event_) {
            in_event_ = false;
            data_ = DataEncoder();
            buffer_.clear();
        }
    }

    /// False once the sink reported the peer gone.
    [[nodiscard]] bool open() const noexcept { return open_; }

    /// How many frames (events, comments, retry blocks, pings) the sink has
    /// accepted. sse::KeepAlive reads it to notice activity.
    [[nodiscard]] std::uint64_t frames_written() const noexcept { return frames_written_; }

    /// The sink, e.g. to read what a test sink collected.
    [[nodiscard]] Sink& sink() noexcept { return sink_; }
    [[nodiscard]] const Sink& sink() const noexcept { return sink_; }

private:
    // Readies the buffer for a new frame; false when closed.
    bool start() {
        if (!open_) return false;
        cancel();
        buffer_.clear();
        return true;
    }
    bool flush() { return emit(buffer_); }
    bool emit(std::string_view bytes) { return record(sink_(bytes)); }
    bool record(bool accepted) {
        if (accepted) {
            ++frames_written_;
        } else {
            open_ = false;
        }
        return open_;
    }

    Sink sink_;
    std::string buffer_;
    DataEncoder data_;
    std::uint64_t frames_written_ = 0;
    bool open_ = true;
    bool in_event_ = false;
};

template <class Sink>
Writer(Sink) -> Writer<Sink>;

namespace detail {
// The largest value of an integer type (no <limits>: it costs compile time).
template <class T>
constexpr T max_integer() noexcept {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(std::is_signed_v<T> ? static_cast<U>(~U{0}) >> 1 : static_cast<U>(~U{0}));
}

// `d` as a To, saturated: negative -> zero, beyond To's range -> its maximum.
// Numbers, or std::chrono-like durations (count(), period, zero(), max())
// where From converts to To exactly; <chrono> itself is not needed here.
// (Floating point cannot overflow into undefined behaviour: not clamped above.)
template <class To, class From>
constexpr To clamp_interval(From d) noexcept {
    if constexpr (std::is_arithmetic_v<To> && std::is_arithmetic_v<From>) {
        if (!(d > From{})) return To{};
        if constexpr (std::is_integral_v<To>) {
            if (static_cast<long double>(d) >= static_cast<long double>(max_integer<To>())) return max_integer<To>();
        }
        return static_cast<To>(d);
    } else {
        if (!(d > From::zero())) return To::zero();
        // d in units of To, computed in floating point: only compared, never returned.
        const long double in_to = static_cast<long double>(d.count()) * From::period::num / From::period::den *
                                  To::period::den / To::period::num;
        if (in_to >= static_cast<long double>(To::max().count())) return To::max();
        return To(d);
    }
}

// now + d (d >= 0), or the largest Time when that would overflow. `Time` is
// a number or has a static max() (std::chrono::time_point).
template <class Time, class D>
constexpr Time saturating_add(Time now, D d) noexcept {
    if constexpr (std::is_floating_point_v<Time>) {
        return now + d;
    } else {
        constexpr Time most = [] {
            if constexpr (std::is_integral_v<Time>) {
                return max_integer<Time>();
            } else {
                return Time::max();
            }
        }();
        if (!(now < Time{}) && most - now < d) return most;
        return now + d;
    }
}
}  // namespace detail

/// Idle-based keep-alive on a clock you own: no thread, no sleep. A ping is
/// due when nothing was written for `interval`; every write restarts the
/// timer, so a busy stream sends no pings.
///
/// `Time` is any point type whose difference is a duration-like type that can
/// be added back, e.g. std::chrono::steady_clock::time_point (interval: any
/// std::chrono duration) or integer milliseconds (std::uint64_t). This header
/// does not include <chrono>.
///
///   using clock = std::chrono::steady_clock;
///   sse::KeepAlive ka(std::chrono::seconds(15), clock::now());
///   for (;;) {
///       auto token = queue.pop_until(ka.next_deadline());   // your wait
///       if (token) { if (!w.send(*token)) break; ka.restart(clock::now()); }
///       else if (!ka.ping_if_due(w, clock::now())) break;
///   }
///
/// Call restart(now) after every write (send, comment, retry, ...) for exact
/// deadlines. ping_if_due() also notices frames the writer wrote since its
/// last call (Writer::frames_written) and counts them as activity at `now`,
/// so even without restart() a busy stream sends no pings.
template <class Time>
class KeepAlive {
public:
    using time_point = Time;
    using duration = decltype(std::declval<const Time&>() - std::declval<const Time&>());

    /// The timer starts at `now`: the first ping is due at now + interval.
    /// `interval` is an integer or a duration that converts to `duration`
    /// exactly (seconds, milliseconds, ... for a nanosecond clock). Nothing
    /// overflows: an interval beyond what `duration` holds is its max(), a
    /// negative one is zero, and a deadline beyond what `Time` holds is its
    /// max() (never due). `Time` is arithmetic or has a static max().
    template <class Interval>
    KeepAlive(Interval interval, Time now)
        : interval_(detail::clamp_interval<duration>(interval)), deadline_(detail::saturating_add(now, interval_)) {}

    /// Something was written at `now`: the next ping is due at now + interval.
    void restart(Time now) { deadline_ = detail::saturating_add(now, interval_); }

    /// True when nothing was written for a whole interval (now >= next_deadline()).
    [[nodiscard]] bool due(Time now) const { return !(now < deadline_); }

    /// When the next ping is due if nothing is written before: wait until then.
    [[nodiscard]] Time next_deadline() const { return deadline_; }

    [[nodiscard]] duration interval() const { return interval_; }

    /// If the writer wrote anything since the last call: restart(now), no
    /// ping. Otherwise, if due(now): writer.ping() and restart(now). Returns
    /// writer.open() (false: the peer is gone, stop). `W` is any type with
    /// ping(), open() and frames_written(), e.g. sse::Writer.
    template <class W>
    bool ping_if_due(W& writer, Time now) {
        if (writer.frames_written() != frames_seen_) {
            frames_seen_ = writer.frames_written();
            restart(now);
            return writer.open();
        }
        if (!due(now)) return writer.open();
        restart(now);
        const bool open = writer.ping();
        frames_seen_ = writer.frames_written();
        return open;
    }

private:
    duration interval_;
    Time deadline_;
    std::uint64_t frames_seen_ = 0;
};

SSE_DETAIL_END_NAMESPACE

#endif  // SSE_WRITER_HPP
