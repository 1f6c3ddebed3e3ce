import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../server/db/client.js';
import { connectProvider, eventually, login, synced, wsToken, type TestProvider } from './helpers/clients.js';
import { createForum, type TestForum } from './helpers/factories.js';
import { createMigratedDatabase } from './helpers/migrated-database.js';
import { spawnServer, type ServerProcess } from './helpers/process.js';

let databaseUrl: string;
let db: Database;
let forum: TestForum;
let proc: ServerProcess | undefined;

beforeAll(async () => {
  ({ url: databaseUrl, db } = await createMigratedDatabase());
  forum = await createForum(db.prisma, Object.fromEntries(
    ['a', 'b', 'c', 'd', 'e'].map((k) => [k, { sector: 'SKOLE' as const, role: 'MEMBER' as const }]),
  ));
});
afterAll(async () => {
  await proc?.kill();
  await db?.close();
});

const TOKEN = /w(\d)-(\d+);/g;
const tokensIn = (s: string) => new Set([...s.matchAll(TOKEN)].map((m) => m[0]));

async function connectAll(port: number): Promise<TestProvider[]> {
  const base = `http://127.0.0.1:${port}`;
  const origin = `http://localhost:${port}`;
  return Promise.all(
    Object.values(forum.users).map(async (u) => {
      const cookie = await login(base, origin, u.email);
      const p = connectProvider(`ws://127.0.0.1:${port}`, forum.docName, { token: await wsToken(base, origin, cookie) });
      await synced(p);
      return p;
    }),
  );
}

describe('durability', () => {
  it('[D1] SIGKILL during a burst of typing loses nothing that any other client had received', async () => {
    proc = await spawnServer({ DATABASE_URL: databaseUrl });
    const clients = await connectAll(proc.port);
    for (const c of clients) c.provider.shouldConnect = true;
    let typing = true;
    const typists = clients.map(async (c, i) => {
      for (let n = 0; typing; n++) {
        c.text.insert(c.text.length, `w${i}-${n};`);
        await new Promise((r) => setTimeout(r, 3 + i));
      }
    });
    await new Promise((r) => setTimeout(r, 1500));
    // Kill mid-burst, then read at once what every client has received from the others.
    proc.child.kill('SIGKILL');
    const seenFromOthers = new Set<string>();
    clients.forEach((c, i) => {
      for (const t of tokensIn(c.text.toString())) if (!t.startsWith(`w${i}-`)) seenFromOthers.add(t);
    });
    typing = false;
    await Promise.all(typists);
    for (const c of clients) c.destroy();
    await proc.kill();
    expect(seenFromOthers.size).toBeGreaterThan(50);

    proc = await spawnServer({ DATABASE_URL: databaseUrl });
    const [reader] = await connectAll(proc.port);
    const stored = tokensIn(reader!.text.toString());
    const missing = [...seenFromOthers].filter((t) => !stored.has(t));
    // Which of them are in the stored bytes at all tells "never stored" from "stored but not loaded" (an update
    // that does not integrate is dropped at load, and everything typed after it with it).
    const raw = await db.pool.query<{ b: Buffer }>(
      'SELECT data AS b FROM "DocUpdate" WHERE "documentId" = $1 UNION ALL SELECT state FROM "DocSnapshot" WHERE "documentId" = $1',
      [forum.documentId],
    );
    const inBytes = missing.filter((t) => raw.rows.some((r) => r.b.includes(Buffer.from(t))));
    expect(missing, `${inBytes.length} of the ${missing.length} missing are in the stored bytes`).toEqual([]);
    reader!.destroy();
    await proc.kill('SIGTERM');
  });

  it('[D3] a clean shutdown (SIGTERM) compacts every loaded document', async () => {
    proc = await spawnServer({ DATABASE_URL: databaseUrl });
    const [writer] = await connectAll(proc.port);
    writer!.text.insert(0, 'før nedlukning;');
    await eventually(async () => {
      const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM "DocUpdate"');
      expect(rows[0].n).toBeGreaterThan(0);
    });
    await proc.kill('SIGTERM');
    expect(proc.child.exitCode).toBe(0);
    writer!.destroy();
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM "DocUpdate"');
    expect(rows[0].n).toBe(0);
    const snap = await db.pool.query('SELECT state FROM "DocSnapshot" WHERE "documentId" = $1', [forum.documentId]);
    expect(snap.rows[0].state.includes(Buffer.from('før nedlukning;'))).toBe(true);
  });
});

describe('compaction under load', () => {
  it('[D4] many documents compacting at once all end up compacted and intact, two at a time', async () => {
    const { UpdateStore } = await import('../server/collab/store.js');
    const { Metrics } = await import('../server/observability/metrics.js');
    const Y = await import('yjs');
    const metrics = new Metrics();
    let running = 0;
    let most = 0;
    const store = new UpdateStore(db.pool, metrics, 0, async () => {
      // The store hook runs inside each compaction: count how many overlap.
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 20));
      running--;
    });
    const docs = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        db.prisma.document.create({ data: { forumId: forum.forumId, title: `d${i}`, docName: `compact-wave-${i}-xyz` } }),
      ),
    );
    for (const d of docs) {
      const y = new Y.Doc();
      y.getText('t').insert(0, `dokument ${d.title}`);
      await new Promise<void>((resolve, reject) => store.append(d.id, Y.encodeStateAsUpdate(y), null, (err) => (err ? reject(err) : resolve())));
    }
    await Promise.all(docs.map((d) => store.compact(d.id)));
    expect(most).toBe(2);
    for (const d of docs) {
      const { updates } = await store.load(d.id);
      const y = new Y.Doc();
      for (const u of updates) Y.applyUpdate(y, u);
      expect(y.getText('t').toString()).toBe(`dokument ${d.title}`);
    }
    expect(await db.prisma.docUpdate.count({ where: { documentId: { in: docs.map((d) => d.id) } } })).toBe(0);
    store.stop();
    metrics.stop();
  });
});
