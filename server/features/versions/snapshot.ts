/**
 * VR1: when the chair concludes a case in a meeting, the case as it stands is
 * kept as that meeting's version: the document's content with its writers,
 * the assessment, the legal basis, the follow-up and who took part. Read back
 * by the case's timeline and the minutes, so both show what was agreed then,
 * whatever the document says later.
 */
import type { Prisma } from '../../db/generated/client.js';
import type { CaseVersionContent } from '../../../shared/api.js';
import type { Db } from '../../db/client.js';
import { readCaseContent } from '../cases/content.js';

export async function saveCaseVersion(db: Db, caseId: string, meetingId: string, concludedById: string): Promise<void> {
  const kase = await db.case.findUniqueOrThrow({
    where: { id: caseId },
    select: { forumId: true, documentId: true, basis: true },
  });
  const [content, assessment, item, followUp, participants] = await Promise.all([
    readCaseContent(db, kase.documentId, kase.forumId),
    db.caseAssessment.findUniqueOrThrow({ where: { caseId_meetingId: { caseId, meetingId } }, select: { level: true, sosScale: true } }),
    db.agendaItem.findFirst({ where: { meetingId, caseId }, select: { outcome: true, noFollowUpReason: true } }),
    db.followUp.findFirst({ where: { caseId, agreedInMeetingId: meetingId }, select: { dueDate: true, responsibleUserId: true } }),
    db.meetingParticipant.findMany({
      where: { meetingId },
      orderBy: { id: 'asc' },
      select: { guestLabel: true, user: { select: { name: true, memberships: { where: { forumId: kase.forumId }, select: { sector: true } } } } },
    }),
  ]);
  if (followUp?.responsibleUserId && !content.writers[followUp.responsibleUserId]) {
    const u = await db.user.findUnique({ where: { id: followUp.responsibleUserId }, select: { name: true } });
    if (u) content.writers[followUp.responsibleUserId] = { name: u.name, sector: null };
  }
  const version: CaseVersionContent = {
    ...content,
    participants: participants.map((p) => ({ name: p.user?.name ?? p.guestLabel ?? '', sector: p.user?.memberships[0]?.sector ?? null })),
    outcome: item?.outcome ?? null,
    noFollowUpReason: item?.noFollowUpReason ?? null,
    followUp: followUp ? { dueDate: followUp.dueDate.toISOString().slice(0, 10), responsibleUserId: followUp.responsibleUserId } : null,
  };
  const data = {
    concludedById,
    concludedAt: new Date(),
    level: assessment.level,
    sosScale: assessment.sosScale,
    basis: kase.basis,
    content: version as unknown as Prisma.InputJsonValue,
    // FA9: the trigger on CaseVersion keeps the drawings the houses have now with this version (its own transaction).
    drawingsKept: true,
  };
  // Concluding again in the same meeting replaces that meeting's version.
  await db.caseVersion.upsert({ where: { caseId_meetingId: { caseId, meetingId } }, create: { caseId, meetingId, ...data }, update: data });
}
