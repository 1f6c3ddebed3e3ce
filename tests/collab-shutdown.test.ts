/**
 * Shutting down (L2): new collaboration upgrades are refused with 503 while
 * the rooms close, so a client that reconnects at once cannot open a room
 * again and hold the shutdown up; what was typed is compacted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { connectProvider, eventually, login, rawUpgrade, synced, wsToken } from './helpers/clients.js';
import { createForum, type TestForum } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let forum: TestForum;

beforeAll(async () => {
  server = await startTestServer();
  forum = await createForum(server.db.prisma, { school: { sector: 'SKOLE', role: 'MEMBER', name: 'Mette Skov' } });
});
afterAll(async () => {
  await server?.close(); // already closed by the test; close() is idempotent
});

describe('shutdown', () => {
  it('[L2] during shutdown a new upgrade gets 503, the shutdown completes and the edits are compacted', async () => {
    const cookie = await login(server.url, server.origin, forum.users.school!.email);
    const writer = connectProvider(server.wsUrl, forum.docName, { token: await wsToken(server.url, server.origin, cookie) });
    await synced(writer);
    writer.text.insert(0, 'skrevet lige før lukning');
    const pool = server.db.pool;
    await eventually(async () => {
      const { rows } = await pool.query('SELECT count(*)::int AS n FROM "DocUpdate"');
      expect(rows[0].n).toBeGreaterThan(0);
    });
    const token = await wsToken(server.url, server.origin, cookie);
    const closing = server.close();
    const refused = await rawUpgrade(`${server.wsUrl}/collab/${forum.docName}?token=${token}`);
    expect(refused.status).toBe(503);
    await closing;
    writer.destroy();
    // The room was compacted on the way down: the log is empty and the snapshot has the text.
    const db = new pg.Client({ connectionString: server.databaseUrl });
    await db.connect();
    try {
      expect((await db.query('SELECT count(*)::int AS n FROM "DocUpdate"')).rows[0].n).toBe(0);
      const snap = await db.query('SELECT state FROM "DocSnapshot" WHERE "documentId" = $1', [forum.documentId]);
      expect((snap.rows[0].state as Buffer).includes(Buffer.from('skrevet lige før lukning'))).toBe(true);
    } finally {
      await db.end();
    }
  });
});
