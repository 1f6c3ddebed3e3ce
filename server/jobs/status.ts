/**
 * Each job's state for the administration (GET /api/admin/jobs, O8), read from pg-boss's tables so that
 * every instance shows the same: the runs still in `pgboss.job` and those moved to `pgboss.archive`.
 */
import type pg from 'pg';
import { BOSS_SCHEMA, type RunOutput } from './engine.js';
import type { Job, JobError } from './job.js';
import { nextDue, type Schedule } from './schedule.js';

export type JobState = 'ok' | 'running' | 'retrying' | 'failed' | 'waiting';

export interface JobStatus {
  name: string;
  schedule: Schedule;
  state: JobState;
  /** When the latest run started. */
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  /** The next due time, or the next attempt of a run waiting to be retried, whichever is sooner. */
  nextRunAt: string;
  lastError: (JobError & { at: string }) | null;
  /** The attempt running or waiting (1 = first), while a run is active or being retried. */
  attempt: { number: number; of: number } | null;
}

interface RunRow {
  name: string;
  state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';
  started_on: Date | null;
  completed_on: Date | null;
  start_after: Date;
  retry_count: number;
  retry_limit: number;
  output: (RunOutput & { value?: { message?: string } }) | null;
}

/** How many of a job's latest runs are read for its error and state. */
const RECENT_RUNS = 50;
const COLUMNS = 'name, state::text AS state, started_on, completed_on, start_after, created_on, retry_count, retry_limit, output';

export async function jobStatus(pool: pg.Pool, jobs: Array<Pick<Job, 'name' | 'schedule'>>, now = new Date()): Promise<JobStatus[]> {
  const names = jobs.map((j) => j.name);
  const [recent, successes] = await Promise.all([
    pool.query<RunRow>(
      `SELECT * FROM (
         SELECT *, row_number() OVER (PARTITION BY name ORDER BY created_on DESC) AS n FROM (
           SELECT ${COLUMNS} FROM ${BOSS_SCHEMA}.job WHERE name = ANY($1)
           UNION ALL SELECT ${COLUMNS} FROM ${BOSS_SCHEMA}.archive WHERE name = ANY($1)) runs) ranked
       WHERE n <= ${RECENT_RUNS}`,
      [names],
    ),
    pool.query<{ name: string; at: Date }>(
      `SELECT name, max(completed_on) AS at FROM (
         SELECT name, completed_on FROM ${BOSS_SCHEMA}.job WHERE name = ANY($1) AND state = 'completed'
         UNION ALL SELECT name, completed_on FROM ${BOSS_SCHEMA}.archive WHERE name = ANY($1) AND state = 'completed') runs
       GROUP BY name`,
      [names],
    ),
  ]);
  const lastSuccess = new Map(successes.rows.map((r) => [r.name, r.at]));
  return jobs.map((job) => summarise(job, recent.rows.filter((r) => r.name === job.name), lastSuccess.get(job.name) ?? null, now));
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const latest = <T>(items: T[], at: (t: T) => number): T | undefined => items.reduce<T | undefined>((best, t) => (best === undefined || at(t) > at(best) ? t : best), undefined);

function errorsOf(run: RunRow): Array<JobError & { at: string }> {
  const out = run.output;
  const found: Array<JobError & { at: string }> = [];
  if (out?.failedAt && out.error) found.push({ ...out.error, at: out.failedAt });
  if (out?.previousFailure) found.push({ ...out.previousFailure.error, at: out.previousFailure.failedAt });
  // Failed by pg-boss itself (a run that outlived its expiry): { value: { message } }.
  if (!out?.error && (run.state === 'failed' || run.state === 'retry') && run.started_on) {
    found.push({ name: 'Expired', message: out?.value?.message ?? 'failed', at: (run.completed_on ?? run.started_on).toISOString() });
  }
  return found;
}

function summarise(job: Pick<Job, 'name' | 'schedule'>, runs: RunRow[], lastSuccessAt: Date | null, now: Date): JobStatus {
  const active = runs.find((r) => r.state === 'active');
  const retrying = latest(runs.filter((r) => r.state === 'retry'), (r) => r.start_after.getTime());
  const finished = latest(runs.filter((r) => (r.state === 'completed' || r.state === 'failed') && r.completed_on), (r) => r.completed_on!.getTime());
  const state: JobState = active ? 'running' : retrying ? 'retrying' : finished?.state === 'failed' ? 'failed' : finished ? 'ok' : 'waiting';
  const attemptOf = (r: RunRow, next: number) => ({ number: r.retry_count + next, of: r.retry_limit + 1 });

  const lastRun = latest(runs.filter((r) => r.started_on), (r) => r.started_on!.getTime());
  const lastError = latest(runs.flatMap(errorsOf), (e) => Date.parse(e.at)) ?? null;

  // Waiting runs start at their start_after (or at once, when that has passed); otherwise at the next due time.
  const waiting = runs.filter((r) => r.state === 'created' || r.state === 'retry').map((r) => Math.max(r.start_after.getTime(), now.getTime()));
  const next = Math.min(nextDue(job.schedule, now).getTime(), ...waiting);

  return {
    name: job.name,
    schedule: job.schedule,
    state,
    lastRunAt: iso(lastRun?.started_on),
    lastSuccessAt: iso(lastSuccessAt),
    nextRunAt: new Date(next).toISOString(),
    lastError,
    attempt: active ? attemptOf(active, 1) : retrying ? attemptOf(retrying, 2) : null,
  };
}
