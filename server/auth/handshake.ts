/**
 * Authentication of websocket handshakes (collaboration and socket.io), shared
 * so both channels apply the same rules (docs/SPEC.md, S3-S5):
 * a browser (it always sends Origin) must come from an allowed origin; a
 * client without Origin must bring a token; then the session or token decides.
 */
import { parse as parseCookie } from 'hono/utils/cookie';
import { SESSION_COOKIE, type AuthenticatedSession, type SessionStore } from './sessions.js';

export type HandshakeResult =
  | { ok: true; session: AuthenticatedSession }
  | { ok: false; status: 401 | 403; reason: string };

export async function authenticateHandshake(
  sessions: SessionStore,
  allowedOrigins: ReadonlySet<string>,
  input: { origin: string | undefined; cookieHeader: string | undefined; token: string | undefined },
): Promise<HandshakeResult> {
  if (input.origin !== undefined && !allowedOrigins.has(input.origin)) {
    return { ok: false, status: 403, reason: 'origin_not_allowed' };
  }
  if (input.token) {
    const session = await sessions.fromWsToken(input.token);
    return session ? { ok: true, session } : { ok: false, status: 401, reason: 'invalid_token' };
  }
  if (input.origin === undefined) return { ok: false, status: 401, reason: 'token_required_without_origin' };
  const cookie = input.cookieHeader ? parseCookie(input.cookieHeader, SESSION_COOKIE)[SESSION_COOKIE] : undefined;
  const session = await sessions.fromCookie(cookie);
  return session ? { ok: true, session } : { ok: false, status: 401, reason: 'no_session' };
}
