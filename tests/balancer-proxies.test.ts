/**
 * TRUSTED_PROXIES (docs/SPEC.md, H7): the client's address comes from X-Forwarded-For only when the TCP peer is a
 * trusted proxy. Real servers, a real HTTP balancer (tests/helpers/balancer.ts) that forwards from 127.0.0.2, and
 * clients on other loopback addresses (127.0.0.0/8 is all loopback on Linux); the addresses are read back from
 * the audit log in PostgreSQL.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ConfigError, loadConfig } from '../server/config.js';
import { ProxyTrust } from '../server/http/proxy.js';
import { startBalancer, send, type Balancer } from './helpers/balancer.js';
import { eventually, login, wsToken } from './helpers/clients.js';
import { createCase } from './helpers/domain-factories.js';
import { createForum, PASSWORD, type TestForum } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';

describe('[H7] the client address behind proxies', () => {
  it('walks X-Forwarded-For from the right past trusted hops, and believes nobody else', () => {
    const trust = new ProxyTrust(['10.0.0.0/8', '192.168.1.7', 'fd00::/8']);
    // The peer is no proxy of ours: its header is whatever the client chose to send.
    expect(trust.clientAddress('203.0.113.5', '198.51.100.9')).toBe('203.0.113.5');
    expect(trust.clientAddress('::ffff:203.0.113.5', '198.51.100.9')).toBe('203.0.113.5');
    // One trusted hop: the address it appended.
    expect(trust.clientAddress('10.1.2.3', '198.51.100.9')).toBe('198.51.100.9');
    expect(trust.clientAddress('::ffff:10.1.2.3', '198.51.100.9')).toBe('198.51.100.9');
    // A client that prepends a spoofed hop gets its own address, the rightmost untrusted one.
    expect(trust.clientAddress('10.1.2.3', '1.1.1.1, 198.51.100.9')).toBe('198.51.100.9');
    // Two trusted hops (balancer, then an ingress), header repeated, ports and brackets tolerated.
    expect(trust.clientAddress('10.1.2.3', ['1.1.1.1, 198.51.100.9:5678', '192.168.1.7'])).toBe('198.51.100.9');
    expect(trust.clientAddress('fd00::1', '[2001:db8::5]:443, fd12::9')).toBe('2001:db8::5');
    // Garbage stops the walk at the last trusted hop; a header of trusted hops only gives its leftmost.
    expect(trust.clientAddress('10.1.2.3', 'unknown, 198.51.100.9')).toBe('198.51.100.9');
    expect(trust.clientAddress('10.1.2.3', 'nonsense')).toBe('10.1.2.3');
    expect(trust.clientAddress('10.1.2.3', '10.9.9.9, 192.168.1.7')).toBe('10.9.9.9');
    expect(trust.clientAddress('10.1.2.3', undefined)).toBe('10.1.2.3');
    expect(trust.clientAddress(undefined, '198.51.100.9')).toBe('unknown');
    // Nothing trusted by default.
    expect(new ProxyTrust([]).clientAddress('10.1.2.3', '198.51.100.9')).toBe('10.1.2.3');
  });

  it('TRUSTED_PROXIES is checked at boot: addresses and CIDR ranges only; none by default', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).TRUSTED_PROXIES).toEqual([]);
    expect(loadConfig({ NODE_ENV: 'test', TRUSTED_PROXIES: ' 10.0.0.0/8, ::1,192.168.1.7 ' }).TRUSTED_PROXIES).toEqual(['10.0.0.0/8', '::1', '192.168.1.7']);
    for (const bad of ['10.0.0.0/33', 'loadbalancer.local', '10.0.0.1/8/2', 'fd00::/129', '*']) {
      expect(() => loadConfig({ NODE_ENV: 'test', TRUSTED_PROXIES: bad }), bad).toThrow(ConfigError);
      expect(() => loadConfig({ NODE_ENV: 'test', TRUSTED_PROXIES: bad }), bad).toThrow(/TRUSTED_PROXIES/);
    }
  });
});

describe('[H7] instances behind a balancer', () => {
  let balancer: Balancer;
  /** Trusts the balancer (127.0.0.2). */
  let behind: TestServer;
  /** Trusts nobody (the default). */
  let plain: TestServer;
  let forum: TestForum;

  beforeAll(async () => {
    balancer = await startBalancer({ from: '127.0.0.2' });
    behind = await startTestServer({ TRUSTED_PROXIES: '127.0.0.2', PUBLIC_ORIGIN: balancer.origin });
    plain = await startTestServer({}, behind.databaseUrl);
    balancer.upstreams = [behind.url];
    forum = await createForum(behind.db.prisma, { anna: { sector: 'SKOLE', role: 'MEMBER' } });
  });
  afterAll(async () => {
    await balancer?.close();
    await plain?.close();
    await behind?.close();
  });

  const loginBody = (email: string, password = PASSWORD) => JSON.stringify({ email, password });

  /** The address of the audit log's latest entry of `action` for the user. */
  async function lastAddress(action: 'LOGIN' | 'LOGIN_FAILED' | 'READ', userId: string | null): Promise<string | null> {
    const entry = await behind.db.prisma.auditEntry.findFirst({ where: { action, userId }, orderBy: { at: 'desc' } });
    return entry?.address ?? null;
  }

  it('a spoofed X-Forwarded-For from a peer that is not a trusted proxy is ignored', async () => {
    const email = forum.users.anna!.email;
    // Straight to an instance that trusts nobody.
    let res = await send(`${plain.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: plain.origin, 'x-forwarded-for': '198.51.100.9' },
      body: loginBody(email),
      from: '127.0.0.3',
    });
    expect(res.status).toBe(200);
    expect(await lastAddress('LOGIN', forum.users.anna!.id)).toBe('127.0.0.3');
    // Straight to the instance that trusts the balancer, past it, from an address that is not the balancer.
    res = await send(`${behind.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: balancer.origin, 'x-forwarded-for': '198.51.100.9' },
      body: loginBody(email),
      from: '127.0.0.4',
    });
    expect(res.status).toBe(200);
    expect(await lastAddress('LOGIN', forum.users.anna!.id)).toBe('127.0.0.4');
  });

  it('through the trusted balancer the client\u2019s address lands in the audit log, even when the client sends a header of its own', async () => {
    const email = forum.users.anna!.email;
    let res = await send(`${balancer.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: balancer.origin },
      body: loginBody(email),
      from: '127.0.0.5',
    });
    expect(res.status).toBe(200);
    expect(await lastAddress('LOGIN', forum.users.anna!.id)).toBe('127.0.0.5');
    res = await send(`${balancer.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: balancer.origin, 'x-forwarded-for': '198.51.100.9' },
      body: loginBody(email, 'forkert-kodeord'),
      from: '127.0.0.6',
    });
    expect(res.status).toBe(401);
    expect(await lastAddress('LOGIN_FAILED', forum.users.anna!.id)).toBe('127.0.0.6');
  });

  it('[S1] the per-address login throttle counts the client behind the balancer, not the balancer', async () => {
    const attempt = (from: string, xff?: string) =>
      send(`${balancer.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: balancer.origin, ...(xff ? { 'x-forwarded-for': xff } : {}) },
        // A different unknown account each time: only the address adds up.
        body: loginBody(`nobody-${crypto.randomBytes(4).toString('hex')}@test.samraad.dk`, 'gæt'),
        from,
      });
    for (let i = 0; i < 50; i++) expect((await attempt('127.0.0.7')).status).toBe(401);
    expect((await attempt('127.0.0.7')).status).toBe(429);
    // A header of its own does not make it someone else.
    expect((await attempt('127.0.0.7', '203.0.113.1')).status).toBe(429);
    // Another client behind the same balancer is not held back.
    expect((await attempt('127.0.0.8')).status).toBe(401);
  });

  it('a websocket upgrade through a trusted proxy records the forwarded address when it opens a case document', async () => {
    const kase = await createCase(behind.db.prisma, forum.forumId, forum.users.anna!.id);
    const { docName } = await behind.db.prisma.document.findUniqueOrThrow({ where: { id: kase.documentId } });
    const cookie = await login(behind.url, behind.origin, forum.users.anna!.email);
    const open = async (from: string) => {
      const token = await wsToken(behind.url, behind.origin, cookie);
      const ws = new WebSocket(`${behind.wsUrl}/collab/${docName}?token=${token}`, { headers: { 'x-forwarded-for': '192.0.2.44' }, localAddress: from });
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      ws.close();
    };
    const reads = () => behind.db.prisma.auditEntry.findMany({ where: { action: 'READ', caseId: kase.id }, orderBy: { at: 'asc' } });
    await open('127.0.0.2'); // the trusted proxy itself, as a balancer forwarding the upgrade would
    await eventually(async () => expect((await reads()).map((r) => r.address)).toEqual(['192.0.2.44']));
    await open('127.0.0.9'); // anyone else: the header is ignored
    await eventually(async () => expect((await reads()).map((r) => r.address)).toEqual(['192.0.2.44', '127.0.0.9']));
  });
});
