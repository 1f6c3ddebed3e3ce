/**
 * LB9: no CPR number enters a case document's free text through Yjs. Stock
 * y-websocket clients (not the editor, which refuses it as it is typed) write
 * CPR numbers into the concern note one digit per update, into the voice, an
 * action title and an SoS point; the server closes them with CPR_REFUSED and
 * stores and relays nothing of it. Other numbers (a phone number, a date)
 * pass, and so does everything before the refused update.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../shared/protocol.js';
import { findCprNumbers } from '../shared/cpr.js';
import { connectProvider, eventually, synced, wsTokenAs, type TestProvider } from './helpers/clients.js';
import { createCase } from './helpers/domain-factories.js';
import { createForum, type TestForum } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let forum: TestForum;
const open: TestProvider[] = [];

beforeAll(async () => {
  server = await startTestServer();
  forum = await createForum(server.db.prisma, {
    school: { sector: 'SKOLE', role: 'MEMBER', name: 'Mette Skov' },
    social: { sector: 'SOCIAL', role: 'CHAIR', name: 'Sara Berg' },
  });
});
afterAll(async () => {
  for (const p of open.splice(0)) p.destroy();
  await server?.close();
});

async function caseDoc(): Promise<{ docName: string; documentId: string }> {
  const kase = await createCase(server.db.prisma, forum.forumId, forum.users.social!.id);
  const { docName } = await server.db.prisma.document.findUniqueOrThrow({ where: { id: kase.documentId }, select: { docName: true } });
  return { docName, documentId: kase.documentId };
}

async function writer(docName: string, key: 'school' | 'social'): Promise<TestProvider> {
  const p = connectProvider(server.wsUrl, docName, { token: await wsTokenAs(server, forum.users[key]!.email) });
  open.push(p);
  await synced(p);
  return p;
}

/** Everything stored for the document, as one Y.Doc read from PostgreSQL. */
async function stored(documentId: string): Promise<Y.Doc> {
  const rows = await server.db.prisma.docUpdate.findMany({ where: { documentId }, orderBy: { id: 'asc' }, select: { data: true } });
  const snapshot = await server.db.prisma.docSnapshot.findUnique({ where: { documentId }, select: { state: true } });
  const doc = new Y.Doc();
  for (const b of [...(snapshot ? [snapshot.state] : []), ...rows.map((r) => r.data)]) Y.applyUpdate(doc, new Uint8Array(b));
  return doc;
}

const concernText = (doc: Y.Doc) => doc.getXmlFragment('prosemirror').toString().replace(/<[^>]*>/g, ' ');

describe('CPR numbers in a case document (stock clients)', () => {
  it('[LB9] a CPR number typed one digit per update into the concern note closes the writer with CPR_REFUSED; nothing of the last digit is stored or relayed', async () => {
    const { docName, documentId } = await caseDoc();
    const school = await writer(docName, 'school');
    const reader = await writer(docName, 'social');
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    school.doc.getXmlFragment('prosemirror').insert(0, [paragraph]);
    text.insert(0, 'Ring til mor på 12345678 efter den 3. marts. CPR ');
    for (const ch of '010190-123') text.insert(text.length, ch);
    await eventually(() => expect(concernText(reader.doc)).toContain('010190-123'));
    expect(school.closes).toEqual([]);
    text.insert(text.length, '4'); // completes 010190-1234
    await eventually(() => expect(school.closes).toContain(CloseCode.CPR_REFUSED));
    school.destroy();
    await new Promise((r) => setTimeout(r, 300));
    expect(concernText(reader.doc)).not.toMatch(/010190-1234/);
    expect(findCprNumbers(concernText(await stored(documentId)))).toEqual([]);
    expect(concernText(await stored(documentId))).toContain('12345678'); // a phone number is fine
  });

  it('[LB9] a CPR number pasted into the voice, an action title or an SoS point is refused; a fresh writer then sees none of them', async () => {
    const { docName, documentId } = await caseDoc();
    const attempts: Array<(doc: Y.Doc) => void> = [
      (doc) => doc.getText('voice').insert(0, 'Jeg hedder Oliver, 010190 1234'),
      (doc) => {
        // A pasted paragraph: created with its text in one update.
        const text = new Y.XmlText();
        text.insert(0, 'Indsat: 0101901234');
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [text]);
        doc.getXmlFragment('prosemirror').push([paragraph]);
      },
      (doc) => {
        const m = new Y.Map<unknown>();
        m.set('id', 'act-1');
        m.set('title', 'Ring 0101901234');
        doc.getArray('actions').push([m]);
      },
      (doc) => {
        const column = new Y.Array<unknown>();
        doc.getMap('sos').set('worries', column);
        const m = new Y.Map<unknown>();
        m.set('id', 'sos-1');
        m.set('text', 'CPR 311299-4321');
        column.push([m]);
      },
    ];
    for (const [i, attempt] of attempts.entries()) {
      const p = await writer(docName, 'school');
      attempt(p.doc);
      await eventually(() => expect(p.closes, `attempt ${i}`).toContain(CloseCode.CPR_REFUSED));
      p.destroy();
    }
    const fresh = await writer(docName, 'social');
    expect(fresh.doc.getText('voice').toString()).toBe('');
    expect(concernText(fresh.doc)).not.toContain('Indsat');
    expect(fresh.doc.getArray('actions').length).toBe(0);
    const doc = await stored(documentId);
    expect(doc.getText('voice').toString()).toBe('');
    expect(doc.getArray('actions').length).toBe(0);
    // The room still takes ordinary changes after the refusals.
    fresh.doc.getText('voice').insert(0, 'Jeg kan godt lide frikvarteret');
    await eventually(async () => expect((await stored(documentId)).getText('voice').toString()).toBe('Jeg kan godt lide frikvarteret'));
  });

  it('[LB9] editing an action title into a CPR number, one key at a time, is refused at the key that completes it', async () => {
    const { docName, documentId } = await caseDoc();
    const p = await writer(docName, 'school');
    const m = new Y.Map<unknown>();
    m.set('id', 'act-2');
    m.set('title', 'Møde 0101');
    p.doc.getArray('actions').push([m]);
    for (const title of ['Møde 010190', 'Møde 010190-12', 'Møde 010190-123']) m.set('title', title);
    await eventually(async () => expect((await stored(documentId)).getArray<Y.Map<unknown>>('actions').get(0)?.get('title')).toBe('Møde 010190-123'));
    m.set('title', 'Møde 010190-1234');
    await eventually(() => expect(p.closes).toContain(CloseCode.CPR_REFUSED));
    expect((await stored(documentId)).getArray<Y.Map<unknown>>('actions').get(0)?.get('title')).toBe('Møde 010190-123');
  });

  it('[LB9] deleting the letter between two groups of digits, so that they read as a CPR number, is refused too', async () => {
    const { docName, documentId } = await caseDoc();
    const p = await writer(docName, 'school');
    const voice = p.doc.getText('voice');
    voice.insert(0, 'Kode 010190x1234');
    await eventually(async () => expect((await stored(documentId)).getText('voice').toString()).toBe('Kode 010190x1234'));
    voice.delete('Kode 010190'.length, 1);
    await eventually(() => expect(p.closes).toContain(CloseCode.CPR_REFUSED));
    expect((await stored(documentId)).getText('voice').toString()).toBe('Kode 010190x1234');
  });
});
