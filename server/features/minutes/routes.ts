import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { refuse } from '../../http/errors.js';
import { requireActor } from '../../http/middleware.js';
import { idParams } from '../../http/params.js';
import { zValidator } from '../../http/validate.js';
import { log } from '../../observability/log.js';
import { renderMinutesPdf } from './pdf.js';
import { minutesFileName, presentMinutes } from './presenter.js';
import { loadMinutes } from './service.js';

/** Mounted at /api/meetings: the minutes of a closed meeting as PDF (MN1-MN6); the meeting's id checked as an id (H8). */
export const minutesRoutes = new Hono<AppEnv>().get('/:meetingId/minutes.pdf', requireActor, zValidator('param', idParams('meetingId')), async (c) => {
  const actor = c.get('actor')!;
  const result = await loadMinutes(c.get('services').db.prisma, actor, c.req.valid('param').meetingId);
  if (!result.ok) return result.error === 'not_found' ? refuse(c, 'not_found', 404) : refuse(c, result.error, 409);
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
