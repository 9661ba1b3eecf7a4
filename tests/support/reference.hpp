// A slow, literal reading of WHATWG HTML "parsing / interpreting an event
// stream" for the fuzzers to check sse::Parser against: decode the whole stream
// (Encoding Standard UTF-8 decode: one leading BOM stripped, errors to U+FFFD),
// split it into lines, then process each line as the spec's steps say.
// Written for clarity, not speed; shares no code with the library. Used by the
// fuzzers (fuzz/) and the tests (test_roundtrip, test_parser), which also take
// its small helpers: UTF-8 encoding of code points, and line-end normalisation.
#ifndef SSE_TESTS_REFERENCE_HPP
#define SSE_TESTS_REFERENCE_HPP

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ref {

// Appends the UTF-8 encoding of one code point.
inline void put_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

inline void put_utf8(std::u32string_view in, std::string& out) {
    for (const char32_t cp : in) put_utf8(out, cp);
}

// CRLF and lone CR turned into LF (what a client makes of data line ends).
inline std::string normalize_line_ends(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\r') {
            out += '\n';
            if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
        } else {
            out += s[i];
        }
    }
    return out;
}

// The frame of an event as the spec's rules say, one byte at a time: id,
// event, retry, then `data: <line>` for each line of `data` (CRLF, CR and LF
// each end a line), then a blank line. Shares no code with the library.
inline std::string frame(std::string_view data, const std::string* id = nullptr,
                        const std::string* type = nullptr, const std::string* retry = nullptr) {
    std::string out;
    if (id) out += "id: " + *id + "\n";
    if (type) out += "event: " + *type + "\n";
    if (retry) out += "retry: " + *retry + "\n";
    out += "data: ";
    for (std::size_t i = 0; i < data.size(); ++i) {
        if (data[i] == '\r' || data[i] == '\n') {
            if (data[i] == '\r' && i + 1 < data.size() && data[i + 1] == '\n') ++i;
            out += "\ndata: ";
        } else {
            out += data[i];
        }
    }
    out += "\n\n";
    return out;
}

inline std::string to_utf8(std::u32string_view in) {
    std::string out;
    put_utf8(in, out);
    return out;
}

// Encoding Standard "UTF-8 decoder" with replacement, code points out. When
// `pending` is given, it is set to how many bytes the decoder holds at the end
// of `in` (0 when it is between characters), before the end-of-stream U+FFFD.
inline std::u32string utf8_decode(std::string_view in, std::size_t* pending = nullptr) {
    std::u32string out;
    char32_t cp = 0;
    int needed = 0, seen = 0;
    unsigned lower = 0x80, upper = 0xBF;
    for (std::size_t i = 0; i < in.size();) {
        const unsigned b = static_cast<unsigned char>(in[i]);
        if (needed == 0) {
            ++i;
            if (b <= 0x7F) {
                out += static_cast<char32_t>(b);
            } else if (b >= 0xC2 && b <= 0xDF) {
                needed = 1;
                cp = b & 0x1F;
            } else if (b >= 0xE0 && b <= 0xEF) {
                if (b == 0xE0) lower = 0xA0;
                if (b == 0xED) upper = 0x9F;
                needed = 2;
                cp = b & 0xF;
            } else if (b >= 0xF0 && b <= 0xF4) {
                if (b == 0xF0) lower = 0x90;
                if (b == 0xF4) upper = 0x8F;
                needed = 3;
                cp = b & 0x7;
            } else {
                out += U'\uFFFD';
            }
            continue;
        }
        if (b < lower || b > upper) {
            cp = 0;
            needed = seen = 0;
            lower = 0x80;
            upper = 0xBF;
            out += U'\uFFFD';
            continue;  // the byte is processed again
        }
        ++i;
        lower = 0x80;
        upper = 0xBF;
        cp = (cp << 6) | (b & 0x3F);
        if (++seen == needed) {
            out += cp;
            cp = 0;
            needed = seen = 0;
        }
    }
    if (pending) *pending = needed == 0 ? 0 : static_cast<std::size_t>(seen + 1);
    if (needed != 0) out += U'\uFFFD';
    return out;
}

struct Event {
    std::string type, data, id;
    bool operator==(const Event& o) const { return type == o.type && data == o.data && id == o.id; }
};

struct Result {
    std::vector<Event> events;
    std::vector<std::uint64_t> retries;
    std::string last_event_id;
    bool operator==(const Result& o) const {
        return events == o.events && retries == o.retries && last_event_id == o.last_event_id;
    }
};

// The whole stream, then end of stream.
inline Result parse(std::string_view bytes) {
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    const std::u32string text = utf8_decode(bytes);
    Result r;
    std::u32string data, type, id_buffer, last_id;
    std::size_t i = 0;
    for (;;) {
        // The next line: up to CRLF, CR or LF; a line without an end is never processed.
        std::size_t j = i;
        while (j < text.size() && text[j] != U'\r' && text[j] != U'\n') ++j;
        if (j == text.size()) break;
        const std::u32string line = text.substr(i, j - i);
        i = j + ((text[j] == U'\r' && j + 1 < text.size() && text[j + 1] == U'\n') ? 2 : 1);

        if (line.empty()) {  // dispatch
            last_id = id_buffer;
            if (data.empty()) {
                type.clear();
                continue;
            }
            data.pop_back();  // the trailing LF
            r.events.push_back({type.empty() ? "message" : to_utf8(type), to_utf8(data), to_utf8(last_id)});
            data.clear();
            type.clear();
            continue;
        }
        if (line[0] == U':') continue;
        std::u32string name = line, value;
        const std::size_t colon = line.find(U':');
        if (colon != std::u32string::npos) {
            name = line.substr(0, colon);
            value = line.substr(colon + 1);
            if (!value.empty() && value[0] == U' ') value.erase(0, 1);
        }
        if (name == U"event") {
            type = value;
        } else if (name == U"data") {
            data += value;
            data += U'\n';
        } else if (name == U"id") {
            if (value.find(U'\0') == std::u32string::npos) id_buffer = value;
        } else if (name == U"retry") {
            bool digits = !value.empty();
            for (const char32_t c : value) digits = digits && c >= U'0' && c <= U'9';
            if (digits) {
                // Values over 2^64-1 are ignored (sse::Parser's documented choice).
                std::uint64_t ms = 0;
                bool fits = true;
                for (const char32_t c : value) {
                    const std::uint64_t d = c - U'0';
                    if (ms > (UINT64_MAX - d) / 10) fits = false;
                    ms = ms * 10 + d;
                }
                if (fits) r.retries.push_back(ms);
            }
        }
    }
    r.last_event_id = to_utf8(last_id);
    return r;
}

}  // namespace ref

#endif  // SSE_TESTS_REFERENCE_HPP
