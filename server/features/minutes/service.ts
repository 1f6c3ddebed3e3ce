/**
 * Loads what the minutes (referat) of a closed meeting show. Anonymous data
 * only: the case's reference and anonymous description, never childName,
 * childCpr, childAddress or parentNames (read only by redact-identity.ts, to
 * blank them in free text). Each discussed case comes with the version kept
 * when it was concluded at this meeting (VR1, MN4), when there is one.
 */
import type { CaseVersionContent } from '../../../shared/api.js';
import type { House } from '../../../shared/caseDoc.js';
import type { Db } from '../../db/client.js';
import type { Prisma } from '../../db/generated/client.js';
import { can, type Actor } from '../../policy/policy.js';
import { levelLabelsFor } from '../overview/levels.js';
import { identityRedactors } from './redact-identity.js';

export type MinutesResult =
  | { ok: true; rows: MinutesRows }
  | { ok: false; error: 'not_found' | 'meeting_not_closed' };

/**
 * What a record of a meeting says about the meeting itself: when and where, its forum and municipality, and both
 * journal numbers (MN3: the meeting's, else the forum's). The minutes and the hand-over packets (HO5) read the same.
 */
export const recordMeetingSelect = {
  id: true,
  startsAt: true,
  place: true,
  closedAt: true,
  journalNumber: true,
  forum: { select: { id: true, name: true, type: true, journalNumber: true, municipality: { select: { id: true, name: true } } } },
} satisfies Prisma.MeetingSelect;

export async function loadMinutes(db: Db, actor: Actor, meetingId: string): Promise<MinutesResult> {
  const head = await db.meeting.findUnique({ where: { id: meetingId }, select: { forumId: true, status: true } });
  // A meeting in a forum the user cannot see is "not found", so ids cannot be probed.
  if (!head || !can(actor, 'meeting:read', { forumId: head.forumId })) return { ok: false, error: 'not_found' };
  if (head.status !== 'CLOSED') return { ok: false, error: 'meeting_not_closed' };
  return { ok: true, rows: await loadRows(db, actor, meetingId, head.forumId) };
}

async function loadRows(db: Db, actor: Actor, meetingId: string, forumId: string) {
  const loaded = await db.meeting.findUniqueOrThrow({
    where: { id: meetingId },
    select: {
      ...recordMeetingSelect,
      participants: {
        select: { userId: true, guestLabel: true, user: { select: { name: true } } },
        orderBy: { id: 'asc' },
      },
      agendaItems: {
        orderBy: [{ position: 'asc' }, { id: 'asc' }],
        select: {
          id: true,
          position: true,
          outcome: true,
          noFollowUpReason: true,
          startedAt: true,
          case: {
            select: {
              id: true,
              forumId: true,
              reference: true,
              description: true,
              basis: true,
              actions: {
                orderBy: [{ position: 'asc' }, { id: 'asc' }],
                select: { id: true, title: true, responsibleUserId: true, dueDate: true, status: true, ladderStep: true },
              },
            },
          },
        },
      },
      assessments: { select: { caseId: true, level: true, sosScale: true } },
    },
  });
  // A4: items whose case the reader may not read are left out entirely, with their levels and actions.
  // MN2: so are cases the meeting never came to (never current, not assessed): the minutes record what was discussed.
  const assessed = new Set(loaded.assessments.map((a) => a.caseId));
  const agendaItems = loaded.agendaItems.filter(
    (i) => can(actor, 'case:read', { forumId: i.case.forumId, isCase: true }) && (i.startedAt !== null || assessed.has(i.case.id)),
  );
  const caseIds = agendaItems.map((i) => i.case.id);
  const meeting = { ...loaded, agendaItems, assessments: loaded.assessments.filter((a) => caseIds.includes(a.caseId)) };
  const [followUps, memberships, levelLabels, versions, redactors, drawings] = await Promise.all([
    db.followUp.findMany({
      where: { agreedInMeetingId: meetingId, caseId: { in: caseIds } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { caseId: true, dueDate: true, responsibleUserId: true, responsible: { select: { name: true } } },
    }),
    db.membership.findMany({ where: { forumId }, select: { userId: true, sector: true, user: { select: { name: true } } } }),
    levelLabelsFor(db, meeting.forum.municipality.id),
    db.caseVersion.findMany({
      where: { meetingId, caseId: { in: caseIds } },
      select: { caseId: true, level: true, sosScale: true, basis: true, content: true },
    }),
    identityRedactors(db, caseIds),
    // FA6: which houses have a drawing kept with the case; the minutes say so, never show it.
    db.childDrawing.findMany({ where: { caseId: { in: caseIds } }, select: { caseId: true, house: true } }),
  ]);
  const drawingsOf = new Map<string, Set<House>>();
  for (const d of drawings) {
    const house = HOUSE_OF_DB[d.house];
    drawingsOf.set(d.caseId, (drawingsOf.get(d.caseId) ?? new Set<House>()).add(house));
  }
  // Responsible people may have left the forum since: their name is still needed, their sector may be unknown.
  const responsibleIds = [
    ...new Set(meeting.agendaItems.flatMap((i) => i.case.actions.map((a) => a.responsibleUserId)).filter((id): id is string => !!id)),
  ];
  const responsibleUsers = await db.user.findMany({ where: { id: { in: responsibleIds } }, select: { id: true, name: true } });
  return {
    meeting,
    followUps,
    sectorOf: new Map(memberships.map((m) => [m.userId, m.sector])),
    nameOf: new Map([...responsibleUsers.map((u) => [u.id, u.name] as const), ...memberships.map((m) => [m.userId, m.user.name] as const)]),
    levelLabels,
    versionOf: new Map(versions.map((v) => [v.caseId, { ...v, content: v.content as unknown as CaseVersionContent }])),
    redactorOf: redactors,
    drawingsOf,
  };
}

const HOUSE_OF_DB = { WORRIES: 'worries', GOOD: 'good', DREAMS: 'dreams' } as const satisfies Record<string, House>;

export type MinutesRows = Awaited<ReturnType<typeof loadRows>>;
