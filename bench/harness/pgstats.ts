/**
 * What PostgreSQL did during a measured window, read from its statistics
 * views before and after: transactions committed in the bench database
 * (pg_stat_database), WAL records, bytes and flushes (pg_stat_wal, PostgreSQL
 * 14+; `wal_sync` counts the fsyncs a commit waits for), and, where the
 * server has pg_stat_statements loaded (`shared_preload_libraries`; a stock
 * Debian server does not, see bench/README.md), the statements that took the
 * most execution time, as differences, so nothing is reset.
 */
import pg from 'pg';

interface Reading {
  at: number;
  commits: number;
  walRecords: number;
  walBytes: number;
  walSyncs: number;
  walSyncMs: number;
  statements: Map<string, { query: string; calls: number; ms: number; rows: number }> | null;
}

export interface PgWindow {
  seconds: number;
  commitsPerSec: number;
  walSyncsPerSec: number;
  /** Mean time of one WAL flush (ms), when track_wal_io_timing is on; else NaN. */
  walSyncMs: number;
  walBytes: number;
  walRecords: number;
  /** Top statements by execution time in the window (only with pg_stat_statements). */
  top: { query: string; calls: number; ms: number; rows: number }[] | null;
}

export class PgStats {
  private client: pg.Client | null = null;
  private statements = true;

  constructor(private readonly url: string) {}

  private async connect(): Promise<pg.Client | null> {
    if (this.client) return this.client;
    try {
      const c = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 2000 });
      c.on('error', () => {});
      await c.connect();
      this.client = c;
      return c;
    } catch {
      return null;
    }
  }

  async read(): Promise<Reading | null> {
    const c = await this.connect();
    if (!c) return null;
    try {
      const db = await c.query<{ commits: string }>('SELECT xact_commit AS commits FROM pg_stat_database WHERE datname = current_database()');
      const wal = await c
        .query<{ records: string; bytes: string; syncs: string; ms: number }>('SELECT wal_records AS records, wal_bytes AS bytes, wal_sync AS syncs, wal_sync_time AS ms FROM pg_stat_wal')
        .then((r) => r.rows[0])
        .catch(() => undefined);
      let statements: Reading['statements'] = null;
      if (this.statements) {
        try {
          const { rows } = await c.query<{ id: string; query: string; calls: string; ms: number; rows: string }>(
            `SELECT queryid::text AS id, query, calls, total_exec_time AS ms, rows FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          );
          statements = new Map(rows.map((r) => [r.id, { query: r.query, calls: Number(r.calls), ms: r.ms, rows: Number(r.rows) }]));
        } catch {
          this.statements = false; // not loaded, or the extension not created in this database
        }
      }
      return {
        at: performance.now(),
        commits: Number(db.rows[0]?.commits ?? NaN),
        walRecords: Number(wal?.records ?? NaN),
        walBytes: Number(wal?.bytes ?? NaN),
        walSyncs: Number(wal?.syncs ?? NaN),
        walSyncMs: Number(wal?.ms ?? NaN),
        statements,
      };
    } catch {
      return null;
    }
  }

  static diff(a: Reading | null, b: Reading | null): PgWindow | null {
    if (!a || !b) return null;
    const seconds = (b.at - a.at) / 1000;
    let top: PgWindow['top'] = null;
    if (a.statements && b.statements) {
      top = [...b.statements]
        .map(([id, s]) => {
          const was = a.statements!.get(id);
          return { query: s.query.replace(/\s+/g, ' ').slice(0, 60), calls: s.calls - (was?.calls ?? 0), ms: s.ms - (was?.ms ?? 0), rows: s.rows - (was?.rows ?? 0) };
        })
        .filter((s) => s.calls > 0)
        .sort((x, y) => y.ms - x.ms)
        .slice(0, 4);
    }
    const syncs = b.walSyncs - a.walSyncs;
    return {
      seconds,
      commitsPerSec: (b.commits - a.commits) / seconds,
      walSyncsPerSec: syncs / seconds,
      walSyncMs: syncs > 0 && b.walSyncMs > a.walSyncMs ? (b.walSyncMs - a.walSyncMs) / syncs : NaN,
      walBytes: b.walBytes - a.walBytes,
      walRecords: b.walRecords - a.walRecords,
      top,
    };
  }

  async close(): Promise<void> {
    await this.client?.end().catch(() => {});
    this.client = null;
  }
}
