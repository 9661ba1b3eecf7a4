// openai_server: an OpenAI-compatible chat completions endpoint on cpp-httplib
// (Debian libcpp-httplib-dev) with nlohmann-json; every SSE byte is written by
// the sse library. The official `openai` SDKs read it (tests/e2e/openai_test.mjs).
//
//   openai_server [--port 8082] [--interval-ms 20]      (--port 0: a free port)
//   curl -N http://127.0.0.1:8082/v1/chat/completions -d '{"model":"m","stream":true,"messages":[]}'
//
// POST /v1/chat/completions
//   "stream": true   `chat.completion.chunk` events: the first has delta.role
//                    "assistant", then one per token with its text in
//                    delta.content (a character split between tokens goes with
//                    the token that completes it), the last has finish_reason
//                    "stop"; then `data: [DONE]`.
//   otherwise        the whole completion as one `chat.completion` JSON.
//   A body that is not a JSON object, a non-string "model" or a non-boolean
//   "stream" gets a 400 with an OpenAI error object.
//   model "error-after-N": after N tokens the stream sends
//                    `data: {"error":{...}}` (what the SDK turns into an APIError)
//                    and ends; without "stream" the answer is a 500 with that error.
// The "model" generates kTokens below, one per interval: byte pieces as a
// byte-level tokenizer gives them, some splitting a character. A Utf8Joiner
// holds a split character back until it is whole (JSON must be valid UTF-8,
// and a client decodes each event on its own).
//
// A client that leaves is noticed before the next token is generated, so
// within one interval: DataSink::is_writable() is asked first (Debian's
// cpp-httplib 0.11 sees the closed connection there), and a failed write is
// caught as well. The generation stops and one line
// `client gone: generation cancelled after N tokens` goes to stderr.
// Each open stream holds one thread of cpp-httplib's pool.
#include "common/params.hpp"
#include "common/tokens.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sse/sse.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace {

using nlohmann::json;

// Joined: "Hello, world!\nThis is line two: naïve café, 日本語 🚀 and €5 😀.\r\nDone."
constexpr std::string_view kTokens[] = {
    "Hello", ",", " world", "!\nThis", " is", " line", " two", ":", " na\xC3\xAF", "ve", " caf\xC3", "\xA9", ",",
    " \xE6\x97\xA5\xE6\x9C", "\xAC\xE8\xAA\x9E", " \xF0\x9F", "\x9A\x80", " and", " \xE2\x82", "\xAC", "5", " \xF0",
    "\x9F\x98", "\x80", ".\r\n", "Done.",
};

struct Options {
    int port = 8082;
    std::uint64_t interval_ms = 20;
};

[[noreturn]] void usage() {
    std::fprintf(stderr, "usage: openai_server [--port 8082] [--interval-ms 20]\n");
    std::exit(2);
}

Options parse_options(int argc, char** argv) {
    Options o;
    const bool good = sse_examples::parse_number_flags(argc, argv, 60'000, [&o](std::string_view flag, std::uint64_t v) {
        if (flag == "--port") {
            o.port = static_cast<int>(v);
        } else if (flag == "--interval-ms") {
            o.interval_ms = v;
        } else {
            return false;
        }
        return true;
    });
    if (!good) usage();
    return o;
}

// The error object the API sends, as the SDK reads it (message, type, code).
json error_body(std::string_view message, std::string_view type) {
    return {{"error", {{"message", message}, {"type", type}, {"param", nullptr}, {"code", nullptr}}}};
}

// "error-after-N" -> N.
std::optional<std::uint64_t> error_after(std::string_view model) {
    constexpr std::string_view prefix = "error-after-";
    if (model.substr(0, prefix.size()) != prefix) return std::nullopt;
    return sse_examples::parse_uint(model.substr(prefix.size()), 1000);
}

// One chat.completion.chunk; `delta` is the choice's delta object.
std::string chunk(const std::string& id, std::time_t created, const std::string& model, json delta,
                  const char* finish_reason) {
    json finish = finish_reason ? json(finish_reason) : json(nullptr);
    json c = {{"id", id},         {"object", "chat.completion.chunk"},
              {"created", created}, {"model", model},
              {"choices", {{{"index", 0}, {"delta", std::move(delta)}, {"finish_reason", std::move(finish)}}}}};
    return c.dump();
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);
    std::signal(SIGPIPE, SIG_IGN);
    httplib::Server server;
    std::atomic<std::uint64_t> next_id{1};

    server.Post("/v1/chat/completions", [&](const httplib::Request& req, httplib::Response& res) {
        const json body = json::parse(req.body, nullptr, false);
        const auto wrong = [&body](const char* key, json::value_t type) {
            return body.contains(key) && body.at(key).type() != type;
        };
        if (!body.is_object() || wrong("model", json::value_t::string) || wrong("stream", json::value_t::boolean)) {
            res.status = 400;
            res.set_content(error_body("expected a JSON object; \"model\" a string, \"stream\" a boolean",
                                       "invalid_request_error")
                                .dump(),
                            "application/json");
            return;
        }
        const std::string model = body.value("model", std::string("sse-demo"));
        const std::optional<std::uint64_t> fail_at = error_after(model);
        const std::string id = "chatcmpl-" + std::to_string(next_id++);
        const std::time_t created = std::time(nullptr);

        if (!body.value("stream", false)) {
            if (fail_at) {
                res.status = 500;
                res.set_content(error_body("generation failed (model " + model + ")", "server_error").dump(),
                                "application/json");
                return;
            }
            std::string text;
            for (const std::string_view t : kTokens) text += t;
            const json c = {
                {"id", id},
                {"object", "chat.completion"},
                {"created", created},
                {"model", model},
                {"choices",
                 {{{"index", 0}, {"message", {{"role", "assistant"}, {"content", text}}}, {"finish_reason", "stop"}}}},
                {"usage",
                 {{"prompt_tokens", 0}, {"completion_tokens", std::size(kTokens)}, {"total_tokens", std::size(kTokens)}}}};
            res.set_content(c.dump(), "application/json");
            return;
        }

        for (const sse::HeaderView& h : sse::stream_header_fields) {
            if (h.name != "Content-Type") res.set_header(std::string(h.name).c_str(), std::string(h.value));
        }
        const auto interval = std::chrono::milliseconds(options.interval_ms);
        // The whole stream in one call of the provider, one sink.write (one
        // HTTP chunk) per event.
        res.set_chunked_content_provider(
            std::string(sse::content_type), [=](std::size_t, httplib::DataSink& sink) {
                sse::Writer w([&sink](std::string_view bytes) { return sink.write(bytes.data(), bytes.size()); });
                sse::Utf8Joiner utf8;
                std::uint64_t generated = 0;
                const auto gone = [&generated] {
                    std::fprintf(stderr, "client gone: generation cancelled after %llu tokens\n",
                                 static_cast<unsigned long long>(generated));
                    return false;  // cpp-httplib closes the connection
                };
                const auto send_text = [&](const sse::Utf8Text& text) {
                    std::string content;
                    sse::append_valid_utf8(content, text.head);  // whole characters by now; this makes
                    sse::append_valid_utf8(content, text.tail);  // sure of it for the JSON encoder
                    return w.send(sse::Event::data(chunk(id, created, model, {{"content", content}}, nullptr)));
                };
                const json first = {{"role", "assistant"}, {"content", ""}};
                if (!w.send(sse::Event::data(chunk(id, created, model, first, nullptr)))) return gone();
                for (const std::string_view token : kTokens) {
                    std::this_thread::sleep_for(interval);
                    if (!sink.is_writable()) return gone();
                    if (fail_at && generated == *fail_at) {
                        w.send(sse::Event::data(error_body("generation failed after " + std::to_string(generated) +
                                                               " tokens (model " + model + ")",
                                                           "server_error")
                                                    .dump()));
                        sink.done();
                        return true;
                    }
                    ++generated;
                    const sse::Utf8Text text = utf8.feed(token);
                    if (!text.empty() && !send_text(text)) return gone();
                }
                const sse::Utf8Text rest{utf8.finish(), {}};  // end of stream: an unfinished character -> U+FFFD
                if (!rest.empty() && !send_text(rest)) return gone();
                if (!w.send(sse::Event::data(chunk(id, created, model, json::object(), "stop")))) return gone();
                if (!w.send(sse::Event::data("[DONE]"))) return gone();
                sink.done();
                return true;
            });
    });

    const int port = options.port == 0 ? server.bind_to_any_port("127.0.0.1")
                                        : (server.bind_to_port("127.0.0.1", options.port) ? options.port : -1);
    if (port < 0) {
        std::fprintf(stderr, "openai_server: cannot listen on 127.0.0.1:%d\n", options.port);
        return 1;
    }
    std::printf("listening on 127.0.0.1:%d\n", port);
    std::fflush(stdout);
    return server.listen_after_bind() ? 0 : 1;
}
