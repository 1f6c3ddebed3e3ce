/**
 * The user's calendar: meetings of their forums, and the follow-ups and actions
 * they are responsible for. Memberships are loaded fresh for every request, also for
 * the secret feed URL, so a removed member's feed stops showing the forum.
 */
import type { Db } from '../../db/client.js';
import { hashSecret, newSecret } from '../../auth/tokens.js';
import { loadActor } from '../../policy/actor.js';
import { caseForumsWhere, forumsWhere, type Actor } from '../../policy/policy.js';
import { addDays, dateValue, todayInCopenhagen } from '../tasks/dates.js';

/** How far back the feed reaches. */
export const CALENDAR_PAST_DAYS = 30;

export async function loadCalendar(db: Db, actor: Actor, now: Date) {
  const meetingForums = forumsWhere(actor, 'meeting:read');
  const caseForums = caseForumsWhere(actor, 'case:read');
  const since = new Date(now.getTime() - CALENDAR_PAST_DAYS * 86_400_000);
  const sinceDate = addDays(todayInCopenhagen(now), -CALENDAR_PAST_DAYS);
  const [meetings, followUps, actions] = await Promise.all([
    db.meeting.findMany({
      where: { forumId: { in: meetingForums }, startsAt: { gte: since } },
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      select: { id: true, startsAt: true, place: true, status: true, forum: { select: { name: true } } },
    }),
    db.followUp.findMany({
      where: {
        responsibleUserId: actor.userId,
        status: 'PLANNED',
        dueDate: { gte: dateValue(sinceDate) },
        case: { status: 'OPEN', forumId: { in: caseForums } },
      },
      orderBy: [{ dueDate: 'asc' }, { id: 'asc' }],
      select: { id: true, dueDate: true, case: { select: { reference: true, forum: { select: { name: true } } } } },
    }),
    // ML7: the caller's open actions with a due date; only the forum's name is read, nothing about the case.
    db.actionItem.findMany({
      where: {
        responsibleUserId: actor.userId,
        status: { in: ['PLANNED', 'IN_PROGRESS'] },
        dueDate: { gte: dateValue(sinceDate) },
        case: { status: 'OPEN', forumId: { in: caseForums } },
      },
      orderBy: [{ dueDate: 'asc' }, { id: 'asc' }],
      select: { id: true, dueDate: true, case: { select: { forum: { select: { name: true } } } } },
    }),
  ]);
  return { meetings, followUps, actions };
}

export type CalendarRows = Awaited<ReturnType<typeof loadCalendar>>;

/** Creates (or replaces) the user's secret feed; returns the secret, which is never stored. */
export async function replaceCalendarFeed(db: Db, userId: string): Promise<string> {
  const { secret, id } = newSecret();
  await db.$transaction([db.calendarFeed.deleteMany({ where: { userId } }), db.calendarFeed.create({ data: { id, userId } })]);
  return secret;
}

const SECRET_FILE = /^([A-Za-z0-9_-]{43})\.ics$/;

/** The actor behind a feed file name "<secret>.ics", or null (unknown secret, disabled user). */
export async function actorForFeed(db: Db, file: string): Promise<Actor | null> {
  const m = SECRET_FILE.exec(file);
  if (!m) return null;
  const feed = await db.calendarFeed.findUnique({ where: { id: hashSecret(m[1]!) }, select: { userId: true } });
  if (!feed) return null;
  return loadActor(db, feed.userId);
}
