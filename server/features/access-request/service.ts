/**
 * An access request (indsigt, IN1-IN2): everything stored about one case, for
 * the data subject. Employees appear as "Medarbejder 1", "Medarbejder 2", ...
 * (consistent within one export) unless an administrator asks for names.
 */
import { HOUSE_LABELS, type FamilyPlanContent, type House } from '../../../shared/family.js';
import type { Database } from '../../db/client.js';
import { redactorFor } from '../minutes/redact-identity.js';
import { levelLabelsFor } from '../overview/levels.js';
import { documentText, loadStoredDoc, type DocumentText } from './document.js';
import { HOUSE_OF_DB, presentHouses, presentVersion, versionUserIds, type AccessRequestHouses, type AccessRequestVersion, type VersionRow } from './versions.js';

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
  document: Omit<DocumentText, 'actions' | 'houses'> & {
    /** The child's Three Houses as the document holds them now (FA5; always set here). */
    houses?: AccessRequestHouses;
    actions: Array<Omit<DocumentText['actions'][number], 'responsibleUserId'> & { responsible: string | null }>;
  };
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
  /** The photos of the child's drawings, one per house (FA6), with the image itself as base64 (always set here). */
  drawings?: AccessRequestDrawing[];
  /**
   * The drawings kept with the case's versions (FA9, KeptDrawing): each stored image once, however many versions show
   * it; `versions[].drawings` says which house had which at each meeting (always set here).
   */
  keptDrawings?: AccessRequestDrawing[];
  /**
   * The family's version of the plan (FA1-FA4): as saved now, as last shared, and as kept at each meeting (FA2);
   * null when there is none (always set here).
   */
  familyPlan?: AccessRequestFamilyPlan | null;
  /** The parents invited to take part (PA1-PA7), with their own words, answers and consent (always set here). */
  parents?: AccessRequestParent[];
  auditLog: Array<{ at: string; action: string; purpose: string | null; by: string | null }>;
}

export interface AccessRequestDrawing {
  house: House;
  /** "Bekymringernes hus". */
  houseName: string;
  id: string;
  /** What the server stored (always a re-encoded JPEG, FA6). */
  contentType: string;
  width: number;
  height: number;
  /** Bytes of the stored image. */
  size: number;
  uploadedAt: string;
  uploadedBy: string | null;
  /** The stored image, base64. */
  base64: string;
}

export interface AccessRequestFamilyShare {
  revision: number;
  sharedAt: string;
  sharedBy: string | null;
  /** What the family was given. */
  content: FamilyPlanContent;
}

export interface AccessRequestFamilyPlan {
  /** The version as the chair saved it last (null when only versions are kept). */
  current: { revision: number; savedAt: string; savedBy: string | null; content: FamilyPlanContent } | null;
  /** What was last shared with the family, when and by whom (FA4). */
  shared: AccessRequestFamilyShare | null;
  changedSinceShared: boolean;
  /** As kept when the case was concluded at each meeting (FA2), oldest first, with what had been shared then. */
  versions: Array<{
    meetingDate: string;
    forum: string;
    keptAt: string;
    revision: number;
    savedAt: string;
    savedBy: string | null;
    content: FamilyPlanContent;
    shared: AccessRequestFamilyShare | null;
  }>;
}

export interface AccessRequestParent {
  /** "Forælder 1", "Forælder 2", … in the order they were invited; the audit log names a parent's acts so too. */
  label: string;
  /** As the parent calls themself, and the invited address: only with the identity (LB7), else null. */
  name: string | null;
  email: string | null;
  role: string;
  roleLabel: string;
  /** A young person: the chair confirmed they are 15 or older (PA1). */
  ageConfirmed: boolean;
  /** The meeting they were invited to, if any. */
  meetingDate: string | null;
  invitedAt: string;
  invitedBy: string | null;
  expiresAt: string;
  revokedAt: string | null;
  /** "Forældrenes perspektiv" (PA4). */
  words: { text: string; writtenAt: string; changedAt: string } | null;
  /** Their answers to shared revisions of the family's version (PA5). */
  answers: Array<{ revision: number; accepted: boolean; comment: string | null; at: string }>;
  /** Consent given or withdrawn by the parent, with the scope as shown to them (PA6). */
  consents: Array<{ given: boolean; scope: string; at: string }>;
  /** The invitation's language (PA11): "da" or "en". */
  language: string;
  /**
   * MitID (PA10): when the invitation was bound to the person who first signed in with it, and the name the broker
   * verified (only with the identity, LB7, else null); null when no one has signed in with MitID. Never the subject.
   */
  mitid: { boundAt: string; name: string | null } | null;
}

const PARENT_ROLE_DA: Record<string, string> = { CUSTODY_HOLDER: 'Forældremyndighedsindehaver', YOUNG_PERSON: 'Den unge (15 år eller ældre)' };
/** The audit log's actor for what a parent did (PA8). */
const PARENT_ACTOR = /^parent:(.+)$/;

const HOUSE_ORDER: Record<House, number> = { worries: 0, good: 1, dreams: 2 };

type DrawingRow = { id: string; house: keyof typeof HOUSE_OF_DB; mime: string; width: number; height: number; data: Uint8Array; uploadedById: string; uploadedAt: Date };
const drawingSelect = { id: true, house: true, mime: true, width: true, height: true, data: true, uploadedById: true, uploadedAt: true } as const;

/** Stored drawings (the case's, FA6, or those kept with its versions, FA9) in house order, with the image as base64. */
function presentDrawings(rows: DrawingRow[], who: (userId: string) => string | null): AccessRequestDrawing[] {
  return rows
    .map((d) => ({ ...d, house: HOUSE_OF_DB[d.house] }))
    .sort((a, b) => HOUSE_ORDER[a.house] - HOUSE_ORDER[b.house] || a.uploadedAt.getTime() - b.uploadedAt.getTime())
    .map((d) => ({
      house: d.house,
      houseName: HOUSE_LABELS.da[d.house].name,
      id: d.id,
      contentType: d.mime,
      width: d.width,
      height: d.height,
      size: d.data.length,
      uploadedAt: d.uploadedAt.toISOString(),
      uploadedBy: who(d.uploadedById),
      base64: Buffer.from(d.data).toString('base64'),
    }));
}
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Employees' names where the record keeps them as free text that names a person (who spoke with the child, a step's
 * "who", a contact of the family's version): replaced by the export's pseudonym, the genitive kept ("Medarbejder 2s").
 * Only full names (two words or more), whole words and any case, so a one-word name never blanks an ordinary word.
 */
function employeeNameReplacer(names: Map<string, string>, who: (userId: string) => string | null): (text: string) => string {
  const byName = new Map<string, string>();
  for (const [id, name] of names) {
    const n = name.trim().replace(/\s+/gu, ' ');
    if (n.split(' ').length >= 2) byName.set(n.toLocaleLowerCase('da-DK'), id);
  }
  if (byName.size === 0) return (t) => t;
  const alternatives = [...byName.keys()].sort((a, b) => b.length - a.length).map((n) => escapeRegExp(n).replace(/\s+/gu, '\\s+'));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${alternatives.join('|')})(s?)(?![\\p{L}\\p{N}])`, 'giu');
  return (text) =>
    text.replace(pattern, (whole, name: string, genitive: string) => {
      const id = byName.get(name.toLocaleLowerCase('da-DK').replace(/\s+/gu, ' '));
      const alias = id ? who(id) : null;
      return alias ? `${alias}${genitive}` : whole;
    });
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
        include: {
          meeting: { select: { startsAt: true, forum: { select: { name: true } } } },
          drawings: { select: { house: true, drawingId: true } },
        },
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
  // FA: the drawings, the family's version and its versions; the forum's members, whose names free text may hold.
  const [drawingRows, keptRows, plan, planVersions, members, invitations] = await Promise.all([
    db.prisma.childDrawing.findMany({ where: { caseId: kase.id }, select: drawingSelect }),
    // FA9: the drawings kept with the versions, each image once.
    db.prisma.keptDrawing.findMany({ where: { caseId: kase.id }, select: drawingSelect }),
    db.prisma.familyPlan.findUnique({ where: { caseId: kase.id } }),
    db.prisma.familyPlanVersion.findMany({
      where: { caseId: kase.id },
      include: { meeting: { select: { startsAt: true, forum: { select: { name: true } } } } },
      orderBy: [{ meeting: { startsAt: 'asc' } }, { keptAt: 'asc' }],
    }),
    db.prisma.membership.findMany({ where: { forumId: kase.forumId }, select: { userId: true } }),
    // PA1-PA6: never the token, codes or sessions (credentials, not data about the family).
    db.prisma.parentInvitation.findMany({
      where: { caseId: kase.id },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: {
        id: true, name: true, email: true, role: true, ageConfirmed: true, createdById: true, createdAt: true, expiresAt: true, revokedAt: true,
        language: true, mitidName: true, mitidBoundAt: true,
        meeting: { select: { startsAt: true } },
        words: { select: { text: true, createdAt: true, updatedAt: true } },
        answers: { orderBy: { at: 'asc' }, select: { revision: true, accepted: true, comment: true, at: true } },
        consents: { orderBy: { at: 'asc' }, select: { given: true, scope: true, at: true } },
      },
    }),
  ]);
  for (const i of invitations) userIds.add(i.createdById);
  for (const d of [...drawingRows, ...keptRows]) userIds.add(d.uploadedById);
  for (const p of [plan, ...planVersions]) {
    if (!p) continue;
    userIds.add(p.updatedById);
    if (p.sharedById) userIds.add(p.sharedById);
  }
  for (const m of members) userIds.add(m.userId);
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
  // ("[navn]", "[adresse]", as in the minutes, MN5, and the genitive "[navn]s" as in a hand-over packet, HO3: the
  // houses and the family's version are full of "Emils far"); the administrator's export keeps every word.
  // The parents' names as the invitations give them, and as MitID verified them (PA10), are blanked with the
  // recorded ones (PA1).
  const parentNames = [kase.parentNames, ...invitations.flatMap((i) => [i.name, i.mitidName])].filter((n): n is string => !!n?.trim()).join(', ') || null;
  const text = opts.includeIdentity ? (t: string) => t : redactorFor({ ...kase, parentNames });
  const maybe = (t: string | null) => (t === null ? null : text(t));
  // Free text that names a person (who spoke with the child, who does a step, a contact): the identity rule as all
  // free text, and employees as the export names them everywhere else.
  const pseudonymise = opts.redactEmployees ? employeeNameReplacer(new Map(users.map((u) => [u.id, u.name])), who) : (t: string) => t;
  const personText = (t: string) => pseudonymise(text(t));
  // A parent is never an employee: the audit log names what a parent did by the parent's label (PA8).
  const parentLabel = new Map(invitations.map((inv, i) => [inv.id, `Forælder ${i + 1}`]));
  const actor = (userId: string | null) => {
    const parent = userId ? PARENT_ACTOR.exec(userId) : null;
    return parent ? (parentLabel.get(parent[1]!) ?? 'Forælder') : who(userId);
  };

  const presentDoc = (d: DocumentText): AccessRequestExport['document'] => ({
    concern: d.concern.map(text),
    sos: { worries: d.sos.worries.map(text), strengths: d.sos.strengths.map(text), next: d.sos.next.map(text) },
    voice: text(d.voice),
    houses: presentHouses(d.houses, { text, personText }) ?? { worries: '', good: '', dreams: '', talks: [] },
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
      presentVersion(v, {
        who,
        whoNamed,
        employeeNames: new Set(idsByName.keys()),
        text,
        personText,
        levelLabel: (level) => labels[level - 1] ?? String(level),
      }),
    ),
    drawings: presentDrawings(drawingRows, who),
    keptDrawings: presentDrawings(keptRows, who),
    familyPlan: presentFamilyPlan(plan, planVersions, { text, personText, who }),
    parents: invitations.map((inv) => ({
      label: parentLabel.get(inv.id)!,
      name: opts.includeIdentity ? inv.name : null,
      email: opts.includeIdentity ? inv.email : null,
      role: inv.role,
      roleLabel: PARENT_ROLE_DA[inv.role] ?? inv.role,
      ageConfirmed: inv.ageConfirmed,
      meetingDate: inv.meeting ? inv.meeting.startsAt.toISOString() : null,
      invitedAt: inv.createdAt.toISOString(),
      invitedBy: who(inv.createdById),
      expiresAt: inv.expiresAt.toISOString(),
      revokedAt: iso(inv.revokedAt),
      words: inv.words[0]
        ? { text: text(inv.words[0].text), writtenAt: inv.words[0].createdAt.toISOString(), changedAt: inv.words[0].updatedAt.toISOString() }
        : null,
      answers: inv.answers.map((a) => ({ revision: a.revision, accepted: a.accepted, comment: maybe(a.comment), at: a.at.toISOString() })),
      consents: inv.consents.map((c) => ({ given: c.given, scope: text(c.scope), at: c.at.toISOString() })),
      language: inv.language,
      mitid: inv.mitidBoundAt ? { boundAt: inv.mitidBoundAt.toISOString(), name: opts.includeIdentity ? inv.mitidName : null } : null,
    })),
    auditLog: auditRows.map((e) => ({ at: e.at.toISOString(), action: e.action, purpose: e.purpose, by: actor(e.userId) })),
  };
}

type PlanRow = { revision: number; content: unknown; updatedAt: Date; updatedById: string; sharedRevision: number | null; sharedContent: unknown; sharedAt: Date | null; sharedById: string | null };

/** The family's version under the export's rules: free text by LB7, the people named in it as the export names them. */
function presentFamilyPlan(
  plan: PlanRow | null,
  versions: Array<PlanRow & { keptAt: Date; meeting: { startsAt: Date; forum: { name: string } } }>,
  n: { text: (t: string) => string; personText: (t: string) => string; who: (userId: string | null) => string | null },
): AccessRequestFamilyPlan | null {
  if (!plan && versions.length === 0) return null;
  const content = (v: unknown): FamilyPlanContent => {
    const c = (v ?? {}) as Partial<FamilyPlanContent>;
    const s = (x: unknown) => (typeof x === 'string' ? x : '');
    return {
      worries: n.text(s(c.worries)),
      goingWell: n.text(s(c.goingWell)),
      steps: (Array.isArray(c.steps) ? c.steps : []).map((step) => ({
        id: s(step?.id),
        who: n.personText(s(step?.who)),
        what: n.text(s(step?.what)),
        dueDate: typeof step?.dueDate === 'string' ? step.dueDate : null,
      })),
      nextMeeting: n.text(s(c.nextMeeting)),
      contacts: (Array.isArray(c.contacts) ? c.contacts : []).map((p) => ({
        id: s(p?.id),
        name: n.personText(s(p?.name)),
        role: n.text(s(p?.role)),
        phone: s(p?.phone),
      })),
    };
  };
  const shared = (r: PlanRow): AccessRequestFamilyShare | null =>
    r.sharedRevision !== null && r.sharedAt && r.sharedContent !== null
      ? { revision: r.sharedRevision, sharedAt: r.sharedAt.toISOString(), sharedBy: n.who(r.sharedById), content: content(r.sharedContent) }
      : null;
  return {
    current: plan ? { revision: plan.revision, savedAt: plan.updatedAt.toISOString(), savedBy: n.who(plan.updatedById), content: content(plan.content) } : null,
    shared: plan ? shared(plan) : null,
    changedSinceShared: !!plan && plan.sharedRevision !== null && plan.sharedRevision !== plan.revision,
    versions: versions.map((v) => ({
      meetingDate: v.meeting.startsAt.toISOString(),
      forum: v.meeting.forum.name,
      keptAt: v.keptAt.toISOString(),
      revision: v.revision,
      savedAt: v.updatedAt.toISOString(),
      savedBy: n.who(v.updatedById),
      content: content(v.content),
      shared: shared(v),
    })),
  };
}
