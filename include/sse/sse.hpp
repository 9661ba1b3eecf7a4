// sse: Server-Sent Events for C++ -- the umbrella header.
//
// Includes every public header except optional integrations (<sse/fmt.hpp>,
// <sse/asio.hpp>).
// The library needs nothing but the C++17 standard library.
#ifndef SSE_SSE_HPP
#define SSE_SSE_HPP

#include "config.hpp"
#include "encode.hpp"
#include "event.hpp"
#include "frame.hpp"
#include "outbox.hpp"
#include "parser.hpp"
#include "replay.hpp"
#include "response.hpp"
#include "sink.hpp"
#include "slices.hpp"
#include "stream.hpp"
#include "utf8.hpp"
#include "writer.hpp"

#endif  // SSE_SSE_HPP
