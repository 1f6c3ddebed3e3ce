import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { loadHome } from './service.js';

/** Mounted at /api/me: GET /api/me/home (WB9-WB12). */
export const homeRoutes = new Hono<AppEnv>().get('/home', requireActor, async (c) => {
  return c.json(await loadHome(c.get('services').db.prisma, c.get('actor')!));
});
