import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CaseSummary } from '../shared/api.js';
import { CASE_DOC } from '../shared/caseDoc.js';
import { CloseCode } from '../shared/protocol.js';
import type { Database } from '../server/db/client.js';
import { apiAs } from './helpers/api.js';
import { connectProvider, eventually, synced, wsToken } from './helpers/clients.js';
import { createForum, type TestForum } from './helpers/factories.js';
import { createMigratedDatabase } from './helpers/migrated-database.js';
import { spawnServer, type ServerProcess } from './helpers/process.js';

const CHILD = 'Emil Sørensen';
const CPR = '120315-1234';

let databaseUrl: string;
let db: Database;
let forum: TestForum;
let proc: ServerProcess | undefined;

beforeAll(async () => {
  ({ url: databaseUrl, db } = await createMigratedDatabase());
  forum = await createForum(db.prisma, { chair: { sector: 'SOCIAL', role: 'CHAIR' }, school: { sector: 'SKOLE', role: 'MEMBER' } });
  await db.prisma.user.update({ where: { id: forum.users.chair!.id }, data: { municipalRoles: ['ADMIN'] } });
});
afterAll(async () => {
  await proc?.kill();
  await db?.close();
});

describe('logs', () => {
  it("[NL1] a whole meeting workflow leaves neither the child's name, the CPR number nor a user's e-mail in the server's log output", async () => {
    proc = await spawnServer({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'debug' });
    const base = `http://127.0.0.1:${proc.port}`;
    const origin = `http://localhost:${proc.port}`;
    const chair = await apiAs(base, origin, forum.users.chair!.email);
    const school = await apiAs(base, origin, forum.users.school!.email);
    // A failed login with a real e-mail address.
    await fetch(`${base}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ email: forum.users.school!.email, password: 'wrong-password' }),
    });

    // A description with a CPR number is refused (LB2); the name alone gets through. Both refusals log field names only.
    expect((await chair.send('POST', `/api/forums/${forum.forumId}/cases`, { description: `${CHILD} ${CPR}, 9 år` })).status).toBe(400);
    expect((await chair.send('POST', `/api/forums/${forum.forumId}/cases`, { description: `${CHILD} ${CPR} `.repeat(20) })).status).toBe(400);
    const created = await chair.send<CaseSummary>('POST', `/api/forums/${forum.forumId}/cases`, { description: `${CHILD}, 9 år` });
    expect(created.status).toBe(201);
    const kase = created.body;
    // Identifying fields, through the API when the legal basis allows it, else straight in the database.
    const identity = await chair.send('PUT', `/api/cases/${kase.id}/identity`, { childName: CHILD, childCpr: CPR, childAddress: null, parentNames: null });
    if (identity.status !== 204) await db.prisma.case.update({ where: { id: kase.id }, data: { childName: CHILD, childCpr: CPR, anonymous: false } });

    // Yjs content and an action through a real client; a CPR number in the voice is refused first (LB9).
    const refused = connectProvider(`ws://127.0.0.1:${proc.port}`, kase.docName, { token: await wsToken(base, origin, chair.cookie) });
    await synced(refused);
    refused.doc.getText(CASE_DOC.voice).insert(0, `Jeg hedder ${CHILD}, cpr ${CPR}`);
    await eventually(() => expect(refused.closes).toContain(CloseCode.CPR_REFUSED));
    refused.destroy();
    const p = connectProvider(`ws://127.0.0.1:${proc.port}`, kase.docName, { token: await wsToken(base, origin, chair.cookie) });
    await synced(p);
    p.doc.getText(CASE_DOC.voice).insert(0, `Jeg hedder ${CHILD}`);
    const action = new Y.Map<unknown>();
    for (const [k, v] of Object.entries({ id: 'nl1', title: `Samtale med ${CHILD}`, responsibleUserId: forum.users.school!.id, ladderStep: 2, dueDate: '2020-01-01', status: 'PLANNED' })) action.set(k, v);
    p.doc.getArray(CASE_DOC.actions).push([action]);
    await eventually(async () => expect(await db.prisma.actionItem.count({ where: { caseId: kase.id } })).toBe(1), 15_000, 200);

    // The meeting.
    const meeting = (await chair.send<{ id: string }>('POST', `/api/forums/${forum.forumId}/meetings`, { startsAt: new Date(Date.now() + 3_600_000).toISOString(), place: 'Rådhuset' })).body;
    expect((await chair.send('POST', `/api/meetings/${meeting.id}/agenda`, { caseId: kase.id })).status).toBe(204);
    expect((await chair.send('PUT', `/api/meetings/${meeting.id}/participants`, { userIds: [forum.users.chair!.id, forum.users.school!.id], guestLabels: ['Mor'] })).status).toBe(204);
    expect((await chair.send('POST', `/api/meetings/${meeting.id}/start`)).status).toBe(204);
    const detail = (await chair.get<{ agenda: Array<{ id: string }> }>(`/api/meetings/${meeting.id}`)).body;
    const conclude = await chair.send('POST', `/api/meetings/${meeting.id}/items/${detail.agenda[0]!.id}/conclude`, {
      level: 4, sosScale: 3, outcome: `Skolen taler med ${CHILD}s forældre`, followUp: { dueDate: '2020-02-01', responsibleUserId: forum.users.school!.id },
    });
    expect(conclude.status).toBe(204);
    expect((await chair.send('POST', `/api/meetings/${meeting.id}/close`)).status).toBe(204);
    expect((await fetch(`${base}/api/meetings/${meeting.id}/minutes.pdf`, { headers: { cookie: chair.cookie } })).status).toBe(200);
    expect((await fetch(`${base}/api/me/calendar.ics`, { headers: { cookie: school.cookie } })).status).toBe(200);
    expect((await school.get('/api/me/tasks')).status).toBe(200);
    expect((await school.get('/api/notifications')).status).toBe(200);
    expect((await chair.get(`/api/cases/${kase.id}`)).status).toBe(200);
    expect((await school.get(`/api/cases/${kase.id}/access-log`)).status).toBe(404);
    expect((await fetch(`${base}/api/cases/${kase.id}/access-request?format=pdf`, { headers: { cookie: chair.cookie } })).status).toBe(200);
    expect((await chair.get(`/api/cases/${kase.id}/access-request`)).status).toBe(200);
    expect((await chair.get(`/api/admin/audit?caseId=${kase.id}`)).status).toBe(200);
    expect((await chair.send('POST', `/api/cases/${kase.id}/close`)).status).toBe(204);
    p.destroy();
    await chair.send('POST', '/api/auth/logout');
    await proc.kill('SIGTERM');

    const out = proc.output();
    expect(out).toContain('"event"'); // the server did log
    for (const secret of [CHILD, CPR, 'Sørensen', forum.users.chair!.email, forum.users.school!.email]) {
      expect(out, `log output contains "${secret}"`).not.toContain(secret);
      expect(out).not.toContain(JSON.stringify(secret).slice(1, -1)); // nor JSON-escaped
    }
  });
});
