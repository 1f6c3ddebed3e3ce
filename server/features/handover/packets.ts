/**
 * HO1: which hand-over packets a closed meeting has. Each case concluded at the meeting (it has the meeting's
 * CaseVersion, VR1) gets one packet per sector represented: the sectors of the meeting's participating members and
 * of the people responsible for the case's actions and the follow-up agreed there. Guests, the sector ANDET and
 * police outside SSP get none. The set is worked out once, from what the closed meeting holds (its participants and
 * versions no longer change), and kept as HandoverPacket rows, which then carry whether each has been filed.
 */
import type { CaseVersionContent } from '../../../shared/api.js';
import { SECTORS, type ForumType, type Role, type Sector } from '../../../shared/domain.js';
import type { Db } from '../../db/client.js';

/** A sector that files hand-over packets in a forum of this type. */
export function receivesPackets(sector: Sector | null | undefined, forumType: ForumType): sector is Exclude<Sector, 'ANDET'> {
  if (!sector || sector === 'ANDET') return false;
  return sector !== 'POLITI' || forumType === 'SSP'; // A4, A10: police only in SSP
}

/** The sectors that get a packet about one case: pure, so the rule reads in one place. */
export function packetSectors(
  forumType: ForumType,
  content: Pick<CaseVersionContent, 'actions' | 'followUp' | 'writers'>,
  participantIds: readonly string[],
  memberOf: ReadonlyMap<string, { sector: Sector; role: Role }>,
): Sector[] {
  const found = new Set<Sector>();
  const add = (sector: Sector | null | undefined) => {
    if (receivesPackets(sector, forumType)) found.add(sector);
  };
  for (const userId of participantIds) {
    const m = memberOf.get(userId);
    if (m && m.role !== 'GUEST') add(m.sector);
  }
  const responsible = [...content.actions.map((a) => a.responsibleUserId), content.followUp?.responsibleUserId ?? null];
  for (const userId of responsible) {
    if (!userId) continue;
    const m = memberOf.get(userId);
    if (m) {
      if (m.role !== 'GUEST') add(m.sector);
    } else {
      // Left the forum since: the sector they answered for at the meeting still files what was agreed.
      add(content.writers[userId]?.sector);
    }
  }
  return SECTORS.filter((s) => found.has(s));
}

/** Records the packets of a closed meeting the first time they are asked for; idempotent, safe to race. */
export async function ensurePackets(db: Db, meetingId: string): Promise<void> {
  const meeting = await db.meeting.findUnique({
    where: { id: meetingId },
    select: { status: true, forumId: true, forum: { select: { type: true } }, _count: { select: { handoverPackets: true } } },
  });
  if (!meeting || meeting.status !== 'CLOSED' || meeting._count.handoverPackets > 0) return;
  const [versions, participants, memberships] = await Promise.all([
    db.caseVersion.findMany({ where: { meetingId }, select: { caseId: true, content: true } }),
    db.meetingParticipant.findMany({ where: { meetingId, userId: { not: null } }, select: { userId: true } }),
    db.membership.findMany({ where: { forumId: meeting.forumId }, select: { userId: true, sector: true, role: true } }),
  ]);
  if (versions.length === 0) return;
  const memberOf = new Map(memberships.map((m) => [m.userId, m]));
  const participantIds = participants.map((p) => p.userId!);
  const data = versions.flatMap((v) =>
    packetSectors(meeting.forum.type, v.content as unknown as CaseVersionContent, participantIds, memberOf).map((sector) => ({
      meetingId,
      caseId: v.caseId,
      sector,
    })),
  );
  if (data.length > 0) await db.handoverPacket.createMany({ data, skipDuplicates: true });
}
