/**
 * Key figures (nøgletal) for a forum: SQL aggregates only, never case ids or
 * references. Counts of children (distinct cases) come with each figure so the
 * presenter can suppress small numbers.
 */
import type { Database } from '../../db/client.js';
import { can, type Actor } from '../../policy/policy.js';
import { openCasesByLatestLevel } from '../overview/levels.js';

/** A `timestamp` column (stored in UTC) as its calendar date in Copenhagen. */
const cph = (col: string) => `((${col} AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Copenhagen')::date`;

export interface Period {
  from: string;
  to: string;
}

export interface CountWithChildren {
  n: number;
  children: number;
}

export interface KeyFigureRows {
  forum: { id: string; name: string };
  period: Period;
  ladder: Map<number, number>;
  movements: { up: CountWithChildren; down: CountWithChildren };
  firstAction: { cases: number; median: number | null };
  followUps: { held: CountWithChildren; base: CountWithChildren };
  levels: Record<'1' | '2' | '3' | '4' | '5' | 'none', number>;
  monthly: Array<{ month: string; newCases: number; openCases: number }>;
}

/** null when the forum does not exist or the actor may not read its key figures (404 either way). */
export async function loadKeyFigures(db: Database, actor: Actor, forumId: string, period: Period, today: string): Promise<KeyFigureRows | null> {
  const forum = await db.prisma.forum.findUnique({ where: { id: forumId }, select: { id: true, name: true, municipalityId: true } });
  // The chair of the forum, or municipal management (A7); aggregated figures only. They count the
  // forum's cases, so a chair must also be one who may read them (A4); management's figures stay aggregate.
  if (!forum || !can(actor, 'keyfigures:read', { forumId, municipalityId: forum.municipalityId, isCase: true })) return null;
  const { pool } = db;
  const { from, to } = period;

  const [ladder, movements, firstAction, followUps, levels, monthly] = await Promise.all([
    pool.query<{ step: number; n: number }>(
      `SELECT "ladderStep" AS step, count(*)::int AS n
         FROM "Case"
        WHERE "forumId" = $1 AND status = 'OPEN' AND "ladderStep" BETWEEN 0 AND 5
        GROUP BY "ladderStep"`,
      [forumId],
    ),
    pool.query<{ dir: 'up' | 'down'; n: number; children: number }>(
      `SELECT CASE WHEN COALESCE(l."toStep", -1) > COALESCE(l."fromStep", -1) THEN 'up' ELSE 'down' END AS dir,
              count(*)::int AS n, count(DISTINCT l."caseId")::int AS children
         FROM "LadderChange" l
         JOIN "Case" c ON c.id = l."caseId"
        WHERE c."forumId" = $1
          AND ${cph('l."at"')} BETWEEN $2::date AND $3::date
          AND COALESCE(l."toStep", -1) <> COALESCE(l."fromStep", -1)
        GROUP BY 1`,
      [forumId, from, to],
    ),
    pool.query<{ cases: number; median: number | null }>(
      `SELECT count(*)::int AS cases, percentile_cont(0.5) WITHIN GROUP (ORDER BY days)::float8 AS median
         FROM (SELECT GREATEST(0, ${cph('min(a."createdAt")')} - ${cph('c."createdAt"')}) AS days
                 FROM "Case" c
                 JOIN "ActionItem" a ON a."caseId" = c.id
                WHERE c."forumId" = $1 AND ${cph('c."createdAt"')} BETWEEN $2::date AND $3::date
                GROUP BY c.id, c."createdAt") t`,
      [forumId, from, to],
    ),
    pool.query<{ held: number; held_children: number; base: number; base_children: number }>(
      `SELECT count(*) FILTER (WHERE on_time)::int AS held,
              count(DISTINCT "caseId") FILTER (WHERE on_time)::int AS held_children,
              count(*)::int AS base,
              count(DISTINCT "caseId")::int AS base_children
         FROM (SELECT f."caseId",
                      (f.status = 'HELD' AND f."heldAt" IS NOT NULL AND ${cph('f."heldAt"')} <= f."dueDate") AS on_time
                 FROM "FollowUp" f
                 JOIN "Case" c ON c.id = f."caseId"
                WHERE c."forumId" = $1
                  AND f."dueDate" BETWEEN $2::date AND $3::date
                  AND f.status <> 'CANCELLED'
                  AND (f.status = 'HELD' OR f."dueDate" < $4::date)) t`,
      [forumId, from, to, today],
    ),
    openCasesByLatestLevel(pool, forumId),
    pool.query<{ month: string; new_cases: number; open_cases: number }>(
      `WITH months AS (
         SELECT to_char(m, 'YYYY-MM') AS month,
                GREATEST(m::date, $2::date) AS starts,
                LEAST((m + interval '1 month')::date, $3::date + 1) AS ends
           FROM generate_series(date_trunc('month', $2::date), date_trunc('month', $3::date), interval '1 month') m)
       SELECT months.month,
              (SELECT count(*) FROM "Case" c
                WHERE c."forumId" = $1 AND ${cph('c."createdAt"')} >= months.starts AND ${cph('c."createdAt"')} < months.ends)::int AS new_cases,
              (SELECT count(*) FROM "Case" c
                WHERE c."forumId" = $1 AND ${cph('c."createdAt"')} < months.ends
                  AND (c."closedAt" IS NULL OR ${cph('c."closedAt"')} >= months.ends))::int AS open_cases
         FROM months ORDER BY months.month`,
      [forumId, from, to],
    ),
  ]);

  const move = (dir: 'up' | 'down'): CountWithChildren => {
    const r = movements.rows.find((m) => m.dir === dir);
    return { n: r?.n ?? 0, children: r?.children ?? 0 };
  };
  const fa = firstAction.rows[0] ?? { cases: 0, median: null };
  const fu = followUps.rows[0] ?? { held: 0, held_children: 0, base: 0, base_children: 0 };
  return {
    forum: { id: forum.id, name: forum.name },
    period,
    ladder: new Map(ladder.rows.map((r) => [Number(r.step), r.n])),
    movements: { up: move('up'), down: move('down') },
    firstAction: { cases: fa.cases, median: fa.median === null ? null : Number(fa.median) },
    followUps: { held: { n: fu.held, children: fu.held_children }, base: { n: fu.base, children: fu.base_children } },
    levels,
    monthly: monthly.rows.map((r) => ({ month: r.month, newCases: r.new_cases, openCases: r.open_cases })),
  };
}
