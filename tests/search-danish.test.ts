/**
 * Case search (docs/SPEC.md, SE1-SE12) against real PostgreSQL: Danish stems, ranking, filters, who finds what (the
 * forum's members, police only in SSP, guests as the policy says, nobody else), CPR numbers and identity never in
 * the index or the snippets, escaped highlights, the index kept by the mirror after a real Yjs client's edit, the
 * backfill, retention, the audit entries, validation and the throttle.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { inTransaction } from '../server/db/checkout.js';
import { mirrorCaseDocument } from '../server/features/cases/mirror.js';
import { anonymiseCase, deleteCaseCompletely } from '../server/features/retention/service.js';
import { backfillSearchIndex } from '../server/features/search/backfill.js';
import type { SearchResponse } from '../server/features/search/service.js';
import { CPR_REDACTED } from '../shared/cpr.js';
import { apiAs, type ApiClient } from './helpers/api.js';
import { connectProvider, eventually, synced, wsTokenAs, type TestProvider } from './helpers/clients.js';
import { addMembership, assess, createCase, createMeeting } from './helpers/domain-factories.js';
import { createForum, createOutsider, type TestForum } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let nord: TestForum; // SSD: chair, school, nurse, guest, and a police membership that gives no case access (A4, A10)
let syd: TestForum; // SSD: its own member; the school member of Nord is here too
let ssp: TestForum; // SSP: police and social services
let elsewhere: TestForum; // another municipality
const providers: TestProvider[] = [];
const clients = new Map<string, ApiClient>();
const ids: Record<string, string> = {};

interface Content {
  concern?: string[];
  sos?: Partial<Record<'worries' | 'strengths' | 'next', string[]>>;
  voice?: string;
  houses?: Partial<Record<'houseWorries' | 'houseGood' | 'houseDreams', string>>;
  network?: Array<[name: string, relation: string, contribution: string]>;
  actions?: string[];
}

function caseState(c: Content): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (const text of c.concern ?? []) {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(text)]);
      doc.getXmlFragment('prosemirror').push([p]);
    }
    const sos = doc.getMap<Y.Array<Y.Map<string>>>('sos');
    for (const column of ['worries', 'strengths', 'next'] as const) {
      const list = new Y.Array<Y.Map<string>>();
      sos.set(column, list);
      list.push((c.sos?.[column] ?? []).map((text) => new Y.Map([['id', crypto.randomUUID()], ['text', text]])));
    }
    if (c.voice) doc.getText('voice').insert(0, c.voice);
    for (const [root, text] of Object.entries(c.houses ?? {})) doc.getText(root).insert(0, text);
    doc.getArray<Y.Map<string>>('network').push(
      (c.network ?? []).map(([name, relation, contribution]) => new Y.Map([['id', crypto.randomUUID()], ['name', name], ['relation', relation], ['contribution', contribution]])),
    );
    doc.getArray<Y.Map<unknown>>('actions').push(
      (c.actions ?? []).map((title) => new Y.Map<unknown>([['id', crypto.randomUUID()], ['title', title], ['status', 'PLANNED']])),
    );
  });
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

/** Stores a document state as the server would (snapshot) and runs the mirror on it, in one transaction. */
async function storeDocument(documentId: string, state: Uint8Array): Promise<void> {
  await inTransaction(server.db.pool, async (client) => {
    await client.query(
      `INSERT INTO "DocSnapshot" ("documentId", state, "upToId") VALUES ($1, $2, 0)
       ON CONFLICT ("documentId") DO UPDATE SET state = EXCLUDED.state`,
      [documentId, Buffer.from(state)],
    );
    await mirrorCaseDocument(client, documentId, state);
  });
}

async function seedCase(
  forum: TestForum,
  key: string,
  description: string,
  content: Content = {},
  opts: Parameters<typeof createCase>[3] = {},
) {
  const creator = Object.values(forum.users)[0]!.id;
  const kase = await createCase(server.db.prisma, forum.forumId, creator, { description, ...opts });
  await storeDocument(kase.documentId, caseState(content));
  ids[key] = kase.id;
  return kase;
}

async function as(forum: TestForum, key: string): Promise<ApiClient> {
  const email = forum.users[key]!.email;
  let c = clients.get(email);
  if (!c) clients.set(email, (c = await apiAs(server.url, server.origin, email)));
  return c;
}

async function search(client: ApiClient, params: Record<string, string | number>) {
  const qs = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
  return client.get<SearchResponse>(`/api/search?${qs}`);
}

/** The ids of the cases a search finds, in rank order. */
async function found(client: ApiClient, params: Record<string, string | number>): Promise<string[]> {
  const res = await search(client, params);
  expect(res.status).toBe(200);
  return res.body.results.map((r) => r.caseId);
}

const name = (caseId: string) => Object.entries(ids).find(([, id]) => id === caseId)?.[0] ?? caseId;
const names = async (client: ApiClient, params: Record<string, string | number>) => (await found(client, params)).map(name).sort();

beforeAll(async () => {
  server = await startTestServer();
  const db = server.db.prisma;
  nord = await createForum(db, {
    chair: { sector: 'SOCIAL', role: 'CHAIR' },
    school: { sector: 'SKOLE', role: 'MEMBER' },
    nurse: { sector: 'SUNDHEDSPLEJE', role: 'MEMBER' },
    guest: { sector: 'ANDET', role: 'GUEST' },
    police: { sector: 'POLITI', role: 'MEMBER' },
    // Readers of their own, so no test meets another's search throttle (SE8).
    reader1: { sector: 'DAGTILBUD', role: 'MEMBER' },
    reader2: { sector: 'PPR', role: 'MEMBER' },
    reader3: { sector: 'SKOLE', role: 'MEMBER' },
    reader4: { sector: 'ANDET', role: 'MEMBER' },
    reader5: { sector: 'PPR', role: 'MEMBER' },
  });
  await db.forum.update({ where: { id: nord.forumId }, data: { name: 'SSD Nord' } });
  syd = await createForum(db, { member: { sector: 'SKOLE', role: 'MEMBER' }, spare: { sector: 'PPR', role: 'MEMBER' } }, { municipalityId: nord.municipalityId });
  await db.forum.update({ where: { id: syd.forumId }, data: { name: 'SSD Syd' } });
  ssp = await createForum(db, { social: { sector: 'SOCIAL', role: 'CHAIR' } }, { type: 'SSP', municipalityId: nord.municipalityId });
  await addMembership(db, nord.users.school!.id, syd.forumId, 'SKOLE');
  await addMembership(db, nord.users.police!.id, ssp.forumId, 'POLITI');
  elsewhere = await createForum(db, { member: { sector: 'SKOLE', role: 'CHAIR' } });

  await seedCase(nord, 'morning', 'dreng, 7 år, skole i distrikt Nord', {
    concern: ['Skolen ser svære morgenrutiner og meget fravær.'],
    sos: { worries: ['Søvn og morgenrutiner hænger ikke sammen'] },
  });
  await seedCase(nord, 'worry', 'pige, 9 år, skole i distrikt Nord', { concern: ['Vi har en begyndende bekymring for trivsel i klassen.'] });
  await seedCase(syd, 'sydMorning', 'dreng, 6 år, dagtilbud i distrikt Syd', { concern: ['Mor fortæller, at morgenrutinerne er svære.'] });
  await seedCase(ssp, 'sspMorning', 'dreng, 14 år, SSP', { concern: ['Bekymring for morgenrutiner og færden om natten.'] });
  await seedCase(elsewhere, 'otherTown', 'dreng, 7 år, en anden kommune', { concern: ['Også her er morgenrutiner svære.'] });
  await seedCase(nord, 'fields', 'pige, 5 år, fodboldtræning om tirsdagen', {
    concern: ['Hun taler om sine klassekammerater.'],
    sos: { strengths: ['Får lektiehjælp af storesøster'] },
    voice: 'Jeg elsker min kanin.',
    houses: { houseDreams: 'Jeg drømmer om en trampolin.' },
    network: [['Bedstefar', 'morfar', 'kører til svømning']],
    actions: ['Plads i svømmehal om onsdagen'],
  });
});

afterAll(async () => {
  for (const p of providers) p.destroy();
  await server?.close();
});

describe('Danish search', () => {
  it('[SE1] the danish configuration: "morgenrutine" finds "morgenrutiner", "bekymringer" finds "bekymring"; GET and POST answer the same', async () => {
    const { rows } = await server.db.pool.query<{ cfg: string }>(`SELECT cfgname AS cfg FROM pg_ts_config WHERE cfgname = 'danish'`);
    expect(rows).toHaveLength(1);
    const chair = await as(nord, 'chair');
    expect(await names(chair, { q: 'morgenrutine' })).toEqual(['morning']);
    expect(await names(chair, { q: 'bekymringer' })).toEqual(['worry']);
    const post = await chair.send<SearchResponse>('POST', '/api/search', { q: 'morgenrutine' });
    expect(post.status).toBe(200);
    expect(post.body.results.map((r) => name(r.caseId))).toEqual(['morning']);
    expect(post.body.forums).toEqual([{ id: nord.forumId, name: 'SSD Nord', type: 'SSD' }]);
    expect(post.body.levelLabels).toHaveLength(5);
  });

  it('[SE2] every field of the case is searched: description, concern note, SoS, voice, Three Houses, network, action titles', async () => {
    const chair = await as(nord, 'reader1');
    const cases: Array<[string, string | null]> = [
      ['fodboldtræning', null],
      ['klassekammerat', 'concern'],
      ['lektiehjælp', 'sos'],
      ['kaninen', 'voice'],
      ['trampoliner', 'houses'],
      ['bedstefar', 'network'],
      ['svømmehallen', 'actions'],
    ];
    for (const [q, field] of cases) {
      const res = await search(chair, { q });
      expect(res.body.results.map((r) => name(r.caseId)), q).toEqual(['fields']);
      const hit = res.body.results[0]!;
      if (field === null) expect(hit.description.parts.some((p) => p.hit), q).toBe(true);
      else expect(hit.snippets.map((s) => s.field), q).toContain(field);
    }
  });

  it('[SE2] the index follows a Yjs edit of the concern note by a real client: found after the edit, gone after it is deleted', async () => {
    const kase = await seedCase(nord, 'live', 'dreng, 10 år, skole i distrikt Nord');
    const { docName } = await server.db.prisma.document.findUniqueOrThrow({ where: { id: kase.documentId } });
    const p = connectProvider(server.wsUrl, docName, { token: await wsTokenAs(server, nord.users.school!.email) });
    providers.push(p);
    await synced(p);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Han glemmer madpakken næsten hver dag.')]);
    p.doc.getXmlFragment('prosemirror').push([paragraph]);
    const reader = await as(nord, 'reader2');
    await eventually(async () => expect(await names(reader, { q: 'madpakker' })).toEqual(['live']), 15_000, 600);
    const res = await search(reader, { q: 'madpakker' });
    expect(res.body.results[0]!.snippets[0]!.parts).toContainEqual({ text: 'madpakken', hit: true });
    p.doc.getXmlFragment('prosemirror').delete(0, 1);
    await eventually(async () => expect(await names(reader, { q: 'madpakker' })).toEqual([]), 15_000, 600);
  });

  it('[SE3] only cases the actor may read: not another forum\'s, not another municipality\'s, police only in SSP, guests by the policy, outsiders none', async () => {
    const q = { q: 'morgenrutiner' };
    expect(await names(await as(nord, 'chair'), q)).toEqual(['morning']);
    expect(await found(await as(nord, 'chair'), { ...q, forumId: syd.forumId })).toEqual([]); // a forum that is not theirs
    expect(await names(await as(nord, 'school'), q)).toEqual(['morning', 'sydMorning']); // member of both
    expect(await names(await as(syd, 'member'), q)).toEqual(['sydMorning']);
    // A4: police reach cases only in SSP, even with a (refused, A10) membership of an SSD forum.
    const police = await as(nord, 'police');
    expect(await names(police, q)).toEqual(['sspMorning']);
    expect(await found(police, { ...q, forumId: nord.forumId })).toEqual([]);
    expect((await search(police, q)).body.forums.map((f) => f.id)).toEqual([ssp.forumId]);
    // A guest reads the forum's cases (policy case:read), so finds them; never another forum's.
    expect(await names(await as(nord, 'guest'), q)).toEqual(['morning']);
    expect(await names(await as(elsewhere, 'member'), q)).toEqual(['otherTown']);
    const outsider = await createOutsider(server.db.prisma, nord.municipalityId);
    const res = await search(await apiAs(server.url, server.origin, outsider.email), q);
    expect(res.body).toMatchObject({ total: 0, results: [], forums: [] });
  });

  it('[SE4] ranked by ts_rank: a case about the term comes before one that mentions it once; total counts every match', async () => {
    await seedCase(nord, 'rankLow', 'dreng, 11 år', {
      concern: ['Lang beskrivelse af dagen i skolen, frikvartererne og vejen hjem, og til sidst en bemærkning om lektielæsning.'],
    });
    await seedCase(nord, 'rankHigh', 'pige, 12 år, lektielæsning er svær', {
      concern: ['Lektielæsning tager hele aftenen.', 'Forældrene hjælper med lektielæsningen.'],
      actions: ['Lektielæsning i lektiecafé'],
    });
    const reader = await as(nord, 'reader3');
    const res = await search(reader, { q: 'lektielæsning' });
    expect(res.body.results.map((r) => name(r.caseId))).toEqual(['rankHigh', 'rankLow']);
    expect(res.body.results[0]!.rank).toBeGreaterThan(res.body.results[1]!.rank);
    expect(res.body.total).toBe(2);
    const page = await search(reader, { q: 'lektielæsning', limit: 1, offset: 1 });
    expect(page.body.results.map((r) => name(r.caseId))).toEqual(['rankLow']);
    expect(page.body.total).toBe(2);
  });

  it('[SE13] a word\'s beginning finds its compounds: "morgen" finds "morgenrutiner", "skole" finds "skolefravær"; exact and stem matches rank first', async () => {
    await seedCase(nord, 'absence', 'dreng, 13 år', { concern: ['Skolefraværet er steget efter jul.'] });
    // The compound's case mentions the word's compounds often and in its description (weight A), the exact case
    // once in its concern note (weight C): ranked by ts_rank alone the compound's case would come first.
    await seedCase(nord, 'handballMany', 'pige, 10 år, håndboldtræning og håndboldkampe', {
      concern: ['Håndboldtræningen om torsdagen er det bedste i ugen.', 'Håndboldholdet er hendes netværk.'],
      actions: ['Kontingent til håndboldklubben'],
    });
    await seedCase(nord, 'handballOnce', 'dreng, 10 år', { concern: ['Han spiller håndbold om fredagen og taler om det.'] });
    const reader = await as(nord, 'reader3');
    expect(await names(reader, { q: 'skolefravær' })).toEqual(['absence']); // the stem, as before
    expect(await names(reader, { q: 'morgen' })).toContain('morning'); // "morgenrutiner"
    const school = (await search(reader, { q: 'skole' })).body.results;
    expect(school.map((r) => name(r.caseId))).toContain('absence');
    const absence = school.find((r) => name(r.caseId) === 'absence')!;
    expect(absence.match).toBe('prefix');
    expect(absence.snippets[0]!.parts).toContainEqual({ text: 'Skolefraværet', hit: true });
    // Every exact match ("skole", "skolen") before the first prefix-only one.
    const kinds = school.map((r) => r.match);
    expect(kinds.indexOf('prefix')).toBeGreaterThan(0);
    expect(kinds.slice(kinds.indexOf('prefix'))).not.toContain('exact');

    const handball = (await search(reader, { q: 'håndbold' })).body;
    expect(handball.results.map((r) => [name(r.caseId), r.match])).toEqual([['handballOnce', 'exact'], ['handballMany', 'prefix']]);
    expect(handball.total).toBe(2);
    expect(handball.results[1]!.description.parts).toContainEqual({ text: 'håndboldtræning', hit: true });
    // Within the prefix matches, ts_rank: a second page keeps the order.
    expect((await search(reader, { q: 'håndbold', limit: 1, offset: 1 })).body.results.map((r) => name(r.caseId))).toEqual(['handballMany']);
    // A negated word stays exact: "-håndbold" leaves out the case that says "håndbold", not the compounds' case.
    expect(await names(reader, { q: 'håndboldtræningen -håndbold' })).toEqual(['handballMany']);
    expect(await names(reader, { q: 'hånd -håndboldtræning' })).toEqual(['handballOnce']);
  });

  it('[SE13] the term never becomes tsquery syntax: quotes, bars, :* and backslashes are read as words', async () => {
    const reader = await as(nord, 'reader5');
    // Spliced into to_tsquery, "zzz' | 'skol" would be an OR finding every case about a school.
    expect(await found(reader, { q: "zzz' | 'skol" })).toEqual([]);
    expect(await found(reader, { q: "'skol':* | 'x'" })).toEqual([]);
    for (const q of ["'", "\\'", '!( <-> )', 'morgen:*', "a:A & b:*B", "'''", '"']) {
      const res = await search(reader, { q: q.length < 2 ? `${q}${q}` : q });
      expect(res.status, q).toBe(200);
    }
    expect(await names(reader, { q: 'morgen:*' })).toContain('morning'); // ":*" is punctuation: "morgen"
  });

  it('[SE3] filters: forum, status, latest level and creation date (days in Copenhagen)', async () => {
    const db = server.db.prisma;
    await seedCase(nord, 'helmetOpen', 'dreng, 8 år', { concern: ['Cykler uden cykelhjelm.'] }, { createdAt: new Date('2026-01-10T10:00:00Z') });
    // 23:30 UTC on 28 February is 00:30 on 1 March in Copenhagen.
    await seedCase(nord, 'helmetClosed', 'pige, 8 år', { concern: ['Cykelhjelmen ligger derhjemme.'] }, { status: 'CLOSED', createdAt: new Date('2026-02-28T23:30:00Z') });
    await seedCase(syd, 'helmetSyd', 'dreng, 9 år', { concern: ['Ingen cykelhjelm.'] }, { createdAt: new Date('2026-03-05T10:00:00Z') });
    const meeting = await createMeeting(db, nord.forumId, { startsAt: new Date('2026-03-01T09:00:00Z'), status: 'CLOSED' });
    const later = await createMeeting(db, nord.forumId, { startsAt: new Date('2026-03-15T09:00:00Z'), status: 'CLOSED' });
    await assess(db, { caseId: ids.helmetOpen!, meetingId: meeting.id, level: 2, recordedById: nord.users.chair!.id, recordedAt: new Date('2026-03-01T10:00:00Z') });
    await assess(db, { caseId: ids.helmetOpen!, meetingId: later.id, level: 4, recordedById: nord.users.chair!.id, recordedAt: new Date('2026-03-15T10:00:00Z') });
    await assess(db, { caseId: ids.helmetClosed!, meetingId: meeting.id, level: 2, recordedById: nord.users.chair!.id });
    const school = await as(nord, 'school');
    const q = 'cykelhjelm';
    expect(await names(school, { q })).toEqual(['helmetClosed', 'helmetOpen', 'helmetSyd']);
    expect(await names(school, { q, forumId: syd.forumId })).toEqual(['helmetSyd']);
    expect(await names(school, { q, status: 'CLOSED' })).toEqual(['helmetClosed']);
    expect(await names(school, { q, status: 'OPEN' })).toEqual(['helmetOpen', 'helmetSyd']);
    expect(await names(school, { q, level: 4 })).toEqual(['helmetOpen']); // the latest level, not an earlier one
    expect(await names(school, { q, level: 2 })).toEqual(['helmetClosed']);
    expect(await names(school, { q, from: '2026-03-01' })).toEqual(['helmetClosed', 'helmetSyd']);
    expect(await names(school, { q, to: '2026-02-28' })).toEqual(['helmetOpen']);
    expect(await names(school, { q, from: '2026-03-01', to: '2026-03-01' })).toEqual(['helmetClosed']);
    const res = await search(school, { q, forumId: nord.forumId, level: 4 });
    expect(res.body.results[0]).toMatchObject({ level: 4, status: 'OPEN', forumName: 'SSD Nord', forumId: nord.forumId });
  });

  it('[SE5] no CPR number in the index or a snippet, never the identity (names typed into the text are blanked), never health-only notes', async () => {
    const kase = await seedCase(
      nord,
      'named',
      'dreng, 8 år',
      { concern: ['Oliver kommer træt i skole; en gammel note nævner 010203-1234.', 'Lise Hansen fortæller om skænderier på Skovvej 12.'] },
      { childName: 'Oliver Hansen', parentNames: 'Lise Hansen', childAddress: 'Skovvej 12', childCpr: '0102031234' },
    );
    const row = (await server.db.pool.query('SELECT * FROM "CaseSearch" WHERE "caseId" = $1', [kase.id])).rows[0];
    const stored = JSON.stringify(row);
    for (const secret of ['010203', '0102031234', 'Oliver', 'oliver', 'Lise', 'Hansen', 'hansen', 'Skovvej', 'skovvej']) expect(stored).not.toContain(secret);
    expect(row.concern).toContain(CPR_REDACTED);
    const chair = await as(nord, 'nurse');
    expect(await found(chair, { q: 'Oliver' })).toEqual([]);
    expect(await found(chair, { q: 'Hansen' })).toEqual([]);
    expect(await found(chair, { q: '010203-1234' })).toEqual([]);
    expect(await found(chair, { q: '0102031234' })).toEqual([]);
    const res = await search(chair, { q: 'skænderier' });
    expect(res.body.results.map((r) => name(r.caseId))).toEqual(['named']);
    const shown = JSON.stringify(res.body);
    for (const secret of ['010203', 'Oliver', 'Lise', 'Hansen', 'Skovvej']) expect(shown).not.toContain(secret);
    expect(shown).toContain('[navn]');
    const withCpr = await search(chair, { q: 'træt' });
    expect(JSON.stringify(withCpr.body)).not.toContain('010203');

    // A9/A5: a health visitor's health-only notes are another document; the mirror never indexes them.
    const health = await server.db.prisma.document.create({ data: { forumId: nord.forumId, title: 'Sundhed', docName: crypto.randomBytes(9).toString('base64url') } });
    await server.db.prisma.case.update({ where: { id: kase.id }, data: { healthDocumentId: health.id } });
    await storeDocument(health.id, caseState({ concern: ['Vaccinationsprogrammet er ikke fulgt.'] }));
    expect(await found(chair, { q: 'vaccinationsprogrammet' })).toEqual([]);
  });

  it('[SE6] snippets: hits marked, text given as parts and as HTML escaped, never markup from the note', async () => {
    await seedCase(nord, 'markup', 'pige, 10 år', { concern: ['Eleven skrev "3 < 5 & mobning" på tavlen <script>alert(1)</script> i frikvarteret.'] });
    const res = await search(await as(nord, 'reader3'), { q: 'mobningen' });
    const hit = res.body.results.find((r) => name(r.caseId) === 'markup')!;
    const snippet = hit.snippets.find((s) => s.field === 'concern')!;
    expect(snippet.parts).toContainEqual({ text: 'mobning', hit: true });
    expect(snippet.html).toContain('&lt; 5 &amp; <mark>mobning</mark>');
    expect(snippet.html.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    expect(JSON.stringify(res.body)).not.toContain('<script>');
    expect(hit.description.parts).toEqual([{ text: 'pige, 10 år', hit: false }]);
    // A control character in a description (written by the trigger, before any document is stored) is no marker.
    const raw = await createCase(server.db.prisma, nord.forumId, nord.users.chair!.id, { description: 'dreng\u0002 11 år\u0003, skakklub' });
    const chess = (await search(await as(nord, 'reader3'), { q: 'skakklub' })).body.results.find((r) => r.caseId === raw.id)!;
    expect(chess.description.parts).toEqual([{ text: 'dreng 11 år , ', hit: false }, { text: 'skakklub', hit: true }]);
  });

  it('[SE7] every search is audited: SEARCH with its criterion and term (CPR redacted) before it runs, a READ for each case shown', async () => {
    const db = server.db.prisma;
    const chair = await as(nord, 'chair');
    const userId = nord.users.chair!.id;
    const before = new Date();
    await search(chair, { q: 'morgenrutine', status: 'OPEN' });
    const entries = await db.auditEntry.findMany({ where: { userId, at: { gte: before } }, orderBy: { id: 'asc' } });
    expect(entries.map((e) => [e.action, e.purpose, e.criterion, e.caseId])).toEqual([
      ['SEARCH', 'case-search', 'status=OPEN;q=morgenrutine', null],
      ['READ', 'search-result', null, ids.morning],
    ]);
    expect(entries[1]!.caseReference).toBeTruthy();
    await search(chair, { q: '010203-1234' });
    const cpr = await db.auditEntry.findFirstOrThrow({ where: { userId, action: 'SEARCH', purpose: 'case-search' }, orderBy: { id: 'desc' } });
    expect(cpr.criterion).toBe(`q=${CPR_REDACTED}`);

    // The term is read by the municipality's administrator only (AU3); the chair's access log names the search (AU4).
    const admin = await createOutsider(db, nord.municipalityId);
    await db.user.update({ where: { id: admin.id }, data: { municipalRoles: ['ADMIN'] } });
    const adminApi = await apiAs(server.url, server.origin, admin.email);
    const log = await adminApi.get<{ entries: Array<{ criterion: string | null; purpose: string | null }> }>(`/api/admin/audit?userId=${userId}&action=SEARCH`);
    expect(log.status).toBe(200);
    expect(log.body.entries.map((e) => e.criterion)).toContain('status=OPEN;q=morgenrutine');
    const access = await chair.get<{ entries: Array<{ action: string; purpose: string | null; userId: string }> }>(`/api/cases/${ids.morning}/access-log`);
    expect(access.body.entries).toContainEqual(expect.objectContaining({ action: 'READ', purpose: 'search-result', userId }));
  });

  it('[SE1] input is validated: q of 2-100 characters, known fields, real dates in order, a level of 1-5; unauthenticated 401', async () => {
    const chair = await as(nord, 'reader4');
    const bad = async (params: Record<string, string | number>) => (await search(chair, params)).body as unknown as { error: string; fields: string[] };
    expect(await bad({ q: 'a' })).toEqual({ error: 'invalid_input', fields: ['q'] });
    expect(await bad({ q: '   a   ' })).toEqual({ error: 'invalid_input', fields: ['q'] });
    expect(await bad({ q: 'x'.repeat(101) })).toEqual({ error: 'invalid_input', fields: ['q'] });
    // H4: a key the client made up is named by where it sits, never by itself.
    expect(await bad({ q: 'søvn', unknown: 1 })).toEqual({ error: 'invalid_input', fields: ['query'] });
    expect(await bad({ q: 'søvn', 'Jens Hansen': 1 })).toEqual({ error: 'invalid_input', fields: ['query'] });
    expect(await bad({ q: 'søvn', level: 7 })).toEqual({ error: 'invalid_input', fields: ['level'] });
    expect(await bad({ q: 'søvn', status: 'DELETED' })).toEqual({ error: 'invalid_input', fields: ['status'] });
    expect(await bad({ q: 'søvn', from: '2026-02-30' })).toEqual({ error: 'invalid_input', fields: ['from'] });
    expect(await bad({ q: 'søvn', from: '2026-03-02', to: '2026-03-01' })).toEqual({ error: 'invalid_input', fields: ['to'] });
    expect(await bad({ q: 'søvn', forumId: "x' OR 1=1" })).toEqual({ error: 'invalid_input', fields: ['forumId'] });
    expect(await chair.send('POST', '/api/search', ['morgenrutine'])).toEqual({ status: 400, body: { error: 'invalid_input', fields: ['body'] } });
    expect(await chair.send('POST', '/api/search', { q: 'søvn', 'Jens Hansen': 1 })).toEqual({ status: 400, body: { error: 'invalid_input', fields: ['body'] } });
    expect(await chair.send('POST', '/api/search', { q: 'søvn', level: 0 })).toEqual({ status: 400, body: { error: 'invalid_input', fields: ['level'] } });
    expect((await search(chair, { q: 'og' })).body).toMatchObject({ total: 0, results: [] }); // stop words only
    expect((await fetch(`${server.url}/api/search?q=morgenrutiner`)).status).toBe(401);
  });

  it('[SE8] searches are throttled per user: a burst of 20, then 429 with Retry-After', async () => {
    const member = await as(syd, 'spare');
    // 26 at once: the burst of 20 passes (one or two more if a second passes meanwhile: 60 a minute), the rest wait.
    const all = await Promise.all(Array.from({ length: 26 }, (_, i) => fetch(`${server.url}/api/search?q=ord${i}`, { headers: { cookie: member.cookie } })));
    const ok = all.filter((r) => r.status === 200).length;
    expect(ok).toBeGreaterThanOrEqual(20);
    expect(ok).toBeLessThanOrEqual(22);
    const refused = all.filter((r) => r.status === 429);
    expect(refused.length).toBe(26 - ok);
    expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused[0]!.json()).toMatchObject({ error: 'rate_limited' });
    expect((await search(await as(syd, 'member'), { q: 'ordet' })).status).toBe(200); // another user is not held up
  });

  it('[SE9] cases indexed before search existed get their document text from the backfill', async () => {
    await server.db.pool.query(
      `UPDATE "CaseSearch" SET concern = '', sos = '', voice = '', houses = '', network = '', actions = '', "hasContent" = false WHERE "caseId" = $1`,
      [ids.fields],
    );
    const chair = await as(nord, 'reader1');
    expect(await found(chair, { q: 'klassekammerater' })).toEqual([]);
    expect(await found(chair, { q: 'fodboldtræning' })).toEqual([ids.fields]); // the description was there all along
    await eventually(async () => {
      await backfillSearchIndex(server.db);
      expect(await names(chair, { q: 'klassekammerater' })).toEqual(['fields']);
    });
    expect(await backfillSearchIndex(server.db)).toBe(0);
  });

  it('[SE10] retention: anonymising empties the case\'s text in the index, deleting removes its row', async () => {
    const a = await seedCase(nord, 'toAnonymise', 'dreng, 12 år', { concern: ['Skaterbanen om aftenen.'] }, { status: 'CLOSED' });
    const d = await seedCase(nord, 'toDelete', 'pige, 12 år', { concern: ['Skaterbanen om morgenen.'] }, { status: 'CLOSED' });
    const chair = await as(nord, 'reader2');
    expect(await names(chair, { q: 'skaterbanen' })).toEqual(['toAnonymise', 'toDelete']);
    await anonymiseCase(server.db.pool, { id: a.id, reference: a.reference, documentId: a.documentId, healthDocumentId: null });
    await deleteCaseCompletely(server.db.pool, { id: d.id, reference: d.reference, documentId: d.documentId, healthDocumentId: null });
    expect(await found(chair, { q: 'skaterbanen' })).toEqual([]);
    const rows = await server.db.pool.query('SELECT * FROM "CaseSearch" WHERE "caseId" = ANY($1::text[])', [[a.id, d.id]]);
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]).toMatchObject({ caseId: a.id, description: 'slettet', concern: '', sos: '', voice: '', houses: '', network: '', actions: '' });
  });
});
