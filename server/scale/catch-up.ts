/**
 * Incremental catch-up from PostgreSQL (docs/SPEC.md, SO4, SO7): while Redis is down, when it returns, and when
 * another instance says it could not publish, every loaded room reads only what was committed since it last read
 * PostgreSQL, for every loaded document in ONE statement, instead of its snapshot and whole log.
 *
 * A room's position is the PostgreSQL snapshot of its last read (its load, or the last catch-up): everything
 * visible in that snapshot is in the room. What the room lacks is exactly the rows that snapshot could not see,
 * so the next read takes the DocUpdate (and DocClient) rows whose inserting transaction (`xmin`) is not visible in
 * the old snapshot: the ids above the highest id it saw, and the few lower ones whose transactions were still in
 * progress then (ids are drawn before commit, so they need not become visible in id order). `floor` bounds those
 * from below, so the read stays on the (documentId, id) index:
 *
 *   rows invisible in snapshot S have transaction ids ≥ xmin(S), drawn after any earlier read g with
 *   xmax(g) ≤ xmin(S) took its snapshot; their DocUpdate ids were drawn at most RACE_MS before their transaction
 *   id (in the same INSERT), so they are above the highest id of any read that ended RACE_MS before g began.
 *
 * Only when a compaction committed since the room's last read merged rows above that floor (deleted from the log,
 * possibly unseen) does the room read its snapshot again, through its own full catch-up (RemoteDocListener).
 * Assumes DocUpdate and DocClient rows are written by top-level transactions (store.ts: single statements).
 */
import type pg from 'pg';
import type { Sector } from '../../shared/domain.js';
import type { ClientClaim } from '../collab/store.js';

/** Where a room stands: everything visible in `snapshot` is in it (see the file comment). */
export interface LogPosition {
  /** pg_snapshot of the last read, as text (`xmin:xmax:xip,…`). */
  snapshot: string;
  /** The highest DocUpdate id (of any document) visible in that snapshot: every id above it is new. */
  after: bigint;
  /** Every row the snapshot could not see has an id above this. */
  floor: bigint;
}

/** What one catch-up found for a document. */
export interface DocDelta {
  documentId: string;
  /** New rows in id order (apply the bindings first). */
  updates: Uint8Array[];
  bindings: ClientClaim[];
  /** A compaction since the last read merged rows this room may lack: read the snapshot (a full catch-up). */
  needsSnapshot: boolean;
}

export interface CatchUpTotals {
  /** Catch-up statements run (one per poll, for all loaded documents). */
  polls: number;
  /** DocUpdate rows they returned. */
  rows: number;
  /** DocClient rows they returned. */
  bindings: number;
  /** Full catch-ups (snapshot and log) they asked for, after a compaction or without a position. */
  fullReads: number;
}

/** How long, at most, between drawing a DocUpdate id and the INSERT's transaction id (microseconds in practice). */
const RACE_MS = 1000;
/** Reads remembered for the floor. */
const HISTORY = 256;

interface Read {
  xmax: bigint;
  v: bigint;
  startedAt: number;
  doneAt: number;
}

/** The 64-bit transaction id of a 32-bit `xmin` (of a row written before the reference `xm`), for pg_visible_in_snapshot. */
const XID8 = (col: string) =>
  `(GREATEST(CASE WHEN ((r.xm >> 32) << 32) + ${col}::text::bigint > r.xm THEN ((r.xm >> 32) << 32) + ${col}::text::bigint - 4294967296
   ELSE ((r.xm >> 32) << 32) + ${col}::text::bigint END, 0))::text::xid8`;

const POSITION = `SELECT pg_current_snapshot()::text AS snap, (SELECT coalesce(max(id), 0) FROM "DocUpdate")::text AS v`;

/**
 * One statement (one snapshot) for every document: kind 0 new rows, 1 the snapshot row if a compaction committed
 * since the document's last read, 2 the new position, 3 new bindings.
 */
const CATCH_UP = `WITH cur AS (SELECT pg_current_snapshot() AS s),
  r AS (SELECT pg_snapshot_xmax(s)::text::bigint AS xm FROM cur),
  c AS (SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[]) AS c(d, after, floor, snap))
SELECT 0 AS kind, u."documentId" AS d, u.id AS n, u.data, NULL::text AS a, NULL::text AS b
  FROM c JOIN "DocUpdate" u ON u."documentId" = c.d AND u.id > c.floor, r
  WHERE u.id > c.after OR NOT pg_visible_in_snapshot(${XID8('u.xmin')}, c.snap::pg_snapshot)
UNION ALL
SELECT 1, s."documentId", s."upToId", NULL, NULL, NULL
  FROM c JOIN "DocSnapshot" s ON s."documentId" = c.d AND s."upToId" > c.floor, r
  WHERE NOT pg_visible_in_snapshot(${XID8('s.xmin')}, c.snap::pg_snapshot)
UNION ALL
SELECT 2, NULL, (SELECT coalesce(max(id), 0) FROM "DocUpdate"), NULL, (SELECT s FROM cur)::text, NULL
UNION ALL
SELECT 3, b."documentId", b."clientId", NULL, b."userId", b.sector::text
  FROM c JOIN "DocClient" b ON b."documentId" = c.d, r
  WHERE NOT pg_visible_in_snapshot(${XID8('b.xmin')}, c.snap::pg_snapshot)
ORDER BY kind, n`;

interface Row {
  kind: number;
  d: string | null;
  n: string;
  data: Buffer | null;
  a: string | null;
  b: string | null;
}

export class CatchUpReader {
  private readonly history: Read[] = [];
  readonly totals: CatchUpTotals = { polls: 0, rows: 0, bindings: 0, fullReads: 0 };

  constructor(private readonly pool: pg.Pool) {}

  /** The position before a room reads its document (call before the load: what the load reads includes it). */
  async position(): Promise<LogPosition> {
    const startedAt = performance.now();
    const { rows } = await this.pool.query<{ snap: string; v: string }>({ name: 'catch_up_position', text: POSITION });
    return this.positionOf(rows[0]!.snap, BigInt(rows[0]!.v), startedAt);
  }

  /** What each document's room lacks, from its position; the new position holds for every one of them. */
  async read(docs: ReadonlyArray<{ documentId: string; position: LogPosition }>): Promise<{ deltas: DocDelta[]; position: LogPosition }> {
    const startedAt = performance.now();
    const { rows } = await this.pool.query<Row>({
      name: 'catch_up_read',
      text: CATCH_UP,
      values: [
        docs.map((d) => d.documentId),
        docs.map((d) => d.position.after.toString()),
        docs.map((d) => d.position.floor.toString()),
        docs.map((d) => d.position.snapshot),
      ],
      // Not `binary: true`: pg-protocol decodes binary result fields as UTF-8 strings, which corrupts bytea.
    });
    const byDoc = new Map<string, DocDelta>();
    const delta = (documentId: string) => {
      let entry = byDoc.get(documentId);
      if (!entry) byDoc.set(documentId, (entry = { documentId, updates: [], bindings: [], needsSnapshot: false }));
      return entry;
    };
    let position: LogPosition | null = null;
    for (const row of rows) {
      if (row.kind === 0) {
        delta(row.d!).updates.push(row.data!);
        this.totals.rows++;
      } else if (row.kind === 1) delta(row.d!).needsSnapshot = true;
      else if (row.kind === 2) position = this.positionOf(row.a!, BigInt(row.n), startedAt);
      else {
        delta(row.d!).bindings.push({ clientId: Number(row.n), userId: row.a!, sector: row.b as Sector });
        this.totals.bindings++;
      }
    }
    this.totals.polls++;
    const deltas = [...byDoc.values()];
    this.totals.fullReads += deltas.filter((d) => d.needsSnapshot).length;
    return { deltas, position: position! };
  }

  /** Records the read and derives the floor of its snapshot from the reads before it. */
  private positionOf(snapshot: string, v: bigint, startedAt: number): LogPosition {
    const [xminText, xmaxText] = snapshot.split(':');
    const xmin = BigInt(xminText!);
    this.history.push({ xmax: BigInt(xmaxText!), v, startedAt, doneAt: performance.now() });
    if (this.history.length > HISTORY) this.history.shift();
    // g: the latest read whose snapshot came before every transaction this one could not see.
    let g: Read | null = null;
    for (const read of this.history) if (read.xmax <= xmin && (!g || read.startedAt > g.startedAt)) g = read;
    let floor = 0n;
    if (g) for (const read of this.history) if (read.doneAt + RACE_MS <= g.startedAt && read.v > floor) floor = read.v;
    return { snapshot, after: v, floor: floor < v ? floor : v };
  }
}
