// (a) demo_server over raw sockets: exact bytes, resume, errors, disconnects.
import net from 'node:net';
import fs from 'node:fs';
import {
  STREAM_HEAD, base, check, checkEqual, expectBackTo, get, logFile, port, rawExchange, run, serverStats,
  sleep, tokensBody,
} from './common.mjs';

const text = (buf) => buf.toString('utf8');

// The quick-start sequence of the Rust original, byte for byte (issue 12; the
// README's first example builds the same chain with sse::Stream).
const UPDATES_BODY =
  'event: connected\ndata: ready\n\n' +
  'id: 1\nevent: update\ndata: {"count":1}\n\n' +
  'id: 2\nevent: update\ndata: {"count":2}\n\n' +
  ': keep-alive\n\n';

function statusOf(buf) {
  return text(buf).split('\r\n', 1)[0];
}
function bodyOf(buf) {
  const s = text(buf);
  return s.slice(s.indexOf('\r\n\r\n') + 4);
}

async function alive(what) {
  checkEqual(text(await get('/updates')), STREAM_HEAD + UPDATES_BODY, `server still serves after ${what}`);
}

// Opens /tokens and resolves with the bytes once `stopAfter` token events
// arrived (then acts on the socket with `how`), or at the close.
function partialStream(target, stopAfter, how) {
  return new Promise((resolve, reject) => {
    let got = '';
    const socket = net.connect(port, '127.0.0.1', () =>
      socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`));
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`timeout on ${target}`)); }, 20000);
    socket.on('data', (c) => {
      got += c.toString('utf8');
      if (stopAfter && (got.match(/^event: token$/gm) || []).length >= stopAfter) {
        clearTimeout(timer);
        if (how === 'reset') socket.resetAndDestroy(); else socket.destroy();
        resolve(got);
      }
    });
    socket.on('error', (e) => { clearTimeout(timer); reject(e); });
    socket.on('close', () => { clearTimeout(timer); resolve(got); });
  });
}

await run('raw', async () => {
  const baseline = serverStats();

  // /updates: the quick-start sequence, exact bytes, then the close.
  checkEqual(text(await get('/updates')), STREAM_HEAD + UPDATES_BODY, '/updates: exact head and body');
  checkEqual(text(await get('/updates', {}, 'HEAD')), STREAM_HEAD, 'HEAD /updates: head only');

  // /tokens: retry first, ids 1..N, done; every byte.
  checkEqual(text(await get('/tokens?count=12&interval_ms=5')), STREAM_HEAD + tokensBody(12),
    '/tokens?count=12: exact bytes (retry, 12 token events, done)');
  checkEqual(text(await get('/tokens?count=30&interval_ms=2')), STREAM_HEAD + tokensBody(30),
    '/tokens?count=30: ids 1..30, tokens cycle, done');

  // Last-Event-ID resume: exactly the events after K.
  for (const k of [0, 1, 5, 11]) {
    checkEqual(bodyOf(await get('/tokens?count=12&interval_ms=2', { 'Last-Event-ID': k })), tokensBody(12, k),
      `Last-Event-ID: ${k} resumes at ${k + 1}, nothing lost or repeated`);
  }
  checkEqual(bodyOf(await get('/tokens?count=12&interval_ms=2', { 'Last-Event-ID': 12 })), tokensBody(12, 12),
    'Last-Event-ID: 12 (= count) gives only done');
  checkEqual(bodyOf(await get('/tokens?count=3&interval_ms=2', { 'Last-Event-ID': '' })), tokensBody(3),
    'empty Last-Event-ID starts from 1');

  // The server drops the connection after drop_after events; resuming gets the rest.
  const dropped = bodyOf(await get('/tokens?count=10&interval_ms=2&drop_after=4'));
  checkEqual(dropped, tokensBody(10).split('id: 5\n')[0], 'drop_after=4: ids 1..4 then the server closes');
  checkEqual(bodyOf(await get('/tokens?count=10&interval_ms=2&drop_after=4', { 'Last-Event-ID': 4 })),
    tokensBody(10, 4).split('id: 9\n')[0], 'resume after the drop: ids 5..8, dropped again');
  checkEqual(bodyOf(await get('/tokens?count=10&interval_ms=2&drop_after=4', { 'Last-Event-ID': 8 })),
    tokensBody(10, 8), 'resume again: ids 9..10 and done; 1..10 each exactly once overall');

  // no_transform=1: the opt-in no-transform head, the same body.
  checkEqual(text(await get('/tokens?count=3&interval_ms=2&no_transform=1')),
    STREAM_HEAD.replace('Cache-Control: no-cache\r\n', 'Cache-Control: no-cache, no-transform\r\n') + tokensBody(3),
    'no_transform=1: Cache-Control: no-cache, no-transform, same bytes otherwise');

  // Keep-alive: comments while idle, none while busy.
  const idle = bodyOf(await get('/tokens?count=2&interval_ms=1200&keepalive_ms=250'));
  const pings = (idle.match(/^: keep-alive\n\n/gm) || []).length;
  check(pings >= 4 && idle.replace(/: keep-alive\n\n/g, '') === tokensBody(2),
    `idle stream (token every 1200 ms, keepalive_ms=250): ${pings} keep-alive comments between intact events`);
  const busy = bodyOf(await get('/tokens?count=40&interval_ms=5&keepalive_ms=2000'));
  checkEqual(busy, tokensBody(40), 'busy stream (every 5 ms, keepalive_ms=2000): no keep-alive at all');

  // Bad requests: a clear 4xx, and the server keeps serving.
  const bad = [
    ['unknown path', get('/nope'), '404 Not Found', /not found/],
    ['malformed request line', rawExchange('GARBAGE\r\n\r\n'), '400 Bad Request', /malformed request line/],
    ['bad HTTP version', rawExchange('GET / HTTP/9.9\r\nHost: x\r\n\r\n'), '400 Bad Request', /version/],
    ['target not starting with /', rawExchange('GET tokens HTTP/1.1\r\nHost: x\r\n\r\n'), '400 Bad Request', /target/],
    ['HTTP/1.1 without Host', rawExchange('GET / HTTP/1.1\r\n\r\n'), '400 Bad Request', /Host/],
    ['malformed header line', rawExchange('GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n'), '400 Bad Request', /header/],
    ['POST', get('/tokens', {}, 'POST'), '405 Method Not Allowed', /GET/],
    ['huge head', get('/', { 'X-Big': 'a'.repeat(9000) }), '431 Request Header Fields Too Large', /too large/],
    ['Last-Event-ID not a number', get('/tokens?count=5', { 'Last-Event-ID': 'abc' }), '400 Bad Request',
      /^invalid Last-Event-ID: expected a token id from 0 to 5\n$/],
    ['Last-Event-ID beyond count', get('/tokens?count=5', { 'Last-Event-ID': '6' }), '400 Bad Request',
      /^invalid Last-Event-ID: expected a token id from 0 to 5\n$/],
    ['Last-Event-ID negative', get('/tokens?count=5', { 'Last-Event-ID': '-1' }), '400 Bad Request', /Last-Event-ID/],
    // Beast's parser refuses a control byte in any header value before the
    // library's Last-Event-ID check sees it; either way: 400 naming the NUL.
    ['Last-Event-ID with NUL', rawExchange('GET /tokens HTTP/1.1\r\nHost: x\r\nLast-Event-ID: 3\0evil\r\n\r\n'),
      '400 Bad Request', /^(invalid Last-Event-ID: |malformed header line \(bad value: ).*NUL/],
    // RFC 9112: a server must accept the absolute form, and ignore an empty line before the request line.
    ['absolute-form target', rawExchange('GET http://127.0.0.1/updates HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'),
      '200 OK', /^event: connected\n/],
    ['leading empty line', rawExchange('\r\nGET /updates HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'),
      '200 OK', /^event: connected\n/],
    ['two Last-Event-ID headers', get('/tokens', { 'Last-Event-ID': '1', 'last-event-id': '2' }), '400 Bad Request',
      /more than one Last-Event-ID/],
    ['bad query value', get('/tokens?count=x'), '400 Bad Request', /count must be a whole number/],
    ['no_transform not 0 or 1', get('/tokens?no_transform=2'), '400 Bad Request', /no_transform must be a whole number from 0 to 1/],
  ];
  for (const [what, pending, status, message] of bad) {
    const res = await pending;
    const ok = statusOf(res) === `HTTP/1.1 ${status}` && message.test(bodyOf(res));
    check(ok, `${what}: ${status} with a clear reason`, `got ${JSON.stringify(text(res).slice(0, 300))}`);
  }
  check(!text(await rawExchange('GET /tokens HTTP/1.1\r\nHost: x\r\nLast-Event-ID: 3\0evil\r\n\r\n')).includes('evil'),
    'an invalid Last-Event-ID is never echoed');
  await alive('every bad request');
  // A client that sends half a head and stalls: 408 after --request-timeout-ms (1500 in run.sh).
  const slow = await rawExchange('GET /tokens HTTP/1.1\r\nHost:', 6000);
  check(statusOf(slow) === 'HTTP/1.1 408 Request Timeout', 'a stalled request head gets 408 and the close',
    JSON.stringify(text(slow).slice(0, 100)));
  // A client that sends half a request and leaves.
  await new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => { s.write('GET /tok'); setTimeout(() => { s.destroy(); resolve(); }, 50); });
    s.on('error', resolve);
  });

  // Clients leaving mid-stream (FIN and RST) while others keep going.
  const target = '/tokens?count=40&interval_ms=20';
  const stayers = [1, 2, 3, 4].map(() => get(target));
  const leavers = [
    partialStream(target, 3, 'close'), partialStream(target, 5, 'reset'),
    partialStream(target, 8, 'close'), partialStream(target, 1, 'reset'),
  ];
  const left = await Promise.all(leavers);
  check(left.every((s) => s.startsWith(STREAM_HEAD)), '4 clients left mid-stream (2 with FIN, 2 with RST)');
  const stayed = await Promise.all(stayers);
  check(stayed.every((b) => text(b) === STREAM_HEAD + tokensBody(40)),
    'the 4 clients that stayed got all 40 tokens and done, exact bytes');
  await alive('clients left mid-stream');
  const after = await expectBackTo(baseline, 'after the disconnects');
  check(true, `no leaked thread or descriptor: threads ${after.threads}, fds ${after.fds} (as before)`);

  // No terminal escape injection: Beast's parser refuses control bytes in a
  // header value (400) before anything is logged, and the log, whose request
  // values demo_server escapes anyway (log_escape), holds no raw ESC or BEL.
  const esc = await get('/tokens?count=5', { 'Last-Event-ID': '\x1b[31mred\x07' });
  check(statusOf(esc) === 'HTTP/1.1 400 Bad Request', 'a Last-Event-ID with ESC and BEL: 400');
  await sleep(100);
  const log = fs.readFileSync(logFile, 'utf8');
  check(!/[\x07\x1b]/.test(log), 'the server log holds no raw ESC or BEL byte');
  check(/GET \/tokens\?count=12&interval_ms=2 Last-Event-ID=5 -> 200 stream from id 6/.test(log),
    'server log shows the resume request');
  check(fs.existsSync(`/proc/${process.env.SSE_E2E_PID}`), `server (pid ${process.env.SSE_E2E_PID}) alive at ${base}`);
  await sleep(0);
}, 60000);
