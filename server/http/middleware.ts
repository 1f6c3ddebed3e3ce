/** Cross-cutting HTTP middleware: security headers, Origin checks, sessions. */
import { createMiddleware } from 'hono/factory';
import { getCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { SESSION_COOKIE } from '../auth/sessions.js';
import { log } from '../observability/log.js';
import { loadActor } from '../policy/actor.js';
import type { AppEnv, Services } from './context.js';
import { refuse } from './errors.js';
import { proxyTrustOf } from './proxy.js';

export const withServices = (services: Services) =>
  createMiddleware<AppEnv>(async (c, next) => {
    c.set('services', services);
    c.set('session', null);
    c.set('actor', null);
    await next();
  });

/** CSP without inline script, no framing, no referrer; HSTS over https (docs/SPEC.md, H1). */
export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const h = c.res.headers;
  h.set(
    'Content-Security-Policy',
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
      "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  );
  h.set('X-Content-Type-Options', 'nosniff');
  h.set('Referrer-Policy', 'no-referrer');
  h.set('X-Frame-Options', 'DENY');
  h.set('Cross-Origin-Opener-Policy', 'same-origin');
  if (c.get('services').secure()) h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
});

/**
 * State-changing requests must carry an allowed Origin (docs/SPEC.md, H2).
 * Together with SameSite=Strict cookies this stops cross-site requests,
 * JSON ones included.
 */
/**
 * H6 for the URL: a NUL (U+0000) in the path or a query parameter, raw or %-encoded, is 400 before any route runs;
 * a malformed %-encoding is 400 too (never a 500 from PostgreSQL or from URIError).
 */
export const refuseNulInUrl = createMiddleware<AppEnv>(async (c, next) => {
  const url = new URL(c.req.url);
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname) + decodeURIComponent(url.search.replace(/\+/g, ' '));
  } catch {
    return refuse(c, 'invalid_input', 400, { fields: ['url'] });
  }
  if (decoded.includes('\u0000')) return refuse(c, 'invalid_input', 400, { fields: ['url'] });
  await next();
});

export const requireSameOrigin = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
  const origin = c.req.header('origin');
  if (!origin || !c.get('services').allowedOrigins().has(origin)) {
    log.warn('http_origin_refused', { method: c.req.method, path: routePath(c) });
    return refuse(c, 'origin_not_allowed', 403);
  }
  return next();
});

/** Resolves the session cookie, if any, into `session` and `actor`. */
export const resolveSession = createMiddleware<AppEnv>(async (c, next) => {
  const { sessions, db } = c.get('services');
  const session = await sessions.fromCookie(getCookie(c, SESSION_COOKIE));
  if (session) {
    c.set('session', session);
    c.set('actor', await loadActor(db.prisma, session.userId));
  }
  return next();
});

export const requireActor = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.get('actor')) return refuse(c, 'unauthenticated', 401);
  return next();
});

/**
 * The client's address for the audit log, the login throttle and logs (H7): the socket's peer, or the
 * X-Forwarded-For client when the peer is one of TRUSTED_PROXIES.
 */
export function clientAddress(c: Context): string {
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    return 'unknown';
  }
  const services = (c as Context<AppEnv>).get('services') as Services | undefined;
  return proxyTrustOf(services?.config ?? {}).clientAddress(peer, c.req.header('x-forwarded-for'));
}

/** The matched route pattern, never the raw URL (which could carry ids). */
export function routePath(c: Context): string {
  return c.req.routePath || 'unknown';
}
