// Shared helpers of the e2e tests. run.sh starts the server and passes
// SSE_E2E_PORT, SSE_E2E_PID and SSE_E2E_LOG (its stderr) to every test.
import net from 'node:net';
import fs from 'node:fs';
import { createRequire } from 'node:module';

export const port = Number(process.env.SSE_E2E_PORT);
export const pid = Number(process.env.SSE_E2E_PID);
export const logFile = process.env.SSE_E2E_LOG;
export const base = `http://127.0.0.1:${port}`;
if (!port || !pid) throw new Error('run through tests/e2e/run.sh (SSE_E2E_PORT/SSE_E2E_PID missing)');

// npm packages live in a scratch dir (SSE_E2E_NODE_MODULES), not in the tree.
export function requireNpm(name) {
  const dir = process.env.SSE_E2E_NODE_MODULES;
  if (!dir) throw new Error('SSE_E2E_NODE_MODULES is not set');
  return createRequire(`${dir}/package.json`)(name);
}

// The demo's tokens, written out by hand (the test oracle; see demo_server.cpp).
// wire: the data lines the server must send; seen: the data a client receives.
export const TOKENS = [
  { wire: 'data: Hello\n', seen: 'Hello' },
  { wire: 'data: ,\n', seen: ',' },
  { wire: 'data:  world\n', seen: ' world' },
  { wire: 'data: :\n', seen: ':' },
  { wire: 'data:  naïve café, Grüße, 日本語 🚀\n', seen: ' naïve café, Grüße, 日本語 🚀' },
  { wire: 'data:  — \n', seen: ' — ' },
  { wire: 'data: a token with\ndata: two lines\n', seen: 'a token with\ntwo lines' },
  { wire: 'data: , a CRLF\ndata: becomes LF\n', seen: ', a CRLF\nbecomes LF' },
  { wire: 'data: \n', seen: '' },
  { wire: 'data:  and\n', seen: ' and' },
  { wire: 'data:  done.\n', seen: ' done.' },
  { wire: 'data: \ndata: \n', seen: '\n' },
];
export const tokenSeen = (id) => TOKENS[(id - 1) % TOKENS.length].seen;

export const STREAM_HEAD =
  'HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nX-Accel-Buffering: no\r\n\r\n';

// The exact body of /tokens?count=<count> resumed after id <last>.
export function tokensBody(count, last = 0, retryMs = 1000) {
  let s = `retry: ${retryMs}\n\n`;
  for (let id = last + 1; id <= count; ++id) {
    s += `id: ${id}\nevent: token\n${TOKENS[(id - 1) % TOKENS.length].wire}\n`;
  }
  return s + `event: done\ndata: ${count}\n\n`;
}

// Sends raw request bytes, returns everything received until the server closes
// (as a Buffer), or rejects after timeoutMs.
export function rawExchange(request, timeoutMs = 10000) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`timeout after ${timeoutMs} ms: ${JSON.stringify(String(request).slice(0, 60))}`));
    }, timeoutMs);
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', (e) => { clearTimeout(timer); reject(e); });
    socket.on('close', () => { clearTimeout(timer); resolve(Buffer.concat(chunks)); });
  });
}

export function get(target, headers = {}, method = 'GET') {
  let req = `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`;
  for (const [k, v] of Object.entries(headers)) req += `${k}: ${v}\r\n`;
  return rawExchange(Buffer.from(req + '\r\n', 'latin1'));
}

// Threads, open descriptors and resident memory of the server (Linux /proc).
export function serverStats() {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)[1]);
  return { threads: field('Threads'), fds: fs.readdirSync(`/proc/${pid}/fd`).length, rssKiB: field('VmRSS') };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Waits until the server is back to `baseline` threads and descriptors.
export async function expectBackTo(baseline, what, timeoutMs = 5000) {
  const end = Date.now() + timeoutMs;
  let now;
  while (Date.now() < end) {
    now = serverStats();
    if (now.threads === baseline.threads && now.fds === baseline.fds) return now;
    await sleep(50);
  }
  throw new Error(`${what}: server did not return to ${JSON.stringify(baseline)}, now ${JSON.stringify(now)}`);
}

// Counting checks: each prints one line; run() exits non-zero if any failed.
let failures = 0;
export function check(ok, what, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${ok || !detail ? '' : `\n     ${detail}`}`);
  if (!ok) ++failures;
}
export function checkEqual(actual, expected, what) {
  const ok = actual === expected;
  check(ok, what, ok ? '' : `expected ${JSON.stringify(expected)}\n     actual   ${JSON.stringify(actual)}`);
}
export async function run(name, body, timeoutMs) {
  const t0 = Date.now();
  const timer = setTimeout(() => {
    console.log(`FAIL ${name}: did not finish within ${timeoutMs} ms`);
    process.exit(1);
  }, timeoutMs);
  try {
    await body();
  } catch (e) {
    check(false, `${name}: ${e.stack || e}`);
  }
  clearTimeout(timer);
  console.log(`${name}: ${failures === 0 ? 'passed' : `${failures} FAILED`} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  process.exit(failures === 0 ? 0 : 1);
}
