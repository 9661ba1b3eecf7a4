// sse::Frame -- one event encoded once, shared by every subscriber.
//
//   const sse::Frame f(sse::Event::data("tick").id("7"));
//   for (auto& client : clients) client.writer.send(f);   // the same bytes, no copy
//
// Copies share one immutable block (reference counted with atomic
// operations), so a Frame may be copied and destroyed on several threads at
// once, and its bytes read from any of them.
#ifndef SSE_FRAME_HPP
#define SSE_FRAME_HPP

#include "config.hpp"
#include "event.hpp"
#include "detail/vector.hpp"

#if !defined(__GNUC__) && !defined(__clang__)
#include <atomic>
#endif
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

SSE_DETAIL_BEGIN_NAMESPACE

namespace detail {
// The shared reference count of a Frame. GCC and Clang get the compiler's
// atomic builtins: <atomic> would add about 10% to the compile time of
// <sse/sse.hpp> (measured with valgrind, see docs/live-streaming.md).
#if defined(__GNUC__) || defined(__clang__)
class RefCount {
public:
    void add() noexcept { __atomic_fetch_add(&count_, 1, __ATOMIC_RELAXED); }
    // True when this was the last reference.
    bool release() noexcept { return __atomic_sub_fetch(&count_, 1, __ATOMIC_ACQ_REL) == 0; }
    std::size_t load() const noexcept { return __atomic_load_n(&count_, __ATOMIC_RELAXED); }

private:
    std::size_t count_ = 1;
};
#else
class RefCount {
public:
    void add() noexcept { count_.fetch_add(1, std::memory_order_relaxed); }
    bool release() noexcept { return count_.fetch_sub(1, std::memory_order_acq_rel) == 1; }
    std::size_t load() const noexcept { return count_.load(std::memory_order_relaxed); }

private:
    std::atomic<std::size_t> count_{1};
};
#endif

struct FrameBlock {
    RefCount refs;
    std::string bytes;
    std::string id;
};
}  // namespace detail

/// One event encoded once, shared by every subscriber: copying a Frame copies
/// a pointer and bumps an atomic reference count (no bytes copied, no
/// allocation), so the same frame can be queued to thousands of clients, on
/// any threads. The bytes never change after construction.
///
///   const sse::Frame f(sse::Event::data("a\nb").id("7"));
///   f.bytes() == "id: 7\ndata: a\ndata: b\n\n";  f.id() == "7";
///   sse::Frame g = f;                         // same bytes, f.use_count() == 2
///   writer.send(f);                           // one sink call with f.bytes()
///
/// A default-constructed Frame is empty (no bytes, id ""); sending it writes
/// nothing. Construction allocates once for the shared block and once per
/// string longer than the small-string buffer.
class Frame {
public:
    /// An empty frame.
    Frame() noexcept = default;

    /// Encodes `e` (exactly e.encode()); id() is e's id, or "" when it has none.
    explicit Frame(const Event& e) : block_(new detail::FrameBlock) {
        e.encode_to(block_->bytes);
        if (e.id()) block_->id = *e.id();
    }

    Frame(const Frame& other) noexcept : block_(other.block_) {
        if (block_ != nullptr) block_->refs.add();
    }
    Frame(Frame&& other) noexcept : block_(std::exchange(other.block_, nullptr)) {}
    Frame& operator=(const Frame& other) noexcept {
        Frame copy(other);
        swap(copy);
        return *this;
    }
    Frame& operator=(Frame&& other) noexcept {
        Frame moved(std::move(other));
        swap(moved);
        return *this;
    }
    ~Frame() { release(); }

    void swap(Frame& other) noexcept { std::swap(block_, other.block_); }

    /// The encoded event: one complete frame ending in a blank line ("" if empty).
    [[nodiscard]] std::string_view bytes() const noexcept {
        return block_ != nullptr ? std::string_view(block_->bytes) : std::string_view();
    }
    /// The event's id ("" when it has none, or when the frame is empty).
    [[nodiscard]] std::string_view id() const noexcept {
        return block_ != nullptr ? std::string_view(block_->id) : std::string_view();
    }
    /// True for a default-constructed (or moved-from) frame.
    [[nodiscard]] bool empty() const noexcept { return block_ == nullptr; }
    /// How many Frame objects share these bytes (0 when empty). A snapshot.
    [[nodiscard]] std::size_t use_count() const noexcept { return block_ != nullptr ? block_->refs.load() : 0; }

private:
    void release() noexcept {
        if (block_ != nullptr && block_->refs.release()) delete block_;
        block_ = nullptr;
    }
    detail::FrameBlock* block_ = nullptr;
};

/// Frames in order (a replay, a queue): a minimal vector of handles
/// (range-for, size, empty, [], front, back, reserve, push_back,
/// emplace_back, assign, clear; see detail/vector.hpp).
using FrameList = detail::Vector<Frame>;

SSE_DETAIL_END_NAMESPACE

#endif  // SSE_FRAME_HPP
