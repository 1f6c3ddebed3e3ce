/**
 * A case meeting by meeting (docs/SPEC.md, VR1-VR3): two meetings conclude the same case over HTTP while real Yjs
 * clients type its content; each version reads back as it was, "Ændret siden sidste møde" names who added and
 * who had written what was removed, and the versions are read only by the forum's members (not guests, not
 * other forums), every read audited, deleted with the case and reduced to its figures when the case is anonymised.
 */
import crypto from 'node:crypto';
import sharp from 'sharp';
import { createElement, type ComponentType } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CaseChanges, CaseDocContent, CaseVersionContent, CaseVersionList, CaseVersionView, MeetingDetail } from '../shared/api.js';
import { CASE_DOC } from '../shared/caseDoc.js';
import { readCaseContent } from '../server/features/cases/content.js';
import { anonymiseCase } from '../server/features/retention/service.js';
import { addDays, todayInCopenhagen } from '../server/features/tasks/dates.js';
import { diffConcern, diffContent, diffSequences, MAX_DIFF_CELLS } from '../server/features/versions/diff.js';
import { apiAs, type ApiClient } from './helpers/api.js';
import { connectWriter, entry, paragraph } from './helpers/case-document.js';
import { eventually, type TestProvider } from './helpers/clients.js';
import { createCase, createMeeting } from './helpers/domain-factories.js';
import { createForum, createOutsider, type TestForum } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let forum: TestForum;
let elsewhere: TestForum;
let chair: ApiClient;
let school: ApiClient;
let guest: ApiClient;
let police: ApiClient;
let stranger: ApiClient;
let outsider: ApiClient;
const open: TestProvider[] = [];

const DAY = 24 * 60 * 60 * 1000;
const today = () => todayInCopenhagen();

beforeAll(async () => {
  server = await startTestServer();
  const db = server.db.prisma;
  forum = await createForum(db, {
    chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Ahmed Nielsen' },
    school: { sector: 'SKOLE', role: 'MEMBER', name: 'Anna Jensen' },
    nurse: { sector: 'SUNDHEDSPLEJE', role: 'MEMBER', name: 'Sara Lind' },
    guest: { sector: 'ANDET', role: 'GUEST', name: 'Gæst' },
    // A4: a police membership outside SSP (written directly; the administration refuses it) reaches no case.
    police: { sector: 'POLITI', role: 'MEMBER', name: 'Politi' },
  });
  elsewhere = await createForum(db, { other: { sector: 'SKOLE', role: 'CHAIR', name: 'Anden Skole' } }, { municipalityId: forum.municipalityId });
  const lonely = await createOutsider(db, forum.municipalityId);
  [chair, school, guest, police, stranger, outsider] = await Promise.all([
    apiAs(server.url, server.origin, forum.users.chair!.email),
    apiAs(server.url, server.origin, forum.users.school!.email),
    apiAs(server.url, server.origin, forum.users.guest!.email),
    apiAs(server.url, server.origin, forum.users.police!.email),
    apiAs(server.url, server.origin, elsewhere.users.other!.email),
    apiAs(server.url, server.origin, lonely.email),
  ]);
});
afterAll(async () => {
  for (const p of open.splice(0)) p.destroy();
  await server?.close();
});

const writer = (key: string, docName: string): Promise<TestProvider> => connectWriter(server, forum.users[key]!.email, docName, open);

const firstText = (doc: Y.Doc) => (doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText;
const actionMap = (doc: Y.Doc, title: string) => doc.getArray<Y.Map<unknown>>('actions').toArray().find((m) => m.get('title') === title)!;

/** Runs a meeting of the forum with this one case and concludes it over HTTP. */
async function concludeInMeeting(caseId: string, startsAt: Date, level: number, sosScale: number, outcome: string) {
  const db = server.db.prisma;
  const meeting = await createMeeting(db, forum.forumId, { startsAt });
  expect((await chair.send('POST', `/api/meetings/${meeting.id}/agenda`, { caseId })).status).toBe(204);
  const { chair: c, school: s, nurse: n } = forum.users;
  expect((await chair.send('PUT', `/api/meetings/${meeting.id}/participants`, { userIds: [c!.id, s!.id, n!.id], guestLabels: ['Mor'] })).status).toBe(204);
  expect((await chair.send('POST', `/api/meetings/${meeting.id}/start`)).status).toBe(204);
  const [item] = (await chair.get<MeetingDetail>(`/api/meetings/${meeting.id}`)).body.agenda;
  const followUp = { dueDate: addDays(today(), 30), responsibleUserId: s!.id };
  expect((await chair.send('POST', `/api/meetings/${meeting.id}/items/${item!.id}/conclude`, { level, sosScale, outcome, followUp })).status).toBe(204);
  expect((await chair.send('POST', `/api/meetings/${meeting.id}/close`)).status).toBe(204);
  return { meeting, followUp };
}

/** Waits until the server has committed what the clients wrote. */
async function stored(documentId: string, check: (content: CaseDocContent) => void) {
  await eventually(async () => check(await readCaseContent(server.db.prisma, documentId, forum.forumId)));
}

const concernText = (content: { concern: CaseDocContent['concern'] }) => content.concern.map((p) => p.map((r) => r.text).join('')).join('\n');

describe('a case meeting by meeting', () => {
  it('[VR1][VR2][VR3] two meetings keep two versions, each readable as it was; changes since the last name who added and who had written what was removed', async () => {
    const db = server.db.prisma;
    const users = forum.users;
    const kase = await createCase(db, forum.forumId, users.chair!.id, { description: 'dreng, 7 år, skole i distrikt Nord' });
    const { docName } = await db.document.findUniqueOrThrow({ where: { id: kase.documentId } });

    // Before the first meeting: the school writes the note, the map and the plan.
    const s = await writer('school', docName);
    s.doc.transact(() => {
      s.doc.getXmlFragment('prosemirror').push([paragraph('Kommer ofte sent og virker træt. ')]);
      const sos = s.doc.getMap<unknown>('sos');
      const worries = new Y.Array<Y.Map<unknown>>();
      sos.set('worries', worries);
      worries.push([entry({ text: 'Mange fraværsdage' }), entry({ text: 'Træthed om morgenen' })]);
      const strengths = new Y.Array<Y.Map<unknown>>();
      sos.set('strengths', strengths);
      strengths.push([entry({ text: 'God kontakt til læreren' })]);
      s.doc.getText('voice').insert(0, 'Jeg kan godt lide frikvarteret.');
      s.doc.getArray('actions').push([
        entry({ title: 'Samtale med forældre', responsibleUserId: users.school!.id, ladderStep: 0, dueDate: addDays(today(), 10), status: 'PLANNED' }),
        entry({ title: 'Fraværsopfølgning', responsibleUserId: users.school!.id, ladderStep: 0, dueDate: addDays(today(), -3), status: 'IN_PROGRESS' }),
      ]);
    });
    await stored(kase.documentId, (c) => {
      expect(c.concern).toHaveLength(1);
      expect(c.actions).toHaveLength(2);
    });

    const first = await concludeInMeeting(kase.id, new Date(Date.now() - 14 * DAY), 3, 6, 'Skolen taler med forældrene.');

    // Between the meetings: the health visitor adds to the school's paragraph and writes one of her own; the
    // school takes a word out of its own text; the map and the plan change.
    const n = await writer('nurse', docName);
    await eventually(() => expect(n.doc.getXmlFragment('prosemirror').length).toBe(1));
    n.doc.transact(() => {
      const text = firstText(n.doc);
      text.insert(text.length, 'Vægten er faldet.');
      n.doc.getXmlFragment('prosemirror').push([paragraph('Mor fortæller om søvnbesvær.')]);
      (n.doc.getMap<unknown>('sos').get('worries') as Y.Array<Y.Map<unknown>>).push([entry({ text: 'Vægttab' })]);
    });
    await eventually(() => expect(firstText(s.doc).toString()).toContain('Vægten'));
    s.doc.transact(() => {
      const text = firstText(s.doc);
      const at = text.toString().indexOf('ofte ');
      text.delete(at, 'ofte '.length);
      (s.doc.getMap<unknown>('sos').get('worries') as Y.Array<Y.Map<unknown>>).delete(1, 1); // "Træthed om morgenen"
      actionMap(s.doc, 'Samtale med forældre').set('status', 'DONE');
      s.doc.getArray('actions').push([
        entry({ title: 'Hjemmebesøg', responsibleUserId: users.nurse!.id, ladderStep: 2, dueDate: addDays(today(), 20), status: 'PLANNED' }),
      ]);
    });
    await stored(kase.documentId, (c) => {
      expect(concernText(c)).toBe('Kommer sent og virker træt. Vægten er faldet.\nMor fortæller om søvnbesvær.');
      expect(c.actions).toHaveLength(3);
      expect(c.actions.find((a) => a.title === 'Samtale med forældre')?.status).toBe('DONE');
      expect(c.sos.worries.map((p) => p.text)).toEqual(['Mange fraværsdage', 'Vægttab']);
    });

    // VR3: compared with the first meeting's version.
    const changes = await school.get<CaseChanges>(`/api/cases/${kase.id}/changes`);
    expect(changes.status).toBe(200);
    const ch = changes.body;
    expect(ch.since).toMatchObject({ meetingId: first.meeting.id, meetingStartsAt: first.meeting.startsAt.toISOString() });
    expect(ch.today).toBe(today());
    const byWriter = Object.fromEntries(ch.concern.map((c) => [c.writerId, c]));
    expect(byWriter[users.nurse!.id]).toEqual({ writerId: users.nurse!.id, added: ['Vægten er faldet.', 'Mor fortæller om søvnbesvær.'], removed: [] });
    expect(byWriter[users.school!.id]).toEqual({ writerId: users.school!.id, added: [], removed: ['ofte'] });
    expect(ch.concern).toHaveLength(2);
    expect(ch.writers[users.nurse!.id]).toEqual({ name: 'Sara Lind', sector: 'SUNDHEDSPLEJE' });
    expect(ch.writers[users.school!.id]).toEqual({ name: 'Anna Jensen', sector: 'SKOLE' });
    expect(ch.sos.added).toEqual([{ column: 'worries', text: 'Vægttab', addedById: users.nurse!.id }]);
    expect(ch.sos.removed).toEqual([{ column: 'worries', text: 'Træthed om morgenen', addedById: users.school!.id }]);
    expect(ch.sos.changed).toEqual([]);
    expect(ch.actions.added.map((a) => [a.title, a.responsibleUserId, a.addedById])).toEqual([['Hjemmebesøg', users.nurse!.id, users.school!.id]]);
    expect(ch.actions.done.map((a) => a.title)).toEqual(['Samtale med forældre']);
    expect(ch.actions.overdue.map((a) => [a.title, a.dueDate])).toEqual([['Fraværsopfølgning', addDays(today(), -3)]]);
    expect(ch.actions.removed).toEqual([]);
    expect(ch.voice).toBeNull();
    expect(ch.level).toEqual({ then: 3, now: 3 });
    expect(ch.sosScale).toEqual({ then: 6, now: 6 });
    expect(ch.basis).toEqual({ then: 'ANONYMOUS', now: 'ANONYMOUS' });

    const second = await concludeInMeeting(kase.id, new Date(), 2, 8, 'Sundhedsplejen følger vægten.');

    // After the second meeting the document changes again: neither version follows it.
    s.doc.getXmlFragment('prosemirror').push([paragraph('Skrevet efter andet møde.')]);
    await stored(kase.documentId, (c) => expect(c.concern).toHaveLength(3));

    // VR2: both versions, oldest first, with what the timeline and the conclude dialog need.
    const list = await school.get<CaseVersionList>(`/api/cases/${kase.id}/versions`);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ caseId: kase.id, reference: kase.reference, current: { level: 2, sosScale: 8, basis: 'ANONYMOUS' } });
    expect(list.body.levelLabels).toHaveLength(5);
    expect(list.body.versions.map((v) => [v.meetingId, v.level, v.sosScale, v.basis, v.outcome])).toEqual([
      [first.meeting.id, 3, 6, 'ANONYMOUS', 'Skolen taler med forældrene.'],
      [second.meeting.id, 2, 8, 'ANONYMOUS', 'Sundhedsplejen følger vægten.'],
    ]);
    expect(list.body.versions[0]).toMatchObject({
      meetingStartsAt: first.meeting.startsAt.toISOString(),
      forumName: 'SSD Test',
      concludedBy: { name: 'Ahmed Nielsen', sector: 'SOCIAL' },
      followUp: { dueDate: first.followUp.dueDate, responsible: { name: 'Anna Jensen', sector: 'SKOLE' } },
      noFollowUpReason: null,
    });

    // Each version as it was, by writer.
    const v1 = (await school.get<CaseVersionView>(`/api/cases/${kase.id}/versions/${first.meeting.id}`)).body;
    expect(concernText(v1.content)).toBe('Kommer ofte sent og virker træt. ');
    expect(v1.content.concern[0]!.every((r) => r.writerId === users.school!.id)).toBe(true);
    expect(v1.content.sos.worries.map((p) => p.text)).toEqual(['Mange fraværsdage', 'Træthed om morgenen']);
    expect(v1.content.actions.map((a) => [a.title, a.status])).toEqual([['Samtale med forældre', 'PLANNED'], ['Fraværsopfølgning', 'IN_PROGRESS']]);
    expect(v1.content.voice.text).toBe('Jeg kan godt lide frikvarteret.');
    expect(v1.content.participants).toEqual([
      { name: 'Ahmed Nielsen', sector: 'SOCIAL' },
      { name: 'Anna Jensen', sector: 'SKOLE' },
      { name: 'Sara Lind', sector: 'SUNDHEDSPLEJE' },
      { name: 'Mor', sector: null },
    ]);
    expect(v1).toMatchObject({ level: 3, sosScale: 6, basis: 'ANONYMOUS', outcome: 'Skolen taler med forældrene.' });

    const v2 = (await school.get<CaseVersionView>(`/api/cases/${kase.id}/versions/${second.meeting.id}`)).body;
    expect(concernText(v2.content)).toBe('Kommer sent og virker træt. Vægten er faldet.\nMor fortæller om søvnbesvær.');
    expect(v2.content.concern[0]!.map((r) => [r.text, r.writerId])).toEqual([
      ['Kommer sent og virker træt. ', users.school!.id],
      ['Vægten er faldet.', users.nurse!.id],
    ]);
    expect(v2.content.writers[users.nurse!.id]).toEqual({ name: 'Sara Lind', sector: 'SUNDHEDSPLEJE' });
    expect(v2.content.actions.map((a) => a.title)).toEqual(['Samtale med forældre', 'Fraværsopfølgning', 'Hjemmebesøg']);
    expect(v2).toMatchObject({ level: 2, sosScale: 8, outcome: 'Sundhedsplejen følger vægten.' });
    for (const v of [v1, v2]) expect(concernText(v.content)).not.toContain('efter andet møde');

    // Changes are now counted from the second meeting.
    const after = (await school.get<CaseChanges>(`/api/cases/${kase.id}/changes`)).body;
    expect(after.since?.meetingId).toBe(second.meeting.id);
    expect(after.concern).toEqual([{ writerId: users.school!.id, added: ['Skrevet efter andet møde.'], removed: [] }]);
    expect(after.actions.added).toEqual([]);
    expect(after.actions.done).toEqual([]);
    expect(after.actions.overdue.map((a) => a.title)).toEqual(['Fraværsopfølgning']);
    expect(after.level).toEqual({ then: 2, now: 2 });

    // A meeting that kept no version of this case is 404, like an unknown one.
    const unrelated = await createMeeting(db, forum.forumId, { startsAt: new Date() });
    expect((await school.get(`/api/cases/${kase.id}/versions/${unrelated.id}`)).status).toBe(404);
    expect((await school.get(`/api/cases/${kase.id}/versions/nope`)).status).toBe(404);
  });

  it('[VR1][VR2][FA5] a version keeps the child\'s Three Houses as they were; the case page\'s version view shows them, the old voice above them, and a version from before them shows the voice alone', async () => {
    const db = server.db.prisma;
    const kase = await createCase(db, forum.forumId, forum.users.chair!.id, { description: 'pige, 8 år, skole i distrikt Nord' });
    const { docName } = await db.document.findUniqueOrThrow({ where: { id: kase.documentId } });
    const s = await writer('school', docName);
    s.doc.transact(() => {
      s.doc.getText(CASE_DOC.voice).insert(0, 'Jeg vil gerne have en kat.');
      s.doc.getText(CASE_DOC.houseWorries).insert(0, 'Når jeg skal sove alene.');
      s.doc.getText(CASE_DOC.houseGood).insert(0, 'Min bedste ven Sofie.');
      s.doc.getArray(CASE_DOC.houseTalks).push([new Y.Map<unknown>([['id', 'talk-1'], ['by', 'Anna Jensen, lærer'], ['on', '2026-11-20']])]);
    });
    await stored(kase.documentId, (c) => expect(c.houses?.talks).toHaveLength(1));
    const { meeting } = await concludeInMeeting(kase.id, new Date(Date.now() - 2 * DAY), 2, 7, 'Skolen følger op.');
    // After the meeting: today's houses differ, the version keeps them as they were.
    s.doc.transact(() => s.doc.getText(CASE_DOC.houseDreams).insert(0, 'Skrevet efter mødet.'));
    await stored(kase.documentId, (c) => expect(c.houses?.dreams).toBe('Skrevet efter mødet.'));

    const res = await school.get<CaseVersionView>(`/api/cases/${kase.id}/versions/${meeting.id}`);
    expect(res.status).toBe(200);
    expect(res.body.content.houses).toEqual({
      worries: 'Når jeg skal sove alene.', good: 'Min bedste ven Sofie.', dreams: '', talks: [{ id: 'talk-1', by: 'Anna Jensen, lærer', on: '2026-11-20' }],
    });

    // VR2: the case page's view of the version (web/src/features/versions/VersionView.tsx), rendered as the browser gets it.
    const path = '../web/src/features/versions/VersionView.tsx';
    const { VersionBody } = (await import(/* @vite-ignore */ path)) as { VersionBody: ComponentType<{ version: CaseVersionView; headingLevel: 3 | 4 }> };
    const render = (version: CaseVersionView) => {
      const html = renderToStaticMarkup(createElement(VersionBody, { version, headingLevel: 3 }));
      const text = html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
      return { html, text };
    };
    const { html, text } = render(res.body);
    for (const expected of [
      'Barnets tre huse', 'Barnets stemme »Jeg vil gerne have en kat.«', 'Bekymringernes hus »Når jeg skal sove alene.«',
      'De gode tings hus »Min bedste ven Sofie.«', 'Drømmenes hus Intet skrevet.', 'Talt med barnet: Anna Jensen, lærer, 20. nov. 2026',
    ]) {
      expect(text, expected).toContain(expected);
    }
    expect(text).not.toContain('Skrevet efter mødet');
    expect(html).toContain('data-testid="version-houses"');
    expect(text.indexOf('Barnets stemme')).toBeLessThan(text.indexOf('Bekymringernes hus'));
    expect(text.indexOf('Drømmenes hus')).toBeLessThan(text.indexOf('Netværk'));

    // A version kept before the houses existed has none: the voice alone, as before.
    const { houses: _houses, ...before } = res.body.content;
    const old = render({ ...res.body, content: before as CaseVersionContent });
    expect(old.text).toContain('Barnets stemme »Jeg vil gerne have en kat.«');
    expect(old.text).not.toContain('Barnets tre huse');
    expect(old.html).not.toContain('version-houses');
  });

  it('[FA9][VR2] each version shows the drawings as they were at its meeting: replaced or removed later, the old version keeps its own; each image stored once; concluding again keeps anew', async () => {
    const db = server.db.prisma;
    const kase = await createCase(db, forum.forumId, forum.users.chair!.id, { description: 'dreng, 6 år, skole i distrikt Syd' });
    const jpeg = (width: number, height: number, background: string) => sharp({ create: { width, height, channels: 3, background } }).jpeg().toBuffer();
    const upload = async (house: string, bytes: Buffer) => {
      const res = await fetch(`${server.url}/api/cases/${kase.id}/family/drawings/${house}`, {
        method: 'PUT',
        headers: { cookie: school.cookie, origin: server.origin, 'content-type': 'image/jpeg' },
        body: new Uint8Array(bytes),
      });
      expect(res.status).toBe(201);
      return (await res.json()) as { id: string };
    };
    const get = async (as: ApiClient, url: string) => {
      const res = await fetch(`${server.url}${url}`, { headers: { cookie: as.cookie } });
      return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
    };
    const stored = async (id: string) => Buffer.from((await db.childDrawing.findUniqueOrThrow({ where: { id } })).data);

    // Meeting 1: a worries drawing (kept unchanged through both meetings) and a red "good" one.
    const worries = await upload('worries', await jpeg(120, 90, '#2255aa'));
    const red = await upload('good', await jpeg(300, 200, '#cc0000'));
    const redBytes = await stored(red.id);
    const { meeting: first } = await concludeInMeeting(kase.id, new Date(Date.now() - 3 * DAY), 3, 5, 'Tegningerne drøftet.');
    // Meeting 2: the good one replaced by a blue one, a dreams drawing added.
    const blue = await upload('good', await jpeg(400, 100, '#0000cc'));
    const green = await upload('dreams', await jpeg(200, 200, '#00aa00'));
    const { meeting: second } = await concludeInMeeting(kase.id, new Date(Date.now() - 1 * DAY), 3, 6, 'Igen.');
    // After both: the good drawing removed from the case.
    expect((await fetch(`${server.url}/api/cases/${kase.id}/family/drawings/good`, { method: 'DELETE', headers: { cookie: school.cookie, origin: server.origin } })).status).toBe(204);

    const v1 = (await school.get<CaseVersionView>(`/api/cases/${kase.id}/versions/${first.id}`)).body;
    expect(v1.drawings).toEqual({
      worries: expect.objectContaining({ id: worries.id, width: 120, height: 90 }),
      good: expect.objectContaining({ id: red.id, width: 300, height: 200, url: `/api/cases/${kase.id}/versions/${first.id}/drawings/good?v=${red.id}` }),
      dreams: null,
    });
    const v2 = (await school.get<CaseVersionView>(`/api/cases/${kase.id}/versions/${second.id}`)).body;
    expect(v2.drawings).toEqual({
      worries: expect.objectContaining({ id: worries.id }),
      good: expect.objectContaining({ id: blue.id, width: 400, height: 100 }),
      dreams: expect.objectContaining({ id: green.id }),
    });
    // The first meeting's red drawing, byte for byte, though the case has no good drawing any more.
    const image = await get(school, v1.drawings!.good!.url);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expect(image.headers.get('cache-control')).toBe('private, no-store');
    expect(image.bytes.equals(redBytes)).toBe(true);
    expect((await get(school, `/api/cases/${kase.id}/family/drawings/good`)).status).toBe(404);
    expect((await get(school, `/api/cases/${kase.id}/versions/${first.id}/drawings/dreams`)).status).toBe(404);
    // Stored once each, however many versions show it.
    const kept = await db.keptDrawing.findMany({ where: { caseId: kase.id }, select: { id: true } });
    expect(kept.map((k) => k.id).sort()).toEqual([worries.id, red.id, blue.id, green.id].sort());
    expect(await db.caseVersionDrawing.count({ where: { caseId: kase.id } })).toBe(5);

    // Concluding the second meeting again keeps the drawings as they are then; one no version shows goes.
    const yellow = await upload('dreams', await jpeg(50, 50, '#dddd00'));
    await server.db.pool.query(`UPDATE "CaseVersion" SET "concludedAt" = now() WHERE "caseId" = $1 AND "meetingId" = $2`, [kase.id, second.id]);
    const again = (await school.get<CaseVersionView>(`/api/cases/${kase.id}/versions/${second.id}`)).body;
    expect(again.drawings).toEqual({ worries: expect.objectContaining({ id: worries.id }), good: null, dreams: expect.objectContaining({ id: yellow.id }) });
    expect((await db.keptDrawing.findMany({ where: { caseId: kase.id }, select: { id: true } })).map((k) => k.id).sort()).toEqual([worries.id, red.id, yellow.id].sort());

    // VR2's readers only: a guest, another forum and a user of no forum get 404; reads and refusals audited.
    for (const as of [guest, stranger, outsider, police]) expect((await get(as, v1.drawings!.good!.url)).status).toBe(404);
    const audits = await db.auditEntry.findMany({ where: { caseId: kase.id, purpose: 'three-houses-drawing', criterion: `meetingId=${first.id};house=good` } });
    expect(audits.map((a) => [a.userId, a.action])).toEqual([[forum.users.school!.id, 'READ']]);
    expect(await db.auditEntry.count({ where: { caseId: kase.id, action: 'DENIED', criterion: `three-houses-drawing;meetingId=${first.id};house=good` } })).toBe(4);

    // The case page's version view shows the version's drawing; a version from before FA9 says it kept none.
    const path = '../web/src/features/versions/VersionView.tsx';
    const { VersionBody } = (await import(/* @vite-ignore */ path)) as { VersionBody: ComponentType<{ version: CaseVersionView; headingLevel: 3 | 4 }> };
    const withHouses = { ...v1, content: { ...v1.content, houses: { worries: 'Mørke', good: 'Cykel', dreams: '', talks: [] } } };
    const html = renderToStaticMarkup(createElement(VersionBody, { version: withHouses, headingLevel: 3 }));
    expect(html).toContain(`src="/api/cases/${kase.id}/versions/${first.id}/drawings/good?v=${red.id}"`);
    expect(html).toContain('alt="Barnets tegning i De gode tings hus, som den var på mødet"');
    expect(html).not.toContain('data-testid="version-drawing-dreams"');
    await db.caseVersion.update({ where: { caseId_meetingId: { caseId: kase.id, meetingId: first.id } }, data: { drawingsKept: false } });
    const before = (await school.get<CaseVersionView>(`/api/cases/${kase.id}/versions/${first.id}`)).body;
    expect(before.drawings).toBeNull();
    const oldHtml = renderToStaticMarkup(createElement(VersionBody, { version: { ...before, content: withHouses.content }, headingLevel: 3 }));
    expect(oldHtml).toContain('Tegningerne blev ikke gemt med mødet');
    expect(oldHtml).not.toContain('version-drawing-');
  });

  it('[FA9][RT1][RT3] the drawings kept with versions go when retention deletes the case, and when it anonymises it', async () => {
    const db = server.db.prisma;
    const make = async () => {
      const kase = await createCase(db, forum.forumId, forum.users.chair!.id);
      const bytes = await sharp({ create: { width: 80, height: 60, channels: 3, background: '#884400' } }).jpeg().toBuffer();
      const res = await fetch(`${server.url}/api/cases/${kase.id}/family/drawings/good`, {
        method: 'PUT',
        headers: { cookie: school.cookie, origin: server.origin, 'content-type': 'image/jpeg' },
        body: new Uint8Array(bytes),
      });
      expect(res.status).toBe(201);
      await concludeInMeeting(kase.id, new Date(), 2, 7, 'Fint.');
      expect(await db.keptDrawing.count({ where: { caseId: kase.id } })).toBe(1); // the test can fail
      expect((await chair.send('POST', `/api/cases/${kase.id}/close`)).status).toBe(204);
      return kase;
    };
    const anonymised = await make();
    const row = await db.case.findUniqueOrThrow({ where: { id: anonymised.id }, select: { id: true, reference: true, documentId: true, healthDocumentId: true } });
    await anonymiseCase(server.db.pool, row);
    expect(await db.caseVersion.count({ where: { caseId: anonymised.id } })).toBe(1);
    expect(await db.keptDrawing.count({ where: { caseId: anonymised.id } })).toBe(0);
    expect(await db.caseVersionDrawing.count({ where: { caseId: anonymised.id } })).toBe(0);

    const deleted = await make();
    const longAgo = new Date();
    longAgo.setUTCMonth(longAgo.getUTCMonth() - 13);
    await db.case.update({ where: { id: deleted.id }, data: { closedAt: longAgo } });
    await server.runJob('retention');
    expect(await db.case.count({ where: { id: deleted.id } })).toBe(0);
    expect(await db.keptDrawing.count({ where: { caseId: deleted.id } })).toBe(0);
    expect(await db.caseVersionDrawing.count({ where: { caseId: deleted.id } })).toBe(0);
  });

  it('[VR2][VR3] a case without versions: an empty list starting from its current values, and no changes to show', async () => {
    const db = server.db.prisma;
    const kase = await createCase(db, forum.forumId, forum.users.chair!.id);
    const list = await chair.get<CaseVersionList>(`/api/cases/${kase.id}/versions`);
    expect(list.status).toBe(200);
    expect(list.body.versions).toEqual([]);
    expect(list.body.current).toEqual({ level: null, sosScale: null, basis: 'ANONYMOUS' });
    const changes = await chair.get<CaseChanges>(`/api/cases/${kase.id}/changes`);
    expect(changes.status).toBe(200);
    expect(changes.body).toMatchObject({ since: null, concern: [], level: null, basis: null, actions: { added: [], done: [], overdue: [] } });
  });

  it('[VR2] a guest, a member of another forum, police outside SSP and a user of no forum get 404, like an unknown case; each refusal is audited', async () => {
    const db = server.db.prisma;
    const kase = await createCase(db, forum.forumId, forum.users.chair!.id);
    const { meeting } = await concludeInMeeting(kase.id, new Date(), 2, 7, 'Ok.');
    const paths = [`/api/cases/${kase.id}/versions`, `/api/cases/${kase.id}/versions/${meeting.id}`, `/api/cases/${kase.id}/changes`];
    for (const path of paths) {
      expect((await school.get(path)).status, path).toBe(200);
      for (const [who, client] of [['guest', guest], ['police', police], ['other forum', stranger], ['no forum', outsider]] as const) {
        const res = await client.get<{ error: string }>(path);
        expect(res.status, `${who} ${path}`).toBe(404);
        expect(res.body).toEqual({ error: 'not_found' });
      }
    }
    const unknown = ['/api/cases/c0000000000000000000000/versions', '/api/cases/c0000000000000000000000/changes'];
    for (const path of unknown) expect((await school.get(path)).status).toBe(404);
    // Malformed ids are refused before anything is read, naming the field, never its value.
    const bad = await school.get<{ error: string; fields: string[] }>(`/api/cases/${encodeURIComponent('x;drop')}/versions`);
    expect(bad).toEqual({ status: 400, body: { error: 'invalid_input', fields: ['caseId'] } });
    // Logged out: 401.
    expect((await fetch(`${server.url}${paths[0]}`)).status).toBe(401);

    const denied = await db.auditEntry.findMany({ where: { caseId: kase.id, action: 'DENIED' }, select: { userId: true, criterion: true } });
    for (const user of [forum.users.guest!, forum.users.police!, elsewhere.users.other!]) {
      expect(denied.filter((d) => d.userId === user.id).map((d) => d.criterion).sort()).toEqual(['case-changes', 'case-version', 'case-versions']);
    }
    expect(await db.auditEntry.count({ where: { caseId: kase.id, action: 'READ', userId: { in: [forum.users.guest!.id, forum.users.police!.id, elsewhere.users.other!.id] } } })).toBe(0);
  });

  it('[VR2][VR3] every read of a version, the list and the changes is audited with its purpose, ids only', async () => {
    const db = server.db.prisma;
    const kase = await createCase(db, forum.forumId, forum.users.chair!.id);
    const { meeting } = await concludeInMeeting(kase.id, new Date(), 1, 9, 'Trives.');
    const reads = () =>
      db.auditEntry.findMany({
        where: { caseId: kase.id, userId: forum.users.school!.id, action: 'READ' },
        orderBy: { id: 'asc' },
        select: { purpose: true, criterion: true, caseReference: true },
      });
    expect(await reads()).toEqual([]);
    await school.get(`/api/cases/${kase.id}/versions`);
    await school.get(`/api/cases/${kase.id}/versions/${meeting.id}`);
    await school.get(`/api/cases/${kase.id}/changes`);
    await school.get(`/api/cases/${kase.id}/versions`);
    expect(await reads()).toEqual([
      { purpose: 'case-versions', criterion: null, caseReference: kase.reference },
      { purpose: 'case-version', criterion: `meetingId=${meeting.id}`, caseReference: kase.reference },
      { purpose: 'case-changes', criterion: null, caseReference: kase.reference },
      { purpose: 'case-versions', criterion: null, caseReference: kase.reference },
    ]);
  });

  it('[VR1][VR2] retention: deleting a closed case deletes its versions', async () => {
    const db = server.db.prisma;
    const kase = await createCase(db, forum.forumId, forum.users.chair!.id);
    await concludeInMeeting(kase.id, new Date(), 4, 3, 'Underretning drøftet.');
    expect(await db.caseVersion.count({ where: { caseId: kase.id } })).toBe(1);
    expect((await chair.send('POST', `/api/cases/${kase.id}/close`)).status).toBe(204);
    const longAgo = new Date();
    longAgo.setUTCMonth(longAgo.getUTCMonth() - 13);
    await db.case.update({ where: { id: kase.id }, data: { closedAt: longAgo } });
    await server.runJob('retention');
    expect(await db.case.count({ where: { id: kase.id } })).toBe(0);
    expect(await db.caseVersion.count({ where: { caseId: kase.id } })).toBe(0);
    expect((await chair.get(`/api/cases/${kase.id}/versions`)).status).toBe(404);
  });

  it('[VR1][RT3] anonymising a closed case keeps of each version only its level, scale, basis, dates and the actions\' status, step and due date', async () => {
    const db = server.db.prisma;
    const users = forum.users;
    const kase = await createCase(db, forum.forumId, users.chair!.id, { description: 'pige, 5 år' });
    const { docName } = await db.document.findUniqueOrThrow({ where: { id: kase.documentId } });
    const secret = `Hemmelig-${crypto.randomBytes(4).toString('hex')}`;
    const s = await writer('school', docName);
    s.doc.transact(() => {
      s.doc.getXmlFragment('prosemirror').push([paragraph(`${secret} græder i garderoben.`)]);
      const worries = new Y.Array<Y.Map<unknown>>();
      s.doc.getMap<unknown>('sos').set('worries', worries);
      worries.push([entry({ text: `${secret} er bange` })]);
      s.doc.getText('voice').insert(0, `Jeg hedder ${secret}.`);
      s.doc.getArray('network').push([entry({ name: `Moster ${secret}`, relation: 'moster', contribution: 'henter' })]);
      s.doc.getArray('actions').push([
        entry({ title: `Samtale om ${secret}`, responsibleUserId: users.school!.id, ladderStep: 1, dueDate: addDays(today(), 7), status: 'IN_PROGRESS' }),
      ]);
    });
    await stored(kase.documentId, (c) => expect(c.actions).toHaveLength(1));
    const { meeting, followUp } = await concludeInMeeting(kase.id, new Date(), 3, 5, `Aftalt med ${secret}s mor.`);
    const before = await db.caseVersion.findUniqueOrThrow({ where: { caseId_meetingId: { caseId: kase.id, meetingId: meeting.id } } });
    expect(JSON.stringify(before.content)).toContain(secret); // the test can fail
    expect(JSON.stringify(before.content)).toContain('Anna Jensen');
    const actionId = (before.content as unknown as CaseVersionContent).actions[0]!.id;

    expect((await chair.send('POST', `/api/cases/${kase.id}/close`)).status).toBe(204);
    const row = await db.case.findUniqueOrThrow({ where: { id: kase.id }, select: { id: true, reference: true, documentId: true, healthDocumentId: true } });
    await anonymiseCase(server.db.pool, row);

    const after = await db.caseVersion.findUniqueOrThrow({ where: { caseId_meetingId: { caseId: kase.id, meetingId: meeting.id } } });
    const text = JSON.stringify(after.content);
    for (const gone of [secret, 'Anna Jensen', 'Ahmed Nielsen', 'Sara Lind', 'Mor', 'moster']) expect(text, gone).not.toContain(gone);
    expect(after).toMatchObject({ level: 3, sosScale: 5, basis: 'ANONYMOUS', concludedById: users.chair!.id, concludedAt: before.concludedAt });

    // Still a record the case page can show: the meeting, its level and scale, the plan's statuses without titles.
    const list = await school.get<CaseVersionList>(`/api/cases/${kase.id}/versions`);
    expect(list.status).toBe(200);
    expect(list.body.versions.map((v) => [v.meetingId, v.level, v.sosScale, v.basis, v.outcome, v.followUp?.dueDate])).toEqual([
      [meeting.id, 3, 5, 'ANONYMOUS', null, followUp.dueDate],
    ]);
    const view = (await school.get<CaseVersionView>(`/api/cases/${kase.id}/versions/${meeting.id}`)).body;
    expect(view.content).toMatchObject({ concern: [], sos: { worries: [], strengths: [], next: [] }, voice: { text: '' }, network: [], participants: [], writers: {} });
    expect(view.content.actions).toEqual([
      { id: actionId, title: 'slettet', responsibleUserId: null, ladderStep: 1, dueDate: addDays(today(), 7), status: 'IN_PROGRESS', addedById: null, changedById: null },
    ]);
  });
});

describe('changes in the concern note, word by word (VR3)', () => {
  const run = (text: string, writerId: string | null) => ({ text, writerId });

  it('[VR3] a phrase replaced word by word reads as one removed and one added passage; spaces alone are no change', () => {
    const then = [[run('Han virker glad og udhvilet i dag.', 'a')]];
    const now = [[run('Han virker ', 'a'), run('meget træt og sulten', 'b'), run(' i dag.', 'a')]];
    expect(diffConcern(then, now)).toEqual([
      { writerId: 'a', added: [], removed: ['glad og udhvilet'] },
      { writerId: 'b', added: ['meget træt og sulten'], removed: [] },
    ]);
    expect(diffConcern([[run('To  mellemrum.', 'a')]], [[run('To mellemrum.', 'a')]])).toEqual([]);
    // The words the phrases share are not new: b's words replacing a's around a's "og" are b's passage.
    const around = [[run('Han virker ', 'a'), run('meget træt', 'b'), run(' og ', 'a'), run('sulten', 'b'), run(' i dag.', 'a')]];
    expect(diffConcern(then, around)).toEqual([
      { writerId: 'a', added: [], removed: ['glad og udhvilet'] },
      { writerId: 'b', added: ['meget træt og sulten'], removed: [] },
    ]);
    // The same words, now shown under another writer, are not a change of text.
    expect(diffConcern([[run('Samme tekst.', 'a')]], [[run('Samme tekst.', 'b')]])).toEqual([]);
  });

  it('[VR3] passages stay within their paragraph; a removed paragraph is named by who had written it', () => {
    const then = [[run('Første afsnit.', 'a')], [run('Andet afsnit om søvn.', 'b')], [run('Tredje.', 'a')]];
    const now = [[run('Første afsnit. Tilføjet her.', 'a')], [run('Tredje.', 'a')], [run('Nyt afsnit.', 'c')]];
    const byWriter = (c: ReturnType<typeof diffConcern>) => [...c].sort((x, y) => String(x.writerId).localeCompare(String(y.writerId)));
    expect(byWriter(diffConcern(then, now))).toEqual([
      { writerId: 'a', added: ['Tilføjet her.'], removed: [] },
      { writerId: 'b', added: [], removed: ['Andet afsnit om søvn.'] },
      { writerId: 'c', added: ['Nyt afsnit.'], removed: [] },
    ]);
  });

  it('[VR3] a changed stretch too large for the word table is reported whole; equal ends are kept', () => {
    const words = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
    const a = ['start', ...words('a', 2100), 'end'];
    const b = ['start', ...words('b', 2100), 'end'];
    expect(2101 * 2101).toBeGreaterThan(MAX_DIFF_CELLS);
    const ops = diffSequences(a, b);
    expect(ops[0]).toBe('equal');
    expect(ops.at(-1)).toBe('equal');
    expect(ops.filter((o) => o === 'delete')).toHaveLength(2100);
    expect(ops.filter((o) => o === 'insert')).toHaveLength(2100);
  });

  it('[VR3] actions: overdue is a planned or ongoing action due before today; done only when it was not done then', () => {
    const base: CaseDocContent = { concern: [], sos: { worries: [], strengths: [], next: [] }, voice: { text: '', changedById: null }, network: [], actions: [], writers: {} };
    const action = (id: string, status: CaseDocContent['actions'][number]['status'], dueDate: string | null) => ({
      id, title: id, responsibleUserId: null, ladderStep: null, dueDate, status, addedById: null, changedById: null,
    });
    const todayIso = '2030-06-15';
    const then = { ...base, actions: [action('was-done', 'DONE', null), action('gets-done', 'PLANNED', null), action('dropped', 'PLANNED', null)] };
    const now = {
      ...base,
      actions: [
        action('was-done', 'DONE', '2030-06-01'),
        action('gets-done', 'DONE', '2030-06-01'),
        action('due-yesterday', 'IN_PROGRESS', '2030-06-14'),
        action('due-today', 'PLANNED', '2030-06-15'),
        action('late-but-dropped', 'DROPPED', '2030-06-01'),
      ],
    };
    const { actions } = diffContent(then, now, todayIso);
    expect(actions.done.map((a) => a.id)).toEqual(['gets-done']);
    expect(actions.overdue.map((a) => a.id)).toEqual(['due-yesterday']);
    expect(actions.added.map((a) => a.id)).toEqual(['due-yesterday', 'due-today', 'late-but-dropped']);
    expect(actions.removed.map((a) => a.id)).toEqual(['dropped']);
  });
});
