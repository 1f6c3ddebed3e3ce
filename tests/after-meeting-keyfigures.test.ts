import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyFigures } from '../shared/api.js';
import { addDays, addMonths, todayInCopenhagen } from '../server/features/tasks/dates.js';
import { login } from './helpers/clients.js';
import { assess, createAction, createCase, createFollowUp, createMeeting } from './helpers/domain-factories.js';
import { createForum, createOutsider, type TestForum } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let forum: TestForum;
const today = todayInCopenhagen();
const day = 86_400_000;
const references: string[] = [];
const caseIds: string[] = [];

const get = async (path: string, email: string) => {
  const cookie = await login(server.url, server.origin, email);
  const res = await fetch(`${server.url}${path}`, { headers: { cookie } });
  return { status: res.status, text: await res.text() };
};

beforeAll(async () => {
  server = await startTestServer();
  forum = await createForum(server.db.prisma, {
    chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Ahmed Nielsen' },
    member: { sector: 'SKOLE', role: 'MEMBER', name: 'Mette Skov' },
  });
  const db = server.db.prisma;
  const chair = forum.users.chair!.id;
  const meeting = await createMeeting(db, forum.forumId, { startsAt: new Date(Date.now() - 7 * day), status: 'CLOSED' });
  // The middle of last month, noon in Copenhagen: whole-day offsets never cross midnight, and the month is
  // always last month (T7 counts whole months).
  const created = new Date(`${addMonths(`${today.slice(0, 7)}-15`, -1)}T11:00:00.000Z`);
  // Six open cases on step 3, four on step 2, one closed case on step 5 (not counted).
  for (let i = 0; i < 10; i++) {
    const c = await createCase(db, forum.forumId, chair, { ladderStep: i < 6 ? 3 : 2, createdAt: created });
    references.push(c.reference);
    caseIds.push(c.id);
    // First action 2, 4, 6, ... days after creation: the six step-3 cases have actions, median of 2..12 = 7.
    if (i < 6) await createAction(db, c.id, { createdAt: new Date(created.getTime() + (i + 1) * 2 * day + 3_600_000) });
    // Later actions do not move the "first action".
    if (i < 6) await createAction(db, c.id, { createdAt: new Date(created.getTime() + 25 * day) });
    // Levels: six at level 4, four at level 2.
    await assess(db, { caseId: c.id, meetingId: meeting.id, level: i < 6 ? 4 : 2, recordedById: chair });
  }
  const closed = await createCase(db, forum.forumId, chair, { ladderStep: 5, status: 'CLOSED', createdAt: created, closedAt: new Date(Date.now() - 2 * day) });
  references.push(closed.reference);
  // Movements: six cases moved up (one of them from "no step"), two cases moved down.
  for (let i = 0; i < 6; i++) {
    await db.ladderChange.create({ data: { caseId: caseIds[i]!, fromStep: i === 0 ? null : 2, toStep: 3, at: new Date(Date.now() - 10 * day) } });
  }
  await db.ladderChange.create({ data: { caseId: caseIds[6]!, fromStep: 3, toStep: 2, at: new Date(Date.now() - 10 * day) } });
  await db.ladderChange.create({ data: { caseId: caseIds[7]!, fromStep: 3, toStep: 2, at: new Date(Date.now() - 10 * day) } });
  // Long ago: outside the default period.
  await db.ladderChange.create({ data: { caseId: caseIds[8]!, fromStep: 1, toStep: 2, at: new Date(Date.now() - 400 * day) } });
  // Follow-ups due in the period: 6 cases held on time, 2 held late, 2 missed, 1 cancelled (not counted), 1 not yet due.
  for (let i = 0; i < 10; i++) {
    const due = addDays(today, -5);
    const c = { id: caseIds[i]!, forumId: forum.forumId };
    if (i < 6) await createFollowUp(db, c, { dueDate: due, responsibleUserId: chair, status: 'HELD', heldAt: new Date(Date.now() - 6 * day) });
    else if (i < 8) await createFollowUp(db, c, { dueDate: due, responsibleUserId: chair, status: 'HELD', heldAt: new Date(Date.now() - 2 * day) });
    else await createFollowUp(db, c, { dueDate: due, responsibleUserId: chair });
  }
  await createFollowUp(db, { id: caseIds[0]!, forumId: forum.forumId }, { dueDate: addDays(today, -5), responsibleUserId: chair, status: 'CANCELLED' });
  await createFollowUp(db, { id: caseIds[0]!, forumId: forum.forumId }, { dueDate: addDays(today, 20), responsibleUserId: chair });
});
afterAll(async () => {
  await server?.close();
});

describe('key figures', () => {
  it('[T7] counts of 1-4 children are suppressed, 0 and 5+ are shown, derived figures follow their base (KF5)', async () => {
    const { status, text } = await get(`/api/forums/${forum.forumId}/keyfigures`, forum.users.chair!.email);
    expect(status).toBe(200);
    const k = JSON.parse(text) as KeyFigures;
    expect(k.forum).toEqual({ id: forum.forumId, name: 'SSD Test' });
    expect(k.period).toEqual({ from: addMonths(today, -12), to: today });
    const shown = (value: number) => ({ value, suppressed: false });
    const hidden = { value: null, suppressed: true };
    // Four on step 2 are hidden, and so are the six on step 3: beside the 10 open cases they would give the four away.
    expect(k.casesOnLadderStep).toEqual({ '0': shown(0), '1': shown(0), '2': hidden, '3': hidden, '4': shown(0), '5': shown(0) });
    expect(k.movements).toEqual({ up: shown(6), down: hidden });
    // Median of the six first actions (2-12 days); counted are the 11 cases created in the period (KF3).
    expect(k.daysToFirstAction).toEqual({ median: 7, cases: shown(11) });
    // 6 of 10 due follow-ups were held on time (the cancelled and the future one do not count).
    expect(k.followUpsOnTime).toEqual({ share: 0.6, held: shown(6) });
    expect(k.levelDistribution).toEqual({ '1': shown(0), '2': hidden, '3': shown(0), '4': hidden, '5': shown(0) });
    expect(k.monthly).toHaveLength(13);
    const thisMonth = today.slice(0, 7);
    expect(k.monthly.at(-1)!.month).toBe(thisMonth);
    expect(k.monthly.at(-1)!.openCases).toEqual(shown(10));
    expect(k.monthly[0]!.newCases).toEqual(shown(0));
    expect(k.monthly.reduce((n, m) => n + (m.newCases.value ?? 0), 0)).toBe(11);

    // Aggregates only: no case id or reference anywhere.
    for (const ref of references) expect(text).not.toContain(ref);
    for (const id of caseIds) expect(text).not.toContain(id);
  });

  it('[T7] with four children on a step the figure is suppressed, with six it is shown', async () => {
    const db = server.db.prisma;
    // A municipality of its own, so that the other forum's figures do not enter its lines.
    const f = await createForum(db, { chair: { sector: 'SOCIAL', role: 'CHAIR' } });
    for (let i = 0; i < 4; i++) await createCase(db, f.forumId, f.users.chair!.id, { ladderStep: 1 });
    const four = JSON.parse((await get(`/api/forums/${f.forumId}/keyfigures`, f.users.chair!.email)).text) as KeyFigures;
    expect(four.casesOnLadderStep['1']).toEqual({ value: null, suppressed: true });
    expect(four.daysToFirstAction).toEqual({ median: null, cases: { value: 0, suppressed: false } });
    expect(four.followUpsOnTime).toEqual({ share: null, held: { value: 0, suppressed: false } });
    for (let i = 0; i < 2; i++) await createCase(db, f.forumId, f.users.chair!.id, { ladderStep: 1 });
    const six = JSON.parse((await get(`/api/forums/${f.forumId}/keyfigures`, f.users.chair!.email)).text) as KeyFigures;
    expect(six.casesOnLadderStep['1']).toEqual({ value: 6, suppressed: false });
  });

  it('[T7] a period can be chosen; a bad one is 400', async () => {
    // This month only: the cases were created last month.
    const from = `${today.slice(0, 7)}-01`;
    const { text } = await get(`/api/forums/${forum.forumId}/keyfigures?from=${from}&to=${today}`, forum.users.chair!.email);
    const k = JSON.parse(text) as KeyFigures;
    expect(k.period).toEqual({ from, to: today });
    // The cases were created last month: before this period.
    expect(k.daysToFirstAction.cases).toEqual({ value: 0, suppressed: false });
    expect(k.monthly.reduce((n, m) => n + (m.newCases.value ?? 0), 0)).toBe(0);
    const bad = await get(`/api/forums/${forum.forumId}/keyfigures?from=${addDays(today, 1)}&to=${today}`, forum.users.chair!.email);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toEqual({ error: 'invalid_input', fields: ['from'] });
    const junk = await get(`/api/forums/${forum.forumId}/keyfigures?from=2026-13-01`, forum.users.chair!.email);
    expect(junk.status).toBe(400);
  });

  it('[T8] only the forum chair reads key figures; members, outsiders and unknown forums get 404', async () => {
    expect((await get(`/api/forums/${forum.forumId}/keyfigures`, forum.users.member!.email)).status).toBe(404);
    const outsider = await createOutsider(server.db.prisma, forum.municipalityId);
    expect((await get(`/api/forums/${forum.forumId}/keyfigures`, outsider.email)).status).toBe(404);
    expect((await get('/api/forums/nope/keyfigures', forum.users.chair!.email)).status).toBe(404);
    expect((await fetch(`${server.url}/api/forums/${forum.forumId}/keyfigures`)).status).toBe(401);
  });
});
