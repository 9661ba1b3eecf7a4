// Times the npm packages users would otherwise pick on the workloads of
// sse_bench (same bytes: read from `sse_bench --dump=DIR`), and prints our
// ratio to each, from sse_bench's JSON output of the same run.
//
//   node bench/peers/peers.mjs WORKLOAD_DIR SSE_BENCH_JSON
//
// Run through bench/peers/run.sh, which installs the packages in a scratch
// directory (NODE_PATH) first.
//
// - better-sse (EventBuffer, the serializer of its Session.push): encodes each
//   event into a string, then to bytes ready for the socket (Buffer.from);
//   compared with encode/sse (Event::encode_to into a reused buffer).
// - eventsource-parser: decodes the encoded stream (createParser().feed);
//   compared with parse/sse when sse_bench has it.
// Each figure is the median of 7 timed rounds of at least 0.2 s.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.join(process.env.NODE_PATH ?? process.cwd(), "x.js"));
const { EventBuffer } = require("better-sse");
const { createParser } = require("eventsource-parser");
const version = (name) =>
  JSON.parse(readFileSync(path.join(process.env.NODE_PATH ?? "node_modules", name, "package.json"), "utf8")).version;
const betterSseVersion = version("better-sse");
const parserVersion = version("eventsource-parser");

const [dir, benchJson] = process.argv.slice(2);
const workloads = ["token", "4k", "4k_nl40", "4k_crlf40", "1m"];

// Median ns per call of fn(), over 7 rounds of >= 0.2 s each.
function time(fn) {
  const rounds = [];
  for (let r = 0; r < 7; ++r) {
    let calls = 0;
    const start = process.hrtime.bigint();
    let now = start;
    do {
      fn();
      ++calls;
      now = process.hrtime.bigint();
    } while (now - start < 200_000_000n);
    rounds.push(Number(now - start) / calls);
  }
  rounds.sort((a, b) => a - b);
  return rounds[3];
}

// Our medians (ns/event) from sse_bench --benchmark_out=...json.
const ours = {};
if (benchJson) {
  // (Google Benchmark writes NaN/inf for some aggregates of counters: not JSON)
  const text = readFileSync(benchJson, "utf8").replace(/:\s*-?(nan|inf(inity)?)\b/gi, ": null");
  const json = JSON.parse(text);
  for (const b of json.benchmarks) {
    if (b.aggregate_name && b.aggregate_name !== "median") continue;
    const name = b.run_name ?? b.name;
    if (b["ns/event"] !== undefined) ours[name] = b["ns/event"];
  }
}

const rows = [];
for (const w of workloads) {
  const { events } = JSON.parse(readFileSync(path.join(dir, `${w}.json`), "utf8"));
  const wire = readFileSync(path.join(dir, `${w}.sse`));

  // better-sse: one EventBuffer reused, as a Session does per push.
  const buffer = new EventBuffer({ serializer: (d) => d });
  let sink = 0;
  const encodeNs = time(() => {
    for (const e of events) {
      buffer.id(e.id).event(e.type).data(e.data).dispatch();
      sink += Buffer.from(buffer.read(), "utf8").length;
      buffer.clear();
    }
  }) / events.length;
  // Does its output decode back to the same events? (our output: checked below too)
  const decode = (bytes) => {
    const got = [];
    const p = createParser({ onEvent: (ev) => got.push(ev) });
    p.feed(bytes.toString("utf8"));
    return got;
  };
  const sameData = (got) =>
    got.length === events.length &&
    got.every((ev, i) => ev.data === events[i].data.replace(/\r\n|\r/g, "\n") && ev.id === events[i].id && ev.event === events[i].type);
  let theirs = "";
  for (const e of events) theirs += buffer.id(e.id).event(e.type).data(e.data).dispatch().read(), buffer.clear();
  const betterOk = sameData(decode(Buffer.from(theirs, "utf8")));
  const oursOk = sameData(decode(wire));

  // eventsource-parser: decode a stream of about 1 MiB of these events, fed in 64 KiB chunks.
  const copies = Math.max(1, Math.round((1 << 20) / wire.length));
  const stream = Buffer.concat(Array(copies).fill(wire)).toString("utf8");
  const chunks = [];
  for (let i = 0; i < stream.length; i += 65536) chunks.push(stream.slice(i, i + 65536));
  let seen = 0;
  const parser = createParser({ onEvent: () => ++seen });
  const decodeNs = time(() => {
    for (const c of chunks) parser.feed(c);
  }) / (copies * events.length);

  rows.push({ w, wireBytes: wire.length / events.length, encodeNs, decodeNs, betterOk, oursOk, sink, seen });
}

const fmt = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
console.log(`\npeers: better-sse ${betterSseVersion}, eventsource-parser ${parserVersion}, node ${process.version}`);
console.log("(ns/event: medians; x = their time / ours, from the sse_bench run above)\n");
console.log("| workload | better-sse encode ns/event | sse encode ns/event | better-sse / sse | better-sse output decodes to the same events | eventsource-parser decode ns/event | its GB/s of stream | sse parse ns/event | eventsource-parser / sse |");
console.log("|---|---:|---:|---:|---|---:|---:|---:|---:|");
for (const r of rows) {
  const enc = ours[`encode/sse/${r.w}`];
  const dec = ours[`parse/sse/${r.w}`];
  console.log(
    `| ${r.w} | ${fmt(r.encodeNs)} | ${enc ? fmt(enc) : "n/a"} | ${enc ? fmt(r.encodeNs / enc) + "x" : "n/a"} | ` +
      `${r.betterOk ? "yes" : "NO"} | ${fmt(r.decodeNs)} | ${(r.wireBytes / r.decodeNs).toFixed(2)} | ` +
      `${dec ? fmt(dec) : "n/a"} | ${dec ? fmt(r.decodeNs / dec) + "x" : "n/a (no parser benchmark)"} |`,
  );
  if (!r.oursOk) console.log(`!! ${r.w}: eventsource-parser does not decode sse's output to the same events`);
}
