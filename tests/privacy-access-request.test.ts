import crypto from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CASE_DOC } from '../shared/caseDoc.js';
import type { MeetingDetail } from '../shared/api.js';
import type { AccessRequestExport } from '../server/features/access-request/service.js';
import { apiAs, type ApiClient } from './helpers/api.js';
import { assess, createAction, createCase, createFollowUp, createMeeting } from './helpers/domain-factories.js';
import { createForum, createOutsider, type TestForum, type TestUser } from './helpers/factories.js';
import { pdfObjects, pdfText } from './helpers/pdf-text.js';
import { renderForInspection } from './helpers/render-pdf.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let forum: TestForum;
let other: TestForum;
let admin: TestUser;
let adminApi: ApiClient;
let otherAdminApi: ApiClient;
let chair: ApiClient;
let school: ApiClient;
let kase: Awaited<ReturnType<typeof createCase>>;

/** A case document as the editor writes it, stored as a snapshot plus a log row (D3). Returns the Y.Doc. */
async function writeCaseDocument(documentId: string) {
  const doc = new Y.Doc();
  const frag = doc.getXmlFragment(CASE_DOC.concern);
  const para = (text: string) => {
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText(text)]);
    return p;
  };
  const list = new Y.XmlElement('bullet_list');
  const item = new Y.XmlElement('list_item');
  item.insert(0, [para('Kommer ofte sent')]);
  list.insert(0, [item]);
  frag.insert(0, [para('Emil virker trist i frikvarteret.'), list]);
  const sos = doc.getMap<Y.Array<Y.Map<unknown>>>(CASE_DOC.sos);
  for (const [col, text] of [['worries', 'Fravær'], ['strengths', 'God ven med Ali'], ['next', 'Møde med mor']] as const) {
    const arr = new Y.Array<Y.Map<unknown>>();
    const m = new Y.Map<unknown>();
    m.set('id', crypto.randomUUID());
    m.set('text', text);
    arr.push([m]);
    sos.set(col, arr);
  }
  doc.getText(CASE_DOC.voice).insert(0, 'Jeg kan godt lide fodbold');
  const snapshot = Y.encodeStateAsUpdate(doc);
  const sv = Y.encodeStateVector(doc);
  const net = new Y.Map<unknown>();
  net.set('id', crypto.randomUUID());
  net.set('name', 'Mormor Inger');
  net.set('relation', 'mormor');
  net.set('contribution', 'henter om tirsdagen');
  doc.getArray(CASE_DOC.network).push([net]);
  const action = new Y.Map<unknown>();
  for (const [k, v] of Object.entries({ id: 'x1', title: 'Samtale med klasselærer', responsibleUserId: forum.users.school!.id, ladderStep: 1, dueDate: '2026-12-01', status: 'PLANNED' })) action.set(k, v);
  doc.getArray(CASE_DOC.actions).push([action]);
  const tail = Y.encodeStateAsUpdate(doc, sv);
  await server.db.pool.query('INSERT INTO "DocSnapshot" ("documentId", state, "upToId") VALUES ($1, $2, 0)', [documentId, Buffer.from(snapshot)]);
  await server.db.pool.query('INSERT INTO "DocUpdate" ("documentId", data) VALUES ($1, $2)', [documentId, Buffer.from(tail)]);
  return doc;
}

/** A meeting of the forum that concludes this one case over HTTP (the chair), keeping its version (VR1). */
async function concludeInMeeting(caseId: string, startsAt: Date, conclusion: Record<string, unknown>) {
  const meeting = await createMeeting(server.db.prisma, forum.forumId, { startsAt });
  expect((await chair.send('POST', `/api/meetings/${meeting.id}/agenda`, { caseId })).status).toBe(204);
  const userIds = [forum.users.chair!.id, forum.users.school!.id];
  expect((await chair.send('PUT', `/api/meetings/${meeting.id}/participants`, { userIds, guestLabels: ['Mor'] })).status).toBe(204);
  expect((await chair.send('POST', `/api/meetings/${meeting.id}/start`)).status).toBe(204);
  const [item] = (await chair.get<MeetingDetail>(`/api/meetings/${meeting.id}`)).body.agenda;
  expect((await chair.send('POST', `/api/meetings/${meeting.id}/items/${item!.id}/conclude`, conclusion)).status).toBe(204);
  expect((await chair.send('POST', `/api/meetings/${meeting.id}/close`)).status).toBe(204);
  return meeting;
}

beforeAll(async () => {
  server = await startTestServer();
  const db = server.db.prisma;
  forum = await createForum(db, {
    chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Hanne Chairsen' },
    school: { sector: 'SKOLE', role: 'MEMBER', name: 'Søren Skolesen' },
  });
  other = await createForum(db, { chair: { sector: 'SOCIAL', role: 'CHAIR' } });
  admin = await createOutsider(db, forum.municipalityId);
  await db.user.update({ where: { id: admin.id }, data: { municipalRoles: ['ADMIN'] } });
  const otherAdmin = await createOutsider(db, other.municipalityId);
  await db.user.update({ where: { id: otherAdmin.id }, data: { municipalRoles: ['ADMIN'] } });
  adminApi = await apiAs(server.url, server.origin, admin.email);
  otherAdminApi = await apiAs(server.url, server.origin, otherAdmin.email);
  chair = await apiAs(server.url, server.origin, forum.users.chair!.email);
  school = await apiAs(server.url, server.origin, forum.users.school!.email);

  kase = await createCase(db, forum.forumId, forum.users.chair!.id, {
    description: 'dreng, 9 år, skole i distrikt Nord', childName: 'Emil Sørensen', childCpr: '120315-1234', parentNames: 'Mette Sørensen',
  });
  await writeCaseDocument(kase.documentId);
  const meeting = await createMeeting(db, forum.forumId, { startsAt: new Date('2026-03-02T08:00:00Z'), status: 'CLOSED' });
  await assess(db, { caseId: kase.id, meetingId: meeting.id, level: 3, sosScale: 6, recordedById: forum.users.chair!.id });
  await createAction(db, kase.id, { title: 'Samtale med klasselærer', responsibleUserId: forum.users.school!.id, dueDate: '2026-12-01', ladderStep: 1 });
  await createFollowUp(db, kase, { dueDate: '2026-04-01', responsibleUserId: forum.users.school!.id });
  await db.ladderChange.create({ data: { caseId: kase.id, fromStep: null, toStep: 1 } });
  await db.caseBasis.create({
    data: { caseId: kase.id, kind: 'CONSENT', setById: forum.users.chair!.id, consentGivenBy: 'begge forældremyndighedsindehavere', consentScope: 'skolegang og trivsel', consentSectors: ['SKOLE', 'SOCIAL'], consentGivenOn: new Date('2026-03-01T00:00:00Z'), consentValidUntil: new Date('2099-12-31T00:00:00Z') },
  });
  await db.reportDutyAnswer.create({ data: { caseId: kase.id, meetingId: meeting.id, userId: forum.users.school!.id, answer: 'NOT_RELEVANT', reason: 'ingen mistanke om overgreb' } });
});
afterAll(async () => {
  await server?.close();
});

describe('access request (indsigt)', () => {
  it('[IN1] the chair gets everything stored about the case, employees redacted consistently; the export is audited', async () => {
    const res = await chair.get<AccessRequestExport>(`/api/cases/${kase.id}/access-request`);
    expect(res.status).toBe(200);
    const x = res.body;
    expect(x.redactedEmployees).toBe(true);
    expect(x.case).toMatchObject({ reference: kase.reference, childName: 'Emil Sørensen', childCpr: '120315-1234', parentNames: 'Mette Sørensen', description: 'dreng, 9 år, skole i distrikt Nord' });
    expect(x.document.concern).toEqual(['Emil virker trist i frikvarteret.', 'Kommer ofte sent']);
    expect(x.document.sos).toEqual({ worries: ['Fravær'], strengths: ['God ven med Ali'], next: ['Møde med mor'] });
    expect(x.document.voice).toBe('Jeg kan godt lide fodbold');
    expect(x.document.network).toEqual([{ name: 'Mormor Inger', relation: 'mormor', contribution: 'henter om tirsdagen' }]);
    expect(x.document.actions).toMatchObject([{ title: 'Samtale med klasselærer', ladderStep: 1, dueDate: '2026-12-01', status: 'PLANNED' }]);
    expect(x.assessments).toMatchObject([{ level: 3, sosScale: 6 }]);
    expect(x.actions).toMatchObject([{ title: 'Samtale med klasselærer', dueDate: '2026-12-01' }]);
    expect(x.followUps).toMatchObject([{ dueDate: '2026-04-01', status: 'PLANNED' }]);
    expect(x.ladderChanges).toMatchObject([{ fromStep: null, toStep: 1 }]);
    expect(x.legalBases).toMatchObject([{ kind: 'CONSENT', consentScope: 'skolegang og trivsel', consentSectors: ['SKOLE', 'SOCIAL'], consentGivenOn: '2026-03-01' }]);
    expect(x.reportDutyAnswers).toMatchObject([{ answer: 'NOT_RELEVANT', reason: 'ingen mistanke om overgreb' }]);

    // Redaction: no employee name or id anywhere; the same person has the same pseudonym throughout.
    const text = JSON.stringify(x);
    for (const u of [forum.users.chair!, forum.users.school!]) {
      expect(text).not.toContain(u.name);
      expect(text).not.toContain(u.id);
      expect(text).not.toContain(u.email);
    }
    const chairAlias = x.case.createdBy;
    const schoolAlias = x.document.actions[0]!.responsible;
    expect(chairAlias).toMatch(/^Medarbejder \d+$/);
    expect(schoolAlias).toMatch(/^Medarbejder \d+$/);
    expect(schoolAlias).not.toBe(chairAlias);
    expect(x.assessments[0]!.recordedBy).toBe(chairAlias);
    expect(x.legalBases[0]!.setBy).toBe(chairAlias);
    expect(x.actions[0]!.responsible).toBe(schoolAlias);
    expect(x.followUps[0]!.responsible).toBe(schoolAlias);
    expect(x.reportDutyAnswers[0]!.by).toBe(schoolAlias);
    // The audit log: dates, actions, purposes; this export is in it.
    expect(x.auditLog.at(-1)).toMatchObject({ action: 'EXPORT', purpose: 'access-request', by: chairAlias });
    const exported = await server.db.prisma.auditEntry.findMany({ where: { caseId: kase.id, action: 'EXPORT' } });
    expect(exported.map((e) => [e.userId, e.purpose])).toEqual([[forum.users.chair!.id, 'access-request']]);
  });

  it('[IN1] only the forum chair and the municipality administrator; names only for the administrator; others 404 (DENIED)', async () => {
    expect((await school.get(`/api/cases/${kase.id}/access-request`)).status).toBe(404);
    expect((await otherAdminApi.get(`/api/cases/${kase.id}/access-request`)).status).toBe(404);
    expect((await chair.get(`/api/cases/unknown/access-request`)).status).toBe(404);
    expect((await chair.get(`/api/cases/${kase.id}/access-request?redactEmployees=false`)).status).toBe(403);
    expect((await chair.get(`/api/cases/${kase.id}/access-request?format=docx`)).status).toBe(400);
    const denied = await server.db.prisma.auditEntry.findMany({ where: { caseId: kase.id, action: 'DENIED', criterion: { startsWith: 'case:export' } } });
    expect(denied).toHaveLength(3);

    const named = await adminApi.get<AccessRequestExport>(`/api/cases/${kase.id}/access-request?redactEmployees=false`);
    expect(named.status).toBe(200);
    expect(named.body.redactedEmployees).toBe(false);
    expect(named.body.case.createdBy).toBe('Hanne Chairsen');
    expect(named.body.actions[0]!.responsible).toBe('Søren Skolesen');
    const redacted = await adminApi.get<AccessRequestExport>(`/api/cases/${kase.id}/access-request`);
    expect(JSON.stringify(redacted.body)).not.toContain('Søren Skolesen');
  });

  it('[IN2] the PDF is Danish, named indsigt-sag-<reference>.pdf, and holds the content with employees redacted', async () => {
    const res = await fetch(`${server.url}/api/cases/${kase.id}/access-request?format=pdf`, { headers: { cookie: chair.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="indsigt-sag-${kase.reference}.pdf"`);
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(pdf.length);
    const text = pdfText(pdf);
    for (const expected of [
      `Indsigt i sag ${kase.reference}`, 'Sagen', 'Emil Sørensen', '120315-1234', 'Bekymring', 'Emil virker trist i frikvarteret.',
      'Barnets stemme', 'Jeg kan godt lide fodbold', 'Mormor Inger', 'Vurderinger', 'Grundlag og samtykke', 'skolegang og trivsel',
      'Underretningspligt', 'Adgang til sagen (log)', 'Medarbejder 1',
    ]) {
      expect(text, expected).toContain(expected);
    }
    expect(text).not.toContain('Hanne Chairsen');
    expect(text).not.toContain('Søren Skolesen');
    // The log's purposes in words (WB17's labels), never codes such as "case-document".
    expect(text.replace(/\s+/g, ' ')).toMatch(/formål: [A-ZÆØÅ]/);
    expect(text.replace(/\s+/g, ' ')).not.toMatch(/formål: [a-z]+(-[a-z]+)+/);
    const exports = await server.db.prisma.auditEntry.count({ where: { caseId: kase.id, action: 'EXPORT', purpose: 'access-request', userId: forum.users.chair!.id } });
    expect(exports).toBe(2);
  });

  it('[IN1][VR1][LB7] the case\'s versions: every meeting as kept, oldest first, with text, writers and participants under the export\'s rules', async () => {
    const db = server.db.prisma;
    const { chair: c, school: s } = forum.users;
    const named = await createCase(db, forum.forumId, c!.id, {
      description: 'dreng, 9 år', childName: 'Emil Sørensen', childCpr: '120315-1234', childAddress: 'Skolevej 4', parentNames: 'Mette Sørensen',
    });
    await db.case.update({ where: { id: named.id }, data: { basis: 'CONSENT' } });
    await db.caseBasis.create({
      data: { caseId: named.id, kind: 'CONSENT', setById: c!.id, consentGivenBy: 'mor', consentSectors: ['SKOLE', 'SOCIAL'], consentGivenOn: new Date('2026-03-01T00:00:00Z'), consentValidUntil: new Date('2099-12-31T00:00:00Z') },
    });
    // The school wrote the document (P10 binding), so the version names its writer.
    const ydoc = await writeCaseDocument(named.documentId);
    await db.docClient.create({ data: { documentId: named.documentId, clientId: BigInt(ydoc.clientID), userId: s!.id, sector: 'SKOLE' } });
    const first = await concludeInMeeting(named.id, new Date('2026-03-09T08:00:00Z'), {
      level: 3, sosScale: 6, outcome: 'Skolen taler med Emil og mor.', followUp: { dueDate: '2026-04-20', responsibleUserId: s!.id },
    });
    // Before the second meeting a new paragraph; the first version keeps the note as it was.
    const sv = Y.encodeStateVector(ydoc);
    const added = new Y.XmlElement('paragraph');
    added.insert(0, [new Y.XmlText('Mette Sørensen fortæller om søvnbesvær.')]);
    ydoc.getXmlFragment(CASE_DOC.concern).push([added]);
    await server.db.pool.query('INSERT INTO "DocUpdate" ("documentId", data) VALUES ($1, $2)', [named.documentId, Buffer.from(Y.encodeStateAsUpdate(ydoc, sv))]);
    const second = await concludeInMeeting(named.id, new Date('2026-04-20T08:00:00Z'), { level: 2, sosScale: 8, followUp: null, noFollowUpReason: 'trives nu' });

    const x = (await chair.get<AccessRequestExport>(`/api/cases/${named.id}/access-request`)).body;
    const versions = x.versions!;
    expect(versions.map((v) => [v.meetingDate, v.level, v.levelLabel, v.sosScale, v.basis, v.outcome, v.followUp?.dueDate ?? null, v.noFollowUpReason])).toEqual([
      [first.startsAt.toISOString(), 3, 'Bekymring', 6, 'CONSENT', 'Skolen taler med Emil og mor.', '2026-04-20', null],
      [second.startsAt.toISOString(), 2, 'Begyndende bekymring', 8, 'CONSENT', null, null, 'trives nu'],
    ]);
    const [v1, v2] = versions as [NonNullable<AccessRequestExport['versions']>[number], NonNullable<AccessRequestExport['versions']>[number]];
    // Employees as the rest of the export names them: one pseudonym per person, throughout.
    const schoolAlias = x.followUps[0]!.responsible;
    const chairAlias = x.case.createdBy;
    expect(schoolAlias).toMatch(/^Medarbejder \d+$/);
    expect(v1.concern).toEqual([[{ text: 'Emil virker trist i frikvarteret.', writer: schoolAlias }], [{ text: 'Kommer ofte sent', writer: schoolAlias }]]);
    expect(v2.concern.map((p) => p.map((r) => r.text).join(''))).toEqual(['Emil virker trist i frikvarteret.', 'Kommer ofte sent', 'Mette Sørensen fortæller om søvnbesvær.']);
    expect(v1.sos).toEqual({
      worries: [{ text: 'Fravær', addedBy: schoolAlias }], strengths: [{ text: 'God ven med Ali', addedBy: schoolAlias }], next: [{ text: 'Møde med mor', addedBy: schoolAlias }],
    });
    expect(v1.voice).toEqual({ text: 'Jeg kan godt lide fodbold', writtenBy: null });
    expect(v1.network).toEqual([{ name: 'Mormor Inger', relation: 'mormor', contribution: 'henter om tirsdagen', addedBy: schoolAlias }]);
    expect(v1.actions).toEqual([{ title: 'Samtale med klasselærer', responsible: schoolAlias, ladderStep: 1, dueDate: '2026-12-01', status: 'PLANNED', addedBy: schoolAlias }]);
    expect(v1.followUp).toEqual({ dueDate: '2026-04-20', responsible: schoolAlias });
    expect(v1.concludedBy).toBe(chairAlias);
    expect(v1.participants).toEqual([{ name: chairAlias, sector: 'SOCIAL' }, { name: schoolAlias, sector: 'SKOLE' }, { name: 'Mor', sector: null }]);
    const text = JSON.stringify(x);
    for (const u of [c!, s!]) for (const secret of [u.name, u.id, u.email]) expect(text).not.toContain(secret);

    // The administrator, with names: the professionals by name, the child's identity and every word.
    const byAdmin = (await adminApi.get<AccessRequestExport>(`/api/cases/${named.id}/access-request?redactEmployees=false`)).body;
    expect(byAdmin.versions![0]!.participants.map((p) => p.name)).toEqual(['Hanne Chairsen', 'Søren Skolesen', 'Mor']);
    expect(byAdmin.versions![0]!.concern[0]).toEqual([{ text: 'Emil virker trist i frikvarteret.', writer: 'Søren Skolesen' }]);
    expect(byAdmin.versions![1]!.concern[2]![0]!.text).toBe('Mette Sørensen fortæller om søvnbesvær.');

    // LB7: narrowed to the school, the chair's export leaves the identity out, in the versions' free text too.
    await db.caseBasis.updateMany({ where: { caseId: named.id }, data: { consentSectors: ['SKOLE'] } });
    const outside = (await chair.get<AccessRequestExport>(`/api/cases/${named.id}/access-request`)).body;
    expect(outside.case.identityWithheld).toBe(true);
    expect(outside.versions!.map((v) => v.concern.map((p) => p.map((r) => r.text).join('')))).toEqual([
      ['[navn] virker trist i frikvarteret.', 'Kommer ofte sent'],
      ['[navn] virker trist i frikvarteret.', 'Kommer ofte sent', '[navn] fortæller om søvnbesvær.'],
    ]);
    expect(outside.versions![0]!.outcome).toBe('Skolen taler med [navn] og mor.');
    const withheld = JSON.stringify(outside);
    for (const secret of ['Emil Sørensen', 'Mette Sørensen', '120315-1234', 'Skolevej 4', 'Emil virker']) expect(withheld).not.toContain(secret);
    const after = (await adminApi.get<AccessRequestExport>(`/api/cases/${named.id}/access-request`)).body;
    expect(after.versions![1]!.concern[2]![0]!.text).toBe('Mette Sørensen fortæller om søvnbesvær.');

    // IN2: the PDF's "Tidligere møder", in Danish, with the same rules.
    const pdfOf = async (api: ApiClient) => {
      const res = await fetch(`${server.url}/api/cases/${named.id}/access-request?format=pdf`, { headers: { cookie: api.cookie } });
      expect(res.status).toBe(200);
      return pdfText(Buffer.from(await res.arrayBuffer()));
    };
    const pdf = await pdfOf(adminApi);
    for (const expected of [
      'Tidligere møder', 'Møde 09.03.2026 – SSD Test', 'Møde 20.04.2026 – SSD Test', 'niveau 3 (Bekymring)', '6 af 10', 'Samtykke',
      'Deltagere', 'Mor', 'Emil virker trist i frikvarteret.', 'Mette Sørensen fortæller om søvnbesvær.', 'Jeg kan godt lide fodbold',
      'Mormor Inger', 'Samtale med klasselærer', 'Skolen taler med Emil og mor.', 'Ingen opfølgning: trives nu', '20.04.2026, ansvarlig Medarbejder',
    ]) {
      expect(pdf, expected).toContain(expected);
    }
    expect(pdf).not.toContain('Søren Skolesen');
    const chairPdf = await pdfOf(chair);
    expect(chairPdf).toContain('[navn] fortæller om søvnbesvær.');
    for (const secret of ['Emil Sørensen', 'Mette Sørensen', '120315-1234']) expect(chairPdf).not.toContain(secret);
  });
  it('[IN1][IN2][FA5][FA6][FA2][FA4][LB7] the Three Houses (now and per meeting), the drawings and the family\'s version with every share are in the export, under its identity and employee rules', async () => {
    const db = server.db.prisma;
    const { chair: c, school: s } = forum.users;
    const k = await createCase(db, forum.forumId, c!.id, {
      description: 'dreng, 7 år', childName: 'Emil Sørensen', childCpr: '120315-1234', childAddress: 'Skolevej 4', parentNames: 'Mette Sørensen',
    });
    await db.case.update({ where: { id: k.id }, data: { basis: 'CONSENT' } });
    await db.caseBasis.create({
      data: { caseId: k.id, kind: 'CONSENT', setById: c!.id, consentGivenBy: 'mor', consentSectors: ['SKOLE', 'SOCIAL'], consentGivenOn: new Date('2026-03-01T00:00:00Z'), consentValidUntil: new Date('2099-12-31T00:00:00Z') },
    });
    const ydoc = await writeCaseDocument(k.documentId);
    const writeHouses = async (words: { worries: string; good: string; dreams: string }, talk: { id: string; by: string; on: string } | null) => {
      const sv = Y.encodeStateVector(ydoc);
      ydoc.transact(() => {
        for (const [root, text] of [[CASE_DOC.houseWorries, words.worries], [CASE_DOC.houseGood, words.good], [CASE_DOC.houseDreams, words.dreams]] as const) {
          const t = ydoc.getText(root);
          t.delete(0, t.length);
          t.insert(0, text);
        }
        if (talk) ydoc.getArray(CASE_DOC.houseTalks).push([new Y.Map<unknown>(Object.entries(talk))]);
      });
      await server.db.pool.query('INSERT INTO "DocUpdate" ("documentId", data) VALUES ($1, $2)', [k.documentId, Buffer.from(Y.encodeStateAsUpdate(ydoc, sv))]);
    };
    const first = { worries: 'Når mor og far råber. Emil bliver bange.', good: 'Min hund og fodbold med Ali.', dreams: 'At Emils far kommer hjem.' };
    await writeHouses(first, { id: 'talk-1', by: 'Søren Skolesen, lærer', on: '2026-05-04' });

    // A drawing for the house of good things, uploaded by the school (FA6): a house and a sun, as a child draws.
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480"><rect width="640" height="480" fill="#fffdf5"/>
      <circle cx="520" cy="100" r="55" fill="#f2c200"/><rect x="170" y="230" width="260" height="190" fill="#d9482b"/>
      <polygon points="150,235 300,110 450,235" fill="#5b3a1e"/><rect x="270" y="320" width="60" height="100" fill="#2b6cb0"/>
      <rect y="420" width="640" height="60" fill="#3a9b3a"/></svg>`;
    const uploadGood = async (picture: string) => {
      const jpeg = await sharp(Buffer.from(picture)).jpeg({ quality: 85 }).toBuffer();
      const up = await fetch(`${server.url}/api/cases/${k.id}/family/drawings/good`, {
        method: 'PUT', headers: { cookie: school.cookie, origin: server.origin, 'content-type': 'image/jpeg' }, body: jpeg,
      });
      expect(up.status).toBe(201);
      return db.childDrawing.findFirstOrThrow({ where: { caseId: k.id } });
    };
    const stored = await uploadGood(svg);

    // The family's version: saved and shared (revision 1), kept at the meeting (FA2), then changed (revision 2).
    const planPath = `/api/cases/${k.id}/family/plan`;
    const planContent = (worries: string) => ({
      worries,
      goingWell: 'Emil har en god ven i klassen.',
      steps: [{ id: 'trin-1', who: 'Søren Skolesen (Skole)', what: 'Taler med Emil hver fredag.', dueDate: '2026-06-01' }],
      nextMeeting: 'Vi mødes igen i juni.',
      contacts: [{ id: 'kontakt-1', name: 'Hanne Chairsen', role: 'Socialrådgiver', phone: '12 34 56 78' }],
    });
    expect((await chair.send('PUT', planPath, { content: planContent('Emil er ked af det i skolen.'), revision: null })).status).toBe(200);
    expect((await chair.send('POST', `${planPath}/share`, { revision: 1 })).status).toBe(200);
    const meeting = await concludeInMeeting(k.id, new Date('2026-05-11T08:00:00Z'), { level: 3, sosScale: 5, outcome: 'Skolen følger op.', followUp: null, noFollowUpReason: 'ikke nu' });
    await writeHouses({ worries: 'Ingenting lige nu.', good: 'Min nye cykel.', dreams: 'At blive fodboldspiller.' }, null);
    // FA9: a new drawing after the meeting; the meeting's version keeps the one it had (KeptDrawing).
    const current = await uploadGood(svg.replace('#d9482b', '#7a3fb0').replace('width="640" height="480"', 'width="600" height="400"'));
    expect(current.id).not.toBe(stored.id);
    expect((await chair.send('PUT', planPath, { content: planContent('Emil er gladere nu.'), revision: 1 })).status).toBe(200);
    // PA1-PA6: a parent invited by the chair; their words, answer and consent as the parent's routes record them.
    const invited = await chair.send<{ invitation: { id: string } }>('POST', `/api/parent/cases/${k.id}/invitations`, { name: 'Jens Sørensen', email: 'jens@example.dk', role: 'CUSTODY_HOLDER' });
    expect(invited.status).toBe(201);
    const invitationId = invited.body.invitation.id;
    await db.parentWords.create({ data: { caseId: k.id, invitationId, text: 'Jeg, Jens, vil gerne hjælpe Emil med lektierne.' } });
    await db.parentPlanAnswer.create({ data: { caseId: k.id, invitationId, revision: 1, accepted: false, comment: 'Kan Emil få mere tid? Hilsen Peter' } });
    // PA10: the parent signed in with MitID; the broker's verified name is kept with the invitation (never the subject).
    const boundAt = new Date('2026-05-12T18:30:00Z');
    await db.parentInvitation.update({ where: { id: invitationId }, data: { mitidSubjectHash: 'f'.repeat(64), mitidName: 'Jens Peter Sørensen', mitidBoundAt: boundAt } });
    await db.parentConsent.create({ data: { caseId: k.id, invitationId, given: true, scope: 'skolegang og trivsel' } });
    await db.auditEntry.create({ data: { userId: `parent:${invitationId}`, action: 'UPDATE', caseId: k.id, caseReference: k.reference, purpose: 'parent-words' } });

    const x = (await chair.get<AccessRequestExport>(`/api/cases/${k.id}/access-request`)).body;
    const chairAlias = x.case.createdBy;
    const schoolAlias = x.document.actions[0]!.responsible!;
    expect(schoolAlias).toMatch(/^Medarbejder \d+$/);
    expect(schoolAlias).not.toBe(chairAlias);
    // FA5: the houses now, and as kept at the meeting; who spoke with the child as the export names employees.
    const talks = [{ by: `${schoolAlias}, lærer`, on: '2026-05-04' }];
    expect(x.document.houses).toEqual({ worries: 'Ingenting lige nu.', good: 'Min nye cykel.', dreams: 'At blive fodboldspiller.', talks });
    expect(x.versions.map((v) => v.houses)).toEqual([{ ...first, talks }]);
    // FA6: the drawing itself, with its type and size.
    const drawingOf = (d: typeof stored) => ({
      house: 'good', houseName: 'De gode tings hus', id: d.id, contentType: 'image/jpeg', width: d.width, height: d.height,
      size: d.data.length, uploadedAt: d.uploadedAt.toISOString(), uploadedBy: schoolAlias, base64: expect.any(String),
    });
    expect(x.drawings).toEqual([drawingOf(current)]);
    expect(Buffer.from(x.drawings![0]!.base64, 'base64').equals(Buffer.from(current.data))).toBe(true);
    // FA9: the drawing kept with the meeting's version, itself, and which house had it then.
    expect(x.keptDrawings).toEqual([drawingOf(stored)]);
    expect(Buffer.from(x.keptDrawings![0]!.base64, 'base64').equals(Buffer.from(stored.data))).toBe(true);
    expect(x.versions.map((v) => v.drawings)).toEqual([[{ house: 'good', houseName: 'De gode tings hus', drawingId: stored.id }]]);
    // FA2-FA4: as saved now, what the family got (when, by whom), and the version kept at the meeting.
    const named = (worries: string) => ({
      ...planContent(worries),
      steps: [{ id: 'trin-1', who: `${schoolAlias} (Skole)`, what: 'Taler med Emil hver fredag.', dueDate: '2026-06-01' }],
      contacts: [{ id: 'kontakt-1', name: chairAlias, role: 'Socialrådgiver', phone: '12 34 56 78' }],
    });
    const fp = x.familyPlan!;
    expect(fp.current).toEqual({ revision: 2, savedAt: expect.any(String), savedBy: chairAlias, content: named('Emil er gladere nu.') });
    expect(fp.shared).toEqual({ revision: 1, sharedAt: expect.any(String), sharedBy: chairAlias, content: named('Emil er ked af det i skolen.') });
    expect(fp.changedSinceShared).toBe(true);
    expect(fp.versions).toEqual([
      {
        meetingDate: meeting.startsAt.toISOString(), forum: 'SSD Test', keptAt: expect.any(String), revision: 1, savedAt: expect.any(String), savedBy: chairAlias,
        content: named('Emil er ked af det i skolen.'), shared: { revision: 1, sharedAt: fp.shared!.sharedAt, sharedBy: chairAlias, content: named('Emil er ked af det i skolen.') },
      },
    ]);
    // The parents' own words, answers and consent; a parent's acts in the audit log by the parent's label.
    expect(x.parents).toEqual([
      {
        label: 'Forælder 1', name: 'Jens Sørensen', email: 'jens@example.dk', role: 'CUSTODY_HOLDER', roleLabel: 'Forældremyndighedsindehaver',
        ageConfirmed: false, meetingDate: null, invitedAt: expect.any(String), invitedBy: chairAlias, expiresAt: expect.any(String), revokedAt: null,
        words: { text: 'Jeg, Jens, vil gerne hjælpe Emil med lektierne.', writtenAt: expect.any(String), changedAt: expect.any(String) },
        answers: [{ revision: 1, accepted: false, comment: 'Kan Emil få mere tid? Hilsen Peter', at: expect.any(String) }],
        consents: [{ given: true, scope: 'skolegang og trivsel', at: expect.any(String) }],
        language: 'da', mitid: { boundAt: boundAt.toISOString(), name: 'Jens Peter Sørensen' },
      },
    ]);
    expect(x.auditLog.filter((e) => e.purpose === 'parent-words')).toEqual([{ at: expect.any(String), action: 'UPDATE', purpose: 'parent-words', by: 'Forælder 1' }]);
    expect(x.auditLog.filter((e) => e.purpose === 'parent-invitation').map((e) => e.by)).toEqual([chairAlias]);
    const text = JSON.stringify(x);
    for (const u of [c!, s!]) for (const secret of [u.name, u.id, u.email]) expect(text).not.toContain(secret);
    expect(text).not.toContain(invitationId);

    // The administrator with names: every word as stored.
    const byAdmin = (await adminApi.get<AccessRequestExport>(`/api/cases/${k.id}/access-request?redactEmployees=false`)).body;
    expect(byAdmin.document.houses!.talks).toEqual([{ by: 'Søren Skolesen, lærer', on: '2026-05-04' }]);
    expect(byAdmin.familyPlan!.current!.content).toEqual(planContent('Emil er gladere nu.'));
    expect(byAdmin.drawings![0]!.uploadedBy).toBe('Søren Skolesen');

    // IN2: the PDF holds the houses, the drawing as an image and the family's version.
    const pdfOf = async (api: ApiClient) => {
      const res = await fetch(`${server.url}/api/cases/${k.id}/access-request?format=pdf`, { headers: { cookie: api.cookie } });
      expect(res.status).toBe(200);
      return Buffer.from(await res.arrayBuffer());
    };
    const pdf = await pdfOf(chair);
    renderForInspection(pdf, 'access-request-houses');
    const flat = pdfText(pdf).replace(/\s+/g, ' ');
    for (const expected of [
      'Barnets tre huse', `Talt med barnet: ${schoolAlias}, lærer, 04.05.2026`, 'Bekymringernes hus »Ingenting lige nu.«', 'De gode tings hus »Min nye cykel.«',
      'Drømmenes hus »At blive fodboldspiller.«', `Barnets tegning til De gode tings hus (JPEG, ${stored.width} × ${stored.height} pixel`, `af ${schoolAlias}`,
      '»Når mor og far råber. Emil bliver bange.«', 'Familiens version af planen', 'Som den er gemt nu (udgave 2)', 'Det er vi bekymrede for Emil er gladere nu.',
      `Taler med Emil hver fredag. – ${schoolAlias} (Skole), senest 01.06.2026`, `${chairAlias}, Socialrådgiver, telefon 12 34 56 78`, 'Det, familien senest fik',
      'Emil er ked af det i skolen.', 'Ved mødet 11.05.2026 – SSD Test', 'Delt med familien:',
      'Forældre, der deltager', 'Forælder 1 – Jens Sørensen', 'Rolle: Forældremyndighedsindehaver', 'E-mail: jens@example.dk',
      'Forældrenes perspektiv Jeg, Jens, vil gerne hjælpe Emil med lektierne.', 'udgave 1 – kommentar til planen: Kan Emil få mere tid?',
      'givet – skolegang og trivsel', 'formål: Forælders ord – Forælder 1', 'Sprog: Dansk',
      `Logget ind med MitID: som Jens Peter Sørensen, første gang ${new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', dateStyle: 'short', timeStyle: 'short' }).format(boundAt)}`,
    ]) {
      expect(flat, expected).toContain(expected);
    }
    for (const secret of ['Søren Skolesen', 'Hanne Chairsen']) expect(flat).not.toContain(secret);
    const images = [...pdfObjects(pdf).values()].filter((o) => /\/Subtype\s*\/Image/.test(o.dict));
    // The case's drawing and the one kept with the meeting are two images, each once; the meeting shows its own.
    expect(images).toHaveLength(2);
    const meetingPart = flat.slice(flat.indexOf('Møde 11.05.2026 – SSD Test'), flat.indexOf('Familiens version af planen'));
    expect(meetingPart).toContain(`Barnets tegning til De gode tings hus (JPEG, ${stored.width} × ${stored.height} pixel`);
    expect(flat).toContain(`Barnets tegning til De gode tings hus (JPEG, ${current.width} × ${current.height} pixel`);

    // LB7: narrowed to the school, the chair's export blanks the child's and parents' names in the houses and plan too.
    await db.caseBasis.updateMany({ where: { caseId: k.id }, data: { consentSectors: ['SKOLE'] } });
    const outside = (await chair.get<AccessRequestExport>(`/api/cases/${k.id}/access-request`)).body;
    expect(outside.case.identityWithheld).toBe(true);
    expect(outside.versions[0]!.houses).toMatchObject({ worries: 'Når mor og far råber. [navn] bliver bange.', good: 'Min hund og fodbold med Ali.' });
    expect(outside.familyPlan!.current!.content.worries).toBe('[navn] er gladere nu.');
    expect(outside.familyPlan!.versions[0]!.content.steps[0]!.what).toBe('Taler med [navn] hver fredag.');
    // The parent as the invitation names them is withheld too, and blanked in their own words.
    expect(outside.parents![0]).toMatchObject({ label: 'Forælder 1', name: null, email: null, words: { text: 'Jeg, [navn], vil gerne hjælpe [navn] med lektierne.' } });
    expect(outside.parents![0]!.answers[0]!.comment).toBe('Kan [navn] få mere tid? Hilsen [navn]');
    // PA10: the MitID name is identity too: when and that, never who.
    expect(outside.parents![0]!.mitid).toEqual({ boundAt: boundAt.toISOString(), name: null });
    expect(outside.keptDrawings).toHaveLength(1);
    const { drawings: _drawings, keptDrawings: _kept, ...rest } = outside;
    const withheld = JSON.stringify(rest);
    for (const secret of ['Emil', 'Mette Sørensen', '120315-1234', 'Skolevej 4', 'Søren Skolesen', 'Jens', 'Peter', 'jens@example.dk']) expect(withheld).not.toContain(secret);
    const outsidePdf = pdfText(await pdfOf(chair)).replace(/\s+/g, ' ');
    expect(outsidePdf).toContain('[navn] er gladere nu.');
    expect(outsidePdf).toContain('Navn og e-mail: Udeladt, som barnets identitet.');
    expect(outsidePdf).toContain('Logget ind med MitID: første gang');
    for (const secret of ['Emil', 'Jens', 'Peter', 'jens@example.dk']) expect(outsidePdf).not.toContain(secret);
  });
});
