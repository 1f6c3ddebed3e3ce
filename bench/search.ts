/**
 * npx tsx bench/search.ts [--cases=10000] [--runs=60] [--no-infix]   (not part of npm test; docs/SPEC.md SE12, SE13)
 *
 * "p95 under 50 ms at 10 000 cases": seeds a fresh database (BENCH_DATABASE_URL, else a new database
 * samraad_bench_search_<random> on the local PostgreSQL at 127.0.0.1:5432, dropped at the end) with one municipality,
 * 20 forums (4 of them SSP) and 10 000 cases of realistic Danish text (concern note, Signs of Safety, voice, Three
 * Houses, network, actions; 1-3 assessments each), indexed through the case mirror exactly as the server does. Then
 * times, for several terms and filters, as a member of 4 forums (about 2 000 cases readable) and as police in 2 SSP
 * forums:
 *   sql     the term read into its exact and prefix queries (server/features/search/query.ts) and the search
 *           statement (service.ts searchSql): the ranked page of 20 with snippets
 *   service searchCases(): the policy, the audit entries (the search and a READ per case shown), the statement, the
 *           forum list and level labels, as GET /api/search runs it minus HTTP
 * and prints p50 / p95 / p99 per query and over all of them; "prefix" terms (SE13) find compounds by their first part.
 * Then, unless --no-infix, the infix candidate of SE13 (not shipped): pg_trgm on all of a row's text, `ILIKE
 * '%part%'` beside the prefix query, its index size and build time and what it adds to each write of a row.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import * as Y from 'yjs';
import { createDatabase, type Database } from '../server/db/client.js';
import { inTransaction } from '../server/db/checkout.js';
import { migrate } from '../server/db/migrate.js';
import { connectionFromUrl } from '../server/db/postgres.js';
import { mirrorCaseDocument } from '../server/features/cases/mirror.js';
import { searchQueryOf } from '../server/features/search/query.js';
import { searchCases, searchSql } from '../server/features/search/service.js';
import type { SearchInput } from '../server/features/search/schema.js';
import type { Actor, ActorMembership } from '../server/policy/policy.js';
import type { ForumType, Sector } from '../shared/domain.js';
import { numberArg } from './harness/args.js';

const CASES = numberArg('cases', 10_000);
const RUNS = numberArg('runs', 60);
const FORUMS = 20;

// A seeded generator, so every run indexes the same text.
let seed = 0x5eed;
const rnd = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const some = <T>(xs: readonly T[], min: number, max: number): T[] => Array.from({ length: min + Math.floor(rnd() * (max - min + 1)) }, () => pick(xs));

const WHO = ['Skolen', 'Dagtilbuddet', 'Sundhedsplejersken', 'Klasselæreren', 'Pædagogen', 'Mor', 'Far', 'Socialrådgiveren', 'PPR', 'Støttepædagogen', 'Skolelederen', 'Bedstemor'];
const SEES = ['oplever', 'ser', 'fortæller om', 'er bekymret for', 'har bemærket', 'beskriver', 'nævner', 'har talt med forældrene om'];
const WHAT = [
  'svære morgenrutiner', 'meget fravær', 'uro i timerne', 'dårlig søvn', 'manglende madpakke', 'konflikter i frikvarteret', 'bekymring for trivslen',
  'skolevægring', 'træthed om morgenen', 'mange sygedage', 'ensomhed i klassen', 'vrede udbrud', 'lektier der ikke bliver lavet', 'sen aflevering',
  'at barnet ofte kommer for sent', 'spiseproblemer', 'et højt forbrug af skærm om natten', 'manglende venskaber', 'angst for at gå i skole',
  'søvnproblemer', 'hovedpine og ondt i maven', 'mobning på nettet', 'et stille og indadvendt barn', 'skænderier derhjemme', 'tics og uro',
];
const WHEN = ['hver morgen', 'flere gange om ugen', 'siden efterårsferien', 'især om mandagen', 'i de sidste tre måneder', 'efter skoletid', 'i weekenderne', 'i perioder'];
const TAIL = [
  'Det påvirker barnets trivsel.', 'Forældrene er enige i beskrivelsen.', 'Barnet siger selv, at det er svært.', 'Der er sket en lille forbedring.',
  'Vi aftaler at følge op på næste møde.', 'Det er vigtigt at inddrage netværket.', 'Læreren har noteret det i elevplanen.', 'Familien ønsker hjælp.',
];
const STRENGTHS = ['Glad for sin fodboldtræning', 'God kontakt til klasselæreren', 'Mormor henter to dage om ugen', 'Forældrene møder op til samtaler', 'Har en god ven i klassen', 'Kan lide at tegne og læse'];
const NEXT = ['Fast morgenrutine med billeder', 'Samtale med sundhedsplejersken om søvn', 'Fraværsopfølgning hver fjortende dag', 'Netværksmøde med familien', 'Lektiehjælp i lektiecaféen', 'Forældrekursus i kommunen'];
const VOICE = ['Jeg er træt om morgenen.', 'Jeg kan godt lide min lærer.', 'Nogle gange har jeg ondt i maven.', 'Jeg vil gerne have flere venner.', 'Far og mor skændes om aftenen.', 'Jeg elsker at spille fodbold.'];
const HOUSES = ['Jeg er bange for at komme for sent.', 'Det gode er min hund.', 'Jeg drømmer om en trampolin.', 'Jeg savner min storebror.', 'Det er godt når vi spiser sammen.'];
const NETWORK: Array<[string, string, string]> = [
  ['Mormor', 'bedstemor', 'henter om tirsdagen'], ['Morbror', 'onkel', 'tager med til fodbold'], ['Naboen', 'nabo', 'kan hjælpe om morgenen'],
  ['Træneren', 'fodboldtræner', 'holder øje med trivsel'], ['Faster', 'faster', 'overnatning i weekenden'],
];
const ACTIONS = ['Samtale med forældre om morgenrutiner', 'Fraværsopfølgning', 'Henvisning til PPR', 'Søvnvejledning ved sundhedsplejen', 'Mentor i skolen', 'Familiebehandling', 'Aftale om madpakke', 'Trivselssamtale med barnet'];
const GENDER = ['dreng', 'pige'];
const PLACE = ['skole', 'dagtilbud', 'SFO', 'fritidsklub'];
const DISTRICT = ['Nord', 'Syd', 'Øst', 'Vest', 'Midt'];

const sentence = () => `${pick(WHO)} ${pick(SEES)} ${pick(WHAT)} ${pick(WHEN)}. ${pick(TAIL)}`;

function caseState(): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (let i = 0, n = 2 + Math.floor(rnd() * 5); i < n; i++) {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(some([0], 1, 3).map(sentence).join(' '))]);
      doc.getXmlFragment('prosemirror').push([p]);
    }
    const sos = doc.getMap<Y.Array<Y.Map<string>>>('sos');
    for (const [column, pool] of [['worries', WHAT], ['strengths', STRENGTHS], ['next', NEXT]] as const) {
      const list = new Y.Array<Y.Map<string>>();
      sos.set(column, list);
      list.push(some(pool, 1, 3).map((text) => new Y.Map([['id', crypto.randomUUID()], ['text', column === 'worries' ? `Vi er bekymrede for ${text}` : text]])));
    }
    doc.getText('voice').insert(0, some(VOICE, 1, 2).join(' '));
    if (rnd() < 0.4) doc.getText('houseDreams').insert(0, pick(HOUSES));
    doc.getArray<Y.Map<string>>('network').push(
      some(NETWORK, 0, 3).map(([name, relation, contribution]) => new Y.Map([['id', crypto.randomUUID()], ['name', name], ['relation', relation], ['contribution', contribution]])),
    );
    doc.getArray<Y.Map<unknown>>('actions').push(
      some(ACTIONS, 1, 4).map((title) => new Y.Map<unknown>([['id', crypto.randomUUID()], ['title', title], ['ladderStep', Math.floor(rnd() * 3)], ['status', pick(['PLANNED', 'IN_PROGRESS', 'DONE'])]])),
    );
  });
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

const cuid = () => `b${crypto.randomBytes(12).toString('hex')}`;

async function seed10k(db: Database): Promise<{ member: Actor; police: Actor }> {
  const { pool } = db;
  const municipalityId = cuid();
  await pool.query('INSERT INTO "Municipality" (id, name) VALUES ($1, $2)', [municipalityId, 'Benchkommune']);
  const forums: Array<{ id: string; type: ForumType }> = [];
  for (let i = 0; i < FORUMS; i++) {
    const type: ForumType = i < 4 ? 'SSP' : pick(['SSD', 'TRIVSEL_0_3', 'DISTRIKTSTEAM'] as const);
    const id = cuid();
    forums.push({ id, type });
    await pool.query('INSERT INTO "Forum" (id, "municipalityId", name, type) VALUES ($1, $2, $3, $4)', [id, municipalityId, `${type} ${pick(DISTRICT)} ${i + 1}`, type]);
  }
  const user = async (name: string, memberships: Array<[number, Sector]>): Promise<Actor> => {
    const id = cuid();
    await pool.query('INSERT INTO "User" (id, "municipalityId", email, name) VALUES ($1, $2, $3, $4)', [id, municipalityId, `${id}@bench.samraad.dk`, name]);
    const map = new Map<string, ActorMembership>();
    for (const [i, sector] of memberships) {
      const f = forums[i]!;
      await pool.query('INSERT INTO "Membership" (id, "userId", "forumId", sector, role) VALUES ($1, $2, $3, $4, $5)', [cuid(), id, f.id, sector, 'MEMBER']);
      map.set(f.id, { forumId: f.id, forumType: f.type, sector, role: 'MEMBER' });
    }
    return { userId: id, name, municipalityId, municipalRoles: [], memberships: map };
  };
  const member = await user('Medlem af fire fora', [[4, 'SKOLE'], [5, 'SKOLE'], [6, 'SKOLE'], [7, 'SKOLE']]);
  const police = await user('Politi i to SSP-fora', [[0, 'POLITI'], [1, 'POLITI'], [8, 'POLITI']]); // the SSD membership gives nothing (A4)
  const meetings = new Map<string, string[]>();
  for (const f of forums) {
    const ids: string[] = [];
    for (let m = 0; m < 6; m++) {
      const id = cuid();
      ids.push(id);
      await pool.query('INSERT INTO "Meeting" (id, "forumId", "startsAt", status) VALUES ($1, $2, $3, $4)', [id, f.id, new Date(Date.UTC(2026, m * 2, 10, 9)), 'CLOSED']);
    }
    meetings.set(f.id, ids);
  }

  const started = Date.now();
  const BATCH = 200;
  for (let done = 0; done < CASES; done += BATCH) {
    const n = Math.min(BATCH, CASES - done);
    const rows = Array.from({ length: n }, (_, i) => {
      const f = forums[(done + i) % FORUMS]!;
      return {
        id: cuid(),
        documentId: cuid(),
        forumId: f.id,
        reference: crypto.randomBytes(4).toString('hex').toUpperCase(),
        description: `${pick(GENDER)}, ${2 + Math.floor(rnd() * 14)} år, ${pick(PLACE)} i distrikt ${pick(DISTRICT)}`,
        status: rnd() < 0.2 ? 'CLOSED' : 'OPEN',
        createdAt: new Date(Date.UTC(2025, 0, 1) + Math.floor(rnd() * 700) * 86_400_000),
      };
    });
    await inTransaction(pool, async (client) => {
      await client.query(
        `INSERT INTO "Document" (id, "forumId", title, "docName") SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
        [rows.map((r) => r.documentId), rows.map((r) => r.forumId), rows.map(() => 'Sag'), rows.map(() => crypto.randomBytes(12).toString('base64url'))],
      );
      await client.query(
        `INSERT INTO "Case" (id, "forumId", reference, description, status, "documentId", "createdById", "createdAt")
         SELECT r.id, r.f, r.ref, r.d, r.s::"CaseStatus", r.doc, $8, r.at FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamp[])
           AS r(id, f, ref, d, s, doc, at)`,
        [rows.map((r) => r.id), rows.map((r) => r.forumId), rows.map((r) => r.reference), rows.map((r) => r.description), rows.map((r) => r.status), rows.map((r) => r.documentId), rows.map((r) => r.createdAt), member.userId],
      );
      for (const r of rows) {
        await mirrorCaseDocument(client, r.documentId, caseState()); // the index row, as the server writes it
        const forumMeetings = meetings.get(r.forumId)!;
        for (let a = 0, k = 1 + Math.floor(rnd() * 3); a < k; a++) {
          await client.query(
            `INSERT INTO "CaseAssessment" (id, "caseId", "meetingId", level, "sosScale", "recordedById", "recordedAt") VALUES ($1, $2, $3, $4, $5, $6, $7)`,
            [cuid(), r.id, forumMeetings[a]!, 1 + Math.floor(rnd() * 5), Math.floor(rnd() * 11), member.userId, new Date(Date.UTC(2026, a * 2, 10, 10))],
          );
        }
      }
    });
    if ((done + n) % 2000 === 0) process.stdout.write(`  seeded ${done + n} cases (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  }
  await pool.query('ANALYZE');
  return { member, police };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
const fmt = (ms: number) => ms.toFixed(1).padStart(6);

/** Every text of a search row, as one string: what a trigram index for infix matching would cover. */
const allText = (alias = '') =>
  `(${['description', 'concern', 'sos', 'voice', 'houses', 'network', 'actions'].map((c) => `${alias}${c}`).join(" || ' ' || ")})`;

/**
 * SE13's open question, measured and not shipped: would infix matching of compound parts ("fravær" finding
 * "skolefravær", "problemer" finding "søvnproblemer") fit the 50 ms? The candidate: pg_trgm's GIN index on all of a
 * row's text and `ILIKE '%part%'` OR'ed with the prefix query, infix-only matches ranked last. Timed like the
 * search statement above (sql), plus what the index costs: its size, its build, and 200 rows' text rewritten as the
 * mirror rewrites it, without and with the index.
 */
async function infixCandidate(db: Database, forums: string[]): Promise<void> {
  const { pool } = db;
  await pool.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  const ids = (await pool.query<{ caseId: string }>('SELECT "caseId" FROM "CaseSearch" ORDER BY "caseId" LIMIT 200')).rows.map((r) => r.caseId);
  const rewrite = async () => {
    const t = performance.now();
    // One statement per case, as the mirror writes one case per transaction.
    for (const id of ids) await pool.query(`UPDATE "CaseSearch" SET concern = concern || ' ', "updatedAt" = now() WHERE "caseId" = $1`, [id]);
    return (performance.now() - t) / ids.length;
  };
  const before = await rewrite();
  let t = performance.now();
  await pool.query(`CREATE INDEX bench_search_trgm ON "CaseSearch" USING gin (${allText()} gin_trgm_ops)`);
  const build = performance.now() - t;
  await pool.query('ANALYZE "CaseSearch"');
  const after = await rewrite();
  const size = (await pool.query<{ s: string }>(`SELECT pg_size_pretty(pg_relation_size('bench_search_trgm')) AS s`)).rows[0]!.s;
  console.log(`\ninfix candidate (pg_trgm, not shipped): index ${size}, built in ${(build / 1000).toFixed(1)} s; a row's text rewritten ${before.toFixed(2)} ms → ${after.toFixed(2)} ms with it`);
  console.log(`${'infix term'.padEnd(34)} ${'matches'.padStart(7)} ${'+infix'.padStart(6)}   sql p50    p95    p99`);
  const all: number[] = [];
  for (const part of ['fravær', 'problemer', 'vægring', 'træning', 'pædagog', 'rutine', 'opfølgning']) {
    const input: SearchInput = { q: part };
    const query = await searchQueryOf(pool, part);
    const base = searchSql(input, forums, query);
    const values = [...base.values, `%${part}%`];
    const n = values.length;
    const text = base.text
      .replace('FROM q JOIN "CaseSearch" s ON s.tsv @@ q.query', `FROM q JOIN "CaseSearch" s ON (s.tsv @@ q.query OR ${allText('s.')} ILIKE $${n})`)
      .replace('WHERE s.tsv @@ q.query AND', 'WHERE');
    if (text === base.text) throw new Error('the search statement changed: update the infix candidate');
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < RUNS + 5; i++) {
      t = performance.now();
      const r = await pool.query<{ total: string }>({ text, values });
      if (i >= 5) times.push(performance.now() - t);
      total = Number(r.rows[0]?.total ?? 0);
    }
    const plain = Number((await pool.query<{ total: string }>(base)).rows[0]?.total ?? 0);
    times.sort((a, b) => a - b);
    all.push(...times);
    console.log(`${part.padEnd(34)} ${String(total).padStart(7)} ${String(total - plain).padStart(6)}  ${fmt(quantile(times, 0.5))} ${fmt(quantile(times, 0.95))} ${fmt(quantile(times, 0.99))}`);
  }
  all.sort((a, b) => a - b);
  console.log(`${'ALL (infix)'.padEnd(34)} ${''.padStart(7)} ${''.padStart(6)}  ${fmt(quantile(all, 0.5))} ${fmt(quantile(all, 0.95))} ${fmt(quantile(all, 0.99))}`);
  console.log('("+infix": matches only the infix finds, as a member of 4 forums; their snippets would have no hit marked)');
}

async function main(): Promise<void> {
  let url = process.env.BENCH_DATABASE_URL;
  let drop: (() => Promise<void>) | null = null;
  if (!url) {
    const name = `samraad_bench_search_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    url = `postgres://postgres@127.0.0.1:5432/${name}`;
    drop = async () => {
      const c = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const db = createDatabase(connectionFromUrl(url));
  try {
    await migrate(db.pool);
    const version = (await db.pool.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
    console.log(`search bench: ${CASES} cases in ${FORUMS} forums, PostgreSQL ${version}, node ${process.version}, ${os.cpus().length} cores`);
    const t0 = Date.now();
    const { member, police } = await seed10k(db);
    const size = (await db.pool.query<{ s: string }>(`SELECT pg_size_pretty(pg_total_relation_size('"CaseSearch"')) AS s`)).rows[0]!.s;
    console.log(`seeded and indexed in ${((Date.now() - t0) / 1000).toFixed(0)} s; "CaseSearch" with its GIN index: ${size}`);
    const memberForums = [...member.memberships.keys()];
    const queries: Array<[string, Actor, SearchInput]> = [
      ['søvn', member, { q: 'søvn' }],
      ['morgenrutine', member, { q: 'morgenrutine' }],
      ['fravær', member, { q: 'fravær' }],
      ['bekymringer', member, { q: 'bekymringer' }],
      ['trivsel', member, { q: 'trivsel' }],
      ['"svære morgenrutiner"', member, { q: '"svære morgenrutiner"' }],
      ['skolevægring mandag', member, { q: 'skolevægring mandag' }],
      ['trampolin (rare)', member, { q: 'trampolin' }],
      ['søvn OR fravær', member, { q: 'søvn OR fravær' }],
      ['bekymring status=OPEN level=4', member, { q: 'bekymring', status: 'OPEN', level: 4 }],
      ['fravær forum + dates', member, { q: 'fravær', forumId: memberForums[0]!, from: '2025-06-01', to: '2026-06-30' }],
      ['fravær page 3', member, { q: 'fravær', offset: 40 }],
      // SE13: words whose beginning finds compounds ('morg':* also "morgenrutiner", 'skol':* "skolevægring").
      ['prefix: morgen', member, { q: 'morgen' }],
      ['prefix: skole', member, { q: 'skole' }],
      ['prefix: lektie', member, { q: 'lektie' }],
      ['prefix: sund (broad)', member, { q: 'sund' }],
      ['police: morgenrutine', police, { q: 'morgenrutine' }],
      ['police: bekymringer', police, { q: 'bekymringer' }],
    ];
    const allowed = (a: Actor) => [...a.memberships.values()].filter((m) => !(m.sector === 'POLITI' && m.forumType !== 'SSP')).map((m) => m.forumId);
    const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
    console.log(`\nload average before measuring: ${load}; ${RUNS} runs per query after 5 warm-up runs\n`);
    console.log(`${'query'.padEnd(34)} ${'matches'.padStart(7)} ${'prefix'.padStart(6)}   sql p50    p95    p99 | service p50    p95    p99`);
    const allSql: number[] = [];
    const allService: number[] = [];
    for (const [label, actor, input] of queries) {
      const sqlTimes: number[] = [];
      const serviceTimes: number[] = [];
      let total = 0;
      let prefixOnly = 0;
      for (let i = 0; i < RUNS + 5; i++) {
        // sql: the term read into its queries, then the search statement (what searchCases runs besides the audit).
        let t = performance.now();
        const query = await searchQueryOf(db.pool, input.q);
        const r = await db.pool.query<{ total: string }>(searchSql(input, allowed(actor), query));
        const sql = performance.now() - t;
        total = Number(r.rows[0]?.total ?? 0);
        t = performance.now();
        const answer = await searchCases(db, actor, input, '127.0.0.1');
        const service = performance.now() - t;
        prefixOnly = answer.results.filter((h) => h.match === 'prefix').length;
        if (i >= 5) {
          sqlTimes.push(sql);
          serviceTimes.push(service);
        }
      }
      sqlTimes.sort((a, b) => a - b);
      serviceTimes.sort((a, b) => a - b);
      allSql.push(...sqlTimes);
      allService.push(...serviceTimes);
      console.log(
        `${label.padEnd(34)} ${String(total).padStart(7)} ${String(prefixOnly).padStart(6)}  ${fmt(quantile(sqlTimes, 0.5))} ${fmt(quantile(sqlTimes, 0.95))} ${fmt(quantile(sqlTimes, 0.99))} |   ${fmt(quantile(serviceTimes, 0.5))} ${fmt(quantile(serviceTimes, 0.95))} ${fmt(quantile(serviceTimes, 0.99))}`,
      );
    }
    allSql.sort((a, b) => a - b);
    allService.sort((a, b) => a - b);
    console.log(
      `${'ALL'.padEnd(34)} ${''.padStart(7)} ${''.padStart(6)}  ${fmt(quantile(allSql, 0.5))} ${fmt(quantile(allSql, 0.95))} ${fmt(quantile(allSql, 0.99))} |   ${fmt(quantile(allService, 0.5))} ${fmt(quantile(allService, 0.95))} ${fmt(quantile(allService, 0.99))}`,
    );
    console.log('("prefix": results on the first page found only by a word beginning with the term, SE13)');
    if (!process.argv.includes('--no-infix')) await infixCandidate(db, allowed(member));
    console.log(`\nload average after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    await db.close();
    await drop?.();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
