import { io as connectIo, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, MeetingState, PresentMember, ServerToClientEvents } from '../shared/protocol.js';
import { eventually, login, wsToken } from './helpers/clients.js';
import { createForum, createOutsider, type TestForum } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
let server: TestServer;
let forum: TestForum;
const sockets: Client[] = [];

function connect(opts: { token?: string; cookie?: string; origin?: string }): Promise<Client> {
  const socket: Client = connectIo(server.url, {
    transports: ['websocket'],
    auth: opts.token ? { token: opts.token } : {},
    extraHeaders: { ...(opts.cookie ? { cookie: opts.cookie } : {}), ...(opts.origin ? { origin: opts.origin } : {}) },
    reconnection: false,
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(err));
  });
}

async function connectAs(key: string): Promise<Client> {
  const cookie = await login(server.url, server.origin, forum.users[key]!.email);
  return connect({ token: await wsToken(server.url, server.origin, cookie) });
}

beforeAll(async () => {
  server = await startTestServer();
  forum = await createForum(server.db.prisma, {
    chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Ahmed Nielsen' },
    school: { sector: 'SKOLE', role: 'MEMBER', name: 'Mette Skov' },
  });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.close();
});

describe('socket.io meeting channel', () => {
  it('[M1] an unauthenticated connection is refused', async () => {
    await expect(connect({ origin: server.origin })).rejects.toThrow(/unauthorized/);
    await expect(connect({ token: 'nonsense' })).rejects.toThrow(/unauthorized/);
  });

  it('[M1] a foreign Origin is refused even with a valid session cookie', async () => {
    const cookie = await login(server.url, server.origin, forum.users.school!.email);
    await expect(connect({ cookie, origin: 'https://evil.example' })).rejects.toThrow(/forbidden/);
    const ok = await connect({ cookie, origin: server.origin });
    expect(ok.connected).toBe(true);
    ok.disconnect();
  });

  it('[M2] two members see each other present, with sector; a non-member cannot join', async () => {
    const chair = await connectAs('chair');
    const school = await connectAs('school');
    let seenByChair: PresentMember[] = [];
    chair.on('meeting:presence', (p) => (seenByChair = p.present));
    const a = await chair.emitWithAck('meeting:join', { forumId: forum.forumId });
    expect(a.ok).toBe(true);
    const b = await school.emitWithAck('meeting:join', { forumId: forum.forumId });
    expect(b.present!.map((p) => p.name).sort()).toEqual(['Ahmed Nielsen', 'Mette Skov']);
    await eventually(() =>
      expect(seenByChair).toContainEqual({ userId: forum.users.school!.id, name: 'Mette Skov', sector: 'SKOLE', role: 'MEMBER' }),
    );
    school.disconnect();
    await eventually(() => expect(seenByChair.map((p) => p.name)).toEqual(['Ahmed Nielsen']));

    const outsider = await createOutsider(server.db.prisma, forum.municipalityId);
    const cookie = await login(server.url, server.origin, outsider.email);
    const stranger = await connect({ token: await wsToken(server.url, server.origin, cookie) });
    expect(await stranger.emitWithAck('meeting:join', { forumId: forum.forumId })).toEqual({ ok: false, error: 'forbidden' });
    expect(await stranger.emitWithAck('meeting:join', { forumId: 42 } as never)).toEqual({ ok: false, error: 'invalid_input' });
    chair.disconnect();
  });

  it('[M3] the chair moves the running meeting to another item and every member sees it; a member cannot', async () => {
    const db = server.db.prisma;
    const meeting = await db.meeting.create({ data: { forumId: forum.forumId, startsAt: new Date(), status: 'RUNNING', startedAt: new Date() } });
    const doc = await db.document.create({ data: { forumId: forum.forumId, title: 'Sag', docName: 'case-doc-for-m3' } });
    const kase = await db.case.create({ data: { forumId: forum.forumId, reference: 'M3M3', description: 'pige, 6 år', documentId: doc.id, createdById: forum.users.chair!.id } });
    const item = await db.agendaItem.create({ data: { meetingId: meeting.id, caseId: kase.id, position: 1 } });
    const chair = await connectAs('chair');
    const school = await connectAs('school');
    await chair.emitWithAck('meeting:join', { forumId: forum.forumId });
    await school.emitWithAck('meeting:join', { forumId: forum.forumId });
    let seen: MeetingState | null = null;
    school.on('meeting:state', (p) => (seen = p));
    expect(await chair.emitWithAck('meeting:setCurrentItem', { forumId: forum.forumId, itemId: item.id })).toEqual({ ok: true });
    await eventually(() => expect(seen).toMatchObject({ meetingId: meeting.id, status: 'RUNNING', currentItemId: item.id }));
    expect(await school.emitWithAck('meeting:setCurrentItem', { forumId: forum.forumId, itemId: null })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    // A late joiner gets the running meeting with its join.
    const late = await connectAs('school');
    const joined = await late.emitWithAck('meeting:join', { forumId: forum.forumId });
    expect(joined.meeting).toMatchObject({ meetingId: meeting.id, currentItemId: item.id });
    await db.meeting.update({ where: { id: meeting.id }, data: { status: 'CLOSED' } });
  });

  it('[M4] a watcher (a case page) gets the forum\'s pushes without being shown as present', async () => {
    const outsider = await createOutsider(server.db.prisma, forum.municipalityId);
    await server.db.prisma.membership.create({ data: { userId: outsider.id, forumId: forum.forumId, sector: 'PPR', role: 'MEMBER' } });
    const chair = await connectAs('chair');
    const reader = await connect({ token: await wsToken(server.url, server.origin, await login(server.url, server.origin, outsider.email)) });
    await chair.emitWithAck('meeting:join', { forumId: forum.forumId });
    const watched = await reader.emitWithAck('meeting:join', { forumId: forum.forumId, watch: true });
    expect(watched.ok).toBe(true);
    expect(watched.present!.map((p) => p.userId)).not.toContain(outsider.id);
    expect(watched.present!.map((p) => p.userId)).toContain(forum.users.chair!.id);
    const got = new Promise((resolve) => reader.once('case:changed', resolve));
    server.hub.toForum(forum.forumId, 'case:changed', { caseId: 'c1' });
    expect(await got).toEqual({ caseId: 'c1' });
    chair.disconnect();
    reader.disconnect();
  });

  it('[S2] logout disconnects that session\u2019s socket.io connections', async () => {
    const cookie = await login(server.url, server.origin, forum.users.school!.email);
    const socket = await connect({ cookie, origin: server.origin });
    const gone = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie, origin: server.origin } });
    expect(await gone).toBe('io server disconnect');
  });
});
