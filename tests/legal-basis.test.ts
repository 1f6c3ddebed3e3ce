import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CasePrivacy, CaseSummary, MeetingDetail, MeetingSummary, NotificationView } from '../shared/api.js';
import { apiAs, type ApiClient } from './helpers/api.js';
import { createForum, type TestForum } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let ssd: TestForum;
let chair: ApiClient;
let school: ApiClient;

const consent = (over: Record<string, unknown> = {}) => ({
  givenBy: 'begge forældremyndighedsindehavere',
  scope: 'trivsel i skole og hjem',
  sectors: ['SKOLE', 'SOCIAL'],
  purpose: 'tidlig indsats',
  givenOn: '2026-11-01',
  validUntil: '2027-11-01',
  ...over,
});
const identity = { childName: 'Emil Testbarn', childCpr: '120315-1234', childAddress: 'Testvej 1', parentNames: 'Anna og Bo Testbarn' };

beforeAll(async () => {
  server = await startTestServer();
  ssd = await createForum(server.db.prisma, {
    chair: { sector: 'SOCIAL', role: 'CHAIR' },
    school: { sector: 'SKOLE', role: 'MEMBER' },
    daycare: { sector: 'DAGTILBUD', role: 'MEMBER' },
  });
  chair = await apiAs(server.url, server.origin, ssd.users.chair!.email);
  school = await apiAs(server.url, server.origin, ssd.users.school!.email);
});
afterAll(async () => {
  await server?.close();
});

async function newCase(): Promise<CaseSummary> {
  return (await school.send<CaseSummary>('POST', `/api/forums/${ssd.forumId}/cases`, { description: 'dreng, 9 år, 3. klasse' })).body;
}
const privacy = async (api: ApiClient, id: string) => (await api.get<CasePrivacy>(`/api/cases/${id}/privacy`)).body;

describe('legal basis', () => {
  it('[LB2] an anonymous case refuses identifying fields and CPR numbers in its description', async () => {
    const kase = await newCase();
    expect((await privacy(school, kase.id)).basis.kind).toBe('ANONYMOUS');
    const res = await school.send<{ error: string }>('PUT', `/api/cases/${kase.id}/identity`, identity);
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('basis_does_not_allow_identity');
    const cpr = await school.send('POST', `/api/forums/${ssd.forumId}/cases`, { description: 'dreng 120315-1234' });
    expect(cpr.status).toBe(400);
  });

  it('[LB1][LB3] with a valid consent the case can be named; the promotion is logged; one basis in force', async () => {
    const kase = await newCase();
    expect((await school.send('POST', `/api/cases/${kase.id}/basis`, { kind: 'CONSENT', consent: consent() })).status).toBe(403);
    expect((await chair.send('POST', `/api/cases/${kase.id}/basis`, { kind: 'CONSENT' })).status).toBe(400);
    expect((await chair.send('POST', `/api/cases/${kase.id}/basis`, { kind: 'CONSENT', consent: consent() })).status).toBe(204);
    expect((await school.send('PUT', `/api/cases/${kase.id}/identity`, identity)).status).toBe(204);
    const p = await privacy(school, kase.id);
    expect(p.identity).toEqual(identity);
    expect(p.basis.consent).toMatchObject({ valid: true, sectors: ['SKOLE', 'SOCIAL'] });
    const bases = await server.db.prisma.caseBasis.findMany({ where: { caseId: kase.id } });
    expect(bases.filter((b) => b.endedAt === null)).toHaveLength(1);
    const promoted = await server.db.prisma.auditEntry.findFirst({ where: { caseId: kase.id, purpose: 'promote-to-named' } });
    expect(promoted).toMatchObject({ action: 'UPDATE', userId: ssd.users.school!.id });
  });

  it('[LB4] an expired or withdrawn consent falls back to restricted view and the chair is notified', async () => {
    const kase = await newCase();
    await chair.send('POST', `/api/cases/${kase.id}/basis`, { kind: 'CONSENT', consent: consent() });
    await school.send('PUT', `/api/cases/${kase.id}/identity`, identity);
    expect((await chair.send('POST', `/api/cases/${kase.id}/consent/withdraw`, { withdrawnOn: '2026-11-20' })).status).toBe(204);
    const p = await privacy(school, kase.id);
    expect(p.identity).toBeNull();
    expect(p.identityAllowed).toBe(false);
    expect((await school.send('PUT', `/api/cases/${kase.id}/identity`, identity)).status).toBe(409);
    const notes = (await chair.get<NotificationView[]>('/api/notifications')).body;
    expect(notes.some((n) => n.kind === 'CONSENT_ENDED' && n.caseReference === kase.reference)).toBe(true);

    const expired = await newCase();
    await chair.send('POST', `/api/cases/${expired.id}/basis`, { kind: 'CONSENT', consent: consent({ givenOn: '2025-01-01', validUntil: '2025-12-31' }) });
    expect((await privacy(school, expired.id)).identity).toBeNull();
    await server.runJob('consent-expiry');
    const after = (await chair.get<NotificationView[]>('/api/notifications')).body;
    expect(after.some((n) => n.kind === 'CONSENT_ENDED' && n.caseReference === expired.reference)).toBe(true);
  });

  it('[LB5] SSP §115 is only a basis in SSP forums; there it shows the no-investigation notice', async () => {
    const kase = await newCase();
    const res = await chair.send<{ error: string }>('POST', `/api/cases/${kase.id}/basis`, { kind: 'SSP_115' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('basis_not_allowed_in_forum');
    const ssp = await createForum(server.db.prisma, { c: { sector: 'SOCIAL', role: 'CHAIR' } }, { type: 'SSP', municipalityId: ssd.municipalityId });
    const sspChair = await apiAs(server.url, server.origin, ssp.users.c!.email);
    const sspCase = (await sspChair.send<CaseSummary>('POST', `/api/forums/${ssp.forumId}/cases`, { description: 'dreng, 15 år' })).body;
    expect((await sspChair.send('POST', `/api/cases/${sspCase.id}/basis`, { kind: 'SSP_115' })).status).toBe(204);
    expect((await privacy(sspChair, sspCase.id)).sspNotice).toBe(true);
    // The SSD exchange is not SSP's basis.
    expect((await sspChair.send<{ error: string }>('POST', `/api/cases/${sspCase.id}/basis`, { kind: 'SSD_EXCHANGE' })).body.error).toBe('basis_not_allowed_in_forum');
  });

  it('[LB5] the SSD exchange is a basis in SSD and Trivselsforum 0-3 år, not in a district team; consent is one everywhere', async () => {
    expect((await chair.send('POST', `/api/cases/${(await newCase()).id}/basis`, { kind: 'SSD_EXCHANGE' })).status).toBe(204);
    for (const [type, expected] of [['TRIVSEL_0_3', 204], ['DISTRIKTSTEAM', 400]] as const) {
      const f = await createForum(server.db.prisma, { c: { sector: 'SOCIAL', role: 'CHAIR' } }, { type, municipalityId: ssd.municipalityId });
      const fChair = await apiAs(server.url, server.origin, f.users.c!.email);
      const kase = (await fChair.send<CaseSummary>('POST', `/api/forums/${f.forumId}/cases`, { description: 'pige, 2 år' })).body;
      expect((await fChair.send('POST', `/api/cases/${kase.id}/basis`, { kind: 'SSD_EXCHANGE' })).status, type).toBe(expected);
      const consent = {
        kind: 'CONSENT',
        consent: { givenBy: 'begge forældremyndighedsindehavere', scope: 'trivsel', sectors: ['SKOLE'], purpose: 'tidlig indsats', givenOn: '2026-11-01', validUntil: '2027-11-01' },
      };
      expect((await fChair.send('POST', `/api/cases/${kase.id}/basis`, consent)).status, `${type} consent`).toBe(204);
    }
  });

  it('[LB6] an SSD exchange without consent covers two meetings; a third is refused', async () => {
    const kase = await newCase();
    await chair.send('POST', `/api/cases/${kase.id}/basis`, { kind: 'SSD_EXCHANGE' });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const m = (await chair.send<MeetingSummary>('POST', `/api/forums/${ssd.forumId}/meetings`, { startsAt: `2026-12-0${i + 1}T09:00:00+01:00` })).body;
      statuses.push((await chair.send('POST', `/api/meetings/${m.id}/agenda`, { caseId: kase.id })).status);
    }
    expect(statuses).toEqual([204, 204, 409]);
    expect((await privacy(school, kase.id)).basis.ssdMeetingsUsed).toBe(2);
  });
});

describe('duty to report', () => {
  it('[RD1][RD2] at level 4 every participant is reminded (in words, with the level), absent members are not; each answers; the chair sees the answers', async () => {
    const kase = await newCase();
    const m = (await chair.send<MeetingSummary>('POST', `/api/forums/${ssd.forumId}/meetings`, { startsAt: '2026-12-10T09:00:00+01:00' })).body;
    await chair.send('POST', `/api/meetings/${m.id}/agenda`, { caseId: kase.id });
    expect((await chair.send('PUT', `/api/meetings/${m.id}/participants`, { userIds: [ssd.users.school!.id], guestLabels: [] })).status).toBe(204);
    await chair.send('POST', `/api/meetings/${m.id}/start`);
    const item = (await chair.get<MeetingDetail>(`/api/meetings/${m.id}`)).body.agenda[0]!;
    await chair.send('POST', `/api/meetings/${m.id}/items/${item.id}/conclude`, {
      level: 4, sosScale: 2, followUp: { dueDate: '2026-12-20', responsibleUserId: ssd.users.chair!.id },
    });
    const p = await privacy(school, kase.id);
    expect(p.reportDuty).toMatchObject({ required: true, threshold: 4, meetingId: m.id, myAnswer: null, answers: null });
    const notes = (await school.get<NotificationView[]>('/api/notifications')).body;
    expect(notes.filter((n) => n.kind === 'REPORT_DUTY' && n.caseReference === kase.reference).map((n) => n.level)).toEqual([4]);
    const absent = await apiAs(server.url, server.origin, ssd.users.daycare!.email);
    expect((await absent.get<NotificationView[]>('/api/notifications')).body.filter((n) => n.kind === 'REPORT_DUTY')).toEqual([]);
    expect((await school.send('POST', `/api/cases/${kase.id}/report-duty`, { meetingId: m.id, answer: 'NOT_RELEVANT' })).status).toBe(400);
    expect((await school.send('POST', `/api/cases/${kase.id}/report-duty`, { meetingId: m.id, answer: 'REPORTED' })).status).toBe(204);
    expect((await privacy(school, kase.id)).reportDuty.myAnswer).toMatchObject({ answer: 'REPORTED' });
    const forChair = (await privacy(chair, kase.id)).reportDuty;
    expect(forChair.answers).toEqual([expect.objectContaining({ userId: ssd.users.school!.id, answer: 'REPORTED' })]);
    await chair.send('POST', `/api/meetings/${m.id}/close`);
  });
});
