import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { refuse } from '../../http/errors.js';
import { requireActor } from '../../http/middleware.js';
import { log } from '../../observability/log.js';
import type { Actor } from '../../policy/policy.js';
import { presentCalendar } from './presenter.js';
import { actorForFeed, loadCalendar, replaceCalendarFeed } from './service.js';

async function serveCalendar(c: Context<AppEnv>, actor: Actor, attachment: boolean) {
  const now = new Date();
  const body = presentCalendar(await loadCalendar(c.get('services').db.prisma, actor, now), now);
  const headers: Record<string, string> = {
    'Content-Type': 'text/calendar; charset=utf-8',
    'Cache-Control': 'private, no-store',
  };
  if (attachment) headers['Content-Disposition'] = 'attachment; filename="samraad.ics"';
  return c.body(body, 200, headers);
}

/** Mounted at /api: /me/calendar.ics, /me/calendar-feed and /calendar/:secret.ics. */
export const calendarRoutes = new Hono<AppEnv>()
  .get('/me/calendar.ics', requireActor, (c) => serveCalendar(c, c.get('actor')!, true))
  .post('/me/calendar-feed', requireActor, async (c) => {
    const { db, publicOrigin } = c.get('services');
    const actor = c.get('actor')!;
    const secret = await replaceCalendarFeed(db.prisma, actor.userId);
    log.info('calendar_feed_created', { userId: actor.userId });
    // T6: from configuration only, never from the Host header (a forged one would hand out a link to another host).
    return c.json({ url: `${publicOrigin()}/api/calendar/${secret}.ics` });
  })
  // No cookie here: the secret in the path is the credential. Memberships are re-read on every request.
  .get('/calendar/:file', async (c) => {
    const actor = await actorForFeed(c.get('services').db.prisma, c.req.param('file'));
    if (!actor) return refuse(c, 'not_found', 404);
    return serveCalendar(c, actor, false);
  });
