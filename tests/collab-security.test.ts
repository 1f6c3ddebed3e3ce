import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../shared/protocol.js';
import { closeCodeOf, connectProvider, eventually, login, rawUpgrade, synced, wsToken } from './helpers/clients.js';
import { createForum, createOutsider, type TestForum } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let forum: TestForum;
let memberCookie: string;

const collabUrl = (docName = forum.docName, token?: string) =>
  `${server.wsUrl}/collab/${docName}${token ? `?token=${encodeURIComponent(token)}` : ''}`;

beforeAll(async () => {
  server = await startTestServer({ WS_TOKEN_TTL_SECONDS: '5' });
  forum = await createForum(server.db.prisma, {
    school: { sector: 'SKOLE', role: 'MEMBER' },
    guest: { sector: 'ANDET', role: 'GUEST' },
  });
  memberCookie = await login(server.url, server.origin, forum.users.school!.email);
});
afterAll(async () => {
  await server?.close();
});

describe('refused upgrades never see document bytes', () => {
  it('[S4] no credentials: 401', async () => {
    const r = await rawUpgrade(collabUrl(), { origin: server.origin });
    expect(r.status).toBe(401);
    expect(r.received).toHaveLength(0);
  });

  it('[S4] no Origin and no token (a cookie alone is not enough without Origin): 401', async () => {
    const r = await rawUpgrade(collabUrl(), { cookie: memberCookie });
    expect(r.status).toBe(401);
  });

  it('[S4] an unknown or expired token: 401', async () => {
    expect((await rawUpgrade(collabUrl(forum.docName, 'not-a-token'))).status).toBe(401);
    const token = await wsToken(server.url, server.origin, memberCookie);
    await server.db.prisma.wsToken.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    const r = await rawUpgrade(collabUrl(forum.docName, token));
    expect(r.status).toBe(401);
    expect(r.received).toHaveLength(0);
  });

  it('[S3] a foreign Origin: 403, even with a valid session', async () => {
    const r = await rawUpgrade(collabUrl(), { origin: 'https://evil.example', cookie: memberCookie });
    expect(r.status).toBe(403);
    expect(r.received).toHaveLength(0);
  });

  it('[S5] not a member of the forum: 403', async () => {
    const outsider = await createOutsider(server.db.prisma, forum.municipalityId);
    const cookie = await login(server.url, server.origin, outsider.email);
    const r = await rawUpgrade(collabUrl(), { origin: server.origin, cookie });
    expect(r.status).toBe(403);
    expect(r.received).toHaveLength(0);
  });

  it('[S5] an unknown document: 404; a malformed name: 400', async () => {
    expect((await rawUpgrade(collabUrl('UnknownDoc123'), { origin: server.origin, cookie: memberCookie })).status).toBe(404);
    expect((await rawUpgrade(collabUrl('x'), { origin: server.origin, cookie: memberCookie })).status).toBe(400);
    // A malformed %-encoding is bad input too, not a server error.
    expect((await rawUpgrade(collabUrl('%E0%A4%A'), { origin: server.origin, cookie: memberCookie })).status).toBe(400);
  });

  it('[S4] a member with cookie and the right Origin is let in; so is a token without Origin', async () => {
    const r = await rawUpgrade(collabUrl(), { origin: server.origin, cookie: memberCookie });
    expect(r.status).toBe(101);
    r.ws!.close();
    const token = await wsToken(server.url, server.origin, memberCookie);
    const t = await rawUpgrade(collabUrl(forum.docName, token));
    expect(t.status).toBe(101);
    t.ws!.close();
  });

  it('[S6] a websocket token is not accepted as an HTTP credential', async () => {
    const token = await wsToken(server.url, server.origin, memberCookie);
    const res = await fetch(`${server.url}/api/documents?token=${token}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
  });
});

describe('read-only members', () => {
  it("[A2] a guest's updates are dropped: not stored, not relayed", async () => {
    const guestCookie = await login(server.url, server.origin, forum.users.guest!.email);
    const member = connectProvider(server.wsUrl, forum.docName, { cookie: memberCookie, origin: server.origin });
    const guest = connectProvider(server.wsUrl, forum.docName, { cookie: guestCookie, origin: server.origin });
    await Promise.all([synced(member), synced(guest)]);
    member.text.insert(0, 'medlem');
    await eventually(() => expect(guest.text.toString()).toBe('medlem'));
    guest.text.insert(0, 'GÆST ');
    member.text.insert(member.text.length, '!');
    await eventually(() => expect(guest.text.toString()).toBe('GÆST medlem!'));
    expect(member.text.toString()).toBe('medlem!');
    const { rows } = await server.db.pool.query('SELECT data FROM "DocUpdate" WHERE "documentId" = $1', [forum.documentId]);
    expect(rows.some((r: { data: Buffer }) => r.data.includes(Buffer.from('GÆST')))).toBe(false);
    expect(server.metrics.updatesDroppedReadOnly).toBeGreaterThan(0);
    member.destroy();
    guest.destroy();
  });
});

describe('sessions', () => {
  it("[S2] logout ends the session and closes that session's websockets, not others'", async () => {
    const cookieA = await login(server.url, server.origin, forum.users.school!.email);
    const cookieB = await login(server.url, server.origin, forum.users.school!.email);
    const tokenA = await wsToken(server.url, server.origin, cookieA);
    const viaCookie = await rawUpgrade(collabUrl(), { origin: server.origin, cookie: cookieA });
    const viaToken = await rawUpgrade(collabUrl(forum.docName, tokenA));
    const other = await rawUpgrade(collabUrl(), { origin: server.origin, cookie: cookieB });
    expect([viaCookie.status, viaToken.status, other.status]).toEqual([101, 101, 101]);
    const codes = Promise.all([closeCodeOf(viaCookie.ws!), closeCodeOf(viaToken.ws!)]);
    const res = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie: cookieA, origin: server.origin } });
    expect(res.status).toBe(204);
    expect(await codes).toEqual([CloseCode.UNAUTHORIZED, CloseCode.UNAUTHORIZED]);
    expect(other.ws!.readyState).toBe(other.ws!.OPEN);
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { cookie: cookieA } })).status).toBe(401);
    expect((await rawUpgrade(collabUrl(forum.docName, tokenA))).status).toBe(401);
    other.ws!.close();
  });
});
