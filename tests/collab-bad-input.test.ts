import crypto from 'node:crypto';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LIMITS } from '../shared/limits.js';
import { encodeUpdate } from '../server/collab/protocol.js';
import { CloseCode } from '../shared/protocol.js';
import { closeCodeOf, connectProvider, eventually, login, rawUpgrade, synced, wsToken, type TestProvider } from './helpers/clients.js';
import { createForum, type TestForum } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let forum: TestForum;
let token: () => Promise<string>;
let watcher: TestProvider;
let writer: TestProvider;

beforeAll(async () => {
  server = await startTestServer();
  forum = await createForum(server.db.prisma, { a: { sector: 'SKOLE', role: 'MEMBER' } });
  const cookie = await login(server.url, server.origin, forum.users.a!.email);
  token = () => wsToken(server.url, server.origin, cookie);
  watcher = connectProvider(server.wsUrl, forum.docName, { token: await token() });
  writer = connectProvider(server.wsUrl, forum.docName, { token: await token() });
  await Promise.all([synced(watcher), synced(writer)]);
});
afterAll(async () => {
  watcher?.destroy();
  writer?.destroy();
  await server?.close();
});

async function openRaw() {
  const r = await rawUpgrade(`${server.wsUrl}/collab/${forum.docName}?token=${await token()}`);
  expect(r.status).toBe(101);
  return r.ws!;
}

/** After a bad client was thrown out, the others still sync. */
async function othersStillSync(marker: string) {
  writer.text.insert(writer.text.length, marker);
  await eventually(() => expect(watcher.text.toString()).toContain(marker));
}

describe('bad input closes only the offending connection', () => {
  it('[P3] random bytes: closed with MALFORMED', async () => {
    const ws = await openRaw();
    const code = closeCodeOf(ws);
    ws.send(Buffer.from([0x07, ...crypto.randomBytes(64)]));
    expect(await code).toBe(CloseCode.MALFORMED);
    await othersStillSync('[random]');
  });

  it('[P3] a truncated update: closed with MALFORMED, and nothing of it is stored', async () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'afkortet opdatering med en del tekst');
    const update = Y.encodeStateAsUpdate(doc);
    const ws = await openRaw();
    const code = closeCodeOf(ws);
    ws.send(encodeUpdate(update.slice(0, update.length - 5)));
    expect(await code).toBe(CloseCode.MALFORMED);
    await othersStillSync('[truncated]');
    expect(watcher.text.toString()).not.toContain('afkortet');
    const { rows } = await server.db.pool.query('SELECT data FROM "DocUpdate"');
    expect(rows.some((r: { data: Buffer }) => r.data.includes(Buffer.from('afkortet')))).toBe(false);
  });

  it('[P3] a truncated frame header and an unknown sync step: closed with MALFORMED', async () => {
    for (const bytes of [[0, 2, 200], [0, 9, 0], [1, 5, 1, 2]]) {
      const ws = await openRaw();
      const code = closeCodeOf(ws);
      ws.send(Buffer.from(bytes));
      expect(await code).toBe(CloseCode.MALFORMED);
    }
    await othersStillSync('[header]');
  });

  it('[P3] invalid awareness JSON: closed with MALFORMED', async () => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, 42);
    encoding.writeVarUint(inner, 1);
    encoding.writeVarString(inner, '{not json');
    encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
    const ws = await openRaw();
    const code = closeCodeOf(ws);
    ws.send(encoding.toUint8Array(e));
    expect(await code).toBe(CloseCode.MALFORMED);
    await othersStillSync('[awareness]');
  });

  it('[P4] an oversized frame: closed with TOO_LARGE', async () => {
    const ws = await openRaw();
    const code = closeCodeOf(ws);
    ws.send(Buffer.alloc(LIMITS.maxMessageBytes + 10, 0));
    expect(await code).toBe(CloseCode.TOO_LARGE);
    await othersStillSync('[oversized]');
  });

  it('[P4] a frame beyond the hard cap: closed by the websocket layer with 1009', async () => {
    const ws = await openRaw();
    const code = closeCodeOf(ws);
    ws.send(Buffer.alloc(LIMITS.maxMessageBytes * 2 + 10, 0));
    expect(await code).toBe(1009);
    await othersStillSync('[hardcap]');
  });

  it('[P5] a client that stops reading is disconnected as a slow consumer', async () => {
    const ws = await openRaw();
    const code = closeCodeOf(ws, 20_000);
    // Stop reading from the socket: the server's send buffer for it fills up.
    (ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const big = 'x'.repeat(200_000);
    for (let i = 0; i < 80 && ws.readyState === ws.OPEN; i++) {
      writer.text.insert(writer.text.length, big);
      writer.text.delete(writer.text.length - big.length, big.length);
      await new Promise((r) => setTimeout(r, 20));
    }
    // A slow reader, not a dead one: it comes back well after the old 2 s kill timer and still learns why.
    await eventually(() => expect(server.metrics.closedByCode.get(CloseCode.SLOW_CONSUMER) ?? 0).toBeGreaterThan(0), 10_000);
    await new Promise((r) => setTimeout(r, 3000));
    (ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await code).toBe(CloseCode.SLOW_CONSUMER);
    await othersStillSync('[slow]');
  });
});
