/** /api/cases/:caseId/... — legal basis, identity, health-only notes, duty to report. */
import { Hono, type Context } from 'hono';
import { identitySchema, reportDutySchema, setBasisSchema, withdrawConsentSchema } from '../../../shared/schemas/privacy.js';
import type { AppEnv } from '../../http/context.js';
import { clientAddress, requireActor } from '../../http/middleware.js';
import { idParams } from '../../http/params.js';
import { zValidator } from '../../http/validate.js';
import { PrivacyService } from './service.js';

const service = (c: Context<AppEnv>) => new PrivacyService(c.get('services').db.prisma, c.get('services').hub, clientAddress(c));

const kase = zValidator('param', idParams('caseId'));

export const privacyRoutes = new Hono<AppEnv>()
  .use(requireActor)
  .get('/:caseId/privacy', kase, async (c) => c.json(await service(c).get(c.get('actor')!, c.req.valid('param').caseId)))
  .post('/:caseId/basis', kase, zValidator('json', setBasisSchema), async (c) => {
    await service(c).setBasis(c.get('actor')!, c.req.valid('param').caseId, c.req.valid('json'));
    return c.body(null, 204);
  })
  .post('/:caseId/consent/withdraw', kase, zValidator('json', withdrawConsentSchema), async (c) => {
    await service(c).withdrawConsent(c.get('actor')!, c.req.valid('param').caseId, c.req.valid('json').withdrawnOn);
    return c.body(null, 204);
  })
  .put('/:caseId/identity', kase, zValidator('json', identitySchema), async (c) => {
    await service(c).setIdentity(c.get('actor')!, c.req.valid('param').caseId, c.req.valid('json'));
    return c.body(null, 204);
  })
  .post('/:caseId/health-notes', kase, async (c) => {
    await service(c).createHealthNotes(c.get('actor')!, c.req.valid('param').caseId);
    return c.body(null, 204);
  })
  .post('/:caseId/report-duty', kase, zValidator('json', reportDutySchema), async (c) => {
    await service(c).answerReportDuty(c.get('actor')!, c.req.valid('param').caseId, c.req.valid('json'));
    return c.body(null, 204);
  });
