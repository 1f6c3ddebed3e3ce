/** Starts a real Samråd server on port 0 against a fresh database of its own. */
import crypto from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { startServer, type RunningServer } from '../../server/server.js';

export interface TestServer extends RunningServer {
  origin: string;
  wsUrl: string;
  databaseUrl: string;
}

/** A new, empty database on the test PostgreSQL; returns its URL. */
export async function createTestDatabase(): Promise<string> {
  const admin = inject('pgAdmin');
  const name = `samraad_t_${crypto.randomBytes(5).toString('hex')}`;
  const client = new pg.Client({ ...admin, database: 'postgres' });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const auth = `${encodeURIComponent(admin.user)}:${encodeURIComponent(admin.password)}`;
  return `postgres://${auth}@${admin.host}:${admin.port}/${name}`;
}

export async function startTestServer(env: Record<string, string> = {}, databaseUrl?: string): Promise<TestServer> {
  const url = databaseUrl ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: url,
    SERVE_WEB: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  const server = await startServer(config);
  return {
    ...server,
    origin: `http://localhost:${server.port}`,
    wsUrl: `ws://127.0.0.1:${server.port}`,
    databaseUrl: url,
  };
}

/** How many rows a document's update log holds (what was stored and not yet compacted). */
export async function logRowCount(server: TestServer, documentId: string): Promise<number> {
  const { rows } = await server.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM "DocUpdate" WHERE "documentId" = $1', [documentId]);
  return Number(rows[0]!.n);
}
