// The peer for bench/fanout/run.sh: hub_server's routes on npm better-sse, a
// Channel broadcast on Node's http server (one thread, like hub_server).
//   NODE_PATH=<scratch>/node_modules node better_sse_hub.mjs [PORT]
// GET /events: a better-sse session registered to the channel (no keep-alive,
// data sent as given); POST /publish?type=T: broadcast with the next id, answers
// the id; GET /stats: connections and published (the other fields are 0).
import http from "node:http";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { createSession, createChannel } = require(require.resolve("better-sse", { paths: [process.env.NODE_PATH ?? "."] }));

const channel = createChannel();
let published = 0;
const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, "http://127.0.0.1");
  if (req.method === "GET" && url.pathname === "/events") {
    const session = await createSession(req, res, { serializer: String, keepAlive: null });
    channel.register(session);
    return;
  }
  if (req.method === "POST" && url.pathname === "/publish") {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const id = String(++published);
    channel.broadcast(Buffer.concat(chunks).toString(), url.searchParams.get("type") ?? "message", { eventId: id });
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(id);
    return;
  }
  if (req.method === "GET" && url.pathname === "/stats") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ connections: channel.sessionCount, published, dropped_slow: 0, queued_bytes: 0 }));
    return;
  }
  res.writeHead(404);
  res.end();
});
server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => {
  console.log(`listening on 127.0.0.1:${server.address().port}`);
});
process.on("SIGTERM", () => process.exit(0));
