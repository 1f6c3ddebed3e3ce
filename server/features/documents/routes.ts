import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { listDocumentsFor } from './service.js';

export const documentRoutes = new Hono<AppEnv>().get('/', requireActor, async (c) =>
  c.json(await listDocumentsFor(c.get('services').db.prisma, c.get('actor')!)),
);
