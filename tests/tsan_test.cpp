// What the docs call safe to share between threads, run under ThreadSanitizer
// (built with -fsanitize=thread when SSE_TSAN=ON; tools/ci.d/16-tsan.sh):
// - frame.hpp: copies of one sse::Frame made, read and destroyed on several
//   threads at once, the last one on any thread;
// - docs/live-streaming.md "Fan-out without gaps or duplicates": one lock
//   around ReplayBuffer append + hand-off and around after() + subscribe, one
//   sse::Writer per client thread; every client gets each event exactly once;
// - the rest is used per object (Writer, Parser, Slices: "one thread at a
//   time"): objects of each kind on different threads share no hidden state,
//   and const reads of one Event from several threads do not race.
// Assertions are the only pass criterion here; TSan fails the run on a race.
#include <sse/sse.hpp>

#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

constexpr int thread_count = 4;

template <class F>
void on_threads(int n, F f) {
    std::vector<std::thread> threads;
    for (int t = 0; t < n; ++t) threads.emplace_back(f, t);
    for (auto& t : threads) t.join();
}

}  // namespace

TEST_CASE("Frame: copies made, read and destroyed on several threads") {
    for (int round = 0; round < 200; ++round) {
        const std::string expected = "id: " + std::to_string(round + 1) + "\ndata: round " + std::to_string(round) + "\n\n";
        std::vector<sse::Frame> handed(thread_count);
        {
            const sse::Frame f(sse::Event::data("round " + std::to_string(round)).id(std::to_string(round + 1)));
            for (auto& h : handed) h = f;
        }  // the creating thread's reference is gone: one of the workers frees the block
        on_threads(thread_count, [&](int t) {
            sse::Frame mine = std::move(handed[static_cast<std::size_t>(t)]);
            std::vector<sse::Frame> copies(8, mine);
            sse::Frame other;
            for (const sse::Frame& c : copies) {
                other = c;
                CHECK(c.bytes() == expected);  // reads every byte
                CHECK(c.id() == std::to_string(round + 1));
            }
            CHECK(other.use_count() >= 1);
        });
    }
}

TEST_CASE("Frame: one frame copied and dropped by all threads at once") {
    const sse::Frame f(sse::Event::data("shared").id("1"));
    on_threads(thread_count, [&](int) {
        for (int i = 0; i < 2000; ++i) {
            sse::Frame a = f;
            sse::Frame b;
            b = a;
            const sse::Frame c = std::move(a);
            CHECK(b.bytes().data() == f.bytes().data());
            CHECK(c.bytes() == "id: 1\ndata: shared\n\n");
        }
    });
    CHECK(f.use_count() == 1);
}

namespace {

// A client: frames handed to it under the server's lock, written by its own
// thread through its own Writer.
struct Client {
    std::mutex m;
    std::condition_variable ready;
    std::deque<sse::Frame> queue;
    bool done = false;

    void push(sse::Frame f) {
        {
            std::lock_guard<std::mutex> lock(m);
            queue.push_back(std::move(f));
        }
        ready.notify_one();
    }
    void finish() {
        {
            std::lock_guard<std::mutex> lock(m);
            done = true;
        }
        ready.notify_one();
    }
    // The client thread: writes every frame until finish(); returns the wire.
    std::string run() {
        std::string wire;
        sse::Writer w([&wire](std::string_view bytes) {
            wire.append(bytes.data(), bytes.size());
            return true;
        });
        for (;;) {
            sse::Frame f;
            {
                std::unique_lock<std::mutex> lock(m);
                ready.wait(lock, [this] { return done || !queue.empty(); });
                if (queue.empty()) break;
                f = std::move(queue.front());
                queue.pop_front();
            }
            CHECK(w.send(f));  // outside the lock; f dies here while the history may drop its copy
        }
        return wire;
    }
};

// The server of docs/live-streaming.md: one lock guards history and subscribers.
struct Server {
    std::mutex m;
    sse::ReplayBuffer history{8};  // small: frames are dropped while clients still hold them
    std::vector<Client*> subscribers;

    void publish(sse::Event e) {
        std::lock_guard<std::mutex> lock(m);
        const sse::Frame f = history.append(std::move(e));
        for (Client* c : subscribers) c->push(f);
    }
    // Returns false when the client must resync (too old); it is subscribed either way.
    bool connect(Client& c, std::string_view last_event_id) {
        std::lock_guard<std::mutex> lock(m);
        const sse::Replay r = history.after(last_event_id);
        const bool resumed = r.status == sse::ReplayStatus::resumed;
        if (resumed) {
            for (const auto& f : r.frames) c.push(f);
        } else {
            c.push(sse::Frame(sse::resync_event(r)));
        }
        subscribers.push_back(&c);
        return resumed;
    }
};

std::string frame_of(std::uint64_t id) {
    return std::string(sse::Frame(sse::Event::data("event " + std::to_string(id)).id(id)).bytes());
}

}  // namespace

TEST_CASE("fan-out: publisher, resuming clients and client threads, as docs/live-streaming.md does it") {
    constexpr std::uint64_t events = 400;
    Server server;
    std::vector<Client> clients(thread_count);
    std::vector<std::string> wires(thread_count);
    std::vector<std::uint64_t> resumed_after(thread_count, 0);

    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < clients.size(); ++i) {
        threads.emplace_back([&, i] { wires[i] = clients[i].run(); });
    }
    for (std::uint64_t n = 1; n <= events; ++n) {
        server.publish(sse::Event::data("event " + std::to_string(n)));
        // Clients connect midway, each resuming from an id the history still holds.
        for (std::size_t i = 0; i < clients.size(); ++i) {
            if (n == 50 * (i + 1)) {
                resumed_after[i] = n - 3;
                CHECK(server.connect(clients[i], std::to_string(n - 3)));
            }
        }
    }
    for (auto& c : clients) c.finish();
    for (auto& t : threads) t.join();

    for (std::size_t i = 0; i < clients.size(); ++i) {
        std::string expected;
        for (std::uint64_t n = resumed_after[i] + 1; n <= events; ++n) expected += frame_of(n);
        CAPTURE(i);
        CHECK(wires[i] == expected);  // every event after the resume point, once, in order
    }
}

TEST_CASE("one const Event read on several threads; Slices, Writer and Parser per thread") {
    const auto e = sse::Event::data(std::string(300, 'x') + "\r\nline two\rthree").id("42").event_type("t").retry(1000);
    const std::string expected = e.encode();
    on_threads(thread_count, [&](int) {
        sse::Slices slices;
        sse::Parser parser;
        std::string wire;
        sse::Writer w([&wire](std::string_view b) {
            wire.append(b.data(), b.size());
            return true;
        });
        std::size_t seen = 0;
        for (int i = 0; i < 200; ++i) {
            CHECK(e.encode() == expected);
            sse::encode_slices(e, slices);
            CHECK(slices.to_string() == expected);
            wire.clear();
            CHECK(w.send(e));
            CHECK(wire == expected);
            parser.feed(wire, [&](const sse::MessageEvent& m) {
                ++seen;
                CHECK(m.data == std::string(300, 'x') + "\nline two\nthree");
                CHECK(m.type == "t");
            });
        }
        CHECK(seen == 200);
        CHECK(parser.last_event_id() == "42");
    });
}
