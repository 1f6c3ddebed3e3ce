/**
 * Turns an outbox row into the mail to send, or into the reason it is not sent (docs/SPEC.md, ML2, ML6). Checked
 * when it is sent, not when it was queued: the user's choice of kinds then, whether they may still hear of it
 * (active, a member who may read the case or meeting, A4), and whether it still holds (the action is still theirs
 * and open, the meeting still planned, the access still removed). Only the forum's or municipality's name, a date
 * and a link without case data go into the mail.
 */
import type { Db } from '../../db/client.js';
import { loadActor } from '../../policy/actor.js';
import { can, type Actor } from '../../policy/policy.js';
import { addDays, copenhagenDateOf, isoDate, todayInCopenhagen } from '../tasks/dates.js';
import type { MailKind, MailLanguage } from './kinds.js';
import { composeParentMail, isParentMailKind } from './parents.js';
import { renderMail, type MailFacts, type MailText } from './texts.js';

export interface OutboxRow {
  id: string;
  userId: string;
  kind: MailKind;
  refId: string;
  /** YYYY-MM-DD */
  day: string;
  forumId: string | null;
}

export type Composed = { to: string; path: string; mail: MailText } | { skip: SkipReason };
export type SkipReason = 'switched_off' | 'recipient' | 'stale';

/** The pages mails link to: none of them carries a case's id or reference (ML6). */
export const MAIL_PATHS = { tasks: '/', account: '/konto', meeting: (meetingId: string) => `/m/${meetingId}` } as const;

const ACTIVE_ACTION = new Set(['PLANNED', 'IN_PROGRESS']);

export async function composeMail(db: Db, row: OutboxRow, origin: string, now: Date): Promise<Composed> {
  if (isParentMailKind(row.kind)) return composeParentMail(db, { kind: row.kind, refId: row.refId }, origin, now); // PA1-PA2
  const kind = row.kind;
  const user = await db.user.findUnique({
    where: { id: row.userId },
    select: { email: true, disabledAt: true, mailKinds: true, mailLanguage: true, municipality: { select: { name: true } } },
  });
  if (!user) return { skip: 'recipient' };
  if (!user.mailKinds.includes(kind)) return { skip: 'switched_off' };
  const lang: MailLanguage = user.mailLanguage === 'en' ? 'en' : 'da';
  const facts = await factsOf(db, row, user, now);
  if ('skip' in facts) return facts;
  const path = facts.path;
  const mail = renderMail({ ...facts.facts, kind, lang, link: path === null ? null : origin + path, accountLink: origin + MAIL_PATHS.account });
  return { to: user.email, path: path ?? '', mail };
}

type Facts = { facts: Omit<MailFacts, 'kind' | 'lang' | 'link' | 'accountLink'>; path: string | null } | { skip: SkipReason };

async function factsOf(db: Db, row: OutboxRow, user: { disabledAt: Date | null; municipality: { name: string } }, now: Date): Promise<Facts> {
  if (row.kind === 'ACCESS_REMOVED') return accessRemoved(db, row, user);
  const actor = await loadActor(db, row.userId);
  if (!actor) return { skip: 'recipient' };
  const today = todayInCopenhagen(now);
  switch (row.kind) {
    case 'ACTION_ASSIGNED': {
      const a = await actionOf(db, row.refId);
      if (!a || a.responsibleUserId !== row.userId || !ACTIVE_ACTION.has(a.status) || !readsCase(actor, a.case)) return { skip: 'stale' };
      return { facts: { place: a.case.forum.name }, path: MAIL_PATHS.tasks };
    }
    case 'DUE_TOMORROW':
    case 'OVERDUE': {
      // "Tomorrow" is only true the day before; an overdue notice only once the day has passed.
      if (row.kind === 'DUE_TOMORROW' ? row.day !== addDays(today, 1) : row.day >= today) return { skip: 'stale' };
      const a = await actionOf(db, row.refId);
      if (a) {
        const holds = a.responsibleUserId === row.userId && ACTIVE_ACTION.has(a.status) && a.dueDate !== null && isoDate(a.dueDate) === row.day;
        if (!holds || !readsCase(actor, a.case)) return { skip: 'stale' };
        return { facts: { place: a.case.forum.name, task: 'action', dueDate: row.day }, path: MAIL_PATHS.tasks };
      }
      const f = await db.followUp.findUnique({
        where: { id: row.refId },
        select: { responsibleUserId: true, status: true, dueDate: true, case: { select: { status: true, forumId: true, forum: { select: { name: true } } } } },
      });
      if (!f || f.responsibleUserId !== row.userId || f.status !== 'PLANNED' || isoDate(f.dueDate) !== row.day || !readsCase(actor, f.case)) {
        return { skip: 'stale' };
      }
      return { facts: { place: f.case.forum.name, task: 'followUp', dueDate: row.day }, path: MAIL_PATHS.tasks };
    }
    case 'AGENDA_PUBLISHED': {
      const m = await db.meeting.findUnique({
        where: { id: row.refId },
        select: { id: true, status: true, startsAt: true, forumId: true, forum: { select: { name: true } } },
      });
      if (!m || m.status !== 'PLANNED' || m.startsAt <= now || copenhagenDateOf(m.startsAt) !== row.day || !can(actor, 'meeting:read', { forumId: m.forumId })) {
        return { skip: 'stale' };
      }
      return { facts: { place: m.forum.name, startsAt: m.startsAt }, path: MAIL_PATHS.meeting(m.id) };
    }
    case 'REPORT_DUTY': {
      const caseId = row.refId.split(':')[0]!;
      const c = await db.case.findUnique({ where: { id: caseId }, select: { status: true, forumId: true, forum: { select: { name: true } } } });
      if (!c || !readsCase(actor, c)) return { skip: 'stale' };
      return { facts: { place: c.forum.name }, path: MAIL_PATHS.tasks };
    }
    case 'PARENT_INVITATION':
    case 'PARENT_CODE':
    case 'PARENT_MITID':
      return { skip: 'stale' }; // composed by parents.ts
  }
}

/** A forum's membership removed (the forum named) or the account disabled (the municipality named); no link to a page. */
async function accessRemoved(db: Db, row: OutboxRow, user: { disabledAt: Date | null; municipality: { name: string } }): Promise<Facts> {
  if (row.forumId === null) {
    if (!user.disabledAt) return { skip: 'stale' }; // enabled again since
    return { facts: { place: user.municipality.name, account: true }, path: null };
  }
  // A disabled account hears of that instead; a membership given back since is not mailed about.
  if (user.disabledAt) return { skip: 'stale' };
  const [forum, membership] = await Promise.all([
    db.forum.findUnique({ where: { id: row.forumId }, select: { name: true } }),
    db.membership.findUnique({ where: { userId_forumId: { userId: row.userId, forumId: row.forumId } }, select: { id: true } }),
  ]);
  if (!forum || membership) return { skip: 'stale' };
  return { facts: { place: forum.name }, path: null };
}

function actionOf(db: Db, id: string) {
  return db.actionItem.findUnique({
    where: { id },
    select: { responsibleUserId: true, status: true, dueDate: true, case: { select: { status: true, forumId: true, forum: { select: { name: true } } } } },
  });
}

/** An open case the user may read (A4: police in SSP forums only). */
function readsCase(actor: Actor, c: { status: string; forumId: string }): boolean {
  return c.status === 'OPEN' && can(actor, 'case:read', { forumId: c.forumId, isCase: true });
}
