/** /api/forums/:forumId/... — a forum's members, cases and meetings. */
import { Hono } from 'hono';
import type { ForumMember } from '../../../shared/api.js';
import { createCaseSchema, createMeetingSchema } from '../../../shared/schemas/meetings.js';
import type { AppEnv } from '../../http/context.js';
import { clientAddress, requireActor } from '../../http/middleware.js';
import { idParams } from '../../http/params.js';
import { zValidator } from '../../http/validate.js';
import { can } from '../../policy/policy.js';
import { createCase, listCases } from '../cases/service.js';
import { DomainError, notFound } from '../meetings/errors.js';
import { MeetingService } from '../meetings/service.js';

const forum = zValidator('param', idParams('forumId'));

export const forumRoutes = new Hono<AppEnv>()
  .use(requireActor)
  .get('/:forumId/members', forum, async (c) => {
    const forumId = c.req.valid('param').forumId;
    if (!can(c.get('actor')!, 'meeting:read', { forumId })) throw notFound();
    const members = await c.get('services').db.prisma.membership.findMany({
      where: { forumId },
      select: { userId: true, sector: true, role: true, user: { select: { name: true } } },
      orderBy: { user: { name: 'asc' } },
    });
    return c.json(members.map((m): ForumMember => ({ userId: m.userId, name: m.user.name, sector: m.sector, role: m.role })));
  })
  .get('/:forumId/cases', forum, async (c) => {
    const cases = await listCases(c.get('services').db.prisma, c.get('actor')!, c.req.valid('param').forumId);
    if (!cases) throw notFound();
    return c.json(cases);
  })
  .post('/:forumId/cases', forum, zValidator('json', createCaseSchema), async (c) => {
    const forumId = c.req.valid('param').forumId;
    const actor = c.get('actor')!;
    if (!can(actor, 'case:read', { forumId, isCase: true })) throw notFound();
    const created = await createCase(c.get('services').db.prisma, actor, forumId, c.req.valid('json'), clientAddress(c));
    if (!created) throw new DomainError('forbidden', 403);
    return c.json(created, 201);
  })
  .get('/:forumId/meetings', forum, async (c) => {
    const s = c.get('services');
    return c.json(await new MeetingService(s.db.prisma, s.hub).list(c.get('actor')!, c.req.valid('param').forumId));
  })
  .post('/:forumId/meetings', forum, zValidator('json', createMeetingSchema), async (c) => {
    const s = c.get('services');
    const meeting = await new MeetingService(s.db.prisma, s.hub).create(c.get('actor')!, c.req.valid('param').forumId, c.req.valid('json'));
    return c.json(meeting, 201);
  });
