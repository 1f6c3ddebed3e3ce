/**
 * An access request (indsigt, IN1-IN2): everything stored about one case, for
 * the data subject. Employees appear as "Medarbejder 1", "Medarbejder 2", ...
 * (consistent within one export) unless an administrator asks for names.
 */
import type { Database } from '../../db/client.js';
import { levelLabelsFor } from '../overview/levels.js';
import { documentText, loadStoredDoc, type DocumentText } from './document.js';

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
  auditLog: Array<{ at: string; action: string; purpose: string | null; by: string | null }>;
}

/** Employee names or stable pseudonyms, in order of first appearance. */
function employeeNamer(names: Map<string, string>, redact: boolean) {
  const pseudonyms = new Map<string, string>();
  return (userId: string | null | undefined): string | null => {
    if (!userId) return null;
    if (!redact) return names.get(userId) ?? 'Ukendt medarbejder';
    let p = pseudonyms.get(userId);
    if (!p) {
      p = `Medarbejder ${pseudonyms.size + 1}`;
      pseudonyms.set(userId, p);
    }
    return p;
  };
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
  const users = await db.prisma.user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true, name: true } });
  const who = employeeNamer(new Map(users.map((u) => [u.id, u.name])), opts.redactEmployees);
  const labels = await levelLabelsFor(db.prisma, kase.forum.municipalityId);

  const presentDoc = (d: DocumentText): AccessRequestExport['document'] => ({
    ...d,
    actions: d.actions.map(({ responsibleUserId, ...a }) => ({ ...a, responsible: who(responsibleUserId) })),
  });

  return {
    generatedAt: new Date().toISOString(),
    redactedEmployees: opts.redactEmployees,
    case: {
      reference: kase.reference,
      forum: { name: kase.forum.name, type: kase.forum.type },
      status: kase.status,
      anonymous: kase.anonymous,
      description: kase.description,
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
      title: a.title,
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
      .map((i) => ({ meetingDate: i.meeting.startsAt.toISOString(), outcome: i.outcome, noFollowUpReason: i.noFollowUpReason })),
    legalBases: kase.bases.map((b) => ({
      kind: b.kind,
      setAt: b.setAt.toISOString(),
      endedAt: iso(b.endedAt),
      setBy: who(b.setById)!,
      consentGivenBy: b.consentGivenBy,
      consentScope: b.consentScope,
      consentSectors: b.consentSectors,
      consentPurpose: b.consentPurpose,
      consentGivenOn: day(b.consentGivenOn),
      consentValidUntil: day(b.consentValidUntil),
      consentWithdrawnOn: day(b.consentWithdrawnOn),
    })),
    reportDutyAnswers: kase.dutyAnswers.map((r) => ({ answeredAt: r.answeredAt.toISOString(), by: who(r.userId)!, answer: r.answer, reason: r.reason })),
    auditLog: auditRows.map((e) => ({ at: e.at.toISOString(), action: e.action, purpose: e.purpose, by: who(e.userId) })),
  };
}
