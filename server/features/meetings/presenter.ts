import type { MeetingDetail, MeetingSummary } from '../../../shared/api.js';
import type { ForumType } from '../../../shared/domain.js';
import type { Prisma } from '../../db/generated/client.js';

type MeetingRow = Prisma.MeetingGetPayload<{
  include: { forum: { select: { name: true; type: true } }; _count: { select: { agendaItems: true } } };
}>;

export function presentMeetingSummary(m: MeetingRow): MeetingSummary {
  return {
    id: m.id,
    forumId: m.forumId,
    forumName: m.forum.name,
    forumType: m.forum.type as ForumType,
    startsAt: m.startsAt.toISOString(),
    place: m.place,
    videoLink: m.videoLink,
    status: m.status,
    agendaCount: m._count.agendaItems,
  };
}

export const meetingDetailInclude = {
  forum: { select: { name: true, type: true, municipalityId: true, memberships: { select: { userId: true, sector: true } } } },
  _count: { select: { agendaItems: true } },
  participants: { include: { user: { select: { id: true, name: true } } } },
  assessments: { select: { caseId: true, level: true, sosScale: true } },
  agendaItems: {
    orderBy: { position: 'asc' },
    include: {
      case: {
        select: {
          id: true,
          reference: true,
          description: true,
          document: { select: { docName: true } },
          followUps: { select: { agreedInMeetingId: true } },
        },
      },
    },
  },
} satisfies Prisma.MeetingInclude;

type MeetingDetailRow = Prisma.MeetingGetPayload<{ include: typeof meetingDetailInclude }>;

export function presentMeetingDetail(m: MeetingDetailRow, extra: { isChair: boolean; levelLabels: string[] }): MeetingDetail {
  const sectorOf = new Map(m.forum.memberships.map((x) => [x.userId, x.sector]));
  const assessed = new Map(m.assessments.map((a) => [a.caseId, a]));
  return {
    ...presentMeetingSummary(m),
    startedAt: m.startedAt?.toISOString() ?? null,
    closedAt: m.closedAt?.toISOString() ?? null,
    currentItemId: m.currentItemId,
    currentItemStartedAt: m.currentItemStartedAt?.toISOString() ?? null,
    isChair: extra.isChair,
    levelLabels: extra.levelLabels,
    participants: m.participants.map((p) => ({
      userId: p.user?.id ?? null,
      name: p.user?.name ?? null,
      sector: p.user ? (sectorOf.get(p.user.id) ?? null) : null,
      guestLabel: p.guestLabel,
    })),
    agenda: m.agendaItems.map((i) => ({
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
      case: { id: i.case.id, reference: i.case.reference, description: i.case.description, docName: i.case.document.docName },
    })),
  };
}
