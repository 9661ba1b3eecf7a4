// curl_client: consumes a live Server-Sent Events stream with libcurl and
// prints each event as the parser delivers it, one line per event:
//
//   $ curl_client http://127.0.0.1:8080/tokens --max-events 3
//   retry 1000
//   event type="token" id="1" data="Hello"
//   event type="token" id="2" data=","
//   event type="token" id="3" data=" world"
//
// Strings are printed in quotes with \n, \r, \t, \", \\ and other control
// bytes escaped (non-ASCII UTF-8 is printed as is). Like a browser's
// EventSource it sends `Accept: text/event-stream`, refuses a response that is
// not 200 with that Content-Type, and with --reconnect N reconnects after the
// server's `retry:` time (default 3000 ms) sending `Last-Event-ID`.
//
// usage: curl_client URL [--max-events N] [--reconnect N] [--last-event-id ID]
//                        [--timeout-s S]
// Exit status: 0 when the stream ended (or --max-events were printed), 1 on a
// transfer, HTTP or parse error, 2 on bad usage.
#include <sse/parser.hpp>

#include <curl/curl.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>

namespace {

struct Options {
    std::string url;
    long max_events = -1;  // -1: no limit
    long reconnects = 0;
    long timeout_s = 0;  // 0: none
    std::string last_event_id;
};

[[noreturn]] void usage(const char* problem) {
    std::fprintf(stderr,
                 "curl_client: %s\n"
                 "usage: curl_client URL [--max-events N] [--reconnect N] [--last-event-id ID] [--timeout-s S]\n",
                 problem);
    std::exit(2);
}

long whole_number(const char* text) {
    char* end = nullptr;
    const long v = std::strtol(text, &end, 10);
    if (end == text || *end != '\0' || v < 0) usage("expected a whole number");
    return v;
}

Options parse_options(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--max-events" && has_value) {
            o.max_events = whole_number(argv[++i]);
        } else if (arg == "--reconnect" && has_value) {
            o.reconnects = whole_number(argv[++i]);
        } else if (arg == "--timeout-s" && has_value) {
            o.timeout_s = whole_number(argv[++i]);
        } else if (arg == "--last-event-id" && has_value) {
            o.last_event_id = argv[++i];
        } else if (!arg.empty() && arg[0] != '-' && o.url.empty()) {
            o.url = std::string(arg);
        } else {
            usage(("unexpected argument " + std::string(arg)).c_str());
        }
    }
    if (o.url.empty()) usage("missing URL");
    return o;
}

// Appends `s` in double quotes with control characters escaped.
void append_quoted(std::string& out, std::string_view s) {
    out += '"';
    for (const char c : s) {
        switch (c) {
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(static_cast<unsigned char>(c)));
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    out += '"';
}

// One connection's state, shared with libcurl's callbacks.
struct Connection {
    sse::Parser* parser = nullptr;
    const Options* options = nullptr;
    CURL* curl = nullptr;
    long* printed = nullptr;
    bool checked_response = false;
    bool refused = false;      // not 200 text/event-stream
    bool parse_failed = false;
    bool enough = false;       // --max-events reached
};

bool is_event_stream(const char* content_type) {
    if (content_type == nullptr) return false;
    const std::string_view t = content_type;
    const std::string_view want = "text/event-stream";
    if (t.size() < want.size()) return false;
    for (std::size_t i = 0; i < want.size(); ++i) {  // MIME types are case-insensitive
        const char c = t[i] >= 'A' && t[i] <= 'Z' ? static_cast<char>(t[i] - 'A' + 'a') : t[i];
        if (c != want[i]) return false;
    }
    return t.size() == want.size() || t[want.size()] == ';' || t[want.size()] == ' ';
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto& c = *static_cast<Connection*>(user);
    const std::size_t n = size * count;
    if (!c.checked_response) {
        c.checked_response = true;
        long status = 0;
        const char* type = nullptr;
        curl_easy_getinfo(c.curl, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_getinfo(c.curl, CURLINFO_CONTENT_TYPE, &type);
        if (status != 200 || !is_event_stream(type)) {
            std::fprintf(stderr, "curl_client: refused: HTTP %ld, Content-Type %s (want 200 text/event-stream)\n",
                         status, type != nullptr ? type : "(none)");
            c.refused = true;
            return 0;  // abort the transfer
        }
    }
    std::string line;
    const sse::parse_errc e = c.parser->feed(
        std::string_view(data, n),
        [&](const sse::MessageEvent& ev) {
            if (c.enough) return;
            line = "event type=";
            append_quoted(line, ev.type);
            line += " id=";
            append_quoted(line, ev.last_event_id);
            line += " data=";
            append_quoted(line, ev.data);
            line += '\n';
            std::fwrite(line.data(), 1, line.size(), stdout);
            std::fflush(stdout);
            ++*c.printed;
            if (c.options->max_events >= 0 && *c.printed >= c.options->max_events) c.enough = true;
        },
        [&](std::uint64_t ms) {
            std::printf("retry %llu\n", static_cast<unsigned long long>(ms));
            std::fflush(stdout);
        });
    if (e != sse::parse_errc::ok) {
        std::fprintf(stderr, "curl_client: %s\n", std::string(sse::describe(e)).c_str());
        c.parse_failed = true;
        return 0;
    }
    return c.enough ? 0 : n;  // returning less than n stops the transfer
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);
    if (options.max_events == 0) return 0;
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        std::fprintf(stderr, "curl_client: curl_global_init failed\n");
        return 1;
    }
    sse::Parser parser;
    long printed = 0;
    std::string last_event_id = options.last_event_id;
    int status = 0;
    for (long attempt = 0;; ++attempt) {
        CURL* curl = curl_easy_init();
        if (curl == nullptr) {
            status = 1;
            break;
        }
        Connection c;
        c.parser = &parser;
        c.options = &options;
        c.curl = curl;
        c.printed = &printed;

        curl_slist* headers = curl_slist_append(nullptr, "Accept: text/event-stream");
        headers = curl_slist_append(headers, "Cache-Control: no-cache");
        if (!last_event_id.empty()) headers = curl_slist_append(headers, ("Last-Event-ID: " + last_event_id).c_str());
        curl_easy_setopt(curl, CURLOPT_URL, options.url.c_str());
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &c);
        curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
        if (options.timeout_s > 0) curl_easy_setopt(curl, CURLOPT_TIMEOUT, options.timeout_s);
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);

        const CURLcode rc = curl_easy_perform(curl);
        curl_slist_free_all(headers);
        curl_easy_cleanup(curl);

        if (parser.finish()) std::fprintf(stderr, "curl_client: the stream ended inside an event; it was dropped\n");
        last_event_id = parser.last_event_id();
        if (c.enough) break;
        if (c.refused || c.parse_failed) {
            status = 1;
            break;
        }
        if (rc != CURLE_OK) {
            std::fprintf(stderr, "curl_client: %s\n", curl_easy_strerror(rc));
            status = 1;
        } else {
            status = 0;
        }
        if (attempt >= options.reconnects) break;
        std::uint64_t wait_ms = parser.retry() ? *parser.retry() : 3000;
        if (wait_ms > 3600000) wait_ms = 3600000;  // an hour at most
        std::fprintf(stderr, "curl_client: reconnecting in %llu ms with Last-Event-ID %s\n",
                     static_cast<unsigned long long>(wait_ms), last_event_id.c_str());
        std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<std::int64_t>(wait_ms)));
    }
    std::fprintf(stderr, "curl_client: %ld events; last event id \"%s\"\n", printed, last_event_id.c_str());
    curl_global_cleanup();
    return status;
}
