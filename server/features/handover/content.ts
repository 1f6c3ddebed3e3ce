/**
 * HO2-HO4: the content of one sector's hand-over packet, built from the version kept when the chair concluded the
 * case at the meeting (VR1): what was agreed then, whatever the case says today. The same object is served as JSON
 * (HO5) and rendered as the PDF (HO6), so both always say the same.
 */
import type { CaseVersionContent } from '../../../shared/api.js';
import { HOUSES, SOS_COLUMNS, type House } from '../../../shared/caseDoc.js';
import type { Sector } from '../../../shared/domain.js';
import { HOUSE_LABELS } from '../../../shared/family.js';
import {
  ACTION_STATUS_LABELS_DA,
  FORUM_TYPE_LABELS_DA,
  LADDER_LABELS_DA,
  LEGAL_BASIS_LABELS_DA,
  SECTOR_LABELS_DA,
  SOS_COLUMN_LABELS_DA,
} from '../../../shared/labels.js';
import type { Db } from '../../db/client.js';
import { can, identityRefusalFor, type Actor } from '../../policy/policy.js';
import { MINUTES_MARKING } from '../minutes/pdf.js';
import { levelLabelsFor } from '../overview/levels.js';
import { consentValidOn, identityRefusal } from '../privacy/rules.js';
import { todayInCopenhagen } from '../tasks/dates.js';
import { redactorFor, type Redactor } from '../minutes/redact-identity.js';
import { recordMeetingSelect } from '../minutes/service.js';
import { FILED_IN_DA, SECTION_115_NOTICE } from './texts.js';
import {
  HANDOVER_SCHEMA_ID,
  HANDOVER_SCHEMA_VERSION,
  type HandoverAction,
  type HandoverHouses,
  type HandoverPacketJson,
  type HandoverPerson,
  type HandoverRecord,
  type IdentityWithheld,
} from './types.js';

export interface PacketKey {
  id: string;
  meetingId: string;
  caseId: string;
  sector: Exclude<Sector, 'ANDET'>;
}

const isoDay = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
const keep: Redactor = (t) => t;

/**
 * The packet as the actor (a member of the packet's sector, `handover:read`) may have it. The identity is asked of
 * the policy for the actor and of the LB7 rule for the packet's sector, with the basis in force today (HO3).
 */
export async function buildPacket(db: Db, actor: Actor, key: PacketKey, now: Date = new Date()): Promise<{ json: HandoverPacketJson; identityRefused: boolean }> {
  const [meeting, version, kase] = await Promise.all([
    db.meeting.findUniqueOrThrow({ where: { id: key.meetingId }, select: recordMeetingSelect }),
    db.caseVersion.findUniqueOrThrow({
      where: { caseId_meetingId: { caseId: key.caseId, meetingId: key.meetingId } },
      select: { level: true, sosScale: true, basis: true, content: true, concludedAt: true, concludedById: true },
    }),
    db.case.findUniqueOrThrow({
      where: { id: key.caseId },
      select: {
        id: true,
        forumId: true,
        reference: true,
        description: true,
        basis: true,
        childName: true,
        childCpr: true,
        childAddress: true,
        parentNames: true,
        bases: { where: { endedAt: null }, take: 1 },
      },
    }),
  ]);
  const content = version.content as unknown as CaseVersionContent;
  const today = todayInCopenhagen(now);
  const basis = kase.bases[0] ?? null;

  // HO3: a case discussed anonymously stays anonymous in its packet; otherwise the LB7 rule decides, today.
  let withheld: IdentityWithheld | null = null;
  if (version.basis === 'ANONYMOUS') withheld = 'anonymous';
  else {
    const resource = { forumId: kase.forumId, isCase: true, identity: { basis, today } };
    const forSector = identityRefusal(basis, { sector: key.sector, role: 'MEMBER' }, today);
    if (!can(actor, 'case:identity', resource) || forSector !== null) {
      const refusal = forSector ?? identityRefusalFor(actor, resource);
      withheld = refusal === 'sector' ? 'sector' : 'basis';
    }
  }
  const stored = [kase.childName, kase.childCpr, kase.childAddress, kase.parentNames].some((v) => v);
  const redact = withheld ? redactorFor(kase) : keep;

  // Sectors as the version recorded them; people it does not name (or names without a sector), as they are now.
  const missing = [
    ...new Set([version.concludedById, ...content.actions.map((a) => a.responsibleUserId), content.followUp?.responsibleUserId].filter((id): id is string => !!id)),
  ].filter((id) => !content.writers[id]?.sector);
  const police = key.sector === 'POLITI';
  const [users, memberships, levelLabels, drawings] = await Promise.all([
    db.user.findMany({ where: { id: { in: missing } }, select: { id: true, name: true } }),
    db.membership.findMany({ where: { forumId: kase.forumId, userId: { in: missing } }, select: { userId: true, sector: true } }),
    levelLabelsFor(db, meeting.forum.municipality.id),
    // Which houses had a photo of the child's drawing kept with this meeting's version (FA9), whatever the case holds
    // today; a version concluded before drawings were kept has none. Police get no record, so no houses (HO4).
    police ? Promise.resolve([]) : db.caseVersionDrawing.findMany({ where: { caseId: kase.id, meetingId: key.meetingId }, select: { house: true } }),
  ]);
  const drawingHouses = new Set<House>(drawings.map((d) => HOUSE_OF_DB[d.house]));
  const nameNow = new Map(users.map((u) => [u.id, u.name]));
  const sectorNow = new Map(memberships.map((m) => [m.userId, m.sector]));
  const person = (name: string, sector: Sector | null): HandoverPerson => ({ name, sector, sectorLabel: sector ? SECTOR_LABELS_DA[sector] : null });
  const personOf = (userId: string | null | undefined): HandoverPerson | null => {
    if (!userId) return null;
    const then = content.writers[userId];
    const name = then?.name ?? nameNow.get(userId);
    if (name === undefined) return null;
    return person(name, then?.sector ?? sectorNow.get(userId) ?? null);
  };

  const actions: HandoverAction[] = content.actions
    .map((a) => ({ a, responsible: personOf(a.responsibleUserId) }))
    .filter(({ responsible }) => responsible?.sector === key.sector)
    .map(({ a, responsible }) => ({
      id: a.id,
      title: redact(a.title),
      responsible,
      dueDate: a.dueDate,
      ladderStep: a.ladderStep,
      ladderStepLabel: a.ladderStep === null ? null : (LADDER_LABELS_DA[a.ladderStep] ?? null),
      status: a.status,
      statusLabel: ACTION_STATUS_LABELS_DA[a.status],
    }));
  const followUpBy = personOf(content.followUp?.responsibleUserId);
  const followUps = content.followUp && followUpBy?.sector === key.sector ? [{ dueDate: content.followUp.dueDate, responsible: followUpBy }] : [];

  const consent =
    basis?.kind === 'CONSENT'
      ? {
          givenBy: redact(basis.consentGivenBy ?? ''),
          scope: redact(basis.consentScope ?? ''),
          sectors: [...basis.consentSectors],
          purpose: redact(basis.consentPurpose ?? ''),
          givenOn: isoDay(basis.consentGivenOn),
          validUntil: isoDay(basis.consentValidUntil),
          withdrawnOn: isoDay(basis.consentWithdrawnOn),
          validToday: consentValidOn(basis, today),
          coversRecipient: basis.consentSectors.includes(key.sector),
        }
      : null;
  const journalNumber = meeting.journalNumber ?? meeting.forum.journalNumber ?? null;

  const json: HandoverPacketJson = {
    $schema: HANDOVER_SCHEMA_ID,
    schema: 'samraad.handover',
    schemaVersion: HANDOVER_SCHEMA_VERSION,
    packetId: key.id,
    generatedAt: now.toISOString(),
    language: 'da',
    marking: MINUTES_MARKING,
    recipient: { sector: key.sector, sectorLabel: SECTOR_LABELS_DA[key.sector], filedIn: FILED_IN_DA[key.sector] },
    municipality: { name: meeting.forum.municipality.name },
    forum: { id: meeting.forum.id, name: meeting.forum.name, type: meeting.forum.type, typeLabel: FORUM_TYPE_LABELS_DA[meeting.forum.type] },
    meeting: {
      id: meeting.id,
      startsAt: meeting.startsAt.toISOString(),
      date: todayInCopenhagen(meeting.startsAt),
      place: meeting.place,
      closedAt: meeting.closedAt?.toISOString() ?? null,
      journalNumber,
      journalNumberSource: meeting.journalNumber ? 'meeting' : meeting.forum.journalNumber ? 'forum' : null,
    },
    case: { id: kase.id, reference: kase.reference, description: redact(kase.description) },
    legalBasis: {
      kind: version.basis,
      label: LEGAL_BASIS_LABELS_DA[version.basis],
      inForce: kase.basis,
      inForceLabel: LEGAL_BASIS_LABELS_DA[kase.basis],
      notice: police || version.basis === 'SSP_115' || kase.basis === 'SSP_115' ? SECTION_115_NOTICE : null,
      consent,
    },
    identity:
      withheld || !stored
        ? null
        : { childName: kase.childName, childCpr: kase.childCpr, childAddress: kase.childAddress, parentNames: kase.parentNames },
    identityWithheld: withheld,
    // Professionals by name and sector, guests by their label (never a name, MeetingParticipant).
    participants: content.participants.map((p) => person(p.name, p.sector)),
    assessment: {
      level: version.level,
      levelLabel: levelLabels[version.level - 1] ?? '',
      sosScale: version.sosScale,
      concludedAt: version.concludedAt.toISOString(),
      concludedBy: personOf(version.concludedById),
    },
    outcome: content.outcome === null ? null : redact(content.outcome),
    actions,
    followUps,
    noFollowUpReason: content.noFollowUpReason === null ? null : redact(content.noFollowUpReason),
    record: police ? null : record(content, redact, personOf, drawingHouses),
    recordWithheld: police ? 'section-115' : null,
  };
  // Withheld fields that are stored are a refusal on the record (LB7), as on the case page.
  return { json, identityRefused: withheld !== null && withheld !== 'anonymous' && stored };
}

const HOUSE_OF_DB = { WORRIES: 'worries', GOOD: 'good', DREAMS: 'dreams' } as const satisfies Record<string, House>;

/** FA5: the Three Houses as the version kept them, names blanked like all free text when the packet withholds them. */
function houses(content: CaseVersionContent, redact: Redactor, drawings: ReadonlySet<House>): HandoverHouses | null {
  const h = content.houses;
  if (!h) return null;
  const house = (name: House) => ({
    heading: HOUSE_LABELS.da[name].name,
    words: redact(typeof h[name] === 'string' ? h[name] : '').trim() || null,
    drawingInCase: drawings.has(name),
  });
  const [worries, good, dreams] = HOUSES.map(house) as [HandoverHouses['worries'], HandoverHouses['good'], HandoverHouses['dreams']];
  return {
    talks: (h.talks ?? []).map((t) => ({ by: redact(t.by ?? '').trim(), on: t.on ?? null })),
    worries,
    good,
    dreams,
  };
}

function record(
  content: CaseVersionContent,
  redact: Redactor,
  personOf: (id: string | null) => HandoverPerson | null,
  drawings: ReadonlySet<House>,
): HandoverRecord {
  const concern = content.concern
    .map((runs) => {
      // Neighbouring runs of one writer are one passage.
      const merged: Array<{ text: string; writerId: string | null }> = [];
      for (const r of runs) {
        const last = merged[merged.length - 1];
        if (last && last.writerId === r.writerId) last.text += r.text;
        else merged.push({ ...r });
      }
      return merged.map((r) => ({ text: redact(r.text), writer: personOf(r.writerId) })).filter((r) => r.text.trim() !== '');
    })
    .filter((p) => p.length > 0);
  const sos = Object.fromEntries(
    SOS_COLUMNS.map((column) => [
      column,
      { heading: SOS_COLUMN_LABELS_DA[column], points: content.sos[column].map((p) => redact(p.text).trim()).filter(Boolean) },
    ]),
  ) as HandoverRecord['sos'];
  const voice = redact(content.voice.text).trim();
  return {
    concern,
    sos,
    voice: voice || null,
    houses: houses(content, redact, drawings),
    network: content.network
      .map((n) => ({ name: redact(n.name).trim(), relation: redact(n.relation).trim(), contribution: redact(n.contribution).trim() }))
      .filter((n) => n.name || n.relation || n.contribution),
  };
}
