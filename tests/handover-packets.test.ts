/**
 * A hand-over packet per sector (docs/SPEC.md, HO1-HO11): meetings run over the HTTP API, case content typed by
 * real Yjs clients, packets read back as JSON (checked against docs/handover.schema.json) and PDF/A. Set
 * MINUTES_RENDER_DIR to also get the PDFs and a PNG per page (tests/helpers/render-pdf.ts).
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import * as Y from 'yjs';
import type { MeetingDetail, MyTasks } from '../shared/api.js';
import { CASE_DOC } from '../shared/caseDoc.js';
import type { Sector } from '../shared/domain.js';
import { LEGAL_BASIS_LABELS_DA } from '../shared/labels.js';
import { readCaseContent } from '../server/features/cases/content.js';
import { validateJsonSchema, type JsonSchema } from '../server/features/handover/json-schema.js';
import { packetSectors } from '../server/features/handover/packets.js';
import { SECTION_115_NOTICE } from '../server/features/handover/texts.js';
import type { HandoverOverview, HandoverPacketJson, HandoverTask } from '../server/features/handover/types.js';
import { addDays, todayInCopenhagen } from '../server/features/tasks/dates.js';
import { can, type Actor, type ActorMembership } from '../server/policy/policy.js';
import { apiAs, type ApiClient } from './helpers/api.js';
import { connectWriter, entry, paragraph } from './helpers/case-document.js';
import { eventually, type TestProvider } from './helpers/clients.js';
import { createCase, createMeeting } from './helpers/domain-factories.js';
import { createForum, createOutsider, type TestForum } from './helpers/factories.js';
import { pdfObjects, pdfText } from './helpers/pdf-text.js';
import { renderForInspection } from './helpers/render-pdf.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const SCHEMA = JSON.parse(fs.readFileSync('docs/handover.schema.json', 'utf8')) as JsonSchema;
const doc0 = () => fs.readFileSync('docs/handover-schema.md', 'utf8');
const NAME = 'Emil Sørensen';
const CPR = '0101201234';
const ADDRESS = 'Skjultvej 7';
const PARENTS = 'Hanne Sørensen';
const JNR = '27.00.00-A00-12-26';
const today = todayInCopenhagen();

let server: TestServer;
let ssd: TestForum;
let ssp: TestForum;
let elsewhere: TestForum;
const api: Record<string, ApiClient> = {};
const open: TestProvider[] = [];
let meetingId: string;
let sspMeetingId: string;
const cases: Record<'consent' | 'ssd' | 'anon' | 'ssp', { id: string; reference: string; documentId: string }> = {} as never;

async function writer(forum: TestForum, key: string, documentId: string): Promise<TestProvider> {
  const { docName } = await server.db.prisma.document.findUniqueOrThrow({ where: { id: documentId } });
  return connectWriter(server, forum.users[key]!.email, docName, open);
}

interface Written {
  concern: string;
  second?: { by: string; text: string };
  actions: Array<{ title: string; by: string }>;
}

/** One member writes the note, the map, the voice, the network and the plan; another may add a paragraph. */
async function writeCase(forum: TestForum, kase: { documentId: string }, first: string, w: Written) {
  const s = await writer(forum, first, kase.documentId);
  s.doc.transact(() => {
    s.doc.getXmlFragment('prosemirror').push([paragraph(w.concern)]);
    const sos = s.doc.getMap<unknown>('sos');
    for (const [column, points] of Object.entries({ worries: ['Mange fraværsdage'], strengths: ['God kontakt til mormor'], next: ['Fælles plan med forældrene'] })) {
      const list = new Y.Array<Y.Map<unknown>>();
      sos.set(column, list);
      list.push(points.map((text) => entry({ text })));
    }
    s.doc.getText('voice').insert(0, 'Jeg kan godt lide frikvartererne.');
    // FA5: the child's Three Houses, the child's words (a name in the genitive too) and who spoke with the child.
    s.doc.getText(CASE_DOC.houseWorries).insert(0, 'Når Emils far råber.');
    s.doc.getText(CASE_DOC.houseGood).insert(0, 'Min hund og frikvarteret.');
    s.doc.getArray(CASE_DOC.houseTalks).push([new Y.Map<unknown>([['id', 'talk-1'], ['by', 'Anna Jensen, lærer'], ['on', '2026-11-20']])]);
    s.doc.getArray('network').push([entry({ name: 'Mormor Inger', relation: 'mormor', contribution: 'henter om tirsdagen' })]);
    s.doc.getArray('actions').push(
      w.actions.map((a, i) =>
        entry({ title: a.title, responsibleUserId: forum.users[a.by]!.id, ladderStep: i % 3, dueDate: addDays(today, 14 + i), status: 'PLANNED' }),
      ),
    );
  });
  if (w.second) {
    const n = await writer(forum, w.second.by, kase.documentId);
    await eventually(() => expect(n.doc.getXmlFragment('prosemirror').length).toBe(1));
    n.doc.getXmlFragment('prosemirror').push([paragraph(w.second.text)]);
  }
  await eventually(async () => {
    const stored = await readCaseContent(server.db.prisma, kase.documentId, forum.forumId);
    expect(stored.concern).toHaveLength(w.second ? 2 : 1);
    expect(stored.actions).toHaveLength(w.actions.length);
    expect(stored.houses?.talks).toHaveLength(1);
  });
}

async function runMeeting(forum: TestForum, chair: ApiClient, caseIds: string[], participants: string[], conclusions: Array<Record<string, unknown>>) {
  const meeting = await createMeeting(server.db.prisma, forum.forumId, { startsAt: new Date('2026-11-24T08:00:00Z'), place: 'Rådhuset, mødelokale Æblehaven' });
  for (const caseId of caseIds) expect((await chair.send('POST', `/api/meetings/${meeting.id}/agenda`, { caseId })).status).toBe(204);
  const ids = participants.map((k) => forum.users[k]!.id);
  expect((await chair.send('PUT', `/api/meetings/${meeting.id}/participants`, { userIds: ids, guestLabels: ['Forælder'] })).status).toBe(204);
  expect((await chair.send('POST', `/api/meetings/${meeting.id}/start`)).status).toBe(204);
  const agenda = (await chair.get<MeetingDetail>(`/api/meetings/${meeting.id}`)).body.agenda;
  for (const [i, item] of agenda.entries()) {
    if (i > 0) expect((await chair.send('POST', `/api/meetings/${meeting.id}/current`, { itemId: item.id })).status).toBe(204);
    expect((await chair.send('POST', `/api/meetings/${meeting.id}/items/${item.id}/conclude`, conclusions[i])).status).toBe(204);
  }
  return meeting.id;
}

const packetPath = (meeting: string, caseId: string, sector: string, what = 'packet.json') => `/api/meetings/${meeting}/handover/${caseId}/${sector}/${what}`;

/** A photo of the child's drawing for one house of the consent case, uploaded by the school (FA6). */
async function uploadDrawing(house: 'worries' | 'good' | 'dreams', background: string) {
  const jpeg = await sharp({ create: { width: 300, height: 200, channels: 3, background } }).jpeg().toBuffer();
  const up = await fetch(`${server.url}/api/cases/${cases.consent.id}/family/drawings/${house}`, {
    method: 'PUT', headers: { cookie: api.school!.cookie, origin: server.origin, 'content-type': 'image/jpeg' }, body: jpeg,
  });
  expect(up.status).toBe(201);
}

async function packet(as: string, caseKey: keyof typeof cases, sector: Sector, meeting = meetingId): Promise<HandoverPacketJson> {
  const res = await api[as]!.get<HandoverPacketJson>(packetPath(meeting, cases[caseKey].id, sector));
  expect(res.status, `${as} ${caseKey} ${sector}`).toBe(200);
  const errors = validateJsonSchema(SCHEMA, res.body);
  expect(errors, JSON.stringify(errors)).toEqual([]);
  return res.body;
}

async function pdfOf(as: string, caseKey: keyof typeof cases, sector: Sector, meeting = meetingId) {
  const res = await fetch(`${server.url}${packetPath(meeting, cases[caseKey].id, sector, 'packet.pdf')}`, { headers: { cookie: api[as]!.cookie } });
  expect(res.status).toBe(200);
  const pdf = Buffer.from(await res.arrayBuffer());
  return { res, pdf, flat: pdfText(pdf).replace(/\s+/g, ' ') };
}

const audits = (caseId: string, userId?: string) =>
  server.db.prisma.auditEntry.findMany({ where: { caseId, ...(userId ? { userId } : {}) }, orderBy: { id: 'asc' } });

beforeAll(async () => {
  server = await startTestServer();
  const db = server.db.prisma;
  ssd = await createForum(db, {
    chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Ahmed Nielsen' },
    school: { sector: 'SKOLE', role: 'MEMBER', name: 'Anna Jensen' },
    school2: { sector: 'SKOLE', role: 'MEMBER', name: 'Bo Berg' },
    nurse: { sector: 'SUNDHEDSPLEJE', role: 'MEMBER', name: 'Sara Lind' },
    daycare: { sector: 'DAGTILBUD', role: 'MEMBER', name: 'Jonas Holm' },
    ppr: { sector: 'PPR', role: 'MEMBER', name: 'Pia Rask' },
    other: { sector: 'ANDET', role: 'MEMBER', name: 'Ole Andersen' },
    guest: { sector: 'SKOLE', role: 'GUEST', name: 'Gitte Gæst' },
  });
  await db.forum.update({ where: { id: ssd.forumId }, data: { name: 'SSD Nord', journalNumber: JNR } });
  await db.municipality.update({ where: { id: ssd.municipalityId }, data: { name: 'Aabenraa Kommune' } });
  ssp = await createForum(
    db,
    {
      chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Lene Holt' },
      school: { sector: 'SKOLE', role: 'MEMBER', name: 'Karl Mose' },
      police: { sector: 'POLITI', role: 'MEMBER', name: 'Per Betjent' },
    },
    { type: 'SSP', municipalityId: ssd.municipalityId },
  );
  await db.forum.update({ where: { id: ssp.forumId }, data: { name: 'SSP Midt' } });
  elsewhere = await createForum(db, { member: { sector: 'SKOLE', role: 'CHAIR', name: 'Eva Andet' } }, { municipalityId: ssd.municipalityId });
  const outsider = await createOutsider(db, ssd.municipalityId);
  for (const key of Object.keys(ssd.users)) api[key] = await apiAs(server.url, server.origin, ssd.users[key]!.email);
  for (const key of Object.keys(ssp.users)) api[`ssp-${key}`] = await apiAs(server.url, server.origin, ssp.users[key]!.email);
  api.elsewhere = await apiAs(server.url, server.origin, elsewhere.users.member!.email);
  api.outsider = await apiAs(server.url, server.origin, outsider.email);

  const identity = { childName: NAME, childCpr: CPR, childAddress: ADDRESS, parentNames: PARENTS };
  cases.consent = await createCase(db, ssd.forumId, ssd.users.chair!.id, { description: 'dreng, 8 år, skole i distrikt Nord', ...identity });
  cases.ssd = await createCase(db, ssd.forumId, ssd.users.chair!.id, { description: 'pige, 4 år, dagtilbud i distrikt Nord', ...identity });
  cases.anon = await createCase(db, ssd.forumId, ssd.users.chair!.id, { description: 'dreng, 2 år, vuggestue i distrikt Nord' });
  cases.ssp = await createCase(db, ssp.forumId, ssp.users.chair!.id, { description: 'dreng, 14 år, udskoling i distrikt Midt', ...identity });
  const consent = {
    givenBy: 'begge forældremyndighedsindehavere',
    scope: 'skolegang, trivsel og helbred',
    sectors: ['SKOLE', 'SUNDHEDSPLEJE'],
    purpose: 'tidlig indsats',
    givenOn: addDays(today, -10),
    validUntil: addDays(today, 180),
  };
  expect((await api.chair!.send('POST', `/api/cases/${cases.consent.id}/basis`, { kind: 'CONSENT', consent })).status).toBe(204);
  expect((await api.chair!.send('POST', `/api/cases/${cases.ssd.id}/basis`, { kind: 'SSD_EXCHANGE' })).status).toBe(204);
  expect((await api['ssp-chair']!.send('POST', `/api/cases/${cases.ssp.id}/basis`, { kind: 'SSP_115' })).status).toBe(204);

  await writeCase(ssd, cases.consent, 'school', {
    concern: 'Emil kommer ofte sent og virker træt om morgenen.',
    second: { by: 'nurse', text: 'Vægten er faldet siden sidste besøg på Skjultvej 7.' },
    actions: [
      { title: 'Samtale med forældre', by: 'school' },
      { title: 'Hjemmebesøg', by: 'nurse' },
      { title: 'Observation i frikvarteret', by: 'school' },
      { title: 'Sprogvurdering', by: 'daycare' },
    ],
  });
  await writeCase(ssd, cases.ssd, 'daycare', {
    concern: 'Pigen er stille og trækker sig fra legen.',
    actions: [
      { title: 'Pædagogisk-psykologisk vurdering', by: 'ppr' },
      { title: 'Forældresamtale i dagtilbuddet', by: 'daycare' },
    ],
  });
  await writeCase(ssd, cases.anon, 'daycare', { concern: 'Sent sprog, ellers trives han.', actions: [{ title: 'Sprogstimulering', by: 'daycare' }] });
  await writeCase(ssp, cases.ssp, 'school', {
    concern: 'Har været med i hærværk ved skolen; mor fortæller om konflikter derhjemme.',
    actions: [
      { title: 'Bekymringssamtale med forældrene', by: 'police' },
      { title: 'Mentor i skolen', by: 'school' },
    ],
  });

  // FA9: the drawing of the house of good things is there when the case is concluded, so the version keeps it.
  await uploadDrawing('good', '#2a8c4a');

  // Before the meeting closes there is nothing to hand over.
  const draft = await createMeeting(db, ssd.forumId, { startsAt: new Date('2026-12-24T08:00:00Z') });
  expect((await api.school!.get(`/api/meetings/${draft.id}/handover`)).status).toBe(409);

  meetingId = await runMeeting(ssd, api.chair!, [cases.consent.id, cases.ssd.id, cases.anon.id], ['chair', 'school', 'nurse', 'daycare', 'other', 'guest'], [
    { level: 4, sosScale: 3, outcome: 'Skolen taler med Emils forældre; sundhedsplejen følger vægten.', followUp: { dueDate: addDays(today, 40), responsibleUserId: ssd.users.nurse!.id } },
    { level: 3, sosScale: 5, outcome: 'PPR vurderer; dagtilbuddet holder forældresamtale.', followUp: { dueDate: addDays(today, 50), responsibleUserId: ssd.users.chair!.id } },
    { level: 2, sosScale: 7, outcome: 'Dagtilbuddet styrker sproget.', followUp: null, noFollowUpReason: 'Dagtilbuddet følger selv op' },
  ]);
  // A closed meeting's packets exist only once the meeting is CLOSED.
  expect((await api.school!.get(`/api/meetings/${meetingId}/handover`)).status).toBe(409);
  expect((await api.chair!.send('POST', `/api/meetings/${meetingId}/close`)).status).toBe(204);

  sspMeetingId = await runMeeting(ssp, api['ssp-chair']!, [cases.ssp.id], ['chair', 'school', 'police'], [
    { level: 3, sosScale: 5, outcome: 'Politiet holder bekymringssamtale; skolen finder en mentor.', followUp: { dueDate: addDays(today, 30), responsibleUserId: ssp.users.police!.id } },
  ]);
  expect((await api['ssp-chair']!.send('POST', `/api/meetings/${sspMeetingId}/close`)).status).toBe(204);
});

afterAll(async () => {
  for (const p of open.splice(0)) p.destroy();
  await server?.close();
});

describe('hand-over packets: which sectors get one', () => {
  it('[HO1] each discussed case gets one packet per represented sector: participants and responsible members, never guests or ANDET', async () => {
    const overview = await api.chair!.get<HandoverOverview>(`/api/meetings/${meetingId}/handover`);
    expect(overview.status).toBe(200);
    const bySector = Object.fromEntries(overview.body.all!.map((c) => [c.reference, c.packets.map((p) => p.sector)]));
    expect(bySector).toEqual({
      [cases.consent.reference]: ['SKOLE', 'DAGTILBUD', 'SUNDHEDSPLEJE', 'SOCIAL'],
      // PPR took no part but has an action: it files it too.
      [cases.ssd.reference]: ['SKOLE', 'DAGTILBUD', 'SUNDHEDSPLEJE', 'SOCIAL', 'PPR'],
      [cases.anon.reference]: ['SKOLE', 'DAGTILBUD', 'SUNDHEDSPLEJE', 'SOCIAL'],
    });
    // Agenda order; the chair's own packets are those of the chair's sector.
    expect(overview.body.all!.map((c) => c.reference)).toEqual([cases.consent.reference, cases.ssd.reference, cases.anon.reference]);
    expect(overview.body.sector).toBe('SOCIAL');
    expect(overview.body.mine.map((p) => [p.reference, p.sector])).toEqual([
      [cases.consent.reference, 'SOCIAL'],
      [cases.ssd.reference, 'SOCIAL'],
      [cases.anon.reference, 'SOCIAL'],
    ]);

    const school = (await api.school!.get<HandoverOverview>(`/api/meetings/${meetingId}/handover`)).body;
    expect(school.all).toBeNull();
    expect(school.mine.map((p) => p.sector)).toEqual(['SKOLE', 'SKOLE', 'SKOLE']);
    for (const who of ['guest', 'other']) {
      const res = await api[who]!.get<HandoverOverview>(`/api/meetings/${meetingId}/handover`);
      expect(res.status, who).toBe(200);
      expect(res.body, who).toEqual({ meetingId, sector: null, mine: [], all: null });
    }
    const ppr = (await api.ppr!.get<HandoverOverview>(`/api/meetings/${meetingId}/handover`)).body;
    expect(ppr.mine.map((p) => p.reference)).toEqual([cases.ssd.reference]);
    // Recorded once: asking again neither adds nor changes packets.
    expect(await server.db.prisma.handoverPacket.count({ where: { meetingId } })).toBe(13);
  });

  it('[HO1] the rule: police only in SSP, the sector a responsible had when they have left, guests never', () => {
    const memberOf = new Map<string, { sector: Sector; role: 'CHAIR' | 'MEMBER' | 'GUEST' }>([
      ['u-police', { sector: 'POLITI', role: 'MEMBER' }],
      ['u-guest', { sector: 'SKOLE', role: 'GUEST' }],
      ['u-other', { sector: 'ANDET', role: 'MEMBER' }],
    ]);
    const content = {
      actions: [{ id: 'a', title: 't', responsibleUserId: 'u-left', ladderStep: null, dueDate: null, status: 'PLANNED' as const, addedById: null, changedById: null }],
      followUp: null,
      writers: { 'u-left': { name: 'Tidligere medlem', sector: 'PPR' as const } },
    };
    expect(packetSectors('SSD', content, ['u-police', 'u-guest', 'u-other'], memberOf)).toEqual(['PPR']);
    expect(packetSectors('SSP', content, ['u-police', 'u-guest', 'u-other'], memberOf)).toEqual(['PPR', 'POLITI']);
  });
});

describe('hand-over packets: contents per sector and basis', () => {
  it('[HO2][HO3] consent covering school and health visiting: they get the child named; daycare and social services get it without, names blanked', async () => {
    const school = await packet('school', 'consent', 'SKOLE');
    expect(school.identity).toEqual({ childName: NAME, childCpr: CPR, childAddress: ADDRESS, parentNames: PARENTS });
    expect(school.identityWithheld).toBeNull();
    expect(school.legalBasis).toMatchObject({ kind: 'CONSENT', label: LEGAL_BASIS_LABELS_DA.CONSENT, notice: null });
    expect(school.legalBasis.consent).toMatchObject({ sectors: ['SKOLE', 'SUNDHEDSPLEJE'], coversRecipient: true, validToday: true, scope: 'skolegang, trivsel og helbred' });
    // Its own actions only; the follow-up is the health visitor's.
    expect(school.actions.map((a) => a.title)).toEqual(['Samtale med forældre', 'Observation i frikvarteret']);
    expect(school.actions[0]).toMatchObject({ responsible: { name: 'Anna Jensen', sector: 'SKOLE', sectorLabel: 'Skole' }, status: 'PLANNED', statusLabel: 'Planlagt', ladderStep: 0 });
    expect(school.followUps).toEqual([]);
    expect(school.assessment).toMatchObject({ level: 4, levelLabel: 'Alvorlig bekymring', sosScale: 3, concludedBy: { name: 'Ahmed Nielsen', sector: 'SOCIAL' } });
    expect(school.outcome).toBe('Skolen taler med Emils forældre; sundhedsplejen følger vægten.');
    expect(school.record!.concern).toEqual([
      [{ text: 'Emil kommer ofte sent og virker træt om morgenen.', writer: { name: 'Anna Jensen', sector: 'SKOLE', sectorLabel: 'Skole' } }],
      [{ text: 'Vægten er faldet siden sidste besøg på Skjultvej 7.', writer: { name: 'Sara Lind', sector: 'SUNDHEDSPLEJE', sectorLabel: 'Sundhedspleje' } }],
    ]);
    expect(school.record!.sos.worries.points).toEqual(['Mange fraværsdage']);
    expect(school.record!.voice).toBe('Jeg kan godt lide frikvartererne.');
    // FA5, FA9: the houses as kept at the meeting, and which had a drawing kept with that meeting's version: said to be
    // in Samråd, never sent.
    const housesThen = {
      talks: [{ by: 'Anna Jensen, lærer', on: '2026-11-20' }],
      worries: { heading: 'Bekymringernes hus', words: 'Når Emils far råber.', drawingInCase: false },
      good: { heading: 'De gode tings hus', words: 'Min hund og frikvarteret.', drawingInCase: true },
      dreams: { heading: 'Drømmenes hus', words: null, drawingInCase: false },
    };
    expect(school.record!.houses).toEqual(housesThen);
    const kept = await server.db.prisma.keptDrawing.findFirstOrThrow({ where: { caseId: cases.consent.id } });
    expect(JSON.stringify(school)).not.toContain(kept.id);
    // The case's drawings today do not change what the meeting's packet says: one uploaded to another house since,
    // the kept one removed from the case.
    await uploadDrawing('worries', '#8c2a2a');
    expect((await api.school!.send('DELETE', `/api/cases/${cases.consent.id}/family/drawings/good`)).status).toBe(204);
    expect((await packet('school', 'consent', 'SKOLE')).record!.houses).toEqual(housesThen);
    expect(school.participants).toEqual([
      { name: 'Ahmed Nielsen', sector: 'SOCIAL', sectorLabel: 'Socialrådgivning' },
      { name: 'Anna Jensen', sector: 'SKOLE', sectorLabel: 'Skole' },
      { name: 'Sara Lind', sector: 'SUNDHEDSPLEJE', sectorLabel: 'Sundhedspleje' },
      { name: 'Jonas Holm', sector: 'DAGTILBUD', sectorLabel: 'Dagtilbud' },
      { name: 'Ole Andersen', sector: 'ANDET', sectorLabel: 'Andet' },
      { name: 'Gitte Gæst', sector: 'SKOLE', sectorLabel: 'Skole' },
      { name: 'Forælder', sector: null, sectorLabel: null },
    ]);
    expect(school.meeting).toMatchObject({ date: '2026-11-24', place: 'Rådhuset, mødelokale Æblehaven', journalNumber: JNR, journalNumberSource: 'forum' });
    expect(school.recipient).toEqual({ sector: 'SKOLE', sectorLabel: 'Skole', filedIn: 'elevens mappe' });
    expect(school.forum).toMatchObject({ name: 'SSD Nord', type: 'SSD', typeLabel: 'SSD' });

    const nurse = await packet('nurse', 'consent', 'SUNDHEDSPLEJE');
    expect(nurse.identity?.childName).toBe(NAME);
    expect(nurse.actions.map((a) => a.title)).toEqual(['Hjemmebesøg']);
    expect(nurse.followUps).toEqual([{ dueDate: addDays(today, 40), responsible: { name: 'Sara Lind', sector: 'SUNDHEDSPLEJE', sectorLabel: 'Sundhedspleje' } }]);
    expect(nurse.recipient.filedIn).toBe('sundhedsjournalen (børnejournalen)');

    for (const [who, sector] of [['daycare', 'DAGTILBUD'], ['chair', 'SOCIAL']] as const) {
      const p = await packet(who, 'consent', sector);
      expect(p.identity, who).toBeNull();
      expect(p.identityWithheld, who).toBe('sector');
      expect(p.legalBasis.consent?.coversRecipient).toBe(false);
      const text = JSON.stringify(p);
      for (const secret of [NAME, CPR, ADDRESS, PARENTS, 'Emil', 'Sørensen', 'Skjultvej']) expect(text, `${who} ${secret}`).not.toContain(secret);
      expect(p.record!.concern[0]![0]!.text).toBe('[navn] kommer ofte sent og virker træt om morgenen.');
      expect(p.record!.concern[1]![0]!.text).toBe('Vægten er faldet siden sidste besøg på [adresse].');
      // The genitive too ("Emils"), which a whole-word match alone would miss; in the child's houses as well.
      expect(p.outcome).toBe('Skolen taler med [navn]s forældre; sundhedsplejen følger vægten.');
      expect(p.record!.houses!.worries.words).toBe('Når [navn]s far råber.');
      // LB7: the withheld identity is a refusal on the record.
      const denied = (await audits(cases.consent.id, ssd.users[who]!.id)).filter((e) => e.action === 'DENIED').map((e) => e.criterion);
      expect(denied, who).toContain('case:identity:handover');
    }
    const daycare = await packet('daycare', 'consent', 'DAGTILBUD');
    expect(daycare.actions.map((a) => a.title)).toEqual(['Sprogvurdering']);
    // The social worker chaired and concluded; no action or follow-up of theirs.
    const social = await packet('chair', 'consent', 'SOCIAL');
    expect(social.actions).toEqual([]);
    expect(social.followUps).toEqual([]);
    expect(social.recipient.filedIn).toBe('børnesagen i det socialfaglige sagssystem');
  });

  it('[HO3] SSD exchange: every sector of the forum gets the child named, PPR too', async () => {
    for (const [who, sector] of [['school', 'SKOLE'], ['daycare', 'DAGTILBUD'], ['nurse', 'SUNDHEDSPLEJE'], ['chair', 'SOCIAL'], ['ppr', 'PPR']] as const) {
      const p = await packet(who, 'ssd', sector);
      expect(p.identity, who).toEqual({ childName: NAME, childCpr: CPR, childAddress: ADDRESS, parentNames: PARENTS });
      expect(p.identityWithheld).toBeNull();
      expect(p.legalBasis).toMatchObject({ kind: 'SSD_EXCHANGE', label: LEGAL_BASIS_LABELS_DA.SSD_EXCHANGE, consent: null, notice: null });
      expect(p.record).not.toBeNull();
    }
    expect((await packet('ppr', 'ssd', 'PPR')).actions.map((a) => a.title)).toEqual(['Pædagogisk-psykologisk vurdering']);
    expect((await packet('chair', 'ssd', 'SOCIAL')).followUps.map((f) => f.responsible.name)).toEqual(['Ahmed Nielsen']);
  });

  it('[HO3] anonymous consultation: no packet names the child; the record is the anonymous one', async () => {
    for (const [who, sector] of [['school', 'SKOLE'], ['daycare', 'DAGTILBUD'], ['chair', 'SOCIAL']] as const) {
      const p = await packet(who, 'anon', sector);
      expect(p.identity).toBeNull();
      expect(p.identityWithheld).toBe('anonymous');
      expect(p.legalBasis.kind).toBe('ANONYMOUS');
      expect(p.case.description).toBe('dreng, 2 år, vuggestue i distrikt Nord');
    }
    const daycare = await packet('daycare', 'anon', 'DAGTILBUD');
    expect(daycare.actions.map((a) => a.title)).toEqual(['Sprogstimulering']);
    expect(daycare.noFollowUpReason).toBe('Dagtilbuddet følger selv op');
    expect(daycare.record!.concern[0]![0]!.text).toBe('Sent sprog, ellers trives han.');
  });

  it('[HO4] police in SSP under §115: the child named, its own actions and follow-up, the level and what was agreed, never the record', async () => {
    const police = await packet('ssp-police', 'ssp', 'POLITI', sspMeetingId);
    expect(police.identity?.childName).toBe(NAME);
    expect(police.record).toBeNull();
    expect(police.recordWithheld).toBe('section-115');
    expect(police.legalBasis).toMatchObject({ kind: 'SSP_115', notice: SECTION_115_NOTICE });
    expect(police.actions.map((a) => a.title)).toEqual(['Bekymringssamtale med forældrene']);
    expect(police.followUps.map((f) => f.responsible.name)).toEqual(['Per Betjent']);
    expect(police.assessment).toMatchObject({ level: 3, sosScale: 5 });
    expect(police.outcome).toBe('Politiet holder bekymringssamtale; skolen finder en mentor.');
    const text = JSON.stringify(police);
    for (const secret of ['hærværk', 'konflikter derhjemme', 'Mormor', 'frikvartererne', 'Mange fraværsdage', 'Min hund', 'far råber', 'Anna Jensen']) {
      expect(text).not.toContain(secret);
    }
    const { flat } = await pdfOf('ssp-police', 'ssp', 'POLITI', sspMeetingId);
    expect(flat).toContain('må kun bruges i kriminalitetsforebyggende øjemed, aldrig i efterforskning');
    expect(flat).toContain('Bekymringsnoten, Signs of Safety, barnets stemme, barnets tre huse og netværket er ikke med.');
    for (const secret of ['hærværk', 'konflikter derhjemme', 'Mormor', 'Barnets tre huse', 'Min hund', 'far råber']) expect(flat).not.toContain(secret);

    // The school in the same SSP forum files the record, with the same notice.
    const school = await packet('ssp-school', 'ssp', 'SKOLE', sspMeetingId);
    expect(school.record!.concern[0]![0]!.text).toContain('hærværk');
    expect(school.record!.houses!.good.words).toBe('Min hund og frikvarteret.');
    expect(school.legalBasis.notice).toBe(SECTION_115_NOTICE);
    expect(school.actions.map((a) => a.title)).toEqual(['Mentor i skolen']);
  });

  it('[HO3][LB8] a consent withdrawn after the meeting: the next download no longer names the child', async () => {
    // Its own case, so the other tests keep their consent.
    const db = server.db.prisma;
    const kase = await createCase(db, ssd.forumId, ssd.users.chair!.id, { description: 'pige, 9 år', childName: 'Ida Holm', childCpr: '0202151234' });
    expect((await api.chair!.send('POST', `/api/cases/${kase.id}/basis`, {
      kind: 'CONSENT',
      consent: { givenBy: 'mor', scope: 'skolegang', sectors: ['SKOLE'], purpose: 'tidlig indsats', givenOn: addDays(today, -5), validUntil: addDays(today, 100) },
    })).status).toBe(204);
    await writeCase(ssd, kase, 'school', { concern: 'Ida er ofte ked af det.', actions: [{ title: 'Samtale', by: 'school' }] });
    const m = await runMeeting(ssd, api.chair!, [kase.id], ['chair', 'school'], [{ level: 2, sosScale: 6, followUp: null, noFollowUpReason: 'Ingen' }]);
    expect((await api.chair!.send('POST', `/api/meetings/${m}/close`)).status).toBe(204);
    const path = packetPath(m, kase.id, 'SKOLE');
    expect((await api.school!.get<HandoverPacketJson>(path)).body.identity?.childName).toBe('Ida Holm');
    expect((await api.chair!.send('POST', `/api/cases/${kase.id}/consent/withdraw`, { withdrawnOn: today })).status).toBe(204);
    const after = (await api.school!.get<HandoverPacketJson>(path)).body;
    expect(after.identity).toBeNull();
    expect(after.identityWithheld).toBe('basis');
    expect(JSON.stringify(after)).not.toContain('Ida');
    expect(after.legalBasis.consent).toMatchObject({ withdrawnOn: today, validToday: false });
    expect(validateJsonSchema(SCHEMA, after)).toEqual([]);
  });
});

describe('hand-over packets: JSON schema and PDF/A', () => {
  it('[HO5] every packet validates against docs/handover.schema.json; the validator refuses what the schema does not allow', async () => {
    const p = await packet('school', 'consent', 'SKOLE');
    expect(p.$schema).toBe((SCHEMA as { $id: string }).$id);
    expect(p.schemaVersion).toBe('1.1.0');
    expect(p.schema).toBe('samraad.handover');
    expect(validateJsonSchema(SCHEMA, { ...p, extra: 1 }).map((e) => e.path)).toEqual(['/extra']);
    const { record: _record, ...withoutRecord } = p;
    expect(validateJsonSchema(SCHEMA, withoutRecord).map((e) => e.message)).toEqual(['missing required property record']);
    expect(validateJsonSchema(SCHEMA, { ...p, recipient: { ...p.recipient, sector: 'ANDET' } }).map((e) => e.path)).toEqual(['/recipient/sector']);
    expect(validateJsonSchema(SCHEMA, { ...p, assessment: { ...p.assessment, level: 6 } }).map((e) => e.path)).toEqual(['/assessment/level']);
    expect(validateJsonSchema(SCHEMA, { ...p, meeting: { ...p.meeting, date: '2026-02-30' } }).map((e) => e.path)).toEqual(['/meeting/date']);
    // 1.1.0: the houses are part of the record, strict like the rest; a version from before them has null.
    const houses = p.record!.houses!;
    const withHouses = (h: unknown) => validateJsonSchema(SCHEMA, { ...p, record: { ...p.record!, houses: h } });
    expect(withHouses(null)).toEqual([]);
    // (The record is "one of" an object and null, so the validator reports a wrong house at /record.)
    expect(withHouses({ ...houses, good: { ...houses.good, image: 'x' } }).map((e) => e.path)).toEqual(['/record']);
    expect(withHouses({ ...houses, talks: [{ by: 'Anna', on: '20.11.2026' }] }).map((e) => e.path)).toEqual(['/record']);
    const { houses: _houses, ...recordWithout } = p.record!;
    expect(validateJsonSchema(SCHEMA, { ...p, record: recordWithout }).map((e) => e.path)).toEqual(['/record']);
    expect(doc0()).toContain('`record.houses`');
    // The documentation names every top-level field of the schema.
    const doc = doc0();
    for (const field of Object.keys((SCHEMA as { properties: object }).properties)) expect(doc, field).toContain(`\`${field}\``);
  });

  it('[HO6] the PDF is PDF/A-2b with embedded fonts, every page marked and numbered, the journal metadata and the sector\'s parts; no case data in its metadata', async () => {
    const { res, pdf, flat } = await pdfOf('school', 'consent', 'SKOLE');
    renderForInspection(pdf, 'handover-school');
    renderForInspection((await pdfOf('daycare', 'consent', 'DAGTILBUD')).pdf, 'handover-daycare');
    renderForInspection((await pdfOf('ssp-police', 'ssp', 'POLITI', sspMeetingId)).pdf, 'handover-police');
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Number(res.headers.get('content-length'))).toBe(pdf.length);
    for (const expected of [
      'Overlevering til journalisering', 'Skole – til elevens mappe',
      `Sag: ${cases.consent.reference} – dreng, 8 år, skole i distrikt Nord`, 'Kommune: Aabenraa Kommune', 'Forum: SSD Nord (SSD)',
      'Møde: 24.11.2026 kl. 09.00, Rådhuset, mødelokale Æblehaven', `Journalnummer: ${JNR} (forummets)`, `Hjemmel: ${LEGAL_BASIS_LABELS_DA.CONSENT}`,
      'Givet af: begge forældremyndighedsindehavere', 'Sektorer: Skole, Sundhedspleje', 'Samtykket omfatter jeres sektor (Skole).',
      `Navn: ${NAME}`, 'CPR-nummer: 010120-1234', `Adresse: ${ADDRESS}`, `Forældre: ${PARENTS}`,
      'Ahmed Nielsen (Socialrådgivning)', 'Forælder (gæst)',
      'Børnelinealen: 4 – Alvorlig bekymring', 'Signs of Safety-skala: 3/10',
      'Handlinger – Skole', 'Samtale med forældre – Anna Jensen (Skole), frist', 'Indsatstrappen trin 0 (Forebyggelse på almenområdet) – Planlagt',
      'Opfølgning – Skole', 'Ingen opfølgning med en ansvarlig fra Skole.',
      'Emil kommer ofte sent og virker træt om morgenen. — Anna Jensen, Skole',
      'Hvad er vi bekymrede for? • Mange fraværsdage', 'Barnets stemme »Jeg kan godt lide frikvartererne.«',
      'Barnets tre huse Talt med barnet: Anna Jensen, lærer, 20.11.2026', 'Bekymringernes hus »Når Emils far råber.«',
      'De gode tings hus (tegningen findes i sagen i Samråd) »Min hund og frikvarteret.«', 'Drømmenes hus Intet skrevet.',
      'Journalisering', 'Lægges i elevens mappe.',
      'Fortroligt – indeholder personoplysninger', 'Side 1 af',
    ]) {
      expect(flat, expected).toContain(expected);
    }
    expect(flat).not.toContain('Hjemmebesøg'); // the health visitor's action
    expect(flat).not.toContain('vedlagt');
    // One way of writing a date throughout, the minutes' dd.mm.yyyy (meeting, made, concluded, consent, deadlines).
    expect(flat).not.toMatch(/\d{1,2}\. (januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december) \d{4}/);
    expect(flat).toMatch(/Dannet: \d{2}\.\d{2}\.\d{4} kl\. \d{2}\.\d{2}/);
    expect(flat).toMatch(/Afsluttet: \d{2}\.\d{2}\.\d{4} kl\. \d{2}\.\d{2} af Ahmed Nielsen/);
    expect(flat).toContain(`Givet: ${addDays(today, -10).split('-').reverse().join('.')}`);
    const pages = Number(/Side 1 af (\d+)/.exec(flat)![1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    for (let n = 1; n <= pages; n++) expect(flat).toContain(`Side ${n} af ${pages}`);
    expect(flat.split('Fortroligt – indeholder personoplysninger').length - 1).toBe(pages);
    expect(flat).toContain(`Overlevering · Sag ${cases.consent.reference} · Skole · J.nr. ${JNR}`);

    const raw = pdf.toString('latin1');
    expect(raw.startsWith('%PDF-1.7')).toBe(true);
    expect(raw).toMatch(/pdfaid:part>2</);
    expect(raw).toMatch(/pdfaid:conformance>B</);
    expect(raw).toContain('/OutputIntents');
    const fonts = [...pdfObjects(pdf).values()].filter((o) => /\/Type\s*\/Font\b/.test(o.dict) && /\/Subtype\s*\/(Type0|TrueType|Type1)/.test(o.dict));
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect(f.dict).not.toMatch(/\/BaseFont\s*\/(Helvetica|Times|Courier|Symbol|ZapfDingbats)/);
    expect(raw).toMatch(/\/FontFile2 \d+ 0 R/);
    // The title names the kind of document, forum, date and sector; the identity never reaches the metadata.
    expect(raw).toContain('Overlevering');
    const daycare = (await pdfOf('daycare', 'consent', 'DAGTILBUD')).pdf;
    for (const secret of ['Emil', 'Sørensen', 'Skjultvej', CPR, '010120-1234']) {
      expect(pdfText(daycare)).not.toContain(secret);
      expect(daycare.toString('latin1')).not.toContain(secret);
    }
    expect(pdfText(daycare).replace(/\s+/g, ' ')).toContain('Samtykket omfatter ikke jeres sektor (Dagtilbud).');
  });
});

describe('hand-over packets: access and audit', () => {
  it('[HO7] another sector\'s packet, a guest, another forum, an outsider and a sector without a packet all get 404; refusals are on the record', async () => {
    const db = server.db.prisma;
    const refused: Array<[string, string]> = [
      ['chair', 'SKOLE'], // the chair, of social services, and the school's packet
      ['daycare', 'SKOLE'],
      ['guest', 'SKOLE'], // a guest of the school's sector
      ['other', 'ANDET'],
      ['elsewhere', 'SKOLE'],
      ['outsider', 'SKOLE'],
      ['ssp-police', 'POLITI'],
    ];
    for (const [who, sector] of refused) {
      for (const what of ['packet.pdf', 'packet.json']) {
        const res = await api[who]!.get(packetPath(meetingId, cases.consent.id, sector, what));
        expect(res.status, `${who} ${sector} ${what}`).toBe(404);
      }
      expect((await api[who]!.send('PUT', packetPath(meetingId, cases.consent.id, sector, 'filing'), {})).status, who).toBe(404);
    }
    // PPR has no packet about this case.
    expect((await api.ppr!.get(packetPath(meetingId, cases.consent.id, 'PPR'))).status).toBe(404);
    // Ids that are not ids, and an unknown sector, are bad requests; unknown ids are not found.
    expect((await api.school!.get(packetPath(meetingId, cases.consent.id, 'RECTOR'))).status).toBe(400);
    expect((await api.school!.get(packetPath(meetingId, 'no such case', 'SKOLE'))).status).toBe(400);
    expect((await api.school!.get(packetPath('unknownmeeting', cases.consent.id, 'SKOLE'))).status).toBe(404);
    expect((await api.elsewhere!.get(`/api/meetings/${meetingId}/handover`)).status).toBe(404);
    expect((await api.outsider!.get(`/api/meetings/${meetingId}/handover`)).status).toBe(404);
    const userOf: Record<string, string> = {
      chair: ssd.users.chair!.id, daycare: ssd.users.daycare!.id, guest: ssd.users.guest!.id, other: ssd.users.other!.id,
      elsewhere: elsewhere.users.member!.id, 'ssp-police': ssp.users.police!.id,
    };
    for (const [who, userId] of Object.entries(userOf)) {
      const denied = await db.auditEntry.findMany({ where: { userId, caseId: cases.consent.id, action: 'DENIED', criterion: { startsWith: 'handover:' } } });
      // pdf, json and filing, each refused and on the record.
      expect(denied.map((d) => d.criterion!.split(';')[0]).sort(), who).toEqual(['handover:file', 'handover:json', 'handover:pdf']);
    }
    // The policy's rule on its own.
    const actor = (m: Partial<ActorMembership>): Actor => ({
      userId: 'u', name: 'U', municipalityId: 'm', municipalRoles: [],
      memberships: new Map([['f', { forumId: 'f', forumType: 'SSD', sector: 'SKOLE', role: 'MEMBER', ...m }]]),
    });
    expect(can(actor({}), 'handover:read', { forumId: 'f', isCase: true, sector: 'SKOLE' })).toBe(true);
    expect(can(actor({}), 'handover:read', { forumId: 'f', isCase: true, sector: 'DAGTILBUD' })).toBe(false);
    expect(can(actor({ role: 'GUEST' }), 'handover:read', { forumId: 'f', isCase: true, sector: 'SKOLE' })).toBe(false);
    expect(can(actor({ sector: 'ANDET' }), 'handover:read', { forumId: 'f', isCase: true, sector: 'ANDET' })).toBe(false);
    expect(can(actor({ sector: 'POLITI' }), 'handover:read', { forumId: 'f', isCase: true, sector: 'POLITI' })).toBe(false);
    expect(can(actor({ sector: 'POLITI', forumType: 'SSP' }), 'handover:read', { forumId: 'f', isCase: true, sector: 'POLITI' })).toBe(true);
    expect(can(actor({}), 'handover:read', { forumId: 'other', isCase: true, sector: 'SKOLE' })).toBe(false);
    expect(can(actor({ role: 'CHAIR' }), 'handover:status', { forumId: 'f', isCase: true })).toBe(true);
    expect(can(actor({}), 'handover:status', { forumId: 'f', isCase: true })).toBe(false);
  });

  it('[HO8] every download is audited (EXPORT, purpose handover) before it is served; the file names carry the random reference, never child data', async () => {
    const db = server.db.prisma;
    const userId = ssd.users.school2!.id;
    const before = (await audits(cases.ssd.id, userId)).length;
    const { res } = await pdfOf('school2', 'ssd', 'SKOLE');
    const json = await fetch(`${server.url}${packetPath(meetingId, cases.ssd.id, 'SKOLE')}`, { headers: { cookie: api.school2!.cookie } });
    expect(json.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="overlevering-${cases.ssd.reference}-skole-2026-11-24.pdf"`);
    expect(json.headers.get('content-disposition')).toBe(`attachment; filename="overlevering-${cases.ssd.reference}-skole-2026-11-24.json"`);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const entries = (await audits(cases.ssd.id, userId)).slice(before);
    expect(entries.map((e) => [e.action, e.purpose, e.criterion, e.caseReference])).toEqual([
      ['EXPORT', 'handover', `meetingId=${meetingId};sector=SKOLE;format=pdf`, cases.ssd.reference],
      ['EXPORT', 'handover', `meetingId=${meetingId};sector=SKOLE;format=json`, cases.ssd.reference],
    ]);
    // The chair sees that the school has fetched it.
    const row = await db.handoverPacket.findUniqueOrThrow({ where: { meetingId_caseId_sector: { meetingId, caseId: cases.ssd.id, sector: 'SKOLE' } } });
    expect(row.firstDownloadedAt).not.toBeNull();
    const all = (await api.chair!.get<HandoverOverview>(`/api/meetings/${meetingId}/handover`)).body.all!;
    expect(all.find((c) => c.caseId === cases.ssd.id)!.packets.find((p) => p.sector === 'SKOLE')!.firstDownloadedAt).toBe(row.firstDownloadedAt!.toISOString());
  });
});

describe('hand-over packets: filing and tasks', () => {
  const tasksOf = async (who: string) => (await api[who]!.get<MyTasks & { handovers: HandoverTask[] }>('/api/me/tasks')).body.handovers;

  it('[HO9][HO10][HO11] an unfiled packet is a task for its sector\'s members until one files it; the chair sees who filed it and when', async () => {
    const db = server.db.prisma;
    // Both school members have the school's three packets to file; the guest and ANDET have none.
    for (const who of ['school', 'school2']) {
      const tasks = await tasksOf(who);
      const mine = tasks.filter((t) => t.meetingId === meetingId).map((t) => `${t.case.reference}:${t.sector}`).sort();
      expect(mine, who).toEqual([cases.consent, cases.ssd, cases.anon].map((c) => `${c.reference}:SKOLE`).sort());
      expect(tasks.filter((t) => t.meetingId === meetingId)).toHaveLength(3);
      expect(tasks[0]).toMatchObject({ forum: { id: ssd.forumId, name: 'SSD Nord' }, meetingStartsAt: '2026-11-24T08:00:00.000Z' });
    }
    expect(await tasksOf('guest')).toEqual([]);
    expect(await tasksOf('other')).toEqual([]);
    expect((await tasksOf('ssp-police')).map((t) => [t.case.reference, t.sector])).toEqual([[cases.ssp.reference, 'POLITI']]);

    // A CPR-shaped or over-long number is refused; nothing is stored.
    const filing = packetPath(meetingId, cases.consent.id, 'SKOLE', 'filing');
    expect((await api.school!.send('PUT', filing, { externalReference: '010120-1234' })).body).toMatchObject({ error: 'invalid_input', fields: ['externalReference'] });
    expect((await api.school!.send('PUT', filing, { externalReference: 'x'.repeat(41) })).status).toBe(400);
    expect((await api.school!.send('PUT', filing, { externalReference: 'E-2026/118', extra: 1 })).status).toBe(400);

    expect((await api.school!.send('PUT', filing, { externalReference: 'E-2026/118' })).status).toBe(204);
    for (const who of ['school', 'school2']) {
      const refs = (await tasksOf(who)).filter((t) => t.meetingId === meetingId).map((t) => t.case.reference);
      expect(refs, who).not.toContain(cases.consent.reference);
      expect(refs, who).toHaveLength(2);
    }
    // Other sectors still have theirs.
    expect((await tasksOf('nurse')).map((t) => t.case.reference)).toContain(cases.consent.reference);

    const chairView = (await api.chair!.get<HandoverOverview>(`/api/meetings/${meetingId}/handover`)).body;
    const filed = chairView.all!.find((c) => c.caseId === cases.consent.id)!.packets.find((p) => p.sector === 'SKOLE')!;
    expect(filed.filing).toMatchObject({ filedBy: { name: 'Anna Jensen', sector: 'SKOLE' }, externalReference: 'E-2026/118' });
    expect(Date.now() - Date.parse(filed.filing!.filedAt)).toBeLessThan(60_000);
    expect(chairView.all!.find((c) => c.caseId === cases.consent.id)!.packets.find((p) => p.sector === 'DAGTILBUD')!.filing).toBeNull();
    // The school's other member sees it filed too.
    const school2 = (await api.school2!.get<HandoverOverview>(`/api/meetings/${meetingId}/handover`)).body;
    expect(school2.mine.find((p) => p.caseId === cases.consent.id)!.filing?.filedBy?.name).toBe('Anna Jensen');

    // Filed by mistake: taken back, the task returns; filed again without a number.
    expect((await api.school2!.send('DELETE', filing)).status).toBe(204);
    expect((await tasksOf('school')).map((t) => t.case.reference)).toContain(cases.consent.reference);
    expect((await api.school2!.send('PUT', filing, {})).status).toBe(204);
    expect((await tasksOf('school')).map((t) => t.case.reference)).not.toContain(cases.consent.reference);
    const again = (await api.chair!.get<HandoverOverview>(`/api/meetings/${meetingId}/handover`)).body.all!;
    expect(again.find((c) => c.caseId === cases.consent.id)!.packets.find((p) => p.sector === 'SKOLE')!.filing).toMatchObject({ filedBy: { name: 'Bo Berg' }, externalReference: null });

    const updates = await db.auditEntry.findMany({ where: { caseId: cases.consent.id, action: 'UPDATE', purpose: 'handover' }, orderBy: { id: 'asc' } });
    expect(updates.map((u) => [u.userId, u.criterion])).toEqual([
      [ssd.users.school!.id, `meetingId=${meetingId};sector=SKOLE;filed;externalReference=E-2026/118`],
      [ssd.users.school2!.id, `meetingId=${meetingId};sector=SKOLE;unfiled`],
      [ssd.users.school2!.id, `meetingId=${meetingId};sector=SKOLE;filed;externalReference=`],
    ]);

    // Leaving the forum takes the tasks away.
    await db.membership.delete({ where: { userId_forumId: { userId: ssd.users.school2!.id, forumId: ssd.forumId } } });
    expect(await tasksOf('school2')).toEqual([]);
    expect((await api.school2!.get(packetPath(meetingId, cases.ssd.id, 'SKOLE'))).status).toBe(404);
  });

  it('[HO11] packets of a closed meeting nobody opened yet appear in the tasks at once', async () => {
    const db = server.db.prisma;
    const kase = await createCase(db, ssd.forumId, ssd.users.chair!.id, { description: 'dreng, 5 år' });
    await writeCase(ssd, kase, 'nurse', { concern: 'Sover dårligt.', actions: [{ title: 'Søvnplan', by: 'nurse' }] });
    const m = await runMeeting(ssd, api.chair!, [kase.id], ['chair', 'nurse'], [{ level: 2, sosScale: 7, followUp: null, noFollowUpReason: 'Ingen' }]);
    expect((await api.chair!.send('POST', `/api/meetings/${m}/close`)).status).toBe(204);
    expect(await db.handoverPacket.count({ where: { meetingId: m } })).toBe(0);
    expect((await tasksOf('nurse')).filter((t) => t.meetingId === m).map((t) => t.case.reference)).toEqual([kase.reference]);
    expect((await db.handoverPacket.findMany({ where: { meetingId: m } })).map((p) => p.sector).sort()).toEqual(['SOCIAL', 'SUNDHEDSPLEJE']);
    expect((await tasksOf('school')).filter((t) => t.meetingId === m)).toEqual([]);
  });
});
