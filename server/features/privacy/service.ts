/**
 * The legal basis of a case, its identifying fields, health-only notes and the
 * duty to report (docs/SPEC.md, LB1-LB8, RD1-RD2). Every change is audited.
 * Who may see and edit the identity is the policy's decision (`case:identity`, LB7), asked on every request
 * with the basis in force now, so a withdrawn or narrowed consent refuses the next request (LB8).
 */
import type { CasePrivacy, ReportDutyView } from '../../../shared/api.js';
import type { IdentityInput, ReportDutyInput, SetBasisInput } from '../../../shared/schemas/privacy.js';
import { audit } from '../../audit/audit.js';
import type { Db } from '../../db/client.js';
import { newDocName } from '../../seed/demo.js';
import { can, identityRefusalFor, type Actor } from '../../policy/policy.js';
import type { RealtimeHub } from '../../realtime/hub.js';
import { DomainError, notFound } from '../meetings/errors.js';
import { notifyOnce } from '../reminders/notify-once.js';
import { todayInCopenhagen } from '../tasks/dates.js';
import { basisAllowedIn } from '../../../shared/domain.js';
import { consentValidOn } from './rules.js';

const isoDay = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
const asDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

export class PrivacyService {
  constructor(
    private readonly db: Db,
    private readonly hub: RealtimeHub,
    private readonly address: string | null = null,
  ) {}

  /** The case with its forum, if the actor may read it (A1, A4); 404 otherwise, and the refusal is audited. */
  private async readable(actor: Actor, caseId: string) {
    const kase = await this.db.case.findUnique({
      where: { id: caseId },
      include: { forum: { select: { type: true, municipalityId: true } }, bases: { where: { endedAt: null }, take: 1 } },
    });
    if (!kase) throw notFound();
    if (!can(actor, 'case:read', { forumId: kase.forumId, isCase: true })) {
      await audit(this.db, { userId: actor.userId, action: 'DENIED', caseId, caseReference: kase.reference, criterion: 'case-privacy', address: this.address });
      throw notFound();
    }
    return kase;
  }

  async get(actor: Actor, caseId: string): Promise<CasePrivacy> {
    const kase = await this.readable(actor, caseId);
    const basis = kase.bases[0] ?? null;
    const today = todayInCopenhagen();
    const refusal = identityRefusalFor(actor, { forumId: kase.forumId, isCase: true, identity: { basis, today } });
    const allowed = refusal === null;
    const setBy = basis ? await this.db.user.findUnique({ where: { id: basis.setById }, select: { name: true } }) : null;
    if (allowed) {
      await audit(this.db, { userId: actor.userId, action: 'READ', caseId, caseReference: kase.reference, purpose: 'identity', address: this.address });
    } else if ((refusal === 'sector' || refusal === 'guest') && hasIdentity(kase)) {
      // LB7: the basis names the child, but not to this member: the withheld fields are a refusal on the record.
      await audit(this.db, { userId: actor.userId, action: 'DENIED', caseId, caseReference: kase.reference, criterion: 'case:identity', address: this.address });
    }
    const healthResource = { forumId: kase.forumId, isCase: true, healthOnly: true };
    const healthDoc = kase.healthDocumentId && can(actor, 'document:read', healthResource)
      ? await this.db.document.findUnique({ where: { id: kase.healthDocumentId }, select: { docName: true } })
      : null;
    return {
      basis: {
        kind: kase.basis,
        setAt: (basis?.setAt ?? kase.createdAt).toISOString(),
        setByName: setBy?.name ?? '',
        consent:
          basis?.kind === 'CONSENT'
            ? {
                givenBy: basis.consentGivenBy ?? '',
                scope: basis.consentScope ?? '',
                sectors: basis.consentSectors,
                purpose: basis.consentPurpose ?? '',
                givenOn: isoDay(basis.consentGivenOn) ?? '',
                validUntil: isoDay(basis.consentValidUntil) ?? '',
                withdrawnOn: isoDay(basis.consentWithdrawnOn),
                valid: consentValidOn(basis, today),
              }
            : null,
        ssdMeetingsUsed: basis?.kind === 'SSD_EXCHANGE' ? basis.ssdMeetingIds.length : null,
      },
      identityAllowed: allowed,
      identityWithheld: refusal === 'sector' || refusal === 'guest' || refusal === 'basis' ? refusal : null,
      identity: allowed
        ? { childName: kase.childName, childCpr: kase.childCpr, childAddress: kase.childAddress, parentNames: kase.parentNames }
        : null,
      healthDocName: healthDoc?.docName ?? null,
      canCreateHealthNotes: !kase.healthDocumentId && can(actor, 'document:write', healthResource),
      reportDuty: await this.reportDuty(actor, kase.id, kase.forumId, kase.forum.municipalityId),
      sspNotice: kase.basis === 'SSP_115',
    };
  }

  /** LB1: exactly one basis in force; setting a new one ends the old one. */
  async setBasis(actor: Actor, caseId: string, input: SetBasisInput): Promise<void> {
    const kase = await this.readable(actor, caseId);
    if (!can(actor, 'case:setBasis', { forumId: kase.forumId, isCase: true })) throw new DomainError('forbidden', 403);
    if (!basisAllowedIn(input.kind, kase.forum.type)) throw new DomainError('basis_not_allowed_in_forum', 400); // LB5
    const now = new Date();
    await this.db.$transaction(async (tx) => {
      await tx.caseBasis.updateMany({ where: { caseId, endedAt: null }, data: { endedAt: now } });
      await tx.caseBasis.create({
        data: {
          caseId,
          kind: input.kind,
          setById: actor.userId,
          setAt: now,
          ...(input.consent
            ? {
                consentGivenBy: input.consent.givenBy,
                consentScope: input.consent.scope,
                consentSectors: input.consent.sectors,
                consentPurpose: input.consent.purpose,
                consentGivenOn: asDate(input.consent.givenOn),
                consentValidUntil: asDate(input.consent.validUntil),
              }
            : {}),
        },
      });
      await tx.case.update({
        where: { id: caseId },
        // Back to anonymous: the identifying fields go.
        data:
          input.kind === 'ANONYMOUS'
            ? { basis: input.kind, anonymous: true, childName: null, childCpr: null, childAddress: null, parentNames: null }
            : { basis: input.kind },
      });
    });
    await audit(this.db, { userId: actor.userId, action: 'UPDATE', caseId, caseReference: kase.reference, purpose: `legal-basis:${input.kind}`, address: this.address });
    this.hub.toForum(kase.forumId, 'case:changed', { caseId });
  }

  /**
   * LB4/LB8: a withdrawn consent ends identification at once (the next request is refused, open pages are told by
   * `case:changed`); the chairs are told. A withdrawal is recorded when it happened: a date after today is refused.
   */
  async withdrawConsent(actor: Actor, caseId: string, withdrawnOn: string): Promise<void> {
    const kase = await this.readable(actor, caseId);
    if (!can(actor, 'case:setBasis', { forumId: kase.forumId, isCase: true })) throw new DomainError('forbidden', 403);
    if (withdrawnOn > todayInCopenhagen()) throw new DomainError('withdrawal_in_future', 400);
    const basis = kase.bases[0];
    if (!basis || basis.kind !== 'CONSENT') throw new DomainError('no_consent_in_force', 409);
    await this.db.caseBasis.update({ where: { id: basis.id }, data: { consentWithdrawnOn: asDate(withdrawnOn) } });
    await audit(this.db, { userId: actor.userId, action: 'UPDATE', caseId, caseReference: kase.reference, purpose: 'consent-withdrawn', address: this.address });
    await notifyConsentEnded(this.db, this.hub, { caseId, forumId: kase.forumId, reference: kase.reference, basisId: basis.id, on: withdrawnOn });
  }

  /**
   * LB2/LB3/LB7: identifying fields only under a basis that allows them, and only by a member the basis names
   * them to (a consent's sectors); promoting is logged, every refusal is audited as DENIED.
   */
  async setIdentity(actor: Actor, caseId: string, input: IdentityInput): Promise<void> {
    const kase = await this.readable(actor, caseId);
    const resource = { forumId: kase.forumId, isCase: true, identity: { basis: kase.bases[0] ?? null, today: todayInCopenhagen() } };
    const refusal = !can(actor, 'case:write', resource) ? 'guest' : identityRefusalFor(actor, resource);
    if (refusal !== null) {
      await audit(this.db, { userId: actor.userId, action: 'DENIED', caseId, caseReference: kase.reference, criterion: 'case:identity:write', address: this.address });
      if (refusal === 'basis') throw new DomainError('basis_does_not_allow_identity', 409);
      if (refusal === 'sector') throw new DomainError('consent_does_not_cover_sector', 403);
      throw new DomainError('forbidden', 403);
    }
    const named = Object.values(input).some((v) => v !== null);
    await this.db.case.update({ where: { id: caseId }, data: { ...input, anonymous: !named } });
    await audit(this.db, {
      userId: actor.userId,
      action: 'UPDATE',
      caseId,
      caseReference: kase.reference,
      purpose: kase.anonymous && named ? 'promote-to-named' : 'identity',
      address: this.address,
    });
    this.hub.toForum(kase.forumId, 'case:changed', { caseId });
  }

  /** A5: the health visitors' own document for notes other sectors may read but police never open. */
  async createHealthNotes(actor: Actor, caseId: string): Promise<void> {
    const kase = await this.readable(actor, caseId);
    if (!can(actor, 'document:write', { forumId: kase.forumId, isCase: true, healthOnly: true })) throw new DomainError('forbidden', 403);
    if (kase.healthDocumentId) return;
    await this.db.$transaction(async (tx) => {
      const doc = await tx.document.create({ data: { forumId: kase.forumId, title: `Sundhedsnoter ${kase.reference}`, docName: newDocName() } });
      await tx.case.update({ where: { id: caseId }, data: { healthDocumentId: doc.id } });
    });
    this.hub.toForum(kase.forumId, 'case:changed', { caseId });
  }

  /** RD2: each participant answers for themselves; the chair sees every answer. */
  async answerReportDuty(actor: Actor, caseId: string, input: ReportDutyInput): Promise<void> {
    const kase = await this.readable(actor, caseId);
    const assessment = await this.db.caseAssessment.findUnique({ where: { caseId_meetingId: { caseId, meetingId: input.meetingId } } });
    if (!assessment) throw new DomainError('no_assessment_for_meeting', 409);
    const data = { answer: input.answer, reason: input.reason ?? null, answeredAt: new Date() };
    await this.db.reportDutyAnswer.upsert({
      where: { caseId_meetingId_userId: { caseId, meetingId: input.meetingId, userId: actor.userId } },
      create: { caseId, meetingId: input.meetingId, userId: actor.userId, ...data },
      update: data,
    });
    await audit(this.db, { userId: actor.userId, action: 'UPDATE', caseId, caseReference: kase.reference, purpose: 'report-duty-answer', address: this.address });
    this.hub.toForum(kase.forumId, 'case:changed', { caseId });
  }

  private async reportDuty(actor: Actor, caseId: string, forumId: string, municipalityId: string): Promise<ReportDutyView> {
    const [municipality, latest] = await Promise.all([
      this.db.municipality.findUnique({ where: { id: municipalityId }, select: { reportDutyThreshold: true } }),
      this.db.caseAssessment.findFirst({ where: { caseId }, orderBy: { recordedAt: 'desc' } }),
    ]);
    const threshold = municipality?.reportDutyThreshold ?? 4;
    const required = latest !== null && latest.level >= threshold;
    if (!required) return { required: false, threshold, meetingId: null, myAnswer: null, answers: null };
    const rows = await this.db.reportDutyAnswer.findMany({ where: { caseId, meetingId: latest.meetingId } });
    const mine = rows.find((r) => r.userId === actor.userId);
    const chair = can(actor, 'meeting:manage', { forumId });
    const names = chair
      ? new Map((await this.db.user.findMany({ where: { id: { in: rows.map((r) => r.userId) } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]))
      : null;
    const view = (r: (typeof rows)[number]) => ({ answer: r.answer, reason: r.reason, answeredAt: r.answeredAt.toISOString() });
    return {
      required,
      threshold,
      meetingId: latest.meetingId,
      myAnswer: mine ? view(mine) : null,
      answers: names ? rows.map((r) => ({ userId: r.userId, name: names.get(r.userId) ?? '', ...view(r) })) : null,
    };
  }
}

const hasIdentity = (c: { childName: string | null; childCpr: string | null; childAddress: string | null; parentNames: string | null }) =>
  [c.childName, c.childCpr, c.childAddress, c.parentNames].some((v) => v !== null);

/** Tells the forum's chairs (CONSENT_ENDED), once per basis and date; references only. */
export async function notifyConsentEnded(
  db: Db,
  hub: RealtimeHub,
  c: { caseId: string; forumId: string; reference: string; basisId: string; on: string },
): Promise<void> {
  const chairs = await db.membership.findMany({ where: { forumId: c.forumId, role: 'CHAIR' }, select: { userId: true } });
  for (const { userId } of chairs) {
    await notifyOnce(db, hub, { userId, kind: 'CONSENT_ENDED', refId: c.basisId, dueDate: c.on, caseId: c.caseId, caseReference: c.reference, forumId: c.forumId });
  }
  hub.toForum(c.forumId, 'case:changed', { caseId: c.caseId });
}
