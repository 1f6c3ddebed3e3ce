/** An access request (indsigt, IN1-IN2), mounted at /api/cases. */
import { Hono } from 'hono';
import { z } from 'zod';
import { audit } from '../../audit/audit.js';
import type { AppEnv } from '../../http/context.js';
import { refuse } from '../../http/errors.js';
import { clientAddress, requireActor } from '../../http/middleware.js';
import { idParams } from '../../http/params.js';
import { zValidator } from '../../http/validate.js';
import { log } from '../../observability/log.js';
import { can } from '../../policy/policy.js';
import { auditDenied } from '../audit/deny.js';
import { todayInCopenhagen } from '../tasks/dates.js';
import { accessRequestFileName, renderAccessRequestPdf } from './pdf.js';
import { buildAccessRequest, loadCaseForExport } from './service.js';

const querySchema = z
  .object({
    format: z.enum(['json', 'pdf']).default('json'),
    redactEmployees: z.enum(['true', 'false']).default('true'),
  })
  .strict();

// The query is checked before the case is looked up: a malformed one is 400 for every case alike, so it tells
// nothing about whether the case exists or may be read (then 404, logged as DENIED).
export const accessRequestRoutes = new Hono<AppEnv>().get('/:caseId/access-request', requireActor, zValidator('param', idParams('caseId')), zValidator('query', querySchema), async (c) => {
  const actor = c.get('actor')!;
  const { db } = c.get('services');
  const query = c.req.valid('query');
  const kase = await loadCaseForExport(db, c.req.valid('param').caseId);
  const resource = kase ? { forumId: kase.forumId, municipalityId: kase.forum.municipalityId, isCase: true } : null;
  if (!kase || !resource || !can(actor, 'case:export', resource)) {
    await auditDenied(c, 'case:export', kase);
    return refuse(c, 'not_found', 404);
  }
  const isAdmin = can(actor, 'audit:search', resource);
  const redactEmployees = query.redactEmployees === 'true';
  if (!redactEmployees && !isAdmin) {
    await auditDenied(c, 'case:export:names', kase);
    return refuse(c, 'forbidden', 403);
  }
  // Logged before anything is read: an export that cannot be logged does not happen.
  await audit(db.prisma, {
    userId: actor.userId,
    action: 'EXPORT',
    caseId: kase.id,
    caseReference: kase.reference,
    purpose: 'access-request',
    criterion: `format=${query.format};redactEmployees=${redactEmployees}`,
    address: clientAddress(c),
  });
  // Health-only notes go to whoever may read them (never police, A5) and to the administrator.
  const includeHealthDocument = isAdmin || can(actor, 'document:read', { ...resource, healthOnly: true });
  // LB7: the child's identity goes to the administrator, or to a chair the basis in force names the child to.
  const identity = { basis: kase.bases.find((b) => b.endedAt === null) ?? null, today: todayInCopenhagen() };
  const includeIdentity = can(actor, 'case:exportIdentity', { ...resource, identity });
  if (!includeIdentity && [kase.childName, kase.childCpr, kase.childAddress, kase.parentNames].some((v) => v !== null)) {
    await auditDenied(c, 'case:identity:export', kase);
  }
  const data = await buildAccessRequest(db, kase, { redactEmployees, includeHealthDocument, includeIdentity });
  log.info('access_request_exported', { caseId: kase.id, userId: actor.userId, format: query.format });
  if (query.format === 'json') {
    c.header('Cache-Control', 'private, no-store');
    return c.json(data);
  }
  const pdf = await renderAccessRequestPdf(data);
  return c.body(new Uint8Array(pdf), 200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `attachment; filename="${accessRequestFileName(kase.reference)}"`,
    'Content-Length': String(pdf.length),
    'Cache-Control': 'private, no-store',
  });
});
