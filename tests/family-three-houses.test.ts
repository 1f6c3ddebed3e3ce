/**
 * The child's Three Houses (docs/SPEC.md, FA5-FA8): the child's words per house in the case's Yjs document, kept
 * with each meeting's version, guarded against CPR numbers like the rest (LB9); photos of the child's drawings
 * uploaded over HTTP, re-encoded so no metadata survives, limited in size, sniffed from their bytes, served only to
 * those who may read the case and never cached, and gone when retention deletes or anonymises the case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import * as Y from 'yjs';
import { CASE_DOC, parseThreeHouses } from '../shared/caseDoc.js';
import type { CaseVersionContent, MeetingDetail } from '../shared/api.js';
import type { DrawingMeta } from '../shared/family.js';
import { CloseCode } from '../shared/protocol.js';
import { readCaseContent } from '../server/features/cases/content.js';
import { sniffImageType } from '../server/features/family/image.js';
import { addDays, todayInCopenhagen } from '../server/features/tasks/dates.js';
import { apiAs, type ApiClient } from './helpers/api.js';
import { connectWriter } from './helpers/case-document.js';
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

beforeAll(async () => {
  server = await startTestServer();
  const db = server.db.prisma;
  forum = await createForum(db, {
    chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Sara Berg' },
    school: { sector: 'SKOLE', role: 'MEMBER', name: 'Mette Skov' },
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

const writer = (docName: string, key: 'school' | 'chair'): Promise<TestProvider> => connectWriter(server, forum.users[key]!.email, docName, open);

async function newCase(opts: { closed?: boolean } = {}) {
  const kase = await createCase(server.db.prisma, forum.forumId, forum.users.chair!.id, { status: opts.closed ? 'CLOSED' : 'OPEN' });
  const { docName } = await server.db.prisma.document.findUniqueOrThrow({ where: { id: kase.documentId }, select: { docName: true } });
  return { ...kase, docName };
}

/** A raw upload as the browser sends it: the file's bytes, with a cookie and the Origin. */
async function upload(as: ApiClient, caseId: string, house: string, bytes: Uint8Array, type = 'image/jpeg') {
  const res = await fetch(`${server.url}/api/cases/${caseId}/family/drawings/${house}`, {
    method: 'PUT',
    headers: { cookie: as.cookie, origin: server.origin, 'content-type': type },
    body: bytes,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

async function image(as: ApiClient, caseId: string, house: string) {
  const res = await fetch(`${server.url}/api/cases/${caseId}/family/drawings/${house}`, { headers: { cookie: as.cookie } });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

/** The JPEG's segments before the image data: marker and (for APPn and COM) what it holds. */
function jpegSegments(bytes: Uint8Array): Array<{ marker: number; body: Buffer }> {
  const out: Array<{ marker: number; body: Buffer }> = [];
  let i = 2; // after SOI
  while (i + 4 <= bytes.length && bytes[i] === 0xff) {
    const marker = bytes[i + 1]!;
    const length = (bytes[i + 2]! << 8) | bytes[i + 3]!;
    out.push({ marker, body: Buffer.from(bytes.subarray(i + 4, i + 2 + length)) });
    if (marker === 0xda) break; // start of scan: the image data follows
    i += 2 + length;
  }
  return out;
}

const GPS_MARKER = 'GPS-55.6761N-12.5683E';
const EXIF_MARKER = 'Oliver Hansen, 7 år';

/** A camera-like JPEG: EXIF with a GPS position, an XMP packet, an ICC profile and a comment. */
async function cameraJpeg(width = 3000, height = 1500): Promise<Buffer> {
  const base = await sharp({ create: { width, height, channels: 3, background: '#c8502a' } })
    .withExif({
      IFD0: { Artist: EXIF_MARKER, ImageDescription: GPS_MARKER, Make: 'Telefon', Model: 'Kamera 12' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '55/1 40/1 34/1', GPSLongitudeRef: 'E', GPSLongitude: '12/1 34/1 6/1' },
    })
    .withXmp(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description>${GPS_MARKER}</rdf:Description></rdf:RDF></x:xmpmeta>`)
    .withIccProfile('p3')
    .jpeg({ quality: 90 })
    .toBuffer();
  // A comment segment (COM) right after SOI, as some scanners write one.
  const comment = Buffer.from(`COM ${EXIF_MARKER}`, 'latin1');
  const com = Buffer.concat([Buffer.from([0xff, 0xfe, (comment.length + 2) >> 8, (comment.length + 2) & 0xff]), comment]);
  return Buffer.concat([base.subarray(0, 2), com, base.subarray(2)]);
}

describe('the Three Houses in the case document', () => {
  it('[FA5][VR1] each house holds the child\'s own words as a Yjs text, with who spoke with the child and when; the record and each meeting\'s version keep them; the old voice stays readable', async () => {
    const kase = await newCase();
    const s = await writer(kase.docName, 'school');
    s.doc.transact(() => {
      s.doc.getText(CASE_DOC.voice).insert(0, 'Jeg kan godt lide frikvarteret.');
      s.doc.getText(CASE_DOC.houseWorries).insert(0, 'Når mor og far råber.');
      s.doc.getText(CASE_DOC.houseGood).insert(0, 'Min hund Bella og fodbold.');
      s.doc.getText(CASE_DOC.houseDreams).insert(0, 'At vi tager til stranden.');
      s.doc.getArray(CASE_DOC.houseTalks).push([new Y.Map<unknown>([['id', 'talk-1'], ['by', 'Mette Skov, lærer'], ['on', '2026-11-20']])]);
    });
    await eventually(async () => {
      const content = await readCaseContent(server.db.prisma, kase.documentId, forum.forumId);
      expect(content.houses).toEqual({
        worries: 'Når mor og far råber.',
        good: 'Min hund Bella og fodbold.',
        dreams: 'At vi tager til stranden.',
        talks: [{ id: 'talk-1', by: 'Mette Skov, lærer', on: '2026-11-20' }],
      });
      expect(content.voice.text).toBe('Jeg kan godt lide frikvarteret.');
    });

    // Concluded at a meeting, the version keeps the houses as they were.
    const db = server.db.prisma;
    const meeting = await createMeeting(db, forum.forumId, { startsAt: new Date() });
    expect((await chair.send('POST', `/api/meetings/${meeting.id}/agenda`, { caseId: kase.id })).status).toBe(204);
    expect((await chair.send('POST', `/api/meetings/${meeting.id}/start`)).status).toBe(204);
    const [item] = (await chair.get<MeetingDetail>(`/api/meetings/${meeting.id}`)).body.agenda;
    const followUp = { dueDate: addDays(todayInCopenhagen(), 30), responsibleUserId: forum.users.school!.id };
    expect((await chair.send('POST', `/api/meetings/${meeting.id}/items/${item!.id}/conclude`, { level: 2, sosScale: 7, outcome: 'Skolen følger op.', followUp })).status).toBe(204);
    s.doc.getText(CASE_DOC.houseDreams).insert(0, 'Senere: ');
    const version = await db.caseVersion.findUniqueOrThrow({ where: { caseId_meetingId: { caseId: kase.id, meetingId: meeting.id } } });
    expect((version.content as unknown as CaseVersionContent).houses).toMatchObject({ dreams: 'At vi tager til stranden.', talks: [{ by: 'Mette Skov, lærer' }] });
    const versions = await chair.get<{ content: CaseVersionContent }>(`/api/cases/${kase.id}/versions/${meeting.id}`);
    expect(versions.body.content.houses?.worries).toBe('Når mor og far råber.');
  });

  it('[FA5] reading the houses never throws, whatever another client wrote under their names', () => {
    const doc = new Y.Doc();
    doc.getMap(CASE_DOC.houseWorries).set('x', 'not a text');
    doc.getText(CASE_DOC.houseTalks).insert(0, 'not a list');
    doc.getText(CASE_DOC.houseGood).insert(0, 'Bedstemor');
    expect(parseThreeHouses(doc)).toEqual({ worries: '', good: 'Bedstemor', dreams: '', talks: [] });
    const odd = new Y.Doc();
    odd.getArray(CASE_DOC.houseTalks).push([
      new Y.Map<unknown>([['id', 't'], ['by', 42], ['on', '2026-02-31']]),
      new Y.Map<unknown>([['by', 'uden id']]),
      'a string',
      new Y.Map<unknown>([['id', 't'], ['by', 'samme id igen']]),
    ]);
    expect(parseThreeHouses(odd).talks).toEqual([{ id: 't', by: '', on: null }]);
  });

  it('[FA5][LB9] a CPR number written into a house or a talk by a stock client closes it with CPR_REFUSED; nothing of it is stored', async () => {
    const kase = await newCase();
    const attempts: Array<(doc: Y.Doc) => void> = [
      (doc) => doc.getText(CASE_DOC.houseWorries).insert(0, 'Jeg hedder Oliver 010190-1234'),
      (doc) => doc.getText(CASE_DOC.houseGood).insert(0, '0101901234'),
      (doc) => doc.getText(CASE_DOC.houseDreams).insert(0, 'Kode 311299 4321'),
      (doc) => doc.getArray(CASE_DOC.houseTalks).push([new Y.Map<unknown>([['id', 'talk-x'], ['by', 'Mor 010190-1234'], ['on', '2026-11-20']])]),
    ];
    for (const [i, attempt] of attempts.entries()) {
      const p = await writer(kase.docName, 'school');
      attempt(p.doc);
      await eventually(() => expect(p.closes, `attempt ${i}`).toContain(CloseCode.CPR_REFUSED));
      p.destroy();
    }
    // Digit by digit into a house that already holds words: refused at the digit that completes the number.
    const typist = await writer(kase.docName, 'school');
    const dreams = typist.doc.getText(CASE_DOC.houseDreams);
    dreams.insert(0, 'At blive dyrlæge. ');
    for (const ch of '010190-123') dreams.insert(dreams.length, ch);
    await eventually(async () => expect(parseThreeHouses(await committed(kase.documentId)).dreams).toContain('010190-123'));
    expect(typist.closes).toEqual([]);
    dreams.insert(dreams.length, '4');
    await eventually(() => expect(typist.closes).toContain(CloseCode.CPR_REFUSED));

    const fresh = await writer(kase.docName, 'chair');
    const houses = parseThreeHouses(fresh.doc);
    expect([houses.worries, houses.good, houses.talks.length]).toEqual(['', '', 0]);
    expect(houses.dreams).toBe('At blive dyrlæge. 010190-123');
    const stored = parseThreeHouses(await committed(kase.documentId));
    expect(JSON.stringify(stored)).not.toMatch(/010190-?1234|0101901234|311299 4321/);
  });
});

/** The document as committed in PostgreSQL. */
async function committed(documentId: string): Promise<Y.Doc> {
  const rows = await server.db.prisma.docUpdate.findMany({ where: { documentId }, orderBy: { id: 'asc' }, select: { data: true } });
  const snapshot = await server.db.prisma.docSnapshot.findUnique({ where: { documentId }, select: { state: true } });
  const doc = new Y.Doc();
  for (const b of [...(snapshot ? [snapshot.state] : []), ...rows.map((r) => r.data)]) Y.applyUpdate(doc, new Uint8Array(b));
  return doc;
}

describe('photos of the child\'s drawings', () => {
  it('[FA6] an uploaded JPEG is re-encoded: no EXIF (GPS, camera, name), XMP, ICC profile or comment survives, and it is at most 2000 px a side', async () => {
    const kase = await newCase();
    const original = await cameraJpeg(3000, 1500);
    // The test can fail: the upload carries all of it.
    const before = await sharp(original).metadata();
    expect([!!before.exif, !!before.xmp, !!before.icc]).toEqual([true, true, true]);
    expect(original.includes(GPS_MARKER)).toBe(true);
    expect(jpegSegments(original).some((s) => s.marker === 0xfe)).toBe(true);

    const res = await upload(school, kase.id, 'worries', original);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ house: 'worries', width: 2000, height: 1000 });
    const row = await server.db.prisma.childDrawing.findUniqueOrThrow({ where: { caseId_house: { caseId: kase.id, house: 'WORRIES' } } });
    const stored = Buffer.from(row.data);
    expect(sniffImageType(stored)).toBe('image/jpeg');
    expect(row.mime).toBe('image/jpeg');
    // Byte by byte: no APP1 (EXIF, XMP), APP2 (ICC), APP13 (IPTC), no APPn at all but JFIF's APP0, no COM.
    const segments = jpegSegments(stored);
    expect(segments.filter((s) => s.marker >= 0xe1 && s.marker <= 0xef).map((s) => s.marker.toString(16))).toEqual([]);
    expect(segments.filter((s) => s.marker === 0xfe)).toEqual([]);
    for (const marker of [GPS_MARKER, EXIF_MARKER, 'Exif', 'http://ns.adobe.com/xap', 'Telefon', 'ICC_PROFILE']) {
      expect(stored.includes(Buffer.from(marker, 'latin1')), marker).toBe(false);
    }
    const after = await sharp(stored).metadata();
    expect([after.exif, after.xmp, after.icc, after.iptc, after.comments]).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect([after.width, after.height, after.space]).toEqual([2000, 1000, 'srgb']);

    // What the reader gets is exactly what was stored.
    const served = await image(school, kase.id, 'worries');
    expect(served.status).toBe(200);
    expect(served.bytes.equals(stored)).toBe(true);
  });

  it('[FA6] the type is read from the bytes: a PNG sent as JPEG is stored as a JPEG, text sent as an image is 415, a broken image 400', async () => {
    const kase = await newCase();
    const png = await sharp({ create: { width: 400, height: 300, channels: 4, background: { r: 0, g: 90, b: 200, alpha: 0.5 } } }).png().toBuffer();
    const asJpeg = await upload(school, kase.id, 'good', png, 'image/jpeg');
    expect(asJpeg.status).toBe(201);
    expect(asJpeg.body).toMatchObject({ width: 400, height: 300 });
    const stored = await server.db.prisma.childDrawing.findUniqueOrThrow({ where: { caseId_house: { caseId: kase.id, house: 'GOOD' } } });
    expect(sniffImageType(stored.data)).toBe('image/jpeg');
    expect((await sharp(Buffer.from(stored.data)).metadata()).hasAlpha).toBe(false); // flattened on white

    const webp = await sharp({ create: { width: 50, height: 50, channels: 3, background: '#ffcc00' } }).webp().toBuffer();
    expect((await upload(school, kase.id, 'dreams', webp, 'application/octet-stream')).status).toBe(201);

    expect(await upload(school, kase.id, 'dreams', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), 'image/svg+xml')).toMatchObject({ status: 415, body: { error: 'unsupported_image' } });
    expect(await upload(school, kase.id, 'dreams', Buffer.from('GIF89a……'), 'image/gif')).toMatchObject({ status: 415, body: { error: 'unsupported_image' } });
    expect(await upload(school, kase.id, 'dreams', Buffer.alloc(0), 'image/jpeg')).toMatchObject({ status: 415, body: { error: 'unsupported_image' } });
    // A JPEG's first bytes, then garbage; and a real JPEG cut in half.
    const garbage = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(4000, 0x41)]);
    expect(await upload(school, kase.id, 'dreams', garbage)).toMatchObject({ status: 400, body: { error: 'invalid_image' } });
    const whole = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#336699' } }).jpeg().toBuffer();
    expect(await upload(school, kase.id, 'dreams', whole.subarray(0, Math.floor(whole.length / 2)))).toMatchObject({ status: 400, body: { error: 'invalid_image' } });
    // The house kept its earlier drawing (the WebP) through the refusals.
    const kept = await server.db.prisma.childDrawing.findUniqueOrThrow({ where: { caseId_house: { caseId: kase.id, house: 'DREAMS' } } });
    expect([kept.width, kept.height]).toEqual([50, 50]);
    expect((await upload(school, kase.id, 'attic', whole)).status).toBe(400);
  });

  it('[FA6] more than 5 MB is refused with 413 before it is read, and so is an image of more than 40 million pixels however small its file', async () => {
    const kase = await newCase();
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(5 * 1024 * 1024, 0)]);
    expect(await upload(school, kase.id, 'worries', big)).toMatchObject({ status: 413, body: { error: 'image_too_large' } });
    // A decompression bomb: 8000 × 6000 of one colour is a few hundred kilobytes as PNG.
    const bomb = await sharp({ create: { width: 8000, height: 6000, channels: 3, background: '#ffffff' } }).png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.length).toBeLessThan(5 * 1024 * 1024);
    expect(await upload(school, kase.id, 'worries', bomb, 'image/png')).toMatchObject({ status: 413, body: { error: 'image_too_large' } });
    expect(await server.db.prisma.childDrawing.count({ where: { caseId: kase.id } })).toBe(0);
  });

  it('[FA7] drawings are served only to those who may read the case, never cached; guests, other forums and outsiders cannot change them; every read is audited', async () => {
    const db = server.db.prisma;
    const kase = await newCase();
    const jpeg = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#2a8c4a' } }).jpeg().toBuffer();
    const up = await upload(chair, kase.id, 'dreams', jpeg);
    expect(up.status).toBe(201);
    const meta = up.body as DrawingMeta;
    expect(meta.url).toBe(`/api/cases/${kase.id}/family/drawings/dreams?v=${meta.id}`);

    for (const reader of [school, guest, chair]) {
      const r = await image(reader, kase.id, 'dreams');
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('image/jpeg');
      expect(r.headers.get('cache-control')).toBe('private, no-store');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const list = await guest.get<{ drawings: Record<string, DrawingMeta | null> }>(`/api/cases/${kase.id}/family/drawings`);
    expect(list.status).toBe(200);
    expect(list.body.drawings).toMatchObject({ worries: null, good: null, dreams: { id: meta.id, width: 600, height: 400 } });

    // Another forum, a user of no forum and police outside SSP: the same 404 as an unknown case.
    for (const other of [stranger, outsider, police]) {
      expect((await image(other, kase.id, 'dreams')).status).toBe(404);
      expect((await other.get(`/api/cases/${kase.id}/family/drawings`)).status).toBe(404);
      expect((await upload(other, kase.id, 'dreams', jpeg)).status).toBe(404);
      expect((await other.send('DELETE', `/api/cases/${kase.id}/family/drawings/dreams`)).status).toBe(404);
    }
    expect((await image(school, 'no-such-case', 'dreams')).status).toBe(404);
    expect((await image(school, kase.id, 'worries')).status).toBe(404); // no drawing in that house
    // A guest reads but does not write (A2).
    expect(await upload(guest, kase.id, 'dreams', jpeg)).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect((await guest.send('DELETE', `/api/cases/${kase.id}/family/drawings/dreams`)).status).toBe(403);
    // Without an allowed Origin a change is refused (H2), without a session too.
    const noOrigin = await fetch(`${server.url}/api/cases/${kase.id}/family/drawings/dreams`, { method: 'PUT', headers: { cookie: school.cookie }, body: jpeg });
    expect(noOrigin.status).toBe(403);
    expect((await fetch(`${server.url}/api/cases/${kase.id}/family/drawings/dreams`)).status).toBe(401);

    const trail = await db.auditEntry.findMany({ where: { caseId: kase.id }, orderBy: { id: 'asc' } });
    expect(trail.filter((e) => e.action === 'READ' && e.purpose === 'three-houses-drawing').map((e) => [e.userId, e.criterion])).toEqual([
      [forum.users.school!.id, 'house=dreams'],
      [forum.users.guest!.id, 'house=dreams'],
      [forum.users.chair!.id, 'house=dreams'],
      [forum.users.school!.id, 'house=worries'],
    ]);
    expect(trail.filter((e) => e.action === 'UPDATE').map((e) => [e.userId, e.purpose, e.criterion])).toEqual([[forum.users.chair!.id, 'three-houses-drawing', 'house=dreams']]);
    const denied = trail.filter((e) => e.action === 'DENIED').map((e) => e.criterion);
    expect(denied).toContain('three-houses-drawing;house=dreams');
    expect(denied).toContain('three-houses-drawing:write;house=dreams');
    expect(denied.filter((c) => c === 'three-houses-drawing:write;house=dreams')).toHaveLength(3 * 2 + 2); // 3 outsiders × put/delete, guest × 2

    // The school removes it; a closed case takes no new drawing (CS3).
    expect((await school.send('DELETE', `/api/cases/${kase.id}/family/drawings/dreams`)).status).toBe(204);
    expect(await db.childDrawing.count({ where: { caseId: kase.id } })).toBe(0);
    const closed = await newCase({ closed: true });
    expect(await upload(chair, closed.id, 'dreams', jpeg)).toMatchObject({ status: 409, body: { error: 'case_closed' } });
  });
});

describe('retention', () => {
  /** A closed case with a drawing, a family version (with a version per meeting) and houses in the version. */
  async function closedCaseWithFamily(target: TestServer, f: TestForum, marker: string) {
    const db = target.db.prisma;
    const api = await apiAs(target.url, target.origin, f.users.chair!.email);
    const kase = await createCase(db, f.forumId, f.users.chair!.id, { description: `pige, 8 år ${marker}`, childName: `Navn ${marker}` });
    const jpeg = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#aa0000' } }).jpeg().toBuffer();
    const res = await fetch(`${target.url}/api/cases/${kase.id}/family/drawings/good`, {
      method: 'PUT',
      headers: { cookie: api.cookie, origin: target.origin, 'content-type': 'image/jpeg' },
      body: jpeg,
    });
    expect(res.status).toBe(201);
    const meeting = await createMeeting(db, f.forumId, { startsAt: new Date('2026-01-10T09:00:00Z'), status: 'CLOSED' });
    const content = { worries: `Vi er bekymrede ${marker}`, goingWell: '', steps: [], nextMeeting: '', contacts: [] };
    await db.familyPlan.create({ data: { caseId: kase.id, revision: 1, content, updatedAt: new Date(), updatedById: f.users.chair!.id } });
    await db.caseVersion.create({
      data: {
        caseId: kase.id, meetingId: meeting.id, concludedById: f.users.chair!.id, level: 2, sosScale: 6, basis: 'CONSENT',
        content: { concern: [], voice: { text: '', changedById: null }, houses: { worries: marker, good: '', dreams: '', talks: [] } },
      },
    });
    expect(await db.familyPlanVersion.count({ where: { caseId: kase.id } })).toBe(1); // kept by the CaseVersion trigger (FA2)
    const monthsAgo = new Date(Date.now() - 13 * 31 * 24 * 60 * 60 * 1000);
    await db.case.update({ where: { id: kase.id }, data: { status: 'CLOSED', closedAt: monthsAgo } });
    return kase;
  }

  async function familyRows(target: TestServer, caseId: string) {
    const q = async (sql: string) => Number((await target.db.pool.query(sql, [caseId])).rows[0].n);
    return {
      drawings: await q('SELECT count(*) AS n FROM "ChildDrawing" WHERE "caseId" = $1'),
      plans: await q('SELECT count(*) AS n FROM "FamilyPlan" WHERE "caseId" = $1'),
      versions: await q('SELECT count(*) AS n FROM "FamilyPlanVersion" WHERE "caseId" = $1'),
    };
  }

  it('[FA8][RT1] deleting a closed case takes its drawings, family version and its versions with it', async () => {
    const f = await createForum(server.db.prisma, { chair: { sector: 'SOCIAL', role: 'CHAIR' } });
    const marker = `MARKER-${Date.now()}`;
    const kase = await closedCaseWithFamily(server, f, marker);
    expect(await familyRows(server, kase.id)).toEqual({ drawings: 1, plans: 1, versions: 1 });
    await server.runJob('retention');
    expect(await server.db.prisma.case.count({ where: { id: kase.id } })).toBe(0);
    expect(await familyRows(server, kase.id)).toEqual({ drawings: 0, plans: 0, versions: 0 });
    const left = await server.db.pool.query(
      `SELECT (SELECT count(*) FROM "ChildDrawing") AS d, (SELECT count(*) FROM "FamilyPlan" WHERE content::text LIKE $1) AS p`,
      [`%${marker}%`],
    );
    expect(Number(left.rows[0].p)).toBe(0);
  });

  it('[FA8][RT3] anonymising a closed case deletes its drawings and its family version, and the houses leave its versions', async () => {
    const anon = await startTestServer({ CASE_RETENTION_MODE: 'anonymise', CASE_RETENTION_MONTHS: '6' });
    try {
      const f = await createForum(anon.db.prisma, { chair: { sector: 'SOCIAL', role: 'CHAIR' } });
      const marker = `MARKER-${Date.now()}`;
      const kase = await closedCaseWithFamily(anon, f, marker);
      const open = await createCase(anon.db.prisma, f.forumId, f.users.chair!.id, { description: 'stays open' });
      await anon.db.prisma.familyPlan.create({ data: { caseId: open.id, revision: 1, content: { worries: 'bliver' }, updatedAt: new Date(), updatedById: f.users.chair!.id } });
      await anon.runJob('retention');
      expect(await anon.db.prisma.case.findUniqueOrThrow({ where: { id: kase.id } })).toMatchObject({ description: 'slettet' });
      expect(await familyRows(anon, kase.id)).toEqual({ drawings: 0, plans: 0, versions: 0 });
      const version = await anon.db.prisma.caseVersion.findFirstOrThrow({ where: { caseId: kase.id } });
      expect(JSON.stringify(version.content)).not.toContain(marker);
      expect((version.content as { houses?: unknown }).houses).toBeUndefined();
      // RT4: an open case keeps its family version.
      expect(await familyRows(anon, open.id)).toEqual({ drawings: 0, plans: 1, versions: 0 });
    } finally {
      await anon.close();
    }
  });
});
