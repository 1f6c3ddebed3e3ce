import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { refuse } from '../../http/errors.js';
import { requireActor } from '../../http/middleware.js';
import { idParams } from '../../http/params.js';
import { zValidator } from '../../http/validate.js';
import { mailPreferenceRoutes } from '../mail/routes.js';
import { presentNotification } from './presenter.js';
import { listNotifications, markNotificationRead } from './service.js';

/** Mounted at /api/notifications; the user's e-mail preferences at /api/notifications/mail-preferences (ML2). */
export const notificationRoutes = new Hono<AppEnv>()
  .route('/mail-preferences', mailPreferenceRoutes)
  .get('/', requireActor, async (c) => {
    const rows = await listNotifications(c.get('services').db, c.get('actor')!);
    return c.json(rows.map(presentNotification));
  })
  .post('/:id/read', requireActor, zValidator('param', idParams('id')), async (c) => {
    // Someone else's notification is "not found", like one that does not exist.
    if (!(await markNotificationRead(c.get('services').db, c.get('actor')!, c.req.valid('param').id))) {
      return refuse(c, 'not_found', 404);
    }
    return c.body(null, 204);
  });
