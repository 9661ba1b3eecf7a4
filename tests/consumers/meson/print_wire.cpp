// Writes the wire of the README's builder chain to stdout, nothing else; the CI
// step compares it byte for byte with "id: 1\nevent: t\ndata: a\ndata: b\n\n".
#include <sse/sse.hpp>

#include <cstdio>
#include <string>

int main() {
    const std::string wire = sse::Event::data("a\nb").id("1").event_type("t").encode();
    return std::fwrite(wire.data(), 1, wire.size(), stdout) == wire.size() ? 0 : 1;
}
