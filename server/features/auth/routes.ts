/** /api/auth: login, logout, who am I, websocket tokens, OIDC and TOTP (docs/SPEC.md, S1-S2, OI, TF, SE). */
import { Hono } from 'hono';
import { zValidator } from '../../http/validate.js';
import { loginSchema } from '../../../shared/schemas/auth.js';
import { CloseCode } from '../../../shared/protocol.js';
import { oidcFor } from '../../auth/oidc.js';
import { verifyPassword } from '../../auth/passwords.js';
import { verifyTotp } from '../../auth/totp.js';
import type { AppEnv } from '../../http/context.js';
import { refuse } from '../../http/errors.js';
import { clientAddress, requireActor } from '../../http/middleware.js';
import { audit } from '../../audit/audit.js';
import { log } from '../../observability/log.js';
import { clearSessionCookie, setSessionCookie } from './cookies.js';
import { oidcRoutes } from './oidc-routes.js';
import { presentMe } from './presenter.js';
import { totpRoutes } from './totp-routes.js';

export const authRoutes = new Hono<AppEnv>()
  .post('/login', zValidator('json', loginSchema), async (c) => {
    const { email, password, code } = c.req.valid('json');
    const { db, sessions, throttle } = c.get('services');
    const address = clientAddress(c);
    if (await throttle.blocked(email, address)) {
      log.warn('login_throttled');
      return refuse(c, 'too_many_attempts', 429);
    }
    const user = await db.prisma.user.findUnique({
      where: { email },
      select: { id: true, passwordHash: true, disabledAt: true, totpSecret: true, totpEnabledAt: true },
    });
    const ok = await verifyPassword(user?.passwordHash, password);
    if (!user || !ok || user.disabledAt) {
      await throttle.fail(email, address);
      log.warn('login_failed', { user: user?.id });
      await audit(db.prisma, { userId: user?.id ?? null, action: 'LOGIN_FAILED', address });
      return refuse(c, 'invalid_credentials', 401);
    }
    if (user.totpEnabledAt && user.totpSecret) {
      // Asking for the code does not reset the failure count: otherwise someone
      // holding the password could guess codes without ever being throttled.
      if (!code) return refuse(c, 'totp_required', 401);
      if (!verifyTotp(user.id, user.totpSecret, code)) {
        await throttle.fail(email, address);
        log.warn('login_failed', { user: user.id, factor: 'totp' });
        await audit(db.prisma, { userId: user.id, action: 'LOGIN_FAILED', criterion: 'totp', address });
        return refuse(c, 'invalid_credentials', 401);
      }
    }
    await throttle.succeed(email);
    const { cookieValue } = await sessions.create(user.id);
    setSessionCookie(c, cookieValue);
    log.info('login', { user: user.id, method: user.totpEnabledAt ? 'password+totp' : 'password' });
    await audit(db.prisma, { userId: user.id, action: 'LOGIN', criterion: 'password', address });
    return c.json(await presentMe(db.prisma, user.id));
  })
  .post('/logout', async (c) => {
    const session = c.get('session');
    const { sessions, live } = c.get('services');
    if (session) {
      await sessions.destroy(session.sessionId);
      const closed = live.closeSession(session.sessionId, CloseCode.UNAUTHORIZED, 'logged out');
      log.info('logout', { user: session.userId, closedSockets: closed });
    }
    clearSessionCookie(c);
    return c.body(null, 204);
  })
  .post('/logout-all', requireActor, async (c) => {
    const { userId } = c.get('session')!;
    const { db, live } = c.get('services');
    // Websocket tokens go with their sessions (ON DELETE CASCADE).
    const { count } = await db.prisma.session.deleteMany({ where: { userId } });
    const closed = live.closeUser(userId, CloseCode.UNAUTHORIZED, 'logged out everywhere');
    log.info('logout_all', { user: userId, sessions: count, closedSockets: closed });
    clearSessionCookie(c);
    return c.body(null, 204);
  })
  .get('/me', requireActor, async (c) => c.json(await presentMe(c.get('services').db.prisma, c.get('actor')!.userId)))
  .get('/config', (c) => c.json({ oidc: oidcFor(c.get('services').config) !== null }))
  .post('/ws-token', requireActor, async (c) => {
    const { token, expiresAt } = await c.get('services').sessions.issueWsToken(c.get('session')!.sessionId);
    return c.json({ token, expiresAt: expiresAt.toISOString() });
  })
  .route('/oidc', oidcRoutes)
  .route('/totp', totpRoutes);
