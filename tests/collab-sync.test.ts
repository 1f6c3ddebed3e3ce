import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { encodeAwareness } from '../server/collab/protocol.js';
import { connectProvider, eventually, synced, wsTokenAs, type TestProvider } from './helpers/clients.js';
import { createForum, type TestForum } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let forum: TestForum;
const open: TestProvider[] = [];

const tokenFor = (key: string) => wsTokenAs(server, forum.users[key]!.email);

async function connect(key: string, docName = forum.docName): Promise<TestProvider> {
  const p = connectProvider(server.wsUrl, docName, { token: await tokenFor(key) });
  open.push(p);
  await synced(p);
  return p;
}

/** `from` sends an awareness state under `clientId` with a clock far ahead, as a forger would. */
function sendForgedAwareness(from: TestProvider, clientId: number): void {
  const forged = new awarenessProtocol.Awareness(new Y.Doc());
  forged.clientID = clientId;
  forged.setLocalState({ cursor: { anchor: 99 } });
  forged.meta.get(clientId)!.clock = 1000;
  from.provider.ws!.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(forged, [clientId])));
  forged.destroy();
}

function closeAll(): void {
  for (const p of open.splice(0)) p.destroy();
}

beforeAll(async () => {
  server = await startTestServer();
  forum = await createForum(server.db.prisma, {
    school: { sector: 'SKOLE', role: 'MEMBER', name: 'Mette Skov' },
    daycare: { sector: 'DAGTILBUD', role: 'MEMBER', name: 'Jonas Holm' },
    health: { sector: 'SUNDHEDSPLEJE', role: 'CHAIR', name: 'Sara Lind' },
  });
});
afterAll(async () => {
  closeAll();
  await server?.close();
});

describe('sync', () => {
  it('[P2] two stock WebsocketProvider clients converge; a late joiner receives the full state', async () => {
    const a = await connect('school');
    const b = await connect('daycare');
    a.text.insert(0, 'Hej fra skolen. ');
    b.text.insert(0, 'Hej fra dagtilbuddet. ');
    await eventually(() => {
      expect(a.text.toString()).toBe(b.text.toString());
      expect(a.text.length).toBe('Hej fra skolen. Hej fra dagtilbuddet. '.length);
    });
    const c = await connect('health');
    await eventually(() => expect(c.text.toString()).toBe(a.text.toString()));
    closeAll();
  });

  it('[P2] a joiner after hundreds of small edits (held back from the server copy, then applied in one go) gets them all', async () => {
    const a = await connect('school');
    for (let i = 0; i < 300; i++) a.text.insert(a.text.length, `${i % 10}`);
    const b = await connect('daycare');
    await eventually(() => expect(b.text.toString()).toBe(a.text.toString()));
    expect(b.text.length).toBeGreaterThanOrEqual(300);
    closeAll();
  });

  it('[P2] rich text in the shared XML fragment converges too', async () => {
    const a = await connect('school');
    const b = await connect('daycare');
    const { XmlElement, XmlText } = await import('yjs');
    const paragraph = new XmlElement('paragraph');
    paragraph.insert(0, [new XmlText('Barnet virker træt om morgenen.')]);
    a.doc.getXmlFragment('prosemirror').insert(0, [paragraph]);
    await eventually(() =>
      expect(b.doc.getXmlFragment('prosemirror').toString()).toBe('<paragraph>Barnet virker træt om morgenen.</paragraph>'),
    );
    closeAll();
  });
});

describe('awareness', () => {
  it('[W1] a client claiming another user is shown with its own identity', async () => {
    const a = await connect('school');
    const b = await connect('daycare');
    a.provider.awareness.setLocalStateField('user', { id: forum.users.health!.id, name: 'Sara Lind', sector: 'SUNDHEDSPLEJE' });
    a.provider.awareness.setLocalStateField('cursor', { anchor: 1 });
    await eventually(() => {
      const seen = b.provider.awareness.getStates().get(a.doc.clientID) as { user: { id: string; name: string; sector: string }; cursor: unknown };
      expect(seen?.cursor).toEqual({ anchor: 1 });
      expect(seen.user).toMatchObject({ id: forum.users.school!.id, name: 'Mette Skov', sector: 'SKOLE' });
    });
    closeAll();
  });

  it("[W2] a client cannot overwrite another connection's awareness state", async () => {
    const a = await connect('school');
    const b = await connect('daycare');
    const c = await connect('health');
    a.provider.awareness.setLocalStateField('cursor', { anchor: 5 });
    await eventually(() => expect(c.provider.awareness.getStates().get(a.doc.clientID)).toBeDefined());
    // b forges an update under a's client id with a higher clock.
    sendForgedAwareness(b, a.doc.clientID);
    b.provider.awareness.setLocalStateField('cursor', { anchor: 7 }); // something that does arrive, to know b's messages were handled
    await eventually(() => expect(c.provider.awareness.getStates().get(b.doc.clientID)).toMatchObject({ cursor: { anchor: 7 } }));
    expect(c.provider.awareness.getStates().get(a.doc.clientID)).toMatchObject({ cursor: { anchor: 5 } });
    closeAll();
  });

  it("[W2] a departed colleague's awareness client id cannot be taken over by another member", async () => {
    const a = await connect('school');
    const b = await connect('daycare');
    const c = await connect('health');
    a.provider.awareness.setLocalStateField('cursor', { anchor: 5 });
    await eventually(() => expect(c.provider.awareness.getStates().get(a.doc.clientID)).toBeDefined());
    const departed = a.doc.clientID;
    a.destroy();
    await eventually(() => expect(c.provider.awareness.getStates().get(departed)).toBeUndefined());
    // b now announces a state under the departed client id.
    sendForgedAwareness(b, departed);
    b.provider.awareness.setLocalStateField('cursor', { anchor: 7 });
    await eventually(() => expect(c.provider.awareness.getStates().get(b.doc.clientID)).toMatchObject({ cursor: { anchor: 7 } }));
    expect(c.provider.awareness.getStates().get(departed)).toBeUndefined();
    closeAll();
  });

  it('[W4] a client sending awareness in a burst is relayed at most every 50 ms, ending with its latest state', async () => {
    const a = await connect('school');
    const b = await connect('daycare');
    a.provider.awareness.setLocalStateField('cursor', { anchor: -1 });
    await eventually(() => expect(b.provider.awareness.getStates().get(a.doc.clientID)?.cursor).toEqual({ anchor: -1 }));
    let received = 0;
    b.provider.awareness.on('update', (_: unknown, origin: unknown) => {
      if (origin !== 'local') received++;
    });
    const started = performance.now();
    for (let i = 0; i < 200; i++) a.provider.awareness.setLocalStateField('cursor', { anchor: i }); // 200 messages at once
    await eventually(() => expect(b.provider.awareness.getStates().get(a.doc.clientID)?.cursor).toEqual({ anchor: 199 }));
    const elapsed = performance.now() - started;
    // One relay at once, then one per 50 ms gap at most (and a little slack for timers firing late).
    expect(received).toBeLessThanOrEqual(2 + Math.ceil(elapsed / 50));
    expect(received).toBeLessThan(20);
    closeAll();
  });

  it('[W3] when a client leaves, its awareness state leaves with it', async () => {
    const a = await connect('school');
    const b = await connect('daycare');
    a.provider.awareness.setLocalStateField('cursor', { anchor: 2 });
    await eventually(() => expect(b.provider.awareness.getStates().has(a.doc.clientID)).toBe(true));
    a.provider.disconnect();
    await eventually(() => expect(b.provider.awareness.getStates().has(a.doc.clientID)).toBe(false));
    closeAll();
  });
});

describe('lifecycle and storage', () => {
  it('[L1] after the last client leaves the document is unloaded, and it is intact on reload', async () => {
    const a = await connect('school');
    a.text.insert(0, 'Aftalt: opfølgning om fire uger.');
    await eventually(async () => {
      const { rows } = await server.db.pool.query('SELECT count(*)::int AS n FROM "DocUpdate" WHERE "documentId" = $1', [forum.documentId]);
      expect(rows[0].n).toBeGreaterThan(0);
    });
    expect(server.rooms.isLoaded(forum.documentId)).toBe(true);
    const expected = a.text.toString();
    closeAll();
    await eventually(async () => {
      const res = await fetch(`${server.url}/metrics`);
      expect(await res.text()).toMatch(/^samraad_documents_loaded 0$/m);
    });
    // Unloading compacted the log into the snapshot.
    const { rows } = await server.db.pool.query('SELECT count(*)::int AS n FROM "DocUpdate" WHERE "documentId" = $1', [forum.documentId]);
    expect(rows[0].n).toBe(0);
    const b = await connect('daycare');
    expect(b.text.toString()).toBe(expected);
    closeAll();
  });

  it('[D3] after a server restart the document loads with identical content, before and after compaction', async () => {
    const a = await connect('school');
    a.text.insert(a.text.length, ' Mor deltager næste gang.');
    a.text.delete(0, 4);
    await eventually(async () => {
      const { rows } = await server.db.pool.query('SELECT count(*)::int AS n FROM "DocUpdate" WHERE "documentId" = $1', [forum.documentId]);
      expect(rows[0].n).toBeGreaterThanOrEqual(2);
    });
    const expected = a.text.toString();
    const url = server.databaseUrl;
    closeAll();
    await server.close();
    server = await startTestServer({}, url);
    const b = await connect('daycare');
    expect(b.text.toString()).toBe(expected);
    closeAll();
    // Compacted on unload: a restart now loads only the snapshot.
    await eventually(() => expect(server.rooms.isLoaded(forum.documentId)).toBe(false));
    await server.close();
    server = await startTestServer({}, url);
    const { rows } = await server.db.pool.query('SELECT count(*)::int AS n FROM "DocUpdate" WHERE "documentId" = $1', [forum.documentId]);
    expect(rows[0].n).toBe(0);
    const c = await connect('health');
    expect(c.text.toString()).toBe(expected);
    closeAll();
  });
});
