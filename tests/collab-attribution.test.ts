/**
 * Who typed each character of the concern note (docs/SPEC.md, AT1-AT2), as
 * the server decides it: three writers edit one case's note at the same time
 * through real sockets, the way the editor does (ProseMirror documents turned
 * into Yjs changes by y-prosemirror's own updateYFragment, undo by a Yjs
 * UndoManager), and every character must show the writer who typed it.
 *
 * Each writer types only letters of its own alphabet, so a character says
 * who typed it, whatever splitting, joining, moving, pasting and undoing did
 * to the items that hold it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocWritersResponse } from '../shared/api.js';
import { Attribution, concernRuns } from '../shared/authorship.js';
import { apiAs, type ApiClient } from './helpers/api.js';
import { connectProvider, eventually, synced, wsTokenAs, type TestProvider } from './helpers/clients.js';
import { createCase } from './helpers/domain-factories.js';
import { createForum, type TestForum } from './helpers/factories.js';
import { ALPHABETS, copyPaste, edit, noteWriter, random, randomOp, schema, type NoteWriter } from './helpers/note-edits.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const KEYS = ['school', 'daycare', 'social'] as const;
type Writer = NoteWriter & { key: (typeof KEYS)[number]; p: TestProvider };

let server: TestServer;
let forum: TestForum;
const open: TestProvider[] = [];


async function converged(writers: Writer[]): Promise<void> {
  await eventually(() => {
    for (const w of writers) expect(w.p.closes, `${w.key}'s socket was closed`).toEqual([]);
    const sv = (w: Writer) => JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(w.doc))].sort());
    for (const w of writers) expect(sv(w), 'state vectors').toBe(sv(writers[0]!));
    const first = writers[0]!.fragment.toString();
    for (const w of writers) expect(w.fragment.toString()).toBe(first);
  }, 15_000);
}

async function writersOf(api: ApiClient, docName: string): Promise<DocWritersResponse> {
  const res = await api.get<DocWritersResponse>(`/api/documents/${docName}/writers`);
  expect(res.status).toBe(200);
  return res.body;
}

/** Characters whose shown writer is not the one whose alphabet they are in. */
function misattributed(fragment: Y.XmlFragment, shown: DocWritersResponse, userOf: (letter: string) => string | undefined): string[] {
  const owners = new Map(shown.writers.map((w) => [w.clientId, w.userId]));
  const attribution = new Attribution((c) => owners.get(c), shown.moved);
  const wrong: string[] = [];
  concernRuns(fragment, attribution).forEach((runs, p) => {
    for (const run of runs) for (const ch of run.text) if (userOf(ch) !== run.writerId) wrong.push(`¶${p} '${ch}' shown as ${run.writerId}`);
  });
  return wrong;
}

beforeAll(async () => {
  server = await startTestServer();
  forum = await createForum(server.db.prisma, {
    school: { sector: 'SKOLE', role: 'MEMBER', name: 'Mette Skov' },
    daycare: { sector: 'DAGTILBUD', role: 'MEMBER', name: 'Jonas Holm' },
    social: { sector: 'SOCIAL', role: 'CHAIR', name: 'Sara Berg' },
  });
});
afterAll(async () => {
  for (const p of open.splice(0)) p.destroy();
  await server?.close();
});

async function caseWithWriters(): Promise<{ docName: string; writers: Writer[]; api: ApiClient }> {
  const kase = await createCase(server.db.prisma, forum.forumId, forum.users.social!.id);
  const { docName } = await server.db.prisma.document.findUniqueOrThrow({ where: { id: kase.documentId }, select: { docName: true } });
  const writers: Writer[] = [];
  for (const [i, key] of KEYS.entries()) {
    const p = connectProvider(server.wsUrl, docName, { token: await wsTokenAs(server, forum.users[key]!.email) });
    open.push(p);
    await synced(p);
    writers.push(noteWriter(p.doc, ALPHABETS[i]!, { key, p }));
  }
  return { docName, writers, api: await apiAs(server.url, server.origin, forum.users.school!.email) };
}

const letterOwner = (letter: string) => {
  const i = ALPHABETS.findIndex((a) => a.includes(letter));
  return i < 0 ? undefined : forum.users[KEYS[i]!]!.id;
};

describe('who typed each character', () => {
  it('[AT1] Enter in a colleague\'s paragraph and Backspace to join it again keep every character with its typist', async () => {
    const { docName, writers, api } = await caseWithWriters();
    const [school, daycare] = writers as [Writer, Writer];
    edit(school, (doc, tr) => tr.insert(0, schema.node('paragraph', null, [schema.text('abcdefghabcdefgh')])));
    await converged(writers);
    edit(daycare, (_doc, tr) => tr.split(1 + 8)); // the tail "abcdefgh" moves to a new paragraph, re-created by daycare
    await converged(writers);
    await eventually(async () => expect(misattributed(daycare.fragment, await writersOf(api, docName), letterOwner)).toEqual([]));
    expect(daycare.fragment.length).toBe(2);
    edit(daycare, (_doc, tr) => tr.join(1 + 8 + 1));
    await converged(writers);
    await eventually(async () => expect(misattributed(daycare.fragment, await writersOf(api, docName), letterOwner)).toEqual([]));
    const shown = await writersOf(api, docName);
    expect(shown.moved.length).toBeGreaterThan(0);
    expect(shown.moved.every((m) => m.userId === forum.users.school!.id)).toBe(true);
  });

  it('[AT2] who added each SoS point, action and network entry, who changed it last, and who last wrote in the voice', async () => {
    const { docName, writers, api } = await caseWithWriters();
    const [school, daycare, social] = writers as [Writer, Writer, Writer];
    const entry = (fields: Record<string, string>) => {
      const m = new Y.Map<unknown>();
      for (const [k, v] of Object.entries(fields)) m.set(k, v);
      return m;
    };
    school.doc.transact(() => {
      school.doc.getArray('actions').push([entry({ id: 'act-1', title: 'Samtale med forældre', status: 'PLANNED' })]);
      school.doc.getArray('network').push([entry({ id: 'net-1', name: 'Mormor', relation: 'bedstemor', contribution: 'henter' })]);
      const worries = new Y.Array<unknown>();
      school.doc.getMap('sos').set('worries', worries);
      worries.push([entry({ id: 'sos-1', text: 'Kommer sent' })]);
    });
    await converged(writers);
    const action = daycare.doc.getArray<Y.Map<unknown>>('actions').get(0);
    daycare.doc.transact(() => action.set('title', 'Samtale med begge forældre'));
    social.doc.getText('voice').insert(0, 'Jeg kan godt lide frikvarteret');
    await converged(writers);
    const id = (k: (typeof KEYS)[number]) => forum.users[k]!.id;
    await eventually(async () => {
      const byEntry = new Map((await writersOf(api, docName)).entries.map((e) => [e.entryId, [e.addedById, e.changedById]]));
      expect(byEntry.get('act-1')).toEqual([id('school'), id('daycare')]);
      expect(byEntry.get('net-1')).toEqual([id('school'), id('school')]);
      expect(byEntry.get('sos-1')).toEqual([id('school'), id('school')]);
      expect(byEntry.get('voice')?.[1]).toBe(id('social'));
    });
  });

  for (const seed of [1, 2, 3]) {
    it(`[AT1] three writers editing at once (inserts, deletes, splits, joins, cut, paste, undo; seed ${seed}): every character shows who typed it`, async () => {
      const rnd = random(seed);
      const { docName, writers, api } = await caseWithWriters();
      edit(writers[0]!, (doc, tr) => tr.insert(0, schema.node('paragraph', null, [schema.text('abcdefgh')])));
      await converged(writers);
      writers[0]!.undo.clear(); // the note keeps a paragraph to write in
      for (let round = 0; round < 6; round++) {
        // Concurrent: each writer changes its own view; the updates cross on the wire.
        for (let op = 0; op < 30; op++) randomOp(writers[Math.floor(rnd() * writers.length)]!, rnd);
        await converged(writers);
        copyPaste(writers[Math.floor(rnd() * writers.length)]!, rnd);
        await converged(writers);
      }
      const fragment = writers[0]!.fragment;
      await eventually(async () => expect(misattributed(fragment, await writersOf(api, docName), letterOwner)).toEqual([]), 15_000);
      // The run moved text around: the server attributed some of it, not just the client ids.
      expect((await writersOf(api, docName)).moved.length).toBeGreaterThan(0);
      expect(fragment.toString().length).toBeGreaterThan(0);
    });
  }
});
