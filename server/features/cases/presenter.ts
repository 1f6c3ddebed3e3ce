import type { CaseDetail, CaseSummary } from '../../../shared/api.js';
import type { ForumType, Sector } from '../../../shared/domain.js';
import type { Prisma } from '../../db/generated/client.js';

/** What a case summary needs loaded beside the case row. */
export const caseSummaryInclude = {
  document: { select: { docName: true } },
  assessments: { orderBy: { recordedAt: 'desc' }, take: 1, select: { level: true, sosScale: true } },
  followUps: { where: { status: 'PLANNED' }, orderBy: { dueDate: 'asc' }, take: 1, select: { dueDate: true } },
} satisfies Prisma.CaseInclude;

type CaseWithSummary = Prisma.CaseGetPayload<{ include: typeof caseSummaryInclude }>;

export const isoDate = (d: Date) => d.toISOString().slice(0, 10);

export function presentCaseSummary(c: CaseWithSummary): CaseSummary {
  return {
    id: c.id,
    reference: c.reference,
    forumId: c.forumId,
    anonymous: c.anonymous,
    description: c.description,
    status: c.status,
    docName: c.document.docName,
    latestLevel: c.assessments[0]?.level ?? null,
    latestSosScale: c.assessments[0]?.sosScale ?? null,
    ladderStep: c.ladderStep,
    nextFollowUp: c.followUps[0] ? isoDate(c.followUps[0].dueDate) : null,
    createdAt: c.createdAt.toISOString(),
  };
}

type CaseWithDetail = Omit<CaseWithSummary, 'assessments' | 'followUps'> & {
  forum: { id: string; name: string; type: ForumType };
  assessments: Array<{ meetingId: string; level: number; sosScale: number; recordedAt: Date; meeting: { startsAt: Date } }>;
  followUps: Array<{ id: string; dueDate: Date; status: 'PLANNED' | 'HELD' | 'CANCELLED'; heldAt: Date | null; responsible: { id: string; name: string } }>;
  actions: Array<{ id: string; title: string; responsibleUserId: string | null; ladderStep: number | null; dueDate: Date | null; status: CaseDetail['actions'][number]['status'] }>;
};

export function presentCaseDetail(
  c: CaseWithDetail,
  extra: { canWrite: boolean; levelLabels: string[]; sectorOf: Map<string, Sector> },
): CaseDetail {
  // The summary's "latest" comes from the full, ascending list here.
  const latest = c.assessments[c.assessments.length - 1];
  const next = c.followUps.find((f) => f.status === 'PLANNED');
  return {
    ...presentCaseSummary({ ...c, assessments: latest ? [latest] : [], followUps: next ? [next] : [] }),
    forum: { id: c.forum.id, name: c.forum.name, type: c.forum.type },
    canWrite: extra.canWrite,
    levelLabels: extra.levelLabels,
    assessments: c.assessments.map((a) => ({
      meetingId: a.meetingId,
      meetingStartsAt: a.meeting.startsAt.toISOString(),
      level: a.level,
      sosScale: a.sosScale,
      recordedAt: a.recordedAt.toISOString(),
    })),
    followUps: c.followUps.map((f) => ({
      id: f.id,
      dueDate: isoDate(f.dueDate),
      responsible: { userId: f.responsible.id, name: f.responsible.name, sector: extra.sectorOf.get(f.responsible.id) ?? null },
      status: f.status,
      heldAt: f.heldAt?.toISOString() ?? null,
    })),
    actions: c.actions.map((a) => ({
      id: a.id,
      title: a.title,
      responsibleUserId: a.responsibleUserId,
      ladderStep: a.ladderStep,
      dueDate: a.dueDate ? isoDate(a.dueDate) : null,
      status: a.status,
    })),
  };
}
