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
import { zValidatorJson } from '../../http/validate.js';
import { journalNumberSchema } from '../../../shared/schemas/journal.js';
import { setMeetingJournalNumber } from '../journal/service.js';
import { MeetingService } from './service.js';

const service = (c: { get(k: 'services'): AppEnv['Variables']['services'] }) => {
  const s = c.get('services');
  return new MeetingService(s.db.prisma, s.hub);
};

export const meetingRoutes = new Hono<AppEnv>()
  .use(requireActor)
  .get('/:meetingId', async (c) => c.json(await service(c).get(c.get('actor')!, c.req.param('meetingId'))))
  .post('/:meetingId/agenda', zValidatorJson(addAgendaItemSchema), async (c) => {
    const { caseId, timeboxMinutes } = c.req.valid('json');
    await service(c).addAgendaItem(c.get('actor')!, c.req.param('meetingId'), caseId, timeboxMinutes);
    return c.body(null, 204);
  })
  .post('/:meetingId/agenda/reorder', zValidatorJson(reorderAgendaSchema), async (c) => {
    await service(c).reorderAgenda(c.get('actor')!, c.req.param('meetingId'), c.req.valid('json').itemIds);
    return c.body(null, 204);
  })
  .patch('/:meetingId/agenda/:itemId', zValidatorJson(updateAgendaItemSchema), async (c) => {
    await service(c).updateAgendaItem(c.get('actor')!, c.req.param('meetingId'), c.req.param('itemId'), c.req.valid('json'));
    return c.body(null, 204);
  })
  .delete('/:meetingId/agenda/:itemId', async (c) => {
    await service(c).removeAgendaItem(c.get('actor')!, c.req.param('meetingId'), c.req.param('itemId'));
    return c.body(null, 204);
  })
  .put('/:meetingId/participants', zValidatorJson(participantsSchema), async (c) => {
    const { userIds, guestLabels } = c.req.valid('json');
    await service(c).setParticipants(c.get('actor')!, c.req.param('meetingId'), userIds, guestLabels);
    return c.body(null, 204);
  })
  .put('/:meetingId/journal-number', zValidatorJson(journalNumberSchema), async (c) => {
    await setMeetingJournalNumber(c.get('services').db.prisma, c.get('actor')!, c.req.param('meetingId'), c.req.valid('json').journalNumber);
    return c.body(null, 204);
  })
  .post('/:meetingId/start', async (c) => {
    await service(c).start(c.get('actor')!, c.req.param('meetingId'));
    return c.body(null, 204);
  })
  .post('/:meetingId/current', zValidatorJson(setCurrentSchema), async (c) => {
    await service(c).setCurrent(c.get('actor')!, c.req.param('meetingId'), c.req.valid('json').itemId);
    return c.body(null, 204);
  })
  .post('/:meetingId/items/:itemId/conclude', zValidatorJson(concludeItemSchema), async (c) => {
    await service(c).conclude(c.get('actor')!, c.req.param('meetingId'), c.req.param('itemId'), c.req.valid('json'));
    return c.body(null, 204);
  })
  .post('/:meetingId/close', async (c) => {
    await service(c).close(c.get('actor')!, c.req.param('meetingId'));
    return c.body(null, 204);
  });
