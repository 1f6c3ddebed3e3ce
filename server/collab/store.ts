/**
 * Durable storage of Yjs documents (docs/SPEC.md, D1-D4): an append-only
 * update log with group commit, and a snapshot that compaction merges the log
 * into. Plain SQL on the shared pg pool: this is the hot path.
 */
import type pg from 'pg';
import type { Metrics } from '../observability/metrics.js';
import { UpdateMerger } from './merger.js';

type Done = (err: Error | null) => void;
interface Pending {
  documentId: string;
  data: Buffer;
  done: Done;
}

/**
 * Runs inside the transaction that writes a document's snapshot, with the
 * merged state (Y.encodeStateAsUpdate form), to store rows derived from it
 * (the case mirror).
 */
export type StoreHook = (client: pg.PoolClient, documentId: string, state: Uint8Array) => Promise<void>;

export interface LoadedState {
  /** Snapshot first, then the log in id order. Applying one twice is harmless. */
  updates: Uint8Array[];
  logRows: number;
}

/** Group-commit batches written at the same time (their callbacks still run in order). */
const MAX_BATCHES_IN_FLIGHT = 2;

/** Compactions allowed to run at the same time on one instance. */
const COMPACTION_CONCURRENCY = 2;

/** A counting semaphore: waiters are served in arrival order. */
class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];
  constructor(size: number) {
    this.free = size;
  }
  acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

export class UpdateStore {
  private readonly compactionSlots = new Slots(COMPACTION_CONCURRENCY);
  private readonly merger = new UpdateMerger();
  private queue: Pending[] = [];
  /** Cancels the scheduled start of the next batch, if one is scheduled. */
  private timer: (() => void) | null = null;
  /** Batches written and not yet answered by PostgreSQL. */
  private inFlight = 0;
  /** The callbacks of every batch, chained in batch order. */
  private delivered: Promise<void> = Promise.resolve();

  constructor(
    private readonly pool: pg.Pool,
    private readonly metrics: Metrics,
    /** How long to gather updates before one INSERT; 0 = the next event-loop turn. */
    private readonly windowMs: number,
    private readonly onStore: StoreHook | null = null,
  ) {}

  /**
   * Queues an update; `done` runs once it is committed (null) or failed.
   * All updates queued within the window go into one INSERT (group commit).
   * Up to MAX_BATCHES_IN_FLIGHT batches are written at once (so a slow fsync
   * does not hold back the next window), but their callbacks run in batch
   * order, so updates are applied and relayed in arrival order.
   */
  append(documentId: string, update: Uint8Array, done: Done): void {
    const data = Buffer.from(update.buffer, update.byteOffset, update.byteLength);
    this.queue.push({ documentId, data, done });
    this.schedule();
  }

  /**
   * Starts the next batch after the window, or with a window of 0 at the end
   * of this event-loop turn (everything that arrived in the same poll goes
   * together). While MAX_BATCHES_IN_FLIGHT batches are being written, the
   * queue just grows: the busier the server, the bigger each commit.
   */
  private schedule(): void {
    if (this.timer || this.inFlight >= MAX_BATCHES_IN_FLIGHT || this.queue.length === 0) return;
    const run = () => {
      this.timer = null;
      this.startBatch();
    };
    if (this.windowMs > 0) {
      const t = setTimeout(run, this.windowMs);
      this.timer = () => clearTimeout(t);
    } else {
      const t = setImmediate(run);
      this.timer = () => clearImmediate(t);
    }
  }

  private startBatch(): void {
    const batch = this.queue;
    this.queue = [];
    this.inFlight++;
    const written = this.write(batch);
    this.delivered = this.delivered.then(async () => {
      const err = await written;
      for (const p of batch) p.done(err);
    });
    void written.then(() => {
      this.inFlight--;
      this.schedule();
    });
    this.schedule();
  }

  /** One INSERT for the whole batch; resolves with the error instead of throwing. */
  private async write(batch: Pending[]): Promise<Error | null> {
    const started = performance.now();
    try {
      // One prepared statement (parsed and planned once per pool connection). The updates travel as ONE bytea
      // in binary format, cut by offset and length in SQL: node-pg would send a bytea[] as hex text, which costs
      // encoding here and decoding there for every update.
      const starts: number[] = [];
      const lengths: number[] = [];
      let at = 1; // substring() counts from 1
      for (const p of batch) {
        starts.push(at);
        lengths.push(p.data.byteLength);
        at += p.data.byteLength;
      }
      await this.pool.query({
        name: 'doc_update_append',
        text: `INSERT INTO "DocUpdate" ("documentId", "data")
               SELECT d, substring($2::bytea FROM s FOR n)
               FROM unnest($1::text[], $3::int[], $4::int[]) WITH ORDINALITY AS u(d, s, n, i) ORDER BY i`,
        values: [batch.map((p) => p.documentId), Buffer.concat(batch.map((p) => p.data), at - 1), starts, lengths],
      });
      this.metrics.commitsTotal++;
      this.metrics.commitSeconds.observe((performance.now() - started) / 1000);
      return null;
    } catch (err) {
      this.metrics.commitFailuresTotal++;
      return err as Error;
    }
  }

  /** Resolves once everything queued so far is committed or failed, and its callbacks ran. */
  async drain(): Promise<void> {
    while (this.queue.length || this.timer || this.inFlight) {
      if (this.timer) {
        this.timer();
        this.timer = null;
        this.startBatch();
      }
      await this.delivered;
      if (!this.timer && this.queue.length) this.startBatch();
    }
    await this.delivered;
  }

  /**
   * Snapshot + log in ONE statement, so both come from the same database
   * snapshot: a compaction committed by another instance between two separate
   * reads could otherwise hide rows (deleted from the log, not yet in the
   * snapshot that was read).
   */
  async load(documentId: string): Promise<LoadedState> {
    const { rows } = await this.pool.query<{ log: boolean; data: Buffer }>({
      name: 'doc_load',
      text: `SELECT false AS log, state AS data, 0::bigint AS id FROM "DocSnapshot" WHERE "documentId" = $1
             UNION ALL
             SELECT true AS log, data, id FROM "DocUpdate" WHERE "documentId" = $1
             ORDER BY log, id`,
      values: [documentId],
      // Not `binary: true`: pg-protocol decodes binary result fields as UTF-8 strings, which corrupts bytea.
    });
    const updates: Uint8Array[] = rows.map((r) => r.data);
    return { updates, logRows: rows.filter((r) => r.log).length };
  }

  /**
   * Merges the log into the snapshot in one transaction, under a per-document
   * advisory lock so only one instance compacts a document at a time. Deletes
   * exactly the rows it merged, so a row committed meanwhile is never lost.
   */
  async compact(documentId: string): Promise<{ rows: number; bytes: number }> {
    // D4: at most COMPACTION_CONCURRENCY at once, so a wave of rooms reaching
    // their threshold together cannot take the pool and the CPU from live edits.
    await this.compactionSlots.acquire();
    try {
      return await this.compactNow(documentId);
    } finally {
      this.compactionSlots.release();
    }
  }

  private async compactNow(documentId: string): Promise<{ rows: number; bytes: number }> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query("SELECT pg_advisory_xact_lock(hashtext('compact:' || $1))", [documentId]);
      const snap = await client.query<{ state: Buffer }>(
        'SELECT state FROM "DocSnapshot" WHERE "documentId" = $1',
        [documentId],
      );
      const log = await client.query<{ id: string; data: Buffer }>(
        'SELECT id, data FROM "DocUpdate" WHERE "documentId" = $1 ORDER BY id',
        [documentId],
      );
      if (log.rows.length === 0) {
        await client.query('COMMIT');
        return { rows: 0, bytes: snap.rows[0]?.state.length ?? 0 };
      }
      const parts = log.rows.map((r) => r.data as Uint8Array);
      if (snap.rows[0]) parts.unshift(snap.rows[0].state);
      const merged = await this.merger.merge(parts);
      const state = Buffer.from(merged.buffer, merged.byteOffset, merged.byteLength);
      const ids = log.rows.map((r) => r.id);
      await client.query(
        `INSERT INTO "DocSnapshot" ("documentId", state, "upToId", "updatedAt") VALUES ($1, $2, $3, now())
         ON CONFLICT ("documentId") DO UPDATE SET state = EXCLUDED.state, "upToId" = EXCLUDED."upToId", "updatedAt" = now()`,
        [documentId, state, ids[ids.length - 1]],
      );
      await client.query('DELETE FROM "DocUpdate" WHERE id = ANY($1::bigint[])', [ids]);
      if (this.onStore) await this.onStore(client, documentId, merged);
      await client.query('COMMIT');
      return { rows: ids.length, bytes: state.length };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  stop(): void {
    this.timer?.();
    this.timer = null;
    void this.merger.close();
  }
}
