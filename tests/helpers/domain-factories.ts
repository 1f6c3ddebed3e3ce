/** Domain test data written straight with Prisma: cases, meetings, actions, follow-ups, assessments. */
import crypto from 'node:crypto';
import type { ActionStatus, MeetingStatus, Role, Sector } from '../../shared/domain.js';
import type { Db } from '../../server/db/client.js';
import { newCaseReference } from '../../server/features/cases/reference.js';
import { newDocName } from '../../server/seed/demo.js';

/** 'YYYY-MM-DD' as a `@db.Date` value. */
export const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

export async function createCase(
  db: Db,
  forumId: string,
  createdById: string,
  opts: {
    description?: string;
    status?: 'OPEN' | 'CLOSED';
    ladderStep?: number | null;
    createdAt?: Date;
    closedAt?: Date | null;
    childName?: string;
    childCpr?: string;
    childAddress?: string;
    parentNames?: string;
  } = {},
) {
  const doc = await db.document.create({ data: { forumId, title: 'Sag', docName: newDocName() } });
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.case.create({
        data: {
          forumId,
          reference: newCaseReference(attempt < 5 ? 4 : 6),
          description: opts.description ?? 'barn, 6 år, skole i distrikt Nord',
          status: opts.status ?? 'OPEN',
          ladderStep: opts.ladderStep ?? null,
          documentId: doc.id,
          createdById,
          ...(opts.createdAt ? { createdAt: opts.createdAt } : {}),
          closedAt: opts.closedAt ?? (opts.status === 'CLOSED' ? new Date() : null),
          anonymous: !opts.childName,
          childName: opts.childName ?? null,
          childCpr: opts.childCpr ?? null,
          childAddress: opts.childAddress ?? null,
          parentNames: opts.parentNames ?? null,
        },
      });
    } catch (err) {
      if (attempt > 8 || (err as { code?: string }).code !== 'P2002') throw err; // reference taken: draw again
    }
  }
}

export function createMeeting(db: Db, forumId: string, opts: { startsAt: Date; status?: MeetingStatus; place?: string }) {
  return db.meeting.create({
    data: {
      forumId,
      startsAt: opts.startsAt,
      status: opts.status ?? 'PLANNED',
      place: opts.place ?? null,
      closedAt: opts.status === 'CLOSED' ? new Date() : null,
    },
  });
}

export function addAgendaItem(db: Db, meetingId: string, caseId: string, position: number, opts: { outcome?: string; noFollowUpReason?: string } = {}) {
  return db.agendaItem.create({
    data: { meetingId, caseId, position, outcome: opts.outcome ?? null, noFollowUpReason: opts.noFollowUpReason ?? null },
  });
}

export function createAction(
  db: Db,
  caseId: string,
  opts: {
    title?: string;
    responsibleUserId?: string | null;
    dueDate?: string | null;
    status?: ActionStatus;
    ladderStep?: number | null;
    position?: number;
    createdAt?: Date;
  } = {},
) {
  return db.actionItem.create({
    data: {
      id: crypto.randomUUID(),
      caseId,
      position: opts.position ?? 0,
      title: opts.title ?? 'Handling',
      responsibleUserId: opts.responsibleUserId ?? null,
      ladderStep: opts.ladderStep ?? null,
      dueDate: opts.dueDate ? day(opts.dueDate) : null,
      status: opts.status ?? 'PLANNED',
      ...(opts.createdAt ? { createdAt: opts.createdAt } : {}),
    },
  });
}

export function createFollowUp(
  db: Db,
  c: { id: string; forumId: string },
  opts: { dueDate: string; responsibleUserId: string; status?: 'PLANNED' | 'HELD' | 'CANCELLED'; heldAt?: Date; agreedInMeetingId?: string },
) {
  return db.followUp.create({
    data: {
      caseId: c.id,
      forumId: c.forumId,
      dueDate: day(opts.dueDate),
      responsibleUserId: opts.responsibleUserId,
      status: opts.status ?? 'PLANNED',
      heldAt: opts.heldAt ?? null,
      agreedInMeetingId: opts.agreedInMeetingId ?? null,
    },
  });
}

export function assess(
  db: Db,
  opts: { caseId: string; meetingId: string; level: number; sosScale?: number; recordedById: string; recordedAt?: Date },
) {
  return db.caseAssessment.create({
    data: {
      caseId: opts.caseId,
      meetingId: opts.meetingId,
      level: opts.level,
      sosScale: opts.sosScale ?? 5,
      recordedById: opts.recordedById,
      ...(opts.recordedAt ? { recordedAt: opts.recordedAt } : {}),
    },
  });
}

export function addMembership(db: Db, userId: string, forumId: string, sector: Sector, role: Role = 'MEMBER') {
  return db.membership.create({ data: { userId, forumId, sector, role } });
}
