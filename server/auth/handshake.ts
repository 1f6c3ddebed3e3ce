/**
 * Authentication of websocket handshakes (collaboration and socket.io), shared
 * so both channels apply the same rules (docs/SPEC.md, S3-S5):
 * a browser (it always sends Origin) must come from an allowed origin; a
 * client without Origin must bring a token; then the session or token decides.
 */
import { parse as parseCookie } from 'hono/utils/cookie';
import { SESSION_COOKIE, type AuthenticatedSession, type Credential, type SessionStore } from './sessions.js';

export type HandshakeResult =
  | { ok: true; session: AuthenticatedSession }
  | { ok: false; status: 401 | 403; reason: string };

/** The rules that need no database: the Origin, and which credential counts. */
export function handshakeCredential(
  allowedOrigins: ReadonlySet<string>,
  input: { origin: string | undefined; cookieHeader: string | undefined; token: string | undefined },
): { ok: true; credential: Credential } | { ok: false; status: 401 | 403; reason: string } {
  if (input.origin !== undefined && !allowedOrigins.has(input.origin)) {
    return { ok: false, status: 403, reason: 'origin_not_allowed' };
  }
  if (input.token) return { ok: true, credential: { kind: 'token', token: input.token } };
  if (input.origin === undefined) return { ok: false, status: 401, reason: 'token_required_without_origin' };
  const cookie = input.cookieHeader ? parseCookie(input.cookieHeader, SESSION_COOKIE)[SESSION_COOKIE] : undefined;
  return { ok: true, credential: { kind: 'cookie', cookie } };
}

/** Reason of a 401 when the credential leads to no live session. */
export const NO_SESSION_REASON = { token: 'invalid_token', cookie: 'no_session' } as const;

export async function authenticateHandshake(
  sessions: SessionStore,
  allowedOrigins: ReadonlySet<string>,
  input: { origin: string | undefined; cookieHeader: string | undefined; token: string | undefined },
): Promise<HandshakeResult> {
  const found = handshakeCredential(allowedOrigins, input);
  if (!found.ok) return found;
  const session = await sessions.fromCredential(found.credential);
  return session ? { ok: true, session } : { ok: false, status: 401, reason: NO_SESSION_REASON[found.credential.kind] };
}
