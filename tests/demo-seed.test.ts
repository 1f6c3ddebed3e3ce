import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../server/seed/demo.js';
import { login } from './helpers/clients.js';
import { createTestDatabase, startTestServer, type TestServer } from './helpers/server.js';

const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

describe('first start', () => {
  it('[O4] development mode on an empty database creates the demo forum, document and five users', async () => {
    const url = await createTestDatabase();
    const s = await startTestServer({ NODE_ENV: 'development', SAMRAAD_DEMO_PASSWORD: 'demo-kodeord-1' }, url);
    servers.push(s);
    const forum = await s.db.prisma.forum.findFirstOrThrow({
      where: { name: 'SSD Nord' },
      include: { documents: { where: { case: null } }, memberships: true },
    });
    expect(forum).toMatchObject({ name: 'SSD Nord', type: 'SSD' });
    expect(forum.documents).toHaveLength(1);
    // One forum of each type, with cases, meetings past and upcoming, and mirrored action plans.
    expect((await s.db.prisma.forum.findMany()).map((f) => f.type).sort()).toEqual(['DISTRIKTSTEAM', 'SSD', 'SSP', 'TRIVSEL_0_3']);
    expect(await s.db.prisma.case.count()).toBeGreaterThanOrEqual(6);
    expect(await s.db.prisma.meeting.count({ where: { status: 'CLOSED' } })).toBe(4);
    expect(await s.db.prisma.meeting.count({ where: { status: 'PLANNED' } })).toBe(4);
    expect(await s.db.prisma.actionItem.count()).toBeGreaterThanOrEqual(7);
    expect(new Set((await s.db.prisma.caseAssessment.findMany()).map((a) => a.level)).size).toBeGreaterThanOrEqual(3);
    expect(forum.memberships.map((m) => m.sector).sort()).toEqual(['ANDET', 'DAGTILBUD', 'SKOLE', 'SOCIAL', 'SUNDHEDSPLEJE']);
    expect(forum.memberships.filter((m) => m.role === 'GUEST')).toHaveLength(1);
    await login(s.url, s.origin, DEMO_USERS[0]!.email, 'demo-kodeord-1');
    // A second start does not seed again.
    await s.close();
    servers.pop();
    const again = await startTestServer({ NODE_ENV: 'development', SAMRAAD_DEMO_PASSWORD: 'demo-kodeord-1' }, url);
    servers.push(again);
    expect(await again.db.prisma.user.count()).toBe(DEMO_USERS.length + 4);
    // A later start with another SAMRAAD_DEMO_PASSWORD gives the demo users that password.
    await again.close();
    servers.pop();
    const third = await startTestServer({ NODE_ENV: 'development', SAMRAAD_DEMO_PASSWORD: 'nyt-demo-kodeord-2' }, url);
    servers.push(third);
    await login(third.url, third.origin, DEMO_USERS[0]!.email, 'nyt-demo-kodeord-2');
  });

  it('[O4] production mode never creates demo data', async () => {
    const s = await startTestServer({ NODE_ENV: 'production', PUBLIC_ORIGIN: 'https://samraad.kommune.example' });
    servers.push(s);
    expect(await s.db.prisma.user.count()).toBe(0);
    expect(await s.db.prisma.municipality.count()).toBe(0);
  });
});
