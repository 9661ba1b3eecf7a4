// sse::Outbox -- the per-connection queue of an event loop: gathered writes,
// partial writes, a byte bound and a policy for clients that fall behind.
//
//   sse::Outbox box(1 << 20);                 // at most 1 MiB queued, then: too slow
//   box.push(frame);                          // a shared sse::Frame: no copy
//   box.push(sse::Event::data("hi"));         // encoded into an owned frame
//   // when the socket is writable:
//   const sse::OutboxSlices s = box.next_slices();      // up to 16 (pointer, length)
//   const ssize_t n = writev(fd, iov_from(s), s.size());  // one call, many events
//   if (n > 0) box.consume(static_cast<std::size_t>(n)); // may end inside a frame
//
// No I/O: the outbox holds frames and tells what to write next; the caller
// writes and reports how much went out. <sse/asio.hpp> drives one over Asio.
// Also here: sse::OutboxSink (an sse::Writer that queues into an outbox) and
// sse::ping_if_idle (keep-alive that never pings a busy connection).
//
// Bound and policy (per outbox). bytes_queued() counts the wire bytes not yet
// consumed. A push that would take it past max_bytes() is refused and marks
// the outbox overflowed(): the client reads slower than events arrive.
// - OverflowPolicy::disconnect (default): keys are ignored; every push is
//   queued in order until the bound is hit. The server then closes the
//   connection; the client's EventSource reconnects with Last-Event-ID and
//   resumes from the server's history, so it loses nothing.
// - OverflowPolicy::conflate: a push with a key first removes a still-unsent
//   frame with the same key (a gauge only needs its latest value), then queues
//   the new frame at the end, so frames still go out in the order they were
//   pushed (ids stay increasing). If the bound is still exceeded, the outbox
//   overflows as with disconnect.
// A frame is never dropped, replaced or split differently once any of its
// bytes went out or while it is in flight (returned by next_slices() and not
// yet followed by consume()). A push into an empty outbox is always accepted,
// so one frame larger than the bound still goes out: the queued bytes stay
// within max_bytes() plus one frame, and the memory held within that plus the
// consumed head of the frame being written (shared frames are counted in full
// although every subscriber shares their bytes).
//
// Overflow is final: once overflowed(), every push is refused (a client that
// missed an event must not receive later ones, or it would see a gap).
//
// Complexity (q = frames queued): push without key, or with a key under
// disconnect: amortized O(1); push with a key under conflate: O(q) (a scan
// for the key and a shift); next_slices: O(slices returned) <= O(16);
// consume(n): O(frames completed); bytes_queued, frames_queued, empty: O(1).
//
// Memory: one ring of frame slots (sizeof(sse::Frame) plus two std::string
// each) that doubles when full and is freed when the outbox drains with more
// than 64 slots, plus the owned frames' bytes. An empty outbox holds no heap
// memory. Not thread-safe: one connection, one thread at a time.
#ifndef SSE_OUTBOX_HPP
#define SSE_OUTBOX_HPP

#include "config.hpp"
#include "encode.hpp"
#include "event.hpp"
#include "frame.hpp"
#include "slices.hpp"
#include "writer.hpp"
#include "detail/vector.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

SSE_DETAIL_BEGIN_NAMESPACE

/// What an outbox does when a push would exceed its byte bound (see the top
/// of this header).
enum class OverflowPolicy : unsigned char {
    disconnect,  ///< refuse the push, report the client too slow (keys ignored)
    conflate,    ///< a keyed push replaces an unsent frame with the same key first
};

/// The result of Outbox::push.
enum class PushResult : unsigned char {
    queued,    ///< the frame was queued at the end
    replaced,  ///< conflate: an unsent frame with the same key was removed, this one queued at the end
    too_slow,  ///< refused: the bound would be exceeded (or was before); the outbox is overflowed()
};

/// The next bytes to write as at most Outbox::max_slices (pointer, length)
/// slices, in wire order, one per queued frame (the first starts where the
/// last consume() stopped). A Boost/standalone Asio caller converts each to a
/// const_buffer; a POSIX caller to an iovec. Valid until the next push,
/// consume or destruction of the outbox.
struct OutboxSlices {
    static constexpr std::size_t capacity = 16;
    Slice items[capacity];
    std::size_t count = 0;  ///< slices used (0 when the outbox is empty)
    std::size_t bytes = 0;  ///< their total size

    [[nodiscard]] const Slice* begin() const noexcept { return items; }
    [[nodiscard]] const Slice* end() const noexcept { return items + count; }
    [[nodiscard]] std::size_t size() const noexcept { return count; }
    [[nodiscard]] bool empty() const noexcept { return count == 0; }
};

/// A per-connection queue of frames; see the top of this header.
class Outbox {
public:
    /// The most slices next_slices() returns (one system call carries up to
    /// this many frames; the rest go in the next one).
    static constexpr std::size_t max_slices = OutboxSlices::capacity;

    /// An empty outbox holding at most `max_bytes` unsent bytes (plus one
    /// frame, see above), with `policy` for pushes past it. No allocation.
    explicit Outbox(std::size_t max_bytes = std::size_t(1) << 20,
                    OverflowPolicy policy = OverflowPolicy::disconnect) noexcept
        : max_bytes_(max_bytes), policy_(policy) {}

    /// Queues a shared frame: the outbox keeps a copy of the handle (no bytes
    /// copied; next_slices() points into frame.bytes()). An empty frame is
    /// ignored (queued, nothing added).
    PushResult push(Frame frame) { return push_entry(Entry{std::move(frame), std::string(), std::string()}, false); }

    /// As push(frame), with a conflation key (used under OverflowPolicy::conflate
    /// only; any bytes, "" is a key like any other).
    PushResult push(Frame frame, std::string_view key) {
        return push_entry(Entry{std::move(frame), std::string(), std::string(key)}, true);
    }

    /// Encodes `e` (exactly e.encode()) into an owned frame and queues it.
    PushResult push(const Event& e) { return push_bytes(e.encode()); }
    /// As push(e), with a conflation key.
    PushResult push(const Event& e, std::string_view key) { return push_bytes(e.encode(), key); }

    /// Queues bytes the caller encoded (one or more complete frames, e.g. from
    /// sse::encode_comment, or an HTTP response head) as an owned frame.
    /// Empty bytes are ignored.
    PushResult push_bytes(std::string bytes) {
        return push_entry(Entry{Frame(), std::move(bytes), std::string()}, false);
    }
    /// As push_bytes(bytes), with a conflation key.
    PushResult push_bytes(std::string bytes, std::string_view key) {
        return push_entry(Entry{Frame(), std::move(bytes), std::string(key)}, true);
    }

    /// Fills `out[0..capacity)` with the next bytes to write, one slice per
    /// frame from the front (the first without its consumed part), and
    /// returns how many it filled (0 when empty). The frames returned are in
    /// flight until the next consume(): conflation leaves them alone.
    std::size_t next_slices(Slice* out, std::size_t capacity) noexcept {
        const std::size_t n = capacity < count_ ? capacity : count_;
        for (std::size_t i = 0; i < n; ++i) {
            std::string_view b = at(i).bytes();
            if (i == 0) b.remove_prefix(offset_);
            out[i] = Slice{b.data(), b.size()};
        }
        in_flight_ = n;
        return n;
    }

    /// The next bytes to write as up to max_slices slices (see OutboxSlices).
    [[nodiscard]] OutboxSlices next_slices() noexcept {
        OutboxSlices s;
        s.count = next_slices(s.items, OutboxSlices::capacity);
        for (std::size_t i = 0; i < s.count; ++i) s.bytes += s.items[i].size;
        return s;
    }

    /// `n` bytes from the front went out (the result of a write of the last
    /// next_slices()). May end inside a frame: the next slices start at the
    /// rest of it. Ends the in-flight state. Precondition: n <= bytes_queued().
    void consume(std::size_t n) noexcept {
        SSE_ASSERT(n <= bytes_ && "sse::Outbox::consume: more bytes than are queued");
        if (n > bytes_) n = bytes_;
        bytes_ -= n;
        in_flight_ = 0;
        while (n > 0) {
            const std::size_t rest = at(0).bytes().size() - offset_;
            if (n < rest) {
                offset_ += n;
                break;
            }
            n -= rest;
            pop_front();
        }
        if (count_ == 0 && ring_.size() > 64) ring_ = detail::Vector<Entry>();
    }

    /// Unsent bytes (what the next writes will carry). O(1).
    [[nodiscard]] std::size_t bytes_queued() const noexcept { return bytes_; }
    /// Frames with unsent bytes (the front one may be partly sent). O(1).
    [[nodiscard]] std::size_t frames_queued() const noexcept { return count_; }
    /// True when nothing is left to write.
    [[nodiscard]] bool empty() const noexcept { return count_ == 0; }
    /// True once a push was refused for the bound: the client is too slow.
    [[nodiscard]] bool overflowed() const noexcept { return overflowed_; }
    [[nodiscard]] std::size_t max_bytes() const noexcept { return max_bytes_; }
    [[nodiscard]] OverflowPolicy policy() const noexcept { return policy_; }

    /// True when a frame was queued since the last call (or the outbox holds
    /// unsent bytes now), and clears the record: "was the connection busy?".
    /// sse::ping_if_idle() uses it; it is the keep-alive's view of activity.
    bool take_activity() noexcept { return std::exchange(pushed_, false) || count_ != 0; }

private:
    struct Entry {
        Frame frame;        // a shared frame, or empty
        std::string owned;  // the bytes when `frame` is empty
        std::string key;
        [[nodiscard]] std::string_view bytes() const noexcept { return frame.empty() ? owned : frame.bytes(); }
    };

    [[nodiscard]] Entry& at(std::size_t i) noexcept { return ring_[(head_ + i) & (ring_.size() - 1)]; }

    PushResult push_entry(Entry entry, bool keyed) {
        if (overflowed_) return PushResult::too_slow;
        const std::size_t size = entry.bytes().size();
        if (size == 0) return PushResult::queued;
        std::size_t replace = count_;  // index of the frame to replace, count_ for none
        if (keyed && policy_ == OverflowPolicy::conflate) {
            // Frames partly sent or in flight are never replaced.
            std::size_t first = in_flight_;
            if (first == 0 && offset_ != 0) first = 1;
            for (std::size_t i = first; i < count_; ++i) {
                if (at(i).key == entry.key) {
                    replace = i;
                    break;
                }
            }
        }
        const std::size_t others = bytes_ - (replace < count_ ? at(replace).bytes().size() : 0);
        if (others != 0 && (size > max_bytes_ || others > max_bytes_ - size)) {
            overflowed_ = true;
            return PushResult::too_slow;
        }
        if (!keyed || policy_ != OverflowPolicy::conflate) entry.key = std::string();
        const bool replacing = replace < count_;
        if (replacing) erase(replace);
        if (count_ == ring_.size()) grow();
        at(count_) = std::move(entry);
        ++count_;
        bytes_ = others + size;
        pushed_ = true;
        return replacing ? PushResult::replaced : PushResult::queued;
    }

    void erase(std::size_t i) noexcept {
        for (; i + 1 < count_; ++i) at(i) = std::move(at(i + 1));
        at(count_ - 1) = Entry();
        --count_;
    }

    void pop_front() noexcept {
        at(0) = Entry();
        head_ = (head_ + 1) & (ring_.size() - 1);
        --count_;
        offset_ = 0;
        if (count_ == 0) head_ = 0;
    }

    // Doubles the ring (power-of-two sizes, at least 4), keeping the order.
    void grow() {
        detail::Vector<Entry> bigger(ring_.empty() ? 4 : 2 * ring_.size());
        for (std::size_t i = 0; i < count_; ++i) bigger[i] = std::move(at(i));
        ring_ = std::move(bigger);
        head_ = 0;
    }

    detail::Vector<Entry> ring_;  // size 0 or a power of two; count_ entries from head_
    std::size_t head_ = 0;
    std::size_t count_ = 0;
    std::size_t offset_ = 0;     // bytes of the front frame already consumed
    std::size_t bytes_ = 0;      // unsent bytes
    std::size_t in_flight_ = 0;  // front frames returned by next_slices() and not yet consumed
    std::size_t max_bytes_;
    OverflowPolicy policy_;
    bool overflowed_ = false;
    bool pushed_ = false;
};

/// A sink that queues into an Outbox, for sse::Writer: every frame the
/// writer makes becomes an owned frame of the outbox, and a shared Frame sent
/// with Writer::send(Frame) is queued as a handle (no copy). Returns false --
/// the writer closes -- once the outbox is overflowed: the client is too slow.
///
///   sse::Outbox box;
///   sse::Writer<> w(sse::OutboxSink(box));   // storable: sse::Writer<sse::Sink>
///   w.retry(2000);                            // queued "retry: 2000\n\n"
///   w.send(frame);                            // queued, shares frame's bytes
///
/// Holds a pointer: the outbox must outlive the sink.
class OutboxSink {
public:
    explicit OutboxSink(Outbox& box) noexcept : box_(&box) {}
    /// Queues a copy of `bytes` (Outbox::push_bytes).
    bool operator()(std::string_view bytes) { return box_->push_bytes(std::string(bytes)) != PushResult::too_slow; }
    /// Queues the shared frame (Outbox::push(Frame)).
    bool frame(const Frame& f) { return box_->push(f) != PushResult::too_slow; }
    [[nodiscard]] Outbox& outbox() const noexcept { return *box_; }

private:
    Outbox* box_;
};

/// Keep-alive for a connection that writes from an outbox: call it when
/// ka.next_deadline() has passed (a timer in your loop). If the connection
/// was busy since the last call (a frame was pushed, or unsent bytes remain:
/// Outbox::take_activity), it restarts the keep-alive at `now` and queues
/// nothing; a busy connection never gets a ping. Otherwise, once ka.due(now),
/// it queues ": keep-alive\n\n" (an owned frame) and restarts. So a ping goes
/// out after one to two intervals with nothing queued or in flight.
/// Returns false when the outbox is (or by the ping became) overflowed: close.
///
///   sse::KeepAlive ka(std::chrono::seconds(15), clock::now());
///   // timer fired at ka.next_deadline():
///   if (!sse::ping_if_idle(box, ka, clock::now())) close_connection();
///   else { start_writing_if_needed(); timer.expires_at(ka.next_deadline()); }
template <class Time>
bool ping_if_idle(Outbox& box, KeepAlive<Time>& ka, Time now) {
    if (box.overflowed()) return false;
    if (box.take_activity()) {
        ka.restart(now);
        return true;
    }
    if (!ka.due(now)) return true;
    ka.restart(now);
    std::string ping;
    encode_comment(ping, keep_alive_text);
    const bool queued = box.push_bytes(std::move(ping)) != PushResult::too_slow;
    (void)box.take_activity();  // the ping itself is not activity
    return queued;
}

SSE_DETAIL_END_NAMESPACE

#endif  // SSE_OUTBOX_HPP
