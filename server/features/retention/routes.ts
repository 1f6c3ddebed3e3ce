/** Closing a case (RT2), mounted at /api/cases. */
import { Hono } from 'hono';
import { audit } from '../../audit/audit.js';
import type { AppEnv } from '../../http/context.js';
import { refuse } from '../../http/errors.js';
import { clientAddress, requireActor } from '../../http/middleware.js';
import { idParams } from '../../http/params.js';
import { zValidator } from '../../http/validate.js';
import { auditDenied } from '../audit/deny.js';
import { closeCase } from './service.js';

export const caseCloseRoutes = new Hono<AppEnv>().post('/:caseId/close', requireActor, zValidator('param', idParams('caseId')), async (c) => {
  const actor = c.get('actor')!;
  const { db } = c.get('services');
  const { caseId } = c.req.valid('param');
  const result = await closeCase(db.prisma, actor, caseId);
  if (!result.ok) {
    await auditDenied(c, 'case:close', result.reference ? { id: caseId, reference: result.reference } : null);
    return refuse(c, 'not_found', 404);
  }
  if (result.changed) {
    // CS3: sockets already open on the case's documents become read-only now, here and on the other instances.
    const { collab, hub } = c.get('services');
    collab.lockDocuments(result.documentIds);
    hub.toForum(result.forumId, 'case:changed', { caseId });
    await audit(db.prisma, {
      userId: actor.userId,
      action: 'UPDATE',
      caseId,
      caseReference: result.reference,
      purpose: 'close',
      address: clientAddress(c),
    });
  }
  return c.body(null, 204);
});
