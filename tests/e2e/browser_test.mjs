// (b) Headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core)
// opens the demo page; the checks run IN THE PAGE on what its EventSource got.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TOKENS, base, check, checkEqual, logFile, requireNpm, run } from './common.mjs';

const { chromium } = requireNpm('playwright-core');
const COUNT = 40;
const DROP = 15;  // the server drops the stream after 15 tokens: ids 15 and 30 are the resume points

await run('browser', async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sse-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.SSE_E2E_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    timeout: 30000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = context.pages()[0] || await context.newPage();
    const consoleErrors = [];
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    // The Last-Event-ID header of every /tokens request the browser makes.
    const sent = [];
    page.on('request', async (req) => {
      if (new URL(req.url()).pathname === '/tokens') sent.push(await req.headerValue('last-event-id'));
    });

    await page.goto(`${base}/?count=${COUNT}&interval_ms=20&drop_after=${DROP}`, { timeout: 15000 });
    await page.waitForFunction(() => window.sseLog && window.sseLog.done !== null, null, { timeout: 30000 });

    // In the page: every token once, in order, with its id, type and exact data.
    const expected = Array.from({ length: COUNT }, (_, i) => TOKENS[i % TOKENS.length].seen);
    const verdict = await page.evaluate((want) => {
      const log = window.sseLog;
      const problems = [];
      if (log.events.length !== want.length) problems.push(`${log.events.length} token events, want ${want.length}`);
      log.events.forEach((e, i) => {
        if (e.type !== 'token') problems.push(`#${i + 1}: type ${e.type}`);
        if (e.id !== String(i + 1)) problems.push(`#${i + 1}: id ${e.id}`);
        if (e.data !== want[i]) problems.push(`id ${e.id}: data ${JSON.stringify(e.data)} != ${JSON.stringify(want[i])}`);
      });
      const ids = log.events.map((e) => e.id);
      const unique = new Set(ids).size === ids.length;
      return {
        problems, unique, opens: log.opens, done: log.done,
        multiline: log.events.some((e) => e.data === 'a token with\ntwo lines'),
        unicode: log.events.some((e) => e.data === ' naïve café, Grüße, 日本語 🚀'),
        shown: document.getElementById('text').textContent === want.join(''),
        status: document.getElementById('status').textContent,
      };
    }, expected);

    check(verdict.problems.length === 0 && verdict.unique,
      `in page: ${COUNT} token events, ids 1..${COUNT} each exactly once, exact data`, verdict.problems.slice(0, 6).join('; '));
    check(verdict.multiline, 'in page: multi-line data intact ("a token with\\ntwo lines")');
    check(verdict.unicode, 'in page: non-ASCII UTF-8 intact (ï é ü ß 日本語 🚀)');
    checkEqual(verdict.done, String(COUNT), 'in page: the done event arrived (data = count)');
    checkEqual(verdict.opens, 3, 'in page: EventSource opened 3 times (reconnected by itself after each drop)');
    check(verdict.shown, `in page: the text a person sees is the whole sentence (status "${verdict.status}")`);
    checkEqual(JSON.stringify(sent), JSON.stringify([null, '15', '30']),
      'the browser sent Last-Event-ID: none, then 15, then 30');
    const log = fs.readFileSync(logFile, 'utf8');
    check(log.includes(`drop_after=${DROP} Last-Event-ID=15 -> 200 stream from id 16`) &&
          log.includes(`drop_after=${DROP} Last-Event-ID=30 -> 200 stream from id 31`),
      'server log: resumed at 16 and 31');
    check(consoleErrors.length === 0, 'no script error in the page', consoleErrors.join('; '));
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}, 90000);
