/**
 * Database faults never end the process (docs/SPEC.md, D6). A pg client whose
 * backend goes away (a failover, a restart, pg_terminate_backend, a network
 * blip) emits 'error'; without a listener that is an uncaught exception and
 * the process exits. The pool's idle clients are covered by the pool's own
 * listener (client.ts); every client checked out of the pool goes through
 * withClient, which listens for the lifetime of the checkout: the error is
 * logged and counted, the query in flight fails as usual, and the broken
 * client is destroyed on release instead of going back to the pool.
 */
import type pg from 'pg';
import { log } from '../observability/log.js';

const RECENT_MS = 60_000;

/** Connection errors seen since start, for /metrics and /healthz. */
export const dbFaults = {
  total: 0,
  lastAt: 0,
  lastError: '',
  /** When the errors of the last minute happened (oldest first). */
  recent: [] as number[],
  /** Errors within the last minute. */
  recentCount(now = Date.now()): number {
    while (this.recent.length && this.recent[0]! <= now - RECENT_MS) this.recent.shift();
    return this.recent.length;
  },
};

/** Logs and counts a connection error; `event` says where it was seen. */
export function noteDbFault(event: string, err: Error): void {
  const now = Date.now();
  dbFaults.total++;
  dbFaults.lastAt = now;
  dbFaults.lastError = err.message;
  dbFaults.recent.push(now);
  dbFaults.recentCount(now);
  log.warn(event, { err: err.message });
}

/** Runs `work` on a client of its own; the client is released (destroyed if its connection broke) afterwards. */
export async function withClient<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken ??= err;
    noteDbFault('db_client_error', err);
  };
  client.on('error', onError);
  try {
    return await work(client);
  } finally {
    client.off('error', onError);
    // A truthy argument destroys the client: a broken connection never serves another query.
    client.release(broken);
  }
}

/** `work` inside BEGIN … COMMIT on one client; rolled back (if the connection still lets it) on any error. */
export function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withClient(pool, async (client) => {
    await client.query('BEGIN');
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    }
  });
}
