import { audit } from '../../audit/audit.js';
import type { JobDeps } from '../../jobs/index.js';
import { jobErrorOf, type Job } from '../../jobs/job.js';
import { log } from '../../observability/log.js';
import { anonymiseCase, deleteCaseCompletely, expiredCases } from './service.js';

/** `months` calendar months before `now`. */
export function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/**
 * Daily at 03:15 Copenhagen time: deletes or anonymises cases closed more than CASE_RETENTION_MONTHS ago
 * (RT1, RT3). A case that fails does not stop the others, but the run fails afterwards, so that it is
 * retried and the administration sees it (O7).
 */
export function retentionJob(deps: Pick<JobDeps, 'db' | 'config'>, now: () => Date = () => new Date()): Job {
  return {
    name: 'retention',
    schedule: { dailyAt: '03:15' },
    expireInSeconds: 3 * 3600,
    async run() {
      const mode = deps.config.CASE_RETENTION_MODE;
      const cases = await expiredCases(deps.db, monthsBefore(now(), deps.config.CASE_RETENTION_MONTHS), mode);
      let done = 0;
      let failed = 0;
      for (const kase of cases) {
        try {
          if (mode === 'delete') await deleteCaseCompletely(deps.db.pool, kase);
          else await anonymiseCase(deps.db.pool, kase);
          done++;
        } catch (err) {
          const e = jobErrorOf(err); // class and code of a database error, never its text (G1)
          log.error('retention_case_failed', { caseId: kase.id, mode, err: e.name, code: e.code, msg: e.message });
          failed++;
          continue;
        }
        await audit(deps.db.prisma, {
          userId: null,
          action: mode === 'delete' ? 'DELETE' : 'UPDATE',
          caseId: kase.id,
          caseReference: kase.reference,
          purpose: mode === 'delete' ? 'retention-delete' : 'retention-anonymise',
        });
      }
      log.info('retention_done', { mode, cases: done, failed });
      if (failed > 0) throw new Error(`${failed} of ${cases.length} expired cases could not be handled`);
    },
  };
}
