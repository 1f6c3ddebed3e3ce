/**
 * Closing cases and the retention of closed ones (docs/SPEC.md, RT1-RT4).
 * `delete` removes a case and everything stored about it in one transaction;
 * `anonymise` keeps the statistical rows and wipes everything that could
 * identify the child or tell what was said. Audit entries stay (no content).
 */
import type pg from 'pg';
import type { CaseVersionContent } from '../../../shared/api.js';
import { isValidIsoDate } from '../../../shared/caseDoc.js';
import { ACTION_STATUSES, type ActionStatus } from '../../../shared/domain.js';
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
  await client.query('DELETE FROM "DocAttribution" WHERE "documentId" = ANY($1::text[])', [documentIds]);
  await client.query('DELETE FROM "DocEntryWriter" WHERE "documentId" = ANY($1::text[])', [documentIds]);
}

const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/**
 * RT3 for a version (VR1): what the anonymised case itself keeps of that meeting, and nothing more. Level, scale,
 * basis, meeting and dates stay in the row's columns; of the content only each action's status, Indsatstrappen step
 * and due date (as the case's ActionItem rows keep them, titled "slettet") and the follow-up's date and responsible
 * user id (as its FollowUp row keeps them). No text, no names, no writers, no participants.
 */
export function anonymisedVersionContent(stored: unknown): CaseVersionContent {
  const content = record(stored);
  const actions = (Array.isArray(content.actions) ? content.actions : []).map(record).map((a, i) => ({
    // The row id the case's ActionItem keeps too; anything else a client could have put there is replaced.
    id: typeof a.id === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(a.id) ? a.id : `slettet-${i + 1}`,
    title: ANONYMISED,
    responsibleUserId: null,
    ladderStep: typeof a.ladderStep === 'number' && Number.isInteger(a.ladderStep) && a.ladderStep >= 0 && a.ladderStep <= 5 ? a.ladderStep : null,
    dueDate: isValidIsoDate(a.dueDate) ? a.dueDate : null,
    status: (ACTION_STATUSES as readonly unknown[]).includes(a.status) ? (a.status as ActionStatus) : 'PLANNED',
    addedById: null,
    changedById: null,
  }));
  const followUp = record(content.followUp);
  return {
    concern: [],
    sos: { worries: [], strengths: [], next: [] },
    voice: { text: '', changedById: null },
    network: [],
    actions,
    writers: {},
    participants: [],
    outcome: null,
    noFollowUpReason: null,
    followUp:
      isValidIsoDate(followUp.dueDate) && typeof followUp.responsibleUserId === 'string'
        ? { dueDate: followUp.dueDate, responsibleUserId: followUp.responsibleUserId }
        : null,
  };
}

/** RT3: every version of the case reduced to what the anonymised case keeps (in the caller's transaction). */
async function anonymiseVersions(client: pg.PoolClient, caseId: string): Promise<void> {
  const versions = await client.query<{ id: string; content: unknown }>('SELECT id, content FROM "CaseVersion" WHERE "caseId" = $1 FOR UPDATE', [caseId]);
  for (const v of versions.rows) {
    await client.query('UPDATE "CaseVersion" SET content = $2::jsonb WHERE id = $1', [v.id, JSON.stringify(anonymisedVersionContent(v.content))]);
  }
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
    // So do the mails queued about it (ML3), sent or not: an action's id comes from the case document.
    await client.query(
      `DELETE FROM "MailOutbox"
        WHERE "refId" IN (SELECT id FROM "ActionItem" WHERE "caseId" = $1 UNION SELECT id FROM "FollowUp" WHERE "caseId" = $1)
           OR "refId" LIKE $1 || ':%'`,
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

/** RT3: keeps levels, ladder movements and the actions' dates, steps and statuses (in its versions too); wipes all text. */
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
    await anonymiseVersions(client, kase.id);
    await wipeDocumentContent(client, documentIds);
  });
}
