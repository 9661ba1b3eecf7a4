// fanout::RedisHistory -- sse::History kept in a Redis stream, shared by every
// server instance that names the same stream key.
//
//   fanout::RedisHistory history({"127.0.0.1", 6379}, "events");
//   sse::Frame f = history.append(sse::Event::data("hi").event_type("token"));
//   // XADD events MAXLEN ~ 1000 * type token data hi
//   // f.id() == "1700000000000-0" (Redis' id), f.bytes() == "id: 1700000000000-0\nevent: token\ndata: hi\n\n"
//   sse::Replay r = history.after(last_event_id);        // resume on any instance
//   std::vector<sse::Frame> live;
//   history.wait_after(cursor, 1000, live);              // XREAD BLOCK: the live tail
//
// Mapping (one stream entry = one event):
// - the entry id is the SSE `id:` (ids increase; Redis orders them);
// - field `type` (absent for "message") is the SSE `event:`, field `data` the data;
// - the frames are encoded by the library (sse::Frame of an sse::Event).
//
// after(id) answers, as sse::History documents:
// - "" (no Last-Event-ID): resumed, no frames; last_id = the stream's
//   last-generated-id ("" when the key does not exist), where the live tail starts;
// - an id still in the stream: resumed, with every entry after it (XRANGE
//   from the id inclusive, so the check and the read are one atomic command);
// - an id that is not in the stream: too_old when Redis trimmed it (it is not
//   after the stream's max-deleted-entry-id, or it is before the first entry),
//   unknown when Redis never issued it (not a stream id, after the newest id,
//   or the stream does not exist, e.g. after Redis lost its data);
// - unavailable when Redis cannot be reached (the caller closes; the client retries).
//
// Not thread-safe: one RedisHistory is one Redis connection; give each thread
// its own (a blocking XREAD ties the connection up).
#ifndef SSE_EXAMPLES_REDIS_FANOUT_REDIS_HISTORY_HPP
#define SSE_EXAMPLES_REDIS_FANOUT_REDIS_HISTORY_HPP

#include "redis_stream.hpp"

#include <sse/event.hpp>
#include <sse/replay.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fanout {

class RedisHistory final : public sse::History {
public:
    /// `max_len`: the MAXLEN ~ bound of every XADD (Redis trims whole nodes,
    /// so the stream keeps at least max_len entries and a little more).
    RedisHistory(Endpoint endpoint, std::string key, std::size_t max_len = 1000, Timeouts timeouts = {})
        : redis_(std::move(endpoint), std::move(key), timeouts), max_len_(max_len) {}

    /// XADD: stores e's type and data (an id or retry on `e` is not stored)
    /// and returns the frame with Redis' id. An empty Frame when Redis is
    /// unreachable or refused (last_error() says why); the command is not
    /// repeated, since a broken connection leaves unknown whether it was added.
    sse::Frame append(sse::Event e) override {
        std::string id;
        const std::string_view type = e.event_type() ? std::string_view(*e.event_type()) : std::string_view();
        last_outcome_ = redis_.append(type, e.data(), id, max_len_);
        if (last_outcome_ != Outcome::ok) return sse::Frame();
        e.clear_retry();
        e.id(std::move(id));
        return sse::Frame(e);
    }

    /// See the top of this file. Reads in pages of page_size entries (XRANGE,
    /// each page starting at the previous page's last id, so a trim between
    /// pages is noticed: too_old); the frames are at most what the stream
    /// holds (about max_len). Costs XINFO + one XRANGE per page.
    [[nodiscard]] sse::Replay after(std::string_view last_event_id) override {
        sse::Replay r;
        std::string newest;
        last_outcome_ = redis_.last_id(newest);
        if (last_outcome_ == Outcome::unavailable || last_outcome_ == Outcome::error) return unavailable();
        const bool exists = last_outcome_ == Outcome::ok;
        r.last_id = exists ? newest : std::string();
        if (last_event_id.empty()) return r;

        StreamId wanted;
        StreamId newest_id;
        if (!parse_stream_id(last_event_id, wanted) || !exists || !parse_stream_id(newest, newest_id) ||
            newest_id < wanted) {
            r.status = sse::ReplayStatus::unknown;
            return r;
        }
        std::string from(last_event_id);
        bool first_page = true;
        for (;;) {
            std::vector<Entry> page;
            last_outcome_ = redis_.range_from(from, page_size + 1, page);
            if (last_outcome_ != Outcome::ok) return unavailable();
            if (first_page && (page.empty() || page.front().id != from)) {
                r.status = trimmed(wanted) ? sse::ReplayStatus::too_old : sse::ReplayStatus::unknown;
                return r;
            }
            // Page 2 and later start at the last id of the previous page; an
            // entry trimmed in between means the client would miss events.
            if (!first_page && (page.empty() || page.front().id != from)) {
                r.frames.clear();
                r.status = sse::ReplayStatus::too_old;
                return r;
            }
            first_page = false;
            for (std::size_t i = 1; i < page.size(); ++i) add_frame(page[i], r.frames);
            if (page.size() < page_size + 1) break;
            from = page.back().id;
        }
        if (!r.frames.empty()) r.last_id = std::string(r.frames.back().id());
        return r;
    }

    /// The live tail: waits up to block_ms for entries after `cursor` (a real
    /// id, or "0-0" for everything) and appends at most `count` frames, oldest
    /// first. Outcome::timeout when none came; ::unavailable when Redis is gone.
    Outcome wait_after(const std::string& cursor, int block_ms, std::vector<sse::Frame>& out,
                       std::size_t count = page_size) {
        std::vector<Entry> entries;
        last_outcome_ = redis_.read_after(cursor, count, block_ms, entries);
        for (const Entry& entry : entries) add_frame(entry, out);
        return last_outcome_;
    }

    /// Opens the connection now (to check that Redis is there).
    Outcome connect() { return last_outcome_ = redis_.connect(); }

    [[nodiscard]] Outcome last_outcome() const noexcept { return last_outcome_; }
    [[nodiscard]] const std::string& last_error() const noexcept { return redis_.last_error(); }
    [[nodiscard]] RedisStream& stream() noexcept { return redis_; }

    /// Entries per XRANGE/XREAD round trip.
    static constexpr std::size_t page_size = 256;

private:
    sse::Replay unavailable() {
        sse::Replay r;
        r.status = sse::ReplayStatus::unavailable;
        return r;
    }

    // True when `id` is not after the stream's first entry or its
    // max-deleted-entry-id (Redis >= 7): it was (or may have been) trimmed.
    // A failed lookup counts as "not trimmed": the answer is then `unknown`,
    // which is a resync all the same.
    bool trimmed(const StreamId& id) {
        std::vector<Entry> first;
        if (redis_.range_from("-", 1, first) == Outcome::ok && !first.empty()) {
            StreamId oldest;
            if (parse_stream_id(first.front().id, oldest) && id < oldest) return true;
        }
        std::string deleted;
        StreamId deleted_id;
        if (redis_.info_field("max-deleted-entry-id", deleted) == Outcome::ok &&
            parse_stream_id(deleted, deleted_id)) {
            return !(deleted_id < id);
        }
        return false;
    }

    // The frame of one entry, encoded by the library. Redis ids are digits
    // and a dash, so try_id cannot fail on them; a type written to the stream
    // by another program may hold CR or LF: that event goes out untyped
    // rather than with forged fields. `out`: a std::vector or an sse::FrameList.
    template <class Frames>
    static void add_frame(const Entry& entry, Frames& out) {
        sse::Event e = sse::Event::data(entry.data);
        if (e.try_id(entry.id) != sse::errc::ok) return;
        if (!entry.type.empty()) (void)e.try_event_type(entry.type);
        out.emplace_back(e);
    }

    RedisStream redis_;
    std::size_t max_len_;
    Outcome last_outcome_ = Outcome::ok;
};

}  // namespace fanout

#endif  // SSE_EXAMPLES_REDIS_FANOUT_REDIS_HISTORY_HPP
