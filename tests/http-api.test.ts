import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentSummary, MeResponse } from '../shared/api.js';
import { login } from './helpers/clients.js';
import { createForum, PASSWORD, type TestForum } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let forum: TestForum;

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.origin, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

beforeAll(async () => {
  server = await startTestServer();
  forum = await createForum(server.db.prisma, {
    chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Ahmed Nielsen' },
    guest: { sector: 'ANDET', role: 'GUEST' },
  });
  // A second forum the chair is not in: its document must not be listed.
  await createForum(server.db.prisma, { other: { sector: 'SKOLE', role: 'MEMBER' } }, { municipalityId: forum.municipalityId });
});
afterAll(async () => {
  await server?.close();
});

describe('login and sessions', () => {
  it('[S1] login sets an HttpOnly, SameSite=Strict session cookie; me returns the user and memberships', async () => {
    const res = await post('/api/auth/login', { email: forum.users.chair!.email.toUpperCase(), password: PASSWORD });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/samraad_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).not.toMatch(/Secure/i); // plain http in tests
    const me = (await (await fetch(`${server.url}/api/auth/me`, { headers: { cookie: cookie.split(';')[0]! } })).json()) as MeResponse;
    expect(me).toMatchObject({ name: 'Ahmed Nielsen', municipality: 'Testkommune' });
    expect(me.memberships).toEqual([expect.objectContaining({ forumId: forum.forumId, role: 'CHAIR', sector: 'SOCIAL' })]);
  });

  it('[S1] the database stores an argon2id hash and only a hash of the session secret', async () => {
    const user = await server.db.prisma.user.findUniqueOrThrow({ where: { id: forum.users.chair!.id } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    const cookie = await login(server.url, server.origin, forum.users.chair!.email);
    const secret = cookie.split('=')[1]!;
    const sessions = await server.db.prisma.session.findMany({ where: { userId: forum.users.chair!.id } });
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.some((s) => s.id === secret)).toBe(false);
  });

  it('[S1] a wrong password and an unknown e-mail get the same 401', async () => {
    const wrong = await post('/api/auth/login', { email: forum.users.chair!.email, password: 'forkert' });
    const unknown = await post('/api/auth/login', { email: 'ingen@test.samraad.dk', password: 'forkert' });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it('[S1] repeated failures for one account are throttled with 429', async () => {
    const { users } = await createForum(server.db.prisma, { t: { sector: 'PPR', role: 'MEMBER' } }, { municipalityId: forum.municipalityId });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await post('/api/auth/login', { email: users.t!.email, password: 'forkert' })).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect((await post('/api/auth/login', { email: users.t!.email, password: PASSWORD })).status).toBe(429);
  });

  it('[S1] an expired session is refused', async () => {
    const cookie = await login(server.url, server.origin, forum.users.guest!.email);
    await server.db.prisma.session.updateMany({ where: { userId: forum.users.guest!.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { cookie } })).status).toBe(401);
  });
});

describe('documents', () => {
  it('[A1] GET /api/documents lists only the documents of my forums, with write rights per role', async () => {
    const chair = await login(server.url, server.origin, forum.users.chair!.email);
    const guest = await login(server.url, server.origin, forum.users.guest!.email);
    const list = (await (await fetch(`${server.url}/api/documents`, { headers: { cookie: chair } })).json()) as DocumentSummary[];
    expect(list).toEqual([
      { id: forum.documentId, title: 'Noter', docName: forum.docName, forum: { id: forum.forumId, name: 'SSD Test', type: 'SSD' }, canWrite: true },
    ]);
    const guestList = (await (await fetch(`${server.url}/api/documents`, { headers: { cookie: guest } })).json()) as DocumentSummary[];
    expect(guestList.map((d) => d.canWrite)).toEqual([false]);
    expect((await fetch(`${server.url}/api/documents`)).status).toBe(401);
  });
});

describe('HTTP hardening', () => {
  it('[H1] responses carry a CSP without inline script, frame-ancestors none and no-referrer', async () => {
    const res = await fetch(`${server.url}/healthz`);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('[H2] a state-changing request from a foreign or missing Origin is refused, JSON included', async () => {
    const body = { email: forum.users.chair!.email, password: PASSWORD };
    expect((await post('/api/auth/login', body, { origin: 'https://evil.example' })).status).toBe(403);
    const noOrigin = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(noOrigin.status).toBe(403);
    const cookie = await login(server.url, server.origin, forum.users.chair!.email);
    const logout = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie, origin: 'https://evil.example' } });
    expect(logout.status).toBe(403);
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { cookie } })).status).toBe(200);
  });

  it('[H3] an oversized body gets 413', async () => {
    // The server answers before reading the whole body and drops the connection;
    // `connection: close` keeps fetch from reusing that socket for a later test.
    const res = await post('/api/auth/login', { email: 'a@b.dk', password: 'x'.repeat(100_000) }, { connection: 'close' });
    expect(res.status).toBe(413);
  });

  it('[H4] bad input gets 400 naming the fields, never echoing values', async () => {
    const res = await post('/api/auth/login', { email: 'ikke-en-mail', password: '' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; fields: string[] };
    expect(body.error).toBe('invalid_input');
    expect(body.fields.sort()).toEqual(['email', 'password']);
    expect(JSON.stringify(body)).not.toContain('ikke-en-mail');
    const broken = await post('/api/auth/login', '{"email": ');
    expect(broken.status).toBe(400);
    expect((await fetch(`${server.url}/api/nothing-here`)).status).toBe(404);
  });
});

describe('operations', () => {
  it('[O1] /healthz reports the database state', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'up' });
  });

  it('[O2] /metrics gives Prometheus text on loopback', async () => {
    const res = await fetch(`${server.url}/metrics`);
    const text = await res.text();
    for (const name of ['samraad_collab_connections', 'samraad_documents_loaded', 'samraad_updates_per_second', 'samraad_commit_latency_seconds_bucket']) {
      expect(text).toContain(name);
    }
  });

  it.runIf(externalAddress)('[O2] /metrics from another address needs the configured token', async () => {
    const open = await startTestServer({ HOST: '0.0.0.0', METRICS_TOKEN: 'metrics-token-0123456789' });
    try {
      const url = `http://${externalAddress}:${open.port}/metrics`;
      expect((await fetch(url)).status).toBe(403);
      expect((await fetch(url, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(403);
      expect((await fetch(url, { headers: { authorization: 'Bearer metrics-token-0123456789' } })).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});

const externalAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

describe('audit of logins', () => {
  it('[AU1] a login and a failed login are written to the audit log with the client address', async () => {
    const user = forum.users.guest!;
    await post('/api/auth/login', { email: user.email, password: 'forkert-igen' });
    await login(server.url, server.origin, user.email);
    const entries = await server.db.prisma.auditEntry.findMany({ where: { userId: user.id, action: { in: ['LOGIN', 'LOGIN_FAILED'] } } });
    expect(entries.map((e) => e.action).sort()).toEqual(expect.arrayContaining(['LOGIN', 'LOGIN_FAILED']));
    expect(entries.every((e) => e.address !== null)).toBe(true);
  });
});

describe('web assets', () => {
  it('[H5] built assets are served compressed and cacheable; pages carry the security headers', async () => {
    const web = await startTestServer({ SERVE_WEB: 'true' });
    try {
      const html = await fetch(`${web.url}/login`);
      expect(html.status).toBe(200);
      expect(html.headers.get('content-security-policy')).toContain("script-src 'self'");
      const scripts = [...(await html.text()).matchAll(/src="(\/assets\/[^"]+\.js)"/g)].map((m) => String(m[1]));
      // The page's tiny first script (early-*.js, under 1 KB) is below the compression threshold; the app's is not.
      const app = scripts.find((s) => !s.includes('/early-'));
      expect(app).toBeTruthy();
      for (const script of scripts) {
        const res = await fetch(`${web.url}${script}`, { headers: { 'accept-encoding': 'gzip' } });
        expect(res.status).toBe(200);
        expect(res.headers.get('cache-control')).toContain('immutable');
        if (script === app) expect(res.headers.get('content-encoding')).toBe('gzip');
      }
    } finally {
      await web.close();
    }
  });
});
