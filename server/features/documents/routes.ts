import { Hono } from 'hono';
import { docNameSchema } from '../../../shared/schemas/auth.js';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { documentWriters, listDocumentsFor } from './service.js';

export const documentRoutes = new Hono<AppEnv>()
  .get('/', requireActor, async (c) => c.json(await listDocumentsFor(c.get('services').db.prisma, c.get('actor')!)))
  // P10: who wrote under each client id; 404 alike for unknown documents and for those the actor may not read.
  .get('/:docName/writers', requireActor, async (c) => {
    const docName = c.req.param('docName');
    if (!docNameSchema.safeParse(docName).success) return c.json({ error: 'invalid_input', fields: ['docName'] }, 400);
    const writers = await documentWriters(c.get('services').db.prisma, c.get('actor')!, docName);
    return writers ? c.json(writers) : c.json({ error: 'not_found' }, 404);
  });
