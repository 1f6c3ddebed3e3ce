import type { KeyFigures, SuppressibleCount } from '../../../shared/api.js';
import type { KeyFigureRows } from './service.js';
import { suppressible } from './suppress.js';

const STEPS = ['0', '1', '2', '3', '4', '5'] as const;
const LEVELS = ['1', '2', '3', '4', '5'] as const;

/** Aggregates only; every count of 1-4 children is suppressed, and so is anything derived from it. */
export function presentKeyFigures(rows: KeyFigureRows): KeyFigures {
  const casesOnLadderStep = Object.fromEntries(
    STEPS.map((s) => [s, suppressible(rows.ladder.get(Number(s)) ?? 0)]),
  ) as Record<(typeof STEPS)[number], SuppressibleCount>;

  const faCases = suppressible(rows.firstAction.cases);
  const median =
    faCases.suppressed || rows.firstAction.cases === 0 || rows.firstAction.median === null
      ? null
      : Math.round(rows.firstAction.median * 10) / 10;

  const held = suppressible(rows.followUps.held.n, rows.followUps.held.children);
  const base = suppressible(rows.followUps.base.n, rows.followUps.base.children);
  const share =
    held.suppressed || base.suppressed || rows.followUps.base.n === 0
      ? null
      : Math.round((rows.followUps.held.n / rows.followUps.base.n) * 1000) / 1000;

  return {
    forum: rows.forum,
    period: rows.period,
    casesOnLadderStep,
    movements: {
      up: suppressible(rows.movements.up.n, rows.movements.up.children),
      down: suppressible(rows.movements.down.n, rows.movements.down.children),
    },
    daysToFirstAction: { median, cases: faCases },
    followUpsOnTime: { share, held },
    levelDistribution: Object.fromEntries(LEVELS.map((l) => [l, suppressible(rows.levels[l])])) as Record<
      (typeof LEVELS)[number],
      SuppressibleCount
    >,
    monthly: rows.monthly.map((m) => ({
      month: m.month,
      newCases: suppressible(m.newCases),
      openCases: suppressible(m.openCases),
    })),
  };
}
