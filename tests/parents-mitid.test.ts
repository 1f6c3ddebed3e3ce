/**
 * A parent's sign-in with MitID through the parents' OpenID Connect broker (docs/SPEC.md, PA10), against a real
 * OpenID provider (tests/helpers/fake-oidc.ts) that plays the broker: it releases `sub`, the person's name and a CPR
 * number, as MitID brokers do. The test plays the parent's browser. The invitation's token proves the link, the
 * broker the person; the invitation is bound to the first person, a second one is refused; state, nonce and PKCE
 * as the members' OIDC login (OI1-OI3); every sign-in audited; neither the subject, the name (outside the
 * invitation) nor the CPR number in any log line or in any other row of the database.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CreatedInvitation, InvitationView, ParentView } from '../shared/parents.js';
import { hashSecret } from '../server/auth/tokens.js';
import { ConfigError, loadConfig } from '../server/config.js';
import { apiAs, type ApiClient } from './helpers/api.js';
import { atProvider, OidcBrowser, startFakeOidc, viaBrowser, type FakeOidc } from './helpers/fake-oidc.js';
import { createForum, type TestForum } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';
import { everyRowAsText } from './helpers/every-row.js';
import { mailsArrive, sharedCase } from './parents-helpers.js';

const CLIENT_ID = 'samraad-foraeldre';
const CLIENT_SECRET = crypto.randomBytes(24).toString('base64url');
const ACR = 'urn:grn:authn:dk:mitid:substantial';
const CALLBACK = '/api/parent/mitid/callback';

/** The broker's people: account id → what MitID says about them. */
const PEOPLE: Record<string, { name: string; cpr: string }> = {
  'mitid-anne': { name: 'Anne Marie Hansen', cpr: '0503841234' },
  'mitid-karl': { name: 'Karl Vidersen', cpr: '1111907777' },
  'mitid-bo': { name: 'Bo Lind', cpr: '2002002222' },
};

let idp: FakeOidc;
let smtp: TestSmtp;
let server: TestServer;
/** A second Samråd that asks the broker for a level of assurance its ID tokens do not carry. */
let strict: TestServer;
let forum: TestForum;
let chair: ApiClient;
const logLines: string[] = [];

beforeAll(async () => {
  idp = await startFakeOidc();
  smtp = await startSmtp();
  // Every log line, info included, to check that no claim reaches the log.
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      if (text.startsWith('{"t":')) {
        logLines.push(text);
        return true;
      }
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write);
  }
  const env = {
    LOG_LEVEL: 'info',
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Samråd <samraad@test.kommune.dk>',
    PARENT_OIDC_ISSUER: idp.issuer,
    PARENT_OIDC_CLIENT_ID: CLIENT_ID,
    PARENT_OIDC_CLIENT_SECRET: CLIENT_SECRET,
  };
  server = await startTestServer(env);
  strict = await startTestServer({ ...env, PARENT_OIDC_CLIENT_ID: `${CLIENT_ID}-strict`, PARENT_OIDC_ACR_VALUES: ACR });
  await idp.configure({
    clients: [
      { client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [`${server.origin}${CALLBACK}`] },
      { client_id: `${CLIENT_ID}-strict`, client_secret: CLIENT_SECRET, redirect_uris: [`${strict.origin}${CALLBACK}`] },
    ],
    // As a MitID broker: the name under `profile`, and a CPR number besides (which Samråd must never keep).
    claims: { openid: ['sub'], profile: ['name', 'dk:gov:cpr'] },
    claimsOf: (id) => ({ name: PEOPLE[id]?.name ?? id, 'dk:gov:cpr': PEOPLE[id]?.cpr ?? '0101010000' }),
  });
  forum = await createForum(server.db.prisma, { chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Sara Berg' }, school: { sector: 'SKOLE', role: 'MEMBER' } });
  chair = await apiAs(server.url, server.origin, forum.users.chair!.email);
});

afterAll(async () => {
  await server?.close();
  await strict?.close();
  await smtp?.close();
  await idp?.close();
  vi.restoreAllMocks();
});

async function invite(at: TestServer, c: ApiClient, f: TestForum, email: string, language?: 'da' | 'en') {
  const kase = await sharedCase(at, f, c, 'Oliver Hansen');
  const created = await c.send<CreatedInvitation>('POST', `/api/parent/cases/${kase.id}/invitations`, {
    name: 'Anne',
    email,
    role: 'CUSTODY_HOLDER',
    ...(language ? { language } : {}),
  });
  expect(created.status).toBe(201);
  return { kase, id: created.body.invitation.id, token: created.body.link.split('#')[1]! };
}

/** The parent's page asks to sign in with MitID: the broker's URL, and the flow cookie in the browser. */
async function startMitid(browser: OidcBrowser, token: string, at: TestServer = server) {
  const res = await browser.request(`${at.url}/api/parent/mitid/start`, {
    method: 'POST',
    headers: { origin: at.origin, 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  return { res, body: (await res.json()) as { url?: string; error?: string } };
}

/** The whole MitID sign-in as the parent's browser does it; returns Samråd's answer to the broker's redirect. */
async function mitidSignIn(browser: OidcBrowser, token: string, person: string, accept = 'application/json', at: TestServer = server): Promise<Response> {
  const { body } = await startMitid(browser, token, at);
  const back = await atProvider(viaBrowser(browser), body.url!, person, CALLBACK);
  return browser.request(back.href, { headers: { accept } });
}

const parentCookieOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith('samraad_parent=') && !/max-age=0/i.test(c))
    ?.split(';')[0];

describe('[PA10] a parent signs in with MitID', () => {
  it('the broker\'s settings are checked at boot: an issuer with a client id, https in production', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://samraad@db.example/samraad', PUBLIC_ORIGIN: 'https://samraad.kommune.example' };
    expect(() => loadConfig({ PARENT_OIDC_ISSUER: 'https://mitid-broker.example' })).toThrow(/PARENT_OIDC_CLIENT_ID/);
    expect(() => loadConfig({ PARENT_OIDC_CLIENT_ID: 'x' })).toThrow(/PARENT_OIDC_ISSUER/);
    expect(() => loadConfig({ ...production, PARENT_OIDC_ISSUER: 'http://mitid-broker.example', PARENT_OIDC_CLIENT_ID: 'x' })).toThrow(ConfigError);
    expect(() => loadConfig({ PARENT_OIDC_ISSUER: 'https://b.example', PARENT_OIDC_CLIENT_ID: 'x', PARENT_OIDC_SCOPES: 'profile' })).toThrow(/PARENT_OIDC_SCOPES/);
    expect(() => loadConfig({ PARENT_OIDC_ISSUER: 'https://b.example', PARENT_OIDC_CLIENT_ID: 'x', PARENT_OIDC_ACR_VALUES: 'a,b' })).toThrow(/PARENT_OIDC_ACR_VALUES/);
    expect(loadConfig({ ...production, PARENT_OIDC_ISSUER: 'https://mitid-broker.example', PARENT_OIDC_CLIENT_ID: 'x' })).toMatchObject({ PARENT_OIDC_SCOPES: 'openid profile' });
  });

  it('the page offers MitID; the start is code flow with PKCE (S256), state, nonce and a fresh login, bound by a SameSite=Lax cookie of its own', async () => {
    const { id, token } = await invite(server, chair, forum, 'start@example.dk', 'en');
    const browser = new OidcBrowser();
    const info = await browser.request(`${server.url}/api/parent/sign-in/info`, {
      method: 'POST',
      headers: { origin: server.origin, 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    expect(await info.json()).toEqual({ language: 'en', mitid: true });

    const { res, body } = await startMitid(browser, token);
    expect(res.status).toBe(200);
    const url = new URL(body.url!);
    expect(url.origin).toBe(idp.issuer);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: CLIENT_ID,
      response_type: 'code',
      redirect_uri: `${server.origin}${CALLBACK}`,
      code_challenge_method: 'S256',
      scope: 'openid profile',
      prompt: 'login',
      ui_locales: 'en da',
    });
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(url.searchParams.get('nonce')).toBeTruthy();
    // The token proved the link in the body; it is in no URL.
    expect(body.url).not.toContain(token);
    const flowCookie = res.headers.getSetCookie().find((c) => c.startsWith('samraad_parent_oidc='))!;
    expect(flowCookie).toMatch(/HttpOnly/i);
    expect(flowCookie).toMatch(/SameSite=Lax/i);
    expect(flowCookie).toMatch(/Path=\/api\/parent\/mitid/i);
    const value = browser.cookie(server.url, 'samraad_parent_oidc')!;
    const flows = await server.db.prisma.oidcFlow.findMany({ where: { invitationId: id } });
    expect(flows).toHaveLength(1);
    expect(flows[0]!.state).toBe(url.searchParams.get('state'));
    // Not under the members' key: the members' callback never takes a parent's flow (and the value is no state).
    expect(flows[0]!.id).not.toBe(hashSecret(value));
    expect(value).not.toContain(url.searchParams.get('state')!);
    // Starting over and over keeps at most five flows of one invitation.
    for (let i = 0; i < 7; i++) await startMitid(new OidcBrowser(), token);
    expect(await server.db.prisma.oidcFlow.count({ where: { invitationId: id } })).toBe(5);
    // Audited, with the invitation as the actor.
    expect(await server.db.prisma.auditEntry.count({ where: { userId: `parent:${id}`, action: 'CREATE', purpose: 'parent-sign-in-mitid' } })).toBe(8);

    // A revoked invitation's link starts nothing.
    expect((await chair.send('DELETE', `/api/parent/invitations/${id}`)).status).toBe(204);
    expect((await startMitid(new OidcBrowser(), token)).body).toEqual({ error: 'invitation_invalid' });
  });

  it('the first MitID person is bound to the invitation and gets a parent session; the same person again too; another person with the same link is refused', async () => {
    const db = server.db.prisma;
    const { kase, id, token } = await invite(server, chair, forum, 'anne.mitid@example.dk');
    await mailsArrive(smtp, 'anne.mitid@example.dk', 1); // the invitation

    const browser = new OidcBrowser();
    const res = await mitidSignIn(browser, token, 'mitid-anne');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/foraelder');
    const cookie = parentCookieOf(res);
    expect(res.headers.getSetCookie().find((c) => c.startsWith('samraad_parent='))).toMatch(/Path=\/api\/parent; HttpOnly; SameSite=Strict/);
    expect(browser.cookie(server.url, 'samraad_parent_oidc')).toBeUndefined(); // the flow is spent
    const view = await fetch(`${server.url}/api/parent/view`, { headers: { cookie: cookie! } });
    expect(view.status).toBe(200);
    expect(((await view.json()) as ParentView).shared!.content.worries).toContain('Oliver Hansens');

    // Bound: a hash of the subject, the verified name for the chair, when.
    const row = await db.parentInvitation.findUniqueOrThrow({ where: { id } });
    expect(row.mitidSubjectHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.mitidSubjectHash).not.toContain('mitid-anne');
    expect(row.mitidName).toBe('Anne Marie Hansen');
    const list = await chair.get<{ invitations: InvitationView[] }>(`/api/parent/cases/${kase.id}/invitations`);
    expect(list.body.invitations[0]!.mitid).toEqual({ name: 'Anne Marie Hansen', at: row.mitidBoundAt!.toISOString() });
    // The invited address hears of it at once (someone else may hold the link); nothing about the child.
    const [, notice] = await mailsArrive(smtp, 'anne.mitid@example.dk', 2);
    expect(notice!.subject).toBe('Der er logget ind med MitID på din invitation – Samråd – Testkommune');
    expect(notice!.text).toContain('Var det ikke dig, så kontakt straks den, der inviterede dig');
    for (const secret of ['Oliver', 'Hansen', 'Anne', kase.reference, kase.id]) expect(notice!.text).not.toContain(secret);

    // The same person again: signed in, no second binding or mail.
    const again = await mitidSignIn(new OidcBrowser(), token, 'mitid-anne');
    expect(again.status).toBe(302);
    expect(parentCookieOf(again)).toBeDefined();

    // A forwarded link: another MitID person is refused, with no session; JSON for clients, the page for browsers.
    const other = await mitidSignIn(new OidcBrowser(), token, 'mitid-karl');
    expect(other.status).toBe(403);
    expect(await other.json()).toEqual({ error: 'mitid_other_person' });
    expect(parentCookieOf(other)).toBeUndefined();
    const html = await mitidSignIn(new OidcBrowser(), token, 'mitid-karl', 'text/html');
    expect(html.status).toBe(302);
    expect(html.headers.get('location')).toBe('/foraelder?mitid=other-person');
    expect(parentCookieOf(html)).toBeUndefined();
    expect((await db.parentInvitation.findUniqueOrThrow({ where: { id } })).mitidName).toBe('Anne Marie Hansen');
    // The e-mailed code still works for the invited address (the mailbox proves that person).
    expect(smtp.mailsTo('anne.mitid@example.dk')).toHaveLength(2);

    // Every sign-in audited with the invitation as the actor.
    const audits = await db.auditEntry.findMany({ where: { userId: `parent:${id}`, purpose: 'parent-sign-in' }, orderBy: { id: 'asc' } });
    expect(audits.map((a) => `${a.action}:${a.criterion}`)).toEqual(['LOGIN:mitid;bound', 'LOGIN:mitid', 'LOGIN_FAILED:mitid:other_person', 'LOGIN_FAILED:mitid:other_person']);
    expect(audits.every((a) => a.caseId === kase.id)).toBe(true);
  });

  it('a callback with another state, without the flow cookie, replayed, or for an invitation revoked meanwhile is refused (OI2, OI3 for parents)', async () => {
    const db = server.db.prisma;
    const { id, token } = await invite(server, chair, forum, 'bo.mitid@example.dk');
    // Another state.
    const a = new OidcBrowser();
    const backA = await atProvider(viaBrowser(a), (await startMitid(a, token)).body.url!, 'mitid-bo', CALLBACK);
    backA.searchParams.set('state', 'forfalsket');
    const forged = await a.request(backA.href, { headers: { accept: 'application/json' } });
    expect(forged.status).toBe(400);
    expect(await forged.json()).toEqual({ error: 'mitid_invalid_response' });
    expect(parentCookieOf(forged)).toBeUndefined();
    // Without the flow cookie (another browser), then the right browser once, then its replay.
    const b = new OidcBrowser();
    const backB = await atProvider(viaBrowser(b), (await startMitid(b, token)).body.url!, 'mitid-bo', CALLBACK);
    const stranger = await new OidcBrowser().request(backB.href, { headers: { accept: 'text/html' } });
    expect(stranger.status).toBe(302);
    expect(stranger.headers.get('location')).toBe('/foraelder?mitid=refused');
    const flow = b.cookie(server.url, 'samraad_parent_oidc');
    const ok = await b.request(backB.href, { headers: { accept: 'application/json' } });
    expect(ok.status).toBe(302);
    b.setCookie(server.url, 'samraad_parent_oidc', flow);
    expect((await b.request(backB.href, { headers: { accept: 'application/json' } })).status).toBe(400);
    // Revoked while the parent was at the broker.
    const c = new OidcBrowser();
    const backC = await atProvider(viaBrowser(c), (await startMitid(c, token)).body.url!, 'mitid-bo', CALLBACK);
    await db.parentInvitation.update({ where: { id }, data: { revokedAt: new Date() } });
    const revoked = await c.request(backC.href, { headers: { accept: 'application/json' } });
    expect(revoked.status).toBe(410);
    expect(await revoked.json()).toEqual({ error: 'invitation_invalid' });
    const failed = await db.auditEntry.findMany({ where: { action: 'LOGIN_FAILED', criterion: { startsWith: 'mitid:' } }, select: { userId: true, criterion: true } });
    expect(failed).toEqual(
      expect.arrayContaining([
        { userId: `parent:${id}`, criterion: 'mitid:invalid_response' },
        { userId: null, criterion: 'mitid:no_flow' },
        { userId: `parent:${id}`, criterion: 'mitid:invitation_invalid' },
      ]),
    );
  });

  it('with PARENT_OIDC_ACR_VALUES the level of assurance is asked for, and an ID token without it is refused', async () => {
    const strictForum = await createForum(strict.db.prisma, { chair: { sector: 'SOCIAL', role: 'CHAIR' } });
    const strictChair = await apiAs(strict.url, strict.origin, strictForum.users.chair!.email);
    const { id, token } = await invite(strict, strictChair, strictForum, 'acr@example.dk');
    const browser = new OidcBrowser();
    const { body } = await startMitid(browser, token, strict);
    expect(new URL(body.url!).searchParams.get('acr_values')).toBe(ACR);
    const back = await atProvider(viaBrowser(browser), body.url!, 'mitid-anne', CALLBACK);
    const res = await browser.request(back.href, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(400);
    expect(parentCookieOf(res)).toBeUndefined();
    expect((await strict.db.prisma.parentInvitation.findUniqueOrThrow({ where: { id } })).mitidSubjectHash).toBeNull();
    expect(await strict.db.prisma.auditEntry.count({ where: { userId: `parent:${id}`, action: 'LOGIN_FAILED', criterion: 'mitid:acr' } })).toBe(1);
  });

  it('no subject, name outside the invitation or CPR number in any log line or any other row of the database', async () => {
    const log = logLines.join('');
    expect(log).toContain('parent_mitid_refused');
    for (const [sub, person] of Object.entries(PEOPLE)) {
      expect(log).not.toContain(sub);
      expect(log).not.toContain(person.name);
      expect(log).not.toContain(person.cpr);
    }
    const rows = await everyRowAsText(server.databaseUrl);
    for (const [sub, person] of Object.entries(PEOPLE)) {
      expect(rows).not.toContain(sub);
      expect(rows).not.toContain(person.cpr);
    }
    // The verified name only in the invitation's own row (for the chair, PA7).
    const withName = rows.split('\n').filter((line) => line.includes('Anne Marie Hansen'));
    expect(withName).toHaveLength(1);
    expect(withName[0]).toMatch(/anne\.mitid@example\.dk/);
  });
});
