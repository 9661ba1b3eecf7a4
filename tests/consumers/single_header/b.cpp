// The second translation unit of the single-header link test (see a.cpp).
#include "sse.hpp"

#include <string>

std::string encode_in_b(const sse::Event& e) {
    std::string out;
    e.encode_to(out);
    return out;
}

std::string stream_in_b() { return sse::Stream().data("a").comment("k").into_response().body; }
