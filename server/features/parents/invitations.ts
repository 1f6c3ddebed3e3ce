/**
 * The chair's side (docs/SPEC.md, PA1, PA7): inviting a custody holder or a young person from 15 to the family part
 * of a meeting about one case, listing the invitations with what the parents wrote, and revoking one. Only the chair
 * who may write the family's version (FA1: a basis that names the child, the identity rule, an open case) invites
 * and revokes; the members who may read the family's version read the list. The invitation mail is queued in the
 * same transaction as the invitation (ML3). Audited (purpose `parent-invitation`).
 */
import { audit } from '../../audit/audit.js';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../policy/policy.js';
import { newSecret } from '../../auth/tokens.js';
import { authorizeFamily } from '../family/service.js';
import { queueMailsWith } from '../mail/outbox.js';
import { PARENT_PATH } from '../mail/parents.js';
import { DomainError, notFound } from '../meetings/errors.js';
import { todayInCopenhagen } from '../tasks/dates.js';
import type { CreatedInvitation, InvitationView, ParentLanguage, ParentRoleName } from '../../../shared/parents.js';

export const INVITATION_DAYS = 14;

type InviteInput = {
  name: string;
  email: string;
  role: ParentRoleName;
  confirmedFifteen?: boolean | undefined;
  meetingId?: string | null | undefined;
  language?: ParentLanguage | undefined;
};

const invitationSelect = {
  id: true,
  name: true,
  email: true,
  role: true,
  meetingId: true,
  createdAt: true,
  expiresAt: true,
  revokedAt: true,
  language: true,
  mitidName: true,
  mitidBoundAt: true,
  words: { select: { text: true, updatedAt: true } },
  answers: { select: { revision: true, accepted: true, comment: true, at: true }, orderBy: { at: 'asc' } },
  consents: { select: { given: true, scope: true, at: true }, orderBy: { at: 'asc' } },
} as const;

type InvitationRow = NonNullable<Awaited<ReturnType<typeof findInvitation>>>;
const findInvitation = (db: Db, id: string) => db.parentInvitation.findUnique({ where: { id }, select: invitationSelect });

function present(row: InvitationRow, now = new Date()): InvitationView {
  const words = row.words[0];
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    meetingId: row.meetingId,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    status: row.revokedAt ? 'revoked' : row.expiresAt <= now ? 'expired' : 'open',
    language: row.language === 'en' ? 'en' : 'da',
    mitid: row.mitidBoundAt ? { name: row.mitidName, at: row.mitidBoundAt.toISOString() } : null,
    words: words ? { text: words.text, at: words.updatedAt.toISOString() } : null,
    answers: row.answers.map((a) => ({ revision: a.revision, accepted: a.accepted, comment: a.comment, at: a.at.toISOString() })),
    consents: row.consents.map((c) => ({ given: c.given, scope: c.scope, at: c.at.toISOString() })),
  };
}

/** POST /api/parent/cases/:caseId/invitations (PA1). */
export async function inviteParent(db: Db, actor: Actor, caseId: string, input: InviteInput, origin: string, address: string | null): Promise<CreatedInvitation> {
  const { kase } = await authorizeFamily(db, actor, caseId, 'write', address);
  const meetingId = input.meetingId ?? null;
  if (meetingId) {
    const meeting = await db.meeting.findUnique({ where: { id: meetingId }, select: { forumId: true, status: true } });
    if (!meeting || meeting.forumId !== kase.forumId) throw notFound();
    if (meeting.status === 'CLOSED') throw new DomainError('meeting_closed', 409);
  }
  const { secret, id: tokenHash } = newSecret();
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 24 * 3600_000);
  const created = await db.$transaction(async (tx) => {
    const inv = await tx.parentInvitation.create({
      data: {
        caseId,
        meetingId,
        name: input.name,
        email: input.email.toLowerCase(),
        role: input.role,
        language: input.language ?? 'da',
        ageConfirmed: input.role === 'YOUNG_PERSON' && input.confirmedFifteen === true,
        tokenHash,
        mailToken: secret,
        createdById: actor.userId,
        expiresAt,
      },
      select: { id: true },
    });
    await queueMailsWith(tx, [{ userId: actor.userId, kind: 'PARENT_INVITATION', refId: inv.id, day: todayInCopenhagen(), forumId: kase.forumId }]);
    return inv;
  });
  await audit(db, { userId: actor.userId, action: 'CREATE', caseId, caseReference: kase.reference, purpose: 'parent-invitation', criterion: `invitation=${created.id}`, address });
  return { invitation: present((await findInvitation(db, created.id))!), link: `${origin}${PARENT_PATH}#${secret}` };
}

/** GET /api/parent/cases/:caseId/invitations (PA7): for the members who may read the family's version. */
export async function listInvitations(db: Db, actor: Actor, caseId: string, address: string | null): Promise<{ invitations: InvitationView[]; canInvite: boolean }> {
  let authorized: Awaited<ReturnType<typeof authorizeFamily>>;
  try {
    authorized = await authorizeFamily(db, actor, caseId, 'read', address);
  } catch (err) {
    // A case whose basis does not name the child has no family part: nothing to list, nobody to invite (the
    // meeting page asks for every case on its agenda; the refusal is on the record, made by authorizeFamily).
    if (err instanceof DomainError && err.code === 'basis_does_not_allow_identity') return { invitations: [], canInvite: false };
    throw err;
  }
  const { kase, canEdit } = authorized;
  await audit(db, { userId: actor.userId, action: 'READ', caseId, caseReference: kase.reference, purpose: 'parent-invitation', address });
  const rows = await db.parentInvitation.findMany({ where: { caseId }, select: invitationSelect, orderBy: { createdAt: 'asc' } });
  return { invitations: rows.map((r) => present(r)), canInvite: canEdit };
}

/** DELETE /api/parent/invitations/:id (PA1): the chair ends an invitation; its sessions end with it. */
export async function revokeInvitation(db: Db, actor: Actor, invitationId: string, address: string | null): Promise<void> {
  const inv = await db.parentInvitation.findUnique({ where: { id: invitationId }, select: { caseId: true } });
  if (!inv) throw notFound();
  const { kase } = await authorizeFamily(db, actor, inv.caseId, 'write', address);
  await db.$transaction([
    db.parentInvitation.updateMany({ where: { id: invitationId, revokedAt: null }, data: { revokedAt: new Date(), mailToken: null } }),
    db.parentSession.deleteMany({ where: { invitationId } }),
  ]);
  await audit(db, { userId: actor.userId, action: 'DELETE', caseId: inv.caseId, caseReference: kase.reference, purpose: 'parent-invitation', criterion: `invitation=${invitationId}`, address });
}
