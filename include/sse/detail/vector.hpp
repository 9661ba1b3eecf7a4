// sse::detail::Vector -- the library's one growable array (sse::HeaderList,
// sse::FrameList, the rings of Outbox and ReplayBuffer).
//
// A small subset of std::vector with the same meaning for every member it
// has: begin/end (plain pointers), size, empty, capacity, operator[], front,
// back, data, reserve, push_back, emplace_back, assign(first, last), clear,
// == and !=. Growth doubles, so appends are amortised O(1). Elements must be
// nothrow-movable (every element type of the library is).
//
// Why not std::vector: <vector> and its instantiations were a third of what
// <sse/sse.hpp> added to a translation unit (cc1plus instructions, measured
// with tools/include_cost.sh --instructions; figures in docs/live-streaming.md).
// Anything else is easy to get from it: std::vector<T>(v.begin(), v.end()).
#ifndef SSE_DETAIL_VECTOR_HPP
#define SSE_DETAIL_VECTOR_HPP

#include "../config.hpp"

#include <cstddef>
#include <initializer_list>
#include <new>
#include <type_traits>
#include <utility>

SSE_DETAIL_BEGIN_NAMESPACE
namespace detail {

template <class T>
class Vector {
    static_assert(std::is_nothrow_move_constructible_v<T>, "sse::detail::Vector moves elements when it grows");
    static_assert(alignof(T) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__, "storage comes from plain operator new");

public:
    using value_type = T;
    using size_type = std::size_t;
    using iterator = T*;
    using const_iterator = const T*;

    Vector() noexcept = default;
    // (The constructors below delegate to this one, so a throwing element
    // constructor leaves nothing allocated.)
    /// `n` value-initialised elements.
    explicit Vector(std::size_t n) : Vector() {
        reserve(n);
        for (; size_ < n; ++size_) new (data_ + size_) T();
    }
    Vector(std::initializer_list<T> items) : Vector() { assign(items.begin(), items.end()); }
    Vector(const Vector& other) : Vector() { assign(other.begin(), other.end()); }
    Vector(Vector&& other) noexcept
        : data_(std::exchange(other.data_, nullptr)),
          size_(std::exchange(other.size_, 0)),
          capacity_(std::exchange(other.capacity_, 0)) {}
    Vector& operator=(const Vector& other) {
        if (this != &other) assign(other.begin(), other.end());
        return *this;
    }
    Vector& operator=(Vector&& other) noexcept {
        if (this != &other) {
            release();
            data_ = std::exchange(other.data_, nullptr);
            size_ = std::exchange(other.size_, 0);
            capacity_ = std::exchange(other.capacity_, 0);
        }
        return *this;
    }
    ~Vector() { release(); }

    [[nodiscard]] T* begin() noexcept { return data_; }
    [[nodiscard]] T* end() noexcept { return data_ + size_; }
    [[nodiscard]] const T* begin() const noexcept { return data_; }
    [[nodiscard]] const T* end() const noexcept { return data_ + size_; }
    [[nodiscard]] T* data() noexcept { return data_; }
    [[nodiscard]] const T* data() const noexcept { return data_; }
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }

    /// Precondition (checked with SSE_ASSERT): i < size(); likewise front/back on a non-empty vector.
    [[nodiscard]] T& operator[](std::size_t i) noexcept {
        SSE_ASSERT(i < size_ && "sse::detail::Vector: index out of range");
        return data_[i];
    }
    [[nodiscard]] const T& operator[](std::size_t i) const noexcept {
        SSE_ASSERT(i < size_ && "sse::detail::Vector: index out of range");
        return data_[i];
    }
    [[nodiscard]] T& front() noexcept { return (*this)[0]; }
    [[nodiscard]] const T& front() const noexcept { return (*this)[0]; }
    [[nodiscard]] T& back() noexcept { return (*this)[size_ - 1]; }
    [[nodiscard]] const T& back() const noexcept { return (*this)[size_ - 1]; }

    /// Room for `n` elements without another allocation.
    void reserve(std::size_t n) {
        if (n <= capacity_) return;
        // A size that overflows asks for SIZE_MAX bytes: std::bad_alloc, never a short buffer.
        const std::size_t bytes = n > std::size_t(-1) / sizeof(T) ? std::size_t(-1) : n * sizeof(T);
        T* bigger = static_cast<T*>(::operator new(bytes));
        for (std::size_t i = 0; i < size_; ++i) {
            new (bigger + i) T(std::move(data_[i]));
            data_[i].~T();
        }
        ::operator delete(data_);
        data_ = bigger;
        capacity_ = n;
    }

    template <class... Args>
    T& emplace_back(Args&&... args) {
        if (size_ == capacity_) {
            // Made first: args may refer to an element, which growing moves.
            T item(std::forward<Args>(args)...);
            reserve(capacity_ == 0 ? 4 : 2 * capacity_);
            return *new (data_ + size_++) T(std::move(item));
        }
        return *new (data_ + size_++) T(std::forward<Args>(args)...);
    }
    void push_back(const T& item) { emplace_back(item); }
    void push_back(T&& item) { emplace_back(std::move(item)); }

    /// Replaces the contents with copies of [first, last) (any forward iterators).
    template <class It>
    void assign(It first, It last) {
        clear();
        std::size_t n = 0;
        for (It i = first; i != last; ++i) ++n;
        reserve(n);
        for (; first != last; ++first) new (data_ + size_++) T(*first);
    }

    /// Destroys the elements; keeps the capacity.
    void clear() noexcept {
        while (size_ != 0) data_[--size_].~T();
    }

    friend bool operator==(const Vector& a, const Vector& b) {
        if (a.size_ != b.size_) return false;
        for (std::size_t i = 0; i < a.size_; ++i)
            if (!(a.data_[i] == b.data_[i])) return false;
        return true;
    }
    friend bool operator!=(const Vector& a, const Vector& b) { return !(a == b); }

private:
    void release() noexcept {
        clear();
        ::operator delete(data_);
        data_ = nullptr;
        capacity_ = 0;
    }

    T* data_ = nullptr;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
};

}  // namespace detail
SSE_DETAIL_END_NAMESPACE

#endif  // SSE_DETAIL_VECTOR_HPP
