/**
 * The family's version of the plan (docs/SPEC.md, FA1-FA4): who may read and write it, reading it (prefilled
 * until the chair saves it), saving with a revision, sharing it with the family, and its versions per meeting.
 *
 * It is for the family, so it exists only under a basis that names the child: read through the one identity rule
 * (LB7, `can(actor, 'case:identity', …)`), written and shared by the forum's chair under the same rule (the chair
 * who records the basis it rests on, `case:setBasis`). Every read and write is audited before anything is
 * answered; every refusal of an existing case too (DENIED, criterion `family-plan…`).
 */
import type { CaseDocContent } from '../../../shared/api.js';
import type { ThreeHouses } from '../../../shared/caseDoc.js';
import type {
  DrawingMeta,
  FamilyPlanContent,
  FamilyPlanVersionView,
  FamilyPlanView,
  House,
  PersonRef,
  SaveFamilyPlanInput,
  ThreeHousesView,
} from '../../../shared/family.js';
import { SECTOR_LABELS_DA } from '../../../shared/labels.js';
import { audit } from '../../audit/audit.js';
import type { Db } from '../../db/client.js';
import type { Prisma } from '../../db/generated/client.js';
import { can, identityRefusalFor, type Actor } from '../../policy/policy.js';
import { readCaseContent } from '../cases/content.js';
import { DomainError, notFound } from '../meetings/errors.js';
import { todayInCopenhagen } from '../tasks/dates.js';
import { versionDrawingMetas } from '../versions/drawings.js';
import { drawingMetas } from './drawings.js';
import { nextMeetingSentence } from './words.js';

const caseInclude = {
  forum: { select: { name: true, municipalityId: true } },
  bases: { where: { endedAt: null }, take: 1 },
} as const;

type CaseRow = NonNullable<Awaited<ReturnType<typeof findCase>>>;
const findCase = (db: Db, caseId: string) => db.case.findUnique({ where: { id: caseId }, include: caseInclude });

/** What the caller wants: reading (page, versions), exporting (the PDF), writing (save, share). */
export type FamilyUse = 'read' | 'export' | 'write';

const DENIED_CRITERION: Record<FamilyUse, string> = { read: 'family-plan', export: 'family-plan:export', write: 'family-plan:write' };

/**
 * FA1: the case if the actor may use its family version this way, and whether they may edit it. Unknown or
 * unreadable cases are 404; a basis that does not name the child 409 `basis_does_not_allow_identity`; a guest 403
 * `forbidden`; a member outside the consent's sectors 403 `consent_does_not_cover_sector`; a writer who is not the
 * chair 403 `forbidden`; writing on a closed case 409 `case_closed`. Every refusal of an existing case is audited.
 */
export async function authorizeFamily(
  db: Db,
  actor: Actor,
  caseId: string,
  use: FamilyUse,
  address: string | null,
): Promise<{ kase: CaseRow; canEdit: boolean }> {
  const kase = await findCase(db, caseId);
  if (!kase) throw notFound();
  const denied = () =>
    audit(db, { userId: actor.userId, action: 'DENIED', caseId, caseReference: kase.reference, criterion: DENIED_CRITERION[use], address });
  const caseResource = { forumId: kase.forumId, isCase: true };
  if (!can(actor, 'case:read', caseResource)) {
    await denied();
    throw notFound();
  }
  const refusal = identityRefusalFor(actor, { ...caseResource, identity: { basis: kase.bases[0] ?? null, today: todayInCopenhagen() } });
  if (refusal !== null) {
    await denied();
    if (refusal === 'basis') throw new DomainError('basis_does_not_allow_identity', 409);
    if (refusal === 'sector') throw new DomainError('consent_does_not_cover_sector', 403);
    throw new DomainError('forbidden', 403);
  }
  const chair = can(actor, 'case:setBasis', caseResource);
  const canEdit = chair && kase.status === 'OPEN';
  if (use === 'write') {
    if (!chair) {
      await denied();
      throw new DomainError('forbidden', 403);
    }
    if (kase.status !== 'OPEN') throw new DomainError('case_closed', 409);
  }
  return { kase, canEdit };
}

const asContent = (v: unknown) => v as FamilyPlanContent;

async function people(db: Db, ids: Array<string | null | undefined>): Promise<Map<string, PersonRef>> {
  const wanted = [...new Set(ids.filter((i): i is string => !!i))];
  if (wanted.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, { userId: u.id, name: u.name }]));
}

/** "Mette Skov (Skole)": a person as the family reads them. */
const familyWho = (p: { name: string; sector: string | null } | undefined) =>
  p ? `${p.name}${p.sector ? ` (${SECTOR_LABELS_DA[p.sector as keyof typeof SECTOR_LABELS_DA] ?? p.sector})` : ''}` : '';

const safeId = (id: string, i: number) => (/^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : `trin-${i + 1}`);

/**
 * FA3: a first draft for the chair: "Det skal der ske" from the case's active actions (who, what, by when),
 * "Næste møde" from the next meeting the case is on (else its planned follow-up), "Hvis I vil tale med nogen"
 * from the follow-up's responsible and the forum's chair. The worries and what goes well are left for the chair to write
 * in plain words: the professionals' notes are never copied in.
 */
async function prefill(db: Db, actor: Actor, kase: CaseRow, content: CaseDocContent): Promise<FamilyPlanContent> {
  const steps = content.actions
    .filter((a) => a.status === 'PLANNED' || a.status === 'IN_PROGRESS')
    .map((a, i) => ({
      id: safeId(a.id, i),
      who: familyWho(a.responsibleUserId ? content.writers[a.responsibleUserId] : undefined).slice(0, 200),
      what: a.title.slice(0, 1000),
      dueDate: a.dueDate,
    }));
  const [meeting, followUp, memberships] = await Promise.all([
    db.meeting.findFirst({
      where: { status: { not: 'CLOSED' }, startsAt: { gte: new Date() }, agendaItems: { some: { caseId: kase.id } } },
      orderBy: { startsAt: 'asc' },
      select: { startsAt: true, place: true },
    }),
    db.followUp.findFirst({
      where: { caseId: kase.id, status: 'PLANNED' },
      orderBy: { dueDate: 'asc' },
      select: { dueDate: true, responsibleUserId: true },
    }),
    db.membership.findMany({ where: { forumId: kase.forumId }, select: { userId: true, sector: true, role: true, user: { select: { name: true } } } }),
  ]);
  const member = new Map(memberships.map((m) => [m.userId, m]));
  // The follow-up's responsible, then the forum's chair (the one who writes this), each once.
  const chairId = memberships.find((m) => m.role === 'CHAIR' && m.userId === actor.userId)?.userId ?? memberships.find((m) => m.role === 'CHAIR')?.userId;
  const contactIds = [...new Set([followUp?.responsibleUserId, chairId].filter((i): i is string => !!i && member.has(i)))];
  const contacts = contactIds.map((userId, i) => {
    const m = member.get(userId)!;
    return { id: `kontakt-${i + 1}`, name: m.user.name.slice(0, 200), role: SECTOR_LABELS_DA[m.sector], phone: '' };
  });
  return {
    worries: '',
    goingWell: '',
    steps,
    nextMeeting: nextMeetingSentence(meeting, followUp ? followUp.dueDate.toISOString().slice(0, 10) : null),
    contacts,
  };
}

function housesView(content: CaseDocContent, drawings: Record<House, DrawingMeta | null>): ThreeHousesView {
  const houses: ThreeHouses = content.houses ?? { worries: '', good: '', dreams: '', talks: [] };
  return { ...houses, legacyVoice: content.voice.text, drawings };
}

async function present(db: Db, actor: Actor, kase: CaseRow, canEdit: boolean): Promise<FamilyPlanView> {
  const [plan, content, drawings, versions] = await Promise.all([
    db.familyPlan.findUnique({ where: { caseId: kase.id } }),
    readCaseContent(db, kase.documentId, kase.forumId),
    drawingMetas(db, kase.id),
    db.familyPlanVersion.findMany({
      where: { caseId: kase.id },
      orderBy: [{ meeting: { startsAt: 'asc' } }, { keptAt: 'asc' }],
      select: { meetingId: true, keptAt: true, revision: true, sharedRevision: true, meeting: { select: { startsAt: true } } },
    }),
  ]);
  const named = await people(db, [plan?.updatedById, plan?.sharedById]);
  const shared =
    plan && plan.sharedRevision !== null && plan.sharedAt && plan.sharedContent !== null
      ? { revision: plan.sharedRevision, at: plan.sharedAt.toISOString(), by: named.get(plan.sharedById ?? '') ?? null, content: asContent(plan.sharedContent) }
      : null;
  return {
    caseId: kase.id,
    reference: kase.reference,
    childName: kase.childName,
    forumName: kase.forum.name,
    status: kase.status,
    content: plan ? asContent(plan.content) : await prefill(db, actor, kase, content),
    saved: plan ? { revision: plan.revision, at: plan.updatedAt.toISOString(), by: named.get(plan.updatedById) ?? null } : null,
    shared,
    changedSinceShared: !!plan && !!shared && shared.revision !== plan.revision,
    canEdit,
    houses: housesView(content, drawings),
    versions: versions.map((v) => ({
      meetingId: v.meetingId,
      meetingStartsAt: v.meeting.startsAt.toISOString(),
      keptAt: v.keptAt.toISOString(),
      revision: v.revision,
      shared: v.sharedRevision !== null,
    })),
  };
}

/** GET /api/cases/:caseId/family/plan (FA1): audited READ purpose `family-plan` before anything is read. */
export async function getFamilyPlan(db: Db, actor: Actor, caseId: string, address: string | null): Promise<FamilyPlanView> {
  const { kase, canEdit } = await authorizeFamily(db, actor, caseId, 'read', address);
  await audit(db, { userId: actor.userId, action: 'READ', caseId, caseReference: kase.reference, purpose: 'family-plan', address });
  return present(db, actor, kase, canEdit);
}

/** For the PDF (FA4): audited EXPORT purpose `family-plan` (criterion `meetingId=…` for a version). */
export async function exportFamilyPlan(
  db: Db,
  actor: Actor,
  caseId: string,
  meetingId: string | null,
  address: string | null,
): Promise<{ view: FamilyPlanView; version: FamilyPlanVersionView | null }> {
  const { kase, canEdit } = await authorizeFamily(db, actor, caseId, 'export', address);
  await audit(db, {
    userId: actor.userId,
    action: 'EXPORT',
    caseId,
    caseReference: kase.reference,
    purpose: 'family-plan',
    criterion: meetingId ? `meetingId=${meetingId}` : null,
    address,
  });
  const view = await present(db, actor, kase, canEdit);
  const version = meetingId ? await versionOf(db, kase.id, meetingId) : null;
  if (meetingId && !version) throw notFound();
  return { view, version };
}

/** PUT /api/cases/:caseId/family/plan (FA1, FA3): the chair saves from the revision they edited (else 409). */
export async function saveFamilyPlan(db: Db, actor: Actor, caseId: string, input: SaveFamilyPlanInput, address: string | null): Promise<FamilyPlanView> {
  const { kase, canEdit } = await authorizeFamily(db, actor, caseId, 'write', address);
  const content = input.content as unknown as Prisma.InputJsonValue;
  const now = new Date();
  let stored: boolean;
  if (input.revision === null) {
    try {
      await db.familyPlan.create({ data: { caseId, revision: 1, content, updatedAt: now, updatedById: actor.userId } });
      stored = true;
    } catch (err) {
      if ((err as { code?: string }).code !== 'P2002') throw err;
      stored = false; // someone saved first
    }
  } else {
    const { count } = await db.familyPlan.updateMany({
      where: { caseId, revision: input.revision },
      data: { revision: input.revision + 1, content, updatedAt: now, updatedById: actor.userId },
    });
    stored = count === 1;
  }
  if (!stored) throw new DomainError('stale_revision', 409);
  await audit(db, { userId: actor.userId, action: 'UPDATE', caseId, caseReference: kase.reference, purpose: 'family-plan', address });
  return present(db, actor, kase, canEdit);
}

/** POST /api/cases/:caseId/family/plan/share (FA4): marks exactly that revision as shared with the family. */
export async function shareFamilyPlan(db: Db, actor: Actor, caseId: string, revision: number, address: string | null): Promise<FamilyPlanView> {
  const { kase, canEdit } = await authorizeFamily(db, actor, caseId, 'write', address);
  const plan = await db.familyPlan.findUnique({ where: { caseId }, select: { revision: true, content: true } });
  if (!plan) throw new DomainError('nothing_to_share', 409);
  const { count } = await db.familyPlan.updateMany({
    where: { caseId, revision },
    data: { sharedRevision: revision, sharedContent: plan.content as Prisma.InputJsonValue, sharedAt: new Date(), sharedById: actor.userId },
  });
  if (count !== 1 || plan.revision !== revision) throw new DomainError('stale_revision', 409);
  await audit(db, { userId: actor.userId, action: 'UPDATE', caseId, caseReference: kase.reference, purpose: 'family-plan-shared', address });
  return present(db, actor, kase, canEdit);
}

async function versionOf(db: Db, caseId: string, meetingId: string): Promise<FamilyPlanVersionView | null> {
  const [row, caseVersion] = await Promise.all([
    db.familyPlanVersion.findUnique({ where: { caseId_meetingId: { caseId, meetingId } }, include: { meeting: { select: { startsAt: true } } } }),
    db.caseVersion.findUnique({ where: { caseId_meetingId: { caseId, meetingId } }, select: { content: true } }),
  ]);
  if (!row) return null;
  const named = await people(db, [row.sharedById]);
  const kept = (caseVersion?.content ?? null) as CaseDocContent | null;
  return {
    caseId,
    meetingId,
    meetingStartsAt: row.meeting.startsAt.toISOString(),
    keptAt: row.keptAt.toISOString(),
    revision: row.revision,
    content: asContent(row.content),
    shared:
      row.sharedRevision !== null && row.sharedAt && row.sharedContent !== null
        ? { revision: row.sharedRevision, at: row.sharedAt.toISOString(), by: named.get(row.sharedById ?? '') ?? null, content: asContent(row.sharedContent) }
        : null,
    houses: kept?.houses ?? null,
    drawings: await versionDrawingMetas(db, caseId, meetingId),
  };
}

/** GET /api/cases/:caseId/family/plan/versions/:meetingId (FA2): audited READ purpose `family-plan-version`. */
export async function getFamilyPlanVersion(db: Db, actor: Actor, caseId: string, meetingId: string, address: string | null): Promise<FamilyPlanVersionView> {
  const { kase } = await authorizeFamily(db, actor, caseId, 'read', address);
  await audit(db, {
    userId: actor.userId,
    action: 'READ',
    caseId,
    caseReference: kase.reference,
    purpose: 'family-plan-version',
    criterion: `meetingId=${meetingId}`,
    address,
  });
  const version = await versionOf(db, caseId, meetingId);
  if (!version) throw notFound();
  return version;
}
