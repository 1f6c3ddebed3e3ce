/**
 * Parents' sessions (docs/SPEC.md, PA2): kind 'parent', a table and a cookie of their own, so a parent's cookie is
 * never a member's session (`SessionStore`, `resolveSession` and the websocket handshakes read SESSION_COOKIE
 * only). The cookie holds a random secret, the database its hash; it is sent only to /api/parent (its Path), lives
 * PARENT_SESSION_HOURS and ends with its invitation (expired or revoked).
 */
import type { Db } from '../db/client.js';
import type { ParentActor } from '../policy/policy.js';
import { hashSecret, newSecret } from './tokens.js';

export const PARENT_COOKIE = 'samraad_parent';
export const PARENT_COOKIE_PATH = '/api/parent';
export const PARENT_SESSION_HOURS = 2;

export async function createParentSession(db: Db, invitationId: string, caseId: string): Promise<{ cookieValue: string; expiresAt: Date }> {
  const { secret, id } = newSecret();
  const expiresAt = new Date(Date.now() + PARENT_SESSION_HOURS * 3600_000);
  await db.parentSession.create({ data: { id, invitationId, caseId, expiresAt } });
  return { cookieValue: secret, expiresAt };
}

/** The parent behind a cookie value: a live session of a live invitation; null otherwise. */
export async function parentFromCookie(db: Db, cookieValue: string | undefined): Promise<(ParentActor & { sessionId: string }) | null> {
  if (!cookieValue || cookieValue.length > 100) return null;
  const now = new Date();
  const row = await db.parentSession.findUnique({
    where: { id: hashSecret(cookieValue) },
    select: { id: true, caseId: true, expiresAt: true, invitation: { select: { id: true, caseId: true, meetingId: true, expiresAt: true, revokedAt: true } } },
  });
  if (!row) return null;
  const inv = row.invitation;
  if (row.expiresAt <= now || inv.expiresAt <= now || inv.revokedAt !== null || inv.caseId !== row.caseId) {
    await db.parentSession.deleteMany({ where: { id: row.id } });
    return null;
  }
  return { kind: 'parent', sessionId: row.id, invitationId: inv.id, caseId: inv.caseId, meetingId: inv.meetingId };
}

export async function destroyParentSession(db: Db, sessionId: string): Promise<void> {
  await db.parentSession.deleteMany({ where: { id: sessionId } });
}

/** Expired parents' sessions and sign-in codes (the session-cleanup job). */
export async function purgeParentSessions(db: Db): Promise<void> {
  const now = new Date();
  await db.parentSession.deleteMany({ where: { expiresAt: { lt: now } } });
  await db.parentCode.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 24 * 3600_000) } } });
}
