/**
 * D7: the update log has no foreign key (its per-row check cost a row lock per keystroke); the group commit stores
 * only updates of documents it finds, and deleting documents locks the log against inserts first and deletes their
 * rows. These tests race the real statement (named, as the server prepares it) against deletes in two
 * transactions, so a row of a deleted document can never stay behind.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeUpdate } from '../server/collab/protocol.js';
import { APPEND, DocumentGone, UpdateStore } from '../server/collab/store.js';
import { Metrics } from '../server/observability/metrics.js';
import { CloseCode } from '../shared/protocol.js';
import { closeCodeOf, eventually, login, rawUpgrade, wsToken } from './helpers/clients.js';
import { createForum } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const update = (text: string) => {
  const d = new Y.Doc();
  d.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(d);
};

const logRows = async (documentId: string) =>
  (await server.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM "DocUpdate" WHERE "documentId" = $1', [documentId])).rows[0]!.n;

/** APPEND's parameters for one update of one document (as UpdateStore.write builds them). */
const appendValues = (documentId: string, data: Uint8Array) => [[documentId], Buffer.from(data), [1], [data.byteLength]];

async function newDocument(): Promise<string> {
  return (await newForum()).documentId;
}

const newForum = () => createForum(server.db.prisma, { a: { sector: 'SKOLE', role: 'MEMBER' } });

/** The group commit's statement for one update; its row count is what it stored. */
const append = (client: pg.Client, documentId: string, text: string) =>
  client.query({ name: 'doc_update_append', text: APPEND, values: appendValues(documentId, update(text)) });

describe('the log of a deleted document (D7)', () => {
  it('[D7] in one batch, the updates of a deleted document (one claiming a client id) fail with DocumentGone; the others are stored', async () => {
    const [kept, deleted] = [await newForum(), await newForum()];
    await server.db.pool.query('DELETE FROM "Document" WHERE id = $1', [deleted.documentId]);
    const metrics = new Metrics();
    const store = new UpdateStore(server.db.pool, metrics, 0);
    const claim = { clientId: 4242, userId: deleted.users.a!.id, sector: 'SKOLE' as const };
    try {
      const results = await Promise.all(
        [
          [kept.documentId, null],
          [deleted.documentId, null],
          [deleted.documentId, [claim]],
        ].map(([id, claims]) => new Promise<Error | null>((resolve) => store.append(id as string, update(`tekst ${id}`), claims as null, resolve))),
      );
      expect(results[0]).toBeNull();
      expect(results[1]).toBeInstanceOf(DocumentGone);
      expect(results[2]).toBeInstanceOf(DocumentGone);
      expect(await logRows(kept.documentId)).toBe(1);
      expect(await logRows(deleted.documentId)).toBe(0);
      expect((await server.db.pool.query('SELECT 1 FROM "DocClient" WHERE "documentId" = $1', [deleted.documentId])).rowCount).toBe(0);
    } finally {
      store.stop();
      metrics.stop();
    }
  });

  it('[D7] a delete waits for a batch in flight, then deletes what the batch stored', async () => {
    const documentId = await newDocument();
    const batch = new pg.Client({ connectionString: server.databaseUrl });
    const deleter = new pg.Client({ connectionString: server.databaseUrl });
    await Promise.all([batch.connect(), deleter.connect()]);
    try {
      await batch.query('BEGIN');
      expect((await append(batch, documentId, 'skrevet lige før sletningen')).rowCount).toBe(1);
      let deleted = false;
      const deleting = deleter.query('DELETE FROM "Document" WHERE id = $1', [documentId]).then(() => {
        deleted = true;
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(deleted).toBe(false); // held until the batch commits
      await batch.query('COMMIT');
      await deleting;
      expect(await logRows(documentId)).toBe(0);
    } finally {
      await Promise.all([batch.end(), deleter.end()]);
    }
  });

  it('[D7] a batch that waits for a delete stores nothing of that document', async () => {
    const documentId = await newDocument();
    const batch = new pg.Client({ connectionString: server.databaseUrl });
    const deleter = new pg.Client({ connectionString: server.databaseUrl });
    await Promise.all([batch.connect(), deleter.connect()]);
    try {
      await append(batch, documentId, 'før'); // the statement prepared before, as on the server's pool connections
      await deleter.query('BEGIN');
      await deleter.query('DELETE FROM "Document" WHERE id = $1', [documentId]);
      const appending = append(batch, documentId, 'skrevet under sletningen');
      await new Promise((r) => setTimeout(r, 300));
      await deleter.query('COMMIT');
      expect((await appending).rowCount).toBe(0); // its snapshot is taken after the delete's commit
      expect(await logRows(documentId)).toBe(0);
    } finally {
      await Promise.all([batch.end(), deleter.end()]);
    }
  });

  it('[D7] a delete under REPEATABLE READ is refused (its snapshot could miss a batch it waited for)', async () => {
    const documentId = await newDocument();
    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await expect(client.query('DELETE FROM "Document" WHERE id = $1', [documentId])).rejects.toThrow(/READ COMMITTED/);
      await client.query('ROLLBACK');
      expect((await server.db.pool.query('SELECT 1 FROM "Document" WHERE id = $1', [documentId])).rowCount).toBe(1);
    } finally {
      await client.end();
    }
  });

  it('[D7] deleting a forum deletes its documents and their logs', async () => {
    const forum = await createForum(server.db.prisma, { a: { sector: 'SKOLE', role: 'MEMBER' } });
    await server.db.pool.query(APPEND, appendValues(forum.documentId, update('forummets noter')));
    expect(await logRows(forum.documentId)).toBe(1);
    await server.db.prisma.forum.delete({ where: { id: forum.forumId } });
    expect(await logRows(forum.documentId)).toBe(0);
  });

  it('[D7] a writer whose document was deleted under it is closed with 4403, and nothing more is stored', async () => {
    const forum = await createForum(server.db.prisma, { a: { sector: 'SKOLE', role: 'MEMBER' } });
    const cookie = await login(server.url, server.origin, forum.users.a!.email);
    const r = await rawUpgrade(`${server.wsUrl}/collab/${forum.docName}?token=${await wsToken(server.url, server.origin, cookie)}`);
    expect(r.status).toBe(101);
    const ws = r.ws!;
    const code = closeCodeOf(ws);
    const doc = new Y.Doc();
    const sent: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => sent.push(u));
    doc.getText('t').insert(0, 'før ');
    ws.send(encodeUpdate(sent[0]!));
    await eventually(async () => expect(await logRows(forum.documentId)).toBe(1));
    await server.db.pool.query('DELETE FROM "Document" WHERE id = $1', [forum.documentId]);
    expect(await logRows(forum.documentId)).toBe(0);
    doc.getText('t').insert(4, 'efter');
    ws.send(encodeUpdate(sent[1]!));
    expect(await code).toBe(CloseCode.FORBIDDEN);
    expect(await logRows(forum.documentId)).toBe(0);
  });
});
