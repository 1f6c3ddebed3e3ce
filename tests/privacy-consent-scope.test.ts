/**
 * LB7/LB8: a consent names the child only to the sectors it covers, on every channel, and its withdrawal or
 * narrowing takes effect at once (the next request, and a `case:changed` push to open pages).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CasePrivacy, CaseSummary, MeetingDetail, MeetingSummary } from '../shared/api.js';
import type { Sector } from '../shared/domain.js';
import type { AccessRequestExport } from '../server/features/access-request/service.js';
import { todayInCopenhagen } from '../server/features/tasks/dates.js';
import { apiAs, type ApiClient } from './helpers/api.js';
import { connectMeetingSocket, eventually, type MeetingSocket } from './helpers/clients.js';
import { createCase, createFollowUp } from './helpers/domain-factories.js';
import { createForum, createOutsider, type TestForum } from './helpers/factories.js';
import { pdfText } from './helpers/pdf-text.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const NAME = 'Emil Scopesen';
const CPR = '120315-4321';
const PARENTS = 'Anna og Bo Scopesen';
const ADDRESS = 'Samtykkevej 7';
const identity = { childName: NAME, childCpr: CPR, childAddress: ADDRESS, parentNames: PARENTS };
const renamed = { ...identity, childName: 'Emil Andetnavn' };
const COVERED: Sector[] = ['SKOLE', 'SUNDHEDSPLEJE', 'SOCIAL'];

/** 'YYYY-MM-DD' `days` from today in Copenhagen. */
const dayFromToday = (days: number) => {
  const d = new Date(`${todayInCopenhagen()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const consent = (over: Record<string, unknown> = {}) => ({
  kind: 'CONSENT',
  consent: {
    givenBy: 'begge forældremyndighedsindehavere',
    scope: 'trivsel i skole, sundhed og hjem',
    sectors: COVERED,
    purpose: 'tidlig indsats',
    givenOn: dayFromToday(-30),
    validUntil: dayFromToday(365),
    ...over,
  },
});

let server: TestServer;
let forum: TestForum;
const api: Record<string, ApiClient> = {};
let admin: ApiClient;
const sockets: MeetingSocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  forum = await createForum(server.db.prisma, {
    chair: { sector: 'SOCIAL', role: 'CHAIR' }, // covered chair
    daychair: { sector: 'DAGTILBUD', role: 'CHAIR' }, // a chair whose sector is not covered
    school: { sector: 'SKOLE', role: 'MEMBER' },
    nurse: { sector: 'SUNDHEDSPLEJE', role: 'MEMBER' },
    daycare: { sector: 'DAGTILBUD', role: 'MEMBER' },
    guest: { sector: 'SKOLE', role: 'GUEST' }, // a covered sector, but a guest
  });
  for (const key of Object.keys(forum.users)) api[key] = await apiAs(server.url, server.origin, forum.users[key]!.email);
  const adminUser = await createOutsider(server.db.prisma, forum.municipalityId);
  await server.db.prisma.user.update({ where: { id: adminUser.id }, data: { municipalRoles: ['ADMIN'] } });
  admin = await apiAs(server.url, server.origin, adminUser.email);
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.close();
});

async function newCase(): Promise<CaseSummary> {
  return (await api.school!.send<CaseSummary>('POST', `/api/forums/${forum.forumId}/cases`, { description: 'dreng, 4 år, distrikt Nord' })).body;
}
/** A case named under a consent for school, health visitor and social worker. */
async function namedCase(): Promise<CaseSummary> {
  const kase = await newCase();
  expect((await api.chair!.send('POST', `/api/cases/${kase.id}/basis`, consent())).status).toBe(204);
  expect((await api.school!.send('PUT', `/api/cases/${kase.id}/identity`, identity)).status).toBe(204);
  return kase;
}
const privacy = async (who: string, caseId: string) => {
  const res = await api[who]!.get<CasePrivacy>(`/api/cases/${caseId}/privacy`);
  expect(res.status).toBe(200);
  return res.body;
};
const putIdentity = (who: string, caseId: string, body = renamed) =>
  api[who]!.send<{ error: string }>('PUT', `/api/cases/${caseId}/identity`, body);
const stored = (caseId: string) => server.db.prisma.case.findUniqueOrThrow({ where: { id: caseId }, select: { childName: true } });
const denials = (caseId: string, userId: string) =>
  server.db.prisma.auditEntry.findMany({ where: { caseId, userId, action: 'DENIED' }, select: { criterion: true } });

async function watchForum(who: string): Promise<{ socket: MeetingSocket; changed: string[]; payloads: string[] }> {
  const socket = await connectMeetingSocket(server.url, server.origin, forum.users[who]!.email);
  sockets.push(socket);
  const changed: string[] = [];
  const payloads: string[] = [];
  socket.onAny((_event, payload) => payloads.push(JSON.stringify(payload)));
  socket.on('case:changed', (p) => changed.push(p.caseId));
  const join = await socket.emitWithAck('meeting:join', { forumId: forum.forumId, watch: true });
  expect(join.ok).toBe(true);
  payloads.push(JSON.stringify(join));
  return { socket, changed, payloads };
}

describe('consent scope per sector (LB7)', () => {
  it('[LB7] consent for school, health visitor and social worker: covered members see and edit the identity; daycare member, daycare chair and guest neither see nor set it', async () => {
    const kase = await namedCase();
    for (const who of ['school', 'nurse', 'chair']) {
      const p = await privacy(who, kase.id);
      expect(p.identityAllowed, who).toBe(true);
      expect(p.identityWithheld, who).toBeNull();
      expect(p.identity, who).toEqual(identity);
    }
    expect((await putIdentity('nurse', kase.id)).status).toBe(204);
    expect((await putIdentity('chair', kase.id, identity)).status).toBe(204);

    for (const [who, reason] of [['daycare', 'sector'], ['daychair', 'sector'], ['guest', 'guest']] as const) {
      const p = await privacy(who, kase.id);
      expect(p.identityAllowed, who).toBe(false);
      expect(p.identityWithheld, who).toBe(reason);
      expect(p.identity, who).toBeNull();
      expect(JSON.stringify(p), who).not.toContain(NAME);
      expect(JSON.stringify(p), who).not.toContain(CPR);
      // The consent itself (who gave it, which sectors) stays visible: it explains why the fields are not.
      expect(p.basis.consent?.sectors, who).toEqual(COVERED);
    }
    const daycare = await putIdentity('daycare', kase.id);
    expect(daycare.status).toBe(403);
    expect(daycare.body.error).toBe('consent_does_not_cover_sector');
    const daychair = await putIdentity('daychair', kase.id);
    expect(daychair.status).toBe(403);
    expect(daychair.body.error).toBe('consent_does_not_cover_sector');
    expect((await putIdentity('guest', kase.id)).status).toBe(403);
    expect((await stored(kase.id)).childName).toBe(NAME);

    // Withheld reads and refused writes are on the record as DENIED; granted reads as READ purpose identity.
    expect((await denials(kase.id, forum.users.daycare!.id)).map((d) => d.criterion).sort()).toEqual(['case:identity', 'case:identity:write']);
    expect((await denials(kase.id, forum.users.guest!.id)).map((d) => d.criterion).sort()).toEqual(['case:identity', 'case:identity:write']);
    const reads = await server.db.prisma.auditEntry.count({ where: { caseId: kase.id, userId: forum.users.nurse!.id, action: 'READ', purpose: 'identity' } });
    expect(reads).toBe(1);
  });

  it('[LB7] no other channel shows the identity to the daycare member or the guest: case, case list, overview, meetings, minutes, tasks, notifications, calendar, versions, socket', async () => {
    const kase = await namedCase();
    await createFollowUp(server.db.prisma, { id: kase.id, forumId: forum.forumId }, { dueDate: dayFromToday(7), responsibleUserId: forum.users.daycare!.id });
    const meeting = (await api.chair!.send<MeetingSummary>('POST', `/api/forums/${forum.forumId}/meetings`, { startsAt: `${dayFromToday(3)}T09:00:00+01:00` })).body;
    expect((await api.chair!.send('POST', `/api/meetings/${meeting.id}/agenda`, { caseId: kase.id })).status).toBe(204);

    for (const who of ['daycare', 'guest']) {
      const { payloads } = await watchForum(who);
      // Something about the case changes while they watch: only the reference-free push arrives.
      expect((await putIdentity('school', kase.id, identity)).status).toBe(204);
      const paths = [
        `/api/cases/${kase.id}`,
        `/api/cases/${kase.id}/privacy`,
        `/api/forums/${forum.forumId}/cases`,
        `/api/forums/${forum.forumId}/overview`,
        `/api/forums/${forum.forumId}/meetings`,
        `/api/meetings/${meeting.id}`,
        '/api/me/tasks',
        '/api/notifications',
        '/api/me/calendar.ics',
        // VR2/VR3: guests are refused these (404) whatever the basis.
        `/api/cases/${kase.id}/versions`,
        `/api/cases/${kase.id}/changes`,
      ];
      for (const path of paths) {
        const res = await fetch(`${server.url}${path}`, { headers: { cookie: api[who]!.cookie } });
        expect(res.status, `${who} ${path}`).toBe(who === 'guest' && path.includes('/api/cases/') && /versions|changes/.test(path) ? 404 : 200);
        const text = await res.text();
        for (const secret of [NAME, CPR, ADDRESS, PARENTS]) expect(text, `${who} ${path}`).not.toContain(secret);
      }
      await eventually(() => expect(payloads.some((p) => p.includes(kase.id))).toBe(true));
      for (const p of payloads) for (const secret of [NAME, CPR, ADDRESS, PARENTS]) expect(p).not.toContain(secret);
    }

    // The minutes (MN5: never the identity, for anyone).
    expect((await api.chair!.send('POST', `/api/meetings/${meeting.id}/start`)).status).toBe(204);
    const item = (await api.chair!.get<MeetingDetail>(`/api/meetings/${meeting.id}`)).body.agenda[0]!;
    expect((await api.chair!.send('POST', `/api/meetings/${meeting.id}/items/${item.id}/conclude`, { level: 2, sosScale: 7, followUp: null, noFollowUpReason: 'ingen bekymring nu' })).status).toBe(204);
    expect((await api.chair!.send('POST', `/api/meetings/${meeting.id}/close`)).status).toBe(204);
    for (const who of ['daycare', 'guest']) {
      const res = await fetch(`${server.url}/api/meetings/${meeting.id}/minutes.pdf`, { headers: { cookie: api[who]!.cookie } });
      expect(res.status, who).toBe(200);
      const text = pdfText(Buffer.from(await res.arrayBuffer()));
      expect(text).toContain(kase.reference);
      for (const secret of [NAME, CPR, ADDRESS, PARENTS]) expect(text, who).not.toContain(secret);
    }
  });

  it('[LB7][IN1] the access request: a chair outside the consent gets it without the identity (JSON and PDF, DENIED on the record); a covered chair and the administrator get it whole', async () => {
    const kase = await namedCase();
    const outside = await api.daychair!.get<AccessRequestExport>(`/api/cases/${kase.id}/access-request`);
    expect(outside.status).toBe(200);
    expect(outside.body.case).toMatchObject({ childName: null, childCpr: null, childAddress: null, parentNames: null, identityWithheld: true });
    for (const secret of [NAME, CPR, ADDRESS, PARENTS]) expect(JSON.stringify(outside.body)).not.toContain(secret);
    const pdfRes = await fetch(`${server.url}/api/cases/${kase.id}/access-request?format=pdf`, { headers: { cookie: api.daychair!.cookie } });
    const text = pdfText(Buffer.from(await pdfRes.arrayBuffer()));
    expect(text).toContain('Udeladt');
    for (const secret of [NAME, CPR]) expect(text).not.toContain(secret);
    expect((await denials(kase.id, forum.users.daychair!.id)).map((d) => d.criterion)).toEqual(['case:identity:export', 'case:identity:export']);

    const covered = await api.chair!.get<AccessRequestExport>(`/api/cases/${kase.id}/access-request`);
    expect(covered.body.case).toMatchObject({ ...identity, identityWithheld: false });
    const byAdmin = await admin.get<AccessRequestExport>(`/api/cases/${kase.id}/access-request`);
    expect(byAdmin.body.case).toMatchObject({ ...identity, identityWithheld: false });
  });

  it('[LB7][LB3] an expired consent, and one not yet given, name the child to no one, covered sectors included', async () => {
    for (const dates of [{ givenOn: dayFromToday(-400), validUntil: dayFromToday(-1) }, { givenOn: dayFromToday(2), validUntil: dayFromToday(300) }]) {
      const kase = await newCase();
      await server.db.prisma.case.update({ where: { id: kase.id }, data: { ...identity, anonymous: false } });
      expect((await api.chair!.send('POST', `/api/cases/${kase.id}/basis`, consent(dates))).status).toBe(204);
      for (const who of ['school', 'chair', 'daycare']) {
        const p = await privacy(who, kase.id);
        expect(p.identity, who).toBeNull();
        expect(p.identityWithheld, who).toBe('basis');
        expect(p.basis.consent?.valid).toBe(false);
      }
      const res = await putIdentity('school', kase.id);
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('basis_does_not_allow_identity');
      expect((await api.chair!.get<AccessRequestExport>(`/api/cases/${kase.id}/access-request`)).body.case.childName).toBeNull();
      // The data subject is still owed what is stored (IN1): the administrator's export has it.
      expect((await admin.get<AccessRequestExport>(`/api/cases/${kase.id}/access-request`)).body.case.childName).toBe(NAME);
    }
  });

  it('[LB7] an anonymous case names the child to no one; under the statutory SSD exchange every member may, but a guest never', async () => {
    const kase = await newCase();
    await server.db.prisma.case.update({ where: { id: kase.id }, data: { childName: NAME, childCpr: CPR } }); // written behind the rules
    for (const who of ['school', 'chair', 'daycare', 'guest']) {
      const p = await privacy(who, kase.id);
      expect(p.identity, who).toBeNull();
      expect(p.identityWithheld, who).toBe('basis');
    }
    expect((await putIdentity('chair', kase.id)).status).toBe(409);

    const ssd = await newCase();
    expect((await api.chair!.send('POST', `/api/cases/${ssd.id}/basis`, { kind: 'SSD_EXCHANGE' })).status).toBe(204);
    expect((await putIdentity('daycare', ssd.id, identity)).status).toBe(204);
    for (const who of ['school', 'nurse', 'daycare', 'daychair']) expect((await privacy(who, ssd.id)).identity, who).toEqual(identity);
    const guest = await privacy('guest', ssd.id);
    expect(guest.identity).toBeNull();
    expect(guest.identityWithheld).toBe('guest');
    expect((await putIdentity('guest', ssd.id)).status).toBe(403);
  });
});

describe('withdrawal and narrowing at once (LB8)', () => {
  it('[LB8] a withdrawn consent refuses the very next request, and open pages get case:changed', async () => {
    const kase = await namedCase();
    const watcher = await watchForum('school');
    expect((await privacy('school', kase.id)).identity).toEqual(identity);
    expect((await api.chair!.send('POST', `/api/cases/${kase.id}/consent/withdraw`, { withdrawnOn: todayInCopenhagen() })).status).toBe(204);
    // No waiting for a job: the next request is refused.
    const p = await privacy('school', kase.id);
    expect(p.identity).toBeNull();
    expect(p.identityWithheld).toBe('basis');
    expect((await putIdentity('school', kase.id)).status).toBe(409);
    expect((await api.chair!.get<AccessRequestExport>(`/api/cases/${kase.id}/access-request`)).body.case.childName).toBeNull();
    await eventually(() => expect(watcher.changed).toContain(kase.id));
  });

  it('[LB8] narrowing the consent to the social worker refuses school and health visitor at once; their pages are told', async () => {
    const kase = await namedCase();
    const school = await watchForum('school');
    const nurse = await watchForum('nurse');
    expect((await api.chair!.send('POST', `/api/cases/${kase.id}/basis`, consent({ sectors: ['SOCIAL'] }))).status).toBe(204);
    for (const who of ['school', 'nurse']) {
      const p = await privacy(who, kase.id);
      expect(p.identity, who).toBeNull();
      expect(p.identityWithheld, who).toBe('sector');
      expect((await putIdentity(who, kase.id)).status, who).toBe(403);
    }
    expect((await privacy('chair', kase.id)).identity).toEqual(identity);
    await eventually(() => {
      expect(school.changed).toContain(kase.id);
      expect(nurse.changed).toContain(kase.id);
    });
  });

  it('[LB8] a withdrawal is recorded when it happened: a date after today is refused and changes nothing', async () => {
    const kase = await namedCase();
    const res = await api.chair!.send<{ error: string }>('POST', `/api/cases/${kase.id}/consent/withdraw`, { withdrawnOn: dayFromToday(5) });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('withdrawal_in_future');
    expect((await privacy('school', kase.id)).identity).toEqual(identity);
  });
});
