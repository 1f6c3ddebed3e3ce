/**
 * Reading the audit log: the administrator's search (AU3), mounted at
 * /api/admin/audit, and a case's access log for the forum's chair (AU4),
 * mounted at /api/cases.
 */
import { Hono } from 'hono';
import { audit } from '../../audit/audit.js';
import { auditSearchSchema, caseAccessLog, searchAudit, searchCriterion } from '../../audit/search.js';
import type { AppEnv } from '../../http/context.js';
import { clientAddress, requireActor, routePath } from '../../http/middleware.js';
import { log } from '../../observability/log.js';
import { can } from '../../policy/policy.js';
import { auditDenied } from './deny.js';

export const auditAdminRoutes = new Hono<AppEnv>().get('/', requireActor, async (c) => {
  const actor = c.get('actor')!;
  const { db } = c.get('services');
  if (!can(actor, 'audit:search', { forumId: '', municipalityId: actor.municipalityId })) {
    await auditDenied(c, 'audit:search', null);
    return c.json({ error: 'forbidden' }, 403);
  }
  const parsed = auditSearchSchema.safeParse(c.req.query());
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || 'query'))];
    log.warn('http_invalid_input', { path: routePath(c), fields });
    return c.json({ error: 'invalid_input', fields }, 400);
  }
  // The search is logged before it runs: a search that cannot be logged is not answered.
  await audit(db.prisma, {
    userId: actor.userId,
    action: 'SEARCH',
    caseId: parsed.data.caseId ?? null,
    purpose: 'audit-search',
    criterion: searchCriterion(parsed.data),
    address: clientAddress(c),
  });
  return c.json(await searchAudit(db.prisma, actor.municipalityId, parsed.data));
});

export const caseAccessLogRoutes = new Hono<AppEnv>().get('/:caseId/access-log', requireActor, async (c) => {
  const actor = c.get('actor')!;
  const { db } = c.get('services');
  const kase = await db.prisma.case.findUnique({ where: { id: c.req.param('caseId') }, select: { id: true, reference: true, forumId: true } });
  if (!kase || !can(actor, 'case:accessLog', { forumId: kase.forumId, isCase: true })) {
    await auditDenied(c, 'case:accessLog', kase);
    return c.json({ error: 'not_found' }, 404); // unknown and not allowed look the same
  }
  await audit(db.prisma, {
    userId: actor.userId,
    action: 'READ',
    caseId: kase.id,
    caseReference: kase.reference,
    purpose: 'access-log',
    address: clientAddress(c),
  });
  return c.json({ caseId: kase.id, reference: kase.reference, entries: await caseAccessLog(db.prisma, kase.id) });
});
