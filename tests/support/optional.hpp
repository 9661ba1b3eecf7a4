// The library's optional fields are pointers (nullptr when unset, like
// std::get_if); the tests compare them as std::optional values, so that
// `CHECK(opt(e.id()) == "42")` also fails, readably, when the id is unset.
#ifndef SSE_TESTS_OPTIONAL_HPP
#define SSE_TESTS_OPTIONAL_HPP

#include <cstdint>
#include <optional>
#include <string_view>

#include <sse/replay.hpp>

template <class T>
std::optional<T> opt(const T* value) {
    return value ? std::optional<T>(*value) : std::nullopt;
}

// sse::parse_numeric_id as an optional: the number, or nullopt when refused.
constexpr std::optional<std::uint64_t> numeric_id(std::string_view id) {
    std::uint64_t value = 0;
    if (!sse::parse_numeric_id(id, value)) return std::nullopt;
    return value;
}

#endif  // SSE_TESTS_OPTIONAL_HPP
