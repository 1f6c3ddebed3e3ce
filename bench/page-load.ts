/**
 * npx tsx bench/page-load.ts [--runs=5]   (or: npm run bench -- --workloads=pageload)
 * "The meeting page is usable in under 0.5 s cold on loopback": starts Samråd with demo data
 * (NODE_ENV=development, embedded PostgreSQL in a temporary folder, the built web app from
 * dist/web, so run `npm run build` first), logs in as the demo chair, picks a meeting of one
 * of the chair's forums with an agenda, and times in headless Chromium (playwright-core,
 * /usr/bin/chromium) from navigation start until the agenda is visible
 * (`[data-testid="meeting-page"] [data-testid="agenda-item"]`).
 *
 * Cold = a fresh browser context each run (empty HTTP cache, the session cookie only);
 * warm = a reload in the same context (JS from the cache). The time is taken in the page:
 * a MutationObserver installed before any script records performance.now() (ms since
 * navigation start) when the first agenda item is in the DOM and has a layout box.
 * The server process is stopped by its PID at the end.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { Histogram } from './harness/histogram.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const CHAIR = 'ahmed.nielsen@demo.samraad.dk';
const SELECTOR = '[data-testid="meeting-page"] [data-testid="agenda-item"]';
const runs = Number(/^--runs=(\d+)$/.exec(process.argv.slice(2).find((a) => a.startsWith('--runs=')) ?? '')?.[1] ?? 5);
/** --waterfall: print when each request of the last cold load started and ended. */
const waterfall = process.argv.includes('--waterfall');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const median = (xs: number[]) => Histogram.of(xs).percentile(50);

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'web', 'index.html'))) throw new Error('dist/web is missing: run `npm run build` first');
  const port = await freePort();
  const pgPort = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samraad-pageload-'));
  fs.chmodSync(dataDir, 0o755); // as root, the embedded PostgreSQL runs as user postgres and must reach its folder
  const password = `bench-${crypto.randomBytes(6).toString('hex')}`;
  const origin = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['DATABASE_URL', 'REDIS_URL', 'PUBLIC_ORIGIN', 'ALLOWED_ORIGINS']) delete env[k];
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...env,
      NODE_ENV: 'development',
      SAMRAAD_DEMO_PASSWORD: password,
      PORT: String(port),
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      LOG_LEVEL: 'warn',
    },
  });
  const tail: string[] = [];
  const keep = (b: Buffer) => {
    tail.push(...b.toString().split('\n').filter(Boolean));
    tail.splice(0, Math.max(0, tail.length - 30));
  };
  server.stdout!.on('data', keep);
  server.stderr!.on('data', keep);
  let browser: Awaited<ReturnType<typeof chromium.launch>> | null = null;
  try {
    // Wait for /healthz (embedded PostgreSQL init + migrations + demo seed), at most 120 s.
    const until = Date.now() + 120_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`server exited (${server.exitCode}):\n${tail.join('\n')}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > until) throw new Error(`server did not start:\n${tail.join('\n')}`);
      await sleep(250);
    }

    // Find a meeting with an agenda in one of the chair's forums.
    const login = await fetch(`${origin}/api/auth/login`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ email: CHAIR, password }),
    });
    if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const [cookieName, ...rest] = cookie.split('=');
    const me = (await (await fetch(`${origin}/api/auth/me`, { headers: { cookie } })).json()) as { memberships: { forumId: string; role: string }[] };
    type Meeting = { id: string; status: string; agendaCount: number };
    let meeting: Meeting | null = null;
    for (const m of [...me.memberships].sort((a, b) => (a.role === 'CHAIR' ? -1 : 0) - (b.role === 'CHAIR' ? -1 : 0))) {
      const list = (await (await fetch(`${origin}/api/forums/${m.forumId}/meetings`, { headers: { cookie } })).json()) as Meeting[];
      const rank = (x: Meeting) => (x.status === 'RUNNING' ? 0 : x.status === 'PLANNED' ? 1 : 2);
      const withAgenda = list.filter((x) => x.agendaCount > 0 && x.status !== 'CLOSED').sort((a, b) => rank(a) - rank(b));
      if (withAgenda.length) {
        meeting = withAgenda[0]!;
        break;
      }
    }
    if (!meeting) throw new Error('no open meeting with an agenda in the demo data');
    const url = `${origin}/m/${meeting.id}`;

    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    // In-page code as strings: the project's tsconfig has no DOM lib.
    const observe = `(() => {
      const check = () => {
        if (window.__agendaAt) return;
        const el = document.querySelector(${JSON.stringify(SELECTOR)});
        if (el && el.getBoundingClientRect().height > 0) window.__agendaAt = performance.now();
      };
      new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
    })()`;
    const timings = `(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const js = performance.getEntriesByType('resource').filter((r) => r.name.endsWith('.js'));
      const all = performance.getEntriesByType('resource').map((r) => [r.name.replace(location.origin, ''), Math.round(r.startTime), Math.round(r.responseEnd)]);
      return { agenda: window.__agendaAt, dcl: nav.domContentLoadedEventEnd, jsFiles: js.length, jsBytes: js.reduce((s, r) => s + r.transferSize, 0), all };
    })()`;
    type Timings = { agenda: number; dcl: number; jsFiles: number; jsBytes: number; all: [string, number, number][] };
    const measure = async (page: import('playwright-core').Page, reload: boolean): Promise<Timings> => {
      if (reload) await page.reload({ waitUntil: 'commit' });
      else await page.goto(url, { waitUntil: 'commit' });
      // A function, not a string: the app's CSP forbids eval of strings in the page.
      await page.waitForFunction(() => (globalThis as unknown as { __agendaAt?: number }).__agendaAt, null, { timeout: 30_000, polling: 50 });
      return (await page.evaluate(timings)) as Timings;
    };
    const cold: number[] = [];
    const warm: number[] = [];
    let detail = '';
    for (let i = 0; i < runs + 1; i++) {
      const context = await browser.newContext({ baseURL: origin });
      await context.addCookies([{ name: cookieName!, value: rest.join('='), url: origin }]);
      await context.addInitScript(observe);
      const page = await context.newPage();
      const c = await measure(page, false);
      const w = await measure(page, true);
      if (i > 0) {
        // run 0 warms the server (first hits of each route, V8 JIT) and is not counted
        cold.push(c.agenda);
        warm.push(w.agenda);
      }
      detail = `DOMContentLoaded ${c.dcl.toFixed(0)} ms; ${c.jsFiles} JS files, ${(c.jsBytes / 1024).toFixed(1)} KB transferred (cold)`;
      if (waterfall) detail += `\n  requests (start-end ms): ${c.all.map(([n, a, b]) => `${n} ${a}-${b}`).join(', ')}; agenda at ${c.agenda.toFixed(0)}`;
      await context.close();
    }
    console.log(`meeting page ${url} (status ${meeting.status}, ${meeting.agendaCount} agenda items); ${runs} runs after 1 warm-up`);
    console.log(`  cold (fresh context): median ${median(cold).toFixed(0)} ms, max ${Math.max(...cold).toFixed(0)} ms  [${cold.map((x) => x.toFixed(0)).join(', ')}]`);
    console.log(`  warm (reload):        median ${median(warm).toFixed(0)} ms, max ${Math.max(...warm).toFixed(0)} ms  [${warm.map((x) => x.toFixed(0)).join(', ')}]`);
    console.log(`  ${detail}`);
    console.log(`  target < 500 ms cold: ${median(cold) < 500 ? 'met' : 'NOT met'} (median), ${Math.max(...cold) < 500 ? 'met' : 'not met'} (max)`);
  } finally {
    await browser?.close().catch(() => {});
    if (server.exitCode === null) {
      const exited = new Promise<void>((r) => server.once('exit', () => r()));
      server.kill('SIGTERM');
      const t = setTimeout(() => server.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(t);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
