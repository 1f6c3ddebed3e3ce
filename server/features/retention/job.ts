import { audit } from '../../audit/audit.js';
import type { JobDeps } from '../../jobs/index.js';
import type { Job } from '../../jobs/scheduler.js';
import { errorFields, log } from '../../observability/log.js';
import { anonymiseCase, deleteCaseCompletely, expiredCases } from './service.js';

export const RETENTION_EVERY_MS = 86_400_000;

/** `months` calendar months before `now`. */
export function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/** Daily: deletes or anonymises cases closed more than CASE_RETENTION_MONTHS ago (RT1, RT3). */
export function retentionJob(deps: Pick<JobDeps, 'db' | 'config'>, now: () => Date = () => new Date()): Job {
  return {
    name: 'retention',
    everyMs: RETENTION_EVERY_MS,
    async run() {
      const mode = deps.config.CASE_RETENTION_MODE;
      const cases = await expiredCases(deps.db, monthsBefore(now(), deps.config.CASE_RETENTION_MONTHS), mode);
      let done = 0;
      for (const kase of cases) {
        try {
          if (mode === 'delete') await deleteCaseCompletely(deps.db.pool, kase);
          else await anonymiseCase(deps.db.pool, kase);
          done++;
        } catch (err) {
          log.error('retention_case_failed', { caseId: kase.id, mode, ...errorFields(err) });
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
      log.info('retention_done', { mode, cases: done });
    },
  };
}
