/**
 * The search throttle holds across instances (docs/SPEC.md, SE8): two Samråd instances on one PostgreSQL behind a
 * real HTTP balancer (tests/helpers/balancer.ts), the second in a process of its own (tests/helpers/process.ts), so
 * the two share nothing but the database. A user's searches spread over both take from one bucket: 20 at
 * once, then 429 on either instance, nothing searched and nothing audited; another user is not held up; the bucket
 * refills; rows of full buckets are purged.
 */
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeSearchThrottle } from '../server/features/search/throttle.js';
import { startBalancer, type Balancer } from './helpers/balancer.js';
import { login } from './helpers/clients.js';
import { createCase } from './helpers/domain-factories.js';
import { createForum, type TestForum } from './helpers/factories.js';
import { spawnServer, type ServerProcess } from './helpers/process.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let balancer: Balancer;
let a: TestServer;
let b: ServerProcess;
let bUrl: string;
let forum: TestForum;

beforeAll(async () => {
  balancer = await startBalancer({ from: '127.0.0.2' });
  const env = { PUBLIC_ORIGIN: balancer.origin, TRUSTED_PROXIES: '127.0.0.2' };
  a = await startTestServer(env);
  // A port of its own: with PUBLIC_ORIGIN set, the line the child prints names the balancer's.
  const port = await freePort();
  b = await spawnServer({ ...env, PORT: String(port), DATABASE_URL: a.databaseUrl, LOG_LEVEL: 'warn' });
  bUrl = `http://127.0.0.1:${port}`;
  balancer.upstreams = [a.url, bUrl];
  forum = await createForum(a.db.prisma, {
    anna: { sector: 'SKOLE', role: 'MEMBER' },
    bo: { sector: 'PPR', role: 'MEMBER' },
  });
  await createCase(a.db.prisma, forum.forumId, forum.users.anna!.id, { description: 'dreng, 9 år, skolefravær' });
});
afterAll(async () => {
  await balancer?.close();
  await b?.kill('SIGTERM');
  await a?.close();
});

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** GET /api/search through the balancer with the user's session (sessions live in PostgreSQL: valid on both). */
const searchVia = (cookie: string, q: string) => fetch(`${balancer.url}/api/search?q=${encodeURIComponent(q)}`, { headers: { cookie } });

const searchesAudited = async (userId: string) => a.db.prisma.auditEntry.count({ where: { userId, action: 'SEARCH' } });

describe('[SE8] the search throttle on several instances', () => {
  it('a burst spread over two instances takes from one bucket: 20 pass, the rest get 429 on either instance', async () => {
    const cookie = await login(a.url, balancer.origin, forum.users.anna!.email);
    balancer.hops.length = 0;
    // 30 at once, round robin: 15 reach each instance. Counted per instance, all 30 would pass.
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => searchVia(cookie, `skole ${i}`)));
    const hops = balancer.hops.slice();
    const ok = answers.filter((r) => r.status === 200).length;
    // The burst, and one or two more if a second passed meanwhile (60 a minute).
    expect(ok).toBeGreaterThanOrEqual(20);
    expect(ok).toBeLessThanOrEqual(22);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(30 - ok);
    const by = (status: number) => new Set(answers.flatMap((r, i) => (r.status === status ? [hops[i]!] : [])));
    const refusedBy = by(429);
    const passedBy = by(200);
    expect([...passedBy].sort()).toEqual([0, 1]);
    expect(refusedBy.size).toBeGreaterThanOrEqual(1);
    const refused = answers.find((r) => r.status === 429)!;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ error: 'rate_limited', retryAfterSeconds: expect.any(Number) });
    // A refused search is neither run nor audited.
    expect(await searchesAudited(forum.users.anna!.id)).toBe(ok);

    // Right after, both instances refuse: the bucket is shared, not each instance's own.
    balancer.route = () => 0;
    expect((await searchVia(cookie, 'skole')).status).toBe(429);
    balancer.route = () => 1;
    expect((await searchVia(cookie, 'skole')).status).toBe(429);

    // Another user has a bucket of their own.
    const bo = await login(bUrl, balancer.origin, forum.users.bo!.email);
    expect((await searchVia(bo, 'skole')).status).toBe(200);
  });

  it('the bucket refills at 60 a minute, on whichever instance the next search lands; full buckets are purged', async () => {
    const cookie = await login(a.url, balancer.origin, forum.users.anna!.email);
    balancer.route = () => 1;
    // Empty the bucket (the previous test may have left a token or two to refill).
    let first429: Response | undefined;
    for (let i = 0; i < 25 && !first429; i++) {
      const r = await searchVia(cookie, 'skole');
      if (r.status === 429) first429 = r;
    }
    expect(first429).toBeDefined();
    const wait = Number(first429!.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 100));
    balancer.route = () => 0;
    expect((await searchVia(cookie, 'skole')).status).toBe(200);

    // A row is kept while its bucket is not full; the purge only removes the full ones.
    const rows = async () => (await a.db.pool.query<{ userId: string }>('SELECT "userId" FROM "SearchThrottle"')).rows.map((r) => r.userId);
    expect(await rows()).toContain(forum.users.anna!.id);
    await a.db.pool.query(`UPDATE "SearchThrottle" SET "fullAt" = now() - interval '1 second' WHERE "userId" = $1`, [forum.users.bo!.id]);
    expect(await purgeSearchThrottle(a.db.pool)).toBe(1);
    expect(await rows()).toEqual([forum.users.anna!.id]);
  });
});
