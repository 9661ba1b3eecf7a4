// (f) Limits of demo_server (issue 13), loopback only, every wait bounded:
// - slowloris: 200 connections that send their request head one byte every
//   500 ms get 408 once --request-timeout-ms (1500 in run.sh) has passed in
//   all (a total, not per byte), while other clients are served meanwhile;
// - --max-connections: a second demo_server with --max-connections 4 and 4
//   idle streams open answers the 5th client 503 at once (not a hang), and
//   serves again once a stream's client left;
// - a client that never reads a fast stream is dropped by the 10 s send total
//   (the server's descriptor count is back between 8 and 16 s), however many
//   partial writes the socket buffers let through before they filled.
import net from 'node:net';
import { spawn } from 'node:child_process';
import { check, port as mainPort, run, serverStats, sleep } from './common.mjs';

const text = (b) => b.toString('latin1');

// Connects to `p`, sends `first`, resolves with everything received until the close.
function connect(p, first) {
  const socket = net.connect(p, '127.0.0.1', () => socket.write(first));
  const chunks = [];
  socket.on('data', (c) => chunks.push(c));
  const done = new Promise((resolve) => {
    socket.on('error', () => resolve(Buffer.concat(chunks)));
    socket.on('close', () => resolve(Buffer.concat(chunks)));
  });
  return { socket, done, got: () => text(Buffer.concat(chunks)) };
}
const withTimeout = (promise, ms, what) => Promise.race([
  promise, sleep(ms).then(() => { throw new Error(`${what}: no answer within ${ms} ms`); })]);

async function request(p, target) {
  const c = connect(p, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
  return text(await withTimeout(c.done, 5000, `GET ${target}`));
}

await run('limits', async () => {
  // --- a client that never reads (started first: it takes 10 s) ---
  const fdsBefore = serverStats().fds;
  const t2 = Date.now();
  const stalled = connect(mainPort, 'GET /tokens?count=10000000&interval_ms=0 HTTP/1.1\r\nHost: x\r\n\r\n');
  stalled.socket.pause();  // never read: the socket buffers fill, then the server's queue stays full
  const stalledGone = (async () => {
    await sleep(500);
    while (serverStats().fds > fdsBefore && Date.now() - t2 < 20000) await sleep(100);
    return Date.now() - t2;
  })();

  // --- slowloris against the main server (--request-timeout-ms 1500) ---
  const N = 200;
  const t0 = Date.now();
  const slow = Array.from({ length: N }, () => connect(mainPort, 'GET /tokens HTTP/1.1\r\nHost: x\r\n'));
  const trickle = setInterval(() => { for (const s of slow) if (!s.socket.destroyed) s.socket.write('X'); }, 500);
  const slowEnds = slow.map((s) => s.done.then((b) => [text(b), Date.now() - t0]));
  await sleep(300);
  const during = await request(mainPort, '/updates');
  check(during.startsWith('HTTP/1.1 200 OK') && (Date.now() - t0) < 3000,
    `with ${N} slowloris connections open, another client is served (after ${Date.now() - t0} ms)`);
  const ends = await withTimeout(Promise.all(slowEnds), 8000, 'slowloris connections');
  clearInterval(trickle);
  const got408 = ends.filter(([t]) => t.startsWith('HTTP/1.1 408 ')).length;
  const latest = Math.max(...ends.map(([, ms]) => ms));
  check(got408 === N && latest < 5000,
    `${N} connections trickling a byte every 500 ms all got 408 and the close, the last after ${latest} ms ` +
    '(a total head timeout of 1500 ms, not one per byte)', `${got408} of ${N} got 408`);

  const stalledMs = await stalledGone;
  check(stalledMs >= 8000 && stalledMs <= 16000,
    `a client that never reads is dropped by the 10 s send total (after ${stalledMs} ms)`);
  stalled.socket.destroy();

  // --- --max-connections on a server of its own ---
  const server = spawn(process.env.SSE_E2E_DEMO_BIN, ['--port', '0', '--max-connections', '4', '--quiet'],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const p = await withTimeout(new Promise((resolve) => {
      let out = '';
      server.stdout.on('data', (c) => {
        out += c;
        const m = /:(\d+)\/\n/.exec(out);
        if (m) resolve(Number(m[1]));
      });
    }), 5000, 'demo_server --max-connections 4 start');
    const streams = Array.from({ length: 4 }, () =>
      connect(p, 'GET /tokens?count=1&interval_ms=60000&keepalive_ms=60000 HTTP/1.1\r\nHost: x\r\n\r\n'));
    const end = Date.now() + 5000;
    while (!streams.every((s) => s.got().includes('retry: ')) && Date.now() < end) await sleep(20);
    check(streams.every((s) => s.got().startsWith('HTTP/1.1 200 OK')), '4 idle streams open (the cap)');
    const t1 = Date.now();
    const fifth = await request(p, '/updates');
    check(fifth.startsWith('HTTP/1.1 503 ') && /max-connections/.test(fifth),
      `the 5th client gets 503 at once (${Date.now() - t1} ms), not a hang`, JSON.stringify(fifth.slice(0, 120)));
    streams[0].socket.destroy();
    let again = '';
    const until = Date.now() + 1000;
    while (Date.now() < until) {
      again = await request(p, '/updates');
      if (again.startsWith('HTTP/1.1 200 OK')) break;
      await sleep(50);
    }
    check(again.startsWith('HTTP/1.1 200 OK'), 'a stream\'s client left: within 1 s a new client is served again');
    for (const s of streams) s.socket.destroy();
  } finally {
    server.kill('SIGTERM');
  }
}, 40000);
