// (c) Clients nobody on the team wrote: the npm `eventsource` package (v4) and
// `curl -N`, against demo_server.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { STREAM_HEAD, base, check, checkEqual, logFile, requireNpm, run, tokenSeen, tokensBody } from './common.mjs';

const { EventSource } = requireNpm('eventsource');

// Collects a whole /tokens stream with the eventsource client, which must
// reconnect by itself with Last-Event-ID each time the server drops it.
function collect(query) {
  return new Promise((resolve, reject) => {
    const got = { opens: 0, errors: 0, tokens: [], done: null, types: new Set() };
    const es = new EventSource(`${base}/tokens?${query}`);
    const timer = setTimeout(() => { es.close(); reject(new Error('eventsource: no done within 20 s')); }, 20000);
    es.addEventListener('open', () => { got.opens++; });
    es.addEventListener('error', () => { got.errors++; });
    es.addEventListener('message', () => got.types.add('message'));
    es.addEventListener('token', (e) => got.tokens.push({ id: e.lastEventId, data: e.data, type: e.type }));
    es.addEventListener('done', (e) => {
      got.done = e.data;
      es.close();
      clearTimeout(timer);
      resolve(got);
    });
  });
}

function curl(args) {
  return new Promise((resolve) => {
    execFile('curl', ['-sS', '-N', '--max-time', '15', ...args], { encoding: 'buffer', maxBuffer: 1 << 24 },
      (error, stdout, stderr) => resolve({ code: error ? error.code : 0, out: stdout.toString('utf8'), err: String(stderr) }));
  });
}

function checkAllOnce(got, count, what) {
  const problems = [];
  if (got.tokens.length !== count) problems.push(`${got.tokens.length} tokens instead of ${count}`);
  got.tokens.forEach((t, i) => {
    if (t.id !== String(i + 1)) problems.push(`token #${i + 1} has id ${t.id}`);
    else if (t.data !== tokenSeen(i + 1)) problems.push(`id ${t.id}: data ${JSON.stringify(t.data)}`);
  });
  check(problems.length === 0, `${what}: ids 1..${count} each exactly once, data intact (multi-line, UTF-8, CRLF->LF, empty)`,
    problems.slice(0, 5).join('; '));
}

await run('clients', async () => {
  // eventsource, one connection.
  const one = await collect('count=24&interval_ms=10');
  checkAllOnce(one, 24, 'eventsource');
  checkEqual(one.done, '24', 'eventsource: done event received');
  check(one.opens === 1 && !one.types.has('message'), 'eventsource: one connection, only named events');

  // eventsource with the server dropping it twice: it resumes by itself.
  const logBefore = fs.readFileSync(logFile, 'utf8').length;
  const resumed = await collect('count=30&interval_ms=10&drop_after=12');
  checkAllOnce(resumed, 30, 'eventsource across 2 server drops');
  checkEqual(resumed.opens, 3, 'eventsource: reconnected twice by itself');
  const log = fs.readFileSync(logFile, 'utf8').slice(logBefore);
  check(/drop_after=12 Last-Event-ID=12 -> 200 stream from id 13/.test(log) &&
        /drop_after=12 Last-Event-ID=24 -> 200 stream from id 25/.test(log),
    'eventsource sent Last-Event-ID 12 then 24 (server log)');

  // curl -N: exact bytes, with and without Last-Event-ID.
  const c1 = await curl(['-i', `${base}/tokens?count=15&interval_ms=10`]);
  checkEqual(c1.out, STREAM_HEAD + tokensBody(15), 'curl -N: exact response, ids 1..15 and done');
  const c2 = await curl(['-H', 'Last-Event-ID: 9', `${base}/tokens?count=15&interval_ms=10`]);
  checkEqual(c2.out, tokensBody(15, 9), 'curl -N with Last-Event-ID: 9: ids 10..15 and done');
  const c3 = await curl(['-f', '-H', 'Last-Event-ID: 1x', `${base}/tokens?count=15`]);
  check(c3.code === 22 && /400/.test(c3.err), 'curl: an invalid Last-Event-ID gets 400', c3.err);
  const c4 = await curl([`${base}/updates`]);
  check(c4.code === 0 && c4.out.startsWith('event: connected\ndata: ready\n\n'), 'curl: /updates');
}, 60000);
