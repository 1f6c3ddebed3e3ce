/** Hourly: consents that expired fall back to restricted view and the chairs are told (LB4). */
import type { JobDeps } from '../../jobs/index.js';
import type { Job } from '../../jobs/job.js';
import { todayInCopenhagen } from '../tasks/dates.js';
import { notifyConsentEnded } from './service.js';

export function consentExpiryJob(deps: JobDeps): Job {
  return {
    name: 'consent-expiry',
    schedule: { everyMinutes: 60 },
    async run() {
      const today = new Date(`${todayInCopenhagen()}T00:00:00Z`);
      const expired = await deps.db.prisma.caseBasis.findMany({
        where: { kind: 'CONSENT', endedAt: null, consentWithdrawnOn: null, consentValidUntil: { lt: today } },
        select: { id: true, consentValidUntil: true, case: { select: { id: true, forumId: true, reference: true } } },
      });
      for (const b of expired) {
        await notifyConsentEnded(deps.db.prisma, deps.hub, {
          caseId: b.case.id,
          forumId: b.case.forumId,
          reference: b.case.reference,
          basisId: b.id,
          on: b.consentValidUntil!.toISOString().slice(0, 10),
        });
      }
    },
  };
}
