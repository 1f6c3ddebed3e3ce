/**
 * Minutes fit for journalisering (docs/SPEC.md, MN3-MN6): a meeting run through the HTTP API, case content typed
 * by real Yjs clients over the websocket, and the minutes read back from the PDF. Set MINUTES_RENDER_DIR to also
 * get the PDF and a PNG per page (tests/helpers/render-pdf.ts).
 */
import crypto from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CaseVersionContent, MeetingDetail } from '../shared/api.js';
import { CASE_DOC } from '../shared/caseDoc.js';
import { LEGAL_BASIS_LABELS_DA } from '../shared/labels.js';
import { readCaseContent } from '../server/features/cases/content.js';
import { hashPassword } from '../server/auth/passwords.js';
import { apiAs, type ApiClient } from './helpers/api.js';
import { connectWriter, entry, paragraph } from './helpers/case-document.js';
import { eventually, type TestProvider } from './helpers/clients.js';
import { createCase, createMeeting } from './helpers/domain-factories.js';
import { createForum, createOutsider, PASSWORD, type TestForum } from './helpers/factories.js';
import { pdfObjects, pdfText } from './helpers/pdf-text.js';
import { renderForInspection } from './helpers/render-pdf.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let forum: TestForum;
let chair: ApiClient;
let school: ApiClient;
let admin: ApiClient;
const open: TestProvider[] = [];

const FORUM_JNR = '27.00.00-A00-12-26';
const MEETING_JNR = '27.00.00-A00-99-26';

beforeAll(async () => {
  server = await startTestServer();
  forum = await createForum(server.db.prisma, {
    chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Ahmed Nielsen' },
    school: { sector: 'SKOLE', role: 'MEMBER', name: 'Anna Jensen' },
    nurse: { sector: 'SUNDHEDSPLEJE', role: 'MEMBER', name: 'Sara Lind' },
  });
  const db = server.db.prisma;
  await db.forum.update({ where: { id: forum.forumId }, data: { name: 'SSD Nord' } });
  await db.municipality.update({ where: { id: forum.municipalityId }, data: { name: 'Aabenraa Kommune' } });
  const adminUser = await db.user.create({
    data: { municipalityId: forum.municipalityId, email: `admin-${crypto.randomBytes(3).toString('hex')}@test.samraad.dk`, name: 'Admin', municipalRoles: ['ADMIN'], passwordHash: await hashPassword(PASSWORD) },
  });
  [chair, school, admin] = await Promise.all([
    apiAs(server.url, server.origin, forum.users.chair!.email),
    apiAs(server.url, server.origin, forum.users.school!.email),
    apiAs(server.url, server.origin, adminUser.email),
  ]);
});
afterAll(async () => {
  for (const p of open.splice(0)) p.destroy();
  await server?.close();
});

const writer = (key: string, docName: string) => connectWriter(server, forum.users[key]!.email, docName, open);

/** The school's worker writes the case's map, action plan and first passage; the health visitor adds to the note. */
async function writeCase(documentId: string, content: { concern: string; added: string; second: string; voice: string }) {
  const { docName } = await server.db.prisma.document.findUniqueOrThrow({ where: { id: documentId } });
  const s = await writer('school', docName);
  s.doc.transact(() => {
    s.doc.getXmlFragment('prosemirror').push([paragraph(content.concern)]);
    const sos = s.doc.getMap<unknown>('sos');
    const columns = { worries: ['Træthed og vægttab', 'Mange fraværsdage'], strengths: ['God kontakt til pædagogerne'], next: ['Fælles plan med forældrene'] };
    for (const [column, points] of Object.entries(columns)) {
      const list = new Y.Array<Y.Map<unknown>>();
      sos.set(column, list);
      list.push(points.map((text) => entry({ text })));
    }
    s.doc.getText('voice').insert(0, content.voice);
    s.doc.getArray('network').push([entry({ name: 'Mormor Inger', relation: 'mormor', contribution: 'henter i børnehaven om tirsdagen' })]);
    s.doc.getArray('actions').push([
      entry({ title: 'Samtale med forældre', responsibleUserId: forum.users.school!.id, ladderStep: 0, dueDate: '2026-12-01', status: 'IN_PROGRESS' }),
      entry({ title: 'Hjemmebesøg', responsibleUserId: forum.users.nurse!.id, ladderStep: 2, dueDate: '2026-12-15', status: 'PLANNED' }),
    ]);
  });
  const n = await writer('nurse', docName);
  await eventually(() => expect(n.doc.getXmlFragment('prosemirror').length).toBe(1));
  n.doc.transact(() => {
    const fragment = n.doc.getXmlFragment('prosemirror');
    const text = (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(text.length, content.added);
    fragment.push([paragraph(content.second)]);
  });
  // Concluding keeps what is committed: wait until the server has it all.
  await eventually(async () => {
    const stored = await readCaseContent(server.db.prisma, documentId, forum.forumId);
    expect(stored.concern).toHaveLength(2);
    expect(stored.actions).toHaveLength(2);
  });
  return { school: s, nurse: n };
}

async function minutesText(meetingId: string, as: ApiClient = school) {
  const res = await fetch(`${server.url}/api/meetings/${meetingId}/minutes.pdf`, { headers: { cookie: as.cookie } });
  expect(res.status).toBe(200);
  const pdf = Buffer.from(await res.arrayBuffer());
  return { pdf, flat: pdfText(pdf).replace(/\s+/g, ' ') };
}

describe('minutes fit for journalisering', () => {
  it('[MN3][MN4][MN5][MN6] the minutes hold each discussed case as concluded: basis, concern note by writer, SoS, voice, network, actions, level, follow-up, journal number; no identity; PDF/A', async () => {
    const db = server.db.prisma;
    const { chair: chairUser, school: schoolUser, nurse: nurseUser } = forum.users as Record<string, { id: string }>;
    expect((await admin.send('PUT', `/api/admin/forums/${forum.forumId}/journal-number`, { journalNumber: FORUM_JNR })).status).toBe(204);

    const named = await createCase(db, forum.forumId, chairUser!.id, {
      description: 'dreng, 4 år, dagtilbud i distrikt Nord',
      childName: 'Emil Sørensen', childCpr: '0101201234', childAddress: 'Skjultvej 7', parentNames: 'Hanne Sørensen',
    });
    await db.case.update({ where: { id: named.id }, data: { basis: 'SSD_EXCHANGE' } });
    const other = await createCase(db, forum.forumId, chairUser!.id, { description: 'pige, 2 år, vuggestue i distrikt Nord' });
    const skipped = await createCase(db, forum.forumId, chairUser!.id, { description: 'dreng, 11 år, ikke nået' });
    const namedWriters = await writeCase(named.documentId, {
      concern: 'Emil kommer ofte sent og virker træt om morgenen. ',
      added: 'Vægten er faldet siden sidste besøg.',
      second: 'Emils mor har fortalt om søvnbesvær efter flytningen til Skjultvej 7.',
      voice: 'Jeg kan godt lide at bygge med klodser.',
    });
    await writeCase(other.documentId, {
      concern: 'Pigen trives i vuggestuen, men sproget er sent. ',
      added: 'Hun sover godt.',
      second: 'Forældrene ønsker sparring om sprogstimulering.',
      voice: 'Mere sang!',
    });

    const meeting = await createMeeting(db, forum.forumId, { startsAt: new Date('2026-11-24T08:00:00Z'), place: 'Rådhuset, mødelokale Æblehaven' });
    for (const c of [named, other, skipped]) expect((await chair.send('POST', `/api/meetings/${meeting.id}/agenda`, { caseId: c.id })).status).toBe(204);
    await chair.send('PUT', `/api/meetings/${meeting.id}/participants`, { userIds: [chairUser!.id, schoolUser!.id, nurseUser!.id], guestLabels: ['Forælder'] });
    expect((await chair.send('POST', `/api/meetings/${meeting.id}/start`)).status).toBe(204);
    const [itemA, itemB] = (await chair.get<MeetingDetail>(`/api/meetings/${meeting.id}`)).body.agenda;
    expect((await chair.send('POST', `/api/meetings/${meeting.id}/items/${itemA!.id}/conclude`, {
      level: 4, sosScale: 3, outcome: 'Skolen kontakter forældrene; sundhedsplejen følger vægten.',
      followUp: { dueDate: '2027-01-12', responsibleUserId: chairUser!.id },
    })).status).toBe(204);
    expect((await chair.send('POST', `/api/meetings/${meeting.id}/current`, { itemId: itemB!.id })).status).toBe(204);
    expect((await chair.send('POST', `/api/meetings/${meeting.id}/items/${itemB!.id}/conclude`, {
      level: 2, sosScale: 7, outcome: 'Dagtilbuddet styrker sproget.', followUp: null, noFollowUpReason: 'Dagtilbuddet følger selv op',
    })).status).toBe(204);
    expect((await chair.send('POST', `/api/meetings/${meeting.id}/close`)).status).toBe(204);

    // Written after the meeting: today's document, not what was agreed then.
    namedWriters.school.doc.getXmlFragment('prosemirror').push([paragraph('Tilføjet efter mødet.')]);
    await eventually(async () => expect((await readCaseContent(db, named.documentId, forum.forumId)).concern).toHaveLength(3));

    const first = await minutesText(meeting.id);
    expect(first.flat).toContain(`Journalnummer: ${FORUM_JNR}`);
    expect((await chair.send('PUT', `/api/meetings/${meeting.id}/journal-number`, { journalNumber: MEETING_JNR })).status).toBe(204);
    const { pdf, flat } = await minutesText(meeting.id);
    renderForInspection(pdf, 'minutes-record');

    for (const expected of [
      'Referat', 'Aabenraa Kommune', 'SSD Nord', '24. november 2026 kl. 09.00', 'Rådhuset, mødelokale Æblehaven', `Journalnummer: ${MEETING_JNR}`,
      'Ahmed Nielsen (Socialrådgivning)', 'Anna Jensen (Skole)', 'Sara Lind (Sundhedspleje)', 'Forælder (gæst)',
      `1. Sag ${named.reference}`, 'dreng, 4 år, dagtilbud i distrikt Nord',
      `Hjemmel: ${LEGAL_BASIS_LABELS_DA.SSD_EXCHANGE}`,
      'Børnelinealen: 4 – Alvorlig bekymring', 'Signs of Safety-skala: 3/10',
      // MN4: each passage with its writer and sector; MN5: the child's name (its genitive too) and address blanked.
      '[navn] kommer ofte sent og virker træt om morgenen. — Anna Jensen, Skole Vægten er faldet siden sidste besøg. — Sara Lind, Sundhedspleje',
      '[navn]s mor har fortalt om søvnbesvær efter flytningen til [adresse]. — Sara Lind, Sundhedspleje',
      'Hvad er vi bekymrede for? • Træthed og vægttab • Mange fraværsdage', 'Hvad går godt? • God kontakt til pædagogerne',
      'Hvad skal der ske? • Fælles plan med forældrene', 'Skala 0-10',
      'Barnets stemme »Jeg kan godt lide at bygge med klodser.«',
      'Netværk • Mormor Inger (mormor) – henter i børnehaven om tirsdagen',
      'Samtale med forældre – Anna Jensen (Skole), frist 01.12.2026, Indsatstrappen trin 0 (Forebyggelse på almenområdet) – I gang',
      'Hjemmebesøg – Sara Lind (Sundhedspleje), frist 15.12.2026, Indsatstrappen trin 2 (Hjemmebaserede indsatser) – Planlagt',
      'Aftalt Skolen kontakter forældrene; sundhedsplejen følger vægten.',
      'Opfølgning: 12.01.2027, ansvarlig Ahmed Nielsen (Socialrådgivning)',
      `2. Sag ${other.reference}`, `Hjemmel: ${LEGAL_BASIS_LABELS_DA.ANONYMOUS}`, 'Børnelinealen: 2 – Begyndende bekymring',
      'Pigen trives i vuggestuen, men sproget er sent. — Anna Jensen, Skole Hun sover godt. — Sara Lind, Sundhedspleje',
      'Ingen opfølgning: Dagtilbuddet følger selv op',
      'Fortroligt – indeholder personoplysninger', 'Side 1 af',
    ]) {
      expect(flat, expected).toContain(expected);
    }
    expect(flat).not.toContain(FORUM_JNR);
    // The version, not today's document; MN2: only the discussed cases.
    expect(flat).not.toContain('Tilføjet efter mødet');
    expect(flat).not.toContain(skipped.reference);
    expect(flat).not.toContain('ikke nået');
    expect(flat.indexOf(named.reference)).toBeLessThan(flat.indexOf(other.reference));
    // MN5: no identity field anywhere, in the text or the file's bytes (metadata).
    for (const secret of ['Emil', 'Sørensen', 'Skjultvej', '0101201234', '010120-1234', 'Hanne']) {
      expect(flat).not.toContain(secret);
      expect(pdf.toString('latin1')).not.toContain(secret);
    }

    // MN6: PDF/A-2b, declared in the XMP packet, with an output intent; every font embedded, none of the standard 14.
    const raw = pdf.toString('latin1');
    expect(raw.startsWith('%PDF-1.7')).toBe(true);
    expect(raw).toMatch(/<pdfaid:part>2<\/pdfaid:part>/);
    expect(raw).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/);
    expect(raw).toMatch(/\/OutputIntents/);
    expect(raw).toMatch(/\/S \/GTS_PDFA1/);
    expect(raw).toMatch(/\/Lang \(da-DK\)/);
    // The XMP packet is UTF-8.
    expect(pdf.toString('utf8')).toContain('<rdf:li xml:lang="x-default">Referat – SSD Nord – 24.11.2026</rdf:li>');
    const objects = [...pdfObjects(pdf).values()];
    const fonts = objects.filter((o) => /\/Type \/Font\b/.test(o.dict));
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) {
      expect(f.dict).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier|Symbol|ZapfDingbats)/);
      expect(f.dict).toMatch(/\/Subtype \/(Type0|CIDFontType2)/);
    }
    const descriptors = objects.filter((o) => /\/Type \/FontDescriptor/.test(o.dict));
    expect(descriptors.length).toBeGreaterThan(0);
    for (const d of descriptors) expect(d.dict).toMatch(/\/FontFile2 \d+ 0 R/);
  });

  it('[MN4][MN5][FA5] each discussed case shows the Three Houses from its version: the child\'s words, who spoke with the child and when, names blanked; a drawing is only mentioned', async () => {
    const db = server.db.prisma;
    const { chair: chairUser, school: schoolUser } = forum.users as Record<string, { id: string }>;
    const named = await createCase(db, forum.forumId, chairUser!.id, {
      description: 'pige, 6 år, skole i distrikt Nord', childName: 'Ida Holm', childCpr: '0202201234', childAddress: 'Bakkevej 3', parentNames: 'Karen Holm',
    });
    await db.case.update({ where: { id: named.id }, data: { basis: 'SSD_EXCHANGE' } });
    const { docName } = await db.document.findUniqueOrThrow({ where: { id: named.documentId } });
    const s = await writer('school', docName);
    const setHouses = (words: Record<'worries' | 'good' | 'dreams', string>) =>
      s.doc.transact(() => {
        for (const [root, text] of [[CASE_DOC.houseWorries, words.worries], [CASE_DOC.houseGood, words.good], [CASE_DOC.houseDreams, words.dreams]] as const) {
          const t = s.doc.getText(root);
          t.delete(0, t.length);
          t.insert(0, text);
        }
      });
    s.doc.transact(() => {
      s.doc.getXmlFragment('prosemirror').push([paragraph('Ida er stille i timerne.')]);
      setHouses({ worries: 'Når Karen Holm er sur. Ida bliver ked af det.', good: 'Min kat og at tegne.', dreams: 'At bo på Bakkevej 3 for altid.' });
      s.doc.getArray(CASE_DOC.houseTalks).push([
        new Y.Map<unknown>([['id', 'talk-1'], ['by', 'Anna Jensen, lærer'], ['on', '2026-11-20']]),
        new Y.Map<unknown>([['id', 'talk-2'], ['by', 'Sara Lind, sundhedsplejerske'], ['on', '2026-11-22']]),
      ]);
    });
    await eventually(async () => expect((await readCaseContent(db, named.documentId, forum.forumId)).houses?.talks).toHaveLength(2));
    // A photo of the drawing for the house of dreams (FA6): kept with the case, never printed in the minutes.
    const jpeg = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#3366aa' } }).jpeg().toBuffer();
    const up = await fetch(`${server.url}/api/cases/${named.id}/family/drawings/dreams`, {
      method: 'PUT', headers: { cookie: school.cookie, origin: server.origin, 'content-type': 'image/jpeg' }, body: jpeg,
    });
    expect(up.status).toBe(201);
    // A case whose version was kept before the houses existed (FA5: such a version has none).
    const older = await createCase(db, forum.forumId, chairUser!.id, { description: 'dreng, 3 år, vuggestue i distrikt Nord' });
    await writeCase(older.documentId, { concern: 'Sover dårligt. ', added: 'Spiser godt.', second: 'Forældrene er bekymrede.', voice: 'Mere sang!' });

    const meeting = await createMeeting(db, forum.forumId, { startsAt: new Date('2026-12-08T08:00:00Z'), place: 'Rådhuset' });
    for (const c of [named, older]) expect((await chair.send('POST', `/api/meetings/${meeting.id}/agenda`, { caseId: c.id })).status).toBe(204);
    await chair.send('PUT', `/api/meetings/${meeting.id}/participants`, { userIds: [chairUser!.id, schoolUser!.id], guestLabels: [] });
    expect((await chair.send('POST', `/api/meetings/${meeting.id}/start`)).status).toBe(204);
    const [itemA, itemB] = (await chair.get<MeetingDetail>(`/api/meetings/${meeting.id}`)).body.agenda;
    expect((await chair.send('POST', `/api/meetings/${meeting.id}/items/${itemA!.id}/conclude`, {
      level: 3, sosScale: 5, outcome: 'Skolen taler med Ida.', followUp: null, noFollowUpReason: 'Skolen følger selv op',
    })).status).toBe(204);
    expect((await chair.send('POST', `/api/meetings/${meeting.id}/current`, { itemId: itemB!.id })).status).toBe(204);
    expect((await chair.send('POST', `/api/meetings/${meeting.id}/items/${itemB!.id}/conclude`, {
      level: 2, sosScale: 7, outcome: 'Dagtilbuddet følger søvnen.', followUp: null, noFollowUpReason: 'Ingen',
    })).status).toBe(204);
    expect((await chair.send('POST', `/api/meetings/${meeting.id}/close`)).status).toBe(204);
    const kept = await db.caseVersion.findUniqueOrThrow({ where: { caseId_meetingId: { caseId: older.id, meetingId: meeting.id } } });
    const { houses: _houses, ...withoutHouses } = kept.content as unknown as CaseVersionContent;
    await db.caseVersion.update({ where: { id: kept.id }, data: { content: withoutHouses as object } });
    // Written after the meeting: the minutes keep the houses as they were at it.
    setHouses({ worries: 'Efter mødet.', good: 'Efter mødet.', dreams: 'Efter mødet.' });
    await eventually(async () => expect((await readCaseContent(db, named.documentId, forum.forumId)).houses?.good).toBe('Efter mødet.'));

    const { pdf, flat } = await minutesText(meeting.id);
    renderForInspection(pdf, 'minutes-houses');
    // The cover lists the cases; each then has its own pages, where the heading occurs the last time.
    const startOf = (heading: string) => flat.lastIndexOf(heading);
    const first = flat.slice(startOf(`1. Sag ${named.reference}`), startOf(`2. Sag ${older.reference}`));
    const second = flat.slice(startOf(`2. Sag ${older.reference}`));
    for (const expected of [
      'Barnets tre huse', 'Talt med barnet: Anna Jensen, lærer, 20.11.2026; Sara Lind, sundhedsplejerske, 22.11.2026',
      'Bekymringernes hus »Når [navn] er sur. [navn] bliver ked af det.«', 'De gode tings hus »Min kat og at tegne.«',
      'Drømmenes hus (tegning vedlagt sagen) »At bo på [adresse] for altid.«',
    ]) {
      expect(first, expected).toContain(expected);
    }
    // The houses take the place of the old voice text, which is empty here; order as MN4: SoS, the child, network.
    expect(first).not.toContain('Barnets stemme');
    expect(first.indexOf('Hvad skal der ske?')).toBeLessThan(first.indexOf('Barnets tre huse'));
    expect(first.indexOf('Barnets tre huse')).toBeLessThan(first.indexOf('Netværk'));
    // The version before the houses: the voice as before, no houses.
    expect(second).toContain('Barnets stemme »Mere sang!«');
    expect(second).not.toContain('Barnets tre huse');
    for (const secret of ['Ida', 'Holm', 'Bakkevej', '0202201234', 'Efter mødet']) expect(flat, secret).not.toContain(secret);
    // The drawing is never in the minutes: no image in the file.
    expect([...pdfObjects(pdf).values()].filter((o) => /\/Subtype\s*\/Image/.test(o.dict))).toEqual([]);
  });

  it('[MN3] journal numbers: the admin sets a forum\'s, the chair a meeting\'s (empty = the forum\'s), short and never CPR-shaped; every change audited', async () => {
    const db = server.db.prisma;
    const meeting = await createMeeting(db, forum.forumId, { startsAt: new Date('2026-12-01T08:00:00Z') });
    const forumPath = `/api/admin/forums/${forum.forumId}/journal-number`;
    const meetingPath = `/api/meetings/${meeting.id}/journal-number`;

    expect((await admin.send('PUT', forumPath, { journalNumber: FORUM_JNR })).status).toBe(204);
    let detail = (await school.get<MeetingDetail>(`/api/meetings/${meeting.id}`)).body;
    expect(detail).toMatchObject({ journalNumber: null, forumJournalNumber: FORUM_JNR });

    // Only the chair sets a meeting's; only an admin of the municipality a forum's.
    expect((await school.send('PUT', meetingPath, { journalNumber: 'X-1' })).status).toBe(403);
    expect((await chair.send('PUT', forumPath, { journalNumber: 'X-1' })).status).toBe(403);
    const outsider = await createOutsider(db, forum.municipalityId);
    const stranger = await apiAs(server.url, server.origin, outsider.email);
    expect((await stranger.send('PUT', meetingPath, { journalNumber: 'X-1' })).status).toBe(404);
    const elsewhere = await createForum(db, { x: { sector: 'SKOLE', role: 'CHAIR' } });
    expect((await admin.send('PUT', `/api/admin/forums/${elsewhere.forumId}/journal-number`, { journalNumber: 'X-1' })).status).toBe(404);

    // Validated the same way for both: at most 40 characters, letters, digits and separators, no CPR number.
    for (const bad of ['0101201234', '010120-1234', 'j.nr. 010120 1234', 'x'.repeat(41), '<script>', 'a;b']) {
      for (const [client, path] of [[chair, meetingPath], [admin, forumPath]] as const) {
        const res = await client.send<{ error: string; fields: string[] }>('PUT', path, { journalNumber: bad });
        expect(res.status, bad).toBe(400);
        expect(res.body).toEqual({ error: 'invalid_input', fields: ['journalNumber'] });
      }
    }
    expect((await chair.send('PUT', meetingPath, { journalNumber: `  ${MEETING_JNR}  ` })).status).toBe(204);
    detail = (await school.get<MeetingDetail>(`/api/meetings/${meeting.id}`)).body;
    expect(detail.journalNumber).toBe(MEETING_JNR);
    expect((await chair.send('PUT', meetingPath, { journalNumber: '' })).status).toBe(204);
    expect((await school.get<MeetingDetail>(`/api/meetings/${meeting.id}`)).body.journalNumber).toBeNull();
    expect((await admin.get<Array<{ id: string; journalNumber: string | null }>>('/api/admin/forums')).body.find((f) => f.id === forum.forumId)?.journalNumber).toBe(FORUM_JNR);

    const audited = await db.auditEntry.findMany({ where: { purpose: 'journal-number' }, orderBy: { id: 'asc' }, select: { userId: true, action: true, criterion: true } });
    expect(audited).toEqual(
      expect.arrayContaining([
        { userId: forum.users.chair!.id, action: 'UPDATE', criterion: `meetingId=${meeting.id};journalNumber=${MEETING_JNR}` },
        { userId: forum.users.chair!.id, action: 'UPDATE', criterion: `meetingId=${meeting.id};journalNumber=` },
        expect.objectContaining({ action: 'UPDATE', criterion: `forumId=${forum.forumId};journalNumber=${FORUM_JNR}` }),
      ]),
    );
    // Refused changes leave no entry.
    expect(audited.filter((a) => a.criterion?.includes('X-1'))).toEqual([]);
  });
});
