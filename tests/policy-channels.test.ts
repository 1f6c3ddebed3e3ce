/**
 * The case rule (A4) on every channel, not only the case route: a police
 * member placed in an SSD forum (a row the administration refuses to create,
 * A10, inserted here directly) reaches none of its cases through meetings,
 * minutes, notifications, tasks, overview, key figures, calendar or socket.io.
 * Plus revocation of socket.io rooms (A11), NUL bytes in JSON (H6) and the
 * calendar feed's origin (T6).
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingDetail, MeetingSummary, MyTasks, NotificationView } from '../shared/api.js';
import type { MeetingState, NotificationPush } from '../shared/protocol.js';
import { addDays, todayInCopenhagen } from '../server/features/tasks/dates.js';
import { apiAs, type ApiClient } from './helpers/api.js';
import { connectMeetingSocket, eventually, login, type MeetingSocket } from './helpers/clients.js';
import { addAgendaItem, addMembership, assess, createAction, createCase, createFollowUp, createMeeting } from './helpers/domain-factories.js';
import { createForum, PASSWORD, type TestForum } from './helpers/factories.js';
import { pdfText } from './helpers/pdf-text.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { hashPassword } from '../server/auth/passwords.js';

type Client = MeetingSocket;
let server: TestServer;
let ssd: TestForum;
let ssp: TestForum;
const sockets: Client[] = [];
const today = todayInCopenhagen();

// Text that must never reach the police member of the SSD forum.
const SSD_DESCRIPTION = 'dreng, 11 år, SSD-hemmelig beskrivelse';
const SSD_ACTION = 'SSD-hemmelig handling';
const SSD_OUTCOME = 'SSD-hemmeligt udfald';
const SSP_DESCRIPTION = 'pige, 15 år, SSP-sag';

let ssdCase: { id: string; reference: string; forumId: string };
let sspCase: { id: string; reference: string; forumId: string };
let ssdClosedMeeting: { id: string };
let sspClosedMeeting: { id: string };
let ssdPlanned: { id: string };
let ssdItem: { id: string };

let chair: ApiClient;
let school: ApiClient;
let police: ApiClient;
let policeChair: ApiClient;
let admin: ApiClient;

async function connectAs(email: string): Promise<Client> {
  const socket = await connectMeetingSocket(server.url, server.origin, email);
  sockets.push(socket);
  return socket;
}

/** Everything a socket receives, by event. */
function record(socket: Client) {
  const got = { state: [] as MeetingState[], changed: [] as string[], notifications: [] as NotificationPush[] };
  socket.on('meeting:state', (s) => got.state.push(s));
  socket.on('case:changed', (c) => got.changed.push(c.caseId));
  socket.on('notification', (n) => got.notifications.push(n));
  return got;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function userWithRole(municipalityId: string, role: 'ADMIN' | 'MANAGEMENT') {
  const email = `${role.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@test.samraad.dk`;
  await server.db.prisma.user.create({
    data: { municipalityId, email, name: role, municipalRoles: [role], passwordHash: await hashPassword(PASSWORD) },
  });
  return apiAs(server.url, server.origin, email);
}

beforeAll(async () => {
  server = await startTestServer();
  const db = server.db.prisma;
  ssd = await createForum(db, {
    chair: { sector: 'SOCIAL', role: 'CHAIR' },
    school: { sector: 'SKOLE', role: 'MEMBER' },
    leaver: { sector: 'DAGTILBUD', role: 'MEMBER' },
  });
  ssp = await createForum(
    db,
    { chair: { sector: 'SOCIAL', role: 'CHAIR' }, police: { sector: 'POLITI', role: 'MEMBER' }, officer: { sector: 'POLITI', role: 'MEMBER' } },
    { type: 'SSP', municipalityId: ssd.municipalityId },
  );
  // Rows the administration refuses (A10), written straight to the database: the policy must hold anyway.
  await addMembership(db, ssp.users.police!.id, ssd.forumId, 'POLITI', 'MEMBER');
  await addMembership(db, ssp.users.officer!.id, ssd.forumId, 'POLITI', 'CHAIR');
  const policeId = ssp.users.police!.id;

  ssdCase = await createCase(db, ssd.forumId, ssd.users.chair!.id, { description: SSD_DESCRIPTION });
  sspCase = await createCase(db, ssp.forumId, ssp.users.chair!.id, { description: SSP_DESCRIPTION });
  await createAction(db, ssdCase.id, { title: SSD_ACTION, responsibleUserId: policeId, dueDate: today });
  await createAction(db, sspCase.id, { title: 'SSP-handling', responsibleUserId: policeId, dueDate: today });
  await createFollowUp(db, ssdCase, { dueDate: addDays(today, 3), responsibleUserId: policeId });
  await createFollowUp(db, sspCase, { dueDate: addDays(today, 3), responsibleUserId: policeId });

  ssdClosedMeeting = await createMeeting(db, ssd.forumId, { startsAt: new Date(Date.now() - 86_400_000), status: 'CLOSED' });
  await addAgendaItem(db, ssdClosedMeeting.id, ssdCase.id, 1, { outcome: SSD_OUTCOME, noFollowUpReason: 'SSD-hemmelig begrundelse' });
  await assess(db, { caseId: ssdCase.id, meetingId: ssdClosedMeeting.id, level: 4, recordedById: ssd.users.chair!.id });
  sspClosedMeeting = await createMeeting(db, ssp.forumId, { startsAt: new Date(Date.now() - 86_400_000), status: 'CLOSED' });
  await addAgendaItem(db, sspClosedMeeting.id, sspCase.id, 1, { outcome: 'SSP-udfald', noFollowUpReason: 'ingen grund' });
  await assess(db, { caseId: sspCase.id, meetingId: sspClosedMeeting.id, level: 2, recordedById: ssp.users.chair!.id }); // discussed (MN2)
  ssdPlanned = await createMeeting(db, ssd.forumId, { startsAt: new Date(Date.now() + 86_400_000) });
  ssdItem = await addAgendaItem(db, ssdPlanned.id, ssdCase.id, 1);

  chair = await apiAs(server.url, server.origin, ssd.users.chair!.email);
  school = await apiAs(server.url, server.origin, ssd.users.school!.email);
  police = await apiAs(server.url, server.origin, ssp.users.police!.email);
  policeChair = await apiAs(server.url, server.origin, ssp.users.officer!.email);
  admin = await userWithRole(ssd.municipalityId, 'ADMIN');
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.close();
});

describe('A4 on every channel: police in a non-SSP forum reach none of its cases', () => {
  it('[A4] the case route itself refuses (the rule every other channel follows)', async () => {
    expect((await police.get(`/api/cases/${ssdCase.id}`)).status).toBe(404);
    expect((await police.get(`/api/cases/${sspCase.id}`)).status).toBe(200);
  });

  it('[A4] meeting detail and meeting lists leave the SSD cases out entirely; SSP meetings keep theirs', async () => {
    const seen = await police.get<MeetingDetail>(`/api/meetings/${ssdClosedMeeting.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.agenda).toEqual([]);
    expect(seen.body.agendaCount).toBe(0);
    const text = JSON.stringify(seen.body);
    for (const secret of [SSD_DESCRIPTION, SSD_OUTCOME, ssdCase.id, ssdCase.reference]) expect(text).not.toContain(secret);

    const asChair = await chair.get<MeetingDetail>(`/api/meetings/${ssdClosedMeeting.id}`);
    expect(asChair.body.agenda.map((i) => i.case.description)).toEqual([SSD_DESCRIPTION]);
    const sspSeen = await police.get<MeetingDetail>(`/api/meetings/${sspClosedMeeting.id}`);
    expect(sspSeen.body.agenda.map((i) => i.case.id)).toEqual([sspCase.id]);

    const list = await police.get<MeetingSummary[]>(`/api/forums/${ssd.forumId}/meetings`);
    expect(list.status).toBe(200);
    expect(list.body.map((m) => m.agendaCount)).toEqual([0, 0]);
    expect((await chair.get<MeetingSummary[]>(`/api/forums/${ssd.forumId}/meetings`)).body.map((m) => m.agendaCount)).toEqual([1, 1]);
  });

  it('[A4] a police chair of an SSD forum cannot put its cases on the agenda or act on its items', async () => {
    const detail = await policeChair.get<MeetingDetail>(`/api/meetings/${ssdPlanned.id}`);
    expect(detail.body.isChair).toBe(true);
    expect(detail.body.agenda).toEqual([]);
    const add = await policeChair.send('POST', `/api/meetings/${ssdPlanned.id}/agenda`, { caseId: ssdCase.id, timeboxMinutes: 10 });
    expect(add.status).toBe(400);
    expect(add.body).toEqual({ error: 'case_not_in_forum' });
    expect((await policeChair.send('PATCH', `/api/meetings/${ssdPlanned.id}/agenda/${ssdItem.id}`, { outcome: 'x' })).status).toBe(404);
    expect((await policeChair.send('DELETE', `/api/meetings/${ssdPlanned.id}/agenda/${ssdItem.id}`)).status).toBe(404);
    expect((await policeChair.send('POST', `/api/meetings/${ssdPlanned.id}/agenda/reorder`, { itemIds: [ssdItem.id] })).status).toBe(404);
    expect((await server.db.prisma.agendaItem.findUniqueOrThrow({ where: { id: ssdItem.id } })).outcome).toBeNull();
  });

  it('[A4] the minutes PDF leaves the SSD cases out: no description, level, action, owner or outcome', async () => {
    const fetchPdf = async (client: ApiClient, meetingId: string) => {
      const res = await fetch(`${server.url}/api/meetings/${meetingId}/minutes.pdf`, { headers: { cookie: client.cookie } });
      expect(res.status).toBe(200);
      return pdfText(Buffer.from(await res.arrayBuffer()));
    };
    const asPolice = await fetchPdf(police, ssdClosedMeeting.id);
    for (const secret of [SSD_DESCRIPTION, SSD_ACTION, SSD_OUTCOME, `Sag ${ssdCase.reference}`, 'Børnelinealen']) {
      expect(asPolice).not.toContain(secret);
    }
    expect(asPolice).toContain('Ingen sager på dagsordenen.');
    const asChair = await fetchPdf(chair, ssdClosedMeeting.id);
    for (const shown of [SSD_DESCRIPTION, SSD_ACTION, SSD_OUTCOME, `Sag ${ssdCase.reference}`]) expect(asChair).toContain(shown);
    expect(await fetchPdf(police, sspClosedMeeting.id)).toContain(SSP_DESCRIPTION);
  });

  it('[A4] the bell: the reminders job neither stores nor pushes a reminder about an SSD case to police', async () => {
    const socket = await connectAs(ssp.users.police!.email);
    const got = record(socket);
    await server.runJob('reminders');
    await eventually(() => expect(got.notifications.map((n) => n.caseId)).toContain(sspCase.id));
    await sleep(200);
    expect(got.notifications.map((n) => n.caseId)).not.toContain(ssdCase.id);
    const stored = await server.db.prisma.notification.findMany({ where: { userId: ssp.users.police!.id } });
    expect(stored.length).toBeGreaterThan(0);
    const ssdRefs = (await server.db.prisma.actionItem.findMany({ where: { caseId: ssdCase.id } })).map((a) => a.id);
    expect(stored.filter((n) => ssdRefs.includes(n.refId))).toEqual([]);
    const bell = await police.get<NotificationView[]>('/api/notifications');
    expect(bell.body.map((n) => n.caseId)).not.toContain(ssdCase.id);
    expect(bell.body.map((n) => n.caseId)).toContain(sspCase.id);
    socket.disconnect();
  });

  it('[A4] my tasks and the forum overview show no SSD case to police', async () => {
    const tasks = await police.get<MyTasks>('/api/me/tasks');
    expect(tasks.status).toBe(200);
    const text = JSON.stringify(tasks.body);
    expect(text).not.toContain(ssdCase.id);
    expect(text).not.toContain(SSD_ACTION);
    expect(text).toContain(sspCase.id);
    expect((await police.get(`/api/forums/${ssd.forumId}/overview`)).status).toBe(404);
    expect((await police.get(`/api/forums/${ssp.forumId}/overview`)).status).toBe(200);
  });

  it('[A4] key figures count cases: a police chair of an SSD forum gets 404, its other chair and management get them', async () => {
    expect((await policeChair.get(`/api/forums/${ssd.forumId}/keyfigures`)).status).toBe(404);
    expect((await chair.get(`/api/forums/${ssd.forumId}/keyfigures`)).status).toBe(200);
    const management = await userWithRole(ssd.municipalityId, 'MANAGEMENT');
    expect((await management.get(`/api/forums/${ssd.forumId}/keyfigures`)).status).toBe(200);
  });

  it('[A4] the calendar (download and secret feed) has no event about an SSD case for police', async () => {
    const ics = await (await fetch(`${server.url}/api/me/calendar.ics`, { headers: { cookie: police.cookie } })).text();
    expect(ics).toContain(`sag ${sspCase.reference}`);
    expect(ics).not.toContain(ssdCase.reference);
    const { url } = (await police.send<{ url: string }>('POST', '/api/me/calendar-feed')).body;
    const feed = await (await fetch(`${server.url}${new URL(url).pathname}`)).text();
    expect(feed).toContain(`sag ${sspCase.reference}`);
    expect(feed).not.toContain(ssdCase.reference);
  });

  it('[A4] socket.io: police in the SSD room get the meeting without its current item, no case:changed, no report-duty push', async () => {
    const policeSocket = await connectAs(ssp.users.police!.email);
    const policeWatcher = await connectAs(ssp.users.police!.email);
    const schoolSocket = await connectAs(ssd.users.school!.email);
    const [p, pw, s] = [record(policeSocket), record(policeWatcher), record(schoolSocket)];
    expect((await policeSocket.emitWithAck('meeting:join', { forumId: ssd.forumId })).ok).toBe(true);
    expect((await policeWatcher.emitWithAck('meeting:join', { forumId: ssd.forumId, watch: true })).ok).toBe(true);
    expect((await schoolSocket.emitWithAck('meeting:join', { forumId: ssd.forumId })).ok).toBe(true);

    expect((await chair.send('POST', `/api/meetings/${ssdPlanned.id}/start`)).status).toBe(204);
    await eventually(() => expect(s.state.at(-1)?.currentItemId).toBe(ssdItem.id));
    await eventually(() => expect(p.state.at(-1)?.status).toBe('RUNNING'));
    expect(p.state.at(-1)).toMatchObject({ meetingId: ssdPlanned.id, currentItemId: null, currentItemStartedAt: null });
    await eventually(() => expect(pw.state.at(-1)?.currentItemId).toBeNull());

    // A late joiner's answer carries the running meeting the same way.
    const late = await connectAs(ssp.users.police!.email);
    const join = await late.emitWithAck('meeting:join', { forumId: ssd.forumId });
    expect(join.meeting).toMatchObject({ meetingId: ssdPlanned.id, currentItemId: null });
    const schoolJoin = await (await connectAs(ssd.users.school!.email)).emitWithAck('meeting:join', { forumId: ssd.forumId });
    expect(schoolJoin.meeting?.currentItemId).toBe(ssdItem.id);

    // Concluding at level 5 pushes case:changed to the room and report-duty reminders to every participant who may read the case.
    expect((await chair.send('PUT', `/api/meetings/${ssdPlanned.id}/participants`, { userIds: [ssd.users.school!.id, ssp.users.police!.id], guestLabels: [] })).status).toBe(204);
    const concluded = await chair.send('POST', `/api/meetings/${ssdPlanned.id}/items/${ssdItem.id}/conclude`, {
      level: 5,
      sosScale: 2,
      followUp: null,
      noFollowUpReason: 'drøftet færdig',
    });
    expect(concluded.status).toBe(204);
    await eventually(() => expect(s.changed).toContain(ssdCase.id));
    await eventually(() => expect(s.notifications.map((n) => n.kind)).toContain('REPORT_DUTY'));
    await sleep(300);
    for (const got of [p, pw]) {
      expect(got.changed).toEqual([]);
      expect(got.notifications).toEqual([]);
      expect(JSON.stringify(got.state)).not.toContain(ssdItem.id);
    }
    const stored = await server.db.prisma.notification.findMany({ where: { userId: ssp.users.police!.id, kind: 'REPORT_DUTY' } });
    expect(stored).toEqual([]);
    // Pushes made by other code paths go through the same hub and the same rule.
    server.hub.toForum(ssd.forumId, 'case:changed', { caseId: ssdCase.id });
    await eventually(() => expect(s.changed.filter((id) => id === ssdCase.id)).toHaveLength(2));
    await sleep(200);
    expect(p.changed).toEqual([]);
  });
});

describe('administration', () => {
  it('[A10] the administration refuses police membership of a non-SSP forum with a Danish message; SSP is fine', async () => {
    const policeId = ssp.users.police!.id;
    const other = await createForum(server.db.prisma, { chair: { sector: 'SOCIAL', role: 'CHAIR' } }, { type: 'TRIVSEL_0_3', municipalityId: ssd.municipalityId });
    const refused = await admin.send<{ error: string; message: string }>('PUT', `/api/admin/forums/${other.forumId}/members/${policeId}`, {
      sector: 'POLITI',
      role: 'MEMBER',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('police_only_in_ssp');
    expect(refused.body.message).toMatch(/Politiet kan kun være medlem af SSP-fora/);
    expect(await server.db.prisma.membership.findUnique({ where: { userId_forumId: { userId: policeId, forumId: other.forumId } } })).toBeNull();
    // Changing an existing member's sector to police is refused the same way, and nothing changes.
    const changed = await admin.send('PUT', `/api/admin/forums/${ssd.forumId}/members/${ssd.users.school!.id}`, { sector: 'POLITI', role: 'MEMBER' });
    expect(changed.status).toBe(409);
    expect((await server.db.prisma.membership.findUniqueOrThrow({ where: { userId_forumId: { userId: ssd.users.school!.id, forumId: ssd.forumId } } })).sector).toBe('SKOLE');
    // An SSP forum takes police; other sectors join any forum.
    const sspOther = await createForum(server.db.prisma, { chair: { sector: 'SOCIAL', role: 'CHAIR' } }, { type: 'SSP', municipalityId: ssd.municipalityId });
    expect((await admin.send('PUT', `/api/admin/forums/${sspOther.forumId}/members/${policeId}`, { sector: 'POLITI', role: 'MEMBER' })).status).toBe(204);
    expect((await admin.send('PUT', `/api/admin/forums/${other.forumId}/members/${ssd.users.school!.id}`, { sector: 'SKOLE', role: 'MEMBER' })).status).toBe(204);
  });

  it('[A11] a removed member\u2019s socket.io connections, watcher and present alike, receive no push of the forum 1 s later', async () => {
    const leaver = ssd.users.leaver!;
    const present = await connectAs(leaver.email);
    const watcher = await connectAs(leaver.email);
    const staying = await connectAs(ssd.users.school!.email);
    const [gp, gw, gs] = [record(present), record(watcher), record(staying)];
    expect((await present.emitWithAck('meeting:join', { forumId: ssd.forumId })).ok).toBe(true);
    expect((await watcher.emitWithAck('meeting:join', { forumId: ssd.forumId, watch: true })).ok).toBe(true);
    expect((await staying.emitWithAck('meeting:join', { forumId: ssd.forumId, watch: true })).ok).toBe(true);
    // Before: all three receive the forum's pushes.
    server.hub.toForum(ssd.forumId, 'case:changed', { caseId: 'before' });
    await eventually(() => {
      for (const g of [gp, gw, gs]) expect(g.changed).toContain('before');
    });

    const removedAt = Date.now();
    expect((await admin.send('DELETE', `/api/admin/forums/${ssd.forumId}/members/${leaver.id}`)).status).toBe(204);
    await sleep(Math.max(0, 1000 - (Date.now() - removedAt)));
    const state: MeetingState = {
      forumId: ssd.forumId,
      meetingId: ssdPlanned.id,
      status: 'RUNNING',
      currentItemId: ssdItem.id,
      currentItemStartedAt: new Date().toISOString(),
      serverNow: new Date().toISOString(),
    };
    server.hub.toForum(ssd.forumId, 'case:changed', { caseId: 'after' });
    server.hub.toForum(ssd.forumId, 'meeting:state', state);
    await eventually(() => expect(gs.changed).toContain('after'));
    await eventually(() => expect(gs.state.map((x) => x.serverNow)).toContain(state.serverNow));
    await sleep(300);
    for (const g of [gp, gw]) {
      expect(g.changed).toEqual(['before']);
      expect(g.state.map((x) => x.serverNow)).not.toContain(state.serverNow);
    }
    // The sockets stay connected (personal pushes still reach them), and joining again is refused.
    expect(present.connected && watcher.connected).toBe(true);
    expect(await watcher.emitWithAck('meeting:join', { forumId: ssd.forumId, watch: true })).toEqual({ ok: false, error: 'forbidden' });
  });
});

describe('input', () => {
  it('[H6] a NUL character in any JSON string (value, nested, array item or key) is 400 naming the field, not a 500', async () => {
    const cases = await chair.send('POST', `/api/forums/${ssd.forumId}/cases`, { description: 'dreng\u0000, 7 år' });
    expect(cases.status).toBe(400);
    expect(cases.body).toEqual({ error: 'invalid_input', fields: ['description'] });
    const reorder = await chair.send('POST', `/api/meetings/${ssdPlanned.id}/agenda/reorder`, { itemIds: ['a\u0000'] });
    expect(reorder).toEqual({ status: 400, body: { error: 'invalid_input', fields: ['itemIds.0'] } });
    const nested = await chair.send('PUT', `/api/meetings/${ssdPlanned.id}/participants`, { userIds: [], guestLabels: ['Mor\u0000'] });
    expect(nested).toEqual({ status: 400, body: { error: 'invalid_input', fields: ['guestLabels.0'] } });
    const key = await admin.send('POST', '/api/admin/forums', { name: 'Forum', type: 'SSD', ['x\u0000']: 1 });
    expect(key).toEqual({ status: 400, body: { error: 'invalid_input', fields: ['body'] } });
    // Without a session too: the check comes before anything reaches the database.
    const loginRes = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.origin },
      body: JSON.stringify({ email: 'a\u0000@b.dk', password: 'x' }),
    });
    expect(loginRes.status).toBe(400);
    expect(await loginRes.json()).toEqual({ error: 'invalid_input', fields: ['email'] });
    // The same text without NUL is accepted.
    expect((await chair.send('POST', `/api/forums/${ssd.forumId}/cases`, { description: 'dreng, 7 år' })).status).toBe(201);
  });

  it('[H6] a NUL in an API path or query (%-encoded) and a malformed %-encoding there are 400, not a 500', async () => {
    for (const path of [`/api/cases/a%00b`, `/api/meetings/${ssdPlanned.id}?x=%00`, '/api/cases/%E0%A4%A']) {
      expect(await chair.get(path), path).toEqual({ status: 400, body: { error: 'invalid_input', fields: ['url'] } });
    }
    expect((await chair.get(`/api/meetings/${ssdPlanned.id}`)).status).toBe(200);
  });
});

describe('calendar feed URL', () => {
  /** POST /api/me/calendar-feed with a forged Host header (fetch would not let us set it). */
  function createFeed(target: TestServer, cookie: string, host: string): Promise<{ status: number; url: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: target.port, method: 'POST', path: '/api/me/calendar-feed', headers: { host, cookie, origin: target.origin } },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, url: body ? (JSON.parse(body) as { url: string }).url : '' }));
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  it('[T6] the feed URL comes from PUBLIC_ORIGIN (default http://localhost:PORT), never from a forged Host header', async () => {
    const forged = await createFeed(server, police.cookie, 'evil.example');
    expect(forged.status).toBe(200);
    expect(forged.url).toMatch(new RegExp(`^http://localhost:${server.port}/api/calendar/[A-Za-z0-9_-]{43}\\.ics$`));

    const configured = await startTestServer({ PUBLIC_ORIGIN: 'https://samraad.kommune.example/' }, server.databaseUrl);
    try {
      const cookie = await login(configured.url, configured.origin, ssp.users.police!.email);
      const feed = await createFeed(configured, cookie, 'evil.example:8443');
      expect(feed.status).toBe(200);
      expect(feed.url).toMatch(/^https:\/\/samraad\.kommune\.example\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    } finally {
      await configured.close();
    }
  });
});
