/** The session cookie, set the same way by every kind of login (docs/SPEC.md, S1). */
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../../auth/sessions.js';
import type { AppEnv } from '../../http/context.js';

export function setSessionCookie(c: Context<AppEnv>, cookieValue: string): void {
  const { config, secure } = c.get('services');
  setCookie(c, SESSION_COOKIE, cookieValue, {
    httpOnly: true,
    secure: secure(),
    sameSite: 'Strict',
    path: '/',
    maxAge: config.SESSION_ABSOLUTE_HOURS * 3600,
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}
