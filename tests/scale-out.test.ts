/**
 * Several instances on one PostgreSQL and one Redis (docs/SPEC.md, SO1-SO5).
 * Needs Redis: TEST_REDIS_URL, default redis://127.0.0.1:6379, or else a Redis of its own started from
 * redis-server (SO1-SO3), and
 * /usr/bin/redis-server (or REDIS_SERVER) for SO4, which runs a Redis of its
 * own so that it can kill and restart it. Without Redis this file FAILS; it
 * never skips. Every run uses its own channel prefix, so parallel runs on one
 * Redis do not cross.
 */
import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { io as connectIo, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { ClientToServerEvents, MeetingState, PresentMember, ServerToClientEvents } from '../shared/protocol.js';
import { CloseCode } from '../shared/protocol.js';
import { encodeUpdate } from '../server/collab/protocol.js';
import { apiAs } from './helpers/api.js';
import { closeCodeOf, connectProvider, eventually, login, rawUpgrade, synced, wsToken, type TestProvider } from './helpers/clients.js';
import { createForum, type TestForum } from './helpers/factories.js';
import { expectLogErrors } from './helpers/fail-on-console-error.js';
import { freePort, killRedis, spawnRedis } from './helpers/redis.js';
import { createTestDatabase, startTestServer, type TestServer } from './helpers/server.js';
import { createAction, createCase } from './helpers/domain-factories.js';
import { todayInCopenhagen } from '../server/features/tasks/dates.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Connects to Redis or throws: these tests must fail loudly, not skip, when Redis is missing. */
async function requireRedis(url: string): Promise<Redis> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null, connectTimeout: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    expect(await client.ping()).toBe('PONG');
  } catch (err) {
    client.disconnect();
    throw new Error(`tests/scale-out.test.ts needs Redis at ${url} (set TEST_REDIS_URL): ${(err as Error).message}`);
  }
  return client;
}

const prefixOf = () => `samraad-t-${crypto.randomBytes(5).toString('hex')}`;

/** The document as PostgreSQL holds it (snapshot + log). */
async function storedText(server: TestServer, documentId: string): Promise<string> {
  const { rows } = await server.db.pool.query<{ data: Buffer }>(
    `SELECT state AS data, 0 AS k, 0::bigint AS id FROM "DocSnapshot" WHERE "documentId" = $1
     UNION ALL SELECT data, 1, id FROM "DocUpdate" WHERE "documentId" = $1 ORDER BY k, id`,
    [documentId],
  );
  const doc = new Y.Doc();
  for (const r of rows) Y.applyUpdate(doc, r.data);
  const text = doc.getText('t').toString();
  doc.destroy();
  return text;
}

const words = (text: string) => text.split(/\s+/).filter(Boolean).sort();

describe('two instances, one database, one Redis', () => {
  let redis: Redis;
  let ownRedis: ChildProcess | null = null;
  let a: TestServer;
  let b: TestServer;
  let forum: TestForum;
  const providers: TestProvider[] = [];
  const sockets: Client[] = [];

  async function provider(server: TestServer, key: string): Promise<TestProvider> {
    const cookie = await login(server.url, server.origin, forum.users[key]!.email);
    const p = connectProvider(server.wsUrl, forum.docName, { token: await wsToken(server.url, server.origin, cookie) });
    providers.push(p);
    await synced(p);
    return p;
  }

  async function socketAs(server: TestServer, key: string): Promise<Client> {
    const cookie = await login(server.url, server.origin, forum.users[key]!.email);
    const socket: Client = connectIo(server.url, {
      transports: ['websocket'],
      auth: { token: await wsToken(server.url, server.origin, cookie) },
      reconnection: false,
    });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  }

  beforeAll(async () => {
    // The machine's Redis, or (where none runs and TEST_REDIS_URL is unset) one of our own.
    let url = REDIS_URL;
    try {
      redis = await requireRedis(url);
    } catch (err) {
      if (process.env.TEST_REDIS_URL) throw err;
      const port = await freePort();
      ownRedis = await spawnRedis(port);
      url = `redis://127.0.0.1:${port}`;
      redis = await requireRedis(url);
    }
    const env = { REDIS_URL: url, REDIS_PREFIX: prefixOf() };
    a = await startTestServer(env);
    b = await startTestServer(env, a.databaseUrl);
    forum = await createForum(a.db.prisma, {
      school: { sector: 'SKOLE', role: 'MEMBER', name: 'Mette Skov' },
      daycare: { sector: 'DAGTILBUD', role: 'MEMBER', name: 'Jonas Holm' },
      chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Ahmed Nielsen' },
    });
    await eventually(() => expect(a.scale.enabled && b.scale.enabled).toBe(true));
  });
  afterAll(async () => {
    for (const p of providers) p.destroy();
    for (const s of sockets) s.disconnect();
    await b?.close();
    await a?.close();
    redis?.disconnect();
    await killRedis(ownRedis);
  });

  it('[SO1] stock clients on two instances co-edit one document and converge; late joiners see everything; the store holds every edit', async () => {
    const onA = await provider(a, 'school');
    const onB = await provider(b, 'daycare');
    const expected: string[] = [];
    for (let i = 0; i < 20; i++) {
      onA.text.insert(0, `a${i} `);
      onB.text.insert(onB.text.length, `b${i} `);
      expected.push(`a${i}`, `b${i}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    await eventually(() => {
      expect(onA.text.toString()).toBe(onB.text.toString());
      expect(words(onA.text.toString())).toEqual(expected.sort());
    });
    // Each instance applied the other's committed updates from Redis.
    expect(a.metrics.remoteUpdatesTotal).toBeGreaterThan(0);
    expect(b.metrics.remoteUpdatesTotal).toBeGreaterThan(0);

    const lateA = await provider(a, 'chair');
    const lateB = await provider(b, 'chair');
    await eventually(() => {
      expect(lateA.text.toString()).toBe(onA.text.toString());
      expect(lateB.text.toString()).toBe(onA.text.toString());
    });
    // Stored once, by the instance that received it: every edit, and no double rows.
    await eventually(async () => expect(words(await storedText(a, forum.documentId))).toEqual(expected));
    const { rows } = await a.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM "DocUpdate" WHERE "documentId" = $1', [forum.documentId]);
    expect(Number(rows[0]!.n)).toBe(expected.length); // one row per edit: a receiving instance never stores it again
    const metrics = await (await fetch(`${a.url}/metrics`)).text();
    expect(metrics).toMatch(/samraad_redis_connected 1/);
    expect(metrics).toMatch(/samraad_remote_updates_total [1-9]/);
  });

  it('[P10][SO1] a client id bound on one instance is known on the other: its writer continues there, a colleague is refused', async () => {
    const onA = await provider(a, 'school');
    const watcherOnA = await provider(a, 'chair');
    onA.text.insert(0, 'skrevet på a ');
    const colleagueOnB = await provider(b, 'daycare');
    await eventually(() => expect(colleagueOnB.text.toString()).toContain('skrevet på a'));
    // The writer's connection moves to b (a reconnect through the load balancer) with the same client id.
    const id = onA.doc.clientID;
    const state = Y.encodeStateAsUpdate(onA.doc);
    onA.destroy();
    const sameUserOnB = await provider(b, 'school');
    /** Sends, on `via`, an addition under the writer's client id. */
    const continueAsWriter = (via: TestProvider, text: string) => {
      const d = new Y.Doc();
      Y.applyUpdate(d, state);
      Y.applyUpdate(d, Y.encodeStateAsUpdate(via.doc));
      const known = Y.encodeStateVector(d);
      d.clientID = id;
      d.getText('t').insert(0, text);
      via.provider.ws!.send(encodeUpdate(Y.encodeStateAsUpdate(d, known)));
      d.destroy();
    };
    continueAsWriter(sameUserOnB, 'fortsat på b ');
    await eventually(() => expect(watcherOnA.text.toString()).toContain('fortsat på b'));
    await eventually(() => expect(colleagueOnB.text.toString()).toContain('fortsat på b'));
    continueAsWriter(colleagueOnB, 'forfalsket ');
    await eventually(() => expect(colleagueOnB.closes).toEqual([CloseCode.FORBIDDEN]));
    await new Promise((r) => setTimeout(r, 200));
    expect(await storedText(a, forum.documentId)).not.toContain('forfalsket');
    expect(sameUserOnB.closes).toEqual([]);
  });

  it('[CS3][SO1] closing a case on one instance closes its writers on the other with CASE_CLOSED', async () => {
    const kase = await createCase(a.db.prisma, forum.forumId, forum.users.chair!.id);
    const { docName } = await a.db.prisma.document.findUniqueOrThrow({ where: { id: kase.documentId } });
    const cookie = await login(b.url, b.origin, forum.users.school!.email);
    const onB = connectProvider(b.wsUrl, docName, { token: await wsToken(b.url, b.origin, cookie) });
    providers.push(onB);
    await synced(onB);
    const chair = await apiAs(a.url, a.origin, forum.users.chair!.email);
    expect((await chair.send('POST', `/api/cases/${kase.id}/close`)).status).toBe(204);
    await eventually(() => expect(onB.closes).toEqual([CloseCode.CASE_CLOSED]), 1000);
  });

  it('[SO1] awareness crosses instances with server-set identity; late joiners see remote cursors; they leave with their client', async () => {
    const onA = await provider(a, 'school');
    const onB = await provider(b, 'daycare');
    onA.provider.awareness.setLocalStateField('cursor', { anchor: 3 });
    const stateOf = (p: TestProvider, clientId: number) => p.provider.awareness.getStates().get(clientId) as { user?: { name: string }; cursor?: unknown } | undefined;
    await eventually(() => {
      expect(stateOf(onB, onA.doc.clientID)?.cursor).toEqual({ anchor: 3 });
      expect(stateOf(onB, onA.doc.clientID)?.user?.name).toBe('Mette Skov');
    });
    const lateB = await provider(b, 'chair');
    await eventually(() => expect(stateOf(lateB, onA.doc.clientID)?.user?.name).toBe('Mette Skov'));
    onA.destroy();
    await eventually(() => {
      expect(stateOf(onB, onA.doc.clientID)).toBeUndefined();
      expect(stateOf(lateB, onA.doc.clientID)).toBeUndefined();
    });
  });

  it('[SO1] a document unloads on every instance after its last client, leaving no channel subscribed', async () => {
    for (const p of providers.splice(0)) p.destroy();
    await eventually(() => {
      expect(a.rooms.isLoaded(forum.documentId)).toBe(false);
      expect(b.rooms.isLoaded(forum.documentId)).toBe(false);
    });
    const channels = (await redis.call('PUBSUB', 'CHANNELS', `*:doc:${forum.documentId}`)) as string[];
    expect(channels).toEqual([]);
  });

  it('[SO2] a membership revoked on instance A closes the user\u2019s socket on instance B within 1 s; logout on A closes that session\u2019s sockets on B', async () => {
    const hash = (await a.db.prisma.user.findUniqueOrThrow({ where: { id: forum.users.chair!.id } })).passwordHash;
    const adminUser = await a.db.prisma.user.create({
      data: { municipalityId: forum.municipalityId, email: `admin-${crypto.randomBytes(3).toString('hex')}@test.samraad.dk`, name: 'Admin', municipalRoles: ['ADMIN'], passwordHash: hash },
    });
    const admin = await apiAs(a.url, a.origin, adminUser.email);

    const school = await apiAs(a.url, a.origin, forum.users.school!.email);
    const editor = await rawUpgrade(`${b.wsUrl}/collab/${forum.docName}`, { origin: b.origin, cookie: school.cookie });
    expect(editor.status).toBe(101);
    const revoked = closeCodeOf(editor.ws!, 1000);
    const started = Date.now();
    expect((await admin.send('DELETE', `/api/admin/forums/${forum.forumId}/members/${forum.users.school!.id}`)).status).toBe(204);
    expect(await revoked).toBe(CloseCode.FORBIDDEN);
    expect(Date.now() - started).toBeLessThan(1000);

    const daycare = await apiAs(a.url, a.origin, forum.users.daycare!.email);
    const other = await apiAs(a.url, a.origin, forum.users.daycare!.email); // another session of the same user
    const session = await rawUpgrade(`${b.wsUrl}/collab/${forum.docName}`, { origin: b.origin, cookie: daycare.cookie });
    const otherSession = await rawUpgrade(`${b.wsUrl}/collab/${forum.docName}`, { origin: b.origin, cookie: other.cookie });
    expect([session.status, otherSession.status]).toEqual([101, 101]);
    const loggedOut = closeCodeOf(session.ws!, 1000);
    expect((await daycare.send('POST', '/api/auth/logout')).status).toBe(204);
    expect(await loggedOut).toBe(CloseCode.UNAUTHORIZED);
    await new Promise((r) => setTimeout(r, 200));
    expect(otherSession.ws!.readyState).toBe(otherSession.ws!.OPEN); // other sessions are untouched
    otherSession.ws!.close();
    // Membership restored for the tests that follow.
    await a.db.prisma.membership.create({ data: { userId: forum.users.school!.id, forumId: forum.forumId, sector: 'SKOLE', role: 'MEMBER' } });
  });

  it('[SO3] socket.io presence and meeting:state reach members connected to the other instance', async () => {
    const db = a.db.prisma;
    const meeting = await db.meeting.create({ data: { forumId: forum.forumId, startsAt: new Date(), status: 'RUNNING', startedAt: new Date() } });
    const doc = await db.document.create({ data: { forumId: forum.forumId, title: 'Sag', docName: `so3-${crypto.randomBytes(4).toString('hex')}` } });
    const kase = await db.case.create({ data: { forumId: forum.forumId, reference: 'SO3X', description: 'pige, 6 år', documentId: doc.id, createdById: forum.users.chair!.id } });
    const item = await db.agendaItem.create({ data: { meetingId: meeting.id, caseId: kase.id, position: 1 } });

    const chair = await socketAs(a, 'chair');
    const school = await socketAs(b, 'school');
    let seenByChair: PresentMember[] = [];
    chair.on('meeting:presence', (p) => (seenByChair = p.present));
    let seenBySchool: MeetingState | null = null;
    school.on('meeting:state', (s) => (seenBySchool = s));

    expect((await chair.emitWithAck('meeting:join', { forumId: forum.forumId })).ok).toBe(true);
    const joined = await school.emitWithAck('meeting:join', { forumId: forum.forumId });
    expect(joined.ok).toBe(true);
    // The join answer already counts the chair, who is on the other instance.
    expect(joined.present!.map((p) => p.name).sort()).toEqual(['Ahmed Nielsen', 'Mette Skov']);
    await eventually(() =>
      expect(seenByChair).toContainEqual({ userId: forum.users.school!.id, name: 'Mette Skov', sector: 'SKOLE', role: 'MEMBER' }),
    );

    expect(await chair.emitWithAck('meeting:setCurrentItem', { forumId: forum.forumId, itemId: item.id })).toEqual({ ok: true });
    await eventually(() => expect(seenBySchool).toMatchObject({ meetingId: meeting.id, status: 'RUNNING', currentItemId: item.id }));

    school.disconnect();
    await eventually(() => expect(seenByChair.map((p) => p.name)).toEqual(['Ahmed Nielsen']));
    await db.meeting.update({ where: { id: meeting.id }, data: { status: 'CLOSED' } });
  });
});

describe('Redis restarted mid-edit', () => {
  let port: number;
  let redisProcess: ChildProcess | null = null;
  let c: TestServer;
  let d: TestServer;
  let forum: TestForum;
  const providers: TestProvider[] = [];

  async function startRedis(): Promise<void> {
    redisProcess = await spawnRedis(port);
  }

  async function stopRedis(): Promise<void> {
    const child = redisProcess;
    redisProcess = null;
    await killRedis(child);
  }

  async function provider(server: TestServer, key: string): Promise<TestProvider> {
    const cookie = await login(server.url, server.origin, forum.users[key]!.email);
    const p = connectProvider(server.wsUrl, forum.docName, { token: await wsToken(server.url, server.origin, cookie) });
    providers.push(p);
    await synced(p);
    return p;
  }

  beforeAll(async () => {
    port = await freePort();
    await startRedis();
    const env = { REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_PREFIX: prefixOf() };
    c = await startTestServer(env);
    d = await startTestServer(env, c.databaseUrl);
    forum = await createForum(c.db.prisma, {
      school: { sector: 'SKOLE', role: 'MEMBER' },
      daycare: { sector: 'DAGTILBUD', role: 'MEMBER' },
    });
  });
  afterAll(async () => {
    for (const p of providers) p.destroy();
    await d?.close();
    await c?.close();
    await stopRedis();
  });

  it('[SO4] both instances keep serving while Redis is down, converge once it returns, and the store holds every edit', async () => {
    expectLogErrors('redis_down', 'redis_unavailable'); // the outage is on purpose
    const c1 = await provider(c, 'school');
    const c2 = await provider(c, 'daycare');
    const d1 = await provider(d, 'daycare');
    const expected: string[] = [];
    const type = async (p: TestProvider, word: string) => {
      p.text.insert(p.text.length, `${word} `);
      expected.push(word);
      await new Promise((r) => setTimeout(r, 10));
    };
    for (let i = 0; i < 5; i++) {
      await type(c1, `før-c${i}`);
      await type(d1, `før-d${i}`);
    }
    await eventually(() => expect(words(d1.text.toString())).toEqual([...expected].sort()));

    await stopRedis();
    await eventually(() => expect(c.metrics.gauges.redisConnected!()).toBe(0));
    // Still healthy: the instance serves its clients; Redis is reported, not required.
    const health = await fetch(`${c.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'up', redis: 'down' });
    for (let i = 0; i < 5; i++) {
      await type(c1, `under-c${i}`);
      await type(d1, `under-d${i}`);
    }
    // Each instance keeps serving its own clients at once...
    await eventually(() => expect(words(c2.text.toString())).toEqual(words(c1.text.toString())), 2000);
    // ...and, while Redis is away, the periodic catch-up from PostgreSQL carries edits across.
    await eventually(() => {
      expect(words(c1.text.toString())).toEqual([...expected].sort());
      expect(words(d1.text.toString())).toEqual([...expected].sort());
    }, 10_000);
    expect(c1.closes).toEqual([]);
    expect(d1.closes).toEqual([]);

    await startRedis();
    await eventually(() => {
      expect(c.metrics.gauges.redisConnected!()).toBe(1);
      expect(d.metrics.gauges.redisConnected!()).toBe(1);
    }, 10_000);
    for (let i = 0; i < 5; i++) {
      await type(c1, `efter-c${i}`);
      await type(d1, `efter-d${i}`);
    }
    await eventually(() => {
      for (const p of [c1, c2, d1]) expect(words(p.text.toString())).toEqual([...expected].sort());
      expect(c1.text.toString()).toBe(d1.text.toString());
    });
    // After the return, fan-out runs over Redis again (not only by catch-up).
    const remoteBefore = d.metrics.remoteUpdatesTotal;
    await type(c1, 'sidste');
    await eventually(() => expect(d1.text.toString()).toContain('sidste'), 1500);
    expect(d.metrics.remoteUpdatesTotal).toBeGreaterThan(remoteBefore);
    await eventually(async () => expect(words(await storedText(c, forum.documentId))).toEqual([...expected].sort()));
    expect(c.metrics.redisOutagesTotal).toBeGreaterThanOrEqual(1);
    const late = await provider(d, 'school');
    await eventually(() => expect(late.text.toString()).toBe(c1.text.toString()));
  });
});

describe('one instance without Redis', () => {
  it('[SO5] without REDIS_URL there is no fan-out and no Redis connection; the metrics show no Redis', async () => {
    const solo = await startTestServer();
    try {
      expect(solo.scale.enabled).toBe(false);
      expect(solo.scale.socketIo).toBeNull();
      expect(await (await fetch(`${solo.url}/metrics`)).text()).not.toMatch(/samraad_redis/);
      expect(await (await fetch(`${solo.url}/healthz`)).json()).not.toHaveProperty('redis');
    } finally {
      await solo.close();
    }
  });
});

describe('scheduled jobs on several instances', () => {
  it('[SO6] a run holds the job\'s advisory lock: while another instance (an older version, say) holds it, the run fails rather than overlap it', async () => {
    expectLogErrors('job_failed'); // the failed run is the point
    const url = await createTestDatabase();
    const a = await startTestServer({}, url);
    const b = await startTestServer({}, url);
    try {
      const forum = await createForum(a.db.prisma, { u: { sector: 'SKOLE', role: 'MEMBER' } });
      const kase = await createCase(a.db.prisma, forum.forumId, forum.users.u!.id);
      await createAction(a.db.prisma, kase.id, { responsibleUserId: forum.users.u!.id, dueDate: todayInCopenhagen() });
      const count = () => a.db.prisma.notification.count({ where: { userId: forum.users.u!.id } });
      // Instance B is "running" the job: it holds the job's lock.
      const holder = await b.db.pool.connect();
      await holder.query("SELECT pg_advisory_lock(hashtext('job:reminders'))");
      await expect(a.runJob('reminders')).rejects.toThrow(/JobBusy: another run of this job is still active/);
      expect(await count()).toBe(0);
      await holder.query("SELECT pg_advisory_unlock(hashtext('job:reminders'))");
      holder.release();
      await a.runJob('reminders');
      expect(await count()).toBe(1);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
