/**
 * The user's own e-mail preferences (docs/SPEC.md, ML2), shown on the account page. Mounted at
 * /api/notifications/mail-preferences (features/reminders/routes.ts).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { zValidator } from '../../http/validate.js';
import type { MailPreferences } from '../../../shared/contract/answers.js';
import { MAIL_KINDS, MAIL_LANGUAGES, type MailKind } from './kinds.js';
import { mailModeOf, type MailMode } from './transport.js';

/** The kinds a user chooses among (not the parents' own mails, which are no one's choice). */
type ChosenKind = (typeof MAIL_KINDS)[number];

export const mailPreferencesSchema = z
  .object({
    kinds: z.object(Object.fromEntries(MAIL_KINDS.map((k) => [k, z.boolean()])) as Record<ChosenKind, z.ZodBoolean>).strict(),
    language: z.enum(MAIL_LANGUAGES),
  })
  .strict();

const present = (u: { mailKinds: MailKind[]; mailLanguage: string }, delivery: MailMode): MailPreferences => ({
  kinds: Object.fromEntries(MAIL_KINDS.map((k) => [k, u.mailKinds.includes(k)])) as Record<ChosenKind, boolean>,
  language: u.mailLanguage === 'en' ? 'en' : 'da',
  delivery,
});

const select = { mailKinds: true, mailLanguage: true } as const;

export const mailPreferenceRoutes = new Hono<AppEnv>()
  .get('/', requireActor, async (c) => {
    const { db, config } = c.get('services');
    const user = await db.prisma.user.findUniqueOrThrow({ where: { id: c.get('actor')!.userId }, select });
    return c.json(present(user, mailModeOf(config)));
  })
  .put('/', requireActor, zValidator('json', mailPreferencesSchema), async (c) => {
    const { db, config } = c.get('services');
    const body = c.req.valid('json');
    const user = await db.prisma.user.update({
      where: { id: c.get('actor')!.userId },
      data: { mailKinds: MAIL_KINDS.filter((k) => body.kinds[k]), mailLanguage: body.language },
      select,
    });
    return c.json(present(user, mailModeOf(config)));
  });
