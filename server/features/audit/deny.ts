import type { Context } from 'hono';
import { audit } from '../../audit/audit.js';
import type { AppEnv } from '../../http/context.js';
import { clientAddress, routePath } from '../../http/middleware.js';
import { log } from '../../observability/log.js';

/** A refused request is itself on the record (AU5): DENIED, with the route refused and the case id if it exists. */
export async function auditDenied(c: Context<AppEnv>, criterion: string, kase: { id: string; reference: string } | null): Promise<void> {
  const actor = c.get('actor');
  await audit(c.get('services').db.prisma, {
    userId: actor?.userId ?? null,
    action: 'DENIED',
    caseId: kase?.id ?? null,
    caseReference: kase?.reference ?? null,
    criterion,
    address: clientAddress(c),
  });
  log.warn('http_denied', { path: routePath(c), userId: actor?.userId ?? null, criterion });
}
