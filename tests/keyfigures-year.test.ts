/**
 * Key figures that show a year (docs/SPEC.md KF1-KF8): the figures on a constructed dataset with known answers,
 * small numbers hidden across forums and the municipality's totals (an exhaustive reader of the three answers
 * cannot work out a hidden one), the CSV of what is shown, the municipality's level names, and who may see which
 * scope. Every date is built relative to today, in the middle of a month, so the answers never expire.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cell, FirstActionRow, KeyFigureScopes, MovementRow, YearFigures } from '../server/features/keyfigures/types.js';
import { Cube, HIDDEN, SHOWN } from '../server/features/keyfigures/suppress.js';
import { addDays, todayInCopenhagen } from '../server/features/tasks/dates.js';
import { apiAs, type ApiClient } from './helpers/api.js';
import { addMembership, assess, createAction, createCase, createFollowUp, createMeeting } from './helpers/domain-factories.js';
import { createForum, createOutsider, type TestForum } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { possibleValues } from './keyfigures-reader.js';

const DAY = 86_400_000;
const today = todayInCopenhagen();
/** 'YYYY-MM' of the month `offset` months from this one. */
const monthKey = (offset: number) => {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + offset, 1));
  return d.toISOString().slice(0, 7);
};
/** An instant in the middle of that month (the given day, noon in Copenhagen). */
const inMonth = (offset: number, day = 15, plusDays = 0) => new Date(new Date(`${monthKey(offset)}-${String(day).padStart(2, '0')}T10:00:00.000Z`).getTime() + plusDays * DAY);
const isoIn = (offset: number, day = 15) => `${monthKey(offset)}-${String(day).padStart(2, '0')}`;

let server: TestServer;
/** Municipality 1: forum A with the data, forum B empty: the municipality's figures are A's. */
let a: TestForum;
let bEmpty: TestForum;
/** Municipality 2: a large forum L and a small one S, where naive suppression would give S away. */
let large: TestForum;
let small: TestForum;
let management: ApiClient;
let management2: ApiClient;

const shown = (value: number): Cell => ({ value, hidden: null });
/** Each shown cell is the true count; the ones at `small` are hidden as "<5"; a hidden one is "<5" if under 5. */
function expectCells(cells: Cell[], truth: number[], small: number[]) {
  expect(cells).toHaveLength(truth.length);
  cells.forEach((c, i) => {
    if (small.includes(i)) expect(c, `cell ${i}`).toEqual(lt5);
    else if (c.hidden === null) expect(c.value, `cell ${i}`).toBe(truth[i]);
    else expect(c.hidden, `cell ${i}`).toBe(truth[i]! < 5 ? 'lt5' : 'x');
  });
}
const lt5: Cell = { value: null, hidden: 'lt5' };

async function userWithRoles(municipalityId: string, roles: Array<'ADMIN' | 'MANAGEMENT'>) {
  const email = `kf-${roles.join('-').toLowerCase() || 'none'}-${crypto.randomBytes(3).toString('hex')}@test.samraad.dk`;
  const hash = (await server.db.prisma.user.findFirstOrThrow({ where: { municipalityId, passwordHash: { not: null } } })).passwordHash;
  await server.db.prisma.user.create({ data: { municipalityId, email, name: 'Leder', municipalRoles: roles, passwordHash: hash } });
  return apiAs(server.url, server.origin, email);
}

beforeAll(async () => {
  server = await startTestServer();
  const db = server.db.prisma;
  a = await createForum(db, { chair: { sector: 'SOCIAL', role: 'CHAIR' }, member: { sector: 'SKOLE', role: 'MEMBER' } });
  await db.forum.update({ where: { id: a.forumId }, data: { name: 'A SSD Nord' } });
  await db.municipality.update({
    where: { id: a.municipalityId },
    data: { levelLabels: ['Grøn', 'Gul-grøn', 'Gul', 'Orange', 'Rød'] },
  });
  bEmpty = await createForum(db, { chair: { sector: 'SKOLE', role: 'CHAIR' } }, { municipalityId: a.municipalityId, type: 'DISTRIKTSTEAM' });
  await db.forum.update({ where: { id: bEmpty.forumId }, data: { name: 'B Distriktsteam' } });
  const chair = a.users.chair!.id;

  // Forum A, two months ago: 11 new cases. Six get a first action within 14 days (after 2, 4, ... 12 days), five
  // later (20, 22, ... 28 days). A meeting that month assesses all at level 3; last month six are at level 2, five at 3.
  const m2 = await createMeeting(db, a.forumId, { startsAt: inMonth(-2, 20), status: 'CLOSED' });
  const m1 = await createMeeting(db, a.forumId, { startsAt: inMonth(-1, 20), status: 'CLOSED' });
  const ids: string[] = [];
  for (let i = 0; i < 11; i++) {
    const c = await createCase(db, a.forumId, chair, { createdAt: inMonth(-2, 3) });
    ids.push(c.id);
    const days = i < 6 ? 2 * (i + 1) : 20 + 2 * (i - 6);
    await createAction(db, c.id, { createdAt: new Date(inMonth(-2, 3).getTime() + days * DAY) });
    await createAction(db, c.id, { createdAt: new Date(inMonth(-2, 3).getTime() + 40 * DAY) }); // a later one does not count
    await assess(db, { caseId: c.id, meetingId: m2.id, level: 3, recordedById: chair, recordedAt: inMonth(-2, 20) });
    await assess(db, { caseId: c.id, meetingId: m1.id, level: i < 6 ? 2 : 3, recordedById: chair, recordedAt: inMonth(-1, 20) });
  }
  // The last one is closed late last month: not open at its end.
  await db.case.update({ where: { id: ids[10]! }, data: { status: 'CLOSED', closedAt: inMonth(-1, 25) } });
  // Ladder: six cases step up to 1 two months ago; five of them step down to 0 last month.
  for (let i = 0; i < 6; i++) {
    await db.ladderChange.create({ data: { caseId: ids[i]!, fromStep: null, toStep: 1, at: inMonth(-2, 18) } });
    if (i < 5) await db.ladderChange.create({ data: { caseId: ids[i]!, fromStep: 1, toStep: 0, at: inMonth(-1, 18) } });
  }
  // Follow-ups due last month: five held on time, five held late; one cancelled and one not yet due do not count.
  for (let i = 0; i < 10; i++) {
    await createFollowUp(db, { id: ids[i]!, forumId: a.forumId }, {
      dueDate: isoIn(-1, 15),
      responsibleUserId: chair,
      status: 'HELD',
      heldAt: i < 5 ? inMonth(-1, 14) : inMonth(-1, 19),
    });
  }
  await createFollowUp(db, { id: ids[0]!, forumId: a.forumId }, { dueDate: isoIn(-1, 15), responsibleUserId: chair, status: 'CANCELLED' });
  await createFollowUp(db, { id: ids[0]!, forumId: a.forumId }, { dueDate: addDays(today, 30), responsibleUserId: chair });
  // A case created now, no action yet: pending (not counted in the share).
  await createCase(db, a.forumId, chair, { createdAt: new Date() });

  // Municipality 2: two months ago L has 6 children moving up, S has 2. The municipality's 8 less L's 6 would
  // give S's 2 away.
  large = await createForum(db, { chair: { sector: 'SOCIAL', role: 'CHAIR' } });
  await db.forum.update({ where: { id: large.forumId }, data: { name: 'L Stor' } });
  small = await createForum(db, { chair: { sector: 'SOCIAL', role: 'CHAIR' }, police: { sector: 'POLITI', role: 'CHAIR' } }, { municipalityId: large.municipalityId });
  await db.forum.update({ where: { id: small.forumId }, data: { name: 'S Lille' } });
  for (const [forum, n] of [[large, 6], [small, 2]] as const) {
    for (let i = 0; i < n; i++) {
      const c = await createCase(db, forum.forumId, forum.users.chair!.id, { createdAt: inMonth(-3, 10) });
      await db.ladderChange.create({ data: { caseId: c.id, fromStep: null, toStep: 2, at: inMonth(-2, 12) } });
      await createAction(db, c.id, { createdAt: inMonth(-3, 11) });
    }
  }

  management = await userWithRoles(a.municipalityId, ['MANAGEMENT']);
  management2 = await userWithRoles(large.municipalityId, ['MANAGEMENT']);
});

afterAll(async () => {
  await server?.close();
});

const year = async (client: ApiClient, query = '') => {
  const res = await client.get<YearFigures>(`/api/forums/keyfigures/year${query}`);
  expect(res.status).toBe(200);
  return res.body;
};
const row = <T extends { month: string | null }>(rows: T[], offset: number) => rows.find((r) => r.month === monthKey(offset))!;

describe('the figures of a year', () => {
  it('[KF2] the default period is the twelve months ending with this one', async () => {
    const chair = await apiAs(server.url, server.origin, a.users.chair!.email);
    const y = await year(chair, `?forum=${a.forumId}`);
    expect(y.period).toEqual({ from: monthKey(-11), to: monthKey(0) });
    expect(y.months).toHaveLength(12);
    expect(y.months[0]).toBe(monthKey(-11));
    expect(y.scope).toEqual({ kind: 'forum', id: a.forumId, name: 'A SSD Nord', forumType: 'SSD' });
    expect(y.straksDays).toBe(14);
    expect(y.straksAim).toBe(0.7);
    expect(y.threshold).toBe(5);
  });

  it('[KF3] known answers: movements, levels and steps by month, first action against the 70 % aim, follow-ups on time', async () => {
    const chair = await apiAs(server.url, server.origin, a.users.chair!.email);
    const f = await year(chair, `?forum=${a.forumId}`);
    const m = await year(management);
    for (const y of [f, m]) {
      // Movements: six up two months ago, five down last month; net down = down - up.
      expect(row(y.movements.rows, -2)).toEqual({ month: monthKey(-2), up: shown(6), down: shown(0), net: shown(-6) } satisfies MovementRow);
      expect(row(y.movements.rows, -1)).toEqual({ month: monthKey(-1), up: shown(0), down: shown(5), net: shown(5) });
      expect(y.movements.total).toEqual({ month: null, up: shown(6), down: shown(5), net: shown(-1) });
      // Levels at the end of each month (columns 1-5, none, open cases): 11 at level 3; last month 6 at level 2 and
      // 4 at level 3 (one case closed); now also the new case without a level. Steps 0-5, none, open: six on step 1;
      // then five on 0, one on 1, four without a step. Small ones hidden, the rest as they are.
      expectCells(row(y.levels.rows, -2).cells, [0, 0, 11, 0, 0, 0, 11], []);
      expectCells(row(y.levels.rows, -1).cells, [0, 6, 4, 0, 0, 0, 10], [2]);
      expectCells(row(y.levels.rows, 0).cells, [0, 6, 4, 0, 0, 1, 11], [2, 5]);
      expectCells(row(y.steps.rows, -2).cells, [0, 6, 0, 0, 0, 0, 5, 11], []);
      expectCells(row(y.steps.rows, -1).cells, [5, 1, 0, 0, 0, 0, 4, 10], [1, 6]);
      // The two tables share their totals (open cases): hidden in one, hidden in the other.
      for (const [l, st] of y.levels.rows.map((r, i) => [r.cells.at(-1)!, y.steps.rows[i]!.cells.at(-1)!])) expect(l).toEqual(st);
      // First action: 6 of the 11 within 14 days (55 %), median 12 days.
      expect(row(y.firstAction.rows, -2)).toEqual({
        month: monthKey(-2),
        straks: shown(6),
        later: shown(5),
        none: shown(0),
        total: shown(11),
        share: { value: 0.545, hidden: false },
      } satisfies FirstActionRow);
      expect(y.firstAction.medianDays).toBe(12);
      // This month: one case created today without an action yet is not counted until 14 days have passed.
      expect(row(y.firstAction.rows, 0)).toEqual({ month: monthKey(0), straks: shown(0), later: shown(0), none: shown(0), total: shown(0), share: { value: null, hidden: false } });
      expect(y.firstAction.total).toEqual({ month: null, straks: shown(6), later: shown(5), none: shown(0), total: shown(11), share: { value: 0.545, hidden: false } });
      // Follow-ups due last month: 5 on time of 10.
      expect(row(y.followUps.rows, -1)).toEqual({ month: monthKey(-1), onTime: shown(5), late: shown(5), missed: shown(0), total: shown(10), share: { value: 0.5, hidden: false } });
      expect(y.followUps.total.share).toEqual({ value: 0.5, hidden: false });
      expect(y.levelLabels).toEqual(['Grøn', 'Gul-grøn', 'Gul', 'Orange', 'Rød']);
    }
    expect(f.forums).toBeNull();
    // The municipality's view lists each forum's year; the empty forum shows zeros.
    expect(m.scope).toMatchObject({ kind: 'municipality', id: a.municipalityId });
    expect(m.forums!.map((x) => x.forum.name)).toEqual(['A SSD Nord', 'B Distriktsteam']);
    expect(m.forums![0]).toMatchObject({ up: shown(6), down: shown(5), followUpsDue: shown(10), onTimeShare: { value: 0.5, hidden: false } });
    expect(m.forums![1]).toMatchObject({ up: shown(0), down: shown(0), newCases: shown(0), followUpsDue: shown(0), straksShare: { value: null, hidden: false } });
    // Aggregates only: no case id, reference or description anywhere.
    const refs = await server.db.prisma.case.findMany({ where: { forumId: a.forumId }, select: { id: true, reference: true } });
    const text = JSON.stringify([f, m]);
    for (const c of refs) {
      expect(text).not.toContain(c.id);
      expect(text).not.toContain(c.reference);
    }
    expect(text).not.toContain('distrikt Nord');
  });

  it('[KF2] a period of whole months can be chosen; a bad one is 400', async () => {
    const chair = await apiAs(server.url, server.origin, a.users.chair!.email);
    const y = await year(chair, `?forum=${a.forumId}&from=${monthKey(-2)}&to=${monthKey(-1)}`);
    expect(y.months).toEqual([monthKey(-2), monthKey(-1)]);
    expect(y.movements.total).toEqual({ month: null, up: shown(6), down: shown(5), net: shown(-1) });
    for (const q of [`from=${monthKey(0)}&to=${monthKey(-1)}`, 'from=2026-13', 'to=2026-1', `from=${monthKey(-40)}&to=${monthKey(0)}`]) {
      const res = await chair.get(`/api/forums/keyfigures/year?forum=${a.forumId}&${q}`);
      expect(res.status, q).toBe(400);
      expect((res.body as { error: string }).error).toBe('invalid_input');
    }
  });
});

/** The reader's table of one figure from the answers: forums (and the municipality) x months (and the period) x keys (and the total). */
function readerTable(answers: YearFigures[], rowsOf: (y: YearFigures) => Array<{ month: string | null } & Record<string, unknown>>, keys: string[]) {
  const forums = answers.filter((y) => y.scope.kind === 'forum');
  const mun = answers.find((y) => y.scope.kind === 'municipality')!;
  const months = mun.months;
  const cube = new Cube([
    { size: forums.length, margin: true },
    { size: months.length, margin: true },
    { size: keys.length - 1, margin: true },
  ]);
  const hidden = new Uint8Array(cube.length);
  [...forums, mun].forEach((y, f) => {
    const rows = rowsOf(y);
    [...months, null].forEach((month, m) => {
      const r = rows.find((x) => x.month === month)!;
      keys.forEach((k, i) => {
        const c = r[k] as Cell;
        const idx = cube.index([f, m, i]);
        hidden[idx] = c.hidden === null ? SHOWN : HIDDEN;
        // The reader sees only the display; the hidden cells get a stand-in in the display's range.
        cube.set([f, m, i], c.value ?? (c.hidden === 'lt5' ? 1 : 5), 0);
      });
    });
  });
  return { cube, hidden };
}

describe('small numbers across forums and totals', () => {
  it('[KF5] a small forum beside a large one: the municipality less the large forum does not give the small one away', async () => {
    const chairL = await apiAs(server.url, server.origin, large.users.chair!.email);
    const chairS = await apiAs(server.url, server.origin, small.users.chair!.email);
    const l = await year(chairL, `?forum=${large.forumId}`);
    const s = await year(chairS, `?forum=${small.forumId}`);
    const mun = await year(management2);
    // The small forum's two are "<5"; then the municipality's 8 and the large forum's 6 are not both shown.
    expect(row(s.movements.rows, -2).up).toEqual(lt5);
    const munUp = row(mun.movements.rows, -2).up;
    const largeUp = row(l.movements.rows, -2).up;
    expect(munUp.hidden !== null || largeUp.hidden !== null).toBe(true);
    expect([munUp.value, largeUp.value].filter((v) => v !== null).every((v) => v === 8 || v === 6)).toBe(true);
    // Naive suppression would have shown both: 8 - 6 = 2.
    // An exhaustive reader with all three answers cannot pin any hidden count, in any figure.
    const answers = [l, s, mun];
    const figures: Array<[string, (y: YearFigures) => Array<{ month: string | null } & Record<string, unknown>>, string[]]> = [
      ['firstAction', (y) => [...y.firstAction.rows, y.firstAction.total] as never, ['straks', 'later', 'none', 'total']],
      ['followUps', (y) => [...y.followUps.rows, y.followUps.total] as never, ['onTime', 'late', 'missed', 'total']],
    ];
    for (const [name, rowsOf, keys] of figures) {
      const { cube, hidden } = readerTable(answers, rowsOf, keys);
      const found = possibleValues(cube, hidden);
      for (const [i, values] of found) expect(values.size, `${name} cell ${i}`).toBeGreaterThanOrEqual(2);
    }
    // Movements have no up+down total: forums x months x (up), (down) each with their totals.
    for (const dir of ['up', 'down'] as const) {
      const { cube, hidden } = readerTable(answers, (y) => [...y.movements.rows, y.movements.total].map((r) => ({ month: r.month, v: r[dir], t: r[dir] })) as never, ['v', 't']);
      // keys [v, t]: a dummy category total equal to the cell, so the lines over forums and months are what matter.
      const found = possibleValues(cube, hidden);
      for (const [i, values] of found) expect(values.size, `movements ${dir} cell ${i}`).toBeGreaterThanOrEqual(2);
    }
  });

  it('[KF5] a forum\'s figures are the same whoever asks: its chair and management see one pattern', async () => {
    const chairS = await apiAs(server.url, server.origin, small.users.chair!.email);
    const byChair = await year(chairS, `?forum=${small.forumId}`);
    const byManagement = await year(management2, `?forum=${small.forumId}`);
    expect(byChair).toEqual(byManagement);
  });
});

describe('the CSV', () => {
  it('[KF7] holds exactly what is shown, in words, semicolon-separated with a BOM; the file name carries no case data', async () => {
    const y = await year(management);
    const res = await fetch(`${server.url}/api/forums/keyfigures/year.csv`, { headers: { cookie: management.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const disposition = res.headers.get('content-disposition')!;
    expect(disposition).toBe(`attachment; filename="noegletal-kommune-${monthKey(-11)}-${monthKey(0)}.csv"`);
    const buf = Buffer.from(await res.arrayBuffer());
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buf.toString('utf8').slice(1);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('Nøgletal;Hele kommunen (Testkommune)');
    // The movements table: a header and one line per month, then the total.
    const mv = lines.indexOf('Bevægelser på Indsatstrappen');
    expect(lines[mv + 1]).toBe('Måned;Op ad trappen;Ned ad trappen;Netto ned');
    expect(lines[mv + 2 + 9]).toBe(`${monthKey(-2)};6;0;-6`);
    expect(lines[mv + 2 + 12]).toBe('I alt;6;5;-1');
    // Levels by the municipality's names.
    expect(text).toContain('Måned;1 – Grøn;2 – Gul-grøn;3 – Gul;4 – Orange;5 – Rød;Ikke vurderet;Åbne sager');
    const csvCell = (c: Cell) => (c.hidden === 'lt5' ? '<5' : c.hidden ? 'x' : String(c.value));
    for (const r of [...y.levels.rows, ...y.steps.rows]) expect(lines).toContain([r.month, ...r.cells.map(csvCell)].join(';'));
    expect(text).toContain('Måned;Trin 0 – Forebyggelse på almenområdet;Trin 1 – Forebyggelse;Trin 2 – Hjemmebaserede indsatser;');
    expect(text).toContain(`${monthKey(-2)};6;5;0;11;55 %`);
    expect(text).toContain('Median dage til første handling;12');
    expect(text).toContain(`${monthKey(-1)};5;5;0;10;50 %`);
    // This month's open cases: the one without a level is "<5", as the page shows it.
    const current = lines.filter((l) => l.startsWith(`${monthKey(0)};`));
    expect(current.some((l) => l.includes('<5'))).toBe(true);
    // The forums.
    expect(text).toContain('A SSD Nord;6;5;11;55 %;10;50 %;');
    expect(text).toContain('B Distriktsteam;0;0;0;–;0;–;'); // its open cases: a 0 may be hidden to protect A's
    // Every cell of the JSON is in the CSV as shown (the page shows the same, tests/e2e/keyfigures.test.ts).
    for (const r of y.firstAction.rows) expect(lines).toContain([r.month, ...[r.straks, r.later, r.none, r.total].map(csvCell), r.share.hidden ? 'x' : r.share.value === null ? '–' : `${Math.round(r.share.value * 100)} %`].join(';'));
    // English on request; a forum's file is named by its type.
    const en = await (await fetch(`${server.url}/api/forums/keyfigures/year.csv?lang=en&forum=${bEmpty.forumId}`, { headers: { cookie: management.cookie } })).text();
    expect(en).toContain('Month;Up the ladder;Down the ladder;Net down');
    const named = await fetch(`${server.url}/api/forums/keyfigures/year.csv?forum=${bEmpty.forumId}`, { headers: { cookie: management.cookie } });
    expect(named.headers.get('content-disposition')).toBe(`attachment; filename="noegletal-tvaerfagligt-distriktsteam-${monthKey(-11)}-${monthKey(0)}.csv"`);
  });
});

describe('who sees key figures', () => {
  it('[KF1] management sees its municipality and every forum of it; chairs their forum; nobody else, and nothing of another municipality', async () => {
    const chair = await apiAs(server.url, server.origin, a.users.chair!.email);
    const member = await apiAs(server.url, server.origin, a.users.member!.email);
    const outsider = await apiAs(server.url, server.origin, (await createOutsider(server.db.prisma, a.municipalityId)).email);
    const admin = await userWithRoles(a.municipalityId, ['ADMIN']);
    const policeChair = await apiAs(server.url, server.origin, small.users.police!.email);

    // The municipality: management only (403 for the others: there is no id to probe).
    for (const [who, client] of [['chair', chair], ['member', member], ['outsider', outsider], ['admin', admin]] as const) {
      expect((await client.get('/api/forums/keyfigures/year')).status, who).toBe(403);
      expect((await client.get('/api/forums/keyfigures/year.csv')).status, who).toBe(403);
    }
    expect((await management.get('/api/forums/keyfigures/year')).status).toBe(200);
    // A forum: its chair and management; a member, an outsider, the administrator, a police chair of a forum that is
    // not SSP (A4), another municipality's management and an unknown forum get 404, as the other forum routes.
    expect((await chair.get(`/api/forums/keyfigures/year?forum=${a.forumId}`)).status).toBe(200);
    expect((await management.get(`/api/forums/keyfigures/year?forum=${bEmpty.forumId}`)).status).toBe(200);
    for (const [who, client] of [['member', member], ['outsider', outsider], ['admin', admin], ['other municipality', management2]] as const) {
      expect((await client.get(`/api/forums/keyfigures/year?forum=${a.forumId}`)).status, who).toBe(404);
      expect((await client.get(`/api/forums/keyfigures/year.csv?forum=${a.forumId}`)).status, who).toBe(404);
      expect((await client.get(`/api/forums/${a.forumId}/keyfigures`)).status, who).toBe(404);
    }
    expect((await chair.get(`/api/forums/keyfigures/year?forum=${bEmpty.forumId}`)).status).toBe(404);
    expect((await policeChair.get(`/api/forums/keyfigures/year?forum=${small.forumId}`)).status).toBe(404);
    expect((await management.get('/api/forums/keyfigures/year?forum=nope')).status).toBe(404);
    expect((await fetch(`${server.url}/api/forums/keyfigures/year`)).status).toBe(401);

    // What each may choose between.
    expect((await management.get<KeyFigureScopes>('/api/forums/keyfigures/scopes')).body).toEqual({
      municipality: { id: a.municipalityId, name: 'Testkommune' },
      forums: [
        { id: a.forumId, name: 'A SSD Nord', type: 'SSD' },
        { id: bEmpty.forumId, name: 'B Distriktsteam', type: 'DISTRIKTSTEAM' },
      ],
    });
    expect((await chair.get<KeyFigureScopes>('/api/forums/keyfigures/scopes')).body).toEqual({
      municipality: null,
      forums: [{ id: a.forumId, name: 'A SSD Nord', type: 'SSD' }],
    });
    expect((await member.get<KeyFigureScopes>('/api/forums/keyfigures/scopes')).body).toEqual({ municipality: null, forums: [] });
    // A chair who joins another forum as a member sees no more.
    await addMembership(server.db.prisma, a.users.chair!.id, bEmpty.forumId, 'SOCIAL', 'MEMBER');
    expect((await chair.get(`/api/forums/keyfigures/year?forum=${bEmpty.forumId}`)).status).toBe(404);
  });
});
