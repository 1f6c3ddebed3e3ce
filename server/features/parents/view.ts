/**
 * What a signed-in parent sees and does (docs/SPEC.md, PA3-PA6), each through `canParent()` and the audit log
 * (actor `parent:<invitation>`, purpose `parent-…`): the shared family version (FamilyPlan.sharedContent, never the
 * chair's draft), the Three Houses' words and drawings once the plan is shared, the next meeting's time and place,
 * whether the meeting's current item is theirs; their own words ("Forældrenes perspektiv", no CPR numbers), their
 * answer to a shared revision, and their consent given or withdrawn. Nothing else of the case is read: no concern
 * note, no SoS, no actions beyond the shared plan, no minutes, no audit log, no other case.
 */
import { HOUSE_DB, HOUSES, type FamilyPlanContent, type House } from '../../../shared/family.js';
import { containsCpr } from '../../../shared/cpr.js';
import type { Sector } from '../../../shared/domain.js';
import { SECTOR_LABELS } from '../../../shared/labels.js';
import { audit } from '../../audit/audit.js';
import type { Db } from '../../db/client.js';
import { canParent, type ParentAction, type ParentActor } from '../../policy/policy.js';
import { readCaseContent } from '../cases/content.js';
import { DomainError, notFound } from '../meetings/errors.js';
import { todayInCopenhagen } from '../tasks/dates.js';
import { parentActorId } from './sign-in.js';
import type { ParentMeetingState, ParentView } from '../../../shared/parents.js';

const HOUSE_OF = { WORRIES: 'worries', GOOD: 'good', DREAMS: 'dreams' } as const;

/** The parent's case, if the policy lets them act on it; every use audited (READ / UPDATE / CREATE). */
async function authorize(db: Db, parent: ParentActor, action: ParentAction, caseId: string, address: string | null) {
  const kase = await db.case.findUnique({
    where: { id: caseId },
    select: {
      id: true,
      reference: true,
      status: true,
      documentId: true,
      forumId: true,
      forum: { select: { name: true, municipality: { select: { name: true } } } },
      bases: { where: { endedAt: null }, take: 1 },
    },
  });
  if (!kase || !canParent(parent, action, { caseId })) {
    await audit(db, { userId: parentActorId(parent.invitationId), action: 'DENIED', caseId: kase ? caseId : null, caseReference: kase?.reference ?? null, criterion: action, address });
    throw notFound();
  }
  if (action === 'parent:write' && kase.status !== 'OPEN') throw new DomainError('case_closed', 409);
  return kase;
}

type CaseOf = Awaited<ReturnType<typeof authorize>>;

/** The consent basis's scope as the parent is shown it, in the invitation's language (PA6, PA11). */
function consentScope(basis: CaseOf['bases'][number] | undefined, lang: 'da' | 'en'): string {
  if (basis?.kind !== 'CONSENT') return '';
  const sectors = basis.consentSectors.map((s) => (SECTOR_LABELS[lang][s as Sector] ?? s).toLowerCase()).join(', ');
  const words = lang === 'en' ? { to: 'to', purpose: 'purpose' } : { to: 'til', purpose: 'formål' };
  return [basis.consentScope, sectors ? `${words.to} ${sectors}` : '', basis.consentPurpose ? `${words.purpose}: ${basis.consentPurpose}` : '']
    .filter(Boolean)
    .join('; ');
}

/** The invitation's language (PA11). */
async function languageOf(db: Db, invitationId: string): Promise<'da' | 'en'> {
  const inv = await db.parentInvitation.findUnique({ where: { id: invitationId }, select: { language: true } });
  return inv?.language === 'en' ? 'en' : 'da';
}

/** GET /api/parent/view (PA3). */
export async function parentView(db: Db, parent: ParentActor, address: string | null): Promise<ParentView> {
  const kase = await authorize(db, parent, 'parent:read', parent.caseId, address);
  await audit(db, { userId: parentActorId(parent.invitationId), action: 'READ', caseId: kase.id, caseReference: kase.reference, purpose: 'parent-view', address });
  const [inv, plan, words, consent] = await Promise.all([
    db.parentInvitation.findUniqueOrThrow({ where: { id: parent.invitationId }, select: { name: true, role: true, expiresAt: true, meetingId: true, language: true } }),
    db.familyPlan.findUnique({ where: { caseId: kase.id }, select: { sharedRevision: true, sharedContent: true, sharedAt: true } }),
    db.parentWords.findUnique({ where: { caseId_invitationId: { caseId: kase.id, invitationId: parent.invitationId } }, select: { text: true, updatedAt: true } }),
    db.parentConsent.findFirst({ where: { invitationId: parent.invitationId }, orderBy: { at: 'desc' }, select: { given: true, at: true } }),
  ]);
  const shared =
    plan && plan.sharedRevision !== null && plan.sharedContent !== null && plan.sharedAt
      ? { revision: plan.sharedRevision, at: plan.sharedAt.toISOString(), content: plan.sharedContent as unknown as FamilyPlanContent }
      : null;
  let houses: ParentView['houses'] = null;
  if (shared) {
    const content = await readCaseContent(db, kase.documentId, kase.forumId);
    const h = content.houses ?? { worries: '', good: '', dreams: '' };
    const rows = await db.childDrawing.findMany({ where: { caseId: kase.id }, select: { id: true, house: true, width: true, height: true } });
    const drawings = Object.fromEntries(HOUSES.map((x) => [x, null])) as NonNullable<ParentView['houses']>['drawings'];
    for (const r of rows) drawings[HOUSE_OF[r.house]] = { url: `/api/parent/drawings/${HOUSE_OF[r.house]}?v=${encodeURIComponent(r.id)}`, width: r.width, height: r.height };
    houses = { worries: h.worries, good: h.good, dreams: h.dreams, drawings };
  }
  const answer = shared
    ? await db.parentPlanAnswer.findUnique({ where: { invitationId_revision: { invitationId: parent.invitationId, revision: shared.revision } } })
    : null;
  const basis = kase.bases[0];
  return {
    invitation: { name: inv.name, role: inv.role, expiresAt: inv.expiresAt.toISOString(), language: inv.language === 'en' ? 'en' : 'da' },
    municipality: kase.forum.municipality.name,
    forumName: kase.forum.name,
    shared,
    houses,
    nextMeeting: await nextMeeting(db, kase.id, inv.meetingId),
    words: words ? { text: words.text, at: words.updatedAt.toISOString() } : null,
    answer: answer ? { revision: answer.revision, accepted: answer.accepted, comment: answer.comment, at: answer.at.toISOString() } : null,
    consent: {
      scope: consentScope(basis, inv.language === 'en' ? 'en' : 'da'),
      basisInForce: basis?.kind === 'CONSENT' && !basis.consentWithdrawnOn,
      latest: consent ? { given: consent.given, at: consent.at.toISOString() } : null,
    },
  };
}

/** The invitation's meeting if it is still ahead or running, else the next meeting the case is on. */
async function nextMeeting(db: Db, caseId: string, meetingId: string | null): Promise<ParentView['nextMeeting']> {
  const select = { startsAt: true, place: true } as const;
  const own = meetingId ? await db.meeting.findFirst({ where: { id: meetingId, status: { not: 'CLOSED' } }, select }) : null;
  const m =
    own ??
    (await db.meeting.findFirst({
      where: { status: { not: 'CLOSED' }, startsAt: { gte: new Date() }, agendaItems: { some: { caseId } } },
      orderBy: { startsAt: 'asc' },
      select,
    }));
  return m ? { startsAt: m.startsAt.toISOString(), place: m.place } : null;
}

/** GET /api/parent/drawings/:house (PA3): a drawing, once the plan is shared. */
export async function parentDrawing(db: Db, parent: ParentActor, house: House, address: string | null): Promise<Buffer | null> {
  const kase = await authorize(db, parent, 'parent:read', parent.caseId, address);
  const plan = await db.familyPlan.findUnique({ where: { caseId: kase.id }, select: { sharedRevision: true } });
  if (!plan || plan.sharedRevision === null) return null;
  await audit(db, { userId: parentActorId(parent.invitationId), action: 'READ', caseId: kase.id, caseReference: kase.reference, purpose: 'parent-drawing', criterion: `house=${house}`, address });
  const row = await db.childDrawing.findUnique({ where: { caseId_house: { caseId: kase.id, house: HOUSE_DB[house] } }, select: { data: true } });
  return row ? Buffer.from(row.data) : null;
}

/** GET /api/parent/meeting (PA3): a poll, never a socket; only whether the current item is this case. */
export async function parentMeeting(db: Db, parent: ParentActor, address: string | null): Promise<ParentMeetingState> {
  if (!parent.meetingId) return { meeting: null, current: 'none' };
  const kase = await authorize(db, parent, 'parent:read', parent.caseId, address);
  if (!canParent(parent, 'parent:meetingItem', { caseId: kase.id, meetingId: parent.meetingId })) throw notFound();
  const m = await db.meeting.findUnique({ where: { id: parent.meetingId }, select: { startsAt: true, place: true, status: true, currentItemId: true } });
  if (!m) return { meeting: null, current: 'none' };
  let current: ParentMeetingState['current'] = 'none';
  if (m.status === 'RUNNING' && m.currentItemId) {
    const item = await db.agendaItem.findUnique({ where: { id: m.currentItemId }, select: { caseId: true } });
    current = item?.caseId === kase.id ? 'ours' : 'other';
  }
  return { meeting: { startsAt: m.startsAt.toISOString(), place: m.place, status: m.status }, current };
}

/** PUT /api/parent/words (PA4): the parent's own words, one text per parent and case; no CPR numbers (LB9). */
export async function saveParentWords(db: Db, parent: ParentActor, text: string, address: string | null): Promise<{ text: string; at: string }> {
  const kase = await authorize(db, parent, 'parent:write', parent.caseId, address);
  if (containsCpr(text)) throw new DomainError('cpr_not_allowed', 400, { field: 'text' });
  const now = new Date();
  const row = await db.parentWords.upsert({
    where: { caseId_invitationId: { caseId: kase.id, invitationId: parent.invitationId } },
    create: { caseId: kase.id, invitationId: parent.invitationId, text, createdAt: now, updatedAt: now },
    update: { text, updatedAt: now },
  });
  await audit(db, { userId: parentActorId(parent.invitationId), action: 'UPDATE', caseId: kase.id, caseReference: kase.reference, purpose: 'parent-words', address });
  return { text: row.text, at: row.updatedAt.toISOString() };
}

/** POST /api/parent/plan/answer (PA5): accept or comment on exactly the shared revision (else 409 stale_revision). */
export async function answerPlan(
  db: Db,
  parent: ParentActor,
  input: { revision: number; accepted: boolean; comment?: string | undefined },
  address: string | null,
): Promise<void> {
  const kase = await authorize(db, parent, 'parent:write', parent.caseId, address);
  const comment = input.comment?.trim() || null;
  if (comment && containsCpr(comment)) throw new DomainError('cpr_not_allowed', 400, { field: 'comment' });
  const plan = await db.familyPlan.findUnique({ where: { caseId: kase.id }, select: { sharedRevision: true } });
  if (!plan || plan.sharedRevision !== input.revision) throw new DomainError('stale_revision', 409);
  await db.parentPlanAnswer.upsert({
    where: { invitationId_revision: { invitationId: parent.invitationId, revision: input.revision } },
    create: { caseId: kase.id, invitationId: parent.invitationId, revision: input.revision, accepted: input.accepted, comment },
    update: { accepted: input.accepted, comment, at: new Date() },
  });
  await audit(db, {
    userId: parentActorId(parent.invitationId),
    action: 'UPDATE',
    caseId: kase.id,
    caseReference: kase.reference,
    purpose: 'parent-plan-answer',
    criterion: `revision=${input.revision};${input.accepted ? 'accepted' : 'commented'}`,
    address,
  });
}

/**
 * POST /api/parent/consent (PA6): the parent gives or withdraws consent. Recorded with time and scope (the case's
 * consent basis as shown to them); a withdrawal also ends the consent basis in force (consentWithdrawnOn today,
 * the privacy model's own field), so LB8 refuses the next member's request that needs it.
 */
export async function recordConsent(db: Db, parent: ParentActor, given: boolean, address: string | null): Promise<void> {
  const kase = await authorize(db, parent, 'parent:write', parent.caseId, address);
  const basis = kase.bases[0];
  const lang = await languageOf(db, parent.invitationId);
  const scope = consentScope(basis, lang) || (lang === 'en' ? "the cooperation in Samråd about your child" : 'samarbejdet i Samråd om jeres barn');
  const today = todayInCopenhagen();
  await db.$transaction(async (tx) => {
    await tx.parentConsent.create({ data: { caseId: kase.id, invitationId: parent.invitationId, given, scope, basisId: basis?.id ?? null } });
    if (!given && basis?.kind === 'CONSENT' && !basis.consentWithdrawnOn) {
      await tx.caseBasis.update({ where: { id: basis.id }, data: { consentWithdrawnOn: new Date(`${today}T00:00:00Z`) } });
    }
  });
  await audit(db, {
    userId: parentActorId(parent.invitationId),
    action: 'UPDATE',
    caseId: kase.id,
    caseReference: kase.reference,
    purpose: given ? 'parent-consent-given' : 'parent-consent-withdrawn',
    address,
  });
}
