import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { mailPreferenceRoutes } from '../mail/routes.js';
import { presentNotification } from './presenter.js';
import { listNotifications, markNotificationRead } from './service.js';

const idSchema = z.string().min(1).max(64);

/** Mounted at /api/notifications; the user's e-mail preferences at /api/notifications/mail-preferences (ML2). */
export const notificationRoutes = new Hono<AppEnv>()
  .route('/mail-preferences', mailPreferenceRoutes)
  .get('/', requireActor, async (c) => {
    const rows = await listNotifications(c.get('services').db, c.get('actor')!);
    return c.json(rows.map(presentNotification));
  })
  .post('/:id/read', requireActor, async (c) => {
    const id = idSchema.safeParse(c.req.param('id'));
    // Someone else's notification is "not found", like one that does not exist.
    if (!id.success || !(await markNotificationRead(c.get('services').db, c.get('actor')!, id.data))) {
      return c.json({ error: 'not_found' }, 404);
    }
    return c.body(null, 204);
  });
