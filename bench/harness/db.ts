/**
 * The bench database: BENCH_DATABASE_URL, else a fresh database on the local
 * PostgreSQL (dropped afterwards), else an embedded PostgreSQL. Also seeds
 * Samråd's rows (user, forum, documents) and fetches websocket tokens.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { hashPassword } from '../../server/auth/passwords.js';
import { createDatabase } from '../../server/db/client.js';
import { connectionFromUrl, startEmbedded } from '../../server/db/postgres.js';

export interface BenchDatabase {
  url: string;
  where: string;
  drop(): Promise<void>;
}

export async function openBenchDatabase(): Promise<BenchDatabase> {
  if (process.env.BENCH_DATABASE_URL) {
    return { url: process.env.BENCH_DATABASE_URL, where: 'BENCH_DATABASE_URL', drop: async () => {} };
  }
  const name = `samraad_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    return {
      url: `postgres://postgres@127.0.0.1:5432/${name}`,
      where: `local PostgreSQL 127.0.0.1:5432, database ${name}`,
      drop: async () => {
        const c = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      },
    };
  } catch {
    await admin.end().catch(() => {});
  }
  const dir = path.join(os.tmpdir(), `samraad-bench-pg-${crypto.randomBytes(4).toString('hex')}`, 'data');
  const port = 55_000 + Math.floor(Math.random() * 5000);
  const handle = await startEmbedded(dir, port, 'samraad_bench');
  const c = handle.connection;
  return {
    url: `postgres://${c.user}:${c.password}@127.0.0.1:${port}/samraad_bench`,
    where: `embedded PostgreSQL at ${dir}`,
    drop: () => handle.stop(),
  };
}

const PASSWORD = 'bench-password-123';

/** Creates one user, one forum and a document row for every room name. */
export async function seedSamraad(url: string, docNames: string[]): Promise<string> {
  const db = createDatabase(connectionFromUrl(url), 2);
  try {
    const email = `bench-${crypto.randomBytes(3).toString('hex')}@bench.local`;
    const municipality = await db.prisma.municipality.create({ data: { name: 'Bench Kommune' } });
    const user = await db.prisma.user.create({
      data: { municipalityId: municipality.id, email, name: 'Bench', passwordHash: await hashPassword(PASSWORD) },
    });
    const forum = await db.prisma.forum.create({ data: { municipalityId: municipality.id, name: 'Bench SSD', type: 'SSD' } });
    await db.prisma.membership.create({ data: { userId: user.id, forumId: forum.id, sector: 'SKOLE', role: 'MEMBER' } });
    await db.prisma.document.createMany({
      data: docNames.map((docName) => ({ forumId: forum.id, title: docName, docName })),
      skipDuplicates: true,
    });
    return email;
  } finally {
    await db.close();
  }
}

/** Logs in and returns `count` websocket tokens (reusable until they expire). */
export async function samraadTokens(port: number, email: string, count: number): Promise<string[]> {
  const origin = `http://localhost:${port}`;
  const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = await fetch(`http://127.0.0.1:${port}/api/auth/ws-token`, { method: 'POST', headers: { origin, cookie } });
    if (!r.ok) throw new Error(`ws-token failed: ${r.status}`);
    tokens.push(((await r.json()) as { token: string }).token);
  }
  return tokens;
}

/** Stores `state` as the persisted state of `docNames` in the server's own storage. */
export async function preloadDocs(url: string, kind: 'samraad' | 'hocuspocus', docNames: string[], state: Uint8Array): Promise<void> {
  const client = new pg.Client(connectionFromUrl(url));
  await client.connect();
  try {
    const data = Buffer.from(state);
    if (kind === 'samraad') {
      await client.query(
        `INSERT INTO "DocSnapshot" ("documentId", state, "upToId", "updatedAt")
         SELECT id, $1, 0, now() FROM "Document" WHERE "docName" = ANY($2::text[])
         ON CONFLICT ("documentId") DO UPDATE SET state = EXCLUDED.state`,
        [data, docNames],
      );
    } else {
      await client.query(
        `INSERT INTO hocuspocus_documents (name, data) SELECT unnest($2::text[]), $1
         ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data`,
        [data, docNames],
      );
    }
  } finally {
    await client.end();
  }
}

/**
 * VACUUM (ANALYZE) the bench database before a server starts. PostgreSQL on the project's machines runs with
 * autovacuum off (its configuration file), so without this every server would inherit the dead rows of the ones
 * before it, and of its own earlier rounds: Samråd's log is written and deleted (compaction) by the keystroke, so
 * without a vacuum its table and indexes only grow (PostgreSQL's CPU per keystroke at 200 x 8 was 0.037 CPU-s / 1k
 * in a third round against 0.023-0.026 in fresh single runs). A production server vacuums as it goes.
 */
export async function vacuumBenchDatabase(url: string): Promise<void> {
  const client = new pg.Client(connectionFromUrl(url));
  await client.connect();
  try {
    await client.query('VACUUM (ANALYZE)');
  } finally {
    await client.end();
  }
}
