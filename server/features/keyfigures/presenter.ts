/**
 * Key figures as answered: a slice of the municipality's suppressed tables (service.ts, suppress.ts) for one
 * scope. Every count is a Cell, shown or hidden; a share or a difference is shown only when the cells it is
 * computed from can be read off what is shown (KF6), a median only when it covers SMALL_NUMBER_THRESHOLD cases.
 */
import type { KeyFigures, SuppressibleCount } from '../../../shared/api.js';
import { SMALL_NUMBER_THRESHOLD } from '../../../shared/domain.js';
import {
  FIRST_ACTION_KEYS,
  FOLLOW_UP_KEYS,
  LEVEL_KEYS,
  STEP_KEYS,
  STRAKS_AIM,
  STRAKS_DAYS,
  type Figure,
  type ForumRef,
  type MunicipalFigures,
} from './service.js';
import { hiddenAs } from './suppress.js';
import type { Cell, FirstActionRow, FollowUpRow, ForumFigures, MovementRow, Share, StockRow, YearFigures } from './types.js';

function cellOf(fig: Figure, coords: number[]): Cell {
  const i = fig.cube.index(coords);
  const n = fig.cube.n[i]!;
  return fig.hidden[i] ? { value: null, hidden: hiddenAs(n, fig.hidden[i]) } : { value: n, hidden: null };
}

const shown = (c: Cell): c is Cell & { value: number } => c.hidden === null && c.value !== null;

function shareOf(numerator: Cell, denominator: number | null): Share {
  if (!shown(numerator) || denominator === null) return { value: null, hidden: true };
  if (denominator === 0) return { value: null, hidden: false };
  return { value: Math.round((numerator.value / denominator) * 1000) / 1000, hidden: false };
}

/** A sum that can be read off the shown cells: of the parts, or the total less the others. */
function readable(...alternatives: Array<() => number | null>): number | null {
  for (const alt of alternatives) {
    const v = alt();
    if (v !== null) return v;
  }
  return null;
}
const sum = (...cells: Cell[]) => (cells.every(shown) ? cells.reduce((s, c) => s + c.value!, 0) : null);

function movementRow(fig: Figure, f: number, m: number, month: string | null): MovementRow {
  const up = cellOf(fig, [f, m, 0]);
  const down = cellOf(fig, [f, m, 1]);
  const net: Cell = shown(up) && shown(down) ? { value: down.value - up.value, hidden: null } : { value: null, hidden: 'x' };
  return { month, up, down, net };
}

function firstActionRow(fig: Figure, f: number, m: number, month: string | null): FirstActionRow {
  const [straks, later, none] = FIRST_ACTION_KEYS.map((_, k) => cellOf(fig, [f, m, k])) as [Cell, Cell, Cell];
  const total = cellOf(fig, [f, m, FIRST_ACTION_KEYS.length]);
  const base = readable(
    () => (shown(total) ? total.value : null),
    () => sum(straks, later, none),
  );
  return { month, straks, later, none, total, share: shareOf(straks, base) };
}

function followUpRow(fig: Figure, f: number, m: number, month: string | null): FollowUpRow {
  const [onTime, late, missed] = FOLLOW_UP_KEYS.map((_, k) => cellOf(fig, [f, m, k])) as [Cell, Cell, Cell];
  const total = cellOf(fig, [f, m, FOLLOW_UP_KEYS.length]);
  const base = readable(
    () => (shown(total) ? total.value : null),
    () => sum(onTime, late, missed),
  );
  return { month, onTime, late, missed, total, share: shareOf(onTime, base) };
}

function stockRows(fig: Figure, f: number, months: string[], keys: number): StockRow[] {
  return months.map((month, m) => ({ month, cells: Array.from({ length: keys + 1 }, (_, k) => cellOf(fig, [f, m, k])) }));
}

/** Index of a scope in the tables: a forum's own, or the municipality's (the forums' total). */
export function scopeIndex(figures: MunicipalFigures, forumId: string | null): number {
  if (forumId === null) return figures.forums.length;
  const i = figures.forums.findIndex((f) => f.id === forumId);
  if (i < 0) throw new Error('forum not in its municipality');
  return i;
}

export function presentYear(figures: MunicipalFigures, forum: ForumRef | null): YearFigures {
  const f = scopeIndex(figures, forum?.id ?? null);
  const { months } = figures;
  const nm = months.length;
  const median = figures.medians[f]!;
  const forumRows: ForumFigures[] | null = forum
    ? null
    : figures.forums.map((fo, i) => {
        const fa = firstActionRow(figures.firstAction, i, nm, null);
        const fu = followUpRow(figures.followUps, i, nm, null);
        const mv = movementRow(figures.movements, i, nm, null);
        return {
          forum: { id: fo.id, name: fo.name, type: fo.type },
          up: mv.up,
          down: mv.down,
          newCases: fa.total,
          straksShare: fa.share,
          followUpsDue: fu.total,
          onTimeShare: fu.share,
          openAtEnd: nm ? cellOf(figures.levels, [i, nm - 1, LEVEL_KEYS.length]) : { value: 0, hidden: null },
        };
      });
  return {
    scope: forum
      ? { kind: 'forum', id: forum.id, name: forum.name, forumType: forum.type }
      : { kind: 'municipality', id: figures.municipality.id, name: figures.municipality.name, forumType: null },
    period: figures.period,
    months,
    threshold: SMALL_NUMBER_THRESHOLD,
    straksDays: STRAKS_DAYS,
    straksAim: STRAKS_AIM,
    levelLabels: figures.levelLabels,
    movements: { rows: months.map((month, m) => movementRow(figures.movements, f, m, month)), total: movementRow(figures.movements, f, nm, null) },
    levels: { rows: stockRows(figures.levels, f, months, LEVEL_KEYS.length) },
    steps: { rows: stockRows(figures.steps, f, months, STEP_KEYS.length) },
    firstAction: {
      rows: months.map((month, m) => firstActionRow(figures.firstAction, f, m, month)),
      total: firstActionRow(figures.firstAction, f, nm, null),
      medianDays: median.cases >= SMALL_NUMBER_THRESHOLD && median.median !== null ? Math.round(median.median * 10) / 10 : null,
    },
    followUps: { rows: months.map((month, m) => followUpRow(figures.followUps, f, m, month)), total: followUpRow(figures.followUps, f, nm, null) },
    forums: forumRows,
  };
}

const legacy = (c: Cell): SuppressibleCount => (shown(c) ? { value: c.value, suppressed: false } : { value: null, suppressed: true });

/**
 * T7's summary for one forum, read off the same suppressed tables as the year view (so the two never disagree):
 * the steps and levels at the period's end, the period's movements, new cases and follow-ups, month by month the
 * new and the open cases.
 */
export function presentLegacy(figures: MunicipalFigures, forum: ForumRef, period: { from: string; to: string }): KeyFigures {
  const year = presentYear(figures, forum);
  const last = year.steps.rows.at(-1);
  const lastLevels = year.levels.rows.at(-1);
  const step = (k: number) => legacy(last?.cells[k] ?? { value: 0, hidden: null });
  const level = (k: number) => legacy(lastLevels?.cells[k] ?? { value: 0, hidden: null });
  return {
    forum: { id: forum.id, name: forum.name },
    period,
    casesOnLadderStep: { '0': step(0), '1': step(1), '2': step(2), '3': step(3), '4': step(4), '5': step(5) },
    movements: { up: legacy(year.movements.total.up), down: legacy(year.movements.total.down) },
    daysToFirstAction: { median: year.firstAction.medianDays, cases: legacy(year.firstAction.total.total) },
    followUpsOnTime: { share: year.followUps.total.share.value, held: legacy(year.followUps.total.onTime) },
    levelDistribution: { '1': level(0), '2': level(1), '3': level(2), '4': level(3), '5': level(4) },
    monthly: year.months.map((month, m) => ({
      month,
      newCases: legacy(year.firstAction.rows[m]!.total),
      openCases: legacy(year.levels.rows[m]!.cells[LEVEL_KEYS.length]!),
    })),
  };
}
