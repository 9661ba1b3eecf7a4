// hub_server: a broadcast hub on Boost.Beast's async HTTP and <sse/asio.hpp>.
// One thread holds every stream (no thread per client); --threads N runs the
// same io_context on N threads with a strand per connection.
//
//   hub_server [--port 8090] [--bind 127.0.0.1] [--history 1000]
//              [--max-queue-bytes 1048576] [--keepalive-ms 15000] [--threads 1]
//              [--max-connections N]
//   curl -N http://127.0.0.1:8090/events
//   curl --data-binary 'hello' 'http://127.0.0.1:8090/publish?type=greeting'
//
// Prints "listening on ADDRESS:PORT" when ready (--port 0 picks a free port).
// GET /events        the stream head, then every event published from now on;
//                    with Last-Event-ID: K the missed events from the history
//                    first, or the resync event (sse::resync_event: too_old or
//                    unknown; also too_old when the missed events would not
//                    fit in --max-queue-bytes). An id with CR, LF or NUL, or
//                    two such headers: 400.
// POST /publish?type=T
//                    the body is the event's data (any bytes, multi-line fine);
//                    the hub gives it the next id (1, 2, 3, ...), encodes it once
//                    (one sse::Frame, shared by every subscriber's outbox) and
//                    answers 200 with the id as the body. type is optional; an
//                    invalid one, or a reserved one (error, resync, unavailable:
//                    sse_examples::reserved_event_type), gets 400.
// GET /stats         {"connections":N,"published":N,"dropped_slow":N,"queued_bytes":N}
// A subscriber whose outbox exceeds --max-queue-bytes, or that has not taken
// its queued bytes within 10 s (sse::AsioSession's send_timeout, a total), is
// disconnected (its EventSource reconnects with Last-Event-ID and resumes
// from the history). Requests are read by Beast (common/beast_http.hpp): the
// request, body included, within 5 s (else 408); origin-form and
// absolute-form targets; /publish and /stats keep the connection open when
// the client asks. Past --max-connections open connections (default: the
// descriptor limit minus 64) a new client gets 503 at once.
// Other requests: 404 / 405 / 400 / 413 / 431, never disturbing the streams.
// SIGTERM or SIGINT: closes every connection and exits 0.
#include "common/beast_http.hpp"
#include "common/params.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/signal_set.hpp>
#include <nlohmann/json.hpp>
#include <sse/asio.hpp>
#include <sse/sse.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Session = sse::AsioSession<tcp::socket>;
using sse_examples::Acceptor;
using sse_examples::ConnectionLimit;
using sse_examples::HttpConnection;
using sse_examples::parse_uint;
using sse_examples::query_param;
using sse_examples::Request;
using sse_examples::text_reply;

namespace {

struct Options {
    std::string bind = "127.0.0.1";
    unsigned short port = 8090;
    std::size_t history = 1000;
    std::size_t max_queue_bytes = 1048576;
    std::uint64_t keepalive_ms = 15000;
    unsigned threads = 1;
    std::size_t max_connections = 0;  // 0: sse_examples::default_max_connections()
};

[[noreturn]] void usage() {
    std::fprintf(stderr,
                 "usage: hub_server [--port 8090] [--bind 127.0.0.1] [--history 1000] "
                 "[--max-queue-bytes 1048576] [--keepalive-ms 15000] [--threads 1] [--max-connections N]\n");
    std::exit(2);
}

Options parse_options(int argc, char** argv) {
    Options o;
    if (argc % 2 == 0) usage();
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view arg = argv[i];
        const std::string_view text = argv[i + 1];
        if (arg == "--bind") {
            o.bind = std::string(text);
            continue;
        }
        const std::optional<std::uint64_t> v = parse_uint(text, arg == "--port" ? 65535 : 1'000'000'000'000);
        if (!v) usage();
        if (arg == "--port") {
            o.port = static_cast<unsigned short>(*v);
        } else if (arg == "--history" && *v > 0) {
            o.history = static_cast<std::size_t>(*v);
        } else if (arg == "--max-queue-bytes" && *v > 0) {
            o.max_queue_bytes = static_cast<std::size_t>(*v);
        } else if (arg == "--keepalive-ms") {
            o.keepalive_ms = *v;
        } else if (arg == "--threads" && *v > 0 && *v <= 256) {
            o.threads = static_cast<unsigned>(*v);
        } else if (arg == "--max-connections" && *v > 0 && *v <= 10'000'000) {
            o.max_connections = static_cast<std::size_t>(*v);
        } else {
            usage();
        }
    }
    return o;
}

// The subscribers and the history. One lock around "append + hand to every
// subscriber" and around "replay + subscribe", so a resuming client gets each
// event exactly once (see docs/live-streaming.md).
class Hub {
public:
    explicit Hub(const Options& o) : options_(o), history_(o.history) {}

    // GET /events on `socket`: replay or resync, then live. `last_event_id` is
    // checked. `slot` is held until the stream ends.
    void subscribe(tcp::socket socket, ConnectionLimit::Slot slot, std::string_view last_event_id) {
        Session::Options so;
        so.max_queue_bytes = options_.max_queue_bytes;
        so.keepalive = std::chrono::milliseconds(options_.keepalive_ms);
        so.send_timeout = std::chrono::seconds(10);  // everything queued taken within 10 s, in all
        auto session = Session::create(std::move(socket), so);
        Session* key = session.get();
        auto held = std::make_shared<ConnectionLimit::Slot>(std::move(slot));
        session->on_close([this, key, held](sse::SessionEnd why, Session::error_code) {
            std::lock_guard<std::mutex> lock(mutex_);
            subscribers_.erase(key);
            if (why == sse::SessionEnd::too_slow) ++dropped_slow_;
        });
        std::lock_guard<std::mutex> lock(mutex_);
        session->start(std::string(sse::http1_stream_head));
        if (!last_event_id.empty()) {
            sse::Replay r = history_.after(last_event_id);
            // A backlog larger than the queue bound would only get this client
            // dropped again (and again, as it reconnects with the same id):
            // it gets the too_old resync instead.
            std::size_t backlog = 0;
            for (const sse::Frame& f : r.frames) backlog += f.bytes().size();
            if (r.status == sse::ReplayStatus::resumed && backlog > options_.max_queue_bytes) {
                r.status = sse::ReplayStatus::too_old;
            }
            if (r.status == sse::ReplayStatus::resumed) {
                for (const sse::Frame& f : r.frames) session->send(f);
            } else {
                session->send(sse::resync_event(r));
            }
        }
        subscribers_.emplace(key, std::move(session));
    }

    // POST /publish: returns the new event's id.
    std::string publish(sse::Event e) {
        std::lock_guard<std::mutex> lock(mutex_);
        const sse::Frame f = history_.append(std::move(e));
        ++published_;
        for (const auto& entry : subscribers_) {
            const std::shared_ptr<Session>& s = entry.second;
            if (options_.threads == 1) {
                s->send(f);  // one thread: we are on every session's executor
            } else {
                net::dispatch(s->get_executor(), [s, f] { s->send(f); });
            }
        }
        return std::string(f.id());
    }

    // GET /stats: calls done(json text) once every session reported its queue.
    template <class Done>
    void stats(Done done) {
        struct Gather {
            std::atomic<std::size_t> queued{0};
            std::atomic<std::size_t> pending{1};
            std::size_t connections = 0, published = 0, dropped_slow = 0;
            Done done;
            explicit Gather(Done d) : done(std::move(d)) {}
            void finish() {
                if (pending.fetch_sub(1) != 1) return;
                nlohmann::ordered_json j;
                j["connections"] = connections;
                j["published"] = published;
                j["dropped_slow"] = dropped_slow;
                j["queued_bytes"] = queued.load();
                done(j.dump());
            }
        };
        auto g = std::make_shared<Gather>(std::move(done));
        {
            std::lock_guard<std::mutex> lock(mutex_);
            g->connections = subscribers_.size();
            g->published = published_;
            g->dropped_slow = dropped_slow_;
            g->pending += subscribers_.size();
            for (const auto& entry : subscribers_) {
                const std::shared_ptr<Session>& s = entry.second;
                // Each queue is read on its session's executor (its strand with --threads N).
                net::dispatch(s->get_executor(), [s, g] {
                    g->queued += s->outbox().bytes_queued();
                    g->finish();
                });
            }
        }
        g->finish();
    }

    // SIGTERM: ends every stream.
    void close_all() {
        std::vector<std::shared_ptr<Session>> all;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            for (const auto& entry : subscribers_) all.push_back(entry.second);
        }
        for (const auto& s : all) net::dispatch(s->get_executor(), [s] { s->close(); });
    }

private:
    const Options& options_;
    std::mutex mutex_;
    sse::ReplayBuffer history_;
    std::unordered_map<Session*, std::shared_ptr<Session>> subscribers_;
    std::size_t published_ = 0;
    std::size_t dropped_slow_ = 0;
};

// One request on an HttpConnection (common/beast_http.hpp): /events hands the
// socket to an sse::AsioSession; /publish and /stats answer, keeping the
// connection open when the client asked to; the rest is refused.
void handle(Hub& hub, const std::shared_ptr<HttpConnection>& c, const Request& req, std::string_view target) {
    const std::string_view path = target.substr(0, target.find('?'));
    const bool keep = req.keep_alive();
    auto answer = [&c](unsigned status, std::string body, bool keep_open,
                       std::string_view type = "text/plain; charset=utf-8") {
        bhttp::response<bhttp::string_body> res = text_reply(status, std::move(body), false, type);
        res.keep_alive(keep_open);
        c->reply(std::move(res), keep_open);
    };
    if (path == "/events") {
        if (req.method() != bhttp::verb::get) return answer(405, "use GET\n", keep);
        if (req.count("Last-Event-ID") > 1) return answer(400, "more than one Last-Event-ID\n", false);
        const auto found = req.find("Last-Event-ID");
        const std::string header = found == req.end() ? std::string() : std::string(found->value());
        const sse::LastEventId last = sse::parse_last_event_id(header);
        if (!last.valid()) return answer(400, std::string(sse::describe(last.error)) + "\n", false);
        ConnectionLimit::Slot slot = c->take_slot();
        hub.subscribe(c->take_socket(), std::move(slot), last.value);
        return;
    }
    if (path == "/publish") {
        if (req.method() != bhttp::verb::post) return answer(405, "use POST\n", keep);
        const std::string_view type = query_param(target, "type").value_or(std::string_view());
        if (sse::check_event_type(type) != sse::errc::ok) {
            return answer(400, std::string(sse::describe(sse::check_event_type(type))) + "\n", keep);
        }
        if (sse_examples::reserved_event_type(type)) {
            return answer(400, "the type " + std::string(type) + " is reserved\n", keep);
        }
        sse::Event e = sse::Event::data(req.body());
        if (!type.empty()) e.event_type(type);
        return answer(200, hub.publish(std::move(e)), keep);
    }
    if (path == "/stats") {
        if (req.method() != bhttp::verb::get) return answer(405, "use GET\n", keep);
        hub.stats([c, keep](std::string json) {
            net::dispatch(c->get_executor(), [c, keep, json = std::move(json)]() mutable {
                bhttp::response<bhttp::string_body> res = text_reply(200, std::move(json), false, "application/json");
                res.keep_alive(keep);
                c->reply(std::move(res), keep);
            });
        });
        return;
    }
    answer(404, "not found\n", keep);
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);
    std::signal(SIGPIPE, SIG_IGN);
    const std::size_t max_connections =
        options.max_connections != 0 ? options.max_connections : sse_examples::default_max_connections();
    try {
        // Declared before the io_context: its destructor frees pending handlers, which hold slots.
        ConnectionLimit limit(max_connections);
        net::io_context ioc{static_cast<int>(options.threads)};
        tcp::acceptor acceptor{ioc, {net::ip::make_address(options.bind), options.port}};
        Hub hub(options);

        // Bodies up to 1 MiB (else 413); with --threads N each connection on its own strand.
        Acceptor accept(
            acceptor, limit, std::chrono::seconds(5),
            [&hub](const std::shared_ptr<HttpConnection>& c, const Request& r, std::string_view target) {
                handle(hub, c, r, target);
            },
            1 << 20);
        if (options.threads > 1) accept.strand_per_connection();
        accept.start();

        net::signal_set signals(ioc, SIGINT, SIGTERM);
        signals.async_wait([&](beast::error_code, int) {
            beast::error_code ignored;
            acceptor.close(ignored);
            hub.close_all();
            // Let the closes run, then stop (HTTP connections still reading end with the process).
            net::post(ioc, [&ioc] { ioc.stop(); });
        });

        std::printf("listening on %s:%u\n", options.bind.c_str(), static_cast<unsigned>(acceptor.local_endpoint().port()));
        std::fflush(stdout);

        std::vector<std::thread> extra;
        for (unsigned i = 1; i < options.threads; ++i) extra.emplace_back([&ioc] { ioc.run(); });
        ioc.run();
        for (auto& t : extra) t.join();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "hub_server: %s\n", e.what());
        return 1;
    }
    return 0;
}
