/**
 * MN3: journal numbers for filing the minutes. The administrator sets a forum's (A6: own municipality only), the
 * chair a meeting's (defaults to the forum's when empty). Every change is audited as UPDATE, purpose
 * `journal-number`, with the forum or meeting id and the new value: a filing code, never personal data (the
 * schema refuses CPR-shaped text).
 */
import { audit } from '../../audit/audit.js';
import type { Db } from '../../db/client.js';
import { can, type Actor } from '../../policy/policy.js';
import { DomainError, notFound } from '../meetings/errors.js';

const criterion = (target: string, value: string | null) => `${target};journalNumber=${value ?? ''}`;

export async function setForumJournalNumber(db: Db, actor: Actor, forumId: string, journalNumber: string | null): Promise<void> {
  if (!can(actor, 'admin:manage', { municipalityId: actor.municipalityId })) throw new DomainError('forbidden', 403);
  const forum = await db.forum.findUnique({ where: { id: forumId }, select: { municipalityId: true } });
  if (!forum || forum.municipalityId !== actor.municipalityId) throw notFound();
  await db.forum.update({ where: { id: forumId }, data: { journalNumber } });
  await audit(db, { userId: actor.userId, action: 'UPDATE', purpose: 'journal-number', criterion: criterion(`forumId=${forumId}`, journalNumber) });
}

export async function setMeetingJournalNumber(db: Db, actor: Actor, meetingId: string, journalNumber: string | null): Promise<void> {
  const meeting = await db.meeting.findUnique({ where: { id: meetingId }, select: { forumId: true } });
  // Like every meeting route: not a member, not found; a member who is not the chair, forbidden.
  if (!meeting || !can(actor, 'meeting:read', { forumId: meeting.forumId })) throw notFound();
  if (!can(actor, 'meeting:manage', { forumId: meeting.forumId })) throw new DomainError('forbidden', 403);
  // In any status: a number is often given when the closed meeting's minutes are filed.
  await db.meeting.update({ where: { id: meetingId }, data: { journalNumber } });
  await audit(db, { userId: actor.userId, action: 'UPDATE', purpose: 'journal-number', criterion: criterion(`meetingId=${meetingId}`, journalNumber) });
}
