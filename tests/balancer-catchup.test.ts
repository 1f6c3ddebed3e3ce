/**
 * The incremental catch-up after and during a Redis outage (docs/SPEC.md, SO4, SO7).
 *
 * First the reader itself against PostgreSQL: only rows a room has not seen, including one whose transaction
 * commits after a higher id was read, and the snapshot only after a compaction merged unseen rows.
 *
 * Then two instances on one database and a Redis of their own (killed and restarted, as in scale-out.test.ts;
 * needs /usr/bin/redis-server or REDIS_SERVER): N loaded documents, edits during a 10 s outage, and every row
 * each instance reads from DocUpdate, DocSnapshot and DocClient counted at its pg pool; once with the
 * incremental catch-up, once with the old one (every room re-reads its snapshot and whole log), same scenario.
 */
import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { UpdateStore } from '../server/collab/store.js';
import { CatchUpReader, type LogPosition } from '../server/scale/catch-up.js';
import type { RedisDocFanout } from '../server/scale/doc-fanout.js';
import { newDocName } from '../server/seed/demo.js';
import { connectProvider, eventually, login, synced, wsToken, type TestProvider } from './helpers/clients.js';
import { createForum, type TestForum } from './helpers/factories.js';
import { expectLogErrors } from './helpers/fail-on-console-error.js';
import { freePort, killRedis, spawnRedis } from './helpers/redis.js';
import { startTestServer, type TestServer } from './helpers/server.js';

/** The outage is on purpose: its log errors are expected (G2). */
const expectOutageErrors = () => expectLogErrors('redis_down', 'redis_unavailable');

/** A Yjs update writing `text` at the end of the document's text, as client `clientId`. */
function updateOf(doc: Y.Doc, text: string): Uint8Array {
  let captured: Uint8Array | null = null;
  const grab = (u: Uint8Array) => {
    captured = u;
  };
  doc.on('update', grab);
  doc.getText('t').insert(doc.getText('t').length, text);
  doc.off('update', grab);
  return captured!;
}

async function insertRow(db: Pick<pg.Pool, 'query'>, documentId: string, data: Uint8Array): Promise<string> {
  const { rows } = await db.query<{ id: string }>('INSERT INTO "DocUpdate" ("documentId", data) VALUES ($1, $2) RETURNING id', [documentId, Buffer.from(data)]);
  return rows[0]!.id;
}

async function bindClient(db: Pick<pg.Pool, 'query'>, documentId: string, clientId: number, userId: string): Promise<void> {
  await db.query(`INSERT INTO "DocClient" ("documentId", "clientId", "userId", sector) VALUES ($1, $2, $3, 'SKOLE')`, [documentId, clientId, userId]);
}

describe('[SO7] the catch-up reader against PostgreSQL', () => {
  let server: TestServer;
  let forum: TestForum;
  let store: UpdateStore;

  beforeAll(async () => {
    server = await startTestServer();
    forum = await createForum(server.db.prisma, { anna: { sector: 'SKOLE', role: 'MEMBER' } });
    store = new UpdateStore(server.db.pool, server.metrics, 0);
  });
  afterAll(async () => {
    store?.stop();
    await server?.close();
  });

  it('reads only what the last read could not see: a row committed after a higher id was read comes next time, nothing twice', async () => {
    const pool = server.db.pool;
    const reader = new CatchUpReader(pool);
    const documentId = forum.documentId;
    const first = new Y.Doc();
    first.clientID = 4001;
    const second = new Y.Doc();
    second.clientID = 4002;
    await insertRow(pool, documentId, updateOf(first, 'før '));
    await bindClient(pool, documentId, 4001, forum.users.anna!.id);
    const loaded = await reader.position(); // as a room takes it before its load

    // A writer's transaction draws its id and stays open while a later one commits.
    const slow = await pool.connect();
    try {
      await slow.query('BEGIN');
      const late = updateOf(first, 'langsom ');
      const slowId = await insertRow(slow, documentId, late);
      await bindClient(slow, documentId, 4002, forum.users.anna!.id);
      const fast = updateOf(second, 'hurtig ');
      const fastId = await insertRow(pool, documentId, fast);
      expect(BigInt(fastId)).toBeGreaterThan(BigInt(slowId));

      const one = await reader.read([{ documentId, position: loaded }]);
      expect(one.deltas).toHaveLength(1);
      expect(one.deltas[0]!.updates.map((u) => Buffer.from(u))).toEqual([Buffer.from(fast)]);
      expect(one.deltas[0]!.bindings).toEqual([]);
      expect(one.deltas[0]!.needsSnapshot).toBe(false);
      expect(one.position.after).toBeGreaterThanOrEqual(BigInt(fastId));
      // Nothing new since: nothing read.
      const idle = await reader.read([{ documentId, position: one.position }]);
      expect(idle.deltas).toEqual([]);

      await slow.query('COMMIT');
      const two = await reader.read([{ documentId, position: one.position }]);
      expect(two.deltas).toHaveLength(1);
      // The late row (a lower id than one already read) and its binding, and nothing read before.
      expect(two.deltas[0]!.updates.map((u) => Buffer.from(u))).toEqual([Buffer.from(late)]);
      expect(two.deltas[0]!.bindings).toEqual([{ clientId: 4002, userId: forum.users.anna!.id, sector: 'SKOLE' }]);
      expect((await reader.read([{ documentId, position: two.position }])).deltas).toEqual([]);
    } finally {
      slow.release();
    }
  });

  it('asks for the snapshot only when a compaction since the last read merged rows it may not have seen', async () => {
    const pool = server.db.pool;
    const reader = new CatchUpReader(pool);
    const doc = await server.db.prisma.document.create({ data: { forumId: forum.forumId, title: 'Noter 2', docName: newDocName() } });
    const writer = new Y.Doc();
    writer.clientID = 4003;
    await bindClient(pool, doc.id, 4003, forum.users.anna!.id);
    await insertRow(pool, doc.id, updateOf(writer, 'a '));
    let position: LogPosition = await reader.position();
    await insertRow(pool, doc.id, updateOf(writer, 'b '));
    const read = await reader.read([{ documentId: doc.id, position }]);
    expect(read.deltas[0]).toMatchObject({ needsSnapshot: false });
    position = read.position;
    // Another row, then a compaction (as another instance would run it) merges it away before it was read.
    await insertRow(pool, doc.id, updateOf(writer, 'c '));
    await store.compact(doc.id);
    expect((await pool.query('SELECT 1 FROM "DocUpdate" WHERE "documentId" = $1', [doc.id])).rowCount).toBe(0);
    const after = await reader.read([{ documentId: doc.id, position }]);
    expect(after.deltas).toEqual([{ documentId: doc.id, updates: [], bindings: [], needsSnapshot: true }]);
    expect(reader.totals.fullReads).toBe(1);
    // Read from its new place, the same compaction asks for nothing again.
    expect((await reader.read([{ documentId: doc.id, position: after.position }])).deltas).toEqual([]);
  });
});

// ---- Two instances, one database, a Redis that goes away ----

interface Reads {
  statements: number;
  /** DocUpdate rows returned. */
  updates: number;
  /** DocSnapshot rows returned. */
  snapshots: number;
  /** DocClient rows returned. */
  bindings: number;
  /** bytea bytes returned. */
  bytes: number;
}

/** Counts, at the instance's pg pool, every row its document reads return (old catch-up, new catch-up and loads). */
function countReads(server: TestServer): { reads: Reads; stop(): void } {
  const reads: Reads = { statements: 0, updates: 0, snapshots: 0, bindings: 0, bytes: 0 };
  const pool = server.db.pool as unknown as { query: (...args: unknown[]) => unknown };
  const original = pool.query;
  pool.query = function (this: unknown, ...args: unknown[]) {
    const result = original.apply(this, args);
    const name = (args[0] as { name?: string } | null)?.name;
    if (name && ['doc_load', 'doc_load_clients', 'catch_up_read'].includes(name) && result instanceof Promise) {
      reads.statements++;
      void result.then(
        (res: { rows: Array<{ log?: boolean; kind?: number; data?: Buffer | null }> }) => {
          for (const row of res.rows) {
            if (name === 'doc_load_clients' || row.kind === 3) reads.bindings++;
            else if (row.kind === 0 || row.log === true) reads.updates++;
            else if (row.log === false) reads.snapshots++;
            reads.bytes += row.data?.length ?? 0;
          }
        },
        () => {},
      );
    }
    return result;
  };
  return {
    reads,
    stop() {
      pool.query = original;
    },
  };
}

const N_DOCS = Number(process.env.CATCHUP_DOCS ?? 20);
const HISTORY_ROWS = 30; // per document before it is loaded: 20 compacted into the snapshot, 10 in the log
const EDITED_DOCS = 5;
const OUTAGE_MS = 10_000;

describe('[SO4][SO7] N loaded documents through a 10 s Redis outage', () => {
  let port: number;
  let redisProcess: ChildProcess | null = null;
  let a: TestServer;
  let b: TestServer;
  let forum: TestForum;
  const docs: Array<{ id: string; docName: string; onA: TestProvider; onB: TestProvider }> = [];
  const providers: TestProvider[] = [];

  async function provider(server: TestServer, email: string, docName: string): Promise<TestProvider> {
    const cookie = await login(server.url, server.origin, email);
    const p = connectProvider(server.wsUrl, docName, { token: await wsToken(server.url, server.origin, cookie) });
    providers.push(p);
    await synced(p);
    return p;
  }

  beforeAll(async () => {
    port = await freePort();
    redisProcess = await spawnRedis(port);
    const env = { REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_PREFIX: `samraad-t-${crypto.randomBytes(5).toString('hex')}` };
    a = await startTestServer(env);
    b = await startTestServer(env, a.databaseUrl);
    forum = await createForum(a.db.prisma, { anna: { sector: 'SKOLE', role: 'MEMBER' }, bo: { sector: 'DAGTILBUD', role: 'MEMBER' } });
    // N documents with a history: a snapshot of 20 edits and 10 more in the log, written by a bound client.
    const compactor = new UpdateStore(a.db.pool, a.metrics, 0);
    for (let i = 0; i < N_DOCS; i++) {
      const doc = await a.db.prisma.document.create({ data: { forumId: forum.forumId, title: `Noter ${i}`, docName: newDocName() } });
      const y = new Y.Doc();
      y.clientID = 5000 + i;
      await bindClient(a.db.pool, doc.id, y.clientID, forum.users.anna!.id);
      for (let r = 0; r < HISTORY_ROWS; r++) {
        await insertRow(a.db.pool, doc.id, updateOf(y, `h${r} `));
        if (r === 19) await compactor.compact(doc.id);
      }
      y.destroy();
      docs.push({ id: doc.id, docName: doc.docName, onA: null!, onB: null! });
    }
    compactor.stop();
    for (const d of docs) {
      d.onA = await provider(a, forum.users.anna!.email, d.docName);
      d.onB = await provider(b, forum.users.bo!.email, d.docName);
    }
  }, 120_000);

  afterAll(async () => {
    for (const p of providers) p.destroy();
    await b?.close();
    await a?.close();
    await killRedis(redisProcess);
  });

  const converged = () =>
    eventually(() => {
      for (const d of docs) expect(d.onB.text.toString()).toBe(d.onA.text.toString());
    }, 15_000);

  /** Edits while Redis is up (fan-out), then a 10 s outage with edits on A, then Redis back; counts what was read. */
  async function outage(label: string): Promise<{ a: Reads; b: Reads; rowsSince: number }> {
    let rowsSince = 0;
    // While Redis is up: 3 edits per document on A, carried to B over Redis (rows B's copy has but never read).
    for (const d of docs) {
      for (let i = 0; i < 3; i++) {
        d.onA.text.insert(d.onA.text.length, `${label}-op${i} `);
        rowsSince++;
      }
    }
    await converged();
    const countA = countReads(a);
    const countB = countReads(b);
    const started = Date.now();
    await killRedis(redisProcess);
    redisProcess = null;
    await eventually(() => expect(b.metrics.gauges.redisConnected!()).toBe(0));
    // One edit a second in EDITED_DOCS documents on A for the outage; B gets them from PostgreSQL.
    for (let s = 0; Date.now() - started < OUTAGE_MS; s++) {
      for (const d of docs.slice(0, EDITED_DOCS)) {
        d.onA.text.insert(d.onA.text.length, `${label}-ude${s} `);
        rowsSince++;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    redisProcess = await spawnRedis(port);
    await eventually(() => {
      expect(a.metrics.gauges.redisConnected!()).toBe(1);
      expect(b.metrics.gauges.redisConnected!()).toBe(1);
    }, 10_000);
    await converged();
    await new Promise((r) => setTimeout(r, 500)); // the catch-up on return and any resync have run
    countA.stop();
    countB.stop();
    return { a: countA.reads, b: countB.reads, rowsSince };
  }

  it('reads only the rows committed since each room last read PostgreSQL, never a snapshot, where the old catch-up read every document whole every 2 s', async () => {
    expectOutageErrors();
    const fanoutB = b.scale.fanout as RedisDocFanout;
    const incremental = await outage('ny');
    expect(fanoutB.catchUpTotals!.fullReads).toBe(0);
    // Incremental: B reads each row committed since the load once (the ones Redis brought before the outage too,
    // since B had not read them from PostgreSQL), A its own; no snapshot, no whole log.
    expect(incremental.b.snapshots).toBe(0);
    expect(incremental.b.updates).toBeLessThanOrEqual(incremental.rowsSince);
    expect(incremental.b.updates).toBeGreaterThanOrEqual(incremental.rowsSince - 3 * N_DOCS);
    expect(incremental.a.snapshots).toBe(0);
    expect(incremental.a.updates).toBeLessThanOrEqual(incremental.rowsSince);

    // The same scenario with the old catch-up: every room re-reads its snapshot and whole log.
    for (const server of [a, b]) (server.scale.fanout as unknown as { reader: unknown }).reader = null;
    const full = await outage('gammel');
    expect(full.b.snapshots).toBeGreaterThanOrEqual(N_DOCS * 5);
    expect(full.b.updates).toBeGreaterThan(incremental.b.updates * 10);

    const line = (name: string, r: Reads) =>
      `${name}: ${r.statements} statements, ${r.updates} DocUpdate + ${r.snapshots} DocSnapshot + ${r.bindings} DocClient rows, ${(r.bytes / 1024).toFixed(1)} KiB`;
    process.stdout.write(
      [
        `\n[SO7] ${N_DOCS} loaded documents on two instances, ${OUTAGE_MS / 1000} s Redis outage, edits in ${EDITED_DOCS} of them:`,
        `  rows committed since the last read: ${incremental.rowsSince} (incremental run), ${full.rowsSince} (old run)`,
        `  old catch-up   ${line('B', full.b)}; ${line('A', full.a)}`,
        `  incremental    ${line('B', incremental.b)}; ${line('A', incremental.a)}`,
        '',
      ].join('\n'),
    );
  }, 120_000);
});
