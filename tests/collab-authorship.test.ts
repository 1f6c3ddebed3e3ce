/**
 * Authorship bound to the connection (docs/SPEC.md, P10): a Yjs client id is
 * bound, durably and in the same statement as its first update, to the user
 * who first wrote under it; nobody else may add items under it, while or after
 * its writer is connected, on this instance or another one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeUpdate } from '../server/collab/protocol.js';
import { CloseCode } from '../shared/protocol.js';
import { connectProvider, eventually, synced, wsTokenAs, type TestProvider } from './helpers/clients.js';
import { apiAs } from './helpers/api.js';
import { createForum, createOutsider, type TestForum } from './helpers/factories.js';
import { logRowCount, startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let forum: TestForum;
const open: TestProvider[] = [];

async function connect(key: string, on: TestServer = server): Promise<TestProvider> {
  const p = connectProvider(on.wsUrl, forum.docName, { token: await wsTokenAs(on, forum.users[key]!.email) });
  open.push(p);
  await synced(p);
  return p;
}

async function stored(): Promise<{ rows: number; bindings: Array<{ clientId: string; userId: string; sector: string }> }> {
  const bound = await server.db.pool.query<{ clientId: string; userId: string; sector: string }>(
    'SELECT "clientId", "userId", sector FROM "DocClient" WHERE "documentId" = $1 ORDER BY "createdAt"',
    [forum.documentId],
  );
  return { rows: await logRowCount(server, forum.documentId), bindings: bound.rows };
}

/**
 * `attacker` sends, on its socket, `text` added under `clientId` to what
 * `base` holds; the update carries `base`'s content too when the server is
 * not to be assumed to have it.
 */
function writeAs(attacker: TestProvider, clientId: number, text: string, base: Y.Doc = attacker.doc, withBase = false): void {
  const forged = new Y.Doc();
  Y.applyUpdate(forged, Y.encodeStateAsUpdate(base));
  const known = Y.encodeStateVector(forged);
  forged.clientID = clientId;
  forged.getText('t').insert(forged.getText('t').length, text);
  attacker.provider.ws!.send(encodeUpdate(withBase ? Y.encodeStateAsUpdate(forged) : Y.encodeStateAsUpdate(forged, known)));
  forged.destroy();
}

beforeAll(async () => {
  server = await startTestServer();
  forum = await createForum(server.db.prisma, {
    school: { sector: 'SKOLE', role: 'MEMBER', name: 'Mette Skov' },
    daycare: { sector: 'DAGTILBUD', role: 'MEMBER', name: 'Jonas Holm' },
  });
});
afterAll(async () => {
  for (const p of open.splice(0)) p.destroy();
  await server?.close();
});

describe('authorship bound to the connection', () => {
  it('[P10] the first update under a client id binds it to its writer and sector, durably', async () => {
    const school = await connect('school');
    school.text.insert(0, 'Mette skriver');
    await eventually(async () => {
      const { bindings } = await stored();
      expect(bindings).toContainEqual({ clientId: String(school.doc.clientID), userId: forum.users.school!.id, sector: 'SKOLE' });
    });
    // Further edits under the same id bind nothing new.
    school.text.insert(0, '… ');
    await new Promise((r) => setTimeout(r, 200));
    expect((await stored()).bindings.filter((b) => b.clientId === String(school.doc.clientID))).toHaveLength(1);
  });

  it('[P10] GET /api/documents/:docName/writers names who writes under each bound client id; others get 404', async () => {
    const school = await connect('school');
    school.text.insert(0, 'til optegnelsen ');
    const api = await apiAs(server.url, server.origin, forum.users.daycare!.email);
    await eventually(async () => {
      const res = await api.get<{ writers: unknown[] }>(`/api/documents/${forum.docName}/writers`);
      expect(res.status).toBe(200);
      expect(res.body.writers).toContainEqual({ clientId: school.doc.clientID, userId: forum.users.school!.id, name: 'Mette Skov', sector: 'SKOLE' });
    });
    const outsider = await createOutsider(server.db.prisma, forum.municipalityId);
    const other = await apiAs(server.url, server.origin, outsider.email);
    expect((await other.get(`/api/documents/${forum.docName}/writers`)).status).toBe(404);
    expect((await api.get('/api/documents/no-such-document-xyz/writers')).status).toBe(404);
    for (const bad of ['x'.repeat(300), 'a%20b%20c%20d', 'kort']) expect((await api.get(`/api/documents/${bad}/writers`)).status, bad).toBe(400);
  });

  it("[P10] writing under a connected colleague's client id: closed FORBIDDEN, nothing stored or relayed", async () => {
    const school = await connect('school');
    const daycare = await connect('daycare');
    school.text.insert(0, 'bekymring ');
    await eventually(() => expect(daycare.text.toString()).toContain('bekymring'));
    const before = await stored();
    writeAs(daycare, school.doc.clientID, 'forfalsket');
    await eventually(() => expect(daycare.closes).toContain(CloseCode.FORBIDDEN));
    await new Promise((r) => setTimeout(r, 200));
    expect(school.text.toString()).not.toContain('forfalsket');
    expect((await stored()).rows).toBe(before.rows);
    // The colleague's own writing goes on.
    school.text.insert(0, 'videre ');
    await eventually(async () => expect((await stored()).rows).toBe(before.rows + 1));
  });

  it('[P10] a client id a colleague has announced (cursor shown, nothing typed yet) cannot be taken', async () => {
    const school = await connect('school');
    const daycare = await connect('daycare');
    school.provider.awareness.setLocalStateField('cursor', { anchor: 0 });
    await eventually(() => expect(daycare.provider.awareness.getStates().get(school.doc.clientID)).toBeDefined());
    const before = await stored();
    writeAs(daycare, school.doc.clientID, 'først');
    await eventually(() => expect(daycare.closes).toContain(CloseCode.FORBIDDEN));
    expect(await stored()).toEqual(before);
  });

  it('[P10] a client id stays bound after its writer left, also for an instance that loads the document later', async () => {
    const school = await connect('school');
    school.text.insert(0, 'skrevet før hun gik ');
    const departed = school.doc.clientID;
    await eventually(async () => expect((await stored()).bindings.map((b) => b.clientId)).toContain(String(departed)));
    school.destroy();
    const second = await startTestServer({}, server.databaseUrl);
    try {
      for (const on of [server, second]) {
        const daycare = await connect('daycare', on);
        const before = await stored();
        writeAs(daycare, departed, `overtaget på ${on === server ? 'første' : 'anden'}`);
        await eventually(() => expect(daycare.closes).toContain(CloseCode.FORBIDDEN));
        expect((await stored()).rows).toBe(before.rows);
        daycare.destroy();
      }
    } finally {
      await second.close();
    }
  });

  it('[P10] two instances that both think an id is free: PostgreSQL binds it once, the loser stores nothing', async () => {
    const second = await startTestServer({}, server.databaseUrl);
    try {
      // The room is loaded on the second instance first, so it does not learn of the binding made on the first (no Redis).
      const daycare = await connect('daycare', second);
      const school = await connect('school');
      school.text.insert(0, 'min tekst ');
      await eventually(async () => expect((await stored()).bindings.map((b) => b.clientId)).toContain(String(school.doc.clientID)));
      const before = await stored();
      // Daycare adds to the colleague's text, which the second instance has not seen: it looks like a free id there.
      writeAs(daycare, school.doc.clientID, 'kapløb', school.doc, true);
      // Refused by the database (a retry is allowed) ...
      await eventually(() => expect(daycare.closes).toEqual([CloseCode.STORAGE_FAILED]));
      await synced(daycare);
      // ... and once the instance has learnt the owner, refused there.
      await eventually(() => expect(daycare.text.toString()).toContain('min tekst'));
      writeAs(daycare, school.doc.clientID, 'igen');
      await eventually(() => expect(daycare.closes).toContain(CloseCode.FORBIDDEN));
      const after = await stored();
      expect(after.rows).toBe(before.rows);
      expect(after.bindings.filter((b) => b.clientId === String(school.doc.clientID))).toEqual([
        { clientId: String(school.doc.clientID), userId: forum.users.school!.id, sector: 'SKOLE' },
      ]);
    } finally {
      await second.close();
    }
  });
});
