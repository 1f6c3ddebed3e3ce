/**
 * OIDC login against a real OpenID provider (the `oidc-provider` package, tests/helpers/fake-oidc.ts)
 * started inside the test on 127.0.0.1. The test plays the browser: it follows
 * redirects by hand, keeps cookies per host and submits the provider's
 * development login and consent forms.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MeResponse } from '../shared/api.js';
import { ConfigError, loadConfig } from '../server/config.js';
import { atProvider as walkProvider, OidcBrowser as Browser, startFakeOidc, viaBrowser, type FakeOidc } from './helpers/fake-oidc.js';
import { createForum, type TestForum } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const CLIENT_ID = 'samraad-test';
const CLIENT_SECRET = crypto.randomBytes(24).toString('base64url');

/** The provider's people: account id → e-mail. Unknown ids get an address nobody in Samråd has. */
const idpAccounts = new Map<string, { email: string; email_verified?: boolean }>();

let server: TestServer;
/** A second Samråd: a public client (PKCE only, no secret) matching users by `sub`. */
let publicServer: TestServer;
let forum: TestForum;
let idp: FakeOidc;
let issuer: string;
let callbackUrl: string;
const logLines: string[] = [];

beforeAll(async () => {
  // The provider's port must be known before Samråd starts, and Samråd's port
  // before the provider registers its client: listen first, configure after.
  idp = await startFakeOidc();
  issuer = idp.issuer;

  // Samråd's log lines are checked for ids-only; keep them out of the test output.
  const write = process.stderr.write.bind(process.stderr);
  vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    if (text.startsWith('{"t":')) {
      logLines.push(text);
      return true;
    }
    return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write);

  server = await startTestServer({
    LOG_LEVEL: 'warn',
    OIDC_ISSUER: issuer,
    OIDC_CLIENT_ID: CLIENT_ID,
    OIDC_CLIENT_SECRET: CLIENT_SECRET,
  });
  callbackUrl = `${server.origin}/api/auth/oidc/callback`;
  publicServer = await startTestServer({
    LOG_LEVEL: 'warn',
    OIDC_ISSUER: issuer,
    OIDC_CLIENT_ID: `${CLIENT_ID}-public`,
    OIDC_MATCH_CLAIM: 'sub',
    OIDC_SCOPES: 'openid',
  });

  await idp.configure({
    clients: [
      { client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [callbackUrl] },
      { client_id: `${CLIENT_ID}-public`, redirect_uris: [`${publicServer.origin}/api/auth/oidc/callback`] },
    ],
    claimsOf: (id) => ({ email_verified: true, ...(idpAccounts.get(id) ?? { email: `${id}@idp.example` }) }),
  });

  forum = await createForum(server.db.prisma, {
    anna: { sector: 'SKOLE', role: 'MEMBER' },
    bo: { sector: 'SUNDHEDSPLEJE', role: 'MEMBER' },
    disabled: { sector: 'SOCIAL', role: 'MEMBER' },
  });
  idpAccounts.set('anna-at-idp', { email: forum.users.anna!.email.toUpperCase() });
  idpAccounts.set('bo-at-idp', { email: forum.users.bo!.email });
  idpAccounts.set('disabled-at-idp', { email: forum.users.disabled!.email });
  await server.db.prisma.user.update({ where: { id: forum.users.disabled!.id }, data: { disabledAt: new Date() } });
});

afterAll(async () => {
  await server?.close();
  await publicServer?.close();
  await idp?.close();
  vi.restoreAllMocks();
});

/** Starts a login at Samråd: returns the provider URL Samråd redirected to. */
async function startLogin(browser: Browser, at: TestServer = server): Promise<URL> {
  const res = await browser.request(`${at.url}/api/auth/oidc/login`);
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

/**
 * Plays the user at the provider: signs in as `accountId`, consents, and
 * returns the URL the provider sends the browser back to (not yet followed).
 */
const atProvider = (browser: Browser, authorizationUrl: URL, accountId: string): Promise<URL> =>
  walkProvider(viaBrowser(browser), authorizationUrl, accountId, '/api/auth/oidc/callback');

/** The whole login as a browser would do it; returns Samråd's callback response. */
async function oidcLogin(browser: Browser, accountId: string, accept = 'application/json', at: TestServer = server): Promise<Response> {
  const back = await atProvider(browser, await startLogin(browser, at), accountId);
  return browser.request(back.href, { headers: { accept } });
}

function sessionCookie(res: Response): string | undefined {
  return res.headers
    .getSetCookie()
    .find((c) => c.startsWith('samraad_session=') && !/max-age=0/i.test(c))
    ?.split(';')[0];
}

async function me(cookie: string | undefined, at: TestServer = server): Promise<{ status: number; body: MeResponse | null }> {
  const res = await fetch(`${at.url}/api/auth/me`, { headers: cookie ? { cookie } : {} });
  return { status: res.status, body: res.status === 200 ? ((await res.json()) as MeResponse) : null };
}

describe('OIDC login', () => {
  it('[OI6] OIDC settings are checked at boot: a client id is required, and https in production', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://samraad@db.example/samraad', PUBLIC_ORIGIN: 'https://samraad.kommune.example' };
    expect(() => loadConfig({ OIDC_ISSUER: 'https://login.example' })).toThrow(/OIDC_CLIENT_ID/);
    expect(() => loadConfig({ ...production, OIDC_ISSUER: 'http://login.example', OIDC_CLIENT_ID: 'x' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...production, OIDC_ISSUER: 'http://login.example', OIDC_CLIENT_ID: 'x' })).toThrow(/OIDC_ISSUER/);
    expect(() => loadConfig({ OIDC_ISSUER: 'https://login.example', OIDC_CLIENT_ID: 'x', OIDC_SCOPES: 'email' })).toThrow(/OIDC_SCOPES/);
    const ok = loadConfig({ ...production, OIDC_ISSUER: 'https://login.example', OIDC_CLIENT_ID: 'x' });
    expect(ok).toMatchObject({ OIDC_MATCH_CLAIM: 'email', OIDC_SCOPES: 'openid email profile' });
  });

  it('[OI5] GET /api/auth/config tells the login page that OIDC is on', async () => {
    expect(await (await fetch(`${server.url}/api/auth/config`)).json()).toEqual({ oidc: true });
  });

  it('[OI1] login starts with a PKCE (S256) authorization request with state and nonce, bound by a SameSite=Lax cookie', async () => {
    const browser = new Browser();
    const res = await browser.request(`${server.url}/api/auth/oidc/login`);
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin).toBe(issuer);
    expect(location.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(location.searchParams.get('response_type')).toBe('code');
    expect(location.searchParams.get('redirect_uri')).toBe(callbackUrl);
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(location.searchParams.get('state')).toBeTruthy();
    expect(location.searchParams.get('nonce')).toBeTruthy();
    expect(location.searchParams.get('scope')).toBe('openid email profile');
    const flowCookie = res.headers.getSetCookie().find((c) => c.startsWith('samraad_oidc='))!;
    expect(flowCookie).toMatch(/HttpOnly/i);
    expect(flowCookie).toMatch(/SameSite=Lax/i);
    expect(flowCookie).toMatch(/Path=\/api\/auth\/oidc/i);
    // The cookie carries only a random key: neither state, nonce nor verifier.
    const value = decodeURIComponent(flowCookie.split(';')[0]!.split('=')[1]!);
    expect(value).not.toContain(location.searchParams.get('state')!);
    expect(value).not.toContain(location.searchParams.get('nonce')!);
  });

  it('[OI1] a user matched by e-mail gets a normal session; the link is recorded in oidcSubject', async () => {
    const browser = new Browser();
    const res = await oidcLogin(browser, 'anna-at-idp');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('samraad_session='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const session = await me(sessionCookie(res));
    expect(session.status).toBe(200);
    expect(session.body!.id).toBe(forum.users.anna!.id);
    expect(session.body!.memberships).toEqual([expect.objectContaining({ forumId: forum.forumId })]);
    const user = await server.db.prisma.user.findUniqueOrThrow({ where: { id: forum.users.anna!.id } });
    expect(user.oidcSubject).toBe(forum.users.anna!.email);
    // The flow cookie is spent.
    expect(browser.cookie(server.url, 'samraad_oidc')).toBeUndefined();
  });

  it('[OI1] once linked, the user is found by oidcSubject even after the e-mail in Samråd changes', async () => {
    const anna = forum.users.anna!;
    await server.db.prisma.user.update({ where: { id: anna.id }, data: { email: `omdoebt-${anna.email}` } });
    try {
      const res = await oidcLogin(new Browser(), 'anna-at-idp');
      expect(res.status).toBe(302);
      expect((await me(sessionCookie(res))).body!.id).toBe(anna.id);
    } finally {
      await server.db.prisma.user.update({ where: { id: anna.id }, data: { email: anna.email } });
    }
  });

  it('[OI1] a public client (PKCE, no secret) can match users by another claim (sub) in oidcSubject only', async () => {
    const other = await createForum(publicServer.db.prisma, { linked: { sector: 'PPR', role: 'MEMBER' }, byMail: { sector: 'PPR', role: 'MEMBER' } });
    await publicServer.db.prisma.user.update({ where: { id: other.users.linked!.id }, data: { oidcSubject: 'sub-of-linked' } });
    const ok = await oidcLogin(new Browser(), 'sub-of-linked', 'application/json', publicServer);
    expect(ok.status).toBe(302);
    expect((await me(sessionCookie(ok), publicServer)).body!.id).toBe(other.users.linked!.id);
    // With claim `sub` there is no fall-back to e-mail.
    idpAccounts.set('sub-of-bymail', { email: other.users.byMail!.email });
    const refused = await oidcLogin(new Browser(), 'sub-of-bymail', 'application/json', publicServer);
    expect(refused.status).toBe(403);
    expect(sessionCookie(refused)).toBeUndefined();
  });

  it('[OI2] a callback whose state does not match the flow is refused without a session', async () => {
    const browser = new Browser();
    const back = await atProvider(browser, await startLogin(browser), 'bo-at-idp');
    const state = back.searchParams.get('state')!;
    back.searchParams.set('state', 'forfalsket-tilstand');
    const res = await browser.request(back.href, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'oidc_invalid_response' });
    expect(sessionCookie(res)).toBeUndefined();
    // The flow is spent: the right state afterwards does not help either.
    back.searchParams.set('state', state);
    expect((await browser.request(back.href)).status).toBe(400);
  });

  it('[OI2] a callback without the flow cookie (another browser, or replayed) is refused', async () => {
    const browser = new Browser();
    const back = await atProvider(browser, await startLogin(browser), 'bo-at-idp');
    const stranger = new Browser();
    const res = await stranger.request(back.href, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login?error=oidc');
    expect(sessionCookie(res)).toBeUndefined();

    // The real browser's first use succeeds; replaying the same callback with the same cookie does not.
    const flow = browser.cookie(server.url, 'samraad_oidc');
    const ok = await browser.request(back.href);
    expect(ok.status).toBe(302);
    expect(sessionCookie(ok)).toBeDefined();
    browser.setCookie(server.url, 'samraad_oidc', flow);
    expect((await browser.request(back.href)).status).toBe(400);
  });

  it('[OI3] an ID token whose nonce is not the one this flow sent is refused', async () => {
    const browser = new Browser();
    const authorization = await startLogin(browser);
    // The authorization request is tampered with on its way to the provider:
    // state and PKCE stay intact, only the nonce differs.
    authorization.searchParams.set('nonce', crypto.randomBytes(16).toString('base64url'));
    const res = await browser.request((await atProvider(browser, authorization, 'bo-at-idp')).href);
    expect(res.status).toBe(400);
    expect(sessionCookie(res)).toBeUndefined();
    // Refused by the nonce comparison of the ID token (state and PKCE were fine).
    expect(logLines.some((l) => l.includes('"oidc_refused"') && l.includes('"OAUTH_JWT_CLAIM_COMPARISON_FAILED"'))).toBe(true);
  });

  it("[OI3] one login's code cannot be redeemed with another login's flow (PKCE and nonce belong to the flow)", async () => {
    const a = new Browser();
    const b = new Browser();
    const backA = await atProvider(a, await startLogin(a), 'bo-at-idp');
    const authB = await startLogin(b);
    // B's browser presents A's code with B's own state: state matches B's flow,
    // but B's verifier and nonce do not belong to A's code.
    backA.searchParams.set('state', authB.searchParams.get('state')!);
    const res = await b.request(backA.href);
    expect(res.status).toBe(400);
    expect(sessionCookie(res)).toBeUndefined();
  });

  it('[OI4] someone the provider knows but Samråd does not gets no session', async () => {
    const lines = logLines.length;
    const res = await oidcLogin(new Browser(), 'fremmed-at-idp');
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: 'oidc_no_account' });
    expect(sessionCookie(res)).toBeUndefined();
    expect(await server.db.prisma.user.count({ where: { oidcSubject: 'fremmed-at-idp@idp.example' } })).toBe(0);
    const refused = logLines.slice(lines).find((l) => l.includes('"oidc_refused"'))!;
    expect(JSON.parse(refused)).toMatchObject({ reason: 'unknown_user' });
    // Ids and codes only: no claim value reaches the log.
    expect(logLines.join('')).not.toContain('@idp.example');
    expect(logLines.join('')).not.toContain('@test.samraad.dk');

    // A browser is sent back to the login page instead.
    const html = await oidcLogin(new Browser(), 'fremmed-at-idp', 'text/html,application/xhtml+xml');
    expect(html.status).toBe(302);
    expect(html.headers.get('location')).toBe('/login?error=oidc');
  });

  it('[OI4] a disabled user and an unverified e-mail get no session', async () => {
    const res = await oidcLogin(new Browser(), 'disabled-at-idp');
    expect(res.status).toBe(403);
    expect(sessionCookie(res)).toBeUndefined();
    const line = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.reason === 'disabled_user');
    expect(line).toMatchObject({ event: 'oidc_refused', user: forum.users.disabled!.id });

    const { users } = await createForum(server.db.prisma, { uverificeret: { sector: 'SKOLE', role: 'MEMBER' } });
    idpAccounts.set('unverified-at-idp', { email: users.uverificeret!.email, email_verified: false });
    const unverified = await oidcLogin(new Browser(), 'unverified-at-idp');
    expect(unverified.status).toBe(403);
    expect(sessionCookie(unverified)).toBeUndefined();
    expect((await server.db.prisma.user.findUniqueOrThrow({ where: { id: users.uverificeret!.id } })).oidcSubject).toBeNull();
  });

  it('[OI4] an e-mail match does not take over a user already linked to another subject', async () => {
    const { users } = await createForum(server.db.prisma, { linket: { sector: 'SKOLE', role: 'MEMBER' } });
    await server.db.prisma.user.update({ where: { id: users.linket!.id }, data: { oidcSubject: 'en-anden@idp.example' } });
    idpAccounts.set('impostor-at-idp', { email: users.linket!.email });
    const res = await oidcLogin(new Browser(), 'impostor-at-idp');
    expect(res.status).toBe(403);
    expect(sessionCookie(res)).toBeUndefined();
  });
});
