// Decoding benchmarks: added when sse::Parser (issue 5) lands.
#include "common.hpp"

namespace bench {
void register_parse_benchmarks() {}
}  // namespace bench
