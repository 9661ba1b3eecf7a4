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
// core (encode.hpp) splits the data at CRLF, CR and LF and orders the fields.
// A slice is one of: fixed text of the library (static storage, e.g.
// "\ndata: "), a view into the event's id, type or data, or the retry digits
// kept inside the Slices object. Nothing of the data is copied: a payload of
// N lines gives 2N + 1 slices plus two per id/event/retry field, and a line
// break costs no slice of its own (it is joined to the next prefix).
//
// Lifetime: the slices point into the Event; keep it alive and unchanged while
// you use them. Copying or moving a Slices keeps its retry slice valid.
// Allocation: the list lives in a std::vector that assign() reuses, so a
// Slices kept per connection stops allocating once it has the capacity.
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
#include <vector>

namespace sse {

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

    Slices(const Slices& other) : slices_(other.slices_) { copy_retry_from(other); }
    Slices(Slices&& other) noexcept : slices_(std::move(other.slices_)) {
        copy_retry_from(other);
        other.clear();
    }
    Slices& operator=(const Slices& other) {
        if (this != &other) {
            slices_ = other.slices_;
            copy_retry_from(other);
        }
        return *this;
    }
    Slices& operator=(Slices&& other) noexcept {
        if (this != &other) {
            slices_ = std::move(other.slices_);
            copy_retry_from(other);
            other.clear();
        }
        return *this;
    }
    ~Slices() = default;

    /// Replaces the content with the slices of `e`'s frame. Keeps the capacity.
    void assign(const Event& e) {
        slices_.clear();
        std::string_view retry;
        retry_index_ = no_retry;
        if (e.retry()) {
            const char* first = detail::format_uint(retry_, *e.retry());
            retry = std::string_view(first, static_cast<std::size_t>(retry_ + sizeof retry_ - first));
        }
        Writer w{slices_};
        detail::write_frame(w, e.data(), e.id() ? &*e.id() : nullptr, e.event_type() ? &*e.event_type() : nullptr,
                            retry);
        if (e.retry()) {
            for (std::size_t i = 0; i < slices_.size(); ++i) {
                if (slices_[i].data == retry.data()) retry_index_ = i;
            }
        }
    }

    /// Empties the list (keeps the capacity).
    void clear() noexcept {
        slices_.clear();
        retry_index_ = no_retry;
    }

    [[nodiscard]] const Slice* data() const noexcept { return slices_.data(); }
    [[nodiscard]] std::size_t size() const noexcept { return slices_.size(); }
    [[nodiscard]] bool empty() const noexcept { return slices_.empty(); }
    [[nodiscard]] const Slice* begin() const noexcept { return slices_.data(); }
    [[nodiscard]] const Slice* end() const noexcept { return slices_.data() + slices_.size(); }
    [[nodiscard]] const Slice& operator[](std::size_t i) const noexcept { return slices_[i]; }

    /// Total bytes of all slices (the size of the frame).
    [[nodiscard]] std::size_t bytes() const noexcept {
        std::size_t n = 0;
        for (const Slice& s : slices_) n += s.size;
        return n;
    }

    /// The frame as one string (a copy; for tests and logging).
    [[nodiscard]] std::string to_string() const {
        std::string out;
        out.reserve(bytes());
        for (const Slice& s : slices_) out.append(s.data, s.size);
        return out;
    }

private:
    // Builds the slices for detail::write_frame. Each fixed prefix sits right
    // after a '\n' in detail::frame_text, so the line end before it is joined in.
    struct Writer {
        std::vector<Slice>& out;
        bool line_open = false;  // a line was started and its '\n' is not written yet

        void fixed(std::string_view text) {
            if (line_open) {
                out.push_back({text.data() - 1, text.size() + 1});
            } else {
                out.push_back({text.data(), text.size()});
            }
            line_open = true;
        }
        void view(std::string_view value) {
            if (!value.empty()) out.push_back({value.data(), value.size()});
        }
        void field(std::string_view prefix, std::string_view value) {
            fixed(prefix);
            view(value);
        }
        void data(std::string_view data) {
            const char* p = data.data();
            const char* const last = p + data.size();
            for (;;) {
                const detail::LineCut cut = detail::cut_line(p, last);
                field(detail::data_prefix, std::string_view(p, static_cast<std::size_t>(cut.end - p)));
                if (cut.end == last) return;
                p = cut.next;
            }
        }
        void end() {
            fixed(detail::blank_line);  // "\n\n": ends the last data line, then the blank line
            line_open = false;
        }
    };

    // After slices_ was copied or moved from `other`: its retry slice pointed
    // into other.retry_, and now points into ours.
    void copy_retry_from(const Slices& other) noexcept {
        std::memcpy(retry_, other.retry_, sizeof retry_);
        retry_index_ = other.retry_index_;
        if (retry_index_ != no_retry) {
            Slice& s = slices_[retry_index_];
            s.data = retry_ + (s.data - other.retry_);
        }
    }

    static constexpr std::size_t no_retry = static_cast<std::size_t>(-1);
    std::vector<Slice> slices_;
    std::size_t retry_index_ = no_retry;  // the slice of the retry digits, if any
    char retry_[20] = {};
};

/// The slices of `e`'s frame: concatenated, exactly e.encode(). See Slices.
[[nodiscard]] inline Slices encode_slices(const Event& e) { return Slices(e); }

/// Replaces `out` with the slices of `e`'s frame, reusing its capacity (no
/// allocation once `out` has held a frame of as many slices).
inline void encode_slices(const Event& e, Slices& out) { out.assign(e); }

}  // namespace sse

#endif  // SSE_SLICES_HPP
