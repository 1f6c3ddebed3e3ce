/** /api/auth/totp: the optional second factor of local accounts (docs/SPEC.md, TF1-TF4). */
import { Hono, type Context } from 'hono';
import { totpCodeBodySchema } from '../../../shared/schemas/auth.js';
import { newTotpSecret, verifyTotp } from '../../auth/totp.js';
import type { AppEnv } from '../../http/context.js';
import { refuse } from '../../http/errors.js';
import { clientAddress, requireActor } from '../../http/middleware.js';
import { zValidator } from '../../http/validate.js';
import { log } from '../../observability/log.js';

const select = { id: true, email: true, passwordHash: true, totpSecret: true, totpEnabledAt: true } as const;

function currentUser(c: Context<AppEnv>) {
  return c.get('services').db.prisma.user.findUniqueOrThrow({ where: { id: c.get('actor')!.userId }, select });
}

/**
 * Checks a code for a signed-in user. Wrong codes count toward the login
 * throttle of the account and address, so a stolen session cannot guess.
 */
async function checkCode(c: Context<AppEnv>, user: { id: string; email: string }, secret: string, code: string): Promise<'ok' | 'throttled' | 'wrong'> {
  const { throttle } = c.get('services');
  const address = clientAddress(c);
  if (await throttle.blocked(user.email, address)) return 'throttled';
  if (verifyTotp(user.id, secret, code)) return 'ok';
  await throttle.fail(user.email, address);
  return 'wrong';
}

export const totpRoutes = new Hono<AppEnv>()
  .use(requireActor)
  .use(async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  })
  .get('/', async (c) => {
    const user = await currentUser(c);
    return c.json({ enabled: user.totpEnabledAt !== null, available: user.passwordHash !== null });
  })
  .post('/setup', async (c) => {
    const user = await currentUser(c);
    if (!user.passwordHash) return refuse(c, 'not_local_account', 409);
    if (user.totpEnabledAt) return refuse(c, 'totp_already_enabled', 409);
    const { secret, otpauthUrl } = newTotpSecret(user.email);
    await c.get('services').db.prisma.user.update({ where: { id: user.id }, data: { totpSecret: secret, totpEnabledAt: null } });
    log.info('totp_setup', { user: user.id });
    return c.json({ secret, otpauthUrl });
  })
  .post('/enable', zValidator('json', totpCodeBodySchema), async (c) => {
    const user = await currentUser(c);
    if (user.totpEnabledAt) return refuse(c, 'totp_already_enabled', 409);
    if (!user.totpSecret) return refuse(c, 'totp_not_set_up', 409);
    const result = await checkCode(c, user, user.totpSecret, c.req.valid('json').code);
    if (result === 'throttled') return refuse(c, 'too_many_attempts', 429);
    if (result === 'wrong') {
      log.warn('totp_code_refused', { user: user.id });
      return refuse(c, 'invalid_code', 400);
    }
    await c.get('services').db.prisma.user.update({ where: { id: user.id }, data: { totpEnabledAt: new Date() } });
    log.info('totp_enabled', { user: user.id });
    return c.json({ enabled: true });
  })
  .post('/disable', zValidator('json', totpCodeBodySchema), async (c) => {
    const user = await currentUser(c);
    if (!user.totpEnabledAt || !user.totpSecret) return refuse(c, 'totp_not_enabled', 409);
    const result = await checkCode(c, user, user.totpSecret, c.req.valid('json').code);
    if (result === 'throttled') return refuse(c, 'too_many_attempts', 429);
    if (result === 'wrong') {
      log.warn('totp_code_refused', { user: user.id });
      return refuse(c, 'invalid_code', 400);
    }
    await c.get('services').db.prisma.user.update({ where: { id: user.id }, data: { totpSecret: null, totpEnabledAt: null } });
    log.info('totp_disabled', { user: user.id });
    return c.json({ enabled: false });
  });
