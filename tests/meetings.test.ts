import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, CaseSummary, MeetingDetail, MeetingSummary } from '../shared/api.js';
import { apiAs, type ApiClient } from './helpers/api.js';
import { addAgendaItem, assess, createCase, createMeeting } from './helpers/domain-factories.js';
import { createForum, createOutsider, type TestForum } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let forum: TestForum;
let chair: ApiClient;
let school: ApiClient;
let guest: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  forum = await createForum(server.db.prisma, {
    chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Ahmed Nielsen' },
    school: { sector: 'SKOLE', role: 'MEMBER', name: 'Mette Skov' },
    guest: { sector: 'ANDET', role: 'GUEST' },
  });
  chair = await apiAs(server.url, server.origin, forum.users.chair!.email);
  school = await apiAs(server.url, server.origin, forum.users.school!.email);
  guest = await apiAs(server.url, server.origin, forum.users.guest!.email);
});
afterAll(async () => {
  await server?.close();
});

async function newCase(description = 'dreng, 4 år, dagtilbud') {
  const res = await school.send<CaseSummary>('POST', `/api/forums/${forum.forumId}/cases`, { description });
  expect(res.status).toBe(201);
  return res.body;
}

async function newMeeting() {
  const res = await chair.send<MeetingSummary>('POST', `/api/forums/${forum.forumId}/meetings`, {
    startsAt: '2026-11-24T09:00:00+01:00',
    place: 'Nordskolen, mødelokale 2',
  });
  expect(res.status).toBe(201);
  return res.body;
}

describe('cases', () => {
  it('[CS1] a member creates an anonymous case with an opaque id and a short reference; a guest cannot', async () => {
    const kase = await newCase();
    expect(kase).toMatchObject({ anonymous: true, description: 'dreng, 4 år, dagtilbud', status: 'OPEN', latestLevel: null });
    expect(kase.reference).toMatch(/^[2-9A-Z]{4}$/);
    expect(kase.id).not.toContain('dreng');
    expect((await guest.send('POST', `/api/forums/${forum.forumId}/cases`, { description: 'pige, 3 år' })).status).toBe(403);
    const list = await guest.get<CaseSummary[]>(`/api/forums/${forum.forumId}/cases`);
    expect(list.body.map((c) => c.id)).toContain(kase.id);
  });

  it('[CS2] a case of another forum is 404, the same as one that does not exist', async () => {
    const kase = await newCase();
    const outsider = await createOutsider(server.db.prisma, forum.municipalityId);
    const stranger = await apiAs(server.url, server.origin, outsider.email);
    expect((await stranger.get(`/api/cases/${kase.id}`)).status).toBe(404);
    expect((await stranger.get(`/api/cases/does-not-exist`)).status).toBe(404);
    expect((await stranger.get(`/api/forums/${forum.forumId}/cases`)).status).toBe(404);
    expect((await school.get(`/api/cases/${kase.id}`)).status).toBe(200);
  });
});

describe('agenda and the live meeting', () => {
  it('[MT1] only the chair builds the agenda; cases of other forums cannot be added', async () => {
    const meeting = await newMeeting();
    const kase = await newCase();
    expect((await school.send('POST', `/api/meetings/${meeting.id}/agenda`, { caseId: kase.id })).status).toBe(403);
    expect((await chair.send('POST', `/api/meetings/${meeting.id}/agenda`, { caseId: kase.id, timeboxMinutes: 20 })).status).toBe(204);
    expect((await chair.send('POST', `/api/meetings/${meeting.id}/agenda`, { caseId: kase.id })).status).toBe(409);
    const other = await createForum(server.db.prisma, { x: { sector: 'SKOLE', role: 'MEMBER' } }, { municipalityId: forum.municipalityId });
    const foreignDoc = await server.db.prisma.document.create({ data: { forumId: other.forumId, title: 'x', docName: 'foreign-case-doc1' } });
    const foreign = await server.db.prisma.case.create({
      data: { forumId: other.forumId, reference: 'ZZZZ', description: 'x', documentId: foreignDoc.id, createdById: other.users.x!.id },
    });
    expect((await chair.send('POST', `/api/meetings/${meeting.id}/agenda`, { caseId: foreign.id })).status).toBe(400);
    const detail = (await school.get<MeetingDetail>(`/api/meetings/${meeting.id}`)).body;
    expect(detail.agenda.map((a) => [a.case.reference, a.timeboxMinutes])).toEqual([[kase.reference, 20]]);
    expect(detail.isChair).toBe(false);
  });

  it('[MT2][MT3][FU1][FU2] a case cannot leave the agenda without levels and a follow-up date or a reason', async () => {
    const meeting = await newMeeting();
    const a = await newCase('pige, 7 år, 1. klasse');
    const b = await newCase('dreng, 2 år, vuggestue');
    await chair.send('POST', `/api/meetings/${meeting.id}/agenda`, { caseId: a.id });
    await chair.send('POST', `/api/meetings/${meeting.id}/agenda`, { caseId: b.id });
    expect((await school.send('POST', `/api/meetings/${meeting.id}/start`)).status).toBe(403);
    expect((await chair.send('POST', `/api/meetings/${meeting.id}/start`)).status).toBe(204);
    let detail = (await chair.get<MeetingDetail>(`/api/meetings/${meeting.id}`)).body;
    const [itemA, itemB] = detail.agenda;
    expect(detail.status).toBe('RUNNING');
    expect(detail.currentItemId).toBe(itemA!.id);

    const next = await chair.send<{ error: string; itemId: string }>('POST', `/api/meetings/${meeting.id}/current`, { itemId: itemB!.id });
    expect(next.status).toBe(409);
    expect(next.body).toEqual({ error: 'case_not_concluded', itemId: itemA!.id });

    // Neither a follow-up nor a reason: refused by the schema.
    const bare = await chair.send('POST', `/api/meetings/${meeting.id}/items/${itemA!.id}/conclude`, { level: 3, sosScale: 4, followUp: null });
    expect(bare.status).toBe(400);
    const badLevel = await chair.send('POST', `/api/meetings/${meeting.id}/items/${itemA!.id}/conclude`, {
      level: 6, sosScale: 11, followUp: { dueDate: '2026-02-30', responsibleUserId: forum.users.school!.id },
    });
    expect(badLevel.status).toBe(400);
    expect((badLevel.body as { fields: string[] }).fields.sort()).toEqual(['followUp.dueDate', 'level', 'sosScale']);

    const ok = await chair.send('POST', `/api/meetings/${meeting.id}/items/${itemA!.id}/conclude`, {
      level: 3, sosScale: 4, outcome: 'Skolen taler med forældrene.',
      followUp: { dueDate: '2026-12-15', responsibleUserId: forum.users.school!.id },
    });
    expect(ok.status).toBe(204);
    expect((await chair.send('POST', `/api/meetings/${meeting.id}/current`, { itemId: itemB!.id })).status).toBe(204);
    expect((await chair.send('POST', `/api/meetings/${meeting.id}/close`)).status).toBe(409);
    const none = await chair.send('POST', `/api/meetings/${meeting.id}/items/${itemB!.id}/conclude`, {
      level: 1, sosScale: 9, followUp: null, noFollowUpReason: 'Bekymringen er afklaret; sagen lukkes i dagtilbuddet.',
    });
    expect(none.status).toBe(204);
    expect((await chair.send('POST', `/api/meetings/${meeting.id}/close`)).status).toBe(204);

    detail = (await chair.get<MeetingDetail>(`/api/meetings/${meeting.id}`)).body;
    expect(detail.status).toBe('CLOSED');
    expect(detail.agenda.map((i) => i.concluded)).toEqual([true, true]);
    const caseA = (await school.get<CaseDetail>(`/api/cases/${a.id}`)).body;
    expect(caseA).toMatchObject({ latestLevel: 3, latestSosScale: 4, nextFollowUp: '2026-12-15' });
    expect(caseA.followUps).toEqual([
      expect.objectContaining({ dueDate: '2026-12-15', status: 'PLANNED', responsible: expect.objectContaining({ name: 'Mette Skov', sector: 'SKOLE' }) }),
    ]);
  });

  it('[MT2] only one meeting of a forum runs at a time', async () => {
    const first = await newMeeting();
    const second = await newMeeting();
    expect((await chair.send('POST', `/api/meetings/${first.id}/start`)).status).toBe(204);
    const res = await chair.send<{ error: string }>('POST', `/api/meetings/${second.id}/start`);
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('another_meeting_running');
    expect((await chair.send('POST', `/api/meetings/${first.id}/close`)).status).toBe(204);
  });

  it('[FU3] discussing a case at a later meeting marks its earlier follow-up as held', async () => {
    const kase = await newCase('pige, 10 år');
    for (const due of ['2026-12-01', '2027-01-10']) {
      const meeting = await newMeeting();
      await chair.send('POST', `/api/meetings/${meeting.id}/agenda`, { caseId: kase.id });
      await chair.send('POST', `/api/meetings/${meeting.id}/start`);
      const item = (await chair.get<MeetingDetail>(`/api/meetings/${meeting.id}`)).body.agenda[0]!;
      await chair.send('POST', `/api/meetings/${meeting.id}/items/${item.id}/conclude`, {
        level: 2, sosScale: 6, followUp: { dueDate: due, responsibleUserId: forum.users.chair!.id },
      });
      await chair.send('POST', `/api/meetings/${meeting.id}/close`);
    }
    const detail = (await school.get<CaseDetail>(`/api/cases/${kase.id}`)).body;
    expect(detail.followUps.map((f) => [f.dueDate, f.status])).toEqual([
      ['2026-12-01', 'HELD'],
      ['2027-01-10', 'PLANNED'],
    ]);
    expect(detail.assessments).toHaveLength(2);
  });

  it('[FU4] each agenda item carries the case\'s latest assessment at another meeting; the conclude dialog starts from it', async () => {
    const kase = await createCase(server.db.prisma, forum.forumId, forum.users.chair!.id);
    const earlier = await createMeeting(server.db.prisma, forum.forumId, { startsAt: new Date('2026-10-01T08:00:00Z'), status: 'CLOSED' });
    const older = await createMeeting(server.db.prisma, forum.forumId, { startsAt: new Date('2026-09-01T08:00:00Z'), status: 'CLOSED' });
    await assess(server.db.prisma, { caseId: kase.id, meetingId: older.id, level: 2, sosScale: 6, recordedById: forum.users.chair!.id, recordedAt: new Date('2026-09-01T09:00:00Z') });
    await assess(server.db.prisma, { caseId: kase.id, meetingId: earlier.id, level: 3, sosScale: 4, recordedById: forum.users.chair!.id, recordedAt: new Date('2026-10-01T09:00:00Z') });
    const next = await createMeeting(server.db.prisma, forum.forumId, { startsAt: new Date('2026-12-20T08:00:00Z') });
    await addAgendaItem(server.db.prisma, next.id, kase.id, 0);
    const detail = await chair.get<MeetingDetail>(`/api/meetings/${next.id}`);
    expect(detail.body.agenda[0]!.previous).toEqual({ level: 3, sosScale: 4, recordedAt: '2026-10-01T09:00:00.000Z' });
    // At the meeting that recorded it, "previous" is the one before.
    await addAgendaItem(server.db.prisma, earlier.id, kase.id, 0);
    const atEarlier = await chair.get<MeetingDetail>(`/api/meetings/${earlier.id}`);
    expect(atEarlier.body.agenda[0]).toMatchObject({ level: 3, sosScale: 4, previous: { level: 2, sosScale: 6 } });
  });
});
