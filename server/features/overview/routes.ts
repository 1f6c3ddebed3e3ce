import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { todayInCopenhagen } from '../tasks/dates.js';
import { presentForumOverview } from './presenter.js';
import { loadForumOverview } from './service.js';

const forumIdSchema = z.string().min(1).max(64);

/** Mounted at /api/forums. */
export const overviewRoutes = new Hono<AppEnv>().get('/:forumId/overview', requireActor, async (c) => {
  const forumId = forumIdSchema.safeParse(c.req.param('forumId'));
  if (!forumId.success) return c.json({ error: 'not_found' }, 404);
  const now = new Date();
  const today = todayInCopenhagen(now);
  const rows = await loadForumOverview(c.get('services').db, c.get('actor')!, forumId.data, now, today);
  // A forum the user cannot see is "not found", so ids cannot be probed.
  if (!rows) return c.json({ error: 'not_found' }, 404);
  return c.json(presentForumOverview(rows, today));
});
