// Built with -fno-exceptions -fno-rtti: the live-streaming pieces (a virtual
// History, the Writer template, KeepAlive, shared Frames) work without either.
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace {
int handler_calls = 0;
}  // namespace

#define SSE_ON_INVALID_ARGUMENT(message) (++handler_calls, static_cast<void>(message))
#include <sse/sse.hpp>

#include "check.hpp"


int main() {
    static_assert(SSE_USE_EXCEPTIONS == 0, "this test must be built with -fno-exceptions");

    std::string wire;
    int calls = 0;
    sse::Writer w([&](std::string_view b) {
        wire.append(b.data(), b.size());
        return ++calls < 6;  // the peer leaves at the sixth write
    });
    sse::ReplayBuffer buffer(2);
    sse::History& history = buffer;  // virtual calls, no RTTI needed
    const sse::Frame f = history.append(sse::Event::data("a\r\nb").event_type("token"));
    check(f.bytes() == "id: 1\nevent: token\ndata: a\ndata: b\n\n", "append encodes with the next id");

    check(w.retry(1000), "retry written");
    check(w.send(f), "frame written");
    const sse::Replay r = history.after("0");
    check(r.status == sse::ReplayStatus::resumed && r.frames.size() == 1, "resume after 0");
    check(w.send(sse::resync_event(history.after("9"))), "resync written");

    sse::KeepAlive ka(std::uint64_t{10}, std::uint64_t{0});
    check(ka.ping_if_due(w, 5) && ka.next_deadline() == 15, "earlier writes count as activity");
    check(ka.ping_if_due(w, 15), "ping when due");

    w.begin(sse::Event().id("x"));
    w.write_data("p\r");
    w.write_data("\nq");
    check(w.end(), "event in pieces written");
    check(!w.send(sse::Event::data("gone")), "the sixth write finds the peer gone");
    check(!w.ping() && calls == 6, "closed: no more sink calls");
    check(wire ==
              "retry: 1000\n\n"
              "id: 1\nevent: token\ndata: a\ndata: b\n\n"
              "id: 1\nevent: resync\ndata: unknown\n\n"
              ": keep-alive\n\n"
              "id: x\ndata: p\ndata: q\n\n"
              "data: gone\n\n",
          "the bytes on the wire");

    const sse::LastEventId bad = sse::parse_last_event_id("1\nevent: x");
    check(!bad.valid() && bad.value.empty() && handler_calls == 0, "bad Last-Event-ID: no handler, no value");

    return report();
}
