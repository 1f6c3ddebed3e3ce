import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { log } from '../../observability/log.js';
import { renderMinutesPdf } from './pdf.js';
import { minutesFileName, presentMinutes } from './presenter.js';
import { loadMinutes } from './service.js';

/** Mounted at /api/meetings. */
export const minutesRoutes = new Hono<AppEnv>().get('/:meetingId/minutes.pdf', requireActor, async (c) => {
  const actor = c.get('actor')!;
  const result = await loadMinutes(c.get('services').db.prisma, actor, c.req.param('meetingId'));
  if (!result.ok) return c.json({ error: result.error }, result.error === 'not_found' ? 404 : 409);
  const pdf = await renderMinutesPdf(presentMinutes(result.rows));
  const { meeting } = result.rows;
  // An export of case data: logged with ids only.
  log.info('minutes_exported', { meetingId: meeting.id, forumId: meeting.forum.id, userId: actor.userId });
  return c.body(new Uint8Array(pdf), 200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `attachment; filename="${minutesFileName(meeting.forum.type, meeting.startsAt)}"`,
    'Content-Length': String(pdf.length),
    'Cache-Control': 'private, no-store',
  });
});
