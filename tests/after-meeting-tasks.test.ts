import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForumOverview, MyTasks } from '../shared/api.js';
import { addDays, todayInCopenhagen } from '../server/features/tasks/dates.js';
import { login } from './helpers/clients.js';
import { addAgendaItem, addMembership, assess, createAction, createCase, createFollowUp, createMeeting } from './helpers/domain-factories.js';
import { createForum, createOutsider, type TestForum } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let forum: TestForum;
let other: TestForum;
const today = todayInCopenhagen();

const getJson = async <T>(path: string, cookie: string): Promise<{ status: number; body: T }> => {
  const res = await fetch(`${server.url}${path}`, { headers: { cookie } });
  return { status: res.status, body: (await res.json()) as T };
};

beforeAll(async () => {
  server = await startTestServer();
  forum = await createForum(server.db.prisma, {
    chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Ahmed Nielsen' },
    me: { sector: 'SKOLE', role: 'MEMBER', name: 'Mette Skov' },
    colleague: { sector: 'DAGTILBUD', role: 'MEMBER', name: 'Jonas Holm' },
  });
  other = await createForum(server.db.prisma, { otherChair: { sector: 'SOCIAL', role: 'CHAIR' } }, { municipalityId: forum.municipalityId });
});
afterAll(async () => {
  await server?.close();
});

describe('my page', () => {
  it('[T1] lists my open actions and planned follow-ups by due date, marks overdue, and leaves out other people, closed cases and forums I am not in', async () => {
    const db = server.db.prisma;
    const me = forum.users.me!.id;
    const a = await createCase(db, forum.forumId, forum.users.chair!.id);
    const b = await createCase(db, forum.forumId, forum.users.chair!.id);
    const closed = await createCase(db, forum.forumId, forum.users.chair!.id, { status: 'CLOSED' });
    const elsewhere = await createCase(db, other.forumId, other.users.otherChair!.id);

    const noDate = await createAction(db, a.id, { title: 'Uden dato', responsibleUserId: me, status: 'IN_PROGRESS' });
    const soon = await createAction(db, a.id, { title: 'Om fem dage', responsibleUserId: me, dueDate: addDays(today, 5) });
    const late = await createAction(db, b.id, { title: 'I går', responsibleUserId: me, dueDate: addDays(today, -1) });
    const now = await createAction(db, b.id, { title: 'I dag', responsibleUserId: me, dueDate: today });
    await createAction(db, a.id, { title: 'Udført', responsibleUserId: me, dueDate: today, status: 'DONE' });
    await createAction(db, a.id, { title: 'Droppet', responsibleUserId: me, dueDate: today, status: 'DROPPED' });
    await createAction(db, a.id, { title: 'Kollegas', responsibleUserId: forum.users.colleague!.id, dueDate: today });
    await createAction(db, closed.id, { title: 'Lukket sag', responsibleUserId: me, dueDate: today });
    await createAction(db, elsewhere.id, { title: 'Andet forum', responsibleUserId: me, dueDate: today });

    const fuLate = await createFollowUp(db, a, { dueDate: addDays(today, -2), responsibleUserId: me });
    const fuLater = await createFollowUp(db, b, { dueDate: addDays(today, 3), responsibleUserId: me });
    await createFollowUp(db, a, { dueDate: today, responsibleUserId: me, status: 'HELD', heldAt: new Date() });
    await createFollowUp(db, b, { dueDate: today, responsibleUserId: forum.users.colleague!.id });
    await createFollowUp(db, closed, { dueDate: today, responsibleUserId: me });
    await createFollowUp(db, elsewhere, { dueDate: today, responsibleUserId: me });

    const cookie = await login(server.url, server.origin, forum.users.me!.email);
    const { status, body } = await getJson<MyTasks>('/api/me/tasks', cookie);
    expect(status).toBe(200);
    expect(body.actions.map((x) => x.id)).toEqual([late.id, now.id, soon.id, noDate.id]);
    expect(body.actions.map((x) => x.overdue)).toEqual([true, false, false, false]);
    expect(body.actions[0]).toEqual({
      id: late.id,
      title: 'I går',
      dueDate: addDays(today, -1),
      status: 'PLANNED',
      overdue: true,
      case: { id: b.id, reference: b.reference },
      forum: { id: forum.forumId, name: 'SSD Test' },
    });
    expect(body.actions[3]).toMatchObject({ dueDate: null, status: 'IN_PROGRESS', overdue: false });
    expect(body.followUps.map((x) => [x.id, x.dueDate, x.overdue])).toEqual([
      [fuLate.id, addDays(today, -2), true],
      [fuLater.id, addDays(today, 3), false],
    ]);
    expect(JSON.stringify(body)).not.toContain('distrikt Nord'); // references only, no description

    // Once I leave a forum, its tasks leave my page.
    await addMembership(db, me, other.forumId, 'SKOLE');
    const withOther = await getJson<MyTasks>('/api/me/tasks', cookie);
    expect(withOther.body.actions.map((x) => x.title)).toContain('Andet forum');
    await db.membership.deleteMany({ where: { userId: me, forumId: other.forumId } });
    const after = await getJson<MyTasks>('/api/me/tasks', cookie);
    expect(after.body.actions.map((x) => x.title)).not.toContain('Andet forum');
    expect(after.body.followUps).toHaveLength(2);
  });

  it('[T1] requires a session', async () => {
    expect((await fetch(`${server.url}/api/me/tasks`)).status).toBe(401);
  });
});

describe('forum overview', () => {
  it('[T2] shows upcoming meetings, open cases by latest level, follow-ups due within 14 days and the level labels', async () => {
    const db = server.db.prisma;
    const f = await createForum(db, { chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Ahmed Nielsen' }, m: { sector: 'SKOLE', role: 'MEMBER', name: 'Mette Skov' } });
    const labels = ['Grøn', 'Lysegrøn', 'Gul', 'Orange', 'Rød'];
    await db.municipality.update({ where: { id: f.municipalityId }, data: { levelLabels: labels } });
    const chair = f.users.chair!.id;
    const hour = 3_600_000;

    const past = await createMeeting(db, f.forumId, { startsAt: new Date(Date.now() - 48 * hour), status: 'CLOSED' });
    const next = await createMeeting(db, f.forumId, { startsAt: new Date(Date.now() + 24 * hour), place: 'Lokale 2' });
    const later = await createMeeting(db, f.forumId, { startsAt: new Date(Date.now() + 240 * hour) });
    await createMeeting(db, f.forumId, { startsAt: new Date(Date.now() + 100 * hour), status: 'CLOSED' });

    const c1 = await createCase(db, f.forumId, chair);
    const c2 = await createCase(db, f.forumId, chair);
    const c3 = await createCase(db, f.forumId, chair);
    await createCase(db, f.forumId, chair); // never assessed
    const closed = await createCase(db, f.forumId, chair, { status: 'CLOSED' });
    await addAgendaItem(db, next.id, c1.id, 0);
    await addAgendaItem(db, next.id, c2.id, 1);
    // c1 was at 5, its latest assessment is 3: it counts as 3.
    await assess(db, { caseId: c1.id, meetingId: past.id, level: 5, recordedById: chair, recordedAt: new Date(Date.now() - 48 * hour) });
    await assess(db, { caseId: c1.id, meetingId: next.id, level: 3, recordedById: chair, recordedAt: new Date() });
    await assess(db, { caseId: c2.id, meetingId: past.id, level: 3, recordedById: chair });
    await assess(db, { caseId: c3.id, meetingId: past.id, level: 1, recordedById: chair });
    await assess(db, { caseId: closed.id, meetingId: past.id, level: 4, recordedById: chair });

    const overdue = await createFollowUp(db, c1, { dueDate: addDays(today, -1), responsibleUserId: f.users.m!.id });
    const edge = await createFollowUp(db, c2, { dueDate: addDays(today, 14), responsibleUserId: chair });
    await createFollowUp(db, c3, { dueDate: addDays(today, 15), responsibleUserId: chair });
    await createFollowUp(db, c3, { dueDate: today, responsibleUserId: chair, status: 'HELD', heldAt: new Date() });
    await createFollowUp(db, closed, { dueDate: today, responsibleUserId: chair });

    const cookie = await login(server.url, server.origin, f.users.m!.email);
    const { status, body } = await getJson<ForumOverview>(`/api/forums/${f.forumId}/overview`, cookie);
    expect(status).toBe(200);
    expect(body.forum).toEqual({ id: f.forumId, name: 'SSD Test', type: 'SSD' });
    expect(body.upcomingMeetings.map((m) => [m.id, m.agendaCount])).toEqual([
      [next.id, 2],
      [later.id, 0],
    ]);
    expect(body.upcomingMeetings[0]).toMatchObject({ place: 'Lokale 2', status: 'PLANNED', forumName: 'SSD Test', forumType: 'SSD' });
    expect(body.openCasesByLevel).toEqual({ '1': 1, '2': 0, '3': 2, '4': 0, '5': 0, none: 1 });
    expect(body.followUpsDue).toEqual([
      { id: overdue.id, dueDate: addDays(today, -1), overdue: true, case: { id: c1.id, reference: c1.reference }, responsibleName: 'Mette Skov' },
      { id: edge.id, dueDate: addDays(today, 14), overdue: false, case: { id: c2.id, reference: c2.reference }, responsibleName: 'Ahmed Nielsen' },
    ]);
    expect(body.levelLabels).toEqual(labels);
  });

  it('[T2] a forum the user is not a member of, or that does not exist, is 404', async () => {
    const outsider = await createOutsider(server.db.prisma, forum.municipalityId);
    const cookie = await login(server.url, server.origin, outsider.email);
    expect((await getJson(`/api/forums/${forum.forumId}/overview`, cookie)).status).toBe(404);
    const member = await login(server.url, server.origin, forum.users.me!.email);
    expect((await getJson(`/api/forums/${other.forumId}/overview`, member)).status).toBe(404);
    expect((await getJson('/api/forums/nope/overview', member)).status).toBe(404);
    const own = await getJson<ForumOverview>(`/api/forums/${forum.forumId}/overview`, member);
    expect(own.body.levelLabels).toEqual(['Trives', 'Begyndende bekymring', 'Bekymring', 'Alvorlig bekymring', 'Truet']);
  });
});
