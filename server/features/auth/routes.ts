/** /api/auth: login, logout, who am I, and websocket tokens (docs/SPEC.md, S1-S2). */
import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { zValidatorJson } from '../../http/validate.js';
import { loginSchema } from '../../../shared/schemas/auth.js';
import { CloseCode } from '../../../shared/protocol.js';
import { verifyPassword } from '../../auth/passwords.js';
import { SESSION_COOKIE } from '../../auth/sessions.js';
import type { AppEnv } from '../../http/context.js';
import { clientAddress, requireActor } from '../../http/middleware.js';
import { log } from '../../observability/log.js';
import { presentMe } from './presenter.js';

export const authRoutes = new Hono<AppEnv>()
  .post('/login', zValidatorJson(loginSchema), async (c) => {
    const { email, password } = c.req.valid('json');
    const { db, sessions, throttle, config, secure } = c.get('services');
    const address = clientAddress(c);
    if (throttle.blocked(email, address)) {
      log.warn('login_throttled');
      return c.json({ error: 'too_many_attempts' }, 429);
    }
    const user = await db.prisma.user.findUnique({ where: { email }, select: { id: true, passwordHash: true, disabledAt: true } });
    const ok = await verifyPassword(user?.passwordHash, password);
    if (!user || !ok || user.disabledAt) {
      throttle.fail(email, address);
      log.warn('login_failed', { user: user?.id });
      return c.json({ error: 'invalid_credentials' }, 401);
    }
    throttle.succeed(email);
    const { cookieValue } = await sessions.create(user.id);
    setCookie(c, SESSION_COOKIE, cookieValue, {
      httpOnly: true,
      secure: secure(),
      sameSite: 'Strict',
      path: '/',
      maxAge: config.SESSION_ABSOLUTE_HOURS * 3600,
    });
    log.info('login', { user: user.id });
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
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  })
  .get('/me', requireActor, async (c) => c.json(await presentMe(c.get('services').db.prisma, c.get('actor')!.userId)))
  .post('/ws-token', requireActor, async (c) => {
    const { token, expiresAt } = await c.get('services').sessions.issueWsToken(c.get('session')!.sessionId);
    return c.json({ token, expiresAt: expiresAt.toISOString() });
  });
