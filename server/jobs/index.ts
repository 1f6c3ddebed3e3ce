/** The server's scheduled jobs. Each feature adds its job here. */
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
  return [
    { name: 'purge-expired-sessions', everyMs: 10 * 60_000, run: () => deps.sessions.purgeExpired() },
    remindersJob(deps),
    auditPurgeJob(deps),
    retentionJob(deps),
    consentExpiryJob(deps),
  ];
}
