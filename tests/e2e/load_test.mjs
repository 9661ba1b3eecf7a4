// (d) Bounded load: 200 concurrent clients on loopback for about 10 s (200
// tokens at 50 ms). Every client must receive every byte of the stream, and
// the server's memory must stay flat while it streams.
import net from 'node:net';
import { STREAM_HEAD, check, expectBackTo, port, run, serverStats, sleep, tokensBody } from './common.mjs';

const CLIENTS = Number(process.env.SSE_E2E_LOAD_CLIENTS || 200);
const COUNT = 200;
const INTERVAL_MS = 50;
const expected = STREAM_HEAD + tokensBody(COUNT);

function client() {
  return new Promise((resolve) => {
    const chunks = [];
    const socket = net.connect(port, '127.0.0.1', () =>
      socket.write(`GET /tokens?count=${COUNT}&interval_ms=${INTERVAL_MS} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`));
    socket.setTimeout(5000, () => socket.destroy(new Error('no byte for 5 s')));
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', (e) => resolve({ error: String(e), body: Buffer.concat(chunks).toString('utf8') }));
    socket.on('close', () => resolve({ body: Buffer.concat(chunks).toString('utf8') }));
  });
}

await run('load', async () => {
  const baseline = serverStats();
  const t0 = Date.now();
  const pending = Array.from({ length: CLIENTS }, client);
  const samples = [];  // [seconds since start, RSS KiB, threads, open descriptors]
  let finished = false;
  Promise.all(pending).then(() => { finished = true; });
  while (!finished) {
    const s = serverStats();
    samples.push([(Date.now() - t0) / 1000, s.rssKiB, s.threads, s.fds]);
    await sleep(250);
  }
  const results = await Promise.all(pending);
  const seconds = (Date.now() - t0) / 1000;

  const bad = results.filter((r) => r.body !== expected);
  const firstBad = bad[0] ? (bad[0].error || `${bad[0].body.length} bytes, want ${expected.length}`) : '';
  check(bad.length === 0,
    `${CLIENTS} concurrent clients x ${COUNT} tokens: every client got every event, exact bytes (${seconds.toFixed(1)} s)`,
    `${bad.length} clients differ; first: ${firstBad}`);
  const events = CLIENTS * (COUNT + 1);
  console.log(`     ${events} events delivered in ${seconds.toFixed(1)} s (${Math.round(events / seconds)} events/s)`);

  // Memory: compare the middle of the run with its end, once all streams are up.
  const full = samples.filter(([, , , fds]) => fds >= baseline.fds + CLIENTS);
  const early = full.slice(0, Math.max(1, Math.floor(full.length / 4)));
  const late = full.slice(Math.floor((3 * full.length) / 4));
  const maxOf = (xs) => Math.max(...xs.map(([, rss]) => rss));
  const growth = late.length && early.length ? maxOf(late) - maxOf(early) : NaN;
  const rss = samples.map(([, r]) => r);
  console.log(`     server RSS KiB: baseline ${baseline.rssKiB}, min ${Math.min(...rss)}, max ${Math.max(...rss)}, ` +
              `${full.length} samples with all ${CLIENTS} streams open`);
  check(full.length >= 8 && growth <= 1024,
    `server RSS flat while streaming: first quarter max ${early.length ? maxOf(early) : '?'} KiB, ` +
    `last quarter max ${late.length ? maxOf(late) : '?'} KiB (growth ${growth} KiB, limit 1024)`);
  const maxThreads = Math.max(...samples.map(([, , threads]) => threads));
  check(maxThreads === baseline.threads,
    `no thread per client: ${maxThreads} server thread(s) at most with ${CLIENTS} streams open (${baseline.threads} idle)`);
  const after = await expectBackTo(baseline, 'after the load');
  check(true, `after the load: threads ${after.threads}, fds ${after.fds}, as before (no leak)`);
}, 60000);
