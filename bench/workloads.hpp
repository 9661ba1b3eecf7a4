// The benchmark workloads: the same bytes for every encoder and every peer.
// bench/peers/ reads them from files written by `sse_bench_encode --dump=DIR`.
#ifndef SSE_BENCH_WORKLOADS_HPP
#define SSE_BENCH_WORKLOADS_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace bench {

struct Input {
    std::string data;
    std::string id;
    std::string type;
};

struct Workload {
    std::string name;
    std::vector<Input> events;  // encoded in turn, cyclically
    std::size_t data_bytes() const {
        std::size_t n = 0;
        for (const Input& e : events) n += e.data.size();
        return n;
    }
};

// Small deterministic generator (no <random>: the bytes must not depend on the library).
struct Lcg {
    std::uint64_t state;
    std::uint32_t next() {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::uint32_t>(state >> 33);
    }
};

// JSON-like text without CR or LF: {"k0":"...","k1":123,...}
inline std::string json_text(std::size_t size, std::uint64_t seed) {
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-.";
    Lcg rng{seed};
    std::string s = "{";
    for (unsigned k = 0; s.size() < size; ++k) {
        s += "\"k" + std::to_string(k) + "\":";
        if (k % 3 == 2) {
            s += std::to_string(rng.next() % 100000);
        } else {
            s += '"';
            const std::size_t len = 4 + rng.next() % 24;
            for (std::size_t i = 0; i < len; ++i) s += alphabet[rng.next() % (sizeof alphabet - 1)];
            s += '"';
        }
        s += ',';
    }
    s.resize(size - 1);
    s += '}';
    return s;
}

// Every `period` bytes, the last byte (or two) becomes a line break.
inline std::string with_breaks(std::string s, std::size_t period, bool crlf) {
    for (std::size_t i = period - 1; i < s.size(); i += period) {
        s[i] = '\n';
        if (crlf) s[i - 1] = '\r';
    }
    return s;
}

inline std::vector<Workload> make_workloads() {
    std::vector<Workload> all;
    {
        // token: data {"t":"..."} of 8..16 bytes, id 12345, type token.
        static const char letters[] = "abcdefghijklmnopqrstuvwxyz ";
        Workload w{"token", {}};
        Lcg rng{42};
        for (int i = 0; i < 256; ++i) {
            std::string token;
            const std::size_t len = rng.next() % 9;  // 0..8 -> data of 8..16 bytes
            for (std::size_t j = 0; j < len; ++j) token += letters[rng.next() % (sizeof letters - 1)];
            w.events.push_back({"{\"t\":\"" + token + "\"}", "12345", "token"});
        }
        all.push_back(std::move(w));
    }
    const std::string text4k = json_text(4096, 7);
    all.push_back({"4k", {{text4k, "12345", "chunk"}}});
    all.push_back({"4k_nl40", {{with_breaks(text4k, 40, false), "12345", "chunk"}}});
    all.push_back({"4k_crlf40", {{with_breaks(text4k, 40, true), "12345", "chunk"}}});
    all.push_back({"1m", {{json_text(1 << 20, 11), "12345", "chunk"}}});
    return all;
}

}  // namespace bench

#endif  // SSE_BENCH_WORKLOADS_HPP
