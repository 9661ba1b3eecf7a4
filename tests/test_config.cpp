#include <sse/config.hpp>

#include <doctest/doctest.h>

TEST_CASE("config: one version number") {
    CHECK(SSE_VERSION == SSE_VERSION_MAJOR * 10000 + SSE_VERSION_MINOR * 100 + SSE_VERSION_PATCH);
    CHECK(SSE_USE_EXCEPTIONS == 1);  // this suite is built with exceptions
}
