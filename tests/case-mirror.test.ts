import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CaseDetail, CaseSummary } from '../shared/api.js';
import { CASE_DOC } from '../shared/caseDoc.js';
import { CPR_REDACTED } from '../shared/cpr.js';
import { apiAs, type ApiClient } from './helpers/api.js';
import { connectProvider, eventually, synced, wsToken, type TestProvider } from './helpers/clients.js';
import { createForum, type TestForum } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let forum: TestForum;
let school: ApiClient;
const open: TestProvider[] = [];

beforeAll(async () => {
  server = await startTestServer();
  forum = await createForum(server.db.prisma, {
    school: { sector: 'SKOLE', role: 'MEMBER' },
    health: { sector: 'SUNDHEDSPLEJE', role: 'MEMBER' },
  });
  school = await apiAs(server.url, server.origin, forum.users.school!.email);
});
afterAll(async () => {
  for (const p of open) p.destroy();
  await server?.close();
});

async function openCase(kase: CaseSummary): Promise<TestProvider> {
  const p = connectProvider(server.wsUrl, kase.docName, { token: await wsToken(server.url, server.origin, school.cookie) });
  open.push(p);
  await synced(p);
  return p;
}

function addAction(doc: Y.Doc, fields: Record<string, unknown>): Y.Map<unknown> {
  const row = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(fields)) row.set(k, v);
  doc.getArray<Y.Map<unknown>>(CASE_DOC.actions).push([row]);
  return row;
}

const actionsOf = async (caseId: string) => (await school.get<CaseDetail>(`/api/cases/${caseId}`)).body.actions;

describe('mirror of the action plan', () => {
  it('[MR1] action rows typed in the case document appear as relational rows within seconds, while it stays open', async () => {
    const kase = (await school.send<CaseSummary>('POST', `/api/forums/${forum.forumId}/cases`, { description: 'dreng, 5 år' })).body;
    const p = await openCase(kase);
    const row = addAction(p.doc, {
      id: 'a1', title: 'Samtale med forældre', responsibleUserId: forum.users.school!.id, ladderStep: 1, dueDate: '2026-12-01', status: 'PLANNED',
    });
    await eventually(async () => {
      expect(await actionsOf(kase.id)).toEqual([
        { id: 'a1', title: 'Samtale med forældre', responsibleUserId: forum.users.school!.id, ladderStep: 1, dueDate: '2026-12-01', status: 'PLANNED' },
      ]);
    }, 15_000, 200);
    row.set('dueDate', '2026-12-08');
    row.set('status', 'IN_PROGRESS');
    await eventually(async () => expect((await actionsOf(kase.id))[0]).toMatchObject({ dueDate: '2026-12-08', status: 'IN_PROGRESS' }), 15_000, 200);
    const ladder = await server.db.prisma.ladderChange.findMany({ where: { caseId: kase.id } });
    expect(ladder.map((l) => [l.fromStep, l.toStep])).toEqual([[null, 1]]);
    expect((await school.get<CaseDetail>(`/api/cases/${kase.id}`)).body.ladderStep).toBe(1);
  });

  it('[MR2] an impossible date typed live never breaks the mirror: the row is kept with no date', async () => {
    const kase = (await school.send<CaseSummary>('POST', `/api/forums/${forum.forumId}/cases`, { description: 'pige, 8 år' })).body;
    const p = await openCase(kase);
    addAction(p.doc, { id: 'b1', title: 'Hjemmebesøg', dueDate: '2026-02-31', ladderStep: 9, status: 'WHATEVER' });
    addAction(p.doc, { id: 'b2', title: 'Netværksmøde', dueDate: '2026-12-03' });
    await eventually(async () => {
      expect(await actionsOf(kase.id)).toEqual([
        { id: 'b1', title: 'Hjemmebesøg', responsibleUserId: null, ladderStep: null, dueDate: null, status: 'PLANNED' },
        { id: 'b2', title: 'Netværksmøde', responsibleUserId: null, ladderStep: null, dueDate: '2026-12-03', status: 'PLANNED' },
      ]);
    }, 15_000, 200);
    p.doc.getArray(CASE_DOC.actions).delete(0, 1);
    await eventually(async () => expect((await actionsOf(kase.id)).map((a) => a.id)).toEqual(['b2']), 15_000, 200);
  });

  it("[MR3] an action id copied from another case cannot overwrite that case's row", async () => {
    const a = (await school.send<CaseSummary>('POST', `/api/forums/${forum.forumId}/cases`, { description: 'dreng, 9 år' })).body;
    const b = (await school.send<CaseSummary>('POST', `/api/forums/${forum.forumId}/cases`, { description: 'pige, 11 år' })).body;
    const pa = await openCase(a);
    addAction(pa.doc, { id: 'shared-id', title: 'Original' });
    await eventually(async () => expect(await actionsOf(a.id)).toHaveLength(1), 15_000, 200);
    const pb = await openCase(b);
    addAction(pb.doc, { id: 'shared-id', title: 'Kapring' });
    addAction(pb.doc, { id: 'own', title: 'Egen' });
    await eventually(async () => expect((await actionsOf(b.id)).map((x) => x.id)).toEqual(['own']), 15_000, 200);
    expect((await actionsOf(a.id))[0]!.title).toBe('Original');
  });

  it('[MR4] a CPR number stored in an action title before LB9 refused it is never in the mirrored rows: minutes and tasks read those', async () => {
    const kase = (await school.send<CaseSummary>('POST', `/api/forums/${forum.forumId}/cases`, { description: 'pige, 6 år' })).body;
    // As a document from before LB9 may hold it: written to the log directly, not through a socket.
    const legacy = new Y.Doc();
    addAction(legacy, { id: 'c1', title: 'Ring til far 120315-1234', responsibleUserId: forum.users.school!.id });
    const { id: documentId } = await server.db.prisma.document.findUniqueOrThrow({ where: { docName: kase.docName }, select: { id: true } });
    await server.db.prisma.docUpdate.create({ data: { documentId, data: Buffer.from(Y.encodeStateAsUpdate(legacy)) } });
    const p = await openCase(kase);
    addAction(p.doc, { id: 'c2', title: 'Samtale med mor', responsibleUserId: forum.users.school!.id });
    await eventually(async () => expect((await actionsOf(kase.id)).map((a) => a.title).sort()).toEqual([`Ring til far ${CPR_REDACTED}`, 'Samtale med mor']), 15_000, 200);
    const raw = await server.db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM "ActionItem" WHERE title LIKE '%120315%'`);
    expect(Number(raw.rows[0]!.n)).toBe(0);
  });
});
