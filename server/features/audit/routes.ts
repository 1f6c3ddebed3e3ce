/**
 * Reading the audit log: the administrator's search (AU3), mounted at
 * /api/admin/audit, and a case's access log for the forum's chair (AU4),
 * mounted at /api/cases.
 */
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { CaseAccessLog } from '../../../shared/schemas/audit.js';
import { audit } from '../../audit/audit.js';
import { auditSearchSchema, caseAccessLog, searchAudit, searchCriterion } from '../../audit/search.js';
import type { AppEnv } from '../../http/context.js';
import { refuse } from '../../http/errors.js';
import { clientAddress, requireActor } from '../../http/middleware.js';
import { idParams } from '../../http/params.js';
import { zValidator } from '../../http/validate.js';
import { can } from '../../policy/policy.js';
import { auditDenied } from './deny.js';

/** AU5: checked before the query is, so every attempt by someone who may not search is logged as DENIED, whatever its query. */
const mayAuditSearch = createMiddleware<AppEnv>(async (c, next) => {
  const actor = c.get('actor')!;
  if (!can(actor, 'audit:search', { forumId: '', municipalityId: actor.municipalityId })) {
    await auditDenied(c, 'audit:search', null);
    return refuse(c, 'forbidden', 403);
  }
  return next();
});

export const auditAdminRoutes = new Hono<AppEnv>().get('/', requireActor, mayAuditSearch, zValidator('query', auditSearchSchema), async (c) => {
  const actor = c.get('actor')!;
  const { db } = c.get('services');
  const query = c.req.valid('query');
  // The search is logged before it runs: a search that cannot be logged is not answered.
  await audit(db.prisma, {
    userId: actor.userId,
    action: 'SEARCH',
    caseId: query.caseId ?? null,
    purpose: 'audit-search',
    criterion: searchCriterion(query),
    address: clientAddress(c),
  });
  return c.json(await searchAudit(db.prisma, actor.municipalityId, query));
});

export const caseAccessLogRoutes = new Hono<AppEnv>().get('/:caseId/access-log', requireActor, zValidator('param', idParams('caseId')), async (c) => {
  const actor = c.get('actor')!;
  const { db } = c.get('services');
  const kase = await db.prisma.case.findUnique({ where: { id: c.req.valid('param').caseId }, select: { id: true, reference: true, forumId: true } });
  if (!kase || !can(actor, 'case:accessLog', { forumId: kase.forumId, isCase: true })) {
    await auditDenied(c, 'case:accessLog', kase);
    return refuse(c, 'not_found', 404); // unknown and not allowed look the same
  }
  await audit(db.prisma, {
    userId: actor.userId,
    action: 'READ',
    caseId: kase.id,
    caseReference: kase.reference,
    purpose: 'access-log',
    address: clientAddress(c),
  });
  const body: CaseAccessLog = { caseId: kase.id, reference: kase.reference, entries: await caseAccessLog(db.prisma, kase.id) };
  return c.json(body);
});
