/**
 * Closed means closed, for sockets already open (docs/SPEC.md, CS3): when the
 * chair closes a case, every writer on its document is told at once (4423
 * CASE_CLOSED) and comes back as a reader; nothing typed afterwards is stored
 * or relayed, and nothing stored before is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeUpdate } from '../server/collab/protocol.js';
import { CloseCode } from '../shared/protocol.js';
import { apiAs } from './helpers/api.js';
import { closeCodeOf, connectProvider, eventually, rawUpgrade, synced, wsTokenAs, type TestProvider } from './helpers/clients.js';
import { createCase } from './helpers/domain-factories.js';
import { createForum, type TestForum } from './helpers/factories.js';
import { logRowCount, startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let forum: TestForum;
const open: TestProvider[] = [];

const tokenOf = (key: string) => wsTokenAs(server, forum.users[key]!.email);
const rowCount = (documentId: string) => logRowCount(server, documentId);

async function openCase() {
  const kase = await createCase(server.db.prisma, forum.forumId, forum.users.chair!.id);
  const doc = await server.db.prisma.document.findUniqueOrThrow({ where: { id: kase.documentId } });
  return { kase, docName: doc.docName };
}

beforeAll(async () => {
  server = await startTestServer();
  forum = await createForum(server.db.prisma, {
    chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Ahmed Nielsen' },
    school: { sector: 'SKOLE', role: 'MEMBER', name: 'Mette Skov' },
    guest: { sector: 'ANDET', role: 'GUEST', name: 'Gæst Gæstesen' },
  });
});
afterAll(async () => {
  for (const p of open.splice(0)) p.destroy();
  await server?.close();
});

describe('closing a case with its document open', () => {
  it('[CS3] open writers are closed with CASE_CLOSED and reconnect as readers; later typing is neither stored nor relayed', async () => {
    const { kase, docName } = await openCase();
    const writer = connectProvider(server.wsUrl, docName, { token: await tokenOf('school') });
    const chairsOwn = connectProvider(server.wsUrl, docName, { token: await tokenOf('chair') });
    const reader = connectProvider(server.wsUrl, docName, { token: await tokenOf('guest') });
    open.push(writer, chairsOwn, reader);
    await Promise.all([synced(writer), synced(chairsOwn), synced(reader)]);
    writer.text.insert(0, 'skrevet mens sagen var åben ');
    await eventually(() => expect(reader.text.toString()).toContain('skrevet mens sagen var åben'));
    await eventually(async () => expect(await rowCount(kase.documentId)).toBe(1));

    const chair = await apiAs(server.url, server.origin, forum.users.chair!.email);
    expect((await chair.send('POST', `/api/cases/${kase.id}/close`)).status).toBe(204);
    await eventually(() => {
      expect(writer.closes).toEqual([CloseCode.CASE_CLOSED]);
      expect(chairsOwn.closes).toEqual([CloseCode.CASE_CLOSED]); // every writer, the chair's own tab too
    }, 1000);
    // The web client reconnects (collab.ts does not stop on CASE_CLOSED): back as a reader, with everything stored before.
    const again = connectProvider(server.wsUrl, docName, { token: await tokenOf('school') });
    open.push(again);
    await synced(again);
    expect(again.text.toString()).toContain('skrevet mens sagen var åben');
    again.text.insert(0, 'efter lukning ');
    await new Promise((r) => setTimeout(r, 300));
    expect(reader.text.toString()).not.toContain('efter lukning');
    expect(await rowCount(kase.documentId)).toBe(1);
    expect(reader.closes).toEqual([]); // readers stay connected
  });

  it('[CS3] an update sent on an already open socket right after the close is refused with CASE_CLOSED, nothing stored', async () => {
    const { kase, docName } = await openCase();
    const raw = await rawUpgrade(`${server.wsUrl}/collab/${docName}?token=${await tokenOf('school')}`);
    expect(raw.status).toBe(101);
    const closed = closeCodeOf(raw.ws!);
    const chair = await apiAs(server.url, server.origin, forum.users.chair!.email);
    expect((await chair.send('POST', `/api/cases/${kase.id}/close`)).status).toBe(204);
    // The socket may not have read its close frame yet: a client that types now must not be stored.
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'for sent');
    raw.ws!.send(encodeUpdate(Y.encodeStateAsUpdate(doc)), () => {});
    expect(await closed).toBe(CloseCode.CASE_CLOSED);
    await new Promise((r) => setTimeout(r, 200));
    expect(await rowCount(kase.documentId)).toBe(0);
  });

  it('[CS3] a writer whose socket opens after the close is a reader', async () => {
    const { kase, docName } = await openCase();
    const chair = await apiAs(server.url, server.origin, forum.users.chair!.email);
    expect((await chair.send('POST', `/api/cases/${kase.id}/close`)).status).toBe(204);
    const late = connectProvider(server.wsUrl, docName, { token: await tokenOf('school') });
    open.push(late);
    await synced(late);
    late.text.insert(0, 'for sent');
    await new Promise((r) => setTimeout(r, 300));
    expect(await rowCount(kase.documentId)).toBe(0);
    expect(late.closes).toEqual([]);
  });
});
