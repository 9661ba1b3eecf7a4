// The demo page that every example server serves on `/`: an EventSource on
// /tokens (with the page's own query string) that appends each `token` event
// to the text as it arrives and closes on `done`. It also records what it saw
// in window.sseLog = {opens, errors, events: [{type, id, data}], done}, which
// the headless-browser test (tests/e2e/browser_test.mjs) checks in the page.
// Serve it as `text/html; charset=utf-8`.
#ifndef SSE_EXAMPLES_COMMON_PAGE_HPP
#define SSE_EXAMPLES_COMMON_PAGE_HPP

#include <string_view>

namespace sse_examples {

inline constexpr std::string_view kTokensPage = R"html(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>sse demo: live tokens</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
  #text { white-space: pre-wrap; border: 1px solid #ccc; border-radius: 6px; padding: 1rem; min-height: 6rem; background: #fafafa; }
  #status { color: #666; font-size: 14px; }
  code { background: #eee; padding: 0 .2em; }
</style>
</head>
<body>
<h1>Live tokens over Server-Sent Events</h1>
<p>This page opens <code>new EventSource("/tokens")</code>. Each <code>token</code> event is
appended below as it arrives; <code>done</code> ends the stream. If the connection drops, the
browser reconnects by itself with <code>Last-Event-ID</code> and the server resumes right after it.</p>
<p id="status">connecting...</p>
<div id="text"></div>
<script>
"use strict";
const log = window.sseLog = { opens: 0, errors: 0, events: [], done: null };
const text = document.getElementById("text");
const status = document.getElementById("status");
const source = new EventSource("/tokens" + location.search);
function show() {
  status.textContent = (log.done !== null ? "done: " : "streaming: ") + log.events.length +
    " tokens, last id " + (log.events.length ? log.events[log.events.length - 1].id : "none") +
    ", connections opened: " + log.opens;
}
source.addEventListener("open", () => { log.opens++; show(); });
source.addEventListener("error", () => { log.errors++; if (log.done === null) status.textContent = "reconnecting..."; });
source.addEventListener("token", (e) => {
  log.events.push({ type: e.type, id: e.lastEventId, data: e.data });
  text.textContent += e.data;
  show();
});
source.addEventListener("done", (e) => {
  log.done = e.data;
  source.close();
  show();
});
</script>
</body>
</html>
)html";

}  // namespace sse_examples

#endif  // SSE_EXAMPLES_COMMON_PAGE_HPP
