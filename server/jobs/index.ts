/** The server's scheduled jobs. Each feature adds its job here. */
import { withClient } from '../db/checkout.js';
import type pg from 'pg';
import type { SessionStore } from '../auth/sessions.js';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { remindersJob } from '../features/reminders/job.js';
import { auditPurgeJob } from '../features/audit/job.js';
import { retentionJob } from '../features/retention/job.js';
import { consentExpiryJob } from '../features/privacy/consent-job.js';
import type { RealtimeHub } from '../realtime/hub.js';
import type { Job } from './scheduler.js';

export interface JobDeps {
  config: Config;
  db: Database;
  sessions: SessionStore;
  hub: RealtimeHub;
}

export function allJobs(deps: JobDeps): Job[] {
  const jobs: Job[] = [
    { name: 'purge-expired-sessions', everyMs: 10 * 60_000, run: () => deps.sessions.purgeExpired() },
    remindersJob(deps),
    auditPurgeJob(deps),
    retentionJob(deps),
    consentExpiryJob(deps),
  ];
  return jobs.map((job) => ({ ...job, run: () => exclusively(deps.db.pool, job) }));
}

/**
 * With several instances every one schedules every job; a session-level
 * advisory lock per job name lets one of them run it and the others skip
 * that turn (docs/SPEC.md, SO6).
 */
function exclusively(pool: pg.Pool, job: Job): Promise<void> {
  return withClient(pool, async (client) => {
    const { rows } = await client.query<{ got: boolean }>("SELECT pg_try_advisory_lock(hashtext('job:' || $1)) AS got", [job.name]);
    if (!rows[0]?.got) return;
    try {
      await job.run();
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext('job:' || $1))", [job.name]);
    }
  });
}
