/** Cases (sager): listing, creating and reading, always through the policy. */
import { Prisma } from '../../db/generated/client.js';
import type { CaseDetail, CaseSummary } from '../../../shared/api.js';
import type { CreateCaseInput } from '../../../shared/schemas/meetings.js';
import { audit } from '../../audit/audit.js';
import type { Db } from '../../db/client.js';
import { newDocName } from '../../seed/demo.js';
import { can, type Actor } from '../../policy/policy.js';
import { levelLabelsFor } from '../overview/levels.js';
import { caseSummaryInclude, presentCaseDetail, presentCaseSummary } from './presenter.js';
import { initialCaseState } from './initial-doc.js';
import { newCaseReference } from './reference.js';

export async function listCases(db: Db, actor: Actor, forumId: string): Promise<CaseSummary[] | null> {
  if (!can(actor, 'case:read', { forumId, isCase: true })) return null;
  const cases = await db.case.findMany({
    where: { forumId },
    include: caseSummaryInclude,
    orderBy: [{ status: 'asc' }, { createdAt: 'desc' }],
  });
  return cases.map(presentCaseSummary);
}

export async function createCase(db: Db, actor: Actor, forumId: string, input: CreateCaseInput, address: string | null = null): Promise<CaseSummary | null> {
  if (!can(actor, 'case:create', { forumId, isCase: true })) return null;
  for (let attempt = 0; ; attempt++) {
    const reference = newCaseReference(attempt < 5 ? 4 : 6);
    try {
      const created = await db.$transaction(async (tx) => {
        const doc = await tx.document.create({ data: { forumId, title: `Sag ${reference}`, docName: newDocName() } });
        await tx.docSnapshot.create({ data: { documentId: doc.id, state: initialCaseState(), upToId: 0 } });
        return tx.case.create({
          data: { forumId, reference, description: input.description, documentId: doc.id, createdById: actor.userId },
          include: caseSummaryInclude,
        });
      });
      await audit(db, { userId: actor.userId, action: 'CREATE', caseId: created.id, caseReference: created.reference, address });
      return presentCaseSummary(created);
    } catch (err) {
      // A reference collision: try another one.
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002' && attempt < 10) continue;
      throw err;
    }
  }
}

/** The case if the actor may read it; null otherwise (the caller answers 404 either way). */
export async function getCase(db: Db, actor: Actor, caseId: string, address: string | null = null): Promise<CaseDetail | null> {
  const kase = await db.case.findUnique({
    where: { id: caseId },
    include: {
      ...caseSummaryInclude,
      forum: { select: { id: true, name: true, type: true, municipalityId: true } },
      assessments: { include: { meeting: { select: { startsAt: true } } }, orderBy: { recordedAt: 'asc' } },
      followUps: { include: { responsible: { select: { id: true, name: true } } }, orderBy: { dueDate: 'asc' } },
      actions: { orderBy: { position: 'asc' } },
    },
  });
  if (!kase) return null;
  if (!can(actor, 'case:read', { forumId: kase.forumId, isCase: true })) {
    // CS2: a guessed id of an existing case looks like an unknown one, and the attempt is logged.
    await audit(db, { userId: actor.userId, action: 'DENIED', caseId, caseReference: kase.reference, criterion: 'case', address });
    return null;
  }
  await audit(db, { userId: actor.userId, action: 'READ', caseId, caseReference: kase.reference, purpose: 'case', address });
  const sectors = await db.membership.findMany({ where: { forumId: kase.forumId }, select: { userId: true, sector: true } });
  return presentCaseDetail(kase, {
    canWrite: can(actor, 'document:write', { forumId: kase.forumId, isCase: true }),
    levelLabels: await levelLabelsFor(db, kase.forum.municipalityId),
    sectorOf: new Map(sectors.map((m) => [m.userId, m.sector])),
  });
}
