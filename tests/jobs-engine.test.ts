/**
 * The periodic jobs on pg-boss against real PostgreSQL (docs/SPEC.md, O5-O9): a daily job that fell due
 * while the server was down runs after start; a run that throws is recorded, counted, logged, shown to the
 * administrator and retried; several instances on one database run each due run once and never two at once.
 * Time is simulated by moving pg-boss's recorded times back, never by waiting.
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { nextDue } from '../server/jobs/schedule.js';
import { apiAs } from './helpers/api.js';
import { eventually } from './helpers/clients.js';
import { createCase } from './helpers/domain-factories.js';
import { createForum, createOutsider, type TestForum } from './helpers/factories.js';
import { expectLogErrors } from './helpers/fail-on-console-error.js';
import { createTestDatabase, startTestServer, type TestServer } from './helpers/server.js';

interface JobStatusBody {
  jobs: Array<{
    name: string;
    state: string;
    lastRunAt: string | null;
    lastSuccessAt: string | null;
    nextRunAt: string;
    lastError: { at: string; name: string; message: string } | null;
    attempt: { number: number; of: number } | null;
    schedule: unknown;
  }>;
}

const servers: TestServer[] = [];
async function start(databaseUrl: string, env: Record<string, string> = {}): Promise<TestServer> {
  const s = await startTestServer(env, databaseUrl);
  servers.push(s);
  return s;
}
async function stop(s: TestServer): Promise<void> {
  await s.close();
  servers.splice(servers.indexOf(s), 1);
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(databaseUrl: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** Moves everything pg-boss recorded about a job `hours` back in time, and its schedule's creation a month back. */
async function backdate(databaseUrl: string, job: string, hours: number): Promise<void> {
  for (const table of ['pgboss.job', 'pgboss.archive']) {
    await sql(
      databaseUrl,
      `UPDATE ${table} SET created_on = created_on - make_interval(hours => $2), started_on = started_on - make_interval(hours => $2),
         completed_on = completed_on - make_interval(hours => $2), start_after = start_after - make_interval(hours => $2) WHERE name = $1`,
      [job, hours],
    );
  }
  await sql(databaseUrl, `UPDATE pgboss.schedule SET created_on = now() - interval '30 days' WHERE name = $1`, [job]);
}

const runsOf = (databaseUrl: string, job: string) =>
  sql<{ state: string; singleton_key: string | null; started_on: Date | null; completed_on: Date | null }>(
    databaseUrl,
    `SELECT state::text AS state, singleton_key, started_on, completed_on FROM pgboss.job WHERE name = $1
     UNION ALL SELECT state::text, singleton_key, started_on, completed_on FROM pgboss.archive WHERE name = $1
     ORDER BY started_on NULLS LAST`,
    [job],
  );

function monthsAgo(n: number): Date {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() - n);
  return d;
}

async function adminOf(server: TestServer, forum: TestForum) {
  const admin = await createOutsider(server.db.prisma, forum.municipalityId);
  await server.db.prisma.user.update({ where: { id: admin.id }, data: { municipalRoles: ['ADMIN'] } });
  return apiAs(server.url, server.origin, admin.email);
}

async function metric(server: TestServer, line: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found ? Number(found.slice(line.length + 1)) : NaN;
}

describe('job engine', () => {
  it('[O5] every periodic job is a pg-boss queue with a persisted cron schedule, one run active at a time', async () => {
    const url = await createTestDatabase();
    await start(url);
    const schedules = await sql<{ name: string; cron: string; timezone: string }>(url, 'SELECT name, cron, timezone FROM pgboss.schedule ORDER BY name');
    expect(schedules).toEqual([
      { name: 'audit-purge', cron: '45 3 * * *', timezone: 'Europe/Copenhagen' },
      { name: 'consent-expiry', cron: '0 * * * *', timezone: 'UTC' },
      { name: 'mail', cron: '* * * * *', timezone: 'UTC' },
      { name: 'purge-expired-sessions', cron: '*/10 * * * *', timezone: 'UTC' },
      { name: 'reminders', cron: '*/5 * * * *', timezone: 'UTC' },
      { name: 'retention', cron: '15 3 * * *', timezone: 'Europe/Copenhagen' },
    ]);
    const queues = await sql<{ name: string; policy: string; retry_limit: number; retry_backoff: boolean }>(
      url,
      `SELECT name, policy, retry_limit, retry_backoff FROM pgboss.queue WHERE name NOT LIKE '\\_\\_pgboss%' ORDER BY name`,
    );
    expect(queues.map((q) => [q.name, q.policy, q.retry_limit, q.retry_backoff])).toEqual(
      schedules.map((s) => [s.name, 'singleton', 3, true]),
    );
  });

  it('[O6] a daily job that fell due while the server was down runs soon after start; one that is not due does not', async () => {
    const url = await createTestDatabase();
    const first = await start(url);
    await first.runJob('retention');
    await first.runJob('audit-purge');
    const db = first.db.prisma;
    const forum = await createForum(db, { chair: { sector: 'SOCIAL', role: 'CHAIR' } });
    const old = await createCase(db, forum.forumId, forum.users.chair!.id, { status: 'CLOSED', closedAt: monthsAgo(13) });
    await stop(first);

    // The last retention run succeeded 25 hours ago (its interval is 24 h); audit-purge ran a moment ago.
    await backdate(url, 'retention', 25);
    const second = await start(url);
    // No runJob: the catch-up at start runs it.
    await eventually(async () => expect(await second.db.prisma.case.findUnique({ where: { id: old.id } })).toBeNull(), 15_000);
    const retention = await runsOf(url, 'retention');
    expect(retention.filter((r) => r.singleton_key === 'catch-up').map((r) => r.state)).toEqual(['completed']);
    expect((await runsOf(url, 'audit-purge')).filter((r) => r.singleton_key === 'catch-up')).toEqual([]);
    // Jobs that never ran on a schedule made a moment ago were not due either (nothing fell due while down).
    expect((await runsOf(url, 'reminders')).length).toBe(0);

    const admin = await adminOf(second, forum);
    const res = await admin.get<JobStatusBody>('/api/admin/jobs');
    expect(res.status).toBe(200);
    const row = res.body.jobs.find((j) => j.name === 'retention')!;
    expect(row.state).toBe('ok');
    expect(Date.now() - Date.parse(row.lastSuccessAt!)).toBeLessThan(60_000);
    expect(Date.parse(row.nextRunAt)).toBeGreaterThan(Date.now());
    expect(Date.parse(row.nextRunAt) - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
    expect(row.schedule).toEqual({ dailyAt: '03:15' });
    expect(res.body.jobs.find((j) => j.name === 'reminders')).toMatchObject({ state: 'waiting', lastRunAt: null, lastSuccessAt: null });
  });

  it('[O7][O8] a run that throws is recorded as failed, logged, counted and shown to the administrator, and retried until it succeeds', async () => {
    expectLogErrors('retention_case_failed', 'job_failed');
    const url = await createTestDatabase();
    const server = await start(url, { LOG_LEVEL: 'error' });
    const db = server.db.prisma;
    const forum = await createForum(db, { chair: { sector: 'SOCIAL', role: 'CHAIR' } });
    const kase = await createCase(db, forum.forumId, forum.users.chair!.id, { status: 'CLOSED', closedAt: monthsAgo(13) });
    // The case cannot be deleted: the database refuses, quoting the reference (which must not reach a log line or the admin).
    await sql(url, `CREATE FUNCTION refuse_case_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused to delete case %', OLD.reference; END $$`);
    await sql(url, 'CREATE TRIGGER refuse_case_delete BEFORE DELETE ON "Case" FOR EACH ROW EXECUTE FUNCTION refuse_case_delete()');

    const lines: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      lines.push(String(chunk));
      return String(chunk).includes('"level":"error"') ? true : write(chunk, ...rest); // expected: kept out of the output
    }) as typeof process.stderr.write;
    try {
      // The helper the job tests use rejects: a test expecting the run to succeed fails.
      await expect(server.runJob('retention')).rejects.toThrow(/retention failed: Error: 1 of 1 expired cases could not be handled/);
    } finally {
      process.stderr.write = write;
    }
    expect(await db.case.findUnique({ where: { id: kase.id } })).not.toBeNull();

    const logged = lines.flatMap((l) => l.split('\n')).filter((l) => l.includes('"job_failed"')).map((l) => JSON.parse(l));
    expect(logged).toEqual([expect.objectContaining({ level: 'error', event: 'job_failed', job: 'retention', attempt: 1, willRetry: true })]);
    expect(lines.join('')).not.toContain(kase.reference);
    expect(await metric(server, 'samraad_job_runs_total{job="retention",outcome="failed"}')).toBe(1);
    expect(await metric(server, 'samraad_job_runs_total{job="retention",outcome="succeeded"}')).toBe(0);

    const admin = await adminOf(server, forum);
    const failing = (await admin.get<JobStatusBody>('/api/admin/jobs')).body.jobs.find((j) => j.name === 'retention')!;
    expect(failing).toMatchObject({ state: 'retrying', attempt: { number: 2, of: 4 }, lastSuccessAt: null });
    expect(failing.lastError).toMatchObject({ name: 'Error', message: '1 of 1 expired cases could not be handled' });
    expect(JSON.stringify(failing)).not.toContain(kase.reference);
    // The retry waits with backoff (first 30-60 s), and that is the next run shown (unless 03:15 comes sooner).
    const [retry] = await sql<{ start_after: Date }>(url, `SELECT start_after FROM pgboss.job WHERE name = 'retention' AND state = 'retry'`);
    const wait = retry!.start_after.getTime() - Date.now();
    expect(wait).toBeGreaterThan(20_000);
    expect(wait).toBeLessThan(61_000);
    expect(failing.nextRunAt).toBe(new Date(Math.min(retry!.start_after.getTime(), nextDue({ dailyAt: '03:15' }, new Date()).getTime())).toISOString());
    // Others than the municipality's administrators do not see it.
    const chair = await apiAs(server.url, server.origin, forum.users.chair!.email);
    expect((await chair.get('/api/admin/jobs')).status).toBe(403);

    // The cause goes away and the retry falls due (moved forward instead of waited for): it succeeds.
    await sql(url, 'DROP TRIGGER refuse_case_delete ON "Case"');
    await sql(url, `UPDATE pgboss.job SET start_after = now() WHERE name = 'retention' AND state = 'retry'`);
    await eventually(async () => expect(await db.case.findUnique({ where: { id: kase.id } })).toBeNull(), 15_000);
    await eventually(async () => {
      const row = (await admin.get<JobStatusBody>('/api/admin/jobs')).body.jobs.find((j) => j.name === 'retention')!;
      expect(row).toMatchObject({ state: 'ok', attempt: null });
      // The failure stays visible beside the later success.
      expect(row.lastError).toMatchObject({ at: failing.lastError!.at, message: failing.lastError!.message });
      expect(Date.parse(row.lastSuccessAt!)).toBeGreaterThan(Date.parse(row.lastError!.at));
    });
    expect(await metric(server, 'samraad_job_runs_total{job="retention",outcome="succeeded"}')).toBe(1);
    expect(await metric(server, 'samraad_job_runs_total{job="retention",outcome="failed"}')).toBe(1);
  });

  it('[O5][O6] two instances on one database: a catch-up that both find due runs once, and two runs of a job never overlap', async () => {
    const url = await createTestDatabase();
    const first = await start(url);
    await first.runJob('audit-purge');
    await stop(first);
    await backdate(url, 'audit-purge', 30);

    const [a, b] = await Promise.all([start(url), start(url)]);
    await eventually(async () => expect((await runsOf(url, 'audit-purge')).filter((r) => r.singleton_key === 'catch-up').map((r) => r.state)).toEqual(['completed']), 15_000);
    await new Promise((r) => setTimeout(r, 2500)); // longer than a poll of either instance: still one
    expect((await runsOf(url, 'audit-purge')).filter((r) => r.singleton_key === 'catch-up')).toHaveLength(1);

    // Hold up the session job (a lock on a table it deletes from) and ask both instances to run it.
    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE "WsToken" IN ACCESS EXCLUSIVE MODE');
      const both = Promise.all([a.runJob('purge-expired-sessions'), b.runJob('purge-expired-sessions')]);
      await eventually(async () => expect((await runsOf(url, 'purge-expired-sessions')).map((r) => r.state).sort()).toEqual(['active', 'created']));
      await new Promise((r) => setTimeout(r, 2500)); // both instances polled meanwhile: the second run still waits
      expect((await runsOf(url, 'purge-expired-sessions')).map((r) => r.state).sort()).toEqual(['active', 'created']);
      await blocker.query('COMMIT');
      await both;
    } finally {
      await blocker.end();
    }
    const [r1, r2] = await runsOf(url, 'purge-expired-sessions');
    expect([r1!.state, r2!.state]).toEqual(['completed', 'completed']);
    expect(r2!.started_on!.getTime()).toBeGreaterThanOrEqual(r1!.completed_on!.getTime());
  });

  it('[O9] close() lets a run that is under way finish before it stops, and a later start goes on from the same schema', async () => {
    const url = await createTestDatabase();
    const s = await start(url);
    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE "WsToken" IN ACCESS EXCLUSIVE MODE');
      const asked = s.runJob('purge-expired-sessions').catch((err: Error) => err); // the helper gives up when the server stops
      await eventually(async () => expect((await runsOf(url, 'purge-expired-sessions')).map((r) => r.state)).toEqual(['active']));
      const closing = stop(s);
      await new Promise((r) => setTimeout(r, 300));
      await blocker.query('COMMIT');
      await closing;
      await asked;
    } finally {
      await blocker.end();
    }
    expect((await runsOf(url, 'purge-expired-sessions')).map((r) => r.state)).toEqual(['completed']);
    const again = await start(url);
    await again.runJob('purge-expired-sessions');
    expect((await runsOf(url, 'purge-expired-sessions')).map((r) => r.state)).toEqual(['completed', 'completed']);
  });
});
