import { audit } from '../../audit/audit.js';
import { DAY_MS, purgeAuditEntries } from '../../audit/purge.js';
import type { JobDeps } from '../../jobs/index.js';
import type { Job } from '../../jobs/job.js';
import { log } from '../../observability/log.js';

/** Daily at 03:45 Copenhagen time: deletes audit entries older than AUDIT_RETENTION_DAYS (AU6). */
export function auditPurgeJob(deps: Pick<JobDeps, 'db' | 'config'>, now: () => Date = () => new Date()): Job {
  return {
    name: 'audit-purge',
    schedule: { dailyAt: '03:45' },
    expireInSeconds: 3600,
    async run() {
      const before = new Date(now().getTime() - deps.config.AUDIT_RETENTION_DAYS * DAY_MS);
      const rows = await purgeAuditEntries(deps.db.pool, before);
      if (rows > 0) {
        // The purge itself is on the record: when, up to which date, how many entries.
        await audit(deps.db.prisma, { userId: null, action: 'DELETE', purpose: 'audit-retention', criterion: `before=${before.toISOString()};rows=${rows}` });
      }
      log.info('audit_purged', { rows });
    },
  };
}
