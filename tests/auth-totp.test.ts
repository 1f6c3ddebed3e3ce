/** TOTP second factor for local accounts: set-up, login with a code, throttling, switching off. */
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, type ApiClient } from './helpers/api.js';
import { createForum, PASSWORD, type TestUser } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let municipalityId: string;

beforeAll(async () => {
  server = await startTestServer();
  municipalityId = (await createForum(server.db.prisma, { seed: { sector: 'SKOLE', role: 'MEMBER' } })).municipalityId;
});
afterAll(async () => {
  await server?.close();
});

const PERIOD_MS = 30_000;

/** The code an authenticator app shows `steps` periods from now. */
function codeAt(secret: string, steps = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({
    timestamp: Date.now() + steps * PERIOD_MS,
  });
}

/** A code that is wrong now: one far outside the ±1 window. */
function wrongCode(secret: string): string {
  const near = new Set([-1, 0, 1].map((s) => codeAt(secret, s)));
  for (let s = 10; ; s++) if (!near.has(codeAt(secret, s))) return codeAt(secret, s);
}

/** Waits while a 30-second step is about to end, so codes computed now stay in the window while used. */
async function awayFromStepBoundary(): Promise<void> {
  const left = PERIOD_MS - (Date.now() % PERIOD_MS);
  if (left < 5000) await new Promise((r) => setTimeout(r, left + 100));
}

async function newUser(): Promise<TestUser> {
  const { users } = await createForum(server.db.prisma, { u: { sector: 'SKOLE', role: 'MEMBER' } }, { municipalityId });
  return users.u!;
}

const loginWith = (body: Record<string, unknown>) =>
  fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.origin },
    body: JSON.stringify(body),
  });

/** Sets up and enables TOTP for a user with the code of the previous step; returns the secret and the session used. */
async function enableTotp(user: TestUser): Promise<{ secret: string; api: ApiClient }> {
  const api = await apiAs(server.url, server.origin, user.email);
  const setup = await api.send<{ secret: string }>('POST', '/api/auth/totp/setup');
  expect(setup.status).toBe(200);
  const enabled = await api.send('POST', '/api/auth/totp/enable', { code: codeAt(setup.body.secret, -1) });
  expect(enabled.status).toBe(200);
  return { secret: setup.body.secret, api };
}

describe('TOTP second factor', () => {
  it('[TF1] set-up gives a secret and otpauth URL; the factor is on only after a correct code', async () => {
    await awayFromStepBoundary();
    const user = await newUser();
    const api = await apiAs(server.url, server.origin, user.email);
    expect((await api.get('/api/auth/totp')).body).toEqual({ enabled: false, available: true });

    const setup = await api.send<{ secret: string; otpauthUrl: string }>('POST', '/api/auth/totp/setup');
    expect(setup.status).toBe(200);
    expect(setup.body.secret).toMatch(/^[A-Z2-7]{32}$/); // 160 bits, base32
    const url = new URL(setup.body.otpauthUrl);
    expect(url.protocol).toBe('otpauth:');
    expect(url.searchParams.get('secret')).toBe(setup.body.secret);
    expect(url.searchParams.get('algorithm')).toBe('SHA1');
    expect(url.searchParams.get('digits')).toBe('6');
    expect(url.searchParams.get('period')).toBe('30');
    let row = await server.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.totpSecret).toBe(setup.body.secret);
    expect(row.totpEnabledAt).toBeNull();
    // Pending, not enforced yet.
    expect((await loginWith({ email: user.email, password: PASSWORD })).status).toBe(200);

    const wrong = await api.send('POST', '/api/auth/totp/enable', { code: wrongCode(setup.body.secret) });
    expect(wrong).toEqual({ status: 400, body: { error: 'invalid_code' } });
    expect((await api.send('POST', '/api/auth/totp/enable', { code: 'abcdef' })).status).toBe(400);
    const ok = await api.send('POST', '/api/auth/totp/enable', { code: codeAt(setup.body.secret) });
    expect(ok).toEqual({ status: 200, body: { enabled: true } });
    row = await server.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.totpEnabledAt).toBeInstanceOf(Date);
    expect((await api.get('/api/auth/totp')).body).toEqual({ enabled: true, available: true });
    // A second set-up cannot replace the secret of an enabled factor.
    expect((await api.send('POST', '/api/auth/totp/setup')).status).toBe(409);
  });

  it('[TF1] set-up needs a session', async () => {
    const res = await fetch(`${server.url}/api/auth/totp/setup`, { method: 'POST', headers: { origin: server.origin } });
    expect(res.status).toBe(401);
  });

  it('[TF2] with the factor on, login needs the current code; each code works once', async () => {
    await awayFromStepBoundary();
    const user = await newUser();
    const { secret } = await enableTotp(user);

    const missing = await loginWith({ email: user.email, password: PASSWORD });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: 'totp_required' });
    expect(missing.headers.get('set-cookie')).toBeNull();

    const wrong = await loginWith({ email: user.email, password: PASSWORD, code: wrongCode(secret) });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'invalid_credentials' });
    expect(wrong.headers.get('set-cookie')).toBeNull();

    // A wrong password with a right code says nothing about the second factor.
    const badPassword = await loginWith({ email: user.email, password: 'forkert', code: codeAt(secret) });
    expect(await badPassword.json()).toEqual({ error: 'invalid_credentials' });

    const code = codeAt(secret);
    const ok = await loginWith({ email: user.email, password: PASSWORD, code: code.slice(0, 3) + ' ' + code.slice(3) });
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get('set-cookie')!.split(';')[0]!;
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { cookie } })).status).toBe(200);

    // Replaying the same code (or an older one) is refused.
    expect((await loginWith({ email: user.email, password: PASSWORD, code })).status).toBe(401);
    expect((await loginWith({ email: user.email, password: PASSWORD, code: codeAt(secret, -1) })).status).toBe(401);
    // The next step's code (clock skew of one step) still works.
    expect((await loginWith({ email: user.email, password: PASSWORD, code: codeAt(secret, 1) })).status).toBe(200);
  });

  it('[TF3] wrong codes count toward the account throttle, and asking for the code does not reset it', async () => {
    await awayFromStepBoundary();
    const user = await newUser();
    const { secret } = await enableTotp(user);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await loginWith({ email: user.email, password: PASSWORD, code: wrongCode(secret) })).status);
    // The right password without a code: 401 totp_required, but the failures stay counted.
    expect((await loginWith({ email: user.email, password: PASSWORD })).status).toBe(401);
    for (let i = 0; i < 5; i++) statuses.push((await loginWith({ email: user.email, password: PASSWORD, code: wrongCode(secret) })).status);
    expect(statuses).toEqual(Array(10).fill(401));
    const blocked = await loginWith({ email: user.email, password: PASSWORD, code: codeAt(secret) });
    expect(blocked.status).toBe(429);
    expect(await blocked.json()).toEqual({ error: 'too_many_attempts' });
  });

  it('[TF3] wrong codes when switching the factor off are throttled too', async () => {
    await awayFromStepBoundary();
    const user = await newUser();
    const { secret, api } = await enableTotp(user);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await api.send('POST', '/api/auth/totp/disable', { code: wrongCode(secret) })).status);
    expect(statuses).toEqual(Array(10).fill(400));
    expect((await api.send('POST', '/api/auth/totp/disable', { code: codeAt(secret, 1) })).status).toBe(429);
  });

  it('[TF4] switching the factor off needs a current code; afterwards the password alone is enough', async () => {
    await awayFromStepBoundary();
    const user = await newUser();
    const api = await apiAs(server.url, server.origin, user.email);
    expect((await api.send('POST', '/api/auth/totp/disable', { code: '123456' })).status).toBe(409); // not on
    const setup = await api.send<{ secret: string }>('POST', '/api/auth/totp/setup');
    expect((await api.send('POST', '/api/auth/totp/enable', { code: codeAt(setup.body.secret, -1) })).status).toBe(200);

    const wrong = await api.send('POST', '/api/auth/totp/disable', { code: wrongCode(setup.body.secret) });
    expect(wrong).toEqual({ status: 400, body: { error: 'invalid_code' } });
    expect((await loginWith({ email: user.email, password: PASSWORD })).status).toBe(401);

    const off = await api.send('POST', '/api/auth/totp/disable', { code: codeAt(setup.body.secret) });
    expect(off).toEqual({ status: 200, body: { enabled: false } });
    const row = await server.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect([row.totpSecret, row.totpEnabledAt]).toEqual([null, null]);
    expect((await loginWith({ email: user.email, password: PASSWORD })).status).toBe(200);
  });
});
