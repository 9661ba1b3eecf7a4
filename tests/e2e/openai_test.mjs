// examples/openai_server read by the official `openai` npm SDK (6.x, node 20):
// streamed deltas joined equal the text exactly (UTF-8 split between tokens
// included), the non-streaming answer too, an abort mid-stream makes the
// server stop and log one line, and an error mid-stream surfaces as the SDK's
// APIError.
//
//   SSE_E2E_NODE_MODULES=DIR node tests/e2e/openai_test.mjs BUILD/examples/openai_server
//
// DIR holds node_modules with `openai` (tools/ci.d/56-openai.sh installs it
// from package-lock.json). The server is started here on a free port
// (loopback) and killed by PID at the end; every wait has a time limit.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';

const binary = process.argv[2];
if (!binary) throw new Error('usage: node openai_test.mjs PATH/TO/openai_server');
const modules = process.env.SSE_E2E_NODE_MODULES;
if (!modules) throw new Error('SSE_E2E_NODE_MODULES is not set');
const require = createRequire(`${modules}/package.json`);
const OpenAI = require('openai').default ?? require('openai');
const sdkVersion = JSON.parse(fs.readFileSync(`${modules}/node_modules/openai/package.json`, 'utf8')).version;

// The text the server's tokens join into, written out by hand (the oracle; the
// server sends it as 26 byte pieces, some splitting a character).
const EXPECTED = 'Hello, world!\nThis is line two: naïve café, 日本語 🚀 and €5 😀.\r\nDone.';
// One delta per token that completes something: " \xF0\x9F" gives " ", then
// "\x9A\x80" gives the whole rocket; "\x9F\x98" (still incomplete) gives none.
const EXPECTED_DELTAS = ['Hello', ',', ' world', '!\nThis', ' is', ' line', ' two', ':', ' naï', 've', ' caf', 'é', ',',
  ' 日', '本語', ' ', '🚀', ' and', ' ', '€', '5', ' ', '😀', '.\r\n', 'Done.'];
const INTERVAL_MS = 50;
const TOKEN_COUNT = 26;

let failures = 0;
function check(ok, what, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${ok || !detail ? '' : `: ${detail}`}`);
  if (!ok) failures++;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function within(ms, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// Start the server; resolves with its port once it printed its listening line.
const server = spawn(binary, ['--port', '0', '--interval-ms', String(INTERVAL_MS)], {
  stdio: ['ignore', 'pipe', 'pipe'],
});
let stderr = '';
server.stderr.on('data', (d) => (stderr += d));
const port = await within(
  5000,
  'server start',
  new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const m = /^listening on 127\.0\.0\.1:(\d+)$/m.exec(out);
      if (m) resolve(Number(m[1]));
    });
    server.on('exit', (code) => reject(new Error(`server exited (${code}): ${stderr}`)));
  }),
);
const cancelLines = () => stderr.split('\n').filter((l) => l.startsWith('client gone:'));

const client = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'x', maxRetries: 0, timeout: 10000 });
const messages = [{ role: 'user', content: 'Say hello.' }];
console.log(`openai SDK ${sdkVersion}, node ${process.versions.node}, server port ${port}`);

try {
  // 1. The stream, read with for await: every delta once, joined exactly.
  await within(10000, 'stream', (async () => {
    const stream = await client.chat.completions.create({ model: 'sse-demo', messages, stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
    check(text === EXPECTED, 'stream: the joined deltas equal the text exactly', JSON.stringify(text));
    check(!text.includes('\uFFFD'), 'stream: no U+FFFD (split characters reached the client whole)');
    check(chunks.every((c) => c.object === 'chat.completion.chunk' && c.id === chunks[0].id),
      'stream: every chunk is a chat.completion.chunk of one id');
    check(chunks[0].choices[0].delta.role === 'assistant', 'stream: the first chunk has role "assistant"');
    const last = chunks[chunks.length - 1].choices[0];
    check(last.finish_reason === 'stop' && chunks.slice(0, -1).every((c) => c.choices[0].finish_reason === null),
      'stream: only the last chunk has finish_reason "stop"');
    const contents = chunks.slice(1, -1).map((c) => c.choices[0].delta.content);
    check(JSON.stringify(contents) === JSON.stringify(EXPECTED_DELTAS),
      'stream: one delta per token, a split character in the delta of the token that completes it',
      JSON.stringify(contents));
  })());

  // 2. Without stream: one chat.completion.
  await within(10000, 'non-stream', (async () => {
    const done = await client.chat.completions.create({ model: 'sse-demo', messages });
    check(done.object === 'chat.completion' && done.choices[0].message.content === EXPECTED &&
      done.choices[0].finish_reason === 'stop', 'non-stream: the whole text in one chat.completion',
      JSON.stringify(done));
  })());

  // 3. Abort after 3 content deltas: the server stops and says so once.
  await within(10000, 'abort', (async () => {
    const before = cancelLines().length;
    const stream = await client.chat.completions.create({ model: 'sse-demo', messages, stream: true });
    let seen = 0;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta?.content) seen++;
      if (seen === 3) stream.controller.abort();
    }
    check(seen === 3, 'abort: the loop ends after the abort without an error', `saw ${seen}`);
    // The whole stream would take TOKEN_COUNT intervals; wait for the line, then
    // two intervals more to be sure it is the only one.
    for (let i = 0; i < 100 && cancelLines().length === before; i++) await sleep(20);
    await sleep(2 * INTERVAL_MS);
    const lines = cancelLines().slice(before);
    const m = lines.length === 1 && /^client gone: generation cancelled after (\d+) tokens$/.exec(lines[0]);
    const n = m ? Number(m[1]) : -1;
    check(lines.length === 1, 'abort: the server logs exactly one cancel line', JSON.stringify(lines));
    // 3 tokens were read; the server may have generated the next one before it
    // could notice (a write to a closed connection succeeds once), never the rest.
    check(n >= 3 && n <= 4 && n < TOKEN_COUNT, `abort: generation stopped right after the abort (${lines[0]})`);
  })());

  // 4. An error mid-stream: data {"error": ...} becomes the SDK's APIError.
  await within(10000, 'error', (async () => {
    const stream = await client.chat.completions.create({ model: 'error-after-2', messages, stream: true });
    let text = '';
    let error = null;
    try {
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    } catch (e) {
      error = e;
    }
    check(error instanceof OpenAI.APIError, 'error: the stream throws OpenAI.APIError', String(error));
    check(error?.message === 'generation failed after 2 tokens (model error-after-2)' && error?.type === 'server_error',
      'error: message and type from the error event', `${error?.message} / ${error?.type}`);
    check(text === 'Hello,', 'error: the tokens before the error were delivered', JSON.stringify(text));
    let plain = null;
    try {
      await client.chat.completions.create({ model: 'error-after-2', messages });
    } catch (e) {
      plain = e;
    }
    check(plain instanceof OpenAI.InternalServerError && plain.status === 500, 'error: non-stream gets a 500 APIError',
      String(plain));
  })());

  // 5. A malformed request gets a 400 with an OpenAI error body (no exception, no stream).
  await within(10000, 'bad request', (async () => {
    for (const body of ['{"model": 1}', '{"model": "m", "stream": "yes"}', 'not json', '[1]']) {
      const res = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, { method: 'POST', body });
      const json = await res.json();
      check(res.status === 400 && json.error?.type === 'invalid_request_error', `bad request ${body}: 400`,
        `${res.status} ${JSON.stringify(json)}`);
    }
  })());
} catch (e) {
  check(false, 'test', e.stack ?? String(e));
} finally {
  server.kill('SIGTERM');
}

if (failures) {
  console.log(`openai: ${failures} check(s) failed; server stderr:\n${stderr}`);
  process.exit(1);
}
console.log('openai: all passed');
