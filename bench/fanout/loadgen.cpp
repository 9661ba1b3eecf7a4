// sse_fanout_loadgen: many SSE clients on one epoll loop, against a broadcast
// server (hub_server's routes: GET /events, POST /publish). Checks that every
// client gets every event exactly once and in order, and measures delivery
// latency from the publish timestamp carried in each event's data.
//
//   sse_fanout_loadgen --port P [--clients 2000] [--events 50] [--interval-ms 100]
//                      [--size 48] [--slow-percent 0] [--addresses 16] [--server-pid PID]
//                      [--label NAME]
//
// Clients connect from 127.0.0.2 .. 127.0.0.(1+addresses) so the ephemeral
// ports suffice; RLIMIT_NOFILE is raised to its hard limit. A publisher thread
// POSTs `--events` events of `--size` bytes of data every `--interval-ms`
// (the first bytes are the steady-clock send time in ns). Slow clients
// (--slow-percent) connect and then never read. With --server-pid the server's
// CPU time (utime + stime from /proc) over the broadcast phase and its RSS
// growth per connection are reported. Prints one line of key=value figures
// and exits 1 when a reading client missed, duplicated or reordered an event.
// HTTP is Beast's: the request is serialized by it and the response head read
// by its parser; the event stream goes through sse::Parser.
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <sse/parser.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using clock_type = std::chrono::steady_clock;

namespace {

struct Options {
    unsigned short port = 0;
    std::size_t clients = 2000;
    std::size_t events = 50;
    std::uint64_t interval_ms = 100;
    std::size_t size = 48;
    std::size_t slow_percent = 0;
    unsigned addresses = 16;
    long server_pid = 0;
    std::string label = "server";
};

[[noreturn]] void usage() {
    std::fprintf(stderr,
                 "usage: sse_fanout_loadgen --port P [--clients 2000] [--events 50] [--interval-ms 100] [--size 48]\n"
                 "       [--slow-percent 0] [--addresses 16] [--server-pid PID] [--label NAME]\n");
    std::exit(2);
}

Options parse(int argc, char** argv) {
    Options o;
    if (argc % 2 == 0) usage();
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view a = argv[i];
        const std::string v = argv[i + 1];
        char* end = nullptr;
        const unsigned long long n = std::strtoull(v.c_str(), &end, 10);
        const bool num = end != v.c_str() && *end == '\0';
        if (a == "--label") o.label = v;
        else if (!num) usage();
        else if (a == "--port") o.port = static_cast<unsigned short>(n);
        else if (a == "--clients") o.clients = n;
        else if (a == "--events") o.events = n;
        else if (a == "--interval-ms") o.interval_ms = n;
        else if (a == "--size") o.size = std::max<std::size_t>(n, 24);
        else if (a == "--slow-percent") o.slow_percent = std::min<std::size_t>(n, 100);
        else if (a == "--addresses") o.addresses = static_cast<unsigned>(std::clamp<unsigned long long>(n, 1, 250));
        else if (a == "--server-pid") o.server_pid = static_cast<long>(n);
        else usage();
    }
    if (o.port == 0) usage();
    return o;
}

std::int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(clock_type::now().time_since_epoch()).count();
}

// utime + stime of `pid` in microseconds, or -1.
double cpu_us(long pid) {
    std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
    std::string s((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    const std::size_t close = s.rfind(')');
    if (close == std::string::npos) return -1;
    std::istringstream rest(s.substr(close + 2));
    std::string field;
    unsigned long long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
        if (i == 14) utime = std::stoull(field);
        if (i == 15) stime = std::stoull(field);
    }
    return static_cast<double>(utime + stime) * 1e6 / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// VmRSS of `pid` in KiB, or -1.
long rss_kib(long pid) {
    std::ifstream f("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(f, line)) {
        if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
    }
    return -1;
}

struct Client {
    int fd = -1;
    bool slow = false;
    bool connected = false;
    bool head_done = false;
    bool ended = false;
    std::optional<bhttp::response_parser<bhttp::empty_body>> head;
    sse::Parser parser;
    std::uint64_t first_id = 0;
    std::uint64_t next_id = 0;
    std::size_t received = 0;
    std::size_t errors = 0;
};

std::string request_bytes(const Options& o, bhttp::verb verb, const char* target, std::string body) {
    bhttp::request<bhttp::string_body> req{verb, target, 11};
    req.set(bhttp::field::host, "127.0.0.1:" + std::to_string(o.port));
    if (verb == bhttp::verb::post) {
        req.body() = std::move(body);
        req.prepare_payload();
    }
    std::ostringstream out;
    out << req;
    return out.str();
}

double percentile(std::vector<double>& v, double p) {
    if (v.empty()) return 0;
    const std::size_t k = std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return v[k];
}

}  // namespace

int main(int argc, char** argv) {
    const Options o = parse(argc, argv);
    rlimit lim{};
    getrlimit(RLIMIT_NOFILE, &lim);
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
    if (o.clients + 64 > lim.rlim_cur) {
        std::fprintf(stderr, "loadgen: %zu clients need more descriptors than RLIMIT_NOFILE %llu\n", o.clients,
                     static_cast<unsigned long long>(lim.rlim_cur));
        return 2;
    }
    const std::string get = request_bytes(o, bhttp::verb::get, "/events", "");
    const long rss_before = o.server_pid ? rss_kib(o.server_pid) : -1;

    const int ep = epoll_create1(0);
    std::vector<Client> clients(o.clients);
    const std::size_t slow_count = o.clients * o.slow_percent / 100;
    std::vector<double> latencies_us;
    latencies_us.reserve((o.clients - slow_count) * o.events);

    auto on_readable = [&](Client& c) {
        char buf[65536];
        for (;;) {
            const ssize_t n = ::read(c.fd, buf, sizeof buf);
            if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
                c.ended = true;
                epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
                return;
            }
            if (n < 0) return;
            std::string_view chunk(buf, static_cast<std::size_t>(n));
            if (!c.head_done) {
                beast::error_code ec;
                const std::size_t used = c.head->put(net::buffer(chunk.data(), chunk.size()), ec);
                if (ec && ec != bhttp::error::need_more) {
                    ++c.errors;
                    c.ended = true;
                    return;
                }
                chunk.remove_prefix(used);
                if (!c.head->is_header_done()) continue;
                if (c.head->get().result() != bhttp::status::ok) ++c.errors;
                c.head.reset();
                c.head_done = true;
            }
            const std::int64_t t = now_ns();
            c.parser.feed(chunk, [&](const sse::MessageEvent& ev) {
                const std::uint64_t id = std::strtoull(std::string(ev.last_event_id).c_str(), nullptr, 10);
                if (c.received == 0) {
                    c.first_id = id;
                } else if (id != c.next_id) {
                    ++c.errors;
                }
                c.next_id = id + 1;
                ++c.received;
                const std::int64_t sent = std::strtoll(std::string(ev.data.substr(0, 20)).c_str(), nullptr, 10);
                latencies_us.push_back(static_cast<double>(t - sent) / 1000.0);
            });
        }
    };

    // Connect everyone (non-blocking), from several loopback source addresses.
    const auto t_connect = clock_type::now();
    for (std::size_t i = 0; i < o.clients; ++i) {
        Client& c = clients[i];
        c.slow = i < slow_count;
        c.head.emplace();
        c.head->eager(false);
        c.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        if (c.fd < 0) {
            std::perror("socket");
            return 2;
        }
        if (c.slow) {
            const int small = 4096;
            setsockopt(c.fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        }
        sockaddr_in from{};
        from.sin_family = AF_INET;
        from.sin_addr.s_addr = htonl(0x7F000002u + static_cast<std::uint32_t>(i % o.addresses));
        if (::bind(c.fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0) {
            std::perror("bind");
            return 2;
        }
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(o.port);
        to.sin_addr.s_addr = htonl(0x7F000001u);
        if (::connect(c.fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0 && errno != EINPROGRESS) {
            std::perror("connect");
            return 2;
        }
        epoll_event ev{};
        ev.events = EPOLLOUT;
        ev.data.u64 = i;
        epoll_ctl(ep, EPOLL_CTL_ADD, c.fd, &ev);
        // Drain completions now and then so the listen backlog never overflows.
        if (i % 256 == 255) {
            epoll_event evs[512];
            const int k = epoll_wait(ep, evs, 512, 0);
            for (int j = 0; j < k; ++j) {
                Client& d = clients[evs[j].data.u64];
                if ((evs[j].events & EPOLLOUT) && !d.connected) {
                    d.connected = true;
                    if (::write(d.fd, get.data(), get.size()) != static_cast<ssize_t>(get.size())) ++d.errors;
                    epoll_event in{};
                    in.events = EPOLLIN;
                    in.data.u64 = evs[j].data.u64;
                    if (d.slow) epoll_ctl(ep, EPOLL_CTL_DEL, d.fd, nullptr);
                    else epoll_ctl(ep, EPOLL_CTL_MOD, d.fd, &in);
                } else if (evs[j].events & EPOLLIN) {
                    on_readable(d);
                }
            }
        }
    }
    // Wait until every reading client has its head (and every slow one sent its request).
    auto ready = [&] {
        for (const Client& c : clients) {
            if (!c.connected || (!c.slow && !c.head_done && !c.ended)) return false;
        }
        return true;
    };
    std::vector<epoll_event> evs(4096);
    auto poll_once = [&](int timeout_ms) {
        const int k = epoll_wait(ep, evs.data(), static_cast<int>(evs.size()), timeout_ms);
        for (int j = 0; j < k; ++j) {
            Client& d = clients[evs[static_cast<std::size_t>(j)].data.u64];
            if ((evs[static_cast<std::size_t>(j)].events & EPOLLOUT) && !d.connected) {
                d.connected = true;
                if (::write(d.fd, get.data(), get.size()) != static_cast<ssize_t>(get.size())) ++d.errors;
                epoll_event in{};
                in.events = EPOLLIN;
                in.data.u64 = evs[static_cast<std::size_t>(j)].data.u64;
                if (d.slow) epoll_ctl(ep, EPOLL_CTL_DEL, d.fd, nullptr);
                else epoll_ctl(ep, EPOLL_CTL_MOD, d.fd, &in);
            } else if (evs[static_cast<std::size_t>(j)].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
                on_readable(d);
            }
        }
    };
    const auto connect_deadline = clock_type::now() + std::chrono::seconds(60);
    while (!ready() && clock_type::now() < connect_deadline) poll_once(50);
    if (!ready()) {
        std::fprintf(stderr, "loadgen: not every client connected within 60 s\n");
        return 1;
    }
    const double connect_s = std::chrono::duration<double>(clock_type::now() - t_connect).count();
    // Let the server finish subscribing, then read its memory.
    for (int i = 0; i < 10; ++i) poll_once(20);
    const long rss_connected = o.server_pid ? rss_kib(o.server_pid) : -1;
    const double cpu_before = o.server_pid ? cpu_us(o.server_pid) : -1;

    // The publisher: its own keep-alive connection, Beast's sync client.
    std::atomic<bool> published{false};
    std::atomic<std::size_t> publish_errors{0};
    std::thread publisher([&] {
        try {
            net::io_context ioc;
            beast::tcp_stream s(ioc);
            s.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), o.port));
            beast::flat_buffer buffer;
            for (std::size_t e = 0; e < o.events; ++e) {
                std::string body = std::to_string(now_ns());
                body.resize(o.size, 'x');
                bhttp::request<bhttp::string_body> req{bhttp::verb::post, "/publish", 11};
                req.set(bhttp::field::host, "127.0.0.1");
                req.body() = std::move(body);
                req.prepare_payload();
                bhttp::write(s, req);
                bhttp::response<bhttp::string_body> res;
                bhttp::read(s, buffer, res);
                if (res.result() != bhttp::status::ok) ++publish_errors;
                std::this_thread::sleep_for(std::chrono::milliseconds(o.interval_ms));
            }
        } catch (const std::exception& ex) {
            std::fprintf(stderr, "loadgen: publisher: %s\n", ex.what());
            ++publish_errors;
        }
        published = true;
    });
    const auto t_start = clock_type::now();
    auto all_received = [&] {
        for (const Client& c : clients) {
            if (!c.slow && !c.ended && c.received < o.events) return false;
        }
        return true;
    };
    const auto deadline = t_start + std::chrono::milliseconds(o.interval_ms * o.events) + std::chrono::seconds(60);
    while (!(published && all_received()) && clock_type::now() < deadline) poll_once(20);
    const double seconds = std::chrono::duration<double>(clock_type::now() - t_start).count();
    const double cpu_after = o.server_pid ? cpu_us(o.server_pid) : -1;
    const long rss_end = o.server_pid ? rss_kib(o.server_pid) : -1;
    publisher.join();
    // The server's own view while every client is still connected (GET /stats).
    std::string stats;
    try {
        net::io_context ioc;
        beast::tcp_stream s(ioc);
        s.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), o.port));
        bhttp::request<bhttp::empty_body> req{bhttp::verb::get, "/stats", 11};
        req.set(bhttp::field::host, "127.0.0.1");
        bhttp::write(s, req);
        beast::flat_buffer buffer;
        bhttp::response<bhttp::string_body> res;
        bhttp::read(s, buffer, res);
        stats = res.body();
    } catch (const std::exception& ex) {
        stats = std::string("none(") + ex.what() + ")";
    }

    std::size_t complete = 0, errors = publish_errors, delivered = 0, ended_fast = 0;
    for (const Client& c : clients) {
        if (c.slow) continue;
        delivered += c.received;
        errors += c.errors;
        if (c.ended) ++ended_fast;
        if (c.received == o.events && c.errors == 0) ++complete;
    }
    const std::size_t fast = o.clients - slow_count;
    std::vector<double> lat = latencies_us;
    std::printf(
        "%s clients=%zu slow=%zu events=%zu size=%zu complete=%zu/%zu errors=%zu fast_ended=%zu connect_s=%.2f "
        "delivered=%zu deliveries_per_s=%.0f",
        o.label.c_str(), o.clients, slow_count, o.events, o.size, complete, fast, errors, ended_fast, connect_s,
        delivered, static_cast<double>(delivered) / seconds);
    std::printf(" p50_ms=%.2f p99_ms=%.2f max_ms=%.2f", percentile(lat, 0.50) / 1000, percentile(lat, 0.99) / 1000,
                lat.empty() ? 0.0 : *std::max_element(lat.begin(), lat.end()) / 1000);
    if (o.server_pid) {
        std::printf(" server_cpu_us_per_delivery=%.2f server_rss_kib_per_conn=%.2f server_rss_end_kib=%ld",
                    delivered ? (cpu_after - cpu_before) / static_cast<double>(delivered) : 0.0,
                    static_cast<double>(rss_connected - rss_before) / static_cast<double>(o.clients), rss_end);
    }
    std::printf(" stats=%s\n", stats.c_str());
    std::fflush(stdout);
    for (const Client& c : clients) ::close(c.fd);
    return complete == fast && errors == 0 ? 0 : 1;
}
