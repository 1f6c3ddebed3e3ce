/**
 * SE9: cases that existed before search got their description from the migration ("hasContent" false); their
 * documents' text is read here, once per process, in the background after the first search: each case under its
 * row lock (as the mirror takes it), from the committed document (snapshot and log). A document stored meanwhile is
 * indexed by the mirror as usual; the backfill skips a case whose row already has its content.
 */
import type { Database } from '../../db/client.js';
import { inTransaction } from '../../db/checkout.js';
import { log } from '../../observability/log.js';
import { loadCommittedDoc } from '../cases/content.js';
import { indexCaseForSearch } from './index-text.js';

const started = new WeakSet<Database>();
const BATCH = 50;

/** Starts the backfill for this database unless it ran (or runs) in this process already. */
export function startBackfill(db: Database): void {
  if (started.has(db)) return;
  started.add(db);
  backfillSearchIndex(db).catch((err: Error) => log.error('search_backfill_failed', { err: err.name, code: (err as { code?: unknown }).code }));
}

/** Indexes every case whose document was never read into the index; returns how many. */
export async function backfillSearchIndex(db: Database): Promise<number> {
  let done = 0;
  let after = '';
  for (;;) {
    const { rows } = await db.pool.query<{ caseId: string }>(
      'SELECT "caseId" FROM "CaseSearch" WHERE NOT "hasContent" AND "caseId" > $1 ORDER BY "caseId" LIMIT $2',
      [after, BATCH],
    );
    if (rows.length === 0) break;
    for (const { caseId } of rows) {
      after = caseId;
      const indexed = await inTransaction(db.pool, async (client) => {
        const kase = await client.query<{ documentId: string }>(
          `SELECT c."documentId" FROM "Case" c JOIN "CaseSearch" s ON s."caseId" = c.id WHERE c.id = $1 AND NOT s."hasContent" FOR UPDATE OF c`,
          [caseId],
        );
        if (!kase.rows[0]) return false;
        const doc = await loadCommittedDoc(db.prisma, kase.rows[0].documentId);
        try {
          await indexCaseForSearch(client, caseId, doc);
        } finally {
          doc.destroy();
        }
        return true;
      });
      if (indexed) done++;
    }
  }
  if (done) log.info('search_backfilled', { cases: done });
  return done;
}
