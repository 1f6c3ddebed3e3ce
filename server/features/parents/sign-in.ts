/**
 * A parent's one-time sign-in (docs/SPEC.md, PA2): the invitation's link (its token), the invited e-mail address,
 * then a six-digit code mailed to that address: stored hashed, valid CODE_MINUTES, at most CODE_TRIES tries, then
 * void; a new code voids the one before. Failures are counted by the login throttle (server/auth/throttle.ts) per
 * invitation and per client address; at most CODES_PER_WINDOW codes are mailed per invitation in its window. A
 * wrong address is answered like a right one (no code is sent), so the answer never tells which address was
 * invited. Success gives a parent session (server/auth/parent-sessions.ts). Audited with actor `parent:<invitation>`.
 */
import crypto from 'node:crypto';
import { audit } from '../../audit/audit.js';
import { createParentSession } from '../../auth/parent-sessions.js';
import type { LoginThrottle } from '../../auth/throttle.js';
import { LOGIN_WINDOW_MS } from '../../auth/throttle.js';
import { hashSecret } from '../../auth/tokens.js';
import type { Db } from '../../db/client.js';
import { queueMailsWith } from '../mail/outbox.js';
import { todayInCopenhagen } from '../tasks/dates.js';

export const CODE_MINUTES = 10;
export const CODE_TRIES = 5;
export const CODES_PER_WINDOW = 5;

export const parentActorId = (invitationId: string) => `parent:${invitationId}`;
/** The login throttle's key of an invitation (its code and MitID sign-ins count together). */
export const parentThrottleKey = (invitationId: string) => `parent:${invitationId}`;
const codeHash = (codeId: string, code: string) => hashSecret(`${codeId}:${code}`);

export class SignInRefused extends Error {
  constructor(
    readonly code: 'invitation_invalid' | 'wrong_code' | 'too_many_attempts',
    readonly status: 401 | 410 | 429,
  ) {
    super(code);
  }
}

/** The invitation behind a link's token while it can be signed in with: not revoked, not expired, its case open. */
export async function liveInvitation(db: Db, token: string) {
  const inv = await db.parentInvitation.findUnique({
    where: { tokenHash: hashSecret(token) },
    select: {
      id: true,
      caseId: true,
      email: true,
      language: true,
      expiresAt: true,
      revokedAt: true,
      createdById: true,
      case: { select: { reference: true, forumId: true, status: true } },
    },
  });
  if (!inv || inv.revokedAt || inv.expiresAt <= new Date() || inv.case.status !== 'OPEN') return null;
  return inv;
}

/**
 * POST /api/parent/sign-in/start: a code to the invited address (when it is the one typed). Returns the code's id
 * when a code mail was queued (the route sends it at once, ML8), else null; the answer is the same either way.
 */
export async function startSignIn(db: Db, throttle: LoginThrottle, token: string, email: string, address: string): Promise<string | null> {
  const inv = await liveInvitation(db, token);
  if (!inv) throw new SignInRefused('invitation_invalid', 410);
  const actor = parentActorId(inv.id);
  if (await throttle.blocked(parentThrottleKey(inv.id), address)) throw new SignInRefused('too_many_attempts', 429);
  if (email.toLowerCase() !== inv.email) {
    await throttle.fail(parentThrottleKey(inv.id), address);
    await audit(db, { userId: actor, action: 'LOGIN_FAILED', caseId: inv.caseId, caseReference: inv.case.reference, purpose: 'parent-sign-in', criterion: 'wrong_email', address });
    return null;
  }
  const recent = await db.parentCode.count({ where: { invitationId: inv.id, createdAt: { gt: new Date(Date.now() - LOGIN_WINDOW_MS) } } });
  if (recent >= CODES_PER_WINDOW) throw new SignInRefused('too_many_attempts', 429);
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  const id = crypto.randomUUID();
  await db.$transaction(async (tx) => {
    await tx.parentCode.updateMany({ where: { invitationId: inv.id, usedAt: null, voidAt: null }, data: { voidAt: new Date(), mailCode: null } });
    await tx.parentCode.create({
      data: { id, invitationId: inv.id, codeHash: codeHash(id, code), mailCode: code, expiresAt: new Date(Date.now() + CODE_MINUTES * 60_000) },
    });
    await queueMailsWith(tx, [{ userId: inv.createdById, kind: 'PARENT_CODE', refId: id, day: todayInCopenhagen(), forumId: inv.case.forumId }]);
  });
  await audit(db, { userId: actor, action: 'CREATE', caseId: inv.caseId, caseReference: inv.case.reference, purpose: 'parent-sign-in-code', address });
  return id;
}

/**
 * POST /api/parent/sign-in/info: what the sign-in page needs before anyone is signed in: the invitation's language
 * (PA11) and whether MitID is offered (PA10). Nothing about the child, the case or the invited person.
 */
export async function signInInfo(db: Db, token: string, mitid: boolean): Promise<{ language: 'da' | 'en'; mitid: boolean }> {
  const inv = await liveInvitation(db, token);
  if (!inv) throw new SignInRefused('invitation_invalid', 410);
  return { language: inv.language === 'en' ? 'en' : 'da', mitid };
}

/** POST /api/parent/sign-in/verify: the code → a parent session's cookie value. */
export async function verifySignIn(
  db: Db,
  throttle: LoginThrottle,
  input: { token: string; email: string; code: string },
  address: string,
): Promise<{ cookieValue: string; expiresAt: Date }> {
  const inv = await liveInvitation(db, input.token);
  if (!inv) throw new SignInRefused('invitation_invalid', 410);
  const actor = parentActorId(inv.id);
  if (await throttle.blocked(parentThrottleKey(inv.id), address)) throw new SignInRefused('too_many_attempts', 429);
  const fail = async (why: string) => {
    await throttle.fail(parentThrottleKey(inv.id), address);
    await audit(db, { userId: actor, action: 'LOGIN_FAILED', caseId: inv.caseId, caseReference: inv.case.reference, purpose: 'parent-sign-in', criterion: why, address });
    return new SignInRefused('wrong_code', 401);
  };
  if (input.email.toLowerCase() !== inv.email) throw await fail('wrong_email');
  const open = await db.parentCode.findFirst({
    where: { invitationId: inv.id, usedAt: null, voidAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, codeHash: true, attempts: true },
  });
  if (!open) throw await fail('no_code');
  const right = crypto.timingSafeEqual(Buffer.from(codeHash(open.id, input.code)), Buffer.from(open.codeHash));
  if (!right) {
    const attempts = open.attempts + 1;
    await db.parentCode.update({ where: { id: open.id }, data: { attempts, ...(attempts >= CODE_TRIES ? { voidAt: new Date(), mailCode: null } : {}) } });
    throw await fail(attempts >= CODE_TRIES ? 'code_void' : 'wrong_code');
  }
  // Used once: the update only wins while the code is still open.
  const { count } = await db.parentCode.updateMany({ where: { id: open.id, usedAt: null, voidAt: null }, data: { usedAt: new Date(), mailCode: null } });
  if (count !== 1) throw await fail('code_used');
  await throttle.succeed(parentThrottleKey(inv.id));
  const session = await createParentSession(db, inv.id, inv.caseId);
  await audit(db, { userId: actor, action: 'LOGIN', caseId: inv.caseId, caseReference: inv.case.reference, purpose: 'parent-sign-in', address });
  return session;
}
