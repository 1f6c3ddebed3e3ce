/**
 * The hand-over of a closed meeting (docs/SPEC.md, HO1-HO11): each sector's packets, their downloads (audited,
 * HO8), filing ("journaliseret af … den …", HO9), the chair's view of every sector (HO10) and the unfiled packets
 * as tasks (HO11). Every decision is the policy's (`handover:read`, `handover:status`); refused and unknown look
 * the same (404), and a refusal about an existing case is itself on the record (AU5).
 */
import { SECTORS, type Sector } from '../../../shared/domain.js';
import { audit } from '../../audit/audit.js';
import type { Db } from '../../db/client.js';
import { can, caseForumsWhere, type Actor } from '../../policy/policy.js';
import { DomainError, notFound } from '../meetings/errors.js';
import { todayInCopenhagen } from '../tasks/dates.js';
import { buildPacket, type PacketKey } from './content.js';
import { ensurePackets } from './packets.js';
import { renderHandoverPdf } from './pdf.js';
import type { HandoverOverview, HandoverPacketView, HandoverTask } from './types.js';

export type PacketFormat = 'pdf' | 'json';

export interface PacketAddress {
  meetingId: string;
  caseId: string;
  sector: Sector;
}

export interface PacketFile {
  body: Uint8Array;
  contentType: string;
  fileName: string;
}

const criterionOf = (a: PacketAddress, what: string) => `meetingId=${a.meetingId};sector=${a.sector};${what}`;

/** "overlevering-K7QX-skole-2026-11-24.pdf": the case's random reference (CS1), the sector and the meeting's date. */
export function packetFileName(reference: string, sector: Sector, meetingStartsAt: Date, format: PacketFormat): string {
  return `overlevering-${reference}-${sector.toLowerCase()}-${todayInCopenhagen(meetingStartsAt)}.${format}`;
}

export class HandoverService {
  constructor(
    private readonly db: Db,
    private readonly address: string | null = null,
  ) {}

  /** HO7, HO10: the caller's own sector's packets; for the chair, every sector's with whether it is filed. */
  async overview(actor: Actor, meetingId: string): Promise<HandoverOverview> {
    const meeting = await this.db.meeting.findUnique({
      where: { id: meetingId },
      select: { forumId: true, status: true, agendaItems: { select: { caseId: true, position: true } } },
    });
    if (!meeting || !can(actor, 'meeting:read', { forumId: meeting.forumId })) throw notFound();
    if (meeting.status !== 'CLOSED') throw new DomainError('meeting_not_closed', 409);
    await ensurePackets(this.db, meetingId);
    const forumId = meeting.forumId;
    const rows = await this.db.handoverPacket.findMany({
      where: { meetingId },
      select: { caseId: true, sector: true, firstDownloadedAt: true, filedAt: true, filedById: true, externalReference: true, case: { select: { reference: true } } },
    });
    const position = new Map(meeting.agendaItems.map((i) => [i.caseId, i.position]));
    // Agenda order, and within a case the sectors in their usual order (shared/domain.ts).
    rows.sort(
      (a, b) =>
        (position.get(a.caseId) ?? 0) - (position.get(b.caseId) ?? 0) ||
        a.caseId.localeCompare(b.caseId) ||
        SECTORS.indexOf(a.sector) - SECTORS.indexOf(b.sector),
    );
    const seesAll = can(actor, 'handover:status', { forumId, isCase: true });
    const mine = rows.filter((r) => can(actor, 'handover:read', { forumId, isCase: true, sector: r.sector }));
    const shown = seesAll ? rows : mine;
    const filers = [...new Set(shown.map((r) => r.filedById).filter((id): id is string => !!id))];
    const [users, memberships] = await Promise.all([
      this.db.user.findMany({ where: { id: { in: filers } }, select: { id: true, name: true } }),
      this.db.membership.findMany({ where: { forumId, userId: { in: filers } }, select: { userId: true, sector: true } }),
    ]);
    const nameOf = new Map(users.map((u) => [u.id, u.name]));
    const sectorOf = new Map(memberships.map((m) => [m.userId, m.sector]));
    const view = (r: (typeof rows)[number]): HandoverPacketView => ({
      caseId: r.caseId,
      reference: r.case.reference,
      sector: r.sector,
      firstDownloadedAt: r.firstDownloadedAt?.toISOString() ?? null,
      filing: r.filedAt
        ? {
            filedAt: r.filedAt.toISOString(),
            filedBy: r.filedById && nameOf.has(r.filedById) ? { name: nameOf.get(r.filedById)!, sector: sectorOf.get(r.filedById) ?? null } : null,
            externalReference: r.externalReference,
          }
        : null,
    });
    let all: HandoverOverview['all'] = null;
    if (seesAll) {
      const byCase = new Map<string, { caseId: string; reference: string; packets: HandoverPacketView[] }>();
      for (const r of rows) {
        const entry = byCase.get(r.caseId) ?? { caseId: r.caseId, reference: r.case.reference, packets: [] };
        entry.packets.push(view(r));
        byCase.set(r.caseId, entry);
      }
      all = [...byCase.values()];
    }
    const membership = actor.memberships.get(forumId);
    return { meetingId, sector: mine.length > 0 ? (membership?.sector ?? null) : null, mine: mine.map(view), all };
  }

  /** HO5, HO6, HO8: the packet as JSON or PDF/A, the download audited before anything of the case is read. */
  async download(actor: Actor, a: PacketAddress, format: PacketFormat, now: Date = new Date()): Promise<PacketFile> {
    const { packet, kase, meeting } = await this.packetFor(actor, a, `handover:${format}`);
    await audit(this.db, {
      userId: actor.userId,
      action: 'EXPORT',
      caseId: kase.id,
      caseReference: kase.reference,
      purpose: 'handover',
      criterion: criterionOf(a, `format=${format}`),
      address: this.address,
    });
    const { json, identityRefused } = await buildPacket(this.db, actor, packet, now);
    if (identityRefused) {
      await audit(this.db, { userId: actor.userId, action: 'DENIED', caseId: kase.id, caseReference: kase.reference, criterion: 'case:identity:handover', address: this.address });
    }
    await this.db.handoverPacket.updateMany({ where: { id: packet.id, firstDownloadedAt: null }, data: { firstDownloadedAt: now } });
    const fileName = packetFileName(kase.reference, a.sector, meeting.startsAt, format);
    if (format === 'json') return { body: new TextEncoder().encode(JSON.stringify(json, null, 2)), contentType: 'application/json; charset=utf-8', fileName };
    return { body: new Uint8Array(await renderHandoverPdf(json)), contentType: 'application/pdf', fileName };
  }

  /** HO9: marked as filed by a member of the sector, with their own system's number if they give one. */
  async file(actor: Actor, a: PacketAddress, externalReference: string | null, now: Date = new Date()): Promise<void> {
    const { packet, kase } = await this.packetFor(actor, a, 'handover:file');
    await this.db.handoverPacket.update({ where: { id: packet.id }, data: { filedAt: now, filedById: actor.userId, externalReference } });
    await audit(this.db, {
      userId: actor.userId,
      action: 'UPDATE',
      caseId: kase.id,
      caseReference: kase.reference,
      purpose: 'handover',
      criterion: criterionOf(a, `filed;externalReference=${externalReference ?? ''}`),
      address: this.address,
    });
  }

  /** HO9: a filing marked by mistake is taken back; the packet is a task again. */
  async unfile(actor: Actor, a: PacketAddress): Promise<void> {
    const { packet, kase } = await this.packetFor(actor, a, 'handover:unfile');
    await this.db.handoverPacket.update({ where: { id: packet.id }, data: { filedAt: null, filedById: null, externalReference: null } });
    await audit(this.db, {
      userId: actor.userId,
      action: 'UPDATE',
      caseId: kase.id,
      caseReference: kase.reference,
      purpose: 'handover',
      criterion: criterionOf(a, 'unfiled'),
      address: this.address,
    });
  }

  /**
   * HO7: the packet, if the actor is a member (not a guest) of its sector in the meeting's forum (police only in
   * SSP). Anyone else gets 404, like an unknown packet, and the refusal is audited when the case exists.
   */
  private async packetFor(actor: Actor, a: PacketAddress, criterion: string) {
    const [meeting, kase] = await Promise.all([
      this.db.meeting.findUnique({ where: { id: a.meetingId }, select: { id: true, forumId: true, status: true, startsAt: true } }),
      this.db.case.findUnique({ where: { id: a.caseId }, select: { id: true, reference: true, forumId: true } }),
    ]);
    const allowed = !!meeting && !!kase && kase.forumId === meeting.forumId && can(actor, 'handover:read', { forumId: meeting.forumId, isCase: true, sector: a.sector });
    if (!allowed) {
      if (kase) {
        await audit(this.db, { userId: actor.userId, action: 'DENIED', caseId: kase.id, caseReference: kase.reference, criterion: `${criterion};sector=${a.sector}`, address: this.address });
      }
      throw notFound();
    }
    if (meeting.status !== 'CLOSED') throw new DomainError('meeting_not_closed', 409);
    await ensurePackets(this.db, meeting.id);
    const row = await this.db.handoverPacket.findUnique({
      where: { meetingId_caseId_sector: { meetingId: a.meetingId, caseId: a.caseId, sector: a.sector } },
      select: { id: true, meetingId: true, caseId: true, sector: true },
    });
    if (!row || row.sector === 'ANDET') throw notFound();
    const packet: PacketKey = { id: row.id, meetingId: row.meetingId, caseId: row.caseId, sector: row.sector };
    return { packet, kase, meeting };
  }
}

/**
 * HO11: the caller's unfiled packets, for "Mine opgaver": closed meetings of forums where they are a member (not a
 * guest) of the packet's sector and may read cases; oldest meeting first. Packets of meetings nobody has opened
 * since they closed are recorded first (HO1).
 */
export async function loadHandoverTasks(db: Db, actor: Actor): Promise<HandoverTask[]> {
  const sectorOf = new Map<string, Sector>();
  for (const forumId of caseForumsWhere(actor, 'case:read')) {
    const sector = actor.memberships.get(forumId)!.sector;
    if (can(actor, 'handover:read', { forumId, isCase: true, sector })) sectorOf.set(forumId, sector);
  }
  if (sectorOf.size === 0) return [];
  const forumIds = [...sectorOf.keys()];
  const unrecorded = await db.meeting.findMany({
    where: { forumId: { in: forumIds }, status: 'CLOSED', caseVersions: { some: {} }, handoverPackets: { none: {} } },
    select: { id: true },
  });
  for (const m of unrecorded) await ensurePackets(db, m.id);
  const rows = await db.handoverPacket.findMany({
    where: { filedAt: null, OR: forumIds.map((forumId) => ({ sector: sectorOf.get(forumId)!, meeting: { forumId } })) },
    select: {
      meetingId: true,
      sector: true,
      meeting: { select: { startsAt: true, forum: { select: { id: true, name: true } } } },
      case: { select: { id: true, reference: true } },
    },
    orderBy: [{ meeting: { startsAt: 'asc' } }, { caseId: 'asc' }],
  });
  return rows.map((r) => ({
    meetingId: r.meetingId,
    meetingStartsAt: r.meeting.startsAt.toISOString(),
    sector: r.sector,
    case: { id: r.case.id, reference: r.case.reference },
    forum: { id: r.meeting.forum.id, name: r.meeting.forum.name },
  }));
}
