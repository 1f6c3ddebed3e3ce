import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { todayInCopenhagen } from './dates.js';
import { presentMyTasks } from './presenter.js';
import { loadMyTasks } from './service.js';

/** Mounted at /api/me. */
export const taskRoutes = new Hono<AppEnv>().get('/tasks', requireActor, async (c) => {
  const rows = await loadMyTasks(c.get('services').db.prisma, c.get('actor')!);
  return c.json(presentMyTasks(rows, todayInCopenhagen()));
});
