/**
 * Durable storage of Yjs documents (docs/SPEC.md, D1-D4): an append-only
 * update log with group commit, and a snapshot that compaction merges the log
 * into. Plain SQL on the shared pg pool: this is the hot path.
 */
import type pg from 'pg';
import type { Sector } from '../../shared/domain.js';
import { inTransaction } from '../db/checkout.js';
import type { Metrics } from '../observability/metrics.js';
import { UpdateMerger } from './merger.js';
import { unpackUpdates } from './merge-worker.mjs';

type Done = (err: Error | null) => void;

/** A Yjs client id an update is the first to write under, claimed for its writer (P10). */
export interface ClientClaim {
  clientId: number;
  userId: string;
  sector: Sector;
}

/** The update was not stored: one of its client ids is bound to someone else (another instance won the race). */
export class ClaimRefused extends Error {
  override name = 'ClaimRefused';
}

interface Pending {
  documentId: string;
  data: Buffer;
  claims: readonly ClientClaim[] | null;
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
  /** Who writes under each bound client id (P10), read after the updates so it covers all of them. */
  bindings: ClientClaim[];
}

/** Group-commit batches written at the same time (their callbacks still run in order). */
const MAX_BATCHES_IN_FLIGHT = 2;

/** How long compaction keeps a log row that does not integrate yet (D6) before dropping it as never integrating (P9). */
const KEEP_INCOMPLETE_MINUTES = 60;

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

/** The batch's updates, cut out of one bytea ($2) by offset ($3) and length ($4), each with its document ($1). */
const INSERT_UPDATES = (where: string) => `INSERT INTO "DocUpdate" ("documentId", "data")
  SELECT d, substring($2::bytea FROM s FOR n)
  FROM unnest($1::text[], $3::int[], $4::int[]) WITH ORDINALITY AS u(d, s, n, i) ${where} ORDER BY i`;

/** One group commit (exported for bench/pg-row-cost.ts, which measures what it costs PostgreSQL). */
export const APPEND = INSERT_UPDATES('');

/**
 * APPEND for a batch with claims (P10). Each (document, client id) is
 * inserted once; on conflict the existing row is locked and returned
 * unchanged (DO UPDATE waits for a concurrent claim and sees its result,
 * where DO NOTHING would not say who holds it). An update is stored only if
 * every id it claims came back bound to its own writer; the statement returns
 * the ordinals of the others.
 */
const APPEND_CLAIMING = `WITH claim AS (
    INSERT INTO "DocClient" ("documentId", "clientId", "userId", "sector")
    SELECT d, c, u, s::"Sector" FROM unnest($5::text[], $6::bigint[], $7::text[], $8::text[]) AS x(d, c, u, s)
    ON CONFLICT ("documentId", "clientId") DO UPDATE SET "clientId" = EXCLUDED."clientId"
    RETURNING "documentId" AS d, "clientId" AS c, "userId" AS u
  ), refused AS (
    SELECT DISTINCT x.i FROM unnest($9::int[], $10::bigint[], $11::text[]) AS x(i, c, u)
    JOIN claim ON claim.d = ($1::text[])[x.i] AND claim.c = x.c
    WHERE claim.u <> x.u
  ), stored AS (
    ${INSERT_UPDATES('WHERE i NOT IN (SELECT i FROM refused)')}
  )
  SELECT i::int FROM refused`;

/**
 * The claim parameters of APPEND_CLAIMING: each (document, client id) once
 * (ON CONFLICT may touch a row only once per statement), and every update's
 * claims by ordinal, for the check.
 */
function claimColumns(batch: Pending[]): unknown[] {
  const seen = new Set<string>();
  const rows: [string[], string[], string[], string[]] = [[], [], [], []];
  const checks: [number[], string[], string[]] = [[], [], []];
  batch.forEach((p, index) => {
    for (const claim of p.claims ?? []) {
      checks[0].push(index + 1);
      checks[1].push(String(claim.clientId));
      checks[2].push(claim.userId);
      const key = `${p.documentId}:${claim.clientId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rows[0].push(p.documentId);
      rows[1].push(String(claim.clientId));
      rows[2].push(claim.userId);
      rows[3].push(claim.sector);
    }
  });
  return [...rows, ...checks];
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
   * `claims` bind client ids to the writer in the same statement (P10); an
   * update whose claim finds the id bound to someone else is not stored and
   * its `done` gets ClaimRefused.
   */
  append(documentId: string, update: Uint8Array, claims: readonly ClientClaim[] | null, done: Done): void {
    const data = Buffer.from(update.buffer, update.byteOffset, update.byteLength);
    this.queue.push({ documentId, data, claims, done });
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
      const { err, refused } = await written;
      for (let i = 0; i < batch.length; i++) batch[i]!.done(err ?? (refused?.has(i + 1) ? new ClaimRefused('client id bound to another writer') : null));
    });
    void written.then(() => {
      this.inFlight--;
      this.schedule();
    });
    this.schedule();
  }

  /**
   * One INSERT for the whole batch; resolves with the error instead of
   * throwing, and with the ordinals (from 1) of updates refused for a claim.
   */
  private async write(batch: Pending[]): Promise<{ err: Error | null; refused: Set<number> | null }> {
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
      const values = [batch.map((p) => p.documentId), Buffer.concat(batch.map((p) => p.data), at - 1), starts, lengths];
      let refused: Set<number> | null = null;
      if (batch.some((p) => p.claims)) {
        const { rows } = await this.pool.query<{ i: number }>({ name: 'doc_update_append_claiming', text: APPEND_CLAIMING, values: [...values, ...claimColumns(batch)] });
        refused = new Set(rows.map((r) => r.i));
      } else {
        await this.pool.query({ name: 'doc_update_append', text: APPEND, values });
      }
      this.metrics.commitsTotal++;
      this.metrics.commitSeconds.observe((performance.now() - started) / 1000);
      return { err: null, refused };
    } catch (err) {
      this.metrics.commitFailuresTotal++;
      return { err: err as Error, refused: null };
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
    // After the updates: a binding is committed with its first update, so every client id read above is covered.
    const bound = await this.pool.query<{ clientId: string; userId: string; sector: Sector }>({
      name: 'doc_load_clients',
      text: 'SELECT "clientId", "userId", sector FROM "DocClient" WHERE "documentId" = $1',
      values: [documentId],
    });
    const bindings = bound.rows.map((r) => ({ clientId: Number(r.clientId), userId: r.userId, sector: r.sector }));
    return { updates, logRows: rows.filter((r) => r.log).length, bindings };
  }

  /**
   * Merges the log into the snapshot in one transaction, under a per-document
   * advisory lock so only one instance compacts a document at a time. Deletes
   * exactly the rows it merged, so a row committed meanwhile is never lost.
   * `beforeRead` runs just before the log is read: every update committed
   * (answered) before it is in the merge. Returns the merged state (as
   * Y.encodeStateAsUpdate gives it) when it covers all it read, else null.
   */
  async compact(documentId: string, beforeRead?: () => void): Promise<{ rows: number; bytes: number; state: Uint8Array | null }> {
    // D4: at most COMPACTION_CONCURRENCY at once, so a wave of rooms reaching
    // their threshold together cannot take the pool and the CPU from live edits.
    await this.compactionSlots.acquire();
    try {
      return await this.compactNow(documentId, beforeRead);
    } finally {
      this.compactionSlots.release();
    }
  }

  private compactNow(documentId: string, beforeRead?: () => void): Promise<{ rows: number; bytes: number; state: Uint8Array | null }> {
    return inTransaction(this.pool, async (client) => {
      await client.query({ name: 'doc_compact_lock', text: "SELECT pg_advisory_xact_lock(hashtext('compact:' || $1))", values: [documentId] });
      const snap = await client.query<{ state: Buffer }>({ name: 'doc_compact_snapshot', text: 'SELECT state FROM "DocSnapshot" WHERE "documentId" = $1', values: [documentId] });
      beforeRead?.();
      // The log read and emptied in ONE statement: exactly the rows this statement sees are merged and gone, so a
      // row committed meanwhile (whatever its id) stays. One range scan of the (documentId, id) index, where a read
      // and then a delete by a list of ids took a scan and a primary-key lookup per row. The rows come back as ONE
      // bytea (each after its length, int4send) and two short texts, not a thousand rows: parsing them took the
      // event loop a few milliseconds per compaction and left an object per row for the collector.
      const { rows } = await client.query<{ n: number; upTo: string | null; packed: Buffer | null; recent: string | null; at: string | null }>({
        name: 'doc_compact_take',
        text: `WITH taken AS (DELETE FROM "DocUpdate" WHERE "documentId" = $1 RETURNING id, data, "createdAt")
               SELECT count(*)::int AS n, max(id)::text AS "upTo",
                 string_agg(int4send(length(data)) || data, ''::bytea ORDER BY id) AS packed,
                 string_agg(CASE WHEN "createdAt" > now() - interval '${KEEP_INCOMPLETE_MINUTES} minutes' THEN '1' ELSE '0' END, '' ORDER BY id) AS recent,
                 string_agg((extract(epoch FROM "createdAt") * 1000)::bigint::text, ',' ORDER BY id) AS at
               FROM taken`,
        values: [documentId],
      });
      const taken = rows[0]!;
      if (!taken.n || !taken.packed) return { rows: 0, bytes: snap.rows[0]?.state.length ?? 0, state: null };
      const snapshot = snap.rows[0]?.state ?? null;
      const offset = snapshot ? 1 : 0;
      // The merge runs on a worker while this transaction waits: the connection may be cut meanwhile (D6).
      const { state: merged, incomplete } = await this.merger.mergePacked(snapshot, taken.packed);
      const state = Buffer.from(merged.buffer, merged.byteOffset, merged.byteLength);
      // D6: a recent row that does not integrate yet stays in the log (its writer's earlier update may still be
      // re-sent after a failed commit): it goes back in, with its time; an old one never will (P9: stored before
      // the guard existed) and stays out.
      const keep = incomplete.map((i) => i - offset).filter((i) => i >= 0 && taken.recent![i] === '1');
      if (keep.length) {
        const updates = unpackUpdates(null, taken.packed);
        const times = taken.at!.split(',');
        await client.query(
          `INSERT INTO "DocUpdate" ("documentId", data, "createdAt") SELECT $1, d, to_timestamp(t / 1000.0) FROM unnest($2::bytea[], $3::bigint[]) WITH ORDINALITY AS k(d, t, i) ORDER BY i`,
          [documentId, keep.map((i) => Buffer.from(updates[i]!)), keep.map((i) => times[i]!)],
        );
      }
      if (keep.length === taken.n) return { rows: 0, bytes: snapshot?.length ?? 0, state: null };
      await client.query({
        name: 'doc_compact_store',
        text: `INSERT INTO "DocSnapshot" ("documentId", state, "upToId", "updatedAt") VALUES ($1, $2, $3, now())
         ON CONFLICT ("documentId") DO UPDATE SET state = EXCLUDED.state, "upToId" = EXCLUDED."upToId", "updatedAt" = now()`,
        values: [documentId, state, taken.upTo],
      });
      if (this.onStore) await this.onStore(client, documentId, merged);
      // The merged state holds the log rows it took only if none was kept out of it.
      return { rows: taken.n - keep.length, bytes: state.length, state: keep.length ? null : merged };
    });
  }

  stop(): void {
    this.timer?.();
    this.timer = null;
    void this.merger.close();
  }
}
