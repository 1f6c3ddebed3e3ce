/** /api/cases/:caseId/... — legal basis, identity, health-only notes, duty to report. */
import { Hono, type Context } from 'hono';
import { identitySchema, reportDutySchema, setBasisSchema, withdrawConsentSchema } from '../../../shared/schemas/privacy.js';
import type { AppEnv } from '../../http/context.js';
import { clientAddress, requireActor } from '../../http/middleware.js';
import { zValidatorJson } from '../../http/validate.js';
import { PrivacyService } from './service.js';

const service = (c: Context<AppEnv>) => new PrivacyService(c.get('services').db.prisma, c.get('services').hub, clientAddress(c));

export const privacyRoutes = new Hono<AppEnv>()
  .use(requireActor)
  .get('/:caseId/privacy', async (c) => c.json(await service(c).get(c.get('actor')!, c.req.param('caseId'))))
  .post('/:caseId/basis', zValidatorJson(setBasisSchema), async (c) => {
    await service(c).setBasis(c.get('actor')!, c.req.param('caseId'), c.req.valid('json'));
    return c.body(null, 204);
  })
  .post('/:caseId/consent/withdraw', zValidatorJson(withdrawConsentSchema), async (c) => {
    await service(c).withdrawConsent(c.get('actor')!, c.req.param('caseId'), c.req.valid('json').withdrawnOn);
    return c.body(null, 204);
  })
  .put('/:caseId/identity', zValidatorJson(identitySchema), async (c) => {
    await service(c).setIdentity(c.get('actor')!, c.req.param('caseId'), c.req.valid('json'));
    return c.body(null, 204);
  })
  .post('/:caseId/health-notes', async (c) => {
    await service(c).createHealthNotes(c.get('actor')!, c.req.param('caseId'));
    return c.body(null, 204);
  })
  .post('/:caseId/report-duty', zValidatorJson(reportDutySchema), async (c) => {
    await service(c).answerReportDuty(c.get('actor')!, c.req.param('caseId'), c.req.valid('json'));
    return c.body(null, 204);
  });
