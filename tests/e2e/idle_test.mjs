// (g) Many idle /tokens streams on demo_server (issue 13): N clients (default
// 2000; SSE_E2E_IDLE_CLIENTS=10000 for the README figure), from 127.0.0.2..
// so the ephemeral ports suffice, each waiting for a token due in 10 minutes.
// Prints the server's CPU time over 10 s (from /proc/PID/stat) and its RSS per
// stream; checks wide margins only (RSS per idle stream under 10 KiB, CPU under
// 10% of a core), then that every stream is released within 1 s after its
// client left (descriptor count back to the baseline).
import net from 'node:net';
import fs from 'node:fs';
import { check, pid, port, run, serverStats, sleep } from './common.mjs';

const N = Number(process.env.SSE_E2E_IDLE_CLIENTS || 2000);
const PER_ADDRESS = 20000;
const TICK = 100;  // clock ticks per second (getconf CLK_TCK on Linux)

function cpuSeconds() {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICK;  // utime + stime
}

await run('idle', async () => {
  const baseline = serverStats();
  const sockets = [];
  let heads = 0;
  for (let i = 0; i < N; ++i) {
    const localAddress = `127.0.0.${2 + Math.floor(i / PER_ADDRESS)}`;
    const s = net.connect({ port, host: '127.0.0.1', localAddress }, () =>
      s.write('GET /tokens?count=1&interval_ms=600000 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'));
    let seen = false;
    s.on('data', () => { if (!seen) { seen = true; ++heads; } });
    s.on('error', () => {});
    sockets.push(s);
    if (i % 500 === 499) await sleep(50);  // let the server accept
  }
  const end = Date.now() + 30000;
  while (heads < N && Date.now() < end) await sleep(50);
  check(heads === N, `${N} idle streams open (${heads} got their head)`);
  await sleep(500);
  const open = serverStats();
  const c0 = cpuSeconds();
  await sleep(10000);
  const c1 = cpuSeconds();
  const cpuPct = ((c1 - c0) / 10) * 100;
  const rssPer = ((open.rssKiB - baseline.rssKiB) * 1024) / N;
  console.log(`     ${N} idle streams: server CPU ${(c1 - c0).toFixed(2)} s over 10 s (${cpuPct.toFixed(2)}% of a core), ` +
              `RSS ${baseline.rssKiB} -> ${open.rssKiB} KiB (${(rssPer / 1024).toFixed(2)} KiB per stream), ` +
              `${open.threads} thread(s), ${open.fds} descriptors`);
  check(rssPer < 10 * 1024, `server RSS per idle stream under 10 KiB (${(rssPer / 1024).toFixed(2)} KiB)`);
  check(cpuPct < 10, `server CPU for ${N} idle streams well under a core (${cpuPct.toFixed(2)}%, margin 10%)`);
  check(open.threads === baseline.threads, `no thread per client (${open.threads} thread(s))`);

  for (const s of sockets) s.destroy();
  const t0 = Date.now();
  let now = serverStats();
  while (now.fds > baseline.fds && Date.now() - t0 < 1000) { await sleep(20); now = serverStats(); }
  check(now.fds <= baseline.fds,
    `all ${N} clients left: every stream released within 1 s (${Date.now() - t0} ms, ${now.fds} descriptors)`);
}, 90000);
