import { io as connectIo } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CasePrivacy, CaseSummary, KeyFigures } from '../shared/api.js';
import { CloseCode } from '../shared/protocol.js';
import { apiAs, type ApiClient } from './helpers/api.js';
import { closeCodeOf, connectProvider, eventually, rawUpgrade, synced, wsToken } from './helpers/clients.js';
import { createForum, type TestForum } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let ssd: TestForum;
let ssp: TestForum;
let chair: ApiClient;
let police: ApiClient;
let ssdCase: CaseSummary;
let sspCase: CaseSummary;

const deniedFor = (userId: string, caseId: string) =>
  server.db.prisma.auditEntry.findMany({ where: { userId, caseId, action: 'DENIED' } });

beforeAll(async () => {
  server = await startTestServer();
  ssd = await createForum(server.db.prisma, {
    chair: { sector: 'SOCIAL', role: 'CHAIR' },
    police: { sector: 'POLITI', role: 'MEMBER' },
    health: { sector: 'SUNDHEDSPLEJE', role: 'MEMBER' },
    school: { sector: 'SKOLE', role: 'MEMBER' },
  });
  ssp = await createForum(server.db.prisma, { chair: { sector: 'SOCIAL', role: 'CHAIR' } }, { type: 'SSP', municipalityId: ssd.municipalityId });
  // The same police officer is also a member of the SSP forum.
  for (const key of ['police', 'health', 'school'] as const) {
    const u = ssd.users[key]!;
    await server.db.prisma.membership.create({ data: { userId: u.id, forumId: ssp.forumId, sector: u.sector, role: 'MEMBER' } });
  }
  chair = await apiAs(server.url, server.origin, ssd.users.chair!.email);
  police = await apiAs(server.url, server.origin, ssd.users.police!.email);
  ssdCase = (await chair.send<CaseSummary>('POST', `/api/forums/${ssd.forumId}/cases`, { description: 'pige, 13 år' })).body;
  const sspChair = await apiAs(server.url, server.origin, ssp.users.chair!.email);
  sspCase = (await sspChair.send<CaseSummary>('POST', `/api/forums/${ssp.forumId}/cases`, { description: 'dreng, 15 år' })).body;
});
afterAll(async () => {
  await server?.close();
});

describe('police see SSP cases only', () => {
  it('[A4] a police member asking for an SSD case is refused on HTTP, socket.io and Yjs, and it is logged', async () => {
    expect((await police.get(`/api/cases/${ssdCase.id}`)).status).toBe(404);
    expect((await police.get(`/api/forums/${ssd.forumId}/cases`)).status).toBe(404);
    const yjs = await rawUpgrade(`${server.wsUrl}/collab/${ssdCase.docName}`, { origin: server.origin, cookie: police.cookie });
    expect(yjs.status).toBe(403);
    expect(yjs.received).toHaveLength(0);
    const socket = connectIo(server.url, { transports: ['websocket'], auth: { token: await wsToken(server.url, server.origin, police.cookie) }, reconnection: false });
    await new Promise<void>((r) => socket.once('connect', () => r()));
    // The meeting channel carries no case content; joining is allowed, but the case stays out of reach.
    expect((await socket.emitWithAck('meeting:join', { forumId: ssd.forumId })).ok).toBe(true);
    socket.disconnect();
    const denied = await deniedFor(ssd.users.police!.id, ssdCase.id);
    expect(denied.map((d) => d.criterion).sort()).toEqual(['case', 'case-document']);
    // ...while the SSP case is open to them.
    expect((await police.get(`/api/cases/${sspCase.id}`)).status).toBe(200);
  });

  it('[A5] police never open health-only notes; other sectors read them; only health visitors write', async () => {
    const health = await apiAs(server.url, server.origin, ssd.users.health!.email);
    const school = await apiAs(server.url, server.origin, ssd.users.school!.email);
    // An SSP case, which police may otherwise read.
    expect((await school.send('POST', `/api/cases/${sspCase.id}/health-notes`)).status).toBe(403);
    expect((await health.send('POST', `/api/cases/${sspCase.id}/health-notes`)).status).toBe(204);
    const docName = (await school.get<CasePrivacy>(`/api/cases/${sspCase.id}/privacy`)).body.healthDocName!;
    expect(docName).toBeTruthy();
    expect((await police.get<CasePrivacy>(`/api/cases/${sspCase.id}/privacy`)).body.healthDocName).toBeNull();
    expect((await rawUpgrade(`${server.wsUrl}/collab/${sspCase.docName}`, { origin: server.origin, cookie: police.cookie })).status).toBe(101);
    expect((await rawUpgrade(`${server.wsUrl}/collab/${docName}`, { origin: server.origin, cookie: police.cookie })).status).toBe(403);
    const reader = connectProvider(server.wsUrl, docName, { cookie: school.cookie, origin: server.origin });
    const writer = connectProvider(server.wsUrl, docName, { cookie: health.cookie, origin: server.origin });
    await Promise.all([synced(reader), synced(writer)]);
    writer.text.insert(0, 'Sundhedsplejens note');
    reader.text.insert(0, 'Skolens forsøg ');
    await eventually(() => expect(reader.text.toString()).toContain('Sundhedsplejens note'));
    await new Promise((r) => setTimeout(r, 200));
    expect(writer.text.toString()).toBe('Sundhedsplejens note');
    reader.destroy();
    writer.destroy();
  });
});

describe('municipal roles', () => {
  it('[A6] a municipal admin manages users and memberships but cannot read cases', async () => {
    const admin = await server.db.prisma.user.create({
      data: { municipalityId: ssd.municipalityId, email: 'admin@test.samraad.dk', name: 'Admin', municipalRoles: ['ADMIN'], passwordHash: (await server.db.prisma.user.findUniqueOrThrow({ where: { id: ssd.users.chair!.id } })).passwordHash },
    });
    const api = await apiAs(server.url, server.origin, admin.email);
    expect((await api.get<unknown[]>('/api/admin/users')).body.length).toBeGreaterThanOrEqual(5);
    const created = await api.send<{ id: string }>('POST', '/api/admin/users', { email: 'ny@test.samraad.dk', name: 'Ny Bruger', password: 'et-langt-kodeord-1' });
    expect(created.status).toBe(201);
    expect((await api.send('PUT', `/api/admin/forums/${ssd.forumId}/members/${created.body.id}`, { sector: 'PPR', role: 'MEMBER' })).status).toBe(204);
    expect((await api.get(`/api/cases/${ssdCase.id}`)).status).toBe(404);
    expect((await api.get(`/api/forums/${ssd.forumId}/cases`)).status).toBe(404);
    expect((await chair.get('/api/admin/users')).status).toBe(403);
  });

  it('[A7] management sees key figures of its municipality and nothing about individual cases', async () => {
    const hash = (await server.db.prisma.user.findUniqueOrThrow({ where: { id: ssd.users.chair!.id } })).passwordHash;
    await server.db.prisma.user.create({ data: { municipalityId: ssd.municipalityId, email: 'chef@test.samraad.dk', name: 'Chef', municipalRoles: ['MANAGEMENT'], passwordHash: hash } });
    const mgmt = await apiAs(server.url, server.origin, 'chef@test.samraad.dk');
    const figures = await mgmt.get<KeyFigures>(`/api/forums/${ssd.forumId}/keyfigures`);
    expect(figures.status).toBe(200);
    expect(JSON.stringify(figures.body)).not.toContain(ssdCase.id);
    expect((await mgmt.get(`/api/cases/${ssdCase.id}`)).status).toBe(404);
    expect((await mgmt.get(`/api/forums/${ssd.forumId}/overview`)).status).toBe(404);
  });
});

describe('access changes take effect at once', () => {
  it('[A8] removing a membership mid-edit closes the socket within 1 s and the next request is refused', async () => {
    const hash = (await server.db.prisma.user.findUniqueOrThrow({ where: { id: ssd.users.chair!.id } })).passwordHash;
    const adminUser = await server.db.prisma.user.create({ data: { municipalityId: ssd.municipalityId, email: 'admin2@test.samraad.dk', name: 'Admin 2', municipalRoles: ['ADMIN'], passwordHash: hash } });
    const admin = await apiAs(server.url, server.origin, adminUser.email);
    const school = await apiAs(server.url, server.origin, ssd.users.school!.email);
    const editor = await rawUpgrade(`${server.wsUrl}/collab/${ssdCase.docName}`, { origin: server.origin, cookie: school.cookie });
    expect(editor.status).toBe(101);
    const closed = closeCodeOf(editor.ws!, 1000);
    const started = Date.now();
    expect((await admin.send('DELETE', `/api/admin/forums/${ssd.forumId}/members/${ssd.users.school!.id}`)).status).toBe(204);
    expect(await closed).toBe(CloseCode.FORBIDDEN);
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await school.get(`/api/cases/${ssdCase.id}`)).status).toBe(404);
    expect((await rawUpgrade(`${server.wsUrl}/collab/${ssdCase.docName}`, { origin: server.origin, cookie: school.cookie })).status).toBe(403);
  });
});

describe('closed cases', () => {
  it('[CS3] a closed case opens read-only: edits are not stored or relayed', async () => {
    const kase = (await chair.send<CaseSummary>('POST', `/api/forums/${ssd.forumId}/cases`, { description: 'dreng, 6 år' })).body;
    expect((await chair.send('POST', `/api/cases/${kase.id}/close`)).status).toBe(204);
    const a = connectProvider(server.wsUrl, kase.docName, { cookie: chair.cookie, origin: server.origin });
    const b = connectProvider(server.wsUrl, kase.docName, { cookie: chair.cookie, origin: server.origin });
    await Promise.all([synced(a), synced(b)]);
    a.text.insert(0, 'efter lukning');
    await new Promise((r) => setTimeout(r, 300));
    expect(b.text.toString()).toBe('');
    const doc = await server.db.prisma.document.findUniqueOrThrow({ where: { docName: kase.docName } });
    expect(await server.db.prisma.docUpdate.count({ where: { documentId: doc.id } })).toBe(0);
    a.destroy();
    b.destroy();
  });
});

describe('municipal settings', () => {
  it('[LV1] an admin renames the five Børnelinealen levels and sets the duty-to-report threshold; cases show the new labels', async () => {
    const hash = (await server.db.prisma.user.findUniqueOrThrow({ where: { id: ssd.users.chair!.id } })).passwordHash;
    await server.db.prisma.user.create({ data: { municipalityId: ssd.municipalityId, email: 'admin3@test.samraad.dk', name: 'Admin 3', municipalRoles: ['ADMIN'], passwordHash: hash } });
    const admin = await apiAs(server.url, server.origin, 'admin3@test.samraad.dk');
    const labels = ['Grøn', 'Lysegrøn', 'Gul', 'Orange', 'Rød'];
    expect((await admin.send('PUT', '/api/admin/settings', { levelLabels: labels.slice(0, 4), reportDutyThreshold: 3 })).status).toBe(400);
    expect((await chair.send('PUT', '/api/admin/settings', { levelLabels: labels, reportDutyThreshold: 3 })).status).toBe(403);
    expect((await admin.send('PUT', '/api/admin/settings', { levelLabels: labels, reportDutyThreshold: 3 })).status).toBe(204);
    expect((await admin.get('/api/admin/settings')).body).toMatchObject({ levelLabels: labels, reportDutyThreshold: 3 });
    const detail = await chair.get<{ levelLabels: string[] }>(`/api/cases/${ssdCase.id}`);
    expect(detail.body.levelLabels).toEqual(labels);
    expect((await chair.get<CasePrivacy>(`/api/cases/${ssdCase.id}/privacy`)).body.reportDuty.threshold).toBe(3);
  });
});
