/**
 * A home for each role (docs/SPEC.md, WB9-WB12): the chair's next meeting with what is unprepared, the member's
 * upcoming meetings, the health visitor's cases to add notes to, management's forums. Everything through the policy.
 */
import type { HomeAgendaItem, HomeMeeting, HomeNoteCase, HomeResponse, UnpreparedReason } from '../../../shared/api.js';
import type { Db } from '../../db/client.js';
import { can, caseForumsWhere, forumsWhere, type Actor } from '../../policy/policy.js';
import { copenhagenDateOf, dateValue, todayInCopenhagen } from '../tasks/dates.js';

/** An assessment is current when it was recorded within this many days (WB9). */
export const HOME_ASSESSMENT_DAYS = 183;
const UPCOMING = 5;
const NOTE_CASES = 20;

const meetingSelect = {
  id: true,
  startsAt: true,
  place: true,
  status: true,
  forum: { select: { id: true, name: true } },
  _count: { select: { agendaItems: true } },
} as const;

type MeetingRow = {
  id: string;
  startsAt: Date;
  place: string | null;
  status: string;
  forum: { id: string; name: string };
  _count: { agendaItems: number };
};

const presentMeeting = (m: MeetingRow): HomeMeeting => ({
  id: m.id,
  startsAt: m.startsAt.toISOString(),
  place: m.place,
  status: m.status === 'RUNNING' ? 'RUNNING' : 'PLANNED',
  forum: m.forum,
  itemCount: m._count.agendaItems,
});

/** Why a case is not ready for its meeting (WB9): no current assessment, no open action. */
export function unpreparedReasons(
  c: { assessments: Array<{ recordedAt: Date }>; openActions: number },
  now: Date,
): UnpreparedReason[] {
  const since = now.getTime() - HOME_ASSESSMENT_DAYS * 86_400_000;
  const reasons: UnpreparedReason[] = [];
  if (!c.assessments.some((a) => a.recordedAt.getTime() >= since)) reasons.push('noCurrentAssessment');
  if (c.openActions === 0) reasons.push('noActions');
  return reasons;
}

export async function loadHome(db: Db, actor: Actor, now: Date = new Date()): Promise<HomeResponse> {
  // From Copenhagen's midnight (at most two hours before UTC's): a meeting earlier today still shows.
  const fromToday = new Date(dateValue(todayInCopenhagen(now)).getTime() - 2 * 3_600_000);
  const open = { OR: [{ status: 'RUNNING' as const }, { status: 'PLANNED' as const, startsAt: { gte: fromToday } }] };
  const memberForums = forumsWhere(actor, 'meeting:read');
  const chairForums = forumsWhere(actor, 'meeting:manage');

  const upcoming = await db.meeting.findMany({
    where: { forumId: { in: memberForums }, ...open },
    select: meetingSelect,
    orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
    take: UPCOMING,
  });

  let chair: HomeResponse['chair'] = null;
  if (chairForums.length > 0) {
    const next = await db.meeting.findFirst({
      where: { forumId: { in: chairForums }, ...open },
      select: meetingSelect,
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
    });
    let agenda: HomeAgendaItem[] = [];
    if (next && can(actor, 'case:read', { forumId: next.forum.id, isCase: true })) {
      const items = await db.agendaItem.findMany({
        where: { meetingId: next.id },
        orderBy: { position: 'asc' },
        select: {
          position: true,
          timeboxMinutes: true,
          case: {
            select: {
              id: true,
              reference: true,
              description: true,
              assessments: { select: { recordedAt: true, level: true }, orderBy: { recordedAt: 'desc' }, take: 1 },
              _count: { select: { actions: { where: { status: { in: ['PLANNED', 'IN_PROGRESS'] } } } } },
            },
          },
        },
      });
      agenda = items.map((i) => ({
        caseId: i.case.id,
        reference: i.case.reference,
        description: i.case.description,
        position: i.position,
        timeboxMinutes: i.timeboxMinutes,
        latestLevel: i.case.assessments[0]?.level ?? null,
        openActions: i.case._count.actions,
        unprepared: unpreparedReasons({ assessments: i.case.assessments, openActions: i.case._count.actions }, now),
      }));
    }
    chair = { meeting: next ? presentMeeting(next) : null, agenda };
  }

  // A health visitor writes notes in the forums where they are a SUNDHEDSPLEJE member who may write.
  const nurseForums = caseForumsWhere(actor, 'case:write').filter((f) => actor.memberships.get(f)?.sector === 'SUNDHEDSPLEJE');
  let healthVisitor: HomeResponse['healthVisitor'] = null;
  if (nurseForums.length > 0) {
    const cases = await db.case.findMany({
      where: { forumId: { in: nurseForums }, status: 'OPEN' },
      select: {
        id: true,
        reference: true,
        description: true,
        createdAt: true,
        forum: { select: { id: true, name: true } },
        agendaItems: {
          where: { meeting: open },
          select: { meeting: { select: { startsAt: true } } },
          orderBy: { meeting: { startsAt: 'asc' } },
          take: 1,
        },
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: 200,
    });
    const rows: HomeNoteCase[] = cases.map((c) => ({
      id: c.id,
      reference: c.reference,
      description: c.description,
      forum: c.forum,
      nextMeetingDay: c.agendaItems[0] ? copenhagenDateOf(c.agendaItems[0].meeting.startsAt) : null,
    }));
    // Cases on a coming agenda first (soonest first), then the newest.
    rows.sort((a, b) => (a.nextMeetingDay ?? '9999').localeCompare(b.nextMeetingDay ?? '9999'));
    healthVisitor = { cases: rows.slice(0, NOTE_CASES) };
  }

  let management: HomeResponse['management'] = null;
  if (can(actor, 'keyfigures:read', { municipalityId: actor.municipalityId }) && actor.municipalRoles.includes('MANAGEMENT')) {
    const forums = await db.forum.findMany({
      where: { municipalityId: actor.municipalityId },
      select: { id: true, name: true },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
    });
    management = { forums };
  }

  return {
    chair,
    upcomingMeetings: upcoming.map(presentMeeting),
    healthVisitor,
    management,
    admin: can(actor, 'admin:manage', { municipalityId: actor.municipalityId }),
  };
}
