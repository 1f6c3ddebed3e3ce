/**
 * Schedules (O5) and pg-boss's clock: the cron expressions the engine persists, the next due times the
 * administration shows (Copenhagen time across the DST changes), and, with the clock on, a cron run created
 * once per due minute however many engines share the database.
 */
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../server/db/client.js';
import { connectionFromUrl } from '../server/db/postgres.js';
import { startJobs } from '../server/jobs/engine.js';
import { cronOf, intervalMs, nextDue } from '../server/jobs/schedule.js';
import { Metrics } from '../server/observability/metrics.js';
import { eventually } from './helpers/clients.js';
import { createTestDatabase } from './helpers/server.js';
import { setLogLevel } from '../server/observability/log.js';

setLogLevel('silent');

describe('schedules', () => {
  it('[O5] every n minutes and daily at a Copenhagen time become cron expressions with a time zone and an interval', () => {
    expect(cronOf({ everyMinutes: 5 })).toEqual({ cron: '*/5 * * * *', tz: 'UTC' });
    expect(cronOf({ everyMinutes: 60 })).toEqual({ cron: '0 * * * *', tz: 'UTC' });
    expect(cronOf({ everyMinutes: 1 })).toEqual({ cron: '* * * * *', tz: 'UTC' });
    expect(cronOf({ dailyAt: '03:15' })).toEqual({ cron: '15 3 * * *', tz: 'Europe/Copenhagen' });
    expect(intervalMs({ everyMinutes: 10 })).toBe(600_000);
    expect(intervalMs({ dailyAt: '03:15' })).toBe(86_400_000);
    expect(() => cronOf({ dailyAt: '3:15' })).toThrow(/HH:MM/);
  });

  it('[O8] the next due time: the next minute mark, or the next 03:15 on Copenhagen clocks (summer, winter, both DST changes)', () => {
    const at = (iso: string) => new Date(iso);
    expect(nextDue({ everyMinutes: 5 }, at('2026-06-01T10:02:30Z')).toISOString()).toBe('2026-06-01T10:05:00.000Z');
    expect(nextDue({ everyMinutes: 5 }, at('2026-06-01T10:05:00Z')).toISOString()).toBe('2026-06-01T10:10:00.000Z');
    expect(nextDue({ everyMinutes: 60 }, at('2026-06-01T10:59:59Z')).toISOString()).toBe('2026-06-01T11:00:00.000Z');
    const daily = { dailyAt: '03:15' };
    expect(nextDue(daily, at('2026-06-01T00:00:00Z')).toISOString()).toBe('2026-06-01T01:15:00.000Z'); // CEST, UTC+2
    expect(nextDue(daily, at('2026-06-01T01:15:00Z')).toISOString()).toBe('2026-06-02T01:15:00.000Z');
    expect(nextDue(daily, at('2026-01-10T12:00:00Z')).toISOString()).toBe('2026-01-11T02:15:00.000Z'); // CET, UTC+1
    expect(nextDue(daily, at('2026-03-28T12:00:00Z')).toISOString()).toBe('2026-03-29T01:15:00.000Z'); // the night clocks go forward
    expect(nextDue(daily, at('2026-10-24T12:00:00Z')).toISOString()).toBe('2026-10-25T02:15:00.000Z'); // the night clocks go back
    expect(nextDue(daily, at('2026-12-31T23:30:00Z')).toISOString()).toBe('2027-01-01T02:15:00.000Z'); // after midnight in Copenhagen
  });
});

describe("pg-boss's clock", () => {
  it('[O5] with the clock on, an every-minute job is run by its cron schedule, once per minute for two engines on one database', async () => {
    const url = await createTestDatabase();
    const runs: number[] = [];
    const tick = { name: 'tick', schedule: { everyMinutes: 1 }, run: async () => void runs.push(Date.now()) };
    const databases = [createDatabase(connectionFromUrl(url), 4), createDatabase(connectionFromUrl(url), 4)];
    const metrics = [new Metrics(), new Metrics()];
    const sql = (text: string) => databases[0]!.pool.query(text);
    const engines: Array<Awaited<ReturnType<typeof startJobs>>> = [];
    try {
      // A first start stores the schedule; pg-boss's timekeeper looks at schedules at start and every 30 s.
      await (await startJobs([tick], { pool: databases[0]!.pool, metrics: metrics[0]!, fireSchedules: true })).stop();
      await sql('UPDATE pgboss.version SET cron_on = NULL'); // its last look is long ago (instead of waiting 30 s)
      await sql("DELETE FROM pgboss.job WHERE name = 'tick'"); // whatever that first start sent
      runs.length = 0;
      engines.push(...(await Promise.all(databases.map((db, i) => startJobs([tick], { pool: db.pool, metrics: metrics[i]!, fireSchedules: true })))));
      // Nobody calls runNow: the every-minute cron creates the run.
      // The cron creates a run when its minute comes and a worker polls: up to about a minute, more on a busy machine.
      await eventually(() => expect(runs.length).toBeGreaterThan(0), 90_000, 200);
      await new Promise((r) => setTimeout(r, 6000)); // another poll of both cron workers and both loops
      const perMinute = await sql(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'tick' GROUP BY date_trunc('minute', created_on)`);
      expect(perMinute.rows.every((r) => r.n === 1)).toBe(true);
      expect(runs.length).toBe(perMinute.rows.length);
    } finally {
      for (const e of engines) await e.stop();
      for (const m of metrics) m.stop();
      for (const db of databases) await db.close();
    }
  }, 120_000);
});
