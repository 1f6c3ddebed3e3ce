/**
 * Mirrors the structured parts of a case's Yjs document into relational rows
 * (docs/SPEC.md, MR1-MR3), inside the transaction that stores the document,
 * so dashboards, reminders and key figures query PostgreSQL, not documents.
 */
import crypto from 'node:crypto';
import type pg from 'pg';
import * as Y from 'yjs';
import { activeLadderStep, parseActions } from '../../../shared/caseDoc.js';
import { redactCpr } from '../../../shared/cpr.js';
import { indexCaseForSearch } from '../search/index-text.js';
import { queueAssignedActionMails, responsiblesOf } from '../mail/outbox.js';
import { todayInCopenhagen } from '../tasks/dates.js';

export async function mirrorCaseDocument(client: pg.PoolClient, documentId: string, state: Uint8Array): Promise<void> {
  const found = await client.query<{ id: string; ladderStep: number | null }>(
    'SELECT id, "ladderStep" FROM "Case" WHERE "documentId" = $1 FOR UPDATE',
    [documentId],
  );
  const kase = found.rows[0];
  if (!kase) return; // not a case document
  // MR2: invalid values are left out (null), never break the mirror.
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const { rows } = parseActions(doc);
  await indexCaseForSearch(client, kase.id, doc).finally(() => doc.destroy()); // SE2: the search row, same transaction
  const ids = rows.map((r) => r.id);
  const responsibleBefore = await responsiblesOf(client, kase.id); // ML1: who gets a new action is mailed
  await client.query('DELETE FROM "ActionItem" WHERE "caseId" = $1 AND NOT (id = ANY($2::text[]))', [kase.id, ids]);
  if (rows.length) {
    // MR3: a row id that belongs to another case is never touched (the WHERE on conflict).
    await client.query(
      `INSERT INTO "ActionItem" (id, "caseId", position, title, "responsibleUserId", "ladderStep", "dueDate", status, "updatedAt")
       SELECT r.id, $1, r.position, r.title, r.responsible, r.step, r.due, r.status::"ActionStatus", now()
       FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::int[], $7::date[], $8::text[])
         AS r(id, position, title, responsible, step, due, status)
       ON CONFLICT (id) DO UPDATE SET position = EXCLUDED.position, title = EXCLUDED.title,
         "responsibleUserId" = EXCLUDED."responsibleUserId", "ladderStep" = EXCLUDED."ladderStep",
         "dueDate" = EXCLUDED."dueDate", status = EXCLUDED.status, "updatedAt" = now()
       WHERE "ActionItem"."caseId" = EXCLUDED."caseId"`,
      [
        kase.id,
        ids,
        rows.map((r) => r.position),
        // LB2: a CPR number belongs in the identity fields, never in an action title; what is derived from the
        // document (minutes, tasks, search, exports) never carries one.
        rows.map((r) => redactCpr(r.title)),
        rows.map((r) => r.responsibleUserId),
        rows.map((r) => r.ladderStep),
        rows.map((r) => r.dueDate),
        rows.map((r) => r.status),
      ],
    );
  }
  if (rows.length) await queueAssignedActionMails(client, kase.id, responsibleBefore, todayInCopenhagen());
  const step = activeLadderStep(rows);
  if (step !== kase.ladderStep) {
    await client.query('UPDATE "Case" SET "ladderStep" = $2 WHERE id = $1', [kase.id, step]);
    await client.query('INSERT INTO "LadderChange" (id, "caseId", "fromStep", "toStep") VALUES ($1, $2, $3, $4)', [
      crypto.randomUUID(),
      kase.id,
      kase.ladderStep,
      step,
    ]);
  }
}
