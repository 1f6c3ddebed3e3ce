/**
 * Stores what the attribution tracker decides (docs/SPEC.md, AT1-AT2): moved
 * ranges in DocAttribution, entry writers in DocEntryWriter. Written after the
 * update they describe is committed, in order, one statement per table per
 * flush; a failed write is kept and tried again with the next (PostgreSQL may
 * restart), so a fault delays a label, it never loses one that was decided.
 */
import type pg from 'pg';
import type { MovedRange } from '../../shared/authorship.js';
import { log } from '../observability/log.js';
import type { AttributionRow, EntryChange } from './attribution.js';

/** Rows kept for a retry at most (beyond it the oldest go, with a log line). */
const MAX_PENDING = 10_000;
const RETRY_MS = 2000;
const MAX_ATTEMPTS = 30;

interface Pending {
  documentId: string;
  attempts: number;
  rows: AttributionRow[];
  entries: Array<EntryChange & { at: Date }>;
}

export class AttributionStore {
  private pending: Pending[] = [];
  private writing: Promise<void> | null = null;
  private retry: NodeJS.Timeout | null = null;

  constructor(private readonly pool: pg.Pool) {}

  async load(documentId: string): Promise<MovedRange[]> {
    const { rows } = await this.pool.query<{ clientId: string; clock: number; length: number; userId: string }>({
      name: 'doc_load_attributions',
      text: 'SELECT "clientId", clock, length, "userId" FROM "DocAttribution" WHERE "documentId" = $1',
      values: [documentId],
    });
    return rows.map((r) => ({ clientId: Number(r.clientId), clock: r.clock, length: r.length, userId: r.userId }));
  }

  record(documentId: string, rows: AttributionRow[], entries: EntryChange[]): void {
    const at = new Date();
    this.pending.push({ documentId, attempts: 0, rows, entries: entries.map((e) => ({ ...e, at })) });
    let size = this.pending.reduce((n, p) => n + p.rows.length + p.entries.length, 0);
    while (size > MAX_PENDING && this.pending.length > 1) {
      const dropped = this.pending.shift()!;
      size -= dropped.rows.length + dropped.entries.length;
      log.error('attribution_dropped', { doc: dropped.documentId, rows: dropped.rows.length, entries: dropped.entries.length });
    }
    void this.flush();
  }

  /** Writes everything recorded so far (also awaited at shutdown and in tests). */
  flush(): Promise<void> {
    if (this.writing) return this.writing.then(() => (this.pending.length ? this.flush() : undefined));
    if (!this.pending.length) return Promise.resolve();
    const batch = this.pending;
    this.pending = [];
    this.writing = this.write(batch)
      .catch((err: Error) => {
        log.warn('attribution_write_failed', { err: err.message });
        // Kept for the next try; a batch that keeps failing (not a passing fault) is given up with a log line.
        const kept = batch.filter((p) => ++p.attempts < MAX_ATTEMPTS);
        if (kept.length < batch.length) log.error('attribution_dropped', { batches: batch.length - kept.length });
        this.pending = [...kept, ...this.pending];
        this.retry ??= setTimeout(() => {
          this.retry = null;
          void this.flush();
        }, RETRY_MS);
        this.retry.unref();
      })
      .finally(() => {
        this.writing = null;
      });
    return this.writing;
  }

  private async write(batch: Pending[]): Promise<void> {
    const rows = batch.flatMap((p) => p.rows.map((r) => ({ ...r, documentId: p.documentId })));
    // The last change of an entry wins within a batch (ON CONFLICT cannot touch one row twice in a statement).
    const entries = new Map<string, Pending['entries'][number] & { documentId: string }>();
    for (const p of batch) {
      for (const e of p.entries) {
        const key = `${p.documentId}\u0000${e.entryId}`;
        const known = entries.get(key);
        entries.set(key, { ...e, documentId: p.documentId, added: e.added || (known?.added ?? false) });
      }
    }
    if (rows.length) {
      await this.pool.query(
        `INSERT INTO "DocAttribution" ("documentId", "clientId", clock, length, "userId", sector)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[], $4::int[], $5::text[], $6::"Sector"[]) AS x(d, c, k, l, u, s)
         WHERE EXISTS (SELECT 1 FROM "Document" WHERE id = d)
         ON CONFLICT DO NOTHING`,
        [rows.map((r) => r.documentId), rows.map((r) => r.clientId), rows.map((r) => r.clock), rows.map((r) => r.length), rows.map((r) => r.userId), rows.map((r) => r.sector)],
      );
    }
    if (entries.size) {
      const list = [...entries.values()];
      await this.pool.query(
        `INSERT INTO "DocEntryWriter" ("documentId", "entryId", "addedById", "addedAt", "changedById", "changedAt")
         SELECT d, e, CASE WHEN a THEN u END, CASE WHEN a THEN t END, u, t
         FROM unnest($1::text[], $2::text[], $3::text[], $4::bool[], $5::timestamptz[]) AS x(d, e, u, a, t)
         WHERE EXISTS (SELECT 1 FROM "Document" WHERE id = d)
         ON CONFLICT ("documentId", "entryId") DO UPDATE SET "changedById" = EXCLUDED."changedById", "changedAt" = EXCLUDED."changedAt",
           "addedById" = COALESCE("DocEntryWriter"."addedById", EXCLUDED."addedById"), "addedAt" = COALESCE("DocEntryWriter"."addedAt", EXCLUDED."addedAt")`,
        [list.map((e) => e.documentId), list.map((e) => e.entryId), list.map((e) => e.userId), list.map((e) => e.added), list.map((e) => e.at)],
      );
    }
  }
}
