/**
 * The family's version of the plan (docs/SPEC.md, FA1-FA4): only under a basis that names the child, read by the
 * members the identity rule lets see the child (LB7) and written and shared by the chair under the same rule;
 * prefilled from this case's action plan (never the professionals' notes, never another child), with a LIX figure
 * computed in shared/; saved by revision, shared with time and who, kept per meeting when the case is concluded,
 * every read audited; and as a PDF/A for the family. Set MINUTES_RENDER_DIR to also write the PDF and its pages as
 * PNG (tests/helpers/render-pdf.ts, pdftoppm) for looking at:
 *   MINUTES_RENDER_DIR=.scratch/family npx vitest run tests/family-plan.test.ts
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import * as Y from 'yjs';
import type { MeetingDetail } from '../shared/api.js';
import { CASE_DOC } from '../shared/caseDoc.js';
import { familyPlanProse, type FamilyPlanContent, type FamilyPlanVersionView, type FamilyPlanView } from '../shared/family.js';
import { LIX_AIM, lix, lixBand } from '../shared/lix.js';
import { readCaseContent } from '../server/features/cases/content.js';
import { addDays, todayInCopenhagen } from '../server/features/tasks/dates.js';
import { apiAs, type ApiClient } from './helpers/api.js';
import { connectWriter, entry, paragraph } from './helpers/case-document.js';
import { eventually, type TestProvider } from './helpers/clients.js';
import { createCase, createFollowUp, createMeeting } from './helpers/domain-factories.js';
import { createForum, createOutsider, type TestForum } from './helpers/factories.js';
import { pdfObjects, pdfText } from './helpers/pdf-text.js';
import { renderForInspection } from './helpers/render-pdf.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let forum: TestForum;
let elsewhere: TestForum;
const as: Record<string, ApiClient> = {};
const open: TestProvider[] = [];

const today = () => todayInCopenhagen();
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  server = await startTestServer();
  const db = server.db.prisma;
  forum = await createForum(db, {
    chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Sara Berg' },
    school: { sector: 'SKOLE', role: 'MEMBER', name: 'Mette Skov' },
    // Outside the consent's sectors (SOCIAL, SKOLE) below.
    nurse: { sector: 'SUNDHEDSPLEJE', role: 'MEMBER', name: 'Lone Holm' },
    guest: { sector: 'ANDET', role: 'GUEST', name: 'Gæst' },
    police: { sector: 'POLITI', role: 'MEMBER', name: 'Politi' },
  });
  elsewhere = await createForum(db, { other: { sector: 'SOCIAL', role: 'CHAIR', name: 'Anden Formand' } }, { municipalityId: forum.municipalityId });
  const lonely = await createOutsider(db, forum.municipalityId);
  for (const key of Object.keys(forum.users)) as[key] = await apiAs(server.url, server.origin, forum.users[key]!.email);
  as.stranger = await apiAs(server.url, server.origin, elsewhere.users.other!.email);
  as.outsider = await apiAs(server.url, server.origin, lonely.email);
});
afterAll(async () => {
  for (const p of open.splice(0)) p.destroy();
  await server?.close();
});

const writer = (docName: string, key: string): Promise<TestProvider> => connectWriter(server, forum.users[key]!.email, docName, open);

const consent = (sectors: string[]) => ({
  kind: 'CONSENT',
  consent: {
    givenBy: 'begge forældremyndighedsindehavere',
    scope: 'skolegang og trivsel',
    sectors,
    purpose: 'tidlig indsats',
    givenOn: addDays(today(), -10),
    validUntil: addDays(today(), 180),
  },
});

/** A case named under consent to SOCIAL and SKOLE, with the child's name set by the chair. */
async function namedCase(description = 'dreng, 7 år, skole i distrikt Nord') {
  const db = server.db.prisma;
  const kase = await createCase(db, forum.forumId, forum.users.chair!.id, { description });
  expect((await as.chair!.send('POST', `/api/cases/${kase.id}/basis`, consent(['SOCIAL', 'SKOLE']))).status).toBe(204);
  expect(
    (await as.chair!.send('PUT', `/api/cases/${kase.id}/identity`, { childName: 'Oliver Hansen', childCpr: null, childAddress: null, parentNames: 'Anne og Peter Hansen' })).status,
  ).toBe(204);
  const { docName } = await db.document.findUniqueOrThrow({ where: { id: kase.documentId }, select: { docName: true } });
  return { ...kase, docName };
}


const plan = (caseId: string) => `/api/cases/${caseId}/family/plan`;

/** Concludes the case at a meeting of the forum over HTTP (which keeps the case's version, VR1). */
async function conclude(caseId: string, meetingId: string, start = true) {
  const chair = as.chair!;
  if (start) {
    expect((await chair.send('POST', `/api/meetings/${meetingId}/agenda`, { caseId })).status).toBe(204);
    expect((await chair.send('POST', `/api/meetings/${meetingId}/start`)).status).toBe(204);
  }
  const item = (await chair.get<MeetingDetail>(`/api/meetings/${meetingId}`)).body.agenda.find((i) => i.case.id === caseId)!;
  const body = { level: 2, sosScale: 7, outcome: 'Skolen følger op.', followUp: { dueDate: addDays(today(), 30), responsibleUserId: forum.users.school!.id } };
  expect((await chair.send('POST', `/api/meetings/${meetingId}/items/${item.id}/conclude`, body)).status).toBe(204);
}

describe('LIX, the readability figure', () => {
  it('[FA3] LIX = words / sentences + 100 · long words (more than six letters) / words', () => {
    expect(LIX_AIM).toBe(35);
    // 8 words, 2 sentences, 2 long words (bekymrede, dårligt): 8/2 + 100·2/8 = 29.
    expect(lix('Vi er bekymrede for Oliver. Han sover dårligt.')).toEqual({ score: 29, words: 8, sentences: 2, longWords: 2 });
    // "Skolen" has six letters: not long. A line without a full stop is a sentence of its own.
    expect(lix('Skolen ringer til jer\nVi ses snart')).toEqual({ score: 3.5, words: 7, sentences: 2, longWords: 0 });
    // The ordinal full stop of a date and "kl." end no sentence; digits are short words.
    expect(lix('Vi mødes igen den 12. januar 2027 kl. 10.')).toMatchObject({ words: 9, sentences: 1, longWords: 0, score: 9 });
    // Questions and exclamations end sentences; a hyphenated word is one word ("Hvordan" has seven letters).
    expect(lix('Hvordan går det? Godt! Sundhedsplejersken kommer på hjemme-besøg.')).toMatchObject({ words: 8, sentences: 3, longWords: 3 });
    expect(lix('')).toEqual({ score: null, words: 0, sentences: 0, longWords: 0 });
    expect(lix('  \n – \n')).toMatchObject({ score: null });
    // Long official sentences read as hard.
    const official = 'Forvaltningen iværksætter en børnefaglig undersøgelse med henblik på afdækning af barnets ressourcer og udfordringer.';
    expect(lix(official).score!).toBeGreaterThan(55);
    expect(lixBand(lix(official).score!)).toBe('veryHard');
    expect([lixBand(20), lixBand(29), lixBand(35), lixBand(44.9), lixBand(50)]).toEqual(['veryEasy', 'easy', 'average', 'average', 'hard']);
    // What counts: the plan's sentences, never names, roles or phone numbers.
    const content: FamilyPlanContent = {
      worries: 'Vi er bekymrede.',
      goingWell: 'Det går godt i skolen.',
      steps: [{ id: 's1', who: 'Sundhedsplejerske Lone Holm', what: 'Lone kommer på besøg.', dueDate: null }],
      nextMeeting: 'Vi ses igen i januar.',
      contacts: [{ id: 'c1', name: 'Socialrådgiver Sara Berg', role: 'Socialrådgivning', phone: '12 34 56 78' }],
    };
    expect(familyPlanProse(content)).not.toContain('Socialrådgiver');
    expect(familyPlanProse(content)).not.toContain('Lone Holm');
  });
});

describe('the family\'s version of the plan', () => {
  it('[FA1][LB7][LB8] read by the members the consent covers and the chair; a member outside it, a guest, police outside SSP, another forum and an anonymous case are refused in the identity rule\'s way, each refusal audited', async () => {
    const db = server.db.prisma;
    const kase = await namedCase();
    const chair = await as.chair!.get<FamilyPlanView>(plan(kase.id));
    expect(chair.status).toBe(200);
    expect(chair.body).toMatchObject({ caseId: kase.id, childName: 'Oliver Hansen', canEdit: true, saved: null, shared: null });
    const school = await as.school!.get<FamilyPlanView>(plan(kase.id));
    expect(school.status).toBe(200);
    expect(school.body.canEdit).toBe(false);

    expect(await as.nurse!.get(plan(kase.id))).toEqual({ status: 403, body: { error: 'consent_does_not_cover_sector' } });
    expect(await as.guest!.get(plan(kase.id))).toEqual({ status: 403, body: { error: 'forbidden' } });
    for (const other of [as.police!, as.stranger!, as.outsider!]) expect(await other.get(plan(kase.id))).toEqual({ status: 404, body: { error: 'not_found' } });
    expect((await as.chair!.get(plan('no-such-case'))).status).toBe(404);
    expect((await as.chair!.get('/api/cases/bad%20id/family/plan')).status).toBe(400);
    // Only the chair writes and shares it.
    const content = chair.body.content;
    expect(await as.school!.send('PUT', plan(kase.id), { content, revision: null })).toEqual({ status: 403, body: { error: 'forbidden' } });
    expect(await as.nurse!.send('PUT', plan(kase.id), { content, revision: null })).toEqual({ status: 403, body: { error: 'consent_does_not_cover_sector' } });
    expect((await as.stranger!.send('PUT', plan(kase.id), { content, revision: null })).status).toBe(404);
    expect((await as.school!.send('POST', `${plan(kase.id)}/share`, { revision: 1 })).status).toBe(403);
    for (const who of [as.nurse!, as.guest!, as.stranger!]) expect([403, 404]).toContain((await fetch(`${server.url}${plan(kase.id)}.pdf`, { headers: { cookie: who.cookie } })).status);

    // An anonymous case has no family version.
    const anonymous = await createCase(db, forum.forumId, forum.users.chair!.id);
    expect(await as.chair!.get(plan(anonymous.id))).toEqual({ status: 409, body: { error: 'basis_does_not_allow_identity' } });

    // LB8: the consent withdrawn today refuses the next request.
    expect((await as.chair!.send('POST', `/api/cases/${kase.id}/consent/withdraw`, { withdrawnOn: today() })).status).toBe(204);
    expect(await as.chair!.get(plan(kase.id))).toEqual({ status: 409, body: { error: 'basis_does_not_allow_identity' } });
    expect((await as.school!.get(plan(kase.id))).status).toBe(409);

    const trail = await db.auditEntry.findMany({ where: { caseId: kase.id }, orderBy: { id: 'asc' } });
    expect(trail.filter((e) => e.action === 'READ' && e.purpose === 'family-plan').map((e) => e.userId)).toEqual([forum.users.chair!.id, forum.users.school!.id]);
    const denied = trail.filter((e) => e.action === 'DENIED').map((e) => [e.userId, e.criterion]);
    expect(denied).toEqual(
      expect.arrayContaining([
        [forum.users.nurse!.id, 'family-plan'],
        [forum.users.guest!.id, 'family-plan'],
        [forum.users.police!.id, 'family-plan'],
        [elsewhere.users.other!.id, 'family-plan'],
        [forum.users.school!.id, 'family-plan:write'],
        [forum.users.nurse!.id, 'family-plan:write'],
        [forum.users.nurse!.id, 'family-plan:export'],
        [forum.users.chair!.id, 'family-plan'],
      ]),
    );
  });

  it('[FA3] the first draft comes from this case\'s action plan, next meeting and follow-up: never the concern note, the SoS notes nor another child\'s case', async () => {
    const db = server.db.prisma;
    const kase = await namedCase();
    const other = await namedCase('pige, 9 år');
    const s = await writer(kase.docName, 'school');
    s.doc.transact(() => {
      s.doc.getXmlFragment(CASE_DOC.concern).push([paragraph('INTERN NOTE: far har været voldelig over for lærer.')]);
      const worries = new Y.Array<Y.Map<unknown>>();
      s.doc.getMap<unknown>(CASE_DOC.sos).set('worries', worries);
      worries.push([entry({ text: 'INTERN SOS: fravær 30 %' })]);
      s.doc.getArray(CASE_DOC.actions).push([
        entry({ title: 'Samtale med Oliver om frikvarteret', responsibleUserId: forum.users.school!.id, ladderStep: 0, dueDate: addDays(today(), 14), status: 'PLANNED' }),
        entry({ title: 'Hjemmebesøg', responsibleUserId: forum.users.chair!.id, ladderStep: 2, dueDate: null, status: 'IN_PROGRESS' }),
        entry({ title: 'Gammel opgave', responsibleUserId: forum.users.school!.id, ladderStep: 0, dueDate: addDays(today(), -30), status: 'DONE' }),
      ]);
    });
    const o = await writer(other.docName, 'school');
    o.doc.getArray(CASE_DOC.actions).push([entry({ title: 'ANDET BARN: møde med mor', responsibleUserId: forum.users.school!.id, status: 'PLANNED' })]);
    await eventually(async () => expect((await readCaseContent(db, kase.documentId, forum.forumId)).actions).toHaveLength(3));
    await eventually(async () => expect((await readCaseContent(db, other.documentId, forum.forumId)).actions).toHaveLength(1));
    const next = await createMeeting(db, forum.forumId, { startsAt: new Date('2030-01-15T09:00:00Z'), place: 'Rådhuset, mødelokale 2' });
    await db.agendaItem.create({ data: { meetingId: next.id, caseId: kase.id, position: 0 } });
    await createFollowUp(db, kase, { dueDate: addDays(today(), 40), responsibleUserId: forum.users.school!.id });

    const view = (await as.chair!.get<FamilyPlanView>(plan(kase.id))).body;
    expect(view.saved).toBeNull();
    expect(view.content.worries).toBe('');
    expect(view.content.goingWell).toBe('');
    expect(view.content.steps.map((st) => [st.what, st.who, st.dueDate])).toEqual([
      ['Samtale med Oliver om frikvarteret', 'Mette Skov (Skole)', addDays(today(), 14)],
      ['Hjemmebesøg', 'Sara Berg (Socialrådgivning)', null],
    ]);
    expect(view.content.nextMeeting).toBe('Vi mødes igen tirsdag den 15. januar 2030 kl. 10.00. Mødet er i Rådhuset, mødelokale 2.');
    expect(view.content.contacts.map((c) => [c.name, c.role, c.phone])).toEqual([
      ['Mette Skov', 'Skole'],
      ['Sara Berg', 'Socialrådgivning'],
    ].map((c) => [...c, '']));
    // Whoever reads the draft, its contacts are the follow-up's responsible and the chair.
    expect((await as.school!.get<FamilyPlanView>(plan(kase.id))).body.content.contacts).toEqual(view.content.contacts);
    const everything = JSON.stringify(view);
    expect(everything).not.toContain('INTERN');
    expect(everything).not.toContain('ANDET BARN');
    expect(everything).not.toContain('pige, 9 år');
  });

  it('[FA1][FA3][FA4] the chair saves by revision (a stale one is 409), shares exactly what was saved with time and who, and an edit after sharing shows as changed; CPR numbers and closed cases are refused', async () => {
    const db = server.db.prisma;
    const kase = await namedCase();
    const draft = (await as.chair!.get<FamilyPlanView>(plan(kase.id))).body.content;
    const content: FamilyPlanContent = {
      ...draft,
      worries: 'Vi er bekymrede, fordi Oliver er meget træt i skolen.',
      goingWell: 'Oliver har gode venner. Han er glad for fodbold.',
      steps: [{ id: 's1', who: 'Mette Skov (Skole)', what: 'Mette taler med Oliver hver fredag.', dueDate: addDays(today(), 14) }],
      contacts: [{ id: 'c1', name: 'Sara Berg', role: 'Socialrådgiver', phone: '+45 12 34 56 78' }],
    };
    const first = await as.chair!.send<FamilyPlanView>('PUT', plan(kase.id), { content, revision: null });
    expect(first.status).toBe(200);
    expect(first.body.saved).toMatchObject({ revision: 1, by: { userId: forum.users.chair!.id, name: 'Sara Berg' } });
    expect(first.body.content).toEqual(content);
    expect(first.body.shared).toBeNull();
    expect(await as.chair!.send('PUT', plan(kase.id), { content, revision: null })).toEqual({ status: 409, body: { error: 'stale_revision' } });
    expect(await as.chair!.send('POST', `${plan(kase.id)}/share`, { revision: 2 })).toEqual({ status: 409, body: { error: 'stale_revision' } });

    const before = Date.now();
    const shared = await as.chair!.send<FamilyPlanView>('POST', `${plan(kase.id)}/share`, { revision: 1 });
    expect(shared.status).toBe(200);
    expect(shared.body.shared).toMatchObject({ revision: 1, by: { userId: forum.users.chair!.id, name: 'Sara Berg' }, content });
    expect(Date.parse(shared.body.shared!.at)).toBeGreaterThanOrEqual(before - 1000);
    expect(shared.body.changedSinceShared).toBe(false);

    const edited = await as.chair!.send<FamilyPlanView>('PUT', plan(kase.id), { content: { ...content, nextMeeting: 'Vi ses igen i januar.' }, revision: 1 });
    expect(edited.body).toMatchObject({ saved: { revision: 2 }, changedSinceShared: true, shared: { revision: 1, content } });
    // A member who may read it sees what the chair wrote, and what the family has.
    const school = (await as.school!.get<FamilyPlanView>(plan(kase.id))).body;
    expect(school).toMatchObject({ content: { nextMeeting: 'Vi ses igen i januar.' }, shared: { revision: 1 }, canEdit: false });

    // LB2: no CPR number in the family's text; values are never echoed.
    const withCpr = await as.chair!.send('PUT', plan(kase.id), { content: { ...content, worries: 'Oliver 010190-1234' }, revision: 2 });
    expect(withCpr).toEqual({ status: 400, body: { error: 'invalid_input', fields: ['content.worries'] } });
    // H6 on these routes too (mounted before /api): a NUL in the body or the URL is 400, never a 500.
    expect(await as.chair!.send('PUT', plan(kase.id), { content: { ...content, goingWell: 'a\u0000b' }, revision: 2 })).toEqual({
      status: 400,
      body: { error: 'invalid_input', fields: ['content.goingWell'] },
    });
    expect(await as.chair!.get('/api/cases/%00/family/plan')).toEqual({ status: 400, body: { error: 'invalid_input', fields: ['url'] } });
    const badStep = await as.chair!.send('PUT', plan(kase.id), { content: { ...content, steps: [{ ...content.steps[0]!, dueDate: '2026-02-31' }], extra: 1 }, revision: 2 });
    expect(badStep.status).toBe(400);
    expect((await as.chair!.send('PUT', plan(kase.id), { content: { ...content, worries: 'x'.repeat(70_000) }, revision: 2 })).status).toBe(413);

    const trail = await db.auditEntry.findMany({ where: { caseId: kase.id, userId: forum.users.chair!.id, action: 'UPDATE' }, orderBy: { id: 'asc' } });
    expect(trail.map((e) => e.purpose).filter((p) => p?.startsWith('family'))).toEqual(['family-plan', 'family-plan-shared', 'family-plan']);

    // A closed case is read, not written.
    expect((await as.chair!.send('POST', `/api/cases/${kase.id}/close`)).status).toBe(204);
    expect((await as.chair!.get<FamilyPlanView>(plan(kase.id))).body.canEdit).toBe(false);
    expect(await as.chair!.send('PUT', plan(kase.id), { content, revision: 2 })).toEqual({ status: 409, body: { error: 'case_closed' } });
  });

  it('[FA2][VR1] concluding the case at a meeting keeps the family version of that meeting; later edits leave it; concluding again replaces it', async () => {
    const db = server.db.prisma;
    const kase = await namedCase();
    const s = await writer(kase.docName, 'school');
    s.doc.getText(CASE_DOC.houseGood).insert(0, 'Min cykel.');
    await eventually(async () => expect((await readCaseContent(db, kase.documentId, forum.forumId)).houses?.good).toBe('Min cykel.'));
    const base = (await as.chair!.get<FamilyPlanView>(plan(kase.id))).body.content;
    const v1 = { ...base, worries: 'Første møde.' };
    expect((await as.chair!.send('PUT', plan(kase.id), { content: v1, revision: null })).status).toBe(200);
    expect((await as.chair!.send('POST', `${plan(kase.id)}/share`, { revision: 1 })).status).toBe(200);

    const meeting = await createMeeting(db, forum.forumId, { startsAt: new Date(Date.now() - 7 * DAY) });
    await conclude(kase.id, meeting.id);
    expect((await as.chair!.send('PUT', plan(kase.id), { content: { ...v1, worries: 'Efter mødet.' }, revision: 1 })).status).toBe(200);
    s.doc.getText(CASE_DOC.houseGood).insert(0, 'Nu: ');

    const version = await as.school!.get<FamilyPlanVersionView>(`${plan(kase.id)}/versions/${meeting.id}`);
    expect(version.status).toBe(200);
    expect(version.body).toMatchObject({ meetingId: meeting.id, revision: 1, content: { worries: 'Første møde.' }, shared: { revision: 1 }, houses: { good: 'Min cykel.' } });
    const view = (await as.chair!.get<FamilyPlanView>(plan(kase.id))).body;
    expect(view.versions).toEqual([{ meetingId: meeting.id, meetingStartsAt: meeting.startsAt.toISOString(), keptAt: expect.any(String), revision: 1, shared: true }]);
    expect(view.content.worries).toBe('Efter mødet.');

    // Concluding again at the same meeting (a correction) keeps the family version as it is now.
    await conclude(kase.id, meeting.id, false);
    const again = (await as.chair!.get<FamilyPlanVersionView>(`${plan(kase.id)}/versions/${meeting.id}`)).body;
    expect(again).toMatchObject({ revision: 2, content: { worries: 'Efter mødet.' }, shared: { revision: 1, content: { worries: 'Første møde.' } } });
    expect(await db.familyPlanVersion.count({ where: { caseId: kase.id } })).toBe(1);

    expect((await as.chair!.get(`${plan(kase.id)}/versions/unknown-meeting`)).status).toBe(404);
    expect((await as.guest!.get(`${plan(kase.id)}/versions/${meeting.id}`)).status).toBe(403);
    expect((await as.stranger!.get(`${plan(kase.id)}/versions/${meeting.id}`)).status).toBe(404);
    const reads = await db.auditEntry.findMany({ where: { caseId: kase.id, purpose: 'family-plan-version' } });
    expect(reads.map((r) => [r.userId, r.criterion])).toContainEqual([forum.users.school!.id, `meetingId=${meeting.id}`]);
  });

  it('[FA9][FA2][FA4] a meeting\'s family version and its PDF show the drawing kept at that meeting, not the one that replaced it', async () => {
    const db = server.db.prisma;
    const kase = await namedCase();
    const put = async (width: number, height: number, background: string) => {
      const res = await fetch(`${server.url}/api/cases/${kase.id}/family/drawings/good`, {
        method: 'PUT',
        headers: { cookie: as.school!.cookie, origin: server.origin, 'content-type': 'image/jpeg' },
        body: new Uint8Array(await sharp({ create: { width, height, channels: 3, background } }).jpeg().toBuffer()),
      });
      expect(res.status).toBe(201);
      return (await res.json()) as { id: string };
    };
    const then = await put(320, 240, '#cc3300');
    const base = (await as.chair!.get<FamilyPlanView>(plan(kase.id))).body.content;
    expect((await as.chair!.send('PUT', plan(kase.id), { content: { ...base, worries: 'På mødet.' }, revision: null })).status).toBe(200);
    // One meeting runs at a time: the one an earlier test left running is over.
    await db.meeting.updateMany({ where: { forumId: forum.forumId, status: 'RUNNING' }, data: { status: 'CLOSED' } });
    const meeting = await createMeeting(db, forum.forumId, { startsAt: new Date(Date.now() - 5 * DAY) });
    await conclude(kase.id, meeting.id);
    const now = await put(500, 100, '#0033cc');

    const version = (await as.school!.get<FamilyPlanVersionView>(`${plan(kase.id)}/versions/${meeting.id}`)).body;
    expect(version.drawings).toEqual({ worries: null, good: expect.objectContaining({ id: then.id, width: 320, height: 240 }), dreams: null });
    expect((await as.school!.get<FamilyPlanView>(plan(kase.id))).body.houses.drawings.good).toMatchObject({ id: now.id });

    const imageSizes = async (url: string) => {
      const res = await fetch(`${server.url}${url}`, { headers: { cookie: as.school!.cookie } });
      expect(res.status).toBe(200);
      const pdf = Buffer.from(await res.arrayBuffer());
      renderForInspection(pdf, url.includes('meetingId') ? 'familiens-plan-moede' : 'familiens-plan-nu');
      return [...pdfObjects(pdf).values()]
        .filter((o) => /\/Subtype\s*\/Image/.test(o.dict))
        .map((o) => `${/\/Width (\d+)/.exec(o.dict)?.[1]}x${/\/Height (\d+)/.exec(o.dict)?.[1]}`);
    };
    expect(await imageSizes(`${plan(kase.id)}.pdf?meetingId=${meeting.id}`)).toEqual(['320x240']);
    expect(await imageSizes(`${plan(kase.id)}.pdf`)).toEqual(['500x100']);
  });

  it('[FA4][MN6] the PDF is PDF/A with embedded fonts, in Danish, for the family: the plan\'s sections, the child\'s name and Three Houses with the drawing, "Side N af M"; no case data in its metadata; audited as an export', async () => {
    const db = server.db.prisma;
    const kase = await namedCase();
    const s = await writer(kase.docName, 'school');
    s.doc.transact(() => {
      s.doc.getText(CASE_DOC.houseWorries).insert(0, 'Når de voksne råber derhjemme.');
      s.doc.getText(CASE_DOC.houseGood).insert(0, 'Min hund Bella. Fodbold om tirsdagen.');
      s.doc.getText(CASE_DOC.houseDreams).insert(0, 'At blive dyrlæge.');
      s.doc.getArray(CASE_DOC.houseTalks).push([new Y.Map<unknown>([['id', 't1'], ['by', 'Mette Skov, lærer'], ['on', '2026-11-20']])]);
      s.doc.getArray(CASE_DOC.actions).push([
        entry({ title: 'Mette taler med Oliver hver fredag', responsibleUserId: forum.users.school!.id, ladderStep: 0, dueDate: '2027-01-15', status: 'PLANNED' }),
      ]);
    });
    await eventually(async () => expect((await readCaseContent(db, kase.documentId, forum.forumId)).actions).toHaveLength(1));
    const drawing = await drawingJpeg();
    const up = await fetch(`${server.url}/api/cases/${kase.id}/family/drawings/dreams`, {
      method: 'PUT',
      headers: { cookie: as.school!.cookie, origin: server.origin, 'content-type': 'image/jpeg' },
      body: drawing,
    });
    expect(up.status).toBe(201);
    const draft = (await as.chair!.get<FamilyPlanView>(plan(kase.id))).body.content;
    const content: FamilyPlanContent = {
      ...draft,
      worries: 'Oliver er ofte træt i skolen. Han kommer tit for sent.\nVi vil gerne hjælpe jer med gode morgener.',
      goingWell: 'Oliver har gode venner. Han er glad for fodbold.',
      nextMeeting: 'Vi mødes igen den 20. januar 2027 kl. 10.00 på skolen.',
      contacts: [
        { id: 'c1', name: 'Sara Berg', role: 'socialrådgiver', phone: '12 34 56 78' },
        { id: 'c2', name: 'Mette Skov', role: 'Olivers lærer', phone: '87 65 43 21' },
      ],
    };
    expect((await as.chair!.send('PUT', plan(kase.id), { content, revision: null })).status).toBe(200);
    expect((await as.chair!.send('POST', `${plan(kase.id)}/share`, { revision: 1 })).status).toBe(200);
    expect(lix(familyPlanProse(content)).score!).toBeLessThan(LIX_AIM);

    const res = await fetch(`${server.url}${plan(kase.id)}.pdf`, { headers: { cookie: as.school!.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="familiens-plan-${kase.reference.toLowerCase()}.pdf"`);
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(pdf.length);
    renderForInspection(pdf, 'familiens-plan');

    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/<pdfaid:part>2<\/pdfaid:part>/);
    expect(raw).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/);
    expect(raw).toMatch(/\/OutputIntents/);
    const objects = [...pdfObjects(pdf).values()];
    const fonts = objects.filter((o) => /\/Type\s*\/Font\b/.test(o.dict));
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect(f.dict).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier|Symbol|ZapfDingbats)/);
    for (const d of objects.filter((o) => /\/Type\s*\/FontDescriptor/.test(o.dict))) expect(d.dict).toMatch(/\/FontFile2 \d+ 0 R/);
    expect(objects.some((o) => /\/Subtype\s*\/Image/.test(o.dict) && /\/DCTDecode/.test(o.dict))).toBe(true); // the drawing
    // The metadata names the kind of document only.
    const info = raw.match(/<x:xmpmeta[\s\S]*?<\/x:xmpmeta>/)?.[0] ?? '';
    expect(info).toContain('Familiens plan');
    expect(info).not.toContain('Oliver');
    expect(info).not.toContain(kase.reference);

    const text = pdfText(pdf).replace(/\s+/g, ' ');
    for (const expected of [
      'Familiens plan',
      'Plan for Oliver Hansen',
      'Det er vi bekymrede for',
      'Oliver er ofte træt i skolen.',
      'Det går godt',
      'Det skal der ske',
      'Mette taler med Oliver hver fredag',
      'Mette Skov (Skole) · senest 15. januar 2027',
      'Næste møde',
      'Vi mødes igen den 20. januar 2027',
      'Hvis I vil tale med nogen',
      'Sara Berg, socialrådgiver',
      'Telefon 12 34 56 78',
      'Barnets tre huse',
      'Talt med barnet: Mette Skov, lærer, 20. november 2026',
      'Bekymringernes hus',
      '»Når de voksne råber derhjemme.«',
      'De gode tings hus',
      'Drømmenes hus',
      '»At blive dyrlæge.«',
      'Delt med familien',
      'Til familien – indeholder personoplysninger',
      'Side 1 af',
    ]) {
      expect(text, expected).toContain(expected);
    }
    const pages = Number(/Side 1 af (\d+)/.exec(text)![1]);
    for (let n = 1; n <= pages; n++) expect(text).toContain(`Side ${n} af ${pages}`);

    const exports = await db.auditEntry.findMany({ where: { caseId: kase.id, action: 'EXPORT' } });
    expect(exports.map((e) => [e.userId, e.purpose])).toEqual([[forum.users.school!.id, 'family-plan']]);
  });
});

/** A child's drawing of a house with a sun (as a phone would photograph it). */
async function drawingJpeg(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900">
    <rect width="1200" height="900" fill="#fbf7ee"/>
    <circle cx="1000" cy="160" r="90" fill="#f6c431"/>
    <rect x="380" y="420" width="440" height="330" fill="#d9534f" stroke="#333" stroke-width="8"/>
    <polygon points="340,430 600,200 860,430" fill="#5b8bd9" stroke="#333" stroke-width="8"/>
    <rect x="540" y="560" width="120" height="190" fill="#7a4b2a"/>
    <rect x="0" y="750" width="1200" height="150" fill="#5cb85c"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}
