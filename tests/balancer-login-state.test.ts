/**
 * Login state that holds across instances (docs/SPEC.md, S7, OI7): two Samråd instances on one PostgreSQL
 * behind a real HTTP balancer (tests/helpers/balancer.ts, trusted by both), a real OpenID provider (the
 * `oidc-provider` package, tests/helpers/fake-oidc.ts) and a browser played by hand. Failed logins counted on one
 * instance hold on the other; an OIDC login begun on one completes on the other, once.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../server/auth/tokens.js';
import { startBalancer, send, type Balancer } from './helpers/balancer.js';
import { atProvider as walkProvider, startFakeOidc, type FakeOidc } from './helpers/fake-oidc.js';
import { createForum, PASSWORD, type TestForum } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const CLIENT_ID = 'samraad-balancer-test';
const CLIENT_SECRET = crypto.randomBytes(24).toString('base64url');

let balancer: Balancer;
let a: TestServer;
let b: TestServer;
let forum: TestForum;
let idp: FakeOidc;

const A = 0;
const B = 1;
/** Sends every request to one instance until told otherwise. */
const routeTo = (index: number) => {
  balancer.route = () => index;
};

beforeAll(async () => {
  idp = await startFakeOidc();
  balancer = await startBalancer({ from: '127.0.0.2' });
  // What an operator sets on every instance behind one balancer.
  const env = {
    PUBLIC_ORIGIN: balancer.origin,
    TRUSTED_PROXIES: '127.0.0.2',
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: CLIENT_ID,
    OIDC_CLIENT_SECRET: CLIENT_SECRET,
  };
  a = await startTestServer(env);
  b = await startTestServer(env, a.databaseUrl);
  balancer.upstreams = [a.url, b.url];

  await idp.configure({
    clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [`${balancer.origin}/api/auth/oidc/callback`] }],
    claimsOf: (id) => ({ email: `${id}@test.samraad.dk`, email_verified: true }),
  });

  forum = await createForum(a.db.prisma, {
    anna: { sector: 'SKOLE', role: 'MEMBER' },
    bo: { sector: 'SUNDHEDSPLEJE', role: 'MEMBER' },
  });
});

afterAll(async () => {
  await balancer?.close();
  await b?.close();
  await a?.close();
  await idp?.close();
});

/** A minimal browser: cookies per host (path ignored), redirects by hand; requests through tests/helpers/balancer.ts's `send`. */
class Browser {
  private readonly jar = new Map<string, Map<string, string>>();

  async request(url: string, init: { method?: string; body?: URLSearchParams; accept?: string } = {}) {
    const target = new URL(url.replace('//localhost:', '//127.0.0.1:'));
    const cookies = this.jar.get(target.host);
    const headers: Record<string, string> = {};
    if (cookies?.size) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (init.body) headers['content-type'] = 'application/x-www-form-urlencoded';
    if (init.accept) headers.accept = init.accept;
    const res = await send(target.href, { method: init.method ?? 'GET', headers, body: init.body?.toString() });
    for (const line of ([] as string[]).concat(res.headers['set-cookie'] ?? [])) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const gone = attrs.some((x) => /^\s*max-age=0\s*$/i.test(x));
      const hostJar = this.jar.get(target.host) ?? new Map<string, string>();
      this.jar.set(target.host, hostJar);
      if (gone || value === '') hostJar.delete(name);
      else hostJar.set(name, value);
    }
    return res;
  }

  cookie(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url.replace('//localhost:', '//127.0.0.1:')).host)?.get(name);
  }
}

/** Signs in at the provider as `accountId` (its e-mail: `<accountId>@test.samraad.dk`) and consents; returns where it sends the browser back (not followed). */
const atProvider = (browser: Browser, authorizationUrl: string, accountId: string): Promise<URL> =>
  walkProvider(
    async (url, init) => {
      const res = await browser.request(url, { method: init.method, ...(init.body ? { body: init.body } : {}) });
      return { status: res.status, location: res.headers.location ?? null, text: res.body };
    },
    authorizationUrl,
    accountId,
    '/api/auth/oidc/callback',
  );

const loginAt = (email: string, password: string) =>
  send(`${balancer.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: balancer.origin },
    body: JSON.stringify({ email, password }),
  });

describe('[S7] the login throttle on several instances', () => {
  it('failures counted on instance A hold back the account on instance B', async () => {
    const email = forum.users.anna!.email;
    routeTo(A);
    for (let i = 0; i < 10; i++) expect((await loginAt(email, `forkert-${i}`)).status).toBe(401);
    routeTo(B);
    const blocked = await loginAt(email, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(JSON.parse(blocked.body)).toEqual({ error: 'too_many_attempts' });
    routeTo(A);
    expect((await loginAt(email, PASSWORD)).status).toBe(429);
  });

  it('a success on B forgets the account\u2019s failures on A', async () => {
    const email = forum.users.bo!.email;
    routeTo(A);
    for (let i = 0; i < 9; i++) expect((await loginAt(email, `forkert-${i}`)).status).toBe(401);
    routeTo(B);
    expect((await loginAt(email, PASSWORD)).status).toBe(200);
    routeTo(A);
    for (let i = 0; i < 9; i++) expect((await loginAt(email, `forkert-${i}`)).status).toBe(401);
    expect((await loginAt(email, PASSWORD)).status).toBe(200);
  });

  it('the per-address count adds up over the instances the balancer spreads one client across', async () => {
    balancer.route = (() => {
      let n = 0;
      return () => n++ % 2;
    })();
    const from = '127.0.0.11';
    const attempt = () =>
      send(`${balancer.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: balancer.origin },
        body: JSON.stringify({ email: `nobody-${crypto.randomBytes(4).toString('hex')}@test.samraad.dk`, password: 'gæt' }),
        from,
      });
    const hopsBefore = balancer.hops.length;
    for (let i = 0; i < 50; i++) expect((await attempt()).status).toBe(401);
    // Each instance saw 25 of them, under its own per-address limit of 50; together they are 50.
    expect(balancer.hops.slice(hopsBefore).filter((h) => h === A)).toHaveLength(25);
    expect((await attempt()).status).toBe(429);
    expect((await attempt()).status).toBe(429);
  });

  it('the table keeps no e-mail and no address in clear', async () => {
    const { rows } = await a.db.pool.query<{ key: string }>('SELECT key FROM "LoginFailure"');
    expect(rows.length).toBeGreaterThan(0);
    for (const { key } of rows) expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(forum.users.anna!.email);
  });
});

describe('[OI7] an OIDC login on several instances', () => {
  it('begun on instance A, it completes on instance B, once', async () => {
    const browser = new Browser();
    routeTo(A);
    const started = await browser.request(`${balancer.url}/api/auth/oidc/login`);
    expect(started.status).toBe(302);
    expect(balancer.hops.at(-1)).toBe(A);
    const flowCookie = browser.cookie(balancer.url, 'samraad_oidc');
    expect(flowCookie).toBeTruthy();
    const flows = await a.db.prisma.oidcFlow.findMany();
    expect(flows.map((f) => f.id)).toContain(hashSecret(flowCookie!));
    // Nothing of the flow in clear under the cookie's value.
    expect(flows.map((f) => f.id)).not.toContain(flowCookie);

    const back = await atProvider(browser, String(started.headers.location), forum.users.anna!.email.split('@')[0]!);
    routeTo(B);
    const done = await browser.request(back.href, { accept: 'application/json' });
    expect(balancer.hops.at(-1)).toBe(B);
    expect(done.status, done.body).toBe(302);
    expect(done.headers.location).toBe('/');
    const session = browser.cookie(balancer.url, 'samraad_session');
    expect(session).toBeTruthy();

    // The session is a normal one: either instance knows it.
    routeTo(A);
    const me = await browser.request(`${balancer.url}/api/auth/me`);
    expect(me.status).toBe(200);
    expect(JSON.parse(me.body)).toMatchObject({ id: forum.users.anna!.id });
    expect(await a.db.prisma.auditEntry.count({ where: { userId: forum.users.anna!.id, action: 'LOGIN', criterion: 'oidc' } })).toBe(1);

    // Used once: the same callback again, on either instance, is refused (OI2).
    for (const at of [A, B]) {
      routeTo(at);
      const again = await send(`${balancer.url}${back.pathname}${back.search}`, {
        headers: { cookie: `samraad_oidc=${flowCookie}`, accept: 'application/json' },
      });
      expect(again.status).toBe(400);
      expect(JSON.parse(again.body)).toEqual({ error: 'oidc_invalid_response' });
    }
    expect(await a.db.prisma.oidcFlow.count({ where: { id: hashSecret(flowCookie!) } })).toBe(0);
  });

  it('a flow past its ten minutes is refused on any instance', async () => {
    const browser = new Browser();
    routeTo(B);
    const started = await browser.request(`${balancer.url}/api/auth/oidc/login`);
    const flowCookie = browser.cookie(balancer.url, 'samraad_oidc')!;
    const back = await atProvider(browser, String(started.headers.location), forum.users.bo!.email.split('@')[0]!);
    await a.db.pool.query(`UPDATE "OidcFlow" SET "expiresAt" = now() - interval '1 second' WHERE id = $1`, [hashSecret(flowCookie)]);
    routeTo(A);
    const done = await browser.request(back.href, { accept: 'application/json' });
    expect(done.status).toBe(400);
    expect(JSON.parse(done.body)).toEqual({ error: 'oidc_invalid_response' });
  });
});

describe('[S7][OI7] cleanup', () => {
  it('the session-cleanup job removes failures past the window and expired OIDC flows, and keeps the rest', async () => {
    await a.db.pool.query(`INSERT INTO "LoginFailure" (key, at) VALUES ('old', now() - interval '16 minutes'), ('fresh', now())`);
    await a.db.pool.query(
      `INSERT INTO "OidcFlow" (id, state, nonce, "codeVerifier", "redirectUri", "expiresAt")
       VALUES ('expired', 's', 'n', 'v', 'r', now() - interval '1 minute'), ('live', 's', 'n', 'v', 'r', now() + interval '5 minutes')`,
    );
    await b.runJob('purge-expired-sessions');
    const keys = (await a.db.pool.query<{ key: string }>(`SELECT key FROM "LoginFailure" WHERE key IN ('old', 'fresh')`)).rows.map((r) => r.key);
    expect(keys).toEqual(['fresh']);
    const ids = (await a.db.pool.query<{ id: string }>(`SELECT id FROM "OidcFlow" WHERE id IN ('expired', 'live')`)).rows.map((r) => r.id);
    expect(ids).toEqual(['live']);
  });
});
