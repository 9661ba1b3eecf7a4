// The second npm peer for bench/fanout/run.sh: hub_server's routes on npm hono
// with @hono/node-server, each stream a streamSSE() handler (one thread).
//   NODE_PATH=<scratch>/node_modules node hono_hub.mjs [PORT]
// GET /events: streamSSE, kept open until the client aborts; POST /publish?type=T:
// writeSSE to every stream with the next id, answers the id; GET /stats:
// connections and published (the other fields are 0).
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const load = (name) => require(require.resolve(name, { paths: [process.env.NODE_PATH ?? "."] }));
const { Hono } = load("hono");
const { streamSSE } = load("hono/streaming");
const { serve } = load("@hono/node-server");

const app = new Hono();
const streams = new Set();
let published = 0;
app.get("/events", (c) =>
  streamSSE(c, async (stream) => {
    streams.add(stream);
    await new Promise((resolve) => stream.onAbort(resolve));
    streams.delete(stream);
  }),
);
app.post("/publish", async (c) => {
  const data = await c.req.text();
  const id = String(++published);
  const event = c.req.query("type");
  for (const s of streams) s.writeSSE(event ? { data, event, id } : { data, id });
  return c.text(id);
});
app.get("/stats", (c) => c.json({ connections: streams.size, published, dropped_slow: 0, queued_bytes: 0 }));

serve({ fetch: app.fetch, port: Number(process.argv[2] ?? 0), hostname: "127.0.0.1" }, (info) => {
  console.log(`listening on 127.0.0.1:${info.port}`);
});
process.on("SIGTERM", () => process.exit(0));
