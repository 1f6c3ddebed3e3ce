import { Hono } from 'hono';
import { z } from 'zod';
import { docNameSchema } from '../../../shared/schemas/auth.js';
import type { AppEnv } from '../../http/context.js';
import { refuse } from '../../http/errors.js';
import { requireActor } from '../../http/middleware.js';
import { zValidator } from '../../http/validate.js';
import { documentWriters, listDocumentsFor } from './service.js';

export const documentRoutes = new Hono<AppEnv>()
  .get('/', requireActor, async (c) => c.json(await listDocumentsFor(c.get('services').db.prisma, c.get('actor')!)))
  // P10: who wrote under each client id; 404 alike for unknown documents and for those the actor may not read.
  .get('/:docName/writers', requireActor, zValidator('param', z.object({ docName: docNameSchema }).strict()), async (c) => {
    const { docName } = c.req.valid('param');
    const writers = await documentWriters(c.get('services').db.prisma, c.get('actor')!, docName);
    return writers ? c.json(writers) : refuse(c, 'not_found', 404);
  });
