/**
 * The periodic jobs on pg-boss (docs/decisions/0012-job-engine.md, docs/SPEC.md O5-O9).
 *
 * - Each job is a pg-boss queue with policy `singleton` (one active run in the whole deployment) and a
 *   persisted cron schedule (`pgboss.schedule`); pg-boss's timekeeper creates a run at each due minute, once
 *   for all instances.
 * - pg-boss does not run what fell due while no instance was up, so at start every job whose last success
 *   (or, never run, whose schedule's creation) is older than its interval is sent once (catch-up).
 * - Runs are taken by a loop of ours per job (fetch, run, then complete or fail, all awaited): a run that
 *   throws is recorded as failed with its error, retried with backoff, logged and counted. pg-boss's own
 *   `work()` settles runs without awaiting, which would turn a database fault into an unhandled rejection.
 * - The run also holds the advisory lock the setInterval scheduler took (`job:<name>`), so an instance of the
 *   previous version during a rolling deploy, or a run pg-boss expired while it still works, never overlaps.
 */
import PgBoss from 'pg-boss';
import type pg from 'pg';
import { withClient } from '../db/checkout.js';
import { errorFields, log } from '../observability/log.js';
import type { Metrics } from '../observability/metrics.js';
import { jobErrorOf, type Job, type JobError } from './job.js';
import { checkSchedule, cronOf, intervalMs } from './schedule.js';

export const BOSS_SCHEMA = 'pgboss';
/** pg-boss's internal queue for cron runs (timekeeper.js); its runs are settled without being awaited. */
const SEND_IT = '__pgboss__send-it';
const POLL_MS = 2000;
/** Runs at once on one instance: each holds a pool client for its lock besides what its work takes. */
const CONCURRENT_RUNS = 2;
const STOP_TIMEOUT_MS = 10_000;
const RUN_NOW_TIMEOUT_MS = 120_000;
/** At most one catch-up run per job in this window, however many instances start in it. */
const CATCH_UP_SLOT_SECONDS = 600;

/** What a run leaves in pg-boss's `output` column (read by status.ts). */
export interface RunOutput {
  /** A failed run: when and why. */
  failedAt?: string;
  error?: JobError;
  /** A run that succeeded after failed attempts keeps the last failure. */
  succeededAt?: string;
  previousFailure?: { failedAt: string; error: JobError };
}

export interface JobEngine {
  /** Sends a run of the job now and waits for it: resolves when it succeeded, rejects with its error when it failed. */
  runNow(name: string): Promise<void>;
  stop(): Promise<void>;
}

export class JobRunError extends Error {
  override name = 'JobRunError';
  constructor(
    readonly job: string,
    readonly error: JobError,
  ) {
    super(`job ${job} failed: ${error.name}${error.code ? ` ${error.code}` : ''}: ${error.message}`);
  }
}

class JobCounters {
  succeeded = 0;
  failed = 0;
  lastSuccessAt = 0;
  lastDurationMs = 0;
}

/** pg-boss's database access on the server's pool (D6: through withClient). */
function bossDb(pool: pg.Pool, isClosed: () => boolean, onSwallowed: (err: unknown) => void) {
  // complete()/fail() end with this; pg-boss reads rows[0].count from them.
  const settles = (text: string) => /SELECT COUNT\(\*\) FROM results\s*$/i.test(text);
  const nothing = (text: string) => ({ rows: settles(text) ? [{ count: '0' }] : [] });
  return {
    async executeSql(text: string, values?: unknown[]) {
      // After stop, a timer or loop pg-boss left behind finds nothing instead of an ended pool.
      if (isClosed()) return nothing(text);
      try {
        return await withClient(pool, (client) => client.query(text, values));
      } catch (err) {
        // pg-boss settles the cron queue's runs without awaiting: a rejection there would be unhandled.
        if (values?.[0] === SEND_IT && settles(text)) {
          onSwallowed(err);
          return nothing(text);
        }
        throw err;
      }
    },
  };
}

/** Runs `run` while holding the job's advisory lock; throws when another run holds it. */
async function exclusively(pool: pg.Pool, name: string, run: () => Promise<void>): Promise<void> {
  await withClient(pool, async (client) => {
    const { rows } = await client.query<{ got: boolean }>("SELECT pg_try_advisory_lock(hashtext('job:' || $1)) AS got", [name]);
    if (!rows[0]?.got) throw Object.assign(new Error('another run of this job is still active'), { name: 'JobBusy' });
    try {
      await run();
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext('job:' || $1))", [name]);
    }
  });
}

/** At most `n` holders at once; the others wait in order. */
class Slots {
  private waiting: Array<() => void> = [];
  constructor(private free: number) {}
  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

/** A sleep that wake() ends early; a wake() while not asleep makes the next sleep return at once. */
class Wakeable {
  private timer: NodeJS.Timeout | null = null;
  private resolve: (() => void) | null = null;
  private pending = false;
  sleep(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.resolve = resolve;
      this.timer = setTimeout(() => this.end(), ms);
    });
  }
  wake(): void {
    if (this.resolve) this.end();
    else this.pending = true;
  }
  private end(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const r = this.resolve;
    this.resolve = null;
    r?.();
  }
}

export interface JobEngineOptions {
  pool: pg.Pool;
  metrics: Metrics;
  /**
   * Whether pg-boss's timekeeper creates runs at their cron times (default true). The server's tests turn
   * it off (NODE_ENV=test): a run firing because a test started near a cron minute would race the test's
   * own runs; they run jobs with runJob, and the catch-up and the schedules themselves stay as in production.
   */
  fireSchedules?: boolean;
}

export async function startJobs(jobs: Job[], options: JobEngineOptions): Promise<JobEngine> {
  const { pool, metrics, fireSchedules = true } = options;
  const byName = new Map(jobs.map((job) => [job.name, job]));
  for (const job of jobs) checkSchedule(job.schedule);
  const counters = new Map(jobs.map((job) => [job.name, new JobCounters()]));
  let engineErrors = 0;
  let closed = false;
  let stopping = false;

  const engineError = (err: unknown) => {
    engineErrors++;
    log.warn('job_engine_error', errorFields(err));
  };
  const boss = new PgBoss({ db: bossDb(pool, () => closed, engineError), schema: BOSS_SCHEMA, schedule: fireSchedules });
  boss.on('error', engineError);
  await boss.start();
  try {
    for (const job of jobs) {
      const queue = {
        name: job.name,
        policy: 'singleton' as const,
        retryLimit: job.retryLimit ?? 3,
        retryDelay: job.retryDelaySeconds ?? 30,
        retryBackoff: true,
        expireInSeconds: job.expireInSeconds ?? 600,
      };
      await boss.createQueue(job.name, queue);
      await boss.updateQueue(job.name, queue); // createQueue leaves an existing queue as it was
      const { cron, tz } = cronOf(job.schedule);
      await boss.schedule(job.name, cron, {}, { tz });
    }
  } catch (err) {
    closed = true;
    await boss.stop({ close: false, graceful: false }).catch(() => {});
    throw err;
  }

  metrics.collectors.push(() => [
    '# TYPE samraad_job_runs_total counter',
    ...[...counters].flatMap(([name, c]) => [
      `samraad_job_runs_total{job="${name}",outcome="succeeded"} ${c.succeeded}`,
      `samraad_job_runs_total{job="${name}",outcome="failed"} ${c.failed}`,
    ]),
    '# TYPE samraad_job_last_success_timestamp_seconds gauge',
    ...[...counters].map(([name, c]) => `samraad_job_last_success_timestamp_seconds{job="${name}"} ${Math.floor(c.lastSuccessAt / 1000)}`),
    '# TYPE samraad_job_last_duration_seconds gauge',
    ...[...counters].map(([name, c]) => `samraad_job_last_duration_seconds{job="${name}"} ${(c.lastDurationMs / 1000).toFixed(3)}`),
    '# TYPE samraad_job_engine_errors_total counter',
    `samraad_job_engine_errors_total ${engineErrors}`,
  ]);

  const running = new Map<string, { id: string; done: Promise<void> }>();

  async function runOne(job: Job, pj: PgBoss.JobWithMetadata): Promise<void> {
    const c = counters.get(job.name)!;
    const attempt = pj.retryCount + 1;
    const started = performance.now();
    let failure: JobError | null = null;
    try {
      await exclusively(pool, job.name, () => job.run());
    } catch (err) {
      failure = jobErrorOf(err);
    }
    c.lastDurationMs = performance.now() - started;
    const ms = Math.round(c.lastDurationMs);
    const at = new Date().toISOString();
    if (failure) {
      c.failed++;
      const willRetry = pj.retryCount < pj.retryLimit;
      log.error('job_failed', { job: job.name, id: pj.id, attempt, willRetry, ms, err: failure.name, code: failure.code, msg: failure.message });
      const output: RunOutput = { failedAt: at, error: failure };
      await boss.fail(job.name, pj.id, output).catch((err) => log.error('job_settle_failed', { job: job.name, id: pj.id, ...errorFields(err) }));
      return;
    }
    c.succeeded++;
    c.lastSuccessAt = Date.now();
    log.info('job_succeeded', { job: job.name, id: pj.id, attempt, ms });
    const previous = pj.output as RunOutput | null;
    const output: RunOutput = {
      succeededAt: at,
      ...(previous?.failedAt && previous.error ? { previousFailure: { failedAt: previous.failedAt, error: previous.error } } : {}),
    };
    // If this fails the run stays active until it expires and is then run again: the jobs are idempotent.
    await boss.complete(job.name, pj.id, output).catch((err) => log.error('job_settle_failed', { job: job.name, id: pj.id, ...errorFields(err) }));
  }

  const wakers = new Map(jobs.map((job) => [job.name, new Wakeable()]));
  const slots = new Slots(CONCURRENT_RUNS);
  async function loop(job: Job): Promise<void> {
    const waker = wakers.get(job.name)!;
    while (!stopping) {
      await slots.acquire();
      // fetch() returns [] when the database fails, and when another instance's run is active (singleton).
      const [pj] = stopping
        ? []
        : await boss.fetch<object>(job.name, { batchSize: 1, includeMetadata: true }).catch((err) => {
            engineError(err);
            return [];
          });
      if (!pj) {
        slots.release();
        if (!stopping) await waker.sleep(POLL_MS);
        continue;
      }
      const done = runOne(job, pj).finally(() => slots.release());
      running.set(job.name, { id: pj.id, done });
      await done;
      running.delete(job.name);
    }
  }
  const loops = jobs.map((job) => loop(job));

  await catchUp().catch((err) => log.error('job_catch_up_failed', errorFields(err)));

  /** Sends a run of every job whose last success is older than its interval (O6). */
  async function catchUp(): Promise<void> {
    for (const job of jobs) {
      const { rows } = await pool.query<{ due: boolean; last: Date | null }>(
        `SELECT
           COALESCE(last.at, s.created_on) < now() - $2 * interval '1 millisecond'
             AND NOT EXISTS (SELECT 1 FROM ${BOSS_SCHEMA}.job WHERE name = $1 AND state IN ('created', 'retry', 'active')) AS due,
           last.at AS last
         FROM ${BOSS_SCHEMA}.schedule s,
           LATERAL (SELECT max(completed_on) AS at FROM (
             SELECT completed_on FROM ${BOSS_SCHEMA}.job WHERE name = $1 AND state = 'completed'
             UNION ALL SELECT completed_on FROM ${BOSS_SCHEMA}.archive WHERE name = $1 AND state = 'completed') runs) last
         WHERE s.name = $1`,
        [job.name, intervalMs(job.schedule)],
      );
      if (!rows[0]?.due) continue;
      const id = await boss.send(job.name, {}, { singletonKey: 'catch-up', singletonSeconds: CATCH_UP_SLOT_SECONDS });
      log.info('job_catch_up', { job: job.name, lastSuccess: rows[0].last?.toISOString() ?? null, sent: id !== null });
      wakers.get(job.name)!.wake();
    }
  }

  async function runNow(name: string): Promise<void> {
    if (!byName.has(name)) throw new Error(`no job ${name}`);
    if (stopping) throw new Error('the job engine is stopping');
    const id = await boss.send(name, {}, {});
    if (!id) throw new Error(`job ${name} was not queued`);
    wakers.get(name)!.wake();
    const deadline = Date.now() + RUN_NOW_TIMEOUT_MS;
    for (;;) {
      const pj = await boss.getJobById(name, id, { includeArchive: true });
      const output = pj?.output as RunOutput | null | undefined;
      if (pj?.state === 'completed') return;
      // 'retry' with an error: this attempt failed (pg-boss retries it later).
      if ((pj?.state === 'failed' || pj?.state === 'retry') && output?.error) throw new JobRunError(name, output.error);
      if (pj?.state === 'failed' || pj?.state === 'cancelled') throw new JobRunError(name, { name: 'Error', message: `run ended ${pj.state}` });
      if (Date.now() > deadline || stopping) throw new Error(`job ${name} did not finish in time`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= (async () => {
      stopping = true;
      for (const w of wakers.values()) w.wake();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        Promise.all(loops).then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), STOP_TIMEOUT_MS);
        }),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        // Still running: record the run as failed so it is retried (here after a restart, or on another instance).
        for (const [name, run] of running) {
          log.warn('job_stop_timeout', { job: name, id: run.id });
          await boss.fail(name, run.id, { failedAt: new Date().toISOString(), error: { name: 'Shutdown', message: 'server stopped during the run' } }).catch(() => {});
        }
      }
      await boss.stop({ close: false, graceful: true, wait: true, timeout: 1000 }).catch((err) => log.warn('job_engine_stop_failed', errorFields(err)));
      closed = true;
    })());

  return { runNow, stop };
}
