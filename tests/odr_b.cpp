// Second translation unit of the ODR test (see odr_a.cpp).
#include <sse/sse.hpp>

std::string odr_encode_b(const sse::Event& e);

std::string odr_encode_b(const sse::Event& e) {
    sse::Stream s;
    s.push(e);
    return std::move(s).body();
}
