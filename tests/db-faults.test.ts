/**
 * PostgreSQL faults never end the process (docs/SPEC.md, D6): the server's
 * database connections are cut again and again (pg_terminate_backend, as a
 * failover, a restart or a network blip would) while three members type and
 * compaction runs every few updates. The server stays up, /healthz answers,
 * every edit a peer saw is stored, and the writers' edits are stored once they
 * have reconnected and re-sent.
 */
import { Hono } from 'hono';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionFromUrl } from '../server/db/postgres.js';
import { systemRoutes } from '../server/features/system/routes.js';
import type { AppEnv, Services } from '../server/http/context.js';
import { connectProvider, eventually, login, synced, wsToken, type TestProvider } from './helpers/clients.js';
import { createForum, type TestForum } from './helpers/factories.js';
import { createMigratedDatabase } from './helpers/migrated-database.js';
import { spawnServer, type ServerProcess } from './helpers/process.js';

let databaseUrl: string;
let forum: TestForum;
let proc: ServerProcess | undefined;

beforeAll(async () => {
  const { url, db } = await createMigratedDatabase();
  databaseUrl = url;
  forum = await createForum(db.prisma, Object.fromEntries(['w0', 'w1', 'w2', 'reader'].map((k) => [k, { sector: 'SKOLE' as const, role: 'MEMBER' as const }])));
  // Closed before the faults: the test's own connections would be cut too.
  await db.close();
});
afterAll(async () => {
  await proc?.kill();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Each writer types `w<i>-<n>;` tokens; a set of them says what a text holds. */
const tokensIn = (s: string) => new Set([...s.matchAll(/w\d-\d+;/g)].map((m) => m[0]));
const missingFrom = (expected: Iterable<string>, actual: Set<string>) => [...expected].filter((t) => !actual.has(t));

async function connect(port: number, key: string): Promise<TestProvider> {
  const base = `http://127.0.0.1:${port}`;
  const origin = `http://localhost:${port}`;
  const cookie = await login(base, origin, forum.users[key]!.email);
  const p = connectProvider(`ws://127.0.0.1:${port}`, forum.docName, { token: await wsToken(base, origin, cookie) });
  await synced(p);
  return p;
}

describe('database faults', () => {
  it('[D6] connections cut repeatedly during typing and compaction: no exit, healthz answers, nothing seen or written is lost', async () => {
    // Compaction every 10-15 log rows: several run while the connections are being cut.
    proc = await spawnServer({ DATABASE_URL: databaseUrl, COMPACT_AFTER_UPDATES: '10' });
    const port = proc.port;
    const writers = await Promise.all(['w0', 'w1', 'w2'].map((k) => connect(port, k)));
    const reader = await connect(port, 'reader');
    const seenByReader = new Set<string>();
    reader.doc.on('update', () => {
      for (const t of tokensIn(reader.text.toString())) seenByReader.add(t);
    });

    let typing = true;
    const typists = writers.map(async (w, i) => {
      for (let n = 0; typing; n++) {
        w.text.insert(w.text.length, `w${i}-${n};`);
        await sleep(8);
      }
    });
    const killer = new pg.Client(connectionFromUrl(databaseUrl));
    await killer.connect();
    let cuts = 0;
    try {
      await sleep(500);
      // ~5 s: every backend of the test database but this one, every 300 ms.
      for (let round = 0; round < 16; round++) {
        const { rowCount } = await killer.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
        );
        cuts += rowCount ?? 0;
        await sleep(300);
      }
    } finally {
      await killer.end();
    }
    // Typing goes on a little after the last cut, then stops.
    await sleep(1000);
    typing = false;
    await Promise.all(typists);
    expect(cuts).toBeGreaterThan(10);

    // Still running, and healthy again.
    // Seen once in a clean-clone run (exit 1) and not reproduced since: say why when it happens.
    if (proc.child.exitCode !== null) console.warn('db-faults: the server exited; its last output:\n', proc.output().slice(-3000));
    expect(proc.child.exitCode).toBeNull();
    expect(proc.child.signalCode).toBeNull();
    expect(proc.output()).not.toContain('uncaught_exception');
    expect(proc.output()).toContain('db_idle_client_error');
    await eventually(async () => expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200), 10_000);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(Number(/^samraad_db_connection_errors_total (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThan(0);

    // Every writer's own edits are stored once it has reconnected and re-sent: a new client gets all of them.
    const written = new Set(writers.flatMap((w, i) => [...tokensIn(w.text.toString())].filter((t) => t.startsWith(`w${i}-`))));
    expect(written.size).toBeGreaterThan(100);
    const fresh = await connect(port, 'reader');
    await eventually(() => expect(missingFrom(written, tokensIn(fresh.text.toString()))).toEqual([]), 20_000, 200);
    for (const p of [fresh, reader, ...writers]) p.destroy();

    // What a peer saw was stored: once the room has unloaded (compacting on the way), a reload from the
    // database alone holds all of it, and all that was written.
    await sleep(1500);
    const reloaded = await connect(port, 'reader');
    const stored = tokensIn(reloaded.text.toString());
    reloaded.destroy();
    expect(seenByReader.size).toBeGreaterThan(100);
    expect(missingFrom(seenByReader, stored)).toEqual([]);
    expect(missingFrom(written, stored)).toEqual([]);
    expect(proc.child.exitCode).toBeNull();
    await proc.kill('SIGTERM');
  });

  it('[D6] /healthz answers 503 within its timeout when the database hangs', async () => {
    const hanging = { query: () => new Promise(() => {}) };
    const services = { db: { pool: hanging }, metrics: { gauges: {} } } as unknown as Services;
    const app = new Hono<AppEnv>()
      .use(async (c, next) => {
        c.set('services', services);
        await next();
      })
      .route('/', systemRoutes);
    const started = performance.now();
    const res = await app.request('/healthz');
    expect(performance.now() - started).toBeLessThan(3000);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'degraded', database: 'timeout' });
  });
});
