/** /api/auth/oidc: login through the municipality's identity provider (docs/SPEC.md, OI1-OI5). */
import type { IncomingMessage } from 'node:http';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { OIDC_FLOW_COOKIE, OIDC_FLOW_TTL_MS, OidcRefusal, oidcFor } from '../../auth/oidc.js';
import type { ErrorCode } from '../../../shared/errors.js';
import type { AppEnv } from '../../http/context.js';
import { refuse } from '../../http/errors.js';
import { clientAddress } from '../../http/middleware.js';
import { audit } from '../../audit/audit.js';
import { log } from '../../observability/log.js';
import { setSessionCookie } from './cookies.js';

const FLOW_COOKIE_PATH = '/api/auth/oidc';

export const oidcRoutes = new Hono<AppEnv>()
  .use(async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  })
  .get('/login', async (c) => {
    const { config, db, secure } = c.get('services');
    const oidc = oidcFor(config);
    if (!oidc) return refuse(c, 'oidc_not_configured', 404);
    let started: Awaited<ReturnType<typeof oidc.begin>>;
    try {
      started = await oidc.begin(db.prisma, redirectUri(c));
    } catch (err) {
      log.error('oidc_discovery_failed', libraryError(err));
      return refuseLogin(c, 'oidc_unavailable', 503);
    }
    // Lax, not Strict: the provider sends the browser back with a cross-site GET.
    setCookie(c, OIDC_FLOW_COOKIE, started.cookieValue, {
      httpOnly: true,
      secure: secure(),
      sameSite: 'Lax',
      path: FLOW_COOKIE_PATH,
      maxAge: OIDC_FLOW_TTL_MS / 1000,
    });
    return c.redirect(started.url.href, 302);
  })
  .get('/callback', async (c) => {
    const { config, db, sessions, secure } = c.get('services');
    const oidc = oidcFor(config);
    if (!oidc) return refuse(c, 'oidc_not_configured', 404);
    const flowCookie = getCookie(c, OIDC_FLOW_COOKIE);
    deleteCookie(c, OIDC_FLOW_COOKIE, { path: FLOW_COOKIE_PATH, secure: secure(), httpOnly: true, sameSite: 'Lax' });
    let userId: string;
    try {
      userId = await oidc.complete(db.prisma, flowCookie, new URL(c.req.url).searchParams);
    } catch (err) {
      if (err instanceof OidcRefusal) {
        log.warn('oidc_refused', { reason: err.reason, user: err.userId, code: err.detail });
        await audit(db.prisma, { userId: err.userId ?? null, action: 'LOGIN_FAILED', criterion: `oidc:${err.reason}`, address: clientAddress(c) });
        return err.isProtocol ? refuseLogin(c, 'oidc_invalid_response', 400) : refuseLogin(c, 'oidc_no_account', 403);
      }
      log.error('oidc_failed', libraryError(err));
      return refuseLogin(c, 'oidc_unavailable', 503);
    }
    const { cookieValue } = await sessions.create(userId);
    setSessionCookie(c, cookieValue);
    log.info('login', { user: userId, method: 'oidc' });
    await audit(db.prisma, { userId, action: 'LOGIN', criterion: 'oidc', address: clientAddress(c) });
    return c.redirect('/', 302);
  });

/** Where the provider sends the browser back: OIDC_REDIRECT_URI, or our public origin's callback. */
function redirectUri(c: Context<AppEnv>): string {
  const { config } = c.get('services');
  if (config.OIDC_REDIRECT_URI) return config.OIDC_REDIRECT_URI;
  // Without PUBLIC_ORIGIN the server's origin is http://localhost:<port> (server/server.ts).
  const port = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket.localPort;
  const origin = config.PUBLIC_ORIGIN?.replace(/\/+$/, '') ?? (port ? `http://localhost:${port}` : new URL(c.req.url).origin);
  return `${origin}/api/auth/oidc/callback`;
}

/** Browsers go back to the login page with a neutral error; API clients get JSON. */
function refuseLogin(c: Context<AppEnv>, code: ErrorCode, status: 400 | 403 | 503) {
  if (c.req.header('accept')?.includes('text/html')) return c.redirect('/login?error=oidc', 302);
  return refuse(c, code, status);
}

/** The error's class and library code only: messages can quote tokens or claims. */
function libraryError(err: unknown): Record<string, unknown> {
  const code = (err as { code?: unknown } | null)?.code;
  return { err: err instanceof Error ? err.name : typeof err, code: typeof code === 'string' ? code.slice(0, 60) : undefined };
}
