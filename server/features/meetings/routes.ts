/** /api/meetings/:meetingId/... — the agenda and the live meeting. Thin: MeetingService decides. */
import { Hono } from 'hono';
import {
  addAgendaItemSchema,
  concludeItemSchema,
  participantsSchema,
  reorderAgendaSchema,
  setCurrentSchema,
  updateAgendaItemSchema,
} from '../../../shared/schemas/meetings.js';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { idParams } from '../../http/params.js';
import { zValidator } from '../../http/validate.js';
import { journalNumberSchema } from '../../../shared/schemas/journal.js';
import { setMeetingJournalNumber } from '../journal/service.js';
import { MeetingService } from './service.js';

const meeting = zValidator('param', idParams('meetingId'));
const item = zValidator('param', idParams('meetingId', 'itemId'));

const service = (c: { get(k: 'services'): AppEnv['Variables']['services'] }) => {
  const s = c.get('services');
  return new MeetingService(s.db.prisma, s.hub);
};

export const meetingRoutes = new Hono<AppEnv>()
  .use(requireActor)
  .get('/:meetingId', meeting, async (c) => c.json(await service(c).get(c.get('actor')!, c.req.valid('param').meetingId)))
  .post('/:meetingId/agenda', meeting, zValidator('json', addAgendaItemSchema), async (c) => {
    const { caseId, timeboxMinutes } = c.req.valid('json');
    await service(c).addAgendaItem(c.get('actor')!, c.req.valid('param').meetingId, caseId, timeboxMinutes);
    return c.body(null, 204);
  })
  .post('/:meetingId/agenda/reorder', meeting, zValidator('json', reorderAgendaSchema), async (c) => {
    await service(c).reorderAgenda(c.get('actor')!, c.req.valid('param').meetingId, c.req.valid('json').itemIds);
    return c.body(null, 204);
  })
  .patch('/:meetingId/agenda/:itemId', item, zValidator('json', updateAgendaItemSchema), async (c) => {
    await service(c).updateAgendaItem(c.get('actor')!, c.req.valid('param').meetingId, c.req.valid('param').itemId, c.req.valid('json'));
    return c.body(null, 204);
  })
  .delete('/:meetingId/agenda/:itemId', item, async (c) => {
    await service(c).removeAgendaItem(c.get('actor')!, c.req.valid('param').meetingId, c.req.valid('param').itemId);
    return c.body(null, 204);
  })
  .put('/:meetingId/participants', meeting, zValidator('json', participantsSchema), async (c) => {
    const { userIds, guestLabels } = c.req.valid('json');
    await service(c).setParticipants(c.get('actor')!, c.req.valid('param').meetingId, userIds, guestLabels);
    return c.body(null, 204);
  })
  .put('/:meetingId/journal-number', meeting, zValidator('json', journalNumberSchema), async (c) => {
    await setMeetingJournalNumber(c.get('services').db.prisma, c.get('actor')!, c.req.valid('param').meetingId, c.req.valid('json').journalNumber);
    return c.body(null, 204);
  })
  .post('/:meetingId/start', meeting, async (c) => {
    await service(c).start(c.get('actor')!, c.req.valid('param').meetingId);
    return c.body(null, 204);
  })
  .post('/:meetingId/current', meeting, zValidator('json', setCurrentSchema), async (c) => {
    await service(c).setCurrent(c.get('actor')!, c.req.valid('param').meetingId, c.req.valid('json').itemId);
    return c.body(null, 204);
  })
  .post('/:meetingId/items/:itemId/conclude', item, zValidator('json', concludeItemSchema), async (c) => {
    await service(c).conclude(c.get('actor')!, c.req.valid('param').meetingId, c.req.valid('param').itemId, c.req.valid('json'));
    return c.body(null, 204);
  })
  .post('/:meetingId/close', meeting, async (c) => {
    await service(c).close(c.get('actor')!, c.req.valid('param').meetingId);
    return c.body(null, 204);
  });
