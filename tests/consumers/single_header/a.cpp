// Two translation units that include the single header link into one program
// (no ODR violation: everything in it is inline, template or constexpr).
// Built by tools/ci.d/21-single-header.sh next to a copy of sse.hpp, `-I.` only,
// with and without exceptions and RTTI.
#include "sse.hpp"

#include <cstdio>
#include <string>

std::string encode_in_b(const sse::Event& e);
std::string stream_in_b();

int main() {
    int failures = 0;
    const auto check = [&failures](bool ok, const char* what) {
        if (!ok) {
            ++failures;
            std::printf("FAILED: %s\n", what);
        }
    };
    const auto e = sse::Event::data("x\r\ny").id("7").event_type("t").retry(10);
    check(e.encode() == "id: 7\nevent: t\nretry: 10\ndata: x\ndata: y\n\n", "Event::encode in a");
    check(encode_in_b(e) == e.encode(), "both translation units encode alike");
    check(stream_in_b() == "data: a\n\n: k\n\n", "Stream in b");
    sse::Event f;
    check(f.try_id("1\n2") == sse::errc::id_contains_lf && !f.id(), "try_id rejects without throwing");
    std::printf("single header: %s\n", failures == 0 ? "ok" : "FAILED");
    return failures == 0 ? 0 : 1;
}
