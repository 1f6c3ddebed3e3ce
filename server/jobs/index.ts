/** The server's periodic jobs. Each feature builds its job in its job.ts and adds it here. */
import type { SessionStore } from '../auth/sessions.js';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { remindersJob } from '../features/reminders/job.js';
import { auditPurgeJob } from '../features/audit/job.js';
import { retentionJob } from '../features/retention/job.js';
import { consentExpiryJob } from '../features/privacy/consent-job.js';
import { mailJob } from '../features/mail/job.js';
import type { RealtimeHub } from '../realtime/hub.js';
import type { Job } from './job.js';

export interface JobDeps {
  config: Config;
  db: Database;
  sessions: SessionStore;
  hub: RealtimeHub;
}

/** Every periodic job (docs/SPEC.md, O5). Building them has no side effects: the admin status reads their schedules. */
export function allJobs(deps: JobDeps): Job[] {
  return [
    { name: 'purge-expired-sessions', schedule: { everyMinutes: 10 }, run: () => deps.sessions.purgeExpired() },
    remindersJob(deps),
    auditPurgeJob(deps),
    retentionJob(deps),
    consentExpiryJob(deps),
    mailJob(deps),
  ];
}
