/** Session expiry (idle and absolute) and logout everywhere. */
import pg from 'pg';
import { io as connectIo, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../shared/protocol.js';
import { closeCodeOf, login, rawUpgrade, wsToken } from './helpers/clients.js';
import { createForum, PASSWORD, type TestForum } from './helpers/factories.js';
import { createTestDatabase, startTestServer, type TestServer } from './helpers/server.js';

const IDLE_MINUTES = 30;
const ABSOLUTE_HOURS = 8;

let server: TestServer;
let forum: TestForum;

beforeAll(async () => {
  server = await startTestServer({ SESSION_IDLE_MINUTES: String(IDLE_MINUTES), SESSION_ABSOLUTE_HOURS: String(ABSOLUTE_HOURS) });
  forum = await createForum(server.db.prisma, {
    anna: { sector: 'SKOLE', role: 'MEMBER' },
    bo: { sector: 'SOCIAL', role: 'MEMBER' },
    carl: { sector: 'PPR', role: 'MEMBER' },
    dora: { sector: 'SUNDHEDSPLEJE', role: 'MEMBER' },
  });
});
afterAll(async () => {
  await server?.close();
});

const me = (cookie: string) => fetch(`${server.url}/api/auth/me`, { headers: { cookie } }).then((r) => r.status);
const minutes = (n: number) => n * 60_000;

async function onlySession(userId: string) {
  const rows = await server.db.prisma.session.findMany({ where: { userId } });
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe('session expiry', () => {
  it('[SE1] a session idle for SESSION_IDLE_MINUTES is refused and removed; activity keeps it alive', async () => {
    const user = forum.users.anna!;
    const cookie = await login(server.url, server.origin, user.email);
    const { id } = await onlySession(user.id);

    // Idle a little under the limit: still valid, and the request refreshes lastSeenAt.
    await server.db.prisma.session.update({ where: { id }, data: { lastSeenAt: new Date(Date.now() - minutes(IDLE_MINUTES - 1)) } });
    expect(await me(cookie)).toBe(200);
    const refreshed = await server.db.prisma.session.findUniqueOrThrow({ where: { id } });
    expect(Date.now() - refreshed.lastSeenAt.getTime()).toBeLessThan(minutes(1));

    // A collaboration upgrade with the cookie moves the idle limit too (its own query: collab/access.ts).
    await server.db.prisma.session.update({ where: { id }, data: { lastSeenAt: new Date(Date.now() - minutes(IDLE_MINUTES - 1)) } });
    const upgrade = () => rawUpgrade(`${server.wsUrl}/collab/${forum.docName}`, { cookie, origin: server.origin });
    const open = await upgrade();
    expect(open.status).toBe(101);
    open.ws?.terminate();
    const touched = await server.db.prisma.session.findUniqueOrThrow({ where: { id } });
    expect(Date.now() - touched.lastSeenAt.getTime()).toBeLessThan(minutes(1));

    // Idle past the limit: refused, on a websocket as over HTTP, and the row is gone.
    await server.db.prisma.session.update({ where: { id }, data: { lastSeenAt: new Date(Date.now() - minutes(IDLE_MINUTES) - 1000) } });
    expect((await upgrade()).status).toBe(401);
    expect(await server.db.prisma.session.count({ where: { id } })).toBe(0);
    expect(await me(cookie)).toBe(401);
  });

  it('[SE2] a session ends SESSION_ABSOLUTE_HOURS after login however active it is', async () => {
    const user = forum.users.bo!;
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.origin },
      body: JSON.stringify({ email: user.email, password: PASSWORD }),
    });
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(new RegExp(`Max-Age=${ABSOLUTE_HOURS * 3600}`, 'i'));
    const cookie = setCookie.split(';')[0]!;
    const session = await onlySession(user.id);
    const lifetime = session.expiresAt.getTime() - session.createdAt.getTime();
    expect(Math.abs(lifetime - ABSOLUTE_HOURS * 3600_000)).toBeLessThan(5000);

    // Activity does not move the absolute end.
    await server.db.prisma.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date(Date.now() - minutes(5)) } });
    expect(await me(cookie)).toBe(200);
    expect((await server.db.prisma.session.findUniqueOrThrow({ where: { id: session.id } })).expiresAt).toEqual(session.expiresAt);

    // Logged in ABSOLUTE_HOURS ago and active a second ago: refused all the same.
    await server.db.prisma.session.update({
      where: { id: session.id },
      data: { createdAt: new Date(Date.now() - ABSOLUTE_HOURS * 3600_000), expiresAt: new Date(Date.now() - 1), lastSeenAt: new Date() },
    });
    expect(await me(cookie)).toBe(401);
    expect(await server.db.prisma.session.count({ where: { id: session.id } })).toBe(0);
  });
});

describe('logout everywhere', () => {
  it("[SE3] logout-all ends every session of the user and closes all their sockets; other users' stay", async () => {
    const user = forum.users.carl!;
    const here = await login(server.url, server.origin, user.email);
    const laptop = await login(server.url, server.origin, user.email);
    const phone = await login(server.url, server.origin, user.email);
    const phoneToken = await wsToken(server.url, server.origin, phone);
    const other = await login(server.url, server.origin, forum.users.dora!.email);
    const collabUrl = (token?: string) => `${server.wsUrl}/collab/${forum.docName}${token ? `?token=${token}` : ''}`;

    const laptopDoc = await rawUpgrade(collabUrl(), { origin: server.origin, cookie: laptop });
    const phoneDoc = await rawUpgrade(collabUrl(phoneToken));
    const otherDoc = await rawUpgrade(collabUrl(), { origin: server.origin, cookie: other });
    expect([laptopDoc.status, phoneDoc.status, otherDoc.status]).toEqual([101, 101, 101]);
    const meeting: Socket = connectIo(server.url, {
      transports: ['websocket'],
      auth: { token: await wsToken(server.url, server.origin, laptop) },
      reconnection: false,
    });
    await new Promise<void>((resolve, reject) => {
      meeting.once('connect', () => resolve());
      meeting.once('connect_error', reject);
    });
    const docCodes = Promise.all([closeCodeOf(laptopDoc.ws!), closeCodeOf(phoneDoc.ws!)]);
    const meetingGone = new Promise<string>((resolve) => meeting.once('disconnect', (reason) => resolve(reason)));

    const res = await fetch(`${server.url}/api/auth/logout-all`, { method: 'POST', headers: { cookie: here, origin: server.origin } });
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/samraad_session=;/);

    expect(await docCodes).toEqual([CloseCode.UNAUTHORIZED, CloseCode.UNAUTHORIZED]);
    expect(await meetingGone).toBe('io server disconnect');
    for (const cookie of [here, laptop, phone]) expect(await me(cookie)).toBe(401);
    expect(await server.db.prisma.session.count({ where: { userId: user.id } })).toBe(0);
    // Tokens died with their sessions.
    expect((await rawUpgrade(collabUrl(phoneToken))).status).toBe(401);

    // Someone else is untouched.
    expect(otherDoc.ws!.readyState).toBe(otherDoc.ws!.OPEN);
    expect(await me(other)).toBe(200);
    otherDoc.ws!.close();
    meeting.disconnect();

    // Logging in again works as usual.
    expect(await me(await login(server.url, server.origin, user.email))).toBe(200);
  });

  it('[SE3] logout-all needs a session and an allowed Origin', async () => {
    const cookie = await login(server.url, server.origin, forum.users.dora!.email);
    expect((await fetch(`${server.url}/api/auth/logout-all`, { method: 'POST', headers: { origin: server.origin } })).status).toBe(401);
    expect((await fetch(`${server.url}/api/auth/logout-all`, { method: 'POST', headers: { cookie, origin: 'https://evil.example' } })).status).toBe(403);
    expect(await me(cookie)).toBe(200);
  });

  it('[OI5] without OIDC_ISSUER the login page is told there is no OIDC login, and its routes are 404', async () => {
    expect(await (await fetch(`${server.url}/api/auth/config`)).json()).toEqual({ oidc: false });
    expect((await fetch(`${server.url}/api/auth/oidc/login`, { redirect: 'manual' })).status).toBe(404);
  });
});

describe('database time zone', () => {
  it('[SE4] on a PostgreSQL whose time zone is Europe/Copenhagen, sessions, websocket tokens and idle expiry keep time', async () => {
    // A municipality's database server may well run in Danish time; stored times are UTC (Prisma), so comparisons
    // in SQL must not shift them by an hour (a 60-second websocket token would be born expired).
    const url = await createTestDatabase();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`ALTER DATABASE "${new URL(url).pathname.slice(1)}" SET timezone TO 'Europe/Copenhagen'`);
    await admin.end();
    const danish = await startTestServer({ SESSION_IDLE_MINUTES: String(IDLE_MINUTES) }, url);
    try {
      const f = await createForum(danish.db.prisma, { eva: { sector: 'SKOLE', role: 'MEMBER' } });
      const cookie = await login(danish.url, danish.origin, f.users.eva!.email);
      const meHere = () => fetch(`${danish.url}/api/auth/me`, { headers: { cookie } }).then((r) => r.status);
      expect(await meHere()).toBe(200);
      const token = await wsToken(danish.url, danish.origin, cookie);
      const opened = await rawUpgrade(`${danish.wsUrl}/collab/${f.docName}?token=${token}`);
      expect(opened.status).toBe(101);
      opened.ws?.terminate();
      // Idle expiry counts from lastSeenAt in UTC, not shifted by the server's offset.
      const [session] = await danish.db.prisma.session.findMany({ where: { userId: f.users.eva!.id } });
      await danish.db.prisma.session.update({ where: { id: session!.id }, data: { lastSeenAt: new Date(Date.now() - minutes(IDLE_MINUTES - 1)) } });
      expect(await meHere()).toBe(200);
      await danish.db.prisma.session.update({ where: { id: session!.id }, data: { lastSeenAt: new Date(Date.now() - minutes(IDLE_MINUTES) - 1000) } });
      expect(await meHere()).toBe(401);
    } finally {
      await danish.close();
    }
  });
});
