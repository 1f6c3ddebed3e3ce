/**
 * Key figures (nøgletal, docs/SPEC.md KF1-KF6): SQL aggregates only, never case ids or references. Each figure
 * is loaded for the whole municipality as a table forum x month x category whose totals (GROUP BY CUBE) are
 * cells too, with the number of distinct children behind every cell, so that suppress.ts can hide small numbers
 * and whatever would give them away. A forum's page and the municipality's page are slices of the same tables.
 */
import type pg from 'pg';
import type { ForumType } from '../../../shared/domain.js';
import type { Database } from '../../db/client.js';
import { can, type Actor } from '../../policy/policy.js';
import { levelLabelsFor } from '../overview/levels.js';
import { Cube, linkTables, suppressCube } from './suppress.js';

/** A "straks-indsats": the first action within this many days of the case being created (the first concern). */
export const STRAKS_DAYS = 14;
/** The strategy's aim: 70 % of efforts as straks-indsatser (domain.md, "The intervention ladder"). */
export const STRAKS_AIM = 0.7;

/** A `timestamp` column (stored in UTC) as its calendar date in Copenhagen. */
const cph = (col: string) => `((${col} AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Copenhagen')::date`;

/** Whole months, 'YYYY-MM', both included. */
export interface MonthPeriod {
  from: string;
  to: string;
}

export function monthsOf(period: MonthPeriod): string[] {
  const out: string[] = [];
  let [y, m] = period.from.split('-').map(Number) as [number, number];
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > period.to) return out;
    out.push(key);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
}

/** The first day of the month after 'YYYY-MM', as 'YYYY-MM-DD'. */
function dayAfterMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

export interface ForumRef {
  id: string;
  name: string;
  type: ForumType;
}

/** The categories of each figure, in the order of their cube's last dimension. */
export const MOVEMENT_DIRS = ['up', 'down'] as const;
export const LEVEL_KEYS = ['1', '2', '3', '4', '5', 'none'] as const;
export const STEP_KEYS = ['0', '1', '2', '3', '4', '5', 'none'] as const;
export const FIRST_ACTION_KEYS = ['straks', 'later', 'none'] as const;
export const FOLLOW_UP_KEYS = ['onTime', 'late', 'missed'] as const;

/** One figure's table and which of its cells are hidden. */
export interface Figure {
  cube: Cube;
  hidden: Uint8Array;
}

export interface MunicipalFigures {
  municipality: { id: string; name: string };
  forums: ForumRef[];
  months: string[];
  period: MonthPeriod;
  levelLabels: string[];
  /** forum (+municipality) x month (+period) x up/down: ladder movements (events), children moving. */
  movements: Figure;
  /** forum (+municipality) x month x level 1-5/none (+open cases): open cases at the month's end by latest level. */
  levels: Figure;
  /** forum (+municipality) x month x step 0-5/none (+open cases): open cases at the month's end by ladder step. */
  steps: Figure;
  /** forum (+) x month of creation (+) x straks/later/none (+cases): cases younger than STRAKS_DAYS without an action wait. */
  firstAction: Figure;
  /** forum (+) x month due (+) x on time/late/missed (+due). */
  followUps: Figure;
  /** Median days from creation to first action, per forum and (last) for the municipality; with how many cases. */
  medians: Array<{ median: number | null; cases: number }>;
}

/** Who may see which scope (KF1): the municipality for MANAGEMENT, a forum for its chair or MANAGEMENT. */
export type Scope = { kind: 'municipality' } | { kind: 'forum'; forumId: string };

export type Access =
  | { ok: true; municipalityId: string; forum: ForumRef | null }
  | { ok: false; status: 403 | 404 };

export async function checkAccess(db: Database, actor: Actor, scope: Scope): Promise<Access> {
  if (scope.kind === 'municipality') {
    return can(actor, 'keyfigures:read', { municipalityId: actor.municipalityId })
      ? { ok: true, municipalityId: actor.municipalityId, forum: null }
      : { ok: false, status: 403 };
  }
  const forum = await db.prisma.forum.findUnique({
    where: { id: scope.forumId },
    select: { id: true, name: true, type: true, municipalityId: true },
  });
  // The chair of the forum, or municipal management (A7); aggregated figures only. They count the forum's cases,
  // so a chair must also be one who may read them (A4). Not allowed or no such forum: 404, so ids cannot be probed.
  if (!forum || !can(actor, 'keyfigures:read', { forumId: forum.id, municipalityId: forum.municipalityId, isCase: true })) {
    return { ok: false, status: 404 };
  }
  return { ok: true, municipalityId: forum.municipalityId, forum: { id: forum.id, name: forum.name, type: forum.type } };
}

/** The forums whose key figures the actor may see, by name (for the page's choice of scope). */
export async function visibleScopes(db: Database, actor: Actor): Promise<{ municipality: boolean; forums: ForumRef[] }> {
  const forums = await db.prisma.forum.findMany({
    where: { municipalityId: actor.municipalityId },
    select: { id: true, name: true, type: true, municipalityId: true },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
  });
  return {
    municipality: can(actor, 'keyfigures:read', { municipalityId: actor.municipalityId }),
    forums: forums
      .filter((f) => can(actor, 'keyfigures:read', { forumId: f.id, municipalityId: f.municipalityId, isCase: true }))
      .map((f) => ({ id: f.id, name: f.name, type: f.type })),
  };
}

interface Row {
  f: string | null;
  m: string | null;
  k: number | null;
  gf: number;
  gm: number;
  gk: number;
  n: number;
  children: number;
}

/** Fills a cube forum x month x category from GROUP BY CUBE rows (a total where GROUPING() is 1). */
function fill(cube: Cube, rows: Row[], forumIndex: Map<string, number>, monthIndex: Map<string, number>): void {
  const [nf, nm, nk] = cube.dims.map((d) => d.size) as [number, number, number];
  for (const r of rows) {
    const f = r.gf ? nf : forumIndex.get(r.f ?? '');
    const m = r.gm ? nm : monthIndex.get(r.m ?? '');
    const k = r.gk ? nk : r.k;
    if (f === undefined || m === undefined || k === null || k === undefined) continue;
    if (m >= cube.extents[1]! || k >= cube.extents[2]!) continue; // a total the figure does not have
    cube.set([f, m, k], r.n, r.children);
  }
}

/** Loads and suppresses every figure of the municipality for the period. `today` is Copenhagen's date. */
export async function loadMunicipalFigures(db: Database, municipalityId: string, period: MonthPeriod, today: string): Promise<MunicipalFigures> {
  const [municipality, forumRows, levelLabels] = await Promise.all([
    db.prisma.municipality.findUniqueOrThrow({ where: { id: municipalityId }, select: { id: true, name: true } }),
    db.prisma.forum.findMany({ where: { municipalityId }, select: { id: true, name: true, type: true }, orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
    levelLabelsFor(db.prisma, municipalityId),
  ]);
  const months = monthsOf(period);
  const forums: ForumRef[] = forumRows;
  const forumIndex = new Map(forums.map((f, i) => [f.id, i]));
  const monthIndex = new Map(months.map((m, i) => [m, i]));
  const start = `${period.from}-01`;
  const end = dayAfterMonth(period.to); // exclusive
  const { pool } = db;
  const args = [municipalityId, start, end];

  const [movementRows, firstRows, followRows, stockRows, medianRows] = await Promise.all([
    queryMovements(pool, args),
    queryFirstActions(pool, [...args, STRAKS_DAYS, today]),
    queryFollowUps(pool, [...args, today]),
    queryStocks(pool, args),
    queryMedians(pool, args),
  ]);

  const nf = forums.length;
  const nm = months.length;
  const cube = (sizes: [number, number, number], margins: [boolean, boolean, boolean]) =>
    new Cube(sizes.map((size, i) => ({ size, margin: margins[i]! })));

  const movements = cube([nf, nm, MOVEMENT_DIRS.length], [true, true, false]);
  fill(movements, movementRows, forumIndex, monthIndex);
  const firstAction = cube([nf, nm, FIRST_ACTION_KEYS.length], [true, true, true]);
  fill(firstAction, firstRows, forumIndex, monthIndex);
  const followUps = cube([nf, nm, FOLLOW_UP_KEYS.length], [true, true, true]);
  fill(followUps, followRows, forumIndex, monthIndex);
  // Stocks are not summed over months: no period total.
  const levels = cube([nf, nm, LEVEL_KEYS.length], [true, false, true]);
  fill(levels, stockRows.levels, forumIndex, monthIndex);
  const steps = cube([nf, nm, STEP_KEYS.length], [true, false, true]);
  fill(steps, stockRows.steps, forumIndex, monthIndex);

  const [levelsHidden, stepsHidden] = suppressLinkedTotals(levels, steps);
  const medians: MunicipalFigures['medians'] = [...forums.map(() => ({ median: null, cases: 0 })), { median: null, cases: 0 }];
  for (const r of medianRows) {
    const i = r.gf ? nf : forumIndex.get(r.f ?? '');
    if (i !== undefined) medians[i] = { median: r.median === null ? null : Number(r.median), cases: r.cases };
  }

  return {
    municipality,
    forums,
    months,
    period,
    levelLabels,
    movements: { cube: movements, hidden: suppressCube(movements) },
    levels: { cube: levels, hidden: levelsHidden },
    steps: { cube: steps, hidden: stepsHidden },
    firstAction: { cube: firstAction, hidden: suppressCube(firstAction) },
    followUps: { cube: followUps, hidden: suppressCube(followUps) },
    medians,
  };
}

/**
 * What the figures are computed from, in a few numbers: when none of them changed, neither did the figures. Counts,
 * sums and latest times of the municipality's forums (and their names), cases, actions, ladder changes,
 * assessments and follow-ups.
 */
async function fingerprint(pool: pg.Pool, municipalityId: string): Promise<string> {
  const { rows } = await pool.query<{ f: string }>(
    `WITH fo AS (SELECT id, name FROM "Forum" WHERE "municipalityId" = $1),
          c AS (SELECT id, status, "createdAt", "closedAt", "ladderStep" FROM "Case" WHERE "forumId" IN (SELECT id FROM fo))
     SELECT concat_ws('|',
       (SELECT md5(string_agg(id || name, ',' ORDER BY id)) FROM fo),
       (SELECT concat_ws(':', count(*), count(*) FILTER (WHERE status = 'CLOSED'), max("closedAt"), max("createdAt"), sum("ladderStep")) FROM c),
       (SELECT concat_ws(':', count(*), max(a."createdAt")) FROM "ActionItem" a WHERE a."caseId" IN (SELECT id FROM c)),
       (SELECT concat_ws(':', count(*), max(l."at")) FROM "LadderChange" l WHERE l."caseId" IN (SELECT id FROM c)),
       (SELECT concat_ws(':', count(*), sum(s.level), max(s."recordedAt")) FROM "CaseAssessment" s WHERE s."caseId" IN (SELECT id FROM c)),
       (SELECT concat_ws(':', count(*), count(*) FILTER (WHERE status = 'HELD'), count(*) FILTER (WHERE status = 'CANCELLED'),
                         max("heldAt"), sum("dueDate" - date '2000-01-01'))
          FROM "FollowUp" WHERE "forumId" IN (SELECT id FROM fo))) AS f`,
    [municipalityId],
  );
  return rows[0]!.f;
}

/** Computed figures by municipality, period, day and fingerprint; a few minutes at most, and never stale. */
const computed = new Map<string, { at: number; figures: Promise<MunicipalFigures> }>();
const KEEP_MS = 5 * 60_000;
const KEEP_ENTRIES = 64;

/**
 * loadMunicipalFigures, computed once for as long as the data behind them is the same (KF9): the fingerprint
 * query is cheap, the suppression of the whole municipality's tables is not. The level names are read fresh.
 */
export async function municipalFigures(db: Database, municipalityId: string, period: MonthPeriod, today: string): Promise<MunicipalFigures> {
  const [print, levelLabels] = await Promise.all([fingerprint(db.pool, municipalityId), levelLabelsFor(db.prisma, municipalityId)]);
  const key = [municipalityId, period.from, period.to, today, print].join('/');
  const now = Date.now();
  for (const [k, v] of computed) if (now - v.at > KEEP_MS) computed.delete(k);
  let entry = computed.get(key);
  if (!entry) {
    if (computed.size >= KEEP_ENTRIES) computed.delete(computed.keys().next().value!);
    entry = { at: now, figures: loadMunicipalFigures(db, municipalityId, period, today) };
    computed.set(key, entry);
    entry.figures.catch(() => computed.delete(key));
  }
  return { ...(await entry.figures), levelLabels };
}

/**
 * The levels and the steps tables share their totals (open cases at a month's end): suppressed as one table, so
 * that what one shows of a total cannot undo what the other hides.
 */
function suppressLinkedTotals(a: Cube, b: Cube): [Uint8Array, Uint8Array] {
  const ka = a.dims[2]!.size;
  const kb = b.dims[2]!.size;
  const pairs: Array<[number, number]> = [];
  for (let f = 0; f < a.extents[0]!; f++) for (let m = 0; m < a.extents[1]!; m++) pairs.push([a.index([f, m, ka]), b.index([f, m, kb])]);
  const { table, split } = linkTables(a, b, pairs);
  return split(suppressCube(table));
}

const GROUPS = `GROUPING(forum)::int AS gf, GROUPING(month)::int AS gm, GROUPING(k)::int AS gk`;

async function queryMovements(pool: pg.Pool, args: unknown[]): Promise<Row[]> {
  const { rows } = await pool.query<Row>(
    `SELECT forum AS f, month AS m, k, ${GROUPS}, count(*)::int AS n, count(DISTINCT case_id)::int AS children
       FROM (SELECT c."forumId" AS forum, to_char(${cph('l."at"')}, 'YYYY-MM') AS month, l."caseId" AS case_id,
                    CASE WHEN COALESCE(l."toStep", -1) > COALESCE(l."fromStep", -1) THEN 0 ELSE 1 END AS k
               FROM "LadderChange" l
               JOIN "Case" c ON c.id = l."caseId"
               JOIN "Forum" fo ON fo.id = c."forumId"
              WHERE fo."municipalityId" = $1
                AND ${cph('l."at"')} >= $2::date AND ${cph('l."at"')} < $3::date
                AND COALESCE(l."toStep", -1) <> COALESCE(l."fromStep", -1)) t
      GROUP BY GROUPING SETS ((forum, month, k), (forum, k), (month, k), (k))`,
    args,
  );
  return rows;
}

/**
 * Cases created in the period by how soon their first action came: 0 within STRAKS_DAYS, 1 later, 2 none yet and
 * older than STRAKS_DAYS. A case younger than that without an action is not counted until its time is known.
 */
async function queryFirstActions(pool: pg.Pool, args: unknown[]): Promise<Row[]> {
  const { rows } = await pool.query<Row>(
    `SELECT forum AS f, month AS m, k, ${GROUPS}, count(*)::int AS n, count(*)::int AS children
       FROM (SELECT c."forumId" AS forum, to_char(${cph('c."createdAt"')}, 'YYYY-MM') AS month,
                    CASE WHEN fa.first_at IS NOT NULL AND ${cph('fa.first_at')} - ${cph('c."createdAt"')} <= $4 THEN 0
                         WHEN fa.first_at IS NOT NULL THEN 1
                         ELSE 2 END AS k
               FROM "Case" c
               JOIN "Forum" fo ON fo.id = c."forumId"
               LEFT JOIN LATERAL (SELECT min(a."createdAt") AS first_at FROM "ActionItem" a WHERE a."caseId" = c.id) fa ON true
              WHERE fo."municipalityId" = $1
                AND ${cph('c."createdAt"')} >= $2::date AND ${cph('c."createdAt"')} < $3::date
                AND (fa.first_at IS NOT NULL OR $5::date - ${cph('c."createdAt"')} > $4)) t
      GROUP BY CUBE (forum, month, k)`,
    args,
  );
  return rows;
}

/** Follow-ups due in the period and due by now (not cancelled): 0 held on time, 1 held late, 2 not held. */
async function queryFollowUps(pool: pg.Pool, args: unknown[]): Promise<Row[]> {
  const { rows } = await pool.query<Row>(
    `SELECT forum AS f, month AS m, k, ${GROUPS}, count(*)::int AS n, count(DISTINCT case_id)::int AS children
       FROM (SELECT fu."forumId" AS forum, to_char(fu."dueDate", 'YYYY-MM') AS month, fu."caseId" AS case_id,
                    CASE WHEN fu.status = 'HELD' AND fu."heldAt" IS NOT NULL AND ${cph('fu."heldAt"')} <= fu."dueDate" THEN 0
                         WHEN fu.status = 'HELD' THEN 1
                         ELSE 2 END AS k
               FROM "FollowUp" fu
               JOIN "Forum" fo ON fo.id = fu."forumId"
              WHERE fo."municipalityId" = $1
                AND fu."dueDate" >= $2::date AND fu."dueDate" < $3::date
                AND fu.status <> 'CANCELLED'
                AND (fu.status = 'HELD' OR fu."dueDate" < $4::date)) t
      GROUP BY CUBE (forum, month, k)`,
    args,
  );
  return rows;
}

/**
 * Open cases at each month's end (the current month: now) by their latest level (0-4 for 1-5, 5 none) and their
 * ladder step then (0-5, 6 none): the last LadderChange before the cut-off; a case with no changes at all keeps
 * its mirrored step.
 */
async function queryStocks(pool: pg.Pool, args: unknown[]): Promise<{ levels: Row[]; steps: Row[] }> {
  const { rows } = await pool.query<Row & { dim: 'level' | 'step' }>(
    `WITH months AS (
       SELECT to_char(m, 'YYYY-MM') AS month,
              LEAST((((m + interval '1 month')::timestamp) AT TIME ZONE 'Europe/Copenhagen') AT TIME ZONE 'UTC',
                    now() AT TIME ZONE 'UTC') AS cutoff
         FROM generate_series($2::timestamp, $3::timestamp - interval '1 day', interval '1 month') m),
     open AS (
       SELECT months.month, c."forumId" AS forum,
              COALESCE((SELECT a.level - 1 FROM "CaseAssessment" a
                         WHERE a."caseId" = c.id AND a."recordedAt" < months.cutoff
                         ORDER BY a."recordedAt" DESC, a.id DESC LIMIT 1), 5) AS level,
              COALESCE(CASE WHEN EXISTS (SELECT 1 FROM "LadderChange" x WHERE x."caseId" = c.id)
                            THEN (SELECT l."toStep" FROM "LadderChange" l
                                   WHERE l."caseId" = c.id AND l."at" < months.cutoff
                                   ORDER BY l."at" DESC, l.id DESC LIMIT 1)
                            ELSE c."ladderStep" END, 6) AS step
         FROM months
         JOIN "Case" c ON c."createdAt" < months.cutoff
                      AND NOT (c.status = 'CLOSED' AND COALESCE(c."closedAt", c."createdAt") < months.cutoff)
         JOIN "Forum" fo ON fo.id = c."forumId" AND fo."municipalityId" = $1)
     SELECT 'level' AS dim, forum AS f, month AS m, k, ${GROUPS}, count(*)::int AS n, count(*)::int AS children
       FROM (SELECT forum, month, level AS k FROM open WHERE level BETWEEN 0 AND 5) t
      GROUP BY GROUPING SETS ((month, forum, k), (month, forum), (month, k), (month))
     UNION ALL
     SELECT 'step' AS dim, forum AS f, month AS m, k, ${GROUPS}, count(*)::int AS n, count(*)::int AS children
       FROM (SELECT forum, month, step AS k FROM open WHERE step BETWEEN 0 AND 6) t
      GROUP BY GROUPING SETS ((month, forum, k), (month, forum), (month, k), (month))`,
    args,
  );
  return { levels: rows.filter((r) => r.dim === 'level'), steps: rows.filter((r) => r.dim === 'step') };
}

/** Median days from creation to first action of the cases created in the period that have one, per forum and in all. */
async function queryMedians(pool: pg.Pool, args: unknown[]): Promise<Array<{ f: string | null; gf: number; median: number | null; cases: number }>> {
  const { rows } = await pool.query<{ f: string | null; gf: number; median: number | null; cases: number }>(
    `SELECT forum AS f, GROUPING(forum)::int AS gf, count(*)::int AS cases,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY days)::float8 AS median
       FROM (SELECT c."forumId" AS forum, GREATEST(0, ${cph('fa.first_at')} - ${cph('c."createdAt"')}) AS days
               FROM "Case" c
               JOIN "Forum" fo ON fo.id = c."forumId"
               JOIN LATERAL (SELECT min(a."createdAt") AS first_at FROM "ActionItem" a WHERE a."caseId" = c.id) fa ON fa.first_at IS NOT NULL
              WHERE fo."municipalityId" = $1
                AND ${cph('c."createdAt"')} >= $2::date AND ${cph('c."createdAt"')} < $3::date) t
      GROUP BY ROLLUP (forum)`,
    args.slice(0, 3),
  );
  return rows;
}
