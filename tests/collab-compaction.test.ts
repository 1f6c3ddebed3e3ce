/**
 * Compaction takes the log in one statement (server/collab/store.ts: DELETE ...
 * RETURNING, packed into one bytea) and merges it on the worker. What it took
 * must all be in the snapshot, except (D6) a recent row that does not
 * integrate yet, which goes back into the log with its own time, and (P9) an
 * old one that never will, which goes. Rows committed meanwhile stay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { UpdateStore } from '../server/collab/store.js';
import type { Database } from '../server/db/client.js';
import { Metrics } from '../server/observability/metrics.js';
import { createForum, type TestForum } from './helpers/factories.js';
import { createMigratedDatabase } from './helpers/migrated-database.js';

let db: Database;
let forum: TestForum;
let store: UpdateStore;
let metrics: Metrics;

beforeAll(async () => {
  ({ db } = await createMigratedDatabase());
  forum = await createForum(db.prisma, { a: { sector: 'SKOLE', role: 'MEMBER' } });
  metrics = new Metrics();
  store = new UpdateStore(db.pool, metrics, 0);
});
afterAll(async () => {
  store?.stop();
  metrics?.stop();
  await db?.close();
});

const append = (documentId: string, update: Uint8Array) =>
  new Promise<void>((resolve, reject) => store.append(documentId, update, null, (err) => (err ? reject(err) : resolve())));

const textOf = (updates: Uint8Array[]) => {
  const d = new Y.Doc();
  for (const u of updates) Y.applyUpdate(d, u);
  return d.getText('t').toString();
};

describe('compaction', () => {
  it('[D4] merges a long log into the snapshot and empties it; a second compaction merges onto the first', async () => {
    const doc = await db.prisma.document.create({ data: { forumId: forum.forumId, title: 'c1', docName: 'compaction-long-xyz' } });
    const y = new Y.Doc();
    const updates: Uint8Array[] = [];
    y.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 1500; i++) y.getText('t').insert(i % (y.getText('t').length + 1), String.fromCharCode(97 + (i % 26)));
    await Promise.all(updates.slice(0, 1000).map((u) => append(doc.id, u)));
    const first = await store.compact(doc.id);
    expect(first.rows).toBe(1000);
    expect(first.state).not.toBeNull();
    await Promise.all(updates.slice(1000).map((u) => append(doc.id, u)));
    const second = await store.compact(doc.id);
    expect(second.rows).toBe(500);
    const loaded = await store.load(doc.id);
    expect(loaded.logRows).toBe(0);
    expect(textOf(loaded.updates)).toBe(y.getText('t').toString());
    expect(textOf([second.state!])).toBe(y.getText('t').toString());
  });

  it('[D6][P9] a recent row that does not integrate yet stays in the log with its time; an old one goes', async () => {
    const doc = await db.prisma.document.create({ data: { forumId: forum.forumId, title: 'c2', docName: 'compaction-kept-xyz' } });
    const y = new Y.Doc();
    const updates: Uint8Array[] = [];
    y.on('update', (u: Uint8Array) => updates.push(u));
    for (const word of ['en ', 'to ', 'tre ', 'fire ']) y.getText('t').insert(y.getText('t').length, word);
    const [u1, u2, u3, u4] = updates as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    // u3 without u2 (its commit failed, D6: the writer sends both again), and an old row that never integrates (P9).
    const stranger = new Y.Doc();
    stranger.getText('t').insert(0, 'x');
    stranger.getText('t').insert(1, 'y');
    const orphan = Y.encodeStateAsUpdate(stranger, Y.encodeStateVector((() => {
      const d = new Y.Doc();
      d.clientID = stranger.clientID;
      d.getText('t').insert(0, 'x');
      return d;
    })()));
    await append(doc.id, u1);
    await append(doc.id, u3);
    const stamp = new Date(Date.now() - 3 * 3600_000);
    await db.pool.query('INSERT INTO "DocUpdate" ("documentId", data, "createdAt") VALUES ($1, $2, $3)', [doc.id, Buffer.from(orphan), stamp]);
    const kept = await db.pool.query<{ createdAt: Date }>('SELECT "createdAt" FROM "DocUpdate" WHERE "documentId" = $1 ORDER BY id LIMIT 1 OFFSET 1', [doc.id]);

    const r = await store.compact(doc.id);
    expect(r.rows).toBe(2); // u1 merged, the orphan dropped
    expect(r.state).toBeNull(); // the merge lacks what was kept
    const log = await db.pool.query<{ data: Buffer; createdAt: Date }>('SELECT data, "createdAt" FROM "DocUpdate" WHERE "documentId" = $1', [doc.id]);
    expect(log.rows.length).toBe(1);
    expect(Buffer.from(log.rows[0]!.data).equals(Buffer.from(u3))).toBe(true);
    expect(Math.abs(log.rows[0]!.createdAt.getTime() - kept.rows[0]!.createdAt.getTime())).toBeLessThan(2);

    // The missing update arrives: now everything integrates and the log empties.
    await append(doc.id, u2);
    await append(doc.id, u4);
    const again = await store.compact(doc.id);
    expect(again.rows).toBe(3);
    const loaded = await store.load(doc.id);
    expect(loaded.logRows).toBe(0);
    expect(textOf(loaded.updates)).toBe('en to tre fire ');
  });
});
