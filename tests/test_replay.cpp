#include <sse/replay.hpp>

#include <doctest/doctest.h>

#include "optional.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

std::vector<std::string> ids_of(const sse::Replay& r) {
    std::vector<std::string> ids;
    for (const auto& f : r.frames) ids.emplace_back(f.id());
    return ids;
}

std::string bytes_of(const sse::Replay& r) {
    std::string all;
    for (const auto& f : r.frames) all += f.bytes();
    return all;
}

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("parse_last_event_id: empty means none, CR/LF/NUL are rejected and never handed on") {
    constexpr sse::LastEventId none = sse::parse_last_event_id("");
    static_assert(none.valid() && none.empty());

    const auto ok = sse::parse_last_event_id("42");
    CHECK(ok.valid());
    CHECK_FALSE(ok.empty());
    CHECK(ok.value == "42");
    CHECK(ok.error == sse::errc::ok);

    const auto lf = sse::parse_last_event_id("4\n2");
    CHECK_FALSE(lf.valid());
    CHECK(lf.empty());
    CHECK(lf.value.empty());
    CHECK(lf.error == sse::errc::id_contains_lf);

    CHECK(sse::parse_last_event_id("1\r\nevent: x").error == sse::errc::id_contains_cr);
    const auto nul = sse::parse_last_event_id(std::string_view("7\0", 2));
    CHECK(nul.error == sse::errc::id_contains_nul);
    CHECK(nul.value.empty());
    CHECK(sse::describe(nul.error) == "sse: event id contains NUL (0x00); an id may not contain CR, LF or NUL");

    // Anything else is an id as sent (no trimming): whether it is known is History's job.
    CHECK(sse::parse_last_event_id(" 42 ").value == " 42 ");
    CHECK(sse::parse_last_event_id("1700000000000-0").value == "1700000000000-0");
    CHECK(sse::parse_last_event_id("h\xC3\xA9").value == "h\xC3\xA9");
}

TEST_CASE("parse_numeric_id: canonical decimal only") {
    static_assert(numeric_id("42") == std::uint64_t{42});
    CHECK(numeric_id("0") == std::uint64_t{0});
    CHECK(numeric_id("1") == std::uint64_t{1});
    CHECK(numeric_id("1234567890") == std::uint64_t{1234567890});
    CHECK(numeric_id("18446744073709551615") == UINT64_MAX);
    for (const char* bad : {"", "18446744073709551616", "99999999999999999999", "100000000000000000000", "042", "00",
                            "-1", "+1", " 1", "1 ", "1e3", "0x10", "1.0", "1700000000000-0", "abc", "\xD9\xA3"}) {
        CAPTURE(bad);
        CHECK(numeric_id(bad) == std::nullopt);
        std::uint64_t untouched = 7;
        CHECK_FALSE(sse::parse_numeric_id(bad, untouched));
        CHECK(untouched == 7);  // left alone when refused
    }
}

TEST_CASE("ReplayBuffer: the documented example") {
    sse::ReplayBuffer h(2);
    CHECK(h.append(sse::Event::data("a")).id() == "1");
    CHECK(h.append(sse::Event::data("b")).id() == "2");
    const sse::Frame c = h.append(sse::Event::data("c"));
    CHECK(c.id() == "3");
    CHECK(c.bytes() == "id: 3\ndata: c\n\n");
    CHECK(h.size() == 2);
    CHECK(h.capacity() == 2);
    CHECK(h.last_id() == 3);
    CHECK(h.dropped_id() == 1);

    auto r = h.after("2");
    CHECK(r.status == sse::ReplayStatus::resumed);
    CHECK(ids_of(r) == Ids{"3"});
    CHECK(r.last_id == "3");
    CHECK(r.frames[0].bytes().data() == c.bytes().data());  // shared, not re-encoded

    r = h.after("1");
    CHECK(r.status == sse::ReplayStatus::resumed);
    CHECK(bytes_of(r) == "id: 2\ndata: b\n\nid: 3\ndata: c\n\n");

    r = h.after("0");
    CHECK(r.status == sse::ReplayStatus::too_old);
    CHECK(r.frames.empty());
    CHECK(r.last_id == "3");

    for (const char* id : {"9", "4", "abc", "1700000000000-0", "03", " 2"}) {
        CAPTURE(id);
        r = h.after(id);
        CHECK(r.status == sse::ReplayStatus::unknown);
        CHECK(r.frames.empty());
        CHECK(r.last_id == "3");
    }

    r = h.after("3");  // up to date
    CHECK(r.status == sse::ReplayStatus::resumed);
    CHECK(r.frames.empty());
    CHECK(r.last_id == "3");
}

TEST_CASE("ReplayBuffer: no id resumes nothing; an empty history knows no ids") {
    sse::ReplayBuffer h(4);
    auto r = h.after("");
    CHECK(r.status == sse::ReplayStatus::resumed);
    CHECK(r.frames.empty());
    CHECK(r.last_id.empty());
    r = h.after("0");
    CHECK(r.status == sse::ReplayStatus::resumed);
    CHECK(r.frames.empty());
    r = h.after("1");  // e.g. an id from before a server restart
    CHECK(r.status == sse::ReplayStatus::unknown);
    CHECK(r.last_id.empty());

    h.append(sse::Event::data("x"));
    r = h.after("");
    CHECK(r.status == sse::ReplayStatus::resumed);
    CHECK(r.frames.empty());
    CHECK(r.last_id == "1");
    r = h.after("0");  // nothing was dropped: everything after 0
    CHECK(ids_of(r) == Ids{"1"});
}

TEST_CASE("ReplayBuffer: append replaces the event's own id and keeps its other fields") {
    sse::ReplayBuffer h(3);
    const auto f = h.append(sse::Event::data("tok").id("999").event_type("token").retry(10));
    CHECK(f.bytes() == "id: 1\nevent: token\nretry: 10\ndata: tok\n\n");
}

TEST_CASE("ReplayBuffer: wraps around many times, every boundary exact") {
    const std::size_t capacity = 5;
    sse::ReplayBuffer h(capacity);
    for (std::uint64_t n = 1; n <= 23; ++n) {
        h.append(sse::Event::data("e" + std::to_string(n)).event_type("token"));
        CHECK(h.last_id() == n);
        CHECK(h.size() == (n < capacity ? n : capacity));
        const std::uint64_t oldest = n < capacity ? 1 : n - capacity + 1;
        for (std::uint64_t k = 0; k <= n + 1; ++k) {
            CAPTURE(n);
            CAPTURE(k);
            const auto r = h.after(std::to_string(k));
            if (k > n) {
                CHECK(r.status == sse::ReplayStatus::unknown);
            } else if (k + 1 < oldest) {
                CHECK(r.status == sse::ReplayStatus::too_old);
                CHECK(r.frames.empty());
            } else {
                REQUIRE(r.status == sse::ReplayStatus::resumed);
                REQUIRE(r.frames.size() == n - k);
                for (std::size_t i = 0; i < r.frames.size(); ++i) {  // size_t: 32-bit targets
                    const std::string id = std::to_string(k + 1 + i);
                    CHECK(r.frames[i].bytes() == "id: " + id + "\nevent: token\ndata: e" + id + "\n\n");
                }
            }
            CHECK(r.last_id == std::to_string(n));
        }
    }
}

TEST_CASE("ReplayBuffer: given frames with numeric ids, gaps allowed, order enforced") {
    sse::ReplayBuffer h(3);
    CHECK(h.append(sse::Frame(sse::Event::data("a").id("10"))));
    CHECK(h.append(sse::Frame(sse::Event::data("b").id("15"))));
    CHECK_FALSE(h.append(sse::Frame(sse::Event::data("x").id("15"))));  // not increasing
    CHECK_FALSE(h.append(sse::Frame(sse::Event::data("x").id("12"))));
    CHECK_FALSE(h.append(sse::Frame(sse::Event::data("x").id("abc"))));
    CHECK_FALSE(h.append(sse::Frame(sse::Event::data("x").id("016"))));
    CHECK_FALSE(h.append(sse::Frame(sse::Event::data("x"))));  // no id
    CHECK_FALSE(h.append(sse::Frame()));
    CHECK(h.size() == 2);
    CHECK(h.last_id() == 15);
    CHECK(h.append(sse::Event::data("c")).id() == "16");  // continues after the given ids

    CHECK(ids_of(h.after("12")) == Ids{"15", "16"});  // between two ids
    CHECK(ids_of(h.after("0")) == Ids{"10", "15", "16"});
    CHECK(h.append(sse::Frame(sse::Event::data("d").id("20"))));  // drops 10
    CHECK(h.dropped_id() == 10);
    CHECK(h.after("9").status == sse::ReplayStatus::too_old);
    CHECK(ids_of(h.after("10")) == Ids{"15", "16", "20"});
    CHECK(ids_of(h.after("13")) == Ids{"15", "16", "20"});
    CHECK(h.after("21").status == sse::ReplayStatus::unknown);
}

TEST_CASE("ReplayBuffer: the end of the id space is refused, never wrapped") {
    sse::ReplayBuffer h(4);
    CHECK(h.append(sse::Frame(sse::Event::data("a").id("18446744073709551614"))));
    CHECK(h.append(sse::Event::data("b")).id() == "18446744073709551615");  // the last id there is
    CHECK(h.last_id() == UINT64_MAX);
    const sse::Frame refused = h.append(sse::Event::data("c"));  // no next id: refused, nothing stored
    CHECK(refused.empty());
    CHECK(h.last_id() == UINT64_MAX);
    CHECK(h.size() == 2);
    CHECK(ids_of(h.after("18446744073709551614")) == Ids{"18446744073709551615"});
    CHECK(h.after("18446744073709551615").status == sse::ReplayStatus::resumed);
    CHECK(h.after("18446744073709551615").frames.empty());
    CHECK_FALSE(h.append(sse::Frame(sse::Event::data("d").id("18446744073709551615"))));  // not greater
    CHECK(h.after("18446744073709551616").status == sse::ReplayStatus::unknown);  // not an id of ours
}

TEST_CASE("ReplayBuffer: an id inside a gap resumes (no event between was ever issued), as documented") {
    sse::ReplayBuffer h(8);
    CHECK(h.append(sse::Event::data("a")).id() == "1");
    CHECK(h.append(sse::Frame(sse::Event::data("b").id("10"))));
    const sse::Replay r = h.after("5");
    CHECK(r.status == sse::ReplayStatus::resumed);
    CHECK(ids_of(r) == Ids{"10"});
}

TEST_CASE("ReplayBuffer: a capacity of 0 keeps one frame") {
    sse::ReplayBuffer h(0);
    CHECK(h.capacity() == 1);
    h.append(sse::Event::data("a"));
    h.append(sse::Event::data("b"));
    CHECK(ids_of(h.after("1")) == Ids{"2"});
    CHECK(h.after("0").status == sse::ReplayStatus::too_old);
}

TEST_CASE("resync_event: the documented answer, byte for byte") {
    sse::ReplayBuffer h(1);
    h.append(sse::Event::data("a"));
    h.append(sse::Event::data("b"));
    CHECK(sse::resync_event(h.after("0")).encode() == "id: 2\nevent: resync\ndata: too_old\n\n");
    CHECK(sse::resync_event(h.after("7")).encode() == "id: 2\nevent: resync\ndata: unknown\n\n");
    CHECK(sse::resync_event(sse::ReplayBuffer(1).after("7")).encode() == "id: \nevent: resync\ndata: unknown\n\n");

    sse::Replay forged;
    forged.status = sse::ReplayStatus::too_old;
    forged.last_id = "1\nevent: admin";
    CHECK(sse::resync_event(forged).encode() == "event: resync\ndata: too_old\n\n");  // no forged field

    CHECK(sse::describe(sse::ReplayStatus::resumed) == "resumed");
    CHECK(sse::describe(sse::ReplayStatus::too_old) == "too_old");
    CHECK(sse::describe(sse::ReplayStatus::unknown) == "unknown");
    CHECK(sse::describe(sse::ReplayStatus::unavailable) == "unavailable");
}

namespace {
// A History with non-numeric, store-assigned ids (the shape of a Redis stream:
// "<ms>-<seq>"), unbounded, to show the interface assumes no numbers.
class StringIdHistory final : public sse::History {
public:
    sse::Frame append(sse::Event e) override {
        e.id("1700000000000-" + std::to_string(frames_.size()));
        frames_.emplace_back(e);
        return frames_.back();
    }
    sse::Replay after(std::string_view last_event_id) override {
        sse::Replay r;
        if (!frames_.empty()) r.last_id = std::string(frames_.back().id());
        if (last_event_id.empty()) return r;
        for (std::size_t i = 0; i < frames_.size(); ++i) {
            if (frames_[i].id() == last_event_id) {
                r.frames.assign(frames_.begin() + static_cast<std::ptrdiff_t>(i) + 1, frames_.end());
                return r;
            }
        }
        r.status = sse::ReplayStatus::unknown;
        return r;
    }

private:
    std::vector<sse::Frame> frames_;
};

std::string publish_and_resume(sse::History& history, std::string_view resume_from_nth) {
    std::vector<std::string> ids;
    for (const char* token : {"Hel", "lo", "!"}) {
        ids.emplace_back(history.append(sse::Event::data(token).event_type("token")).id());
    }
    const std::string from = resume_from_nth.empty() ? std::string() : ids.at(std::stoul(std::string(resume_from_nth)));
    return bytes_of(history.after(from));
}
}  // namespace

TEST_CASE("History: in-memory and string-id implementations behind one interface") {
    sse::ReplayBuffer numeric(16);
    StringIdHistory strings;
    CHECK(publish_and_resume(numeric, "0") == "id: 2\nevent: token\ndata: lo\n\nid: 3\nevent: token\ndata: !\n\n");
    CHECK(publish_and_resume(strings, "0") ==
          "id: 1700000000000-1\nevent: token\ndata: lo\n\nid: 1700000000000-2\nevent: token\ndata: !\n\n");
    sse::History& h = strings;
    CHECK(h.after("1700000000000-99").status == sse::ReplayStatus::unknown);
    CHECK(h.after("1700000000000-2").frames.empty());
}
