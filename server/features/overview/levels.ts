/** Børnelinealen: a municipality's level labels, and open cases by their latest level. */
import type pg from 'pg';
import { DEFAULT_LEVEL_LABELS } from '../../../shared/labels.js';
import type { Db } from '../../db/client.js';

/** The municipality's five level labels (Municipality.levelLabels), else the defaults. */
export async function levelLabelsFor(db: Db, municipalityId: string): Promise<string[]> {
  const m = await db.municipality.findUnique({ where: { id: municipalityId }, select: { levelLabels: true } });
  const labels = m?.levelLabels;
  if (Array.isArray(labels) && labels.length === 5 && labels.every((l) => typeof l === 'string' && l.trim() !== '')) {
    return labels as string[];
  }
  return [...DEFAULT_LEVEL_LABELS];
}

export type LevelKey = '1' | '2' | '3' | '4' | '5' | 'none';

/**
 * Open cases of a forum counted by their latest CaseAssessment level (by recordedAt);
 * "none" = never assessed. Aggregates only.
 */
export async function openCasesByLatestLevel(pool: pg.Pool, forumId: string): Promise<Record<LevelKey, number>> {
  const { rows } = await pool.query<{ level: number | null; n: string }>(
    `SELECT latest.level, count(*) AS n
       FROM "Case" c
       LEFT JOIN LATERAL (
         SELECT a.level FROM "CaseAssessment" a
          WHERE a."caseId" = c.id
          ORDER BY a."recordedAt" DESC, a.id DESC
          LIMIT 1) latest ON true
      WHERE c."forumId" = $1 AND c.status = 'OPEN'
      GROUP BY latest.level`,
    [forumId],
  );
  const out: Record<LevelKey, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0, none: 0 };
  for (const r of rows) {
    const key = r.level === null ? 'none' : (String(r.level) as LevelKey);
    if (key in out) out[key] += Number(r.n);
  }
  return out;
}
