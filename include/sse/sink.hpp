// sse::Sink -- a sink you can store: any `bool(std::string_view)` callable
// behind one type, so a writer can be a member of a connection struct.
//
//   struct Connection {
//       int fd;
//       sse::Writer<> writer;      // sse::Writer<sse::Sink>: no lambda type to name
//       explicit Connection(int f)
//           : fd(f), writer([this](std::string_view b) { return send_all(fd, b); }) {}
//   };
//
// A callable that also has a member `bool frame(const sse::Frame&)` receives
// shared frames through it (Writer::send(Frame) then hands over the Frame, not
// its bytes, so e.g. sse::OutboxSink queues it without copying); any other
// callable gets frame.bytes().
//
// Storage: callables of up to three pointers whose move cannot throw (a lambda
// capturing `this` and an fd, a function pointer) are kept inline, with no
// allocation; larger ones are moved to the heap once, at construction. Move
// only (it also holds move-only callables); a moved-from or default-made Sink
// is empty, and calling an empty Sink returns false (the peer is gone). No
// <functional>, no RTTI.
#ifndef SSE_SINK_HPP
#define SSE_SINK_HPP

#include "config.hpp"
#include "frame.hpp"

#include <cstddef>
#include <new>
#include <string_view>
#include <type_traits>
#include <utility>

SSE_DETAIL_BEGIN_NAMESPACE

namespace detail {
// True when `S` has `bool frame(const Frame&)`: it takes shared frames whole.
template <class S, class = void>
struct takes_frames : std::false_type {};
template <class S>
struct takes_frames<S, std::void_t<decltype(bool(std::declval<S&>().frame(std::declval<const Frame&>())))>>
    : std::true_type {};
}  // namespace detail

/// A type-erased sink: see the top of this header.
class Sink {
public:
    /// An empty sink: every call returns false.
    Sink() noexcept = default;

    /// Takes any callable `bool(std::string_view)` (moved or copied in).
    template <class F, class D = std::decay_t<F>,
              class = std::enable_if_t<!std::is_same_v<D, Sink> && std::is_invocable_r_v<bool, D&, std::string_view>>>
    Sink(F&& f) {  // NOLINT: implicit, so a lambda converts where a Sink is expected
        if constexpr (fits_inline<D>) {
            ::new (static_cast<void*>(store_.local)) D(std::forward<F>(f));
            ops_ = &ops_for<D, true>;
        } else {
            store_.heap = new D(std::forward<F>(f));
            ops_ = &ops_for<D, false>;
        }
    }

    Sink(Sink&& other) noexcept { take(other); }
    Sink& operator=(Sink&& other) noexcept {
        if (this != &other) {
            reset();
            take(other);
        }
        return *this;
    }
    Sink(const Sink&) = delete;
    Sink& operator=(const Sink&) = delete;
    ~Sink() { reset(); }

    /// Calls the callable with `bytes`; false when empty.
    bool operator()(std::string_view bytes) { return ops_ != nullptr && ops_->bytes(target(), bytes); }

    /// Hands over a shared frame: to the callable's frame() if it has one,
    /// else as frame.bytes(). False when empty.
    bool frame(const Frame& f) { return ops_ != nullptr && ops_->frame(target(), f); }

    /// False for an empty sink.
    explicit operator bool() const noexcept { return ops_ != nullptr; }

private:
    static constexpr std::size_t local_size = 3 * sizeof(void*);
    template <class D>
    static constexpr bool fits_inline = sizeof(D) <= local_size && alignof(D) <= alignof(void*) &&
                                        std::is_nothrow_move_constructible_v<D>;

    struct Ops {
        bool (*bytes)(void* target, std::string_view bytes);
        bool (*frame)(void* target, const Frame& f);
        void (*relocate)(void* from, void* to) noexcept;  // inline storage only
        void (*destroy)(void* target) noexcept;
        bool local;
    };

    template <class D>
    static bool call_bytes(void* t, std::string_view b) {
        return static_cast<bool>((*static_cast<D*>(t))(b));
    }
    template <class D>
    static bool call_frame(void* t, const Frame& f) {
        if constexpr (detail::takes_frames<D>::value) {
            return static_cast<bool>(static_cast<D*>(t)->frame(f));
        } else {
            return static_cast<bool>((*static_cast<D*>(t))(f.bytes()));
        }
    }
    template <class D>
    static void relocate_local(void* from, void* to) noexcept {
        D* source = static_cast<D*>(from);
        ::new (to) D(std::move(*source));
        source->~D();
    }
    template <class D, bool Local>
    static void destroy(void* t) noexcept {
        if constexpr (Local) {
            static_cast<D*>(t)->~D();
        } else {
            delete static_cast<D*>(t);
        }
    }
    template <class D, bool Local>
    static constexpr Ops ops_for = {&call_bytes<D>, &call_frame<D>, Local ? &relocate_local<D> : nullptr,
                                    &destroy<D, Local>, Local};

    void* target() noexcept { return ops_->local ? static_cast<void*>(store_.local) : store_.heap; }

    void take(Sink& other) noexcept {
        ops_ = std::exchange(other.ops_, nullptr);
        if (ops_ == nullptr) return;
        if (ops_->local) {
            ops_->relocate(other.store_.local, store_.local);
        } else {
            store_.heap = other.store_.heap;
        }
    }
    void reset() noexcept {
        if (ops_ == nullptr) return;
        void* const t = target();
        std::exchange(ops_, nullptr)->destroy(t);
    }

    union Store {
        void* heap;
        alignas(void*) unsigned char local[local_size];
    } store_{};
    const Ops* ops_ = nullptr;
};

SSE_DETAIL_END_NAMESPACE

#endif  // SSE_SINK_HPP
