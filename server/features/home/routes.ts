import { Hono } from 'hono';
import { z } from 'zod';
import type { AccessibilityInfo } from '../../../shared/api.js';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { zValidator } from '../../http/validate.js';
import { loadHome } from './service.js';

const languageSchema = z.object({ language: z.enum(['da', 'en']) }).strict();

/** Mounted at /api/me: GET /api/me/home (WB9-WB12), PUT /api/me/language (WB15: the user's own language). */
export const homeRoutes = new Hono<AppEnv>()
  .get('/home', requireActor, async (c) => {
    return c.json(await loadHome(c.get('services').db.prisma, c.get('actor')!));
  })
  .put('/language', requireActor, zValidator('json', languageSchema), async (c) => {
    const { language } = c.req.valid('json');
    await c.get('services').db.prisma.user.update({ where: { id: c.get('actor')!.userId }, data: { language } });
    return c.json({ language });
  });

/**
 * Mounted at /api: GET /api/accessibility (WB19), open to everyone (the statement is linked from every page, the
 * login page too): the municipality's name and its WAS-Tool link and contact. Logged in: the user's municipality;
 * otherwise the deployment's one municipality (none named when it serves several).
 */
export const accessibilityRoutes = new Hono<AppEnv>().get('/accessibility', async (c) => {
  const db = c.get('services').db.prisma;
  const actor = c.get('actor');
  const select = { name: true, wasToolUrl: true, accessibilityContact: true } as const;
  const m = actor
    ? await db.municipality.findUnique({ where: { id: actor.municipalityId }, select })
    : await db.municipality.findMany({ select, take: 2, orderBy: { createdAt: 'asc' } }).then((all) => (all.length === 1 ? all[0]! : null));
  const info: AccessibilityInfo = { municipality: m?.name ?? null, wasToolUrl: m?.wasToolUrl ?? null, contact: m?.accessibilityContact ?? null };
  c.header('Cache-Control', 'no-store');
  return c.json(info);
});
