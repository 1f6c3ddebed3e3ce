import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { clientAddress, requireActor } from '../../http/middleware.js';
import { idParams } from '../../http/params.js';
import { zValidator } from '../../http/validate.js';
import { notFound } from '../meetings/errors.js';
import { getCase } from './service.js';

export const caseRoutes = new Hono<AppEnv>().use(requireActor).get('/:caseId', zValidator('param', idParams('caseId')), async (c) => {
  const kase = await getCase(c.get('services').db.prisma, c.get('actor')!, c.req.valid('param').caseId, clientAddress(c));
  if (!kase) throw notFound(); // unknown and not allowed look the same
  return c.json(kase);
});
