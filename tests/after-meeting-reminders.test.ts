import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationView } from '../shared/api.js';
import type { NotificationPush } from '../shared/protocol.js';
import { addDays, todayInCopenhagen } from '../server/features/tasks/dates.js';
import { connectMeetingSocket, eventually, login, type MeetingSocket } from './helpers/clients.js';
import { createAction, createCase, createFollowUp } from './helpers/domain-factories.js';
import { createForum, type TestForum } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';

type Client = MeetingSocket;
let server: TestServer;
let forum: TestForum;
const sockets: Client[] = [];
const today = todayInCopenhagen();
const DESCRIPTION = 'pige, 9 år, skole i distrikt Syd';

async function connectAs(email: string): Promise<Client> {
  const socket = await connectMeetingSocket(server.url, server.origin, email);
  sockets.push(socket);
  return socket;
}

beforeAll(async () => {
  server = await startTestServer();
  forum = await createForum(server.db.prisma, {
    chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Ahmed Nielsen' },
    me: { sector: 'SKOLE', role: 'MEMBER', name: 'Mette Skov' },
    colleague: { sector: 'DAGTILBUD', role: 'MEMBER', name: 'Jonas Holm' },
  });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.close();
});

describe('reminders', () => {
  let refs: { dueAction: string; lateAction: string; dueFollowUp: string; lateFollowUp: string };
  let reference: string;

  it('[T3] the reminders job creates one notification per due or overdue task and pushes it to the user, references only', async () => {
    const db = server.db.prisma;
    const me = forum.users.me!.id;
    const c = await createCase(db, forum.forumId, forum.users.chair!.id, { description: DESCRIPTION });
    const closed = await createCase(db, forum.forumId, forum.users.chair!.id, { status: 'CLOSED', description: DESCRIPTION });
    reference = c.reference;
    const dueAction = await createAction(db, c.id, { title: 'Ring til forældre', responsibleUserId: me, dueDate: today });
    const lateAction = await createAction(db, c.id, { responsibleUserId: me, dueDate: addDays(today, -3), status: 'IN_PROGRESS' });
    await createAction(db, c.id, { responsibleUserId: me, dueDate: addDays(today, 1) }); // not yet due
    await createAction(db, c.id, { responsibleUserId: me, dueDate: addDays(today, -1), status: 'DONE' });
    await createAction(db, c.id, { responsibleUserId: null, dueDate: today });
    await createAction(db, closed.id, { responsibleUserId: me, dueDate: today });
    const dueFollowUp = await createFollowUp(db, c, { dueDate: today, responsibleUserId: me });
    const lateFollowUp = await createFollowUp(db, c, { dueDate: addDays(today, -7), responsibleUserId: me });
    await createFollowUp(db, c, { dueDate: addDays(today, -7), responsibleUserId: me, status: 'HELD', heldAt: new Date() });
    const colleagues = await createFollowUp(db, c, { dueDate: today, responsibleUserId: forum.users.colleague!.id });
    refs = { dueAction: dueAction.id, lateAction: lateAction.id, dueFollowUp: dueFollowUp.id, lateFollowUp: lateFollowUp.id };

    const socket = await connectAs(forum.users.me!.email);
    const pushed: NotificationPush[] = [];
    socket.on('notification', (p) => pushed.push(p));
    const colleagueSocket = await connectAs(forum.users.colleague!.email);
    const pushedToColleague: NotificationPush[] = [];
    colleagueSocket.on('notification', (p) => pushedToColleague.push(p));

    await server.runJob('reminders');
    await eventually(() => expect(pushed).toHaveLength(4));
    await eventually(() => expect(pushedToColleague).toHaveLength(1));
    const kinds = Object.fromEntries(pushed.map((p) => [p.kind, p]));
    expect(Object.keys(kinds).sort()).toEqual(['ACTION_DUE', 'ACTION_OVERDUE', 'FOLLOW_UP_DUE', 'FOLLOW_UP_OVERDUE']);
    expect(kinds.ACTION_DUE).toEqual({ id: expect.any(String), kind: 'ACTION_DUE', caseId: c.id, caseReference: c.reference, dueDate: today });
    expect(kinds.ACTION_OVERDUE!.dueDate).toBe(addDays(today, -3));
    expect(kinds.FOLLOW_UP_OVERDUE!.dueDate).toBe(addDays(today, -7));
    for (const p of pushed) expect(Object.keys(p).sort()).toEqual(['caseId', 'caseReference', 'dueDate', 'id', 'kind']);
    const wire = JSON.stringify(pushed);
    expect(wire).not.toContain('pige');
    expect(wire).not.toContain('Ring til forældre');
    expect(wire).not.toContain('Mette');

    const rows = await db.notification.findMany({ where: { userId: me } });
    expect(rows.map((r) => r.refId).sort()).toEqual(Object.values(refs).sort());
    expect(await db.notification.count({ where: { refId: colleagues.id } })).toBe(1);

    // Run again: nothing new is stored and nothing is pushed twice.
    await server.runJob('reminders');
    await new Promise((r) => setTimeout(r, 300));
    expect(pushed).toHaveLength(4);
    expect(pushedToColleague).toHaveLength(1);
    expect(await db.notification.count({ where: { userId: me } })).toBe(4);
    expect(await db.notification.count()).toBe(5);
  });

  it('[T4] GET /api/notifications lists my notifications unread first; I can mark only my own read', async () => {
    const cookie = await login(server.url, server.origin, forum.users.me!.email);
    const list = async (c = cookie) =>
      (await (await fetch(`${server.url}/api/notifications`, { headers: { cookie: c } })).json()) as NotificationView[];
    const before = await list();
    expect(before).toHaveLength(4);
    expect(before.every((n) => !n.read && n.caseReference === reference)).toBe(true);
    expect(JSON.stringify(before)).not.toContain('pige');

    const first = before.find((n) => n.kind === 'ACTION_DUE')!;
    const read = (id: string, c = cookie) =>
      fetch(`${server.url}/api/notifications/${id}/read`, { method: 'POST', headers: { cookie: c, origin: server.origin } });

    // Someone else's notification is not found, and stays unread.
    const colleague = await login(server.url, server.origin, forum.users.colleague!.email);
    expect((await read(first.id, colleague)).status).toBe(404);
    expect((await read('no-such-id')).status).toBe(404);
    expect((await list()).filter((n) => n.read)).toHaveLength(0);

    expect((await read(first.id)).status).toBe(204);
    expect((await read(first.id)).status).toBe(204); // idempotent
    const after = await list();
    expect(after.map((n) => n.read)).toEqual([false, false, false, true]);
    expect(after[3]!.id).toBe(first.id);
    expect(await list(colleague)).toHaveLength(1);
  });

  it('[T4] notifications need a session, and marking read needs an allowed Origin', async () => {
    expect((await fetch(`${server.url}/api/notifications`)).status).toBe(401);
    const cookie = await login(server.url, server.origin, forum.users.me!.email);
    const res = await fetch(`${server.url}/api/notifications/x/read`, { method: 'POST', headers: { cookie } });
    expect(res.status).toBe(403);
  });
});
