/**
 * Hostile Yjs updates from a member who may write (docs/SPEC.md, P8, P9, P11):
 * built byte by byte, sent on a real websocket while another room is typed in.
 * The sender is closed, nothing is stored or relayed, the other room's peers
 * keep receiving within tens of milliseconds, and a document poisoned before
 * the guard existed still loads at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeUpdate } from '../server/collab/protocol.js';
import { LIMITS } from '../shared/limits.js';
import { CloseCode } from '../shared/protocol.js';
import { closeCodeOf, connectProvider, eventually, login, rawUpgrade, synced, wsToken, type TestProvider } from './helpers/clients.js';
import { createForum, type TestForum } from './helpers/factories.js';
import { pendingDeletes, pendingFlood } from './helpers/hostile-updates.js';
import { logRowCount, startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let target: TestForum;
let other: TestForum;
let token: (forum: TestForum) => Promise<string>;

beforeAll(async () => {
  server = await startTestServer();
  target = await createForum(server.db.prisma, { a: { sector: 'SKOLE', role: 'MEMBER' } });
  other = await createForum(server.db.prisma, { b: { sector: 'DAGTILBUD', role: 'MEMBER' } });
  const cookies = new Map<TestForum, string>();
  for (const f of [target, other]) cookies.set(f, await login(server.url, server.origin, Object.values(f.users)[0]!.email));
  token = (f) => wsToken(server.url, server.origin, cookies.get(f)!);
});
afterAll(async () => {
  await server?.close();
});

const rowCount = (documentId: string) => logRowCount(server, documentId);

/** Two typists in `other`'s room; returns the worst delivery time seen while `during` runs. */
async function worstPeerLatency(during: () => Promise<void>): Promise<number> {
  const writer = connectProvider(server.wsUrl, other.docName, { token: await token(other) });
  const reader = connectProvider(server.wsUrl, other.docName, { token: await token(other) });
  await Promise.all([synced(writer), synced(reader)]);
  let worst = 0;
  let n = 0;
  let typing = true;
  const loop = (async () => {
    while (typing) {
      const marker = `<${n++}>`;
      const sent = performance.now();
      writer.text.insert(writer.text.length, marker);
      await eventually(() => expect(reader.text.toString()).toContain(marker), 30_000, 1);
      worst = Math.max(worst, performance.now() - sent);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await new Promise((r) => setTimeout(r, 200));
  await during();
  await new Promise((r) => setTimeout(r, 200));
  typing = false;
  await loop;
  writer.destroy();
  reader.destroy();
  return worst;
}

async function sendAndAwaitClose(forum: TestForum, message: Uint8Array, times = 1): Promise<number> {
  const r = await rawUpgrade(`${server.wsUrl}/collab/${forum.docName}?token=${await token(forum)}`);
  expect(r.status).toBe(101);
  const code = closeCodeOf(r.ws!, 20_000);
  for (let i = 0; i < times; i++) r.ws!.send(message, () => {});
  return code;
}

describe('hostile updates', () => {
  it('[P8] pending structs: sender closed, nothing stored or relayed, another room keeps its latency', async () => {
    const watcher = connectProvider(server.wsUrl, target.docName, { token: await token(target) });
    await synced(watcher);
    const before = await rowCount(target.documentId);
    const codes: number[] = [];
    const worst = await worstPeerLatency(async () => {
      // 40 000 pending clients (the probe's 280 KB update) and a variant inside the client limit.
      codes.push(await sendAndAwaitClose(target, encodeUpdate(pendingFlood(40_000, 1000))));
      // Updates that miss what they build on are dropped (and answered with a sync step 1) until too many come in a row.
      codes.push(await sendAndAwaitClose(target, encodeUpdate(pendingFlood(60, 100_000)), LIMITS.maxMissingUpdates + 1));
      codes.push(await sendAndAwaitClose(target, encodeUpdate(pendingDeletes()), LIMITS.maxMissingUpdates + 1));
    });
    expect(codes.slice(0, 2)).toEqual([CloseCode.TOO_LARGE, CloseCode.MALFORMED]);
    // 65 pending-delete updates of 990 KB: whichever comes first, the 64 in a row (P8) or the byte rate (P11), closes it.
    expect([CloseCode.MALFORMED, CloseCode.RATE_LIMITED]).toContain(codes[2]);
    expect(await rowCount(target.documentId)).toBe(before);
    expect(watcher.doc.store.pendingStructs).toBeNull();
    expect(watcher.doc.store.pendingDs).toBeNull();
    // Tens of milliseconds, not the seconds the unguarded server stalled for (the bound leaves room for a busy
    // 2-core machine running other test files: 565 ms was seen there; the unguarded server took several seconds).
    expect(worst).toBeLessThan(1500);
    watcher.destroy();
  });

  it('[P8] an update that misses what it builds on (typed while reconnecting) is dropped and answered with sync step 1; the re-sync stores it', async () => {
    const r = await rawUpgrade(`${server.wsUrl}/collab/${target.docName}?token=${await token(target)}`);
    const ws = r.ws!;
    const messages = r.received; // everything the socket got, from the greeting on
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    doc.getText('t').insert(0, 'første ');
    doc.getText('t').insert(7, 'anden');
    await eventually(() => expect(messages.length).toBeGreaterThan(0)); // the greeting (sync step 1)
    const greeted = messages.length;
    const before = await rowCount(target.documentId);
    ws.send(encodeUpdate(updates[1]!)); // the second without the first
    await eventually(() => expect(messages.length).toBeGreaterThan(greeted));
    expect([...messages[greeted]!.subarray(0, 2)]).toEqual([0, 0]); // sync step 1: "send me what I lack"
    expect(await rowCount(target.documentId)).toBe(before);
    ws.send(encodeUpdate(Y.encodeStateAsUpdate(doc))); // what a client's step 2 carries
    await eventually(async () => expect(await rowCount(target.documentId)).toBe(before + 1));
    expect(ws.readyState).toBe(ws.OPEN);
    ws.close();
  });

  it('[P9] a document poisoned before the guard existed loads at once and keeps its content', async () => {
    const poisoned = await createForum(server.db.prisma, { c: { sector: 'SKOLE', role: 'MEMBER' } });
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'bekymring om søvn');
    const good = Y.encodeStateAsUpdate(doc);
    // What the old code stored: a snapshot merged with the pending flood, and the flood as a log row.
    await server.db.pool.query('INSERT INTO "DocSnapshot" ("documentId", state, "upToId") VALUES ($1, $2, 0)', [
      poisoned.documentId,
      Buffer.from(Y.mergeUpdates([good, pendingFlood(40_000, 1000)])),
    ]);
    await server.db.pool.query('INSERT INTO "DocUpdate" ("documentId", data) VALUES ($1, $2), ($1, $3)', [
      poisoned.documentId,
      Buffer.from(pendingFlood(40_000, 50_000)),
      Buffer.from(pendingDeletes()),
    ]);
    const cookie = await login(server.url, server.origin, poisoned.users.c!.email);
    const started = performance.now();
    const reader = connectProvider(server.wsUrl, poisoned.docName, { token: await wsToken(server.url, server.origin, cookie) });
    await synced(reader);
    const syncMs = performance.now() - started;
    expect(reader.text.toString()).toBe('bekymring om søvn');
    expect(reader.doc.store.pendingStructs).toBeNull();
    expect(syncMs).toBeLessThan(3000); // the unguarded server needed about 22 s
    reader.destroy();
  });

  it('[P11] a flood of updates closes the sender with RATE_LIMITED; nothing after the limit is stored', async () => {
    const r = await rawUpgrade(`${server.wsUrl}/collab/${target.docName}?token=${await token(target)}`);
    const code = closeCodeOf(r.ws!, 20_000);
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 5000; i++) doc.getText('t').insert(0, 'x');
    const before = await rowCount(target.documentId);
    for (const u of updates) if (r.ws!.readyState === r.ws!.OPEN) r.ws!.send(encodeUpdate(u));
    expect(await code).toBe(CloseCode.RATE_LIMITED);
    await eventually(async () => expect(await rowCount(target.documentId)).toBeGreaterThan(before));
    expect((await rowCount(target.documentId)) - before).toBeLessThan(2000);
  });
});
