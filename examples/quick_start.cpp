// Quick start: build a buffered event stream and print the HTTP response that
// a server would send (status line, headers, body).
#include <sse/sse.hpp>

#include <cstdio>

int main() {
    sse::Response response = sse::Stream()
                                 .event("connected", "ready")
                                 .push(sse::Event::data(R"({"count":1})").id("1").event_type("update"))
                                 .push(sse::Event::data(R"({"count":2})").id("2").event_type("update"))
                                 .comment("keep-alive")
                                 .into_response();

    std::printf("HTTP/1.1 %d OK\r\n", response.status);
    for (const sse::Header& header : response.headers) {
        std::printf("%s: %s\r\n", header.name.c_str(), header.value.c_str());
    }
    std::printf("\r\n%s", response.body.c_str());
    return 0;
}
