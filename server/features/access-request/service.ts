/**
 * An access request (indsigt, IN1-IN2): everything stored about one case, for
 * the data subject. Employees appear as "Medarbejder 1", "Medarbejder 2", ...
 * (consistent within one export) unless an administrator asks for names.
 */
import type { Database } from '../../db/client.js';
import { redactorFor } from '../minutes/redact-identity.js';
import { levelLabelsFor } from '../overview/levels.js';
import { documentText, loadStoredDoc, type DocumentText } from './document.js';
import { presentVersion, versionUserIds, type AccessRequestVersion, type VersionRow } from './versions.js';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : null);

export interface AccessRequestExport {
  generatedAt: string;
  redactedEmployees: boolean;
  case: {
    reference: string;
    forum: { name: string; type: string };
    status: string;
    anonymous: boolean;
    description: string;
    childName: string | null;
    childCpr: string | null;
    childAddress: string | null;
    parentNames: string | null;
    /** LB7: the four fields above are left out (null) because the exporter may not see them (always set here). */
    identityWithheld?: boolean;
    basis: string;
    ladderStep: number | null;
    createdAt: string;
    closedAt: string | null;
    createdBy: string;
  };
  document: Omit<DocumentText, 'actions'> & { actions: Array<Omit<DocumentText['actions'][number], 'responsibleUserId'> & { responsible: string | null }> };
  /** Health visitors' notes (only when the exporter may read them; null when none). */
  healthDocument: AccessRequestExport['document'] | null;
  assessments: Array<{ meetingDate: string; level: number; levelLabel: string; sosScale: number; recordedAt: string; recordedBy: string }>;
  actions: Array<{ title: string; responsible: string | null; ladderStep: number | null; dueDate: string | null; status: string; createdAt: string }>;
  ladderChanges: Array<{ at: string; fromStep: number | null; toStep: number | null }>;
  followUps: Array<{ dueDate: string; status: string; heldAt: string | null; responsible: string }>;
  agenda: Array<{ meetingDate: string; outcome: string | null; noFollowUpReason: string | null }>;
  legalBases: Array<{
    kind: string; setAt: string; endedAt: string | null; setBy: string;
    consentGivenBy: string | null; consentScope: string | null; consentSectors: string[]; consentPurpose: string | null;
    consentGivenOn: string | null; consentValidUntil: string | null; consentWithdrawnOn: string | null;
  }>;
  reportDutyAnswers: Array<{ answeredAt: string; by: string; answer: string; reason: string | null }>;
  /** "Tidligere møder": the case as kept at each meeting where it was concluded (VR1), oldest first (always set here). */
  versions: AccessRequestVersion[];
  auditLog: Array<{ at: string; action: string; purpose: string | null; by: string | null }>;
}

/**
 * Employee names or stable pseudonyms, in order of first appearance. `whoNamed` names an employee the record
 * knows only by name (a meeting's participant): through their id when the name is known, else by the name.
 */
function employeeNamer(names: Map<string, string>, redact: boolean, idsByName: Map<string, string> = new Map()) {
  const pseudonyms = new Map<string, string>();
  const pseudonym = (key: string) => {
    let p = pseudonyms.get(key);
    if (!p) {
      p = `Medarbejder ${pseudonyms.size + 1}`;
      pseudonyms.set(key, p);
    }
    return p;
  };
  const who = (userId: string | null | undefined): string | null => {
    if (!userId) return null;
    if (!redact) return names.get(userId) ?? 'Ukendt medarbejder';
    return pseudonym(userId);
  };
  const whoNamed = (name: string): string => {
    const userId = idsByName.get(name);
    if (userId) return who(userId)!;
    return redact ? pseudonym(`name:${name}`) : name;
  };
  return { who, whoNamed };
}

export async function loadCaseForExport(db: Database, caseId: string) {
  return db.prisma.case.findUnique({
    where: { id: caseId },
    include: {
      forum: { select: { name: true, type: true, municipalityId: true } },
      assessments: { include: { meeting: { select: { startsAt: true } } }, orderBy: { recordedAt: 'asc' } },
      actions: { orderBy: { position: 'asc' } },
      ladderSteps: { orderBy: { at: 'asc' } },
      followUps: { orderBy: { dueDate: 'asc' } },
      agendaItems: { include: { meeting: { select: { startsAt: true } } } },
      bases: { orderBy: { setAt: 'asc' } },
      dutyAnswers: { orderBy: { answeredAt: 'asc' } },
      versions: {
        include: { meeting: { select: { startsAt: true, forum: { select: { name: true } } } } },
        orderBy: [{ meeting: { startsAt: 'asc' } }, { concludedAt: 'asc' }],
      },
    },
  });
}

type LoadedCase = NonNullable<Awaited<ReturnType<typeof loadCaseForExport>>>;

export async function buildAccessRequest(
  db: Database,
  kase: LoadedCase,
  opts: { redactEmployees: boolean; includeHealthDocument: boolean; includeIdentity: boolean },
): Promise<AccessRequestExport> {
  const auditRows = await db.prisma.auditEntry.findMany({
    where: { caseId: kase.id },
    orderBy: { id: 'asc' },
    select: { at: true, action: true, purpose: true, userId: true },
  });
  const userIds = new Set<string>([kase.createdById]);
  const docs = {
    main: documentText(await loadStoredDoc(db.pool, kase.documentId)),
    health: opts.includeHealthDocument && kase.healthDocumentId ? documentText(await loadStoredDoc(db.pool, kase.healthDocumentId)) : null,
  };
  for (const d of [docs.main, docs.health]) for (const a of d?.actions ?? []) if (a.responsibleUserId) userIds.add(a.responsibleUserId);
  for (const a of kase.assessments) userIds.add(a.recordedById);
  for (const a of kase.actions) if (a.responsibleUserId) userIds.add(a.responsibleUserId);
  for (const f of kase.followUps) userIds.add(f.responsibleUserId);
  for (const b of kase.bases) userIds.add(b.setById);
  for (const r of kase.dutyAnswers) userIds.add(r.userId);
  for (const e of auditRows) if (e.userId) userIds.add(e.userId);
  const versions = kase.versions as VersionRow[];
  for (const v of versions) for (const id of versionUserIds(v)) userIds.add(id);
  // A version names its participants, not their ids: the meetings' members tell whose name is whose.
  const participants = versions.length
    ? await db.prisma.meetingParticipant.findMany({
        where: { meetingId: { in: versions.map((v) => v.meetingId) }, userId: { not: null } },
        select: { userId: true },
      })
    : [];
  for (const p of participants) if (p.userId) userIds.add(p.userId);
  const users = await db.prisma.user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true, name: true } });
  const idsByName = new Map<string, string>();
  for (const v of versions) {
    for (const [id, person] of Object.entries((v.content as { writers?: Record<string, { name?: unknown }> } | null)?.writers ?? {})) {
      if (typeof person?.name === 'string' && userIds.has(id)) idsByName.set(person.name, id);
    }
  }
  for (const u of users) idsByName.set(u.name, u.id);
  const { who, whoNamed } = employeeNamer(new Map(users.map((u) => [u.id, u.name])), opts.redactEmployees, idsByName);
  const labels = await levelLabelsFor(db.prisma, kase.forum.municipalityId);
  // LB7: when the exporter may not see the identity, the names and the address are blanked in free text too
  // ("[navn]", "[adresse]", as in the minutes, MN5); the administrator's export keeps every word.
  const text = opts.includeIdentity ? (t: string) => t : redactorFor(kase);
  const maybe = (t: string | null) => (t === null ? null : text(t));

  const presentDoc = (d: DocumentText): AccessRequestExport['document'] => ({
    concern: d.concern.map(text),
    sos: { worries: d.sos.worries.map(text), strengths: d.sos.strengths.map(text), next: d.sos.next.map(text) },
    voice: text(d.voice),
    network: d.network.map((e) => ({ name: text(e.name), relation: text(e.relation), contribution: text(e.contribution) })),
    actions: d.actions.map(({ responsibleUserId, ...a }) => ({ ...a, title: text(a.title), responsible: who(responsibleUserId) })),
  });

  return {
    generatedAt: new Date().toISOString(),
    redactedEmployees: opts.redactEmployees,
    case: {
      reference: kase.reference,
      forum: { name: kase.forum.name, type: kase.forum.type },
      status: kase.status,
      anonymous: kase.anonymous,
      description: text(kase.description),
      childName: opts.includeIdentity ? kase.childName : null,
      childCpr: opts.includeIdentity ? kase.childCpr : null,
      childAddress: opts.includeIdentity ? kase.childAddress : null,
      parentNames: opts.includeIdentity ? kase.parentNames : null,
      identityWithheld: !opts.includeIdentity,
      basis: kase.basis,
      ladderStep: kase.ladderStep,
      createdAt: kase.createdAt.toISOString(),
      closedAt: iso(kase.closedAt),
      createdBy: who(kase.createdById)!,
    },
    document: presentDoc(docs.main),
    healthDocument: docs.health ? presentDoc(docs.health) : null,
    assessments: kase.assessments.map((a) => ({
      meetingDate: a.meeting.startsAt.toISOString(),
      level: a.level,
      levelLabel: labels[a.level - 1] ?? String(a.level),
      sosScale: a.sosScale,
      recordedAt: a.recordedAt.toISOString(),
      recordedBy: who(a.recordedById)!,
    })),
    actions: kase.actions.map((a) => ({
      title: text(a.title),
      responsible: who(a.responsibleUserId),
      ladderStep: a.ladderStep,
      dueDate: day(a.dueDate),
      status: a.status,
      createdAt: a.createdAt.toISOString(),
    })),
    ladderChanges: kase.ladderSteps.map((l) => ({ at: l.at.toISOString(), fromStep: l.fromStep, toStep: l.toStep })),
    followUps: kase.followUps.map((f) => ({ dueDate: day(f.dueDate)!, status: f.status, heldAt: iso(f.heldAt), responsible: who(f.responsibleUserId)! })),
    agenda: kase.agendaItems
      .sort((a, b) => a.meeting.startsAt.getTime() - b.meeting.startsAt.getTime())
      .map((i) => ({ meetingDate: i.meeting.startsAt.toISOString(), outcome: maybe(i.outcome), noFollowUpReason: maybe(i.noFollowUpReason) })),
    legalBases: kase.bases.map((b) => ({
      kind: b.kind,
      setAt: b.setAt.toISOString(),
      endedAt: iso(b.endedAt),
      setBy: who(b.setById)!,
      consentGivenBy: maybe(b.consentGivenBy),
      consentScope: maybe(b.consentScope),
      consentSectors: b.consentSectors,
      consentPurpose: maybe(b.consentPurpose),
      consentGivenOn: day(b.consentGivenOn),
      consentValidUntil: day(b.consentValidUntil),
      consentWithdrawnOn: day(b.consentWithdrawnOn),
    })),
    reportDutyAnswers: kase.dutyAnswers.map((r) => ({ answeredAt: r.answeredAt.toISOString(), by: who(r.userId)!, answer: r.answer, reason: maybe(r.reason) })),
    versions: versions.map((v) =>
      presentVersion(v, { who, whoNamed, employeeNames: new Set(idsByName.keys()), text, levelLabel: (level) => labels[level - 1] ?? String(level) }),
    ),
    auditLog: auditRows.map((e) => ({ at: e.at.toISOString(), action: e.action, purpose: e.purpose, by: who(e.userId) })),
  };
}
