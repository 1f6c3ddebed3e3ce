/** A forum's front page: upcoming meetings, open cases by level, follow-ups due soon. */
import type { Database } from '../../db/client.js';
import { can, type Actor } from '../../policy/policy.js';
import { addDays, dateValue } from '../tasks/dates.js';
import { levelLabelsFor, openCasesByLatestLevel } from './levels.js';

export const FOLLOW_UP_HORIZON_DAYS = 14;
export const MAX_UPCOMING_MEETINGS = 10;

/** null when the forum does not exist or the actor may not see it (the route answers 404 either way). */
export async function loadForumOverview(db: Database, actor: Actor, forumId: string, now: Date, today: string) {
  if (!can(actor, 'case:read', { forumId, isCase: true }) || !can(actor, 'meeting:read', { forumId })) return null;
  const prisma = db.prisma;
  const forum = await prisma.forum.findUnique({
    where: { id: forumId },
    select: { id: true, name: true, type: true, municipalityId: true },
  });
  if (!forum) return null;
  const [meetings, byLevel, followUps, levelLabels] = await Promise.all([
    prisma.meeting.findMany({
      where: { forumId, startsAt: { gte: now }, status: { not: 'CLOSED' } },
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      take: MAX_UPCOMING_MEETINGS,
      select: {
        id: true,
        startsAt: true,
        place: true,
        videoLink: true,
        status: true,
        _count: { select: { agendaItems: true } },
      },
    }),
    openCasesByLatestLevel(db.pool, forumId),
    prisma.followUp.findMany({
      where: {
        forumId,
        status: 'PLANNED',
        dueDate: { lte: dateValue(addDays(today, FOLLOW_UP_HORIZON_DAYS)) },
        case: { forumId, status: 'OPEN' },
      },
      orderBy: [{ dueDate: 'asc' }, { id: 'asc' }],
      select: {
        id: true,
        dueDate: true,
        case: { select: { id: true, reference: true } },
        responsible: { select: { name: true } },
      },
    }),
    levelLabelsFor(prisma, forum.municipalityId),
  ]);
  return { forum, meetings, byLevel, followUps, levelLabels };
}

export type ForumOverviewRows = NonNullable<Awaited<ReturnType<typeof loadForumOverview>>>;
