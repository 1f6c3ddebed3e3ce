/**
 * The parent's boundary (docs/SPEC.md, PA3, PA9): with a parent's session, every /api route of the app (walked from
 * Hono's `app.routes`, ids filled with another case's, a meeting's and a document's) answers 401, 403 or 404 except
 * the parent's own routes; the collaboration socket and socket.io refuse the parent's cookie; another case by id is
 * never reached; an expired invitation, a used or void code, a wrong e-mail and the sixth try are refused.
 */
import { io as connectIo } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../server/app.js';
import type { Services } from '../server/http/context.js';
import type { CreatedInvitation } from '../shared/parents.js';
import { apiAs, type ApiClient } from './helpers/api.js';
import { rawUpgrade } from './helpers/clients.js';
import { createMeeting } from './helpers/domain-factories.js';
import { createForum, type TestForum } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';
import { eventually, mailsArrive, parentClient, sharedCase } from './parents-helpers.js';

let smtp: TestSmtp;
let server: TestServer;
let forum: TestForum;
let chair: ApiClient;

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startTestServer({ SMTP_URL: smtp.url, MAIL_FROM: 'Samråd <samraad@test.kommune.dk>' });
  forum = await createForum(server.db.prisma, { chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Sara Berg' }, school: { sector: 'SKOLE', role: 'MEMBER' } });
  chair = await apiAs(server.url, server.origin, forum.users.chair!.email);
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

async function invite(caseId: string, email: string, meetingId: string | null = null): Promise<{ token: string; id: string }> {
  const r = await chair.send<CreatedInvitation>('POST', `/api/parent/cases/${caseId}/invitations`, { name: 'Anne', email, role: 'CUSTODY_HOLDER', meetingId });
  expect(r.status).toBe(201);
  return { token: r.body.link.split('#')[1]!, id: r.body.invitation.id };
}

/** The code the newest code mail to this address holds (sent at once, ML8; found by its row's Message-ID). */
async function lastCode(email: string): Promise<string> {
  const db = server.db.prisma;
  const code = await db.parentCode.findFirstOrThrow({ where: { invitation: { email } }, orderBy: { createdAt: 'desc' } });
  const row = await eventually(() => db.mailOutbox.findFirst({ where: { kind: 'PARENT_CODE', refId: code.id } }), (r) => r?.status === 'SENT');
  const mail = await eventually(async () => smtp.mailsTo(email).find((m) => m.messageId.startsWith(`<${row!.id}@`)), (m) => m !== undefined);
  return /(\d{6})/.exec(mail!.text)![1]!;
}

async function signedIn(caseId: string, email: string, meetingId: string | null = null) {
  const { token, id } = await invite(caseId, email, meetingId);
  const parent = parentClient(server.url, server.origin);
  expect((await parent.call('POST', '/api/parent/sign-in/start', { token, email })).status).toBe(202);
  expect((await parent.call('POST', '/api/parent/sign-in/verify', { token, email, code: await lastCode(email) })).status).toBe(204);
  return { parent, token, id };
}

/** The parent's own routes and sign-in: the only /api routes a parent's cookie may get a 2xx from. */
const OWN = new Set([
  'POST /api/parent/sign-in/info',
  'POST /api/parent/sign-in/start',
  'POST /api/parent/sign-in/verify',
  'GET /api/parent/view',
  'GET /api/parent/meeting',
  'PUT /api/parent/words',
  'POST /api/parent/plan/answer',
  'POST /api/parent/consent',
  'GET /api/parent/drawings/:house',
  'POST /api/parent/sign-out',
]);

/** Open to anyone, with or without a cookie: logging in, logging out, the login page's settings, OIDC's start. */
const PUBLIC = new Set(['GET /api/accessibility', 'POST /api/auth/login', 'POST /api/auth/logout', 'GET /api/auth/config', 'GET /api/auth/oidc/login', 'GET /api/auth/oidc/callback']);

describe('a parent\'s boundary', () => {
  it('[PA9] every /api route of the app answers 401, 403 or 404 to a parent\'s session, except the parent\'s own', async () => {
    const db = server.db.prisma;
    const own = await sharedCase(server, forum, chair, 'Oliver Hansen');
    const other = await sharedCase(server, forum, chair, 'Ida Jensen');
    const meeting = await createMeeting(db, forum.forumId, { startsAt: new Date(Date.now() + 86_400_000) });
    const { parent } = await signedIn(own.id, 'anne@example.dk', meeting.id);
    const doc = await db.document.findUniqueOrThrow({ where: { id: other.documentId }, select: { docName: true } });
    const user = forum.users.chair!.id;
    const fill: Record<string, string> = {
      caseId: other.id,
      id: other.id,
      meetingId: meeting.id,
      docName: doc.docName,
      documentId: other.documentId,
      forumId: forum.forumId,
      userId: user,
      invitationId: 'x',
      house: 'worries',
      sector: 'SKOLE',
      itemId: 'x',
    };
    const app = createApp({ config: { SERVE_WEB: false } } as unknown as Services);
    const routes = [...new Map(app.routes.filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL' && !r.path.includes('*')).map((r) => [`${r.method} ${r.path}`, r])).values()];
    expect(routes.length).toBeGreaterThan(60);
    const reached: string[] = [];
    for (const r of routes) {
      const key = `${r.method} ${r.path}`;
      if (OWN.has(key)) continue;
      const path = r.path.replace(/:([A-Za-z]+)(\{[^}]*\})?/g, (_m, name: string) => encodeURIComponent(fill[name] ?? 'x'));
      const res = await fetch(`${server.url}${path}`, {
        method: r.method,
        headers: { cookie: parent.cookie, origin: server.origin, 'content-type': 'application/json' },
        body: r.method === 'GET' || r.method === 'HEAD' ? undefined : '{}',
      });
      await res.arrayBuffer();
      if (PUBLIC.has(key)) continue; // answered alike with no cookie at all
      if (![401, 403, 404].includes(res.status)) reached.push(`${key} → ${res.status}`);
    }
    expect(reached).toEqual([]);
    // Every route the parent walked past was refused; the parent's own still work.
    expect((await parent.call('GET', '/api/parent/view')).status).toBe(200);
    // PA3: the invitation's meeting, polled: planned, so no current item.
    expect((await parent.call('GET', '/api/parent/meeting')).body).toMatchObject({ meeting: { status: 'PLANNED' }, current: 'none' });
  });

  it('[PA9] the collaboration socket and socket.io refuse a parent\'s cookie', async () => {
    const own = await sharedCase(server, forum, chair, 'Emil Berg');
    const { parent } = await signedIn(own.id, 'emil.far@example.dk');
    const doc = await server.db.prisma.document.findUniqueOrThrow({ where: { id: own.documentId }, select: { docName: true } });
    expect((await rawUpgrade(`${server.wsUrl}/collab/${doc.docName}`, { cookie: parent.cookie, origin: server.origin })).status).toBe(401);
    for (const name of ['any-doc', 'x']) {
      expect([400, 401, 403, 404]).toContain((await rawUpgrade(`${server.wsUrl}/collab/${name}`, { cookie: parent.cookie, origin: server.origin })).status);
    }
    const socket = connectIo(server.url, { path: '/socket.io/', transports: ['websocket'], extraHeaders: { cookie: parent.cookie, origin: server.origin }, reconnection: false });
    const outcome = await new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (err) => resolve(`refused:${err.message}`));
    });
    socket.close();
    expect(outcome).toMatch(/^refused/);
  });

  it('[PA3][PA9] the parent\'s routes read their own case only: the policy refuses another case, and a session is bound to its invitation\'s case', async () => {
    const db = server.db.prisma;
    const own = await sharedCase(server, forum, chair, 'Karla Holm');
    const other = await sharedCase(server, forum, chair, 'Noah Holm');
    const { parent, id } = await signedIn(own.id, 'karla.mor@example.dk');
    const view = await parent.call('GET', '/api/parent/view');
    expect(JSON.stringify(view.body)).toContain('Karla Holm');
    expect(JSON.stringify(view.body)).not.toContain('Noah');
    // Another case's family view by id: the members' route, 401 for a parent.
    const res = await fetch(`${server.url}/api/cases/${other.id}/family/plan`, { headers: { cookie: parent.cookie } });
    expect(res.status).toBe(401);
    // A session row pointing at another case than its invitation's is dead.
    await db.parentSession.updateMany({ where: { invitationId: id }, data: { caseId: other.id } });
    expect((await parent.call('GET', '/api/parent/view')).status).toBe(401);
    // No invitation for the meeting: no meeting state.
    const again = await signedIn(own.id, 'karla.mor2@example.dk');
    expect((await again.parent.call('GET', '/api/parent/meeting')).body).toEqual({ meeting: null, current: 'none' });
  });

  it('[PA2] an expired invitation, a wrong e-mail, a used code, a void code after five tries and the sixth try are refused', async () => {
    const db = server.db.prisma;
    const kase = await sharedCase(server, forum, chair, 'Alma Lund');
    // Expired.
    const expired = await invite(kase.id, 'alma.far@example.dk');
    await db.parentInvitation.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const p = parentClient(server.url, server.origin);
    expect((await p.call('POST', '/api/parent/sign-in/start', { token: expired.token, email: 'alma.far@example.dk' })).body).toEqual({ error: 'invitation_invalid' });
    // A session of an invitation that has expired since ends with it.
    const live = await signedIn(kase.id, 'alma.mor@example.dk');
    await db.parentInvitation.update({ where: { id: live.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await live.parent.call('GET', '/api/parent/view')).status).toBe(401);

    // A wrong e-mail: answered alike, no code mailed, the verify refused.
    const inv = await invite(kase.id, 'alma.bedste@example.dk');
    await mailsArrive(smtp, 'alma.bedste@example.dk', 1); // the invitation
    const before = smtp.received.length;
    expect((await p.call('POST', '/api/parent/sign-in/start', { token: inv.token, email: 'someone@example.dk' })).status).toBe(202);
    await server.runJob('mail');
    expect(smtp.received.length).toBe(before); // no code to anyone
    expect(await server.db.prisma.parentCode.count({ where: { invitationId: inv.id } })).toBe(0)
    expect((await p.call('POST', '/api/parent/sign-in/verify', { token: inv.token, email: 'someone@example.dk', code: '123456' })).status).toBe(401);

    // Five wrong tries void the code; the right code then fails too.
    expect((await p.call('POST', '/api/parent/sign-in/start', { token: inv.token, email: 'alma.bedste@example.dk' })).status).toBe(202);
    const code = await lastCode('alma.bedste@example.dk');
    const wrong = code === '000000' ? '000001' : '000000';
    for (let i = 0; i < 5; i++) {
      expect((await p.call('POST', '/api/parent/sign-in/verify', { token: inv.token, email: 'alma.bedste@example.dk', code: wrong })).body).toEqual({ error: 'wrong_code' });
    }
    expect((await p.call('POST', '/api/parent/sign-in/verify', { token: inv.token, email: 'alma.bedste@example.dk', code })).body).toEqual({ error: 'wrong_code' });
    const codes = await db.parentCode.findMany({ where: { invitationId: inv.id } });
    expect(codes.map((c) => [c.attempts, c.voidAt !== null, c.usedAt, c.mailCode])).toEqual([[5, true, null, null]]);

    // A new code works once (success forgets the failures); then the throttle (10 failures per invitation in 15 minutes) stops the rest.
    expect((await p.call('POST', '/api/parent/sign-in/start', { token: inv.token, email: 'alma.bedste@example.dk' })).status).toBe(202);
    const fresh = await lastCode('alma.bedste@example.dk');
    expect((await p.call('POST', '/api/parent/sign-in/verify', { token: inv.token, email: 'alma.bedste@example.dk', code: fresh })).status).toBe(204);
    expect((await p.call('POST', '/api/parent/sign-in/verify', { token: inv.token, email: 'alma.bedste@example.dk', code: fresh })).body).toEqual({ error: 'wrong_code' });
    for (let i = 0; i < 10; i++) await p.call('POST', '/api/parent/sign-in/verify', { token: inv.token, email: 'alma.bedste@example.dk', code: wrong });
    expect((await p.call('POST', '/api/parent/sign-in/start', { token: inv.token, email: 'alma.bedste@example.dk' })).body).toEqual({ error: 'too_many_attempts' });
    const failed = await db.auditEntry.count({ where: { userId: `parent:${inv.id}`, action: 'LOGIN_FAILED' } });
    expect(failed).toBeGreaterThanOrEqual(10);
  });
});
