// sse + {fmt}: format events with fmt, and format data straight into a frame.
// Optional: the umbrella <sse/sse.hpp> never includes this header, and the
// single header leaves it out (copy this file next to it to use it there).
//
//   #include <sse/fmt.hpp>
//
//   auto e = sse::Event::data("a\nb").id("7");
//   fmt::format("{}", e);           // "id: 7\ndata: a\ndata: b\n\n" (the wire bytes)
//   fmt::format("{}", sse::Stream().data("x").comment("k"));  // "data: x\n\n: k\n\n"
//
//   std::string out;
//   sse::format_data(out, "{{\"n\":{}}}", 42);  // out == "data: {\"n\":42}\n" (data lines only)
//
//   sse::DataEncoder data;                      // a whole event from formatted pieces
//   sse::format_data(data, out, "{}", 1);
//   data.finish_event(out);                     // "data: 1\n\n": ends the event
//
// Needs {fmt} 9 or newer (Debian 12 ships 9.1; no <fmt/base.h> is used) and
// links with fmt::fmt (or fmt::fmt-header-only). Every byte goes through the
// framing core (encode.hpp): fmt only produces the text that it frames.
#ifndef SSE_FMT_HPP
#define SSE_FMT_HPP

#include "sse.hpp"

#include <fmt/format.h>

#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>

SSE_DETAIL_BEGIN_NAMESPACE

namespace detail {

// Collects formatted characters in a small array and hands them to a
// DataEncoder a chunk at a time: fmt writes through FmtDataIterator, so the
// formatted text never exists as a whole.
class FmtDataSink {
public:
    FmtDataSink(DataEncoder& data, std::string& out) noexcept : data_(data), out_(out) {}
    FmtDataSink(const FmtDataSink&) = delete;
    FmtDataSink& operator=(const FmtDataSink&) = delete;

    void put(char c) {
        if (size_ == sizeof chunk_) flush();
        chunk_[size_++] = c;
    }
    void flush() {
        data_.write(out_, std::string_view(chunk_, size_));
        size_ = 0;
    }

private:
    DataEncoder& data_;
    std::string& out_;
    std::size_t size_ = 0;
    char chunk_[256];
};

// The output iterator fmt::format_to writes through.
class FmtDataIterator {
public:
    using iterator_category = std::output_iterator_tag;
    using value_type = void;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = void;

    explicit FmtDataIterator(FmtDataSink& sink) noexcept : sink_(&sink) {}
    FmtDataIterator& operator=(char c) {
        sink_->put(c);
        return *this;
    }
    FmtDataIterator& operator*() noexcept { return *this; }
    FmtDataIterator& operator++() noexcept { return *this; }
    FmtDataIterator operator++(int) noexcept { return *this; }

private:
    FmtDataSink* sink_;
};

}  // namespace detail

/// Formats with fmt and writes the text into an event's data as one more piece:
/// the same bytes as `data.write(out, fmt::format(format, args...))`, without
/// building that string (the text goes to the encoder in chunks of 256 bytes,
/// so the only allocation is `out`'s growth). Line breaks in the formatted
/// text split data lines as always (CRLF, CR, LF); a line stays open until a
/// line end or data.finish(out). Mix freely with data.write(out, piece).
///
///   sse::DataEncoder data;
///   data.write(out, "[");
///   sse::format_data(data, out, "{}, {}", 1, 2);
///   data.write(out, "]");
///   data.finish_event(out);                  // out == "data: [1, 2]\n\n"
///
/// A format string is checked at compile time (C++20) as with fmt::format.
/// When formatting throws (a bad fmt::runtime string gives fmt::format_error,
/// a user formatter may throw), `out` and `data` are restored to what they
/// were before the call and the exception propagates: no partial line is left.
template <class... T>
void format_data(DataEncoder& data, std::string& out, fmt::format_string<T...> format, T&&... args) {
#if SSE_USE_EXCEPTIONS
    const DataEncoder saved = data;
    const std::size_t size = out.size();
    try {
#endif
        detail::FmtDataSink sink(data, out);
        fmt::format_to(detail::FmtDataIterator(sink), format, std::forward<T>(args)...);
        sink.flush();
#if SSE_USE_EXCEPTIONS
    } catch (...) {
        out.resize(size);
        data = saved;
        throw;
    }
#endif
}

/// Appends the `data:` lines of the formatted text (no blank line): the same
/// bytes as `sse::encode_data(out, fmt::format(format, args...))`, without
/// building that string. "" gives `data: \n`.
///
///   sse::format_data(out, "{}\n{}", "a", "b");   // out == "data: a\ndata: b\n"
template <class... T>
void format_data(std::string& out, fmt::format_string<T...> format, T&&... args) {
    DataEncoder data;
    format_data(data, out, format, std::forward<T>(args)...);
    data.finish(out);
}

namespace detail {
// Accepts only an empty format spec ("{}"): the wire bytes have no variants.
template <class ParseContext>
constexpr auto parse_empty_fmt_spec(ParseContext& ctx) -> decltype(ctx.begin()) {
    auto it = ctx.begin();
    if (it != ctx.end() && *it != '}') {
#if FMT_VERSION >= 110000
        fmt::report_error("sse: an event or stream takes no format spec: use {}");
#else
        ctx.on_error("sse: an event or stream takes no format spec: use {}");
#endif
    }
    return it;
}
}  // namespace detail

SSE_DETAIL_END_NAMESPACE

/// `fmt::format("{}", event)` is `event.encode()`: the whole frame, blank line
/// included. Only `{}` is accepted (a spec such as `{:>10}` is a format error).
/// Encodes into a temporary std::string, then copies it to fmt's output.
template <>
struct fmt::formatter<sse::Event> {
    template <class ParseContext>
    constexpr auto parse(ParseContext& ctx) -> decltype(ctx.begin()) {
        return sse::detail::parse_empty_fmt_spec(ctx);
    }
    template <class FormatContext>
    auto format(const sse::Event& event, FormatContext& ctx) const -> decltype(ctx.out()) {
        std::string wire;
        event.encode_to(wire);
        auto out = ctx.out();
        for (const char c : wire) *out++ = c;
        return out;
    }
};

/// `fmt::format("{}", stream)` is `stream.view()`: the frames buffered so far.
/// Only `{}` is accepted.
template <>
struct fmt::formatter<sse::Stream> {
    template <class ParseContext>
    constexpr auto parse(ParseContext& ctx) -> decltype(ctx.begin()) {
        return sse::detail::parse_empty_fmt_spec(ctx);
    }
    template <class FormatContext>
    auto format(const sse::Stream& stream, FormatContext& ctx) const -> decltype(ctx.out()) {
        auto out = ctx.out();
        for (const char c : stream.view()) *out++ = c;
        return out;
    }
};

#endif  // SSE_FMT_HPP
