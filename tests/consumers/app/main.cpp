// The program every consumer project builds: it uses the library the way a
// user would and checks the bytes it gets. Exit status 0 when all is right.
#include <sse/sse.hpp>

#include <cstdio>
#include <string>

#define SSE_CONSUMER_STR2(x) #x
#define SSE_CONSUMER_STR(x) SSE_CONSUMER_STR2(x)

int main() {
    int failures = 0;
    const auto check = [&failures](bool ok, const char* what) {
        if (!ok) {
            ++failures;
            std::printf("FAILED: %s\n", what);
        }
    };
    const std::string wire = sse::Event::data("a\nb").id("1").event_type("t").encode();
    check(wire == "id: 1\nevent: t\ndata: a\ndata: b\n\n", "Event::encode bytes");
    const sse::Response r = sse::Stream().data("x").comment("k").into_response();
    check(r.status == 200 && r.body == "data: x\n\n: k\n\n", "Stream::into_response");
#ifdef SSE_CONSUMER_EXPECTED_VERSION
    // The version CMake found (sse_VERSION) is the one in the header.
    const std::string header_version = SSE_CONSUMER_STR(SSE_VERSION_MAJOR) "." SSE_CONSUMER_STR(
        SSE_VERSION_MINOR) "." SSE_CONSUMER_STR(SSE_VERSION_PATCH);
    check(header_version == SSE_CONSUMER_EXPECTED_VERSION, "package version equals the header's");
#endif
    std::printf("consumer: %s\n", failures == 0 ? "ok" : "FAILED");
    return failures == 0 ? 0 : 1;
}
