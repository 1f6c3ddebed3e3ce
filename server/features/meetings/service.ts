/**
 * Meetings: agenda, participants and the live meeting (docs/SPEC.md, MT1-MT6,
 * FU1-FU3). Every change is pushed to the forum's room as `meeting:state`;
 * clients refetch the meeting when it arrives.
 */
import type { MeetingDetail, MeetingSummary } from '../../../shared/api.js';
import { SSD_EXCHANGE_MAX_MEETINGS } from '../../../shared/domain.js';
import type { MeetingState } from '../../../shared/protocol.js';
import type { ConcludeItemInput, CreateMeetingInput } from '../../../shared/schemas/meetings.js';
import { audit } from '../../audit/audit.js';
import type { Db } from '../../db/client.js';
import { can, type Actor } from '../../policy/policy.js';
import type { RealtimeHub } from '../../realtime/hub.js';
import { levelLabelsFor } from '../overview/levels.js';
import { saveCaseVersion } from '../versions/snapshot.js';
import { notifyOnce } from '../reminders/notify-once.js';
import { todayInCopenhagen } from '../tasks/dates.js';
import { DomainError, notFound } from './errors.js';
import { meetingDetailInclude, presentMeetingDetail, presentMeetingSummary } from './presenter.js';

/** The refusal for a command the meeting's status does not allow: it is already running, not started, closed. */
const MEETING_IN_STATUS = { PLANNED: 'meeting_planned', RUNNING: 'meeting_running', CLOSED: 'meeting_closed' } as const;

export class MeetingService {
  constructor(
    private readonly db: Db,
    private readonly hub: RealtimeHub,
  ) {}

  async list(actor: Actor, forumId: string): Promise<MeetingSummary[]> {
    if (!can(actor, 'meeting:read', { forumId })) throw notFound();
    const meetings = await this.db.meeting.findMany({
      where: { forumId },
      include: { forum: { select: { name: true, type: true } }, _count: { select: { agendaItems: true } } },
      orderBy: { startsAt: 'desc' },
      take: 100,
    });
    // A4: someone who may not read the forum's cases sees its meetings, not how many cases they hold.
    const readsCases = can(actor, 'case:read', { forumId, isCase: true });
    return meetings.map((m) => presentMeetingSummary(m, readsCases ? m._count.agendaItems : 0));
  }

  async create(actor: Actor, forumId: string, input: CreateMeetingInput): Promise<MeetingSummary> {
    this.requireManage(actor, forumId);
    const meeting = await this.db.meeting.create({
      data: { forumId, startsAt: new Date(input.startsAt), place: input.place ?? null, videoLink: input.videoLink ?? null },
      include: { forum: { select: { name: true, type: true } }, _count: { select: { agendaItems: true } } },
    });
    return presentMeetingSummary(meeting);
  }

  async get(actor: Actor, meetingId: string): Promise<MeetingDetail> {
    const meeting = await this.db.meeting.findUnique({ where: { id: meetingId }, include: meetingDetailInclude });
    if (!meeting || !can(actor, 'meeting:read', { forumId: meeting.forumId })) throw notFound();
    return presentMeetingDetail(meeting, {
      isChair: can(actor, 'meeting:manage', { forumId: meeting.forumId }),
      levelLabels: await levelLabelsFor(this.db, meeting.forum.municipalityId),
      mayReadCase: (forumId) => can(actor, 'case:read', { forumId, isCase: true }),
    });
  }

  async addAgendaItem(actor: Actor, meetingId: string, caseId: string, timeboxMinutes: number): Promise<void> {
    const meeting = await this.forManage(actor, meetingId, ['PLANNED', 'RUNNING']);
    const kase = await this.db.case.findUnique({
      where: { id: caseId },
      select: { forumId: true, status: true, basis: true, bases: { where: { endedAt: null }, take: 1 } },
    });
    // A4: a case the chair may not read is treated like one of another forum.
    if (!kase || kase.forumId !== meeting.forumId || !can(actor, 'case:read', { forumId: kase.forumId, isCase: true })) {
      throw new DomainError('case_not_in_forum', 400);
    }
    if (kase.status !== 'OPEN') throw new DomainError('case_closed', 409);
    const basis = kase.bases[0];
    if (kase.basis === 'SSD_EXCHANGE' && basis && !basis.ssdMeetingIds.includes(meetingId)) {
      // LB6: exchange without consent covers one meeting and one follow-up meeting.
      if (basis.ssdMeetingIds.length >= SSD_EXCHANGE_MAX_MEETINGS) throw new DomainError('ssd_exchange_exhausted', 409);
      await this.db.caseBasis.update({ where: { id: basis.id }, data: { ssdMeetingIds: { push: meetingId } } });
    }
    const last = await this.db.agendaItem.aggregate({ where: { meetingId }, _max: { position: true } });
    const exists = await this.db.agendaItem.findUnique({ where: { meetingId_caseId: { meetingId, caseId } } });
    if (exists) throw new DomainError('case_already_on_agenda', 409);
    await this.db.agendaItem.create({ data: { meetingId, caseId, timeboxMinutes, position: (last._max.position ?? 0) + 1 } });
    await this.publish(meetingId);
  }

  async updateAgendaItem(actor: Actor, meetingId: string, itemId: string, patch: { timeboxMinutes?: number; outcome?: string }) {
    await this.forManage(actor, meetingId, ['PLANNED', 'RUNNING']);
    const item = await this.itemOf(actor, meetingId, itemId);
    await this.db.agendaItem.update({ where: { id: item.id }, data: patch });
    await this.publish(meetingId);
  }

  async removeAgendaItem(actor: Actor, meetingId: string, itemId: string): Promise<void> {
    await this.forManage(actor, meetingId, ['PLANNED', 'RUNNING']);
    const item = await this.itemOf(actor, meetingId, itemId);
    if (item.startedAt) throw new DomainError('item_already_discussed', 409);
    await this.db.agendaItem.delete({ where: { id: item.id } });
    await this.publish(meetingId);
  }

  async reorderAgenda(actor: Actor, meetingId: string, itemIds: string[]): Promise<void> {
    await this.forManage(actor, meetingId, ['PLANNED', 'RUNNING']);
    const items = await this.db.agendaItem.findMany({ where: { meetingId }, select: { id: true, case: { select: { forumId: true } } } });
    // A4: ordering an agenda means seeing all of it.
    if (!items.every((i) => can(actor, 'case:read', { forumId: i.case.forumId, isCase: true }))) throw notFound();
    const known = new Set(items.map((i) => i.id));
    if (itemIds.length !== known.size || new Set(itemIds).size !== itemIds.length || !itemIds.every((id) => known.has(id))) {
      throw new DomainError('agenda_mismatch', 400);
    }
    await this.db.$transaction(itemIds.map((id, i) => this.db.agendaItem.update({ where: { id }, data: { position: i + 1 } })));
    await this.publish(meetingId);
  }

  async setParticipants(actor: Actor, meetingId: string, userIds: string[], guestLabels: string[]): Promise<void> {
    const meeting = await this.forManage(actor, meetingId, ['PLANNED', 'RUNNING']);
    const members = await this.db.membership.findMany({ where: { forumId: meeting.forumId }, select: { userId: true } });
    const memberIds = new Set(members.map((m) => m.userId));
    if (!userIds.every((id) => memberIds.has(id))) throw new DomainError('participant_not_member', 400);
    await this.db.$transaction([
      this.db.meetingParticipant.deleteMany({ where: { meetingId } }),
      this.db.meetingParticipant.createMany({
        data: [
          ...[...new Set(userIds)].map((userId) => ({ meetingId, userId })),
          ...guestLabels.map((guestLabel) => ({ meetingId, guestLabel })),
        ],
      }),
    ]);
    await this.publish(meetingId);
  }

  /** MT2: one running meeting per forum; the first agenda item becomes current. */
  async start(actor: Actor, meetingId: string): Promise<void> {
    const meeting = await this.forManage(actor, meetingId, ['PLANNED']);
    const running = await this.db.meeting.findFirst({ where: { forumId: meeting.forumId, status: 'RUNNING' } });
    if (running) throw new DomainError('another_meeting_running', 409);
    const first = await this.db.agendaItem.findFirst({ where: { meetingId }, orderBy: { position: 'asc' } });
    const now = new Date();
    await this.db.$transaction([
      this.db.meeting.update({
        where: { id: meetingId },
        data: { status: 'RUNNING', startedAt: now, currentItemId: first?.id ?? null, currentItemStartedAt: first ? now : null },
      }),
      ...(first && !first.startedAt ? [this.db.agendaItem.update({ where: { id: first.id }, data: { startedAt: now } })] : []),
    ]);
    await this.publish(meetingId);
  }

  /** MT3 + FU2: the chair moves everyone to another item; a discussed case must be concluded first. */
  async setCurrent(actor: Actor, meetingId: string, itemId: string | null): Promise<void> {
    const meeting = await this.forManage(actor, meetingId, ['RUNNING']);
    if (meeting.currentItemId === itemId) return;
    if (meeting.currentItemId) await this.requireConcluded(meetingId, meeting.currentItemId);
    const now = new Date();
    if (itemId) {
      const item = await this.itemOf(actor, meetingId, itemId);
      if (!item.startedAt) await this.db.agendaItem.update({ where: { id: item.id }, data: { startedAt: now } });
    }
    await this.db.meeting.update({
      where: { id: meetingId },
      data: { currentItemId: itemId, currentItemStartedAt: itemId ? now : null },
    });
    await this.publish(meetingId);
  }

  /**
   * FU1: before a case leaves the agenda the chair records the Børnelinealen
   * level, the SoS scale, and a follow-up date with a responsible member or
   * a reason for none. Recording again corrects the earlier answer.
   */
  async conclude(actor: Actor, meetingId: string, itemId: string, input: ConcludeItemInput): Promise<void> {
    const meeting = await this.forManage(actor, meetingId, ['RUNNING']);
    const item = await this.itemOf(actor, meetingId, itemId);
    if (!item.startedAt) throw new DomainError('item_not_started', 409);
    if (input.followUp) {
      const member = await this.db.membership.findUnique({
        where: { userId_forumId: { userId: input.followUp.responsibleUserId, forumId: meeting.forumId } },
      });
      if (!member) throw new DomainError('responsible_not_member', 400);
    }
    const now = new Date();
    await this.db.$transaction(async (tx) => {
      await tx.caseAssessment.upsert({
        where: { caseId_meetingId: { caseId: item.caseId, meetingId } },
        create: { caseId: item.caseId, meetingId, level: input.level, sosScale: input.sosScale, recordedById: actor.userId },
        update: { level: input.level, sosScale: input.sosScale, recordedById: actor.userId, recordedAt: now },
      });
      // FU3: the case was followed up in this meeting, so earlier agreed dates are held.
      await tx.followUp.updateMany({
        where: { caseId: item.caseId, status: 'PLANNED', NOT: { agreedInMeetingId: meetingId } },
        data: { status: 'HELD', heldAt: meeting.startedAt ?? now },
      });
      await tx.followUp.deleteMany({ where: { caseId: item.caseId, agreedInMeetingId: meetingId } });
      if (input.followUp) {
        await tx.followUp.create({
          data: {
            caseId: item.caseId,
            forumId: meeting.forumId,
            agreedInMeetingId: meetingId,
            dueDate: new Date(`${input.followUp.dueDate}T00:00:00Z`),
            responsibleUserId: input.followUp.responsibleUserId,
          },
        });
      }
      await tx.agendaItem.update({
        where: { id: item.id },
        data: {
          endedAt: now,
          noFollowUpReason: input.followUp ? null : (input.noFollowUpReason ?? null),
          ...(input.outcome !== undefined ? { outcome: input.outcome } : {}),
        },
      });
    });
    await saveCaseVersion(this.db, item.caseId, meetingId, actor.userId);
    await audit(this.db, { userId: actor.userId, action: 'UPDATE', caseId: item.caseId, purpose: 'meeting-conclusion' });
    this.hub.toForum(meeting.forumId, 'case:changed', { caseId: item.caseId });
    await this.remindOfReportDuty(meeting.forumId, item.caseId, meetingId, input.level, actor.userId);
    await this.publish(meetingId);
  }

  /**
   * RD1: at or above the municipality's threshold every participant of the
   * meeting (and the chair who concluded it) is reminded that the duty to
   * report is personal (a REPORT_DUTY notification each, and the case page
   * asks for their answer); members who were not there are not.
   */
  private async remindOfReportDuty(forumId: string, caseId: string, meetingId: string, level: number, chairId: string): Promise<void> {
    const forum = await this.db.forum.findUniqueOrThrow({ where: { id: forumId }, select: { municipality: { select: { reportDutyThreshold: true } } } });
    if (level < forum.municipality.reportDutyThreshold) return;
    const kase = await this.db.case.findUniqueOrThrow({ where: { id: caseId }, select: { reference: true } });
    const participants = await this.db.meetingParticipant.findMany({ where: { meetingId, userId: { not: null } }, select: { userId: true } });
    const dueDate = todayInCopenhagen();
    for (const userId of new Set([chairId, ...participants.map((p) => p.userId!)])) {
      await notifyOnce(this.db, this.hub, { userId, kind: 'REPORT_DUTY', refId: `${caseId}:${meetingId}`, dueDate, caseId, caseReference: kase.reference, forumId });
    }
  }

  /** MT4: closing needs every discussed case concluded; the minutes then become available. */
  async close(actor: Actor, meetingId: string): Promise<void> {
    await this.forManage(actor, meetingId, ['RUNNING']);
    const started = await this.db.agendaItem.findMany({ where: { meetingId, NOT: { startedAt: null } }, select: { id: true } });
    for (const item of started) await this.requireConcluded(meetingId, item.id);
    await this.db.meeting.update({
      where: { id: meetingId },
      data: { status: 'CLOSED', closedAt: new Date(), currentItemId: null, currentItemStartedAt: null },
    });
    await this.publish(meetingId);
  }

  /** The forum's running meeting as pushed to clients, or null. */
  async stateOfForum(forumId: string): Promise<MeetingState | null> {
    const meeting = await this.db.meeting.findFirst({ where: { forumId, status: 'RUNNING' } });
    return meeting ? toState(meeting) : null;
  }

  async runningMeetingId(forumId: string): Promise<string | null> {
    const meeting = await this.db.meeting.findFirst({ where: { forumId, status: 'RUNNING' }, select: { id: true } });
    return meeting?.id ?? null;
  }

  private async requireConcluded(meetingId: string, itemId: string): Promise<void> {
    const item = await this.db.agendaItem.findUnique({
      where: { id: itemId },
      select: { caseId: true, noFollowUpReason: true, endedAt: true },
    });
    if (!item) return;
    const [assessment, followUp] = await Promise.all([
      this.db.caseAssessment.findUnique({ where: { caseId_meetingId: { caseId: item.caseId, meetingId } } }),
      this.db.followUp.findFirst({ where: { caseId: item.caseId, agreedInMeetingId: meetingId } }),
    ]);
    if (!assessment || (!followUp && !item.noFollowUpReason)) {
      throw new DomainError('case_not_concluded', 409, { itemId });
    }
  }

  private requireManage(actor: Actor, forumId: string): void {
    if (!can(actor, 'meeting:read', { forumId })) throw notFound();
    if (!can(actor, 'meeting:manage', { forumId })) throw new DomainError('forbidden', 403);
  }

  private async forManage(actor: Actor, meetingId: string, statuses: Array<'PLANNED' | 'RUNNING' | 'CLOSED'>) {
    const meeting = await this.db.meeting.findUnique({ where: { id: meetingId } });
    if (!meeting) throw notFound();
    this.requireManage(actor, meeting.forumId);
    if (!statuses.includes(meeting.status)) throw new DomainError(MEETING_IN_STATUS[meeting.status], 409);
    return meeting;
  }

  /** An agenda item of the meeting whose case the actor may read (A4); otherwise not found. */
  private async itemOf(actor: Actor, meetingId: string, itemId: string) {
    const item = await this.db.agendaItem.findUnique({ where: { id: itemId }, include: { case: { select: { forumId: true } } } });
    if (!item || item.meetingId !== meetingId || !can(actor, 'case:read', { forumId: item.case.forumId, isCase: true })) throw notFound();
    return item;
  }

  private async publish(meetingId: string): Promise<void> {
    const meeting = await this.db.meeting.findUniqueOrThrow({ where: { id: meetingId } });
    this.hub.toForum(meeting.forumId, 'meeting:state', toState(meeting));
  }
}

function toState(m: {
  id: string;
  forumId: string;
  status: MeetingState['status'];
  currentItemId: string | null;
  currentItemStartedAt: Date | null;
}): MeetingState {
  return {
    forumId: m.forumId,
    meetingId: m.id,
    status: m.status,
    currentItemId: m.currentItemId,
    currentItemStartedAt: m.currentItemStartedAt?.toISOString() ?? null,
    serverNow: new Date().toISOString(),
  };
}
