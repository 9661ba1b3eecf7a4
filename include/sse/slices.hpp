// sse::Slices -- an event frame as a short list of (pointer, length) slices,
// for gathering writes (writev, sendmsg, asio buffer sequences) without copying.
//
//   const auto e = sse::Event::data(big_json).id("7");   // big_json: 1 MiB, one line
//   sse::Slices s = sse::encode_slices(e);
//   // s: "id: " | "7" | "\ndata: " | <view of e.data(), 1 MiB> | "\n\n"
//   std::vector<iovec> iov;
//   for (const sse::Slice& x : s) iov.push_back({const_cast<char*>(x.data), x.size});
//   writev(fd, iov.data(), static_cast<int>(iov.size()));
//
// The concatenated slices are byte for byte Event::encode(): the same framing
// core (encode.hpp: write_event) splits the data at CRLF, CR and LF and orders
// the fields.
// A slice is one of: fixed text of the library (static storage, e.g.
// "\ndata: "), a view into the event's id, type or data, or the retry digits
// kept inside the Slices object. Nothing of the data is copied: a payload of
// N lines gives 2N + 1 slices plus two per id/event/retry field, and a line
// break costs no slice of its own (it is joined to the next prefix).
//
// Lifetime: the slices point into the Event; keep it alive and unchanged while
// you use them. Copying or moving a Slices keeps its retry slice valid.
// Allocation: the list lives in one heap array that assign() reuses (it
// doubles when full), so a Slices kept per connection stops allocating once it
// has the capacity.
// writev accepts at most IOV_MAX (1024 on Linux) slices per call; write larger
// lists in several calls.
#ifndef SSE_SLICES_HPP
#define SSE_SLICES_HPP

#include "encode.hpp"
#include "event.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

SSE_DETAIL_BEGIN_NAMESPACE

/// `size` bytes at `data` (same members, in the same order, as POSIX iovec
/// has, but `const char*`). Never empty in a Slices list.
struct Slice {
    const char* data;
    std::size_t size;

    [[nodiscard]] std::string_view view() const noexcept { return {data, size}; }
};

/// The frame of one event as slices, in wire order. See the header comment.
class Slices {
public:
    Slices() = default;

    /// The slices of `e`'s frame (what e.encode() returns), replacing any
    /// previous content. The slices point into `e`.
    explicit Slices(const Event& e) { assign(e); }
    /// Deleted: the slices would point into a temporary, freed at the `;`.
    explicit Slices(const Event&&) = delete;

    Slices(const Slices& other) { copy_from(other); }
    Slices(Slices&& other) noexcept { take(other); }
    Slices& operator=(const Slices& other) {
        if (this != &other) {
            size_ = 0;
            copy_from(other);
        }
        return *this;
    }
    Slices& operator=(Slices&& other) noexcept {
        if (this != &other) {
            delete[] items_;
            take(other);
        }
        return *this;
    }
    ~Slices() { delete[] items_; }

    /// Replaces the content with the slices of `e`'s frame. Keeps the capacity.
    void assign(const Event&&) = delete;  // the slices would dangle, see Slices(const Event&&)
    void assign(const Event& e) {
        size_ = 0;
        retry_index_ = no_retry;
        const detail::Fields f = detail::fields_of(e, retry_);
        Writer w{*this};
        detail::write_event(w, f, e.data());
        if (!f.retry.empty()) {
            for (std::size_t i = 0; i < size_; ++i) {
                if (items_[i].data == f.retry.data()) retry_index_ = i;
            }
        }
    }

    /// Empties the list (keeps the capacity).
    void clear() noexcept {
        size_ = 0;
        retry_index_ = no_retry;
    }

    [[nodiscard]] const Slice* data() const noexcept { return items_; }
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
    [[nodiscard]] const Slice* begin() const noexcept { return items_; }
    [[nodiscard]] const Slice* end() const noexcept { return items_ + size_; }
    /// Slice `i`; precondition i < size().
    [[nodiscard]] const Slice& operator[](std::size_t i) const noexcept {
        SSE_ASSERT(i < size_);
        return items_[i];
    }

    /// Total bytes of all slices (the size of the frame).
    [[nodiscard]] std::size_t bytes() const noexcept {
        std::size_t n = 0;
        for (const Slice& s : *this) n += s.size;
        return n;
    }

    /// The frame as one string (a copy; for tests and logging).
    [[nodiscard]] std::string to_string() const {
        std::string out;
        out.reserve(bytes());
        for (const Slice& s : *this) out.append(s.data, s.size);
        return out;
    }

private:
    // The output of the framing core (encode.hpp) as slices: pieces of the
    // frame text and views of the caller's bytes, nothing copied. A line end
    // is held back and joined to the piece after it, which follows a '\n' in
    // the frame text ("\ndata: ", "\n\n"), so it costs no slice of its own.
    struct Writer {
        Slices& out;
        bool line_end_pending = false;

        SSE_DETAIL_ALWAYS_INLINE void text(std::string_view piece) {
            if (piece.data() == detail::line_end.data()) {
                line_end_pending = true;
                return;
            }
            if (line_end_pending) {
                out.push({piece.data() - 1, piece.size() + 1});
                line_end_pending = false;
            } else {
                out.push({piece.data(), piece.size()});
            }
        }
        SSE_DETAIL_ALWAYS_INLINE void bytes(std::string_view value) {
            SSE_ASSERT(!line_end_pending);
            if (!value.empty()) out.push({value.data(), value.size()});
        }
    };

    SSE_DETAIL_ALWAYS_INLINE void push(Slice s) {
        if (size_ == capacity_) reserve(capacity_ == 0 ? 16 : 2 * capacity_);
        items_[size_++] = s;
    }
    void reserve(std::size_t capacity) {
        Slice* items = new Slice[capacity];
        if (size_ != 0) std::memcpy(items, items_, size_ * sizeof(Slice));
        delete[] items_;
        items_ = items;
        capacity_ = capacity;
    }
    // Copies `other` (the list must be empty); its retry slice pointed into
    // other.retry_, ours points into retry_.
    void copy_from(const Slices& other) {
        if (capacity_ < other.size_) reserve(other.size_);
        if (other.size_ != 0) std::memcpy(items_, other.items_, other.size_ * sizeof(Slice));
        size_ = other.size_;
        adopt_retry(other);
    }
    // Takes `other`'s array; leaves it empty.
    void take(Slices& other) noexcept {
        items_ = other.items_;
        size_ = other.size_;
        capacity_ = other.capacity_;
        adopt_retry(other);
        other.items_ = nullptr;
        other.size_ = other.capacity_ = 0;
        other.retry_index_ = no_retry;
    }
    void adopt_retry(const Slices& other) noexcept {
        std::memcpy(retry_, other.retry_, sizeof retry_);
        retry_index_ = other.retry_index_;
        if (retry_index_ != no_retry) {
            Slice& s = items_[retry_index_];
            s.data = retry_ + (s.data - other.retry_);
        }
    }

    static constexpr std::size_t no_retry = static_cast<std::size_t>(-1);
    Slice* items_ = nullptr;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
    std::size_t retry_index_ = no_retry;  // the slice of the retry digits, if any
    char retry_[20] = {};
};

/// The slices of `e`'s frame: concatenated, exactly e.encode(). See Slices.
[[nodiscard]] inline Slices encode_slices(const Event& e) { return Slices(e); }
/// Deleted: slices of a temporary Event would point into freed memory.
Slices encode_slices(const Event&&) = delete;

/// Replaces `out` with the slices of `e`'s frame, reusing its capacity (no
/// allocation once `out` has held a frame of as many slices).
inline void encode_slices(const Event& e, Slices& out) { out.assign(e); }
/// Deleted: slices of a temporary Event would point into freed memory.
void encode_slices(const Event&&, Slices&) = delete;

SSE_DETAIL_END_NAMESPACE

#endif  // SSE_SLICES_HPP
