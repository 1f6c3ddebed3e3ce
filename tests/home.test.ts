/** GET /api/me/home (docs/SPEC.md, WB9-WB12): a home for each role, through the policy. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessibilityInfo, HomeResponse, MeResponse, MunicipalitySettings } from '../shared/api.js';
import { unpreparedReasons } from '../server/features/home/service.js';
import { apiAs } from './helpers/api.js';
import { addAgendaItem, assess, createAction, createCase, createMeeting } from './helpers/domain-factories.js';
import { createForum, createOutsider, type TestForum } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let forum: TestForum;
let other: TestForum;
const DAY = 86_400_000;

beforeAll(async () => {
  server = await startTestServer();
  forum = await createForum(server.db.prisma, {
    chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Ahmed Nielsen' },
    member: { sector: 'SKOLE', role: 'MEMBER', name: 'Mette Skov' },
    nurse: { sector: 'SUNDHEDSPLEJE', role: 'MEMBER', name: 'Sara Lind' },
    guestnurse: { sector: 'SUNDHEDSPLEJE', role: 'GUEST', name: 'Gæst Lind' },
  });
  other = await createForum(server.db.prisma, { otherChair: { sector: 'SOCIAL', role: 'CHAIR' } }, { municipalityId: forum.municipalityId });
});
afterAll(async () => {
  await server?.close();
});

describe('home', () => {
  it('[WB9] unprepared means: no assessment within 183 days, or no planned or in-progress action', () => {
    const now = new Date('2026-12-03T12:00:00Z');
    expect(unpreparedReasons({ assessments: [], openActions: 0 }, now)).toEqual(['noCurrentAssessment', 'noActions']);
    expect(unpreparedReasons({ assessments: [{ recordedAt: new Date(now.getTime() - 10 * DAY) }], openActions: 1 }, now)).toEqual([]);
    expect(unpreparedReasons({ assessments: [{ recordedAt: new Date(now.getTime() - 200 * DAY) }], openActions: 2 }, now)).toEqual([
      'noCurrentAssessment',
    ]);
  });

  it("[WB9] the chair's home has the next meeting of a forum they chair, its agenda in order and what is unprepared", async () => {
    const db = server.db.prisma;
    const chairId = forum.users.chair!.id;
    const past = await createMeeting(db, forum.forumId, { startsAt: new Date(Date.now() - 30 * DAY), status: 'CLOSED' });
    const next = await createMeeting(db, forum.forumId, { startsAt: new Date(Date.now() + 1 * DAY), place: 'Rådhuset' });
    await createMeeting(db, forum.forumId, { startsAt: new Date(Date.now() + 8 * DAY) });
    await createMeeting(db, other.forumId, { startsAt: new Date(Date.now() + 2 * 3_600_000) }); // sooner, not theirs

    const ready = await createCase(db, forum.forumId, chairId, { description: 'dreng, 8 år, skole' });
    const fresh = await createCase(db, forum.forumId, chairId, { description: 'pige, 2 år, ny' });
    const noPlan = await createCase(db, forum.forumId, chairId, { description: 'dreng, 12 år' });
    await assess(db, { caseId: ready.id, meetingId: past.id, level: 3, recordedById: chairId });
    await assess(db, { caseId: noPlan.id, meetingId: past.id, level: 2, recordedById: chairId });
    await createAction(db, ready.id, { title: 'Samtale med forældre', status: 'IN_PROGRESS' });
    await createAction(db, noPlan.id, { title: 'Afsluttet', status: 'DONE' });
    await addAgendaItem(db, next.id, fresh.id, 1);
    await addAgendaItem(db, next.id, ready.id, 0);
    await addAgendaItem(db, next.id, noPlan.id, 2);

    const chair = await apiAs(server.url, server.origin, forum.users.chair!.email);
    const { status, body } = await chair.get<HomeResponse>('/api/me/home');
    expect(status).toBe(200);
    expect(body.chair?.meeting).toMatchObject({ id: next.id, place: 'Rådhuset', itemCount: 3, forum: { id: forum.forumId } });
    expect(body.chair?.agenda.map((a) => [a.reference, a.unprepared])).toEqual([
      [ready.reference, []],
      [fresh.reference, ['noCurrentAssessment', 'noActions']],
      [noPlan.reference, ['noActions']],
    ]);
    expect(body.chair?.agenda[0]).toMatchObject({ latestLevel: 3, openActions: 1, description: 'dreng, 8 år, skole' });
    // Upcoming meetings: only the forums they are in; the closed one left out.
    expect(body.upcomingMeetings.map((m) => m.id)).toContain(next.id);
    expect(body.upcomingMeetings.every((m) => m.forum.id === forum.forumId)).toBe(true);
    expect(body.upcomingMeetings.some((m) => m.id === past.id)).toBe(false);
    expect(body.healthVisitor).toBeNull();
    expect(body.management).toBeNull();
    expect(body.admin).toBe(false);
  });

  it('[WB10] a member gets upcoming meetings and no chair part; an outsider gets nothing', async () => {
    const member = await apiAs(server.url, server.origin, forum.users.member!.email);
    const { body } = await member.get<HomeResponse>('/api/me/home');
    expect(body.chair).toBeNull();
    expect(body.upcomingMeetings.length).toBeGreaterThan(0);
    expect(body.upcomingMeetings.map((m) => m.startsAt)).toEqual([...body.upcomingMeetings.map((m) => m.startsAt)].sort());

    const outsider = await createOutsider(server.db.prisma, forum.municipalityId);
    const out = await apiAs(server.url, server.origin, outsider.email);
    const home = (await out.get<HomeResponse>('/api/me/home')).body;
    expect(home).toEqual({ chair: null, upcomingMeetings: [], healthVisitor: null, management: null, admin: false });
  });

  it('[WB11] a health visitor gets the open cases of their forums, those on a coming agenda first; a guest gets none', async () => {
    const db = server.db.prisma;
    const closed = await createCase(db, forum.forumId, forum.users.chair!.id, { status: 'CLOSED' });
    const elsewhere = await createCase(db, other.forumId, other.users.otherChair!.id);
    const nurse = await apiAs(server.url, server.origin, forum.users.nurse!.email);
    const { body } = await nurse.get<HomeResponse>('/api/me/home');
    const cases = body.healthVisitor!.cases;
    expect(cases.length).toBeGreaterThanOrEqual(3);
    expect(cases.some((c) => c.id === closed.id || c.id === elsewhere.id)).toBe(false);
    const dated = cases.filter((c) => c.nextMeetingDay);
    expect(dated.length).toBe(3);
    expect(cases.slice(0, 3)).toEqual(dated);

    const guest = await apiAs(server.url, server.origin, forum.users.guestnurse!.email);
    expect((await guest.get<HomeResponse>('/api/me/home')).body.healthVisitor).toBeNull();
  });

  it("[WB12] management gets the municipality's forums, the administrator the admin part; anonymous 401", async () => {
    const db = server.db.prisma;
    const lead = await createOutsider(db, forum.municipalityId);
    await db.user.update({ where: { id: lead.id }, data: { municipalRoles: ['MANAGEMENT'] } });
    const admin = await createOutsider(db, forum.municipalityId);
    await db.user.update({ where: { id: admin.id }, data: { municipalRoles: ['ADMIN'] } });
    // Another municipality's forum never shows.
    const foreign = await createForum(db, { x: { sector: 'SOCIAL', role: 'CHAIR' } });

    const m = (await (await apiAs(server.url, server.origin, lead.email)).get<HomeResponse>('/api/me/home')).body;
    expect(m.management!.forums.map((f) => f.id).sort()).toEqual([forum.forumId, other.forumId].sort());
    expect(m.management!.forums.some((f) => f.id === foreign.forumId)).toBe(false);
    expect(m.admin).toBe(false);

    const a = (await (await apiAs(server.url, server.origin, admin.email)).get<HomeResponse>('/api/me/home')).body;
    expect(a.admin).toBe(true);
    expect(a.management).toBeNull();

    expect((await fetch(`${server.url}/api/me/home`)).status).toBe(401);
  });

  it('[WB15] the language is kept on the account: PUT /api/me/language, then /api/auth/me gives it; only da or en', async () => {
    const member = await apiAs(server.url, server.origin, forum.users.member!.email);
    expect((await member.get<MeResponse>('/api/auth/me')).body.language).toBeNull();
    expect((await member.send('PUT', '/api/me/language', { language: 'en' })).status).toBe(200);
    expect((await member.get<MeResponse>('/api/auth/me')).body.language).toBe('en');
    // A new session (another device) has it too.
    const again = await apiAs(server.url, server.origin, forum.users.member!.email);
    expect((await again.get<MeResponse>('/api/auth/me')).body.language).toBe('en');
    expect((await member.send('PUT', '/api/me/language', { language: 'de' })).status).toBe(400);
    expect((await member.send('PUT', '/api/me/language', { language: 'da', extra: 1 })).status).toBe(400);
    const anon = await fetch(`${server.url}/api/me/language`, {
      method: 'PUT',
      headers: { origin: server.origin, 'content-type': 'application/json' },
      body: '{"language":"en"}',
    });
    expect(anon.status).toBe(401);
    // The mail language is its own setting.
    const mail = await server.db.prisma.user.findUniqueOrThrow({ where: { id: forum.users.member!.id }, select: { mailLanguage: true } });
    expect(mail.mailLanguage).toBe('da');
  });

  it("[WB19] the administrator sets the WAS-Tool link and contact; GET /api/accessibility gives them to the municipality's users", async () => {
    const db = server.db.prisma;
    const admin = await createOutsider(db, forum.municipalityId);
    await db.user.update({ where: { id: admin.id }, data: { municipalRoles: ['ADMIN'] } });
    const a = await apiAs(server.url, server.origin, admin.email);
    const settings = (await a.get<MunicipalitySettings>('/api/admin/settings')).body;
    expect(settings.wasToolUrl).toBeNull();
    const base = { levelLabels: settings.levelLabels, reportDutyThreshold: settings.reportDutyThreshold };
    expect((await a.send('PUT', '/api/admin/settings', { ...base, wasToolUrl: 'http://insecure.example/x' })).status).toBe(400);
    expect((await a.send('PUT', '/api/admin/settings', { ...base, accessibilityContact: 'not an address' })).status).toBe(400);
    const url = 'https://www.was.digst.dk/app-samraad-testkommune-dk';
    expect((await a.send('PUT', '/api/admin/settings', { ...base, wasToolUrl: url, accessibilityContact: 'tilgaengelighed@test.dk' })).status).toBe(204);
    // A save without the fields (an older form) leaves them.
    await a.send('PUT', '/api/admin/settings', base);
    expect((await a.get<MunicipalitySettings>('/api/admin/settings')).body).toMatchObject({ wasToolUrl: url, accessibilityContact: 'tilgaengelighed@test.dk' });

    const member = await apiAs(server.url, server.origin, forum.users.member!.email);
    expect((await member.get<AccessibilityInfo>('/api/accessibility')).body).toEqual({
      municipality: 'Testkommune',
      wasToolUrl: url,
      contact: 'tilgaengelighed@test.dk',
    });
    // Anonymous: this test database holds several municipalities, so none is named.
    const anon = await fetch(`${server.url}/api/accessibility`);
    expect(anon.status).toBe(200);
    expect(((await anon.json()) as AccessibilityInfo).municipality).toBeNull();
  });
});
