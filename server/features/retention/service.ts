/**
 * Closing cases and the retention of closed ones (docs/SPEC.md, RT1-RT4).
 * `delete` removes a case and everything stored about it in one transaction;
 * `anonymise` keeps the statistical rows and wipes everything that could
 * identify the child or tell what was said. Audit entries stay (no content).
 */
import type pg from 'pg';
import { inTransaction } from '../../db/checkout.js';
import type { Database, Db } from '../../db/client.js';
import { can, type Actor } from '../../policy/policy.js';

export const ANONYMISED = 'slettet';

/** Closes the case (idempotent). Null when the actor may not (the caller answers 404). */
export async function closeCase(
  db: Db,
  actor: Actor,
  caseId: string,
): Promise<{ ok: true; reference: string; forumId: string; documentIds: string[]; changed: boolean } | { ok: false; reference: string | null }> {
  const kase = await db.case.findUnique({
    where: { id: caseId },
    select: { id: true, forumId: true, reference: true, status: true, documentId: true, healthDocumentId: true },
  });
  if (!kase || !can(actor, 'case:close', { forumId: kase.forumId, isCase: true })) return { ok: false, reference: kase?.reference ?? null };
  const closed = { ok: true as const, reference: kase.reference, forumId: kase.forumId, documentIds: [kase.documentId, ...(kase.healthDocumentId ? [kase.healthDocumentId] : [])] };
  if (kase.status === 'CLOSED') return { ...closed, changed: false };
  await db.case.update({ where: { id: caseId }, data: { status: 'CLOSED', closedAt: new Date() } });
  return { ...closed, changed: true };
}

export interface ExpiredCase {
  id: string;
  reference: string;
  documentId: string;
  healthDocumentId: string | null;
}

/** Closed cases whose closing is older than `closedBefore` (anonymised ones are done already). */
export async function expiredCases(db: Database, closedBefore: Date, mode: 'delete' | 'anonymise'): Promise<ExpiredCase[]> {
  const res = await db.pool.query<ExpiredCase>(
    `SELECT id, reference, "documentId", "healthDocumentId" FROM "Case"
      WHERE status = 'CLOSED' AND "closedAt" < $1 ${mode === 'anonymise' ? `AND description <> '${ANONYMISED}'` : ''}
      ORDER BY "closedAt"`,
    [closedBefore],
  );
  return res.rows;
}

/** The case's Yjs documents, locked against a concurrent compaction (same lock as store.compact). */
async function lockDocuments(client: pg.PoolClient, documentIds: string[]): Promise<void> {
  for (const id of [...documentIds].sort()) await client.query("SELECT pg_advisory_xact_lock(hashtext('compact:' || $1))", [id]);
}

async function wipeDocumentContent(client: pg.PoolClient, documentIds: string[]): Promise<void> {
  await client.query('DELETE FROM "DocUpdate" WHERE "documentId" = ANY($1::text[])', [documentIds]);
  await client.query('DELETE FROM "DocSnapshot" WHERE "documentId" = ANY($1::text[])', [documentIds]);
  // Who wrote in a document (P10) goes with what was written.
  await client.query('DELETE FROM "DocClient" WHERE "documentId" = ANY($1::text[])', [documentIds]);
}

/** RT1: the case and everything stored about it, in one transaction. */
export async function deleteCaseCompletely(pool: pg.Pool, kase: ExpiredCase): Promise<void> {
  const documentIds = [kase.documentId, ...(kase.healthDocumentId ? [kase.healthDocumentId] : [])];
  await inTransaction(pool, async (client) => {
    await lockDocuments(client, documentIds);
    const c = [kase.id];
    // Notifications carry only references (actions, follow-ups, consents, "<caseId>:<meetingId>" for the
    // duty to report), but a reference to a deleted case is still about the child.
    await client.query(
      `DELETE FROM "Notification"
        WHERE "refId" IN (SELECT id FROM "ActionItem" WHERE "caseId" = $1
                          UNION SELECT id FROM "FollowUp" WHERE "caseId" = $1
                          UNION SELECT id FROM "CaseBasis" WHERE "caseId" = $1)
           OR "refId" = $1 OR "refId" LIKE $1 || ':%'`,
      c,
    );
    for (const table of ['ActionItem', 'LadderChange', 'CaseAssessment', 'FollowUp', 'AgendaItem', 'CaseBasis', 'ReportDutyAnswer']) {
      await client.query(`DELETE FROM "${table}" WHERE "caseId" = $1`, c);
    }
    await client.query(`UPDATE "Meeting" SET "currentItemId" = NULL, "currentItemStartedAt" = NULL WHERE "currentItemId" IS NOT NULL AND "currentItemId" NOT IN (SELECT id FROM "AgendaItem")`);
    await client.query('DELETE FROM "Case" WHERE id = $1', c);
    await wipeDocumentContent(client, documentIds);
    await client.query('DELETE FROM "Document" WHERE id = ANY($1::text[])', [documentIds]);
  });
}

/** RT3: keeps levels, ladder movements and the actions' dates, steps and statuses; wipes all text. */
export async function anonymiseCase(pool: pg.Pool, kase: ExpiredCase): Promise<void> {
  const documentIds = [kase.documentId, ...(kase.healthDocumentId ? [kase.healthDocumentId] : [])];
  await inTransaction(pool, async (client) => {
    await lockDocuments(client, documentIds);
    const c = [kase.id];
    await client.query(
      `UPDATE "Case" SET description = $2, anonymous = true, "childName" = NULL, "childCpr" = NULL, "childAddress" = NULL, "parentNames" = NULL
        WHERE id = $1`,
      [kase.id, ANONYMISED],
    );
    await client.query(`UPDATE "ActionItem" SET title = $2 WHERE "caseId" = $1`, [kase.id, ANONYMISED]);
    await client.query(`UPDATE "AgendaItem" SET outcome = NULL, "noFollowUpReason" = NULL WHERE "caseId" = $1`, c);
    await client.query(`UPDATE "ReportDutyAnswer" SET reason = NULL WHERE "caseId" = $1`, c);
    await client.query(
      `UPDATE "CaseBasis" SET "consentGivenBy" = NULL, "consentScope" = NULL, "consentPurpose" = NULL WHERE "caseId" = $1`,
      c,
    );
    await wipeDocumentContent(client, documentIds);
  });
}
