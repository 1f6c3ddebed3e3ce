import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { refuse } from '../../http/errors.js';
import { requireActor } from '../../http/middleware.js';
import { idParams } from '../../http/params.js';
import { zValidator } from '../../http/validate.js';
import { todayInCopenhagen } from '../tasks/dates.js';
import { presentForumOverview } from './presenter.js';
import { loadForumOverview } from './service.js';

/** Mounted at /api/forums. */
export const overviewRoutes = new Hono<AppEnv>().get('/:forumId/overview', requireActor, zValidator('param', idParams('forumId')), async (c) => {
  const { forumId } = c.req.valid('param');
  const now = new Date();
  const today = todayInCopenhagen(now);
  const rows = await loadForumOverview(c.get('services').db, c.get('actor')!, forumId, now, today);
  // A forum the user cannot see is "not found", so ids cannot be probed.
  if (!rows) return refuse(c, 'not_found', 404);
  return c.json(presentForumOverview(rows, today));
});
