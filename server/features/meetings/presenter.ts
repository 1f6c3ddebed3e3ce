import type { MeetingDetail, MeetingSummary } from '../../../shared/api.js';
import type { ForumType } from '../../../shared/domain.js';
import type { Prisma } from '../../db/generated/client.js';

type MeetingRow = Prisma.MeetingGetPayload<{
  include: { forum: { select: { name: true; type: true } }; _count: { select: { agendaItems: true } } };
}>;

/** `visibleItems`: how many agenda items the actor may see (A4: cases they may not read are left out). */
export function presentMeetingSummary(m: MeetingRow, visibleItems: number = m._count.agendaItems): MeetingSummary {
  return {
    id: m.id,
    forumId: m.forumId,
    forumName: m.forum.name,
    forumType: m.forum.type as ForumType,
    startsAt: m.startsAt.toISOString(),
    place: m.place,
    videoLink: m.videoLink,
    status: m.status,
    agendaCount: visibleItems,
  };
}

export const meetingDetailInclude = {
  forum: { select: { name: true, type: true, municipalityId: true, journalNumber: true, memberships: { select: { userId: true, sector: true } } } },
  _count: { select: { agendaItems: true } },
  participants: { include: { user: { select: { id: true, name: true } } } },
  assessments: { select: { caseId: true, level: true, sosScale: true } },
  agendaItems: {
    orderBy: { position: 'asc' },
    include: {
      case: {
        select: {
          id: true,
          forumId: true,
          reference: true,
          description: true,
          document: { select: { docName: true } },
          followUps: { select: { agreedInMeetingId: true } },
          // The latest two: the newest from another meeting is what the conclude dialog starts from.
          assessments: { orderBy: { recordedAt: 'desc' }, take: 2, select: { meetingId: true, level: true, sosScale: true, recordedAt: true } },
        },
      },
    },
  },
} satisfies Prisma.MeetingInclude;

type MeetingDetailRow = Prisma.MeetingGetPayload<{ include: typeof meetingDetailInclude }>;

/**
 * `mayReadCase` is the policy's answer for a case's forum: items whose case the
 * actor may not read are left out entirely (A4), with their levels, and so is
 * the current item when it is one of them.
 */
export function presentMeetingDetail(
  m: MeetingDetailRow,
  extra: { isChair: boolean; levelLabels: string[]; mayReadCase: (caseForumId: string) => boolean },
): MeetingDetail {
  const sectorOf = new Map(m.forum.memberships.map((x) => [x.userId, x.sector]));
  const assessed = new Map(m.assessments.map((a) => [a.caseId, a]));
  const items = m.agendaItems.filter((i) => extra.mayReadCase(i.case.forumId));
  const currentVisible = items.some((i) => i.id === m.currentItemId);
  return {
    ...presentMeetingSummary(m, items.length),
    startedAt: m.startedAt?.toISOString() ?? null,
    closedAt: m.closedAt?.toISOString() ?? null,
    currentItemId: currentVisible ? m.currentItemId : null,
    currentItemStartedAt: currentVisible ? (m.currentItemStartedAt?.toISOString() ?? null) : null,
    isChair: extra.isChair,
    levelLabels: extra.levelLabels,
    journalNumber: m.journalNumber,
    forumJournalNumber: m.forum.journalNumber,
    participants: m.participants.map((p) => ({
      userId: p.user?.id ?? null,
      name: p.user?.name ?? null,
      sector: p.user ? (sectorOf.get(p.user.id) ?? null) : null,
      guestLabel: p.guestLabel,
    })),
    agenda: items.map((i) => ({
      id: i.id,
      position: i.position,
      timeboxMinutes: i.timeboxMinutes,
      outcome: i.outcome,
      startedAt: i.startedAt?.toISOString() ?? null,
      endedAt: i.endedAt?.toISOString() ?? null,
      noFollowUpReason: i.noFollowUpReason,
      level: assessed.get(i.caseId)?.level ?? null,
      sosScale: assessed.get(i.caseId)?.sosScale ?? null,
      concluded:
        assessed.has(i.caseId) && (i.noFollowUpReason !== null || i.case.followUps.some((f) => f.agreedInMeetingId === m.id)),
      previous: previousAssessment(i.case.assessments, m.id),
      case: { id: i.case.id, reference: i.case.reference, description: i.case.description, docName: i.case.document.docName },
    })),
  };
}

function previousAssessment(assessments: Array<{ meetingId: string; level: number; sosScale: number; recordedAt: Date }>, meetingId: string) {
  const p = assessments.find((a) => a.meetingId !== meetingId);
  return p ? { level: p.level, sosScale: p.sosScale, recordedAt: p.recordedAt.toISOString() } : null;
}
