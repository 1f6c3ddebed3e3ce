/** /api/admin/... — municipal administration; the policy allows ADMIN of the same municipality only. */
import { Hono, type Context } from 'hono';
import { createForumSchema, createUserSchema, membershipSchema, municipalitySettingsSchema, updateUserSchema } from '../../../shared/schemas/admin.js';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { idParams } from '../../http/params.js';
import { zValidator } from '../../http/validate.js';
import { journalNumberSchema } from '../../../shared/schemas/journal.js';
import { setForumJournalNumber } from '../journal/service.js';
import { AdminService } from './service.js';

const service = (c: Context<AppEnv>) => new AdminService(c.get('services').db.prisma, c.get('services').live, c.get('services').hub);

const user = zValidator('param', idParams('userId'));
const forum = zValidator('param', idParams('forumId'));
const member = zValidator('param', idParams('forumId', 'userId'));

export const adminRoutes = new Hono<AppEnv>()
  .use(requireActor)
  .get('/users', async (c) => c.json(await service(c).listUsers(c.get('actor')!)))
  .post('/users', zValidator('json', createUserSchema), async (c) => c.json(await service(c).createUser(c.get('actor')!, c.req.valid('json')), 201))
  .patch('/users/:userId', user, zValidator('json', updateUserSchema), async (c) => {
    await service(c).updateUser(c.get('actor')!, c.req.valid('param').userId, c.req.valid('json'));
    return c.body(null, 204);
  })
  .get('/settings', async (c) => c.json(await service(c).settings(c.get('actor')!)))
  .put('/settings', zValidator('json', municipalitySettingsSchema), async (c) => {
    await service(c).updateSettings(c.get('actor')!, c.req.valid('json'));
    return c.body(null, 204);
  })
  .get('/forums', async (c) => c.json(await service(c).listForums(c.get('actor')!)))
  .post('/forums', zValidator('json', createForumSchema), async (c) => c.json(await service(c).createForum(c.get('actor')!, c.req.valid('json')), 201))
  .put('/forums/:forumId/journal-number', forum, zValidator('json', journalNumberSchema), async (c) => {
    await setForumJournalNumber(c.get('services').db.prisma, c.get('actor')!, c.req.valid('param').forumId, c.req.valid('json').journalNumber);
    return c.body(null, 204);
  })
  .put('/forums/:forumId/members/:userId', member, zValidator('json', membershipSchema), async (c) => {
    await service(c).setMembership(c.get('actor')!, c.req.valid('param').forumId, c.req.valid('param').userId, c.req.valid('json'));
    return c.body(null, 204);
  })
  .delete('/forums/:forumId/members/:userId', member, async (c) => {
    await service(c).removeMembership(c.get('actor')!, c.req.valid('param').forumId, c.req.valid('param').userId);
    return c.body(null, 204);
  });
