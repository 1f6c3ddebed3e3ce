/**
 * npx tsx bench/api-scale.ts [--runs=200] [--warmup=20]   (not part of npm test; docs/SPEC.md KF11, docs/performance.md)
 *
 * "The API's p95 for the main pages at municipal scale, goal under 20 ms": a real server (HTTP, sessions, policy,
 * audit) on a fresh database (BENCH_DATABASE_URL, else samraad_bench_api_<random> on the local PostgreSQL at
 * 127.0.0.1:5432, dropped at the end) seeded with the municipal year of `npm run seed:municipality` (8 forums,
 * about 60 meetings, 400 cases, 1 200 actions). Then, one request at a time over keep-alive HTTP, as a chair of two
 * forums and as management, `runs` timed requests per endpoint after `warmup` untimed ones:
 *   forum overview   GET /api/forums/:id/overview        (the chair's largest forum)
 *   case page        GET /api/cases/:id                   (its case with the most actions; audited READ)
 *   case versions    GET /api/cases/:id/versions          (the case page's "Møder")
 *   meeting page     GET /api/meetings/:id                (the forum's next meeting, with its agenda)
 *   my tasks         GET /api/me/tasks                    (the member with the most open actions)
 *   home             GET /api/me/home
 *   search           POST /api/search                     (the chair: fravær, træt, skole, morgen, søvn in turn; the
 *                    throttle's statement included, the chair's bucket refilled between requests, untimed)
 *   key figures      GET /api/forums/keyfigures/year       (management, the municipality; and a forum)
 *   key figures cold  the municipality's figures computed afresh (loadMunicipalFigures: SQL and suppression), which
 *                    a request pays once after the data behind them changed
 * and prints p50 / p95 / p99 / max per endpoint, with the machine's load average before and after.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { loadConfig } from '../server/config.js';
import { loadMunicipalFigures } from '../server/features/keyfigures/service.js';
import { todayInCopenhagen } from '../server/features/tasks/dates.js';
import { seedMunicipality } from '../server/seed/municipal.js';
import { startServer } from '../server/server.js';
import { numberArg } from './harness/args.js';

const RUNS = numberArg('runs', 200);
const WARMUP = numberArg('warmup', 20);
const PASSWORD = 'bench-kodeord-12345';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function main(): Promise<void> {
  let url = process.env.BENCH_DATABASE_URL;
  let drop: (() => Promise<void>) | null = null;
  if (!url) {
    const name = `samraad_bench_api_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    url = `postgres://postgres@127.0.0.1:5432/${name}`;
    drop = async () => {
      const c = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const server = await startServer(loadConfig({ NODE_ENV: 'test', PORT: '0', DATABASE_URL: url, SERVE_WEB: 'false', LOG_LEVEL: 'error' }));
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const origin = `http://localhost:${server.port}`;
    const db = server.db;
    const version = (await db.pool.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
    const t0 = Date.now();
    const seeded = await seedMunicipality(db, { password: PASSWORD });
    console.log(
      `api-scale: ${seeded.forums} forums, ${seeded.meetings} meetings, ${seeded.cases} cases, ${seeded.actions} actions, ${seeded.followUps} follow-ups ` +
        `(seeded in ${((Date.now() - t0) / 1000).toFixed(0)} s); PostgreSQL ${version}, node ${process.version}, ${os.cpus().length} cores`,
    );

    // Who and what: the chair of the forum with the most cases, its case with the most actions, its next meeting.
    const prisma = db.prisma;
    const forum = (await prisma.forum.findMany({ where: { municipalityId: seeded.municipalityId }, include: { _count: { select: { cases: true } } } })).sort((a, b) => b._count.cases - a._count.cases)[0]!;
    const chair = await prisma.membership.findFirstOrThrow({ where: { forumId: forum.id, role: 'CHAIR' }, include: { user: { include: { _count: { select: { memberships: true } } } } } });
    const kase = (await prisma.case.findMany({ where: { forumId: forum.id, status: 'OPEN' }, include: { _count: { select: { actions: true, versions: true } } } })).sort((a, b) => b._count.actions - a._count.actions)[0]!;
    const meeting = await prisma.meeting.findFirstOrThrow({ where: { forumId: forum.id, status: 'PLANNED' }, include: { _count: { select: { agendaItems: true } } } });
    const busiest = await db.pool.query<{ id: string; email: string; n: number }>(
      `SELECT u.id, u.email, count(*)::int AS n FROM "ActionItem" a JOIN "User" u ON u.id = a."responsibleUserId"
        WHERE a.status IN ('PLANNED', 'IN_PROGRESS') AND u."municipalityId" = $1 GROUP BY u.id, u.email ORDER BY n DESC LIMIT 1`,
      [seeded.municipalityId],
    );
    const member = busiest.rows[0]!;
    const management = seeded.users.find((u) => u.what.startsWith('ledelse'))!.email;
    console.log(
      `as ${chair.user.email} (chair, member of ${chair.user._count.memberships} forums): forum "${forum.name}" (${forum._count.cases} cases), a case with ` +
        `${kase._count.actions} actions and ${kase._count.versions} versions, the next meeting with ${meeting._count.agendaItems} agenda items; ` +
        `tasks as ${member.email} (${member.n} open actions); key figures as ${management}`,
    );

    const login = async (email: string) => {
      const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ email, password: PASSWORD }) });
      if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
      return res.headers.get('set-cookie')!.split(';')[0]!;
    };
    const cookies = { chair: await login(chair.user.email), member: await login(member.email), management: await login(management) };

    const rows: Array<{ name: string; p50: number; p95: number; p99: number; max: number; bytes: number }> = [];
    const time = async (name: string, run: () => Promise<number>, before?: () => Promise<unknown>) => {
      for (let i = 0; i < WARMUP; i++) {
        await before?.();
        await run();
      }
      const ms: number[] = [];
      let bytes = 0;
      for (let i = 0; i < RUNS; i++) {
        await before?.();
        const start = performance.now();
        bytes = await run();
        ms.push(performance.now() - start);
      }
      ms.sort((a, b) => a - b);
      rows.push({ name, p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99), max: ms.at(-1)!, bytes });
    };
    const get = (path: string, cookie: string) => async () => {
      const res = await fetch(`${base}${path}`, { headers: { cookie } });
      const body = await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      return body.byteLength;
    };

    const load0 = os.loadavg();
    await time('forum overview', get(`/api/forums/${forum.id}/overview`, cookies.chair));
    await time('case page', get(`/api/cases/${kase.id}`, cookies.chair));
    await time('case versions', get(`/api/cases/${kase.id}/versions`, cookies.chair));
    await time('meeting page', get(`/api/meetings/${meeting.id}`, cookies.chair));
    await time('my tasks', get('/api/me/tasks', cookies.member));
    await time('home (chair)', get('/api/me/home', cookies.chair));
    const terms = ['fravær', 'træt', 'skole', 'morgen', 'søvn'];
    let turn = 0;
    const searchTotals = new Map<string, number>();
    await time(
      'search (chair)',
      async () => {
        const q = terms[turn++ % terms.length]!;
        const res = await fetch(`${base}/api/search`, { method: 'POST', headers: { cookie: cookies.chair, origin, 'content-type': 'application/json' }, body: JSON.stringify({ q }) });
        const body = await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`search: ${res.status}`);
        searchTotals.set(q, (JSON.parse(Buffer.from(body).toString()) as { total: number }).total);
        return body.byteLength;
      },
      // SE8 would refuse after 20: the chair's bucket is emptied of searches before each request (not timed).
      () => db.pool.query('DELETE FROM "SearchThrottle" WHERE "userId" = $1', [chair.userId]),
    );
    console.log(`search matches for the chair: ${[...searchTotals].map(([q, n]) => `${q} ${n}`).join(', ')}`);
    await time('key figures, municipality', get('/api/forums/keyfigures/year', cookies.management));
    await time('key figures, a forum', get(`/api/forums/keyfigures/year?forum=${forum.id}`, cookies.management));
    const today = todayInCopenhagen();
    const to = today.slice(0, 7);
    const [y, m] = to.split('-').map(Number) as [number, number];
    const from = new Date(Date.UTC(y, m - 12, 1)).toISOString().slice(0, 7);
    const coldRuns = Math.max(10, Math.round(RUNS / 10));
    const cold: number[] = [];
    for (let i = 0; i < coldRuns + 2; i++) {
      const start = performance.now();
      await loadMunicipalFigures(db, seeded.municipalityId, { from, to }, today);
      if (i >= 2) cold.push(performance.now() - start);
    }
    cold.sort((a, b) => a - b);
    rows.push({ name: `key figures cold (${coldRuns} runs)`, p50: percentile(cold, 50), p95: percentile(cold, 95), p99: percentile(cold, 99), max: cold.at(-1)!, bytes: 0 });
    const load1 = os.loadavg();

    const f = (n: number) => n.toFixed(1).padStart(7);
    console.log(`\n${RUNS} requests each after ${WARMUP} warm-up, one at a time; load average before ${load0.map((l) => l.toFixed(2)).join(' ')}, after ${load1.map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`${'endpoint'.padEnd(32)}    p50     p95     p99     max   (ms)   body`);
    for (const r of rows) console.log(`${r.name.padEnd(32)}${f(r.p50)} ${f(r.p95)} ${f(r.p99)} ${f(r.max)}   ${r.bytes ? `${(r.bytes / 1024).toFixed(1)} KB` : ''}`);
  } finally {
    await server.close();
    await drop?.();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
